"""Shortfalls and directives: one condensed line each, from sentences written like real reports."""

import pytest

from digest.directives import find_directives
from digest.sections import label_clauses
from digest.shortfalls import find_shortfalls

SHORTFALL_CASES = [
    (
        "Bên cạnh những kết quả đạt được, hội nghị chỉ ra một số hạn chế, như: giải ngân vốn đầu "
        "tư công đạt thấp; "
        "thu nội địa giảm mạnh so với cùng kỳ.",
        ["Giải ngân vốn đầu tư công đạt thấp", "Thu nội địa giảm mạnh so với cùng kỳ"],
    ),
    (
        "Tuy nhiên, còn một số chỉ tiêu chưa đạt kế hoạch như: tốc độ tăng trưởng đạt 6,1% (kế "
        "hoạch 7%); "
        "kim ngạch xuất khẩu chỉ đạt 80%.",
        ["Tốc độ tăng trưởng đạt 6,1% (kế hoạch 7%)", "Kim ngạch xuất khẩu chỉ đạt 80%"],
    ),
    (
        "Hội nghị thảo luận, phân tích sâu hơn về những hạn chế, nguyên nhân và bài học kinh "
        "nghiệm.",
        [],
    ),
    (
        "Tỷ lệ giải ngân vốn đầu tư công mới đạt 38%, thấp hơn cùng kỳ.",
        ["Tỷ lệ giải ngân vốn đầu tư công mới đạt 38%, thấp hơn cùng kỳ"],
    ),
    ("Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.", []),
]


@pytest.mark.parametrize(
    "text,expected", SHORTFALL_CASES, ids=[c[0][:40] for c in SHORTFALL_CASES]
)
def test_shortfalls(text, expected):
    assert find_shortfalls(label_clauses(text)) == expected


DIRECTIVE_CASES = [
    (
        "Kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu các sở, ngành khẩn trương tháo gỡ vướng "
        "mắc về mặt bằng; "
        "đẩy nhanh tiến độ giải ngân.",
        ["Các sở, ngành khẩn trương tháo gỡ vướng mắc về mặt bằng", "Đẩy nhanh tiến độ giải ngân"],
    ),
    (
        "Phát biểu chỉ đạo, đồng chí Bí thư Tỉnh ủy nhấn mạnh, kết quả 6 tháng đầu năm rất quan "
        "trọng.\n\n"
        "Một là, tập trung tháo gỡ khó khăn cho doanh nghiệp.\n\nHai là, đẩy mạnh chuyển đổi số.",
        ["Tập trung tháo gỡ khó khăn cho doanh nghiệp", "Đẩy mạnh chuyển đổi số"],
    ),
    (
        "Kết luận hội nghị, đồng chí Bí thư Tỉnh ủy ghi nhận, biểu dương các cấp ủy. "
        "Đồng chí đề nghị các cấp ủy, tổ chức đảng, chính quyền tập trung sắp xếp tổ chức bộ máy.",
        ["Các cấp ủy, tổ chức đảng, chính quyền tập trung sắp xếp tổ chức bộ máy"],
    ),
    (
        "Kết luận cuộc họp, đồng chí yêu cầu nâng cao tinh thần trách nhiệm, đẩy mạnh cải cách "
        "hành chính.",
        ["Đẩy mạnh cải cách hành chính"],
    ),
    ("Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.", []),
]


@pytest.mark.parametrize(
    "text,expected", DIRECTIVE_CASES, ids=[c[0][:40] for c in DIRECTIVE_CASES]
)
def test_directives(text, expected):
    assert find_directives(label_clauses(text)) == expected


# Regression tests after misses on real reports; the sentences are written for these tests.


def _directives(text: str) -> list[str]:
    return find_directives(label_clauses(text))


