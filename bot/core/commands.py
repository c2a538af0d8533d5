"""The commands the bot understands, their unaccented Vietnamese aliases, and command parsing.

The table is data: help, the Telegram command menu and the parser all read it, so a command
added here appears everywhere at once. Names are ASCII because Telegram only turns
`/[a-z0-9_]` into a command; a user who types the accented form on a channel without command
entities ("/tỉnh bắc kạn" on Zalo or the console) is understood too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import regex
from rapidfuzz import fuzz, process

from digest.normalize import fold


class Command(StrEnum):
    START = "start"
    HELP = "help"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    SUBSCRIPTIONS = "subscriptions"
    SCHEDULE = "schedule"
    PROVINCE = "province"
    INDICATOR = "indicator"
    LATEST = "latest"
    SEARCH = "search"
    REPORT = "report"
    INGEST = "ingest"
    STATS = "stats"
    BROADCAST = "broadcast"
    SOURCES = "sources"
    CHART = "chart"
    EXPORT = "export"
    WATCH = "watch"
    UNWATCH = "unwatch"


@dataclass(frozen=True)
class CommandSpec:
    command: Command
    alias: str  # unaccented Vietnamese
    menu: str  # one line for the command menu and for help
    usage: str = ""  # the arguments, as help shows them
    example: str = ""  # example arguments ("" : the command alone)
    admin: bool = False


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(Command.START, "batdau", "Giới thiệu bot"),
    CommandSpec(Command.HELP, "trogiup", "Danh sách lệnh và ví dụ"),
    CommandSpec(
        Command.SUBSCRIBE, "dangky", "Nhận bản tin của một tỉnh", "<tỉnh | tất cả>", "bac kan"
    ),
    CommandSpec(
        Command.UNSUBSCRIBE, "huydangky", "Hủy nhận bản tin", "[<tỉnh>]", "thai nguyen"
    ),
    CommandSpec(Command.SUBSCRIPTIONS, "cuatoi", "Các tỉnh và chỉ tiêu bạn đang theo dõi"),
    CommandSpec(
        Command.SCHEDULE, "lich",
        "Khi nào nhận bản tin: ngay lập tức, hằng ngày, hằng tuần, tạm dừng",
        "[ngay lap tuc | hang ngay 7h | thu sau 17h | tat]", "hang ngay 7h",
    ),
    CommandSpec(
        Command.PROVINCE, "tinh", "Bản tin mới nhất của một tỉnh", "<tỉnh> [số thứ tự]",
        "bac kan",
    ),
    CommandSpec(
        Command.INDICATOR, "chitieu", "Một chỉ tiêu ở các tỉnh", "<chỉ tiêu> [tỉnh]",
        "thu ngan sach",
    ),
    CommandSpec(
        Command.CHART, "bieudo", "Biểu đồ một chỉ tiêu (các tỉnh, hoặc một tỉnh qua các kỳ)",
        "<chỉ tiêu> [tỉnh]", "thu ngan sach",
    ),
    CommandSpec(
        Command.EXPORT, "xuat", "Tải số liệu một chỉ tiêu dạng bảng tính (.xlsx)",
        "<chỉ tiêu> [tỉnh]", "thu ngan sach",
    ),
    CommandSpec(
        Command.WATCH, "theodoi", "Nhận tin khi có số liệu mới của một chỉ tiêu",
        "<chỉ tiêu> [tỉnh | tất cả]", "thu ngan sach",
    ),
    CommandSpec(
        Command.UNWATCH, "huytheodoi", "Thôi theo dõi một chỉ tiêu", "[<chỉ tiêu> [tỉnh]]",
        "thu ngan sach",
    ),
    CommandSpec(Command.LATEST, "moinhat", "Các bản tin mới nhất"),
    CommandSpec(Command.SEARCH, "timkiem", "Tìm trong các bản tin", "<từ khóa>", "nong thon moi"),
    CommandSpec(Command.REPORT, "baocao", "Một bản tin đầy đủ, kèm nguồn", "<số>", "1"),
    CommandSpec(
        Command.INGEST, "nhap",
        "Nhập một báo cáo (tệp .txt, .html, .docx, .pdf, văn bản dán kèm hoặc địa chỉ bài "
        "viết); thêm «không gửi» để chỉ lưu, không gửi tới người đăng ký",
        "[không gửi] <văn bản | URL>", admin=True,
    ),
    CommandSpec(Command.STATS, "thongke", "Thống kê dữ liệu", admin=True),
    CommandSpec(
        Command.BROADCAST, "thongbao", "Gửi một thông báo tới mọi người, nhóm đang nhận tin",
        "<nội dung>", "Tối nay bot tạm dừng từ 22:00 đến 23:00 để bảo trì.", admin=True,
    ),
    CommandSpec(Command.SOURCES, "nguon", "Các nguồn tin tự động và trạng thái", admin=True),
)

SPECS: dict[Command, CommandSpec] = {spec.command: spec for spec in COMMANDS}
_BY_NAME: dict[str, Command] = {
    name: spec.command for spec in COMMANDS for name in (spec.command.value, spec.alias)
}

# "/tinh@bantin_bot bac kan": the name, the bot addressed, and what follows.
_COMMAND_LINE = regex.compile(
    r"""
    ^\s*/
    (?P<name>[\w]{1,64})          # the command; \w so "/tỉnh" typed on Zalo is read too
    (?:@(?P<bot>[A-Za-z0-9_]{1,64}))?  # the bot addressed, in group chats
    (?=\s|$)                      # the name ends at white space or the end
    \s*
    (?P<args>.*)                  # the arguments, new lines kept (pasted reports)
    """,
    regex.VERBOSE | regex.DOTALL,
)


@dataclass(frozen=True)
class ParsedCommand:
    name: str  # as typed, folded ("tinh")
    command: Command | None  # None: no such command
    args: str


def names(command: Command) -> tuple[str, str]:
    """The English name and the Vietnamese alias.

    >>> names(Command.PROVINCE)
    ('province', 'tinh')
    """
    spec = SPECS[command]
    return spec.command.value, spec.alias


def parse_command(text: str, *, bot_username: str | None = None) -> ParsedCommand | None:
    """Read a command line; None if it is no command, or one addressed to another bot.

    >>> parse_command("/Tinh@bantin_bot  bac kan 2", bot_username="bantin_bot")
    ParsedCommand(name='tinh', command=<Command.PROVINCE: 'province'>, args='bac kan 2')
    >>> parse_command("/tỉnh Bắc Kạn").command
    <Command.PROVINCE: 'province'>
    >>> parse_command("/tinh@other_bot bac kan", bot_username="bantin_bot") is None
    True
    >>> parse_command("xin chào") is None
    True
    """
    match = _COMMAND_LINE.match(text)
    if match is None:
        return None
    addressed = match["bot"]
    if addressed and bot_username and addressed.lower() != bot_username.lower():
        return None
    name = fold(match["name"])
    return ParsedCommand(name=name, command=_BY_NAME.get(name), args=match["args"].strip())


def suggest_command(name: str) -> Command | None:
    """The command a mistyped name most likely meant, if one is close enough.

    >>> suggest_command("tinhh"), suggest_command("subscibe"), suggest_command("xyz")
    (<Command.PROVINCE: 'province'>, <Command.SUBSCRIBE: 'subscribe'>, None)
    """
    found = process.extractOne(fold(name), list(_BY_NAME), scorer=fuzz.ratio, score_cutoff=80)
    return _BY_NAME[found[0]] if found else None
