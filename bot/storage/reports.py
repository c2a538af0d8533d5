"""Reports: storing them once (bot.storage.intake), reading them back, their figures, search."""

from __future__ import annotations

import asyncio
import functools
import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bounds import MAX_ROW_ID
from bot.storage.base import Repository, count, insert_ignoring_duplicate
from bot.storage.database import Database
from bot.storage.records import AddedReport, FigureRow, SearchPage, StoredReport
from bot.storage.search import (
    SEARCH_PLANNER_SETTINGS,
    count_statement,
    parse_query,
    search_statement,
)
from bot.storage.signal import Signal
from bot.storage.tables import figures, latest_figures, report_sources, reports
from digest.models import Figure, Report
from digest.normalize import fold, normalize_text


def content_hash(text: str) -> str:
    """sha256 of the normalised text: the same article re-fetched or re-spaced is one report.

    >>> content_hash("Hội nghị  Tỉnh uỷ") == content_hash("Hội nghị Tỉnh ủy")
    True
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def folded_for_search(title: str | None, text: str) -> str:
    """The title and text, folded, as the full-text index sees them.

    >>> folded_for_search("Thu ngân sách", "Đạt 60,1% kế hoạch")
    'thu ngan sach\\ndat 60,1% ke hoach'
    """
    return fold(normalize_text(f"{title or ''}\n{text}"))


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

_NEWEST_FIRST = (reports.c.date.desc().nulls_last(), reports.c.id.desc())


def _figure_rows(report_id: int, report: Report) -> list[dict[str, Any]]:
    rows = []
    for kind, items in (("result", report.figures), ("target", report.targets)):
        for position, figure in enumerate(items):
            rows.append(
                {
                    "report_id": report_id,
                    "kind": kind,
                    "position": position,
                    "indicator": figure.indicator,
                    "province_current": report.province_current,
                    "date": report.date,
                    "value": figure.value,
                    "unit": figure.unit,
                    "pct_of_plan": figure.pct_of_plan,
                    "yoy_pct": figure.yoy_pct,
                    "figure_json": figure.model_dump_json(),
                }
            )
    return rows


async def _report_id_for_hash(conn: AsyncConnection, digest: str) -> int | None:
    return await conn.scalar(sa.select(reports.c.id).where(reports.c.content_hash == digest))


async def _record_source(
    conn: AsyncConnection, report_id: int, source: str | None, now: datetime
) -> None:
    if not source:
        return
    known = await conn.scalar(
        sa.select(sa.literal(1)).where(
            report_sources.c.report_id == report_id, report_sources.c.source == source
        )
    )
    if known is None:
        await insert_ignoring_duplicate(
            conn,
            sa.insert(report_sources).values(report_id=report_id, source=source, seen_at=now),
        )


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


async def _stored(conn: AsyncConnection, statement: sa.Select[Any]) -> list[StoredReport]:
    rows = (await conn.execute(statement)).all()
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
            report=Report.model_validate_json(row.report_json),
            text=row.text,
        )
        for row in rows
    ]


def _figure_row(row: sa.Row[Any]) -> FigureRow:
    return FigureRow(
        report_id=row.report_id,
        province=row.province,
        province_current=row.province_current,
        date=row.date,
        meeting_kind=row.meeting_kind,
        title=row.title,
        figure=Figure.model_validate_json(row.figure_json),
    )


_FIGURE_ROW_COLUMNS = (
    figures.c.report_id,
    reports.c.province,
    figures.c.province_current,
    figures.c.date,
    reports.c.meeting_kind,
    reports.c.title,
    figures.c.figure_json,
)


def _latest_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `latest_figures` candidates of one report: its first figure per (indicator, kind),
    where both the indicator and the province are known; in key order, so that concurrent
    writers lock summary rows in the same order (PostgreSQL would otherwise see deadlocks).

    >>> rows = [
    ...     dict(report_id=7, date=None, province_current="Huế", indicator=i, kind=k, position=p)
    ...     for i, k, p in [("grdp", "result", 0), ("grdp", "result", 1), (None, "result", 2),
    ...                     ("grdp", "target", 0)]
    ... ]
    >>> [(r["kind"], r["position"]) for r in _latest_rows(rows)]
    [('result', 0), ('target', 0)]
    """
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row["indicator"] is None or row["province_current"] is None:
            continue
        key = (row["indicator"], row["kind"])
        if key not in first or row["position"] < first[key]["position"]:
            first[key] = row
    return [
        {
            "indicator": row["indicator"],
            "kind": row["kind"],
            "province_current": row["province_current"],
            "report_id": row["report_id"],
            "position": row["position"],
            "date": row["date"],
        }
        for _, row in sorted(first.items())
    ]


