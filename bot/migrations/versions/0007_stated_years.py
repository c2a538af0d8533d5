"""Years only where the report states them; a merged province's parts each keep their figure.

Revision ID: 0007
Revises: 0006

* Reports stored before the engine stopped inventing years hold JSON with a `year_known`
  flag and, when it is false, a `date` whose year was guessed from the day the report was
  received. The upgrade drops the flag; where it was false it keeps the day and month
  (`day`, `month`) and clears `date`, here and in the `date` columns of `reports` and
  `figures`. The guessed years are not restored by the downgrade: they were never the
  report's.
* `reports.sort_date`: what `/moinhat` and `/tinh` sort by, the meeting's date or, when the
  text gives no year, the day the report was received (UTC day of `created_at` for rows
  stored before this revision).
* `latest_figures` gains `province` (the reporting province as it was, else the current
  one) in its key, so `/chitieu` across provinces lists Bắc Kạn's and Thái Nguyên's own
  figures side by side instead of the newest of either under Thái Nguyên; its `date` is the
  report's `sort_date`. The table is rebuilt from the stored figures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The UTC day of a timestamp, per engine (SQLite stores `created_at` as UTC text).
_RECEIVED_DAY = {
    "sqlite": "date(created_at)",
    "postgresql": "CAST(created_at AT TIME ZONE 'UTC' AS DATE)",
}

_FILL_LATEST = """
INSERT INTO latest_figures
    (indicator, kind, province_current, province, report_id, position, date)
SELECT indicator, kind, province_current, province, report_id, position, sort_date
FROM (
    SELECT f.indicator, f.kind, f.province_current,
           COALESCE(r.province, f.province_current) AS province,
           f.report_id, f.position, r.sort_date,
           row_number() OVER (
               PARTITION BY f.indicator, f.kind, f.province_current,
                            COALESCE(r.province, f.province_current)
               ORDER BY r.sort_date DESC, f.report_id DESC, f.position
           ) AS newest
    FROM figures AS f JOIN reports AS r ON r.id = f.report_id
    WHERE f.indicator IS NOT NULL AND f.province_current IS NOT NULL
) AS ranked
WHERE newest = 1
"""

# As migration 0004 filled it: one row per current province, undated last.
_FILL_LATEST_0004 = """
INSERT INTO latest_figures (indicator, kind, province_current, report_id, position, date)
SELECT indicator, kind, province_current, report_id, position, date
FROM (
    SELECT indicator, kind, province_current, report_id, position, date,
           row_number() OVER (
               PARTITION BY indicator, kind, province_current
               ORDER BY (date IS NULL), date DESC, report_id DESC, position
           ) AS newest
    FROM figures
    WHERE indicator IS NOT NULL AND province_current IS NOT NULL
) AS ranked
WHERE newest = 1
"""


def stated_only(raw: str) -> tuple[str, bool]:
    """A stored report's JSON without `year_known`, and whether its `date` had to go.

    A copy of the rule, not an import: a migration must keep doing what it did when the
    application's code moves on.

    >>> stated_only('{"date": "2026-06-27", "year_known": false, "title": null}')
    ('{"date": null, "title": null, "day": 27, "month": 6}', True)
    >>> stated_only('{"date": "2023-12-05", "year_known": true}')
    ('{"date": "2023-12-05", "day": 5, "month": 12}', False)
    """
    data = json.loads(raw)
    year_known = data.pop("year_known", True)
    stated = data.get("date")
    if stated and data.get("day") is None:
        data["day"], data["month"] = int(stated[8:10]), int(stated[5:7])
    cleared = bool(stated) and not year_known
    if cleared:
        data["date"] = None
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": ")), cleared


def _rewrite_reports(conn: sa.Connection) -> None:
    reports = sa.table(
        "reports", sa.column("id"), sa.column("report_json"), sa.column("date")
    )
    figures = sa.table("figures", sa.column("report_id"), sa.column("date"))
    rows = conn.execute(
        sa.select(reports.c.id, reports.c.report_json).where(
            reports.c.report_json.like('%"year_known"%')
        )
    ).all()
    for report_id, raw in rows:
        rewritten, cleared = stated_only(raw)
        values: dict[str, object] = {"report_json": rewritten}
        if cleared:
            values["date"] = None
            conn.execute(
                sa.update(figures).where(figures.c.report_id == report_id).values(date=None)
            )
        conn.execute(sa.update(reports).where(reports.c.id == report_id).values(**values))


def _latest_table(with_province: bool) -> None:
    key = ["indicator", "kind", "province_current"] + (["province"] if with_province else [])
    columns = [
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("province_current", sa.String(64), nullable=False),
    ]
    if with_province:
        columns.append(sa.Column("province", sa.String(64), nullable=False))
    columns += [
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=not with_province),
    ]
    op.create_table(
        "latest_figures",
        *columns,
        sa.PrimaryKeyConstraint(*key, name="pk_latest_figures"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_latest_figures_report_id_reports",
        ),
    )


def upgrade() -> None:
    conn = op.get_bind()
    _rewrite_reports(conn)
    op.add_column("reports", sa.Column("sort_date", sa.Date))
    received = _RECEIVED_DAY[conn.dialect.name]
    op.execute(f"UPDATE reports SET sort_date = COALESCE(date, {received})")
    if conn.dialect.name == "postgresql":
        # SQLite would rebuild `reports` for this, losing its full-text triggers; there the
        # column stays nullable and the store always writes it.
        op.alter_column("reports", "sort_date", existing_type=sa.Date, nullable=False)
    op.create_index("ix_reports_sort_date_id", "reports", ["sort_date", "id"])
    op.create_index(
        "ix_reports_province_current_sort_date_id",
        "reports",
        ["province_current", "sort_date", "id"],
    )
    op.drop_table("latest_figures")
    _latest_table(with_province=True)
    op.execute(_FILL_LATEST)


def downgrade() -> None:
    op.drop_table("latest_figures")
    _latest_table(with_province=False)
    op.execute(_FILL_LATEST_0004)
    op.drop_index("ix_reports_province_current_sort_date_id", table_name="reports")
    op.drop_index("ix_reports_sort_date_id", table_name="reports")
    op.drop_column("reports", "sort_date")  # SQLite 3.35+ drops an unindexed column in place
