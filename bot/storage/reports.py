"""Reports: storing them once per text, reading them back, their figures, and search."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bounds import MAX_ROW_ID
from bot.storage.base import StoreBase, count, insert_ignoring_duplicate
from bot.storage.listings import find_matches
from bot.storage.records import AddedReport, FigureRow, SearchPage, StoredReport
from bot.storage.search import parse_query
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

# A report whose text gives no year sorts by the day it was received (`sort_date`), never by
# a year made up for it.
_NEWEST_FIRST = (reports.c.sort_date.desc(), reports.c.id.desc())


def sort_date(report: Report, now: datetime) -> date:
    """The day a report sorts by: its meeting's date when the text states the year, else the
    day it was received (`now`, in the caller's zone).

    >>> from datetime import UTC
    >>> sort_date(Report.model_validate_json(
    ...     '{"title": null, "province": null, "date": null, "day": 27, "month": 6,'
    ...     ' "meeting_kind": "bch", "meeting": {"kind": "bch"}, "period": null}'),
    ...     datetime(2026, 12, 3, 8, tzinfo=UTC)).isoformat()
    '2026-12-03'
    """
    return report.date if report.date is not None else now.date()


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


@functools.lru_cache(maxsize=256)
def _parsed(report_json: str) -> Report:
    """A stored report's JSON parsed, remembered by the JSON itself: a row is never updated,
    and the same JSON always gives an equal (frozen) Report, so nothing can go stale. The
    newest reports of busy provinces are read again and again (about 0.5 ms each)."""
    return load_report(report_json)


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


def _latest_rows(
    rows: Iterable[dict[str, Any]], province: str | None, day: date
) -> list[dict[str, Any]]:
    """The `latest_figures` candidates of one report: its first figure per (indicator, kind),
    where both the indicator and the province are known; in key order, so that concurrent
    writers lock summary rows in the same order (PostgreSQL would otherwise see deadlocks).
    `province`: the province that reported, as it was then; `day`: the report's `sort_date`.

    >>> rows = [
    ...     dict(report_id=7, date=None, province_current="Huế", indicator=i, kind=k, position=p)
    ...     for i, k, p in [("grdp", "result", 0), ("grdp", "result", 1), (None, "result", 2),
    ...                     ("grdp", "target", 0)]
    ... ]
    >>> [(r["kind"], r["position"]) for r in _latest_rows(rows, "Huế", date(2025, 1, 2))]
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
            "province": province or row["province_current"],
            "report_id": row["report_id"],
            "position": row["position"],
            "date": day,
        }
        for _, row in sorted(first.items())
    ]


@functools.cache
def _upsert_latest(dialect: str) -> sa.Insert:
    """Insert a `latest_figures` row, or replace the stored one if it comes from an older
    report: `sort_date DESC, report_id DESC`, the order the reads show reports in.

    The condition sits in the upsert itself, so two writers storing reports of one province
    at once on PostgreSQL cannot overwrite a newer row with an older one.
    """
    module = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect)
    if module is None:
        raise NotImplementedError(f"no upsert for {dialect}")
    statement = module.insert(latest_figures)
    new, old = statement.excluded, latest_figures.c
    newer = sa.or_(
        new.date > old.date,
        sa.and_(new.date == old.date, new.report_id > old.report_id),
    )
    return statement.on_conflict_do_update(
        index_elements=[old.indicator, old.kind, old.province_current, old.province],
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


class ReportQueries(StoreBase):
    async def add_report(
        self, *, text: str, report: Report, source: str | None, now: datetime,
        quiet: bool = False,
    ) -> AddedReport:
        """Store a report unless the same text is stored already; record `source` either way.

        `quiet`: never pushed to subscribers, in digests or roundups (bot.core.ingest)."""
        digest = content_hash(text)
        try:
            async with self._write() as conn:
                existing = await _report_id_for_hash(conn, digest)
                if existing is not None:
                    await _record_source(conn, existing, source, now)
                    return AddedReport(report_id=existing, created=False)
                report_id = await self._insert_report(
                    conn, digest, text, report, source, now, quiet=quiet
                )
                return AddedReport(report_id=report_id, created=True)
        except IntegrityError:
            # Another writer stored the same text between our look-up and our insert.
            async with self._write() as conn:
                existing = await _report_id_for_hash(conn, digest)
                if existing is None:
                    raise
                await _record_source(conn, existing, source, now)
                return AddedReport(report_id=existing, created=False)

    async def _insert_report(
        self,
        conn: AsyncConnection,
        digest: str,
        text: str,
        report: Report,
        source: str | None,
        now: datetime,
        *,
        quiet: bool = False,
    ) -> int:
        report_id: int = await conn.scalar(
            sa.insert(reports)
            .values(
                content_hash=digest,
                text=text,
                title=report.title,
                province=report.province,
                province_current=report.province_current,
                date=report.date,
                sort_date=sort_date(report, now),
                meeting_kind=report.meeting_kind.value,
                period=report.period,
                source=source,
                report_json=report.model_dump_json(),
                text_folded=folded_for_search(report.title, text),
                created_at=now,
                quiet=quiet,
                day=report.day,
                month=report.month,
            )
            .returning(reports.c.id)
        )
        rows = _figure_rows(report_id, report)
        if rows:
            await conn.execute(sa.insert(figures), rows)
        latest = _latest_rows(rows, report.province, sort_date(report, now))
        if latest:
            await conn.execute(_upsert_latest(self.dialect), latest)
        await _record_source(conn, report_id, source, now)
        return report_id

    async def get_report(self, report_id: int) -> StoredReport | None:
        """The report with this id; None for an id no row can have (PostgreSQL's ids are
        32-bit: a larger number would be an error there, not "not found")."""
        if not 0 < report_id <= MAX_ROW_ID:
            return None
        async with self._read() as conn:
            found = await _stored(
                conn, sa.select(*_REPORT_COLUMNS).where(reports.c.id == report_id)
            )
        return found[0] if found else None

    async def latest_reports(
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
        newest; None past the end), read in one transaction."""
        statement = (
            sa.select(*_REPORT_COLUMNS)
            .where(reports.c.province_current == province)
            .order_by(*_NEWEST_FIRST)
            .limit(1)
            .offset(max(n - 1, 0))
        )
        async with self._read() as conn:
            total = await count(conn, reports, reports.c.province_current == province)
            found = await _stored(conn, statement) if total >= n else []
        return total, found[0] if found else None

    async def count_reports(self, *, province: str | None = None) -> int:
        where = [] if province is None else [reports.c.province_current == province]
        async with self._read() as conn:
            return await count(conn, reports, *where)

    async def indicator_latest(self, indicator: str) -> list[FigureRow]:
        """Per province that reported (as it was then: a merged province's parts each keep
        their row, and so does the merged province itself), the indicator's figure in its
        newest report.

        Figures of reports whose province is unknown are left out. Newest first.
        Read from `latest_figures`, which add_report keeps up to date.
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

    async def search_reports(self, query: str, *, limit: int = 5) -> list[StoredReport]:
        """Reports matching every word of `query` (or, failing that, any), best first.

        Matching ignores case and diacritics. Any string is safe to pass. Of many matches,
        the newest `bot.storage.search.RANKED_WINDOW` are ranked; ties go to the newer.
        """
        return (await self.search_page(query, limit=limit)).reports

    async def search_page(self, query: str, *, limit: int = 5, offset: int = 0) -> SearchPage:
        """A page of `search_reports`, with how many reports match in all. Quoted phrases
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
