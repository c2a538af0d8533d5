"""Which body met, which session it was, and who chaired it.

The body that met is read from the headline, then the lead, by the vocabulary in
data/meetings.toml. Three checks sit on top of the patterns, because real reports name many
bodies besides the one that met:

- a body named as part of a person's office ("Ủy viên Ban Thường vụ Tỉnh ủy"), a party
  committee inside another body ("Đảng ủy UBND tỉnh") or a document's author ("Nghị quyết
  số 21 của Ban Thường vụ Tỉnh ủy") is not the body that met;
- a body of a unit below the province (a huyện, xã, a Đảng bộ Khối, the Thành ủy of a city
  inside a tỉnh) is not the province's own: only a centrally-run city's Thành ủy is;
- a conference the Government or a national body chairs, which the province attends, decides
  wherever the lead names it ("decisive" entries).

Hand-written because no library reads which body of Vietnamese local government met.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import regex

from digest.models import MeetingKind, Person
from digest.normalize import fold
from digest.provinces import (
    THANH_PHO,
    names_alternation,
    province_key,
    province_table,
    spelling_index,
)

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
# How far past a match a body's unit is looked for: "Hội nghị Ban Chấp hành | Đảng bộ huyện".
_LEVEL_REACH = 32
# How far before a match the words that make it another thing than the body are looked for.
_BEFORE_REACH = 48
# A name right after a body's unit word: a capital letter ("Thành ủy Vinh").
_CAPITAL = regex.compile(r"\s*\p{Lu}")
_SPACE = regex.compile(r"\s*")
_NEVER = regex.compile(r"(?!)")
# "Thành ủy Thành phố Hồ Chí Minh", "Thành ủy TP.HCM": the kind word in front of a city's name.
_CITY_WORD = regex.compile(r"\s*(?:(?:thanh\s+pho|tp)\b[\s.]*)?")


@dataclass(frozen=True)
class _Rule:
    kind: MeetingKind
    patterns: tuple[regex.Pattern[str], ...]
    decisive: bool  # wins over any other match in the same text, wherever it stands


class _Vocabulary(NamedTuple):
    rules: tuple[_Rule, ...]
    not_the_body_before: dict[MeetingKind, regex.Pattern[str]]  # folded: words right before
    listed_after: regex.Pattern[str]  # folded: a list of groups goes on after a match
    body_unit: regex.Pattern[str]  # folded: a body's name with the unit it belongs to
    province_name: regex.Pattern[str]  # folded: a province name at a position


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    """A pattern with its {fragment} names replaced by the fragments' regexes."""
    for name, value in fragments.items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


def _words(words: list[str]) -> str:
    """Folded words as one group of a verbose pattern (their spaces match any spacing)."""
    return "(?:" + "|".join(r"\s+".join(map(regex.escape, w.split())) for w in words) + ")"


@cache
def _vocabulary() -> _Vocabulary:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    fragments = data["fragments"]
    rules = tuple(
        _Rule(
            MeetingKind(k["kind"]),
            tuple(regex.compile(_expand(p, fragments)) for p in k["patterns"]),
            k.get("decisive", False),
        )
        for k in data["kind"]
    )
    every_kind = [k.value for k in MeetingKind]
    stops = {
        kind: "|".join(
            f"(?:{e['before']})"
            for e in data["not_the_body"]
            if kind in e.get("kinds", every_kind)
        )
        for kind in MeetingKind
    }
    members = data["members"]
    units = {key: _words(value) for key, value in data["units"].items() if key != "examples"}
    body_unit = regex.compile(
        rf"""
        \b(?:
            {units["bodies"]}\s+
            (?:(?P<province>{units["province"]})
              |(?P<city>{units["city"]})
              |(?P<local>{units["local"]}))
          | (?P<province>{units["province_committees"]})
          | (?P<city>{units["city_committees"]})
          | (?P<local>{units["local_committees"]})
        )\b
        """,
        regex.VERBOSE,
    )
    return _Vocabulary(
        rules=rules,
        not_the_body_before={
            kind: regex.compile(rf"(?P<plural>\b(?:{members['plural']}))?\b(?:{words})\s*$")
            if words
            else _NEVER
            for kind, words in stops.items()
        },
        listed_after=regex.compile(members["listed_after"]),
        body_unit=body_unit,
        province_name=regex.compile(rf"(?:{names_alternation()})\b"),
    )


