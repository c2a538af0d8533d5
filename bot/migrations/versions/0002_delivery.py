"""Delivery outbox, subscriber schedules and broadcasts (issue 4).

Revision ID: 0002
Revises: 0001

`deliveries` is the outbox (one row per message to send to one subscriber), `broadcasts`
holds admins' announcements, `delivery_schedules` how each subscriber wants digests (no row:
instant). Mirrored in bot/storage/tables.py; the queries live in bot/storage/outbox/.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(128)),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscriber_id", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("dedup_key", sa.String(64), nullable=False),
        sa.Column("report_id", sa.Integer),
        sa.Column("broadcast_id", sa.Integer),
        sa.Column("payload", sa.Text),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("parts_sent", sa.Integer, nullable=False, server_default="0"),
        sa.Column("due_at", _timestamp(), nullable=False),
        sa.Column("lease_until", _timestamp()),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("sent_at", _timestamp()),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.ForeignKeyConstraint(
            ["subscriber_id"], ["subscribers.id"], ondelete="CASCADE",
            name="fk_deliveries_subscriber_id_subscribers",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], ondelete="CASCADE",
            name="fk_deliveries_report_id_reports",
        ),
        sa.ForeignKeyConstraint(
            ["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE",
            name="fk_deliveries_broadcast_id_broadcasts",
        ),
        sa.CheckConstraint(
            "kind IN ('report', 'roundup', 'broadcast')", name="ck_deliveries_kind"
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'skipped')", name="ck_deliveries_status"
        ),
        sa.UniqueConstraint(
            "subscriber_id", "dedup_key", name="uq_deliveries_subscriber_id_dedup_key"
        ),
        sa.UniqueConstraint(
            "report_id", "subscriber_id", name="uq_deliveries_report_id_subscriber_id"
        ),
    )
    op.create_index("ix_deliveries_status_id", "deliveries", ["status", "id"])
    op.create_index(
        "ix_deliveries_subscriber_id_status_id", "deliveries", ["subscriber_id", "status", "id"]
    )
    op.create_index("ix_deliveries_sent_at", "deliveries", ["sent_at"])
    op.create_table(
        "delivery_schedules",
        sa.Column("subscriber_id", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("at_minute", sa.Integer),
        sa.Column("weekday", sa.Integer),
        sa.Column("since", _timestamp(), nullable=False),
        sa.Column("last_slot", _timestamp()),
        sa.Column("cursor_report_id", sa.Integer),
        sa.PrimaryKeyConstraint("subscriber_id", name="pk_delivery_schedules"),
        sa.ForeignKeyConstraint(
            ["subscriber_id"], ["subscribers.id"], ondelete="CASCADE",
            name="fk_delivery_schedules_subscriber_id_subscribers",
        ),
        sa.CheckConstraint(
            "mode IN ('instant', 'daily', 'weekly', 'off')", name="ck_delivery_schedules_mode"
        ),
    )
    op.create_index("ix_delivery_schedules_mode", "delivery_schedules", ["mode"])


def downgrade() -> None:
    op.drop_index("ix_delivery_schedules_mode", table_name="delivery_schedules")
    op.drop_table("delivery_schedules")
    op.drop_index("ix_deliveries_sent_at", table_name="deliveries")
    op.drop_index("ix_deliveries_subscriber_id_status_id", table_name="deliveries")
    op.drop_index("ix_deliveries_status_id", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("broadcasts")
