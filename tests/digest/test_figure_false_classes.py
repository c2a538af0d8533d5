# ruff: noqa: E501  (tables keep one row per line)
"""Numbers printed as results of the period that are none: plans quoted beside a result, a
later year's expectation, the meeting's own people and votes, prices, a headline's rounded
repeat of the body's figure.

Every sentence is written for these tests in the manner of a provincial report's (no report's
sentence is copied); each table is named after what broke.
"""

from __future__ import annotations

import pytest

from digest.figures import find_figures
from digest.render import figure_line
from digest.sections import label_clauses
from tests.digest.figure_tables import row_ids as _ids


def read(text: str, **kw: object) -> tuple[list[str], list[str]]:
    results, targets = find_figures(label_clauses(text), period=kw.pop("period", None), **kw)  # type: ignore[arg-type]
    return [figure_line(f) for f in results], [figure_line(f) for f in targets]


# --- The plan a result is measured against was printed as a result ---------------------------
# text, the digest's result lines

PLAN_QUOTED_AFTER_A_RESULT = [
    ("Kim ngạch xuất khẩu ước đạt 3,2 tỷ USD, cao hơn nhiều so với chỉ tiêu 2,5 tỷ USD của Nghị quyết Đại hội.",
     ["Kim ngạch xuất khẩu: 3,2 tỷ USD, chỉ tiêu 2,5 tỷ USD"]),
    ("Thu ngân sách đạt 8.400 tỷ đồng, vượt xa so với kế hoạch 7.000 tỷ đồng.",
     ["Thu ngân sách: 8.400 tỷ đồng, kế hoạch 7.000 tỷ đồng"]),
    # No result before it: the plan alone is no result.
    ("Số khách du lịch vẫn thấp hơn so với mục tiêu 5 triệu lượt khách đề ra.", []),
    # A comparison with last year's value stays as it was.
    ("Thu ngân sách đạt 12.000 tỷ đồng, cao hơn so với mức 10.500 tỷ đồng của năm trước.",
     ["Thu ngân sách: 12.000 tỷ đồng, so với mức 10.500 tỷ đồng của năm trước"]),
]


@pytest.mark.parametrize("text,expected", PLAN_QUOTED_AFTER_A_RESULT, ids=_ids(PLAN_QUOTED_AFTER_A_RESULT))
def test_a_plan_quoted_after_a_result_is_no_result(text: str, expected: list[str]) -> None:
    assert read(text)[0] == expected


# --- What the meeting expects of a later year was printed as a result ----------------------
# text, the meeting's year, month, the report's period, results and targets (value as written)

LATER_YEARS_EXPECTATION = [
    # A lead that names next year's plan gave the report that year as its period.
    ("Dự kiến năm 2025, tổng thu ngân sách trên địa bàn đạt 21.000 tỷ đồng.", 2024, 12, "năm 2025",
     [], ["21.000 tỷ đồng"]),
    ("Thu nhập bình quân đầu người năm 2018 đạt 1.650 USD, dự kiến năm 2020 là 1.900 USD/người.", 2019, 5, "năm 2020",
     ["1.650 USD"], ["1.900 USD/người"]),
    # The estimate of the year reviewed is its result.
    ("Dự kiến năm 2024, tăng trưởng kinh tế của tỉnh đạt 7,8%, đứng thứ 9 cả nước.", 2024, 12, "năm 2024",
     ["7,8%", "đứng thứ 9 cả nước"], []),
    ("Dự kiến năm 2024, tăng trưởng kinh tế của tỉnh đạt 7,8%.", 2025, 1, "năm 2024", ["7,8%"], []),
    # A December session reviews its own year, whatever year its lead names first.
    ("Năm 2023 tăng trưởng GRDP đạt 6,1%; năm 2024 ước đạt 7,4%.", 2024, 12, "năm 2023",
     ["6,1%", "7,4%"], []),
    # A January session looks back on the year before: the year after it is the plan.
    ("Năm 2024 tăng trưởng GRDP đạt 7,4%; năm 2025 phấn đấu đạt 8%.", 2025, 1, "năm 2024",
     ["7,4%"], ["8%"]),
]


@pytest.mark.parametrize("text,year,month,period,results,targets", LATER_YEARS_EXPECTATION,
                         ids=_ids(LATER_YEARS_EXPECTATION))
