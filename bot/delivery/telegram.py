"""The Telegram `Sender`: python-telegram-bot's `Bot.send_message`, errors normalised.

PTB maps HTTP answers to exceptions in `telegram.request.BaseRequest._request_wrapper`
(read in the venv, v22.8): a `parameters.retry_after` becomes `RetryAfter` whatever the
status, 403 `Forbidden`, 400 `BadRequest`, 401/404 `InvalidToken`, other statuses (5xx, a
proxy's HTML page) `NetworkError`, and timeouts `TimedOut` (a `NetworkError`). `BadRequest`
is itself a `NetworkError`, so it is tested first.

Replies and deliveries alike go through here (bot.delivery.port): HTML cut at Telegram's
4,096 characters (`split`), buttons as an inline keyboard under the message (a button whose
command does not fit the 64 bytes of callback_data is left out; the text names every
command anyway), and in groups the user's message quoted. Charts go out with `sendPhoto`,
spreadsheets with `sendDocument` (uploaded as multipart), the reply's HTML as caption (at
most 1,024 characters there; the port sends a longer text after the file).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
)
from telegram.error import RetryAfter as TelegramRetryAfter

from bot.core.messages import Button, FileKind, ReplyFile
from bot.core.split import TELEGRAM_LIMIT, split_message
from bot.delivery.sender import (
    Blocked,
    ChannelLimits,
    ChatNotFound,
    Rejected,
    RetryAfter,
    Transient,
)

_CHAT_GONE = ("chat not found", "user not found", "peer_id_invalid", "chat_id is empty",
              "group chat was upgraded")


MAX_CALLBACK_BYTES = 64  # InlineKeyboardButton callback_data limit
CAPTION_LIMIT = 1024  # a photo's or document's caption
BUTTONS_PER_ROW = 2


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """The buttons as an inline keyboard, two to a row; None when none fits.

    >>> keyboard([Button("◀ Cuộc họp trước", "/tinh bac kan 2")]).inline_keyboard[0][0].text
    '◀ Cuộc họp trước'
    >>> keyboard([Button("x", "/timkiem " + "a" * 80)]) is None
    True
    """
    fitting = [
        InlineKeyboardButton(button.label, callback_data=button.command)
        for button in buttons
        if len(button.command.encode()) <= MAX_CALLBACK_BYTES
    ]
    if not fitting:
        return None
    rows = [fitting[i : i + BUTTONS_PER_ROW] for i in range(0, len(fitting), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(rows)


class TelegramSender:
    """Sends HTML messages with a `telegram.Bot` (initialised by the caller)."""

    channel = "telegram"
    html = True
    max_length = TELEGRAM_LIMIT

    def __init__(self, bot: Bot, limits: ChannelLimits | None = None) -> None:
        self.bot = bot
        self.limits = limits or ChannelLimits()

    def split(self, text: str) -> list[str]:
        return split_message(text, self.max_length, html=True)

    caption_limit = CAPTION_LIMIT

    def accepts(self, kind: FileKind) -> bool:
        return kind in (FileKind.PHOTO, FileKind.DOCUMENT)

    async def send(
        self, chat_id: str, text: str, *, buttons: Sequence[Button] = (),
        reply_to: int | None = None,
    ) -> None:
        async with _normalised_errors():
            await self.bot.send_message(
                chat_id=_target(chat_id),
                text=text,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(buttons),
                reply_parameters=_quote(reply_to),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )

    async def send_file(
        self, chat_id: str, file: ReplyFile, *, caption: str = "",
        buttons: Sequence[Button] = (), reply_to: int | None = None,
    ) -> None:
        upload = InputFile(file.data, filename=file.filename)
        common = {
            "chat_id": _target(chat_id),
            "caption": caption or None,
            "parse_mode": ParseMode.HTML,
            "reply_markup": keyboard(buttons),
            "reply_parameters": _quote(reply_to),
        }
        async with _normalised_errors():
            if file.kind is FileKind.PHOTO:
                await self.bot.send_photo(photo=upload, **common)
            else:
                await self.bot.send_document(document=upload, **common)


def _target(chat_id: str) -> int | str:
    return int(chat_id) if chat_id.lstrip("-").isdecimal() else chat_id


def _quote(reply_to: int | None) -> ReplyParameters | None:
    if not reply_to:
        return None
    return ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)


@asynccontextmanager
async def _normalised_errors() -> AsyncIterator[None]:
    """PTB's exceptions as the port's (see the module docstring)."""
    try:
        yield
    except TelegramRetryAfter as exc:
        raise RetryAfter(_seconds(exc.retry_after), "chat") from None
    except Forbidden as exc:
        raise Blocked(exc.message) from None
    except ChatMigrated as exc:  # a group became a supergroup with a new id
        raise ChatNotFound(f"chat migrated to {exc.new_chat_id}") from None
    except BadRequest as exc:
        if any(marker in exc.message.lower() for marker in _CHAT_GONE):
            raise ChatNotFound(exc.message) from None
        raise Rejected(exc.message) from None
    except InvalidToken as exc:  # the token was revoked: nothing will go out
        raise Transient(f"invalid token: {type(exc).__name__}") from None
    except NetworkError as exc:  # timeouts, 5xx, proxies' pages
        raise Transient(exc.message) from None
    except TelegramError as exc:
        raise Transient(exc.message) from None
