"""Lists of reports for the chat replies: search results without parsing any report's JSON.

A search reply shows each result's title, place, meeting day and a snippet of its text; it
never needs the parsed `Report` (about 0.5 ms of JSON per result) nor its sources (one more
query), which `StoredReport` carries for the full digest. `ReportListing` holds only what a
list shows, read from plain columns (`reports.day`/`month`: migration 0009).

`find_matches` is the search itself (which reports, how many), shared by the listing and by
`ReportRepository.search_page`; `ListingRepository` is the store's `listings`
(bot.storage.store).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.base import Repository
from bot.storage.records import ListingPage, ReportListing
from bot.storage.search import (
    SEARCH_PLANNER_SETTINGS,
    SearchQuery,
    count_statement,
    page_statement,
    parse_query,
)
from bot.storage.tables import reports

_LISTING_COLUMNS = (
    reports.c.id,
    reports.c.title,
    reports.c.province,
    reports.c.province_current,
    reports.c.date,
    reports.c.day,
    reports.c.month,
    reports.c.meeting_kind,
    reports.c.text,
)


async def read_listings(conn: AsyncConnection, ids: Sequence[int]) -> list[ReportListing]:
    """The reports with these ids, in the order given (ids no report has are left out)."""
    if not ids:
        return []
    rows = await conn.execute(sa.select(*_LISTING_COLUMNS).where(reports.c.id.in_(ids)))
    found = {row.id: ReportListing.model_validate(row._asdict()) for row in rows}
    return [found[report_id] for report_id in ids if report_id in found]


async def _matches_once(
    conn: AsyncConnection, dialect: str, query: SearchQuery, *, any_term: bool, limit: int,
    offset: int,
) -> tuple[list[int], int]:
    """The page and the count, in one statement while the page has a row."""
    statement = page_statement(dialect, query, any_term=any_term, limit=limit, offset=offset)
    rows = (await conn.execute(statement)).all()
    if rows:
        return [row.id for row in rows if row.id is not None], int(rows[0].total)
    total = await conn.scalar(count_statement(dialect, query, any_term=any_term))
    return [], int(total or 0)


async def find_matches(
    conn: AsyncConnection, dialect: str, query: SearchQuery, *, limit: int, offset: int
) -> tuple[list[int], int, bool]:
    """(ids of the page, best first; how many reports match; whether they hold every word).

    Plain words no report holds all of fall back to reports holding any of them; a query
    with a quoted phrase never does."""
    for setting in SEARCH_PLANNER_SETTINGS.get(dialect, ()):
        await conn.execute(setting)
    fallback = len(query.words) > 1 and not query.phrases
    for any_term in (False, True) if fallback else (False,):
        ids, total = await _matches_once(
            conn, dialect, query, any_term=any_term, limit=limit, offset=offset
        )
        if total:
            return ids, total, not any_term
    return [], 0, not fallback


class ListingRepository(Repository):
    """Search results as listings: what a list shows, without any report's JSON."""

    async def search(self, query: str, *, limit: int = 5, offset: int = 0) -> ListingPage:
        """`reports.search_page` for a list: the same reports, as listings."""
        parsed = parse_query(query)
        if not parsed or limit <= 0:
            return ListingPage(reports=[], total=0, all_words=True)
        async with self._read() as conn:
            ids, total, all_words = await find_matches(
                conn, self.dialect, parsed, limit=limit, offset=max(offset, 0)
            )
            found = await read_listings(conn, ids)
        return ListingPage(reports=found, total=total, all_words=all_words)
