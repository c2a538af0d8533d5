"""``ZaloBotClient``: the HTTP calls of one bot (getMe, getUpdates, setWebhook, deleteWebhook,
getWebhookInfo, sendMessage, sendPhoto, sendChatAction), all sent as JSON POSTs.

Every call is ``{base_url}/bot{token}/{method}`` and answers ``{ok, result}`` or ``{ok:
false, error_code, description}``. The body is read first, whatever the HTTP status: the
platform reports errors inside the envelope and may answer them with HTTP 200; which
exception an error is, is bot.zalo_api.errors' to say.

The token never leaves this module in readable form: exception messages carry the method
name only (httpx exceptions are not chained, since they hold the request URL), the repr
hides it, and a filter on the "httpx" logger rewrites it to ``<token>`` in the INFO line
httpx writes for every request. The application also sets the httpx and httpcore loggers to
WARNING and redacts secrets in every record (``bot.app.quiet_http_logging`` and
``protected_logs``); the filter here covers scripts and tests that use the client alone.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from bot.closing import Closing
from bot.zalo_api.checks import check_chat_id, check_text, check_webhook
from bot.zalo_api.errors import (
    ZaloError,
    ZaloMalformedUpdate,
    ZaloNetworkError,
    ZaloTimedOut,
    error_for,
)
from bot.zalo_api.models import (
    ApiModel,
    WebhookInfo,
    ZaloMe,
    ZaloSentMessage,
    ZaloUpdate,
    parse_event,
)

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
DEFAULT_POLL_TIMEOUT = 30
#: Extra seconds the HTTP read may take beyond a long poll's own timeout.
POLL_GRACE = 5.0
TOKEN_PLACEHOLDER = "<token>"

_M = TypeVar("_M", bound=ApiModel)


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
                description = f"HTTP {status} without an API answer"
                raise self._error(method, status, description, None, None)
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
        body: dict[str, Any] | None,
    ) -> ZaloError:
        return error_for(
            method, code, description, response, body, default_retry_after=self.default_retry_after
        )

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
            return parse_event(result)
        except ValueError as exc:
            raise ZaloMalformedUpdate(f"malformed event: {exc}", method="getUpdates") from None

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        """Have events POSTed to ``url`` with ``secret_token`` in X-Bot-Api-Secret-Token.

        Raises ValueError, before any request, for a URL that is not https:// (unless the
        client allows loopback HTTP) or a secret outside 8-256 characters.
        """
        check_webhook(url, secret_token, allow_insecure=self.allow_insecure_webhook)
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
        chat = check_chat_id(chat_id)
        check_text(text, "text", required=True)
        result = await self._call("sendMessage", {"chat_id": chat, "text": text})
        return self._model("sendMessage", ZaloSentMessage, result)

    async def send_photo(
        self, chat_id: str, photo_url: str, caption: str | None = None
    ) -> ZaloSentMessage:
        """Send an image by URL (the platform fetches it), with an optional caption."""
        chat = check_chat_id(chat_id)
        parts = urlsplit(photo_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("photo_url must be an http(s) URL")
        params: dict[str, Any] = {"chat_id": chat, "photo": photo_url}
        if caption:
            check_text(caption, "caption", required=False)
            params["caption"] = caption
        result = await self._call("sendPhoto", params)
        return self._model("sendPhoto", ZaloSentMessage, result)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show "typing…" in the chat ("upload_photo" is announced as coming soon)."""
        chat = check_chat_id(chat_id)
        if not action:
            raise ValueError("action is required")
        await self._call("sendChatAction", {"chat_id": chat, "action": action})
