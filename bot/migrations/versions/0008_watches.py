"""Indicator watches (issue 13): `/theodoi <chỉ tiêu> [tỉnh | tất cả]`.

Revision ID: 0008
Revises: 0007

`watches`: one row per chat and indicator it follows, in one province (its current name)
or in every one (`province` = ''; an empty string rather than NULL so that a plain unique
constraint holds on both engines). The outbox gains a fifth kind of row, `watch`: the line
sent when a new report carries a watched indicator (its payload names the report and the
indicators). `watch_held`: the lines of subscribers on a daily or weekly `/lich`, held
until their next roundup (a due-later outbox row would hold up the chat's other messages,
which are sent in order). On SQLite the CHECK constraint is changed by rebuilding
`deliveries` (Alembic's batch mode); PostgreSQL alters it in place.
Queries: bot/storage/watches.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.elements import conv

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = "kind IN ('report', 'roundup', 'broadcast')"
KINDS_AFTER = "kind IN ('report', 'roundup', 'broadcast', 'watch')"
OLD_NAME = "ck_deliveries_ck_deliveries_kind"
NEW_NAME = "ck_deliveries_kind"


def _kinds(old: str, new: str, condition: str) -> None:
    # `conv`: names as they are. Migration 0002's name went through the naming convention
    # twice ("ck_deliveries_ck_deliveries_kind"); the new constraint gets the intended one.
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(conv(old), type_="check")
        batch.create_check_constraint(conv(new), condition)


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscriber_id", sa.Integer, nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("province", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_watches"),
        sa.ForeignKeyConstraint(
            ["subscriber_id"], ["subscribers.id"], ondelete="CASCADE",
            name="fk_watches_subscriber_id_subscribers",
        ),
        sa.UniqueConstraint(
            "subscriber_id", "indicator", "province",
            name="uq_watches_subscriber_id_indicator_province",
        ),
    )
    op.create_index("ix_watches_indicator", "watches", ["indicator"])
    op.create_table(
        "watch_held",
        sa.Column("subscriber_id", sa.Integer, nullable=False),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("indicators", sa.Text, nullable=False),  # JSON list of indicator keys
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subscriber_id", "report_id", name="pk_watch_held"),
        sa.ForeignKeyConstraint(
            ["subscriber_id"], ["subscribers.id"], ondelete="CASCADE",
            name="fk_watch_held_subscriber_id_subscribers",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], ondelete="CASCADE",
            name="fk_watch_held_report_id_reports",
        ),
    )
    _kinds(OLD_NAME, NEW_NAME, KINDS_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind = 'watch'")
    _kinds(NEW_NAME, OLD_NAME, KINDS_BEFORE)
    op.drop_table("watch_held")
    op.drop_index("ix_watches_indicator", table_name="watches")
    op.drop_table("watches")
