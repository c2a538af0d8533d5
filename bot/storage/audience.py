"""Subscribers (one per chat on one channel) and the provinces they follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.base import StoreBase, count
from bot.storage.records import Subscriber
from bot.storage.tables import CHANNELS, subscribers, subscriptions
from digest.normalize import fold


def _clean_province(province: str | None) -> str | None:
    """None and blank both mean every province."""
    province = (province or "").strip()
    return province or None


def _same_province(province: str | None) -> Any:
    if province is None:
        return subscriptions.c.province.is_(None)
    return subscriptions.c.province == province


def _subscriber(row: sa.Row[Any]) -> Subscriber:
    return Subscriber.model_validate(row._asdict())


async def _find(conn: AsyncConnection, *where: Any) -> Subscriber | None:
    row = (await conn.execute(sa.select(subscribers).where(*where))).first()
    return None if row is None else _subscriber(row)


def _by_chat(channel: str, chat_id: str) -> tuple[Any, Any]:
    return subscribers.c.channel == channel, subscribers.c.chat_id == chat_id


async def _subscribed(conn: AsyncConnection, subscriber_id: int, province: str | None) -> bool:
    found = await conn.scalar(
        sa.select(sa.literal(1)).where(
            subscriptions.c.subscriber_id == subscriber_id, _same_province(province)
        )
    )
    return found is not None


class AudienceQueries(StoreBase):
    async def upsert_subscriber(
        self,
        channel: str,
        chat_id: str,
        *,
        chat_type: str = "private",
        name: str | None = None,
        now: datetime,
    ) -> Subscriber:
        """Create the subscriber, or refresh it: active again, strikes cleared, seen now."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
        try:
            return await self._upsert_once(channel, str(chat_id), chat_type, name, now)
        except IntegrityError:
            # The same chat was inserted concurrently: now it exists, so this updates it.
            return await self._upsert_once(channel, str(chat_id), chat_type, name, now)

    async def _upsert_once(
        self, channel: str, chat_id: str, chat_type: str, name: str | None, now: datetime
    ) -> Subscriber:
        async with self._write() as conn:
            existing = await _find(conn, *_by_chat(channel, chat_id))
            if existing is None:
                await conn.execute(
                    sa.insert(subscribers).values(
                        channel=channel,
                        chat_id=chat_id,
                        chat_type=chat_type,
                        name=name,
                        active=True,
                        strikes=0,
                        created_at=now,
                        last_seen_at=now,
                    )
                )
            else:
                await conn.execute(
                    sa.update(subscribers)
                    .where(subscribers.c.id == existing.id)
                    .values(
                        chat_type=chat_type,
                        name=name if name is not None else existing.name,
                        active=True,
                        strikes=0,
                        last_seen_at=now,
                    )
                )
            found = await _find(conn, *_by_chat(channel, chat_id))
        assert found is not None
        return found

    async def get_subscriber(self, channel: str, chat_id: str) -> Subscriber | None:
        async with self._read() as conn:
            return await _find(conn, *_by_chat(channel, str(chat_id)))

    async def add_strike(self, subscriber_id: int, *, limit: int = 3) -> Subscriber | None:
        """Count a failed delivery; at `limit` failures in a row the subscriber goes inactive."""
        async with self._write() as conn:
            await conn.execute(
                sa.update(subscribers)
                .where(subscribers.c.id == subscriber_id)
                .values(strikes=subscribers.c.strikes + 1)
            )
            await conn.execute(
                sa.update(subscribers)
                .where(subscribers.c.id == subscriber_id, subscribers.c.strikes >= limit)
                .values(active=False)
            )
            return await _find(conn, subscribers.c.id == subscriber_id)

    async def clear_strikes(self, subscriber_id: int) -> None:
        """A delivery went through: the failures are no longer "in a row"."""
        async with self._write() as conn:
            await conn.execute(
                sa.update(subscribers)
                .where(subscribers.c.id == subscriber_id, subscribers.c.strikes != 0)
                .values(strikes=0)
            )

    async def deactivate(self, subscriber_id: int) -> bool:
        """Stop sending to a chat (the user blocked the bot, left, or asked to stop)."""
        async with self._write() as conn:
            result = await conn.execute(
                sa.update(subscribers)
                .where(subscribers.c.id == subscriber_id, subscribers.c.active)
                .values(active=False)
            )
        return result.rowcount > 0

    async def subscribe(self, subscriber_id: int, province: str | None) -> bool:
        """Follow a province (current name), or every province with None; True if new."""
        province = _clean_province(province)
        try:
            async with self._write() as conn:
                if await _subscribed(conn, subscriber_id, province):
                    return False
                await conn.execute(
                    sa.insert(subscriptions).values(subscriber_id=subscriber_id, province=province)
                )
                return True
        except IntegrityError:
            async with self._read() as conn:  # a twin request won the race, or no subscriber
                if await _subscribed(conn, subscriber_id, province):
                    return False
            raise

    async def unsubscribe(self, subscriber_id: int, province: str | None) -> int:
        """Stop following one province, or everything with None; the rows removed."""
        province = _clean_province(province)
        statement = sa.delete(subscriptions).where(subscriptions.c.subscriber_id == subscriber_id)
        if province is not None:
            statement = statement.where(subscriptions.c.province == province)
        async with self._write() as conn:
            result = await conn.execute(statement)
        return result.rowcount

    async def subscriptions(self, subscriber_id: int) -> list[str | None]:
        """The provinces followed, None (every province) first, then alphabetically."""
        async with self._read() as conn:
            provinces = (
                await conn.execute(
                    sa.select(subscriptions.c.province).where(
                        subscriptions.c.subscriber_id == subscriber_id
                    )
                )
            ).scalars()
            found: list[str | None] = list(provinces)
        return sorted(found, key=lambda p: (p is not None, fold(p or ""), p or ""))

    async def subscribers_for_province(self, province_current: str | None) -> list[Subscriber]:
        """Active subscribers following this province or every province."""
        follows = sa.or_(
            subscriptions.c.province.is_(None),
            subscriptions.c.province == province_current
            if province_current is not None
            else sa.false(),
        )
        statement = (
            sa.select(subscribers)
            .where(
                subscribers.c.active,
                sa.exists().where(subscriptions.c.subscriber_id == subscribers.c.id, follows),
            )
            .order_by(subscribers.c.id)
        )
        async with self._read() as conn:
            return [_subscriber(row) for row in await conn.execute(statement)]

    async def count_subscribers(self, *, active_only: bool = True) -> int:
        where = [subscribers.c.active] if active_only else []
        async with self._read() as conn:
            return await count(conn, subscribers, *where)
