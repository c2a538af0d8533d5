"""Shortfalls by class: how reports say what went wrong, and what only looks like it.

Each entry of the shortfall vocabulary (digest/data/cues.toml) is checked on folded text, as
the matchers see it; the regression sentences are written for these tests in the manner of
real reports.
"""

import tomllib
from pathlib import Path

import pytest

from digest.sections import label_clauses
from digest.shortfalls import _task_end, find_shortfalls
from digest.troubles import points, trouble_at

S = tomllib.loads(
    (Path(__file__).parents[2] / "digest" / "data" / "cues.toml").read_text("utf-8")
)["shortfall"]


@pytest.mark.parametrize("state", S["bad_states"])
def test_a_bad_state_after_con_names_a_trouble(state):
    assert trouble_at(f"cong tac quan ly dat dai con {state} o mot so noi") is not None


@pytest.mark.parametrize("still", S["still"])
def test_a_still_word_before_a_bad_state_names_a_trouble(still):
    assert trouble_at(f"tien do cac cong trinh {still} cham so voi yeu cau") is not None


@pytest.mark.parametrize("degree", S["degrees"])
def test_a_degree_between_still_and_a_bad_state_keeps_the_trouble(degree):
    m = trouble_at(f"viec trien khai du an con {degree} bat cap")
    assert m is not None and m.group().endswith("bat cap")


@pytest.mark.parametrize("word", S["reached"])
@pytest.mark.parametrize("unmet", S["unmet"])
def test_what_was_not_reached_names_a_trouble(unmet, word):
    assert trouble_at(f"mot so chi tieu {unmet} {word} nhu mong muon") is not None


@pytest.mark.parametrize("lack", S["lacks"])
def test_what_is_lacking_names_a_trouble(lack):
    assert trouble_at(f"mot so don vi thieu {lack} trong thuc hien nhiem vu") is not None


@pytest.mark.parametrize("hardship", S["hardships"])
@pytest.mark.parametrize("befell", S["befell"])
def test_a_hardship_that_befell_names_a_trouble(befell, hardship):
    assert trouble_at(f"san xuat nong nghiep {befell} {hardship} cua thien tai") is not None


@pytest.mark.parametrize("opener", S["task_openers"])
def test_a_clause_opening_with_a_task_verb_is_a_task(opener):
    assert _task_end(f"{opener} ra soat cac du an con cham tien do") == 0


@pytest.mark.parametrize("phrase", S["not_strong"])
def test_a_phrase_around_a_marker_that_states_no_trouble(phrase):
    assert trouble_at(f"noi dung {phrase} trong du thao") is None


def _shortfalls(text: str) -> list[str]:
    return find_shortfalls(label_clauses(text))


