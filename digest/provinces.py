"""Vietnam's provinces: canonical names, kinds, aliases and the 2025 merger (63 -> 34).

Holds the province table read from digest/data/provinces.toml and everything that only needs
the table: `canonical_province` (a name as users or reports write it -> its canonical form),
`current_province` (-> the province it belongs to from 1 July 2025), `all_provinces`,
`after_merger` (whether a meeting was held among the 34), the folded keys and regex
alternations the other province modules search with, and `Outcome`, what each rule of
`digest.province.infer_province` reports.

Hand-written because the lookup must be exact: the address packages on PyPI
(vietnam-address-converter, vietnamadminunits) normalise addresses, not the running-text
spellings reports use ("TP.HCM", "Bắc Cạn", "Thừa Thiên - Huế"), and fuzzy matching would
turn a typo into a wrong province. Data, the merger mapping and its sources are in
digest/data/provinces.toml.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import regex

from digest.normalize import fold, normalize_text

_DATA = Path(__file__).parent / "data"

TINH = "tỉnh"
THANH_PHO = "thành phố"
MERGER_YEAR = 2025
MERGER_DAY = date(2025, 7, 1)  # the 63 provinces became 34 (Resolution 202/2025/QH15)


# --------------------------------------------------------------------------------------------
# Province data


@dataclass(frozen=True)
class Province:
    name: str
    kind_before: str | None  # "tỉnh" / "thành phố" if one of the 63 before 1 July 2025
    kind_after: str | None  # the same for the 34 after
    becomes: str
    aliases: tuple[str, ...]
    input_aliases: tuple[str, ...]
    bare_in_text: bool
    display: str | None = None  # as people write it when it differs from `name`

    @property
    def kind(self) -> str:
        return self.kind_before or self.kind_after or TINH


_KEY_SEPARATORS = regex.compile(
    r"""
    [\s\-‐‑–—.,_/]+     # inside names: "Bà Rịa-Vũng Tàu", "TP.HCM", "Thừa Thiên - Huế"
    """,
    regex.VERBOSE,
)
# A kind word in front of a name typed by a user: "tỉnh Bắc Kạn", "TP Hồ Chí Minh".
KIND_PREFIX = regex.compile(
    r"""
    ^(?:tinh|thanh\ pho|tp)   # folded kind word, TP. already became "tp "
    \s+
    """,
    regex.VERBOSE,
)


def province_key(name: str) -> str:
    """Folded, separator-free form used to look province names up; drops a kind prefix.

    >>> province_key("TP. Hồ Chí Minh"), province_key("Bà Rịa-Vũng Tàu")
    ('ho chi minh', 'ba ria vung tau')
    >>> province_key("Thừa Thiên - Huế")
    'thua thien hue'
    """
    return KIND_PREFIX.sub("", plain_key(normalize_text(name)))


def plain_key(text: str) -> str:
    """Folded, separator-free form of text already normalised; keeps every word.

    Place names need this one: "Tịnh Biên" must not lose its first word to the kind prefix.

    >>> plain_key("Tịnh Biên"), plain_key("Phan Rang-Tháp Chàm")
    ('tinh bien', 'phan rang thap cham')
    """
    return _KEY_SEPARATORS.sub(" ", fold(text)).strip()


@cache
def province_file() -> dict[str, Any]:
    with (_DATA / "provinces.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def province_table() -> dict[str, Province]:
    out: dict[str, Province] = {}
    for row in province_file()["province"]:
        out[row["name"]] = Province(
            name=row["name"],
            kind_before=row.get("kind_before"),
            kind_after=row.get("kind_after"),
            becomes=row["becomes"],
            aliases=tuple(row.get("aliases", ())),
            input_aliases=tuple(row.get("input_aliases", ())),
            bare_in_text=row.get("bare_in_text", True),
            display=row.get("display"),
        )
    return out


@cache
def spelling_index() -> dict[str, str]:
    """Every accepted spelling's key -> canonical name."""
    table: dict[str, str] = {}
    for p in province_table().values():
        for spelling in (p.name, *p.aliases, *p.input_aliases):
            key = province_key(spelling)
            if table.setdefault(key, p.name) != p.name:  # pragma: no cover - data error
                raise ValueError(f"{spelling!r} names both {table[key]} and {p.name}")
    return table


def canonical_province(name: str) -> str | None:
    """The canonical name of a province as users or reports write it, else None.

    Old names stay old; exact match after folding and aliases, no fuzzy matching.

    >>> canonical_province("bac can"), canonical_province("TP.HCM"), canonical_province("Hoà Bình")
    ('Bắc Kạn', 'Hồ Chí Minh', 'Hòa Bình')
    >>> canonical_province("Thai Ngyen") is None
    True
    """
    if not name or not name.strip():
        return None
    return spelling_index().get(province_key(name))


