"""Taking in one report: refuse what is not one, digest it, store it once, hand it on.

Shared by `/ingest` in a chat, `bantin ingest` on the command line and the source rounds,
so every door refuses the same inputs for the same reasons (`bot.documents` says why a file
or a paste is no text; `meeting_report_problem` why a text is no meeting report) and pushes
the same reports. Extraction is CPU work, so it runs in a worker thread and the event loop
keeps answering other chats meanwhile.

Pushing: a stored report goes to its subscribers, and its watched indicators' lines to the
chats watching them (bot.storage.watches), at once, except when it is archive material
(`push=False`: `bantin ingest --backfill`, `/nhap không gửi`) or its meeting is older than
`Services.push_max_age` (an old report found today is no "bản tin mới"), or, when its text
gives no meeting year, the period it reviews ended more than a year before that age
(`period_age_days`: an archived "9 tháng năm 2021" report dated only "29/9"). Either way it is
stored and searchable, only kept out of the outbox and out of roundups.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.core.relevance import judge
from bot.core.services import Services
from bot.documents import DocumentError, document_text, report_text
from bot.storage import Duplicate
from digest.extract import extract
from digest.models import MeetingKind, Report

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


class Refusal(StrEnum):
    DOCUMENT = "document"  # bot.documents refused the bytes (reason in `detail_*`)
    NOT_A_REPORT = "not_a_report"


class Quiet(StrEnum):
    """Why a stored report was not pushed to subscribers."""

    BACKFILL = "backfill"  # asked for: archive material
    OLD = "old"  # the meeting is older than Services.push_max_age
    OLD_PERIOD = "old_period"  # no meeting year stated, and the period it reviews is long over


NO_SUBSTANCE_EN = "no figures, targets, shortfalls or directives"
NO_SUBSTANCE_VI = "không thấy số liệu, chỉ tiêu, hạn chế hay chỉ đạo nào"
NO_MEETING_EN = "neither a meeting nor a province is named"
NO_MEETING_VI = "không nêu cuộc họp nào của tỉnh"


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    report_id: int | None = None
    report: Report | None = None
    refusal: Refusal | None = None
    detail_en: str | None = None  # why it was refused, for operators
    detail_vi: str | None = None  # the same for chat users
    queued: int = 0  # deliveries queued for subscribers
    quiet: Quiet | None = None  # stored without pushing, and why
    max_age_days: int | None = None  # the age limit that made it OLD
    duplicate: Duplicate | None = None  # DUPLICATE: word for word, or a near-duplicate

    @classmethod
    def refused(cls, exc: DocumentError) -> IngestResult:
        return cls(Outcome.REFUSED, refusal=Refusal.DOCUMENT, detail_en=str(exc),
                   detail_vi=exc.vietnamese)

    @classmethod
    def not_a_report(cls, en: str, vi: str, report: Report | None = None) -> IngestResult:
        return cls(Outcome.REFUSED, refusal=Refusal.NOT_A_REPORT, report=report,
                   detail_en=f"not a meeting report: {en}", detail_vi=vi)


def looks_like_report(report: Report) -> bool:
    """A meeting report names a meeting, or at least a province, and carries substance.

    News in Vietnamese that is no meeting report (a football match, a recipe) has neither a
    meeting nor figures tied to known indicators, nor directives.
    """
    return _substance_problem(report) is None


def _substance_problem(report: Report) -> tuple[str, str] | None:
    substance = bool(report.directives or report.targets or report.shortfalls) or any(
        figure.indicator for figure in report.figures
    )
    if not substance:
        return NO_SUBSTANCE_EN, NO_SUBSTANCE_VI
    if report.meeting_kind is MeetingKind.OTHER and report.province is None:
        return NO_MEETING_EN, NO_MEETING_VI
    return None


def meeting_report_problem(text: str, report: Report) -> tuple[str, str] | None:
    """Why `text` is no meeting report, (English, Vietnamese); None if it is one.

    The same rule as the source rounds (bot.core.relevance: a meeting of a provincial
    governing body in the headline or opening), then substance. A province the engine found
    in a text that fails either was only mentioned in passing (a football club from TP. Hồ
    Chí Minh, a visiting delegation): the text is refused, so it never becomes that
    province's report.
    """
    verdict = judge(None, text)
    if not verdict.relevant:
        return verdict.reason, verdict.reason_vi
    return _substance_problem(report)


def meeting_age_days(report: Report, today: date) -> int | None:
    """Days since the meeting, when the report states its full date; otherwise None (a year
    the text does not give is never guessed, so such a report counts as new)."""
    if report.date is None:
        return None
    return (today - report.date).days


# A meeting reviews a period within months of its end; one whose period ended more than a
# year (plus the push age limit) before today is no news, whatever year it was held in.
PERIOD_GRACE_DAYS = 365


def period_age_days(report: Report, today: date) -> int | None:
    """Days since the end of the period the report reviews, when its meeting's year is not
    stated and the period is: an archived "9 tháng năm 2021" report whose meeting reads
    "Ngày 29/9". Only decides pushing; no year is printed from it."""
    if report.date is not None or report.period_end is None:
        return None
    return (today - report.period_end).days


def _quiet(report: Report, services: Services, push: bool) -> Quiet | None:
    if not push:
        return Quiet.BACKFILL
    limit = services.push_max_age_days
    if limit is None:
        return None
    today = services.now().date()
    age = meeting_age_days(report, today)
    if age is not None and age > limit:
        return Quiet.OLD
    period_age = period_age_days(report, today)
    if period_age is not None and period_age > PERIOD_GRACE_DAYS + limit:
        return Quiet.OLD_PERIOD
    return None



def _extract(text: str, now: datetime, province_hint: str | None, leaders: list) -> Report:
    return extract(text, now=now, province_hint=province_hint, leaders=leaders)


async def ingest_text(
    services: Services,
    text: str,
    *,
    source: str | None,
    province_hint: str | None = None,
    force: bool = False,
    push: bool = True,
) -> IngestResult:
    """Store one report text unless it is no report or is stored already.

    `force`: an admin vouches that it is a report (`/ingest <url>`); only the document
    checks still apply. `push=False`: store without sending it to subscribers."""
    try:
        text = report_text(text)
    except DocumentError as exc:
        return IngestResult.refused(exc)
    leaders = await services.store.leaders.all()
    report = await asyncio.to_thread(_extract, text, services.now(), province_hint, leaders)
    if not force and (problem := meeting_report_problem(text, report)):
        return IngestResult.not_a_report(*problem, report=report)
    quiet = _quiet(report, services, push)
    now = services.clock()
    # The one way in (bot.storage.intake): a copy of a stored report, word for word or near
    # enough, is neither stored nor pushed again; a new one is stored and, unless quiet,
    # queued for its subscribers in the same transaction.
    added = await services.store.reports.add(
        text=text, report=report, source=source, now=now, quiet=quiet is not None,
        queue=quiet is None,
    )
    queued = added.queued
    if not added.created:
        return IngestResult(
            Outcome.DUPLICATE, report_id=added.report_id, report=report,
            duplicate=added.duplicate,
        )
    watched = {f.indicator for f in report.figures if f.indicator}
    services.charts.forget(watched)  # its charts now miss this report
    if quiet is None:
        queued += await services.on_new_report(services.store, added, report)
        queued += await services.store.watches.queue_lines(
            added.report_id, watched, report.province_current, now=now
        )
    else:
        logger.info("report %d stored without pushing (%s)", added.report_id, quiet.value)
    return IngestResult(
        Outcome.STORED, report_id=added.report_id, report=report, queued=queued, quiet=quiet,
        max_age_days=services.push_max_age_days if quiet is Quiet.OLD else None,
    )


async def ingest_document(
    services: Services,
    data: bytes,
    *,
    filename: str,
    source: str | None,
    province_hint: str | None = None,
    push: bool = True,
) -> IngestResult:
    """Store one report file: .txt (UTF-8, UTF-16, Windows-1258), .html, .docx or .pdf; what
    it is comes from its content, whatever its name says."""
    try:
        text = await asyncio.to_thread(document_text, data, filename=filename)
    except DocumentError as exc:
        return IngestResult.refused(exc)
    return await ingest_text(
        services, text, source=source, province_hint=province_hint, push=push
    )
