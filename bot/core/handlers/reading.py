"""/province, /latest, /search, /report: reading the stored digests."""

from __future__ import annotations

from functools import lru_cache

from bot.core.arguments import row_number, split_page, split_search_page
from bot.core.commands import SPECS, Command
from bot.core.handlers.general import command_line, province_not_found
from bot.core.messages import Button, Reply, Request
from bot.core.places import resolve_province
from bot.core.services import Services
from bot.core.templates import Both, render_reply
from bot.core.views import digest_both, report_line, snippet
from bot.storage import StoredReport
from bot.storage.search import parse_query
from digest.models import Report


def _digest(stored: StoredReport) -> Both:
    return _rendered(stored.report)


@lru_cache(maxsize=256)
def _rendered(report: Report) -> Both:
    """The digest in both flavours, remembered per report: rendering is a pure function of
    the (frozen) report, and a province's newest digest is asked for again and again."""
    return digest_both(report)


async def province(services: Services, request: Request, args: str) -> Reply:
    """/province <tỉnh> [n]: the province's latest digest, or its n-th latest."""
    name, page = split_page(args)
    match = resolve_province(name)
    if match.province is None:
        return province_not_found(Command.PROVINCE, name, match)
    total, stored = await services.store.reports.nth_latest(match.province, page)
    if stored is None:
        return render_reply("no_reports", match=match, total=total, page=page)
    buttons = []
    older = command_line(Command.PROVINCE, match.province, page + 1) if page < total else None
    newer = command_line(Command.PROVINCE, match.province, page - 1) if page > 1 else None
    if older:
        buttons.append(Button("◀ Cuộc họp trước", older))
    if newer:
        buttons.append(Button("Mới hơn ▶", newer))
    return render_reply(
        "province",
        match=match,
        page=page,
        total=total,
        digest=_digest(stored),
        report_id=stored.id,
        older=older,
        newer=newer,
        buttons=tuple(buttons),
    )


async def latest(services: Services, request: Request, args: str) -> Reply:
    """/latest: the newest digests of every province."""
    found = await services.store.reports.latest(limit=services.page_size)
    return render_reply("latest", reports=[report_line(stored) for stored in found])


async def search(services: Services, request: Request, args: str) -> Reply:
    """/search <từ khóa> [trang n]: full-text search, diacritics and case ignored; words in
    quotes are a phrase; the reply says how many more there are and how to see them."""
    query, page = split_search_page(args)
    size = services.page_size
    found = await services.store.listings.search(query, limit=size, offset=(page - 1) * size)
    parsed = parse_query(query)
    results = [(report_line(stored), snippet(stored.text, parsed)) for stored in found.reports]
    remaining = max(found.total - (page - 1) * size - len(found.reports), 0)
    more = f"/{SPECS[Command.SEARCH].alias} {query} trang {page + 1}" if remaining else None
    buttons = (Button("Xem thêm ▶", more),) if more else ()
    return render_reply("search", query=query, results=results, total=found.total,
                        remaining=remaining, more=more, page=page, all_words=found.all_words,
                        buttons=buttons)


async def report(services: Services, request: Request, args: str) -> Reply:
    """/report <id>: one full digest with where it came from."""
    looks_like_one, number = row_number(args)
    if not looks_like_one:
        return render_reply("report_not_found", asked=args, number_ok=False)
    stored = None if number is None else await services.store.reports.get(number)
    if stored is None:
        return render_reply("report_not_found", asked=args, number_ok=True)
    return render_reply(
        "report",
        line=report_line(stored),
        digest=_digest(stored),
        sources=stored.sources,
        stored_on=stored.created_at.astimezone(services.timezone).date(),
    )
