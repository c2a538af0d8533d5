"""The meeting's day, and its year only where the text states it (digest/dateline.py).

Rows are written by us in the manner of real portal pages: a site header's clock, an
article's own stamp, a publishing line at the foot, document dates and broadcast notes.
"""

from __future__ import annotations

from datetime import date

import pytest

from digest.dateline import find_stamps, meeting_day
from digest.extract import extract
from digest.render import render

# (text, (day, month, year) or None)
ROWS = [
    # The meeting's own date with its year.
    ("Sáng ngày 30/01/2019, UBND tỉnh tổ chức phiên họp thường kỳ tháng 01.", (30, 1, 2019)),
    ("Ngày 2/12/2025, UBND tỉnh tổ chức phiên họp tháng 11.", (2, 12, 2025)),
    # No year anywhere near the day: none is printed, whatever periods the text reviews.
    ("Chiều 25/6, Ban Chấp hành Đảng bộ tỉnh họp đánh giá 6 tháng đầu năm 2024.", (25, 6, None)),
    ("Sáng 6-2, Chủ tịch UBND thành phố chủ trì giao ban đánh giá tháng 1-2017.", (6, 2, None)),
    # An article stamp above the lead gives the year.
    (
        "Thứ Ba, ngày 15/08/2023 | 08:51\n(HG) - Sáng ngày 14-8, UBND tỉnh họp trực tuyến.",
        (14, 8, 2023),
    ),
    ("11:07, 06/07/2022\nUBND tỉnh họp thường kỳ tháng 6\nNgày 6-7, UBND tỉnh họp.", (6, 7, 2022)),
    (" date 2020-07 Sáng nay (20/7), khai mạc Kỳ họp thứ 19 HĐND tỉnh.", (20, 7, 2020)),
    ("08/12/2025 15:14\nNgày 8-12, Tỉnh ủy tổ chức Hội nghị Ban Chấp hành.", (8, 12, 2025)),
    # A stamp in January over a late-December meeting: held in 2023, a year the text never
    # writes, so none is printed.
    ("05/01/2024 08:00\nNgày 28/12, UBND tỉnh họp phiên thường kỳ.", (28, 12, None)),
    # A site header's clock, then the article's own stamp: the nearer one counts.
    (
        "Thứ tư 11/02/2026 23:43\nHotline: 024\n15/10/2020 10:44\n"
        "Sáng nay 15/10, Đại hội khai mạc.",
        (15, 10, 2020),
    ),
    # A site header's clock glued to the next line (no space) is still a stamp.
    (
        "Thứ bảy 27/09/2025 14:41Thứ bảy 27/09/2025 14:41 Hotline\nChiều 5/8, UBND tỉnh họp.",
        (5, 8, 2025),
    ),
    # The publishing line at the foot of an archived article.
    ("Ngày 9/7, HĐND thành phố tiếp tục kỳ họp.\n\nGiờ đăng: 23:40 ngày 09/07/2025", (9, 7, 2025)),
    # Not the meeting's day: a document's date, a founding date, a broadcast note.
    ("Văn phòng Chính phủ ban hành Thông báo số 733/TB-VPCP ngày 30/12/2025 về kết luận.", None),
    ("Được thành lập từ ngày 1/3/2025, Đảng ủy UBND thành phố đã lãnh đạo toàn diện.", None),
    ("Nội dung chi tiết có trong chương trình Thời sự 19h45, ngày 21/9 của Đài PT-TH.", None),
    # No day at all.
    ("Hội nghị lần thứ 12 Ban Chấp hành Đảng bộ tỉnh đã hoàn thành nội dung đề ra.", None),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_meeting_day(text: str, expected: tuple[int, int, int | None] | None) -> None:
    held = meeting_day(text, lead_end=len(text))
    got = None if held is None else (held.day, held.month, held.year)
    assert got == expected


def test_a_stamp_after_now_is_not_believed() -> None:
    text = "05/06/2052 08:10\nNgày 4/6, UBND tỉnh họp."
    held = meeting_day(text, lead_end=len(text), now=date(2026, 12, 3))
    assert held is not None and (held.day, held.month, held.year) == (4, 6, None)


def test_a_day_inside_a_sentence_is_no_stamp() -> None:
    assert find_stamps("Ngày 11/11/2023, Thủ tướng làm việc tại tỉnh.") == []


def test_year_guessed_from_the_reviewed_period_is_never_printed() -> None:
    """A meeting on "15/2" that reviews 2022: the digest shows 15/2, not 15/2/2022 or 2023."""
    report = extract(
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh\n"
        "Ngày 15/2, Ban Chấp hành Đảng bộ tỉnh tổng kết năm 2022. Thu ngân sách năm 2022 đạt "
        "2.100 tỷ đồng, bằng 105% dự toán."
    )
    assert report.date is None and (report.day, report.month) == (15, 2)
    digest = render(report, "text")
    assert "15/2" in digest and "15/2/20" not in digest
