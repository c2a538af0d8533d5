"""The bot's persistent store: one database, a small repository per concern.

    store = await Store.connect("data/bantin.db")        # migrated to the latest schema
    added = await store.reports.add(text=text, report=report, source=url, now=now)
    subscriber = await store.audience.upsert("telegram", "42", now=now)
    await store.aclose()

`reports` (storing once, reading, search), `listings` (search results without the report
JSON), `audience` (subscribers and what they follow), `outbox` (deliveries, schedules,
claims), `sources` (ingestion state), `budgets` (shared send budgets), `leaders` (learnt at
run time), `watches` (who follows which indicator). Each repository holds the one `Database`
and nothing of the others; the outbox signal is passed in by whoever builds the store (the
composition root, bot.app), so the dispatcher it is also handed to wakes when this process
queues deliveries (digests and watch lines alike).
"""

from __future__ import annotations

import logging
from typing import Self

import sqlalchemy as sa

from bot.closing import Closing
from bot.storage.audience import AudienceRepository
from bot.storage.base import count
from bot.storage.budgets import BudgetRepository
from bot.storage.database import Database
from bot.storage.leaders import LeaderRepository
from bot.storage.listings import ListingRepository
from bot.storage.outbox import OutboxRepository
from bot.storage.records import StoreStats
from bot.storage.reports import ReportRepository
from bot.storage.signal import OutboxSignal, ScheduleSignal, Signal
from bot.storage.sources import SourceRepository
from bot.storage.tables import leaders, reports, subscribers, subscriptions
from bot.storage.watches import WatchRepository

logger = logging.getLogger(__name__)


class Store(Closing):
    """The repositories over one database. Open with `await Store.connect(url)`; close with
    `await store.aclose()` (or `async with`)."""

    def __init__(
        self,
        database: Database,
        *,
        outbox_signal: Signal | None = None,
        schedule_signal: Signal | None = None,
    ) -> None:
        self.database = database
        self.outbox_signal = outbox_signal or OutboxSignal()
        self.schedule_signal = schedule_signal or ScheduleSignal()
        self.reports = ReportRepository(database, self.outbox_signal)
        self.listings = ListingRepository(database)
        self.audience = AudienceRepository(database)
        self.outbox = OutboxRepository(database, self.outbox_signal, self.schedule_signal)
        self.sources = SourceRepository(database)
        self.budgets = BudgetRepository(database)
        self.leaders = LeaderRepository(database)
        self.watches = WatchRepository(database, self.outbox_signal)

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        outbox_signal: Signal | None = None,
        schedule_signal: Signal | None = None,
    ) -> Self:
        """Open the database at `url` (a SQLite path or a URL) and migrate it to the latest;
        `DatabaseUnavailable` when it cannot be used."""
        database = await Database.connect(url)
        logger.info("storage ready: %s", database.url)
        return cls(database, outbox_signal=outbox_signal, schedule_signal=schedule_signal)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.database.dialect

    def __repr__(self) -> str:
        return f"<Store {self.dialect}>"

    async def aclose(self) -> None:
        await self.database.aclose()


    async def stats(self) -> StoreStats:
        async with self.database.read() as conn:
            return StoreStats(
                reports=await count(conn, reports),
                subscribers_active=await count(conn, subscribers, subscribers.c.active),
                subscribers_inactive=await count(conn, subscribers, sa.not_(subscribers.c.active)),
                subscriptions=await count(conn, subscriptions, sa.not_(subscriptions.c.excluded)),
                leaders=await count(conn, leaders),
            )
