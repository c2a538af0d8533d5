"""The Telegram adapter (python-telegram-bot v22): updates in, replies out, nothing else.

Every command and its alias has a CommandHandler; all of them, the "earlier meeting"
buttons (whose callback_data is a command line) and documents sent with `/ingest` as their
caption end up in the same place: a `Request` for the conversation core, whose `Reply` is
sent back as HTML, cut to Telegram's 4,096 characters. In group chats PTB only routes
`/tinh@<this bot>` (or a bare `/tinh`) to us; commands for other bots are ignored.

One error handler logs the failure with the chat id and answers "Đã có lỗi…". A chat that
blocked the bot (403 Forbidden) is logged and its subscription switched off; it never takes
the application down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.core import COMMANDS, TELEGRAM_LIMIT, Conversation, Reply, Request, split_message
from bot.core.commands import SPECS, Command
from bot.core.messages import Attachment
from bot.settings import Settings

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
MAX_CALLBACK_BYTES = 64  # InlineKeyboardButton callback_data limit
MAX_RETRY_WAIT = 30  # seconds we wait on a 429 before giving up on a reply
BUTTONS_PER_ROW = 2
REQUEST_POOL = 64  # concurrent API calls (replies are sent while other updates are handled)
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


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons; one whose command does not fit callback_data is left out
    (the reply text names every command anyway)."""
    buttons = [
        InlineKeyboardButton(button.label, callback_data=button.command)
        for button in reply.buttons
        if len(button.command.encode()) <= MAX_CALLBACK_BYTES
    ]
    if not buttons:
        return None
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(rows)


class TelegramChannel:
    """Turns updates into core requests and replies into sendMessage calls."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

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
            await self.send(context, request.chat_id, reply, quote=quote)

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
            await self.send(context, request.chat_id, reply)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: log with the chat id, then tell the user."""
        chat = update.effective_chat if isinstance(update, Update) else None
        chat_id = str(chat.id) if chat else None
        logger.error("update failed in chat %s", chat_id, exc_info=context.error)
        if chat_id is None:
            return
        try:
            await self.send(context, chat_id, self.conversation.error_reply())
        except TelegramError as exc:
            logger.warning("could not tell chat %s about the error: %s", chat_id, exc)

    # --- sending ------------------------------------------------------------------------

    async def send(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        reply: Reply,
        *,
        quote: int | None = None,
    ) -> None:
        """Send a reply as one or more HTML messages; buttons go under the last one."""
        chunks = split_message(reply.html, TELEGRAM_LIMIT, html=True)
        markup = keyboard(reply)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            try:
                await self._send_chunk(context, chat_id, chunk, markup if last else None, quote)
            except Forbidden as exc:
                await self._blocked(chat_id, exc)
                return
            quote = None  # only the first message answers the user's one

    async def _send_chunk(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        text: str,
        markup: InlineKeyboardMarkup | None,
        quote: int | None,
    ) -> None:
        reply_to = (
            ReplyParameters(message_id=quote, allow_sending_without_reply=True) if quote else None
        )
        for attempt in range(2):
            try:
                await context.bot.send_message(
                    chat_id=int(chat_id),
                    text=text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    reply_parameters=reply_to,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return
            except RetryAfter as exc:
                wait = exc.retry_after if isinstance(exc.retry_after, int | float) else (
                    exc.retry_after.total_seconds()
                )
                if attempt or wait > MAX_RETRY_WAIT:
                    raise
                logger.info("flood control in chat %s: waiting %.0f s", chat_id, wait)
                await asyncio.sleep(wait)

    async def _blocked(self, chat_id: str, exc: Forbidden) -> None:
        """The user blocked the bot or removed it from the group: stop sending there."""
        logger.warning("chat %s refuses messages (%s); its subscription is paused", chat_id, exc)
        store = self.conversation.services.store
        subscriber = await store.get_subscriber(CHANNEL, chat_id)
        if subscriber is not None:
            await store.deactivate(subscriber.id)

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


def build_application(settings: Settings, conversation: Conversation) -> Application:
    """A PTB Application wired to the core, talking to `settings.telegram_api_base_url`."""
    token = settings.token()
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    channel = TelegramChannel(conversation)
    requests = (HTTPXRequest(connection_pool_size=REQUEST_POOL), HTTPXRequest())
    application = (
        ApplicationBuilder()
        .token(token)
        .request(requests[0])
        .get_updates_request(requests[1])
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(Defaults(tzinfo=settings.tz))
        .concurrent_updates(True)
        .post_init(channel.post_init)
        .build()
    )
    application.add_handlers(channel.handlers())
    application.add_error_handler(channel.on_error)
    application.bot_data["channel"] = channel
    application.bot_data["requests"] = requests
    return application


async def close_connections(application: Application) -> None:
    """Close the HTTP clients of an application whose initialize() failed.

    PTB's shutdown() returns early for an application that never finished initializing
    (a rejected token), which would leave the clients' sockets open.
    """
    for request in application.bot_data.get("requests", ()):
        await request.shutdown()
