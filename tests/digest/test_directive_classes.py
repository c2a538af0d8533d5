"""Directives: classes of phrasing met in real reports, each with sentences written for these
tests in the manner of the report that was missed or misread."""

import pytest

from digest.directives import find_directives
from digest.sections import label_clauses


def _directives(text: str) -> list[str]:
    return find_directives(label_clauses(text))


# Words that start like a lead-in ("theo đó", "từ đó") but are another word.
LOOKALIKE_LEAD_INS = [
    (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu các đơn vị chuẩn bị tốt nhân sự đại hội; "
        "theo dõi, đôn đốc việc thực hiện các phong trào thi đua.",
        "Theo dõi, đôn đốc việc thực hiện các phong trào thi đua",
    ),
]


@pytest.mark.parametrize("text,line", LOOKALIKE_LEAD_INS)
def test_a_task_verb_is_not_cut_as_a_lead_in(text, line):
    assert line in _directives(text)


# Words folded like a demand that are not one, and a demand after a comma that is one.
DEMAND_READINGS = [
    (
        "Phát biểu chỉ đạo, đồng chí Bí thư nêu rõ thành phố còn nhiều việc phải làm. "
        "Để Nghị quyết của Thành ủy đi vào cuộc sống, đồng chí yêu cầu các quận xây dựng kế "
        "hoạch bảo vệ nguồn nước.",
        ["Các quận xây dựng kế hoạch bảo vệ nguồn nước"],
    ),
    (
        "Kết luận phiên họp, Chủ tịch UBND tỉnh đã giao 35 đầu việc, yêu cầu các sở, ngành "
        "khẩn trương triển khai thực hiện.",
        ["Các sở, ngành khẩn trương triển khai thực hiện"],
    ),
]


@pytest.mark.parametrize("text,expected", DEMAND_READINGS)
def test_a_demand_is_read_where_it_is_one(text, expected):
    assert _directives(text) == expected


# A task verb after "cần"/"phải" whose first word also follows a lookalike ("cán bộ",
# "phái đoàn").
NEEDS_BEFORE_A_VERB = [
    (
        "Phát biểu kết luận, đồng chí Bí thư đề nghị các cấp ủy phải đoàn kết chặt chẽ hơn nữa, "
        "nêu cao tinh thần trách nhiệm trước nhân dân.",
        "Các cấp ủy phải đoàn kết chặt chẽ hơn nữa, nêu cao tinh thần trách nhiệm trước nhân dân",
    ),
    (
        "Kết luận phiên họp, Chủ tịch UBND tỉnh nhấn mạnh các huyện cần bổ sung kịp thời "
        "nguồn vốn cho các công trình thủy lợi.",
        "Các huyện cần bổ sung kịp thời nguồn vốn cho các công trình thủy lợi",
    ),
]


@pytest.mark.parametrize("text,line", NEEDS_BEFORE_A_VERB)
def test_a_need_before_a_task_verb_keeps_its_subject(text, line):
    assert line in _directives(text)


# A request whose speaker is named in another sentence, or announced with a colon.
DEMANDS_WITHOUT_A_SPEAKER_IN_THE_SENTENCE = [
    (
        "Báo cáo thẩm tra của Ban Pháp chế cơ bản thống nhất với tờ trình. Trong đó đề nghị "
        "UBND tỉnh làm rõ thêm căn cứ pháp lý của các mức hỗ trợ.",
        ["UBND tỉnh làm rõ thêm căn cứ pháp lý của các mức hỗ trợ"],
    ),
    (
        "Tại buổi giao ban, đồng chí Bí thư Huyện ủy chỉ đạo:\n\n"
        "- Đẩy mạnh tiến độ giải phóng mặt bằng các dự án trọng điểm.\n\n"
        "- Rà soát các hộ nghèo phát sinh sau mưa lũ.",
        [
            "Đẩy mạnh tiến độ giải phóng mặt bằng các dự án trọng điểm",
            "Rà soát các hộ nghèo phát sinh sau mưa lũ",
        ],
    ),
    (
        "Phát biểu tại cuộc họp, Chủ tịch UBND huyện cho rằng kết quả còn khiêm tốn. Yêu cầu "
        "các xã khẩn trương hoàn thành kiểm kê rừng trước ngày 30/9.",
        ["Các xã khẩn trương hoàn thành kiểm kê rừng trước ngày 30/9"],
    ),
]


