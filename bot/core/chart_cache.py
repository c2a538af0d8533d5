"""Chart PNGs, drawn off the event loop and kept per (indicator, province, latest report).

Drawing takes a few hundred milliseconds of CPU (matplotlib, bench/chart_speed.py), so it
runs in one worker thread of its own: the event loop keeps answering every other chat, and
charts asked for at once queue for that thread instead of competing with ingestion's
extraction threads. One thread, because matplotlib does not promise thread safety beyond
separate figures and the font cache it shares.

The key holds the indicator, the province (None: across provinces) and the newest report id
among the drawn rows, plus the ids of every row, so a chart is never served for data it no
longer shows; `forget` drops an indicator's charts when a report carrying it arrives
(bot.core.ingest), so memory goes to charts that can still be asked for. Concurrent requests
for the same chart share one drawing.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported when the first chart is drawn, not at start-up
    from bot.core.charts import ChartData

CACHE_SIZE = 128  # charts of ~50 KB each: a few MB at most


@dataclass(frozen=True)
class ChartKey:
    indicator: str
    province: str | None
    latest_report: int
    report_ids: tuple[int, ...] = field(compare=True)


class ChartCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._pngs: OrderedDict[ChartKey, bytes] = OrderedDict()
        self._drawing: dict[ChartKey, asyncio.Future[bytes]] = {}
        self._executor: ThreadPoolExecutor | None = None
        self.hits = self.misses = 0

    def _worker(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")
        return self._executor

    async def png(self, key: ChartKey, data: ChartData) -> bytes:
        """The chart of `data` as PNG bytes, drawn once per key."""
        cached = self._pngs.get(key)
        if cached is not None:
            self._pngs.move_to_end(key)
            self.hits += 1
            return cached
        pending = self._drawing.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        self.misses += 1
        from bot.core.charts import draw

        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._worker(), draw, data)
        self._drawing[key] = future
        try:
            png = await asyncio.shield(future)
        finally:
            self._drawing.pop(key, None)
        self._pngs[key] = png
        while len(self._pngs) > self.size:
            self._pngs.popitem(last=False)
        return png

    def forget(self, indicators: Iterable[str]) -> int:
        """Drop the charts of these indicators (a report carrying them arrived)."""
        gone = set(indicators)
        stale = [key for key in self._pngs if key.indicator in gone]
        for key in stale:
            del self._pngs[key]
        return len(stale)

    def __len__(self) -> int:
        return len(self._pngs)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def chart_key(indicator: str, province: str | None, report_ids: Iterable[int]) -> ChartKey:
    ids = tuple(sorted(set(report_ids)))
    return ChartKey(indicator, province, ids[-1] if ids else 0, ids)