SHORTFALL_CLASSES = [
    (
        "còn nhiều + a noun of trouble, after who saw it",
        "Qua giám sát cho thấy, việc triển khai các dự án khu dân cư còn nhiều bất cập, thiếu "
        "sót.",
        ["Việc triển khai các dự án khu dân cư còn nhiều bất cập, thiếu sót"],
    ),
    (
        "a result below the year before and a plan hard to reach",
        "Chín tháng, tăng trưởng kinh tế mới đạt 5,2%, thấp hơn cùng kỳ và khó đạt kế hoạch năm.",
        ["Chín tháng, tăng trưởng kinh tế mới đạt 5,2%, thấp hơn cùng kỳ và khó đạt kế hoạch năm"],
    ),
    (
        "what befell the province, with its cause",
        "Sáu tháng đầu năm, sản xuất công nghiệp gặp nhiều khó khăn do thiếu đơn hàng.",
        ["Sáu tháng đầu năm, sản xuất công nghiệp gặp nhiều khó khăn do thiếu đơn hàng"],
    ),
    (
        "what is lacking",
        "Một số sở, ngành thiếu quyết liệt trong giải quyết thủ tục cho nhà đầu tư.",
        ["Một số sở, ngành thiếu quyết liệt trong giải quyết thủ tục cho nhà đầu tư"],
    ),
    (
        "work on a trouble that is going badly",
        "Kết quả thu ngân sách đạt khá. Công tác phòng, chống tham nhũng vặt còn hạn chế.",
        ["Công tác phòng, chống tham nhũng vặt còn hạn chế"],
    ),
    ("a word that folds like thiếu", "Hội nghị giới thiệu các mô hình sản xuất mới.", []),
    ("a word that folds like chưa", "Tỉnh đầu tư sửa chữa 12 trường học xuống cấp.", []),
    (
        "a task opening with its verb",
        "Tiếp tục kiện toàn đội ngũ cán bộ ở những xã còn thiếu cán bộ chuyên môn.",
        [],
    ),
    ("a trouble dealt with", "Nhiều vụ việc tồn đọng kéo dài đã được giải quyết dứt điểm.", []),
    (
        "solutions to troubles in the shortfall paragraph",
        "Tuy nhiên, còn nhiều hạn chế. Hội nghị đã bàn các giải pháp khắc phục những khó khăn, "
        "vướng mắc.",
        [],
    ),
    (
        "the list a request asks about",
        "Đại biểu đề nghị làm rõ nguyên nhân của một số chỉ tiêu như: thu ngân sách nội địa; "
        "tiến độ giải ngân vốn đầu tư công.",
        [],
    ),
    (
        "a header that announces the list",
        "Bên cạnh những kết quả đạt được, vẫn còn một số tồn tại, hạn chế như sau: việc tái cơ "
        "cấu ngành nông nghiệp còn chậm.",
        ["Việc tái cơ cấu ngành nông nghiệp còn chậm"],
    ),
    (
        "revenue short of the estimate",
        "Qua rà soát, ngân sách tỉnh có khả năng hụt thu khoảng 900 tỷ đồng so với dự toán.",
        ["Ngân sách tỉnh có khả năng hụt thu khoảng 900 tỷ đồng so với dự toán"],
    ),
    (
        "the trouble after a concession, turned without a comma",
        "Mặc dù các ngành đã nhiều cố gắng song tình hình giải ngân vẫn còn chậm.",
        ["Tình hình giải ngân vẫn còn chậm"],
    ),
    (
        "the items a trouble announces",
        "Tỉnh tăng trưởng khá song vẫn còn một số vấn đề đáng lo ngại như: khả năng thu ngân "
        "sách; tỷ lệ giải ngân vốn đầu tư công khá thấp.",
        ["Khả năng thu ngân sách", "Tỷ lệ giải ngân vốn đầu tư công khá thấp"],
    ),
    (
        "the list a request makes about a trouble",
        "Đối với các công trình chưa khởi công, đề nghị bố trí vốn như: đường ven biển; cầu "
        "Bến Lức.",
        ["Đối với các công trình chưa khởi công, đề nghị bố trí vốn như"],
    ),
    (
        "a ranking that keeps falling; cạnh tranh is no avoiding",
        "Thu ngân sách đạt khá. Tuy nhiên, chỉ số năng lực cạnh tranh cấp tỉnh liên tục giảm "
        "trong ba năm qua.",
        ["Chỉ số năng lực cạnh tranh cấp tỉnh liên tục giảm trong ba năm qua"],
    ),
    (
        "a sentence of results after the troubles",
        "Tuy nhiên, tiến độ các dự án trọng điểm còn chậm. Tổng chi ngân sách ước đạt 3.200 tỷ "
        "đồng, tăng 12% so với cùng kỳ.",
        ["Tiến độ các dự án trọng điểm còn chậm"],
    ),
    (
        "the weaknesses a request asks to assess",
        "Chủ tịch yêu cầu bổ sung số liệu tài chính; có đánh giá về những hạn chế, yếu kém trong "
        "quản lý xây dựng.",
        [],
    ),
    (
        "people in difficulty are who is helped",
        "Huyện đã chi hỗ trợ kịp thời cho các đối tượng gặp khó khăn theo nghị quyết.",
        [],
    ),
    (
        "who said it after a connective",
        "Ngoài ra, theo Chủ tịch UBND tỉnh, an ninh tài chính, tiền tệ chưa vững chắc.",
        ["An ninh tài chính, tiền tệ chưa vững chắc"],
    ),
    (
        "chưa kể adds to a list and is no trouble of its own",
        "Thu ngân sách đạt khá. Chưa kể tình hình tội phạm, trật tự an toàn giao thông tiếp tục "
        "diễn biến phức tạp.",
        ["Chưa kể tình hình tội phạm, trật tự an toàn giao thông tiếp tục diễn biến phức tạp"],
    ),
    (
        "the list under a heading over shortfalls, to the next heading",
        "Thu ngân sách đạt 5.000 tỷ đồng.\nNhững tồn tại, hạn chế\n- Giải ngân vốn đầu tư công "
        "đạt thấp.\n- Tiến độ xây dựng nông thôn mới ở các xã vùng cao.\nNhiệm vụ năm 2025\n"
        "- Phấn đấu tăng trưởng 8%.",
        ["Giải ngân vốn đầu tư công đạt thấp", "Tiến độ xây dựng nông thôn mới ở các xã vùng cao"],
    ),
    (
        "a result the text calls short",
        "Sau chín tháng, vốn đầu tư công mới giải ngân được 41% kế hoạch.",
        ["Sau chín tháng, vốn đầu tư công mới giải ngân được 41% kế hoạch"],
    ),
    (
        "a demand word after được says what was done, no request",
        "Tuy nhiên, nhiều việc đã được nhắc nhở, chỉ đạo nhiều lần nhưng chưa khắc phục.",
        ["Nhiều việc đã được nhắc nhở, chỉ đạo nhiều lần nhưng chưa khắc phục"],
    ),
    (
        "a unit asked to keep working on a trouble",
        "Trong đó, Sở Công Thương tiếp tục rà soát các cửa hàng kinh doanh vẫn còn vi phạm.",
        [],
    ),
    (
        "a trouble that keeps on is a state, not a task",
        "Tiếp tục gặp khó khăn do thiếu đơn hàng xuất khẩu.",
        ["Tiếp tục gặp khó khăn do thiếu đơn hàng xuất khẩu"],
    ),
    (
        "a place that folds like tái diễn",
        "Phát biểu tại diễn đàn, lãnh đạo tỉnh giới thiệu tiềm năng du lịch.",
        [],
    ),
    (
        "a name that folds like vẫn and a state",
        "Dự họp có các ông Đinh Văn Thiệu và Nguyễn Văn Cao, Phó Chủ tịch UBND tỉnh.",
        [],
    ),
    (
        "a trouble granted on the way to what went well",
        "Theo báo cáo, dù dịch bệnh diễn biến phức tạp, kinh tế của tỉnh vẫn ổn định.",
        [],
    ),
    (
        "a lower price level is no shortfall",
        "Chỉ số giá tiêu dùng được kiểm soát ở mức 3,2%, thấp hơn năm trước.",
        [],
    ),
    (
        "a time the trouble had not yet come",
        "So với cùng kỳ năm 2019, khi dịch bệnh chưa xuất hiện, GRDP vẫn cao hơn 5%.",
        [],
    ),
    (
        "a turn after an ellipsis, and a header that only says troubles follow",
        "Thu ngân sách cơ bản đạt yêu cầu…Tuy nhiên vẫn còn một số tồn tại hạn chế cần phải khắc "
        "phục đó là: công tác quy hoạch xây dựng chưa đồng bộ.",
        ["Công tác quy hoạch xây dựng chưa đồng bộ"],
    ),
    (
        "the items after a colon that a trouble announces",
        "Tuy nhiên, hội nghị chỉ ra một số hạn chế: sản lượng cà phê vụ này sụt giảm; giá phân "
        "bón tăng cao làm giảm thu nhập của nông dân.",
        [
            "Sản lượng cà phê vụ này sụt giảm",
            "Giá phân bón tăng cao làm giảm thu nhập của nông dân",
        ],
    ),
    (
        "the results a trouble turns to after its colon",
        "Năm qua, tỉnh phải đối mặt với nhiều khó khăn, song vẫn có những kết quả đáng ghi nhận: "
        "lượng khách du lịch tăng gấp đôi; thu ngân sách vượt dự toán.",
        ["Năm qua, tỉnh phải đối mặt với nhiều khó khăn"],
    ),
    (
        "what someone said after a colon is no list of troubles",
        "Trước phản ánh về nhiều tồn tại chưa được giải quyết, Giám đốc Sở cho biết: tổng diện "
        "tích đất công ích của tỉnh là 8.300 ha.",
        ["Trước phản ánh về nhiều tồn tại chưa được giải quyết"],
    ),
    (
        "a sentence of facts in the paragraph of troubles",
        "Tuy nhiên, công tác giải phóng mặt bằng còn vướng mắc. Toàn tỉnh có 35 dự án trọng điểm "
        "đang triển khai trong năm.",
        ["Công tác giải phóng mặt bằng còn vướng mắc"],
    ),
    (
        "what the limitations are about, item by item",
        "Tuy nhiên, nổi lên một số hạn chế về phương thức lãnh đạo; về công tác kiểm tra, giám "
        "sát của cấp ủy cơ sở.",
        [
            "Nổi lên một số hạn chế về phương thức lãnh đạo",
            "Về công tác kiểm tra, giám sát của cấp ủy cơ sở",
        ],
    ),
    (
        "a quoted trouble without who said it after it",
        '"Kinh tế tụt giảm nghiêm trọng, nhiều chỉ tiêu không đạt kế hoạch", Bí thư Thành ủy '
        "chia sẻ.",
        ["Kinh tế tụt giảm nghiêm trọng", "Nhiều chỉ tiêu không đạt kế hoạch"],
    ),
    (
        "troubles named only as the topic of the discussion",
        "Các ý kiến tập trung đánh giá những khó khăn do chịu tác động của thiên tai.",
        [],
    ),
]


