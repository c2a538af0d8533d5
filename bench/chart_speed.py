"""Benchmark: how long /bieudo takes to draw a chart, cold and cached (issue 13).

A chart of the latest value in every one of the 34 provinces (the largest /bieudo draws),
then one of 5 (a typical one today), from synthetic rows shaped like stored figures
("12.345 tỷ đồng, bằng 96,2% dự toán"):

- cold: a chart not drawn before (a new key each time), through `ChartCache.png`, which
  draws in its worker thread: what the first user asking after a new report waits for;
- cached: the same chart asked again: a dictionary look-up.

The CPU time of drawing is reported too (the machine is shared, so wall time varies).

    python -m bench.chart_speed               # 20 cold, 2,000 cached
    python -m bench.chart_speed --cold 5

Figures go into README.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import date

from bot.core.chart_cache import ChartCache, chart_key
from bot.core.charts import province_chart_data
from bot.storage import FigureRow
from digest.models import Figure, MeetingKind
from digest.provinces import all_provinces
from digest.render import format_vn


def _rows(rng: random.Random, count: int = 34) -> list[FigureRow]:
    provinces = sorted(all_provinces(current=True))[:count]
    rows = []
    for index, province in enumerate(provinces, start=1):
        value = float(rng.randrange(800, 60_000))
        pct = round(rng.uniform(60, 130), 1)
        raw = f"{format_vn(value)} tỷ đồng"
        figure = Figure(
            indicator="budget_revenue",
            label="thu ngân sách",
            value=value,
            unit="tỷ đồng",
            pct_of_plan=pct,
            pct_raw=f"bằng {format_vn(pct)}% dự toán",
            pct_basis="dự toán",
            period="năm 2024",
            raw=raw,
            value_raw=raw,
        )
        rows.append(
            FigureRow(
                report_id=index,
                province=province,
                province_current=province,
                date=date(2024, 12, 10),
                meeting_kind=MeetingKind.BCH,
                title=None,
                figure=figure,
            )
        )
    return rows


async def _run(cold: int, cached: int, provinces: int) -> None:
    data = province_chart_data("Thu ngân sách", _rows(random.Random(7), provinces))
    assert data is not None
    cache = ChartCache()
    await cache.png(chart_key("warm-up", None, [0]), data)  # imports, font cache
    walls, cpus = [], []
    for n in range(cold):
        key = chart_key("budget_revenue", None, [n + 1])
        wall = time.perf_counter()
        await cache.png(key, data)
        walls.append(time.perf_counter() - wall)
    from bot.core.charts import draw

    for _ in range(min(cold, 5)):
        start = time.process_time()
        draw(data)
        cpus.append(time.process_time() - start)
    key = chart_key("budget_revenue", None, [1])
    hits = []
    for _ in range(cached):
        wall = time.perf_counter()
        await cache.png(key, data)
        hits.append(time.perf_counter() - wall)
    png = await cache.png(key, data)
    cache.close()
    print(f"chart of {len(data.points)} provinces, {len(png):,} bytes PNG")
    print(
        f"cold:   median {statistics.median(walls) * 1000:.0f} ms wall, "
        f"{statistics.median(cpus) * 1000:.0f} ms CPU ({cold} charts)"
    )
    print(f"cached: median {statistics.median(hits) * 1e6:.1f} µs ({cached} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", type=int, default=20)
    parser.add_argument("--cached", type=int, default=2000)
    parser.add_argument(
        "--provinces", type=int, nargs="+", default=[34, 5], help="bars per chart (one run each)"
    )
    args = parser.parse_args()
    for count in args.provinces:
        asyncio.run(_run(args.cold, args.cached, count))


if __name__ == "__main__":
    main()