@pytest.mark.parametrize("text,expected", DEMANDS_WITHOUT_A_SPEAKER_IN_THE_SENTENCE)
def test_a_demand_opening_its_sentence_gives_directives(text, expected):
    assert _directives(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Yêu cầu đặt ra với ngành giáo dục là rất lớn.",
        "Đề nghị của cử tri về đường giao thông nông thôn đã được trả lời.",
    ],
)
def test_a_demand_word_used_as_a_noun_opens_no_directives(text):
    assert _directives(text) == []


# A time of the coming period or a "therefore" between the demand and who is asked.
WHO_IS_ASKED_AFTER_A_TIME = [
    (
        "Kết luận hội nghị, Thường trực Huyện ủy yêu cầu trong thời gian tới các xã, thị trấn "
        "cần tập trung tuyên truyền người dân chuyển đổi cây trồng.",
        "Các xã, thị trấn cần tập trung tuyên truyền người dân chuyển đổi cây trồng",
    ),
    (
        "Kết luận hội nghị, đồng chí Bí thư Tỉnh ủy đánh giá cao kết quả đạt được. Trong những "
        "tháng cuối năm 2024, các sở, ngành trong tỉnh chú trọng tháo gỡ khó khăn cho doanh "
        "nghiệp.",
        "Các sở, ngành trong tỉnh chú trọng tháo gỡ khó khăn cho doanh nghiệp",
    ),
    (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh cho biết tháng tới có nhiều lễ hội, vì vậy các "
        "ngành, địa phương cần phối hợp kiểm soát chặt chẽ giá cả thị trường.",
        "Các ngành, địa phương cần phối hợp kiểm soát chặt chẽ giá cả thị trường",
    ),
]


@pytest.mark.parametrize("text,line", WHO_IS_ASKED_AFTER_A_TIME)
def test_who_is_asked_stays_after_a_time_or_a_therefore(text, line):
    assert line in _directives(text)


# What a task names when the clause opens with another verb or with the objects of an
# earlier task.
WHERE_THE_TASK_BEGINS = [
    (
        "Tiếp thu ý kiến của các địa phương, Phó Thủ tướng yêu cầu tỉnh phải tìm mọi cách "
        "tăng thu ngân sách.",
        "Tỉnh phải tìm mọi cách tăng thu ngân sách",
    ),
    (
        "Kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu các sở, ngành tập trung thực hiện các "
        "nghị quyết của Tỉnh ủy; các kết luận, chỉ thị của Trung ương, trọng tâm là vận hành "
        "thông suốt chính quyền hai cấp.",
        "Vận hành thông suốt chính quyền hai cấp",
    ),
    (
        "Phát biểu kết luận, Chủ tịch HĐND tỉnh đề nghị UBND tỉnh có giải pháp quyết liệt "
        "trong điều hành, phù hợp với tình hình thực tế của tỉnh, cắt giảm triệt để những chi "
        "phí không hợp lý cho người dân.",
        "Cắt giảm triệt để những chi phí không hợp lý cho người dân",
    ),
]


@pytest.mark.parametrize("text,line", WHERE_THE_TASK_BEGINS)
def test_the_task_begins_where_it_is_named(text, line):
    assert line in _directives(text)


def test_a_list_of_manners_is_not_cut_into_tasks():
    text = (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu các sở, ngành, địa phương tổ chức thực "
        "hiện đồng bộ, quyết liệt, hiệu quả các giải pháp phục hồi kinh tế năm 2023."
    )
    assert _directives(text) == [
        "Các sở, ngành, địa phương tổ chức thực hiện đồng bộ, quyết liệt, hiệu quả các giải "
        "pháp phục hồi kinh tế năm 2023"
    ]


# A request from below to a higher body is no task of the meeting.
PETITIONS = [
    "Phát biểu tại hội nghị, Chủ tịch UBND quận cho biết tiến độ cấp giấy chứng nhận còn chậm. "
    "Quận kiến nghị thành phố chỉ đạo các sở sớm tháo gỡ vướng mắc về quy hoạch.",
    "Kết luận buổi làm việc, lãnh đạo tỉnh cũng kiến nghị Chính phủ nên sớm ban hành nghị định "
    "về thuế linh kiện ô tô.",
]


@pytest.mark.parametrize("text", PETITIONS)
def test_a_petition_to_a_higher_body_is_no_directive(text):
    assert _directives(text) == []


