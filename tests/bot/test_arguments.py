"""Arguments: provinces (old names, typos, candidates), indicators, and the bad-input checks."""

from __future__ import annotations

import pytest

from bot.core.arguments import Problem, argument_problem, split_page
from bot.core.metrics import parse_indicator_query
from bot.core.places import is_every_province, resolve_province


@pytest.mark.parametrize(
    ("typed", "province", "named", "corrected"),
    [
        ("bac kan", "Thái Nguyên", "Bắc Kạn", False),
        ("Bắc Kạn", "Thái Nguyên", "Bắc Kạn", False),
        ("BAC KAN", "Thái Nguyên", "Bắc Kạn", False),
        ("Bac Can", "Thái Nguyên", "Bắc Kạn", False),
        ("tỉnh Bắc Kạn", "Thái Nguyên", "Bắc Kạn", False),
        ("bac kn", "Thái Nguyên", "Bắc Kạn", True),
        ("thai nguyen", "Thái Nguyên", "Thái Nguyên", False),
        ("Thai Ngyen", "Thái Nguyên", "Thái Nguyên", True),
        ("ha noi", "Hà Nội", "Hà Nội", False),
        ("hanoi", "Hà Nội", "Hà Nội", False),  # an alias in provinces.toml
        ("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh", False),
        ("thanh pho ho chi minh", "Hồ Chí Minh", "Hồ Chí Minh", False),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu", False),
        ("binh duong", "Hồ Chí Minh", "Bình Dương", False),
        ("thua thien hue", "Huế", "Thừa Thiên Huế", False),
        ("quang nam", "Đà Nẵng", "Quảng Nam", False),
        ("dak lak", "Đắk Lắk", "Đắk Lắk", False),
        ("Hoà Bình", "Phú Thọ", "Hòa Bình", False),
        ("yen bai", "Lào Cai", "Yên Bái", False),
    ],
)
def test_province_spellings(typed: str, province: str, named: str, corrected: bool) -> None:
    match = resolve_province(typed)
    assert (match.province, match.typed, match.corrected) == (province, named, corrected)
    assert match.merged is (named != province)


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("bac", {"Bắc Kạn", "Bắc Ninh", "Bắc Giang"}),
        ("quang", {"Quảng Ninh", "Quảng Ngãi", "Quảng Trị"}),
    ],
)
def test_ambiguous_provinces_offer_candidates(typed: str, offered: set[str]) -> None:
    match = resolve_province(typed)
    assert match.province is None
    assert offered <= set(match.candidates)


@pytest.mark.parametrize("typed", ["xyz", "", "  ", "ha", "Paris"])
def test_unknown_provinces(typed: str) -> None:
    match = resolve_province(typed)
    assert match.province is None and not match.candidates


@pytest.mark.parametrize("typed", ["tất cả", "Tat ca", "TATCA", "all", "toàn quốc"])
def test_every_province_words(typed: str) -> None:
    assert is_every_province(typed)


@pytest.mark.parametrize(
    ("typed", "key", "province"),
    [
        ("thu ngan sach", "budget_revenue", None),
        ("Thu ngân sách", "budget_revenue", None),
        ("THU NGAN SACH", "budget_revenue", None),
        ("thu ngan sch", "budget_revenue", None),
        ("thu ngan sach bac kan", "budget_revenue", "Thái Nguyên"),
        ("thu ngân sách Bắc Kạn", "budget_revenue", "Thái Nguyên"),
        ("thu ngan sach Bac Can", "budget_revenue", "Thái Nguyên"),
        ("thu ngan sach thai ngyen", "budget_revenue", "Thái Nguyên"),
        ("tang truong grdp ha noi", "grdp_growth", "Hà Nội"),
        ("chi so gia tieu dung", "consumer_price_index", None),
        ("khach du lich quang ninh", "tourists", "Quảng Ninh"),
    ],
)
def test_indicator_queries(typed: str, key: str, province: str | None) -> None:
    query = parse_indicator_query(typed)
    assert query.key == key
    assert (query.place.province if query.place else None) == province


def test_ambiguous_indicator_offers_candidates() -> None:
    query = parse_indicator_query("du lich")
    assert query.key is None
    assert set(query.candidates) == {"tourists", "tourism_revenue"}


@pytest.mark.parametrize(
    ("argument", "problem"),
    [
        ("bac kan", None),
        ("Bà Rịa - Vũng Tàu", None),
        ("tăng 5% * 2", None),
        ("x" * 201, Problem.TOO_LONG),
        ("x" * 4000, Problem.TOO_LONG),
        ("<b>bac kan</b>", Problem.MARKUP),
        ("<script>alert(1)</script>", Problem.MARKUP),
        ("bac &amp; kan", Problem.MARKUP),
        ("**bac kan**", Problem.MARKUP),
        ("_bac_ __kan__", Problem.MARKUP),
        ("`bac kan`", Problem.MARKUP),
        ("[bac kan](https://example.vn)", Problem.MARKUP),
    ],
)
def test_argument_problems(argument: str, problem: Problem | None) -> None:
    assert argument_problem(argument) == problem


@pytest.mark.parametrize(
    ("argument", "expected"),
    [("bac kan", ("bac kan", 1)), ("bac kan 2", ("bac kan", 2)), ("Bắc Kạn #3", ("Bắc Kạn", 3)),
     ("bac kan 0", ("bac kan", 1)), ("2", ("2", 1))],
)
def test_pages(argument: str, expected: tuple[str, int]) -> None:
    assert split_page(argument) == expected
