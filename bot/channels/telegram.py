"""The Telegram adapter (python-telegram-bot v22): updates in, replies out, nothing else.

Every command and its alias has a CommandHandler; all of them, the "earlier meeting"
buttons (whose callback_data is a command line) and documents sent with `/ingest` as their
caption end up in the same place: a `Request` for the conversation core, whose `Reply` goes
out as HTML through the token's outbound port (bot.delivery.port): cut to Telegram's 4,096
characters, buttons under the last part, ahead of any broadcast, within the one speed limit
and failure policy everything this bot sends shares (a chat that blocked the bot gets a
strike there, never an exception here). In group chats PTB only routes `/tinh@<this bot>`
(or a bare `/tinh`) to us; commands for other bots are ignored.

One error handler logs the failure with the chat id and answers "Đã có lỗi…".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    Document,
    Message,
    Update,
)
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.core import COMMANDS, Conversation, Reply, Request
from bot.core.commands import SPECS, Command
from bot.core.messages import Attachment
from bot.delivery.port import Message as Outgoing
from bot.delivery.port import OutboundPort, Result
from bot.settings import Settings

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)

_INGEST_NAMES = "|".join((Command.INGEST.value, SPECS[Command.INGEST].alias))
_INGEST_CAPTION = filters.CaptionRegex(rf"^\s*/(?:{_INGEST_NAMES})(?:@\w+)?(?:\s|$)")


def _attachment(message: Message | None) -> Attachment | None:
    document: Document | None = message.document if message else None
    if document is None:
        return None
    bot = message.get_bot()

    async def fetch() -> bytes:
        file = await bot.get_file(document.file_id)
        return bytes(await file.download_as_bytearray())

    return Attachment(document.file_name or "", document.file_size, fetch)


class TelegramChannel:
    """Turns updates into core requests, and replies into messages for the port."""

    def __init__(self, conversation: Conversation, port: OutboundPort) -> None:
        self.conversation = conversation
        self.port = port

    # --- handlers -----------------------------------------------------------------------

    def handlers(self) -> list[BaseHandler]:
        new_messages = filters.UpdateType.MESSAGE
        found: list[BaseHandler] = [
            CommandHandler([spec.command.value, spec.alias], self.on_message, new_messages)
            for spec in COMMANDS
        ]
        found += [
            MessageHandler(new_messages & filters.Document.ALL & _INGEST_CAPTION, self.on_message),
            CallbackQueryHandler(self.on_button),
            # Unknown commands, commands for other bots, and chatter in private chats.
            MessageHandler(new_messages & filters.COMMAND, self.on_message),
            MessageHandler(
                new_messages & filters.ChatType.PRIVATE & (filters.TEXT | filters.Document.ALL),
                self.on_message,
            ),
        ]
        return found

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command, a document with a caption, or text: ask the core, send its reply."""
        message = update.effective_message
        if message is None or update.effective_chat is None:
            return
        replied = message.reply_to_message
        request = Request(
            channel=CHANNEL,
            chat_id=str(update.effective_chat.id),
            sender_id=str(update.effective_user.id if update.effective_user else message.chat_id),
            text=message.text or message.caption or "",
            chat_type=update.effective_chat.type,
            sender_name=update.effective_chat.title or update.effective_chat.first_name,
            bot_username=context.bot.username,
            attachment=_attachment(message),
            replied_attachment=_attachment(replied),
            replied_text=(replied.text or replied.caption) if replied else None,
        )
        reply = await self.conversation.handle(request)
        if reply is not None:
            quote = message.message_id if request.is_group else None
            await self.send(request.chat_id, reply, group=request.is_group, quote=quote)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button: its callback_data is a command line, fed to the core as typed."""
        query: CallbackQuery | None = update.callback_query
        if query is None:
            return
        await query.answer()
        chat = update.effective_chat
        if chat is None or not query.data:
            return
        request = Request(
            channel=CHANNEL,
            chat_id=str(chat.id),
            sender_id=str(query.from_user.id),
            text=str(query.data),
            chat_type=chat.type,
            sender_name=chat.title or chat.first_name,
            bot_username=context.bot.username,
        )
        reply = await self.conversation.handle(request)
        if reply is not None:
            await self.send(request.chat_id, reply, group=request.is_group)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: log with the chat id, then tell the user."""
        chat = update.effective_chat if isinstance(update, Update) else None
        chat_id = str(chat.id) if chat else None
        logger.error("update failed in chat %s", chat_id, exc_info=context.error)
        if chat_id is None:
            return
        group = chat is not None and chat.type != "private"
        await self.send(chat_id, self.conversation.error_reply(), group=group)

    # --- sending ------------------------------------------------------------------------

    async def send(
        self, chat_id: str, reply: Reply, *, group: bool = False, quote: int | None = None
    ) -> Result:
        """Hand a reply to the port: HTML (a file's caption, if it carries one), buttons
        under the last part, the user's message quoted in groups. The port logs what it
        could not send; nothing is raised."""
        return await self.port.reply(
            Outgoing(chat_id, reply.html, group=group, buttons=reply.buttons, reply_to=quote,
                     file=reply.file)
        )

    # --- start-up -----------------------------------------------------------------------

    async def post_init(self, application: Application) -> None:
        """Publish the command menu (admins get theirs, with the admin commands)."""
        bot = application.bot
        await bot.set_my_commands(_bot_commands(Conversation.menu()))
        for admin in sorted(self.conversation.services.admins):
            if not admin.lstrip("-").isdecimal():
                continue
            try:
                await bot.set_my_commands(
                    _bot_commands(Conversation.menu(admin=True)),
                    scope=BotCommandScopeChat(chat_id=int(admin)),
                )
            except (BadRequest, Forbidden) as exc:  # the admin never wrote to the bot yet
                logger.info("no admin menu for chat %s: %s", admin, exc)


def _bot_commands(menu: Sequence[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(command, description) for command, description in menu]


def build_application(
    settings: Settings, conversation: Conversation, port: OutboundPort
) -> Application:
    """A PTB Application wired to the core, receiving updates with the Bot of the token's
    outbound `port` and sending its replies through that port."""
    if not settings.token():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    bot = getattr(port.sender, "bot", None)
    if not isinstance(bot, ExtBot):  # bot.delivery.runtime.open_ports builds it
        raise TypeError("the Telegram port must send with a telegram.ext.ExtBot")
    channel = TelegramChannel(conversation, port)
    application = (
        ApplicationBuilder()
        .bot(bot)  # the port's Bot: one client per token, opened and closed by the port
        .concurrent_updates(True)
        .post_init(channel.post_init)
        .build()
    )
    application.add_handlers(channel.handlers())
    application.add_error_handler(channel.on_error)
    application.bot_data["channel"] = channel
    return application