def test_a_task_in_a_quote_ends_where_its_speaker_is_named():
    text = (
        "Kết luận hội nghị, Bí thư Thành ủy nhấn mạnh: “Các quận phải xử lý dứt điểm các công "
        "trình vi phạm trật tự xây dựng”, Bí thư Thành ủy cho hay."
    )
    assert _directives(text) == [
        "Các quận phải xử lý dứt điểm các công trình vi phạm trật tự xây dựng"
    ]


def test_a_task_that_answers_petitions_is_a_directive():
    text = (
        "Kết luận kỳ họp, Chủ tịch HĐND tỉnh đề nghị UBND tỉnh giải quyết dứt điểm các kiến nghị "
        "của cử tri về đất đai."
    )
    assert _directives(text) == [
        "UBND tỉnh giải quyết dứt điểm các kiến nghị của cử tri về đất đai"
    ]


# Who is asked, named with "đối với" or as a unit ("đơn vị", "cơ quan").
UNITS_ASKED = [
    (
        "Kết luận hội nghị, Phó Chủ tịch UBND huyện đề nghị: đối với các đơn vị thi công tập "
        "trung nhân lực, máy móc đẩy nhanh tiến độ các công trình.",
        "Các đơn vị thi công tập trung nhân lực, máy móc đẩy nhanh tiến độ các công trình",
    ),
    (
        "Kết luận cuộc họp, Chủ tịch UBND thành phố yêu cầu đơn vị cung ứng kiểm tra chất lượng "
        "vật liệu trước khi thi công.",
        "Đơn vị cung ứng kiểm tra chất lượng vật liệu trước khi thi công",
    ),
]


@pytest.mark.parametrize("text,line", UNITS_ASKED)
def test_the_unit_asked_stays_in_the_line(text, line):
    assert line in _directives(text)


# The body's own plan for the coming period: a purpose toward the goals or the coming period
# itself, then the body and its task verb.
PLANS = [
    (
        "Để hoàn thành các mục tiêu đề ra, Ban Chấp hành Đảng bộ tỉnh tập trung rà soát, xây "
        "dựng kịch bản tăng trưởng cho từng quý.",
        [
            "Ban Chấp hành Đảng bộ tỉnh tập trung rà soát, xây dựng kịch bản tăng trưởng cho "
            "từng quý"
        ],
    ),
    (
        "Trong những tháng cuối năm, tỉnh tiếp tục hỗ trợ doanh nghiệp mở rộng vùng nguyên liệu.",
        ["Tỉnh tiếp tục hỗ trợ doanh nghiệp mở rộng vùng nguyên liệu"],
    ),
]


@pytest.mark.parametrize("text,expected", PLANS)
def test_a_plan_of_the_body_that_met_is_a_directive(text, expected):
    assert _directives(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a past period: what was done
        "Trong năm 2024, tỉnh tập trung triển khai nhiều giải pháp hỗ trợ doanh nghiệp.",
        # a deed after the lead
        "Để hoàn thành kế hoạch, thời gian qua tỉnh đã tập trung tháo gỡ khó khăn cho doanh "
        "nghiệp.",
    ],
)
def test_what_was_done_is_no_plan(text):
    assert _directives(text) == []


def test_a_line_that_only_announces_tasks_is_not_kept():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư đề nghị các đơn vị bám sát nghị quyết năm. Trước mắt "
        "cần thực hiện một số nhiệm vụ trọng tâm như: chuẩn bị tốt nhân sự đại hội các đoàn thể."
    )
    assert "Cần thực hiện một số nhiệm vụ trọng tâm như" not in _directives(text)


def test_a_long_list_of_who_is_asked_stays_in_the_line():
    text = (
        "Phát biểu bế mạc, đồng chí Bí thư đề nghị các cấp, các ngành, nhất là các đồng chí Ủy "
        "viên Ban Chấp hành Đảng bộ tỉnh phải đoàn kết, thống nhất cao trong lãnh đạo."
    )
    assert _directives(text) == [
        "Các cấp, các ngành, nhất là các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh phải đoàn "
        "kết, thống nhất cao trong lãnh đạo"
    ]


def test_a_need_in_the_speakers_view_is_a_directive():
    text = (
        "Phát biểu tại hội nghị, các đại biểu nêu nhiều ý kiến. Ông Chủ tịch UBND thành phố cho "
        "rằng thời gian tới bên cạnh phát huy kết quả, thành phố cần nắm rõ khó khăn của doanh "
        "nghiệp."
    )
    assert _directives(text) == ["Thành phố cần nắm rõ khó khăn của doanh nghiệp"]


