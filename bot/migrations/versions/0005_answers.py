"""Answers a new user expects (issue 11): quiet reports, "all except", Vietnamese reasons.

Revision ID: 0005
Revises: 0004

* `reports.quiet`: stored without being pushed to subscribers (archive material, or a
  meeting older than `push_max_age_days`); roundups leave such reports out too;
* `subscriptions.excluded`: a row (subscriber, province, excluded) beside the subscriber's
  "every province" row means "every province except this one" (`/huydangky <tỉnh>` while
  following all);
* `sources.last_error_vi`, `source_items.reason_vi`: the Vietnamese of each English reason,
  for `/nguon` and `/nhap <URL>` (the English stays for operators and the CLI).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "reports", sa.Column("quiet", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column(
        "subscriptions",
        sa.Column("excluded", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column("sources", sa.Column("last_error_vi", sa.Text))
    op.add_column("source_items", sa.Column("reason_vi", sa.Text))


def downgrade() -> None:
    # Plain columns without indexes or constraints: SQLite (3.35+) drops them in place.
    op.drop_column("source_items", "reason_vi")
    op.drop_column("sources", "last_error_vi")
    op.drop_column("subscriptions", "excluded")
    op.drop_column("reports", "quiet")
