"""The relational schema, as SQLAlchemy Core tables (the store never hands out ORM objects).

The migration in bot/migrations/versions/ is the authority that creates these tables; this
module mirrors it for queries and for `alembic revision --autogenerate`. Two objects exist
only in the migration because they differ per engine and no query names them through Core:
the SQLite FTS5 table `reports_fts` (kept in step by triggers) and the PostgreSQL generated
column `reports.search_vector` with its GIN index.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

# Stable constraint names, so later migrations can drop them on both engines.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

CHANNELS = ("telegram", "zalo", "console")

FIGURE_KINDS = ("result", "target")


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both engines.

    SQLite has no timestamp type and drops the offset, so values are converted to UTC on the
    way in and given back their UTC tzinfo on the way out. Naive values are refused: every
    `now` comes from the caller and must say which zone it is in.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

def _owned_by(column: str, parent: str) -> sa.Column[int]:
    """A required link to `parent`'s row; the row goes when its parent does."""
    return sa.Column(
        column, sa.Integer, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False
    )



reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # INTEGER PRIMARY KEY = rowid on SQLite
    sa.Column("content_hash", sa.String(64), nullable=False),  # sha256 of normalised text
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("province", sa.String(64)),  # as it was at the time of the report
    sa.Column("province_current", sa.String(64)),  # after the 1 July 2025 merger
    sa.Column("date", sa.Date),  # the meeting's day, only when the text states its year
    sa.Column("meeting_kind", sa.String(32), nullable=False),
    sa.Column("period", sa.Text),
    sa.Column("source", sa.Text),  # the first source the report came from
    sa.Column("report_json", sa.Text, nullable=False),  # digest.models.Report as JSON
    sa.Column("text_folded", sa.Text, nullable=False),  # fold(title + text), for search
    sa.Column("created_at", UTCDateTime, nullable=False),
    # Stored without being pushed: archive material or an old meeting (migration 0005).
    sa.Column("quiet", sa.Boolean, nullable=False, server_default=sa.false()),
    # What /moinhat and /tinh sort by: `date`, or the day the report was received when its
    # text gives no year (migration 0007).
    sa.Column("sort_date", sa.Date, nullable=False),
    # The meeting's day and month as the report states them, even without a year
    # (Report.day, Report.month): lists print them without parsing report_json (0009).
    sa.Column("day", sa.SmallInteger),
    sa.Column("month", sa.SmallInteger),
    sa.UniqueConstraint("content_hash"),
    sa.Index("ix_reports_sort_date_id", "sort_date", "id"),
    sa.Index(
        "ix_reports_province_current_sort_date_id", "province_current", "sort_date", "id"
    ),
)

report_sources = sa.Table(
    "report_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owned_by("report_id", "reports"),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("report_id", "source"),
)

figures = sa.Table(
    "figures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owned_by("report_id", "reports"),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # order within the report
    sa.Column("indicator", sa.String(64)),
    # Copied from the report so the indicator queries need no join to filter and sort.
    sa.Column("province_current", sa.String(64)),
    sa.Column("date", sa.Date),
    sa.Column("value", sa.Float),
    sa.Column("unit", sa.Text),
    sa.Column("pct_of_plan", sa.Float),
    sa.Column("yoy_pct", sa.Float),
    sa.Column("figure_json", sa.Text, nullable=False),  # digest.models.Figure as JSON
    sa.CheckConstraint("kind IN ('result', 'target')", name="kind"),
    sa.UniqueConstraint("report_id", "kind", "position"),
    sa.Index(
        "ix_figures_indicator_kind_province_date", "indicator", "kind", "province_current", "date"
    ),
)

