"""Which body met, which session it was, and who chaired it."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import regex

from digest.models import MeetingKind, Person
from digest.normalize import fold

_DATA = Path(__file__).parent / "data" / "meetings.toml"

# "lần thứ 14", "kỳ họp thứ 20", "phiên họp thường kỳ tháng 10", "kỳ họp chuyên đề".
_NUMBER = regex.compile(
    r"""
    (?:lần|kỳ\ họp|phiên\ họp)\ thứ\ (?:\d{1,3}|[IVXLC]{1,6})   # lần thứ 14, kỳ họp thứ XX
    | phiên\ họp\ thường\ kỳ\ tháng\ \d{1,2}(?:/\d{4})?          # phiên họp thường kỳ tháng 10
    | kỳ\ họp\ (?:chuyên\ đề|bất\ thường|thường\ lệ)(?:\ lần\ thứ\ \d{1,3})?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
# "khóa XX", "khóa XVIII" (the term of the committee or council).
_TERM = regex.compile(r"\bkh(?:óa|oá)\s+([IVXLC]{1,7})\b", regex.IGNORECASE)
# The chair is named in the sentence that says "chủ trì".
_CHAIRED = regex.compile(r"\bchủ\s+trì\b", regex.IGNORECASE)


@cache
def _kind_rules() -> tuple[tuple[MeetingKind, tuple[regex.Pattern[str], ...]], ...]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))["kind"]
    return tuple(
        (MeetingKind(k["kind"]), tuple(regex.compile(p) for p in k["patterns"])) for k in data
    )


def meeting_kind(title: str | None, lead: str) -> MeetingKind:
    """The body that met: the title decides first, then the lead paragraph; within one, the
    body named first ("UBND tỉnh tổ chức phiên họp …, trình HĐND tỉnh tại kỳ họp …" is UBND),
    the longer match when two start together.

    >>> meeting_kind("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", "")
    <MeetingKind.BCH: 'bch'>
    >>> meeting_kind("Thường trực Tỉnh ủy cho ý kiến về dự thảo báo cáo", "")
    <MeetingKind.THUONG_TRUC: 'thuong_truc'>
    >>> meeting_kind(None, "Sáng 5/12, UBND tỉnh họp phiên thường kỳ tháng 11.")
    <MeetingKind.UBND: 'ubnd'>
    """
    for text in (title or "", lead):
        folded = fold(text)
        found = [
            (m.start(), -len(m.group()), rank, kind)
            for rank, (kind, patterns) in enumerate(_kind_rules())
            for p in patterns
            if (m := p.search(folded)) is not None
        ]
        if found:
            return min(found)[3]
    return MeetingKind.OTHER


def meeting_number(text: str) -> str | None:
    """The session: "lần thứ 14", "kỳ họp thứ 20".

    >>> meeting_number("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14")
    'lần thứ 14'
    """
    m = _NUMBER.search(text)
    return m.group() if m else None


def meeting_term(text: str) -> str | None:
    """The term of the committee or council.

    >>> meeting_term("Ban Chấp hành Đảng bộ tỉnh khóa XX")
    'khóa XX'
    """
    m = _TERM.search(text)
    return f"khóa {m.group(1).upper()}" if m else None


def chairs(sentences: list[str], people: list[Person]) -> tuple[Person, ...]:
    """The people named in the first sentence that says who chaired."""
    for sentence in sentences:
        if _CHAIRED.search(sentence):
            here = tuple(p for p in people if p.name in sentence)
            if here:
                return here
    return ()
