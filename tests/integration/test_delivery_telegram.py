"""The dispatcher end to end: the real python-telegram-bot `Bot` over HTTP against the
loopback Bot API server with its flood limits on (a strict 1-second window of 30 messages,
1 a second per private chat after a burst of 3, a group window), on SQLite and PostgreSQL.

Nothing is timed: each test waits for what the server received, then checks counts, 429s
drawn, duplicates and the outbox's state. Backoffs are shortened so retries happen quickly.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from telegram import Bot

from bot.app import build_conversation, build_services
from bot.delivery.dispatcher import DeliveryConfig, Dispatcher
from bot.delivery.messages import Renderer
from bot.delivery.runtime import build_port
from bot.delivery.sender import ChannelLimits, Sender
from bot.delivery.telegram import TelegramSender
from bot.delivery.zalo import ZaloSender
from bot.storage import Store
from bot.zalo_api import ZaloBotClient
from tests.bot.builders import ADMIN, SEEDS, TZ, ask, make_settings
from tests.integration.test_delivery_outbox import add_subscribers
from tests.servers.telegram_api import TelegramApiServer
from tests.servers.zalo_api import ZaloApiServer

FAST = DeliveryConfig(
    poll_interval=0.2,
    lease=10.0,
    retry_base=0.05,
    retry_max=0.5,
    blocked_retry=0.05,
    claim_batch=50,
)
WAIT = 60.0  # seconds a test waits for messages before failing (never reached when green)


def wall() -> datetime:
    return datetime.now(TZ)


@pytest.fixture
async def server() -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer(rate_limits=True) as running:
        yield running


@asynccontextmanager
async def dispatching(
    store: Store, senders: list[Sender], config: DeliveryConfig = FAST, *, strikes: int = 3
) -> AsyncIterator[Dispatcher]:
    """The dispatcher over one port per sender, as the composition root builds them (the
    budget shared through the database on PostgreSQL)."""
    ports = [
        build_port(sender, store, token=f"{sender.channel}-test-token", strikes=strikes)
        for sender in senders
    ]
    dispatcher = Dispatcher(store, ports, Renderer(store, TZ), config, clock=wall)
    await dispatcher.start()
    try:
        yield dispatcher
    finally:
        await dispatcher.stop()
        for port in ports:
            await port.close()


@asynccontextmanager
async def telegram_sender(
    server: TelegramApiServer, limits: ChannelLimits | None = None
) -> AsyncIterator[TelegramSender]:
    bot = Bot(server.token, base_url=server.base_url)
    await bot.initialize()
    try:
        yield TelegramSender(bot, limits)
    finally:
        await bot.shutdown()


async def settled(store: Store, condition: Callable[..., bool], within: float = WAIT) -> None:
    """Wait until the outbox's statistics satisfy `condition` (fail after `within` s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        stats = await store.outbox.delivery_stats(now=wall())
        if condition(stats):
            return
        if loop.time() > deadline:
            raise TimeoutError(f"outbox never settled: {stats}")
        await asyncio.sleep(0.05)


def per_chat(server: TelegramApiServer) -> Counter[int]:
    return Counter(message["chat_id"] for message in server.sent_messages())


async def test_broadcast_to_300_subscribers_draws_no_429(
    store: Store, server: TelegramApiServer
) -> None:
    await add_subscribers(store, 300)
    _, queued = await store.outbox.queue_broadcast(
        "Thông báo: <b> & bảo trì", author=None, now=wall()
    )
    assert queued == 300
    async with telegram_sender(server) as sender, dispatching(store, [sender]):
        await server.wait_for_messages(None, 300, timeout=WAIT)
        await settled(store, lambda s: s.sent_total == 300)
    counts = per_chat(server)
    assert len(counts) == 300 and set(counts.values()) == {1}  # nothing lost, nothing twice
    assert server.counters.rejected_429 == 0
    first = server.sent_messages()[0]
    assert first["parse_mode"] == "HTML"
    assert "Thông báo: <b> & bảo trì" in first["plain_text"]  # escaped, shown as typed


