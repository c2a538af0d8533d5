# ruff: noqa: E501  (tables keep one row per line)
"""Regressions from real reports outside both halves of the real-report set: goals and plans
said beside a result, the country's and the province's own background numbers, and tallies of
indicators all met; one table per class of miss.

Every sentence is written for these tests in the manner of a real report's (no report's
sentence is copied). Each row gives the digest lines the sentence must yield as results and
as targets, as `digest.render.figure_line` prints them.
"""

from __future__ import annotations

import pytest

from digest.numbers import find_quantities
from tests.digest.figure_tables import lines
from tests.digest.figure_tables import row_ids as _ids

# A goal in brackets after a result ("(mục tiêu đến năm 2020 gấp 2 lần năm 2015)") was read
# as the result's growth, or made the result (and the rest of its clause) a target.
BRACKETED_GOAL_LEAKED_INTO_THE_RESULT = [
    ("Thu nhập bình quân đầu người năm 2019 ước đạt 38,5 triệu đồng (mục tiêu đến năm 2020 gấp 2 lần năm 2015).",
     ["Thu nhập bình quân đầu người (năm 2019): 38,5 triệu đồng"],
     ["Mục tiêu đến năm 2020 (năm 2015): gấp 2 lần"]),
    ("Tốc độ tăng trưởng kinh tế năm 2019 đạt 7,1%; bình quân giai đoạn 2016-2019 đạt 6,8%/năm (mục tiêu 2016-2020 đạt 7-7,5%).",
     ["Tăng trưởng GRDP (năm 2019): 7,1%", "Bình quân giai đoạn 2016-2019: 6,8%/năm"],
     ["Mục tiêu 2016-2020: 7-7,5%"]),
    ("Thu nhập bình quân đầu người đạt 38,5 triệu đồng (mục tiêu đến năm 2020 gấp 2 lần năm 2015), tổng thu ngân sách đạt 2.600 tỷ đồng.",
     ["Thu nhập bình quân đầu người: 38,5 triệu đồng", "Thu ngân sách: 2.600 tỷ đồng"],
     ["Mục tiêu đến năm 2020 (năm 2015): gấp 2 lần"]),
    # the plan in brackets stays the result's plan, and the result a result
    ("Tăng trưởng kinh tế đạt 6,33% (mục tiêu 7%).",
     ["Tăng trưởng GRDP: 6,33%, mục tiêu 7%, chưa đạt"], []),
]

# "sẽ … duy trì … trên 9%" in a long sentence of results was printed as a result.
FUTURE_PLAN_READ_AS_A_RESULT = [
    ("Thời gian tới, tỉnh xác định sẽ triển khai đồng bộ các giải pháp nhằm giữ vững ổn định nền kinh tế, duy trì tốc độ tăng trưởng hằng năm trên 9%.",
     [], ["Tăng trưởng GRDP: trên 9%"]),
    ("Tỉnh sẽ duy trì tốc độ tăng trưởng bình quân trên 9%/năm trong giai đoạn tới.",
     [], ["Tăng trưởng GRDP: trên 9%/năm"]),
    # an estimate of the year reviewed stays a result
    ("Thu ngân sách ước cả năm sẽ đạt 4.100 tỷ đồng, bằng 102% dự toán.",
     ["Thu ngân sách: 4.100 tỷ đồng, bằng 102% dự toán"], []),
]

# The country's figure ("điểm sáng của kinh tế Việt Nam … 1,95 triệu tỷ đồng") was printed as
# the province's, its unit cut to "triệu".
NATIONAL_FIGURE_PRINTED_AS_THE_PROVINCES = [
    ("Thu ngân sách là điểm sáng của kinh tế Việt Nam trong năm qua với 1,95 triệu tỷ đồng. Thu ngân sách của tỉnh đạt 8.200 tỷ đồng.",
     ["Thu ngân sách: 8.200 tỷ đồng"], []),
    ("Cả nước thu ngân sách đạt 1,7 triệu tỷ đồng, riêng tỉnh thu 9.300 tỷ đồng.",
     ["Tỉnh thu: 9.300 tỷ đồng"], []),
]

