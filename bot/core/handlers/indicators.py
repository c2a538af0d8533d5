"""/indicator <chỉ tiêu> [tỉnh]: one indicator across provinces, or one province's history.

`indicator_rows` is what /chitieu, /bieudo, /xuat and /theodoi share: the same parsing, the
same answers to bad input (an unknown indicator, an ambiguous one, an unknown province) and
the same rows, so a chart and a spreadsheet hold what /chitieu lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands import Command
from bot.core.handlers.general import command_line, did_you_mean, province_not_found
from bot.core.messages import Reply, Request
from bot.core.metrics import IndicatorQuery, display_name, parse_indicator_query
from bot.core.places import ProvinceMatch
from bot.core.services import Services
from bot.core.templates import render_reply
from bot.core.views import figure_line, rank_by_value
from bot.storage import FigureRow
from digest.indicators import load_indicators

HISTORY_ROWS = 10
EXAMPLE_INDICATORS = 6


@dataclass(frozen=True)
class IndicatorRows:
    key: str
    name: str  # as replies show it: "Thu ngân sách"
    place: ProvinceMatch | None  # None: across provinces
    rows: list[FigureRow]  # /chitieu's order: largest first, or newest first


def _examples() -> list[str]:
    ranked = sorted(load_indicators(), key=lambda ind: -ind.importance)
    return [ind.name for ind in ranked[:EXAMPLE_INDICATORS]]


def indicator_problem(command: Command, args: str, query: IndicatorQuery) -> Reply | None:
    """The answer to an indicator or province that cannot be resolved; None if both are."""
    place = query.place
    province_words = [] if place is None or place.typed is None else [place.typed]
    if query.key is None:
        if not query.candidates:
            return render_reply("unknown_indicator", asked=query.asked or args,
                                examples=_examples())
        options = [
            (display_name(key), command_line(command, display_name(key), *province_words))
            for key in query.candidates
        ]
        return did_you_mean("chỉ tiêu", query.asked, options)
    if place is not None and place.province is None:
        return province_not_found(command, args, place)
    return None


async def indicator_rows(services: Services, command: Command, args: str
                         ) -> IndicatorRows | Reply:
    """The rows `/chitieu <args>` lists, or the answer to bad input (as `command`'s)."""
    query = parse_indicator_query(args)
    if (problem := indicator_problem(command, args, query)) is not None:
        return problem
    assert query.key is not None
    place = query.place
    if place is None:
        rows = rank_by_value(await services.store.reports.indicator_latest(query.key))
    else:
        assert place.province is not None
        rows = await services.store.reports.indicator_history(
            query.key, place.province, limit=HISTORY_ROWS
        )
    return IndicatorRows(query.key, display_name(query.key), place, rows)


def indicator_reply(found: IndicatorRows) -> Reply:
    """/chitieu's answer: the figures as lines, or that there are none."""
    lines = [figure_line(r) for r in found.rows]
    if found.place is None:
        return render_reply("indicator_latest", name=found.name, rows=lines)
    return render_reply("indicator_history", name=found.name, match=found.place, rows=lines)


async def indicator(services: Services, request: Request, args: str) -> Reply:
    """Latest value per province, largest first; with a province, its history."""
    found = await indicator_rows(services, Command.INDICATOR, args)
    return found if isinstance(found, Reply) else indicator_reply(found)
