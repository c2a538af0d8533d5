"""Reports: storing them once (bot.storage.intake), reading them back, their figures, search."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bounds import MAX_ROW_ID
from bot.storage import intake
from bot.storage.base import Repository, count, insert_ignoring_duplicate
from bot.storage.database import Database
from bot.storage.listings import find_matches
from bot.storage.records import AddedReport, FigureRow, SearchPage, StoredReport
from bot.storage.search import parse_query
from bot.storage.signal import Signal
from bot.storage.tables import figures, latest_figures, report_sources, reports
from digest.models import Figure, Report

_REPORT_COLUMNS = (
    reports.c.id,
    reports.c.title,
    reports.c.province,
    reports.c.province_current,
    reports.c.date,
    reports.c.meeting_kind,
    reports.c.period,
    reports.c.created_at,
    reports.c.report_json,
    reports.c.text,
)

# A report whose text gives no year sorts by the day it was received (`sort_date`), never by
# a year made up for it.
_NEWEST_FIRST = (reports.c.sort_date.desc(), reports.c.id.desc())


def load_report(raw: str) -> Report:
    """A stored report's JSON as a Report, also when written before the engine stopped
    inventing years (migration 0007 rewrites those rows; a row written by an old process
    during an upgrade is read the same way): `year_known` false means `date`'s year was
    guessed, so only its day and month are kept."""
    if '"year_known"' not in raw:
        return Report.model_validate_json(raw)
    data = json.loads(raw)
    year_known = data.pop("year_known", True)
    stated = data.get("date")
    if stated and data.get("day") is None:
        data["day"], data["month"] = int(stated[8:10]), int(stated[5:7])
    if not year_known:
        data["date"] = None
    return Report.model_validate(data)


async def _sources(conn: AsyncConnection, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {report_id: [] for report_id in ids}
    if ids:
        rows = await conn.execute(
            sa.select(report_sources.c.report_id, report_sources.c.source)
            .where(report_sources.c.report_id.in_(ids))
            .order_by(report_sources.c.seen_at, report_sources.c.id)
        )
        for report_id, source in rows:
            found[report_id].append(source)
    return found


@functools.lru_cache(maxsize=256)
def _parsed(report_json: str) -> Report:
    """A stored report's JSON parsed, remembered by the JSON itself: a row is never updated,
    and the same JSON always gives an equal (frozen) Report, so nothing can go stale. The
    newest reports of busy provinces are read again and again (about 0.5 ms each)."""
    return load_report(report_json)


async def _stored(conn: AsyncConnection, statement: sa.Select[Any]) -> list[StoredReport]:
    return await _stored_rows(conn, (await conn.execute(statement)).all())


async def _stored_rows(conn: AsyncConnection, rows: Sequence[Any]) -> list[StoredReport]:
    sources = await _sources(conn, [row.id for row in rows])
    return [
        StoredReport(
            id=row.id,
            title=row.title,
            province=row.province,
            province_current=row.province_current,
            date=row.date,
            meeting_kind=row.meeting_kind,
            period=row.period,
            sources=sources[row.id],
            created_at=row.created_at,
            report=_parsed(row.report_json),
            text=row.text,
        )
        for row in rows
    ]


@functools.lru_cache(maxsize=4096)
def _parsed_figure(figure_json: str) -> Figure:
    """A stored figure's JSON parsed, remembered by the JSON (see `_parsed`): `/chitieu`
    reads the same few hundred figures of the provinces' newest reports again and again."""
    return Figure.model_validate_json(figure_json)


def _figure_row(row: sa.Row[Any]) -> FigureRow:
    return FigureRow(
        report_id=row.report_id,
        province=row.province,
        province_current=row.province_current,
        date=row.date,
        day=row.day,
        month=row.month,
        meeting_kind=row.meeting_kind,
        title=row.title,
        figure=_parsed_figure(row.figure_json),
    )