# Who is asked, a need and a task verb: a task though no speaker is named.
ASKED_WITHOUT_A_SPEAKER = [
    (
        "Người đứng đầu các cơ quan, đơn vị phải tăng cường đối thoại với người dân; thiết lập "
        "đường dây nóng tiếp nhận phản ánh.",
        [
            "Người đứng đầu các cơ quan, đơn vị phải tăng cường đối thoại với người dân",
            "Thiết lập đường dây nóng tiếp nhận phản ánh",
        ],
    ),
]


@pytest.mark.parametrize("text,expected", ASKED_WITHOUT_A_SPEAKER)
def test_who_is_asked_with_a_need_gives_a_task(text, expected):
    assert _directives(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a need of something, not a task verb
        "Các doanh nghiệp phải chịu chi phí vận chuyển tăng cao trong quý vừa qua.",
        # who is asked stands too far from the need: a heading glued to a sentence
        "Các tập đoàn lớn đều muốn đầu tư vào tỉnh Phát biểu trước lãnh đạo các sở ngành và "
        "các huyện, ông Chủ tịch cho biết mục tiêu chỉ đạt được khi các cơ quan phải tăng "
        "cường hỗ trợ.",
    ],
)
def test_no_task_without_who_is_asked_and_a_task_verb(text):
    assert _directives(text) == []


# Tasks named as such: "Các giải pháp là ...", "Nhiệm vụ trọng tâm ... là ...".
NAMED_TASKS = [
    (
        "Các giải pháp là tập trung chuyển đổi cơ cấu cây trồng theo hướng hàng hóa, mở rộng "
        "liên kết sản xuất giữa doanh nghiệp và nông dân.",
        [
            "Tập trung chuyển đổi cơ cấu cây trồng theo hướng hàng hóa",
            "Mở rộng liên kết sản xuất giữa doanh nghiệp và nông dân",
        ],
    ),
    (
        "Nhiệm vụ trọng tâm trong tháng tới là tổ chức thành công đại hội đảng bộ các cấp.",
        ["Tổ chức thành công đại hội đảng bộ các cấp"],
    ),
]


@pytest.mark.parametrize("text,expected", NAMED_TASKS)
def test_tasks_named_as_such_are_directives(text, expected):
    assert _directives(text) == expected


def test_a_task_named_as_a_difficulty_is_none():
    assert _directives("Nhiệm vụ năm nay là rất nặng nề, đòi hỏi nhiều nỗ lực.") == []


def test_who_is_asked_may_carry_a_manner_before_the_task_verb():
    text = (
        "Phát biểu bế mạc, đồng chí Bí thư nêu rõ thời gian chuẩn bị không còn nhiều. Các đồng "
        "chí Ủy viên Ban Thường vụ Tỉnh ủy nêu cao tinh thần trách nhiệm, tập trung chỉ đạo "
        "hoàn thành các nhiệm vụ được phân công."
    )
    assert _directives(text) == [
        "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy nêu cao tinh thần trách nhiệm",
        "Tập trung chỉ đạo hoàn thành các nhiệm vụ được phân công",
    ]


# What the work follows ("Thực hiện chỉ đạo của ...,") is a circumstance: a deed or a task is
# decided after it.
BASIS_LEADS = [
    (
        "Kết luận buổi làm việc, Thủ tướng ghi nhận nỗ lực của tỉnh. Thực hiện chỉ đạo của "
        "Trung ương, tỉnh đã triển khai đồng bộ các giải pháp chăm lo Tết cho Nhân dân.",
        [],
    ),
    (
        "Kết luận hội nghị, đồng chí Bí thư biểu dương các địa phương. Thực hiện Nghị quyết "
        "của Tỉnh ủy, các huyện cần khẩn trương rà soát quỹ đất sạch.",
        ["Các huyện cần khẩn trương rà soát quỹ đất sạch"],
    ),
]


@pytest.mark.parametrize("text,expected", BASIS_LEADS)
def test_what_the_work_follows_is_a_circumstance(text, expected):
    assert _directives(text) == expected


def test_a_speakers_conclusion_before_a_colon_opens_directives():
    text = (
        "Qua nghe ý kiến của các sở, đồng chí Chủ tịch UBND tỉnh kết luận: cơ bản đồng tình với "
        "báo cáo. Các sở, ngành cần tăng cường phối hợp trong giải phóng mặt bằng."
    )
    assert _directives(text) == ["Các sở, ngành cần tăng cường phối hợp trong giải phóng mặt bằng"]


