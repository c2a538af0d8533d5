"""Claiming: how dispatchers take due deliveries without taking each other's.

A row is claimed by writing a lease (a worker id and an expiry) on it. On PostgreSQL the
candidate rows are locked `FOR UPDATE SKIP LOCKED`, so two processes never claim the same
row and never wait for each other; on SQLite the write transaction (BEGIN IMMEDIATE)
serialises claims. A process that dies keeps its leases until they expire, then its rows
are claimed again. Only the oldest unfinished row of each subscriber can be claimed (the
"head of the line"), which keeps each chat's messages in order across processes.

Apart from the outcomes (bot.storage.outbox.outcomes) because this is the one place where
concurrency between processes is decided; what happens to a row after it was sent is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.outbox.records import Claimed
from bot.storage.tables import deliveries, delivery_schedules, subscribers


def _candidates(
    dialect: str, channels: list[str], *, now: datetime, limit: int
) -> sa.Select[Any]:
    """The ids of due, unleased rows at the head of their subscriber's line, oldest first."""
    row, earlier = deliveries.alias("o"), deliveries.alias("p")
    head_of_line = ~sa.exists().where(
        earlier.c.subscriber_id == row.c.subscriber_id,
        earlier.c.status == "pending",
        earlier.c.id < row.c.id,
    )
    candidates = (
        sa.select(row.c.id)
        .where(
            row.c.status == "pending",
            row.c.channel.in_(channels),
            row.c.due_at <= now,
            sa.or_(row.c.lease_until.is_(None), row.c.lease_until <= now),
            head_of_line,
        )
        .order_by(row.c.id)
        .limit(limit)
    )
    if dialect == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True, of=row)
    return candidates


async def claim(
    conn: AsyncConnection,
    dialect: str,
    channels: list[str],
    *,
    worker: str,
    now: datetime,
    limit: int,
    lease: timedelta,
) -> list[Claimed]:
    """Lease the candidates to `worker` and read what sending them needs; rows of
    subscribers that went inactive or paused meanwhile are marked skipped instead."""
    candidates = _candidates(dialect, channels, now=now, limit=limit)
    ids = list((await conn.execute(candidates)).scalars())
    if not ids:
        return []
    await conn.execute(
        sa.update(deliveries)
        .where(deliveries.c.id.in_(ids))
        .values(lease_until=now + lease, claimed_by=worker)
    )
    details = await conn.execute(
        sa.select(
            deliveries.c.id,
            deliveries.c.subscriber_id,
            deliveries.c.channel,
            deliveries.c.kind,
            deliveries.c.report_id,
            deliveries.c.broadcast_id,
            deliveries.c.payload,
            deliveries.c.attempts,
            deliveries.c.parts_sent,
            subscribers.c.chat_id,
            subscribers.c.chat_type,
            subscribers.c.strikes,
            subscribers.c.active,
            delivery_schedules.c.mode,
        )
        .select_from(
            deliveries.join(
                subscribers, subscribers.c.id == deliveries.c.subscriber_id
            ).outerjoin(
                delivery_schedules,
                delivery_schedules.c.subscriber_id == deliveries.c.subscriber_id,
            )
        )
        .where(deliveries.c.id.in_(ids))
        .order_by(deliveries.c.id)
    )
    claimed, dropped = [], []
    for found in details:
        values = found._asdict()
        active, mode = values.pop("active"), values.pop("mode")
        if not active or mode == "off":
            dropped.append(values["id"])
        else:
            claimed.append(Claimed.model_validate(values))
    if dropped:
        await conn.execute(
            sa.update(deliveries)
            .where(deliveries.c.id.in_(dropped))
            .values(status="skipped", lease_until=None, last_error="subscriber inactive")
        )
    return claimed


async def update_held(
    conn: AsyncConnection, ids: Sequence[int], worker: str, values: dict[str, Any]
) -> int:
    """Change rows `worker` still holds unsent; rows claimed by another worker are left."""
    result = await conn.execute(
        sa.update(deliveries)
        .where(
            deliveries.c.id.in_(list(ids)),
            deliveries.c.claimed_by == worker,
            deliveries.c.status == "pending",
        )
        .values(**values)
    )
    return result.rowcount


async def release_all_leases(conn: AsyncConnection) -> int:
    result = await conn.execute(
        sa.update(deliveries)
        .where(deliveries.c.status == "pending", deliveries.c.lease_until.is_not(None))
        .values(lease_until=None, claimed_by=None)
    )
    return result.rowcount
