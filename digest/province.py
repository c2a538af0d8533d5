"""Which province a report is about, and which provincial leaders it names.

Provincial outlets seldom name their own province: they write "Tỉnh ủy", "UBND tỉnh", "trong
tỉnh". `infer_province` therefore weighs several kinds of evidence, in a fixed order, and
abstains (name=None) rather than guess: a wrong province is worse than none.

Rules, first decisive one wins (see `infer_province`):

1. hint     - the caller knows the source's province.
2. named    - the province named with its governing bodies ("Tỉnh ủy Thái Nguyên",
              "UBND tỉnh Lạng Sơn") or its kind ("tỉnh Bắc Kạn"), scored so that mentions in
              passing ("làm việc với tỉnh Cao Bằng", "giáp tỉnh X") do not win.
3. leader   - people titled as provincial leaders whose name and role match a known
              `LeaderFact` (digest/data/leaders.toml plus facts learnt at run time).
4. place    - district-level names unique to one province ("huyện Na Rì", "thị xã Phổ
              Yên"), and commune names unique in the whole country.

A rule that finds a real conflict narrows the later rules to the conflicting provinces; a
later rule that points elsewhere makes the whole guess abstain.

Hand-written because nothing on PyPI infers the subject province of running prose: the
address parsers (vietnam-address-converter, vietnamadminunits) read one address per string.
We do use vietnam-address-converter's tables (Apache-2.0) for district and commune names.
Province data, the 2025 merger mapping and its sources are in digest/data/provinces.toml.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import regex

from digest.models import LeaderFact, LeaderRole, Person, ProvinceGuess, ProvinceMethod
from digest.normalize import fold, normalize_text

_DATA = Path(__file__).parent / "data"

TINH = "tỉnh"
THANH_PHO = "thành phố"


def _fold(text: str) -> str:
    """`digest.normalize.fold` (same output, same length)."""
    return fold(text)


# --------------------------------------------------------------------------------------------
# Province data


@dataclass(frozen=True)
class _Province:
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
_KIND_PREFIX = regex.compile(
    r"""
    ^(?:tinh|thanh\ pho|tp)   # folded kind word, TP. already became "tp "
    \s+
    """,
    regex.VERBOSE,
)


def _key(name: str) -> str:
    """Folded, separator-free form used to look province names up; drops a kind prefix.

    >>> _key("TP. Hồ Chí Minh"), _key("Bà Rịa-Vũng Tàu"), _key("Thừa Thiên - Huế")
    ('ho chi minh', 'ba ria vung tau', 'thua thien hue')
    """
    return _KIND_PREFIX.sub("", _plain_key(normalize_text(name)))


def _plain_key(text: str) -> str:
    """Folded, separator-free form of text already normalised; keeps every word.

    Place names need this one: "Tịnh Biên" must not lose its first word to the kind prefix.

    >>> _plain_key("Tịnh Biên"), _plain_key("Phan Rang-Tháp Chàm")
    ('tinh bien', 'phan rang thap cham')
    """
    return _KEY_SEPARATORS.sub(" ", _fold(text)).strip()


@cache
def _province_file() -> dict[str, Any]:
    with (_DATA / "provinces.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def _provinces() -> dict[str, _Province]:
    out: dict[str, _Province] = {}
    for row in _province_file()["province"]:
        out[row["name"]] = _Province(
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
def _lookup() -> dict[str, str]:
    """Every accepted spelling's key -> canonical name."""
    table: dict[str, str] = {}
    for p in _provinces().values():
        for spelling in (p.name, *p.aliases, *p.input_aliases):
            key = _key(spelling)
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
    return _lookup().get(_key(name))


def current_province(name: str) -> str | None:
    """The province a name belongs to from 1 July 2025.

    >>> current_province("Bắc Kạn"), current_province("Thái Nguyên"), current_province("BR-VT")
    ('Thái Nguyên', 'Thái Nguyên', 'Hồ Chí Minh')
    """
    canonical = canonical_province(name)
    return _provinces()[canonical].becomes if canonical else None


def display_name(name: str) -> str:
    """A province as people write it, for everything users read; the canonical name stays
    the key in data and commands.

    >>> display_name("Hồ Chí Minh"), display_name("Thái Nguyên"), display_name("không rõ")
    ('TP. Hồ Chí Minh', 'Thái Nguyên', 'không rõ')
    """
    province = _provinces().get(name)
    return province.display or name if province else name


def all_provinces(*, current: bool) -> tuple[str, ...]:
    """The 34 provinces after 1 July 2025 (`current=True`) or the 63 before, sorted.

    >>> len(all_provinces(current=True)), len(all_provinces(current=False))
    (34, 63)
    """
    names = [
        p.name
        for p in _provinces().values()
        if (p.kind_after if current else p.kind_before) is not None
    ]
    return tuple(sorted(names, key=_key))


