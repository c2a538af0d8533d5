"""A small async client for the Zalo Bot Platform API (httpx + pydantic).

The Zalo Bot Platform is Telegram-shaped: every call is ``{base_url}/bot{token}/{method}``
and answers ``{ok, result}`` or ``{ok: false, error_code, description}``.

Its parts, one concern a module, all importable from here:

- ``client``: ``ZaloBotClient``: getMe, getUpdates (one event per call), setWebhook,
  deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, sendChatAction, all sent as JSON
  POSTs, and the token kept out of every message and log line;
- ``models``: frozen pydantic models of what the API returns (unknown fields are ignored,
  since the platform keeps adding some);
- ``errors``: an exception hierarchy shaped like python-telegram-bot's ``telegram.error``
  (BadRequest, Forbidden, RetryAfter, NetworkError, TimedOut, Conflict) so the delivery layer
  can treat both channels alike, and which answer is which exception;
- ``webhook``: ``parse_webhook_update`` and ``secret_matches`` for the webhook endpoint;
- ``checks``: what is refused before any request (text length in UTF-16 units, webhook URL
  and secret).

Sources (the documentation in Vietnamese, and reports from clients that talk to the live
service):

- official docs https://bot.zaloplatforms.com/docs, read in the copies
  lamdt1/ckvn-bot:docs/zalo-bot-doc.md and
  XuanNguyenNB/QuanLyThuChi_Bot_Telegram_Zalom:docs/ZALO_BOT_API.md (2025-12): methods,
  parameters, the 1-2000 character text limit, ``secret_token`` of 8-256 characters sent
  back in ``X-Bot-Api-Secret-Token``, event names, dates in milliseconds, the error table
  (400, 401, 403, 404, 408 "Request timeout", 429 "Quota exceeded");
- https://chat-sdk.dev/adapters/community/zalo (webhook secret of 8-256 characters);
- OpenClaw's client, https://app.unpkg.com/@gguf/claw@2026.2.20/files/extensions/zalo/src/api.ts
  and https://docs.openclaw.ai/channels/zalo.md: the live service posts the bare event to
  webhooks, ``photo_url`` next to ``photo``, ``name`` next to ``display_name``;
- /work/shared/reference/bot-anchors.md section 3a.

Where the documentation is silent, the choices made are written in ``errors`` (which
answer is which exception) and ``checks`` (how text length is counted).

Hand-written because the only Python SDK the docs point to, python-zalo-bot, is a stripped
copy of an old python-telegram-bot (LGPL-3.0, licence headers removed, relicensed MIT) whose
webhook helpers call ``asyncio.run`` inside a running loop; the API is eight small methods.
"""

from bot.zalo_api.checks import LOOPBACK_HOSTS, MAX_TEXT_LENGTH, utf16_length
from bot.zalo_api.client import DEFAULT_BASE_URL, ZaloBotClient
from bot.zalo_api.errors import (
    ZaloBadRequest,
    ZaloConflict,
    ZaloError,
    ZaloForbidden,
    ZaloMalformedUpdate,
    ZaloNetworkError,
    ZaloNotFound,
    ZaloRetryAfter,
    ZaloTimedOut,
    ZaloUnauthorized,
)
from bot.zalo_api.models import (
    EVENT_IMAGE,
    EVENT_STICKER,
    EVENT_TEXT,
    EVENT_UNSUPPORTED,
    WebhookInfo,
    ZaloChat,
    ZaloMe,
    ZaloMessage,
    ZaloSentMessage,
    ZaloUpdate,
    ZaloUser,
)
from bot.zalo_api.webhook import WEBHOOK_SECRET_HEADER, parse_webhook_update, secret_matches

__all__ = [
    "DEFAULT_BASE_URL",
    "EVENT_IMAGE",
    "EVENT_STICKER",
    "EVENT_TEXT",
    "EVENT_UNSUPPORTED",
    "LOOPBACK_HOSTS",
    "MAX_TEXT_LENGTH",
    "WEBHOOK_SECRET_HEADER",
    "WebhookInfo",
    "ZaloBadRequest",
    "ZaloBotClient",
    "ZaloChat",
    "ZaloConflict",
    "ZaloError",
    "ZaloForbidden",
    "ZaloMalformedUpdate",
    "ZaloMe",
    "ZaloMessage",
    "ZaloNetworkError",
    "ZaloNotFound",
    "ZaloRetryAfter",
    "ZaloSentMessage",
    "ZaloTimedOut",
    "ZaloUnauthorized",
    "ZaloUpdate",
    "ZaloUser",
    "parse_webhook_update",
    "secret_matches",
    "utf16_length",
]
