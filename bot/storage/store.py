"""The bot's persistent store: one class over SQLite or PostgreSQL, migrated on connect.

Every method is its own short transaction and returns frozen pydantic values
(bot.storage.records), never ORM objects. Reports and search live in
bot.storage.reports, subscribers in bot.storage.audience; this module adds the leaders
learnt at run time, statistics, and the lifecycle.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from types import TracebackType
from typing import Self

import sqlalchemy as sa

from bot.storage.audience import AudienceQueries
from bot.storage.base import count, insert_ignoring_duplicate
from bot.storage.budgets import BudgetQueries
from bot.storage.engine import create_engine, database_url, safe_url, upgrade
from bot.storage.listings import ListingQueries
from bot.storage.outbox import OutboxQueries
from bot.storage.records import StoreStats
from bot.storage.reports import ReportQueries
from bot.storage.sources import SourceQueries
from bot.storage.tables import leaders, reports, subscribers, subscriptions
from digest.models import LeaderFact, LeaderRole

logger = logging.getLogger(__name__)


class Store(
    ReportQueries, ListingQueries, AudienceQueries, SourceQueries, OutboxQueries, BudgetQueries
):
    """Open with `await Store.connect(url)`; close with `await store.close()` (or async with)."""

    @classmethod
    async def connect(cls, url: str) -> Self:
        """Open the database at `url` (a SQLite path or a URL) and migrate it to the latest."""
        url = database_url(url)
        engine = create_engine(url)
        try:
            await upgrade(engine)
        except BaseException:
            await engine.dispose()
            raise
        logger.info("storage ready: %s", safe_url(url))
        return cls(engine)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- leaders ------------------------------------------------------------------------------

    async def add_leaders(
        self, facts: Iterable[LeaderFact], *, report_id: int | None = None
    ) -> int:
        """Remember who held which post; known (name, role, province) are kept as they are.

        Returns how many rows were new. `report_id` names the report they were learnt from.
        """
        wanted = {(f.name, f.role.value, f.province): f for f in facts}
        if not wanted:
            return 0
        names = sorted({name for name, _, _ in wanted})
        added = 0
        async with self._write() as conn:
            known = {
                tuple(row)
                for row in await conn.execute(
                    sa.select(leaders.c.name, leaders.c.role, leaders.c.province).where(
                        leaders.c.name.in_(names)
                    )
                )
            }
            for key, fact in wanted.items():
                if key in known:
                    continue
                statement = sa.insert(leaders).values(
                    name=fact.name,
                    role=fact.role.value,
                    province=fact.province,
                    start_year=fact.start_year,
                    end_year=fact.end_year,
                    source=fact.source,
                    learnt_from_report_id=report_id,
                )
                added += await insert_ignoring_duplicate(conn, statement)
        return added

    async def leaders(self) -> list[LeaderFact]:
        """Every leader known, by province, role and start year."""
        statement = sa.select(
            leaders.c.name,
            leaders.c.role,
            leaders.c.province,
            leaders.c.start_year,
            leaders.c.end_year,
            leaders.c.source,
        ).order_by(
            leaders.c.province,
            leaders.c.role,
            leaders.c.start_year.asc().nulls_first(),
            leaders.c.name,
        )
        async with self._read() as conn:
            rows = await conn.execute(statement)
            return [LeaderFact.model_validate(row._asdict()) for row in rows]

    async def delete_leader(self, name: str, role: LeaderRole | str, province: str) -> bool:
        async with self._write() as conn:
            result = await conn.execute(
                sa.delete(leaders).where(
                    leaders.c.name == name,
                    leaders.c.role == LeaderRole(role).value,
                    leaders.c.province == province,
                )
            )
        return result.rowcount > 0

    # --- statistics ---------------------------------------------------------------------------

    async def stats(self) -> StoreStats:
        async with self._read() as conn:
            return StoreStats(
                reports=await count(conn, reports),
                subscribers_active=await count(conn, subscribers, subscribers.c.active),
                subscribers_inactive=await count(conn, subscribers, sa.not_(subscribers.c.active)),
                subscriptions=await count(conn, subscriptions, sa.not_(subscriptions.c.excluded)),
                leaders=await count(conn, leaders),
            )
