"""`bantin export` and `bantin chart`: /xuat's spreadsheet and /bieudo's chart, on the command
line (messages in English, like the rest of the CLI).

    bantin export thu ngan sach -o thu-ngan-sach.xlsx
    bantin export thu ngan sach bac kan          # one province's history; file name chosen
    bantin chart thu ngan sach -o docs/chart.png

The same parsing and the same rows as /chitieu (bot.core.handlers.indicators), so the file
holds what the chat command lists.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.settings import Settings


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, what, suffix in (("export", "an .xlsx spreadsheet", ".xlsx"),
                               ("chart", "a PNG chart", ".png")):
        p = sub.add_parser(name, help=f"one indicator's figures as {what} "
                                      "(across provinces, or one province's history)")
        p.add_argument("words", nargs="+", help="the indicator, then optionally a province: "
                                                "thu ngan sach [bac kan]")
        p.add_argument("-o", "--output", type=Path,
                       help=f"the file to write (default: <indicator>{suffix} here)")
        p.set_defaults(func=cmd_file, kind=name, suffix=suffix)


def cmd_file(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    try:
        settings = Settings(config_file=args.config)
    except ValidationError as exc:
        print(f"bantin: invalid configuration ({args.config} or environment):\n{exc}",
              file=sys.stderr)
        return 2
    problem, name, data = asyncio.run(_make(settings, args.kind, " ".join(args.words)))
    if problem is not None:
        print(f"bantin: {problem}", file=sys.stderr)
        return 1
    assert data is not None
    path = args.output or Path(f"{name}{args.suffix}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        print(f"bantin: cannot write {path} ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"wrote {path} ({len(data):,} bytes)")
    return 0


async def _make(settings: Settings, kind: str, words: str
                ) -> tuple[str | None, str, bytes | None]:
    """(a problem in English, or None; the file stem; the bytes)."""
    from bot.app import build_services, open_store, system_clock
    from bot.core.commands import Command
    from bot.core.handlers.charts import file_stem, workbook
    from bot.core.handlers.indicators import IndicatorRows, indicator_rows
    from bot.core.metrics import parse_indicator_query

    query = parse_indicator_query(words)
    if query.key is None:
        if query.candidates:
            return f"{query.asked!r} could mean: {', '.join(query.candidates)}", "", None
        return f"no indicator called {query.asked or words!r}", "", None
    if query.place is not None and query.place.province is None:
        return f"no province called {query.place.typed or words!r}", "", None
    store = await open_store(settings)
    try:
        services = await build_services(settings, store=store, clock=system_clock(settings))
        found = await indicator_rows(services, Command.EXPORT, words)
        assert isinstance(found, IndicatorRows)
        if not found.rows:
            return f"no figures of {query.key} stored", file_stem(found), None
        if kind == "export":
            return None, file_stem(found), await workbook(store, found)
        from bot.core.charts import draw, history_chart_data, province_chart_data

        if found.place is None:
            data = province_chart_data(found.name, found.rows)
        else:
            data = history_chart_data(found.name, found.place.province or "", found.rows)
        if data is None or not data.points:
            return f"no figure of {query.key} with a number and a unit to draw", "", None
        return None, file_stem(found), await asyncio.to_thread(draw, data)
    finally:
        await store.aclose()
