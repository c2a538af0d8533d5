"""Ingestion sources, their state and items seen (issue 6).

Revision ID: 0003
Revises: 0002

* `sources`: one row per `[[sources]]` entry of config.toml (by name), with its polling
  state: consecutive failures, last success and error, the backoff deadline, and the
  ETag / Last-Modified of the last answer for conditional GET;
* `source_items`: every article or file a source offered, once, with what became of it
  (stored, duplicate, skipped with the reason, failed, retry) and the report it became;
* `report_signatures` and `report_signature_bands`: the SimHash of each report's text and
  its bands, so near-duplicate reposts are found through an index (bot.ingestion.dedupe).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("province", sa.String(64)),
        sa.Column("interval_minutes", sa.Float, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("configured", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_attempt_at", _timestamp()),
        sa.Column("last_success_at", _timestamp()),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", _timestamp()),
        sa.Column("next_attempt_at", _timestamp()),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.CheckConstraint("kind IN ('folder', 'feed', 'page', 'url')", name="ck_sources_kind"),
        sa.UniqueConstraint("name", name="uq_sources_name"),
    )
    op.create_table(
        "source_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("report_id", sa.Integer),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("first_seen_at", _timestamp(), nullable=False),
        sa.Column("last_seen_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_source_items"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], ondelete="CASCADE",
            name="fk_source_items_source_id_sources",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], ondelete="SET NULL",
            name="fk_source_items_report_id_reports",
        ),
        sa.CheckConstraint(
            "status IN ('stored', 'duplicate', 'skipped', 'failed', 'retry')",
            name="ck_source_items_status",
        ),
        sa.UniqueConstraint("source_id", "key_hash", name="uq_source_items_source_id_key_hash"),
    )
    op.create_index(
        "ix_source_items_status_last_seen_at", "source_items", ["status", "last_seen_at"]
    )
    op.create_table(
        "report_signatures",
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("simhash", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("report_id", name="pk_report_signatures"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], ondelete="CASCADE",
            name="fk_report_signatures_report_id_reports",
        ),
    )
    op.create_table(
        "report_signature_bands",
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("band_key", sa.Integer, nullable=False, autoincrement=False),
        sa.PrimaryKeyConstraint("report_id", "band_key", name="pk_report_signature_bands"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], ondelete="CASCADE",
            name="fk_report_signature_bands_report_id_reports",
        ),
    )
    op.create_index(
        "ix_report_signature_bands_band_key", "report_signature_bands", ["band_key"]
    )


def downgrade() -> None:
    op.drop_index("ix_report_signature_bands_band_key", table_name="report_signature_bands")
    op.drop_table("report_signature_bands")
    op.drop_table("report_signatures")
    op.drop_index("ix_source_items_status_last_seen_at", table_name="source_items")
    op.drop_table("source_items")
    op.drop_table("sources")
