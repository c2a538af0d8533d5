"""Fetching one URL politely and defensively: httpx (async), a deadline, a size cap,
conditional GET, and a reason for every failure in English and Vietnamese
(bot.ingestion.reasons).

A response that hangs is cut at `timeout` seconds for the whole exchange (httpx's own
timeouts bound each read, not a server that trickles a byte a second); a body larger than
`max_bytes` is refused while streaming, before it is held in memory.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

import httpx

from bot.closing import Closing
from bot.ingestion import reasons
from bot.ingestion.reasons import Reason

USER_AGENT = "bantin/0.1 (+https://github.com/bantin; digest bot for provincial meeting reports)"
# Content types an article, a list page or a feed can come as.
_TEXTUAL = (
    "text/",
    "application/xhtml",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/rdf",
    "application/x-rss",
)
_MAX_REDIRECTS = 5


class FetchError(Exception):
    """Why a URL could not be fetched. `lasting`: retrying soon will not help (404, too large,
    not a web page); otherwise the failure may pass (timeouts, 5xx, refused connections).
    `why` says it in English and Vietnamese; `reason` is the English."""

    def __init__(self, why: Reason, *, lasting: bool) -> None:
        super().__init__(why.en)
        self.why = why
        self.reason = why.en
        self.lasting = lasting


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str  # media type, lower case ("text/html")
    charset: str | None  # from the Content-Type header
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class NotModified:
    """304: nothing new since the ETag / Last-Modified we sent."""

    url: str


def _media_type(header: str) -> tuple[str, str | None]:
    """("text/html", "windows-1258") from 'text/html; charset="windows-1258"'.

    >>> _media_type('text/html; charset="Windows-1258"')
    ('text/html', 'Windows-1258')
    >>> _media_type('')
    ('', None)
    """
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    media = message.get_content_type() if header else ""
    charset = message.get_param("charset")
    return media, charset if isinstance(charset, str) else None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class Fetcher(Closing):
    """One shared HTTP client for every source; close it with `await fetcher.aclose()`."""

    def __init__(self, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = httpx.AsyncClient(
            follow_redirects=True,
            max_redirects=_MAX_REDIRECTS,
            headers={"User-Agent": USER_AGENT, "Accept-Language": "vi,en;q=0.5"},
            transport=transport,
            trust_env=False,  # no proxy from the environment: sources are named explicitly
        )

    async def aclose(self) -> None:
        await self._client.aclose()


    async def get(
        self,
        url: str,
        *,
        timeout: float,  # noqa: ASYNC109 - a deadline for the whole exchange, see below
        max_bytes: int,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched | NotModified:
        """GET `url`; FetchError says why not. Sends If-None-Match / If-Modified-Since."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(reasons.not_http(url), lasting=True)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(timeout):
                return await self._get(url, headers, timeout, max_bytes)
        except TimeoutError:
            raise FetchError(reasons.timeout(timeout), lasting=False) from None
        except httpx.TooManyRedirects:
            raise FetchError(reasons.TOO_MANY_REDIRECTS, lasting=True) from None
        except httpx.InvalidURL as exc:
            raise FetchError(reasons.invalid_url(str(exc)), lasting=True) from None
        except httpx.TransportError as exc:
            raise FetchError(
                reasons.connection_failed(type(exc).__name__, str(exc)), lasting=False
            ) from None

    async def _get(
        self,
        url: str,
        headers: dict[str, str],
        timeout: float,  # noqa: ASYNC109 - httpx's per-read timeout; the deadline is the caller's
        max_bytes: int,
    ) -> Fetched | NotModified:
        async with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
            if response.status_code == 304:
                return NotModified(str(response.url))
            if response.status_code >= 400:
                phrase = response.reason_phrase or ""
                lasting = response.status_code in (404, 410, 451)
                why = reasons.http_status(response.status_code, phrase)
                raise FetchError(why, lasting=lasting)
            media, charset = _media_type(response.headers.get("content-type", ""))
            if media and not media.startswith(_TEXTUAL):
                raise FetchError(reasons.not_a_page(media), lasting=True)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    reasons.too_large(_megabytes(max_bytes), _megabytes(int(declared))),
                    lasting=True,
                )
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(reasons.too_large(_megabytes(max_bytes)), lasting=True)
            return Fetched(
                url=str(response.url),
                content=bytes(body),
                content_type=media,
                charset=charset,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