# The figure of each province's newest report, per indicator and kind (migration 0004): what
# `/chitieu` lists, kept by `ReportRepository.add` (bot.storage.intake) instead of ranking
# every figure on each read. One row per province that reported, as it was then (migration
# 0007): a merged province's own figure is not hidden behind a newer one of a province merged
# into it, nor the other way round.
latest_figures = sa.Table(
    "latest_figures",
    metadata,
    sa.Column("indicator", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("province_current", sa.String(64), primary_key=True),
    sa.Column("province", sa.String(64), primary_key=True),  # reports.province, else current
    _owned_by("report_id", "reports"),
    sa.Column("position", sa.Integer, nullable=False),  # figures.position in that report
    sa.Column("date", sa.Date, nullable=False),  # the report's sort_date, to compare with the next
)

subscribers = sa.Table(
    "subscribers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.String(128), nullable=False),
    sa.Column("chat_type", sa.String(32), nullable=False, server_default="private"),
    sa.Column("name", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("strikes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("channel IN ('telegram', 'zalo', 'console')", name="channel"),
    sa.UniqueConstraint("channel", "chat_id"),
    sa.Index("ix_subscribers_active", "active"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owned_by("subscriber_id", "subscribers"),
    sa.Column("province", sa.String(64)),  # province_current; NULL = every province
    # With the subscriber's NULL row: every province except this one (migration 0005).
    sa.Column("excluded", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_subscriptions_province", "province"),
)

# NULL never equals NULL in a plain unique constraint, hence the expression index.
sa.Index(
    "uq_subscriptions_subscriber_province",
    subscriptions.c.subscriber_id,
    sa.func.coalesce(subscriptions.c.province, sa.literal_column("''")),
    unique=True,
)

leaders = sa.Table(
    "leaders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),  # digest.models.LeaderRole value
    sa.Column("province", sa.String(64), nullable=False),
    sa.Column("start_year", sa.Integer),
    sa.Column("end_year", sa.Integer),
    sa.Column("source", sa.Text),
    sa.Column(
        "learnt_from_report_id",
        sa.Integer,
        sa.ForeignKey("reports.id", ondelete="SET NULL"),
    ),
    sa.UniqueConstraint("name", "role", "province"),
    sa.Index("ix_leaders_province_role", "province", "role"),
)

# --- ingestion (migration 0003; queries in bot/storage/sources.py) ---------------------------

SOURCE_KINDS = ("folder", "feed", "page", "url")
ITEM_STATUSES = ("stored", "duplicate", "skipped", "failed", "retry")

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),  # the key in config.toml
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("province", sa.String(64)),
    sa.Column("interval_minutes", sa.Float, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("configured", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # in a row
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("last_success_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("last_error_at", UTCDateTime),
    sa.Column("last_error_vi", sa.Text),  # last_error for chat admins (migration 0005)
    sa.Column("next_attempt_at", UTCDateTime),  # backoff: no round before this
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("kind IN ('folder', 'feed', 'page', 'url')", name="kind"),
    sa.UniqueConstraint("name"),
)

source_items = sa.Table(
    "source_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owned_by("source_id", "sources"),
    sa.Column("key_hash", sa.String(64), nullable=False),  # sha256 of `key`
    sa.Column("key", sa.Text, nullable=False),  # the article URL, or the file and its hash
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text),  # why skipped or failed, for operators
    sa.Column("reason_vi", sa.Text),  # the same for chat admins (migration 0005)
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="SET NULL")),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
    sa.Column("first_seen_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.CheckConstraint(
        "status IN ('stored', 'duplicate', 'skipped', 'failed', 'retry')", name="status"
    ),
    sa.UniqueConstraint("source_id", "key_hash"),
    sa.Index("ix_source_items_status_last_seen_at", "status", "last_seen_at"),
)

report_signatures = sa.Table(
    "report_signatures",
    metadata,
    sa.Column(
        "report_id",
        sa.Integer,
        sa.ForeignKey("reports.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("simhash", sa.BigInteger, nullable=False),  # bot.storage.dedupe, signed
)

# One row per SimHash band (bot.storage.dedupe.band_keys): near-duplicate candidates are
# the reports sharing a band, found through the index instead of a scan.
report_signature_bands = sa.Table(
    "report_signature_bands",
    metadata,
    sa.Column(
        "report_id",
        sa.Integer,
        sa.ForeignKey("reports.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("band_key", sa.Integer, primary_key=True, autoincrement=False),
    sa.Index("ix_report_signature_bands_band_key", "band_key"),
)

# --- delivery (issue 4; migration 0002_delivery) --------------------------------------------

DELIVERY_KINDS = ("report", "roundup", "broadcast")
DELIVERY_STATUSES = ("pending", "sent", "failed", "skipped")
SCHEDULE_MODES = ("instant", "daily", "weekly", "off")

broadcasts = sa.Table(
    "broadcasts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(128)),  # channel:sender id of the admin
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# The outbox: one row per message to send (a report's digest, a roundup, a broadcast) to one
# subscriber. `dedup_key` ("report:12", "roundup:2025-11-21T00:00:00Z", "broadcast:3") is
# unique per subscriber, so nothing is queued twice.
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _owned_by("subscriber_id", "subscribers"),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("dedup_key", sa.String(64), nullable=False),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE")),
    sa.Column("broadcast_id", sa.Integer, sa.ForeignKey("broadcasts.id", ondelete="CASCADE")),
    sa.Column("payload", sa.Text),  # roundup: JSON {"slot": ..., "reports": [...], "total": n}
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("parts_sent", sa.Integer, nullable=False, server_default="0"),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("lease_until", UTCDateTime),  # claimed by `claimed_by` until then
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    # 'watch': an indicator watch's line (bot.storage.watches, migration 0008)
    sa.CheckConstraint("kind IN ('report', 'roundup', 'broadcast', 'watch')", name="kind"),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed', 'skipped')", name="status"),
    sa.UniqueConstraint("subscriber_id", "dedup_key"),
    sa.UniqueConstraint("report_id", "subscriber_id"),
    sa.Index("ix_deliveries_status_id", "status", "id"),
    sa.Index("ix_deliveries_subscriber_id_status_id", "subscriber_id", "status", "id"),
    sa.Index("ix_deliveries_sent_at", "sent_at"),
)

# How each subscriber wants digests; no row means "instant".
delivery_schedules = sa.Table(
    "delivery_schedules",
    metadata,
    sa.Column(
        "subscriber_id",
        sa.Integer,
        sa.ForeignKey("subscribers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("at_minute", sa.Integer),  # local minutes after midnight (daily, weekly)
    sa.Column("weekday", sa.Integer),  # weekly: Monday 0 .. Sunday 6
    sa.Column("since", UTCDateTime, nullable=False),  # when this mode was chosen
    sa.Column("last_slot", UTCDateTime),  # the last roundup time queued
    sa.Column("cursor_report_id", sa.Integer),  # reports up to this id were rounded up
    sa.CheckConstraint("mode IN ('instant', 'daily', 'weekly', 'off')", name="mode"),
    sa.Index("ix_delivery_schedules_mode", "mode"),
)

# --- the send budget shared by processes on one token (issue 10; migration 0006) -------------

# One row per outbound port ("telegram:<token digest>"): the state of its overall pace
# (bot.delivery.pace.Pace) in seconds of the database's clock, read and written under a row
# lock by every process sending with that token (bot.delivery.budget.SharedBudget).
send_budgets = sa.Table(
    "send_budgets",
    metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("tat", sa.Float, nullable=False),  # theoretical time of the next message
    sa.Column("paused_until", sa.Float, nullable=False),
    sa.Column("slowdown", sa.Float, nullable=False),
    sa.Column("throttled_at", sa.Float, nullable=False),
    sa.Column("eased_at", sa.Float, nullable=False),
)
