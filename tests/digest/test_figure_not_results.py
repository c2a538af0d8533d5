# ruff: noqa: E501  (tables keep one row per line)
"""Numbers the engine printed as results that are none, and results it must keep beside them.

Every sentence is written for these tests in the manner of a provincial report's (no report's
sentence is copied); each table is named after what broke.
"""

from __future__ import annotations

import pytest

from digest.figures import find_figures
from digest.render import figure_line
from digest.sections import label_clauses
from tests.digest.figure_tables import row_ids as _ids


def values(text: str) -> list[str]:
    results, targets = find_figures(label_clauses(text), period=None)
    return [f.value_raw for f in results + targets]


# text, the values (as written) that are results; every other number in it is none.
NOT_RESULTS_PRINTED_AS_RESULTS = [
    # Page chrome: how often the page was read.
    ("Bài viết đã có 1.204 lượt xem và 15 bình luận.", []),
    # Where the meeting was followed from, and where something was done.
    ("Hội nghị được kết nối trực tuyến tới 96 xã, phường trong tỉnh.", []),
    ("Đồng chí Phó Bí thư Thường trực Tỉnh ủy chủ trì hội nghị; 18 huyện, thị xã, thành phố kết nối trực tuyến.", []),
    ("Sở Công Thương tổ chức 18 phiên chợ hàng Việt, trên 300 chuyến hàng lưu động tại 18 huyện, thị xã.",
     ["18 phiên chợ", "trên 300 chuyến hàng"]),
    # Elections and delegations.
    ("Đại hội đã bầu 53 đồng chí vào Ban Chấp hành Đảng bộ tỉnh khóa XVIII, nhiệm kỳ 2025 - 2030.", []),
    ("Đoàn công tác của Chính phủ gồm 20 thành viên.", []),
    # What the province is, not what it did.
    ("Tỉnh có diện tích tự nhiên 14.123 km2, dân số hơn 1,3 triệu người; có 274 km đường biên giới với Lào.", []),
    ("Là tỉnh đứng thứ 12 về dân số, năm 2024 tỉnh có 17/17 chỉ tiêu đạt và vượt kế hoạch.",
     ["17/17 chỉ tiêu đạt và vượt kế hoạch"]),
    # What the province asks of the centre, and a project's description.
    ("Tỉnh kiến nghị Chính phủ bổ sung 2.000 tỷ đồng vốn cho dự án đường cao tốc dài 53 km.", []),
    ("Năm 2024, tỉnh đã hoàn thành 53 km đường giao thông nông thôn.", ["53 km"]),
    # Gifts at the ceremony, and those who followed the meeting.
    ("Tại hội nghị, lãnh đạo tỉnh đã trao 20 suất học bổng, mỗi suất trị giá 5 triệu đồng cho học sinh vượt khó.", []),
    ("Hơn 1.000 cán bộ, đảng viên chủ chốt dự hội nghị tại các điểm cầu.", []),
    ("Hội nghị cho biết đã kết nạp 1.300 đảng viên mới trong năm.", ["1.300 đảng viên"]),
    # Counts of things the units vocabulary lacked are results.
    ("Ủy ban Kiểm tra đã kiểm tra 56 tổ chức đảng và 124 đảng viên khi có dấu hiệu vi phạm.", ["56 tổ chức đảng", "124 đảng viên"]),
    ("Sau sắp xếp, tỉnh giảm 98 đơn vị hành chính cấp xã.", ["98 đơn vị hành chính"]),
    # The chair thanking those who worked reports no result.
    ("Kết luận phiên họp, Chủ tịch UBND tỉnh ghi nhận sự nỗ lực của các sở, ngành và 96 xã, phường trong thời gian qua.", []),
    # The country's figure beside the province's.
    ("Tăng trưởng GRDP của tỉnh đạt 8,2%, cao hơn mức tăng trưởng của cả nước 7,09%.", ["8,2%"]),
    ("GDP cả nước năm 2024 tăng 7,09%, trong đó tăng trưởng GRDP của tỉnh đạt 8,2%.", ["8,2%"]),
    ("Thủ tướng nêu rõ, năm 2025 cả nước phấn đấu tăng trưởng 8%.", []),
]


