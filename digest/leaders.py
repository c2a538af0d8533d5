"""Known provincial leaders, and rule 3 of `digest.province.infer_province`.

`load_leaders` reads the packaged facts (digest/data/leaders.toml, [[leader]]: who held which
post in which province, from when to when, each with its source); the bot adds facts it
learns at run time. `by_leaders` attributes a report to a province by the people it names
with provincial titles (digest/people.py): a person counts when their name and a compatible
role match a fact in office in the report's year, and all such people must agree.

Hand-written because this is a lookup over our own sourced data with a few rules about
terms and the 2025 merger; no library holds Vietnam's provincial leaders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

from digest.models import LeaderFact, LeaderRole, Person
from digest.normalize import fold, normalize_text
from digest.people import leaders_file, people_patterns
from digest.provinces import (
    MERGER_YEAR,
    NOTHING,
    THANH_PHO,
    TINH,
    Outcome,
    after_merger,
    canonical_province,
    exists_on,
    plain_key,
    province_table,
)

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
        for row in leaders_file()["leader"]
    )


def _name_key(name: str) -> str:
    return " ".join(fold(normalize_text(name)).replace("'", "").replace("’", "").split())


@cache
def _packaged_index() -> dict[str, tuple[LeaderFact, ...]]:
    return _index_facts(load_leaders())


def _index_facts(facts: Iterable[LeaderFact]) -> dict[str, tuple[LeaderFact, ...]]:
    index: dict[str, list[LeaderFact]] = defaultdict(list)
    for fact in facts:
        index[_name_key(fact.name)].append(fact)
    return {k: tuple(v) for k, v in index.items()}


def _covers(fact: LeaderFact, year: int | None, slack: int = YEAR_SLACK) -> bool:
    if year is None:
        return True
    if fact.start_year is not None and year < fact.start_year - slack:
        return False
    return not (fact.end_year is not None and year > fact.end_year + slack)


def _facts_for(name: str, index: dict[str, tuple[LeaderFact, ...]]) -> tuple[LeaderFact, ...]:
    """Facts about a name; a run with a capitalised word after the name also tries its head."""
    syllables = _name_key(name).split()
    for n in range(len(syllables), 2, -1) if len(syllables) > 3 else (len(syllables),):
        facts = index.get(" ".join(syllables[:n]))
        if facts:
            return facts
    return ()


def _fact_provinces(fact: LeaderFact, year: int | None, merged: bool = False) -> frozenset[str]:
    """The provinces a matched fact can point to in a report of `year`.

    A post held in a merged province from 2025 on, read in a report of 2025 or of unknown
    year, may be read in a report about one of the provinces merged into it: its holder
    often led one of them just before, and that earlier post may be missing from our facts.
    A meeting known to be held after the merger (`merged`) was one of the 34's: a post in a
    province merged away had ended, and a post in a merged province is that province's.

    >>> fact = LeaderFact(name="A B", role="bi_thu", province="Gia Lai", start_year=2025)
    >>> sorted(_fact_provinces(fact, None)), sorted(_fact_provinces(fact, 2026))
    (['Bình Định', 'Gia Lai'], ['Gia Lai'])
    >>> sorted(_fact_provinces(fact, 2025, merged=True))
    ['Gia Lai']
    >>> old = LeaderFact(name="A B", role="bi_thu", province="Bình Định", end_year=2025)
    >>> sorted(_fact_provinces(old, 2025)), sorted(_fact_provinces(old, 2025, merged=True))
    (['Bình Định'], [])
    """
    canonical = canonical_province(fact.province)
    if canonical is None:
        return frozenset()
    if merged:
        exists = exists_on(province_table()[canonical], True)
        return frozenset({canonical}) if exists else frozenset()
    starts_after_merger = fact.start_year is not None and fact.start_year >= MERGER_YEAR
    if starts_after_merger and (year is None or year <= MERGER_YEAR):
        merged_into = {
            p.name for p in province_table().values() if p.becomes == canonical and p.kind_before
        }
        return frozenset({canonical} | merged_into)
    return frozenset({canonical})


def _titles_name_a_province(titles: str) -> bool:
    """Whether a leader title names its province ("Bí thư Tỉnh ủy Cao Bằng").

    >>> _titles_name_a_province("Bí thư Tỉnh ủy Cao Bằng")
    True
    >>> _titles_name_a_province("Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy")
    False
    """
    role_at_start = people_patterns().role_at_start
    return any(
        (m := role_at_start.match(plain_key(title))) is not None and m.group("province")
        for title in titles.split(",")
    )


def _polity_kind(titles: str) -> str | None:
    """Whether a person's leader titles are a tỉnh's or a thành phố's, if they say so alike.

    >>> _polity_kind("Phó Bí thư Thành ủy, Chủ tịch UBND thành phố")
    'thành phố'
    >>> _polity_kind("Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy"), _polity_kind("Bí thư")
    ('tỉnh', None)
    """
    role_at_start = people_patterns().role_at_start
    kinds = set()
    for title in titles.split(","):
        m = role_at_start.match(plain_key(title))
        if m is None:
            continue
        phrase = " ".join(m.group("phrase").split())
        if phrase.endswith(("tinh", "tinh uy")):
            kinds.add(TINH)
        elif phrase.endswith(("thanh pho", "tp", "thanh uy")):
            kinds.add(THANH_PHO)
    return kinds.pop() if len(kinds) == 1 else None


def _of_kind(province: str, kind: str | None) -> bool:
    """A tỉnh's title is no thành phố's post, and the reverse ("Chủ tịch UBND thành phố")."""
    p = province_table()[province]
    return kind is None or kind in (p.kind_before, p.kind_after)


def _person_provinces(
    person: Person, index: dict[str, tuple[LeaderFact, ...]], year: int | None, day: date | None
) -> set[str]:
    """The provinces the facts matching one person point to.

    A fact must match the name, a compatible role, the kind of polity the titles name and
    the year (+- YEAR_SLACK). When the meeting's date is known, facts in office that very
    year outrank facts reached only through the slack: two people of one name, or one
    person who moved, are told apart by the year the text gives.
    """
    kind = _polity_kind(person.titles)
    merged = after_merger(day)
    matched: list[tuple[LeaderFact, frozenset[str]]] = []
    for fact in _facts_for(person.name, index):
        if not _COMPATIBLE_ROLES[fact.role] & set(person.roles) or not _covers(fact, year):
            continue
        provinces = frozenset(p for p in _fact_provinces(fact, year, merged) if _of_kind(p, kind))
        if provinces:
            matched.append((fact, provinces))
    if day is not None:
        in_office = [(f, p) for f, p in matched if _covers(f, year, slack=0)]
        matched = in_office or matched
    return {p for _, provinces in matched for p in provinces}


# --------------------------------------------------------------------------------------------
# Rule 3 of infer_province


def by_leaders(
    people: Sequence[Person],
    learnt: Sequence[LeaderFact],
    year: int | None,
    day: date | None = None,
) -> Outcome:
    """Rule 3: leaders whose name and role match known facts, all pointing to one province.

    `day` is the meeting's date when the text gives it with its year (then `year` is its
    year); `year` alone may come from the report's periods and is read more loosely.
    """
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
        provinces = _person_provinces(person, index, year, day)
        if not provinces:
            continue
        evidence.append(f"{person.name}, {person.titles}")
        union |= provinces
        agreeing = frozenset(provinces) if agreeing is None else agreeing & provinces
    if agreeing is None:
        return NOTHING
    if len(agreeing) == 1:
        return Outcome(next(iter(agreeing)), evidence="; ".join(evidence))
    return Outcome(candidates=frozenset(agreeing or union))
