# ruff: noqa: E501  (tables keep one row per line)
"""Targets the engine read as results or dropped, and shares said before their value.

Every sentence is written for these tests in the manner of a provincial report's (no report's
sentence is copied); each table is named after what broke.
"""

from __future__ import annotations

import pytest

from digest.extract import extract
from digest.figures import find_figures
from digest.render import figure_line
from digest.sections import label_clauses
from tests.digest.figure_tables import row_ids as _ids


def split(text: str, **kw) -> tuple[list[str], list[str]]:
    """Values as written: (results, targets)."""
    results, targets = find_figures(label_clauses(text), period=None, **kw)
    return [f.value_raw for f in results], [f.value_raw for f in targets]


# --- A directive's goals were dropped with the directive -----------------------------------
# What the chair asks the province to reach is a target; the directive's other numbers (who
# is assigned, what is asked of the centre) are no figure.

DIRECTIVE_GOALS_WERE_DROPPED = [
    ("Kết luận buổi làm việc, Thủ tướng yêu cầu tỉnh phấn đấu đạt tốc độ tăng trưởng từ 10% trở lên trong năm tới.",
     ([], ["từ 10% trở lên"])),
    ("Chủ tịch UBND tỉnh yêu cầu các sở, ngành phải cắt giảm ít nhất 30% thời gian giải quyết thủ tục hành chính.",
     ([], ["ít nhất 30%"])),
    ("Bí thư Tỉnh ủy đề nghị Đảng ủy UBND tỉnh tập trung lãnh đạo để tăng trưởng kinh tế của tỉnh đạt từ 8 - 8,5%.",
     ([], ["từ 8 - 8,5%"])),
    ("Đồng chí Chủ tịch yêu cầu các chủ đầu tư đẩy nhanh tiến độ, giải ngân 100% vốn đầu tư công được giao.",
     ([], ["100%"])),
    # Not goals: who is assigned, what the province asks of the centre, the country's goal.
    ("Chủ tịch UBND tỉnh giao Sở Tài chính chủ trì, phối hợp với 5 sở, ngành rà soát các dự án.", ([], [])),
    ("Chủ tịch UBND tỉnh đề nghị Bộ Tài chính hỗ trợ 500 tỷ đồng để xây dựng hồ chứa nước.", ([], [])),
    ("Thủ tướng yêu cầu các địa phương cùng nỗ lực để đảm bảo mục tiêu tăng trưởng của cả nước 8%.", ([], [])),
]


@pytest.mark.parametrize("text,expected", DIRECTIVE_GOALS_WERE_DROPPED, ids=_ids(DIRECTIVE_GOALS_WERE_DROPPED))
def test_a_directives_goal_is_a_target(text: str, expected: tuple) -> None:
    assert split(text) == expected


def test_a_directive_that_reports_results_keeps_them_results() -> None:
    text = (
        "Phát biểu kết luận, Chủ tịch UBND tỉnh yêu cầu các ngành tập trung giải ngân vốn đầu tư công. "
        "Chủ tịch cho biết, thu ngân sách đã đạt 6.120 tỷ đồng, vượt 3% dự toán."
    )
    assert split(text) == (["6.120 tỷ đồng"], [])


# --- Figures of a later year were read as results ---------------------------------------------
# "Kế hoạch năm 2025", "chỉ tiêu năm 2025", "đến năm 2030" in a review of 2024: the plan.

LATER_YEAR_READ_AS_RESULT = [
    ("Kế hoạch năm 2025: kim ngạch xuất khẩu đạt 3 tỷ USD.", ([], ["3 tỷ USD"])),
    ("Chỉ tiêu năm 2025: thu ngân sách nhà nước 15.000 tỷ đồng; tỷ lệ hộ nghèo giảm 1,5%.",
     ([], ["15.000 tỷ đồng", "1,5%"])),
    ("Đến năm 2030, tỉnh trở thành tỉnh khá với GRDP bình quân đầu người đạt 150 triệu đồng.",
     ([], ["150 triệu đồng"])),
    ("Chỉ tiêu kế hoạch năm 2025 về tỷ lệ che phủ rừng là 55%.", ([], ["55%"])),
    # The reviewed year itself, and the years before it, are results.
    ("Năm 2024, tổng thu ngân sách đạt 14.100 tỷ đồng, bằng 105% dự toán.", (["14.100 tỷ đồng"], [])),
    ("Tăng trưởng GRDP tăng dần từ 5,9% năm 2022 lên 6,8% năm 2023 và 7,3% năm 2024.", (["5,9%", "6,8%", "7,3%"], [])),
]


@pytest.mark.parametrize("text,expected", LATER_YEAR_READ_AS_RESULT, ids=_ids(LATER_YEAR_READ_AS_RESULT))
def test_a_later_years_figure_is_a_target(text: str, expected: tuple) -> None:
    assert split(text, year=2024) == expected


