"""Initial schema: reports, their sources and figures, subscribers, subscriptions, leaders.

Revision ID: 0001
Revises:
Create Date: 2025-11-21

Full-text search differs per engine, everything else is shared:
* SQLite: an external-content FTS5 table over `reports.text_folded`, kept in step by
  triggers (the pattern from https://www.sqlite.org/fts5.html, section 4.4.3);
* PostgreSQL: a stored generated tsvector ('simple' configuration: the text is already
  folded to ASCII, and Vietnamese has no stemmer) with a GIN index.
Both index runs of letters and digits, so "1.300" is the tokens "1" and "300" on each engine.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE reports_fts USING fts5(
        text_folded, content='reports', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER reports_fts_after_insert AFTER INSERT ON reports BEGIN
        INSERT INTO reports_fts(rowid, text_folded) VALUES (new.id, new.text_folded);
    END""",
    """CREATE TRIGGER reports_fts_after_delete AFTER DELETE ON reports BEGIN
        INSERT INTO reports_fts(reports_fts, rowid, text_folded)
        VALUES ('delete', old.id, old.text_folded);
    END""",
    """CREATE TRIGGER reports_fts_after_update AFTER UPDATE OF text_folded ON reports BEGIN
        INSERT INTO reports_fts(reports_fts, rowid, text_folded)
        VALUES ('delete', old.id, old.text_folded);
        INSERT INTO reports_fts(rowid, text_folded) VALUES (new.id, new.text_folded);
    END""",
]

_POSTGRES_FTS = [
    """ALTER TABLE reports ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig,
                    regexp_replace(text_folded, '[^[:alnum:]]+', ' ', 'g'))
    ) STORED""",
    "CREATE INDEX ix_reports_search_vector ON reports USING gin (search_vector)",
]


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("province", sa.String(64)),
        sa.Column("province_current", sa.String(64)),
        sa.Column("date", sa.Date),
        sa.Column("meeting_kind", sa.String(32), nullable=False),
        sa.Column("period", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("text_folded", sa.Text, nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("content_hash", name="uq_reports_content_hash"),
    )
    op.create_index("ix_reports_date_id", "reports", ["date", "id"])
    op.create_index(
        "ix_reports_province_current_date_id", "reports", ["province_current", "date", "id"]
    )

    op.create_table(
        "report_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("seen_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_sources"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_report_sources_report_id_reports",
        ),
        sa.UniqueConstraint("report_id", "source", name="uq_report_sources_report_id_source"),
    )

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("indicator", sa.String(64)),
        sa.Column("province_current", sa.String(64)),
        sa.Column("date", sa.Date),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.Text),
        sa.Column("pct_of_plan", sa.Float),
        sa.Column("yoy_pct", sa.Float),
        sa.Column("figure_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_figures"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_figures_report_id_reports",
        ),
        sa.CheckConstraint("kind IN ('result', 'target')", name="ck_figures_kind"),
        sa.UniqueConstraint(
            "report_id", "kind", "position", name="uq_figures_report_id_kind_position"
        ),
    )
    op.create_index(
        "ix_figures_indicator_kind_province_date",
        "figures",
        ["indicator", "kind", "province_current", "date"],
    )

    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(128), nullable=False),
        sa.Column("chat_type", sa.String(32), nullable=False, server_default="private"),
        sa.Column("name", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("strikes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("last_seen_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_subscribers"),
        sa.CheckConstraint(
            "channel IN ('telegram', 'zalo', 'console')", name="ck_subscribers_channel"
        ),
        sa.UniqueConstraint("channel", "chat_id", name="uq_subscribers_channel_chat_id"),
    )
    op.create_index("ix_subscribers_active", "subscribers", ["active"])

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscriber_id", sa.Integer, nullable=False),
        sa.Column("province", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            ondelete="CASCADE",
            name="fk_subscriptions_subscriber_id_subscribers",
        ),
    )
    op.create_index(
        "uq_subscriptions_subscriber_province",
        "subscriptions",
        ["subscriber_id", sa.text("coalesce(province, '')")],
        unique=True,
    )
    op.create_index("ix_subscriptions_province", "subscriptions", ["province"])

    op.create_table(
        "leaders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("province", sa.String(64), nullable=False),
        sa.Column("start_year", sa.Integer),
        sa.Column("end_year", sa.Integer),
        sa.Column("source", sa.Text),
        sa.Column("learnt_from_report_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_leaders"),
        sa.ForeignKeyConstraint(
            ["learnt_from_report_id"],
            ["reports.id"],
            ondelete="SET NULL",
            name="fk_leaders_learnt_from_report_id_reports",
        ),
        sa.UniqueConstraint("name", "role", "province", name="uq_leaders_name_role_province"),
    )
    op.create_index("ix_leaders_province_role", "leaders", ["province", "role"])

    for statement in _search_ddl():
        op.execute(statement)


def _search_ddl() -> list[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return _SQLITE_FTS
    if dialect == "postgresql":
        return _POSTGRES_FTS
    raise NotImplementedError(f"no full-text search for {dialect}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS reports_fts_after_{trigger}")
        op.execute("DROP TABLE IF EXISTS reports_fts")
    # PostgreSQL: the generated column and its index go with the table.
    op.drop_table("leaders")
    op.drop_table("subscriptions")
    op.drop_table("subscribers")
    op.drop_table("figures")
    op.drop_table("report_sources")
    op.drop_table("reports")
