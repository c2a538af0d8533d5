"""Which clauses a list of shortfalls takes in: the items a trouble announces ("còn một số
hạn chế như: ..."), not the list a request makes, what someone said after a colon, the results
a trouble turns to, or the topics of the meeting's discussion."""

from __future__ import annotations

import regex

from digest.cues import find_demand, load_cues
from digest.directives import _WEAK_DEMANDS
from digest.sections import Clause
from digest.troubles import STANDING, trouble_at

# A clause that introduces a list of shortfalls ("... chưa đạt kế hoạch như", "... hạn chế, như").
_LIST_HEADER = regex.compile(r"(?:\bnhu|\bgom|\bsau day|\bnhu sau|\bsau)\s*$")
# A clause this short that continues a sentence is part of the item before it
# ("...hạn chế về phương thức chỉ đạo; công tác cán bộ").
CONTINUATION_WORDS = 6
# Markers that name the topic of shortfalls rather than a shortfall: a clause about the
# meeting's discussion that only has these ("phân tích những hạn chế", "xung quanh một số vấn
# đề còn khó khăn, hạn chế") is not one.
_TOPIC_MARKER = regex.compile(
    r"""(?:(?:con|van|van\ con|nhieu|mot\ so|nhung|khong\ it)\ )*
        (?:han\ che|ton\ tai|yeu\ kem|kho\ khan|vuong\ mac|bat\ cap|thach\ thuc
          |dien\ bien\ phuc\ tap|kho\ khan,\ vuong\ mac|han\ che,\ yeu\ kem)""",
    regex.VERBOSE,
)


def requests(folded: str) -> bool:
    """Whether a clause asks for something ("yêu cầu", "đề nghị", "giao"), not only stresses
    or notes it ("nhấn mạnh", "lưu ý")."""
    demand = find_demand(folded)
    while demand is not None:
        if demand.group() not in _WEAK_DEMANDS:
            return True
        demand = find_demand(folded, demand.end())
    return False


_ABOUT = regex.compile(r"\s*ve\s")
# A list whose first item follows "như" in the same clause ("nhu cầu" folds alike).
LISTS_INLINE = regex.compile(r"\bnhu\s(?!cau\b)(?:\S+\s){0,8}\S+$")


def may_go_unmarked(clause: Clause, listing: int, troubled: int) -> bool:
    """Whether a clause without a marker is still a shortfall: an item of a list announced
    before it, a short rest of the sentence before, what a trouble is about ("hạn chế về
    phương thức chỉ đạo; về công tác cán bộ"), a paragraph under a heading over shortfalls,
    or the sentence that turns to them ("Bên cạnh kết quả đạt được, ..."); not a sentence of
    facts that only stands in the paragraph ("Diện tích đất công ích là ...")."""
    if clause.listed or clause.sentence == listing:
        return True
    if clause.sentence == troubled and _ABOUT.match(clause.folded):
        return True
    if clause.first_in_sentence:
        return load_cues().shortfall_openers.search(clause.folded) is not None
    return len(clause.folded.split()) < CONTINUATION_WORDS


# "..., đồng chí Giám đốc Sở cho biết:": what follows is what was said, not a list.
_SAYS = regex.compile(
    r"\b(?:cho biet|cho rang|nhan manh|noi|khang dinh|neu ro|chi ro|phat bieu|bao cao|cho hay)"
    r"(?:\s+rang)?\s*$"
)
_GOOD_NEWS = regex.compile(r"\b(?:ket qua|thanh tuu|diem sang|tich cuc)\b")


def lists_troubles(folded: str) -> bool:
    """Whether the list after the colon of a clause in the shortfall paragraph is of troubles
    ("hội nghị chỉ ra một số hạn chế: ..."): not what someone said, nor results turned to."""
    ends = [m.end() for m in load_cues().shortfall_markers.finditer(folded)]
    if not ends or _SAYS.search(folded):
        return False
    return _GOOD_NEWS.search(folded, ends[-1]) is None


def announces_troubles(folded: str) -> bool:
    """Whether the list after a clause's colon is of troubles: not what is asked about them,
    nor the results it turns to ("gặp nhiều khó khăn, song vẫn có những kết quả: ...")."""
    trouble = trouble_at(folded)
    if trouble is None or asks_after_trouble(folded) or _SAYS.search(folded):
        return False
    return _GOOD_NEWS.search(folded, trouble.end()) is None


def asks_after_trouble(folded: str) -> bool:
    """ "Đối với các dự án chưa thực hiện, đề nghị sớm khởi công như: ...": the list is
    what is asked for."""
    trouble = trouble_at(folded)
    return trouble is not None and find_demand(folded, trouble.end()) is not None


def names_no_trouble(folded: str) -> bool:
    """Whether a clause names no trouble or only the topic ("những tồn tại, hạn chế")."""
    if trouble_at(folded) is None:
        return True
    return all(
        _TOPIC_MARKER.fullmatch(m.group()) for m in load_cues().shortfall_markers.finditer(folded)
    )


def about_discussion(folded: str) -> bool:
    """A clause about what the meeting discussed that names troubles only as a topic
    ("các đại biểu thảo luận, phân tích những hạn chế", "các ý kiến đánh giá khó khăn do
    chịu tác động của dịch"), not how things stand ("ý kiến cho rằng giải ngân còn chậm")."""
    cues = load_cues()
    if not cues.discussion.search(folded):
        return False
    return all(
        _TOPIC_MARKER.fullmatch(m.group()) or not STANDING.match(m.group())
        for m in cues.shortfall_markers.finditer(folded)
    )


def is_header(folded: str) -> bool:
    """Whether a clause only announces the list after it ("... chưa đạt kế hoạch như")."""
    return bool(_LIST_HEADER.search(folded.rstrip(" :")))