@pytest.mark.parametrize(
    "text,expected", [c[1:] for c in SHORTFALL_CLASSES], ids=[c[0] for c in SHORTFALL_CLASSES]
)
def test_shortfall_classes(text, expected):
    assert _shortfalls(text) == expected


POINTS = [
    (
        "two troubles with their own subjects are two points",
        "Giải ngân vốn đầu tư công còn chậm, thu ngân sách từ đất đạt thấp so với dự toán",
        ["Giải ngân vốn đầu tư công còn chậm", "thu ngân sách từ đất đạt thấp so với dự toán"],
    ),
    (
        "a cause stays with the trouble it causes",
        "Do ảnh hưởng của mưa lũ, sản xuất nông nghiệp bị thiệt hại, giá trị xuất khẩu nông sản "
        "giảm mạnh",
        [
            "Do ảnh hưởng của mưa lũ, sản xuất nông nghiệp bị thiệt hại",
            "giá trị xuất khẩu nông sản giảm mạnh",
        ],
    ),
    (
        "a short complement stays with its point",
        "Công tác quản lý đất đai ở cấp xã còn lỏng lẻo, hiệu quả chưa cao",
        ["Công tác quản lý đất đai ở cấp xã còn lỏng lẻo, hiệu quả chưa cao"],
    ),
    (
        "a figure that goes on with the trouble stays with it",
        "Giá trị sản xuất công nghiệp tăng thấp, chỉ đạt 2,1% so với cùng kỳ",
        ["Giá trị sản xuất công nghiệp tăng thấp, chỉ đạt 2,1% so với cùng kỳ"],
    ),
    (
        "subjects listed before their trouble stay with it",
        "Vẫn còn tình trạng buông lỏng quản lý, các vi phạm trật tự xây dựng, trật tự đô thị "
        "xử lý chưa nghiêm",
        [
            "Vẫn còn tình trạng buông lỏng quản lý, các vi phạm trật tự xây dựng, trật tự đô thị "
            "xử lý chưa nghiêm"
        ],
    ),
    (
        "a cause inside a piece explains the point before it",
        "Tỉnh còn đối mặt với nhiều khó khăn, thách thức do thiên tai nên một số chỉ tiêu chỉ "
        "đạt mức trung bình",
        [
            "Tỉnh còn đối mặt với nhiều khó khăn, thách thức do thiên tai nên một số chỉ tiêu chỉ "
            "đạt mức trung bình"
        ],
    ),
    (
        "what was done despite the trouble is left out",
        "Kinh tế trong nước còn nhiều khó khăn, các cấp, các ngành đã tập trung tháo gỡ cho "
        "doanh nghiệp",
        ["Kinh tế trong nước còn nhiều khó khăn"],
    ),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in POINTS], ids=[c[0] for c in POINTS])
def test_points_of_one_line(text, expected):
    assert points(text) == expected
