"""End to end: the Zalo adapter over HTTP against the Zalo Bot API double, in both modes.

The server (tests/servers/zalo_api.py) runs on 127.0.0.1 and behaves as the platform's docs
say: one event per getUpdates, 408 when nothing came, a 2,000-character limit, 429 "Quota
exceeded" past its rate limits, webhook deliveries carrying X-Bot-Api-Secret-Token. The bot
runs through `bot.channels.zalo.run_zalo`, the function `bantin bot` runs, on each storage
engine of the `store` fixture (SQLite file and PostgreSQL). Nothing in the bot is patched to
fake sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import build_conversation, build_services, protected_logs, serve_bot, serve_zalo
from bot.channels.zalo import (
    HINT_OTHER,
    HINTS,
    ZaloChannel,
    build_zalo_channel,
    run_zalo,
    zalo_chunks,
    zalo_text,
)
from bot.core import Button, Reply, Request, Services
from bot.delivery.port import OutboundPort
from bot.delivery.runtime import build_port, zalo_limits
from bot.delivery.sender import ChannelLimits
from bot.delivery.zalo import ZaloSender
from bot.settings import Settings
from bot.storage import Store
from bot.zalo_api import (
    EVENT_IMAGE,
    EVENT_STICKER,
    WEBHOOK_SECRET_HEADER,
    ZaloBotClient,
    utf16_length,
)
from tests.bot.builders import ADMIN, NOW, SEEDS, fixed_clock, make_settings, report, seed_store
from tests.servers.telegram_api import TelegramApiServer
from tests.servers.zalo_api import ZaloApiServer

TOKEN = "5511223344556677889:zq-ZALO-TOKEN-MUST-NOT-LEAK-91c"
SECRET = "webhook-secret-of-bantin-7d2e"
SEED = SEEDS / "004_19c978857511aa52.txt"
ENVIRONMENT = (
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "BANTIN_DB", "BANTIN_ADMINS",
    "ZALO_BOT_TOKEN", "ZALO_API_BASE_URL", "ZALO_WEBHOOK_URL", "ZALO_WEBHOOK_SECRET",
    "ZALO_WEBHOOK_LISTEN", "ZALO_WEBHOOK_PORT", "ZALO_POLL_TIMEOUT",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own tokens must not reach these tests."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningBot:
    server: ZaloApiServer
    channel: ZaloChannel
    services: Services
    settings: Settings
    ids: dict[str, int]
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def say(self, chat_id: str, text: str, count: int = 1, **kwargs: Any) -> list[dict]:
        """A user writes `text`; wait until `count` new messages reached the chat."""
        before = len(self.server.sent_messages(chat_id))
        self.server.push_text(chat_id, text, **kwargs)
        messages = await self.server.wait_for_messages(chat_id, before + count, timeout=10)
        return messages[before:]

    async def quiet(self, seconds: float = 0.3) -> None:
        """Give a message that must NOT be answered the time to be (wrongly) answered."""
        await asyncio.sleep(seconds)

    @property
    def webhook_url(self) -> str:
        assert self.settings.zalo_webhook_url
        return self.settings.zalo_webhook_url


@pytest.fixture
async def server() -> AsyncIterator[ZaloApiServer]:
    async with ZaloApiServer(TOKEN, allow_insecure_webhook=True, seed=5) as running:
        yield running


def zalo_settings(tmp_path: Path, server: ZaloApiServer, *, webhook: bool,
                  **overrides: object) -> Settings:
    values: dict[str, object] = {
        "zalo_bot_token": server.token,
        "zalo_api_base_url": server.base_url,
        "zalo_poll_timeout": 1,
    }
    if webhook:
        port = free_port()
        values.update(
            zalo_webhook_url=f"http://127.0.0.1:{port}/zalo/webhook",
            zalo_webhook_secret=SECRET, zalo_webhook_listen="127.0.0.1", zalo_webhook_port=port,
        )
    values.update(overrides)
    return make_settings(tmp_path, **values)


def zalo_port(server: ZaloApiServer, store: Store, settings: Settings,
              limits: ChannelLimits | None = None) -> tuple[OutboundPort, ZaloBotClient]:
    """The Zalo token's outbound port as the composition root builds it (its own client)."""
    client = ZaloBotClient(server.token, base_url=server.base_url, timeout=5.0,
                           default_retry_after=0.6)
    sender = ZaloSender(client, limits or zalo_limits(settings))
    port = build_port(sender, store, token=server.token, strikes=settings.delivery_strikes)
    return port, client


