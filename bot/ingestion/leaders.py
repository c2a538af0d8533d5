"""Learning who leads a province from the reports that come in.

A report whose province is certain - given by its source, or named in its text ("Tỉnh ủy
Lạng Sơn") - and that names people with provincial titles ("Phó Bí thư Tỉnh ủy, Chủ tịch
UBND tỉnh Nguyễn Văn A") teaches the engine that A held that post there that year. Later
reports that name only A and the post ("đồng chí Chủ tịch UBND tỉnh Nguyễn Văn A") are then
attributed to that province (digest/leaders.py, rule 3 of digest.province). Provinces
guessed from places or from leaders themselves teach nothing: learning from a guess would
compound its errors.
"""

from __future__ import annotations

from functools import cache

from digest.leaders import load_leaders
from digest.models import LeaderFact, ProvinceMethod, Report
from digest.normalize import fold
from digest.provinces import all_provinces

CERTAIN_METHODS = frozenset({ProvinceMethod.HINT, ProvinceMethod.NAMED})


@cache
def _folded_provinces() -> tuple[tuple[str, str], ...]:
    names = set(all_provinces(current=False)) | set(all_provinces(current=True))
    return tuple((name, f" {fold(name)}") for name in sorted(names))


def _names_another_province(titles: str, province: str) -> bool:
    """ "Bí thư Tỉnh ủy Cao Bằng" in a Lạng Sơn report is a visitor, not a local leader.

    >>> _names_another_province("Bí thư Tỉnh ủy Cao Bằng", "Lạng Sơn")
    True
    >>> _names_another_province("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", "Lạng Sơn")
    False
    """
    folded = f" {fold(titles)} "
    return any(name != province and f"{key} " in folded for name, key in _folded_provinces())


def learnt_facts(report: Report, *, source: str | None = None) -> list[LeaderFact]:
    """The leader facts a stored report teaches; [] unless its province is certain.

    Facts the packaged knowledge (digest/data/leaders.toml) already holds are left out.
    """
    province = report.province
    if province is None or report.province_method not in CERTAIN_METHODS:
        return []
    packaged = {(f.name, f.role, f.province) for f in load_leaders()}
    year = report.date.year if report.date else None
    facts = []
    for person in report.people:
        if not person.roles or _names_another_province(person.titles, province):
            continue
        for role in person.roles:
            if (person.name, role, province) in packaged:
                continue
            facts.append(
                LeaderFact(
                    name=person.name,
                    role=role,
                    province=province,
                    start_year=year,
                    source=f"learnt from {source}" if source else "learnt from a report",
                )
            )
    return facts
