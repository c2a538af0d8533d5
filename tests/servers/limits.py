"""Rate windows, injected faults and request counters for the fake chat-API servers.

Both doubles (``telegram_api.py`` and ``zalo_api.py``) refuse traffic the way the real
services do when a bot sends too fast, and let a test inject the failures a real network
produces (a 429 on the next send, a proxy's 502 at a given rate). This module holds that
logic so the two servers share one tested implementation:

- ``SlidingWindow``: at most N events in ANY interval of W seconds. It is strict: there are
  no bucket edges to exploit, so 31 sends inside one second at a limit of 30 always yields
  exactly one refusal.
- ``TokenBucket``: a steady rate with a small burst allowance (Telegram's "about one
  message per second" to a private chat tolerates short bursts).
- ``RateLimiter``: combines an overall window, a per-chat bucket and a per-group window,
  and optionally keeps refusing a chat until the ``retry_after`` it was given has passed.
- ``FaultPlan``: one-shot failures (``fail_next``) and a seeded random error rate.
- ``Counters``: requests, accepted, 429 refusals and other refusals, overall and per method.

The numbers come from Telegram's published guidance as encoded in python-telegram-bot
(``telegram.constants.FloodLimit``: 30 messages per second overall, 20 per minute per group,
1 per second per chat). Zalo publishes no numbers (bot-anchors.md, section 3a), so its
server picks modest defaults.

Hand-written because the limiter libraries we could use (aiolimiter, used by PTB's
``AIORateLimiter``) throttle the *client*; a server must refuse and say when to retry.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Clock = Callable[[], float]

#: Outcome labels used by ``Counters``.
ACCEPTED = "accepted"
REJECTED_429 = "rejected_429"
REJECTED_OTHER = "rejected_other"


class SlidingWindow:
    """At most ``limit`` events in any interval of ``window`` seconds.

    >>> w = SlidingWindow(limit=2, window=1.0)
    >>> w.wait_time(0.0), w.record(0.0), w.record(0.1), w.wait_time(0.5)
    (0.0, None, None, 0.5)
    >>> w.wait_time(1.0)  # the event at 0.0 has left the window
    0.0
    """

    def __init__(self, limit: int, window: float) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a sliding window needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._stamps: deque[float] = deque()

    def _evict(self, now: float) -> None:
        # An event exactly `window` seconds old no longer counts.
        while self._stamps and self._stamps[0] <= now - self.window:
            self._stamps.popleft()

    def wait_time(self, now: float) -> float:
        """Seconds until one more event would fit (0.0 when it fits now)."""
        self._evict(now)
        if len(self._stamps) < self.limit:
            return 0.0
        oldest_blocking = self._stamps[len(self._stamps) - self.limit]
        return max(oldest_blocking + self.window - now, 0.0)

    def record(self, now: float) -> None:
        self._stamps.append(now)


class TokenBucket:
    """A steady ``rate`` per second with up to ``burst`` events back to back.

    >>> b = TokenBucket(rate=1.0, burst=2)
    >>> b.record(0.0); b.record(0.0); b.wait_time(0.0)
    1.0
    >>> b.wait_time(0.5)
    0.5
    """

    def __init__(self, rate: float, burst: int) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a token bucket needs rate > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._last: float | None = None

    def _refill(self, now: float) -> None:
        if self._last is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def wait_time(self, now: float) -> float:
        self._refill(now)
        if self._tokens >= 1.0:
            return 0.0
        return (1.0 - self._tokens) / self.rate

    def record(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1.0


@dataclass
class RateLimits:
    """What a server allows. ``None`` switches one limit off."""

    overall_per_second: int | None = 30
    chat_per_second: float | None = 1.0
    chat_burst: int = 3
    group_limit: int | None = 20
    group_window: float = 60.0
    #: Keep refusing a chat until the retry_after it was told has passed (Telegram does).
    penalty: bool = True


def whole_seconds(wait: float) -> int:
    """Telegram's retry_after is an integer number of seconds, at least 1.

    >>> whole_seconds(0.01), whole_seconds(1.0), whole_seconds(1.2)
    (1, 1, 2)
    """
    return max(1, math.ceil(wait - 1e-9))


class RateLimiter:
    """Admits or refuses one message to a chat under ``RateLimits``.

    Refused attempts do not consume budget: only admitted messages are recorded.
    """

    def __init__(self, limits: RateLimits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.reset()

    def configure(self, **changes: float | int | None) -> None:
        """Change the numbers of `RateLimits` given as keywords (None leaves one as it is)
        and start afresh; both servers' `set_rate_limits` go through here."""
        for name, value in changes.items():
            if value is not None:
                setattr(self.limits, name, value)
        self.reset()

    def reset(self) -> None:
        lim = self.limits
        self._overall = (
            SlidingWindow(lim.overall_per_second, 1.0) if lim.overall_per_second else None
        )
        self._buckets: dict[object, TokenBucket] = {}
        self._group_windows: dict[object, SlidingWindow] = {}
        self._penalty_until: dict[object, float] = {}

    def _chat_limit(self, chat_key: object, group: bool) -> SlidingWindow | TokenBucket | None:
        lim = self.limits
        if group and lim.group_limit:
            if chat_key not in self._group_windows:
                self._group_windows[chat_key] = SlidingWindow(lim.group_limit, lim.group_window)
            return self._group_windows[chat_key]
        if lim.chat_per_second:
            if chat_key not in self._buckets:
                self._buckets[chat_key] = TokenBucket(lim.chat_per_second, lim.chat_burst)
            return self._buckets[chat_key]
        return None

    def admit(self, chat_key: object, *, group: bool = False) -> float | None:
        """Record one message and return None, or return the seconds to wait (not recorded).

        >>> lim = RateLimiter(RateLimits(overall_per_second=2, chat_per_second=None,
        ...                              penalty=False), clock=lambda: 0.0)
        >>> lim.admit("a"), lim.admit("b"), lim.admit("c")
        (None, None, 1.0)
        """
        now = self.clock()
        until = self._penalty_until.get(chat_key)
        if until is not None:
            if now < until:
                return until - now
            del self._penalty_until[chat_key]
        chat_limit = self._chat_limit(chat_key, group)
        waits = [0.0]
        if self._overall is not None:
            waits.append(self._overall.wait_time(now))
        if chat_limit is not None:
            waits.append(chat_limit.wait_time(now))
        wait = max(waits)
        if wait > 0:
            if self.limits.penalty:
                wait = float(whole_seconds(wait))
                self._penalty_until[chat_key] = now + wait
            return wait
        if self._overall is not None:
            self._overall.record(now)
        if chat_limit is not None:
            chat_limit.record(now)
        return None

    def penalize(self, chat_key: object, seconds: float) -> None:
        """Refuse every message to ``chat_key`` for ``seconds`` (used by injected 429s)."""
        self._penalty_until[chat_key] = self.clock() + seconds

    def penalty_left(self, chat_key: object) -> float:
        until = self._penalty_until.get(chat_key)
        return 0.0 if until is None else max(until - self.clock(), 0.0)


