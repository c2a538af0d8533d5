"""What a delivery says: the text of a report's digest, a roundup, a broadcast or an indicator
watch's line (bot.delivery.watch_lines), per channel.

Rendered when the row is sent, not when it is queued, so a row stays small (a broadcast to
100,000 chats stores its text once) and the message uses the current templates. A report's
digest is the same for every subscriber, so rendered messages are kept in a small LRU cache.
Replies come from bot/templates/delivery_*.j2 in both flavours (`render_reply`); a channel
gets the HTML one (Telegram) or the plain one (Zalo), cut by its port's `split`.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.split import split_message
from bot.core.templates import render_reply
from bot.core.views import digest_both, report_line
from bot.delivery.sender import Rejected
from bot.delivery.watch_lines import WatchLine, watch_lines
from bot.storage import Store, StoredReport
from bot.storage.outbox import Claimed

CACHE_SIZE = 512


def roundup_title(slot: datetime, total: int) -> tuple[str, str]:
    """The roundup's local time and day as its title shows them.

    >>> from zoneinfo import ZoneInfo
    >>> roundup_title(datetime(2025, 11, 21, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), 3)
    ('07:00', '21/11')
    """
    return f"{slot.hour:02d}:{slot.minute:02d}", f"{slot.day:02d}/{slot.month:02d}"


class Renderer:
    """Turns a claimed delivery into the messages to send, for one channel's format."""

    def __init__(self, store: Store, timezone: ZoneInfo, *, cache_size: int = CACHE_SIZE) -> None:
        self.store = store
        self.timezone = timezone
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[object, ...], list[str]] = OrderedDict()
        self._reports: OrderedDict[int, StoredReport | None] = OrderedDict()

    def _remember(self, cache: OrderedDict, key: object, value: object) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > self.cache_size:
            cache.popitem(last=False)

    async def _report(self, report_id: int) -> StoredReport | None:
        if report_id in self._reports:
            self._reports.move_to_end(report_id)
            return self._reports[report_id]
        stored = await self.store.reports.get(report_id)
        self._remember(self._reports, report_id, stored)
        return stored

    async def parts(
        self, row: Claimed, *, html: bool, max_length: int | None = None,
        split: Callable[[str], list[str]] | None = None,
    ) -> list[str]:
        """The messages of one delivery, in order: cut by `split` (a port's), or else at
        `max_length` as `split_message` counts."""
        key = (row.kind, row.report_id, row.broadcast_id, row.payload, html, max_length, split)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        reply = await self._reply(row)
        message = reply.html if html else reply.text
        if split is not None:
            parts = split(message)
        elif max_length is not None:
            parts = split_message(message, max_length, html=html)
        else:
            raise ValueError("parts() needs split or max_length")
        if not parts:
            raise Rejected(f"delivery {row.id} renders to an empty message")
        self._remember(self._cache, key, parts)
        return parts

    async def _reply(self, row: Claimed):  # -> Reply
        if row.kind == "report" and row.report_id is not None:
            stored = await self._report(row.report_id)
            if stored is None:
                raise Rejected(f"report {row.report_id} no longer exists")
            digest = digest_both(stored.report)
            return render_reply("delivery_report", line=report_line(stored), digest=digest)
        if row.kind == "roundup" and row.payload:
            payload = json.loads(row.payload)
            slot = datetime.fromisoformat(payload["slot"]).astimezone(self.timezone)
            lines = []
            for report_id in payload["reports"]:
                stored = await self._report(int(report_id))
                if stored is not None:
                    lines.append(report_line(stored))
            total = int(payload.get("total", len(lines)))
            hour, day = roundup_title(slot, total)
            return render_reply(
                "delivery_roundup", hour=hour, day=day, total=total, lines=lines,
                more=max(total - len(payload["reports"]), 0),
            )
        if row.kind == "broadcast" and row.broadcast_id is not None:
            text = await self.store.outbox.get_broadcast(row.broadcast_id)
            if text is None:
                raise Rejected(f"broadcast {row.broadcast_id} no longer exists")
            return render_reply("delivery_broadcast", text=text)
        if row.kind == "watch" and row.payload:
            lines = await self._watch_lines(json.loads(row.payload))
            if not lines:
                raise Rejected(f"delivery {row.id}: the watched report is gone")
            return render_reply("delivery_watch", lines=lines)
        raise Rejected(f"delivery {row.id}: nothing to send for kind {row.kind!r}")

    async def _watch_lines(self, payload: dict) -> list[WatchLine]:
        """One line per watched indicator a report carries (its first result figure)."""
        keys = list(payload.get("indicators", []))
        lines = []
        for report_id in payload.get("reports", []):
            stored = await self._report(int(report_id))
            if stored is not None:
                lines += watch_lines(stored, keys)
        return lines