# Who lives in the province ("dân tộc thiểu số … chiếm 6,6% dân số") was printed as a result.
PROVINCE_BACKGROUND_READ_AS_A_RESULT = [
    ("Dân số toàn tỉnh hơn 920.000 người, trong đó đồng bào dân tộc thiểu số hơn 61.000 người, chiếm 6,6% dân số.",
     [], []),
    # what was done for them stays
    ("Tỷ lệ hộ nghèo đồng bào dân tộc thiểu số giảm 3,2%; hộ nghèo dân tộc thiểu số còn 1.200 hộ.",
     ["Giảm nghèo: giảm 3,2%", "Giảm nghèo: còn 1.200 hộ"], []),
]

# "Toàn bộ 28 chỉ tiêu chủ yếu đều hoàn thành": "đều" between the count and its verb hid the
# tally.
TALLY_ALL_MET_WAS_MISSED = [
    ("Toàn bộ 28 chỉ tiêu chủ yếu đều hoàn thành, trong đó 20 chỉ tiêu vượt kế hoạch.",
     ["Chỉ tiêu đạt và vượt kế hoạch: 28 chỉ tiêu chủ yếu đều hoàn thành",
      "Chỉ tiêu đạt và vượt kế hoạch: 20 chỉ tiêu vượt kế hoạch"], []),
    ("Năm 2024, cả 24 chỉ tiêu kinh tế - xã hội đều đạt và vượt kế hoạch.",
     ["Chỉ tiêu đạt và vượt kế hoạch (năm 2024): 24 chỉ tiêu kinh tế - xã hội đều đạt và vượt kế hoạch"], []),
]

# A plan named between a figure's words and its value ("(kế hoạch là 4%) tăng 5,1%") was
# taken for the value, and the figure lost.
PLAN_BEFORE_THE_VALUE_TAKEN_FOR_IT = [
    ("Tổng đàn gia súc (kế hoạch là 4%) tăng 5,1% so với cùng kỳ.",
     ["Chăn nuôi (tổng đàn): tăng 5,1% so với cùng kỳ, kế hoạch là 4%"], []),
    ("Tốc độ tăng trưởng kinh tế (kế hoạch là 8%) ước đạt 7,2%.",
     ["Tăng trưởng GRDP: 7,2%, kế hoạch là 8%, chưa đạt"], []),
    ("Kinh tế tăng trưởng khá, kế hoạch là 7% thì ước đạt 7,4%.",
     ["Kinh tế tăng trưởng khá: 7,4%, kế hoạch là 7%"], []),
    # after the value, the plan stays the figure's plan
    ("Tổng đàn gia cầm tăng 4,8% so với cùng kỳ (kế hoạch là 3,5%).",
     ["Chăn nuôi (tổng đàn): tăng 4,8% so với cùng kỳ, kế hoạch là 3,5%"], []),
]

CASES = (
    BRACKETED_GOAL_LEAKED_INTO_THE_RESULT
    + FUTURE_PLAN_READ_AS_A_RESULT
    + NATIONAL_FIGURE_PRINTED_AS_THE_PROVINCES
    + PROVINCE_BACKGROUND_READ_AS_A_RESULT
    + TALLY_ALL_MET_WAS_MISSED
    + PLAN_BEFORE_THE_VALUE_TAKEN_FOR_IT
)


@pytest.mark.parametrize(("text", "results", "targets"), CASES, ids=_ids(CASES))
def test_goal_aside_class(text: str, results: list[str], targets: list[str]) -> None:
    assert lines(text) == (results, targets)


def test_trillion_dong_is_one_unit() -> None:
    """ "triệu tỷ đồng" is read whole: never "triệu" with "tỷ đồng" left behind."""
    (q,) = find_quantities("Thu ngân sách cả nước đạt 2,03 triệu tỷ đồng.")
    assert (q.value, q.unit, q.base_value) == (2.03, "triệu tỷ đồng", 2.03e15)
