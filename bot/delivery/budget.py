"""A port's overall send budget: in memory for one process, in PostgreSQL for several.

Both budgets keep a `Pace` (bot.delivery.pace): even spacing at the channel's rate, the
pause a 429 asks for and a slowdown that eases back. The gate (bot.delivery.gate) asks
`wait(now, demand)` before starting a message and calls `take(now)` when it starts one;
`throttle` is how a 429 that concerns the whole bot reaches the budget.

`LocalBudget` is the pace in memory: the right thing for a SQLite deployment, which is one
process by construction.

`SharedBudget` is for several `bantin bot` processes on one token and one PostgreSQL
database. Each process reserves its messages from a row of `send_budgets` in small blocks
(`Pace.take(now, n)` under a row lock, `now` being the database's clock) and sends each at
its reserved instant, give or take a small grace; a slot missed is dropped, never sent late
in a bunch. The combined stream is the pace of one process, whoever sends; an idle process
reserves nothing, so a busy one gets the whole budget; a 429 slows every process down at
once because the slowdown lives in the row.

Why this design and not another:

* No new server (Redis, a coordinator process): the processes already share PostgreSQL, and
  a round trip of a millisecond or two per block of ~7 messages (a quarter of a second at 30
  a second) costs nothing next to the messages themselves.
* Not a fixed share (30/N each, from a count of live processes kept by heartbeats): a share
  is wasted whenever its process has nothing to send, and the poller answering a burst of
  commands would be held to half the budget while the other process idles.
* Not a counter per message in the database (a shared sliding window): one write per
  message and lock contention on every send, for the same result.
* Not LISTEN/NOTIFY or advisory locks: they coordinate who goes next, not how fast; time
  would still need a shared clock, which the row's `now` already is.

The price of sharing: reserved instants are used within a grace of a quarter of an interval,
and another process's clock offset (read against the database clock on every reservation)
is only known to within half a round trip, so several processes' messages do not reach the
platform as evenly as one process's. The shared rate therefore leaves a margin
(`SHARED_SHARE`, 0.93 of the limit: 27.9 a second for Telegram's 30): at most 29 messages
start in any second, and a message may reach the platform some 60 ms off its slot before a
strict one-second window could hold more than 30. (At 0.95 with a grace of half an
interval, the benchmark's two processes drew one 429 in 900 messages.)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from bot.delivery.pace import Pace
from bot.storage import Store
from bot.storage.budgets import NEVER, BudgetRow

logger = logging.getLogger(__name__)

Monotonic = Callable[[], float]

SHARED_SHARE = 0.93  # of the channel's rate, when several processes share it
BLOCK_SECONDS = 0.25  # a reservation covers at most this much sending time
GRACE_INTERVALS = 0.25  # a reserved instant may be used up to this many intervals late
RETRY_SECONDS = 0.5  # after a failed reservation (the database went away for a moment)


class Budget(Protocol):
    """What the gate asks of a budget (see the module docstring)."""

    def wait(self, now: float, demand: int) -> float:
        """Seconds before a message may start (0.0 now; inf: wait for `on_change`)."""
        ...

    def take(self, now: float) -> None:
        """A message starts now (only after `wait` said 0)."""
        ...

    def throttle(self, now: float, retry_after: float, started: float) -> None:
        """The platform answered a message that started at `started` with a 429 that
        concerns the whole bot."""
        ...

    @property
    def slowdown(self) -> float: ...

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call `callback` when a wait that said inf may have ended."""
        ...

    async def close(self) -> None: ...


class LocalBudget:
    """The pace of one process, in memory (one message of tolerance, as GCRA allows)."""

    def __init__(self, interval: float) -> None:
        self.pace = Pace(interval)
        self.tolerance = interval

    def wait(self, now: float, demand: int) -> float:
        return self.pace.wait(now, self.tolerance)

    def take(self, now: float) -> None:
        self.pace.take(now)

    def throttle(self, now: float, retry_after: float, started: float) -> None:
        if self.pace.throttle(now, retry_after, started):
            logger.warning("flood control for the whole bot: pausing %.1f s, then %.1fx slower",
                           retry_after, self.pace.slowdown)

    @property
    def slowdown(self) -> float:
        return self.pace.slowdown

    def on_change(self, callback: Callable[[], None]) -> None:
        pass  # every wait is finite: the gate's timer is enough

    async def close(self) -> None:
        pass


def budget_name(channel: str, token: str) -> str:
    """The row of one token's budget: the channel and a digest (never the token itself).

    >>> budget_name("telegram", "123:ABC")
    'telegram:d24090903399d51c'
    """
    return f"{channel}:{hashlib.sha256(token.encode()).hexdigest()[:16]}"


def _pace(row: BudgetRow, interval: float) -> Pace:
    values = {k: (-math.inf if v == NEVER else v) for k, v in row.model_dump().items()}
    return Pace(interval, **values)