@contextlib.asynccontextmanager
async def start_bot(
    server: ZaloApiServer, store: Store, tmp_path: Path, *, webhook: bool,
    limits: ChannelLimits | None = None, **overrides: object,
) -> AsyncIterator[RunningBot]:
    settings = zalo_settings(tmp_path, server, webhook=webhook, **overrides)
    ids = await seed_store(store)
    services = await build_services(settings, store=store, clock=fixed_clock)
    conversation = build_conversation(services)
    client = ZaloBotClient(
        server.token, base_url=server.base_url, timeout=5.0,
        allow_insecure_webhook=True, default_retry_after=0.6,
    )
    port, port_client = zalo_port(server, store, settings, limits)
    channel = build_zalo_channel(settings, conversation, port, client)
    stop = asyncio.Event()
    with protected_logs(settings):
        task = asyncio.create_task(run_zalo(settings, conversation, stop, channel=channel))
        running = RunningBot(server, channel, services, settings, ids, stop, task)
        try:
            # Events pushed before the bot (un)registered its webhook would go the old way.
            wanted = settings.zalo_webhook_url or ""
            for _ in range(250):
                if server.webhook_url == wanted or task.done():
                    break
                await asyncio.sleep(0.02)
            assert server.webhook_url == wanted
            yield running
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=15)
            await port.close()
            await port_client.aclose()