def test_a_need_stated_after_the_speech_is_a_directive_not_a_shortfall():
    text = (
        "Phát biểu kết luận, đồng chí Bí thư Thành ủy yêu cầu các sở đẩy mạnh thu hút đầu tư.\n\n"
        "Năm nay thu ngân sách ước đạt 5.000 tỷ đồng, tăng 6% so với cùng kỳ.\n\n"
        "Bên cạnh đó, thành phố cần siết chặt quản lý trật tự xây dựng, khắc phục những hạn chế "
        "trong cấp phép."
    )
    clauses = label_clauses(text)
    assert (
        "Thành phố cần siết chặt quản lý trật tự xây dựng, khắc phục những hạn chế trong cấp phép"
        in (find_directives(clauses))
    )
    assert find_shortfalls(clauses) == []


def test_the_assigned_subject_stays_in_the_line():
    text = (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh giao Sở Tài chính chủ trì rà soát nguồn vốn sự "
        "nghiệp."
    )
    assert _directives(text) == ["Sở Tài chính chủ trì rà soát nguồn vốn sự nghiệp"]


def test_a_body_named_with_a_verb_is_not_turned_into_a_task():
    text = (
        "Kết luận cuộc họp, đồng chí Chủ tịch đề nghị Ban Chỉ đạo phòng, chống thiên tai tỉnh "
        "theo dõi sát diễn biến mưa lũ."
    )
    assert _directives(text) == [
        "Ban Chỉ đạo phòng, chống thiên tai tỉnh theo dõi sát diễn biến mưa lũ"
    ]


def test_a_run_of_tasks_after_commas_is_one_line_per_task():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu tập trung chuyển đổi cơ cấu cây trồng theo "
        "hướng hàng hóa, mở rộng liên kết sản xuất với doanh nghiệp."
    )
    assert _directives(text) == [
        "Tập trung chuyển đổi cơ cấu cây trồng theo hướng hàng hóa",
        "Mở rộng liên kết sản xuất với doanh nghiệp",
    ]


def test_verbs_of_one_task_stay_in_one_line():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu các cấp ủy tập trung quán triệt, triển khai "
        "các nghị quyết mới."
    )
    assert _directives(text) == ["Các cấp ủy tập trung quán triệt, triển khai các nghị quyết mới"]


def test_a_statement_in_the_closing_speech_is_not_a_task():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư nêu rõ: kết quả phát triển kinh tế 6 tháng có nhiều "
        "điểm sáng."
    )
    assert _directives(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tại hội nghị, vốn đầu tư công đã giải ngân 1.200 tỷ đồng, bằng 60% kế hoạch Thủ tướng "
        "giao.",
        "Tại hội nghị, ngành giáo dục hoàn thành tốt nhiệm vụ năm học.",
        "Tại cuộc họp, Ban Tuyên giáo Tỉnh ủy thông qua dự thảo báo cáo sơ kết.",
        "Hội nghị nhận định, chỉ tiêu thu hút dự án do UBND tỉnh giao cũng chưa hoàn thành.",
        "Tại phiên họp, nhiều ý kiến chỉ ra giải ngân vẫn thấp so với yêu cầu, nhiều dự án chậm "
        "tiến độ.",
    ],
)
def test_a_word_folded_like_a_demand_opens_no_directive(text):
    assert _directives(text) == []


def test_a_word_folded_like_a_need_states_no_task():
    text = (
        "Kết luận hội nghị, đồng chí Chủ tịch yêu cầu các sở đẩy mạnh cải cách hành chính.\n\n"
        "Căn cứ kết quả quý I, quy mô nền kinh tế tỉnh đạt khoảng 40 nghìn tỷ đồng."
    )
    assert _directives(text) == ["Các sở đẩy mạnh cải cách hành chính"]


def test_a_task_verb_folded_like_a_purpose_opens_a_task():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu các đại biểu phân tích rõ nguyên nhân; từ đó "
        "đề xuất giải pháp tháo gỡ vướng mắc cho các dự án."
    )
    assert "Đề xuất giải pháp tháo gỡ vướng mắc cho các dự án" in _directives(text)


