"""Queuing: the INSERT .. SELECT statements that write `deliveries` rows.

A report's digest for its instant subscribers, an announcement for everyone who follows
something, a roundup for one subscriber. Apart from the repository because storing a report
(bot.storage.intake) queues its digest inside its own transaction, with these same
functions; each takes the connection of the caller's transaction.

The unique (subscriber, dedup_key) and (report, subscriber) keys make queuing idempotent:
every insert here ignores a conflict, so any process may queue and repeat itself.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.audience import follows
from bot.storage.base import dialect_insert
from bot.storage.outbox.records import DELIVERABLE_CHANNELS
from bot.storage.tables import (
    UTCDateTime,
    broadcasts,
    deliveries,
    delivery_schedules,
    reports,
    subscribers,
    subscriptions,
)


def _time(value: datetime) -> Any:
    return sa.literal(value, UTCDateTime())


def _follows(province: Any) -> Any:
    """The subscriber (outer `subscribers` row) follows `province` (bot.storage.audience)."""
    return follows(subscribers.c.id, province)


def _instant() -> Any:
    """The subscriber has no schedule row, or one saying "instant"."""
    return ~sa.exists().where(
        delivery_schedules.c.subscriber_id == subscribers.c.id,
        delivery_schedules.c.mode != "instant",
    )


def _not_paused() -> Any:
    return ~sa.exists().where(
        delivery_schedules.c.subscriber_id == subscribers.c.id,
        delivery_schedules.c.mode == "off",
    )


def _reachable() -> tuple[Any, Any]:
    return subscribers.c.active, subscribers.c.channel.in_(DELIVERABLE_CHANNELS)


_QUEUE_COLUMNS = [
    "subscriber_id",
    "channel",
    "kind",
    "dedup_key",
    "report_id",
    "broadcast_id",
    "status",
    "attempts",
    "parts_sent",
    "due_at",
    "created_at",
]


def _queue_select(
    kind: str,
    dedup_key: str,
    now: datetime,
    *where: Any,
    report_id: int | None = None,
    broadcast_id: int | None = None,
) -> sa.Select[Any]:
    return (
        sa.select(
            subscribers.c.id,
            subscribers.c.channel,
            sa.literal(kind, sa.String()),
            sa.literal(dedup_key, sa.String()),
            sa.literal(report_id, sa.Integer()),
            sa.literal(broadcast_id, sa.Integer()),
            sa.literal("pending", sa.String()),
            sa.literal(0, sa.Integer()),
            sa.literal(0, sa.Integer()),
            _time(now),
            _time(now),
        )
        .where(*_reachable(), *where)
        .order_by(subscribers.c.id)
    )


async def _insert_selected(conn: AsyncConnection, dialect: str, select: sa.Select[Any]) -> int:
    statement = dialect_insert(dialect, deliveries).from_select(_QUEUE_COLUMNS, select)
    result = await conn.execute(statement.on_conflict_do_nothing())
    return max(result.rowcount or 0, 0)


async def queue_report(
    conn: AsyncConnection, dialect: str, report_id: int, province: str | None, now: datetime
) -> int:
    """Queue a report's digest for every active subscriber in instant mode who follows its
    province (or every province); rows already queued are left alone."""
    select = _queue_select(
        "report",
        f"report:{report_id}",
        now,
        _follows(province),
        _instant(),
        report_id=report_id,
    )
    return await _insert_selected(conn, dialect, select)


async def queue_stored_report(
    conn: AsyncConnection, dialect: str, report_id: int, now: datetime | None
) -> int:
    """`queue_report` for a report already stored, read back for its province; `now`
    defaults to when it was stored."""
    found = await conn.execute(
        sa.select(reports.c.province_current, reports.c.created_at).where(
            reports.c.id == report_id
        )
    )
    row = found.first()
    if row is None:
        return 0
    return await queue_report(
        conn, dialect, report_id, row.province_current, now or row.created_at
    )


async def queue_broadcast(
    conn: AsyncConnection, dialect: str, text: str, *, author: str | None, now: datetime
) -> tuple[int, int]:
    """Store an announcement and queue it for every active subscriber who follows something
    and has not paused deliveries; (broadcast id, deliveries queued)."""
    broadcast_id = int(
        await conn.scalar(
            sa.insert(broadcasts)
            .values(text=text, author=author, created_at=now)
            .returning(broadcasts.c.id)
        )
    )
    follows_any = sa.exists().where(subscriptions.c.subscriber_id == subscribers.c.id)
    select = _queue_select(
        "broadcast",
        f"broadcast:{broadcast_id}",
        now,
        follows_any,
        _not_paused(),
        broadcast_id=broadcast_id,
    )
    return broadcast_id, await _insert_selected(conn, dialect, select)


async def latest_report_id(conn: AsyncConnection) -> int:
    return int(await conn.scalar(sa.select(sa.func.max(reports.c.id))) or 0)


async def insert_roundup(
    conn: AsyncConnection,
    dialect: str,
    subscriber_id: int,
    *,
    after: int,
    upto: int,
    slot: datetime,
    now: datetime,
    max_reports: int,
) -> int:
    """Queue one roundup of the reports in (after, upto] the subscriber follows; 0 if none."""
    ids = list(
        (
            await conn.execute(
                sa.select(reports.c.id)
                .where(
                    reports.c.id > after,
                    reports.c.id <= upto,
                    sa.not_(reports.c.quiet),  # archive and old meetings are never pushed
                    follows(subscriber_id, reports.c.province_current),
                )
                .order_by(reports.c.id)
            )
        ).scalars()
    )
    if not ids:
        return 0
    channel = await conn.scalar(
        sa.select(subscribers.c.channel).where(subscribers.c.id == subscriber_id, *_reachable())
    )
    if channel is None:
        return 0
    payload = json.dumps(
        {"slot": slot.isoformat(), "reports": ids[:max_reports], "total": len(ids)}
    )
    statement = dialect_insert(dialect, deliveries).values(
        subscriber_id=subscriber_id,
        channel=channel,
        kind="roundup",
        dedup_key=f"roundup:{slot.isoformat()}"[:64],
        payload=payload,
        status="pending",
        attempts=0,
        parts_sent=0,
        due_at=now,
        created_at=now,
    )
    result = await conn.execute(statement.on_conflict_do_nothing())
    return max(result.rowcount or 0, 0)