def test_without_a_known_year_a_years_figure_stays_a_result() -> None:
    assert split("Kế hoạch năm 2025: kim ngạch xuất khẩu đạt 3 tỷ USD.") == (["3 tỷ USD"], [])


def test_the_reviewed_period_names_the_year() -> None:
    """A January meeting on last year plans this year: "Kế hoạch năm 2025" at a meeting of
    January 2025 on 2024 is a target; at a meeting of December 2025 on 2025, a result."""
    clauses = label_clauses("Kế hoạch năm 2025 giải ngân 9.000 tỷ đồng.")
    results, targets = find_figures(clauses, period="năm 2024", year=2025)
    assert ([f.value_raw for f in results], [f.value_raw for f in targets]) == ([], ["9.000 tỷ đồng"])
    results, targets = find_figures(clauses, period="năm 2025", year=2025)
    assert ([f.value_raw for f in results], [f.value_raw for f in targets]) == (["9.000 tỷ đồng"], [])


def test_the_meetings_year_reaches_find_figures() -> None:
    text = (
        "Sáng 18/12/2024, HĐND tỉnh khai mạc kỳ họp thường lệ cuối năm.\n\n"
        "Năm 2024, tổng thu ngân sách trên địa bàn đạt 12.400 tỷ đồng, vượt 6% dự toán. "
        "Kế hoạch năm 2025, kim ngạch xuất khẩu đạt 2,8 tỷ USD."
    )
    report = extract(text)
    assert [f.value_raw for f in report.figures] == ["12.400 tỷ đồng"]
    assert [f.value_raw for f in report.targets] == ["2,8 tỷ USD"]


# --- A share said before its value was a figure of its own -----------------------------------

SHARE_BEFORE_ITS_VALUE = [
    ("Loại hình công ty TNHH một thành viên chiếm tỷ trọng cao nhất (61,2%) với 1.034 doanh nghiệp.",
     ["Loại hình công ty TNHH một thành viên: 1.034 doanh nghiệp, chiếm tỷ trọng cao nhất (61,2%)"]),
    ("Ngành xây dựng chiếm 18,5% với vốn đăng ký 3.308 tỷ đồng.",
     ["Ngành xây dựng: 3.308 tỷ đồng, chiếm 18,5%"]),
    # A share with no value after it stays a figure.
    ("Trong cơ cấu kinh tế, khu vực dịch vụ chiếm 42,5%.", ["Cơ cấu kinh tế: 42,5%"]),
]


@pytest.mark.parametrize("text,expected", SHARE_BEFORE_ITS_VALUE, ids=_ids(SHARE_BEFORE_ITS_VALUE))
def test_a_share_before_its_value_is_its_attribute(text: str, expected: list[str]) -> None:
    results, targets = find_figures(label_clauses(text), period=None)
    assert [figure_line(f) for f in results + targets] == expected


# --- The year reviewed, estimated, was read as a goal; the chair's figures were dropped -------


def test_an_estimate_of_the_reviewed_year_is_a_result() -> None:
    """ "Dự kiến năm 2024" in a review of 2024 estimates the year's result; "dự kiến năm 2025"
    plans the next."""
    text = (
        "Dự kiến năm 2024, tăng trưởng kinh tế của tỉnh đạt 8,2%, đứng thứ 5 cả nước. "
        "Dự kiến năm 2025, tăng trưởng kinh tế đạt 9%."
    )
    assert split(text, year=2024) == ([], ["8,2%", "đứng thứ 5 cả nước", "9%"])  # no reviewed period
    results, targets = find_figures(label_clauses(text), period="năm 2024", year=2024)
    assert [f.value_raw for f in results] == ["8,2%", "đứng thứ 5 cả nước"]
    assert [f.value_raw for f in targets] == ["9%"]
    # A January meeting on 2023 plans 2024: the estimate rule reads the reviewed period's year.
    results, targets = find_figures(label_clauses(text), period="năm 2023", year=2024)
    assert [f.value_raw for f in results] == []


def test_a_value_the_chair_states_as_reached_is_a_result() -> None:
    text = "Chủ tịch UBND tỉnh nhấn mạnh, năm 2024 tăng trưởng GRDP đạt 8,2%, cao nhất từ trước đến nay."
    assert split(text) == (["8,2%"], [])
    text = "Chủ tịch UBND tỉnh yêu cầu phấn đấu giải ngân đạt 100% kế hoạch vốn."
    assert split(text) == ([], ["100%"])


# --- A decision's plan for the next year was dropped with the directive -----------------------

DECISIONS_FOR_A_LATER_YEAR = [
    # "về dự toán" read as "về dự" (came to attend): the budget was taken for attendance.
    ("Kỳ họp đã thông qua Nghị quyết về dự toán thu ngân sách nhà nước năm 2025 là 18.500 tỷ đồng, chi ngân sách địa phương 22.300 tỷ đồng.",
     ([], ["18.500 tỷ đồng", "22.300 tỷ đồng"])),
    ("Kỳ họp thông qua kế hoạch đầu tư công năm 2025 với tổng vốn 7.800 tỷ đồng.", ([], ["7.800 tỷ đồng"])),
    # A project approved is no figure of the period.
    ("Kỳ họp thông qua chủ trương đầu tư dự án đường tỉnh với tổng mức đầu tư 1.250 tỷ đồng.", ([], [])),
]