def test_a_conclusion_named_as_a_document_opens_no_directives():
    text = (
        "Hội nghị triển khai Chương trình hành động gắn với thực hiện Kết luận số 37: các đại "
        "biểu đã lấy phiếu tín nhiệm."
    )
    assert _directives(text) == []


SOFT_ASKS = [
    (
        "Phát biểu tại hội nghị, Chủ tịch UBND tỉnh mong muốn các đơn vị, địa phương nỗ lực "
        "nhiều hơn nữa trong những tháng cuối năm.",
        ["Các đơn vị, địa phương nỗ lực nhiều hơn nữa trong những tháng cuối năm"],
    ),
    (
        "Bế mạc đại hội, đồng chí Bí thư nhấn mạnh thời cơ mới đã đến. Chặng đường phía trước "
        "đòi hỏi mỗi cán bộ, đảng viên phải không ngừng đổi mới tư duy.",
        ["Mỗi cán bộ, đảng viên phải không ngừng đổi mới tư duy"],
    ),
    (
        "Bế mạc đại hội, đồng chí Bí thư nhấn mạnh thời cơ mới đã đến. Nhiệm vụ đó đòi hỏi sự "
        "chỉ đạo, điều hành quyết liệt của các cấp.",
        [],
    ),
]


@pytest.mark.parametrize("text,expected", SOFT_ASKS)
def test_a_soft_ask_of_who_is_asked_is_a_directive(text, expected):
    assert _directives(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "tiếp cận" folds like "tiếp" + "cần"
        "Kết luận phiên họp, Chủ tịch UBND tỉnh nêu các chỉ số còn thấp. Gia nhập thị "
        "trường, tiếp cận đất đai, tính minh bạch của chính quyền.",
        # what to do asked as a question
        "Kết luận phiên họp, Chủ tịch UBND tỉnh nêu rõ qua hội nghị sẽ xác định từng sở, ngành "
        "cần làm gì, như thế nào trong cải cách hành chính.",
    ],
)
def test_a_lookalike_of_a_need_states_no_task(text):
    assert _directives(text) == []


def test_a_subheading_glued_to_its_paragraph_is_no_task():
    text = (
        "Phát biểu kết luận, Bí thư Thành ủy đánh giá cao kết quả 6 tháng. Thu hút các nguồn "
        "lực đầu tư Về kế hoạch đầu tư trung hạn, thành phố đã đạt được những kết quả nhất định."
    )
    assert _directives(text) == []


def test_a_name_in_capitals_inside_a_task_is_no_subheading():
    text = (
        "Kết luận hội nghị, đồng chí Bí thư đề nghị các đoàn thể tổ chức Ngày hội Đại đoàn kết "
        "toàn dân tộc ở khu dân cư."
    )
    assert _directives(text) == [
        "Các đoàn thể tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư"
    ]


def test_the_closing_speech_after_a_plan_runs_on():
    text = (
        "Để hoàn thành nhiệm vụ năm 2024, Ban Chấp hành Đảng bộ tỉnh xác định thực hiện tốt các "
        "nhóm giải pháp phát triển kinh tế.\n\n"
        "Phát biểu bế mạc hội nghị, đồng chí Bí thư Tỉnh ủy nhấn mạnh kết quả năm 2023 là hết "
        "sức quan trọng.\n\n"
        "Ban Chấp hành ghi nhận sự nỗ lực của các cấp ủy trong năm qua.\n\n"
        "Thời gian còn lại không nhiều, đề nghị người đứng đầu các cơ quan, đơn vị tập trung cao "
        "độ chỉ đạo thực hiện nhiệm vụ."
    )
    assert (
        "Người đứng đầu các cơ quan, đơn vị tập trung cao độ chỉ đạo thực hiện nhiệm vụ"
        in _directives(text)
    )


# What not to do is a task; after a task it is the task's purpose.
WHAT_NOT_TO_DO = [
    (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu các sở, ngành và địa phương không thể "
        "đổ lỗi cho thời tiết khi chậm tiến độ.",
        ["Các sở, ngành và địa phương không thể đổ lỗi cho thời tiết khi chậm tiến độ"],
    ),
    (
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh yêu cầu các ngành chức năng làm việc với ban quản "
        "lý di tích để chấn chỉnh, không để tái diễn các hình ảnh phản cảm.",
        [
            "Các ngành chức năng làm việc với ban quản lý di tích để chấn chỉnh, không để tái "
            "diễn các hình ảnh phản cảm"
        ],
    ),
]