def current_province(name: str) -> str | None:
    """The province a name belongs to from 1 July 2025.

    >>> current_province("Bắc Kạn"), current_province("Thái Nguyên"), current_province("BR-VT")
    ('Thái Nguyên', 'Thái Nguyên', 'Hồ Chí Minh')
    """
    canonical = canonical_province(name)
    return province_table()[canonical].becomes if canonical else None


def display_name(name: str) -> str:
    """A province as people write it, for everything users read; the canonical name stays
    the key in data and commands.

    >>> display_name("Hồ Chí Minh"), display_name("Thái Nguyên"), display_name("không rõ")
    ('TP. Hồ Chí Minh', 'Thái Nguyên', 'không rõ')
    """
    province = province_table().get(name)
    return province.display or name if province else name


def after_merger(day: date | None, year: int | None = None) -> bool:
    """Whether a meeting of `day` (or, without a day, of `year`) was held among the 34.

    >>> after_merger(date(2025, 12, 2)), after_merger(date(2025, 4, 1)), after_merger(None, 2026)
    (True, False, True)
    >>> after_merger(None, 2025)
    False
    """
    if day is not None:
        return day >= MERGER_DAY
    return year is not None and year > MERGER_YEAR


def exists_on(province: Province, merged: bool) -> bool:
    """Whether a province was one of the 34 (`merged`) or of the 63 (not `merged`).

    >>> table = province_table()
    >>> exists_on(table["Bắc Kạn"], True), exists_on(table["Bắc Kạn"], False)
    (False, True)
    """
    return (province.kind_after if merged else province.kind_before) is not None


def all_provinces(*, current: bool) -> tuple[str, ...]:
    """The 34 provinces after 1 July 2025 (`current=True`) or the 63 before, sorted.

    >>> len(all_provinces(current=True)), len(all_provinces(current=False))
    (34, 63)
    """
    names = [p.name for p in province_table().values() if exists_on(p, current)]
    return tuple(sorted(names, key=province_key))


# --------------------------------------------------------------------------------------------
# Province names as regex alternations, for finding them in folded text


def alternation(words: Iterable[str], separator: str = r"\s+") -> str:
    """Words as one regex alternation, built as a trie so long lists stay fast.

    A space in a word matches `separator`. Where one word is a prefix of another the longer
    is tried first, so the longest spelling wins.

    >>> print(alternation(["bac kan", "bac ninh", "ha noi"], separator=" "))
    (?:bac (?:kan|ninh)|ha noi)
    """
    trie: dict[str, dict] = {}
    for word in {" ".join(w.split()) for w in words if w.strip()}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [
            (separator if ch == " " else regex.escape(ch)) + pattern(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here and longer ones go on
            return f"(?:{body})?"
        return body

    return pattern(trie)  # several branches come grouped; a single one needs no group


def folded_form(spelling: str) -> str:
    """A spelling folded, with its separators as single spaces ("TP.HCM" -> "tp hcm")."""
    return plain_key(normalize_text(spelling))


@cache
def names_alternation() -> str:
    """Every province name and alias as searched for in reports, folded, longest first.

    Separators inside a name match any run of spaces, dots and dashes ("TP.HCM", "TP. HCM").
    """
    return alternation(
        (folded_form(s) for p in province_table().values() for s in (p.name, *p.aliases)),
        separator=r"[\s.\-‐‑–—]+",
    )


# --------------------------------------------------------------------------------------------
# Names as written: a capital letter is what tells a name from the words around it


_CAPITALISED = regex.compile(
    r"""
    ^\p{Lu}             # a word written with a capital: "Bình", not "bình"
    """,
    regex.VERBOSE,
)
_NAME_PARTS = regex.compile(
    r"""
    [^\s.\-‐‑–—]+       # one part of a name as written ("TP", "HCM", "Bắc", "Kạn")
    """,
    regex.VERBOSE,
)
CAPITALISED_WORD_BEFORE = regex.compile(
    r"""
    \p{Lu}\p{Ll}*\s+$    # a capitalised word right before: part of a longer name
    """,
    regex.VERBOSE,
)


def is_capitalised(original: str) -> bool:
    """Whether every part of a name as written starts with a capital ("Hòa Bình", "TP.HCM").

    >>> is_capitalised("Hòa Bình"), is_capitalised("hòa bình")
    (True, False)
    """
    parts = _NAME_PARTS.findall(original)
    return bool(parts) and all(_CAPITALISED.match(p) for p in parts)


# --------------------------------------------------------------------------------------------
# What each rule of `digest.province.infer_province` reports (rules 3 and 4 live in
# digest/leaders.py and digest/places.py; they share this type with the orchestrator)


class Outcome(NamedTuple):
    """What one rule found: a decision, a conflict between candidates, or nothing."""

    province: str | None = None
    candidates: frozenset[str] = frozenset()
    evidence: str | None = None


NOTHING = Outcome()
