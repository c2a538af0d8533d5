"""Regressions: inputs that raised, or gave numbers that are not numbers, now give a digest.

Each test is named after what broke. The sentences are written for these tests.
"""

import json
import math
from datetime import date

import pytest
from pydantic import ValidationError

from digest.dates import find_whens, parse_when
from digest.extract import extract
from digest.models import Quantity
from digest.numbers import find_quantities
from digest.numerals import parse_number
from digest.render import format_vn, render
from tests.eval import digest_numbers_faithful

LEAD = "Hội nghị Ban Chấp hành Đảng bộ tỉnh đánh giá kết quả năm 2023. "


def _strict_json(report) -> dict:
    """The report as JSON a strict parser accepts (no Infinity, no NaN)."""

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, allow_nan=False)
    return json.loads(text, parse_constant=refuse)


def _digest(text: str) -> str:
    report = extract(text)
    _strict_json(report)
    digest = render(report, "text")
    assert digest_numbers_faithful(digest, text) == []
    return digest


def test_a_million_digit_number_is_skipped_not_a_decimal_overflow():
    text = (
        LEAD
        + "Thu ngân sách ước đạt "
        + "7" * 1_000_000
        + " tỷ đồng, chi ngân sách đạt 2.310 tỷ đồng."
    )
    report = extract(text)
    assert [f.value_raw for f in report.figures] == ["2.310 tỷ đồng"]
    _digest(text)


@pytest.mark.parametrize("digits", [309, 400, 5000])
def test_a_figure_over_308_digits_is_skipped_not_infinity(digits):
    text = LEAD + "Kim ngạch xuất khẩu đạt " + "8" * digits + " triệu USD, bằng 64,2% kế hoạch."
    report = extract(text)
    assert [f.value_raw for f in report.figures] == ["64,2%"]
    _strict_json(report)


def test_a_ratio_of_two_five_thousand_digit_numbers_is_skipped_not_an_int_limit_error():
    assert find_quantities("đạt " + "3" * 5000 + "/" + "4" * 5000 + " chỉ tiêu") == []


def test_a_sixteen_digit_number_is_skipped_not_printed_rounded():
    # A float holds 15 digits: 1234567890123456789 would be printed as ...456768.
    text = LEAD + "Tổng vốn đạt 12 tỷ đồng, bằng 1234567890123456789% kế hoạch."
    assert "1234567890123456789" not in _digest(text).replace(".", "")
    assert (
        parse_number("1234567890123456") is None
        and parse_number("123456789012345") == 123456789012345.0
    )


def test_fifteen_digits_are_still_read():
    (q,) = find_quantities("thu hút 123.456.789.012.345 đồng")
    assert q.value == 123456789012345.0


def test_a_percentage_with_four_decimals_is_printed_as_written_not_rounded():
    digest = _digest(LEAD + "Thu ngân sách ước đạt 5.120 tỷ đồng, bằng 103,4567% dự toán.")
    assert "103,4567%" in digest
    assert format_vn(0.00001) == "0,00001" and format_vn(1300.0) == "1.300"


def test_year_9999_followed_by_a_full_stop_is_no_date_not_an_overflow():
    report = extract("Ngày 5/12/9999. Hội nghị họp ngày 3/12 bàn kế hoạch.")
    assert report.date is None or report.date.year != 9999
    report = extract("Ngày 31/12/9999, hội nghị đánh giá 6 tháng đầu năm.")
    assert report.date is None


@pytest.mark.parametrize(
    "raw", ["05/12/0000", "05/12/0001", "05/12/1899", "05/12/2100", "05/12/9999"]
)
def test_full_dates_outside_1900_2099_are_no_dates(raw):
    whens = find_whens(f"Ngày {raw}, hội nghị họp.", ref=date(2024, 1, 1))
    assert [w for w in whens if w.kind.value == "day"] == []


def test_day_31_february_is_no_date():
    assert parse_when("Ngày 31/2/2023, hội nghị họp.", ref=date(2023, 3, 1)) is None
    assert parse_when("Ngày 31/2, hội nghị họp.", ref=date(2023, 3, 1)) is None


@pytest.mark.parametrize("ref", [date.min, date.max, date(1, 12, 31), date(9999, 1, 1)])
def test_periods_read_against_the_first_and_last_days_of_date_raise_nothing(ref):
    text = (
        "6 tháng cuối năm, quý III, 9 tháng cuối năm, tháng 12, "
        "ngày 31/12, ngày 1/1, 3 tháng, Ngày 28/12"
    )
    for when in find_whens(text, ref=ref):
        assert date.min <= when.start <= when.end <= date.max
    extract(text, now=ref)


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_models_refuse_infinity_and_nan(bad):
    with pytest.raises(ValidationError):
        Quantity(raw="1", value=bad)


def test_a_label_does_not_start_inside_a_numeral():
    report = extract("0,0.32 2 - 2,5%")
    assert all(not f.label.startswith("32") for f in report.figures)
    assert digest_numbers_faithful(render(report, "text"), "0,0.32 2 - 2,5%") == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", ".", "\u200b", "Tin khác", "Lượt xem: 12"])
def test_empty_or_chrome_only_text_gives_an_empty_digest(text):
    report = extract(text)
    assert report.title is None and report.figures == () and report.province is None
    assert render(report, "text")


def test_a_growth_compared_with_a_long_number_is_not_cut_to_a_year():
    text = "Thu ngân sách tăng 3,09% so với cùng kỳ năm 2023456789."
    (figure,) = extract(text).figures
    assert figure.yoy_raw == "tăng 3,09% so với cùng kỳ"
    assert digest_numbers_faithful(render(extract(text), "text"), text) == []


def test_a_shortfall_of_one_long_word_is_dropped_not_cut():
    text = "Tuy nhiên, còn hạn chế: " + "4" * 400 + "."
    assert all("4" * 10 not in line for line in extract(text).shortfalls)
    assert digest_numbers_faithful(render(extract(text), "text"), text) == []


def test_a_long_title_is_shortened_between_words():
    text = "Hội nghị tỉnh " + "1" * 3000 + " họp\nThu ngân sách ước đạt 5 tỷ đồng."
    digest = render(extract(text), "text")
    assert len(digest) <= 2000 and "1" * 10 not in digest


def test_a_long_label_is_never_cut_inside_a_huge_number():
    # A label longer than its limit was cut by characters, so its first "word" became the last
    # digits of a 103-digit number: a number the report does not hold.
    text = "thu ngân sách ước đạt " * 7 + "9" * 103 + " tỷ đồng (kế hoạch 7%)"
    assert digest_numbers_faithful(render(extract(text), "text"), text) == []


def test_a_two_digit_year_is_never_printed_as_a_century_we_guessed():
    # "Ngày 1/12/10," was printed as "1/12/1910": a year the text does not hold.
    text = "Ngày 1/12/10, UBND tỉnh họp phiên thường kỳ."
    report = extract(text)
    assert (report.date, report.day, report.month) == (None, 1, 12)
    assert digest_numbers_faithful(render(report, "text"), text) == []
