"""The outbox in the database, on SQLite and PostgreSQL: queuing in the report's transaction,
no double queuing, leases, one row per chat at a time in order, strikes and reactivation,
and the limiter that paces sends (pure, with a hand-driven clock)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import pytest

from bot.delivery.budget import LocalBudget
from bot.delivery.gate import Gate
from bot.delivery.limiter import ChannelLimiter, CompletionWindow
from bot.delivery.sender import ChannelLimits
from bot.storage import Store
from bot.storage.outbox import Claimed
from tests.bot.builders import NOW, report

LEASE = timedelta(seconds=30)


async def add_subscribers(
    store: Store,
    count: int,
    *,
    province: str | None = None,
    first: int = 1000,
    channel: str = "telegram",
    chat_type: str = "private",
) -> list[int]:
    """Subscribers following `province` (None: every province); their ids."""
    ids = []
    for number in range(first, first + count):
        chat = str(-number if chat_type != "private" else number)
        subscriber = await store.audience.upsert(channel, chat, chat_type=chat_type, now=NOW)
        await store.audience.subscribe(subscriber.id, province)
        ids.append(subscriber.id)
    return ids


async def store_report(store: Store, province: str, number: int = 0) -> tuple[int, int]:
    title = f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {number + 10}"
    added = await store.reports.add(
        text=f"{title}, tỉnh {province}. Thu ngân sách đạt {number + 100} tỷ đồng.",
        report=report(province, date(2025, 7, 30), title),
        source=None,
        now=NOW,
        queue=True,
    )
    queued = added.queued
    assert added.created
    return added.report_id, queued


async def claim(
    store: Store, limit: int = 100, *, worker: str = "w1", now: datetime = NOW
) -> list[Claimed]:
    return await store.outbox.claim_deliveries(
        ["telegram", "zalo"], worker=worker, now=now, limit=limit, lease=LEASE
    )


async def test_report_queued_in_its_transaction_for_followers_only(store: Store) -> None:
    followers = await add_subscribers(store, 3, province="Thái Nguyên")
    everything = await add_subscribers(store, 2, first=2000)
    await add_subscribers(store, 2, province="Hà Nội", first=3000)
    await add_subscribers(store, 1, first=4000, channel="console")  # the operator's terminal
    inactive = (await add_subscribers(store, 1, first=5000))[0]
    await store.audience.deactivate(inactive)
    report_id, queued = await store_report(store, "Bắc Kạn")  # now part of Thái Nguyên
    assert queued == 5
    rows = await claim(store)
    assert sorted(row.subscriber_id for row in rows) == sorted(followers + everything)
    assert {row.report_id for row in rows} == {report_id}
    assert await store.outbox.queue_report(report_id) == 0  # the unique key: never twice


async def test_duplicate_text_queues_nothing(store: Store) -> None:
    await add_subscribers(store, 2)
    _, queued = await store_report(store, "Hà Nội")
    added = await store.reports.add(
        text="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 10, tỉnh Hà Nội. "
        "Thu ngân sách đạt 100 tỷ đồng.",
        report=report("Hà Nội", date(2025, 7, 30), "x"),
        source="again",
        now=NOW,
        queue=True,
    )
    again = added.queued
    assert (queued, added.created, again) == (2, False, 0)


async def test_lease_hides_rows_until_released_or_expired(store: Store) -> None:
    await add_subscribers(store, 4)
    await store.outbox.queue_broadcast("Thông báo", author=None, now=NOW)
    first = await claim(store, 3, worker="a")
    assert len(first) == 3
    second = await claim(store, 10, worker="b")
    assert len(second) == 1  # the other three are leased
    assert await store.outbox.release_deliveries([first[0].id], worker="a") == 1
    assert [row.id for row in await claim(store, 10, worker="b")] == [first[0].id]
    later = NOW + LEASE + timedelta(seconds=1)  # "a" died: its leases expire
    assert {row.id for row in await claim(store, 10, worker="c", now=later)} == {
        row.id for row in first[1:]
    } | {second[0].id, first[0].id}


async def test_one_row_per_chat_at_a_time_in_queue_order(store: Store) -> None:
    (subscriber,) = await add_subscribers(store, 1)
    await store.outbox.queue_broadcast("Một", author=None, now=NOW)
    await store.outbox.queue_broadcast("Hai", author=None, now=NOW)
    await store_report(store, "Huế")
    seen = []
    for _ in range(3):
        (row,) = await claim(store)
        assert await claim(store, worker="other") == []  # the next one waits its turn
        seen.append(row.kind)
        await store.outbox.mark_sent([(row.id, 1)], now=NOW)
    assert seen == ["broadcast", "broadcast", "report"]
    assert await claim(store) == []


async def test_deferred_row_blocks_the_chat_until_due(store: Store) -> None:
    await add_subscribers(store, 1)
    await store.outbox.queue_broadcast("Một", author=None, now=NOW)
    await store.outbox.queue_broadcast("Hai", author=None, now=NOW)
    (row,) = await claim(store)
    await store.outbox.defer_delivery(
        row.id, due=NOW + timedelta(seconds=10), error="x", attempt=True
    )
    assert await claim(store) == []  # "Hai" never overtakes "Một"
    (again,) = await claim(store, now=NOW + timedelta(seconds=10))
    assert (again.id, again.attempts) == (row.id, 1)


async def test_strikes_make_a_subscriber_inactive_and_skip_its_queue(store: Store) -> None:
    (subscriber,) = await add_subscribers(store, 1)
    await store.outbox.queue_broadcast("Một", author=None, now=NOW)
    await store.outbox.queue_broadcast("Hai", author=None, now=NOW)
    for strike in (1, 2):
        (row,) = await claim(store, now=NOW + timedelta(minutes=strike))
        assert not await store.outbox.strike(subscriber, row.id, limit=3, error="Blocked", due=NOW)
    (row,) = await claim(store, now=NOW + timedelta(minutes=5))
    assert await store.outbox.strike(subscriber, row.id, limit=3, error="Blocked", due=NOW)
    stats = await store.outbox.delivery_stats(now=NOW)
    assert (stats.pending, stats.failed, stats.skipped, stats.subscribers_inactive) == (0, 1, 1, 1)
    _, queued = await store.outbox.queue_broadcast("Ba", author=None, now=NOW)
    assert queued == 0  # no queuing for an inactive chat
    assert await store.outbox.reactivate_subscriber("telegram", "1000", now=NOW)
    assert not await store.outbox.reactivate_subscriber("telegram", "1000", now=NOW)
    _, queued = await store.outbox.queue_broadcast("Bốn", author=None, now=NOW)
    assert queued == 1


async def test_refused_replies_strike_the_chat_as_deliveries_do(store: Store) -> None:
    """A reply names no delivery: `strike_chat` counts the strike by (channel, chat), and the
    limit pauses the subscriber and skips its queue, exactly as a refused delivery does."""
    (subscriber,) = await add_subscribers(store, 1)
    await store.outbox.queue_broadcast("Một", author=None, now=NOW)
    for _ in range(2):
        assert not await store.outbox.strike_chat("telegram", "1000", limit=3, error="Blocked")
    assert not await store.outbox.strike_chat(
        "telegram", "999", limit=3, error="Blocked"
    )  # nobody
    await store.outbox.clear_chat_strikes("telegram", "1000")
    found = await store.audience.get("telegram", "1000")
    assert found is not None and found.strikes == 0 and found.active
    for _ in range(2):
        assert not await store.outbox.strike_chat("telegram", "1000", limit=3, error="Blocked")
    assert await store.outbox.strike_chat("telegram", "1000", limit=3, error="Blocked")
    stats = await store.outbox.delivery_stats(now=NOW)
    assert (stats.pending, stats.skipped, stats.subscribers_inactive) == (0, 1, 1)


async def test_sent_rows_clear_strikes_and_count_in_stats(store: Store) -> None:
    (subscriber,) = await add_subscribers(store, 1)
    await store.outbox.queue_broadcast("Một", author=None, now=NOW)
    (row,) = await claim(store)
    await store.outbox.strike(subscriber, row.id, limit=3, error="Blocked", due=NOW)
    (row,) = await claim(store)
    assert row.strikes == 1
    await store.outbox.mark_sent([(row.id, 1)], now=NOW, clear_strikes=[subscriber])
    found = await store.audience.get("telegram", "1000")
    assert found is not None and found.strikes == 0
    stats = await store.outbox.delivery_stats(now=NOW + timedelta(seconds=30))
    assert (stats.sent_last_minute, stats.sent_last_hour, stats.sent_total) == (1, 1, 1)
    stats = await store.outbox.delivery_stats(now=NOW + timedelta(minutes=5))
    assert (stats.sent_last_minute, stats.sent_last_hour) == (0, 1)


async def test_paused_subscriber_rows_are_skipped_at_claim(store: Store) -> None:
    (subscriber,) = await add_subscribers(store, 1)
    await store_report(store, "Huế")
    await store.outbox.set_schedule(subscriber, "off", now=NOW)
    assert await claim(store) == []
    assert (await store.outbox.delivery_stats(now=NOW)).skipped == 1


async def test_concurrent_claims_never_share_a_row(store: Store, db_url: str) -> None:
    """Several stores (connection pools, as separate processes have) claim at once: SKIP
    LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite."""
    await add_subscribers(store, 120)
    await store.outbox.queue_broadcast("Thông báo", author=None, now=NOW)
    others = [await Store.connect(db_url) for _ in range(3)]
    try:
        stores = [store, *others]
        seen: list[int] = []
        while True:
            batches = await asyncio.gather(
                *[claim(each, 7, worker=f"w{number}") for number, each in enumerate(stores)]
            )
            found = [row.id for batch in batches for row in batch]
            if not found:
                break
            seen += found
            await store.outbox.mark_sent([(row_id, 1) for row_id in found], now=NOW)
        assert len(seen) == len(set(seen)) == 120
    finally:
        for other in others:
            await other.aclose()


# --- the limiter ------------------------------------------------------------------------------


class HandClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_completion_window_counts_until_period_after_the_answer() -> None:
    window = CompletionWindow(limit=3, period=1.0)
    for _ in range(3):
        window.start()
    assert window.wait_time(0.0) == float("inf")  # only an answer can make room
    window.finish(0.2)
    window.finish(0.25)
    window.finish(0.3)
    assert window.wait_time(0.5) == pytest.approx(0.7)
    assert window.wait_time(1.2) == 0.0


def local_gate(limits: ChannelLimits, clock: HandClock) -> Gate:
    limiter = ChannelLimiter(limits, clock)
    return Gate(limiter, LocalBudget(limiter.interval), clock)


def test_overall_rate_is_even_and_under_the_limit() -> None:
    clock = HandClock()
    gate = local_gate(ChannelLimits(per_second=30, margin=0.01), clock)
    starts = []
    while len(starts) < 90:
        chat = str(len(starts))
        ticket = gate.try_start(chat, False)
        if ticket is None:
            clock.now += gate.overall_wait()
            continue
        starts.append(clock.now)
        clock.now += 0.002  # the answer comes back 2 ms later
        gate.limiter.finish(ticket)
    # No 1-second window holds more than 30 answers...
    assert all(sum(1 for t in starts if s <= t < s + 1.0) <= 30 for s in starts)
    # ...and the pace is steady, just under 30 a second.
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert 29.0 < rate < 30.0


def test_private_chat_burst_then_one_a_second() -> None:
    clock = HandClock()
    limiter = ChannelLimiter(ChannelLimits(private_burst=3, margin=0.0), clock)
    for _ in range(3):
        assert limiter.chat_wait("7", False) == 0.0
        limiter.finish(limiter.start("7", False))
    assert limiter.chat_wait("7", False) == pytest.approx(3.0)
    assert limiter.chat_wait("8", False) == 0.0  # another chat is not held up


def test_group_limit_and_pauses_concern_one_chat() -> None:
    clock = HandClock()
    limiter = ChannelLimiter(ChannelLimits(group_limit=2, group_window=60, margin=0.0), clock)
    for _ in range(2):
        limiter.finish(limiter.start("-5", True))
    assert limiter.chat_wait("-5", True) == pytest.approx(60.0)
    limiter.pause_chat("9", 12)
    assert limiter.chat_wait("9", False) == pytest.approx(12.0)
    assert limiter.chat_wait("10", False) == 0.0


def test_idle_chats_are_forgotten() -> None:
    clock = HandClock()
    limiter = ChannelLimiter(ChannelLimits(), clock)
    for chat in range(100):
        limiter.finish(limiter.start(str(chat), False))
    clock.now = 10.0
    assert limiter.forget_idle() == 100
    assert limiter.tracked_chats() == 0