@pytest.mark.parametrize("text,expected", DECISIONS_FOR_A_LATER_YEAR, ids=_ids(DECISIONS_FOR_A_LATER_YEAR))
def test_a_decision_for_a_later_year_is_a_target(text: str, expected: tuple) -> None:
    """After the closing session's opener every sentence is read as the meeting's decisions."""
    opener = "Phát biểu bế mạc kỳ họp, Chủ tịch HĐND tỉnh nêu rõ. "
    results, targets = find_figures(label_clauses(opener + text), period="năm 2024", year=2024)
    assert ([f.value_raw for f in results], [f.value_raw for f in targets]) == expected


def test_those_who_came_to_attend_are_still_no_figure() -> None:
    assert split("Có 52 đại biểu về dự.") == ([], [])


# --- A list of goals under its header was read as results --------------------------------------

GOAL_LISTS_READ_AS_RESULTS = [
    ("Đại hội xác định các chỉ tiêu chủ yếu giai đoạn 2025 - 2030:\n"
     "- Tốc độ tăng trưởng GRDP bình quân đạt 10 - 10,5%/năm;\n"
     "- GRDP bình quân đầu người đến năm 2030 đạt 7.500 USD.\n"
     "Nhiệm kỳ qua, tăng trưởng GRDP bình quân đạt 7,8%/năm.",
     (["7,8%/năm"], ["10 - 10,5%/năm", "7.500 USD"])),
    # Items without bullets: each ends open (";") but the last.
    ("Các chỉ tiêu chủ yếu năm 2026:\nTốc độ tăng trưởng GRDP đạt 10%;\nThu ngân sách nhà nước 25.000 tỷ đồng.\n"
     "Năm 2025, thu ngân sách đạt 21.000 tỷ đồng.",
     (["21.000 tỷ đồng"], ["10%", "25.000 tỷ đồng"])),
    # A list under a header of results stays results.
    ("Kết quả nổi bật năm 2025:\n- Tăng trưởng GRDP đạt 8,1%;\n- Thu ngân sách 21.000 tỷ đồng.",
     (["8,1%", "21.000 tỷ đồng"], [])),
]


@pytest.mark.parametrize("text,expected", GOAL_LISTS_READ_AS_RESULTS, ids=_ids(GOAL_LISTS_READ_AS_RESULTS))
def test_a_list_of_goals_is_targets(text: str, expected: tuple) -> None:
    results, targets = find_figures(label_clauses(text), period=None, body=text)
    assert ([f.value_raw for f in results], [f.value_raw for f in targets]) == expected


def test_the_year_reviewed() -> None:
    """The meeting's year, or the year before when the period names it; a term names none."""
    from digest.figure_years import reviewed_year as _reviewed_year

    assert _reviewed_year("năm 2024", 2024) == 2024
    assert _reviewed_year("năm 2024", 2025) == 2024  # January, on last year
    assert _reviewed_year("nhiệm kỳ 2025 - 2030", 2025) == 2025
    assert _reviewed_year("nhiệm kỳ 2025 - 2030", None) is None
    assert _reviewed_year("6 tháng đầu năm 2024", None) == 2024
    assert _reviewed_year("năm 2020", 2024) == 2024  # a period far before is not the one reviewed


def test_a_goal_restated_by_another_speaker_is_one_target() -> None:
    """The report and the chair both said the year's goal: it was printed twice."""
    text = (
        "Nhất là chỉ tiêu tăng trưởng cả năm phấn đấu từ 8,5-9% trong 6 tháng cuối năm 2017. "
        "Phát biểu chỉ đạo, Bí thư Thành ủy yêu cầu trong 6 tháng cuối năm, thành phố phải phấn đấu tăng trưởng từ 8,5- 9%."
    )
    results, targets = split(text)
    assert (results, len(targets)) == ([], 1)


def test_a_shortfall_in_a_goal_sentence_is_no_goal() -> None:
    text = (
        "Các nguồn thu khác dù phấn đấu tăng 1.200 tỷ đồng nhưng tựu chung lại, "
        "địa phương sẽ hụt thu khoảng 1.600 tỷ đồng."
    )
    assert split(text) == (["khoảng 1.600 tỷ đồng"], ["1.200 tỷ đồng"])


def test_goals_of_one_number_for_named_indicators_stay_apart() -> None:
    text = (
        "Phấn đấu chỉ số cải cách hành chính của tỉnh tăng từ 1 bậc trở lên; "
        "chỉ số năng lực cạnh tranh cấp tỉnh tăng từ 1 bậc trở lên."
    )
    assert len(split(text)[1]) == 2