def test_a_later_years_expectation_is_a_target(
    text: str, year: int, month: int, period: str, results: list[str], targets: list[str]
) -> None:
    got, want = find_figures(label_clauses(text), period=period, year=year, month=month)
    assert ([f.value_raw for f in got], [f.value_raw for f in want]) == (results, targets)


# --- The meeting's own people and votes were printed as results ------------------------------
# text, the values (as written) that are results

WHO_ATTENDED_AND_HOW_THEY_VOTED = [
    ("Hội nghị lần thứ 18 Ban Chấp hành Đảng bộ tỉnh có 47 đồng chí Ủy viên Ban Chấp hành tham dự.", []),
    ("Kỳ họp diễn ra với sự tham dự của 50 đại biểu HĐND tỉnh và hơn 80 khách mời.", []),
    ("Buổi làm việc có sự tham gia của hơn 150 cán bộ chủ chốt các sở, ngành, địa phương.", []),
    # A sentence that opens on who attended lists people, however far its counts stand.
    ("Tham dự hội nghị có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy; lãnh đạo các sở, ban, ngành, đoàn thể của tỉnh và hơn 120 cán bộ chủ chốt.", []),
    # The members the attendees stand for are the party's size, a figure.
    ("Dự đại hội có 320 đại biểu chính thức, đại diện cho hơn 38.000 đảng viên trong Đảng bộ tỉnh.", ["hơn 38.000 đảng viên"]),
    ("Các nghị quyết được thông qua với tỷ lệ 100% số phiếu tán thành.", []),
    ("Ban Thường vụ đã bỏ phiếu kín với 100% ý kiến nhất trí thi hành kỷ luật.", []),
    # A result said after the attendance, in its own sentence, stays.
    ("Hội nghị có 45 đồng chí tham dự. Năm 2024, tỉnh thu hút 36 dự án với tổng vốn đăng ký 12.500 tỷ đồng.",
     ["36 dự án", "12.500 tỷ đồng"]),
]


@pytest.mark.parametrize("text,expected", WHO_ATTENDED_AND_HOW_THEY_VOTED, ids=_ids(WHO_ATTENDED_AND_HOW_THEY_VOTED))
def test_who_attended_and_how_they_voted_is_no_result(text: str, expected: list[str]) -> None:
    results, targets = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in results + targets] == expected


# --- A headline's rounded figure and the body's exact one were printed twice -----------------
# text, the values (as written) printed

ROUNDED_REPEATS = [
    ("Quảng Trị: 9 tháng thu ngân sách hơn 3 nghìn tỷ đồng. Theo báo cáo, 9 tháng năm 2024 tổng thu ngân sách trên địa bàn ước đạt 3.040 tỷ đồng, đạt 71% dự toán.",
     ["3.040 tỷ đồng"]),
    ("Xuất khẩu đạt gần 1,2 tỷ USD. Kim ngạch xuất khẩu cả năm ước đạt 1.185 triệu USD, tăng 9%.",
     ["1.185 triệu USD"]),
    # Two exact amounts of one indicator are two figures, however close.
    ("Tổng thu ngân sách đạt 5.120 tỷ đồng. Riêng thu ngân sách 6 tháng cuối năm đạt 5.010 tỷ đồng.",
     ["5.120 tỷ đồng", "5.010 tỷ đồng"]),
    # A rounded amount of another indicator stays.
    ("Thu ngân sách đạt hơn 3 nghìn tỷ đồng; tổng vốn đầu tư toàn xã hội đạt 3.050 tỷ đồng.",
     ["hơn 3 nghìn tỷ đồng", "3.050 tỷ đồng"]),
]


@pytest.mark.parametrize("text,expected", ROUNDED_REPEATS, ids=_ids(ROUNDED_REPEATS))
def test_a_rounded_repeat_is_printed_once_in_its_exact_words(text: str, expected: list[str]) -> None:
    results, targets = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in results + targets] == expected


# --- A goal said among results, and the plan of the year, were printed as results -----------
# text, results and targets (values as written)

