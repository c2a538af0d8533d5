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
    # A short line opening on "Theo báo cáo" was dropped as a source credit ("Theo Báo …").
    "Theo báo cáo, năm 2024 tỉnh có 18/20 chỉ tiêu đạt và vượt kế hoạch.",
    "Theo báo cáo, thu ngân sách 6 tháng đạt 5.210 tỷ đồng.",
    "Theo đại biểu, tỷ lệ giải ngân mới đạt 41% kế hoạch.",
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
    c = clean(
        "UBND tỉnh họp phiên thường kỳ\n"
        "Tỷ lệ giải ngân đạt 45% kế hoạch, đồng chí Chủ tịch phát biểu tại phiên họp"
    )
    assert "45%" in c.body


def test_markup_in_pasted_text_never_reaches_the_title_or_body():
    c = clean(
        normalize_text(
            "<h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 9</h1>\n"
            "<p>Ngày 5/12, Ban Chấp hành Đảng bộ tỉnh họp.</p>\n"
            "<figcaption>Quang cảnh hội nghị.</figcaption>"
        )
    )
    assert c.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 9"
    assert "<" not in c.body and "Ngày 5/12" in c.body


def test_a_url_slug_above_the_headline_is_not_the_title():
    c = clean(
        normalize_text(
            "ubnd tinh hop phien thuong ky thang 10 danh gia ket qua\n"
            "UBND tỉnh họp phiên thường kỳ tháng 10\n"
            "Sáng 5/11, UBND tỉnh họp phiên thường kỳ tháng 10 "
            "để đánh giá tình hình kinh tế - xã hội."
        )
    )
    assert c.title == "UBND tỉnh họp phiên thường kỳ tháng 10"


def test_a_site_header_with_hotline_and_clock_is_not_the_title():
    c = clean(
        normalize_text(
            "Thứ ba 02/12/2025 09:10Thứ ba 02/12/2025 09:10 Hotline: 0900.000.000\n"
            "Thời sự Long An\n"
            "Long An đẩy nhanh giải ngân vốn đầu tư công\n"
            "Chiều 1/12, UBND tỉnh họp phiên thường kỳ."
        )
    )
    assert c.title == "Long An đẩy nhanh giải ngân vốn đầu tư công"


def test_the_stored_pages_leading_date_is_not_part_of_the_title():
    c = clean(
        normalize_text(
            " date 2025-09-05 Ban Thường vụ Tỉnh ủy cho ý kiến vào các dự thảo\n"
            "Chiều 5/9, hội nghị họp."
        )
    )
    assert c.title == "Ban Thường vụ Tỉnh ủy cho ý kiến vào các dự thảo"


def test_a_comments_button_in_a_toolbar_above_the_article_does_not_end_it():
    # A text-size toggle split over three lines, then share, comment and print buttons.
    page = normalize_text(
        "Lâm Đồng: Đẩy nhanh giải ngân vốn đầu tư công những tháng cuối năm\n"
        "Tăng\naa\nGiảm\nChia sẻ Facebook\nBình luận\nIn bài viết\n"
        "Chiều 12/9, Chủ tịch UBND tỉnh họp với các sở, ngành về giải ngân vốn.\n"
        "Tỷ lệ giải ngân ước đạt 52% kế hoạch.\n"
        "Bình luận\nBạn đọc Minh: bài viết rất hay"
    )
    c = clean(page)
    assert c.body.startswith("Chiều 12/9, Chủ tịch UBND tỉnh họp")
    assert c.body.endswith("52% kế hoạch.")  # the comments after the article stay out
