"""People named with provincial titles: `find_people`.

"Chủ tịch UBND tỉnh Nguyễn Đăng Bình", "Phạm Văn Hậu, Phó Bí thư Thường trực Tỉnh ủy, Chủ
tịch HĐND tỉnh": who they are, every title as written, and the leader roles the titles give.
`digest.meeting` uses them to name who chaired; rule 3 of `digest.province.infer_province`
(digest/leaders.py) matches them against known leaders.

Titles are matched on the folded copy, so "Tỉnh uỷ" and "Tỉnh ủy", "Chủ tịch UBND tỉnh" and
"chủ tịch UBND tỉnh" are one title; names are read from the text itself, where a capital
letter is what tells a name from the words around it. The vocabulary (titles, the words a
title is made of, capitalised words that are no name) is data: digest/data/leaders.toml,
[[title]] and [names].

Hand-written because no library reads the title chain: the Vietnamese NER taggers on PyPI
(underthesea, PhoNLP) mark a span as a person but not the titles listed around it, which
are what carries the province and the role; they also need model files that a pure engine
with packaged data only cannot fetch. A title-led pattern over the folded copy is linear in
the text.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import regex

from digest.models import LeaderRole, Person
from digest.normalize import fold
from digest.provinces import (
    CAPITALISED_WORD_BEFORE,
    KIND_PREFIX,
    TINH,
    alternation,
    is_capitalised,
    names_alternation,
    plain_key,
    province_table,
    spelling_index,
)
from digest.word_scan import WordScan

_DATA = Path(__file__).parent / "data"


@cache
def leaders_file() -> dict[str, Any]:
    """digest/data/leaders.toml: titles and name words here, leader facts in digest/leaders.py."""
    with (_DATA / "leaders.toml").open("rb") as fh:
        return tomllib.load(fh)


def _city_variants(phrase: str) -> tuple[str, ...]:
    """The thành phố forms of a folded title written for a tỉnh.

    >>> _city_variants("chu tich ubnd tinh")
    ('chu tich ubnd thanh pho', 'chu tich ubnd tp')
    >>> _city_variants("bi thu tinh uy")
    ('bi thu thanh uy',)
    """
    if phrase.endswith(" tinh uy"):
        return (phrase[: -len("tinh uy")] + "thanh uy",)
    if phrase.endswith(" tinh"):
        stem = phrase[: -len("tinh")]
        return (stem + "thanh pho", stem + "tp")
    return ()


@cache
def _title_roles() -> dict[str, LeaderRole | None]:
    """Every folded title phrase (tỉnh and thành phố forms) -> its leader role, or None."""
    roles: dict[str, LeaderRole | None] = {}
    for row in leaders_file()["title"]:
        role = LeaderRole(row["role"]) if row.get("role") else None
        for phrase in row["phrases"]:
            folded = plain_key(phrase)
            for form in (folded, *_city_variants(folded)):
                roles.setdefault(form, role)
    return roles


@cache
def _name_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(title heads, words that may continue a title, capitalised words that are no name)."""
    names = leaders_file()["names"]
    return (
        frozenset(plain_key(w) for w in names["title_heads"]),
        frozenset(plain_key(w) for w in names["title_words"]),
        frozenset(names["not_a_name"]),
    )


def title_heads() -> frozenset[str]:
    """The folded words a title starts with ("bi thu", "chu tich", "pho", ...)."""
    return _name_words()[0]


MAX_CHAINED_TITLES = 4  # "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Nguyễn ..."

# One syllable of a personal name: "Nguyễn", "A", "K'Ré".
_SYLLABLE = r"\p{Lu}\p{Ll}*(?:['’]\p{L}+)?"


class _PeoplePatterns(NamedTuple):
    title: WordScan  # folded: one title
    chain_gap: regex.Pattern[str]  # folded: what may stand between two titles of one list
    province_at: regex.Pattern[str]  # folded: a province name at a position
    name_at: regex.Pattern[str]  # text: a name at a position
    name_then_titles: regex.Pattern[str]  # text: a name, then a comma or a dash
    head_at: regex.Pattern[str]  # folded: a title head at a position
    role_at_start: regex.Pattern[str]  # folded: a leader title opening a title


