"""The outbox signal: what the store's outbox repository notifies and the dispatcher hears."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.storage import OutboxSignal, Store
from tests.bot.builders import NOW


async def test_wait_returns_on_notify_and_times_out_without() -> None:
    signal = OutboxSignal()
    assert await signal.wait(0.01) is False
    waiting = asyncio.ensure_future(signal.wait(5))
    await asyncio.sleep(0)
    signal.notify()
    assert await waiting is True


async def test_a_failing_listener_never_undoes_the_write(
    caplog: pytest.LogCaptureFixture,
) -> None:
    signal, heard = OutboxSignal(), []

    def broken() -> None:
        raise RuntimeError("listener bug")

    signal.listen(broken)
    signal.listen(lambda: heard.append(1))
    with caplog.at_level(logging.ERROR):
        signal.notify()
    assert heard == [1] and "outbox listener failed" in caplog.text
    signal.unlisten(broken)
    signal.notify()
    assert heard == [1, 1]


async def test_queuing_through_the_store_notifies_the_signal_it_was_given(
    tmp_path: Path,
) -> None:
    signal, heard = OutboxSignal(), []
    signal.listen(lambda: heard.append(1))
    async with await Store.connect(str(tmp_path / "s.db"), outbox_signal=signal) as store:
        assert store.outbox.signal is signal and store.reports.outbox_signal is signal
        subscriber = await store.audience.upsert("telegram", "1", now=NOW)
        await store.audience.subscribe(subscriber.id, None)
        _, queued = await store.outbox.queue_broadcast("Thông báo", author=None, now=NOW)
    assert queued == 1 and heard == [1]