def test_each_unit_that_must_act_is_a_task():
    text = (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh nhấn mạnh: từng đơn vị phải rà soát lại nhiệm vụ "
        "được giao."
    )
    assert _directives(text) == ["Từng đơn vị phải rà soát lại nhiệm vụ được giao"]


def test_a_national_leader_who_asks_gives_directives():
    text = "Làm việc với tỉnh, Phó Thủ tướng đề nghị tỉnh rà soát lại quy hoạch vùng nguyên liệu."
    assert _directives(text) == ["Tỉnh rà soát lại quy hoạch vùng nguyên liệu"]


def _shortfalls(text: str) -> list[str]:
    return find_shortfalls(label_clauses(text))


def test_a_trouble_named_in_the_results_is_a_shortfall():
    text = (
        "Thu ngân sách ước đạt 3.000 tỷ đồng. Công tác quản lý đất đai ở cấp xã còn lỏng lẻo, "
        "hiệu quả chưa cao."
    )
    assert _shortfalls(text) == [
        "Công tác quản lý đất đai ở cấp xã còn lỏng lẻo, hiệu quả chưa cao"
    ]


def test_a_trouble_the_speaker_names_is_a_shortfall_without_the_speaker():
    text = (
        "Phát biểu kết luận, Bí thư Tỉnh ủy nhấn mạnh, tình trạng ô nhiễm ở các làng nghề đang ở "
        "mức đáng báo động."
    )
    assert _shortfalls(text) == ["Tình trạng ô nhiễm ở các làng nghề đang ở mức đáng báo động"]


def test_work_on_a_trouble_is_not_a_shortfall():
    assert _shortfalls("Năm qua, tỉnh đã tháo gỡ khó khăn cho 120 doanh nghiệp.") == []


def test_a_task_is_not_a_shortfall_but_the_cause_it_gives_is():
    text = (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu các sở rà soát lại quy hoạch giao thông, "
        "vì nhiều quy hoạch đã lập từ lâu, chưa đáp ứng nhu cầu hiện nay."
    )
    assert _shortfalls(text) == ["Nhiều quy hoạch đã lập từ lâu, chưa đáp ứng nhu cầu hiện nay"]


def test_a_trouble_after_what_went_well_starts_at_the_turn():
    text = (
        "Tỉnh có nhiều tiềm năng phát triển du lịch, nhưng hạ tầng giao thông còn yếu và chưa "
        "đồng bộ."
    )
    assert _shortfalls(text) == ["Hạ tầng giao thông còn yếu và chưa đồng bộ"]


def test_a_setting_of_difficulties_for_a_result_is_not_a_shortfall():
    text = "Trong điều kiện còn nhiều khó khăn, tỉnh vẫn hoàn thành 18/20 chỉ tiêu chủ yếu."
    assert _shortfalls(text) == []


def test_a_heading_in_capitals_is_not_a_shortfall():
    text = "Tuy nhiên, giải ngân còn chậm.\n\nNHẬN DIỆN ĐÚNG HẠN CHẾ, YẾU KÉM ĐỂ KHẮC PHỤC"
    assert _shortfalls(text) == ["Giải ngân còn chậm"]


def test_a_need_after_a_circumstance_keeps_its_subject():
    text = (
        "Phát biểu kết luận, đồng chí Bí thư yêu cầu các sở đẩy mạnh thu hút đầu tư.\n\n"
        "Khi vùng nguyên liệu đã ổn định, tỉnh cần chuyển sang đầu tư chế biến sâu."
    )
    assert "Tỉnh cần chuyển sang đầu tư chế biến sâu" in _directives(text)


def test_a_trouble_that_needs_work_is_still_a_shortfall():
    text = "Tuy nhiên, việc thực hiện nghị quyết ở cơ sở còn một số hạn chế cần khắc phục."
    assert _shortfalls(text) == [
        "Việc thực hiện nghị quyết ở cơ sở còn một số hạn chế cần khắc phục"
    ]


