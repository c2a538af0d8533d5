"""Persistent storage for the bot: reports, figures, subscribers, leaders, the outbox.

SQLAlchemy 2 (async) over SQLite (aiosqlite, one file, the default) or PostgreSQL (asyncpg),
through one code path; the schema is migrated with Alembic when the database is opened.

    store = await Store.connect("data/bantin.db")
    added = await store.reports.add(text=text, report=report, source=url, now=now)
    await store.aclose()

`Store` is a facade over one `Database` and a repository per concern (bot.storage.store).
"""

from bot.storage.database import Database, DatabaseUnavailable, database_problem
from bot.storage.engine import database_url, safe_url
from bot.storage.records import (
    AddedReport,
    Duplicate,
    FigureRow,
    ListingPage,
    ReportListing,
    SearchPage,
    StoredReport,
    StoreStats,
    Subscriber,
)
from bot.storage.report_rows import content_hash
from bot.storage.signal import OutboxSignal, ScheduleSignal, Signal
from bot.storage.sources import SourceItem, SourceSetting, SourceState
from bot.storage.store import Store

__all__ = [
    "AddedReport",
    "Database",
    "DatabaseUnavailable",
    "Duplicate",
    "FigureRow",
    "ListingPage",
    "OutboxSignal",
    "ReportListing",
    "ScheduleSignal",
    "SearchPage",
    "Signal",
    "SourceItem",
    "SourceSetting",
    "SourceState",
    "Store",
    "StoreStats",
    "StoredReport",
    "Subscriber",
    "content_hash",
    "database_problem",
    "database_url",
    "safe_url",
]
