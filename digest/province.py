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

This module holds the orchestrator and the scoring of rule 2; the rest lives by concern:
digest/mentions.py (province names found and weighed by the words around them),
digest/provinces.py (the province table, aliases, the 2025 merger), digest/people.py (people
and titles), digest/leaders.py (leader facts, rule 3), digest/places.py (the gazetteer,
rule 4).

Hand-written because nothing on PyPI infers the subject province of running prose: the
address parsers (vietnam-address-converter, vietnamadminunits) read one address per string.
The vocabulary around a mention (governing bodies, words of passing, national visitors) is
data in digest/data/provinces.toml, with an example per entry; digest/mentions.py reads it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from digest.leaders import by_leaders
from digest.mentions import KIND_WEIGHT, Mention, find_mentions, own_kind
from digest.models import LeaderFact, Person, ProvinceGuess, ProvinceMethod
from digest.normalize import fold
from digest.people import people_in
from digest.places import by_place
from digest.provinces import (
    NOTHING,
    Outcome,
    after_merger,
    canonical_province,
    current_province,
    province_table,
)

# --------------------------------------------------------------------------------------------
# Rule 2: the province the text names, scored

PASSING_FACTOR = 0.25  # a mention in passing, of the other kind, or of a merged name "(cũ)"
NAMED_THRESHOLD = KIND_WEIGHT  # one plain "tỉnh X" is enough when nothing rivals it


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


def _score_mentions(mentions: Sequence[Mention], self_kind: str | None) -> dict[str, float]:
    provinces = province_table()
    scores: dict[str, float] = defaultdict(float)
    for mention in mentions:
        weight = mention.weight
        wrong_kind = self_kind is not None and provinces[mention.province].kind != self_kind
        if mention.passing or wrong_kind:
            weight *= PASSING_FACTOR
        scores[mention.province] += weight
    return scores


def _by_named(text: str, folded: str, mentions: Sequence[Mention]) -> Outcome:
    """Rule 2: the province the text names as its subject.

    >>> text = "Tỉnh ủy Bắc Kạn làm việc với tỉnh Cao Bằng."
    >>> _by_named(text, fold(text), find_mentions(text, fold(text))).province
    'Bắc Kạn'
    """
    if not mentions:
        return NOTHING
    self_kind = own_kind(folded)
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


def _named_among(text: str, mentions: Sequence[Mention], candidates: frozenset[str]) -> Outcome:
    """The one candidate the text names, when the rules left several and it names no other.

    Leaders who led a province and then the province it merged into leave both as
    candidates; a report that names one of them, even in passing by name alone ("... của
    Bình Định"), and no other province outside a mention in passing, is about that one.
    """
    named = {m.province for m in mentions if not m.passing}
    if len(named) != 1 or not named <= candidates:
        return NOTHING
    (province,) = named
    first = next(m for m in mentions if m.province == province and not m.passing)
    return Outcome(province, evidence=text[first.start : first.end])


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

    A conflict narrows the later rules to its candidates; a later decision outside them
    gives name=None. Candidates left at the end are decided by the text's own words only
    when it names one of them and no other province (`_named_among`).

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
    mentions = find_mentions(text, folded, after_merger(day))
    allowed: frozenset[str] | None = None
    rules = (
        (ProvinceMethod.NAMED, lambda: _by_named(text, folded, mentions)),
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
    if allowed is not None and (named := _named_among(text, mentions, allowed)).province:
        return _guess(named.province, ProvinceMethod.NAMED, named.evidence)
    return ProvinceGuess(name=None)


def _guess(name: str, method: ProvinceMethod, evidence: str | None) -> ProvinceGuess:
    return ProvinceGuess(
        name=name, current=current_province(name), method=method, evidence=evidence
    )
