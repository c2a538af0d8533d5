"""One way out per channel token (issue 10): replies, digests and broadcasts share one
sender, one speed limit and one failure policy, through the loopback Bot API server with
Telegram's limits on.

Nothing is timed: each test waits for what the server received, then checks counts, order,
429s drawn, losses and duplicates. The numbers behind the issue (1,000 users in a second,
reply latency during a broadcast, two processes, a 429 storm) are in `make bench-delivery`.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import build_services
from bot.delivery.budget import LocalBudget
from bot.delivery.gate import Gate, Priority
from bot.delivery.limiter import ChannelLimiter
from bot.delivery.port import Message, OutboundPort, Outcome
from bot.delivery.runtime import build_port, open_ports
from bot.delivery.sender import ChannelLimits
from bot.settings import Settings
from bot.storage import Store
from tests.bot.builders import fixed_clock, make_settings, seed_store
from tests.integration.test_delivery_outbox import HandClock, add_subscribers
from tests.integration.test_delivery_telegram import (
    FAST,
    WAIT,
    dispatching,
    per_chat,
    settled,
    telegram_sender,
    wall,
)
from tests.integration.test_telegram_e2e import _running
from tests.servers.telegram_api import TelegramApiServer

CROWD = 100  # users writing at once (the bench runs 1,000)


@pytest.fixture
async def server() -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer(rate_limits=True) as running:
        yield running


@dataclass
class Bot:
    server: TelegramApiServer
    port: OutboundPort
    settings: Settings


@asynccontextmanager
async def running_bot(
    server: TelegramApiServer, store: Store, tmp_path: Path
) -> AsyncIterator[Bot]:
    """The real Application answering through the token's port, as `bantin bot` builds it."""
    settings = make_settings(
        tmp_path,
        telegram_bot_token=server.token,
        telegram_api_base_url=server.base_url,
        telegram_api_file_url=server.base_file_url,
    )
    await seed_store(store)
    services = await build_services(settings, store=store, clock=fixed_clock)
    async with (
        open_ports(settings, store, telegram=True, zalo=False) as ports,
        _running(settings, services, ports["telegram"]),
    ):
        yield Bot(server, ports["telegram"], settings)


async def crowd(server: TelegramApiServer, count: int, text: str = "/tinh bac kan") -> set[int]:
    """`count` users write at the same moment; returns their chat ids."""
    chats = set(range(700_000, 700_000 + count))
    for chat in chats:
        server.push_text(chat, text)
    return chats


# --- replies ---------------------------------------------------------------------------------


async def test_a_crowd_is_answered_in_full_without_a_429(
    store: Store, server: TelegramApiServer, tmp_path: Path
) -> None:
    """Before: 100 users at once lost 40 replies and drew 429s."""
    async with running_bot(server, store, tmp_path):
        chats = await crowd(server, CROWD)
        await server.wait_for_messages(None, CROWD, timeout=WAIT)
    answered = per_chat(server)
    assert set(answered) == chats and set(answered.values()) == {1}
    assert server.counters.rejected_429 == 0
    assert all("Thái Nguyên" in m["plain_text"] for m in server.sent_messages())


async def test_replies_survive_five_percent_502s(
    store: Store, server: TelegramApiServer, tmp_path: Path
) -> None:
    """Before: 10 of 200 replies were lost to a proxy's 502s; now each is retried with
    backoff and jitter, a bounded number of times."""
    server.set_error_rate(0.05, 502, seed=20251124)
    async with running_bot(server, store, tmp_path) as bot:
        chats = await crowd(server, CROWD, "/trogiup")
        await server.wait_for_messages(None, CROWD, timeout=WAIT)
    assert set(per_chat(server)) == chats
    failed = server.counters.method("sendMessage")["rejected_other"]
    assert failed > 0  # the proxy did fail some
    assert bot.port.counts["reply_retries"] == failed
    assert server.counters.rejected_429 == 0


