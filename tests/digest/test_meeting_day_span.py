"""A meeting held over several days ("16-18/8", "từ ngày 8-9/12") is dated by its first day.

Written by us after real reports whose multi-day sessions left the meeting undated.
"""

from datetime import date

import pytest

from digest.dateline import meeting_day
from digest.dates import find_whens

REF = date(2000, 7, 1)


@pytest.mark.parametrize(
    "text,day,month,year",
    [
        (
            "Trong 3 ngày ( 16-18/8), Đảng bộ thành phố tổ chức Đại hội đại biểu lần thứ XV.",
            16,
            8,
            None,
        ),
        ("Trong 3 ngày (16-18/8), Đảng bộ thành phố tổ chức Đại hội.", 16, 8, None),
        (
            "Kỳ họp thứ 4 HĐND tỉnh diễn ra từ ngày 8-9/12, đánh giá việc thực hiện nhiệm vụ.",
            8,
            12,
            None,
        ),
        ("Từ ngày 8 đến 10/12, HĐND tỉnh tổ chức kỳ họp cuối năm.", 8, 12, None),
        ("Trong 2 ngày 8 và 9/12, HĐND tỉnh họp kỳ họp thứ 12.", 8, 12, None),
        ("Ngày 16 - 18/8/2020, Đại hội Đảng bộ tỉnh lần thứ XVII diễn ra.", 16, 8, 2020),
        (
            " date 2021-12 Tại kỳ họp diễn ra từ ngày 8-9/12, HĐND tỉnh thông qua 20 nghị quyết.",
            8,
            12,
            2021,
        ),
    ],
)
def test_multi_day_meeting_is_dated_by_its_first_day(text, day, month, year):
    held = meeting_day(text, lead_end=len(text))
    assert (held.day, held.month, held.year) == (day, month, year)


@pytest.mark.parametrize(
    "text",
    [
        "Toàn tỉnh đạt 1-2/3 chỉ tiêu về môi trường.",  # no day word, no brackets: a figure
        "Tỷ lệ hộ nghèo giảm 4-5%.",
        "Ngày 1-28/2, tỉnh tổ chức nhiều hoạt động.",  # four weeks are no meeting's days
    ],
)
def test_a_span_that_is_no_meeting_is_no_day(text):
    assert [w for w in find_whens(text, ref=REF) if w.kind.value == "day" and "-" in w.raw] == []


def test_a_span_keeps_its_last_day():
    (w,) = find_whens("Ngày 16-18/8/2020", ref=REF)
    assert (w.start, w.end) == (date(2020, 8, 16), date(2020, 8, 18))