@pytest.mark.parametrize("text,expected", WHAT_NOT_TO_DO)
def test_what_not_to_do_is_a_task_or_its_purpose(text, expected):
    assert _directives(text) == expected


# Who is asked named by a place or a word outside the assignee list, before the need.
NAMED_BEFORE_A_NEED = [
    (
        "Trên tinh thần đó, Thủ tướng đề nghị Thái Nguyên cần hết sức quan tâm cải thiện môi "
        "trường đầu tư.",
        ["Thái Nguyên cần hết sức quan tâm cải thiện môi trường đầu tư"],
    ),
    (
        "Kết luận buổi làm việc, Thủ tướng nhấn mạnh Phú Yên phải tập trung thu hút các dự án "
        "đầu tư lớn.",
        ["Phú Yên phải tập trung thu hút các dự án đầu tư lớn"],
    ),
]


@pytest.mark.parametrize("text,expected", NAMED_BEFORE_A_NEED)
def test_who_is_named_before_the_need_is_kept(text, expected):
    assert _directives(text) == expected


def test_the_reason_after_a_task_is_not_the_task():
    text = (
        "Phát biểu kết luận, Bí thư Thành ủy nhấn mạnh cần rà soát lại các quy hoạch hạ tầng, "
        "vì nhiều quy hoạch đã được thông qua từ 15 năm trước."
    )
    assert _directives(text) == ["Cần rà soát lại các quy hoạch hạ tầng"]


def test_a_long_run_of_tasks_is_cut_in_linear_time():
    import time

    from digest.normalize import fold
    from digest.task_lines import split_tasks

    text = "các sở " + "đẩy mạnh cải cách hành chính, " * 8000  # 240,000 characters
    began = time.perf_counter()
    tasks = split_tasks(text, fold(text))
    # Read back to the whole run at every comma, this took about a minute.
    assert time.perf_counter() - began < 5
    assert len(tasks) == 8000


def test_the_council_named_in_full_opens_its_plan():
    text = (
        "Trong thời gian tới, Hội đồng nhân dân thành phố tiếp tục tăng cường tiếp xúc cử tri, "
        "tiếp công dân."
    )
    assert _directives(text) == [
        "Hội đồng nhân dân thành phố tiếp tục tăng cường tiếp xúc cử tri, tiếp công dân"
    ]


# "nhấn mạnh (thêm) rằng <who> phải ...": the conjunction is no part of who is asked.
DEMAND_THEN_THAT = [
    (
        "Kết luận hội nghị, Chủ tịch UBND tỉnh nhấn mạnh thêm rằng trên địa bàn tỉnh nhất định "
        "phải không còn doanh nghiệp xả thải trái phép.",
        "phải không còn doanh nghiệp xả thải trái phép",
    ),
    (
        "Bí thư Tỉnh ủy yêu cầu rằng các huyện phải hoàn thành việc rà soát hộ nghèo "
        "trong quý III.",
        "Các huyện phải hoàn thành việc rà soát hộ nghèo trong quý III",
    ),
]


@pytest.mark.parametrize("text,part", DEMAND_THEN_THAT)
def test_a_demand_then_rang_keeps_the_task(text, part):
    assert any(part in line for line in _directives(text))


# A text cut off by a page's character limit in the middle of a task: the half task is not
# printed; what stands whole before its comma is.
CUT_OFF_TASKS = [
    (
        "Kết luận hội nghị, đồng chí Chủ tịch yêu cầu các sở đẩy nhanh giải ngân vốn đầu tư "
        "công. Hội nghị cần tập trun",
        "Hội nghị cần tập trun",
        None,
    ),
    (
        "Kết luận hội nghị, đồng chí Bí thư yêu cầu trong công tác cán bộ phải giữ vững nguyên "
        "tắc tập trung dân chủ, làm vi",
        "làm vi",
        "Trong công tác cán bộ phải giữ vững nguyên tắc tập trung dân chủ",
    ),
]


@pytest.mark.parametrize("text,half,whole", CUT_OFF_TASKS)
def test_a_task_cut_off_by_the_page_limit_is_left_out(text, half, whole):
    from digest.task_lines import without_cut_tail

    lines = find_directives(without_cut_tail(label_clauses(text)))
    assert not any(half in line for line in lines)
    if whole is not None:
        assert whole in lines
