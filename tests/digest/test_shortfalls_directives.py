"""Shortfalls and directives: one condensed line each, from sentences in the manner of real reports."""

import pytest

from digest.directives import find_directives
from digest.sections import label_clauses
from digest.shortfalls import find_shortfalls

SHORTFALL_CASES = [
    (
        "Bên cạnh những kết quả đạt được, hội nghị chỉ ra một số hạn chế, như: giải ngân vốn đầu tư công đạt thấp; "
        "thu nội địa giảm mạnh so với cùng kỳ.",
        ["Giải ngân vốn đầu tư công đạt thấp", "Thu nội địa giảm mạnh so với cùng kỳ"],
    ),
    (
        "Tuy nhiên, còn một số chỉ tiêu chưa đạt kế hoạch như: tốc độ tăng trưởng đạt 6,1% (kế hoạch 7%); "
        "kim ngạch xuất khẩu chỉ đạt 80%.",
        ["Tốc độ tăng trưởng đạt 6,1% (kế hoạch 7%)", "Kim ngạch xuất khẩu chỉ đạt 80%"],
    ),
    (
        "Hội nghị thảo luận, phân tích sâu hơn về những hạn chế, nguyên nhân và bài học kinh nghiệm.",
        [],
    ),
    ("Tỷ lệ giải ngân vốn đầu tư công mới đạt 38%, thấp hơn cùng kỳ.", ["Tỷ lệ giải ngân vốn đầu tư công mới đạt 38%, thấp hơn cùng kỳ"]),
    ("Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.", []),
]


@pytest.mark.parametrize("text,expected", SHORTFALL_CASES, ids=[c[0][:40] for c in SHORTFALL_CASES])
def test_shortfalls(text, expected):
    assert find_shortfalls(label_clauses(text)) == expected


DIRECTIVE_CASES = [
    (
        "Kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu các sở, ngành khẩn trương tháo gỡ vướng mắc về mặt bằng; "
        "đẩy nhanh tiến độ giải ngân.",
        ["Khẩn trương tháo gỡ vướng mắc về mặt bằng", "Đẩy nhanh tiến độ giải ngân"],
    ),
    (
        "Phát biểu chỉ đạo, đồng chí Bí thư Tỉnh ủy nhấn mạnh, kết quả 6 tháng đầu năm rất quan trọng.\n\n"
        "Một là, tập trung tháo gỡ khó khăn cho doanh nghiệp.\n\nHai là, đẩy mạnh chuyển đổi số.",
        ["Tập trung tháo gỡ khó khăn cho doanh nghiệp", "Đẩy mạnh chuyển đổi số"],
    ),
    (
        "Kết luận hội nghị, đồng chí Bí thư Tỉnh ủy ghi nhận, biểu dương các cấp ủy. "
        "Đồng chí đề nghị các cấp ủy, tổ chức đảng, chính quyền tập trung sắp xếp tổ chức bộ máy.",
        ["Tập trung sắp xếp tổ chức bộ máy"],
    ),
    (
        "Kết luận cuộc họp, đồng chí yêu cầu nâng cao tinh thần trách nhiệm, đẩy mạnh cải cách hành chính.",
        ["Đẩy mạnh cải cách hành chính"],
    ),
    ("Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.", []),
]


@pytest.mark.parametrize("text,expected", DIRECTIVE_CASES, ids=[c[0][:40] for c in DIRECTIVE_CASES])
def test_directives(text, expected):
    assert find_directives(label_clauses(text)) == expected
