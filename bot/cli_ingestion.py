"""`bantin sources`, `bantin fetch [SOURCE]` and `bantin leaders`: the operator's commands
for ingestion, registered in bot/cli.py beside it. Output is English, for operators."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from bot.bounds import bounded_int
from bot.cli_options import load_settings as _settings
from bot.cli_options import province_option

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from rich.progress import Progress

    from bot.core.services import Services
    from bot.ingestion.outcomes import ItemOutcome, RoundResult
    from bot.settings import Settings

# Registering the commands must stay cheap (`bantin digest` pays for it): the store, the
# fetcher and rich are imported by the commands themselves.


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sources", help="list the configured sources and their polling state")
    p.add_argument(
        "--skipped",
        type=int,
        default=0,
        metavar="N",
        help="also list the N latest articles skipped as no meeting report",
    )
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("fetch", help="poll sources now (all enabled ones, or the one named)")
    p.add_argument("source", nargs="?", help="the name of one source")
    p.add_argument("--url", help="fetch this one article and store it even if it was skipped")
    p.add_argument("--province", help="the article's province (with --url)")
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser(
        "leaders", help="list (or correct) the provincial leaders learnt from reports"
    )
    p.add_argument("--province", help="only this province")
    p.add_argument(
        "--delete",
        nargs=3,
        metavar=("NAME", "ROLE", "PROVINCE"),
        help="forget one fact, e.g. --delete 'Nguyễn Văn A' chu_tich_ubnd 'Lạng Sơn'",
    )
    p.add_argument(
        "--add",
        nargs=3,
        metavar=("NAME", "ROLE", "PROVINCE"),
        help="teach one fact by hand (with --since YEAR)",
    )
    p.add_argument(
        "--since",
        type=bounded_int(1945, 2100),
        metavar="YEAR",
        help="the year the post was taken (with --add)",
    )
    p.set_defaults(func=cmd_leaders)


@asynccontextmanager
async def _services(settings: Settings) -> AsyncIterator[Services]:
    from bot.app import build_services, close_services, open_store, system_clock

    store = await open_store(settings)
    try:
        services = await build_services(settings, store=store, clock=system_clock(settings))
        try:
            yield services
        finally:
            await close_services(services)
    finally:
        await store.aclose()


def _when(moment: datetime | None, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") if moment else "-"


# --- sources --------------------------------------------------------------------------------


def cmd_sources(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return 2
    return asyncio.run(_sources(settings, args.skipped))


async def _sources(settings: Settings, skipped: int) -> int:
    from rich.console import Console
    from rich.table import Table

    from bot.app import source_ingestor

    async with _services(settings) as services:
        await source_ingestor(services).sync()
        states = await services.store.sources.states()
        items = (
            await services.store.sources.items(status="skipped", limit=skipped) if skipped else []
        )
        now = services.clock()
    console = Console(width=140)
    table = Table(
        "source",
        "kind",
        "province",
        "every",
        "state",
        "last success",
        "last error",
        "seen (stored/dup/skipped/failed)",
    )
    for s in states:
        if not s.configured:
            state = "not configured"
        elif not s.enabled:
            state = "disabled"
        elif s.next_attempt_at and s.next_attempt_at > now:
            state = (
                f"backing off until {_when(s.next_attempt_at, settings)} ({s.failures} failures)"
            )
        else:
            state = "polling"
        counts = s.items
        seen = (
            f"{sum(counts.values())} ({counts.get('stored', 0)}/{counts.get('duplicate', 0)}/"
            f"{counts.get('skipped', 0)}/{counts.get('failed', 0) + counts.get('retry', 0)})"
        )
        error = f"{_when(s.last_error_at, settings)} {s.last_error}" if s.failures else "-"
        table.add_row(
            s.name,
            s.kind,
            s.province or "-",
            f"{s.interval_minutes:g} min",
            state,
            _when(s.last_success_at, settings),
            error,
            seen,
        )
    console.print(table)
    if not states:
        console.print("No sources: add [[sources]] to config.toml (see config.example.toml).")
    for item in items:
        console.print(f"skipped  {item.source}: {item.url or item.key} - {item.reason}")
    return 0


# --- fetch ----------------------------------------------------------------------------------


class BarProgress:
    """One rich progress bar per source (a bot.ingestion.outcomes.Progress)."""

    def __init__(self, bars: Progress) -> None:
        self.bars = bars
        self.tasks: dict[str, object] = {}

    def total(self, source: str, count: int) -> None:
        self.tasks[source] = self.bars.add_task(
            source, total=count or 1, completed=0 if count else 1
        )

    def advance(self, source: str, outcome: ItemOutcome) -> None:
        self.bars.advance(self.tasks[source])  # type: ignore[arg-type]


@contextmanager
def _bars(enabled: bool) -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bars = Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )
    with bars:
        yield bars


def describe_round(result: RoundResult) -> list[str]:
    """Operator lines for one round: one per item, then the source's verdict."""
    lines = []
    for item in result.items:
        where = item.url or item.key.split("#")[0]  # a file's key ends with its hash
        detail = f" (report {item.report_id})" if item.report_id else ""
        reason = f": {item.reason}" if item.reason else ""
        lines.append(f"{item.status:<10} {result.source}: {where}{detail}{reason}")
    if result.not_modified:
        lines.append(f"{'unchanged':<10} {result.source}: not modified since the last round")
    if result.failed:
        lines.append(f"{'FAILED':<10} {result.source}: {result.summary().en}")
    elif not result.items and not result.not_modified:
        lines.append(f"{'ok':<10} {result.source}: nothing new")
    return lines