@pytest.mark.parametrize("text,expected", NOT_RESULTS_PRINTED_AS_RESULTS, ids=_ids(NOT_RESULTS_PRINTED_AS_RESULTS))
def test_numbers_that_are_no_result_of_the_period(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_the_chairs_praise_of_a_result_keeps_it_a_result() -> None:
    """"kết quả mà tỉnh đạt được" in a closing speech reports results: the growth after it is
    no target the chair sets."""
    text = "Phát biểu kết luận, Thủ tướng đánh giá cao kết quả mà tỉnh đạt được, trong đó GRDP bình quân giai đoạn 2021 - 2023 tăng 5,2%."
    results, targets = find_figures(label_clauses(text), period=None)
    assert ([f.value_raw for f in results], targets) == (["5,2%"], [])


# --- A lead repeating the body printed each figure twice --------------------------------------


def test_a_lead_repeating_the_body_gives_each_figure_once() -> None:
    """A news page's lead gives the headline figures ("tăng trưởng kinh tế đạt 7,5%, thu ngân
    sách đạt trên 20.150 tỷ đồng"), its body the same ones with their attributes: one figure
    each, the one that says more."""
    text = (
        "6 tháng đầu năm, tăng trưởng kinh tế của tỉnh đạt 7,5%, thu ngân sách đạt trên 20.150 tỷ đồng. "
        "Theo báo cáo, 6 tháng đầu năm 2024, tổng sản phẩm trên địa bàn (GRDP) ước tăng 7,5% so với cùng kỳ. "
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 20.150 tỷ đồng, bằng 49% dự toán."
    )
    results, _ = find_figures(label_clauses(text), period=None)
    assert [(f.value_raw, f.pct_raw, f.yoy_raw) for f in results] == [
        ("7,5%", None, "tăng 7,5% so với cùng kỳ"),
        ("20.150 tỷ đồng", "bằng 49% dự toán", None),
    ]


REPEATS_THAT_ARE_TWO_FIGURES = [
    # Two round counts of one unit are two facts, not one said twice.
    "Quận chưa cấp giấy chứng nhận cho gần 1.000 hộ dân khu tái định cư. Ngoài ra còn gần 1.000 hộ dân lấn chiếm đất công làm nhà ở.",
    # One value of one indicator in two periods.
    "Chỉ số sản xuất công nghiệp quý I tăng 6,2%. Chỉ số sản xuất công nghiệp quý II tăng 6,2%.",
]


@pytest.mark.parametrize("text", REPEATS_THAT_ARE_TWO_FIGURES, ids=[t[:50] for t in REPEATS_THAT_ARE_TWO_FIGURES])
def test_equal_values_that_are_two_figures_stay_two(text: str) -> None:
    assert len(values(text)) == 2


# --- Last year's value and the plan, said after a figure, were figures of their own ------------
# text, the digest lines

PREVIOUS_AND_PLAN_VALUES_PRINTED_AS_RESULTS = [
    ("Tỷ lệ giải ngân vốn đầu tư công đạt 85%, trong khi cùng kỳ chỉ đạt 60%.",
     ["Giải ngân vốn đầu tư công: 85%, cùng kỳ chỉ đạt 60%"]),
    ("Doanh thu du lịch đạt 2.100 tỷ đồng, cùng kỳ năm trước là 1.800 tỷ đồng.",
     ["Doanh thu du lịch: 2.100 tỷ đồng, cùng kỳ năm trước là 1.800 tỷ đồng"]),
    ("Thu ngân sách đạt 12.000 tỷ đồng, cao hơn so với mức 10.500 tỷ đồng của năm trước.",
     ["Thu ngân sách: 12.000 tỷ đồng, so với mức 10.500 tỷ đồng của năm trước"]),
    ("Thu ngân sách ước đạt 9.000 tỷ đồng so với kế hoạch 8.500 tỷ đồng.",
     ["Thu ngân sách: 9.000 tỷ đồng, kế hoạch 8.500 tỷ đồng"]),
    # "so (với) cùng kỳ tăng" is this year's growth, not last year's value.
    ("Số doanh nghiệp thành lập mới là 1.240, so cùng kỳ năm trước tăng 10,4%.",
     ["Doanh nghiệp thành lập mới: 1.240, tăng 10,4%"]),
]


@pytest.mark.parametrize("text,expected", PREVIOUS_AND_PLAN_VALUES_PRINTED_AS_RESULTS,
                         ids=_ids(PREVIOUS_AND_PLAN_VALUES_PRINTED_AS_RESULTS))
def test_last_years_value_and_the_plan_stay_with_their_figure(text: str, expected: list[str]) -> None:
    results, targets = find_figures(label_clauses(text), period=None)
    assert [figure_line(f) for f in results + targets] == expected


# --- The next period's value was read as a share of the plan ------------------------------------

NEXT_PERIODS_VALUE_READ_AS_AN_ATTRIBUTE = [
    # "năm 2024 đạt 7,9%" was "bằng 7,9% kế hoạch" of 2023's figure.
    ("Năm 2023 tăng trưởng kinh tế đạt 6,8%, năm 2024 đạt 7,9%.", ["6,8%", "7,9%"]),
    ("Chỉ số sản xuất công nghiệp quý I tăng 5,2%; quý II tăng 6,1%.", ["5,2%", "6,1%"]),
    ("Tổng sản phẩm 6 tháng tăng 7,1%, riêng quý II tăng 7,8%.", ["7,1%", "7,8%"]),
    # A period right after its value stays that value's.
    ("Tăng trưởng GRDP đạt 6,67% năm 2016, 6,72% năm 2017.", ["6,67%", "6,72%"]),
]


@pytest.mark.parametrize("text,expected", NEXT_PERIODS_VALUE_READ_AS_AN_ATTRIBUTE,
                         ids=_ids(NEXT_PERIODS_VALUE_READ_AS_AN_ATTRIBUTE))
def test_the_next_periods_value_is_a_figure(text: str, expected: list[str]) -> None:
    results, _ = find_figures(label_clauses(text), period=None)
    assert [f.value_raw for f in results] == expected
    assert all(f.pct_of_plan is None for f in results)


def test_another_province_named_bare_is_left_out() -> None:
    """Neighbours' figures named without "tỉnh" were printed as the report's own."""
    text = "Tăng trưởng kinh tế của Thái Nguyên đạt 7%, trong khi Bắc Ninh đạt 6,1% và Bắc Giang đạt 13,9%."
    results, _ = find_figures(label_clauses(text), period=None, province="Thái Nguyên")
    assert [f.value_raw for f in results] == ["7%"]
    # The nearest name counts; a commune of a province's name and a common word are no province.
    for text, kept in [
        ("Bắc Ninh đạt 6,1%; Thái Nguyên đạt 7%.", ["7%"]),
        ("Xã Hòa Bình đã có 1.200 hộ thoát nghèo.", ["1.200 hộ"]),
        ("Nhờ hòa bình, ổn định, thu ngân sách đạt 9.000 tỷ đồng.", ["9.000 tỷ đồng"]),
    ]:
        results, _ = find_figures(label_clauses(text), period=None, province="Thái Nguyên")
        assert [f.value_raw for f in results] == kept, text
