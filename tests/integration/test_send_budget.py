"""The send budget row several processes on one token share, on both engines (issue 10).

`BudgetRepository.change` applies a pure function to the row under a lock with the
database's clock; `SharedBudget` reserves blocks of send slots from it. Two stores (two
processes' connections) reserving at once never get overlapping slots, and a 429 recorded by
one slows the other down.
"""

from __future__ import annotations

import asyncio
import math

from bot.delivery.budget import SharedBudget, budget_name
from bot.delivery.pace import Pace
from bot.storage import Store
from bot.storage.budgets import BudgetRow


def _book(count: int, interval: float):  # -> BudgetChange
    def change(row: BudgetRow, now: float) -> tuple[BudgetRow, float]:
        pace = Pace(interval, tat=row.tat or -math.inf)
        start = pace.take(now, count)
        return row.model_copy(update={"tat": pace.tat}), start

    return change


async def test_reservations_from_two_stores_never_overlap(store: Store, db_url: str) -> None:
    other = await Store.connect(db_url)
    try:
        interval = 0.01
        results = await asyncio.gather(*(
            (store if n % 2 else other).budgets.change("telegram:test", _book(5, interval))
            for n in range(20)
        ))
    finally:
        await other.aclose()
    blocks = sorted(start for start, _ in results)
    assert all(later - earlier >= 5 * interval - 1e-6
               for earlier, later in zip(blocks, blocks[1:], strict=False))
    starts = [start for start, _ in results]
    nows = [now for _, now in results]
    assert all(start >= now - 1e-6 for start, now in zip(starts, nows, strict=True))


async def test_a_429_seen_by_one_process_slows_the_other(store: Store, db_url: str) -> None:
    other = await Store.connect(db_url)
    name = budget_name("telegram", "123:ABC")
    first = SharedBudget(store, name, 1 / 28.5)
    second = SharedBudget(other, name, 1 / 28.5)
    try:
        assert first.wait(0.0, demand=3) == math.inf  # nothing reserved yet: it asks
        for _ in range(100):
            if first.wait(first.clock(), demand=3) < math.inf:
                break
            await asyncio.sleep(0.01)
        first.throttle(first.clock(), retry_after=30.0, started=first.clock())
        for _ in range(100):
            if first.slowdown == 2.0:
                break
            await asyncio.sleep(0.01)
        assert first.slowdown == 2.0
        second.wait(second.clock(), demand=1)
        for _ in range(100):
            if second.slowdown == 2.0:
                break
            await asyncio.sleep(0.01)
        assert second.slowdown == 2.0  # learnt from the row, not from a 429 of its own
        assert second.wait(second.clock(), demand=1) > 10  # and the pause with it
    finally:
        await first.close()
        await second.close()
        await other.aclose()