@cache
def people_patterns() -> _PeoplePatterns:
    roles = _title_roles()
    titles = alternation(roles)
    leader_titles = alternation(p for p, role in roles.items() if role is not None)
    provinces = names_alternation()
    heads, _, _ = _name_words()
    return _PeoplePatterns(
        title=WordScan(rf"\b{titles}\b"),  # longest title first
        chain_gap=regex.compile(
            rf"""
            (?:\s+{provinces})?                 # "Bí thư Tỉnh ủy Bắc Kạn, ..."
            \s*,\s*                             # titles are listed with commas
            """,
            regex.VERBOSE,
        ),
        province_at=regex.compile(rf"\s+(?P<province>{provinces})(?![\w])", regex.VERBOSE),
        name_at=regex.compile(
            rf"""
            \s+
            (?P<name>{_SYLLABLE}(?:\s{_SYLLABLE}){{1,4}})   # 2-5 capitalised syllables
            (?![\p{{L}}\d])
            (?!\s\p{{Lu}})                      # a longer capitalised run is no name
            """,
            regex.VERBOSE,
        ),
        name_then_titles=regex.compile(
            rf"""
            (?<![\p{{L}}\d])
            (?P<name>{_SYLLABLE}(?:\s{_SYLLABLE}){{1,5}})   # a capitalised run ...
            (?:\s*[,:]\s*|\s+[-–—]\s+)          # ... then "," or " - " before its titles
            """,
            regex.VERBOSE,
        ),
        head_at=regex.compile(rf"(?:nguyen\s+)?{alternation(heads)}(?![\w])", regex.VERBOSE),
        role_at_start=regex.compile(
            rf"""
            (?P<phrase>{leader_titles})(?![\w])  # a leader title opening the title
            (?:\s+(?P<province>{provinces})(?![\w]))?   # perhaps with its province
            """,
            regex.VERBOSE,
        ),
    )


# Where a list of titles stops: ";" or a full stop or a line end; "," and " - " go on.
_TITLE_SEPARATOR = regex.compile(
    r"""
    (?P<delim>[,;\n]                    # titles are listed with commas
      |(?<!\bTP)\.(?=\s|$)              # a full stop ends them ("TP." does not)
      |\s[-–—]\s                        # "Phó Bí thư Tỉnh ủy - Chủ tịch HĐND tỉnh"
    )
    """,
    regex.VERBOSE,
)


def _trim_title(segment: str) -> str:
    """A title without the words that follow it ("Bí thư Tỉnh ủy chủ trì ..." -> the title)."""
    _, title_words, _ = _name_words()
    words = segment.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip("()")
        if not bare:
            break
        first = bare[0]
        in_title = (
            first.isupper()
            or first.isdigit()
            or plain_key(bare) in title_words
            or bare in "-–—"
            or (i == 0 and bare == "nguyên")  # "nguyên Bí thư": a former title
            or (bare == "và" and i + 1 < len(words) and words[i + 1][:1].isupper())
        )
        if not in_title:
            break
        kept.append(word)
    return " ".join(kept).rstrip(" -–—")


def _roles_of(title: str) -> tuple[LeaderRole, ...]:
    """The leader role a single title gives, if any; "nguyên ..." (former) gives none.

    >>> _roles_of("Phó Bí thư Thường trực Tỉnh uỷ")
    (<LeaderRole.STANDING_DEPUTY_SECRETARY: 'pho_bi_thu_thuong_truc'>,)
    >>> _roles_of("Bí thư Thành ủy Thái Nguyên"), _roles_of("Phó Chủ tịch HĐND tỉnh")
    ((), ())
    >>> _roles_of("Phó Chủ tịch UBND tỉnh")
    (<LeaderRole.VICE_PEOPLES_COMMITTEE_CHAIR: 'pho_chu_tich_ubnd'>,)
    """
    folded = plain_key(title)
    m = people_patterns().role_at_start.match(folded)
    if m is None:
        return ()
    phrase, province = m.group("phrase"), m.group("province")
    # "Bí thư Thành ủy Thái Nguyên" leads the capital city of a tỉnh, not a province.
    if province and ("thanh uy" in phrase or "thanh pho" in phrase or phrase.endswith(" tp")):
        canonical = spelling_index().get(KIND_PREFIX.sub("", province))
        if canonical and province_table()[canonical].kind == TINH:
            return ()
    role = _title_roles().get(" ".join(phrase.split()))
    return (role,) if role else ()


def _titles_after(text: str, folded: str, start: int) -> list[str]:
    """The titles listed after a name, up to ";", "." or the first segment that is no title."""
    heads = people_patterns().head_at
    window_end = min(len(text), start + 400)
    titles: list[str] = []
    pos = start
    while pos < window_end:
        if not heads.match(folded, pos):
            break
        delim = _TITLE_SEPARATOR.search(text, pos, window_end)
        end = delim.start() if delim else window_end
        segment = text[pos:end].strip()
        title = _trim_title(segment)
        if title:
            titles.append(title)
        if delim is None or title != segment or delim.group("delim") in ";\n.":
            break
        pos = delim.end()
        while pos < window_end and text[pos].isspace():
            pos += 1
    return titles


