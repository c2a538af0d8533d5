"""The channel-neutral conversation core: a command and its arguments in, a reply out.

    services = Services(store=store, clock=clock, timezone=ZoneInfo("Asia/Ho_Chi_Minh"))
    reply = await Conversation(services).handle(
        Request(channel="console", chat_id="1", sender_id="1", text="/tinh bac kan"))
    print(reply.text)     # plain text (Zalo, console); reply.html for Telegram

Channel adapters (bot/channels/) only translate their platform's updates into `Request`s and
`Reply`s into their platform's messages; `split_message` cuts a reply to a channel's limit.
"""

from bot.core.commands import COMMANDS, Command, CommandSpec, parse_command
from bot.core.conversation import Conversation
from bot.core.ingest import IngestResult, Outcome, ingest_document, ingest_text
from bot.core.messages import Attachment, Button, Reply, Request
from bot.core.places import ProvinceMatch, resolve_province
from bot.core.services import Clock, Services, queue_for_subscribers
from bot.core.split import TELEGRAM_LIMIT, ZALO_LIMIT, split_message

__all__ = [
    "COMMANDS",
    "TELEGRAM_LIMIT",
    "ZALO_LIMIT",
    "Attachment",
    "Button",
    "Clock",
    "Command",
    "CommandSpec",
    "Conversation",
    "IngestResult",
    "Outcome",
    "ProvinceMatch",
    "Reply",
    "Request",
    "Services",
    "ingest_document",
    "ingest_text",
    "parse_command",
    "queue_for_subscribers",
    "resolve_province",
    "split_message",
]
