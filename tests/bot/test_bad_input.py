"""Bad input gets a clear Vietnamese answer, stores nothing, and never raises."""

from __future__ import annotations

import pytest

from bot.core import COMMANDS, Command, Conversation
from bot.core.conversation import FREE_TEXT, NEEDS_ARGUMENT
from bot.storage import Store
from tests.bot.builders import ADMIN, ask
from tests.servers.telegram_api import parse_html

ARGUMENT_COMMANDS = [spec for spec in COMMANDS if spec.command not in FREE_TEXT]
MARKUP = ["<b>bac kan</b>", "<a href='x'>bac kan</a>", "**bac kan**", "`bac kan`",
          "[bac kan](https://t.me)", "bac &lt; kan"]


@pytest.mark.parametrize(
    "name",
    [name for spec in COMMANDS if spec.command in NEEDS_ARGUMENT
     for name in (spec.command.value, spec.alias)],
)
async def test_missing_argument(conversation: Conversation, name: str) -> None:
    reply = await ask(conversation, f"/{name}")
    assert reply is not None and reply.template == "missing_argument"
    assert "cần thêm" in reply.text and "Ví dụ: /" in reply.text


@pytest.mark.parametrize("spec", ARGUMENT_COMMANDS, ids=lambda spec: spec.alias)
async def test_four_thousand_characters(conversation: Conversation, store: Store, spec) -> None:
    reply = await ask(conversation, f"/{spec.alias} " + "bắc kạn " * 500, chat_id=ADMIN)
    assert reply is not None and reply.template == "argument_problem"
    assert "quá dài (tối đa 200 ký tự)" in reply.text
    assert await store.audience.get("telegram", ADMIN) is None


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize(
    "command", [Command.SUBSCRIBE, Command.PROVINCE, Command.INDICATOR, Command.SEARCH]
)
async def test_markup_in_argument(conversation: Conversation, store: Store,
                                  command: Command, markup: str) -> None:
    reply = await ask(conversation, f"/{command.value} {markup}")
    assert reply is not None and reply.template == "argument_problem"
    assert "không kèm định dạng HTML hay Markdown" in reply.text
    assert await store.audience.get("telegram", "100") is None
    parse_html(reply.html)


@pytest.mark.parametrize(
    ("line", "template"),
    [
        ("xin chào", "unknown"),
        ("/foo", "unknown"),
        ("/tinhh bac kan", "unknown"),
        ("/", "unknown"),
    ],
)
async def test_anything_else_gets_a_hint(conversation: Conversation, line: str,
                                         template: str) -> None:
    reply = await ask(conversation, line)
    assert reply is not None and reply.template == template
    assert "/trogiup" in reply.text


async def test_typo_in_command_is_suggested(conversation: Conversation) -> None:
    reply = await ask(conversation, "/chitiu thu ngan sach")
    assert reply is not None and reply.text.startswith("Có phải bạn muốn: /chitieu?")


@pytest.mark.parametrize(
    ("line", "chat_type"),
    [("xin chào cả nhóm", "group"), ("/tinh@other_bot bac kan", "group"),
     ("/tinh@other_bot bac kan", "private")],
)
async def test_silence_when_not_addressed(conversation: Conversation, line: str,
                                          chat_type: str) -> None:
    chat_id = "-100" if chat_type == "group" else "100"
    assert await ask(conversation, line, chat_id=chat_id, chat_type=chat_type) is None


@pytest.mark.usefixtures("ids")
@pytest.mark.parametrize(
    "line",
    [
        "/start", "/help", "/tinh bac kan", "/tinh bac", "/tinh xyz", "/tinh ca mau",
        "/tinh thai nguyen 9", "/chitieu thu ngan sach", "/chitieu thu ngan sach bac kan",
        "/chitieu du lich", "/chitieu zzz", "/dangky ha noi", "/dangky tat ca", "/cuatoi",
        "/huydangky ha noi", "/huydangky", "/moinhat", "/timkiem nong thon", "/timkiem <x>",
        "/timkiem zzz", "/baocao 6", "/baocao 999", "/baocao x", "/thongke", "/nhap",
        "/foo", "hello", "/tinh " + "x" * 300,
    ],
)
async def test_every_reply_is_valid_telegram_html(conversation: Conversation, line: str) -> None:
    reply = await ask(conversation, line, chat_id=ADMIN)
    assert reply is not None
    plain, _ = parse_html(reply.html)  # raises on markup Telegram would refuse
    # Both flavours say the same thing (the digest's headings differ only by a colon).
    assert plain.replace(":", "").split() == reply.text.replace(":", "").split()
    assert "<b>" not in reply.text and "&amp;" not in reply.text


async def test_error_reply(conversation: Conversation) -> None:
    reply = conversation.error_reply()
    assert reply.text.startswith("Đã có lỗi")
    parse_html(reply.html)