GOALS_SAID_AMONG_RESULTS = [
    # A purpose: "để đạt mục tiêu" is no goal met, and what the rest of the year must bring.
    ("Để đạt mục tiêu tăng trưởng 7,5% cả năm, quý IV kinh tế của tỉnh phải tăng trên 10%.",
     [], ["7,5%", "trên 10%"]),
    ("Năm 2024, GRDP tăng 7,6%, đạt mục tiêu đề ra.", ["7,6%"], []),
    # The plan a label names ("kế hoạch vốn … được giao") is no result; what was done against it is.
    ("Kế hoạch vốn đầu tư công năm 2024 của tỉnh được giao 4.800 tỷ đồng, đến nay đã giải ngân 2.900 tỷ đồng.",
     ["2.900 tỷ đồng"], []),
    ("Kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025 của tỉnh là 21.000 tỷ đồng.", [], []),
]


@pytest.mark.parametrize("text,results,targets", GOALS_SAID_AMONG_RESULTS, ids=_ids(GOALS_SAID_AMONG_RESULTS))
def test_a_goal_or_plan_said_among_results_is_no_result(
    text: str, results: list[str], targets: list[str]
) -> None:
    got, want = find_figures(label_clauses(text), period=None)
    assert ([f.value_raw for f in got], [f.value_raw for f in want]) == (results, targets)


def test_what_an_inspection_recommends_is_its_result() -> None:
    """ "kiến nghị thu hồi" is an inspection's finding, a result; "kiến nghị Chính phủ bổ sung"
    asks the centre for money, none."""
    text = (
        "Qua 46 cuộc thanh tra, phát hiện sai phạm 12,4 tỷ đồng, kiến nghị thu hồi 3,6 tỷ đồng. "
        "Tỉnh kiến nghị Trung ương bổ sung 800 tỷ đồng cho dự án đường ven biển."
    )
    results, targets = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in results + targets] == ["46 cuộc thanh tra", "12,4 tỷ đồng", "3,6 tỷ đồng"]


# --- A bracket comparing a figure was read as new figures; "lượt" lost its noun ---------------
# text, the digest's result lines

COMPARISONS_IN_A_BRACKET = [
    ("Trong quý, 2.310 doanh nghiệp thành lập mới với tổng vốn đăng ký 24.500 tỷ đồng (so cùng kỳ tăng 8,2% về số doanh nghiệp và tăng 31,5% về vốn đăng ký).",
     ["Doanh nghiệp thành lập mới: 2.310 doanh nghiệp",
      "Thu hút đầu tư: 24.500 tỷ đồng, tăng 8,2% về số doanh nghiệp, tăng 31,5% về vốn đăng ký"]),
    ("Vốn điều chỉnh tăng 8.900 tỷ đồng (so cùng kỳ gấp 3 lần về vốn bổ sung).",
     ["Vốn điều chỉnh: 8.900 tỷ đồng, gấp 3 lần về vốn bổ sung"]),
    # Without a bracket too: each change keeps what it measures and what it is against.
    ("Tổng vốn đăng ký đạt 312,4 nghìn tỷ đồng, tăng 14,2% về số doanh nghiệp và tăng 39,5% về số vốn so với năm 2023.",
     ["Thu hút đầu tư: 312,4 nghìn tỷ đồng, tăng 14,2% về số doanh nghiệp, tăng 39,5% về số vốn so với năm 2023"]),
    ("Vốn đăng ký đạt 9,6 tỷ USD, tăng 12,1% về số dự án và bằng 91,4% về vốn đăng ký so với cùng kỳ.",
     ["Thu hút đầu tư: 9,6 tỷ USD, tăng 12,1% về số dự án, bằng 91,4% về vốn đăng ký so với cùng kỳ"]),
    # A bracket that names the parts of a figure holds figures of their own.
    ("Công nghiệp - xây dựng tăng 12,4% (công nghiệp tăng 14,1%, xây dựng tăng 7,3%).",
     ["Công nghiệp - xây dựng: tăng 12,4%", "Công nghiệp: tăng 14,1%", "Xây dựng: tăng 7,3%"]),
    # A bracket that ends other words (the country's growth) is no comparison of the figure.
    ("Tăng trưởng kinh tế ước đạt 9,1%, cao hơn bình quân chung cả nước (ước tăng 7%).",
     ["Tăng trưởng GRDP: 9,1%"]),
    # "lượt" keeps the noun that says what it counts.
    ("Có 4.120 lượt doanh nghiệp đăng ký thay đổi nội dung kinh doanh.",
     ["4.120 lượt doanh nghiệp"]),
]