@dataclass
class Fault:
    """One failure to answer with instead of the real result.

    ``methods`` of None means the server's message-sending methods; ``{"*"}`` means every
    API method. Method names compare case-insensitively. ``deliver`` makes the failure
    happen *after* the message was accepted and recorded, as when a proxy loses the reply
    of a request Telegram did process (a retry then duplicates the message).
    """

    status: int
    chat_key: object = None
    methods: frozenset[str] | None = None
    retry_after: int | None = None
    description: str | None = None
    body: str | None = None  # "json" | "html" | "empty"; None chooses by status
    deliver: bool = False
    penalize: bool = False

    def body_kind(self) -> str:
        if self.body is not None:
            return self.body
        return "html" if self.status in (502, 503, 504) else "json"

    def matches(self, method: str, chat_key: object, send_methods: Iterable[str]) -> bool:
        wanted = {m.lower() for m in (self.methods or send_methods)}
        if "*" not in wanted and method.lower() not in wanted:
            return False
        return self.chat_key is None or self.chat_key == chat_key


@dataclass
class FaultPlan:
    """Queued one-shot failures plus an optional seeded random failure rate."""

    send_methods: frozenset[str]
    _queue: list[Fault] = field(default_factory=list)
    _rate: float = 0.0
    _rate_fault: Fault | None = None
    _rng: random.Random = field(default_factory=random.Random)

    def add_next(self, fault: Fault, count: int = 1) -> None:
        self._queue.extend([fault] * count)

    def set_rate(self, rate: float, fault: Fault, seed: int | None = None) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError("error rate must be between 0 and 1")
        self._rate = rate
        self._rate_fault = fault if rate > 0 else None
        self._rng = random.Random(seed)

    def clear(self) -> None:
        self._queue.clear()
        self._rate = 0.0
        self._rate_fault = None

    def pending(self) -> int:
        return len(self._queue)

    def take(self, method: str, chat_key: object) -> Fault | None:
        """The failure to apply to this request, if any (one-shot failures first)."""
        for index, fault in enumerate(self._queue):
            if fault.matches(method, chat_key, self.send_methods):
                return self._queue.pop(index)
        fault = self._rate_fault
        if (
            fault is not None
            and fault.matches(method, chat_key, self.send_methods)
            and self._rng.random() < self._rate
        ):
            return fault
        return None


class Counters:
    """Requests seen and how they were answered, overall and per API method."""

    FIELDS = ("requests", ACCEPTED, REJECTED_429, REJECTED_OTHER)

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.accepted = 0
        self.rejected_429 = 0
        self.rejected_other = 0
        self.per_method: dict[str, dict[str, int]] = {}

    def record(self, method: str, outcome: str) -> None:
        if outcome not in (ACCEPTED, REJECTED_429, REJECTED_OTHER):
            raise ValueError(f"unknown outcome {outcome!r}")
        row = self.per_method.setdefault(method, dict.fromkeys(self.FIELDS, 0))
        row["requests"] += 1
        row[outcome] += 1
        self.requests += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    def method(self, name: str) -> dict[str, int]:
        """Counts for one method (all zero if it was never called)."""
        return dict(self.per_method.get(name, dict.fromkeys(self.FIELDS, 0)))

    def as_dict(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            ACCEPTED: self.accepted,
            REJECTED_429: self.rejected_429,
            REJECTED_OTHER: self.rejected_other,
            "per_method": {name: dict(row) for name, row in self.per_method.items()},
        }
