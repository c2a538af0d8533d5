"""The pipeline: report text in, a Report out. Pure and deterministic; the caller passes `now`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import regex

from digest.clean import clean
from digest.dates import find_whens, infer_report_year
from digest.directives import find_directives
from digest.figures import find_figures
from digest.meeting import chairs, meeting_kind, meeting_number, meeting_term
from digest.models import LeaderFact, Meeting, Report, When, WhenKind
from digest.normalize import fold, normalize_text
from digest.province import find_people, infer_province
from digest.sections import label_clauses
from digest.sentences import split_sentences
from digest.shortfalls import find_shortfalls

_PERIOD_KINDS = {WhenKind.HALF, WhenKind.MONTHS, WhenKind.QUARTER, WhenKind.YEAR, WhenKind.MID_TERM, WhenKind.MONTH}
# A period right after one of these words is the one the meeting reviewed.
_REVIEW_CUE = regex.compile(r"(danh gia|ket qua|tinh hinh|thuc hien|so ket|tong ket|trong)\W+(\w+\W+){0,6}$")
_LEAD_CHARS = 600
_YEAR = regex.compile(r"\d{4}")
# A meeting in January or February that reviews a whole year is held the year after it; one
# from October on that plans the next year is held in the year before it.
_EARLY_MONTHS = 2
_LATE_MONTH = 10
# "năm 2025" as a period of its own, not a comparison or a horizon ("so với năm 2022",
# "đến năm 2030").
_YEAR_WORD = regex.compile(
    r"(?<!so\s)(?<!với\s)(?<!đến\s)(?<!từ\s)(?<!trước\s)\bnăm\s+((?:19|20)\d\d)\b"
)


def _as_date(now: date | datetime | None) -> date | None:
    if isinstance(now, datetime):
        return now.date()
    return now


def _meeting_date(lead: str, report_year: int | None, now: date | None) -> tuple[date | None, str | None, bool]:
    """The meeting's date, its words, and whether the year stands in the text."""
    ref = date(report_year, 12, 31) if report_year else (now or date(2000, 12, 31))
    days = [w for w in find_whens(lead, ref=ref) if w.kind is WhenKind.DAY]
    if not days:
        return None, None, False
    day = days[0]
    if day.year_known:
        return day.start, day.raw, True
    if report_year:
        return day.start, day.raw, True
    if now is not None:
        guess = [w for w in find_whens(lead, ref=now) if w.kind is WhenKind.DAY][0]
        return guess.start, day.raw, False
    return None, day.raw, False


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


def _period_label(w: When | None, report_year: int | None) -> str | None:
    if w is None:
        return None
    if _YEAR.search(w.raw) or report_year is None:
        return w.raw
    return f"{w.raw} {report_year}"


def extract(
    text: str,
    *,
    now: date | datetime | None = None,
    province_hint: str | None = None,
    leaders: Sequence[LeaderFact] = (),
) -> Report:
    """Read one meeting report.

    `now` anchors dates that give no year when the text gives none either; `province_hint` is
    the province of the report's source, when known; `leaders` adds leaders learnt at run time
    to the packaged knowledge used to attribute reports that only name people.
    """
    today = _as_date(now)
    normal = normalize_text(text)
    cleaned = clean(normal)
    body = cleaned.body
    whole = "\n".join(filter(None, [cleaned.head, body, *cleaned.captions]))
    clauses = label_clauses(body, cleaned.folded_body)
    report_year = infer_report_year(whole)
    lead = "\n".join(filter(None, [cleaned.head, body[:_LEAD_CHARS]]))
    day, day_raw, year_known = _meeting_date(lead, report_year, today)
    if (
        day
        and day_raw
        and not _YEAR.search(day_raw)
        and report_year
        and day.month >= _LATE_MONTH
        and str(report_year - 1) in set(_YEAR_WORD.findall(whole))
    ):
        day = day.replace(year=report_year - 1)  # reviews this year, plans the next
    elif day and year_known and day.month <= _EARLY_MONTHS and report_year and day.year == report_year:
        first_period = _review_period(lead, report_year)
        if first_period is not None and first_period.kind is WhenKind.YEAR and day_raw and not _YEAR.search(day_raw):
            day = day.replace(year=report_year + 1)
    period = _review_period("\n".join(filter(None, [cleaned.title or "", body[: _LEAD_CHARS * 2]])), report_year)
    period_label = _period_label(period, report_year)
    # The folded copy of `whole`, assembled from the pieces `clean` already folded.
    folded_whole = "\n".join(filter(None, [cleaned.folded_head, cleaned.folded_body, *cleaned.folded_captions]))
    people = find_people(whole, folded=folded_whole)
    # Which leaders were in office: the meeting's year, else the year the text points to
    # (a mid-term review of 2020 - 2025 was held in 2022 or 2023).
    year_for_people = (day.year if day and year_known else None) or report_year or infer_report_year(
        whole, midterm_guess=True
    )
    province = infer_province(
        whole, hint=province_hint, leaders=leaders, year=year_for_people, folded=folded_whole, people=people
    )
    figures, targets = find_figures(clauses, period=period_label, body=body)
    sentences = [s.text for s in split_sentences(body)]
    kind = meeting_kind(cleaned.title, body[:_LEAD_CHARS])
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
        date_raw=day_raw,
        year_known=year_known,
        meeting_kind=kind,
        meeting=meeting,
        period=period_label,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        figures=tuple(figures),
        shortfalls=tuple(find_shortfalls(clauses)),
        targets=tuple(targets),
        directives=tuple(find_directives(clauses)),
        people=tuple(people),
        chars=len(normal),
    )
