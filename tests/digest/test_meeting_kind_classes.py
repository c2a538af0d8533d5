"""Meeting kind on the ways real provincial reports name the body that met.

Every sentence here is written by us in the manner of provincial papers and portals; each
group is named after what the engine got wrong (or could get wrong) on real reports: a
person's office read as the body that met, a city or district committee read as the
province's, a national conference the province only attends, a steering committee's meeting.
"""

import pytest

from digest.meeting import meeting_kind
from digest.models import MeetingKind as K
from digest.normalize import fold


def _cases(*rows):
    return pytest.mark.parametrize(
        "title,lead,province,kind", rows, ids=[fold((r[0] or r[1])[:48]) for r in rows]
    )


# "Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy", "Ủy viên BCH Đảng bộ
# tỉnh" are people's offices: a chair's or attendee's title is not the body that met.
@_cases(
    (
        "Đồng chí Lê Thị Hoa, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Thành ủy chủ trì hội nghị",
        "6 tháng đầu năm, thành phố đạt nhiều kết quả quan trọng.",
        "Thái Nguyên",
        K.OTHER,
    ),
    (
        None,
        "Chủ trì Hội nghị có đồng chí Bí thư Tỉnh ủy, Phó Bí thư Thường trực Tỉnh ủy. Tham dự "
        "có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy; Ủy viên BCH Đảng bộ tỉnh; lãnh đạo các "
        "sở, ngành.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Ông Trần Văn Nam, Ủy viên Ban Chấp hành Đảng bộ tỉnh, Giám đốc Sở Tài chính báo cáo "
        "tình hình thu ngân sách tại hội nghị xúc tiến đầu tư.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Đồng chí Nguyễn Văn Hải, Trưởng Đoàn đại biểu Quốc hội tỉnh, Ủy viên Ban Thường vụ "
        "Tỉnh ủy phát biểu tại lễ khánh thành cầu.",
        None,
        K.OTHER,
    ),
)
def test_an_office_in_a_title_is_not_the_body_that_met(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# Thành ủy, Đảng bộ, UBND and HĐND of a city inside a tỉnh, of a huyện, xã or phường, of a
# Đảng bộ Khối or the Đảng ủy UBND tỉnh are not the province's bodies. A centrally-run
# city's Thành ủy is its provincial committee.
@_cases(
    (
        "Hội nghị Ban Chấp hành Đảng bộ thành phố Thái Nguyên lần thứ 12",
        "",
        "Thái Nguyên",
        K.OTHER,
    ),
    ("Thành ủy Vinh tổ chức Hội nghị lần thứ 10, khóa XXV", "", "Nghệ An", K.OTHER),
    ("Hội nghị Thành ủy Buôn Ma Thuột sơ kết 6 tháng", "", None, K.OTHER),
    (
        None,
        "Sáng 5/7, Ban Thường vụ Thành ủy họp nghe báo cáo tình hình kinh tế - xã hội của "
        "thành phố.",
        "Lâm Đồng",
        K.OTHER,
    ),
    ("UBND thành phố Bắc Giang họp phiên thường kỳ tháng 5", "", "Bắc Giang", K.OTHER),
    ("Khai mạc Kỳ họp thứ 10 HĐND thành phố Đà Lạt khóa XII", "", "Lâm Đồng", K.OTHER),
    ("Kỳ họp thứ 9 HĐND huyện Tân Phú khóa XX", "", None, K.OTHER),
    ("UBND huyện họp phiên thường kỳ tháng 3", "", None, K.OTHER),
    ("Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 20", "", None, K.OTHER),
    ("Hội nghị Ban Chấp hành Đảng bộ xã Đức An lần thứ hai", "", "Lâm Đồng", K.OTHER),
    ("Kỳ họp thứ ba HĐND phường Hạc Thành khóa I", "", "Thanh Hóa", K.OTHER),
    ("Hội nghị Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh lần thứ 5", "", None, K.OTHER),
    (
        None,
        "Chiều 20/12, Đảng ủy UBND tỉnh tổ chức Hội nghị tổng kết công tác năm 2025 và triển "
        "khai nhiệm vụ năm 2026.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Sáng 9/1, Ban Chấp hành Đảng bộ UBND tỉnh tổ chức Hội nghị lần thứ 3 đánh giá "
        "kết quả lãnh đạo năm 2025.",
        None,
        K.OTHER,
    ),
    ("Hội nghị Thành ủy Hà Nội lần thứ 15, khóa XVII", "", "Hà Nội", K.BCH),
    (
        "Hội nghị lần thứ 8 Ban Chấp hành Đảng bộ thành phố Cần Thơ khóa XIV",
        "",
        "Cần Thơ",
        K.BCH,
    ),
    ("Bế mạc Hội nghị Thành ủy Thành phố Hồ Chí Minh lần thứ 20", "", None, K.BCH),
    ("Hội nghị Thành ủy TP.HCM lần thứ 20", "", None, K.BCH),
    ("Hội nghị Thành ủy TP. Hồ Chí Minh lần thứ 20", "", "Hồ Chí Minh", K.BCH),
    ("Hội nghị Thành ủy Cần Thơ lần thứ 9", "", None, K.BCH),
    ("Kỳ họp thứ 9 HĐND Thành phố Hà Nội", "", "Hà Nội", K.HDND),
    (
        None,
        "Sáng 12/7, Thành ủy tổ chức Hội nghị lần thứ 17 Ban Chấp hành Đảng bộ thành phố "
        "khóa XVI, đánh giá kết quả 6 tháng.",
        "Đà Nẵng",
        K.BCH,
    ),
    ("Ban Thường vụ Thành ủy Hải Phòng cho ý kiến vào đề án", "", "Hải Phòng", K.BAN_THUONG_VU),
    ("UBND thành phố họp phiên thường kỳ tháng 9", "", "Hà Nội", K.UBND),
    ("Khai mạc kỳ họp thứ 20 HĐND TP.HCM khóa X", "", None, K.HDND),
    (
        None,
        "UBND tỉnh tổ chức hội nghị trực tuyến với các huyện, thị xã, thành phố để đánh giá "
        "kết quả tháng 10.",
        None,
        K.UBND,
    ),
)
def test_a_body_below_the_province_is_not_the_provinces(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# A conference the Government, the Prime Minister or a ministry chairs, which the province
# attends from its own connection point, is not a meeting of the province's bodies: named
# anywhere in the lead it decides, though the province's UBND is named first.
@_cases(
    (
        None,
        "Sáng 5/1, đồng chí Chủ tịch UBND tỉnh chủ trì tại điểm cầu tỉnh Hội nghị trực tuyến "
        "toàn quốc tổng kết công tác năm 2024 của ngành Tài chính.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Chiều 3/10, Chính phủ họp phiên thường kỳ tháng 9 trực tuyến với các địa phương. Dự "
        "tại điểm cầu tỉnh có Chủ tịch UBND tỉnh.",
        None,
        K.OTHER,
    ),
    ("Phiên họp Chính phủ thường kỳ tháng 8 với các địa phương", "", None, K.OTHER),
    (
        None,
        "Tại phiên họp thường kỳ tháng 6 của Chính phủ, Chủ tịch UBND tỉnh kiến nghị tháo gỡ "
        "vướng mắc về đất đai.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Sáng 3/10, UBND tỉnh họp phiên thường kỳ tháng 9, thống nhất các nội dung báo cáo "
        "Chính phủ.",
        None,
        K.UBND,
    ),
    (
        None,
        "Sáng 6/5, Phó Chủ tịch UBND tỉnh dự phiên họp trực tuyến của Chính phủ với các địa "
        "phương về giải ngân vốn đầu tư công.",
        None,
        K.OTHER,
    ),
    (
        None,
        "UBND tỉnh Hà Giang tham dự Hội nghị trực tuyến Chính phủ với các địa phương đánh giá "
        "tình hình kinh tế - xã hội 6 tháng đầu năm, do Thủ tướng chủ trì.",
        None,
        K.OTHER,
    ),
    ("Khai mạc Kỳ họp thứ 8, Quốc hội khóa XV", "", None, K.OTHER),
    (
        None,
        "Sáng 2/10, Đoàn đại biểu Quốc hội tỉnh tiếp xúc cử tri trước Kỳ họp thứ 8, Quốc hội "
        "khóa XV tại huyện Yên Lập.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Tổ đại biểu HĐND tỉnh số 3 tiếp xúc cử tri trước kỳ họp thứ 20 HĐND tỉnh khóa XVIII.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Bộ trưởng Bộ Kế hoạch và Đầu tư làm việc với UBND tỉnh về tiến độ các dự án trọng điểm.",
        None,
        K.OTHER,
    ),
    (
        "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy",
        "",
        None,
        K.OTHER,
    ),
)
def test_a_national_conference_the_province_attends_is_other(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# A steering committee (Ban Chỉ đạo) meets as itself, even when its head is the Chủ tịch
# UBND tỉnh named first.
@_cases(
    ("Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh họp phiên thứ 12", "", None, K.OTHER),
    (
        None,
        "Sáng 12/3, đồng chí Trần Văn Bình, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo các "
        "chương trình mục tiêu quốc gia tỉnh chủ trì cuộc họp Ban Chỉ đạo đánh giá tiến độ.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Chiều 4/4, Chủ tịch UBND tỉnh chủ trì hội nghị Ban Chỉ đạo phát triển kinh tế - xã hội "
        "tỉnh quý I.",
        None,
        K.OTHER,
    ),
)
def test_a_steering_committee_meeting_is_other(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# Each kind as provincial reports name it, in headlines and in leads.
@_cases(
    # Ban Chấp hành: the committee's numbered conference, under any of its names.
    ("Hội nghị Tỉnh ủy lần thứ 14, khóa XX", "", None, K.BCH),
    ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ nhất (mở rộng)", "", None, K.BCH),
    (
        None,
        "Ngày 8/12, Tỉnh ủy Quảng Ngãi tổ chức Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5 "
        "để đánh giá kết quả năm 2025.",
        None,
        K.BCH,
    ),
    (
        None,
        "Trong hai ngày 30/6 và 1/7, Tỉnh ủy tổ chức Hội nghị lần thứ 8 (khóa X).",
        None,
        K.BCH,
    ),
    ("Hội nghị BCH Đảng bộ tỉnh thường kỳ cuối năm", "", None, K.BCH),
    (
        None,
        "Phát biểu bế mạc Hội nghị Ban Chấp hành Đảng bộ tỉnh, Bí thư Tỉnh ủy yêu cầu các cấp "
        "ủy tập trung hoàn thành chỉ tiêu.",
        None,
        K.BCH,
    ),
    # Ban Thường vụ: it meets, gives opinions, works with a subordinate committee.
    ("Ban Thường vụ Tỉnh ủy họp cho ý kiến về công tác cán bộ", "", None, K.BAN_THUONG_VU),
    ("Hội nghị Ban Thường vụ Tỉnh ủy thường kỳ tháng 5", "", None, K.BAN_THUONG_VU),
    ("BTV Tỉnh ủy cho ý kiến vào đề án phát triển du lịch", "", None, K.BAN_THUONG_VU),
    (
        None,
        "Sáng 15/3, Ban Thường vụ Tỉnh ủy làm việc với Ban Thường vụ Huyện ủy Tân Sơn về kết "
        "quả thực hiện nhiệm vụ quý I.",
        None,
        K.BAN_THUONG_VU,
    ),
    (
        None,
        "Sáng 01/4, đồng chí Bí thư Tỉnh ủy chủ trì buổi làm việc với Ban Thường vụ Đảng ủy "
        "UBND tỉnh về kết quả quý I. Dự buổi làm việc có các đồng chí trong Ban Thường vụ "
        "Tỉnh ủy.",
        None,
        K.BAN_THUONG_VU,
    ),
    # Thường trực Tỉnh ủy: it works, gives opinions, holds its giao ban; its Phó Bí thư
    # Thường trực chairs a working meeting for it.
    ("Thường trực Tỉnh ủy làm việc với Ban Cán sự đảng UBND tỉnh", "", None, K.THUONG_TRUC),
    ("Giao ban Thường trực Tỉnh ủy tháng 3", "", None, K.THUONG_TRUC),
    (
        None,
        "Sáng 11/12, Phó Bí thư Thường trực Tỉnh ủy Nguyễn Văn An chủ trì họp với lãnh đạo "
        "UBND tỉnh, các sở, ngành về công tác chuẩn bị hội thảo khoa học.",
        None,
        K.THUONG_TRUC,
    ),
    (
        None,
        "Chiều 2/6, Phó Bí thư Thường trực Tỉnh ủy chủ trì buổi làm việc với Đảng ủy các cơ "
        "quan Đảng tỉnh.",
        None,
        K.THUONG_TRUC,
    ),
    # UBND: its sessions, monthly conferences and giao ban.
    ("Phiên họp thường kỳ UBND tỉnh tháng 9 năm 2023", "", None, K.UBND),
    ("Hội nghị UBND tỉnh tháng 10/2025 đánh giá kết quả 10 tháng", "", None, K.UBND),
    (
        None,
        "Sáng 3/11, UBND tỉnh tổ chức phiên họp trực tuyến với các địa phương trong tỉnh đánh "
        "giá tình hình tháng 10.",
        None,
        K.UBND,
    ),
    ("Thường trực UBND tỉnh giao ban tháng 4", "", None, K.UBND),
    ("Hội nghị giao ban UBND tỉnh tháng 1", "", None, K.UBND),
    (
        None,
        "Phát biểu kết luận phiên họp, Chủ tịch UBND tỉnh yêu cầu các sở đẩy nhanh giải ngân.",
        None,
        K.UBND,
    ),
    # HĐND: its sittings, ordinary or thematic, named with or without the council.
    ("HĐND tỉnh khai mạc kỳ họp thứ 18", "", None, K.HDND),
    ("Khai mạc Kỳ họp thứ 22 (kỳ họp chuyên đề), HĐND tỉnh khóa XVIII", "", None, K.HDND),
    (
        None,
        "Sáng 10/12, Kỳ họp thứ 20, khóa XVIII đã khai mạc tại Hội trường tỉnh, các đại biểu "
        "xem xét 30 báo cáo.",
        None,
        K.HDND,
    ),
    ("Bế mạc kỳ họp chuyên đề: thông qua 12 nghị quyết", "", None, K.HDND),
    ("Thường trực HĐND tỉnh họp phiên thường kỳ tháng 9", "", None, K.HDND),
    # Other: conferences the Tỉnh ủy organises that are not its Ban Chấp hành's session,
    # congresses, ceremonies.
    (
        None,
        "Sáng 20/5, Tỉnh ủy tổ chức hội nghị sơ kết 5 năm thực hiện Nghị quyết số 21 của Ban "
        "Thường vụ Tỉnh ủy.",
        None,
        K.OTHER,
    ),
    (
        None,
        "Ngày 3/11, Thành ủy tổ chức hội nghị quán triệt, triển khai Nghị quyết Đại hội Đảng bộ "
        "thành phố.",
        "Hải Phòng",
        K.OTHER,
    ),
    ("Khai mạc Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030", "", None, K.OTHER),
    ("Hội nghị xúc tiến đầu tư tỉnh năm 2024", "", None, K.OTHER),
)
def test_each_kind_as_reports_name_it(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# The headline decides first; a headline that names no body leaves it to the lead.
@_cases(
    (
        "Bí thư Tỉnh ủy: Cần tháo gỡ ngay vướng mắc về mặt bằng",
        "Sáng 4/5, Ban Thường vụ Tỉnh ủy họp cho ý kiến vào tiến độ các dự án.",
        None,
        K.BAN_THUONG_VU,
    ),
    (
        "Phó Bí thư Thường trực Tỉnh ủy: Phải hoàn thành giải ngân trong quý III",
        "Chiều 2/8, UBND tỉnh họp phiên thường kỳ tháng 7.",
        None,
        K.UBND,
    ),
)
def test_headline_without_a_body_leaves_it_to_the_lead(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# "họp" and "hợp" fold alike: "phối hợp", "họp báo", "hợp nhất" are no session, while a name
# ending like one of those words ("Khánh Hòa họp", "Thủ tướng họp") still meets.
@_cases(
    ("UBND tỉnh Khánh Hòa họp thường kỳ tháng 5", "", None, K.UBND),
    (
        None,
        "Sáng 16/1, UBND tỉnh tổ chức họp báo thường kỳ quý I, thông tin kết quả năm 2025.",
        None,
        K.OTHER,
    ),
    (
        None,
        "UBND tỉnh phối hợp với Bộ Y tế tổ chức lễ phát động tiêm chủng mở rộng.",
        None,
        K.OTHER,
    ),
    ("UBND tỉnh công bố quyết định hợp nhất các sở", "", None, K.OTHER),
    ("UBND tỉnh họp quý I với các doanh nghiệp FDI", "", None, K.UBND),
    (
        None,
        "Sáng 2/3, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp với các sở về giải ngân vốn.",
        None,
        K.UBND,
    ),
    (
        None,
        "Tham dự phiên họp có các đồng chí Phó Chủ tịch, Ủy viên UBND tỉnh và lãnh đạo các sở.",
        None,
        K.UBND,
    ),
)
def test_a_fitting_word_is_not_a_meeting(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# A national conference named only as what the province did after it is not the meeting.
@_cases(
    (
        None,
        "Ngay sau hội nghị trực tuyến toàn quốc, UBND tỉnh họp với các sở, ngành để triển khai "
        "nhiệm vụ.",
        None,
        K.UBND,
    ),
)
def test_a_province_meeting_after_a_national_conference_is_its_own(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# A UBND session that readies the council's sitting names the sitting ("trình HĐND tỉnh tại
# kỳ họp"): the council it reports to is not the body that met; nor is a sitting that voters
# were met before.
@_cases(
    (
        "UBND tỉnh cho ý kiến các nội dung trình HĐND tỉnh tại kỳ họp cuối năm",
        "Chiều 20/11, UBND tỉnh họp thảo luận 18 tờ trình.",
        None,
        K.UBND,
    ),
    (
        "Thống nhất nhiều nội dung trình HĐND thành phố tại kỳ họp giữa năm",
        "Sáng 3/6, phát biểu tại phiên họp thường kỳ UBND thành phố tháng 5, Chủ tịch UBND "
        "thành phố đề nghị các sở hoàn thiện hồ sơ.",
        "Đà Nẵng",
        K.UBND,
    ),
    (
        None,
        "Sáng 12/6, UBND tỉnh tiếp tục thảo luận các nội dung chuẩn bị cho kỳ họp thứ 15 HĐND "
        "tỉnh khóa XVII.",
        None,
        K.UBND,
    ),
    (
        None,
        "Sáng 8/7, tại Kỳ họp thứ 7 HĐND tỉnh khóa XII, Phó Chủ tịch UBND tỉnh trình bày báo "
        "cáo kết quả giải quyết kiến nghị cử tri trước và sau Kỳ họp thứ 6.",
        None,
        K.HDND,
    ),
)
def test_what_is_readied_for_a_sitting_is_not_the_sitting(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind


# A building or office named with a body is no meeting of it, and the "họp" of "kỳ họp" is
# the council's: "tại Hội trường UBND tỉnh đã diễn ra Kỳ họp thứ 6, HĐND tỉnh".
@_cases(
    (
        None,
        "Sáng 4/7, tại Hội trường UBND tỉnh đã diễn ra Kỳ họp thứ 6, HĐND tỉnh khóa IX với sự "
        "tham dự của 77 đại biểu.",
        None,
        K.HDND,
    ),
    (
        None,
        "Chiều 9/2, tại trụ sở Tỉnh ủy, HĐND tỉnh tổ chức Kỳ họp thứ Tám (kỳ họp chuyên đề).",
        None,
        K.HDND,
    ),
    ("Văn phòng UBND tỉnh tổ chức hội nghị tổng kết công tác văn thư", "", None, K.OTHER),
    (
        None,
        "Chiều 5/4, Ban Chấp hành (BCH) Đảng bộ tỉnh tiếp tục phiên họp thảo luận nhiệm vụ "
        "quý II.",
        None,
        K.BCH,
    ),
)
def test_a_building_or_a_sitting_word_is_no_body(title, lead, province, kind):
    assert meeting_kind(title, lead, province=province) is kind
