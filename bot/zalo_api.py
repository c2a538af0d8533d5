"""A small async client for the Zalo Bot Platform API (httpx + pydantic).

The Zalo Bot Platform is Telegram-shaped: every call is ``{base_url}/bot{token}/{method}``
and answers ``{ok, result}`` or ``{ok: false, error_code, description}``. This module holds:

- ``ZaloBotClient``: getMe, getUpdates (one event per call), setWebhook, deleteWebhook,
  getWebhookInfo, sendMessage, sendPhoto, sendChatAction, all sent as JSON POSTs;
- frozen pydantic models of what the API returns (unknown fields are ignored, since the
  platform keeps adding some);
- an exception hierarchy shaped like python-telegram-bot's ``telegram.error`` (BadRequest,
  Forbidden, RetryAfter, NetworkError, TimedOut, Conflict) so the delivery layer can treat
  both channels alike;
- ``parse_webhook_update`` and ``secret_matches`` for the webhook endpoint.

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

Choices where the documentation is silent:

- The body is read first, whatever the HTTP status: the platform reports errors inside the
  envelope and may answer them with HTTP 200. ``error_code`` decides the exception; the
  HTTP status is used only when the body carries none.
- 408 on getUpdates means "nothing arrived" and returns None; on other methods it is a
  ``ZaloTimedOut``. 5xx, non-JSON bodies (a proxy's HTML page) and malformed results are
  ``ZaloNetworkError``: the request may be retried.
- 403: the docs' table calls it "Internal server error", but it is what a chat that blocked
  the bot gets, so it is ``ZaloForbidden`` as in PTB; the delivery layer should deactivate a
  subscriber only after a few in a row.
- No Retry-After is documented for 429: ``ZaloRetryAfter.retry_after`` is the Retry-After
  header if any, else a Telegram-style ``parameters.retry_after``, else the client's
  ``default_retry_after``.
- Text length is counted in UTF-16 code units (a JavaScript string's length), which is
  never less than the character count, so a text we accept is never too long over there.

The token never leaves this module in readable form: exception messages carry the method
name only (httpx exceptions are not chained, since they hold the request URL), the repr
hides it, and a filter on the "httpx" logger rewrites it to ``<token>`` in the INFO line
httpx writes for every request. The application also sets the httpx and httpcore loggers to
WARNING and redacts secrets in every record (``bot.app.quiet_http_logging`` and
``protected_logs``); the filter here covers scripts and tests that use the client alone.

Hand-written because the only Python SDK the docs point to, python-zalo-bot, is a stripped
copy of an old python-telegram-bot (LGPL-3.0, licence headers removed, relicensed MIT) whose
webhook helpers call ``asyncio.run`` inside a running loop; the API is eight small methods.
"""

from __future__ import annotations

import email.utils
import hmac
import json
import logging
import math
import time
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.closing import Closing
from digest.present import ZALO_LIMIT  # the one place a channel's message length is written