@pytest.fixture
async def bot(server: ZaloApiServer, store: Store, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The Zalo bot in long-polling mode (`run_zalo` without ZALO_WEBHOOK_URL)."""
    async with start_bot(server, store, tmp_path, webhook=False) as running:
        yield running


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A SQLite file only, for the command tables: the core is engine-neutral here and
    test_telegram_e2e runs every command on both engines; every other test below takes the
    two-engine `store`, and test_commands_on_every_engine runs a sample of the table on it."""
    opened = await Store.connect(str(tmp_path / "webhook.db"))
    try:
        yield opened
    finally:
        await opened.aclose()


@pytest.fixture
async def polled(server: ZaloApiServer, sqlite_store: Store, tmp_path: Path
                 ) -> AsyncIterator[RunningBot]:
    """Polling on SQLite only, for the long command table (`bot` runs on both engines)."""
    async with start_bot(server, sqlite_store, tmp_path, webhook=False) as running:
        yield running


@pytest.fixture
async def hooked(server: ZaloApiServer, sqlite_store: Store, tmp_path: Path
                 ) -> AsyncIterator[RunningBot]:
    """The Zalo bot in webhook mode: the server POSTs events to our aiohttp endpoint."""
    async with start_bot(server, sqlite_store, tmp_path, webhook=True) as running:
        yield running


# --- every command, both modes ---------------------------------------------------------------

COMMAND_LINES = [
    ("/start", "Đây là bot tự động"),
    ("/batdau", "Đây là bot tự động"),
    ("/bắtđầu", "Đây là bot tự động"),
    ("/help", "Các lệnh"),
    ("/trogiup", "Các lệnh"),
    ("/trợgiúp", "Các lệnh"),
    ("/subscribe bac kan", "Đã đăng ký nhận bản tin của Thái Nguyên"),
    ("/dangky tat ca", "Đã đăng ký nhận bản tin của tất cả các tỉnh"),
    ("/đăngký Hà Nội", "Đã đăng ký nhận bản tin của Hà Nội"),
    ("/unsubscribe", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/huydangky ha noi", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/hủyđăngký Hà Nội", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/subscriptions", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/cuatoi", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/củatôi", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/province bac kan", "Hội nghị Tỉnh ủy Thái Nguyên cuối năm"),
    ("/tinh Bắc Kạn 2", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14"),
    ("/tỉnh Bắc Kạn", "Hội nghị Tỉnh ủy Thái Nguyên cuối năm"),
    ("/indicator thu ngan sach", "Thu ngân sách: số liệu mới nhất của 3 tỉnh"),
    ("/chitieu thu ngân sách bac kan", "Thu ngân sách của Thái Nguyên"),
    ("/chỉtiêu Thu ngân sách", "Thu ngân sách: số liệu mới nhất của 3 tỉnh"),
    ("/latest", "Các bản tin mới nhất"),
    ("/moinhat", "Các bản tin mới nhất"),
    ("/mớinhất", "Các bản tin mới nhất"),
    ("/search nong thon moi", "Kết quả cho «nong thon moi»"),
    ("/timkiem Nông thôn mới", "Kết quả cho «Nông thôn mới»"),
    ("/tìmkiếm nông thôn mới", "Kết quả cho «nông thôn mới»"),
    ("/report 1", "Bản tin số 1"),
    ("/baocao 6", 'Kỳ họp <chuyên đề> & "bất thường"'),
    ("/báocáo 1", "Bản tin số 1"),
    ("/ingest", "chỉ dành cho quản trị viên"),
    ("/nhap", "chỉ dành cho quản trị viên"),
    ("/nhập", "chỉ dành cho quản trị viên"),
    ("/stats", "chỉ dành cho quản trị viên"),
    ("/thongke", "chỉ dành cho quản trị viên"),
    ("/thốngkê", "chỉ dành cho quản trị viên"),
    ("/TINH bac kan", "Hội nghị Tỉnh ủy Thái Nguyên cuối năm"),
    ("/tinhh bac kan", "Có phải bạn muốn: /tinh?"),
    ("xin chào", "Gõ /trogiup"),
    ("/tinh", "Lệnh /tinh cần thêm"),
    ("/tinh <b>bac kan</b>", "không kèm định dạng HTML hay Markdown"),
    ("/chitieu " + "thu ngan sach " * 300, "quá dài"),
]
IDS = [line[:24] for line, _ in COMMAND_LINES]


@pytest.mark.parametrize(("line", "expected"), COMMAND_LINES, ids=IDS)
async def test_every_command_polling(polled: RunningBot, line: str, expected: str) -> None:
    chat = polled.server.register_chat()
    (message,) = await polled.say(chat, line)
    assert expected in message["text"]
    assert "<b>" not in message["text"] and "<i>" not in message["text"]  # plain text only
    assert message["parse_mode"] is None


async def test_commands_on_every_engine(bot: RunningBot) -> None:
    """A sample of the table on SQLite and PostgreSQL (a new chat each, as in the table)."""
    for line, expected in COMMAND_LINES[::3]:
        (message,) = await bot.say(bot.server.register_chat(), line)
        assert expected in message["text"], line


@pytest.mark.parametrize(("line", "expected"), COMMAND_LINES, ids=IDS)
async def test_every_command_webhook(hooked: RunningBot, line: str, expected: str) -> None:
    chat = hooked.server.register_chat()
    (message,) = await hooked.say(chat, line)
    assert expected in message["text"]
    (delivery,) = await hooked.server.wait_for_webhook_deliveries(1, timeout=10)
    assert delivery["status"] == 200 and delivery["url"] == hooked.webhook_url


async def test_admin_commands(bot: RunningBot) -> None:
    (stats,) = await bot.say(ADMIN, "/thongke")
    assert "Bản tin đã lưu: 6" in stats["text"]
    (stored,) = await bot.say(ADMIN, "/nhap " + SEED.read_text(encoding="utf-8"))
    assert stored["text"].startswith("✅ Đã lưu bản tin số 7.")
    assert await bot.services.store.reports.count() == 7


async def test_new_users_trial_gets_right_answers(bot: RunningBot) -> None:
    """Issue 11 over Zalo (plain text, no buttons: every choice is spelt as a command)."""
    user = bot.server.register_chat()
    await bot.say(user, "/dangky tat ca")
    (dropped,) = await bot.say(user, "/huydangky thai nguyen")
    assert "Đã ngừng nhận bản tin của Thái Nguyên" in dropped["text"]
    (daily,) = await bot.say(user, "/lịch mỗi ngày 5 giờ chiều")
    assert "gộp một lần mỗi ngày lúc 17:00" in daily["text"]
    (asked,) = await bot.say(user, "/lich 5h")
    assert "/lich hang ngay 5h sang" in asked["text"] and "/lich hang ngay 17h" in asked["text"]
    (city,) = await bot.say(user, "/tinh tphcm")
    assert "TP. Hồ Chí Minh" in city["text"]
    (found,) = await bot.say(user, '/timkiem "nông thôn mới"')
    assert "“Xây dựng nông thôn mới" in found["text"]


async def test_merged_provinces_name_who_reported_and_yearless_reports_show_27_6(
    bot: RunningBot,
) -> None:
    """Issue 11 items 1 and 2 over Zalo: each figure names the province that reported it; a
    report whose text gives no year is newest by the day it was received and shows "27/6"."""
    user = bot.server.register_chat()
    (history,) = await bot.say(user, "/chitieu thu ngan sach bac kan")
    lines = [line for line in history["text"].splitlines() if line.startswith("• ")]
    assert lines and all(
        line.startswith(("• Bắc Kạn (nay thuộc Thái Nguyên): ", "• Thái Nguyên: "))
        for line in lines
    )
    (across,) = await bot.say(user, "/chitieu thu ngan sach")
    assert "Thái Nguyên: 19.500 tỷ đồng" in across["text"]
    assert "Bắc Kạn (nay thuộc Thái Nguyên): 1.010 tỷ đồng" in across["text"]
    seed_002 = (SEEDS / "002_b9e459340868e836.txt").read_text(encoding="utf-8")
    await bot.say(ADMIN, "/nhap " + seed_002)
    (latest,) = await bot.say(user, "/moinhat")
    first = latest["text"].split("\n\n")[1]
    assert "Thường trực Tỉnh ủy" in first and first.rstrip().endswith("· 27/6")


async def test_admin_refusals_are_true_and_vietnamese(bot: RunningBot) -> None:
    for line, reason in [
        ("/nhap xin chào", "Văn bản quá ngắn"),
        ("/nhap <p><b></b></p>", "chỉ có mã định dạng"),
        ("/nhap ftp://files.example.vn/bc.txt", "không tải được địa chỉ ftp://"),
        ("/thongbao <b></b>\x01", "Không gửi thông báo"),
    ]:
        (reply,) = await bot.say(ADMIN, line)
        assert reason in reply["text"], line
        assert "tiếng Việt" not in reply["text"]
    (old,) = await bot.say(ADMIN, "/nhap " + SEED.read_text(encoding="utf-8"))
    assert "📦 Không gửi tới người đăng ký" in old["text"]
    assert await bot.services.store.reports.count() == 7


# --- the webhook endpoint --------------------------------------------------------------------


def text_event(chat_id: str, text: str) -> dict[str, Any]:
    message = {"message_id": "0a1b", "date": 1750316131602, "text": text,
               "chat": {"id": chat_id, "chat_type": "PRIVATE"},
               "from": {"id": chat_id, "display_name": "Kẻ lạ", "is_bot": False}}
    return {"ok": True, "result": {"event_name": "message.text.received", "message": message}}


REFUSED_CALLS = [
    pytest.param("POST", "", None, id="missing-secret"),
    pytest.param("POST", "", "webhook-secret-of-bantin-7d2f", id="wrong-secret"),
    pytest.param("POST", "", SECRET[:-1], id="secret-prefix"),
    pytest.param("POST", "", SECRET + "x", id="secret-longer"),
    pytest.param("POST", "", "", id="empty-secret"),
    pytest.param("GET", "", SECRET, id="right-secret-wrong-method"),
    pytest.param("POST", "/other", SECRET, id="right-secret-wrong-path"),
]


@pytest.mark.parametrize(("method", "suffix", "secret"), REFUSED_CALLS)
async def test_webhook_refuses_calls_without_the_secret(
    hooked: RunningBot, method: str, suffix: str, secret: str | None
) -> None:
    chat = hooked.server.register_chat()
    headers = {} if secret is None else {WEBHOOK_SECRET_HEADER: secret}
    url = hooked.webhook_url + suffix
    async with httpx.AsyncClient() as http:
        answer = await http.request(method, url, json=text_event(chat, "/dangky bac kan"),
                                    headers=headers)
    assert answer.status_code == 403
    await hooked.quiet()
    assert hooked.server.sent_messages() == []
    assert await hooked.services.store.audience.get("zalo", chat) is None
    # The platform's own delivery, with the secret, still works.
    (done,) = await hooked.say(chat, "/dangky bac kan")
    assert "Đã đăng ký" in done["text"]


async def test_webhook_answers_before_the_event_is_handled(
    hooked: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = asyncio.Event()
    handle = hooked.channel.conversation.handle

    async def slow_handle(request: Any) -> Reply | None:
        await release.wait()
        return await handle(request)

    monkeypatch.setattr(hooked.channel.conversation, "handle", slow_handle)
    chat = hooked.server.register_chat()
    hooked.server.push_text(chat, "/moinhat")
    (delivery,) = await hooked.server.wait_for_webhook_deliveries(1, timeout=10)
    assert delivery["status"] == 200
    assert hooked.server.sent_messages(chat) == []  # answered, still being handled
    release.set()
    (latest,) = await hooked.server.wait_for_messages(chat, 1, timeout=10)
    assert "Các bản tin mới nhất" in latest["text"]


async def test_webhook_rejects_a_body_that_is_no_event(hooked: RunningBot) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.post(hooked.webhook_url, content=b"<html>",
                                 headers={WEBHOOK_SECRET_HEADER: SECRET})
    assert answer.status_code == 400
    assert hooked.server.sent_messages() == []


async def test_shutdown_awaits_events_being_handled(
    server: ZaloApiServer, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with start_bot(server, store, tmp_path, webhook=True) as running:
        release = asyncio.Event()
        handle = running.channel.conversation.handle

        async def slow_handle(request: Any) -> Reply | None:
            await release.wait()
            return await handle(request)

        monkeypatch.setattr(running.channel.conversation, "handle", slow_handle)
        chat = server.register_chat()
        server.push_text(chat, "/trogiup")
        await server.wait_for_webhook_deliveries(1, timeout=10)
        running.stop.set()
        await asyncio.sleep(0.1)
        assert not running.task.done()  # waiting for the event in hand
        release.set()
        await asyncio.wait_for(running.task, timeout=10)
        (answer,) = server.sent_messages(chat)
        assert "Các lệnh" in answer["text"]


# --- what Zalo cannot do ---------------------------------------------------------------------


async def test_long_reply_is_split_under_the_limit(bot: RunningBot) -> None:
    store = bot.services.store
    text = "Hội nghị Tỉnh ủy Lạng Sơn bàn nhiều nội dung."
    sample = report("Lạng Sơn", NOW.date(), "Hội nghị Tỉnh ủy Lạng Sơn")
    for n in range(70):
        added = await store.reports.add(
            text=text, report=sample, now=NOW,
            source=f"https://baolangson.vn/tin-tuc/hoi-nghi-tinh-uy-ky-hop-thu-{n:03d}.html",
        )
    chat = bot.server.register_chat()
    line = f"/baocao {added.report_id}"
    reply = await bot.channel.conversation.handle(
        Request(channel="zalo", chat_id=chat, sender_id=chat, text=line))
    assert reply is not None
    expected = zalo_chunks(zalo_text(reply))
    assert len(expected) >= 3 and len(reply.text) > 4000
    messages = await bot.say(chat, line, count=len(expected))
    assert [m["text"] for m in messages] == expected
    assert all(utf16_length(m["text"]) <= 2000 for m in messages)
    assert all(not m["text"].startswith("\n") and m["text"].strip() for m in messages)
    assert messages[0]["text"].startswith("📋 Hội nghị Tỉnh ủy Lạng Sơn")
    assert "hoi-nghi-tinh-uy-ky-hop-thu-069" in messages[-1]["text"]
    sources = [line for m in messages for line in m["text"].splitlines() if "baolangson" in line]
    assert len(sources) == 70  # every line whole: cut between lines, never inside one
    assert bot.server.counters.method("sendMessage")["rejected_other"] == 0


async def test_buttons_become_typed_choices(bot: RunningBot) -> None:
    chat = bot.server.register_chat()
    (latest,) = await bot.say(chat, "/tinh bac kan")
    assert "Cuộc họp trước: /tinh thai nguyen 2" in latest["text"]
    assert "reply_markup" not in latest  # nothing to tap on Zalo
    (older,) = await bot.say(chat, "/tinh thai nguyen 2")
    assert "lần thứ 14" in older["text"]
    assert "Mới hơn: /tinh thai nguyen 1" in older["text"]
    (choices,) = await bot.say(chat, "/tinh bac")  # ambiguous: candidates to type
    assert "Có phải bạn muốn" in choices["text"]
    assert "• Bắc Kạn: /tinh bac kan" in choices["text"]


TYPED_CHOICES = [
    pytest.param(("◀ Cuộc họp trước", "/tinh bac kan 2"), "Gõ /tinh bac kan 2: Cuộc họp trước",
                 id="arrow-label"),
    pytest.param(("Mới hơn ▶", "/tinh bac kan 1"), "Gõ /tinh bac kan 1: Mới hơn",
                 id="right-arrow"),
    pytest.param(("Bắc Ninh", "/tinh bac ninh"), "Gõ /tinh bac ninh: Bắc Ninh", id="province"),
]


@pytest.mark.parametrize(("button", "line"), TYPED_CHOICES)
def test_a_button_the_text_does_not_name_is_typed_out(button: tuple[str, str], line: str) -> None:
    reply = Reply(text="Bản tin của Bắc Kạn.", html="", template="t", buttons=(Button(*button),))
    assert zalo_text(reply).splitlines()[-1] == line
    named = Reply(text=f"Xem thêm: {button[1]}", html="", template="t",
                  buttons=(Button(*button),))
    assert zalo_text(named) == named.text  # already a typed choice
    prefix = Reply(text=f"Xem thêm: {button[1]}0", html="", template="t",
                   buttons=(Button(*button),))
    assert zalo_text(prefix).endswith(line)  # "/tinh x 20" does not name "/tinh x 2"


NON_TEXT = [
    pytest.param(lambda s, c: s.push_image(c, "https://example.org/hop.jpg", caption="Ảnh"),
                 HINTS[EVENT_IMAGE], id="image"),
    pytest.param(lambda s, c: s.push_sticker(c), HINTS[EVENT_STICKER], id="sticker"),
    pytest.param(lambda s, c: s.push_unsupported(c), HINT_OTHER, id="unsupported"),
]


@pytest.mark.parametrize(("push", "hint"), NON_TEXT)
async def test_non_text_events_get_a_hint(
    bot: RunningBot, push: Callable[[ZaloApiServer, str], object], hint: str
) -> None:
    chat = bot.server.register_chat()
    push(bot.server, chat)
    (answer,) = await bot.server.wait_for_messages(chat, 1, timeout=10)
    assert answer["text"] == hint
    assert "/trogiup" in hint


async def test_group_chat_commands_with_a_mention(bot: RunningBot) -> None:
    group = bot.server.register_chat(chat_type="GROUP")
    member = {"chat_type": "GROUP", "user_id": "55aa", "display_name": "Văn phòng Tỉnh ủy"}
    (digest,) = await bot.say(group, "@Bot Bản Tin /tinh bac kan", **member)
    assert "Hội nghị Tỉnh ủy Thái Nguyên cuối năm" in digest["text"]
    bot.server.push_text(group, "@Bot Bản Tin cảm ơn nhé", **member)
    bot.server.push_sticker(group, **member)
    (subscribed,) = await bot.say(group, "/dangky ha noi", **member)
    assert "Nhóm sẽ nhận bản tin mới" in subscribed["text"]
    await bot.quiet()
    assert len(bot.server.sent_messages(group)) == 2  # chatter and the sticker: no answer
    subscriber = await bot.services.store.audience.get("zalo", group)
    assert subscriber is not None and subscriber.chat_type == "group"


async def test_events_of_one_chat_are_answered_in_order(bot: RunningBot) -> None:
    chat = bot.server.register_chat()
    for line in ("/batdau", "/trogiup", "/moinhat", "/cuatoi"):
        bot.server.push_text(chat, line)
    messages = await bot.server.wait_for_messages(chat, 4, timeout=15)
    expected = ["Đây là bot tự động", "Các lệnh", "Các bản tin mới nhất", "Bạn chưa đăng ký"]
    assert [e in m["text"] for e, m in zip(expected, messages, strict=True)] == [True] * 4


# --- limits, refusals, failures --------------------------------------------------------------


async def test_quota_exceeded_slows_down_and_the_reply_arrives(bot: RunningBot) -> None:
    chat = bot.server.register_chat()
    bot.server.fail_next(chat, 429)
    (answer,) = await bot.say(chat, "/trogiup")
    assert "Các lệnh" in answer["text"]
    assert bot.server.counters.rejected_429 == 1
    assert bot.server.counters.method("sendMessage")["accepted"] == 1
    assert bot.channel.port.gate.slowdown == 2.0  # the whole port's rate was halved


async def test_real_rate_limit_429_then_every_chunk_arrives(
    server: ZaloApiServer, store: Store, tmp_path: Path
) -> None:
    """A limiter set too generous for the platform: its 429s are absorbed, nothing is lost."""
    server.set_rate_limits(True, chat_rate=2.0, chat_burst=1)
    eager = ChannelLimits(per_second=100.0, private_per_second=100.0, private_burst=100)
    async with start_bot(server, store, tmp_path, webhook=False, limits=eager) as running:
        chat = server.register_chat()
        await running.say(chat, "/trogiup")
        long_text = "\n\n".join(f"Đoạn {n}: " + "nội dung " * 200 for n in range(3))
        await running.channel.send(chat, long_text)
        messages = server.sent_messages(chat)
        assert server.counters.rejected_429 >= 1
        assert [m["text"].split(":")[0] for m in messages[1:]] == ["Đoạn 0", "Đoạn 1", "Đoạn 2"]


async def test_blocked_chat_does_not_crash(bot: RunningBot,
                                           caplog: pytest.LogCaptureFixture) -> None:
    chat = bot.server.register_chat()
    await bot.say(chat, "/dangky ha noi")
    bot.server.block_chat(chat)
    store = bot.services.store
    with caplog.at_level(logging.WARNING, logger="bot.delivery.port"):
        for expected_strikes in (1, 2, 3):
            bot.server.push_text(chat, "/cuatoi")
            for _ in range(200):
                subscriber = await store.audience.get("zalo", chat)
                if subscriber is not None and subscriber.strikes == expected_strikes:
                    break
                await asyncio.sleep(0.05)
            assert subscriber is not None and subscriber.strikes == expected_strikes
    assert not subscriber.active  # three refusals in a row pause the subscription
    assert any(f"chat {chat} refuses messages" in r.getMessage() for r in caplog.records)
    other = bot.server.register_chat()
    (answer,) = await bot.say(other, "/trogiup")
    assert "Các lệnh" in answer["text"]
    assert not bot.task.done()


async def test_error_handler_answers_and_logs_the_chat(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(bot.services.store.reports, "latest", broken)
    chat = bot.server.register_chat()
    with caplog.at_level(logging.ERROR, logger="bot.channels.zalo"):
        (message,) = await bot.say(chat, "/moinhat")
    assert message["text"].startswith("Đã có lỗi")
    assert any(f"chat {chat}" in r.getMessage() and r.exc_info for r in caplog.records)
    (still,) = await bot.say(chat, "/trogiup")
    assert "Các lệnh" in still["text"]


async def test_token_and_secret_never_logged(
    server: ZaloApiServer, store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        async with start_bot(server, store, tmp_path, webhook=True) as running:
            chat = server.register_chat()
            await running.say(chat, "/tinh bac kan")
            async with httpx.AsyncClient() as http:
                await http.post(running.webhook_url, json=text_event(chat, "/x"),
                                headers={WEBHOOK_SECRET_HEADER: "wrong-secret-123"})
        async with start_bot(server, store, tmp_path, webhook=False) as running:
            chat = server.register_chat()
            server.fail_next(chat, 429)
            await running.say(chat, "/chitieu thu ngan sach")
    assert "zalo: webhook listening" in caplog.text and "zalo: polling" in caplog.text
    for secret in (TOKEN, TOKEN.split(":", 1)[1], SECRET):
        assert secret not in caplog.text
        assert all(secret not in (r.exc_text or "") for r in caplog.records)


async def test_polling_removes_a_webhook_left_set(
    server: ZaloApiServer, store: Store, tmp_path: Path
) -> None:
    async with ZaloBotClient(server.token, base_url=server.base_url,
                             allow_insecure_webhook=True) as client:
        await client.set_webhook("http://127.0.0.1:9/old", "an-old-secret")
    async with start_bot(server, store, tmp_path, webhook=False) as running:
        chat = server.register_chat()
        (hello,) = await running.say(chat, "/batdau")
        assert "Đây là bot tự động" in hello["text"]
        assert server.webhook_url == ""


# --- start-up paths --------------------------------------------------------------------------


async def test_rejected_token_is_not_repeated(
    server: ZaloApiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "999999:THIS-IS-NOT-THE-ZALO-TOKEN"
    settings = make_settings(tmp_path, zalo_bot_token=wrong, zalo_api_base_url=server.base_url)
    with caplog.at_level(logging.DEBUG), pytest.raises(RuntimeError) as failure:
        await serve_zalo(settings, stop=asyncio.Event())
    assert "Zalo rejected the bot token" in str(failure.value)
    assert wrong not in str(failure.value) and failure.value.__cause__ is None
    assert wrong not in caplog.text


async def test_webhook_without_a_usable_secret_does_not_start(
    server: ZaloApiServer, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path, zalo_bot_token=server.token, zalo_api_base_url=server.base_url,
        zalo_webhook_url="https://bantin.example.vn/zalo", zalo_webhook_secret="short",
    )
    with pytest.raises(ValueError, match="ZALO_WEBHOOK_SECRET of 8-256"):
        await serve_zalo(settings, stop=asyncio.Event())
    assert server.counters.requests == 0


async def test_serve_bot_runs_telegram_and_zalo_together(
    server: ZaloApiServer, db_url: str, tmp_path: Path
) -> None:
    """`bantin bot` with both tokens: one process, one store, a subscriber per channel."""
    async with TelegramApiServer(bot_username="bantin_test_bot") as telegram:
        settings = make_settings(
            tmp_path, db=db_url,
            telegram_bot_token=telegram.token, telegram_api_base_url=telegram.base_url,
            zalo_bot_token=server.token, zalo_api_base_url=server.base_url, zalo_poll_timeout=1,
        )
        stop = asyncio.Event()
        running = asyncio.create_task(serve_bot(settings, stop=stop))
        chat = server.register_chat()
        telegram.push_text(907, "/dangky bac kan")
        server.push_text(chat, "/dangky ha noi")
        (on_telegram,) = await telegram.wait_for_messages(907, 1, timeout=15)
        (on_zalo,) = await server.wait_for_messages(chat, 1, timeout=15)
        assert "Thái Nguyên" in on_telegram["plain_text"] and "Hà Nội" in on_zalo["text"]
        stop.set()
        await asyncio.wait_for(running, timeout=15)
    store = await Store.connect(db_url)
    try:
        on_t = await store.audience.get("telegram", "907")
        on_z = await store.audience.get("zalo", chat)
        assert on_t is not None and on_z is not None and on_t.id != on_z.id
        assert await store.audience.subscriptions(on_t.id) == ["Thái Nguyên"]
        assert await store.audience.subscriptions(on_z.id) == ["Hà Nội"]
    finally:
        await store.aclose()


async def test_one_failing_channel_stops_the_other(
    server: ZaloApiServer, tmp_path: Path
) -> None:
    async with TelegramApiServer(bot_username="bantin_test_bot") as telegram:
        settings = make_settings(
            tmp_path, telegram_bot_token=telegram.token, telegram_api_base_url=telegram.base_url,
            zalo_bot_token="1:WRONG-ZALO-TOKEN", zalo_api_base_url=server.base_url,
        )
        with pytest.raises(RuntimeError, match="Zalo rejected the bot token"):
            await asyncio.wait_for(serve_bot(settings, stop=asyncio.Event()), timeout=20)


async def test_near_duplicate_with_masthead_is_not_pushed_twice_via_zalo(
    bot: RunningBot,
) -> None:
    """Issue 11 item 4 over Zalo: /nhap of a reposted copy (masthead, other spacing)."""
    from tests.bot import report_files

    user = bot.server.register_chat()
    (followed,) = await bot.say(user, "/dangky tat ca")
    assert "Đã đăng ký" in followed["text"]
    (stored,) = await bot.say(ADMIN, "/nhap " + report_files.TEXT)
    assert stored["text"].startswith("✅ Đã lưu bản tin số 7.")
    (again,) = await bot.say(ADMIN, "/nhap " + report_files.near_copy())
    assert again["text"].startswith("Bản tin này trùng với bản tin số 7 đã lưu")
    assert await bot.services.store.reports.count() == 7
    stats = await bot.services.store.outbox.delivery_stats(now=NOW)
    assert stats.pending + stats.sent_total == 1