async def test_a_reply_goes_ahead_of_a_broadcast(
    store: Store, server: TelegramApiServer, tmp_path: Path
) -> None:
    """Replies asked for during a broadcast are served before the bulk messages still
    waiting: only messages already in flight go before them."""
    server.set_rate_limits(overall_rate=10)
    limits = ChannelLimits(per_second=10)
    await add_subscribers(store, 60)
    await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
    async with telegram_sender(server, limits) as sender, dispatching(store, [sender]) as disp:
        port = disp.ports["telegram"]
        await server.wait_for_messages(None, 10, timeout=WAIT)
        asked_at = len(server.sent_messages())
        results = await asyncio.gather(
            *(port.reply(Message(str(chat), f"Trả lời {chat}")) for chat in range(900, 905))
        )
        sent = server.sent_messages()
        await settled(store, lambda s: s.sent_total == 60)
    assert all(result.ok for result in results)
    positions = [i for i, m in enumerate(sent) if m["plain_text"].startswith("Trả lời")]
    assert len(positions) == 5
    in_flight = FAST.concurrency
    assert max(positions) < asked_at + 5 + in_flight  # ahead of the 40-odd rows still queued
    assert len(per_chat(server)) == 65 and server.counters.rejected_429 == 0


# --- a 429 ----------------------------------------------------------------------------------


def hand_gate(clock: HandClock) -> Gate:
    limiter = ChannelLimiter(ChannelLimits(per_second=30), clock)
    return Gate(limiter, LocalBudget(limiter.interval), clock)


def test_one_chat_refused_pauses_that_chat_two_pause_the_port() -> None:
    clock = HandClock()
    gate = hand_gate(clock)
    first = gate.try_start("1", False)
    assert first is not None
    gate.limiter.finish(first)
    assert not gate.refused(first, 3.0)  # one chat: its own limit, perhaps
    assert gate.chat_wait("1", False) == pytest.approx(3.0)
    clock.now += 0.1
    assert gate.overall_wait() == 0.0  # the others carry on
    second = gate.try_start("2", False)
    assert second is not None
    gate.limiter.finish(second)
    assert gate.refused(second, 1.0)  # another chat at once: the bot's budget
    assert gate.overall_wait() == pytest.approx(1.0)
    assert gate.slowdown == 2.0
    clock.now += 30.0  # long after: a 429 for one chat is about that chat again
    third = gate.try_start("3", False)
    assert third is not None
    assert not gate.refused(third, 1.0)


def test_channel_wide_quota_pauses_the_port_at_once() -> None:
    clock = HandClock()
    gate = hand_gate(clock)
    ticket = gate.try_start("1", False)
    assert ticket is not None
    assert gate.refused(ticket, 2.0, channel_wide=True)
    assert gate.try_start("2", False) is None and gate.overall_wait() == pytest.approx(2.0)


async def test_bulk_waits_while_a_reply_waits_for_the_budget() -> None:
    limiter = ChannelLimiter(ChannelLimits(per_second=2))
    gate = Gate(limiter, LocalBudget(limiter.interval))
    tickets = [gate.try_start(str(n), False) for n in range(2)]
    assert all(tickets)  # the burst the budget allows
    reply = asyncio.ensure_future(gate.acquire("99", False, Priority.REPLY))
    await asyncio.sleep(0)
    assert not reply.done() and gate.try_start("5", False) is None  # the reply is first
    for ticket in tickets:
        gate.finish(ticket)  # the answers come back: room for one more
    assert gate.try_start("5", False) is None  # still the reply's turn
    granted = await asyncio.wait_for(reply, WAIT)
    assert granted.chat_key == "99"
    gate.finish(granted)


async def test_a_429_storm_slows_the_whole_port_and_loses_nothing(
    store: Store, server: TelegramApiServer
) -> None:
    """Before: the server allowing 1 message a second drew about 28 429s a second, because
    a 429 paused one chat only. Now the port slows down as a whole and 429s stay few."""
    await add_subscribers(store, 45)
    server.set_rate_limits(overall_rate=5)  # the storm: the platform allows 5 a second
    await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
    config = replace(FAST, retry_base=0.5)
    async with telegram_sender(server) as sender, dispatching(store, [sender], config) as disp:
        await settled(store, lambda s: s.sent_total == 45)
        gate = disp.ports["telegram"].gate
    assert len(per_chat(server)) == 45 and set(per_chat(server).values()) == {1}
    assert gate.counts["throttled_all"] >= 1 and gate.slowdown > 1.0
    assert server.counters.rejected_429 <= 15  # a handful, not dozens a second


# --- refusals --------------------------------------------------------------------------------


