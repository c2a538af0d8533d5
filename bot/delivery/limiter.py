"""Flood control applied before sending: a channel's overall rate, each chat's, each group's.

Why hand-written: python-telegram-bot's `AIORateLimiter` (aiolimiter underneath) has no
per-chat limit and pauses every request on any 429 (bot-anchors.md section 2), and a
leaky bucket that counts a message when the request *starts* is not enough against a
server that counts a strict sliding window when the request *arrives*: network jitter
moves arrivals closer together than departures and draws 429s at full speed.

The windows here count a message from the moment its request starts until `period` after
its answer came back. The platform admitted the message somewhere between those two
instants, so when a new request starts the platform has forgotten every message this
window has let go: the limit holds whatever the latency, at the cost of one round trip per
window (a few milliseconds on a one-second window).

This module holds what one process knows for itself: each chat's window and pause, and the
process's own overall window. The overall pacing (even spacing, the pause and slowdown after
a 429 that concerns the whole bot), which several processes may share, is the port's
budget (bot.delivery.budget); the port (bot.delivery.gate) asks both.

Clocks are injected (`time.monotonic` by default), so tests drive time by hand.
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.delivery.sender import ChannelLimits

Monotonic = Callable[[], float]

#: wait_time() answer meaning "only an answer to a request in flight can make room".
AFTER_COMPLETION = math.inf


class CompletionWindow:
    """At most `limit` messages in any `period`, a message counting from the start of its
    request until `period` after its completion.

    >>> w = CompletionWindow(limit=2, period=1.0)
    >>> w.start(); w.start(); w.wait_time(0.0)
    inf
    >>> w.finish(0.1); w.wait_time(0.1)  # the first answer came back at 0.1
    1.0
    >>> w.wait_time(1.1)
    0.0
    """

    def __init__(self, limit: int, period: float) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a window needs limit >= 1 and period > 0")
        self.limit = limit
        self.period = period
        self.in_flight = 0
        self._done: list[float] = []  # completion times, ascending

    def _evict(self, now: float) -> None:
        # A message completed exactly `period` ago no longer counts.
        cut = bisect.bisect_right(self._done, now - self.period)
        if cut:
            del self._done[:cut]

    def wait_time(self, now: float) -> float:
        """0.0 when a message may start now, else the seconds to wait (inf: until an
        answer comes back)."""
        self._evict(now)
        excess = len(self._done) + self.in_flight - self.limit + 1
        if excess <= 0:
            return 0.0
        if excess > len(self._done):
            return AFTER_COMPLETION
        return max(self._done[excess - 1] + self.period - now, 0.0)

    def start(self) -> None:
        self.in_flight += 1

    def finish(self, now: float) -> None:
        self.in_flight = max(self.in_flight - 1, 0)
        bisect.insort(self._done, now)

    def idle(self, now: float) -> bool:
        self._evict(now)
        return not self._done and not self.in_flight


@dataclass
class Ticket:
    """One message let through: hand it back to `finish` when its request is over."""

    chat_key: str
    group: bool
    started: float


class ChannelLimiter:
    """The limits of one channel (see `ChannelLimits`): per chat, and this process overall."""

    def __init__(self, limits: ChannelLimits, clock: Monotonic = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        overall_limit = max(int(limits.per_second), 1)
        self.period = overall_limit / limits.per_second + limits.margin
        self.interval = self.period / overall_limit  # the even spacing at full speed
        self._overall = CompletionWindow(overall_limit, self.period)
        self._chats: dict[str, CompletionWindow] = {}
        self._chat_paused: dict[str, float] = {}

    # --- asking -------------------------------------------------------------------------

    def _chat_window(self, chat_key: str, group: bool) -> CompletionWindow:
        window = self._chats.get(chat_key)
        if window is None:
            lim = self.limits
            if group:
                window = CompletionWindow(lim.group_limit, lim.group_window + lim.margin)
            else:
                period = lim.private_burst / lim.private_per_second + lim.margin
                window = CompletionWindow(lim.private_burst, period)
            self._chats[chat_key] = window
        return window

    def overall_wait(self, now: float | None = None) -> float:
        """Seconds before this process's own overall window has room (inf: after an answer)."""
        now = self.clock() if now is None else now
        return self._overall.wait_time(now)

    def chat_wait(self, chat_key: str, group: bool, now: float | None = None) -> float:
        """Seconds before this chat may get a message, its own limits only."""
        now = self.clock() if now is None else now
        paused = self._chat_paused.get(chat_key, -math.inf) - now
        window = self._chats.get(chat_key)
        own = 0.0 if window is None else window.wait_time(now)
        return max(paused, own, 0.0)

    # --- sending ------------------------------------------------------------------------

    def start(self, chat_key: str, group: bool, now: float | None = None) -> Ticket:
        """Count one message as started (call only when both waits said 0)."""
        now = self.clock() if now is None else now
        self._overall.start()
        self._chat_window(chat_key, group).start()
        return Ticket(chat_key, group, now)

    def finish(self, ticket: Ticket, now: float | None = None) -> None:
        """The request is over (whatever its answer): its message counts until `period`
        after now."""
        now = self.clock() if now is None else now
        self._overall.finish(now)
        self._chat_window(ticket.chat_key, ticket.group).finish(now)

    # --- flood control answers ----------------------------------------------------------

    def pause_chat(self, chat_key: str, seconds: float, now: float | None = None) -> None:
        now = self.clock() if now is None else now
        until = now + seconds
        self._chat_paused[chat_key] = max(self._chat_paused.get(chat_key, -math.inf), until)

    # --- housekeeping -------------------------------------------------------------------

    def forget_idle(self, now: float | None = None) -> int:
        """Drop the state of chats with nothing in their window, so that a broadcast to
        100,000 chats does not keep 100,000 windows; returns how many were dropped."""
        now = self.clock() if now is None else now
        idle = [key for key, window in self._chats.items() if window.idle(now)]
        for key in idle:
            del self._chats[key]
        expired = [key for key, until in self._chat_paused.items() if until <= now]
        for key in expired:
            del self._chat_paused[key]
        return len(idle)

    def tracked_chats(self) -> int:
        return len(self._chats)