async def test_a_429_for_one_chat_does_not_delay_the_others(
    store: Store, server: TelegramApiServer
) -> None:
    await add_subscribers(store, 40)
    slow = 1000
    server.fail_next(chat_id=slow, status=429, retry_after=3, penalize=True)
    await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
    async with telegram_sender(server) as sender, dispatching(store, [sender]):
        await server.wait_for_messages(None, 40, timeout=WAIT)
        await settled(store, lambda s: s.sent_total == 40)
    messages = server.sent_messages()
    assert messages[-1]["chat_id"] == slow  # the others went out while it waited
    assert set(per_chat(server).values()) == {1}
    assert server.counters.rejected_429 == 1  # only the injected one; no chat retried early


async def test_five_percent_502_still_delivers_everything_once(
    store: Store, server: TelegramApiServer
) -> None:
    await add_subscribers(store, 200)
    server.set_error_rate(0.05, 502, seed=20251121)
    server.set_rate_limits(overall_rate=150)  # limits still on, faster: the point is the 502s
    await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
    fast = ChannelLimits(per_second=150)
    async with (
        telegram_sender(server, fast) as sender,
        dispatching(store, [sender]) as dispatcher,
    ):
        await server.wait_for_messages(None, 200, timeout=WAIT)
        await settled(store, lambda s: s.sent_total == 200)
    assert server.counters.rejected_other > 0  # the proxy did fail some requests
    assert dispatcher.counts["retried"] == server.counters.rejected_other
    assert len(per_chat(server)) == 200 and set(per_chat(server).values()) == {1}
    assert server.counters.rejected_429 == 0
    stats = await store.outbox.delivery_stats(now=wall())
    assert (stats.pending, stats.failed) == (0, 0)


async def test_blocked_chats_become_inactive_and_come_back_when_they_write(
    store: Store, server: TelegramApiServer, tmp_path: Path
) -> None:
    await add_subscribers(store, 10)
    blocked = [1001, 1004, 1007]
    for chat in blocked:
        server.block_chat(chat)
    await store.outbox.queue_broadcast("Một", author=None, now=wall())
    async with telegram_sender(server) as sender, dispatching(store, [sender]):
        await server.wait_for_messages(None, 7, timeout=WAIT)
        await settled(store, lambda s: s.subscribers_inactive == 3 and s.pending == 0)
        assert (await store.outbox.delivery_stats(now=wall())).failed == 3
        _, queued = await store.outbox.queue_broadcast("Hai", author=None, now=wall())
        assert queued == 7  # no more queuing for them
        await server.wait_for_messages(None, 14, timeout=WAIT)
        # One of them unblocks the bot and writes: deliveries resume.
        services = await build_services(make_settings(tmp_path), store=store, clock=wall)
        server.unblock_chat(1004)
        await ask(build_conversation(services), "/lich", chat_id="1004")
        _, queued = await store.outbox.queue_broadcast("Ba", author=None, now=wall())
        assert queued == 8
        await server.wait_for_messages(None, 22, timeout=WAIT)
    assert 1001 not in per_chat(server)
    assert [m["plain_text"] for m in server.sent_messages(1004)] == [
        "📢 Thông báo từ quản trị viên\n\nBa"
    ]


async def test_chat_not_found_goes_inactive(store: Store) -> None:
    async with TelegramApiServer(rate_limits=True, known_chats_only=True) as server:
        await add_subscribers(store, 5)
        for chat in (1000, 1001, 1002):
            server.register_chat(chat)
        await store.outbox.queue_broadcast("Một", author=None, now=wall())
        async with telegram_sender(server) as sender, dispatching(store, [sender]):
            await settled(store, lambda s: s.subscribers_inactive == 2 and s.pending == 0)
        assert sorted(per_chat(server)) == [1000, 1001, 1002]


async def test_order_per_chat_is_kept(store: Store, server: TelegramApiServer) -> None:
    await add_subscribers(store, 2)
    for word in ("Một", "Hai", "Ba", "Bốn", "Năm"):
        await store.outbox.queue_broadcast(word, author=None, now=wall())
    async with telegram_sender(server) as sender, dispatching(store, [sender]):
        await server.wait_for_messages(None, 10, timeout=WAIT)
    for chat in (1000, 1001):
        words = [m["plain_text"].rsplit("\n", 1)[-1] for m in server.sent_messages(chat)]
        assert words == ["Một", "Hai", "Ba", "Bốn", "Năm"]
    assert server.counters.rejected_429 == 0  # burst of 3, then one a second per chat


