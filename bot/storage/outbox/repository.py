"""`OutboxRepository`, the one object the rest of the bot uses for the outbox (`store.outbox`).

Every method is its own short transaction around a statement of a sibling module (queuing,
schedules, claims, outcomes, reading), which take the connection: the repository decides
the transactions and who is told of new rows, the modules what is written. Queuing notifies
the `OutboxSignal` it was built with (bot.storage.signal), which the dispatcher of the same
process listens to; a changed schedule notifies the roundups' signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.storage.base import Repository
from bot.storage.database import Database
from bot.storage.outbox import claims, outcomes, queuing, reading, schedules
from bot.storage.outbox.records import Claimed, DeliveryStats, FailedDelivery, ScheduleRow
from bot.storage.signal import Signal


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
            queued = await queuing.queue_stored_report(conn, self.dialect, report_id, now)
        self._outbox_changed(queued)
        return queued

    async def queue_broadcast(
        self, text: str, *, author: str | None, now: datetime
    ) -> tuple[int, int]:
        """Queue an announcement for every active subscriber who follows something and has
        not paused deliveries; returns (broadcast id, deliveries queued)."""
        async with self._write() as conn:
            broadcast_id, queued = await queuing.queue_broadcast(
                conn, self.dialect, text, author=author, now=now
            )
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
        async with self._write() as conn:
            queued = await schedules.queue_roundup(
                conn, self.dialect, subscriber_id, slot, now=now, max_reports=max_reports
            )
        self._outbox_changed(queued)
        return queued

    # --- schedules ----------------------------------------------------------------------------

    async def get_schedule(self, subscriber_id: int) -> ScheduleRow | None:
        async with self._read() as conn:
            return await schedules.get_schedule(conn, subscriber_id)

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
        async with self._write() as conn:
            queued = await schedules.set_schedule(
                conn,
                self.dialect,
                subscriber_id,
                mode,
                at_minute=at_minute,
                weekday=weekday,
                now=now,
                max_reports=max_reports,
            )
        self._outbox_changed(queued)
        self.schedule_signal.notify()
        return queued

    async def roundup_schedules(self) -> list[ScheduleRow]:
        """Daily and weekly schedules of active subscribers."""
        async with self._read() as conn:
            return await schedules.roundup_schedules(conn)

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
        async with self._write() as conn:
            return await claims.claim(
                conn, self.dialect, channels, worker=worker, now=now, limit=limit, lease=lease
            )

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
        async with self._write() as conn:
            return await claims.update_held(conn, ids, worker, values)

    async def release_all_leases(self) -> int:
        """Forget every lease: only for a database one process uses (SQLite), at start-up,
        when the leases left can only belong to a process that died."""
        async with self._write() as conn:
            return await claims.release_all_leases(conn)

    # --- outcomes -------------------------------------------------------------------------------

    async def mark_sent(
        self, sent: Sequence[tuple[int, int]], *, now: datetime, clear_strikes: Iterable[int] = ()
    ) -> None:
        """Record deliveries (id, parts sent) as sent, in one transaction; subscribers in
        `clear_strikes` had failures before and are no longer failing in a row."""
        if not sent:
            return
        async with self._write() as conn:
            await outcomes.mark_sent(conn, sent, now=now, clear_strikes=clear_strikes)

    async def record_progress(self, delivery_id: int, parts_sent: int) -> None:
        """Some parts of a long message went out: a retry starts after them."""
        async with self._write() as conn:
            await outcomes.record_progress(conn, delivery_id, parts_sent)

    async def defer_delivery(
        self, delivery_id: int, *, due: datetime, error: str | None, attempt: bool
    ) -> None:
        """Try again at `due`; `attempt` counts this try against the retry budget."""
        async with self._write() as conn:
            await outcomes.defer(conn, delivery_id, due=due, error=error, attempt=attempt)

    async def fail_delivery(self, delivery_id: int, *, error: str, now: datetime) -> None:
        """Park a delivery as failed (visible in /stats and `bantin deliveries`)."""
        async with self._write() as conn:
            await outcomes.fail(conn, delivery_id, error=error)

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
            return await outcomes.strike(
                conn, subscriber_id, delivery_id, limit=limit, error=error, due=due
            )

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
            subscriber_id = await outcomes.subscriber_of_chat(conn, channel, chat_id)
        if subscriber_id is None:
            return False
        return await self.strike(subscriber_id, delivery_id, limit=limit, error=error, due=due)

    async def clear_chat_strikes(self, channel: str, chat_id: str) -> None:
        """A message to the chat went through: its refusals are no longer "in a row"."""
        async with self._write() as conn:
            await outcomes.clear_chat_strikes(conn, channel, chat_id)

    async def reactivate_subscriber(self, channel: str, chat_id: str, *, now: datetime) -> bool:
        """A chat that had gone inactive wrote to the bot: send to it again (True if it was
        inactive). A cheap read when it is active, which is nearly always."""
        async with self._read() as conn:
            active = await outcomes.chat_active(conn, channel, chat_id)
        if active is None or active:
            return False
        async with self._write() as conn:
            return await outcomes.reactivate(conn, channel, chat_id, now=now)

    async def purge_deliveries(self, *, before: datetime) -> int:
        """Forget deliveries sent, failed or skipped before `before` (keeps the table small)."""
        async with self._write() as conn:
            return await outcomes.purge(conn, before=before)

    # --- reading ----------------------------------------------------------------------------

    async def get_broadcast(self, broadcast_id: int) -> str | None:
        async with self._read() as conn:
            return await reading.broadcast_text(conn, broadcast_id)

    async def delivery_stats(self, *, now: datetime) -> DeliveryStats:
        async with self._read() as conn:
            return await reading.delivery_stats(conn, now=now)

    async def failed_deliveries(self, *, limit: int = 20) -> list[FailedDelivery]:
        """The most recent deliveries parked as failed."""
        async with self._read() as conn:
            return await reading.failed_deliveries(conn, limit=limit)
