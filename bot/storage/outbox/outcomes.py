"""Outcomes: what became of a claimed delivery, written to its row and its subscriber.

Sent, partly sent, deferred for a retry, parked as failed, or refused by the chat (a
strike: enough in a row and the subscriber goes inactive, its queued rows skipped). Apart
from claiming because these statements decide a subscriber's standing, which a chat that
writes to the bot again can restore (`reactivate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.outbox.records import error_text
from bot.storage.tables import deliveries, subscribers


async def mark_sent(
    conn: AsyncConnection,
    sent: Sequence[tuple[int, int]],
    *,
    now: datetime,
    clear_strikes: Iterable[int],
) -> None:
    await conn.execute(
        sa.update(deliveries)
        .where(deliveries.c.id == sa.bindparam("row_id"))
        .values(
            status="sent",
            parts_sent=sa.bindparam("parts"),
            sent_at=now,
            lease_until=None,
            last_error=None,
        ),
        [{"row_id": row_id, "parts": parts} for row_id, parts in sent],
    )
    clear = sorted(set(clear_strikes))
    if clear:
        await conn.execute(
            sa.update(subscribers)
            .where(subscribers.c.id.in_(clear), subscribers.c.strikes != 0)
            .values(strikes=0)
        )


async def record_progress(conn: AsyncConnection, delivery_id: int, parts_sent: int) -> None:
    await conn.execute(
        sa.update(deliveries).where(deliveries.c.id == delivery_id).values(parts_sent=parts_sent)
    )


async def defer(
    conn: AsyncConnection, delivery_id: int, *, due: datetime, error: str | None, attempt: bool
) -> None:
    values: dict[str, Any] = {
        "due_at": due,
        "lease_until": None,
        "claimed_by": None,
        "last_error": error_text(error),
    }
    if attempt:
        values["attempts"] = deliveries.c.attempts + 1
    await conn.execute(
        sa.update(deliveries).where(deliveries.c.id == delivery_id).values(**values)
    )


async def fail(conn: AsyncConnection, delivery_id: int, *, error: str) -> None:
    await conn.execute(
        sa.update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(
            status="failed",
            attempts=deliveries.c.attempts + 1,
            lease_until=None,
            sent_at=None,
            last_error=error_text(error),
        )
    )


async def strike(
    conn: AsyncConnection,
    subscriber_id: int,
    delivery_id: int | None,
    *,
    limit: int,
    error: str,
    due: datetime | None,
) -> bool:
    """Count a strike; True when it was the `limit`-th in a row and the subscriber went
    inactive (see `OutboxRepository.strike`)."""
    await conn.execute(
        sa.update(subscribers)
        .where(subscribers.c.id == subscriber_id)
        .values(strikes=subscribers.c.strikes + 1)
    )
    strikes = int(
        await conn.scalar(
            sa.select(subscribers.c.strikes).where(subscribers.c.id == subscriber_id)
        )
        or 0
    )
    this_row = deliveries.c.id == delivery_id
    if strikes < limit:
        if delivery_id is not None:
            await conn.execute(
                sa.update(deliveries)
                .where(this_row)
                .values(
                    due_at=due,
                    lease_until=None,
                    claimed_by=None,
                    attempts=deliveries.c.attempts + 1,
                    last_error=error_text(error),
                )
            )
        return False
    await conn.execute(
        sa.update(subscribers).where(subscribers.c.id == subscriber_id).values(active=False)
    )
    if delivery_id is not None:
        await conn.execute(
            sa.update(deliveries)
            .where(this_row)
            .values(
                status="failed",
                lease_until=None,
                attempts=deliveries.c.attempts + 1,
                last_error=error_text(error),
            )
        )
    await conn.execute(
        sa.update(deliveries)
        .where(
            deliveries.c.subscriber_id == subscriber_id,
            deliveries.c.status == "pending",
        )
        .values(status="skipped", lease_until=None, last_error="subscriber inactive")
    )
    return True


def _chat(channel: str, chat_id: str) -> tuple[Any, Any]:
    return subscribers.c.channel == channel, subscribers.c.chat_id == str(chat_id)


async def subscriber_of_chat(conn: AsyncConnection, channel: str, chat_id: str) -> int | None:
    found = await conn.scalar(sa.select(subscribers.c.id).where(*_chat(channel, chat_id)))
    return None if found is None else int(found)


async def clear_chat_strikes(conn: AsyncConnection, channel: str, chat_id: str) -> None:
    await conn.execute(
        sa.update(subscribers)
        .where(*_chat(channel, chat_id), subscribers.c.strikes != 0)
        .values(strikes=0)
    )


async def chat_active(conn: AsyncConnection, channel: str, chat_id: str) -> bool | None:
    """Whether the chat's subscriber is active; None for a chat that never subscribed."""
    return await conn.scalar(sa.select(subscribers.c.active).where(*_chat(channel, chat_id)))


async def reactivate(conn: AsyncConnection, channel: str, chat_id: str, *, now: datetime) -> bool:
    result = await conn.execute(
        sa.update(subscribers)
        .where(*_chat(channel, chat_id), sa.not_(subscribers.c.active))
        .values(active=True, strikes=0, last_seen_at=now)
    )
    return result.rowcount > 0


async def purge(conn: AsyncConnection, *, before: datetime) -> int:
    result = await conn.execute(
        sa.delete(deliveries).where(
            deliveries.c.status != "pending", deliveries.c.created_at < before
        )
    )
    return result.rowcount
