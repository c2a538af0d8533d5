"""The delivery outbox and subscriber schedules (issue 4): what must be sent, to whom, when.

Every message to send is a row of `deliveries`, written in the transaction that creates its
cause: `ReportRepository.add(queue=True)` stores a report and queues its digest for every
subscriber in instant mode in one transaction (a crash cannot leave a stored report that
nobody will receive); `queue_broadcast` and `queue_roundup` do the same for an admin's
announcement and a daily or weekly roundup. The unique (subscriber, dedup_key) and (report,
subscriber) keys make queuing idempotent, so any process may queue (the CLI, the ingestion
scheduler, a chat).

Dispatchers take rows with `claim_deliveries`: a row is claimed by writing a lease (a worker
id and an expiry) on it. On PostgreSQL the candidate rows are locked `FOR UPDATE SKIP LOCKED`,
so two processes never claim the same row and never wait for each other; on SQLite the write
transaction (BEGIN IMMEDIATE) serialises claims. A process that dies keeps its leases until
they expire, then its rows are claimed again. Only the oldest unfinished row of each
subscriber can be claimed (the "head of the line"), which keeps each chat's messages in
order across processes.

Every method is its own short transaction. Queuing notifies the `OutboxSignal` it was built
with (bot.storage.signal), which the dispatcher of the same process listens to.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.audience import follows
from bot.storage.base import Repository, count
from bot.storage.database import Database
from bot.storage.signal import Signal
from bot.storage.tables import (
    UTCDateTime,
    broadcasts,
    deliveries,
    delivery_schedules,
    reports,
    subscribers,
    subscriptions,
)

logger = logging.getLogger(__name__)

#: Channels a dispatcher can send to; console subscribers (the operator's terminal) get none.
DELIVERABLE_CHANNELS = ("telegram", "zalo")
ROUNDUP_MODES = ("daily", "weekly")
MAX_ERROR_CHARS = 500


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Claimed(_Record):
    """A delivery this process holds a lease on, with what sending it needs."""

    id: int
    subscriber_id: int
    channel: str
    chat_id: str
    chat_type: str
    kind: str  # report | roundup | broadcast
    report_id: int | None
    broadcast_id: int | None
    payload: str | None
    attempts: int
    parts_sent: int
    strikes: int  # the subscriber's failed deliveries in a row


class DeliveryStats(_Record):
    pending: int  # queued, not yet sent (due now or later)
    due: int  # pending and due now
    in_flight: int  # pending and leased by a dispatcher
    retrying: int  # pending after at least one failed attempt
    sent_last_minute: int
    sent_last_hour: int
    sent_total: int
    failed: int  # parked after the last retry, or refused for good
    skipped: int  # the subscriber went inactive or paused before it was sent
    subscribers_inactive: int
    oldest_pending_at: datetime | None


class ScheduleRow(_Record):
    subscriber_id: int
    mode: str  # instant | daily | weekly | off
    at_minute: int | None
    weekday: int | None
    since: datetime
    last_slot: datetime | None
    cursor_report_id: int | None


class FailedDelivery(_Record):
    id: int
    channel: str
    chat_id: str
    kind: str
    attempts: int
    last_error: str | None
    created_at: datetime


# --- statement helpers -------------------------------------------------------------------------


def _insert(dialect: str, table: sa.Table) -> Any:
    module = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect)
    if module is None:
        raise NotImplementedError(f"no INSERT .. ON CONFLICT for {dialect}")
    return module.insert(table)


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


async def _queue_report(
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
    statement = _insert(dialect, deliveries).from_select(_QUEUE_COLUMNS, select)
    result = await conn.execute(statement.on_conflict_do_nothing())
    return max(result.rowcount or 0, 0)


async def _latest_report_id(conn: AsyncConnection) -> int:
    return int(await conn.scalar(sa.select(sa.func.max(reports.c.id))) or 0)


async def _insert_roundup(
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
    statement = _insert(dialect, deliveries).values(
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


def _error_text(error: str | None) -> str | None:
    return None if error is None else error[:MAX_ERROR_CHARS]


# --- the queries ------------------------------------------------------------------------------


class OutboxRepository(Repository):
    def __init__(self, database: Database, signal: Signal, schedule_signal: Signal) -> None:
        super().__init__(database)
        self.signal = signal  # new rows were queued (the dispatcher listens)
        self.schedule_signal = schedule_signal  # a schedule changed (the roundups listen)

    def _outbox_changed(self, queued: int) -> None:
        if queued > 0:
            self.signal.notify()

    # --- queuing ----------------------------------------------------------------------------

    async def queue_report(self, report_id: int, *, now: datetime | None = None) -> int:
        """Queue a stored report's digest for its subscribers (again: rows already queued
        are kept, so this is safe to repeat); returns how many rows are new. `now` defaults
        to when the report was stored."""
        async with self._write() as conn:
            found = await conn.execute(
                sa.select(reports.c.province_current, reports.c.created_at).where(
                    reports.c.id == report_id
                )
            )
            row = found.first()
            if row is None:
                return 0
            queued = await _queue_report(
                conn, self.dialect, report_id, row.province_current, now or row.created_at
            )
        self._outbox_changed(queued)
        return queued

    async def queue_broadcast(
        self, text: str, *, author: str | None, now: datetime
    ) -> tuple[int, int]:
        """Queue an announcement for every active subscriber who follows something and has
        not paused deliveries; returns (broadcast id, deliveries queued)."""
        async with self._write() as conn:
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
            statement = _insert(self.dialect, deliveries).from_select(_QUEUE_COLUMNS, select)
            result = await conn.execute(statement.on_conflict_do_nothing())
            queued = max(result.rowcount or 0, 0)
        self._outbox_changed(queued)
        return broadcast_id, queued

    async def queue_roundup(
        self, subscriber_id: int, slot: datetime, *, now: datetime, max_reports: int = 30
    ) -> int:
        """Queue the roundup due at `slot` (aware) of what arrived since the last one.

        Only the first call for a slot does anything, in any process: the schedule's
        `last_slot` is moved forward by a conditional UPDATE before anything is queued.
        Returns 1 if a roundup was queued, 0 otherwise (already done, nothing new, or the
        schedule changed).
        """
        schedule = delivery_schedules.c
        async with self._write() as conn:
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
            top = await _latest_report_id(conn)
            await conn.execute(
                sa.update(delivery_schedules)
                .where(schedule.subscriber_id == subscriber_id)
                .values(cursor_report_id=top)
            )
            queued = await _insert_roundup(
                conn,
                self.dialect,
                subscriber_id,
                after=cursor or 0,
                upto=top,
                slot=slot,
                now=now,
                max_reports=max_reports,
            )
        self._outbox_changed(queued)
        return queued

    # --- schedules ----------------------------------------------------------------------------

    async def get_schedule(self, subscriber_id: int) -> ScheduleRow | None:
        async with self._read() as conn:
            row = (
                await conn.execute(
                    sa.select(delivery_schedules).where(
                        delivery_schedules.c.subscriber_id == subscriber_id
                    )
                )
            ).first()
        return None if row is None else ScheduleRow.model_validate(row._asdict())

    async def set_schedule(
        self,
        subscriber_id: int,
        mode: str,
        *,
        at_minute: int | None = None,
        weekday: int | None = None,
        now: datetime,
        max_reports: int = 30,
    ) -> int:
        """Change how a subscriber gets digests; returns the deliveries queued meanwhile.

        Leaving a roundup for instant delivery sends what was waiting for the next roundup
        at once (as a roundup stamped `now`); changing the time of a roundup keeps what
        is waiting. After a pause (`off`) the roundups start from what arrives next.
        """
        table = delivery_schedules.c
        queued = 0
        async with self._write() as conn:
            previous = (
                await conn.execute(
                    sa.select(delivery_schedules).where(table.subscriber_id == subscriber_id)
                )
            ).first()
            top = await _latest_report_id(conn)
            keep_cursor = previous is not None and previous.mode in ROUNDUP_MODES
            if mode == "instant" and keep_cursor:
                assert previous is not None
                queued = await _insert_roundup(
                    conn,
                    self.dialect,
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
        self._outbox_changed(queued)
        self.schedule_signal.notify()
        return queued

    async def roundup_schedules(self) -> list[ScheduleRow]:
        """Daily and weekly schedules of active subscribers."""
        statement = (
            sa.select(delivery_schedules)
            .join(subscribers, subscribers.c.id == delivery_schedules.c.subscriber_id)
            .where(delivery_schedules.c.mode.in_(ROUNDUP_MODES), subscribers.c.active)
            .order_by(delivery_schedules.c.subscriber_id)
        )
        async with self._read() as conn:
            rows = await conn.execute(statement)
            return [ScheduleRow.model_validate(row._asdict()) for row in rows]

    # --- claiming ------------------------------------------------------------------------------

    async def claim_deliveries(
        self,
        channels: Iterable[str],
        *,
        worker: str,
        now: datetime,
        limit: int,
        lease: timedelta,
    ) -> list[Claimed]:
        """Lease up to `limit` due deliveries (oldest first, at most one per subscriber).

        Rows of subscribers that went inactive or paused meanwhile are marked skipped
        instead of being handed out.
        """
        channels = list(channels)
        if limit <= 0 or not channels:
            return []
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
        if self.dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True, of=row)
        async with self._write() as conn:
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

    async def extend_leases(self, ids: Sequence[int], *, worker: str, until: datetime) -> int:
        """Keep holding rows that are still waiting for their turn."""
        if not ids:
            return 0
        return await self._update_held(ids, worker, {"lease_until": until})

    async def release_deliveries(
        self, ids: Sequence[int], *, worker: str, due: datetime | None = None
    ) -> int:
        """Give claimed rows back unsent (at stop, or to wait out a long pause)."""
        if not ids:
            return 0
        values: dict[str, Any] = {"lease_until": None, "claimed_by": None}
        if due is not None:
            values["due_at"] = due
        return await self._update_held(ids, worker, values)

    async def _update_held(self, ids: Sequence[int], worker: str, values: dict[str, Any]) -> int:
        """Change rows `worker` still holds unsent; rows claimed by another worker are left."""
        async with self._write() as conn:
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

    async def release_all_leases(self) -> int:
        """Forget every lease: only for a database one process uses (SQLite), at start-up,
        when the leases left can only belong to a process that died."""
        async with self._write() as conn:
            result = await conn.execute(
                sa.update(deliveries)
                .where(deliveries.c.status == "pending", deliveries.c.lease_until.is_not(None))
                .values(lease_until=None, claimed_by=None)
            )
        return result.rowcount

    # --- outcomes -------------------------------------------------------------------------------

    async def mark_sent(
        self, sent: Sequence[tuple[int, int]], *, now: datetime, clear_strikes: Iterable[int] = ()
    ) -> None:
        """Record deliveries (id, parts sent) as sent, in one transaction; subscribers in
        `clear_strikes` had failures before and are no longer failing in a row."""
        if not sent:
            return
        async with self._write() as conn:
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

    async def record_progress(self, delivery_id: int, parts_sent: int) -> None:
        """Some parts of a long message went out: a retry starts after them."""
        async with self._write() as conn:
            await conn.execute(
                sa.update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(parts_sent=parts_sent)
            )

    async def defer_delivery(
        self, delivery_id: int, *, due: datetime, error: str | None, attempt: bool
    ) -> None:
        """Try again at `due`; `attempt` counts this try against the retry budget."""
        values: dict[str, Any] = {
            "due_at": due,
            "lease_until": None,
            "claimed_by": None,
            "last_error": _error_text(error),
        }
        if attempt:
            values["attempts"] = deliveries.c.attempts + 1
        async with self._write() as conn:
            await conn.execute(
                sa.update(deliveries).where(deliveries.c.id == delivery_id).values(**values)
            )

    async def fail_delivery(self, delivery_id: int, *, error: str, now: datetime) -> None:
        """Park a delivery as failed (visible in /stats and `bantin deliveries`)."""
        async with self._write() as conn:
            await conn.execute(
                sa.update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(
                    status="failed",
                    attempts=deliveries.c.attempts + 1,
                    lease_until=None,
                    sent_at=None,
                    last_error=_error_text(error),
                )
            )

    async def strike(
        self,
        subscriber_id: int,
        delivery_id: int | None,
        *,
        limit: int,
        error: str,
        due: datetime | None = None,
    ) -> bool:
        """The chat refused a message (blocked, not found). Count a strike; at `limit` in a
        row the subscriber goes inactive and its queued rows are skipped (True). The refused
        delivery, if the message was one, is parked as failed then, or else tried again at
        `due` (False). A refused reply to a chat names no delivery."""
        async with self._write() as conn:
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
                            last_error=_error_text(error),
                        )
                    )
                return False
            await conn.execute(
                sa.update(subscribers)
                .where(subscribers.c.id == subscriber_id)
                .values(active=False)
            )
            if delivery_id is not None:
                await conn.execute(
                    sa.update(deliveries)
                    .where(this_row)
                    .values(
                        status="failed",
                        lease_until=None,
                        attempts=deliveries.c.attempts + 1,
                        last_error=_error_text(error),
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

    async def strike_chat(
        self,
        channel: str,
        chat_id: str,
        *,
        limit: int,
        error: str,
        delivery_id: int | None = None,
        due: datetime | None = None,
    ) -> bool:
        """`strike` for the subscriber of a (channel, chat); False for a chat that never
        subscribed (nothing to pause)."""
        async with self._read() as conn:
            subscriber_id = await conn.scalar(
                sa.select(subscribers.c.id).where(
                    subscribers.c.channel == channel, subscribers.c.chat_id == str(chat_id)
                )
            )
        if subscriber_id is None:
            return False
        return await self.strike(
            int(subscriber_id), delivery_id, limit=limit, error=error, due=due
        )

    async def clear_chat_strikes(self, channel: str, chat_id: str) -> None:
        """A message to the chat went through: its refusals are no longer "in a row"."""
        async with self._write() as conn:
            await conn.execute(
                sa.update(subscribers)
                .where(
                    subscribers.c.channel == channel,
                    subscribers.c.chat_id == str(chat_id),
                    subscribers.c.strikes != 0,
                )
                .values(strikes=0)
            )

    async def reactivate_subscriber(self, channel: str, chat_id: str, *, now: datetime) -> bool:
        """A chat that had gone inactive wrote to the bot: send to it again (True if it was
        inactive). A cheap read when it is active, which is nearly always."""
        where = (subscribers.c.channel == channel, subscribers.c.chat_id == str(chat_id))
        async with self._read() as conn:
            active = await conn.scalar(sa.select(subscribers.c.active).where(*where))
        if active is None or active:
            return False
        async with self._write() as conn:
            result = await conn.execute(
                sa.update(subscribers)
                .where(*where, sa.not_(subscribers.c.active))
                .values(active=True, strikes=0, last_seen_at=now)
            )
        return result.rowcount > 0

    async def purge_deliveries(self, *, before: datetime) -> int:
        """Forget deliveries sent, failed or skipped before `before` (keeps the table small)."""
        async with self._write() as conn:
            result = await conn.execute(
                sa.delete(deliveries).where(
                    deliveries.c.status != "pending", deliveries.c.created_at < before
                )
            )
        return result.rowcount

    # --- reading ----------------------------------------------------------------------------

    async def get_broadcast(self, broadcast_id: int) -> str | None:
        async with self._read() as conn:
            return await conn.scalar(
                sa.select(broadcasts.c.text).where(broadcasts.c.id == broadcast_id)
            )

    async def delivery_stats(self, *, now: datetime) -> DeliveryStats:
        d = deliveries.c
        pending = d.status == "pending"
        async with self._read() as conn:
            return DeliveryStats(
                pending=await count(conn, deliveries, pending),
                due=await count(conn, deliveries, pending, d.due_at <= now),
                in_flight=await count(conn, deliveries, pending, d.lease_until > now),
                retrying=await count(conn, deliveries, pending, d.attempts > 0),
                sent_last_minute=await count(
                    conn, deliveries, d.sent_at >= now - timedelta(minutes=1)
                ),
                sent_last_hour=await count(
                    conn, deliveries, d.sent_at >= now - timedelta(hours=1)
                ),
                sent_total=await count(conn, deliveries, d.status == "sent"),
                failed=await count(conn, deliveries, d.status == "failed"),
                skipped=await count(conn, deliveries, d.status == "skipped"),
                subscribers_inactive=await count(conn, subscribers, sa.not_(subscribers.c.active)),
                oldest_pending_at=await conn.scalar(
                    sa.select(sa.func.min(d.created_at)).where(pending)
                ),
            )

    async def failed_deliveries(self, *, limit: int = 20) -> list[FailedDelivery]:
        """The most recent deliveries parked as failed."""
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
        async with self._read() as conn:
            rows = await conn.execute(statement)
            return [FailedDelivery.model_validate(row._asdict()) for row in rows]
