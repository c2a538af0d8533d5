"""Meeting kind, session and term; every kind's examples in data/meetings.toml are checked."""

import tomllib

import pytest

from digest.meeting import _DATA, meeting_kind, meeting_number, meeting_term
from digest.models import MeetingKind
from digest.normalize import fold

_VOCABULARY = tomllib.loads(_DATA.read_text(encoding="utf-8"))
KIND_EXAMPLES = [(MeetingKind(k["kind"]), ex) for k in _VOCABULARY["kind"] for ex in k["examples"]]
# Each word that makes a body's name something else, and each unit below the province, has a
# sentence that must not be read as a meeting of the province's body.
NOT_THE_BODY = [(e["example"], e.get("expect", "other")) for e in _VOCABULARY["not_the_body"]]
UNIT_EXAMPLES = list(_VOCABULARY["units"]["examples"].items())


@pytest.mark.parametrize("kind,title", KIND_EXAMPLES, ids=[fold(e[1][:40]) for e in KIND_EXAMPLES])
def test_kind_examples(kind, title):
    assert meeting_kind(title, "") is kind


@pytest.mark.parametrize("title,kind", NOT_THE_BODY, ids=[fold(t[:40]) for t, _ in NOT_THE_BODY])
def test_not_the_body_examples(title, kind):
    assert meeting_kind(title, "") is MeetingKind(kind)


@pytest.mark.parametrize("title,kind", _VOCABULARY["members"]["examples"])
def test_members_as_a_group_examples(title, kind):
    assert meeting_kind(None, title) is MeetingKind(kind)


def test_every_unit_word_has_an_example():
    units = _VOCABULARY["units"]
    words = [
        *units["local"],
        *units["city"],
        *units["local_committees"],
        *units["city_committees"],
    ]
    assert sorted(words) == sorted(units["examples"])


@pytest.mark.parametrize("word,title", UNIT_EXAMPLES, ids=[w for w, _ in UNIT_EXAMPLES])
def test_unit_examples_are_below_the_province(word, title):
    assert meeting_kind(title, "", province="Nghệ An") is MeetingKind.OTHER


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
