# ruff: noqa: E501  (tables keep one row per line)
"""Regressions from real reports outside both halves of the real-report set (new outlets and
provinces), one table per class of miss.

Every sentence is written for these tests in the manner of a real report's (no report's
sentence is copied). Each row gives the digest lines the sentence must yield as results and
as targets, as `digest.render.figure_line` prints them.
"""

from __future__ import annotations

import pytest

from tests.digest.figure_tables import lines
from tests.digest.figure_tables import row_ids as _ids

# "trên địa bàn", "tại", "ở" right before a number name where a count of places was done
# ("tại 9 huyện"); before an amount they name whose amount it is, and the result was dropped.
AMOUNT_OF_THE_PLACE_WAS_DROPPED = [
    ("Tổng thu ngân sách nhà nước trên địa bàn 9.480 tỷ đồng, tăng 12,3% so với cùng kỳ.",
     ["Thu ngân sách: 9.480 tỷ đồng, tăng 12,3% so với cùng kỳ"], []),
    ("Năm qua, thu ngân sách trên địa bàn vượt 21% so với dự toán Trung ương giao.",
     ["Thu ngân sách: vượt 21% so với dự toán Trung ương giao"], []),
    ("Dư nợ tín dụng trên địa bàn 38.600 tỷ đồng, tăng 8,1% so với đầu năm.",
     ["Dư nợ tín dụng: 38.600 tỷ đồng, tăng 8,1% so với đầu năm"], []),
    # the places themselves stay out
    ("Ngành Công Thương tổ chức 12 phiên chợ hàng Việt tại 9 huyện, thành phố.",
     ["Ngành Công Thương tổ chức: 12 phiên chợ"], []),
]

# "chỉ tiêu chủ yếu" names the targets set, but counted as met it is a tally, a result.
TALLY_OF_MAIN_TARGETS_READ_AS_A_TARGET = [
    ("Năm 2024 có 17/22 chỉ tiêu chủ yếu đạt và vượt so với Nghị quyết HĐND tỉnh đề ra.",
     ["Chỉ tiêu đạt và vượt kế hoạch (năm 2024): 17/22 chỉ tiêu chủ yếu đạt và vượt so với Nghị quyết HĐND tỉnh đề ra"], []),
    ("Sau 9 tháng, 12/19 chỉ tiêu chủ yếu đều đạt kế hoạch năm.",
     ["Chỉ tiêu đạt và vượt kế hoạch (9 tháng): 12/19 chỉ tiêu chủ yếu đều đạt kế hoạch năm"], []),
    # striven for, it stays a target
    ("Năm 2026, tỉnh phấn đấu 20/20 chỉ tiêu chủ yếu đạt và vượt kế hoạch.",
     [], ["Chỉ tiêu đạt và vượt kế hoạch (năm 2026): 20/20 chỉ tiêu chủ yếu đạt và vượt kế hoạch"]),
]

# A fee named in a revenue line ("thu lệ phí trước bạ") is money collected, not a policy's
# rate; it was dropped, and the policy it seemed to start dropped the lines after it.
REVENUE_FROM_A_FEE_READ_AS_A_POLICY = [
    ("Một số khoản thu tăng khá như: thu thuế ngoài quốc doanh tăng 14,2%; thu lệ phí trước bạ tăng 21,5%; thu tiền sử dụng đất tăng 9,8%.",
     ["Thu thuế ngoài quốc doanh: tăng 14,2%", "Thu lệ phí trước bạ: tăng 21,5%", "Thu tiền sử dụng đất: tăng 9,8%"], []),
    # the rate a policy sets stays out
    ("Dự thảo quy định mức thu lệ phí trước bạ lần đầu là 12% giá trị xe.", [], []),
]

# Budget revenue from foreign-invested firms was labelled as investment attracted.
REVENUE_FROM_FDI_FIRMS_READ_AS_FDI = [
    ("Trong đó, thu từ khu vực doanh nghiệp FDI đạt 2.140 tỷ đồng, tăng 6,1%.",
     ["Thu từ khu vực doanh nghiệp FDI: 2.140 tỷ đồng, tăng 6,1%"], []),
    ("Thu từ các doanh nghiệp có vốn đầu tư nước ngoài giảm 3,4% so với cùng kỳ.",
     ["Thu từ các doanh nghiệp có vốn đầu tư nước ngoài: giảm 3,4% so với cùng kỳ"], []),
]

# The places a meeting was followed from, said "kết nối đến" without "trực tuyến".
CONNECTED_PLACES_READ_AS_A_RESULT = [
    ("Hội nghị được tổ chức trực tiếp, kết nối đến 124 xã, phường, đặc khu trong tỉnh.", [], []),
]

# A growth in brackets after the figure and the noun it counts ("412 doanh nghiệp thành lập
# mới (giảm 3,1% …)") was printed as a figure of its own, labelled with the noun.
GROWTH_BRACKETED_AFTER_THE_NOUN_WAS_SPLIT_OFF = [
    ("Thành phố thu hút 953,2 triệu USD vốn FDI (tăng 500% so với cùng kỳ năm 2023).",
     ["Thu hút đầu tư: 953,2 triệu USD, tăng 500% so với cùng kỳ năm 2023"], []),
    ("Toàn tỉnh có 412 doanh nghiệp thành lập mới (giảm 3,1% so với cùng kỳ).",
     ["Doanh nghiệp thành lập mới: 412 doanh nghiệp, giảm 3,1% so với cùng kỳ"], []),
    # a bracket after other words, or naming parts, is no growth of the figure
    ("Xuất khẩu đạt 300 triệu USD, trong đó nông sản (tăng 12%).",
     ["Kim ngạch xuất khẩu: 300 triệu USD", "Nông sản: tăng 12%"], []),
    ("Công nghiệp tăng 5% (trong đó chế biến tăng 7%).",
     ["Công nghiệp: tăng 5%", "Chế biến: tăng 7%"], []),
]

CASES = (
    AMOUNT_OF_THE_PLACE_WAS_DROPPED
    + TALLY_OF_MAIN_TARGETS_READ_AS_A_TARGET
    + REVENUE_FROM_A_FEE_READ_AS_A_POLICY
    + REVENUE_FROM_FDI_FIRMS_READ_AS_FDI
    + CONNECTED_PLACES_READ_AS_A_RESULT
    + GROWTH_BRACKETED_AFTER_THE_NOUN_WAS_SPLIT_OFF
)


@pytest.mark.parametrize(("text", "results", "targets"), CASES, ids=_ids(CASES))
def test_extra_class(text: str, results: list[str], targets: list[str]) -> None:
    assert lines(text) == (results, targets)