def _centrally_run(name: str | None) -> bool:
    province = province_table().get(name or "")
    return province is not None and THANH_PHO in (province.kind_before, province.kind_after)


def _city_is_province(text: str, folded: str, start: int, end: int, province: str | None) -> bool:
    """Whether a "thành phố" body or a Thành ủy (its unit word at `start`:`end`) is a
    centrally-run city's: the city named with it decides ("Thành ủy Vinh" is not, "Thành ủy
    Hà Nội", "HĐND TP.HCM" are); unnamed, the report's province does; with neither known, it
    is taken to be."""
    names = _vocabulary().province_name
    # the name may hold the unit word ("TP.HCM"), follow it, or follow a second one
    # ("Thành ủy Thành phố Hồ Chí Minh")
    after = [m.end() for m in (_SPACE.match(folded, end), _CITY_WORD.match(folded, end)) if m]
    positions = (start, *after)
    if name := next(filter(None, (names.match(folded, p) for p in positions)), None):
        return _centrally_run(spelling_index().get(province_key(name.group())))
    if _CAPITAL.match(text, end):
        return False  # a city that is no province: Vinh, Đà Lạt, Buôn Ma Thuột
    return province is None or _centrally_run(province)


def _below_the_province(
    text: str, folded: str, start: int, end: int, province: str | None
) -> bool:
    """Whether every body a match names (with the words just after it) is a unit's below the
    province: "Hội nghị Ban Chấp hành Đảng bộ huyện", "Thành ủy Vinh", "UBND xã"."""
    levels: list[bool] = []
    for m in _vocabulary().body_unit.finditer(folded, start, min(len(folded), end + _LEVEL_REACH)):
        if m.start() >= end and levels:
            break  # past the match, only the first body named right after it counts
        if m.group("city") is not None:
            levels.append(_city_is_province(text, folded, m.start("city"), m.end(), province))
        else:
            levels.append(m.group("province") is not None)
        if m.start() >= end:
            break
    return bool(levels) and not any(levels)


def _names_the_body(
    kind: MeetingKind, text: str, folded: str, start: int, end: int, province: str | None
) -> bool:
    """Whether a match names the body that met, not an office, a document's author or (for
    a provincial body's kind) a body below the province."""
    words = _vocabulary()
    before = words.not_the_body_before[kind]
    office = before.search(folded, max(0, start - _BEFORE_REACH), start)
    if office is not None and (
        office.group("plural") is None or words.listed_after.match(folded, end)
    ):
        return False
    return kind is MeetingKind.OTHER or not _below_the_province(text, folded, start, end, province)


def _kind_in(text: str, province: str | None) -> MeetingKind | None:
    """The kind of the earliest body named in `text` (a decisive one first), or None."""
    folded = fold(text)
    found = [
        (not rule.decisive, m.start(), -len(m.group()), rank, rule.kind)
        for rank, rule in enumerate(_vocabulary().rules)
        for p in rule.patterns
        for m in p.finditer(folded)
        if _names_the_body(rule.kind, text, folded, m.start(), m.end(), province)
    ]
    return min(found)[4] if found else None


def meeting_kind(title: str | None, lead: str, *, province: str | None = None) -> MeetingKind:
    """The body that met: the title decides first, then the lead paragraph; within one, a
    decisive match (a national conference the province attends) first, then the body named
    first ("UBND tỉnh tổ chức phiên họp …, trình HĐND tỉnh tại kỳ họp …" is UBND), the
    longer match when two start together. `province` (the report's, when known) tells
    whether an unnamed Thành ủy is the province's own.

    >>> meeting_kind("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", "")
    <MeetingKind.BCH: 'bch'>
    >>> meeting_kind("Thường trực Tỉnh ủy cho ý kiến về dự thảo báo cáo", "")
    <MeetingKind.THUONG_TRUC: 'thuong_truc'>
    >>> meeting_kind(None, "Sáng 5/12, UBND tỉnh họp phiên thường kỳ tháng 11.")
    <MeetingKind.UBND: 'ubnd'>
    >>> meeting_kind("Hội nghị Thành ủy lần thứ 10", "", province="Nghệ An")
    <MeetingKind.OTHER: 'other'>
    """
    for text in (title or "", lead):
        kind = _kind_in(text, province)
        if kind is not None:
            return kind
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
