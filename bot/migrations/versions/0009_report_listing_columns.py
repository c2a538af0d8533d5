"""Listing columns: a report's day and month beside its date, so lists need no report JSON.

Revision ID: 0009
Revises: 0008

A search result or a list of reports shows each report's title, place and meeting day. The
day comes from `reports.date`, or, when the text states no year, from the day and month the
report gives (`Report.day`, `Report.month`), which so far lived only in `report_json`:
every listed report's JSON was parsed (about 0.5 ms each) to print "27/6". These two columns
hold them, filled by `add_report`; the upgrade copies them out of the stored JSON.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = {
    "sqlite": """
        UPDATE reports SET day = json_extract(report_json, '$.day'),
                           month = json_extract(report_json, '$.month')
    """,
    "postgresql": """
        UPDATE reports SET day = (report_json::json ->> 'day')::integer,
                           month = (report_json::json ->> 'month')::integer
    """,
}


def upgrade() -> None:
    op.add_column("reports", sa.Column("day", sa.SmallInteger))
    op.add_column("reports", sa.Column("month", sa.SmallInteger))
    op.execute(_BACKFILL[op.get_bind().dialect.name])


def downgrade() -> None:
    op.drop_column("reports", "month")
    op.drop_column("reports", "day")
