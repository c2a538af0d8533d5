"""Drop the two indexes on `reports.date` that no query uses any more.

Revision ID: 0010
Revises: 0009

Lists sort by `sort_date` since migration 0007 (a report without a stated year sorts by the
day it was received), and `reports.date` is only ever read, never filtered or sorted on. The
indexes on it cost every stored report two index writes for nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_reports_province_current_date_id", table_name="reports")
    op.drop_index("ix_reports_date_id", table_name="reports")


def downgrade() -> None:
    op.create_index("ix_reports_date_id", "reports", ["date", "id"])
    op.create_index(
        "ix_reports_province_current_date_id", "reports", ["province_current", "date", "id"]
    )
