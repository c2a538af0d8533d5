"""A report's rows as `ReportRepository.add` writes them (bot.storage.intake): its content hash,
its folded text for search, the day it sorts by, its figures, the `latest_figures` upsert,
the sources it was seen at.

Apart from bot.storage.reports (the reads), so that intake, which the reports repository
calls to store a report, depends on these and not on the repository.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.base import insert_ignoring_duplicate
from bot.storage.tables import latest_figures, report_sources, reports
from digest.models import Report
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
