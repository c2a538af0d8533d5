"""The dispatcher: drains the outbox through each channel's port, nothing lost or doubled.

One asyncio task (the pump) claims due rows from the database in batches, keeps them in a
small local buffer and starts a send whenever the channel's port (`OutboundPort`: its gate
says whether the chat and the budget allow, and replies go first) and a concurrency slot
allow; another task (the writer) records the sends that succeeded, many rows per
transaction; a third renews the leases of the rows held, every third of a lease. What each
outcome of `OutboundPort.deliver` does:

* sent: the row is marked sent; a concurrency slot is freed only once that mark is
  committed, so after a crash at most `concurrency` messages can be sent again (those in
  flight or sent but not yet recorded), never more;
* throttled (429): the port paused the chat, or the whole port; the row goes back to the
  table, due after the pause; other chats carry on;
* failed (timeouts, 5xx): retried with exponential backoff and jitter, at most
  `max_attempts` times, then parked as failed (visible in /stats);
* refused (blocked, chat not found): the port counted a strike and the row is retried after
  `blocked_retry`; at `strikes` in a row the subscriber went inactive and its queue is
  skipped (it is active again when it writes to the bot);
* rejected (400): parked as failed at once.

Leases are short (`lease`, 15 s by default) and renewed while rows are held, so the rows of
a process that died go to another (or to its restart) within a lease, while a process alive
but slow keeps them.

Rows come from the table only (never from memory), so rows queued by another process (the
`bantin ingest` CLI, an ingestion run) are found by polling every `poll_interval`; rows
queued in this process wake the pump at once (the `OutboxSignal` the composition root hands
to both the store's outbox repository and the dispatcher).

When the database fails (gone, locked, corrupt), the pump logs one line and tries again
after a delay doubled on each failure in a row, up to `failure_backoff_max` seconds, so a
broken database is neither hammered nor a traceback every second in the log.
Each chat gets one message at a time and its rows in queue order (the claim only hands out
the oldest unfinished row of a subscriber).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import random
import secrets
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.delivery.limiter import Ticket
from bot.delivery.messages import Renderer
from bot.delivery.port import OutboundPort, Outcome, Result, backoff
from bot.delivery.sender import Rejected, is_group
from bot.storage import Signal, Store, database_problem
from bot.storage.outbox import Claimed

logger = logging.getLogger(__name__)

WallClock = Callable[[], datetime]


@dataclass(frozen=True)
class DeliveryConfig:
    """How the dispatcher behaves (built from `Settings` by `bot.delivery.runtime`)."""

    concurrency: int = 16  # messages in flight at once, all channels together
    claim_batch: int = 100  # rows claimed per query (and the most held locally)
    poll_interval: float = 1.0  # seconds between looks at the table when idle
    lease: float = 15.0  # seconds a claim lasts unless renewed (every third of it)
    max_attempts: int = 5  # tries of a row failing with timeouts or 5xx
    retry_base: float = 2.0  # first backoff, doubled each time, with jitter
    retry_max: float = 300.0
    blocked_retry: float = 30.0  # seconds before retrying a refused row
    hold_limit: float = 5.0  # a row whose chat must wait longer goes back to the table
    keep_days: int = 30  # finished rows are purged after this many days
    stop_timeout: float = 10.0  # seconds to let sends in flight finish at stop
    failure_backoff_max: float = 60.0  # longest wait between tries of a failing database

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.claim_batch < 1 or self.max_attempts < 1:
            raise ValueError("concurrency, claim_batch and max_attempts must be at least 1")
        if self.lease <= 3 * self.poll_interval:
            raise ValueError("the lease must be longer than three poll intervals")


def failure_delay(failures: int, base: float, cap: float) -> float:
    """Seconds to wait after `failures` failed rounds in a row: `base` doubled each time,
    at most `cap`.

    >>> [failure_delay(n, 1.0, 60.0) for n in (1, 2, 3, 7, 8, 50)]
    [1.0, 2.0, 4.0, 60.0, 60.0, 60.0]
    """
    return min(base * 2.0 ** min(failures - 1, 32), max(cap, base))


def worker_name() -> str:
    """host:pid:random, stored on the rows this process claims."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(3)}"[:64]