_PROVINCIAL_TITLE = regex.compile(
    r"""
    \b(?:tinh|thanh\s+uy|thanh\s+pho|tp)\b   # "... Tỉnh ủy", "... UBND tỉnh", "... TP"
    """,
    regex.VERBOSE,
)


def _is_provincial(titles: Sequence[str]) -> bool:
    return bool(_PROVINCIAL_TITLE.search(plain_key(" ".join(titles))))


def _clean_name(name: str) -> str | None:
    """A captured run without a leading non-name word, or None if what is left is no name.

    >>> _clean_name("Ông Nguyễn Văn Tám"), _clean_name("Tại Bắc Kạn")
    ('Nguyễn Văn Tám', None)
    """
    _, _, not_a_name = _name_words()
    words = name.split()
    while words and words[0] in not_a_name:
        words = words[1:]
    if len(words) < 2 or len(words) > 5:
        return None
    # "... Bắc Kạn", "Việt Nam": a run that ends in a place is no person.
    lookup = spelling_index()
    for n in range(2, len(words) + 1):
        tail = plain_key(" ".join(words[-n:]))
        if tail in lookup or tail == "viet nam":
            return None
    return " ".join(words)


def find_people(text: str, *, folded: str | None = None) -> list[Person]:
    """People named with provincial titles, in order of first appearance.

    Two shapes: the title before the name ("Chủ tịch UBND tỉnh Nguyễn Đăng Bình") and the
    name before a comma- or dash-separated list of titles ("Phạm Văn Hậu, Phó Bí thư Thường
    trực Tỉnh ủy, Chủ tịch HĐND tỉnh"). A title with no name after it is no person. The
    text should be normalised (`digest.normalize.normalize_text`); only NFC is applied here.

    >>> [p.name for p in find_people("Phó Bí thư Tỉnh ủy Lâm Minh Đằng chủ trì cuộc họp.")]
    ['Lâm Minh Đằng']
    >>> (p,) = find_people("có Phạm Văn Hậu, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh;")
    >>> p.titles
    'Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh'
    >>> [r.value for r in p.roles]
    ['pho_bi_thu_thuong_truc', 'chu_tich_hdnd']
    >>> find_people("Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy nhấn mạnh ...")
    []
    """
    text = unicodedata.normalize("NFC", text)
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    return people_in(text, folded)


def people_in(text: str, folded: str) -> list[Person]:
    """`find_people` on NFC text with its folded copy."""
    patterns = people_patterns()
    sightings: list[tuple[int, str, list[str]]] = []
    title_matches = list(patterns.title.finditer(folded))
    for i, m in enumerate(title_matches):
        if folded.endswith("pho ", 0, m.start()):
            continue  # "Phó ..." of a title listed without its "Phó"
        pos = m.end()
        province = patterns.province_at.match(folded, pos)
        if province and is_capitalised(text[province.start("province") : province.end()]):
            pos = province.end()
        named = patterns.name_at.match(text, pos)
        if not named:
            continue
        first = i  # earlier title_matches of the same comma-separated list
        while (
            first > 0
            and i - first < MAX_CHAINED_TITLES
            and patterns.chain_gap.fullmatch(
                folded, title_matches[first - 1].end(), title_matches[first].start()
            )
        ):
            first -= 1
        start = title_matches[first].start()
        chain = [t.strip() for t in text[start:pos].split(",") if t.strip()]
        if _is_provincial(chain):  # "Phó Thủ tướng Trần Hồng Hà" is no provincial title
            sightings.append((start, named.group("name"), chain))
    for m in patterns.name_then_titles.finditer(text):
        if CAPITALISED_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # the tail of a longer capitalised run
        opening = text[m.end() : m.end() + 1]
        if not (opening.isupper() or text.startswith("nguyên ", m.end())):
            continue
        titles = _titles_after(text, folded, m.end())
        if titles and _is_provincial(titles):
            sightings.append((m.start(), m.group("name"), titles))
    found: dict[str, tuple[list[str], set[LeaderRole]]] = {}
    for _, raw, titles in sorted(sightings, key=lambda s: s[0]):
        name = _clean_name(raw)
        if name is None:
            continue
        seen, roles = found.setdefault(name, ([], set()))
        for title in titles:
            if title not in seen:
                seen.append(title)
            roles.update(_roles_of(title))
    return [
        Person(
            name=name, titles=", ".join(titles), roles=tuple(r for r in LeaderRole if r in roles)
        )
        for name, (titles, roles) in found.items()
    ]
