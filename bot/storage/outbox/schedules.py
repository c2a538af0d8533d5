"""Subscriber schedules (`delivery_schedules`): instant, a daily or weekly roundup, or off.

Apart from queuing because a schedule is state of its own: the slot a roundup was last
queued for and the last report it covered (the cursor), which every process reads and moves
forward with conditional UPDATEs so that a roundup slot is queued once, in any process.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.outbox.queuing import insert_roundup, latest_report_id
from bot.storage.outbox.records import ROUNDUP_MODES, ScheduleRow
from bot.storage.tables import delivery_schedules, subscribers


async def queue_roundup(
    conn: AsyncConnection,
    dialect: str,
    subscriber_id: int,
    slot: datetime,
    *,
    now: datetime,
    max_reports: int,
) -> int:
    """Take the roundup slot `slot` for the subscriber and queue what arrived since the last
    one; 1 if a roundup was queued, 0 otherwise.

    The slot is taken by moving `last_slot` forward in a conditional UPDATE before anything
    is queued: of two processes at the same slot, only one sees its row change.
    """
    schedule = delivery_schedules.c
    moved = await conn.execute(
        sa.update(delivery_schedules)
        .where(
            schedule.subscriber_id == subscriber_id,
            schedule.mode.in_(ROUNDUP_MODES),
            schedule.since <= slot,
            sa.or_(schedule.last_slot.is_(None), schedule.last_slot < slot),
        )
        .values(last_slot=slot)
    )
    if moved.rowcount != 1:
        return 0
    cursor = await conn.scalar(
        sa.select(schedule.cursor_report_id).where(schedule.subscriber_id == subscriber_id)
    )
    top = await latest_report_id(conn)
    await conn.execute(
        sa.update(delivery_schedules)
        .where(schedule.subscriber_id == subscriber_id)
        .values(cursor_report_id=top)
    )
    return await insert_roundup(
        conn,
        dialect,
        subscriber_id,
        after=cursor or 0,
        upto=top,
        slot=slot,
        now=now,
        max_reports=max_reports,
    )


async def get_schedule(conn: AsyncConnection, subscriber_id: int) -> ScheduleRow | None:
    row = (
        await conn.execute(
            sa.select(delivery_schedules).where(
                delivery_schedules.c.subscriber_id == subscriber_id
            )
        )
    ).first()
    return None if row is None else ScheduleRow.model_validate(row._asdict())


async def set_schedule(
    conn: AsyncConnection,
    dialect: str,
    subscriber_id: int,
    mode: str,
    *,
    at_minute: int | None,
    weekday: int | None,
    now: datetime,
    max_reports: int,
) -> int:
    """Replace the subscriber's schedule; the deliveries queued meanwhile (what was waiting
    for a roundup, when leaving roundups for instant delivery)."""
    table = delivery_schedules.c
    queued = 0
    previous = (
        await conn.execute(
            sa.select(delivery_schedules).where(table.subscriber_id == subscriber_id)
        )
    ).first()
    top = await latest_report_id(conn)
    keep_cursor = previous is not None and previous.mode in ROUNDUP_MODES
    if mode == "instant" and keep_cursor:
        assert previous is not None
        queued = await insert_roundup(
            conn,
            dialect,
            subscriber_id,
            after=previous.cursor_report_id or 0,
            upto=top,
            slot=now,
            now=now,
            max_reports=max_reports,
        )
    await conn.execute(
        sa.delete(delivery_schedules).where(table.subscriber_id == subscriber_id)
    )
    if mode != "instant":
        cursor = previous.cursor_report_id if keep_cursor and previous else top
        await conn.execute(
            sa.insert(delivery_schedules).values(
                subscriber_id=subscriber_id,
                mode=mode,
                at_minute=at_minute,
                weekday=weekday,
                since=now,
                last_slot=previous.last_slot if keep_cursor and previous else None,
                cursor_report_id=cursor,
            )
        )
    return queued


async def roundup_schedules(conn: AsyncConnection) -> list[ScheduleRow]:
    """Daily and weekly schedules of active subscribers."""
    statement = (
        sa.select(delivery_schedules)
        .join(subscribers, subscribers.c.id == delivery_schedules.c.subscriber_id)
        .where(delivery_schedules.c.mode.in_(ROUNDUP_MODES), subscribers.c.active)
        .order_by(delivery_schedules.c.subscriber_id)
    )
    rows = await conn.execute(statement)
    return [ScheduleRow.model_validate(row._asdict()) for row in rows]
