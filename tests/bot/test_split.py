"""Long replies are cut to the channel's limit at natural boundaries, HTML kept valid."""

from __future__ import annotations

import pytest

from bot.core import TELEGRAM_LIMIT, ZALO_LIMIT, split_message
from bot.core.split import message_length
from tests.servers.telegram_api import parse_html

LINE_HTML = "• <b>Thu ngân sách</b>: 2.099 tỷ đồng &amp; tăng 3,09% so với cùng kỳ"
LINE_TEXT = "• Thu ngân sách: 2.099 tỷ đồng & tăng 3,09% so với cùng kỳ"


@pytest.mark.parametrize(
    ("message", "limit", "html"),
    [
        ("\n".join([LINE_HTML] * 200), TELEGRAM_LIMIT, True),
        ("\n\n".join(["\n".join([LINE_HTML] * 30)] * 5), TELEGRAM_LIMIT, True),
        ("\n".join([LINE_TEXT] * 200), ZALO_LIMIT, False),
        ("<b>" + "Chỉ đạo tập trung giải ngân. " * 400 + "</b>", TELEGRAM_LIMIT, True),
        ("Không có dấu cách" + "x" * 9000, ZALO_LIMIT, False),
        ("&amp;" * 5000, TELEGRAM_LIMIT, True),
        ("👍 " * 3000, TELEGRAM_LIMIT, True),
    ],
    ids=["lines", "paragraphs", "zalo", "one-long-line", "one-long-word", "entities", "emoji"],
)
def test_every_piece_fits(message: str, limit: int, html: bool) -> None:
    pieces = split_message(message, limit, html=html)
    assert len(pieces) > 1
    assert all(0 < message_length(piece, html=html) <= limit for piece in pieces)
    if html:
        for piece in pieces:
            parse_html(piece)


def test_nothing_is_lost_between_lines() -> None:
    message = "\n".join(f"{n}. {LINE_TEXT}" for n in range(300))
    pieces = split_message(message, ZALO_LIMIT, html=False)
    assert "\n".join(pieces).split("\n") == message.split("\n")


def test_short_message_is_one_piece() -> None:
    assert split_message("  Xin chào  ", ZALO_LIMIT, html=False) == ["Xin chào"]
    assert split_message("   ", ZALO_LIMIT, html=False) == []
