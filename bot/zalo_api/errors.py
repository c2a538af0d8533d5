"""The exceptions of a Zalo API call, and which one an answer of the platform is.

Shaped like python-telegram-bot's ``telegram.error`` (BadRequest, Forbidden, RetryAfter,
NetworkError, TimedOut, Conflict) so the delivery layer can treat both channels alike. Apart
from the client because the channels and the delivery layer import these to decide what a
failure means, without needing anything of HTTP.

Choices where the documentation is silent:

- ``error_code`` in the body decides the exception; the HTTP status is used only when the
  body carries none.
- 408 on getUpdates means "nothing arrived" (the client returns None); on other methods it
  is a ``ZaloTimedOut``. 5xx, non-JSON bodies (a proxy's HTML page) and malformed results
  are ``ZaloNetworkError``: the request may be retried.
- 403: the docs' table calls it "Internal server error", but it is what a chat that blocked
  the bot gets, so it is ``ZaloForbidden`` as in PTB; the delivery layer should deactivate a
  subscriber only after a few in a row.
- No Retry-After is documented for 429: ``ZaloRetryAfter.retry_after`` is the Retry-After
  header if any, else a Telegram-style ``parameters.retry_after``, else the client's
  ``default_retry_after``.
"""

from __future__ import annotations

import email.utils
import time
from datetime import UTC
from typing import Any

import httpx


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


def error_for(
    method: str,
    code: int | None,
    description: str,
    response: httpx.Response | None,
    body: dict[str, Any] | None = None,
    *,
    default_retry_after: float,
) -> ZaloError:
    """The exception an answer with `code` (the body's, else the HTTP status) stands for."""
    if code == 429:
        return ZaloRetryAfter(
            description,
            429,
            retry_after=_retry_after(response, body, default_retry_after),
            method=method,
        )
    if code is not None and code >= 500:
        return ZaloNetworkError(description, code, method=method)
    if code == 400 and method == "getUpdates" and "webhook" in description.lower():
        return ZaloConflict(description, code, method=method)
    cls = _ERRORS_BY_CODE.get(code, ZaloError) if code is not None else ZaloError
    return cls(description, code, method=method)


def _retry_after(
    response: httpx.Response | None, body: dict[str, Any] | None, default: float
) -> float:
    header = response.headers.get("Retry-After") if response is not None else None
    seconds = _retry_after_header(header)
    if seconds is not None:
        return seconds
    parameters = (body or {}).get("parameters")
    if isinstance(parameters, dict):
        value = parameters.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
    return default


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
