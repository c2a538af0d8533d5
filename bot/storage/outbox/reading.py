"""Reading the outbox for people: an announcement's text, the counts /stats and `bantin
deliveries` show, the deliveries parked as failed.

Apart because none of it takes part in sending: these are read-only queries for operators.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.base import count
from bot.storage.outbox.records import DeliveryStats, FailedDelivery
from bot.storage.tables import broadcasts, deliveries, subscribers


async def broadcast_text(conn: AsyncConnection, broadcast_id: int) -> str | None:
    return await conn.scalar(sa.select(broadcasts.c.text).where(broadcasts.c.id == broadcast_id))


async def delivery_stats(conn: AsyncConnection, *, now: datetime) -> DeliveryStats:
    d = deliveries.c
    pending = d.status == "pending"
    return DeliveryStats(
        pending=await count(conn, deliveries, pending),
        due=await count(conn, deliveries, pending, d.due_at <= now),
        in_flight=await count(conn, deliveries, pending, d.lease_until > now),
        retrying=await count(conn, deliveries, pending, d.attempts > 0),
        sent_last_minute=await count(conn, deliveries, d.sent_at >= now - timedelta(minutes=1)),
        sent_last_hour=await count(conn, deliveries, d.sent_at >= now - timedelta(hours=1)),
        sent_total=await count(conn, deliveries, d.status == "sent"),
        failed=await count(conn, deliveries, d.status == "failed"),
        skipped=await count(conn, deliveries, d.status == "skipped"),
        subscribers_inactive=await count(conn, subscribers, sa.not_(subscribers.c.active)),
        oldest_pending_at=await conn.scalar(sa.select(sa.func.min(d.created_at)).where(pending)),
    )


async def failed_deliveries(conn: AsyncConnection, *, limit: int) -> list[FailedDelivery]:
    statement = (
        sa.select(
            deliveries.c.id,
            deliveries.c.channel,
            subscribers.c.chat_id,
            deliveries.c.kind,
            deliveries.c.attempts,
            deliveries.c.last_error,
            deliveries.c.created_at,
        )
        .join(subscribers, subscribers.c.id == deliveries.c.subscriber_id)
        .where(deliveries.c.status == "failed")
        .order_by(deliveries.c.id.desc())
        .limit(limit)
    )
    rows = await conn.execute(statement)
    return [FailedDelivery.model_validate(row._asdict()) for row in rows]
