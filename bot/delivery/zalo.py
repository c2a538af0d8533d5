"""The Zalo `Sender`: `ZaloBotClient.send_message` (bot/channels/zalo_client.py), errors
normalised.

Zalo publishes no rate limits (bot-anchors.md section 3a), so the limits come from the
settings, and its 429 "Quota exceeded" pauses the whole channel (the quota is the bot's,
not one chat's). Messages are plain text, at most 2,000 characters: split at 1,900 to keep
a margin, as the anchors advise. A 400 naming an unknown chat or user, and a 404, mean the
chat is gone; other 400s refuse this message for good.
"""

from __future__ import annotations

from bot.channels.zalo_client import (
    ZaloBadRequest,
    ZaloBotClient,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloNotFound,
    ZaloRetryAfter,
)
from bot.delivery.sender import (
    Blocked,
    ChannelLimits,
    ChatNotFound,
    Rejected,
    RetryAfter,
    Transient,
)

ZALO_SPLIT_AT = 1900
_CHAT_GONE = ("not found", "không tồn tại", "chat_id is invalid", "has not messaged")


class ZaloSender:
    channel = "zalo"
    html = False
    max_length = ZALO_SPLIT_AT

    def __init__(self, client: ZaloBotClient, limits: ChannelLimits | None = None) -> None:
        self.client = client
        self.limits = limits or ChannelLimits(per_second=5.0)

    async def send(self, chat_id: str, text: str) -> None:
        try:
            await self.client.send_message(chat_id, text)
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
