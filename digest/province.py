"""Which province a report is about: `infer_province`, and its rule 2 (mention scoring).

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

This module holds the orchestrator and rule 2; the rest lives by concern:
digest/provinces.py (the province table, aliases, the 2025 merger), digest/people.py (people
and titles), digest/leaders.py (leader facts, rule 3), digest/places.py (the gazetteer,
rule 4).

Hand-written because nothing on PyPI infers the subject province of running prose: the
address parsers (vietnam-address-converter, vietnamadminunits) read one address per string.
The vocabulary around a mention (governing bodies, words of passing, words that make a name
part of another place's) is data in digest/data/provinces.toml, with an example per entry.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

import regex

from digest.leaders import by_leaders
from digest.models import LeaderFact, Person, ProvinceGuess, ProvinceMethod
from digest.normalize import fold
from digest.people import people_in, title_heads
from digest.places import by_place
from digest.provinces import (
    CAPITALISED_WORD_BEFORE,
    KIND_PREFIX,
    NOTHING,
    THANH_PHO,
    TINH,
    Outcome,
    Province,
    after_merger,
    alternation,
    canonical_province,
    current_province,
    exists_on,
    is_capitalised,
    names_alternation,
    plain_key,
    province_file,
    province_table,
    spelling_index,
)

# --------------------------------------------------------------------------------------------
# Vocabulary for scoring province mentions (digest/data/provinces.toml)


class _MentionPatterns(NamedTuple):
    name: regex.Pattern[str]
    governing_before: regex.Pattern[str]
    kind_before: regex.Pattern[str]
    passing_before: regex.Pattern[str]
    hosts: frozenset[str]  # passing words after which the mention is the place visited
    national: regex.Pattern[str]
    own_party_before: regex.Pattern[str]
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
# Scoring


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
SENTENCE_WINDOW = 200  # how far back a national visitor is looked for, within the sentence


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


def _classify(
    text: str, folded: str, start: int, end: int, province: Province
) -> _Mention | None:
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
    passing = passing or bool(_HISTORIC_AFTER.match(text[end : end + 6]))
    return _Mention(province.name, phrase_start, end, weight, strong, passing)


def _passing_word(folded: str, phrase_start: int) -> str | None:
    """The passing word right before a mention ("làm việc với", "giáp", "cao hơn"), if any."""
    window = folded[max(0, phrase_start - 40) : phrase_start]
    m = _mention_patterns().passing_before.search(window)
    return " ".join(m.group("word").split()) if m else None


def _national_visitor(folded: str, pos: int) -> bool:
    """Whether a national leader or body visits in the sentence that ends at `pos`.

    The last one named before `pos` must be the one who visits: the province's own bodies
    do not come between ("Thực hiện chỉ đạo của Thủ tướng, UBND tỉnh làm việc với tỉnh X").

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


def _mentions(text: str, folded: str, merged: bool = False) -> list[_Mention]:
    """Every province mention, weighed; after the merger (`merged`) a province merged away
    is only recalled, like "Bắc Kạn (cũ)"."""
    provinces = province_table()
    lookup = spelling_index()
    found: list[_Mention] = []
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


def _score_mentions(mentions: Sequence[_Mention], self_kind: str | None) -> dict[str, float]:
    provinces = province_table()
    scores: dict[str, float] = defaultdict(float)
    for mention in mentions:
        weight = mention.weight
        wrong_kind = self_kind is not None and provinces[mention.province].kind != self_kind
        if mention.passing or wrong_kind:
            weight *= PASSING_FACTOR
        scores[mention.province] += weight
    return scores


def _by_named(text: str, folded: str, merged: bool = False) -> Outcome:
    """Rule 2: the province the text names as its subject.

    >>> text = "Tỉnh ủy Bắc Kạn làm việc với tỉnh Cao Bằng."
    >>> _by_named(text, fold(text)).province
    'Bắc Kạn'
    """
    mentions = _mentions(text, folded, merged)
    if not mentions:
        return NOTHING
    self_kind = _self_kind(folded)
    scores = _score_mentions(mentions, self_kind)
    # Only a mention that names the province with its body or kind can decide on its own.
    decisive = {
        m.province
        for m in mentions
        if m.strong
        and not m.passing
        and (self_kind is None or province_table()[m.province].kind == self_kind)
    }
    winner, conflict = _decide(scores, NAMED_THRESHOLD)
    if winner is not None and winner in decisive:
        best = max(
            (m for m in mentions if m.province == winner and not m.passing),
            key=lambda m: (m.weight, -m.start),
        )
        return Outcome(winner, evidence=text[best.start : best.end])
    if conflict:
        return Outcome(candidates=conflict)
    return NOTHING


# --------------------------------------------------------------------------------------------
# The rules in order


def infer_province(
    text: str,
    *,
    hint: str | None = None,
    leaders: Sequence[LeaderFact] = (),
    year: int | None = None,
    day: date | None = None,
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

    `day` is the meeting's date when the text gives it with its year. A meeting held after
    1 July 2025 was one of the 34 provinces': a province merged away is then named only in
    recollection, a leader's post in it had ended, and a place is named by the province it
    belongs to now.

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
        folded = fold(text)
    if day is not None:
        year = day.year
    merged = after_merger(day, year)
    allowed: frozenset[str] | None = None
    rules = (
        (ProvinceMethod.NAMED, lambda: _by_named(text, folded, after_merger(day))),
        (
            ProvinceMethod.LEADER,
            lambda: by_leaders(
                list(people) if people is not None else people_in(text, folded),
                leaders,
                year,
                day,
            ),
        ),
        (ProvinceMethod.PLACE, lambda: by_place(text, folded, merged)),
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
