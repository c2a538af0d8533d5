"""Persistent storage for the bot: reports, figures, subscribers, leaders.

SQLAlchemy 2 (async) over SQLite (aiosqlite, one file, the default) or PostgreSQL (asyncpg),
through one code path; the schema is migrated with Alembic when the store connects.

    store = await Store.connect("data/bantin.db")
    added = await store.add_report(text=text, report=report, source=url, now=now)
    await store.close()
"""

from bot.storage.engine import database_url, safe_url
from bot.storage.records import (
    AddedReport,
    FigureRow,
    ListingPage,
    ReportListing,
    SearchPage,
    StoredReport,
    StoreStats,
    Subscriber,
)
from bot.storage.reports import content_hash
from bot.storage.sources import SourceItem, SourceSetting, SourceState
from bot.storage.store import Store

__all__ = [
    "AddedReport",
    "FigureRow",
    "ListingPage",
    "ReportListing",
    "SearchPage",
    "SourceItem",
    "SourceSetting",
    "SourceState",
    "Store",
    "StoreStats",
    "StoredReport",
    "Subscriber",
    "content_hash",
    "database_url",
    "safe_url",
]