def _old_province(package_name: str) -> str:
    """A province name from vietnam-address-converter's pre-2025 tables, as one of our 63."""
    canonical = canonical_province(package_name)
    if canonical is None:  # pragma: no cover - package data changed
        raise ValueError(f"unknown province in address data: {package_name!r}")
    if _provinces()[canonical].kind_before is None:
        # The package's "old" table already calls Thừa Thiên Huế "Huế" (a city since 2025).
        (canonical,) = [
            p.name for p in _provinces().values() if p.becomes == canonical and p.kind_before
        ]
    return canonical


# --------------------------------------------------------------------------------------------
# Vocabulary for scoring province mentions (digest/data/provinces.toml)


def _alternation(words: Iterable[str], separator: str = r"\s+") -> str:
    """Words as one regex alternation, built as a trie so long lists stay fast.

    A space in a word matches `separator`. Where one word is a prefix of another the longer
    is tried first, so the longest spelling wins.

    >>> print(_alternation(["bac kan", "bac ninh", "ha noi"], separator=" "))
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


def _folded_form(spelling: str) -> str:
    """A spelling folded, with its separators as single spaces ("TP.HCM" -> "tp hcm")."""
    return _plain_key(normalize_text(spelling))


class _MentionPatterns(NamedTuple):
    name: regex.Pattern[str]
    governing_before: regex.Pattern[str]
    kind_before: regex.Pattern[str]
    passing_before: regex.Pattern[str]
    skip_before: regex.Pattern[str]
    self_body: regex.Pattern[str]
    name_after: regex.Pattern[str]


@cache
def _mention_patterns() -> _MentionPatterns:
    data = _province_file()
    names = _alternation(
        (_folded_form(s) for p in _provinces().values() for s in (p.name, *p.aliases)),
        separator=r"[\s.\-‐‑–—]+",
    )
    governing = _alternation(row["words"] for row in data["governing"])
    passing = _alternation(row["words"] for row in data["passing"])
    skip = _alternation(row["words"] for row in data["skip_before_bare"])
    heads = _alternation(_plain_key(w) for w in _leaders_file()["names"]["title_heads"])
    return _MentionPatterns(
        name=regex.compile(
            rf"""
            \b{names}\b         # a province name or alias, folded, longest spelling first
            """,
            regex.VERBOSE,
        ),
        governing_before=regex.compile(
            rf"""
            (?:^|(?<=\W))(?P<gov>{governing})     # Tỉnh ủy, UBND, Đảng bộ ...
            \s+
            (?:(?P<kind>tinh|thanh\s+pho|tp)\.?\s+)?   # ... tỉnh / thành phố, if written
            $                                   # right before the name
            """,
            regex.VERBOSE,
        ),
        kind_before=regex.compile(
            r"""
            (?:^|(?<=\W))(?P<kind>tinh|thanh\s+pho|tp)   # tỉnh / thành phố / TP
            \.?\s+$                             # right before the name
            """,
            regex.VERBOSE,
        ),
        passing_before=regex.compile(
            rf"""
            (?:^|(?<=\W))(?<!doi\s)             # "đối với tỉnh X" is about X itself
            (?:{passing})                       # làm việc với, giáp, đoàn công tác ...
            (?:\s+cua)?                         # "đoàn công tác của ..."
            (?:\s+{heads}(?:\s+thuong\s+truc)?)? # "tiếp Bí thư Tỉnh ủy X": a visitor's title
            \s*$                                # right before the mention
            """,
            regex.VERBOSE,
        ),
        skip_before=regex.compile(
            rf"""
            (?:^|(?<=\W))(?:{skip})             # huyện, xã, đường, Báo ...
            \s+$                                # right before the bare name
            """,
            regex.VERBOSE,
        ),
        # The report speaking of its own province: "Tỉnh ủy", "UBND tỉnh", "Thành ủy".
        self_body=regex.compile(
            r"""
            \b(?:
              (?P<tinh>tinh\s+uy)                # Tỉnh ủy
              |(?P<city>thanh\s+uy)              # Thành ủy
              |(?:dang\s+bo|ubnd|hdnd|uy\s+ban\s+nhan\s+dan|hoi\s+dong\s+nhan\s+dan)\s+
               (?:(?P<tinh2>tinh)|(?P<city2>thanh\s+pho|tp))   # ... tỉnh / thành phố
            )\b
            """,
            regex.VERBOSE,
        ),
        name_after=regex.compile(rf"\s+{names}\b", regex.VERBOSE),  # a name right after
    )


# "Bắc Kạn (cũ)": the name of a merged province, recalled.
_HISTORIC_AFTER = regex.compile(
    r"""
    ^\s*\(?\s*cũ      # "(cũ)" or " cũ" right after the name
    (?!\p{L})
    """,
    regex.VERBOSE,
)
# Between two names of one list: ", " / " và " / " - ", perhaps with a kind word.
_LIST_GAP = regex.compile(
    r"""
    ^\s*(?:,|;|va|-|–)\s*          # folded list separator
    (?:(?:tinh|thanh\s+pho|tp)\.?\s+)?  # optional kind word before the next name
    $
    """,
    regex.VERBOSE,
)
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
_CAPITALISED_WORD_BEFORE = regex.compile(
    r"""
    \p{Lu}\p{Ll}*\s+$    # a capitalised word right before: part of a longer name
    """,
    regex.VERBOSE,
)
_CAPITALISED_WORD_AFTER = regex.compile(
    r"""
    ^\s\p{Lu}\p{Ll}      # a capitalised word right after: part of a longer name
    """,
    regex.VERBOSE,
)


# --------------------------------------------------------------------------------------------
# Outcomes shared by the rules


class _Outcome(NamedTuple):
    """What one rule found: a decision, a conflict between candidates, or nothing."""

    province: str | None = None
    candidates: frozenset[str] = frozenset()
    evidence: str | None = None


_NOTHING = _Outcome()


def _decide(scores: dict[str, float], threshold: float) -> tuple[str | None, frozenset[str]]:
    """The province that dominates (at least twice the runner-up), or the conflict set."""
    if not scores:
        return None, frozenset()
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    top, top_score = ranked[0]
    if top_score < threshold:
        return None, frozenset()
    rivals = frozenset(p for p, s in ranked[1:] if 2 * s > top_score)
    if rivals:
        return None, rivals | {top}
    return top, frozenset()


# --------------------------------------------------------------------------------------------
# Rule 2: provinces named in the text

GOVERNING_WEIGHT = 3.0  # "Tỉnh ủy Bắc Kạn", "UBND tỉnh Bắc Kạn"
KIND_WEIGHT = 2.0  # "tỉnh Bắc Kạn", "TP.HCM"
BARE_WEIGHT = 1.0  # "Bắc Kạn" alone
CAPITAL_WEIGHT = 1.0  # "thành phố Bắc Kạn", "Thành ủy Bắc Kạn": the capital city of a tỉnh
PASSING_FACTOR = 0.25  # a mention in passing, of the other kind, or of a merged name "(cũ)"
NAMED_THRESHOLD = KIND_WEIGHT  # one plain "tỉnh X" is enough when nothing rivals it


@dataclass
class _Mention:
    province: str
    start: int  # where the whole phrase starts (governing body or kind word included)
    end: int
    weight: float
    strong: bool  # named with its governing body or kind, not in passing
    passing: bool


def _self_kind(folded: str) -> str | None:
    """Whether the report speaks of its own polity as a tỉnh or a thành phố."""
    patterns = _mention_patterns()
    tinh = city = 0
    for m in patterns.self_body.finditer(folded):
        if patterns.name_after.match(folded, m.end()):
            continue  # "Tỉnh ủy Cao Bằng" names a province: no self-reference
        if m.group("tinh") or m.group("tinh2"):
            tinh += 1
        else:
            city += 1
    if tinh > 2 * city:
        return TINH
    if city > 2 * tinh:
        return THANH_PHO
    return None


def _is_capitalised(original: str) -> bool:
    parts = _NAME_PARTS.findall(original)
    return bool(parts) and all(_CAPITALISED.match(p) for p in parts)


def _classify(
    text: str, folded: str, start: int, end: int, province: _Province
) -> _Mention | None:
    """Weigh one occurrence of a province name by the words around it."""
    patterns = _mention_patterns()
    window = folded[max(0, start - 60) : start]
    matched = folded[start:end]
    phrase_start = start
    strong = False
    if matched.startswith("tp"):  # "TP.HCM": the kind is part of the alias
        weight, strong = KIND_WEIGHT, True
    elif gov := patterns.governing_before.search(window):
        phrase_start = start - len(window) + gov.start()
        body, kind = gov.group("gov"), gov.group("kind")
        names_city = body.startswith("thanh uy") or (kind is not None and kind != "tinh")
        if names_city and province.kind == TINH:
            weight = CAPITAL_WEIGHT
        else:
            weight, strong = GOVERNING_WEIGHT, True
    elif kind := patterns.kind_before.search(window):
        phrase_start = start - len(window) + kind.start()
        if kind.group("kind") != "tinh" and province.kind == TINH:
            weight = CAPITAL_WEIGHT
        else:
            weight, strong = KIND_WEIGHT, True
    else:
        if not province.bare_in_text or patterns.skip_before.search(window):
            return None
        # Part of a longer capitalised run is part of another name ("Lê Quảng Bình").
        if _CAPITALISED_WORD_BEFORE.search(text[max(0, start - 12) : start]):
            return None
        if _CAPITALISED_WORD_AFTER.match(text[end : end + 3]):
            return None
        weight = BARE_WEIGHT
    passing = bool(
        patterns.passing_before.search(folded[max(0, phrase_start - 40) : phrase_start])
    )
    passing = passing or bool(_HISTORIC_AFTER.match(text[end : end + 6]))
    return _Mention(province.name, phrase_start, end, weight, strong, passing)


def _mentions(text: str, folded: str) -> list[_Mention]:
    provinces = _provinces()
    lookup = _lookup()
    found: list[_Mention] = []
    for m in _mention_patterns().name.finditer(folded):
        original = text[m.start() : m.end()]
        if not _is_capitalised(original):  # "hòa bình" (peace) is not Hòa Bình
            continue
        name = lookup[_KIND_PREFIX.sub("", _plain_key(original))]
        mention = _classify(text, folded, m.start(), m.end(), provinces[name])
        if mention is None:
            continue
        # "các tỉnh Kiên Giang, An Giang": later names of a list share the first one's role.
        if found and _LIST_GAP.match(folded[found[-1].end : mention.start]):
            mention.passing = mention.passing or found[-1].passing
        found.append(mention)
    return found


def _score_mentions(mentions: Sequence[_Mention], self_kind: str | None) -> dict[str, float]:
    provinces = _provinces()
    scores: dict[str, float] = defaultdict(float)
    for mention in mentions:
        weight = mention.weight
        wrong_kind = self_kind is not None and provinces[mention.province].kind != self_kind
        if mention.passing or wrong_kind:
            weight *= PASSING_FACTOR
        scores[mention.province] += weight
    return scores


def _by_named(text: str, folded: str) -> _Outcome:
    """Rule 2: the province the text names as its subject.

    >>> text = "Tỉnh ủy Bắc Kạn làm việc với tỉnh Cao Bằng."
    >>> _by_named(text, _fold(text)).province
    'Bắc Kạn'
    """
    mentions = _mentions(text, folded)
    if not mentions:
        return _NOTHING
    self_kind = _self_kind(folded)
    scores = _score_mentions(mentions, self_kind)
    # Only a mention that names the province with its body or kind can decide on its own.
    decisive = {
        m.province
        for m in mentions
        if m.strong
        and not m.passing
        and (self_kind is None or _provinces()[m.province].kind == self_kind)
    }
    winner, conflict = _decide(scores, NAMED_THRESHOLD)
    if winner is not None and winner in decisive:
        best = max(
            (m for m in mentions if m.province == winner and not m.passing),
            key=lambda m: (m.weight, -m.start),
        )
        return _Outcome(winner, evidence=text[best.start : best.end])
    if conflict:
        return _Outcome(candidates=conflict)
    return _NOTHING


# --------------------------------------------------------------------------------------------
# People with provincial titles (digest/data/leaders.toml: [[title]], [names])
#
# Titles are matched on the folded copy, so "Tỉnh uỷ" and "Tỉnh ủy", "Chủ tịch UBND tỉnh"
# and "chủ tịch UBND tỉnh" are one title; names are read from the text itself, where a
# capital letter is what tells a name from the words around it.


@cache
def _leaders_file() -> dict[str, Any]:
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
    for row in _leaders_file()["title"]:
        role = LeaderRole(row["role"]) if row.get("role") else None
        for phrase in row["phrases"]:
            folded = _plain_key(phrase)
            for form in (folded, *_city_variants(folded)):
                roles.setdefault(form, role)
    return roles


@cache
def _name_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(title heads, words that may continue a title, capitalised words that are no name)."""
    names = _leaders_file()["names"]
    return (
        frozenset(_plain_key(w) for w in names["title_heads"]),
        frozenset(_plain_key(w) for w in names["title_words"]),
        frozenset(names["not_a_name"]),
    )


MAX_CHAINED_TITLES = 4  # "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Nguyễn ..."

# One syllable of a personal name: "Nguyễn", "A", "K'Ré".
_SYLLABLE = r"\p{Lu}\p{Ll}*(?:['’]\p{L}+)?"


class _PeoplePatterns(NamedTuple):
    title: regex.Pattern[str]  # folded: one title
    chain_gap: regex.Pattern[str]  # folded: what may stand between two titles of one list
    province_at: regex.Pattern[str]  # folded: a province name at a position
    name_at: regex.Pattern[str]  # text: a name at a position
    name_then_titles: regex.Pattern[str]  # text: a name, then a comma or a dash
    head_at: regex.Pattern[str]  # folded: a title head at a position
    role_at_start: regex.Pattern[str]  # folded: a leader title opening a title


@cache
def _people_patterns() -> _PeoplePatterns:
    roles = _title_roles()
    titles = _alternation(roles)
    leader_titles = _alternation(p for p, role in roles.items() if role is not None)
    provinces = _alternation(
        (_folded_form(s) for p in _provinces().values() for s in (p.name, *p.aliases)),
        separator=r"[\s.\-‐‑–—]+",
    )
    heads, _, _ = _name_words()
    return _PeoplePatterns(
        title=regex.compile(rf"\b{titles}\b", regex.VERBOSE),  # longest title first
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
        head_at=regex.compile(rf"(?:nguyen\s+)?{_alternation(heads)}(?![\w])", regex.VERBOSE),
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
            or _plain_key(bare) in title_words
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
    folded = _plain_key(title)
    m = _people_patterns().role_at_start.match(folded)
    if m is None:
        return ()
    phrase, province = m.group("phrase"), m.group("province")
    # "Bí thư Thành ủy Thái Nguyên" leads the capital city of a tỉnh, not a province.
    if province and ("thanh uy" in phrase or "thanh pho" in phrase or phrase.endswith(" tp")):
        canonical = _lookup().get(_KIND_PREFIX.sub("", province))
        if canonical and _provinces()[canonical].kind == TINH:
            return ()
    role = _title_roles().get(" ".join(phrase.split()))
    return (role,) if role else ()


def _titles_after(text: str, folded: str, start: int) -> list[str]:
    """The titles listed after a name, up to ";", "." or the first segment that is no title."""
    heads = _people_patterns().head_at
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
    return bool(_PROVINCIAL_TITLE.search(_plain_key(" ".join(titles))))


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
    lookup = _lookup()
    for n in range(2, len(words) + 1):
        tail = _plain_key(" ".join(words[-n:]))
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
    return _people(text, folded if folded is not None and len(folded) == len(text) else _fold(text))


def _people(text: str, folded: str) -> list[Person]:
    """`find_people` on NFC text with its folded copy."""
    patterns = _people_patterns()
    sightings: list[tuple[int, str, list[str]]] = []
    titles = list(patterns.title.finditer(folded))
    for i, m in enumerate(titles):
        if folded.endswith("pho ", 0, m.start()):
            continue  # "Phó ..." of a title listed without its "Phó"
        pos = m.end()
        province = patterns.province_at.match(folded, pos)
        if province and _is_capitalised(text[province.start("province") : province.end()]):
            pos = province.end()
        name = patterns.name_at.match(text, pos)
        if not name:
            continue
        first = i  # earlier titles of the same comma-separated list
        while (
            first > 0
            and i - first < MAX_CHAINED_TITLES
            and patterns.chain_gap.fullmatch(
                folded, titles[first - 1].end(), titles[first].start()
            )
        ):
            first -= 1
        start = titles[first].start()
        chain = [t.strip() for t in text[start:pos].split(",") if t.strip()]
        if _is_provincial(chain):  # "Phó Thủ tướng Trần Hồng Hà" is no provincial title
            sightings.append((start, name.group("name"), chain))
    for m in patterns.name_then_titles.finditer(text):
        if _CAPITALISED_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # the tail of a longer capitalised run
        first = text[m.end() : m.end() + 1]
        if not (first.isupper() or text.startswith("nguyên ", m.end())):
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


# --------------------------------------------------------------------------------------------
# Rule 3: known leaders

# A fact's role and the roles a report's titles give that are the same post.
_COMPATIBLE_ROLES: dict[LeaderRole, frozenset[LeaderRole]] = {
    LeaderRole.SECRETARY: frozenset({LeaderRole.SECRETARY}),
    LeaderRole.STANDING_DEPUTY_SECRETARY: frozenset(
        {LeaderRole.STANDING_DEPUTY_SECRETARY, LeaderRole.DEPUTY_SECRETARY}
    ),
    LeaderRole.DEPUTY_SECRETARY: frozenset(
        {LeaderRole.DEPUTY_SECRETARY, LeaderRole.STANDING_DEPUTY_SECRETARY}
    ),
    LeaderRole.PEOPLES_COMMITTEE_CHAIR: frozenset({LeaderRole.PEOPLES_COMMITTEE_CHAIR}),
    LeaderRole.COUNCIL_CHAIR: frozenset({LeaderRole.COUNCIL_CHAIR}),
    LeaderRole.VICE_PEOPLES_COMMITTEE_CHAIR: frozenset({LeaderRole.VICE_PEOPLES_COMMITTEE_CHAIR}),
}
YEAR_SLACK = 1  # terms start and end mid-year; reports are dated loosely
MERGER_YEAR = 2025  # the 63 provinces became 34 on 1 July 2025


@cache
def load_leaders() -> tuple[LeaderFact, ...]:
    """The packaged knowledge of provincial leaders (digest/data/leaders.toml).

    >>> any(f.name == "Hoàng Duy Chinh" and f.province == "Bắc Kạn" for f in load_leaders())
    True
    """
    return tuple(
        LeaderFact(
            name=row["name"],
            role=LeaderRole(row["role"]),
            province=row["province"],
            start_year=row.get("start_year"),
            end_year=row.get("end_year"),
            source=row.get("source"),
        )
        for row in _leaders_file()["leader"]
    )


def _name_key(name: str) -> str:
    return " ".join(_fold(normalize_text(name)).replace("'", "").replace("’", "").split())


@cache
def _packaged_index() -> dict[str, tuple[LeaderFact, ...]]:
    return _index_facts(load_leaders())


def _index_facts(facts: Iterable[LeaderFact]) -> dict[str, tuple[LeaderFact, ...]]:
    index: dict[str, list[LeaderFact]] = defaultdict(list)
    for fact in facts:
        index[_name_key(fact.name)].append(fact)
    return {k: tuple(v) for k, v in index.items()}


def _covers(fact: LeaderFact, year: int | None) -> bool:
    if year is None:
        return True
    if fact.start_year is not None and year < fact.start_year - YEAR_SLACK:
        return False
    return not (fact.end_year is not None and year > fact.end_year + YEAR_SLACK)


def _facts_for(name: str, index: dict[str, tuple[LeaderFact, ...]]) -> tuple[LeaderFact, ...]:
    """Facts about a name; a run with a capitalised word after the name also tries its head."""
    syllables = _name_key(name).split()
    for n in range(len(syllables), 2, -1) if len(syllables) > 3 else (len(syllables),):
        facts = index.get(" ".join(syllables[:n]))
        if facts:
            return facts
    return ()


def _fact_provinces(fact: LeaderFact, year: int | None) -> frozenset[str]:
    """The provinces a matched fact can point to in a report of `year`.

    A post held in a merged province from 2025 on, read in a report of 2025 or of unknown
    year, may be read in a report about one of the provinces merged into it: its holder
    often led one of them just before, and that earlier post may be missing from our facts.

    >>> sorted(_fact_provinces(LeaderFact(name="A B", role="bi_thu", province="Gia Lai", start_year=2025), None))
    ['Bình Định', 'Gia Lai']
    >>> sorted(_fact_provinces(LeaderFact(name="A B", role="bi_thu", province="Gia Lai", start_year=2025), 2026))
    ['Gia Lai']
    """
    canonical = canonical_province(fact.province)
    if canonical is None:
        return frozenset()
    starts_after_merger = fact.start_year is not None and fact.start_year >= MERGER_YEAR
    if starts_after_merger and (year is None or year <= MERGER_YEAR):
        merged = {p.name for p in _provinces().values() if p.becomes == canonical and p.kind_before}
        return frozenset({canonical} | merged)
    return frozenset({canonical})


def _titles_name_a_province(titles: str) -> bool:
    """Whether a leader title names its province ("Bí thư Tỉnh ủy Cao Bằng").

    >>> _titles_name_a_province("Bí thư Tỉnh ủy Cao Bằng")
    True
    >>> _titles_name_a_province("Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy")
    False
    """
    role_at_start = _people_patterns().role_at_start
    return any(
        (m := role_at_start.match(_plain_key(title))) is not None and m.group("province")
        for title in titles.split(",")
    )


def _by_leaders(
    people: Sequence[Person], learnt: Sequence[LeaderFact], year: int | None
) -> _Outcome:
    """Rule 3: leaders whose name and role match known facts, all pointing to one province."""
    index = _packaged_index()
    if learnt:
        index = dict(index)
        for key, facts in _index_facts(learnt).items():
            index[key] = index.get(key, ()) + facts
    agreeing: frozenset[str] | None = None
    union: set[str] = set()
    evidence: list[str] = []
    for person in people:
        if not person.roles or _titles_name_a_province(person.titles):
            continue  # "Bí thư Tỉnh ủy Cao Bằng X" was weighed by rule 2, often as a visitor
        provinces = set()
        for fact in _facts_for(person.name, index):
            if not _COMPATIBLE_ROLES[fact.role] & set(person.roles) or not _covers(fact, year):
                continue
            provinces |= _fact_provinces(fact, year)
        if not provinces:
            continue
        evidence.append(f"{person.name}, {person.titles}")
        union |= provinces
        agreeing = frozenset(provinces) if agreeing is None else agreeing & provinces
    if agreeing is None:
        return _NOTHING
    if len(agreeing) == 1:
        return _Outcome(next(iter(agreeing)), evidence="; ".join(evidence))
    return _Outcome(candidates=frozenset(agreeing or union))


# --------------------------------------------------------------------------------------------
# Rule 4: district and commune names (vietnam-address-converter tables)

# District-level type words, grouped: a thị xã often becomes a thành phố (Phổ Yên, 2022)
# and reports of either date must find it.
_DISTRICT_CLASS = {
    "huyen": "huyen",
    "quan": "quan",
    "thi xa": "urban",
    "tx": "urban",
    "thanh pho": "urban",
    "tp": "urban",
}
_COMMUNE_TYPES = frozenset({"xa", "phuong", "thi tran", "dac khu"})
_PLACE_TYPE = regex.compile(
    r"""
    (?<![\w])
    (?P<type>huyen|quan|thi\s+xa|thanh\s+pho|tp|tx|xa|phuong|thi\s+tran|dac\s+khu)  # folded
    \.?\s+                           # the name follows, checked on the original text
    """,
    regex.VERBOSE,
)
# A place name as written: capitalised syllables or a number ("Quận 1"), joined by a space
# or a hyphen ("Phan Rang - Tháp Chàm").
_PLACE_NAME = regex.compile(
    r"""
    (?:\p{Lu}\p{Ll}*(?:['’]\p{L}+)?|\d+)
    (?:(?:\s|\s?[-–]\s?)(?:\p{Lu}\p{Ll}*(?:['’]\p{L}+)?|\d+)){0,3}
    """,
    regex.VERBOSE,
)
# The type words as written: the folded "quan", "phuong", "xa" are also ordinary words.
_PLACE_TYPE_WORDS = frozenset(
    {"huyện", "quận", "thị xã", "thành phố", "tp", "tx", "xã", "phường", "thị trấn", "đặc khu"}
)
COMMUNES_NEEDED = 2  # commune names alone decide only when two different ones agree


class _PlaceIndex(NamedTuple):
    districts: dict[tuple[str, str], frozenset[str]]  # (class, name key) -> old provinces
    district_names: dict[str, frozenset[str]]  # name key, any class -> old provinces
    communes: dict[str, str]  # name key -> province, only names unique in the country


def _district_type(name_with_type: str, name: str) -> str:
    """The folded type word of a district: "Thị Xã Ba Đồn" -> "thi xa"."""
    prefix = name_with_type[: -len(name)] if name_with_type.endswith(name) else ""
    return " ".join(_fold(prefix).split())


@cache
def _place_index() -> _PlaceIndex:
    """District and commune names from vietnam-address-converter, indexed once.

    Districts (pre-2025) count when their name is unique in the country for their class.
    Communes count only when the name is unique across both the pre-2025 and the post-2025
    tables (ignoring a province's own rename): most commune names repeat ("Tân Lập"), and a
    post-2025 report names no districts at all, only communes.
    """
    from vietnam_address_converter import data  # 10 MB module: import on first use only

    old_names = {code: _old_province(p["name"]) for code, p in data.oldProvinces.items()}
    new_names = {code: canonical_province(p["name"]) for code, p in data.newProvinces.items()}
    districts: dict[tuple[str, str], set[str]] = defaultdict(set)
    district_names: dict[str, set[str]] = defaultdict(set)
    district_province: dict[str, str] = {}
    for code, d in data.oldDistricts.items():
        province = old_names[d["parent_code"]]
        district_province[code] = province
        kind = _district_type(d["name_with_type"], d["name"])
        key = _plain_key(normalize_text(d["name"]))
        districts[(_DISTRICT_CLASS.get(kind, "huyen"), key)].add(province)
        district_names[key].add(province)
    lineage: dict[str, set[tuple[str | None, str]]] = defaultdict(set)  # key -> (old, current)
    for w in data.oldWards.values():
        province = district_province[w["parent_code"]]
        lineage[_plain_key(normalize_text(w["name"]))].add(
            (province, _provinces()[province].becomes)
        )
    for w in data.newWards.values():
        province = new_names[w["parent_code"]]
        if province is not None:
            lineage[_plain_key(normalize_text(w["name"]))].add((None, province))
    communes = {}
    for key, pairs in lineage.items():
        olds = {old for old, _ in pairs if old}
        currents = {current for _, current in pairs}
        if len(currents) == 1 and len(olds) <= 1:
            communes[key] = next(iter(olds)) if olds else next(iter(currents))
    return _PlaceIndex(
        districts={k: frozenset(v) for k, v in districts.items()},
        district_names={k: frozenset(v) for k, v in district_names.items()},
        communes=communes,
    )


def _place_matches(text: str, folded: str) -> Iterable[tuple[str, str, str]]:
    """(province, level, words) for every unique district or commune named with its type."""
    index = _place_index()
    for m in _PLACE_TYPE.finditer(folded):
        place_type = " ".join(m.group("type").split())
        written = " ".join(text[m.start("type") : m.end("type")].lower().split())
        if written not in _PLACE_TYPE_WORDS:  # "cơ quan", "địa phương", "cách xa"
            continue
        run = _PLACE_NAME.match(text, m.end())
        if run is None:
            continue
        words = run.group().split()
        for n in range(len(words), 0, -1):  # longest name first: "Bắc Trà My" before "Bắc"
            candidate = " ".join(words[:n])
            key = _plain_key(candidate)
            if not key:
                continue
            said = text[m.start() : run.start() + len(candidate)]
            if place_type in _COMMUNE_TYPES:
                if key in index.communes:
                    yield index.communes[key], "commune", said
                    break
                continue
            provinces = index.districts.get((_DISTRICT_CLASS[place_type], key))
            if provinces is None:
                provinces = index.district_names.get(key)
            if provinces is not None:
                if len(provinces) == 1:
                    yield next(iter(provinces)), "district", said
                break


def _by_place(text: str, folded: str, year: int | None) -> _Outcome:
    """Rule 4: unique district names (one suffices) or unique commune names (two needed)."""
    by_province: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    first_words: dict[str, str] = {}
    for province, level, said in _place_matches(text, folded):
        by_province[province][level].add(_plain_key(said))
        first_words.setdefault(province, said)
    if not by_province:
        return _NOTHING
    if len(by_province) > 1:
        return _Outcome(candidates=frozenset(by_province))
    ((province, levels),) = by_province.items()
    if not levels["district"] and len(levels["commune"]) < COMMUNES_NEEDED:
        return _NOTHING
    evidence = first_words[province]
    if year is not None and year > 2025:  # a report after the merger: name it as it is now
        province = _provinces()[province].becomes
    return _Outcome(province, evidence=evidence)


# --------------------------------------------------------------------------------------------
# The rules in order


def infer_province(
    text: str,
    *,
    hint: str | None = None,
    leaders: Sequence[LeaderFact] = (),
    year: int | None = None,
    folded: str | None = None,
    people: Sequence[Person] | None = None,
) -> ProvinceGuess:
    """The province a report is about, or name=None when the evidence is missing or split.

    Rules, in order; the first that decides wins:

    1. `hint` (canonicalised): the caller knows the source's province.
    2. NAMED: provinces named in the text, weighted: with a governing body ("Tỉnh ủy X",
       "UBND tỉnh X", "Đảng bộ tỉnh X") 3, with their kind ("tỉnh X", "TP.HCM") 2, alone 1;
       a quarter of that in passing ("làm việc với tỉnh X", "giáp tỉnh X", "đoàn công tác
       tỉnh X", "X (cũ)") or when X is a city and the report speaks of its own "tỉnh" (or the
       reverse). The top province decides if it was named with its body or kind and scores
       at least twice any other; two close strong scores are a conflict.
    3. LEADER: people found by `find_people` whose name and a compatible role match a
       `LeaderFact` (packaged plus `leaders`), within `year` +- 1 when given; all matched
       people must share one province.
    4. PLACE: district-level names unique to one province ("huyện Na Rì"), or two commune
       names unique in the country, all pointing to one province.

    A conflict narrows the later rules to its candidates; a later decision outside them,
    or no decision at all, gives name=None.

    >>> infer_province("Hội nghị Ban Chấp hành Đảng bộ tỉnh Thái Nguyên lần thứ 10").name
    'Thái Nguyên'
    >>> g = infer_province("thành lập các phường thuộc thị xã Phổ Yên")
    >>> g.name, g.method.value, g.evidence
    ('Thái Nguyên', 'place', 'thị xã Phổ Yên')
    >>> infer_province("Tỉnh ủy Bắc Kạn và Tỉnh ủy Cao Bằng ký kết hợp tác").name is None
    True
    """
    if hint is not None and (canonical := canonical_province(hint)) is not None:
        return _guess(canonical, ProvinceMethod.HINT, hint)
    text = unicodedata.normalize("NFC", text)
    if folded is None or len(folded) != len(text):
        folded = _fold(text)
    allowed: frozenset[str] | None = None
    rules = (
        (ProvinceMethod.NAMED, lambda: _by_named(text, folded)),
        (
            ProvinceMethod.LEADER,
            lambda: _by_leaders(list(people) if people is not None else _people(text, folded), leaders, year),
        ),
        (ProvinceMethod.PLACE, lambda: _by_place(text, folded, year)),
    )
    for method, rule in rules:
        outcome = rule()
        if outcome.province is not None:
            if allowed is not None and outcome.province not in allowed:
                return ProvinceGuess(name=None)  # disagrees with a stronger rule's candidates
            return _guess(outcome.province, method, outcome.evidence)
        if outcome.candidates:
            allowed = outcome.candidates if allowed is None else allowed & outcome.candidates
            if not allowed:
                return ProvinceGuess(name=None)
    return ProvinceGuess(name=None)


def _guess(name: str, method: ProvinceMethod, evidence: str | None) -> ProvinceGuess:
    return ProvinceGuess(
        name=name, current=current_province(name), method=method, evidence=evidence
    )
