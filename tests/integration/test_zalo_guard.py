"""What the outside cannot do to the Zalo adapter (issue 10), against the loopback Zalo
server in both modes.

Before: one event with `date: 10**30` stopped the poll loop, and with it both channels; the
webhook answered 500 with a traceback to 1e30, Infinity or deep nesting; an event posted
twice was answered twice; a body that never came held a handler forever; events were
handled in unbounded background tasks.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.core import Reply
from bot.zalo_api import WEBHOOK_SECRET_HEADER
from tests.integration.test_zalo_e2e import (  # noqa: F401 - fixtures used here too
    SECRET,
    RunningBot,
    _clean_environment,
    bot,
    server,
    sqlite_store,
    start_bot,
)
from tests.servers.zalo_api import ZaloApiServer


def raw_event(chat: str, date: str, text: str = "/trogiup") -> str:
    """An event with `date` written into the JSON as is (1e30, Infinity, ...)."""
    return (
        '{"event_name": "message.text.received", "message": {"message_id": "7f3a", '
        f'"date": {date}, "text": {json.dumps(text)}, '
        f'"chat": {{"id": "{chat}", "chat_type": "PRIVATE"}}, "from": {{"id": "{chat}"}}}}}}'
    )


DEEP = "[" * 50_000 + "]" * 50_000

MALFORMED = [
    pytest.param("1e30", id="date-1e30"),
    pytest.param(str(10**30), id="date-10**30"),
    pytest.param("Infinity", id="date-infinity"),
    pytest.param("NaN", id="date-nan"),
    pytest.param('"' + "9" * 200 + '"', id="date-200-digits"),
    pytest.param(DEEP, id="date-deeply-nested"),
]


async def answered_after(bot: RunningBot, chat: str) -> None:
    """The bot still answers: a normal message right after gets its reply."""
    (hello,) = await bot.say(chat, "/batdau")
    assert "Đây là bot tự động" in hello["text"]
    assert not bot.task.done()


# --- polling -------------------------------------------------------------------------------


@pytest.mark.parametrize("date", MALFORMED)
async def test_polling_skips_a_malformed_event_and_goes_on(
    bot: RunningBot, date: str, caplog: pytest.LogCaptureFixture
) -> None:
    chat = bot.server.register_chat()
    with caplog.at_level(logging.WARNING, logger="bot.channels.zalo"):
        bot.server.push_raw(raw_event(chat, date))
        await answered_after(bot, chat)
    assert len(bot.server.sent_messages(chat)) == 1  # the bad event got no answer
    skipped = [r for r in caplog.records if "skipped an event" in r.getMessage()]
    assert len(skipped) == 1 and skipped[0].exc_info is None  # one line, no traceback
    assert len(skipped[0].getMessage()) < 400


async def test_polling_handles_an_event_handed_out_twice_once(bot: RunningBot) -> None:
    chat = bot.server.register_chat()
    event = bot.server.push_text(chat, "/trogiup")
    bot.server.push_event(event)
    await bot.server.wait_for_messages(chat, 1, timeout=10)
    await answered_after(bot, chat)  # the copy, handed out before /batdau, got no answer
    texts = [m["text"] for m in bot.server.sent_messages(chat)]
    assert len(texts) == 2 and "Các lệnh" in texts[0]  # /trogiup once, then /batdau


async def test_polling_takes_no_more_events_than_it_can_handle(
    server: ZaloApiServer, sqlite_store: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with start_bot(server, sqlite_store, tmp_path, webhook=False) as bot:
        bot.channel._room = asyncio.Semaphore(2)
        release = asyncio.Event()
        handle = bot.channel.conversation.handle

        async def slow_handle(request: Any) -> Reply | None:
            await release.wait()
            return await handle(request)

        monkeypatch.setattr(bot.channel.conversation, "handle", slow_handle)
        chats = [server.register_chat() for _ in range(5)]
        for chat in chats:
            server.push_text(chat, "/trogiup")
        for _ in range(600):
            if bot.channel.pending() == 2 and len(server.pending_events()) == 2:
                break
            await asyncio.sleep(0.05)
        # Two in hand, one fetched and waiting for room, two still on the platform.
        assert bot.channel.pending() == 2 and len(server.pending_events()) == 2
        release.set()
        await server.wait_for_messages(None, 5, timeout=15)
    assert {m["chat_id"] for m in server.sent_messages()} == set(chats)


# --- webhook -------------------------------------------------------------------------------


@pytest.fixture
async def hooked_bot(server: ZaloApiServer, sqlite_store: Any, tmp_path: Any) -> Any:
    async with start_bot(server, sqlite_store, tmp_path, webhook=True) as running:
        yield running


@pytest.mark.parametrize("date", MALFORMED)
async def test_webhook_answers_400_to_a_malformed_event(
    hooked_bot: RunningBot, date: str, caplog: pytest.LogCaptureFixture
) -> None:
    bot = hooked_bot
    chat = bot.server.register_chat()
    with caplog.at_level(logging.WARNING):
        bot.server.push_raw(raw_event(chat, date))
        (delivery,) = await bot.server.wait_for_webhook_deliveries(1, timeout=10)
        await answered_after(bot, chat)
    assert delivery["status"] == 400  # never 500
    assert not any(r.exc_info for r in caplog.records)  # no traceback anywhere
    assert len(bot.server.sent_messages(chat)) == 1


async def test_webhook_handles_an_event_posted_twice_once(hooked_bot: RunningBot) -> None:
    bot = hooked_bot
    chat = bot.server.register_chat()
    event = bot.server.push_text(chat, "/trogiup")
    bot.server.push_event(event)
    deliveries = await bot.server.wait_for_webhook_deliveries(2, timeout=10)
    await bot.server.wait_for_messages(chat, 1, timeout=10)
    await answered_after(bot, chat)
    assert [d["status"] for d in deliveries] == [200, 200]  # the platform need not retry
    assert len(bot.server.sent_messages(chat)) == 2  # /trogiup once, then /batdau


async def test_webhook_times_out_a_body_that_never_arrives(hooked_bot: RunningBot) -> None:
    bot = hooked_bot
    bot.channel.body_timeout = 0.3
    url = urlsplit(bot.webhook_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(
            f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
            f"{WEBHOOK_SECRET_HEADER}: {SECRET}\r\nContent-Type: application/json\r\n"
            "Content-Length: 4096\r\n\r\n{\"event_name\": ".encode()
        )
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 10)  # the answer, body unsent
    finally:
        writer.close()
    assert status.startswith(b"HTTP/1.1 408")
    await answered_after(bot, bot.server.register_chat())


async def test_webhook_answers_503_when_too_many_events_are_in_hand(
    hooked_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = hooked_bot
    bot.channel._room = asyncio.Semaphore(2)
    bot.channel.busy_wait = 0.2
    release = asyncio.Event()
    handle = bot.channel.conversation.handle

    async def slow_handle(request: Any) -> Reply | None:
        await release.wait()
        return await handle(request)

    monkeypatch.setattr(bot.channel.conversation, "handle", slow_handle)
    chats = [bot.server.register_chat() for _ in range(4)]
    for chat in chats:
        bot.server.push_text(chat, "/trogiup")
    deliveries = await bot.server.wait_for_webhook_deliveries(4, timeout=10)
    assert [d["status"] for d in deliveries] == [200, 200, 503, 503]
    assert bot.channel.pending() == 2
    release.set()
    await bot.server.wait_for_messages(None, 2, timeout=10)
    # The platform posts the refused ones again later: they are handled then.
    for delivery in deliveries[2:]:
        bot.server.push_event(delivery["payload"]["result"])
    await bot.server.wait_for_messages(None, 4, timeout=10)
    assert {m["chat_id"] for m in bot.server.sent_messages()} == set(chats)
