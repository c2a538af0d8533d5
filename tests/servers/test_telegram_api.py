"""Tests of the fake Telegram Bot API, driven by a real ``telegram.Bot`` and raw httpx.

They pin down that python-telegram-bot works against the double unchanged and that the
double refuses what Telegram refuses (markup, length, blocked and unknown chats, flood
control), so end-to-end tests of the bot can trust it.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dtm
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import telegram
from aiohttp import web
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from tests.servers.telegram_api import TelegramApiServer, parse_html, parse_markdown_v2

REPO_ROOT = Path(__file__).resolve().parents[2]
PRIVATE = 4201
OTHER = 4202
GROUP = -100200


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def server() -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer() as srv:
        yield srv


@pytest.fixture
def strict_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def strict(strict_clock: FakeClock) -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer(strict=True, clock=strict_clock) as srv:
        srv.register_chat(PRIVATE)
        srv.register_chat(OTHER)
        srv.register_chat(GROUP, "group", title="Văn phòng Tỉnh ủy")
        yield srv


def make_bot(srv: TelegramApiServer) -> telegram.Bot:
    return telegram.Bot(srv.token, base_url=srv.base_url, base_file_url=srv.base_file_url)


@pytest.fixture
async def bot(server: TelegramApiServer) -> AsyncIterator[telegram.Bot]:
    async with make_bot(server) as b:
        yield b


@pytest.fixture
async def strict_bot(strict: TelegramApiServer) -> AsyncIterator[telegram.Bot]:
    async with make_bot(strict) as b:
        yield b


def seconds(value: int | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# ----------------------------------------------------------------- basics
async def test_get_me_describes_the_bot(bot: telegram.Bot, server: TelegramApiServer) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "bantin_test_bot", True)
    assert server.counters.method("getMe")["accepted"] == 2  # Bot.initialize() + get_me()


async def test_send_message_returns_a_complete_message(
    bot: telegram.Bot, server: TelegramApiServer
) -> None:
    keyboard = telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("Xem thêm", callback_data="more:1")]]
    )
    sent = await bot.send_message(
        PRIVATE, "<b>Bắc Ninh</b>: GRDP tăng 7,1%", parse_mode="HTML", reply_markup=keyboard,
        link_preview_options=telegram.LinkPreviewOptions(is_disabled=True),
    )
    assert sent.text == "Bắc Ninh: GRDP tăng 7,1%"
    assert sent.chat.id == PRIVATE and sent.from_user.username == "bantin_test_bot"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 8)]
    assert sent.reply_markup == keyboard
    [record] = server.sent_messages(PRIVATE)
    assert record["text"] == "<b>Bắc Ninh</b>: GRDP tăng 7,1%"
    assert record["parse_mode"] == "HTML"
    assert record["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"
    assert record["link_preview_options"] == {"is_disabled": True}


async def test_reply_parameters_reach_the_message(
    bot: telegram.Bot, server: TelegramApiServer
) -> None:
    update = server.push_text(PRIVATE, "/tinh Bắc Ninh")
    asked = update["message"]["message_id"]
    sent = await bot.send_message(PRIVATE, "Đang tìm…", reply_to_message_id=asked)
    assert sent.reply_to_message.message_id == asked
    with pytest.raises(BadRequest, match="replied not found"):
        await bot.send_message(PRIVATE, "x", reply_parameters=telegram.ReplyParameters(999))


@pytest.mark.parametrize(
    ("text", "parse_mode", "message"),
    [
        pytest.param("", None, "Message text is empty", id="empty"),
        pytest.param("   \n ", None, "Message text is empty", id="only-whitespace"),
        pytest.param("<b></b>", "HTML", "Message text is empty", id="empty-after-tags"),
        pytest.param("x" * 4097, None, "Message is too long", id="4097-chars"),
        pytest.param("👍" * 2049, None, "Message is too long", id="emoji-count-twice"),
        pytest.param("<p>Kết luận</p>", "HTML", 'unsupported start tag "p"', id="html-p"),
        pytest.param("Xem <br> dưới", "HTML", 'unsupported start tag "br"', id="html-br"),
        pytest.param("<b>Nghị quyết", "HTML", "can't find end tag", id="html-unclosed"),
        pytest.param("<b>a</i>", "HTML", "unmatched end tag", id="html-mismatch"),
        pytest.param("a</b>", "HTML", "unexpected end tag", id="html-stray-end"),
        pytest.param("tăng < 5%", "HTML", 'unsupported start tag ""', id="html-bare-lt"),
        pytest.param("Sở KH&ĐT", "HTML", "does not start an html entity", id="html-bare-amp"),
        pytest.param("<span>x</span>", "HTML", 'must have class "tg-spoiler"', id="html-span"),
        pytest.param("<a href=x", "HTML", "unclosed start tag", id="html-unclosed-tag"),
        pytest.param("Tăng 8.5%", "MarkdownV2", "character '.' is reserved", id="mdv2-dot"),
        pytest.param("Kỳ họp (lần 2)", "MarkdownV2", "character '(' is reserved", id="mdv2-paren"),
        pytest.param("*Kết luận", "MarkdownV2", "can't find end of bold", id="mdv2-unclosed"),
        pytest.param("x", "Klingon", "unsupported parse_mode", id="unknown-parse-mode"),
    ],
)
async def test_send_message_refusals(
    bot: telegram.Bot, server: TelegramApiServer, text: str, parse_mode: str | None, message: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(PRIVATE, text, parse_mode=parse_mode)
    assert message.lower() in caught.value.message.lower()
    assert server.sent_messages() == []
    assert server.counters.rejected_other == 1


@pytest.mark.parametrize(
    ("text", "parse_mode"),
    [
        pytest.param("x" * 4096, None, id="exactly-4096"),
        pytest.param("<b>a</b>" * 4096, "HTML", id="tags-do-not-count"),
        pytest.param("&amp;" * 4096, "HTML", id="entities-count-once"),
        pytest.param("Sở KH&ĐT", None, id="ampersand-without-parse-mode"),
        pytest.param(r"Tăng 8\.5%", "MarkdownV2", id="mdv2-escaped"),
    ],
)
async def test_send_message_accepts_limits(
    bot: telegram.Bot, text: str, parse_mode: str | None
) -> None:
    assert (await bot.send_message(PRIVATE, text, parse_mode=parse_mode)).message_id


async def test_bare_ampersand_accepted_when_configured() -> None:
    async with TelegramApiServer(reject_bare_ampersand=False) as srv, make_bot(srv) as b:
        sent = await b.send_message(PRIVATE, "Sở KH&ĐT &nbsp;", parse_mode="HTML")
    assert sent.text == "Sở KH&ĐT &nbsp;"


@pytest.mark.parametrize(
    ("html", "plain", "entities"),
    [
        pytest.param("<b>a<i>b</i></b>", "ab",
                     [("bold", 0, 2, None), ("italic", 1, 1, None)], id="nested"),
        pytest.param('<a href="https://tinhuy.vn/?a=1&amp;b=2">Tin</a>', "Tin",
                     [("text_link", 0, 3, "https://tinhuy.vn/?a=1&b=2")], id="link"),
        pytest.param('<pre><code class="language-python">x = 1</code></pre>', "x = 1",
                     [("pre", 0, 5, "python")], id="pre-with-language"),
        pytest.param("<code>GRDP</code>", "GRDP", [("code", 0, 4, None)], id="code"),
        pytest.param("<blockquote expandable>Trích</blockquote>", "Trích",
                     [("expandable_blockquote", 0, 5, None)], id="expandable-quote"),
        pytest.param('<span class="tg-spoiler">bí</span>', "bí",
                     [("spoiler", 0, 2, None)], id="spoiler"),
        pytest.param("<B>Hoa</B> &#7885; &lt;5 &quot;", "Hoa ọ <5 \"",
                     [("bold", 0, 3, None)], id="uppercase-and-references"),
        pytest.param("👍<u>x</u>", "👍x", [("underline", 2, 1, None)], id="utf16-offsets"),
    ],
)
def test_parse_html_entities(html: str, plain: str, entities: list[tuple[Any, ...]]) -> None:
    text, found = parse_html(html)
    assert text == plain
    extra = ("url", "language")
    assert [(e["type"], e["offset"], e["length"],
             next((e[k] for k in extra if k in e), None)) for e in found] == entities


@pytest.mark.parametrize(
    ("markdown", "plain", "types"),
    [
        pytest.param("*đậm* _nghiêng_ __gạch__ ~xoá~ ||ẩn||", "đậm nghiêng gạch xoá ẩn",
                     ["bold", "italic", "underline", "strikethrough", "spoiler"], id="marks"),
        pytest.param("[Tỉnh ủy](https://tinhuy.vn/a\\)b)", "Tỉnh ủy", ["text_link"], id="link"),
        pytest.param("```python\nx = 1\n```", "x = 1\n", ["pre"], id="pre"),
        pytest.param(">trích dẫn\n>dòng hai\nhết", "trích dẫn\ndòng hai\nhết",
                     ["blockquote"], id="blockquote"),
    ],
)
def test_parse_markdown_v2_entities(markdown: str, plain: str, types: list[str]) -> None:
    text, found = parse_markdown_v2(markdown)
    assert (text, [e["type"] for e in found]) == (plain, types)


# ------------------------------------------------------------ chats
async def test_blocked_chat_is_forbidden(bot: telegram.Bot, server: TelegramApiServer) -> None:
    server.block_chat(PRIVATE)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(PRIVATE, "Bản tin sáng")
    server.unblock_chat(PRIVATE)
    assert await bot.send_message(PRIVATE, "Bản tin sáng")


async def test_kicked_from_group_is_forbidden(
    bot: telegram.Bot, server: TelegramApiServer
) -> None:
    server.register_chat(GROUP, "group", title="Ban Thường vụ")
    server.block_chat(GROUP)
    with pytest.raises(Forbidden, match="kicked from the group"):
        await bot.send_message(GROUP, "Bản tin")


async def test_unknown_chat_in_strict_mode(strict_bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await strict_bot.send_message(999_999, "Xin chào")


async def test_chat_exists_once_its_user_wrote(
    strict_bot: telegram.Bot, strict: TelegramApiServer
) -> None:
    strict.push_text(777, "/start")
    assert (await strict_bot.send_message(777, "Chào bạn")).chat.id == 777


# ------------------------------------------------------------ flood control
async def test_31_sends_in_one_second_give_exactly_one_429() -> None:
    chats = range(5000, 5031)
    async with TelegramApiServer(strict=True, overall_rate=30) as srv, make_bot(srv) as b:
        for chat in chats:
            srv.register_chat(chat)
        started = time.monotonic()
        results = await asyncio.gather(
            *(b.send_message(chat, "Bản tin") for chat in chats), return_exceptions=True
        )
        elapsed = time.monotonic() - started
    assert elapsed < 1.0, "the burst must fit in one window for this test to mean anything"
    refused = [r for r in results if isinstance(r, RetryAfter)]
    assert len(refused) == 1 and seconds(refused[0].retry_after) == 1
    assert srv.counters.method("sendMessage")["rejected_429"] == 1
    assert srv.counters.method("sendMessage")["accepted"] == 30


async def test_overall_window_slides(
    strict_bot: telegram.Bot, strict: TelegramApiServer, strict_clock: FakeClock
) -> None:
    strict.set_rate_limits(overall_rate=2, private_burst=10)
    await strict_bot.send_message(PRIVATE, "1")
    strict_clock.now += 0.5
    await strict_bot.send_message(OTHER, "2")
    strict_clock.now += 0.4
    with pytest.raises(RetryAfter):
        await strict_bot.send_message(OTHER, "3")
    strict_clock.now += 1.1  # past both the window and OTHER's 1 s penalty
    assert await strict_bot.send_message(OTHER, "3")


async def test_private_chat_burst_then_penalty(
    strict_bot: telegram.Bot, strict: TelegramApiServer, strict_clock: FakeClock
) -> None:
    for n in range(3):
        await strict_bot.send_message(PRIVATE, f"phần {n}")
    with pytest.raises(RetryAfter) as caught:
        await strict_bot.send_message(PRIVATE, "phần 3")
    assert seconds(caught.value.retry_after) == 1
    assert await strict_bot.send_message(OTHER, "chat khác vẫn gửi được")
    strict_clock.now += 0.5  # still inside the 1 s penalty, though a token has half refilled
    with pytest.raises(RetryAfter):
        await strict_bot.send_message(PRIVATE, "phần 3")
    strict_clock.now += 0.6
    assert await strict_bot.send_message(PRIVATE, "phần 3")


async def test_group_gets_20_per_minute(
    strict_bot: telegram.Bot, strict: TelegramApiServer, strict_clock: FakeClock
) -> None:
    for n in range(20):
        await strict_bot.send_message(GROUP, f"tin {n}")
        strict_clock.now += 0.1
    with pytest.raises(RetryAfter) as caught:
        await strict_bot.send_message(GROUP, "tin 20")
    assert 55 <= seconds(caught.value.retry_after) <= 60
    strict_clock.now += 60
    assert await strict_bot.send_message(GROUP, "tin 20")


async def test_fail_next_gives_retry_after(bot: telegram.Bot, server: TelegramApiServer) -> None:
    server.fail_next(PRIVATE, status=429, retry_after=5)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(PRIVATE, "Bản tin")
    assert seconds(caught.value.retry_after) == 5
    await bot.send_chat_action(PRIVATE, "typing")  # only sending methods are targeted
    assert await bot.send_message(PRIVATE, "Bản tin")  # one-shot: the next one passes


async def test_fail_next_with_penalty_keeps_refusing(
    bot: telegram.Bot, server: TelegramApiServer
) -> None:
    server.set_rate_limits(True)
    server.fail_next(PRIVATE, status=429, retry_after=30, penalize=True)
    for _ in range(2):
        with pytest.raises(RetryAfter):
            await bot.send_message(PRIVATE, "Bản tin")


async def test_lost_reply_still_delivers(bot: telegram.Bot, server: TelegramApiServer) -> None:
    server.fail_next(PRIVATE, status=502, deliver=True)
    with pytest.raises(NetworkError):
        await bot.send_message(PRIVATE, "Bản tin")
    assert [m["text"] for m in server.sent_messages(PRIVATE)] == ["Bản tin"]


async def test_error_rate_answers_like_a_proxy(server: TelegramApiServer) -> None:
    server.set_error_rate(1.0, status=502, seed=7)
    async with httpx.AsyncClient() as client:
        resp = await client.post(f"{server.base_url}{server.token}/sendMessage",
                                 data={"chat_id": PRIVATE, "text": "x"})
    assert resp.status_code == 502 and b"502 Bad Gateway" in resp.content
    assert resp.headers["content-type"].startswith("text/html")
    server.set_error_rate(0.5, status=502, seed=7, body="empty")
    async with make_bot(server) as b:
        outcomes = await asyncio.gather(
            *(b.send_message(PRIVATE, "x") for _ in range(40)), return_exceptions=True
        )
    failures = sum(isinstance(o, NetworkError) for o in outcomes)
    assert 8 <= failures <= 32
    assert server.counters.rejected_other == failures + 1


async def test_latency_delays_answers(bot: telegram.Bot, server: TelegramApiServer) -> None:
    server.add_latency(0.2)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.2


# ------------------------------------------------------------------ updates
async def test_get_updates_honours_offsets(bot: telegram.Bot, server: TelegramApiServer) -> None:
    for text in ("/start", "/tinh Bắc Ninh", "/chi_tieu GRDP"):
        server.push_text(PRIVATE, text)
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first] == ["/start", "/tinh Bắc Ninh", "/chi_tieu GRDP"]
    assert [u.update_id for u in await bot.get_updates()] == [u.update_id for u in first]
    rest = await bot.get_updates(offset=first[1].update_id)
    assert [u.message.text for u in rest] == ["/tinh Bắc Ninh", "/chi_tieu GRDP"]
    assert await bot.get_updates(offset=first[-1].update_id + 1) == ()
    assert server.pending_updates() == []


async def test_negative_offset_keeps_the_last_updates(
    bot: telegram.Bot, server: TelegramApiServer
) -> None:
    for n in range(4):
        server.push_text(PRIVATE, f"tin {n}")
    assert [u.message.text for u in await bot.get_updates(offset=-1)] == ["tin 3"]


async def test_long_poll_wakes_on_push(bot: telegram.Bot, server: TelegramApiServer) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    server.push_text(PRIVATE, "/start")
    updates = await poll
    assert time.monotonic() - started < 1 and updates[0].message.text == "/start"


async def test_long_poll_times_out_empty(bot: telegram.Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=0.3) == ()
    assert 0.25 <= time.monotonic() - started < 2


async def test_second_poller_conflicts_the_first(server: TelegramApiServer) -> None:
    async with make_bot(server) as first, make_bot(server) as second:
        older = asyncio.create_task(first.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        newer = asyncio.create_task(second.get_updates(timeout=0.2))
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await older
        assert await newer == ()


async def test_allowed_updates_filter(bot: telegram.Bot, server: TelegramApiServer) -> None:
    sent = await bot.send_message(PRIVATE, "Chọn", reply_markup=telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("A", callback_data="a")]]))
    server.push_text(PRIVATE, "chữ")
    server.push_callback_query(PRIVATE, sent.message_id, "a")
    only_queries = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in only_queries] == ["a"]
    assert only_queries[0].callback_query.message.text == "Chọn"


async def test_group_command_with_bot_username(
    bot: telegram.Bot, server: TelegramApiServer
) -> None:
    server.push_text(GROUP, "/tinh@bantin_test_bot Hà Nam", chat_type="group", user_id=77,
                     title="Ban Tuyên giáo")
    [update] = await bot.get_updates()
    message = update.message
    assert message.chat.type == "group" and message.chat.title == "Ban Tuyên giáo"
    assert message.from_user.id == 77
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bot_command", 0, 21)]


async def test_document_round_trip(bot: telegram.Bot, server: TelegramApiServer) -> None:
    report = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12".encode()
    server.push_document(PRIVATE, "bao-cao.txt", report, caption="/tom_tat")
    [update] = await bot.get_updates()
    document = update.message.document
    assert (document.file_name, document.mime_type, document.file_size) == (
        "bao-cao.txt", "text/plain", len(report))
    assert update.message.caption_entities[0].type == "bot_command"
    file = await document.get_file()
    assert bytes(await file.download_as_bytearray()) == report
    with pytest.raises(BadRequest, match="file_id"):
        await bot.get_file("nope")


async def test_send_document_multipart(bot: telegram.Bot, server: TelegramApiServer) -> None:
    sent = await bot.send_document(PRIVATE, document=b"%PDF-1.4 ...", filename="ban-tin.pdf",
                                   caption="<i>Bản tin tuần</i>", parse_mode="HTML")
    assert sent.document.file_name == "ban-tin.pdf" and sent.caption == "Bản tin tuần"
    [record] = server.sent_messages(PRIVATE)
    assert record["method"] == "sendDocument"
    assert base64.b64decode(record["document"]["content_b64"]) == b"%PDF-1.4 ..."
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_document(PRIVATE, document=b"x", filename="a.txt", caption="x" * 1025)


async def test_edit_and_callback_answer(bot: telegram.Bot, server: TelegramApiServer) -> None:
    sent = await bot.send_message(PRIVATE, "Trang 1")
    edited = await bot.edit_message_text("Trang 2", chat_id=PRIVATE, message_id=sent.message_id)
    assert edited.text == "Trang 2" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Trang 2", chat_id=PRIVATE, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="to edit not found"):
        await bot.edit_message_text("x", chat_id=PRIVATE, message_id=999)
    update = server.push_callback_query(PRIVATE, sent.message_id, "p:3")
    query_id = update["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="Đã chọn")
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    assert server.edited_messages(PRIVATE)[0]["text"] == "Trang 2"
    assert server.callback_answers[0]["text"] == "Đã chọn"


async def test_commands_and_chat_action(bot: telegram.Bot, server: TelegramApiServer) -> None:
    commands = [telegram.BotCommand("tinh", "Bản tin theo tỉnh"),
                telegram.BotCommand("chi_tieu", "Tra một chỉ tiêu")]
    assert await bot.set_my_commands(commands)
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="en") == ()
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([telegram.BotCommand("Tỉnh", "sai")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert await bot.send_chat_action(PRIVATE, "typing")
    with pytest.raises(BadRequest, match="action"):
        await bot.send_chat_action(PRIVATE, "dancing")
    assert server.chat_actions[0]["action"] == "typing"


async def test_webhook_delivery_and_conflict() -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                         await request.json()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with TelegramApiServer(allow_insecure_webhook=True) as srv, make_bot(srv) as b:
            with pytest.raises(BadRequest, match="(?i)https url must be provided"):
                await b.set_webhook("http://example.org/hook")
            assert await b.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            with pytest.raises(Conflict, match="webhook is active"):
                await b.get_updates()
            srv.push_text(PRIVATE, "/start")
            [delivery] = await srv.wait_for_webhook_deliveries(1)
            assert delivery["status"] == 200
            assert (await b.get_webhook_info()).url.endswith("/hook")
            assert await b.delete_webhook()
            srv.push_text(PRIVATE, "/help")
            assert [u.message.text for u in await b.get_updates()] == ["/help"]
    finally:
        await runner.cleanup()
    assert received[0][0] == "s3cret" and received[0][1]["message"]["text"] == "/start"


# ------------------------------------------------------------------ wire level
async def test_wire_errors_and_encodings(server: TelegramApiServer) -> None:
    url = f"{server.base_url}{server.token}"
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{url}/sendTelepathy", json={})
        assert (unknown.status_code, unknown.json()) == (
            404, {"ok": False, "error_code": 404, "description": "Not Found"})
        wrong = await client.get(f"{server.base_url}999:WRONG/getMe")
        assert wrong.status_code == 401 and wrong.json()["description"] == "Unauthorized"
        as_json = await client.post(f"{url}/sendMessage", json={
            "chat_id": PRIVATE, "text": "a", "reply_markup": {"inline_keyboard": [[
                {"text": "b", "callback_data": "c"}]]}})
        as_query = await client.get(f"{url}/sendMessage", params={"chat_id": PRIVATE, "text": "q"})
        as_multipart = await client.post(f"{url}/sendMessage", data={"chat_id": str(PRIVATE)},
                                         files={"text": (None, "m")})
        case_insensitive = await client.post(f"{url}/SENDMESSAGE", data={"chat_id": PRIVATE,
                                                                          "text": "c"})
        text_only_button = {"inline_keyboard": [[{"text": "b"}]]}
        bad_markup = await client.post(f"{url}/sendMessage", json={
            "chat_id": PRIVATE, "text": "x", "reply_markup": text_only_button})
    assert all(r.json()["ok"] for r in (as_json, as_query, as_multipart, case_insensitive))
    assert bad_markup.status_code == 400
    assert [m["text"] for m in server.sent_messages(PRIVATE)] == ["a", "q", "m", "c"]
    assert server.counters.method("sendMessage") == {
        "requests": 5, "accepted": 4, "rejected_429": 0, "rejected_other": 1}


async def test_invalid_token_raises_in_ptb(server: TelegramApiServer) -> None:
    wrong = telegram.Bot("999:WRONG", base_url=server.base_url)
    with pytest.raises(InvalidToken, match="rejected by the server"):
        await wrong.initialize()
    await wrong.shutdown()


async def test_wait_for_messages_times_out_with_detail(server: TelegramApiServer) -> None:
    with pytest.raises(TimeoutError, match="expected 1 message"):
        await server.wait_for_messages(PRIVATE, 1, timeout=0.1)


async def test_ptb_application_runs_unchanged(server: TelegramApiServer) -> None:
    async def tinh(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"Bản tin: {' '.join(context.args)}")

    app = (ApplicationBuilder().token(server.token).base_url(server.base_url)
           .base_file_url(server.base_file_url).build())
    app.add_handler(CommandHandler("tinh", tinh))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        server.push_text(GROUP, "/tinh@bantin_test_bot Bắc Ninh", chat_type="group", user_id=5)
        [reply] = await server.wait_for_messages(GROUP, 1, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert reply["text"] == "Bản tin: Bắc Ninh"
    assert server.pending_updates() == []  # PTB confirmed the update on shutdown


async def test_standalone_process_and_control_api() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.servers.telegram_api", "--port", "0", "--strict",
        cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        port = int(await asyncio.wait_for(proc.stdout.readline(), 10))
        info = json.loads(await proc.stdout.readline())
        control = f"http://127.0.0.1:{port}/_control"
        async with httpx.AsyncClient(timeout=5) as client:
            await client.post(f"{control}/push_text", json={"chat_id": 55, "text": "/start"})
            await client.post(f"{control}/fail_next", json={"chat_id": 55, "retry_after": 3})
            api = f"{info['base_url']}{info['token']}"
            [update] = (await client.post(f"{api}/getUpdates", json={})).json()["result"]
            assert update["message"]["text"] == "/start"
            refused = await client.post(f"{api}/sendMessage", json={"chat_id": 55, "text": "a"})
            assert refused.json()["parameters"] == {"retry_after": 3}
            await client.post(f"{api}/sendMessage", json={"chat_id": 55, "text": "b"})
            waited = await client.get(f"{control}/messages",
                                      params={"chat_id": "55", "count": "1", "timeout": "2"})
            assert [m["text"] for m in waited.json()["result"]] == ["b"]
            counters = (await client.get(f"{control}/counters")).json()["result"]
            assert (counters["rejected_429"], counters["accepted"]) == (1, 2)
            await client.post(f"{control}/shutdown")
        assert await asyncio.wait_for(proc.wait(), 5) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
