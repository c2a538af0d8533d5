"""The Zalo `Sender`: `ZaloBotClient.send_message` (bot/zalo_api/client.py), errors
normalised.

Zalo publishes no rate limits (bot-anchors.md section 3a), so the limits come from the
settings, and its 429 "Quota exceeded" slows the whole port (the quota is the bot's, not
one chat's). Messages are plain text of at most 2,000 characters counted in UTF-16 units as
the platform counts them (`zalo_chunks`: cut at paragraph, then line boundaries, shorter
where emoji count double). A 400 naming an unknown chat or user, and a 404, mean the chat
is gone; other 400s refuse this message for good. Buttons do not exist on Zalo: the reply
text spells their commands out (bot.channels.zalo.zalo_text).

Files: the platform's sendPhoto takes the public URL of an image, no upload, and there is no
document message. With a `MediaShelf` (`zalo_media_url` set) a chart is shelved and sent as a
photo with its caption; without one, and for spreadsheets always, the port sends the reply's
text fallback instead (`accepts`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from bot.core.messages import Button, FileKind, ReplyFile
from bot.core.split import split_message
from bot.delivery.media import MediaShelf
from bot.delivery.sender import (
    Blocked,
    ChannelLimits,
    ChatNotFound,
    Rejected,
    RetryAfter,
    Transient,
)
from bot.zalo_api import (
    MAX_TEXT_LENGTH,
    ZaloBadRequest,
    ZaloBotClient,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloNotFound,
    ZaloRetryAfter,
    utf16_length,
)

_CHAT_GONE = ("not found", "không tồn tại", "chat_id is invalid", "has not messaged")


def zalo_chunks(text: str, limit: int = MAX_TEXT_LENGTH) -> list[str]:
    """Messages of at most `limit` UTF-16 units, cut at paragraph, then line boundaries.

    `split_message` counts characters; an emoji counts two units on the platform, so a chunk
    too long in those units makes the whole text cut again, shorter in proportion.

    >>> [len(c) for c in zalo_chunks("\\n".join(["Thu ngân sách đạt 104%."] * 200))]
    [1991, 1991, 815]
    >>> [utf16_length(c) for c in zalo_chunks("\\n".join(["📋 Hội nghị Tỉnh ủy"] * 150))]
    [1999, 999]
    """
    size = limit
    while True:
        chunks = split_message(text, size, html=False)
        longest = max((utf16_length(chunk) for chunk in chunks), default=0)
        if longest <= limit or size == 1:
            return chunks
        size = max(1, min(size - 1, size * limit // longest))


class ZaloSender:
    channel = "zalo"
    html = False
    max_length = MAX_TEXT_LENGTH
    caption_limit = MAX_TEXT_LENGTH

    def __init__(self, client: ZaloBotClient, limits: ChannelLimits | None = None,
                 media: MediaShelf | None = None) -> None:
        self.client = client
        self.limits = limits or ChannelLimits(per_second=5.0)
        self.media = media

    def split(self, text: str) -> list[str]:
        return zalo_chunks(text, self.max_length)

    def accepts(self, kind: FileKind) -> bool:
        return self.media is not None and kind is FileKind.PHOTO

    async def send(
        self, chat_id: str, text: str, *, buttons: Sequence[Button] = (),
        reply_to: int | None = None,
    ) -> None:
        async with _normalised_errors():
            await self.client.send_message(chat_id, text)

    async def send_file(
        self, chat_id: str, file: ReplyFile, *, caption: str = "",
        buttons: Sequence[Button] = (), reply_to: int | None = None,
    ) -> None:
        if self.media is None or file.kind is not FileKind.PHOTO:
            raise Rejected(f"zalo cannot send a {file.kind} without a media URL")
        url = self.media.publish(file.data, ".png")
        async with _normalised_errors():
            await self.client.send_photo(chat_id, url, caption or None)


@asynccontextmanager
async def _normalised_errors() -> AsyncIterator[None]:
    """The client's exceptions as the port's (see the module docstring)."""
    try:
        yield
    except ZaloRetryAfter as exc:
        raise RetryAfter(exc.retry_after, "channel") from None
    except ZaloForbidden as exc:
        raise Blocked(str(exc)) from None
    except ZaloNotFound as exc:
        raise ChatNotFound(str(exc)) from None
    except ZaloBadRequest as exc:
        if any(marker in exc.description.lower() for marker in _CHAT_GONE):
            raise ChatNotFound(str(exc)) from None
        raise Rejected(str(exc)) from None
    except ZaloNetworkError as exc:
        raise Transient(str(exc)) from None
    except ZaloError as exc:  # 401 and the unexpected: retried, then parked
        raise Transient(str(exc)) from None
    except ValueError as exc:  # refused by the client before any request
        raise Rejected(str(exc)) from None