def cmd_fetch(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return 2
    names = {s.name for s in settings.sources}
    if args.source and args.source not in names:
        print(f"bantin: no source named {args.source!r} (see `bantin sources`)", file=sys.stderr)
        return 2
    province, known = province_option(args.province)
    if not known:
        return 2
    return asyncio.run(_fetch(settings, args.source, args.url, province))


async def _fetch(
    settings: Settings, name: str | None, url: str | None, province: str | None
) -> int:
    from bot.app import source_ingestor
    from bot.ingestion.outcomes import RoundResult

    async with _services(settings) as services:
        ingestor = source_ingestor(services)  # closed with the services
        await ingestor.sync()
        if url:
            outcome = await ingestor.ingest_url(url, force=True, province=province)
            print(describe_round(RoundResult("manual", items=[outcome]))[0])
            return 0 if outcome.status in ("stored", "duplicate") else 2
        chosen = [name] if name else [s.name for s in settings.sources if s.enabled]
        if not chosen:
            print("No enabled sources: add [[sources]] to config.toml.", file=sys.stderr)
            return 0
        with _bars(sys.stderr.isatty()) as bars:
            progress = BarProgress(bars)
            results = await asyncio.gather(
                *(ingestor.run_source(n, progress=progress) for n in chosen)
            )
    for result in results:
        for line in describe_round(result):
            print(line)
    # A refused file or a missing article makes the exit code 2 as `bantin ingest` does,
    # though the source itself carried on (only `FAILED` lines mean a failed round).
    return 2 if any(r.problems for r in results) else 0


# --- leaders --------------------------------------------------------------------------------


def cmd_leaders(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return 2
    return asyncio.run(_leaders(settings, args.province, args.delete, args.add, args.since))


async def _leaders(
    settings: Settings,
    province: str | None,
    delete: list[str] | None,
    add: list[str] | None = None,
    since: int | None = None,
) -> int:
    from rich.console import Console
    from rich.table import Table

    from digest.models import LeaderFact, LeaderRole
    from digest.provinces import canonical_province

    if province is not None:
        wanted = canonical_province(province)
        if wanted is None:
            print(f"bantin: unknown province {province!r}", file=sys.stderr)
            return 2
        province = wanted
    async with _services(settings) as services:
        store = services.store
        if add:
            name, role, where = add
            if role not in {r.value for r in LeaderRole} or canonical_province(where) is None:
                print(f"bantin: unknown role {role!r} or province {where!r}", file=sys.stderr)
                return 2
            fact = LeaderFact(
                name=" ".join(name.split()),
                role=LeaderRole(role),
                province=canonical_province(where) or where,
                start_year=since,
                source="added by an operator",
            )
            added = await store.leaders.add([fact])
            print(f"{'added' if added else 'known':<10} {fact.name}, {role}, {fact.province}")
            return 0
        if delete:
            name, role, where = delete
            try:
                role_value = LeaderRole(role)
            except ValueError:
                roles = ", ".join(r.value for r in LeaderRole)
                print(f"bantin: unknown role {role!r} (one of {roles})", file=sys.stderr)
                return 2
            where = canonical_province(where) or where
            if not await store.leaders.delete(name, role_value, where):
                print(f"bantin: no learnt fact {name} / {role} / {where}", file=sys.stderr)
                return 2
            print(f"deleted    {name}, {role}, {where}")
            return 0
        facts = [
            f for f in await store.leaders.all() if province is None or f.province == province
        ]
    table = Table("province", "role", "name", "since", "until", "source")
    for f in facts:
        table.add_row(
            f.province,
            f.role.value,
            f.name,
            str(f.start_year or "-"),
            str(f.end_year or "-"),
            f.source or "-",
        )
    Console(width=160).print(table)
    if not facts:
        print("No leaders learnt yet: reports whose province is known teach them.")
    return 0
