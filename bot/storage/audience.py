"""Subscribers (one per chat on one channel) and the provinces they follow.

A subscription row names a province, or NULL for every province. "Every province except
Thái Nguyên" is the NULL row plus a row (Thái Nguyên, excluded): what a user who follows
everything means by `/huydangky thai nguyen`. `follows` is the one SQL test of who gets a
province's reports; the outbox (bot.storage.outbox) queues through it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.base import Repository, count, insert_ignoring_duplicate
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


def follows(subscriber_id: Any, province: Any) -> Any:
    """SQL: the subscriber follows `province` (a value or a column; None: a report whose
    province is unknown, which only "every province" covers).

    Followed by name, or through "every province" unless excluded from it.
    """
    mine = subscriptions.c.subscriber_id == subscriber_id
    every = sa.exists().where(mine, subscriptions.c.province.is_(None))
    if province is None:
        return every
    named = sa.exists().where(
        mine, subscriptions.c.province == province, sa.not_(subscriptions.c.excluded)
    )
    excluded = sa.exists().where(
        mine, subscriptions.c.province == province, subscriptions.c.excluded
    )
    return sa.or_(named, sa.and_(every, sa.not_(excluded)))


def _subscriber(row: sa.Row[Any]) -> Subscriber:
    return Subscriber.model_validate(row._asdict())


async def _find(conn: AsyncConnection, *where: Any) -> Subscriber | None:
    row = (await conn.execute(sa.select(subscribers).where(*where))).first()
    return None if row is None else _subscriber(row)


def _by_chat(channel: str, chat_id: str) -> tuple[Any, Any]:
    return subscribers.c.channel == channel, subscribers.c.chat_id == chat_id


async def _row(
    conn: AsyncConnection, subscriber_id: int, province: str | None
) -> tuple[int, bool] | None:
    """(id, excluded) of the subscriber's row for `province`, if there is one."""
    found = (
        await conn.execute(
            sa.select(subscriptions.c.id, subscriptions.c.excluded).where(
                subscriptions.c.subscriber_id == subscriber_id, _same_province(province)
            )
        )
    ).first()
    return None if found is None else (found.id, bool(found.excluded))


class AudienceRepository(Repository):
    async def upsert(
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

    async def get(self, channel: str, chat_id: str) -> Subscriber | None:
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
        """Follow a province (current name), or every province with None; True if that
        changed anything. Following a province excluded from "every province" takes it
        back; following every province drops the exclusions."""
        province = _clean_province(province)
        try:
            async with self._write() as conn:
                return await self._subscribe(conn, subscriber_id, province)
        except IntegrityError:
            async with self._read() as conn:  # a twin request won the race, or no subscriber
                if await _row(conn, subscriber_id, province) is not None:
                    return False
            raise

    async def _subscribe(
        self, conn: AsyncConnection, subscriber_id: int, province: str | None
    ) -> bool:
        mine = subscriptions.c.subscriber_id == subscriber_id
        changed = False
        if province is None:
            dropped = await conn.execute(
                sa.delete(subscriptions).where(mine, subscriptions.c.excluded)
            )
            changed = dropped.rowcount > 0
        row = await _row(conn, subscriber_id, province)
        if row is None:
            await conn.execute(
                sa.insert(subscriptions).values(subscriber_id=subscriber_id, province=province)
            )
            return True
        row_id, excluded = row
        if excluded:  # back into "every province"
            await conn.execute(sa.delete(subscriptions).where(subscriptions.c.id == row_id))
            return True
        return changed

    async def unsubscribe(self, subscriber_id: int, province: str | None) -> int:
        """Stop following one province by name, or everything with None; the rows removed.
        A province followed only through "every province" is `exclude`d instead."""
        province = _clean_province(province)
        statement = sa.delete(subscriptions).where(subscriptions.c.subscriber_id == subscriber_id)
        if province is not None:
            statement = statement.where(
                subscriptions.c.province == province, sa.not_(subscriptions.c.excluded)
            )
        async with self._write() as conn:
            result = await conn.execute(statement)
        return result.rowcount

    async def exclude(self, subscriber_id: int, province: str) -> bool:
        """Every province except this one: True if it was not excluded yet. Only meaningful
        beside the subscriber's "every province" row."""
        province = _clean_province(province) or ""
        if not province:
            raise ValueError("exclude() needs a province")
        async with self._write() as conn:
            row = await _row(conn, subscriber_id, province)
            if row is not None and row[1]:
                return False
            if row is not None:
                await conn.execute(
                    sa.update(subscriptions)
                    .where(subscriptions.c.id == row[0])
                    .values(excluded=True)
                )
            else:
                await insert_ignoring_duplicate(
                    conn,
                    sa.insert(subscriptions).values(
                        subscriber_id=subscriber_id, province=province, excluded=True
                    ),
                )
        return True

    async def subscriptions(self, subscriber_id: int) -> list[str | None]:
        """The provinces followed, None (every province) first, then alphabetically."""
        return await self._provinces(subscriber_id, excluded=False)

    async def exclusions(self, subscriber_id: int) -> list[str]:
        """The provinces taken out of "every province", alphabetically."""
        return [p for p in await self._provinces(subscriber_id, excluded=True) if p]

    async def _provinces(self, subscriber_id: int, *, excluded: bool) -> list[str | None]:
        async with self._read() as conn:
            provinces = (
                await conn.execute(
                    sa.select(subscriptions.c.province).where(
                        subscriptions.c.subscriber_id == subscriber_id,
                        subscriptions.c.excluded.is_(excluded),
                    )
                )
            ).scalars()
            found: list[str | None] = list(provinces)
        return sorted(found, key=lambda p: (p is not None, fold(p or ""), p or ""))

    async def for_province(self, province_current: str | None) -> list[Subscriber]:
        """Active subscribers following this province (by name, or through every province
        without excluding it)."""
        statement = (
            sa.select(subscribers)
            .where(subscribers.c.active, follows(subscribers.c.id, province_current))
            .order_by(subscribers.c.id)
        )
        async with self._read() as conn:
            return [_subscriber(row) for row in await conn.execute(statement)]

    async def count(self, *, active_only: bool = True) -> int:
        where = [subscribers.c.active] if active_only else []
        async with self._read() as conn:
            return await count(conn, subscribers, *where)
