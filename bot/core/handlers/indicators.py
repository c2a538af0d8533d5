"""/indicator <chỉ tiêu> [tỉnh]: one indicator across provinces, or one province's history."""

from __future__ import annotations

from bot.core.commands import Command
from bot.core.handlers.general import command_line, did_you_mean
from bot.core.handlers.subscriptions import province_not_found
from bot.core.messages import Reply, Request
from bot.core.metrics import display_name, parse_indicator_query
from bot.core.services import Services
from bot.core.templates import render_reply
from bot.core.views import figure_line, rank_by_value
from digest.indicators import load_indicators

HISTORY_ROWS = 10
EXAMPLE_INDICATORS = 6


def _examples() -> list[str]:
    ranked = sorted(load_indicators(), key=lambda ind: -ind.importance)
    return [ind.name for ind in ranked[:EXAMPLE_INDICATORS]]


async def indicator(services: Services, request: Request, args: str) -> Reply:
    """Latest value per province, largest first; with a province, its history."""
    query = parse_indicator_query(args)
    place = query.place
    province_words = [] if place is None or place.typed is None else [place.typed]
    if query.key is None:
        if not query.candidates:
            return render_reply("unknown_indicator", asked=query.asked or args,
                                examples=_examples())
        options = [
            (display_name(key), command_line(Command.INDICATOR, display_name(key),
                                             *province_words))
            for key in query.candidates
        ]
        return did_you_mean("chỉ tiêu", query.asked, options)
    name = display_name(query.key)
    if place is not None and place.province is None:
        return province_not_found(Command.INDICATOR, args, place)
    if place is None:
        rows = rank_by_value(await services.store.reports.indicator_latest(query.key))
        return render_reply("indicator_latest", name=name, rows=[figure_line(r) for r in rows])
    rows = await services.store.reports.indicator_history(query.key, place.province, limit=HISTORY_ROWS)
    return render_reply(
        "indicator_history", name=name, match=place, rows=[figure_line(r) for r in rows]
    )
