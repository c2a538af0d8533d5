"""Who sends next through one port: replies first, then bulk, within one budget.

Every message a port sends asks the gate first. The gate combines three things:

* the chat's own limits and pause (`ChannelLimiter.chat_wait`), which concern that chat
  only: a message held by its chat never holds up another chat's;
* this process's own overall window (`ChannelLimiter.overall_wait`), which keeps the limit
  whatever the network latency;
* the port's budget (`bot.delivery.budget`): the even pace, the pause and the slowdown
  after a 429, in memory or shared with other processes.

Waiters are served in priority order, then in arrival order: a reply (`Priority.REPLY`)
whose chat may receive goes before any bulk message (`Priority.BULK`, the outbox), so a
user's answer never queues behind a broadcast; the bulk side takes what replies leave. The
dispatcher does not wait in line: it asks `try_start` for each row it holds and moves on to
another chat when the answer is no, and the gate wakes it (`add_listener`) when the budget
has room again.

A 429 is the platform's word that something was too fast, but Telegram's does not say what.
The gate answers it for the chat alone, unless another chat drew one shortly before: two
different chats refused within moments of each other cannot both be about their own limits,
so the whole bot is over its budget and the port slows down (`throttle`). A channel whose
429 is bot-wide by definition (Zalo's "Quota exceeded") says so with `scope="channel"`.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from bot.delivery.budget import Budget
from bot.delivery.limiter import ChannelLimiter, Ticket

Monotonic = Callable[[], float]

#: Two chats refused within this long (or the pause asked, plus a second) mean the bot is over
#: its overall budget.
STORM_WINDOW = 2.0


class Priority(IntEnum):
    REPLY = 0  # an answer to a user who is waiting for it
    BULK = 1  # digests, roundups, broadcasts: the outbox


@dataclass(order=True)
class _Waiter:
    priority: int
    seq: int
    chat_key: str = field(compare=False)
    group: bool = field(compare=False)
    future: asyncio.Future[Ticket] = field(compare=False)


class Gate:
    """The send permissions of one port (see the module docstring)."""

    def __init__(self, limiter: ChannelLimiter, budget: Budget,
                 clock: Monotonic = time.monotonic) -> None:
        self.limiter = limiter
        self.budget = budget
        self.clock = clock
        self.bulk_demand = 0  # rows the dispatcher holds ready: sizes shared reservations
        self.counts = {"throttled_chat": 0, "throttled_all": 0}
        self._waiters: list[_Waiter] = []
        self._seq = itertools.count()
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = math.inf
        self._listeners: list[Callable[[], None]] = []
        self._last_429: tuple[float, str | None] = (-math.inf, None)
        budget.on_change(self._soon)

    # --- asking -------------------------------------------------------------------------

    def chat_wait(self, chat_key: str, group: bool, now: float | None = None) -> float:
        return self.limiter.chat_wait(chat_key, group, self.clock() if now is None else now)

    def overall_wait(self, now: float | None = None) -> float:
        """Seconds before any chat may get a message (inf: until something happens)."""
        now = self.clock() if now is None else now
        demand = max(len(self._waiters) + self.bulk_demand, 1)
        return max(self.limiter.overall_wait(now), self.budget.wait(now, demand))

    def waiting(self, priority: Priority | None = None) -> int:
        return sum(1 for w in self._waiters if priority is None or w.priority == priority)

    # --- taking a turn ------------------------------------------------------------------

    async def acquire(self, chat_key: str, group: bool, priority: Priority) -> Ticket:
        """Wait for this chat's turn at this priority; the ticket goes back to `finish`."""
        future: asyncio.Future[Ticket] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(int(priority), next(self._seq), chat_key, group, future)
        bisect.insort(self._waiters, waiter)
        self._grant()
        try:
            return await future
        except asyncio.CancelledError:
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)
            if future.done() and not future.cancelled():
                self.finish(future.result())  # granted as we were cancelled: give it back
            raise

    def try_start(self, chat_key: str, group: bool, now: float | None = None) -> Ticket | None:
        """A bulk message now, or None (its chat must wait, or the budget, or replies)."""
        now = self.clock() if now is None else now
        self._grant(now, notify=False)
        if self.limiter.chat_wait(chat_key, group, now) > 0 or self.overall_wait(now) > 0:
            return None
        return self._start(chat_key, group, now)

    def finish(self, ticket: Ticket, now: float | None = None) -> None:
        """The request of `ticket` is over, whatever its answer."""
        self.limiter.finish(ticket, now)
        self._grant()

    def _start(self, chat_key: str, group: bool, now: float) -> Ticket:
        ticket = self.limiter.start(chat_key, group, now)
        self.budget.take(now)
        return ticket

    def _grant(self, now: float | None = None, *, notify: bool = True) -> None:
        now = self.clock() if now is None else now
        soonest, blocked = math.inf, False
        index = 0
        while index < len(self._waiters):
            waiter = self._waiters[index]
            if waiter.future.done():
                del self._waiters[index]
                continue
            chat = self.limiter.chat_wait(waiter.chat_key, waiter.group, now)
            if chat > 0:
                soonest = min(soonest, chat)
                index += 1
                continue
            overall = self.overall_wait(now)
            if overall > 0:
                soonest, blocked = min(soonest, overall), True
                break
            waiter.future.set_result(self._start(waiter.chat_key, waiter.group, now))
            del self._waiters[index]
        if notify and not blocked and self._listeners:
            room = self.overall_wait(now)
            if room <= 0:
                for callback in list(self._listeners):
                    callback()
            else:  # wake the bulk side when the budget has room (after a refill, a pause)
                soonest = min(soonest, room)
        self._arm(soonest)

    def _arm(self, delay: float) -> None:
        if math.isinf(delay):
            return
        loop = asyncio.get_running_loop()
        at = loop.time() + max(delay, 0.001)
        if self._timer is not None and self._timer_at <= at:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = loop.call_at(at, self._fire), at

    def _fire(self) -> None:
        self._timer, self._timer_at = None, math.inf
        self._grant()

    def _soon(self) -> None:
        with contextlib.suppress(RuntimeError):  # no loop: nothing waits
            asyncio.get_running_loop().call_soon(self._grant)

    # --- the platform said "too fast" ----------------------------------------------------

    def refused(self, ticket: Ticket, seconds: float, *, channel_wide: bool = False) -> bool:
        """A 429 for the message of `ticket`: pause its chat, or (see the module docstring)
        the whole port. Returns True if the whole port was slowed down."""
        now = self.clock()
        last_at, last_chat = self._last_429
        window = max(STORM_WINDOW, seconds + 1.0)
        storm = last_chat is not None and last_chat != ticket.chat_key and now - last_at < window
        self._last_429 = (now, ticket.chat_key)
        self.limiter.pause_chat(ticket.chat_key, seconds, now)
        if channel_wide or storm:
            self.counts["throttled_all"] += 1
            self.budget.throttle(now, seconds, ticket.started)
        else:
            self.counts["throttled_chat"] += 1
        self._grant()
        return channel_wide or storm

    @property
    def slowdown(self) -> float:
        return self.budget.slowdown

    # --- who wants to know ----------------------------------------------------------------

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call `callback` whenever bulk messages may have room again."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def forget_idle(self, now: float | None = None) -> int:
        return self.limiter.forget_idle(now)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer, self._timer_at = None, math.inf
