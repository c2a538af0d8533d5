"""End to end (issue 13): /bieudo, /xuat and /theodoi through the real bot and the loopback
Telegram and Zalo servers, on each storage engine of the `store` fixture.

Telegram gets the chart as a photo and the spreadsheet as a document (multipart uploads the
double reads back). Zalo's sendPhoto only takes a public URL (bot/delivery/zalo.py): with
`zalo_media_url` set the chart is served from bantin's media shelf and the Zalo double
downloads it from there as the platform would; without it, and for spreadsheets, Zalo gets
the text fallback, /chitieu's lines. A watch's line goes through the outbox and the
dispatcher like any delivery, for a report carrying the indicator and for no other.
"""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app import build_conversation, build_services, protected_logs
from bot.channels.zalo import build_zalo_channel, run_zalo
from bot.core import ingest_text
from bot.core.export import HEADERS
from bot.delivery.runtime import delivery_running, open_ports
from bot.storage import Store
from tests.bot.builders import SEEDS, fixed_clock, make_settings, seed_store
from tests.integration.test_telegram_e2e import BOT, RunningBot, _running
from tests.integration.test_zalo_e2e import RunningBot as ZaloBot
from tests.integration.test_zalo_e2e import free_port, start_bot, zalo_settings
from tests.servers.telegram_api import TelegramApiServer
from tests.servers.zalo_api import ZaloApiServer

SEED = SEEDS / "004_19c978857511aa52.txt"  # Bắc Kạn, 5/12/2023: kết nạp đảng viên
PNG = b"\x89PNG\r\n\x1a\n"
CHAT = 7301


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer(bot_username=BOT) as running:
        yield running


@pytest.fixture
async def bot(telegram: TelegramApiServer, store: Store, tmp_path: Path
              ) -> AsyncIterator[RunningBot]:
    """The Telegram bot with the outbox dispatcher running on the same port."""
    settings = make_settings(
        tmp_path, telegram_bot_token=telegram.token, telegram_api_base_url=telegram.base_url,
        telegram_api_file_url=telegram.base_file_url, delivery_poll_seconds=0.1,
    )
    ids = await seed_store(store)
    services = await build_services(settings, store=store, clock=fixed_clock)
    await ingest_text(services, SEED.read_text(encoding="utf-8"), source="seeds/004",
                      push=False)
    with protected_logs(settings):
        async with open_ports(settings, store, telegram=True, zalo=False) as ports, \
                _running(settings, services, ports["telegram"]) as application, \
                delivery_running(settings, store, fixed_clock, ports=ports):
            yield RunningBot(telegram, application, services, settings, ids)


WAIT = 60  # seconds: a chart is drawn on a machine other test runs share


async def say(bot: RunningBot | ZaloBot, chat: int | str, text: str) -> list[dict]:
    """`bot.say` with room for a loaded machine: the reply to one message."""
    before = len(bot.server.sent_messages(chat))
    bot.server.push_text(chat, text)
    messages = await bot.server.wait_for_messages(chat, before + 1, timeout=WAIT)
    return messages[before:]


def _content(record: dict, kind: str) -> bytes:
    return base64.b64decode(record[kind]["content_b64"])


async def test_bieudo_sends_a_photo_of_the_provinces(bot: RunningBot) -> None:
    (message,) = await say(bot, CHAT, "/bieudo thu ngan sach")
    assert message["method"] == "sendPhoto"
    assert _content(message, "photo").startswith(PNG)
    assert message["plain_caption"].startswith("📊 Thu ngân sách")
    assert "Nguồn: bản tin số" in message["plain_caption"]


async def test_bieudo_of_a_merged_province_sends_a_photo(bot: RunningBot) -> None:
    (message,) = await say(bot, CHAT, "/bieudo ket nap dang vien bac kan")
    assert message["method"] == "sendPhoto"
    assert _content(message, "photo").startswith(PNG)
    assert "Kết nạp đảng viên · Thái Nguyên" in message["plain_caption"]


async def test_a_chart_asked_again_is_drawn_once(bot: RunningBot) -> None:
    charts = bot.services.charts
    first = await say(bot, CHAT, "/bieudo thu ngan sach")
    again = await say(bot, CHAT, "/chart thu ngân sách")
    assert _content(first[0], "photo") == _content(again[0], "photo")
    assert (charts.misses, charts.hits) == (1, 1)