class Dispatcher:
    """Sends the outbox through the given ports (one per channel)."""

    def __init__(
        self,
        store: Store,
        ports: Iterable[OutboundPort],
        renderer: Renderer,
        config: DeliveryConfig | None = None,
        *,
        clock: WallClock,
        monotonic: Callable[[], float] = time.monotonic,
        worker: str | None = None,
        rng: random.Random | None = None,
        signal: Signal | None = None,
    ) -> None:
        self.store = store
        self.signal = signal if signal is not None else store.outbox_signal
        self.ports = {port.channel: port for port in ports}
        self.renderer = renderer
        self.config = config or DeliveryConfig()
        self.clock = clock
        self.monotonic = monotonic
        self.worker = worker or worker_name()
        self.rng = rng or random.Random()
        self.counts: Counter[str] = Counter()  # sent, parts, failed, deferred, throttled, ...
        self._ready: dict[int, Claimed] = {}  # claimed rows waiting for their turn, in order
        self._sending: dict[int, Claimed] = {}
        self._busy: set[tuple[str, str]] = set()  # (channel, chat) with a message in flight
        self._free_slots = self.config.concurrency
        self._tasks: set[asyncio.Task[None]] = set()
        self._marks: list[tuple[Claimed, int]] = []
        self._wake = asyncio.Event()
        self._marks_waiting = asyncio.Event()
        self._notified = True  # look at the table at once on start
        self._more_waiting = False
        self._last_claim = -math.inf
        self._last_housekeeping = -math.inf
        self._last_purge = -math.inf
        self._stopping = False
        self.failures = 0  # pump rounds failed in a row (the database, mostly)
        self._pump: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._renewer: asyncio.Task[None] | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def notify(self) -> None:
        """New rows were queued: look at the table now rather than at the next poll."""
        self._notified = True
        self._wake.set()

    async def start(self) -> None:
        if self._pump is not None:
            return
        self.signal.listen(self.notify)
        for port in self.ports.values():
            port.gate.add_listener(self._wake.set)
        self._stopping = False
        self._pump = asyncio.create_task(self._run(), name="delivery-pump")
        self._writer = asyncio.create_task(self._write_marks(), name="delivery-writer")
        self._renewer = asyncio.create_task(self._renew_leases(), name="delivery-leases")
        logger.info("delivery started as %s for %s", self.worker, ", ".join(self.ports))

    async def stop(self) -> None:
        """Stop claiming, let sends in flight finish (up to `stop_timeout`), record them and
        give back the rows not sent, so a restart (or another process) sends them at once."""
        if self._pump is None:
            return
        self.signal.unlisten(self.notify)
        for port in self.ports.values():
            port.gate.remove_listener(self._wake.set)
            port.gate.bulk_demand = 0
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await self._pump
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=self.config.stop_timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self._marks_waiting.set()
        if self._writer is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer
        unsent = list(self._ready) + list(self._sending)
        self._ready.clear()
        if unsent:
            with contextlib.suppress(Exception):
                await self.store.outbox.release_deliveries(unsent, worker=self.worker)
        self._pump = self._writer = self._renewer = None
        logger.info("delivery stopped (%s)", dict(self.counts))

    @property
    def running(self) -> bool:
        return self._pump is not None and not self._pump.done()

    def held(self) -> int:
        """Rows claimed by this dispatcher and not yet finished."""
        return len(self._ready) + len(self._sending)

    # --- the pump -------------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                now = self.monotonic()
                await self._housekeeping(now)
                if self._should_claim(now):
                    await self._claim(now)
                started, wait = await self._start_ready(self.monotonic())
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away: try again, less and less often
                started, wait = 0, self._failed(exc)
            else:
                if self.failures:
                    logger.info("delivery loop recovered after %d failures", self.failures)
                self.failures = 0
            if started:
                await asyncio.sleep(0)
                continue
            timeout = (
                wait if self.failures else min(wait, self._until_next_claim(self.monotonic()))
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(timeout, 0.001))

    def _failed(self, error: Exception) -> float:
        """Log a failed round in one line and return how long to wait before the next."""
        self.failures += 1
        delay = failure_delay(
            self.failures, self.config.poll_interval, self.config.failure_backoff_max
        )
        problem = database_problem(error)
        if problem is None:  # not the database: a bug worth its traceback, once
            if self.failures == 1:
                logger.exception("delivery loop failed; retrying in %.1f s", delay)
            else:
                logger.warning(
                    "delivery loop failed again (%d in a row): %s: %s; retrying in %.1f s",
                    self.failures,
                    type(error).__name__,
                    error,
                    delay,
                )
        else:
            logger.warning(
                "delivery loop failed (%d in a row): database %s: %s; retrying in %.1f s",
                self.failures,
                self.store.database.url,
                problem[0],
                delay,
            )
        return delay

    def _room(self) -> int:
        return self.config.claim_batch - len(self._ready)

    def _should_claim(self, now: float) -> bool:
        if self._room() < max(self.config.claim_batch // 2, 1):
            return False
        if self._notified or self._more_waiting:
            return True
        return now - self._last_claim >= self.config.poll_interval

    def _until_next_claim(self, now: float) -> float:
        if self._room() < max(self.config.claim_batch // 2, 1):
            return self.config.poll_interval
        return max(self._last_claim + self.config.poll_interval - now, 0.0)

    async def _claim(self, now: float) -> None:
        self._notified = False
        self._last_claim = now
        room = self._room()
        rows = await self.store.outbox.claim_deliveries(
            self.ports,
            worker=self.worker,
            now=self.clock(),
            limit=room,
            lease=timedelta(seconds=self.config.lease),
        )
        self._more_waiting = len(rows) == room
        for row in rows:
            if row.id not in self._sending:
                self._ready[row.id] = row
        if rows:
            self.counts["claimed"] += len(rows)

    async def _start_ready(self, now: float) -> tuple[int, float]:
        """Start every send the ports allow now; returns (started, seconds to the next)."""
        started, soonest = 0, math.inf
        blocked: set[str] = set()  # channels whose budget has no room now
        long_waits: list[tuple[Claimed, float]] = []
        demand = Counter(row.channel for row in self._ready.values())
        for channel, port in self.ports.items():
            port.gate.bulk_demand = demand[channel]
        for row in list(self._ready.values()):
            if self._free_slots <= 0:
                break
            if row.channel in blocked:
                continue
            chat = (row.channel, row.chat_id)
            if chat in self._busy:
                continue
            gate = self.ports[row.channel].gate
            group = is_group(row.chat_type)
            wait = gate.chat_wait(row.chat_id, group, now)
            if wait > 0:
                if wait > self.config.hold_limit and not math.isinf(wait):
                    long_waits.append((row, wait))
                else:
                    soonest = min(soonest, wait)
                continue
            ticket = gate.try_start(row.chat_id, group, now)
            if ticket is None:  # the budget (or a reply waiting for it) says not now
                blocked.add(row.channel)
                soonest = min(soonest, gate.overall_wait(now))
                continue
            self._launch(row, ticket)
            started += 1
        for row, wait in long_waits:
            # Waiting that long here would hold the lease for nothing: back to the table.
            self._ready.pop(row.id, None)
            due = self.clock() + timedelta(seconds=wait)
            await self.store.outbox.release_deliveries([row.id], worker=self.worker, due=due)
            self.counts["held_back"] += 1
        return started, soonest

    def _launch(self, row: Claimed, ticket: Ticket) -> None:
        self._ready.pop(row.id, None)
        self._sending[row.id] = row
        self._busy.add((row.channel, row.chat_id))
        self._free_slots -= 1
        task = asyncio.create_task(self._deliver(row, ticket), name=f"delivery-{row.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- one delivery -------------------------------------------------------------------------

    async def _deliver(self, row: Claimed, ticket: Ticket) -> None:
        port = self.ports[row.channel]
        recorded = False
        open_ticket: Ticket | None = ticket  # started, not yet handed to the port
        try:
            parts = await self.renderer.parts(row, html=port.html, split=port.split)
            refused_due = self.clock() + timedelta(
                seconds=self.config.blocked_retry * (row.strikes + 1)
            )

            async def progress(sent: int) -> None:
                await self.store.outbox.record_progress(row.id, sent)

            open_ticket = None
            result = await port.deliver(
                row.chat_id,
                parts,
                group=is_group(row.chat_type),
                start=row.parts_sent,
                ticket=ticket,
                on_part=progress,
                delivery_id=row.id,
                refused_due=refused_due,
            )
            self.counts["parts"] += max(result.sent - row.parts_sent, 0)
            if result.ok:
                self._marks.append((row, len(parts)))
                self._marks_waiting.set()
                recorded = True  # the writer frees the slot once the mark is committed
            else:
                await self._unsent(row, result)
        except Rejected as exc:  # nothing to send (the report was deleted): never will be
            self.counts["failed"] += 1
            logger.warning("delivery %d cannot be rendered: %s", row.id, exc)
            await self.store.outbox.fail_delivery(row.id, error=str(exc), now=self.clock())
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: retried a bounded number of times, then parked
            logger.exception("delivery %d failed unexpectedly", row.id)
            await self._retry(row, f"{type(exc).__name__}: {exc}")
        finally:
            if open_ticket is not None:  # rendering failed: nothing was sent with it
                port.gate.finish(open_ticket)
            self._busy.discard((row.channel, row.chat_id))
            if not recorded:
                self._sending.pop(row.id, None)
                self._free_slots += 1
            self._wake.set()

    async def _unsent(self, row: Claimed, result: Result) -> None:
        if result.outcome is Outcome.THROTTLED:
            self.counts["throttled"] += 1
            await self.store.outbox.defer_delivery(
                row.id,
                due=self.clock() + timedelta(seconds=result.retry_after),
                error=result.error,
                attempt=False,
            )
        elif result.outcome is Outcome.REFUSED:
            self.counts["refused"] += 1  # the port counted the strike and moved the row
            if result.deactivated:
                self.counts["deactivated"] += 1
        elif result.outcome is Outcome.REJECTED:
            self.counts["failed"] += 1
            logger.warning(
                "%s chat %s refused delivery %d for good: %s",
                row.channel,
                row.chat_id,
                row.id,
                result.error,
            )
            await self.store.outbox.fail_delivery(
                row.id, error=result.error or "", now=self.clock()
            )
        else:
            await self._retry(row, result.error or "failed")

    async def _retry(self, row: Claimed, error: str) -> None:
        attempt = row.attempts + 1
        if attempt >= self.config.max_attempts:
            self.counts["failed"] += 1
            logger.warning(
                "delivery %d to %s chat %s failed %d times, parked: %s",
                row.id,
                row.channel,
                row.chat_id,
                attempt,
                error,
            )
            await self.store.outbox.fail_delivery(row.id, error=error, now=self.clock())
            return
        self.counts["retried"] += 1
        delay = backoff(attempt, self.config.retry_base, self.config.retry_max, self.rng)
        logger.info(
            "delivery %d to %s chat %s: %s; retry %d in %.1f s",
            row.id,
            row.channel,
            row.chat_id,
            error,
            attempt,
            delay,
        )
        await self.store.outbox.defer_delivery(
            row.id, due=self.clock() + timedelta(seconds=delay), error=error, attempt=True
        )

    # --- recording sends ------------------------------------------------------------------

    async def _write_marks(self) -> None:
        while True:
            await self._marks_waiting.wait()
            self._marks_waiting.clear()
            batch, self._marks = self._marks, []
            if batch:
                try:
                    await self.store.outbox.mark_sent(
                        [(row.id, parts) for row, parts in batch],
                        now=self.clock(),
                        clear_strikes=[row.subscriber_id for row, _ in batch if row.strikes],
                    )
                except asyncio.CancelledError:
                    raise
                except Exception:  # keep the marks and the slots: sending waits for the DB
                    logger.exception("could not record %d sent deliveries; retrying", len(batch))
                    self._marks = batch + self._marks
                    await asyncio.sleep(0.5)
                    self._marks_waiting.set()
                    continue
                for row, _ in batch:
                    self._sending.pop(row.id, None)
                self._free_slots += len(batch)
                self.counts["sent"] += len(batch)
                self._wake.set()
            if self._stopping and not self._tasks and not self._marks:
                return

    # --- housekeeping -----------------------------------------------------------------------

    async def _renew_leases(self) -> None:
        """Keep the rows held: every third of a lease, their leases start again."""
        while True:
            await asyncio.sleep(self.config.lease / 3)
            held = list(self._ready) + list(self._sending)
            if not held:
                continue
            until = self.clock() + timedelta(seconds=self.config.lease)
            try:
                await self.store.outbox.extend_leases(held, worker=self.worker, until=until)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database went away for a moment: the next turn retries
                logger.exception("could not renew the leases of %d deliveries", len(held))

    async def _housekeeping(self, now: float) -> None:
        if now - self._last_housekeeping >= 30.0:
            self._last_housekeeping = now
            for port in self.ports.values():
                port.gate.forget_idle(now)
        if now - self._last_purge >= 3600.0:
            self._last_purge = now
            before = self.clock() - timedelta(days=self.config.keep_days)
            purged = await self.store.outbox.purge_deliveries(before=before)
            if purged:
                logger.info(
                    "purged %d finished deliveries older than %d days",
                    purged,
                    self.config.keep_days,
                )
