"""The conversation core: one request in, one reply out, the same for every channel.

`Conversation.handle` parses the command, applies the rules every command shares (admins
only where marked, a required argument present, no pasted markup or overlong argument) and
calls the command's handler. It does not catch exceptions: each channel has one error handler
that logs with the chat id and answers `error_reply()`, so failures are never swallowed.
"""

from __future__ import annotations

import logging

import regex

from bot.core.arguments import argument_problem
from bot.core.commands import COMMANDS, SPECS, Command, parse_command
from bot.core.handlers import (
    admin,
    charts,
    delivery,
    general,
    indicators,
    reading,
    sources,
    subscriptions,
    watches,
)
from bot.core.messages import Reply, Request
from bot.core.services import Services

logger = logging.getLogger(__name__)

HANDLERS = {
    Command.START: general.start,
    Command.HELP: general.help_,
    Command.SUBSCRIBE: subscriptions.subscribe,
    Command.UNSUBSCRIBE: subscriptions.unsubscribe,
    Command.SUBSCRIPTIONS: subscriptions.subscriptions,
    Command.SCHEDULE: delivery.schedule,
    Command.PROVINCE: reading.province,
    Command.INDICATOR: indicators.indicator,
    Command.LATEST: reading.latest,
    Command.SEARCH: reading.search,
    Command.REPORT: reading.report,
    Command.INGEST: sources.ingest,  # a URL is fetched; anything else goes to admin.ingest
    Command.STATS: admin.stats,
    Command.BROADCAST: delivery.broadcast,
    Command.SOURCES: sources.sources,
    Command.CHART: charts.chart,
    Command.EXPORT: charts.export,
    Command.WATCH: watches.watch,
    Command.UNWATCH: watches.unwatch,
}

NEEDS_ARGUMENT = frozenset(
    {Command.SUBSCRIBE, Command.PROVINCE, Command.INDICATOR, Command.SEARCH, Command.REPORT,
     Command.CHART, Command.EXPORT, Command.WATCH}
)
FREE_TEXT = frozenset({Command.INGEST})  # takes a pasted report: no length or markup check
FREE_TEXT |= {Command.BROADCAST}  # an announcement: escaped when sent, any length


class Conversation:
    """Answers requests from any channel with the services it was built with."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def handle(self, request: Request) -> Reply | None:
        """The reply to a request, or None when it is not for this bot (group chatter,
        a command addressed to another bot)."""
        parsed = parse_command(request.text, bot_username=request.bot_username)
        if parsed is not None or not request.is_group:
            await delivery.note_contact(self.services, request)  # writes again: resume
        if parsed is None:
            if request.is_group or _addressed_elsewhere(request):
                return None
            if request.attachment is not None and self.services.is_admin(request):
                return general.missing_argument(SPECS[Command.INGEST])  # how to ingest it
            return general.unknown(None)
        if parsed.command is None:
            return general.unknown(parsed.name)
        spec = SPECS[parsed.command]
        logger.debug("%s chat %s: /%s", request.channel, request.chat_id, spec.command)
        if spec.admin and not self.services.is_admin(request):
            logger.info("refused /%s in %s chat %s: not an admin",
                        spec.command, request.channel, request.chat_id)
            return general.not_admin(spec)
        args = parsed.args
        if parsed.command not in FREE_TEXT and (problem := argument_problem(args)):
            return general.argument_problem(spec, problem)
        if parsed.command in NEEDS_ARGUMENT and not args:
            return general.missing_argument(spec)
        return await HANDLERS[parsed.command](self.services, request, args)

    def error_reply(self) -> Reply:
        """What a user reads when handling their request failed."""
        return general.error()

    @staticmethod
    def menu(*, admin: bool = False) -> list[tuple[str, str]]:
        """(command, description) pairs for a channel's command menu: one entry per command,
        its Vietnamese alias named in the description."""
        specs = [spec for spec in COMMANDS if admin or not spec.admin]
        return [(spec.command.value, f"{spec.menu} · /{spec.alias}") for spec in specs]


_FOR_ANOTHER_BOT = regex.compile(r"^\s*/\w+@\w+")


def _addressed_elsewhere(request: Request) -> bool:
    """A "/command@other_bot" line: not ours to answer, even in a private chat."""
    return _FOR_ANOTHER_BOT.match(request.text) is not None
