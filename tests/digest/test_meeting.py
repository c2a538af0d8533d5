"""Meeting kind, session and term; every kind's examples in data/meetings.toml are checked."""

import tomllib

import pytest

from digest.meeting import _DATA, meeting_kind, meeting_number, meeting_term
from digest.models import MeetingKind

KIND_EXAMPLES = [
    (MeetingKind(k["kind"]), ex)
    for k in tomllib.loads(_DATA.read_text(encoding="utf-8"))["kind"]
    for ex in k["examples"]
]


@pytest.mark.parametrize("kind,title", KIND_EXAMPLES, ids=[e[1][:40] for e in KIND_EXAMPLES])
def test_kind_examples(kind, title):
    assert meeting_kind(title, "") is kind


@pytest.mark.parametrize(
    "title,lead,kind",
    [
        ("Hội nghị Thành ủy lần thứ 15", "", MeetingKind.BCH),
        (
            None,
            "Chiều 27/6, Phó Bí thư Thường trực Tỉnh ủy chủ trì "
            "hội nghị Ban Chấp hành Đảng bộ tỉnh.",
            MeetingKind.BCH,
        ),
        ("Khai mạc kỳ họp thứ 20, HĐND tỉnh khóa XVIII", "", MeetingKind.HDND),
        ("Thông cáo báo chí", "UBND thành phố họp phiên thường kỳ tháng 9.", MeetingKind.UBND),
        (
            "Lễ trao Huy hiệu Đảng",
            "Sáng 3/2, tỉnh trao Huy hiệu 40 năm tuổi Đảng.",
            MeetingKind.OTHER,
        ),
    ],
)
def test_kind_from_title_then_lead(title, lead, kind):
    assert meeting_kind(title, lead) is kind


@pytest.mark.parametrize(
    "text,number,term",
    [
        ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14, khóa XII", "lần thứ 14", "khóa XII"),
        ("Kỳ họp thứ 20 HĐND tỉnh khoá XVIII", "Kỳ họp thứ 20", "khóa XVIII"),
        ("UBND tỉnh họp phiên họp thường kỳ tháng 10", "phiên họp thường kỳ tháng 10", None),
        ("Hội nghị sơ kết công tác", None, None),
    ],
)
def test_number_and_term(text, number, term):
    assert meeting_number(text) == number
    assert meeting_term(text) == term
