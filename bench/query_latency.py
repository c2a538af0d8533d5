"""Benchmark: how fast the bot answers `/tinh`, `/chitieu` and `/timkiem` on a full database.

For each engine (a SQLite file; PostgreSQL on 127.0.0.1:5432 when reachable):

1. Fill a fresh database with `--reports` reports (default 10,000), synthesised from the seed
   reports: each copy gets another province (any of the 63 before the 2025 merger), another
   meeting date between 2020 and 2025, its figures scaled by a random factor (a few dropped),
   and its own wording: about 80% of its seed's sentences, up to three paragraphs of the
   other seeds, its province's name, and a closing line, so that texts differ in length and
   term frequencies the way real reports do. Words common to the genre ("tỉnh", "ngân
   sách") still occur in nearly every text, so common searches rank most of the corpus.
2. Run `--users` simulated users (default 50) concurrently, each sending `--requests`
   messages (default 30), cycling through the three commands with varied spellings (old and
   new province names, no diacritics, typos), and pausing a random think time between two
   messages (exponential, mean `--think` seconds, default 2), as people in a chat do.
3. On PostgreSQL, VACUUM ANALYZE first: the state autovacuum keeps a live database in.
4. Time each message through the conversation core (`Conversation.handle`: parsing, argument
   resolution, store queries, template rendering), the same code path every channel uses,
   and print p50/p99 per command.

    python -m bench.query_latency                 # both engines, 10,000 reports
    python -m bench.query_latency --engines sqlite --reports 2000 --think 0
    python -m bench.query_latency --keep data/bench   # fill once; later runs only measure

`--think 0` turns the run into a closed-loop stress test: latency then mostly measures the
queue of 50 requests in flight on one Python process. Figures go into README.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import regex

from bot.core import Conversation, Request, Services
from bot.storage import Store
from digest.extract import extract
from digest.models import Figure, Report
from digest.provinces import all_provinces, current_province
from digest.render import format_vn

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 8, 1, 9, 0, tzinfo=TZ)
PG_HOST = os.environ.get("BANTIN_BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BANTIN_BENCH_PG_PORT", "5432"))

PROVINCE_SPELLINGS = (
    "bac kan",
    "Bắc Kạn",
    "thai nguyen",
    "Thai Ngyen",
    "ha noi",
    "Hà Nội",
    "tphcm",
    "binh duong",
    "quang ninh",
    "Quảng Nam",
    "da nang",
    "can tho",
    "lang son",
    "cao bang",
    "nghe an",
    "thanh hoa",
    "hai phong",
    "lao cai",
    "yen bai",
    "ca mau",
    "bac kan 2",
)
INDICATOR_SPELLINGS = (
    "thu ngan sach",
    "Thu ngân sách",
    "tang truong grdp",
    "grdp",
    "khach du lich",
    "thu ngan sch",
    "giai ngan von dau tu cong",
    "kim ngach xuat khau",
    "thu ngan sach bac kan",
    "tang truong grdp ha noi",
)
SEARCH_SPELLINGS = (
    "nông thôn mới",
    "nong thon moi",
    "ngân sách",
    "chuyển đổi số",
    "giải ngân",
    "du lich",
    "cải cách hành chính",
    "đầu tư công",
    "quy hoạch tỉnh",
    "an sinh xã hội",
)
COMMANDS = {
    "/tinh": PROVINCE_SPELLINGS,
    "/chitieu": INDICATOR_SPELLINGS,
    "/timkiem": SEARCH_SPELLINGS,
}


# --- corpus -------------------------------------------------------------------------------


def _scaled(figure: Figure, factor: float) -> Figure:
    if figure.value is None or figure.unit == "%":
        return figure
    value = round(figure.value * factor, 1)
    written = f"{format_vn(value)} {figure.unit}" if figure.unit else format_vn(value)
    return figure.model_copy(update={"value": value, "value_raw": written})


_SENTENCE_END = regex.compile(
    r"""
    (?<=[.;!?])   # after a full stop, semicolon, exclamation or question mark
    \s+           # the space before the next sentence: where one sentence may be dropped
    """,
    regex.VERBOSE,
)


def _paragraphs(text: str) -> tuple[str, list[str]]:
    """The title line and the non-empty paragraphs after it."""
    lines = [line.strip() for line in text.splitlines()]
    body = [line for line in lines[1:] if line]
    return lines[0], body


def _varied_text(
    n: int,
    base: int,
    seeds: list[tuple[str, Report]],
    province: str,
    day: date,
    rng: random.Random,
) -> str:
    """A new report text from the seed `base`: most of its sentences, a few paragraphs of
    the other seeds, its own province named where the seed named one, and a closing line.

    Every copy then differs in length and wording, so term frequencies (and so the ranking
    of search results) vary as they do between real reports, while the words common to the
    genre ("tỉnh", "ngân sách", "kinh tế - xã hội") still occur in most texts: a search for
    them ranks nearly the whole corpus, which is the worst case a real database meets too.
    """
    text, report = seeds[base]
    title, body = _paragraphs(text)
    kept = []
    for paragraph in body:
        if rng.random() < 0.15:
            continue
        sentences = [s for s in _SENTENCE_END.split(paragraph) if rng.random() < 0.8]
        if sentences:
            kept.append(" ".join(sentences))
    others = [i for i in range(len(seeds)) if i != base]
    for _ in range(rng.randrange(4)):
        _, borrowed = _paragraphs(seeds[rng.choice(others)][0])
        kept.insert(rng.randrange(len(kept) + 1), rng.choice(borrowed))
    varied = "\n".join([title, *kept])
    if report.province:
        varied = varied.replace(report.province, province)
    return f"{varied}\n\nBản tổng hợp số {n} của tỉnh {province}, ngày {day:%d/%m/%Y}."


def synthesise(seeds: list[tuple[str, Report]], count: int, rng: random.Random):
    """(text, report) pairs: the seeds spread over provinces, dates, figures and wording."""
    provinces = all_provinces(current=False)
    first, span = date(2020, 1, 1), (date(2025, 6, 30) - date(2020, 1, 1)).days
    for n in range(count):
        base = n % len(seeds)
        province = rng.choice(provinces)
        day = first + timedelta(days=rng.randrange(span))
        factor = rng.uniform(0.5, 2.0)
        report = seeds[base][1]
        # Not every report gives every figure: some provinces' latest report lacks one.
        kept = tuple(_scaled(f, factor) for f in report.figures if rng.random() < 0.85)
        report = report.model_copy(
            update={
                "province": province,
                "province_current": current_province(province),
                "date": day,
                "day": day.day,
                "month": day.month,
                "figures": kept,
            }
        )
        yield _varied_text(n, base, seeds, province, day, rng), report


async def fill(store: Store, total: int, seed: int) -> float:
    """Store `total` synthesised reports; returns the seconds it took."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    seeds = [(text, extract(text, now=NOW)) for text in texts]
    rng = random.Random(seed)
    started = time.perf_counter()
    batch: list = []
    writers = 1 if store.dialect == "sqlite" else 8  # SQLite has one writer anyway
    for text, report in synthesise(seeds, total, rng):
        batch.append(store.reports.add(text=text, report=report, source=None, now=NOW))
        if len(batch) == writers:
            await asyncio.gather(*batch)
            batch = []
    await asyncio.gather(*batch)
    return time.perf_counter() - started