@pytest.mark.parametrize("text,expected", COMPARISONS_IN_A_BRACKET, ids=_ids(COMPARISONS_IN_A_BRACKET))
def test_a_bracket_comparing_a_figure_stays_with_it(text: str, expected: list[str]) -> None:
    results, _ = find_figures(label_clauses(text), period=None)
    lines = [figure_line(f) for f in results]
    if len(expected) == 1 and ":" not in expected[0]:
        assert [f.value_raw for f in results] == expected
    else:
        assert lines == expected


# --- The country's figure set against the province's was printed as the province's -----------

COUNTRY_BESIDE_THE_PROVINCE = [
    ("Tăng trưởng kinh tế của tỉnh đạt 8,1%, trong khi cả nước chỉ tăng 6,2%.", ["8,1%"]),
    ("Giải ngân đạt 71%, cao hơn so với mức bình quân 55% của cả nước.", ["71%"]),
    ("Chỉ số PCI của tỉnh đạt 69,2 điểm, trong khi điểm trung vị cả nước là 65,1 điểm.", ["69,2 điểm"]),
    ("Thủ tướng nêu rõ, cả nước đã giải ngân được 82% kế hoạch vốn, trong khi tỉnh mới đạt 65%.", ["65%"]),
    ("Theo Bộ trưởng, 6 tháng đầu năm cả nước có 113.000 doanh nghiệp gia nhập thị trường.", []),
    # A place among the provinces is the province's own.
    ("Tăng trưởng GRDP đạt 9,3%, đứng thứ 6 của cả nước.", ["9,3%", "đứng thứ 6 của cả nước"]),
]


@pytest.mark.parametrize("text,expected", COUNTRY_BESIDE_THE_PROVINCE, ids=_ids(COUNTRY_BESIDE_THE_PROVINCE))
def test_the_countrys_figure_is_no_result_of_the_province(text: str, expected: list[str]) -> None:
    results, targets = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in results + targets] == expected


# --- Targets: a goal restated, the country's goal, last year's result among the goals --------


def test_a_goal_restated_in_the_same_words_is_one_target() -> None:
    text = (
        "Năm 2025, tỉnh phấn đấu tăng trưởng 9,5%. "
        "Kết luận hội nghị, Bí thư Tỉnh ủy yêu cầu các ngành quyết tâm đạt mục tiêu tăng trưởng 9,5% đã đề ra."
    )
    _, targets = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in targets] == ["9,5%"]


def test_the_countrys_goal_is_no_target_of_the_province() -> None:
    text = "Năm 2025, Chính phủ đặt mục tiêu tăng trưởng GDP 8% trở lên; tỉnh phấn đấu tăng trưởng 10,5%."
    _, targets = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in targets] == ["10,5%"]


def test_a_past_years_result_among_the_goals_is_a_result() -> None:
    """Only where the meeting's own year is known: a report's period alone may be the plan's."""
    text = "Mục tiêu đến năm 2030 đón 12 triệu lượt khách; năm 2024 tỉnh đã đón 6,8 triệu lượt khách."
    results, targets = find_figures(label_clauses(text), period="năm 2025", year=2025, month=6)
    assert ([f.value_raw for f in results], [f.value_raw for f in targets]) == (
        ["6,8 triệu lượt khách"],
        ["12 triệu lượt khách"],
    )
    # What a goal is against is no period of its own: "so với năm 2024" does not date it.
    text = "Phấn đấu tốc độ tăng thu ngân sách năm 2025 so với năm 2024 là 15-20%."
    _, targets = find_figures(label_clauses(text), period="năm 2025", year=2025, month=6)
    assert [f.value_raw for f in targets] == ["15-20%"]


def test_a_goal_set_with_dat_is_no_result_before_its_goal() -> None:
    """Folded, "đặt chỉ tiêu" (set a target) reads "đạt" (reached): the goal set for next year
    is no result stated before it."""
    text = "Tỉnh đặt chỉ tiêu thu hút 30 dự án đầu tư nước ngoài trong năm tới."
    results, targets = find_figures(label_clauses(text), period=None)
    assert ([f.value_raw for f in results], [f.value_raw for f in targets]) == ([], ["30 dự án"])
