"""/chart (/bieudo) and /export (/xuat): one indicator as a picture or as a spreadsheet.

Both start from /chitieu's rows (`indicator_rows`), so bad input gets /chitieu's answers and
a chart or a spreadsheet holds what /chitieu lists. With no figure to draw (no data, or no
value with a number and a unit) the reply is /chitieu's. The file goes out as a photo or a
document where the channel can send one; elsewhere its text fallback, /chitieu's lines, is
sent (bot.delivery.port). Drawing happens in the chart cache's worker thread, the workbook in
a worker thread: neither holds up other chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import regex

from bot.core.chart_cache import chart_key
from bot.core.commands import Command
from bot.core.handlers.general import command_line
from bot.core.handlers.indicators import IndicatorRows, indicator_reply, indicator_rows
from bot.core.messages import FileKind, Reply, ReplyFile, Request
from bot.core.services import Services
from bot.core.templates import Both, render_reply
from bot.storage import Store, StoredReport
from digest.normalize import fold
from digest.provinces import display_name

_NOT_SLUG = regex.compile(r"[^a-z0-9]+")


def file_stem(found: IndicatorRows) -> str:
    """An ASCII file name: "thu-ngan-sach-thai-nguyen".

    >>> file_stem(IndicatorRows("budget_revenue", "Thu ngân sách", None, []))
    'thu-ngan-sach'
    """
    words = found.name if found.place is None else f"{found.name} {found.place.province}"
    return _NOT_SLUG.sub("-", fold(words).lower()).strip("-")[:60] or "chi-tieu"


def _where(found: IndicatorRows) -> str | None:
    if found.place is None or found.place.province is None:
        return None
    return display_name(found.place.province)


def _args(found: IndicatorRows) -> list[str]:
    """The words that ask for the same data again."""
    place = found.place
    return [found.name] + ([place.typed or place.province or ""] if place else [])


async def _reports(store: Store, ids: Iterable[int]) -> dict[int, StoredReport]:
    found = {}
    for report_id in sorted(set(ids)):
        stored = await store.reports.get(report_id)
        if stored is not None:
            found[report_id] = stored
    return found


async def chart(services: Services, request: Request, args: str) -> Reply:
    """/bieudo <chỉ tiêu> [tỉnh]: a bar chart across provinces, or one province over time."""
    found = await indicator_rows(services, Command.CHART, args)
    if isinstance(found, Reply):
        return found
    text = indicator_reply(found)
    if not found.rows:
        return text
    from bot.core.charts import history_chart_data, province_chart_data  # loads matplotlib

    where = _where(found)
    if where is None:
        data = province_chart_data(found.name, found.rows)
    else:
        data = history_chart_data(found.name, where, found.rows)
    if data is None or not data.points:
        return text  # nothing with a number and a unit to draw: /chitieu's lines
    key = chart_key(found.key, where, (r.report_id for r in found.rows))
    png = await services.charts.png(key, data)
    caption = render_reply(
        "chart", title=data.title, source=data.source, left_out=list(data.left_out),
        lines=command_line(Command.INDICATOR, *_args(found)),
        sheet=command_line(Command.EXPORT, *_args(found)),
    )
    fallback = render_reply("file_fallback", kind="photo", body=Both(text.text, text.html))
    return Reply(
        caption.text, caption.html, "chart",
        file=ReplyFile(FileKind.PHOTO, png, f"{file_stem(found)}.png",
                       fallback_text=fallback.text, fallback_html=fallback.html),
    )


async def export(services: Services, request: Request, args: str) -> Reply:
    """/xuat <chỉ tiêu> [tỉnh]: /chitieu's rows as an .xlsx spreadsheet."""
    found = await indicator_rows(services, Command.EXPORT, args)
    if isinstance(found, Reply):
        return found
    text = indicator_reply(found)
    if not found.rows:
        return text
    data = await workbook(services.store, found)
    caption = render_reply("export", name=found.name, where=_where(found),
                           count=len(found.rows))
    fallback = render_reply("file_fallback", kind="document",
                            body=Both(text.text, text.html))
    return Reply(
        caption.text, caption.html, "export",
        file=ReplyFile(FileKind.DOCUMENT, data, f"{file_stem(found)}.xlsx",
                       fallback_text=fallback.text, fallback_html=fallback.html),
    )


async def workbook(store: Store, found: IndicatorRows) -> bytes:
    """The .xlsx of `found`'s rows, with each report's first source."""
    from bot.core.export import workbook_bytes

    stored = await _reports(store, (r.report_id for r in found.rows))
    sources = {i: s.sources[0] for i, s in stored.items() if s.sources}
    return await asyncio.to_thread(workbook_bytes, found.name, found.rows, sources)
