"""/province, /latest, /search, /report: reading the stored digests."""

from __future__ import annotations

from bot.core.arguments import row_number, split_page
from bot.core.commands import Command
from bot.core.handlers.general import command_line
from bot.core.handlers.subscriptions import province_not_found
from bot.core.messages import Button, Reply, Request
from bot.core.places import resolve_province
from bot.core.services import Services
from bot.core.templates import Both, render_reply
from bot.core.views import excerpt, report_line
from bot.storage import StoredReport
from digest.render import render

def _digest(stored: StoredReport) -> Both:
    return Both(text=render(stored.report, "text"), html=render(stored.report, "html"))


async def province(services: Services, request: Request, args: str) -> Reply:
    """/province <tỉnh> [n]: the province's latest digest, or its n-th latest."""
    name, page = split_page(args)
    match = resolve_province(name)
    if match.province is None:
        return province_not_found(Command.PROVINCE, name, match)
    total = await services.store.count_reports(province=match.province)
    found = await services.store.latest_reports(province=match.province, limit=1, offset=page - 1)
    if not found:
        return render_reply("no_reports", match=match, total=total, page=page)
    buttons = []
    older = command_line(Command.PROVINCE, match.province, page + 1) if page < total else None
    newer = command_line(Command.PROVINCE, match.province, page - 1) if page > 1 else None
    if older:
        buttons.append(Button("◀ Cuộc họp trước", older))
    if newer:
        buttons.append(Button("Mới hơn ▶", newer))
    stored = found[0]
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
    found = await services.store.latest_reports(limit=services.page_size)
    return render_reply("latest", reports=[report_line(stored) for stored in found])


async def search(services: Services, request: Request, args: str) -> Reply:
    """/search <từ khóa>: full-text search, diacritics and case ignored."""
    found = await services.store.search_reports(args, limit=services.page_size)
    results = [(report_line(stored), excerpt(stored.text, args)) for stored in found]
    return render_reply("search", query=args, results=results)


async def report(services: Services, request: Request, args: str) -> Reply:
    """/report <id>: one full digest with where it came from."""
    looks_like_one, number = row_number(args)
    if not looks_like_one:
        return render_reply("report_not_found", asked=args, number_ok=False)
    stored = None if number is None else await services.store.get_report(number)
    if stored is None:
        return render_reply("report_not_found", asked=args, number_ok=True)
    return render_reply(
        "report",
        line=report_line(stored),
        digest=_digest(stored),
        sources=stored.sources,
        stored_on=stored.created_at.astimezone(services.timezone).date(),
    )