# --- load ---------------------------------------------------------------------------------


async def user(
    conversation: Conversation,
    number: int,
    requests: int,
    think: float,
    seed: int,
    timings: dict[str, list[float]],
) -> None:
    rng = random.Random(seed * 1000 + number)
    commands = list(COMMANDS)
    await asyncio.sleep(rng.uniform(0, think))  # users do not all start at once
    for i in range(requests):
        command = commands[(number + i) % len(commands)]
        text = f"{command} {rng.choice(COMMANDS[command])}"
        request = Request(
            channel="telegram",
            chat_id=str(10_000 + number),
            sender_id=str(10_000 + number),
            text=text,
        )
        started = time.perf_counter()
        reply = await conversation.handle(request)
        timings[command].append((time.perf_counter() - started) * 1000)
        assert reply is not None
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


async def measure(store: Store, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    services = Services(store=store, clock=lambda: NOW, timezone=TZ)
    conversation = Conversation(services)
    for command, spellings in COMMANDS.items():  # warm caches and connections
        for spelling in spellings:
            await conversation.handle(Request("telegram", "1", "1", f"{command} {spelling}"))
    timings: dict[str, list[float]] = defaultdict(list)
    started = time.perf_counter()
    await asyncio.gather(
        *(
            user(conversation, n, args.requests, args.think, args.seed, timings)
            for n in range(args.users)
        )
    )
    elapsed = time.perf_counter() - started
    result = {
        command: {
            "count": len(values),
            "p50_ms": percentile(values, 50),
            "p99_ms": percentile(values, 99),
            "max_ms": max(values),
        }
        for command, values in timings.items()
    }
    result["all"] = {
        "count": sum(len(v) for v in timings.values()),
        "per_second": sum(len(v) for v in timings.values()) / elapsed,
    }
    return result


# --- engines ------------------------------------------------------------------------------


def kept_name(args: argparse.Namespace) -> str:
    """What a kept database is called: its contents follow from the reports and the seed."""
    return f"bantin_bench_{args.reports}_{args.seed}"


@asynccontextmanager
async def sqlite_store(args: argparse.Namespace) -> AsyncIterator[Store]:
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        store = await Store.connect(str(args.keep / f"{kept_name(args)}.db"))
        try:
            yield store
        finally:
            await store.aclose()
        return
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as folder:
        store = await Store.connect(str(Path(folder) / "bench.db"))
        try:
            yield store
        finally:
            await store.aclose()


@asynccontextmanager
async def postgres_store(args: argparse.Namespace) -> AsyncIterator[Store]:
    import asyncpg

    admin = None
    for user_name in ("postgres", "root"):
        try:
            admin = await asyncpg.connect(
                host=PG_HOST, port=PG_PORT, user=user_name, database="test", timeout=5
            )
            break
        except (OSError, asyncpg.PostgresError):
            continue
    if admin is None:
        raise ConnectionError(f"PostgreSQL unreachable at {PG_HOST}:{PG_PORT}")
    kept = args.keep is not None
    name = kept_name(args) if kept else f"bantin_bench_{secrets.token_hex(4)}"
    user_name = await admin.fetchval("SELECT current_user")
    exists = await admin.fetchval("SELECT true FROM pg_database WHERE datname = $1", name)
    if not exists:
        await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        store = await Store.connect(f"postgresql://{user_name}@{PG_HOST}:{PG_PORT}/{name}")
        try:
            yield store
        finally:
            await store.aclose()
    finally:
        if not kept:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


ENGINES = {"sqlite": sqlite_store, "postgresql": postgres_store}


async def _empty(store: Store) -> None:
    """A kept database left half filled (an interrupted run) is filled again from nothing."""
    if await store.reports.count():
        raise SystemExit(
            f"{store.dialect}: the kept database holds another number of reports than "
            "--reports; delete it (or pick another --keep folder) and run again"
        )


async def settle(store: Store) -> None:
    """Bring a freshly filled PostgreSQL database to the state autovacuum keeps a live one in
    (statistics, visibility map, GIN pending list merged), so that a vacuum does not run
    in the middle of the measurement. SQLite has no such background work to wait for."""
    if store.dialect != "postgresql":
        return
    async with store.database.engine.connect() as conn:  # noqa: SLF001 - a benchmark may peek
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE")


async def run(args: argparse.Namespace) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for engine in args.engines:
        try:
            async with ENGINES[engine](args) as store:
                if await store.reports.count() == args.reports:  # kept from an earlier run
                    fill_seconds = 0.0
                    print(f"{engine}: {args.reports} reports kept from an earlier run")
                else:
                    await _empty(store)
                    fill_seconds = await fill(store, args.reports, args.seed)
                    print(f"{engine}: stored {args.reports} reports in {fill_seconds:.1f} s")
                await settle(store)
                results[engine] = {"fill_seconds": fill_seconds, **await measure(store, args)}
        except ConnectionError as exc:
            print(f"{engine}: skipped ({exc})")
    return results


def print_table(results: dict[str, dict], args: argparse.Namespace) -> None:
    print(
        f"\n{args.reports} reports, {args.users} concurrent users, "
        f"{args.requests} messages each, think time {args.think} s"
    )
    print(f"{'engine':<11} {'command':<9} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for engine, rows in results.items():
        for command in COMMANDS:
            row = rows[command]
            print(
                f"{engine:<11} {command:<9} {row['count']:>6} {row['p50_ms']:>8.1f} "
                f"{row['p99_ms']:>8.1f} {row['max_ms']:>8.1f}"
            )
        print(
            f"{engine:<11} {'(all)':<9} {rows['all']['count']:>6} "
            f"{rows['all']['per_second']:>8.0f}/s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.query_latency",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--engines", nargs="+", choices=tuple(ENGINES), default=list(ENGINES))
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30, help="messages per user")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause, seconds")
    parser.add_argument("--seed", type=int, default=20250701)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="keep the filled databases (the SQLite file in DIR, a PostgreSQL database named "
        "after --reports and --seed) and measure them again on a later run, without filling",
    )
    args = parser.parse_args(argv)
    results = asyncio.run(run(args))
    print_table(results, args)
    if args.json:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        args.json.write_text(
            json.dumps(
                {
                    "run_at": stamp,
                    "args": {k: str(v) if isinstance(v, Path) else v
                             for k, v in vars(args).items() if k != "json"},
                    "results": results,
                },
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
