"""The overall pace of one outbound port: even spacing, a pause, and a slowdown after 429s.

Pure and clock-free (every method takes `now`), so the same rules run in memory for one
process (`bot.delivery.budget.LocalBudget`) and inside a database transaction for several
processes sharing one token (`SharedBudget`, whose `now` is the database's clock).

* Spacing is GCRA in its "virtual scheduling" form (ITU-T I.371): `tat` is the theoretical
  time of the next message; a message may start when `now >= tat - tolerance`, and taking
  it moves `tat` one interval on. A block of `n` messages moves it `n` intervals.
* A 429 that concerns the whole bot (`throttle`) pauses every message until the time the
  platform asked for, and doubles the interval (at most `max_slowdown` times). 429s drawn
  by requests that started before the previous slowdown belong to the same storm and only
  extend the pause; the platform refused them before it could see us slow down.
* Recovery is gradual: after `quiet` seconds without a 429 the interval is divided by
  `ease_factor`, then again every `ease_every` seconds, back to the configured rate
  (additive-increase/multiplicative-decrease in spirit, multiplicative both ways so that a
  deep slowdown does not take minutes to undo).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

QUIET = 10.0  # seconds without a 429 before the rate starts to come back
EASE_EVERY = 2.0  # seconds between recovery steps
EASE_FACTOR = 1.5  # each step divides the slowdown by this
MAX_SLOWDOWN = 64.0  # at most 64 times slower (30/s -> about one message in two seconds)


@dataclass
class Pace:
    """GCRA spacing with a pause and an AIMD-like slowdown.

    >>> pace = Pace(interval=0.1)
    >>> pace.take(0.0), pace.take(0.0), round(pace.wait(0.0), 2)
    (0.0, 0.1, 0.2)
    >>> pace.throttle(0.05, retry_after=1.0, started=0.0)  # a 429: pause, then half speed
    True
    >>> round(pace.wait(0.05), 2), pace.slowdown
    (1.0, 2.0)
    >>> round(pace.take(1.05), 2), round(pace.wait(1.05), 2)  # after the pause, 0.2 apart
    (1.05, 0.2)
    """

    interval: float
    tat: float = -math.inf
    paused_until: float = -math.inf
    slowdown: float = 1.0
    throttled_at: float = -math.inf
    eased_at: float = -math.inf
    quiet: float = QUIET
    ease_every: float = EASE_EVERY
    ease_factor: float = EASE_FACTOR
    max_slowdown: float = MAX_SLOWDOWN

    def __post_init__(self) -> None:
        if self.interval <= 0:
            raise ValueError("the interval must be positive")

    @property
    def current_interval(self) -> float:
        return self.interval * self.slowdown

    def ease(self, now: float) -> None:
        """Take one recovery step if one is due."""
        if self.slowdown <= 1.0:
            return
        if now - self.throttled_at < self.quiet or now - self.eased_at < self.ease_every:
            return
        self.slowdown = max(1.0, self.slowdown / self.ease_factor)
        self.eased_at = now

    def wait(self, now: float, tolerance: float = 0.0) -> float:
        """Seconds before the next message may start (0.0: now)."""
        self.ease(now)
        return max(self.tat - tolerance - now, self.paused_until - now, 0.0)

    def take(self, now: float, count: int = 1) -> float:
        """Book `count` messages from the earliest allowed moment; returns that moment (the
        first one's start; the others follow one `current_interval` apart)."""
        self.ease(now)
        start = max(self.tat, self.paused_until, now)
        self.tat = start + count * self.current_interval
        return start

    def throttle(self, now: float, retry_after: float, started: float) -> bool:
        """The platform refused a message that started at `started` because the bot as a
        whole sends too fast: pause for `retry_after`, and slow down unless this 429 belongs
        to a storm already answered. Returns True if the pace slowed down."""
        self.paused_until = max(self.paused_until, now + max(retry_after, 0.0))
        self.tat = max(self.tat, self.paused_until)
        if started < self.throttled_at:
            return False
        self.slowdown = min(self.slowdown * 2.0, self.max_slowdown)
        self.throttled_at = now
        return True