def test_a_need_after_a_purpose_is_a_task():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư Tỉnh ủy nhấn mạnh: để thực hiện các mục tiêu của "
        "nhiệm "
        "kỳ, Đảng bộ tỉnh cần tập trung nâng cao chất lượng quy hoạch đô thị."
    )
    assert _directives(text) == ["Đảng bộ tỉnh cần tập trung nâng cao chất lượng quy hoạch đô thị"]


def test_holding_a_conference_is_a_task_not_an_addressee():
    text = (
        "Kết luận cuộc họp, đồng chí Chủ tịch đề nghị trong quý III, UBND thành phố tổ chức hội "
        "nghị "
        "chuyên đề về cải cách hành chính."
    )
    assert _directives(text) == [
        "UBND thành phố tổ chức hội nghị chuyên đề về cải cách hành chính"
    ]


def test_a_steering_committee_is_not_a_demand():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu các sở đẩy mạnh chuyển đổi số.\n\n"
        "Các cấp ủy, chính quyền và Ban Chỉ đạo phòng, chống dịch tiếp tục tập trung cao độ cho "
        "công tác phòng dịch."
    )
    assert not any(line.startswith(("Chỉ đạo", "Tập trung cao độ")) for line in _directives(text))


def test_troubles_a_speaker_raises_start_after_who_raised_them():
    text = "Ông Trần Văn A, Chủ tịch UBND quận, đã nêu lên những khó khăn trong bố trí bãi đỗ xe."
    assert _shortfalls(text) == ["Những khó khăn trong bố trí bãi đỗ xe"]


def test_a_decimal_comma_does_not_start_a_task():
    text = (
        "Chủ tịch Quốc hội nhấn mạnh: để đạt mục tiêu tăng trưởng 6,7% đòi hỏi phải có quyết tâm "
        "chính trị rất cao."
    )
    assert not any(line.startswith("7%") for line in _directives(text))


def test_nhung_meaning_those_does_not_cut_a_shortfall():
    text = (
        "Tuy nhiên, việc thực hiện nhiệm vụ những tháng đầu năm của tỉnh còn bộc lộ một số hạn "
        "chế."
    )
    assert _shortfalls(text) == [
        "Việc thực hiện nhiệm vụ những tháng đầu năm của tỉnh còn bộc lộ một số hạn chế"
    ]


def test_don_vi_is_not_a_cause():
    text = (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị trước những yếu kém đã "
        "chỉ rõ phải có giải pháp khắc phục."
    )
    assert _shortfalls(text) == []


def test_an_assignee_opens_the_task_whatever_its_verb():
    text = (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu Sở Kế hoạch và Đầu tư thành lập tổ công "
        "tác."
    )
    assert _directives(text) == ["Sở Kế hoạch và Đầu tư thành lập tổ công tác"]


def test_a_goal_with_its_number_after_the_speech_stays_a_target():
    text = (
        "Phát biểu kết luận, đồng chí Bí thư yêu cầu các sở đẩy mạnh thu hút đầu tư.\n\n"
        "Thu ngân sách năm nay ước đạt 5.000 tỷ đồng, tăng 6% so với cùng kỳ.\n\n"
        "Để hoàn thành mục tiêu cả năm, 6 tháng cuối năm tỉnh phải phấn đấu tăng trưởng trên 9,5%."
    )
    parts = {c.text.strip(". "): c.part.value for c in label_clauses(text)}
    assert "target" in {p for t, p in parts.items() if "9,5%" in t}


def test_the_body_that_met_asking_the_branches_opens_tasks():
    # A Thường trực notice lost its tasks: only people, not the body that met, opened them.
    text = (
        "Thường trực Tỉnh ủy đề nghị các ngành chức năng theo dõi sát tình hình khu vực "
        "biên giới; chuẩn bị chu đáo các nội dung trình hội nghị Ban Chấp hành."
    )
    assert _directives(text) == [
        "Các ngành chức năng theo dõi sát tình hình khu vực biên giới",
        "Chuẩn bị chu đáo các nội dung trình hội nghị Ban Chấp hành",
    ]
