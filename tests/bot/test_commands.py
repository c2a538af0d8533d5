"""Command lines: names, aliases, @botname, accents, typos; the help and menu built from them."""

from __future__ import annotations

import pytest

from bot.core import COMMANDS, Command, Conversation
from bot.core.commands import parse_command, suggest_command
from tests.bot.builders import ADMIN, ask

BOT = "bantin_test_bot"


@pytest.mark.parametrize(
    ("line", "command", "args"),
    [
        ("/tinh bac kan", Command.PROVINCE, "bac kan"),
        ("/province Bắc Kạn", Command.PROVINCE, "Bắc Kạn"),
        ("/TINH BAC KAN", Command.PROVINCE, "BAC KAN"),
        ("/tinh@bantin_test_bot bac kan 2", Command.PROVINCE, "bac kan 2"),
        ("/tinh@BANTIN_TEST_BOT bac kan", Command.PROVINCE, "bac kan"),
        ("/tỉnh bắc kạn", Command.PROVINCE, "bắc kạn"),
        ("  /chitieu   thu ngan sach  ", Command.INDICATOR, "thu ngan sach"),
        ("/indicator GRDP", Command.INDICATOR, "GRDP"),
        ("/dangky tat ca", Command.SUBSCRIBE, "tat ca"),
        ("/huydangky", Command.UNSUBSCRIBE, ""),
        ("/cuatoi", Command.SUBSCRIPTIONS, ""),
        ("/moinhat", Command.LATEST, ""),
        ("/timkiem nông thôn mới", Command.SEARCH, "nông thôn mới"),
        ("/baocao 12", Command.REPORT, "12"),
        ("/nhap Dòng một\nDòng hai", Command.INGEST, "Dòng một\nDòng hai"),
        ("/thongke", Command.STATS, ""),
        ("/trogiup", Command.HELP, ""),
        ("/batdau", Command.START, ""),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_command_lines_are_read(line: str, command: Command, args: str) -> None:
    parsed = parse_command(line, bot_username=BOT)
    assert parsed is not None
    assert (parsed.command, parsed.args) == (command, args)


@pytest.mark.parametrize(
    "line", ["xin chào", "bac kan", "", "/tinh@another_bot bac kan", "tinh/ bac kan"]
)
def test_lines_that_are_not_commands_for_us(line: str) -> None:
    assert parse_command(line, bot_username=BOT) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("tinhh", Command.PROVINCE), ("chitiu", Command.INDICATOR), ("subscibe", Command.SUBSCRIBE),
     ("dangki", Command.SUBSCRIBE), ("xyzxyz", None)],
)
def test_mistyped_command_names(typed: str, meant: Command | None) -> None:
    assert suggest_command(typed) == meant


def test_every_command_has_a_distinct_unaccented_alias() -> None:
    names = [name for spec in COMMANDS for name in (spec.command.value, spec.alias)]
    assert len(names) == len(set(names))
    assert all(name.isascii() and name.islower() for name in names)
    assert {spec.command for spec in COMMANDS} == set(Command)


async def test_help_lists_every_public_command_with_its_alias(conversation: Conversation) -> None:
    reply = await ask(conversation, "/help")
    assert reply is not None and reply.template == "help"
    for spec in COMMANDS:
        assert (f"/{spec.alias}" in reply.text) is not spec.admin
        assert (f"/{spec.command.value}" in reply.text) is not spec.admin
        if spec.example and not spec.admin:
            assert f"/{spec.alias} {spec.example}" in reply.text


async def test_help_shows_admin_commands_to_admins(conversation: Conversation) -> None:
    reply = await ask(conversation, "/trogiup", chat_id=ADMIN)
    assert reply is not None
    assert "/nhap" in reply.text and "/thongke" in reply.text


async def test_start_introduces_an_automated_bot(conversation: Conversation) -> None:
    reply = await ask(conversation, "/start")
    assert reply is not None and "bot tự động" in reply.text
    assert "/tinh" in reply.text


def test_menu_fits_telegram() -> None:
    for admin in (False, True):
        menu = Conversation.menu(admin=admin)
        assert all(1 <= len(description) <= 256 for _, description in menu)
        assert all(command.isascii() and len(command) <= 32 for command, _ in menu)
    assert len(Conversation.menu(admin=True)) == len(COMMANDS)