@functools.cache
def _upsert_latest(dialect: str) -> sa.Insert:
    """Insert a `latest_figures` row, or replace the stored one if it comes from an older
    report: `date DESC NULLS LAST, report_id DESC`, the order the reads show reports in.

    The condition sits in the upsert itself, so two writers storing reports of one province
    at once on PostgreSQL cannot overwrite a newer row with an older one.
    """
    module = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect)
    if module is None:
        raise NotImplementedError(f"no upsert for {dialect}")
    statement = module.insert(latest_figures)
    new, old = statement.excluded, latest_figures.c
    newer = sa.or_(
        sa.and_(new.date.is_not(None), old.date.is_(None)),
        new.date > old.date,
        sa.and_(new.date == old.date, new.report_id > old.report_id),
        sa.and_(new.date.is_(None), old.date.is_(None), new.report_id > old.report_id),
    )
    return statement.on_conflict_do_update(
        index_elements=[old.indicator, old.kind, old.province_current],
        set_={"report_id": new.report_id, "position": new.position, "date": new.date},
        where=newer,
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
        from bot.storage import intake

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
        """Newest first (undated last); `province` is matched against province_current."""
        statement = sa.select(*_REPORT_COLUMNS).order_by(*_NEWEST_FIRST)
        if province is not None:
            statement = statement.where(reports.c.province_current == province)
        async with self._read() as conn:
            return await _stored(conn, statement.limit(max(limit, 0)).offset(max(offset, 0)))

    async def count(self, *, province: str | None = None) -> int:
        where = [] if province is None else [reports.c.province_current == province]
        async with self._read() as conn:
            return await count(conn, reports, *where)

    async def indicator_latest(self, indicator: str) -> list[FigureRow]:
        """Per province (current name), the indicator's figure in its newest report.

        Figures of reports whose province is unknown are left out. Newest first.
        Read from `latest_figures`, which `add` keeps up to date.
        """
        latest = latest_figures.c
        statement = (
            sa.select(*_FIGURE_ROW_COLUMNS)
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
            .order_by(latest.date.desc().nulls_last(), latest.province_current)
        )
        async with self._read() as conn:
            return [_figure_row(row) for row in await conn.execute(statement)]

    async def indicator_history(
        self, indicator: str, province: str, limit: int = 10
    ) -> list[FigureRow]:
        """The indicator in one province's reports, newest first, one figure per report."""
        statement = (
            sa.select(*_FIGURE_ROW_COLUMNS)
            .select_from(figures.join(reports, reports.c.id == figures.c.report_id))
            .where(
                figures.c.indicator == indicator,
                figures.c.kind == "result",
                figures.c.province_current == province,
                _FIRST_IN_REPORT,
            )
            .order_by(figures.c.date.desc().nulls_last(), figures.c.report_id.desc())
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
        fallback = len(parsed.words) > 1 and not parsed.phrases
        async with self._read() as conn:
            for setting in SEARCH_PLANNER_SETTINGS.get(self.dialect, ()):
                await conn.execute(setting)
            for any_term in (False, True) if fallback else (False,):
                total = int(await conn.scalar(
                    count_statement(self.dialect, parsed, any_term=any_term)
                ) or 0)
                if total:
                    break
            statement = search_statement(
                self.dialect, parsed, any_term=any_term, limit=limit, offset=max(offset, 0)
            )
            ids = list((await conn.execute(statement)).scalars()) if total else []
            found = await _stored(conn, sa.select(*_REPORT_COLUMNS).where(reports.c.id.in_(ids)))
        by_id = {stored.id: stored for stored in found}
        return SearchPage(
            reports=[by_id[report_id] for report_id in ids if report_id in by_id],
            total=total,
            all_words=not any_term,
        )