__all__ = [
    "DEFAULT_BASE_URL",
    "EVENT_IMAGE",
    "EVENT_STICKER",
    "EVENT_TEXT",
    "EVENT_UNSUPPORTED",
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

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
WEBHOOK_SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_TEXT_LENGTH = ZALO_LIMIT  # sendMessage text and sendPhoto caption
SECRET_MIN_LENGTH, SECRET_MAX_LENGTH = 8, 256
DEFAULT_POLL_TIMEOUT = 30
#: Extra seconds the HTTP read may take beyond a long poll's own timeout.
POLL_GRACE = 5.0
#: Hosts a plain-HTTP webhook may point at when the client allows it (tests only).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_PLACEHOLDER = "<token>"

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_UNSUPPORTED = "message.unsupported.received"


# --- errors ------------------------------------------------------------------------------


class ZaloError(Exception):
    """A refusal or failure of one API call (PTB's ``TelegramError``).

    The message names the method and the platform's description, never the token.
    """

    def __init__(
        self, description: str, error_code: int | None = None, *, method: str | None = None
    ) -> None:
        self.description = description
        self.error_code = error_code
        self.method = method
        prefix = f"{method}: " if method else ""
        suffix = f" (error_code {error_code})" if error_code is not None else ""
        super().__init__(f"{prefix}{description}{suffix}")


class ZaloBadRequest(ZaloError):
    """400: a parameter the platform refused (unknown chat, text too long, ...)."""


class ZaloConflict(ZaloBadRequest):
    """getUpdates refused because a webhook is set (PTB's ``Conflict``; Zalo sends a 400)."""


class ZaloUnauthorized(ZaloError):
    """401: the token is invalid or was reset."""


class ZaloForbidden(ZaloError):
    """403: the user blocked the bot or left the conversation."""


class ZaloNotFound(ZaloError):
    """404: the platform does not know what was asked for."""


class ZaloRetryAfter(ZaloError):
    """429 "Quota exceeded": wait ``retry_after`` seconds before sending again."""

    def __init__(
        self,
        description: str,
        error_code: int | None = 429,
        *,
        retry_after: float,
        method: str | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(f"{description}; retry in {retry_after:g} s", error_code, method=method)
        self.description = description


class ZaloNetworkError(ZaloError):
    """No usable answer: connection failure, 5xx, a proxy's HTML page, a malformed body."""


class ZaloTimedOut(ZaloNetworkError):
    """The request or the platform timed out (PTB's ``TimedOut``)."""


class ZaloMalformedUpdate(ZaloNetworkError):
    """getUpdates handed out an event that is not one (a field of the wrong shape, a date no
    calendar holds). The event is gone (no offset exists): skip it and poll on."""


_ERRORS_BY_CODE: dict[int, type[ZaloError]] = {
    400: ZaloBadRequest,
    401: ZaloUnauthorized,
    403: ZaloForbidden,
    404: ZaloNotFound,
    408: ZaloTimedOut,
}


# --- models ------------------------------------------------------------------------------


#: Epoch milliseconds a message date may hold: 1970 to the end of 2999. Anything else (1e30,
#: Infinity, NaN) is not a date the platform sent, and datetime could not hold it anyway.
MAX_EPOCH_MS = 32_503_680_000_000


def _from_milliseconds(value: Any) -> Any:
    """Epoch milliseconds (number or digit string) as an aware UTC datetime; ValueError (which
    pydantic reports as a validation error) for a number no date holds.

    >>> _from_milliseconds(1750316131602).isoformat()
    '2025-06-19T06:55:31.602000+00:00'
    >>> _from_milliseconds("1749538250568").year
    2025
    >>> _from_milliseconds(1e30)
    Traceback (most recent call last):
    ValueError: date out of range: 1e+30 ms
    """
    if isinstance(value, bool):
        return value  # pydantic rejects it as a datetime
    if isinstance(value, str) and value.strip().isdigit():
        if len(value.strip()) > len(str(MAX_EPOCH_MS)):
            raise ValueError(f"date out of range: {len(value.strip())} digits")
        value = int(value)
    if isinstance(value, int | float):
        if not (isinstance(value, int) or math.isfinite(value)) or not 0 <= value <= MAX_EPOCH_MS:
            raise ValueError(f"date out of range: {value:g} ms")
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class _ApiModel(BaseModel):
    """What the platform sends: frozen, unknown fields ignored, numeric ids kept as text."""

    model_config = ConfigDict(
        frozen=True, extra="ignore", populate_by_name=True, coerce_numbers_to_str=True
    )


_M = TypeVar("_M", bound=_ApiModel)


class ZaloUser(_ApiModel):
    """The sender of a message."""

    id: str
    # The webhook sample says display_name, a getUpdates sample first_name, OpenClaw name.
    display_name: str | None = Field(
        default=None, validation_alias=AliasChoices("display_name", "first_name", "name")
    )
    is_bot: bool = False


class ZaloChat(_ApiModel):
    """A conversation; reply to ``id``. ``chat_type`` is PRIVATE or GROUP (beta)."""

    id: str
    chat_type: str


class ZaloMessage(_ApiModel):
    """One incoming message. Only the fields of its event type are present."""

    message_id: str
    chat: ZaloChat
    from_: ZaloUser | None = Field(default=None, alias="from")
    date: datetime
    text: str | None = None
    photo: str | None = Field(default=None, validation_alias=AliasChoices("photo", "photo_url"))
    caption: str | None = None
    sticker: str | None = None
    url: str | None = None  # a sticker's image

    @field_validator("date", mode="before")
    @classmethod
    def _date_from_ms(cls, value: Any) -> Any:
        return _from_milliseconds(value)


class ZaloUpdate(_ApiModel):
    """One event, as getUpdates returns it and the webhook posts it."""

    event_name: str
    message: ZaloMessage | None = None

    @property
    def is_text(self) -> bool:
        return self.event_name == EVENT_TEXT and self.message is not None

    @property
    def chat_id(self) -> str | None:
        return self.message.chat.id if self.message else None


class ZaloMe(_ApiModel):
    """getMe: the bot's own account."""

    id: str
    account_name: str | None = None
    account_type: str | None = None
    can_join_groups: bool = False


class WebhookInfo(_ApiModel):
    """getWebhookInfo / setWebhook: the webhook URL ("" when none) and when it changed."""

    url: str = ""
    updated_at: datetime | None = None

    @field_validator("updated_at", mode="before")
    @classmethod
    def _updated_from_ms(cls, value: Any) -> Any:
        return _from_milliseconds(value)

    @property
    def is_set(self) -> bool:
        return bool(self.url)


class ZaloSentMessage(_ApiModel):
    """sendMessage / sendPhoto: the id and time of the message the platform accepted."""

    message_id: str
    date: datetime | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_from_ms(cls, value: Any) -> Any:
        return _from_milliseconds(value)


# --- webhook helpers -----------------------------------------------------------------------


def parse_webhook_update(body: bytes | str | dict[str, Any]) -> ZaloUpdate:
    """The event of a webhook POST, in the documented envelope or bare.

    Raises ValueError when the body is not JSON or not an event.

    >>> event = {"event_name": "message.text.received", "message": {
    ...     "message_id": "2d75", "date": 1750316131602, "text": "/tinh Bắc Ninh",
    ...     "chat": {"id": "6ede", "chat_type": "PRIVATE"}, "from": {"id": "6ede"}}}
    >>> parse_webhook_update({"ok": True, "result": event}).message.text
    '/tinh Bắc Ninh'
    >>> parse_webhook_update(json.dumps(event).encode()).chat_id
    '6ede'
    """
    data = _json(body, "webhook body") if isinstance(body, bytes | str) else body
    if not isinstance(data, dict):
        raise ValueError("webhook body is not a JSON object")
    if "event_name" not in data and "result" in data:
        if data.get("ok") is False:
            raise ValueError("webhook envelope says ok: false")
        data = data["result"]
    if not isinstance(data, dict):
        raise ValueError("webhook result is not a JSON object")
    return _update(data)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json(body: bytes | str, what: str) -> Any:
    """Strict JSON: no NaN or Infinity, and nesting deeper than Python's recursion limit is
    an error like any other (ValueError), never a RecursionError."""
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{what} is not JSON") from exc
    except RecursionError:
        raise ValueError(f"{what} is nested too deeply") from None


def _update(data: dict[str, Any]) -> ZaloUpdate:
    """The event in `data`, or ValueError naming the fields that are wrong."""
    try:
        return ZaloUpdate.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors()[:5])
        raise ValueError(f"not an event ({fields or 'shape'})") from None
    except (OverflowError, RecursionError) as exc:  # a value no model can hold
        raise ValueError(f"not an event ({type(exc).__name__})") from None


def secret_matches(header_value: str | None, expected: str) -> bool:
    """Whether the ``X-Bot-Api-Secret-Token`` header holds our secret (constant time).

    >>> secret_matches("mykey-abcyxz", "mykey-abcyxz"), secret_matches(None, "mykey-abcyxz")
    (True, False)
    >>> secret_matches("mykey-abcyxZ", "mykey-abcyxz"), secret_matches("", "")
    (False, False)
    """
    if not header_value or not expected:
        return False
    return hmac.compare_digest(header_value.encode("utf-8"), expected.encode("utf-8"))


# --- local checks ----------------------------------------------------------------------------


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as the platform (JavaScript) counts it.

    >>> utf16_length("Hội nghị Ban Chấp hành"), utf16_length("🙂")
    (22, 2)
    """
    return len(text.encode("utf-16-le")) // 2


def _check_text(text: str, name: str, *, required: bool) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string")
    length = utf16_length(text)
    if (required and length == 0) or length > MAX_TEXT_LENGTH:
        raise ValueError(f"{name} must be 1-{MAX_TEXT_LENGTH} characters, got {length}")


def _check_chat_id(chat_id: str) -> str:
    text = str(chat_id).strip()
    if not text:
        raise ValueError("chat_id is required")
    return text


def _check_webhook(url: str, secret_token: str, *, allow_insecure: bool) -> None:
    parts = urlsplit(url)
    insecure_ok = allow_insecure and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not (parts.scheme == "https" and parts.hostname) and not insecure_ok:
        raise ValueError("webhook url must be an https:// URL")
    if not SECRET_MIN_LENGTH <= len(secret_token) <= SECRET_MAX_LENGTH:
        raise ValueError(
            f"secret_token must be {SECRET_MIN_LENGTH}-{SECRET_MAX_LENGTH} characters"
        )


def _retry_after_header(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number, or an HTTP date.

    >>> _retry_after_header("3"), _retry_after_header("1.5"), _retry_after_header("soon")
    (3.0, 1.5, None)
    >>> _retry_after_header("Mon, 01 Jan 2001 00:00:00 GMT")  # in the past
    0.0
    """
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when.timestamp() - time.time(), 0.0)


