"""Which part of a report a clause belongs to, on sentences written like real reports."""

import pytest

from digest.sections import Part, label_clauses

R, S, T, D = Part.RESULT, Part.SHORTFALL, Part.TARGET, Part.DIRECTIVE

CASES = [
    ("Tổng sản phẩm trên địa bàn ước đạt 45.210 tỷ đồng, tăng 6,8% so với cùng kỳ.", [R]),
    ("Bên cạnh kết quả đạt được, giải ngân vốn đầu tư công còn chậm; thu nội địa giảm.", [S, S]),
    ("Tuy nhiên, tỷ lệ kết nạp đảng viên mới đạt thấp.", [S]),
    ("Năm 2025, tỉnh phấn đấu tăng trưởng GRDP đạt 8%.", [T]),
    (
        "HĐND tỉnh thông qua các chỉ tiêu chủ yếu: GRDP tăng 7%; thu ngân sách 9.000 tỷ đồng.",
        [T, T, T],
    ),
    ("Các Chương trình mục tiêu quốc gia giải ngân đạt 41% kế hoạch.", [R]),
    ("Kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu các sở khẩn trương tháo gỡ vướng mắc.", [D]),
    ("Phát biểu khai mạc, đồng chí Bí thư Tỉnh ủy đề nghị các đại biểu tập trung thảo luận.", [R]),
    ("Trong năm, Ban Thường vụ Tỉnh ủy đã chỉ đạo quyết liệt các nhiệm vụ.", [R]),
]


@pytest.mark.parametrize("text,parts", CASES, ids=[c[0][:40] for c in CASES])
def test_parts(text, parts):
    assert [c.part for c in label_clauses(text)] == parts


def test_directive_part_continues_over_task_paragraphs():
    text = (
        "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy đề nghị các cấp ủy tập trung các nhiệm vụ "
        "sau.\n\n"
        "Đẩy nhanh tiến độ các dự án trọng điểm.\n\nTăng cường quản lý đất đai."
    )
    assert {c.part for c in label_clauses(text)} == {D}


def test_results_after_the_speech_end_the_directive_part():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu đẩy mạnh cải cách hành chính.\n\n"
        "Theo báo cáo, thu ngân sách ước đạt 3.200 tỷ đồng."
    )
    assert [c.part for c in label_clauses(text)][-1] is R
