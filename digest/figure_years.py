"""Years and goals: which figures are the plan for a later year, an estimate of the year
reviewed, or a shortfall that no goal can be.

"Kế hoạch năm 2025", "đến năm 2030" in a review of 2024 are targets; "dự kiến năm 2024" in a
review of 2024 estimates its result. The year reviewed is the meeting's, or the year before
when the meeting (in January) reviews it; a term ("nhiệm kỳ 2025 - 2030") names no one year.
"""

from __future__ import annotations

import regex

from digest.figure_drafts import MISSED, ClauseFacts, Draft

_YEAR = regex.compile(r"\b(?:19|20)\d\d\b")


def reviewed_year(period: str | None, year: int | None, month: int | None = None) -> int | None:
    """The year the meeting reviewed: its own year, or the year before when its period names
    that one (a meeting early in the year on last year); the period's year when the meeting's
    is not known. A period of several years ("nhiệm kỳ 2025 - 2030") names none. A meeting
    held from April on (`month`) reviews its own year, whatever year its lead names first
    ("Năm 2023 tăng 7,5%; năm 2024 ước đạt 8,1%" in December 2024)."""
    years = {int(y) for y in _YEAR.findall(period or "")}
    single = years.pop() if len(years) == 1 else None  # "nhiệm kỳ 2025 - 2030" names no one year
    if year is None or single is None:
        return year or single
    if month is not None and month > _LAST_MONTH_LOOKING_BACK:
        return year
    return single if single == year - 1 else year  # January: last year was reviewed


# The year's first sessions (year-end reviews held late, or in January to March) look back on
# the year before; later ones review their own year.
_LAST_MONTH_LOOKING_BACK = 3


def falls_short(d: Draft, facts: ClauseFacts) -> bool:
    """A value its own words call short ("sẽ hụt thu khoảng 1.600 tỷ đồng", "chưa đạt"): no
    goal, whatever the sentence set before it."""
    return bool(MISSED.search(facts.folded, d.label_start, d.start))


_ESTIMATE = regex.compile(r"du kien|uoc tinh|uoc ca nam")


def estimate_of_reviewed_year(
    d: Draft, folded: str, marker: int | None, period: str | None, reviewed: int | None = None
) -> bool:
    """ "Dự kiến năm 2024, tăng trưởng kinh tế đạt 8,2%" in a review of 2024: the estimate of
    the year reviewed is its result, not a goal. The year reviewed (`reviewed`, the meeting's
    own or the one its January session looks back on) tells, where the report names a period;
    without the meeting's year, the period's.
    A lead that names the plan ("dự kiến năm 2025") gives the report's period a year the
    meeting (held in 2024) only expects: that year's value is a target."""
    if marker is None or d.period_raw is None or not _ESTIMATE.match(folded, marker):
        return False
    own = [int(y) for y in _YEAR.findall(d.period_raw)]
    years = [int(y) for y in _YEAR.findall(period or "")]
    if not own or not years:
        return False  # no reviewed period: an expectation may as well be the plan
    return max(own) <= (reviewed if reviewed is not None else max(years))


def later_year(own: str | None, reviewed: int | None) -> bool:
    """A figure whose own period is a year after the one reviewed ("năm 2025" in a review of
    2024, "đến năm 2030"): the plan for it, not a result."""
    if own is None or reviewed is None:
        return False
    return any(int(y) > reviewed for y in _YEAR.findall(own))


def earlier_year(own: str | None, reviewed: int | None) -> bool:
    """A figure whose own period lies before the year reviewed ("năm 2024 tỉnh đón 6,5 triệu
    lượt khách" beside the goals for 2030, in a review of 2025): a past result, not a goal."""
    if own is None or reviewed is None:
        return False
    years = [int(y) for y in _YEAR.findall(own)]
    return bool(years) and max(years) < reviewed
