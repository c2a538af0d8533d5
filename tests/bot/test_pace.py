"""The overall pace of a port (bot.delivery.pace): spacing, pause and slowdown after a 429,
and the gradual recovery; pure, with times given by hand."""

from __future__ import annotations

import doctest

import pytest

import bot.delivery.budget
import bot.delivery.pace
from bot.delivery.pace import EASE_EVERY, MAX_SLOWDOWN, QUIET, Pace


@pytest.mark.parametrize("module", [bot.delivery.pace, bot.delivery.budget])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_even_spacing_with_one_message_of_tolerance() -> None:
    pace = Pace(interval=0.1)
    starts, now = [], 0.0
    while len(starts) < 10:
        wait = pace.wait(now, tolerance=0.1)
        if wait > 0:
            now += wait
            continue
        pace.take(now)
        starts.append(round(now, 6))
    assert starts == [0.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]


def test_a_storm_slows_down_once_per_answer_seen() -> None:
    pace = Pace(interval=1 / 30)
    assert pace.throttle(1.0, retry_after=1.0, started=0.99)
    # Requests that started before the slowdown are the same storm: the pause only.
    assert not pace.throttle(1.01, retry_after=1.0, started=0.995)
    assert pace.slowdown == 2.0 and pace.wait(1.01) == pytest.approx(1.0)
    for n in range(3, 12):  # each 429 drawn after a slowdown halves the rate again
        assert pace.throttle(float(n), retry_after=1.0, started=float(n) - 0.1)
    assert pace.slowdown == MAX_SLOWDOWN  # never slower than this


def test_recovery_is_gradual() -> None:
    pace = Pace(interval=1 / 30)
    for n in range(5):
        pace.throttle(float(n), retry_after=1.0, started=float(n))
    assert pace.slowdown == 32.0
    last = 4.0
    pace.ease(last + QUIET - 0.01)
    assert pace.slowdown == 32.0  # not before a quiet spell
    steps, now = [], last + QUIET
    while pace.slowdown > 1.0:
        pace.ease(now)
        steps.append(pace.slowdown)
        now += EASE_EVERY
    assert steps[0] == pytest.approx(32 / 1.5)
    assert all(later < earlier for earlier, later in zip(steps, steps[1:], strict=False))
    assert len(steps) == 9  # back to full speed in 9 steps, 16 seconds after the first
