"""Fast chat queries: the newest figure per indicator and province, kept on insert.

Revision ID: 0004
Revises: 0003

`/chitieu <chỉ tiêu>` shows, for each province, the indicator's figure in that province's
newest report. Computed on the fly that is a window function over every figure of the
indicator (one per report, tens of thousands of rows); `latest_figures` keeps the answer
instead: one row per (indicator, kind, province_current) naming the winning figure, updated
by `add_report` in the same transaction that stores the figures (an upsert that only
replaces an older report's row, so concurrent writers on PostgreSQL cannot undo each other).

The upgrade fills the table from the figures already stored, with the same ranking the
queries used before (newest date first, undated last, then the later report, then the first
figure of that report).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The newest figure per (indicator, kind, province_current): `ORDER BY date DESC NULLS LAST`
# spelt as `date IS NULL` first, which both engines sort the same way.
_BACKFILL = """
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


def upgrade() -> None:
    op.create_table(
        "latest_figures",
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("province_current", sa.String(64), nullable=False),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("date", sa.Date),
        sa.PrimaryKeyConstraint(
            "indicator", "kind", "province_current", name="pk_latest_figures"
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_latest_figures_report_id_reports",
        ),
    )
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_table("latest_figures")
