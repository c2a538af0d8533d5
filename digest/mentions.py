"""Province names in a report's text, each weighed by the words around it (rule 2's input).

`find_mentions` finds every province name and alias (folded, longest spelling first) and
weighs it: named with a governing body ("Tỉnh ủy X", "UBND tỉnh X") or its kind ("tỉnh X",
"TP.HCM") it is strong; alone it is weak; and it is in passing when the words before it make
X another province than the report's: a partner ("ký kết hợp tác với tỉnh X", "giữa UBND
tỉnh và UBND tỉnh X"), a neighbour ("giáp tỉnh X"), a visitor ("đoàn công tác tỉnh X"), a
comparison ("cao hơn tỉnh X", "đứng sau TP Hồ Chí Minh"), a name recalled ("X (cũ)", or a
province merged away named after the merger). The place a national leader visits
("Phó Thủ tướng ... đến làm việc với tỉnh X") is the report's province after all.
`digest.province` scores the mentions and decides.

The vocabulary is data (digest/data/provinces.toml: [[governing]], [[passing]],
[[national]], [[between]], [[skip_before_bare]]), each entry with an example sentence the
tests run. Hand-written because no library reads which province running prose is about;
every window read around a mention is bounded, so the cost stays linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import regex

from digest.people import title_heads
from digest.provinces import (
    CAPITALISED_WORD_BEFORE,
    KIND_PREFIX,
    THANH_PHO,
    TINH,
    Province,
    alternation,
    exists_on,
    is_capitalised,
    names_alternation,
    plain_key,
    province_file,
    province_table,
    spelling_index,
)
from digest.word_scan import WordScan

# --------------------------------------------------------------------------------------------
# Vocabulary (digest/data/provinces.toml)


class _MentionPatterns(NamedTuple):
    name: WordScan
    governing_before: regex.Pattern[str]
    kind_before: regex.Pattern[str]
    passing_before: regex.Pattern[str]
    hosts: frozenset[str]  # passing words after which the mention is the place visited
    national: regex.Pattern[str]
    own_party_before: regex.Pattern[str]
    delegation_leader: tuple[tuple[regex.Pattern[str] | None, regex.Pattern[str]], ...]
    skip_before: regex.Pattern[str]
    self_body: regex.Pattern[str]
    name_after: regex.Pattern[str]


@cache
def _mention_patterns() -> _MentionPatterns:
    data = province_file()
    names = names_alternation()
    governing = alternation(row["words"] for row in data["governing"])
    passing = alternation(row["words"] for row in data["passing"])
    national = alternation(row["words"] for row in data["national"])
    between = alternation(row["words"] for row in data["between"])
    skip = alternation(row["words"] for row in data["skip_before_bare"])
    heads = alternation(title_heads())
    return _MentionPatterns(
        name=WordScan(
            rf"""
            \b{names}\b         # a province name or alias, folded, longest spelling first
            """
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
            (?P<word>{passing})                 # làm việc với, giáp, đoàn công tác ...
            (?:\s+cua)?                         # "đoàn công tác của ..."
            (?:\s+{heads}(?:\s+thuong\s+truc)?)? # "tiếp Bí thư Tỉnh ủy X": a visitor's title
            \s*$                                # right before the mention
            """,
            regex.VERBOSE,
        ),
        hosts=frozenset(
            " ".join(row["words"].split()) for row in data["passing"] if row.get("host")
        ),
        national=regex.compile(
            rf"""
            (?:^|(?<=\W))(?:{national})(?!\w)  # Thủ tướng, Bộ trưởng, đoàn công tác Trung ương
            """,
            regex.VERBOSE,
        ),
        own_party_before=regex.compile(
            rf"""
            (?:^|(?<=\W))(?:{between})\s+       # giữa ...
            (?P<gov>{governing})                # ... the report's own body, unnamed ...
            (?:\s+(?:tinh|thanh\s+pho|tp))?     # ... of its tỉnh / thành phố ...
            \s+va\s*$                           # ... và, right before the other party
            """,
            regex.VERBOSE,
        ),
        delegation_leader=tuple(
            (
                _clause_word_before(row["before"]) if row.get("before") else None,
                _clause_word_after(row["after"]),
            )
            for row in data["delegation_leader"]
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


def _clause_word_before(words: str) -> regex.Pattern[str]:
    return regex.compile(
        rf"""
        (?<!\w){alternation([words])}(?!\w)  # the words ...
        [^.;!?\n]{{0,50}}$                     # ... earlier in the clause
        """,
        regex.VERBOSE,
    )


def _clause_word_after(words: str) -> regex.Pattern[str]:
    return regex.compile(
        rf"""
        ^[^.;!?\n]{{0,40}}?                    # later in the clause (a name may stand between)
        (?<!\w){alternation([words])}(?!\w)  # the words
        """,
        regex.VERBOSE,
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
# The report's own polity named as an actor: "UBND tỉnh", "thành phố", "của tỉnh".
_OWN_POLITY = regex.compile(
    r"""
    \b(?:tinh|thanh\s+pho|tp)\b    # folded
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
# Mentions, weighed

GOVERNING_WEIGHT = 3.0  # "Tỉnh ủy Bắc Kạn", "UBND tỉnh Bắc Kạn"
KIND_WEIGHT = 2.0  # "tỉnh Bắc Kạn", "TP.HCM"
BARE_WEIGHT = 1.0  # "Bắc Kạn" alone
CAPITAL_WEIGHT = 1.0  # "thành phố Bắc Kạn", "Thành ủy Bắc Kạn": the capital city of a tỉnh
SENTENCE_WINDOW = 200  # how far back a national visitor is looked for, within the sentence


@dataclass
class Mention:
    """One occurrence of a province name, weighed."""

    province: str
    start: int  # where the whole phrase starts (governing body or kind word included)
    end: int
    weight: float
    strong: bool  # named with its governing body or kind, not in passing
    passing: bool


def own_kind(folded: str) -> str | None:
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


def _classify(text: str, folded: str, start: int, end: int, province: Province) -> Mention | None:
    """Weigh one occurrence of a province name by the words around it."""
    patterns = _mention_patterns()
    window = folded[max(0, start - 60) : start]
    matched = folded[start:end]
    phrase_start = start
    strong = False
    partner = False
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
        partner = _partner_of_own_body(folded, phrase_start, body)
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
        if CAPITALISED_WORD_BEFORE.search(text[max(0, start - 12) : start]):
            return None
        if _CAPITALISED_WORD_AFTER.match(text[end : end + 3]):
            return None
        weight = BARE_WEIGHT
    word = _passing_word(folded, phrase_start)
    passing = partner or word is not None
    if word in _mention_patterns().hosts and _national_visitor(folded, phrase_start):
        passing = False  # "Phó Thủ tướng ... đến làm việc với tỉnh X" is a meeting of X
    passing = passing or _leads_a_delegation(folded, phrase_start, end)
    passing = passing or bool(_HISTORIC_AFTER.match(text[end : end + 6]))
    return Mention(province.name, phrase_start, end, weight, strong, passing)


def _passing_word(folded: str, phrase_start: int) -> str | None:
    """The passing word right before a mention ("làm việc với", "giáp", "cao hơn"), if any."""
    window = folded[max(0, phrase_start - 40) : phrase_start]
    m = _mention_patterns().passing_before.search(window)
    return " ".join(m.group("word").split()) if m else None


def _leads_a_delegation(folded: str, phrase_start: int, end: int) -> bool:
    """Whether the mention is in the title of a visiting delegation's leader.

    >>> from digest.normalize import fold
    >>> text = fold("tiếp đoàn do Bí thư Tỉnh ủy Bắc Giang Hà Văn A dẫn đầu")
    >>> _leads_a_delegation(text, text.index("tinh uy"), text.index(" ha van"))
    True
    >>> text = fold("Tỉnh Quảng Ninh dẫn đầu cả nước về chỉ số PCI")
    >>> _leads_a_delegation(text, 0, len("tinh quang ninh"))
    False
    """
    before = folded[max(0, phrase_start - 60) : phrase_start]
    after = folded[end : end + 60]
    return any(
        (cue_before is None or cue_before.search(before)) and cue_after.match(after)
        for cue_before, cue_after in _mention_patterns().delegation_leader
    )


def _national_visitor(folded: str, pos: int) -> bool:
    """Whether a national leader or body visits in the sentence that ends at `pos`.

    The last one named before `pos` must be the one who visits: the province's own bodies
    do not come between ("Thực hiện chỉ đạo của Thủ tướng, UBND tỉnh làm việc với tỉnh X").

    >>> from digest.normalize import fold
    >>> text = fold("Ngày 5/3, Phó Thủ tướng đến làm việc với ")  # ... tỉnh Cà Mau
    >>> _national_visitor(text, len(text))
    True
    >>> text = fold("Theo chỉ đạo của Thủ tướng, UBND tỉnh làm việc với ")
    >>> _national_visitor(text, len(text))
    False
    """
    window = folded[max(0, pos - SENTENCE_WINDOW) : pos]
    opening = max(window.rfind(mark) for mark in ".!?;\n") + 1  # the sentence's start
    visitors = list(_mention_patterns().national.finditer(window, opening))
    return bool(visitors) and not _OWN_POLITY.search(window, visitors[-1].end())


def _partner_of_own_body(folded: str, phrase_start: int, body: str) -> bool:
    """ "giữa UBND tỉnh và UBND tỉnh X": the same body of the report and of X, two parties."""
    window = folded[max(0, phrase_start - 40) : phrase_start]
    m = _mention_patterns().own_party_before.search(window)
    return m is not None and " ".join(m.group("gov").split()) == " ".join(body.split())


def find_mentions(text: str, folded: str, merged: bool = False) -> list[Mention]:
    """Every province mention, weighed; after the merger (`merged`) a province merged away
    is only recalled, like "Bắc Kạn (cũ)"."""
    provinces = province_table()
    lookup = spelling_index()
    found: list[Mention] = []
    for m in _mention_patterns().name.finditer(folded):
        original = text[m.start() : m.end()]
        if not is_capitalised(original):  # "hòa bình" (peace) is not Hòa Bình
            continue
        name = lookup[KIND_PREFIX.sub("", plain_key(original))]
        mention = _classify(text, folded, m.start(), m.end(), provinces[name])
        if mention is None:
            continue
        # "các tỉnh Kiên Giang, An Giang": later names of a list share the first one's role.
        if found and _LIST_GAP.match(folded[found[-1].end : mention.start]):
            mention.passing = mention.passing or found[-1].passing
        if merged and not exists_on(provinces[name], True):
            mention.passing = True
        found.append(mention)
    return found