async def test_xuat_sends_a_spreadsheet_whose_rows_are_chitieus(bot: RunningBot) -> None:
    (listed,) = await say(bot, CHAT, "/chitieu thu ngan sach")
    (message,) = await say(bot, CHAT, "/xuat thu ngan sach")
    assert message["method"] == "sendDocument"
    assert message["document"]["file_name"] == "thu-ngan-sach.xlsx"
    sheet = load_workbook(io.BytesIO(_content(message, "document"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    values = [row[HEADERS.index("Giá trị như báo cáo")] for row in rows[1:]]
    assert sorted(values) == ["19.500 tỷ đồng", "510 nghìn tỷ đồng"]
    text = listed["text"]
    assert sorted(values, key=text.index) == values  # in /chitieu's order
    for row in rows[1:]:
        assert f"/baocao {row[HEADERS.index('Bản tin số')]}" in text


@pytest.mark.parametrize(("line", "expected"), [
    ("/bieudo xyz abc", "Không tìm thấy chỉ tiêu «xyz abc»"),
    ("/xuat du lich", "Có phải bạn muốn"),
    ("/bieudo khach du lich cao bang", "Chưa có số liệu"),
    ("/xuat qwrtpl", "Không tìm thấy chỉ tiêu «qwrtpl»"),
])
async def test_bad_input_gets_chitieus_answer(bot: RunningBot, line: str, expected: str
                                               ) -> None:
    (answer,) = await say(bot, CHAT, line)
    (chitieu,) = await say(bot, CHAT, "/chitieu " + line.split(" ", 1)[1])
    assert answer["method"] == "sendMessage" and expected in answer["text"]
    assert answer["text"] == chitieu["text"].replace("/chitieu", line.split()[0]) \
        or answer["text"] == chitieu["text"]


async def test_theodoi_delivers_one_line_for_a_matching_report_only(bot: RunningBot) -> None:
    (answer,) = await say(bot, CHAT, "/theodoi thu ngan sach")
    assert "Đã theo dõi" in answer["text"]
    (listed,) = await say(bot, CHAT, "/cuatoi")
    assert "Thu ngân sách (tất cả các tỉnh)" in listed["text"]
    before = len(bot.server.sent_messages(CHAT))
    other = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng lần thứ 9. Khách du lịch đạt "
             "2 triệu lượt. Tập trung chỉ đạo giải ngân vốn đầu tư công.")
    await ingest_text(bot.services, other, source="https://example.vn/cao-bang")
    matching = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Đắk Lắk lần thứ 12. Thu ngân sách "
                "năm 2024 đạt 12.500 tỷ đồng, bằng 118,4% dự toán. Tập trung chỉ đạo giải "
                "ngân vốn đầu tư công.")
    result = await ingest_text(bot.services, matching, source="https://example.vn/dak-lak")
    messages = await bot.server.wait_for_messages(CHAT, before + 1, timeout=WAIT)
    (line,) = messages[before:]
    assert line["text"].count("\n") == 0
    assert "Thu ngân sách" in line["text"] and "Đắk Lắk" in line["text"]
    assert "12.500 tỷ đồng" in line["text"] and f"/baocao {result.report_id}" in line["text"]
    await asyncio.sleep(0.5)  # time for a (wrong) second line to arrive
    assert len(bot.server.sent_messages(CHAT)) == before + 1


async def test_huytheodoi_stops_the_lines(bot: RunningBot) -> None:
    await say(bot, CHAT, "/theodoi thu ngan sach dak lak")
    (answer,) = await say(bot, CHAT, "/huytheodoi thu ngan sach")
    assert "Đã thôi theo dõi" in answer["text"]
    (listed,) = await say(bot, CHAT, "/cuatoi")
    assert "Chỉ tiêu bạn đang theo dõi" not in listed["text"]


# --- Zalo: the text fallback -------------------------------------------------------------------


@pytest.fixture
async def zalo_server() -> AsyncIterator[ZaloApiServer]:
    from tests.integration.test_zalo_e2e import TOKEN

    async with ZaloApiServer(TOKEN, allow_insecure_webhook=True, seed=5) as running:
        yield running


@pytest.fixture
async def zalo(zalo_server: ZaloApiServer, store: Store, tmp_path: Path
               ) -> AsyncIterator[ZaloBot]:
    async with start_bot(zalo_server, store, tmp_path, webhook=False) as running:
        yield running


async def test_zalo_gets_the_chart_as_chitieus_lines(zalo: ZaloBot) -> None:
    chat = zalo.server.register_chat()
    (listed,) = await say(zalo, chat, "/chitieu thu ngan sach")
    (message,) = await say(zalo, chat, "/bieudo thu ngan sach")
    assert message["method"] == "sendMessage"
    assert message["text"].startswith("📊 Thu ngân sách")
    assert "chưa nhận được ảnh" in message["text"]
    assert message["text"].endswith(listed["text"])


async def test_zalo_gets_the_spreadsheet_as_chitieus_lines(zalo: ZaloBot) -> None:
    chat = zalo.server.register_chat()
    (listed,) = await say(zalo, chat, "/chitieu thu ngan sach")
    (message,) = await say(zalo, chat, "/xuat thu ngan sach")
    assert message["method"] == "sendMessage"
    assert "chưa nhận được tệp" in message["text"]
    assert message["text"].endswith(listed["text"])


@pytest.fixture
async def zalo_photos(zalo_server: ZaloApiServer, store: Store, tmp_path: Path
                      ) -> AsyncIterator[ZaloBot]:
    """The Zalo bot as `bantin bot` builds it, with a media shelf for charts."""
    media_port = free_port()
    settings = zalo_settings(
        tmp_path, zalo_server, webhook=False,
        zalo_media_url=f"http://127.0.0.1:{media_port}/zalo-media",
        zalo_media_port=media_port,
    )
    ids = await seed_store(store)
    services = await build_services(settings, store=store, clock=fixed_clock)
    conversation = build_conversation(services)
    stop = asyncio.Event()
    with protected_logs(settings):
        async with open_ports(settings, store, telegram=False, zalo=True) as ports:
            channel = build_zalo_channel(settings, conversation, ports["zalo"])
            task = asyncio.create_task(run_zalo(settings, conversation, stop, channel=channel))
            try:
                yield ZaloBot(zalo_server, channel, services, settings, ids, stop, task)
            finally:
                stop.set()
                await asyncio.wait_for(task, timeout=15)


async def test_zalo_with_a_media_url_gets_the_chart_as_a_photo(zalo_photos: ZaloBot) -> None:
    chat = zalo_photos.server.register_chat()
    (message,) = await say(zalo_photos, chat, "/bieudo thu ngan sach")
    assert message["method"] == "sendPhoto"
    assert message["photo"].startswith(zalo_photos.settings.zalo_media_url or "-")
    assert base64.b64decode(message["content_b64"]).startswith(PNG)  # fetched by the double
    assert message["caption"].startswith("📊 Thu ngân sách")
    (sheet,) = await say(zalo_photos, chat, "/xuat thu ngan sach")  # no document message
    assert sheet["method"] == "sendMessage" and "chưa nhận được tệp" in sheet["text"]
