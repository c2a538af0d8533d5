"""Files a platform fetches by URL: the Zalo Bot Platform's sendPhoto takes no upload, only a
public address of the image (bot/channels/zalo_client.py), so a chart sent to Zalo is first
put on this small shelf and served from it.

`MediaShelf` keeps the files in memory, each under a random, unguessable token (128 bits),
for `ttl` seconds and at most `max_items` at a time: long enough for the platform to fetch
the image once, never a growing store on disk. It serves them over HTTP with aiohttp
(`GET <path>/<token>.png`; anything else 404) on `listen:port`, which an operator exposes
at `public_url` (a reverse proxy terminating HTTPS, as for the webhook). Without a public
URL configured there is no shelf, and Zalo gets the chart's text fallback
(bot.delivery.port).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web

logger = logging.getLogger(__name__)

TTL_SECONDS = 3600.0
MAX_ITEMS = 256  # ~50 KB each: a few MB at most
CONTENT_TYPES = {".png": "image/png"}


@dataclass(frozen=True)
class _Shelved:
    data: bytes
    content_type: str
    until: float


class MediaShelf:
    def __init__(self, public_url: str, listen: str, port: int, *, ttl: float = TTL_SECONDS,
                 max_items: int = MAX_ITEMS, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the media URL must be an http(s) URL")
        self.public_url = public_url.rstrip("/")
        self.path = parts.path.rstrip("/")
        self.listen = listen
        self.port = port
        self.ttl = ttl
        self.max_items = max_items
        self.clock = clock
        self._items: OrderedDict[str, _Shelved] = OrderedDict()
        self._runner: web.AppRunner | None = None

    def publish(self, data: bytes, suffix: str = ".png") -> str:
        """Shelve `data`; the public URL it is served at."""
        self._expire()
        token = secrets.token_urlsafe(16)
        content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
        self._items[token] = _Shelved(data, content_type, self.clock() + self.ttl)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)
        return f"{self.public_url}/{token}{suffix}"

    def _expire(self) -> None:
        now = self.clock()
        while self._items:
            token, item = next(iter(self._items.items()))
            if item.until > now:
                break
            del self._items[token]

    def __len__(self) -> int:
        return len(self._items)

    async def _serve(self, request: web.Request) -> web.Response:
        self._expire()
        token = request.match_info["token"]
        item = self._items.get(token)
        if item is None:
            return web.Response(status=404)
        return web.Response(body=item.data, content_type=item.content_type,
                            headers={"Cache-Control": "no-store"})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get(f"{self.path}/{{token:[A-Za-z0-9_-]+}}.png", self._serve)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        logger.info("media shelf on %s:%d%s for %s", self.listen, self.port, self.path,
                    self.public_url)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._items.clear()