async def test_replies_to_a_chat_that_blocked_the_bot_count_strikes(
    store: Store, server: TelegramApiServer
) -> None:
    (subscriber,) = await add_subscribers(store, 1, first=4000)
    server.block_chat(4000)
    async with telegram_sender(server) as sender:
        port = build_port(sender, store, token=server.token, strikes=2)
        try:
            first = await port.reply(Message("4000", "Một"))
            second = await port.reply(Message("4000", "Hai"))
        finally:
            await port.close()
    assert (first.outcome, first.deactivated) == (Outcome.REFUSED, False)
    assert (second.outcome, second.deactivated) == (Outcome.REFUSED, True)
    found = await store.audience.get("telegram", "4000")
    assert found is not None and not found.active and found.id == subscriber


async def test_a_reply_refused_for_good_is_not_retried(
    store: Store, server: TelegramApiServer
) -> None:
    server.fail_next(chat_id=4100, status=400, description="Bad Request: message is too long")
    async with telegram_sender(server) as sender:
        port = build_port(sender, store, token=server.token)
        try:
            result = await port.reply(Message("4100", "Một"))
        finally:
            await port.close()
    assert result.outcome is Outcome.REJECTED
    assert server.counters.method("sendMessage")["requests"] == 1


async def test_a_reply_waits_out_a_429_and_arrives(
    store: Store, server: TelegramApiServer
) -> None:
    server.fail_next(chat_id=4200, status=429, retry_after=1, penalize=True)
    async with telegram_sender(server) as sender:
        port = build_port(sender, store, token=server.token)
        try:
            result = await port.reply(Message("4200", "Một"))
        finally:
            await port.close()
    assert result.ok
    assert [m["plain_text"] for m in server.sent_messages(4200)] == ["Một"]
    assert server.counters.rejected_429 == 1  # waited the second asked: not refused again


# --- leases ----------------------------------------------------------------------------------


async def test_leases_are_renewed_while_a_slow_send_is_in_flight(
    store: Store, server: TelegramApiServer
) -> None:
    """A short lease does not hand a row to another process while its send is slow: the
    dispatcher renews the leases of what it holds every third of a lease."""
    await add_subscribers(store, 4)
    await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
    server.add_latency(4.0)  # each answer takes longer than the lease
    config = replace(FAST, lease=3.0, poll_interval=0.2)  # renewed every second
    stolen = []
    async with telegram_sender(server) as sender, dispatching(store, [sender], config):
        while (await store.outbox.delivery_stats(now=wall())).sent_total < 4:
            stolen += await store.outbox.claim_deliveries(
                ["telegram"],
                worker="another-process",
                now=wall(),
                limit=10,
                lease=timedelta(seconds=30),
            )
            await asyncio.sleep(0.1)
    assert stolen == []
    assert Counter(per_chat(server).values()) == Counter({1: 4})


class SlotsLater:
    """A budget whose room comes later, as a shared budget's after a reservation."""

    slowdown = 1.0

    def __init__(self) -> None:
        self.opens_at = float("inf")
        self._listeners: list = []

    def wait(self, now: float, demand: int) -> float:
        return max(self.opens_at - now, 0.0)

    def take(self, now: float) -> None:
        pass

    def throttle(self, now: float, retry_after: float, started: float) -> None:
        pass

    def on_change(self, callback) -> None:  # noqa: ANN001
        self._listeners.append(callback)

    def reserved(self, opens_at: float) -> None:
        self.opens_at = opens_at
        for callback in self._listeners:
            callback()

    async def close(self) -> None:
        pass


async def test_the_bulk_side_is_woken_when_reserved_room_opens() -> None:
    """Regression: a reservation landing with its first slot a little ahead woke nobody, so a
    second dispatcher slept until its next poll and its slots went unused."""
    limiter = ChannelLimiter(ChannelLimits(per_second=30))
    budget = SlotsLater()
    gate = Gate(limiter, budget)
    woken = asyncio.Event()
    gate.add_listener(woken.set)
    assert gate.try_start("1", False) is None  # nothing reserved yet
    budget.reserved(gate.clock() + 0.05)  # room in 50 ms
    await asyncio.wait_for(woken.wait(), WAIT)
    assert gate.try_start("1", False) is not None
    gate.close()