async def test_long_message_goes_out_in_parts_in_order(
    store: Store, server: TelegramApiServer
) -> None:
    await add_subscribers(store, 3)
    paragraphs = [f"Đoạn {n}: " + "Tỉnh ủy chỉ đạo tập trung giải ngân. " * 30 for n in range(9)]
    await store.outbox.queue_broadcast("\n\n".join(paragraphs), author=None, now=wall())
    async with telegram_sender(server) as sender, dispatching(store, [sender]):
        await settled(store, lambda s: s.sent_total == 3)
    for chat in (1000, 1001, 1002):
        parts = server.sent_messages(chat)
        assert len(parts) == 3
        text = "\n\n".join(m["plain_text"] for m in parts)
        assert [f"Đoạn {n}:" in text for n in range(9)] == [True] * 9
        assert text.index("Đoạn 0:") < text.index("Đoạn 8:")


async def test_group_limit_is_kept(store: Store, server: TelegramApiServer) -> None:
    server.set_rate_limits(group_limit=3, group_window=2.0)
    limits = ChannelLimits(group_limit=3, group_window=2.0)
    await add_subscribers(store, 1, first=100777, chat_type="group")
    await add_subscribers(store, 1)
    for word in ("Một", "Hai", "Ba", "Bốn", "Năm"):
        await store.outbox.queue_broadcast(word, author=None, now=wall())
    async with telegram_sender(server, limits) as sender, dispatching(store, [sender]):
        await server.wait_for_messages(-100777, 5, timeout=WAIT)
        await settled(store, lambda s: s.sent_total == 10)
    assert server.counters.rejected_429 == 0


async def test_timeouts_are_retried_a_bounded_number_of_times(
    store: Store, server: TelegramApiServer, tmp_path: Path
) -> None:
    await add_subscribers(store, 5)
    server.fail_next(chat_id=1002, status=500, count=50)
    await store.outbox.queue_broadcast("Một", author=None, now=wall())
    config = replace(FAST, max_attempts=3)
    async with telegram_sender(server) as sender, dispatching(store, [sender], config):
        await settled(store, lambda s: s.sent_total == 4 and s.failed == 1)
    assert server.counters.method("sendMessage")["rejected_other"] == 3
    services = await build_services(make_settings(tmp_path), store=store, clock=wall)
    reply = await ask(build_conversation(services), "/thongke", chat_id=ADMIN)
    assert reply is not None
    assert "Gửi không được (đã dừng thử): 1" in reply.text
    assert "Đã gửi trong 1 phút qua: 4" in reply.text


async def test_a_message_refused_for_good_is_parked_at_once(
    store: Store, server: TelegramApiServer
) -> None:
    await add_subscribers(store, 3)
    server.fail_next(
        chat_id=1001,
        status=400,
        description="Bad Request: can't parse entities: unsupported start tag",
    )
    await store.outbox.queue_broadcast("Một", author=None, now=wall())
    async with telegram_sender(server) as sender, dispatching(store, [sender]) as dispatcher:
        await settled(store, lambda s: s.sent_total == 2 and s.failed == 1)
    assert dispatcher.counts["retried"] == 0  # not retried: it would fail the same way
    (failure,) = await store.outbox.failed_deliveries()
    assert failure.chat_id == "1001" and "parse entities" in (failure.last_error or "")
    found = await store.audience.get("telegram", "1001")
    assert found is not None and found.active  # the chat itself is fine


