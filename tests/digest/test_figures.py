"""Figure attachment: which quantity is the value, which the % of plan, the growth, the plan.

Sentences are written in the manner of provincial reports; one row per case.
"""

import pytest

from digest.figures import find_figures
from digest.models import Status
from digest.sections import label_clauses


def figures_of(text: str):
    results, targets = find_figures(label_clauses(text), period=None)
    return results, targets


# text, [(value, unit, pct_of_plan, yoy_pct, plan_value, indicator), ...]
RESULT_CASES = [
    (
        "Thu ngân sách nhà nước trên địa bàn ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.",
        [(2099, "tỷ đồng", 60.1, None, None, "budget_revenue")],
    ),
    (
        "Tổng sản phẩm trên địa bàn ước đạt 45.210 tỷ đồng, tăng 6,8% so với cùng kỳ.",
        [(45210, "tỷ đồng", None, 6.8, None, "grdp")],
    ),
    (
        "Giá trị xuất khẩu đạt trên 21 tỷ USD, bằng 75% kế hoạch, tăng 7,3%.",
        [(21, "tỷ USD", 75, 7.3, None, "export")],
    ),
    ("Tốc độ tăng trưởng đạt 6,33% (kế hoạch 7%).", [(6.33, "%", None, None, 7, "grdp_growth")]),
    (
        "Tỷ lệ giải ngân vốn đầu tư công đạt 88% kế hoạch giao.",
        [(88, "%", 88, None, None, "public_investment_disbursement")],
    ),
    (
        "Toàn tỉnh kết nạp được 288/825 đảng viên, đạt 35,3% kế hoạch.",
        [(288, "đảng viên", 35.3, None, 825, "party_admission")],
    ),
    (
        "Giải quyết việc làm mới cho 10.707 lao động, bằng 66,9% kế hoạch; đào tạo nghề cho "
        "4.682 người.",
        [
            (10707, "lao động", 66.9, None, None, "jobs"),
            (4682, "người", None, None, None, "vocational_training"),
        ],
    ),
    (
        "GRDP ước tăng 8,2%; trong đó, công nghiệp tăng 12,5%, dịch vụ tăng 6,1%.",
        [
            (8.2, "%", None, 8.2, None, "grdp"),
            (12.5, "%", None, 12.5, None, None),
            (6.1, "%", None, 6.1, None, None),
        ],
    ),
    (
        "Tổng thu ngân sách ước đạt 20.598 tỷ đồng, bằng 87,8% dự toán và bằng 85,6% so với năm "
        "2022.",
        [(20598, "tỷ đồng", 87.8, None, None, "budget_revenue")],
    ),
    (
        "Vốn đầu tư toàn xã hội khoảng 11.985 tỷ đồng, cao hơn cùng kỳ 8,84%.",
        [(11985, "tỷ đồng", None, 8.84, None, "total_investment")],
    ),
    (
        "Thu ngân sách lần đầu vượt mốc 600.000 tỷ đồng, ước đạt 641.710 tỷ đồng.",
        [(641710, "tỷ đồng", None, None, None, "budget_revenue")],
    ),
    (
        "Trong năm có 304 doanh nghiệp thành lập mới, tăng 17,4% so với cùng kỳ.",
        [(304, "doanh nghiệp", None, 17.4, None, "new_enterprises")],
    ),
]


@pytest.mark.parametrize("text,expected", RESULT_CASES, ids=[c[0][:45] for c in RESULT_CASES])
def test_result_figures(text, expected):
    results, targets = figures_of(text)
    got = [(f.value, f.unit, f.pct_of_plan, f.yoy_pct, f.plan_value, f.indicator) for f in results]
    assert got == expected
    assert targets == []


NOT_FIGURES = [
    "Tổ chức kỷ niệm 30 năm Ngày tái lập tỉnh.",
    "Hội nghị cho ý kiến vào 03 Đề án và 4 nghị quyết chuyên đề.",
    "Qua tổng hợp, có 29 ý kiến tham gia góp ý.",
    "Tai nạn giao thông giảm trên cả 3 tiêu chí.",
    "Ban Chấp hành xác định 8 nhóm nhiệm vụ, giải pháp.",
    "Triển khai Quyết định số 1234/QĐ-UBND ngày 5/12/2023.",
    "Nhân dịp này, 18 cán bộ nhận quyết định nghỉ hưu.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_incidental_numbers_are_not_figures(text):
    assert figures_of(text) == ([], [])


def test_targets_are_goals_for_the_next_period():
    text = (
        "Ban Chấp hành quyết nghị nhiệm vụ năm 2024 với các mục tiêu chủ yếu: tốc độ tăng trưởng "
        "kinh tế đạt trên 8%; thu ngân sách nhà nước trên địa bàn đạt 1.010 tỷ đồng; "
        "tỷ lệ giảm nghèo giảm 2 - 2,5%."
    )
    results, targets = figures_of(text)
    assert results == []
    assert [(t.value, t.low, t.high, t.unit, t.indicator) for t in targets] == [
        (8, 8, None, "%", "grdp_growth"),
        (1010, None, None, "tỷ đồng", "budget_revenue"),
        (None, 2, 2.5, "%", "poverty_reduction"),
    ]


@pytest.mark.parametrize(
    "text,status",
    [
        ("Trồng rừng mới 5.177 ha, bằng 128% kế hoạch.", Status.EXCEEDED),
        ("Giá trị sản xuất ước đạt 1.773 tỷ đồng, bằng 100% kế hoạch.", Status.MET),
        ("Tốc độ tăng trưởng đạt 6,33% (kế hoạch 7%).", Status.MISSED),
        ("Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.", None),
    ],
)
def test_status(text, status):
    results, _ = figures_of(text)
    assert results[0].status is status


def test_value_raw_is_the_text_as_written():
    results, _ = figures_of("Kết nạp được trên 1.300 đảng viên mới.")
    assert results[0].value_raw == "trên 1.300 đảng viên"
