"""The pipeline: report text in, a Report out. Pure and deterministic; the caller passes `now`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import regex

from digest.clean import clean
from digest.dateline import meeting_day
from digest.dates import find_whens, infer_report_year
from digest.directives import find_directives
from digest.figures import find_figures
from digest.meeting import chairs, meeting_kind, meeting_number, meeting_term
from digest.models import LeaderFact, Meeting, Report, When, WhenKind
from digest.normalize import fold, normalize_text
from digest.people import find_people
from digest.province import infer_province
from digest.sections import label_clauses
from digest.sentences import split_sentences
from digest.shortfalls import find_shortfalls
from digest.task_lines import without_cut_tail

_PERIOD_KINDS = {
    WhenKind.HALF,
    WhenKind.MONTHS,
    WhenKind.QUARTER,
    WhenKind.YEAR,
    WhenKind.MID_TERM,
    WhenKind.MONTH,
}
# A period right after one of these words is the one the meeting reviewed.
_REVIEW_CUE = regex.compile(
    r"(danh gia|ket qua|tinh hinh|thuc hien|so ket|tong ket|trong)\W+(\w+\W+){0,6}$"
)
_LEAD_CHARS = 600


def _as_date(now: date | datetime | None) -> date | None:
    if isinstance(now, datetime):
        return now.date()
    return now


def _review_period(text: str, report_year: int | None) -> When | None:
    ref = date(report_year or 2000, 12, 31)
    periods = [w for w in find_whens(text, ref=ref) if w.kind in _PERIOD_KINDS]
    if not periods:
        return None
    folded = fold(text)
    for w in periods:
        if w.pos is not None and _REVIEW_CUE.search(folded[max(0, w.pos - 80) : w.pos]):
            return w
    return periods[0]


def _period_label(w: When | None) -> str | None:
    """The period as written: a year the text does not attach to it is not added."""
    return None if w is None else w.raw


def extract(
    text: str,
    *,
    now: date | datetime | None = None,
    province_hint: str | None = None,
    leaders: Sequence[LeaderFact] = (),
) -> Report:
    """Read one meeting report.

    `now` is the caller's clock: a page stamp after it is not believed; `province_hint` is
    the province of the report's source, when known; `leaders` adds leaders learnt at run time
    to the packaged knowledge used to attribute reports that only name people.
    """
    today = _as_date(now)
    normal = normalize_text(text)
    folded_normal = fold(normal)  # once for both the cleaning and the meeting's day
    cleaned = clean(normal, folded_normal)
    body = cleaned.body
    whole = "\n".join(filter(None, [cleaned.head, body, *cleaned.captions]))
    clauses = label_clauses(body, cleaned.folded_body)
    tasks = without_cut_tail(clauses)  # no half task of a cut-off text
    report_year = infer_report_year(whole)
    anchor = normal.find(body[:40]) if body else -1
    held = meeting_day(
        normal, lead_end=max(anchor, 0) + _LEAD_CHARS, now=today, folded=folded_normal
    )
    day = date(held.year, held.month, held.day) if held and held.year else None
    period = _review_period(
        "\n".join(filter(None, [cleaned.title or "", body[: _LEAD_CHARS * 2]])), report_year
    )
    period_label = _period_label(period)
    # The folded copy of `whole`, assembled from the pieces `clean` already folded.
    folded_whole = "\n".join(
        filter(None, [cleaned.folded_head, cleaned.folded_body, *cleaned.folded_captions])
    )
    people = find_people(whole, folded=folded_whole)
    # Which leaders were in office: the meeting's year, else the year the text points to
    # (a mid-term review of 2020 - 2025 was held in 2022 or 2023).
    year_for_people = (
        (day.year if day else None) or report_year or infer_report_year(whole, midterm_guess=True)
    )
    province = infer_province(
        whole,
        hint=province_hint,
        leaders=leaders,
        year=year_for_people,
        day=day,
        folded=folded_whole,
        people=people,
    )
    figures, targets = find_figures(
        clauses,
        period=period_label,
        body=body,
        province=province.name,
        year=day.year if day else None,
        month=day.month if day else None,
    )
    sentences = [s.text for s in split_sentences(body)]
    kind = meeting_kind(cleaned.title, body[:_LEAD_CHARS], province=province.name)
    meeting = Meeting(
        kind=kind,
        title=cleaned.title,
        number=meeting_number(cleaned.title or "") or meeting_number(body[:_LEAD_CHARS]),
        term=meeting_term(cleaned.title or "") or meeting_term(body[:_LEAD_CHARS]),
        chairs=chairs(sentences[:6] + list(cleaned.captions), people),
    )
    return Report(
        title=cleaned.title,
        province=province.name,
        province_current=province.current,
        province_method=province.method,
        province_evidence=province.evidence,
        date=day,
        day=held.day if held else None,
        month=held.month if held else None,
        date_raw=held.raw if held else None,
        meeting_kind=kind,
        meeting=meeting,
        period=period_label,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        figures=tuple(figures),
        shortfalls=tuple(find_shortfalls(clauses)),
        targets=tuple(targets),
        directives=tuple(find_directives(tasks)),
        people=tuple(people),
        chars=len(normal),
    )