# --- token redaction in httpx's log lines --------------------------------------------------------


class _TokenRedactingFilter(logging.Filter):
    """Rewrites one client's bot token in records of the logger it sits on (never drops one).

    Each client owns its filter and removes it when closed: no registry of tokens outlives
    the clients that use them."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's problem, not ours
            return True
        redacted = message.replace(self.token, TOKEN_PLACEHOLDER)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_HTTPX_LOGGER = "httpx"  # its INFO lines print each request URL, which holds the token


# --- the client ------------------------------------------------------------------------------


class ZaloBotClient(Closing):
    """Async client of one bot. Use ``async with`` or call ``aclose()``.

    ``http`` lets the caller share an ``httpx.AsyncClient`` (it is then not closed here).
    ``allow_insecure_webhook`` accepts http://127.0.0.1 and http://localhost webhook URLs,
    for tests against a local double. ``default_retry_after`` is the wait a 429 asks for when
    the platform does not say.
    """

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 35.0,
        http: httpx.AsyncClient | None = None,
        allow_insecure_webhook: bool = False,
        default_retry_after: float = 1.0,
    ) -> None:
        if not token or any(c.isspace() or c in "/?#" for c in token):
            raise ValueError("a Zalo bot token is a non-empty string without spaces or '/'")
        if timeout <= 0 or default_retry_after < 0:
            raise ValueError("timeout must be positive and default_retry_after not negative")
        self._redactor = _TokenRedactingFilter(token)
        logging.getLogger(_HTTPX_LOGGER).addFilter(self._redactor)
        self._token = token
        self.base_url = base_url.rstrip("/")
        self.timeout = float(timeout)
        self.allow_insecure_webhook = allow_insecure_webhook
        self.default_retry_after = float(default_retry_after)
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=self.timeout)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, token=<hidden>)"


    async def aclose(self) -> None:
        """Close the HTTP client if this object created it; stop redacting its token."""
        logging.getLogger(_HTTPX_LOGGER).removeFilter(self._redactor)
        if self._owns_http:
            await self._http.aclose()

    # --- plumbing ---------------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        return text.replace(self._token, TOKEN_PLACEHOLDER)

    async def _call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
    ) -> Any:
        """POST one method and return its ``result`` (None when absent), or raise."""
        url = f"{self.base_url}/bot{self._token}/{method}"
        timeout = httpx.Timeout(max(self.timeout, read_timeout or 0.0))
        try:
            response = await self._http.post(url, json=params or {}, timeout=timeout)
        except httpx.TimeoutException as exc:
            # Not chained: httpx exceptions carry the request, whose URL holds the token.
            raise ZaloTimedOut(f"{type(exc).__name__}", method=method) from None
        except httpx.HTTPError as exc:
            detail = self._redact(str(exc)) or "no detail"
            raise ZaloNetworkError(f"{type(exc).__name__}: {detail}", method=method) from None
        return self._unwrap(method, response)

    def _unwrap(self, method: str, response: httpx.Response) -> Any:
        status = response.status_code
        try:
            body = json.loads(response.content)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            body = None
            if method == "getUpdates" and status == 200 and response.content.strip():
                # The platform answered, and handed out an event nobody can read: it is
                # gone either way (no offset); the poll goes on at once.
                raise ZaloMalformedUpdate("malformed event: not JSON", method=method) from None
        if not isinstance(body, dict) or "ok" not in body:
            if 400 <= status < 500 and status != 408:
                raise self._error(method, status, f"HTTP {status} without an API answer", None)
            raise ZaloNetworkError(f"HTTP {status}, not an API answer", status, method=method)
        if body["ok"] is True:
            logger.debug("zalo %s: ok", method)
            return body.get("result")
        code = body.get("error_code")
        if not isinstance(code, int) or isinstance(code, bool):
            code = status if status >= 400 else None
        description = self._redact(str(body.get("description") or "no description"))
        raise self._error(method, code, description, response, body)

    def _error(
        self,
        method: str,
        code: int | None,
        description: str,
        response: httpx.Response | None,
        body: dict[str, Any] | None = None,
    ) -> ZaloError:
        if code == 429:
            return ZaloRetryAfter(
                description, 429, retry_after=self._retry_after(response, body), method=method
            )
        if code is not None and code >= 500:
            return ZaloNetworkError(description, code, method=method)
        if code == 400 and method == "getUpdates" and "webhook" in description.lower():
            return ZaloConflict(description, code, method=method)
        cls = _ERRORS_BY_CODE.get(code, ZaloError) if code is not None else ZaloError
        return cls(description, code, method=method)

    def _retry_after(self, response: httpx.Response | None, body: dict[str, Any] | None) -> float:
        header = response.headers.get("Retry-After") if response is not None else None
        seconds = _retry_after_header(header)
        if seconds is not None:
            return seconds
        parameters = (body or {}).get("parameters")
        if isinstance(parameters, dict):
            value = parameters.get("retry_after")
            if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                return float(value)
        return self.default_retry_after

    def _model(self, method: str, model: type[_M], result: Any) -> _M:
        if not isinstance(result, dict):
            raise ZaloNetworkError("malformed result: not an object", method=method)
        try:
            return model.model_validate(result)
        except ValidationError as exc:
            fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
            raise ZaloNetworkError(f"malformed result ({fields})", method=method) from None
        except (OverflowError, RecursionError) as exc:
            raise ZaloNetworkError(
                f"malformed result ({type(exc).__name__})", method=method
            ) from None

    # --- API methods ----------------------------------------------------------------------------

    async def get_me(self) -> ZaloMe:
        """The bot's account; also the cheapest check that the token works."""
        return self._model("getMe", ZaloMe, await self._call("getMe"))

    async def get_updates(
        self,
        timeout: int = DEFAULT_POLL_TIMEOUT,  # noqa: ASYNC109 - the API's long-poll length
    ) -> ZaloUpdate | None:
        """Wait up to ``timeout`` seconds for ONE event; None when none arrived.

        An event handed out is gone (no offset exists), so the caller must process it.
        Raises ``ZaloConflict`` while a webhook is set.
        """
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        try:
            result = await self._call(
                "getUpdates", {"timeout": str(timeout)}, read_timeout=timeout + POLL_GRACE
            )
        except ZaloTimedOut as exc:
            if exc.error_code == 408:  # the platform's "Request timeout": nothing arrived
                return None
            raise
        if not result:
            return None
        if not isinstance(result, dict):
            raise ZaloMalformedUpdate("malformed event: not an object", method="getUpdates")
        try:
            return _update(result)
        except ValueError as exc:
            raise ZaloMalformedUpdate(f"malformed event: {exc}", method="getUpdates") from None

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        """Have events POSTed to ``url`` with ``secret_token`` in X-Bot-Api-Secret-Token.

        Raises ValueError, before any request, for a URL that is not https:// (unless the
        client allows loopback HTTP) or a secret outside 8-256 characters.
        """
        _check_webhook(url, secret_token, allow_insecure=self.allow_insecure_webhook)
        result = await self._call("setWebhook", {"url": url, "secret_token": secret_token})
        if isinstance(result, dict):
            return self._model("setWebhook", WebhookInfo, result)
        return WebhookInfo(url=url)

    async def delete_webhook(self) -> None:
        """Remove the webhook, so that getUpdates works again."""
        await self._call("deleteWebhook")

    async def get_webhook_info(self) -> WebhookInfo:
        return self._model("getWebhookInfo", WebhookInfo, await self._call("getWebhookInfo"))

    async def send_message(self, chat_id: str, text: str) -> ZaloSentMessage:
        """Send plain text. Raises ValueError, before any request, unless 1-2000 characters."""
        chat = _check_chat_id(chat_id)
        _check_text(text, "text", required=True)
        result = await self._call("sendMessage", {"chat_id": chat, "text": text})
        return self._model("sendMessage", ZaloSentMessage, result)

    async def send_photo(
        self, chat_id: str, photo_url: str, caption: str | None = None
    ) -> ZaloSentMessage:
        """Send an image by URL (the platform fetches it), with an optional caption."""
        chat = _check_chat_id(chat_id)
        parts = urlsplit(photo_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("photo_url must be an http(s) URL")
        params: dict[str, Any] = {"chat_id": chat, "photo": photo_url}
        if caption:
            _check_text(caption, "caption", required=False)
            params["caption"] = caption
        result = await self._call("sendPhoto", params)
        return self._model("sendPhoto", ZaloSentMessage, result)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show "typing…" in the chat ("upload_photo" is announced as coming soon)."""
        chat = _check_chat_id(chat_id)
        if not action:
            raise ValueError("action is required")
        await self._call("sendChatAction", {"chat_id": chat, "action": action})