@functools.cache
def _figure_row_columns(dialect: str) -> tuple[sa.ColumnElement[Any], ...]:
    return (
        figures.c.report_id,
        reports.c.province,
        figures.c.province_current,
        reports.c.date,
        reports.c.day,
        reports.c.month,
        reports.c.meeting_kind,
        reports.c.title,
        figures.c.figure_json,
    )


# One figure per report: no figure of the same indicator and kind comes before it.
_EARLIER = figures.alias("earlier")
_FIRST_IN_REPORT = ~sa.exists().where(
    _EARLIER.c.report_id == figures.c.report_id,
    _EARLIER.c.kind == figures.c.kind,
    _EARLIER.c.indicator == figures.c.indicator,
    _EARLIER.c.position < figures.c.position,
)


class ReportRepository(Repository):
    """Reports in, reports out: `add` is the one way any report is stored."""

    def __init__(self, database: Database, outbox_signal: Signal) -> None:
        super().__init__(database)
        self.outbox_signal = outbox_signal
        self._signed_all = False  # reports stored before signatures existed are signed once

    async def add(
        self, *, text: str, report: Report, source: str | None, now: datetime,
        quiet: bool = False, queue: bool = False,
    ) -> AddedReport:
        """Store a report unless it is stored already, word for word or as a near-duplicate
        (bot.storage.intake); record `source` on the stored one either way.

        `queue`: in the same transaction, queue the new report's digest for its subscribers
        (`AddedReport.queued`). `quiet`: never pushed, in digests or roundups (bot.core.ingest).
        """
        if not self._signed_all:
            await intake.sign_unsigned(self.database)
            self._signed_all = True
        signature = await asyncio.to_thread(intake.signature, text)
        try:
            async with self._write() as conn:
                added = await intake.store_once(
                    conn, self.dialect, text=text, report=report, source=source, now=now,
                    quiet=quiet, queue=queue and not quiet, signature=signature,
                )
        except IntegrityError:
            # Another writer stored the same text between our look-up and our insert (it
            # queued the deliveries too): now the look-up finds it.
            async with self._write() as conn:
                added = await intake.store_once(
                    conn, self.dialect, text=text, report=report, source=source, now=now,
                    quiet=quiet, queue=False, signature=signature, insert=False,
                )
        if added.queued:
            self.outbox_signal.notify()
        return added

    async def add_source(self, report_id: int, source: str, *, now: datetime) -> bool:
        """Record one more place a stored report was seen; False if known already."""
        async with self._write() as conn:
            exists = await conn.scalar(sa.select(reports.c.id).where(reports.c.id == report_id))
            if exists is None:
                raise KeyError(f"no report {report_id}")
            return await insert_ignoring_duplicate(
                conn,
                sa.insert(report_sources).values(report_id=report_id, source=source, seen_at=now),
            )

    async def get(self, report_id: int) -> StoredReport | None:
        """The report with this id; None for an id no row can have (PostgreSQL's ids are
        32-bit: a larger number would be an error there, not "not found")."""
        if not 0 < report_id <= MAX_ROW_ID:
            return None
        async with self._read() as conn:
            found = await _stored(
                conn, sa.select(*_REPORT_COLUMNS).where(reports.c.id == report_id)
            )
        return found[0] if found else None

    async def latest(
        self, *, province: str | None = None, limit: int = 5, offset: int = 0
    ) -> list[StoredReport]:
        """Newest first by `sort_date` (a report without a stated year by the day it was
        received); `province` is matched against province_current."""
        statement = sa.select(*_REPORT_COLUMNS).order_by(*_NEWEST_FIRST)
        if province is not None:
            statement = statement.where(reports.c.province_current == province)
        async with self._read() as conn:
            return await _stored(conn, statement.limit(max(limit, 0)).offset(max(offset, 0)))

    async def nth_latest(self, province: str, n: int) -> tuple[int, StoredReport | None]:
        """How many reports the province (current name) has, and its `n`-th newest (1 = the
        newest; None past the end), read in one transaction.

        The count rides along the page as an uncorrelated subquery (run once): one statement
        instead of two for the page a chat asks for nearly always; a page past the end
        returns no row and is counted on its own."""
        of_province = reports.c.province_current == province
        total_column = (
            sa.select(sa.func.count()).select_from(reports).where(of_province).scalar_subquery()
        )
        statement = (
            sa.select(*_REPORT_COLUMNS, total_column.label("total"))
            .where(of_province)
            .order_by(*_NEWEST_FIRST)
            .limit(1)
            .offset(max(n - 1, 0))
        )
        async with self._read() as conn:
            rows = (await conn.execute(statement)).all()
            if rows:
                return int(rows[0].total), (await _stored_rows(conn, rows))[0]
            return await count(conn, reports, of_province), None

    async def count(self, *, province: str | None = None) -> int:
        where = [] if province is None else [reports.c.province_current == province]
        async with self._read() as conn:
            return await count(conn, reports, *where)

    async def indicator_latest(self, indicator: str) -> list[FigureRow]:
        """Per province that reported (as it was then: a merged province's parts each keep
        their row, and so does the merged province itself), the indicator's figure in its
        newest report.

        Figures of reports whose province is unknown are left out. Newest first.
        Read from `latest_figures`, which `add` keeps up to date.
        """
        latest = latest_figures.c
        statement = (
            sa.select(*_figure_row_columns(self.dialect))
            .select_from(
                latest_figures.join(
                    figures,
                    sa.and_(
                        figures.c.report_id == latest.report_id,
                        figures.c.kind == latest.kind,
                        figures.c.position == latest.position,
                    ),
                ).join(reports, reports.c.id == latest.report_id)
            )
            .where(latest.indicator == indicator, latest.kind == "result")
            .order_by(latest.date.desc(), latest.province_current, latest.province)
        )
        async with self._read() as conn:
            return [_figure_row(row) for row in await conn.execute(statement)]

    async def indicator_history(
        self, indicator: str, province: str, limit: int = 10
    ) -> list[FigureRow]:
        """The indicator in one province's reports (the province after the 2025 merger, its
        parts included), newest first, one figure per report."""
        statement = (
            sa.select(*_figure_row_columns(self.dialect))
            .select_from(figures.join(reports, reports.c.id == figures.c.report_id))
            .where(
                figures.c.indicator == indicator,
                figures.c.kind == "result",
                figures.c.province_current == province,
                _FIRST_IN_REPORT,
            )
            .order_by(reports.c.sort_date.desc(), figures.c.report_id.desc())
            .limit(max(limit, 0))
        )
        async with self._read() as conn:
            return [_figure_row(row) for row in await conn.execute(statement)]

    async def search(self, query: str, *, limit: int = 5) -> list[StoredReport]:
        """Reports matching every word of `query` (or, failing that, any), best first.

        Matching ignores case and diacritics. Any string is safe to pass. Of many matches,
        the newest `bot.storage.search.RANKED_WINDOW` are ranked; ties go to the newer.
        """
        return (await self.search_page(query, limit=limit)).reports

    async def search_page(self, query: str, *, limit: int = 5, offset: int = 0) -> SearchPage:
        """A page of `search`, with how many reports match in all. Quoted phrases
        must match as phrases, and a query with one never falls back to any word."""
        parsed = parse_query(query)
        if not parsed or limit <= 0:
            return SearchPage(reports=[], total=0, all_words=True)
        async with self._read() as conn:
            ids, total, all_words = await find_matches(
                conn, self.dialect, parsed, limit=limit, offset=max(offset, 0)
            )
            found = await _stored(conn, sa.select(*_REPORT_COLUMNS).where(reports.c.id.in_(ids)))
        by_id = {stored.id: stored for stored in found}
        return SearchPage(
            reports=[by_id[report_id] for report_id in ids if report_id in by_id],
            total=total,
            all_words=all_words,
        )