def _row(pace: Pace) -> BudgetRow:
    def stored(value: float) -> float:
        return NEVER if math.isinf(value) else value

    return BudgetRow(tat=stored(pace.tat), paused_until=stored(pace.paused_until),
                     slowdown=pace.slowdown, throttled_at=stored(pace.throttled_at),
                     eased_at=stored(pace.eased_at))


class SharedBudget:
    """The pace of every process on one token, kept in PostgreSQL (see the module docstring).

    `clock` is this process's monotonic clock; slots reserved on the database clock are
    translated with the offset measured on each reservation.
    """

    def __init__(self, store: Store, name: str, interval: float, *,
                 clock: Monotonic = time.monotonic, block_seconds: float = BLOCK_SECONDS,
                 grace_intervals: float = GRACE_INTERVALS) -> None:
        self.store = store
        self.name = name
        self.interval = interval
        self.clock = clock
        self.block = max(1, math.floor(block_seconds / interval))
        self.grace = grace_intervals * interval
        self._slots: deque[float] = deque()  # reserved starts, local clock, ascending
        self._offset = 0.0  # local clock minus database clock
        self._paused_until = -math.inf  # local: stop at once on a 429, before the row says so
        self._slowdown = 1.0
        self._refill: asyncio.Task[None] | None = None
        self._retry_at = -math.inf
        self._listeners: list[Callable[[], None]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.counts = {"reserved": 0, "used": 0, "missed": 0, "reservations": 0}

    # --- the gate's questions -------------------------------------------------------------

    def wait(self, now: float, demand: int) -> float:
        while self._slots and self._slots[0] < now - self.grace:
            self._slots.popleft()  # missed: using it late would bunch messages up
            self.counts["missed"] += 1
        if now < self._paused_until:
            self._slots.clear()
            return self._paused_until - now
        if len(self._slots) <= 1 and demand > len(self._slots):
            self._start_refill(demand - len(self._slots), now)
        if not self._slots:
            return math.inf if self._refill is not None else max(self._retry_at - now, 0.001)
        return max(self._slots[0] - now, 0.0)

    def take(self, now: float) -> None:
        if self._slots:
            self._slots.popleft()
            self.counts["used"] += 1

    def throttle(self, now: float, retry_after: float, started: float) -> None:
        self._paused_until = max(self._paused_until, now + retry_after)
        self._slots.clear()
        task = asyncio.get_running_loop().create_task(
            self._throttle(retry_after, started - self._offset)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def slowdown(self) -> float:
        return self._slowdown

    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    async def close(self) -> None:
        logger.info("send budget %s: %s", self.name, self.counts)
        tasks = list(self._tasks) + ([self._refill] if self._refill else [])
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # --- talking to the database ------------------------------------------------------------

    def _start_refill(self, wanted: int, now: float) -> None:
        if self._refill is not None or now < self._retry_at:
            return
        count = min(max(wanted, 1), self.block)
        self._refill = asyncio.get_running_loop().create_task(self._reserve(count))

    async def _reserve(self, count: int) -> None:
        interval = self.interval

        def book(row: BudgetRow, now: float) -> tuple[BudgetRow, tuple[float, float, float]]:
            pace = _pace(row, interval)
            start = pace.take(now, count)
            return _row(pace), (start, pace.current_interval, pace.slowdown)

        try:
            before = self.clock()
            (start, step, slowdown), db_now = await self.store.budgets.change(
                self.name, book
            )
            after = self.clock()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database went away for a moment: nothing is sent
            logger.warning("send budget %s: reservation failed (%s); retrying", self.name, exc)
            self._retry_at = self.clock() + RETRY_SECONDS
        else:
            self._offset = (before + after) / 2 - db_now
            self._slowdown = slowdown
            self._slots.extend(start + i * step + self._offset for i in range(count))
            self.counts["reserved"] += count
            self.counts["reservations"] += 1
        finally:
            self._refill = None
            self._changed()

    async def _throttle(self, retry_after: float, started: float) -> None:
        interval = self.interval

        def slow(row: BudgetRow, now: float) -> tuple[BudgetRow, tuple[bool, float]]:
            pace = _pace(row, interval)
            slowed = pace.throttle(now, retry_after, started)
            return _row(pace), (slowed, pace.slowdown)

        try:
            (slowed, slowdown), _ = await self.store.budgets.change(self.name, slow)
        except Exception as exc:  # the local pause still holds
            logger.warning("send budget %s: could not record a 429 (%s)", self.name, exc)
            return
        self._slowdown = slowdown
        if slowed:
            logger.warning("flood control for the whole bot: pausing %.1f s, then %.1fx "
                           "slower (every process on this token)", retry_after, slowdown)
        self._changed()

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback()
