"""End to end: the real python-telegram-bot Application, over HTTP, against a Bot API server.

The server (tests/servers/telegram_api.py) runs on 127.0.0.1 and refuses what Telegram
refuses (bad HTML, messages over 4,096 characters, blocked chats); nothing in the bot is
patched to fake sending. The application is built by the same `bot.app` functions the real
start-up uses, and runs on each storage engine of the `store` fixture (SQLite file and
PostgreSQL).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import (
    build_services,
    build_telegram_application,
    protected_logs,
    serve_telegram,
)
from bot.channels.telegram import ALLOWED_UPDATES
from bot.core import COMMANDS, Services
from bot.delivery.port import OutboundPort
from bot.delivery.runtime import open_ports
from bot.settings import Settings
from bot.storage import Store
from tests.bot import report_files
from tests.bot.builders import ADMIN, NOW, SEEDS, fixed_clock, make_settings, report, seed_store
from tests.servers.telegram_api import TelegramApiServer, utf16_len

SEED = SEEDS / "004_19c978857511aa52.txt"
BOT = "bantin_test_bot"


@dataclass
class RunningBot:
    server: TelegramApiServer
    application: Application
    services: Services
    settings: Settings
    ids: dict[str, int]

    async def say(self, chat_id: int, text: str, count: int = 1, **kwargs: object) -> list[dict]:
        """Send text from a user; wait until `count` new messages reached the chat."""
        before = len(self.server.sent_messages(chat_id))
        self.server.push_text(chat_id, text, **kwargs)
        messages = await self.server.wait_for_messages(chat_id, before + count, timeout=10)
        return messages[before:]


@pytest.fixture
async def server() -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer(bot_username=BOT) as running:
        yield running


@pytest.fixture
async def bot(
    server: TelegramApiServer, store: Store, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """The bot as `serve_telegram` runs it, polling the test server."""
    settings = make_settings(
        tmp_path,
        telegram_bot_token=server.token,
        telegram_api_base_url=server.base_url,
        telegram_api_file_url=server.base_file_url,
    )
    ids = await seed_store(store)
    services = await build_services(settings, store=store, clock=fixed_clock)
    with protected_logs(settings):
        async with (
            open_ports(settings, store, telegram=True, zalo=False) as ports,
            _running(settings, services, ports["telegram"]) as application,
        ):
            yield RunningBot(server, application, services, settings, ids)


@asynccontextmanager
async def _running(
    settings: Settings, services: Services, port: OutboundPort
) -> AsyncIterator[Application]:
    """The application as `serve_telegram` runs it, polling fast for the tests."""
    application = build_telegram_application(settings, services, port)
    async with application:
        assert application.post_init is not None and application.updater is not None
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=list(ALLOWED_UPDATES)
        )
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


COMMAND_LINES = [
    ("/start", "Đây là bot tự động"),
    ("/batdau", "Đây là bot tự động"),
    ("/help", "Các lệnh"),
    ("/trogiup", "Các lệnh"),
    ("/subscribe bac kan", "Đã đăng ký nhận bản tin của Thái Nguyên"),
    ("/dangky tat ca", "Đã đăng ký nhận bản tin của tất cả các tỉnh"),
    ("/unsubscribe", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/huydangky ha noi", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/subscriptions", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/cuatoi", "Bạn chưa đăng ký nhận bản tin nào"),
    ("/province bac kan", "Hội nghị Tỉnh ủy Thái Nguyên cuối năm"),
    ("/tinh Bắc Kạn 2", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14"),
    ("/indicator thu ngan sach", "Thu ngân sách: số liệu mới nhất của 3 tỉnh"),
    ("/chitieu thu ngân sách bac kan", "Thu ngân sách của Thái Nguyên"),
    ("/latest", "Các bản tin mới nhất"),
    ("/moinhat", "Các bản tin mới nhất"),
    ("/search nong thon moi", "Kết quả cho «nong thon moi»"),
    ("/timkiem Nông thôn mới", "Kết quả cho «Nông thôn mới»"),
    ("/report 1", "Bản tin số 1"),
    ("/baocao 6", 'Kỳ họp <chuyên đề> & "bất thường"'),
    ("/ingest", "chỉ dành cho quản trị viên"),
    ("/nhap", "chỉ dành cho quản trị viên"),
    ("/stats", "chỉ dành cho quản trị viên"),
    ("/thongke", "chỉ dành cho quản trị viên"),
    ("/TINH bac kan", "Hội nghị Tỉnh ủy Thái Nguyên cuối năm"),
    ("/tinhh bac kan", "Có phải bạn muốn: /tinh?"),
    ("xin chào", "Gõ /trogiup"),
    ("/tinh", "Lệnh /tinh cần thêm"),
    ("/tinh <b>bac kan</b>", "không kèm định dạng HTML hay Markdown"),
    ("/chitieu " + "thu ngan sach " * 300, "quá dài"),
]


@pytest.mark.parametrize(
    ("line", "expected"), COMMAND_LINES, ids=[c[:30] for c, _ in COMMAND_LINES]
)
async def test_every_command(bot: RunningBot, line: str, expected: str) -> None:
    (message,) = await bot.say(777, line)
    assert message["parse_mode"] == "HTML"
    assert expected in message["plain_text"]


async def test_admin_commands_and_menu(bot: RunningBot) -> None:
    (stats,) = await bot.say(int(ADMIN), "/thongke")
    assert "Bản tin đã lưu: 6" in stats["plain_text"]
    menu = bot.server.commands[('{"type": "default"}', "")]
    assert [c["command"] for c in menu] == [
        "start",
        "help",
        "subscribe",
        "unsubscribe",
        "subscriptions",
        "schedule",
        "province",
        "indicator",
        "chart",
        "export",
        "watch",
        "unwatch",
        "latest",
        "search",
        "report",
    ]
    admin_scope = f'{{"chat_id": {ADMIN}, "type": "chat"}}'
    assert len(bot.server.commands[(admin_scope, "")]) == len(COMMANDS)  # every command


async def test_group_chat_commands_addressed_to_the_bot(bot: RunningBot) -> None:
    group = -100777
    user = {"chat_type": "group", "user_id": 55, "title": "Văn phòng Tỉnh ủy"}
    (digest,) = await bot.say(group, f"/tinh@{BOT} bac kan", **user)
    assert "Hội nghị Tỉnh ủy Thái Nguyên cuối năm" in digest["plain_text"]
    assert digest["reply_to_message_id"] is not None  # answers the member's message
    bot.server.push_text(group, "/tinh@another_bot bac kan", **user)
    bot.server.push_text(group, "Chào cả nhóm", **user)
    (subscribed,) = await bot.say(group, f"/dangky@{BOT} ha noi", **user)
    assert "Nhóm sẽ nhận bản tin mới" in subscribed["plain_text"]
    await asyncio.sleep(0.3)
    assert len(bot.server.sent_messages(group)) == 2  # nothing for the other two messages
    subscriber = await bot.services.store.audience.get("telegram", str(group))
    assert subscriber is not None and subscriber.chat_type == "group"


async def test_inline_button_shows_the_earlier_meeting(bot: RunningBot) -> None:
    (latest,) = await bot.say(901, "/tinh bac kan")
    keyboard = latest["reply_markup"]["inline_keyboard"]
    assert keyboard == [[{"text": "◀ Cuộc họp trước", "callback_data": "/tinh thai nguyen 2"}]]
    bot.server.push_callback_query(901, latest["message_id"], "/tinh thai nguyen 2")
    messages = await bot.server.wait_for_messages(901, 2, timeout=10)
    assert "lần thứ 14" in messages[1]["plain_text"]
    assert "Mới hơn: /tinh thai nguyen 1" in messages[1]["plain_text"]
    await asyncio.sleep(0.1)
    assert len(bot.server.callback_answers) == 1  # the button stops spinning


async def test_admin_ingests_a_document(bot: RunningBot) -> None:
    admin = int(ADMIN)
    bot.server.push_document(admin, "bac-kan-12-2023.txt", SEED.read_bytes(), caption="/ingest")
    (stored,) = await bot.server.wait_for_messages(admin, 1, timeout=15)
    assert stored["plain_text"].startswith("✅ Đã lưu bản tin số 7.")
    assert "Bắc Kạn (nay thuộc Thái Nguyên)" in stored["plain_text"]
    assert await bot.services.store.reports.count() == 7
    sent = bot.server.push_document(admin, "ban-sao.txt", SEED.read_bytes())
    await bot.server.wait_for_messages(admin, 2, timeout=10)  # no caption: a hint
    (again,) = await bot.say(admin, "/nhap", reply_to_message_id=sent["message"]["message_id"])
    assert again["plain_text"].startswith("Bản tin này trùng với bản tin số 7 đã lưu")
    assert await bot.services.store.reports.count() == 7


async def test_new_users_trial_gets_right_answers(bot: RunningBot) -> None:
    """Issue 11, as a new user tried it over Telegram: "all except", /lich as people write
    it (and asked back when ambiguous), places as people write them, phrases in search."""
    user = 960
    await bot.say(user, "/dangky tat ca")
    (dropped,) = await bot.say(user, "/huydangky thai nguyen")
    assert "Đã ngừng nhận bản tin của Thái Nguyên" in dropped["plain_text"]
    (mine,) = await bot.say(user, "/cuatoi")
    assert "Tất cả các tỉnh, thành phố, trừ Thái Nguyên" in mine["plain_text"]
    (daily,) = await bot.say(user, "/lich hằng ngày")
    assert "gộp một lần mỗi ngày lúc 07:00" in daily["plain_text"]
    (friday,) = await bot.say(user, "/lich thứ Sáu 17h")
    assert "mỗi tuần, thứ Sáu lúc 17:00" in friday["plain_text"]
    (asked,) = await bot.say(user, "/lich ngay")
    assert "có thể là «ngay»" in asked["plain_text"]
    choices = asked["reply_markup"]["inline_keyboard"]
    assert [button["callback_data"] for row in choices for button in row] == [
        "/lich ngay lap tuc",
        "/lich hang ngay 7h",
    ]
    (city,) = await bot.say(user, "/dangky tp hcm")
    assert "TP. Hồ Chí Minh" in city["plain_text"]
    (found,) = await bot.say(user, '/timkiem "nông thôn mới"')
    assert "Kết quả cho" in found["plain_text"] and "<b>nông thôn mới</b>" in found["text"]


async def test_merged_provinces_name_who_reported_and_yearless_reports_show_27_6(
    bot: RunningBot,
) -> None:
    """Issue 11 items 1 and 2 over Telegram: `/chitieu … bac kan` printed Bắc Kạn's figures
    as Thái Nguyên's, `/chitieu` across provinces hid Thái Nguyên's own, and seed 002 (no
    year in its text) was listed as newest under a year it never gave."""
    user = 961
    (history,) = await bot.say(user, "/chitieu thu ngan sach bac kan")
    lines = [line for line in history["plain_text"].splitlines() if line.startswith("• ")]
    assert lines and all(
        line.startswith(("• Bắc Kạn (nay thuộc Thái Nguyên): ", "• Thái Nguyên: "))
        for line in lines
    )
    assert "5/12/2023" in history["plain_text"]  # the year the report gives stays
    (across,) = await bot.say(user, "/chitieu thu ngan sach")
    assert "Thái Nguyên: 19.500 tỷ đồng" in across["plain_text"]
    assert "Bắc Kạn (nay thuộc Thái Nguyên): 1.010 tỷ đồng" in across["plain_text"]
    seed_002 = (SEEDS / "002_b9e459340868e836.txt").read_text(encoding="utf-8")
    await bot.say(int(ADMIN), "/nhap " + seed_002)
    (latest,) = await bot.say(user, "/moinhat")
    first = latest["plain_text"].split("\n\n")[1]
    assert "Thường trực Tỉnh ủy" in first and first.rstrip().endswith("· 27/6")


async def test_admin_sends_the_files_officials_have(bot: RunningBot) -> None:
    """Issue 11: a .pdf, a .docx and a UTF-16 text are read; an old report is stored but not
    pushed; an ftp address and a scan get their true reasons."""
    admin = int(ADMIN)
    sent = 0
    for name, data in [
        ("bao-cao.pdf", report_files.pdf()),
        ("bao-cao.docx", report_files.docx(masthead=True, table=False)),
        ("bao-cao-utf16.txt", report_files.utf16()),
    ]:
        bot.server.push_document(admin, name, data, caption="/nhap không gửi")
        sent += 1
        messages = await bot.server.wait_for_messages(admin, sent, timeout=15)
        reply = messages[-1]["plain_text"]
        # Read from any of the three, the text is the same report: stored once.
        assert reply.startswith(
            "✅ Đã lưu bản tin số 7." if sent == 1 else "Bản tin này trùng với bản tin số 7 đã lưu"
        ), reply
    stored = await bot.services.store.reports.get(7)
    assert stored is not None and stored.title == report_files.TITLE
    bot.server.push_document(admin, "cu.txt", SEED.read_bytes(), caption="/nhap")
    (old,) = (await bot.server.wait_for_messages(admin, sent + 1, timeout=15))[-1:]
    assert "📦 Không gửi tới người đăng ký: cuộc họp (5/12/2023)" in old["plain_text"]
    bot.server.push_document(admin, "scan.pdf", report_files.pdf(text=False), caption="/nhap")
    (scan,) = (await bot.server.wait_for_messages(admin, sent + 2, timeout=15))[-1:]
    assert "Tệp PDF là bản quét" in scan["plain_text"]
    (ftp,) = await bot.say(admin, "/nhap ftp://files.example.vn/bc.txt")
    assert "không tải được địa chỉ ftp://" in ftp["plain_text"]


async def test_ingest_refused_for_others_downloads_nothing(bot: RunningBot) -> None:
    bot.server.push_document(778, "report.txt", SEED.read_bytes(), caption="/nhap")
    (refusal,) = await bot.server.wait_for_messages(778, 1, timeout=10)
    assert "chỉ dành cho quản trị viên" in refusal["plain_text"]
    assert bot.server.counters.method("getFile")["requests"] == 0
    assert await bot.services.store.reports.count() == 6


async def test_admin_document_that_is_not_a_report(bot: RunningBot) -> None:
    bot.server.push_document(
        int(ADMIN), "photo.jpg", b"\xff\xd8\xff\xe0" + bytes(500), caption="/ingest"
    )
    (refusal,) = await bot.server.wait_for_messages(int(ADMIN), 1, timeout=10)
    assert refusal["plain_text"].startswith("❌ Không lưu được báo cáo.")
    assert await bot.services.store.reports.count() == 6


async def test_long_reply_is_split_before_sending(bot: RunningBot) -> None:
    store = bot.services.store
    text = "Hội nghị Tỉnh ủy Lạng Sơn bàn nhiều nội dung."
    sample = report("Lạng Sơn", NOW.date(), "Hội nghị Tỉnh ủy Lạng Sơn")
    for n in range(70):
        added = await store.reports.add(
            text=text,
            report=sample,
            now=NOW,
            source=f"https://baolangson.vn/tin-tuc/hoi-nghi-tinh-uy-ky-hop-thu-{n:03d}.html",
        )
    messages = await bot.say(902, f"/baocao {added.report_id}", count=2)
    await asyncio.sleep(0.3)
    messages = bot.server.sent_messages(902)
    assert len(messages) >= 2
    assert all(utf16_len(m["plain_text"]) <= 4096 for m in messages)
    assert "hoi-nghi-tinh-uy-ky-hop-thu-069" in messages[-1]["plain_text"]
    assert bot.server.counters.rejected_other == 0


async def test_error_handler_answers_and_logs_the_chat(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(bot.services.store.reports, "latest", broken)
    with caplog.at_level(logging.ERROR, logger="bot.channels.telegram"):
        (message,) = await bot.say(903, "/moinhat")
    assert message["plain_text"].startswith("Đã có lỗi")
    assert any("chat 903" in r.getMessage() and r.exc_info for r in caplog.records)
    (still,) = await bot.say(903, "/trogiup")  # the application carries on
    assert "Các lệnh" in still["plain_text"]


async def test_blocked_chat_does_not_crash(bot: RunningBot) -> None:
    """A chat that refuses replies gets a strike per refusal, as deliveries do; at
    `delivery_strikes` (3) in a row its subscription goes inactive."""
    await bot.say(904, "/dangky ha noi")
    bot.server.block_chat(904)
    store = bot.services.store
    for expected_strikes in (1, 2, 3):
        bot.server.push_text(904, "/cuatoi")
        for _ in range(200):
            subscriber = await store.audience.get("telegram", "904")
            if subscriber is not None and subscriber.strikes == expected_strikes:
                break
            await asyncio.sleep(0.05)
        assert subscriber is not None and subscriber.strikes == expected_strikes
    assert not subscriber.active
    (other,) = await bot.say(905, "/trogiup")
    assert "Các lệnh" in other["plain_text"]


async def test_token_never_logged(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        await bot.say(906, "/tinh bac kan")
        await bot.say(906, "/chitieu thu ngan sach")
    token = bot.server.token
    assert token not in caplog.text
    assert all(token not in (r.exc_text or "") for r in caplog.records)


async def test_serve_telegram_runs_and_stops(
    server: TelegramApiServer, db_url: str, tmp_path: Path
) -> None:
    """The real start-up path: store from settings, post_init, polling, clean stop."""
    settings = make_settings(
        tmp_path,
        db=db_url,
        telegram_bot_token=server.token,
        telegram_api_base_url=server.base_url,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(serve_telegram(settings, stop=stop))
    server.push_text(907, "/batdau")
    (hello,) = await server.wait_for_messages(907, 1, timeout=15)
    assert "Đây là bot tự động" in hello["plain_text"]
    assert server.commands  # post_init published the menu
    stop.set()
    await asyncio.wait_for(running, timeout=15)


async def test_rejected_token_is_not_repeated(
    server: TelegramApiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "999999:THIS-IS-NOT-THE-TOKEN"
    settings = make_settings(
        tmp_path, telegram_bot_token=secret, telegram_api_base_url=server.base_url
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(RuntimeError) as failure:
        await serve_telegram(settings, stop=asyncio.Event())
    assert "rejected the bot token" in str(failure.value)
    assert secret not in str(failure.value) and failure.value.__cause__ is None
    assert secret not in caplog.text


async def test_near_duplicate_with_masthead_is_not_pushed_twice_via_telegram(
    bot: RunningBot,
) -> None:
    """Issue 11 item 4 over Telegram: /nhap of a reposted copy (masthead, other spacing)."""
    admin, user = int(ADMIN), 4242
    (followed,) = await bot.say(user, "/dangky tat ca")
    assert "Đã đăng ký" in followed["plain_text"]
    (stored,) = await bot.say(admin, "/nhap " + report_files.TEXT)
    assert stored["plain_text"].startswith("✅ Đã lưu bản tin số 7.")
    (again,) = await bot.say(admin, "/nhap " + report_files.near_copy())
    assert again["plain_text"].startswith("Bản tin này trùng với bản tin số 7 đã lưu")
    assert await bot.services.store.reports.count() == 7
    stats = await bot.services.store.outbox.delivery_stats(now=NOW)
    assert stats.pending + stats.sent_total == 1