async def test_new_report_is_pushed_as_soon_as_it_is_stored(
    store: Store, server: TelegramApiServer, tmp_path: Path
) -> None:
    # The seed's meeting (December 2023) is older than the age limit on the wall clock: every
    # report is pushed here (0), as this test is about the pushing itself.
    settings = make_settings(tmp_path, push_max_age_days=0)
    services = await build_services(settings, store=store, clock=wall)
    conversation = build_conversation(services)
    await ask(conversation, "/dangky bac kan", chat_id="501")
    await ask(conversation, "/dangky ha noi", chat_id="502")
    await ask(conversation, "/dangky tat ca", chat_id="503")
    await ask(conversation, "/lich 7:00", chat_id="503")  # a roundup, not instant
    seed = (SEEDS / "004_19c978857511aa52.txt").read_text(encoding="utf-8")
    async with telegram_sender(server) as sender, dispatching(store, [sender]):
        stored = await ask(conversation, "/nhap " + seed, chat_id=ADMIN)
        assert stored is not None and "Sẽ gửi tới 1 người, nhóm đã đăng ký." in stored.text
        (digest,) = await server.wait_for_messages(501, 1, timeout=WAIT)
    assert digest["plain_text"].startswith("🆕 Bản tin mới · Bắc Kạn (nay thuộc Thái Nguyên)")
    assert "/baocao 1" in digest["plain_text"]
    assert per_chat(server) == {501: 1}


async def test_stop_gives_back_what_was_not_sent(store: Store, server: TelegramApiServer) -> None:
    await add_subscribers(store, 30)
    await store.outbox.queue_broadcast("Một", author=None, now=wall())
    slow = ChannelLimits(per_second=10)
    async with telegram_sender(server, slow) as sender:
        async with dispatching(store, [sender]):
            await server.wait_for_messages(None, 5, timeout=WAIT)
        stats = await store.outbox.delivery_stats(now=wall())
        assert stats.in_flight == 0 and stats.pending + stats.sent_total == 30
        async with dispatching(store, [sender]):
            await settled(store, lambda s: s.sent_total == 30)
    assert len(per_chat(server)) == 30 and set(per_chat(server).values()) == {1}


async def test_two_dispatchers_on_postgresql_split_a_broadcast(
    store: Store, db_url: str, server: TelegramApiServer
) -> None:
    if store.dialect != "postgresql":
        pytest.skip("several processes share PostgreSQL; SQLite is single-process")
    await add_subscribers(store, 150)
    await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
    other = await Store.connect(db_url)
    config = replace(FAST, claim_batch=10)
    try:
        async with (  # each at the full 30 a second: they share it through the database
            telegram_sender(server) as first,
            telegram_sender(server) as second,
            dispatching(store, [first], config) as one,
            dispatching(other, [second], config) as two,
        ):
            await server.wait_for_messages(None, 150, timeout=WAIT)
            await settled(store, lambda s: s.sent_total == 150)
    finally:
        await other.aclose()
    assert one.counts["sent"] > 0 and two.counts["sent"] > 0
    assert one.counts["sent"] + two.counts["sent"] == 150
    assert len(per_chat(server)) == 150 and set(per_chat(server).values()) == {1}
    assert server.counters.rejected_429 == 0


async def test_zalo_subscribers_get_plain_text_and_a_quota_pauses_the_channel(
    store: Store,
) -> None:
    async with ZaloApiServer(overall_rate=10, chat_rate=2.0) as server:
        chats = [server.register_chat() for _ in range(6)]
        for chat in chats:
            subscriber = await store.audience.upsert("zalo", chat, now=wall())
            await store.audience.subscribe(subscriber.id, None)
        server.fail_next(status=429)
        await store.outbox.queue_broadcast(
            "Thông báo <quan trọng> & khẩn", author=None, now=wall()
        )
        client = ZaloBotClient(server.token, base_url=server.base_url)
        sender = ZaloSender(client, ChannelLimits(per_second=8, private_per_second=1.5))
        try:
            async with dispatching(store, [sender]) as dispatcher:
                await server.wait_for_messages(None, 6, timeout=WAIT)
                await settled(store, lambda s: s.sent_total == 6)
        finally:
            await client.aclose()
        texts = {m["text"] for m in server.sent_messages()}
        assert texts == {"📢 Thông báo từ quản trị viên\n\nThông báo <quan trọng> & khẩn"}
        assert dispatcher.counts["throttled"] == 1
        assert server.counters.rejected_429 == 1
