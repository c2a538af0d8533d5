"""Portal chrome, captions and bylines: one test per vocabulary entry, then real layouts."""

import pytest

from digest.clean import classify_line, clean, is_byline, load_rules
from digest.normalize import normalize_text


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.name)
def test_every_rule_matches_its_example(rule):
    assert classify_line(rule.example) == rule.kind


BODY_LINES = [
    "Thu ngân sách nhà nước trên địa bàn ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.",
    "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy yêu cầu đẩy mạnh cải cách hành chính.",
    "Ngày 14-7, Ban Chấp hành Đảng bộ tỉnh họp Hội nghị lần thứ 12.",
    "Tổng sản phẩm trên địa bàn tăng 7,2% so với cùng kỳ năm trước.",
    "Dự kiến 20/29 chỉ tiêu đạt và vượt kế hoạch",
]


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_lines_are_not_chrome(line):
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Minh Tú", True),
        ("Hương Dịu", True),
        ("Thu Hà - Văn Nam", True),
        ("Tin khác", False),
        ("Hội nghị kết thúc.", False),
        ("Thu ngân sách đạt 90%", False),
    ],
)
def test_byline(line, expected):
    assert is_byline(line) is expected


def test_portal_page_keeps_title_and_body_only():
    page = normalize_text(
        "PublishingPortal - Block_BanTin_Toolbar\n\n05/12/2023\nTăng cỡ chữ Giảm cỡ chữ\n"
        "UBND tỉnh họp phiên thường kỳ tháng 11\n"
        "Sáng 5/12, UBND tỉnh họp phiên thường kỳ tháng 11.\n\nQuang cảnh phiên họp\n\n"
        "Thu ngân sách ước đạt 4.500 tỷ đồng.\n\nLan Anh\n\nTin khác\nUBND tỉnh Lạng Sơn họp bàn"
    )
    c = clean(page)
    assert c.title == "UBND tỉnh họp phiên thường kỳ tháng 11"
    assert c.head.startswith("05/12/2023")
    assert "Lạng Sơn" not in c.body  # related articles after "Tin khác" are chrome
    assert "Lan Anh" not in c.body
    assert c.captions == ("Quang cảnh phiên họp",)
    assert c.body.endswith("4.500 tỷ đồng.")


def test_caption_with_a_figure_stays_in_the_body():
    c = clean("UBND tỉnh họp phiên thường kỳ\nTỷ lệ giải ngân đạt 45% kế hoạch, đồng chí Chủ tịch phát biểu tại phiên họp")
    assert "45%" in c.body
