"""Taking in one report: refuse what is not one, digest it, store it once, hand it on.

Shared by `/ingest` in a chat and `bantin ingest` on the command line, so both doors refuse
the same inputs for the same reasons (`bot.documents` says why a file is no text;
`looks_like_report` says why a text is no meeting report). Extraction is CPU work, so it runs
in a worker thread and the event loop keeps answering other chats meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.documents import DocumentError, check_vietnamese, document_text
from bot.storage import AddedReport, Store
from digest.models import MeetingKind, Report

if TYPE_CHECKING:
    from bot.core.services import Services

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


class Refusal(StrEnum):
    DOCUMENT = "document"  # bot.documents refused the bytes (reason in `detail_*`)
    NOT_A_REPORT = "not_a_report"
    UNSUPPORTED_FILE = "unsupported_file"


REFUSALS_EN = {
    Refusal.NOT_A_REPORT: "the text does not read as a meeting report",
    Refusal.UNSUPPORTED_FILE: "only .txt and .html files are accepted",
}

REPORT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    report_id: int | None = None
    report: Report | None = None
    refusal: Refusal | None = None
    detail_en: str | None = None  # why it was refused, for operators
    detail_vi: str | None = None  # the same for chat users (DocumentError only)
    queued: int = 0  # deliveries queued for subscribers

    @classmethod
    def refused(cls, refusal: Refusal, exc: DocumentError | None = None) -> IngestResult:
        if exc is not None:
            return cls(Outcome.REFUSED, refusal=refusal, detail_en=str(exc),
                       detail_vi=exc.vietnamese)
        return cls(Outcome.REFUSED, refusal=refusal, detail_en=REFUSALS_EN[refusal])


def looks_like_report(report: Report) -> bool:
    """A meeting report names a meeting, or at least a province, and carries substance.

    News in Vietnamese that is no meeting report (a football match, a recipe) has neither a
    meeting nor figures tied to known indicators, nor directives.
    """
    substance = bool(report.directives or report.targets or report.shortfalls) or any(
        figure.indicator for figure in report.figures
    )
    named_meeting = report.meeting_kind is not MeetingKind.OTHER
    return substance and (named_meeting or report.province is not None)


async def queue_for_subscribers(store: Store, added: AddedReport, report: Report) -> int:
    """THE HOOK for delivery: a newly stored report goes to its subscribers' outbox.

    `ingest_text` already queued the digest in the transaction that stored the report
    (`Store.add_report_and_queue`), so there this finds nothing left to do; it is here for
    code that stores a report with plain `add_report`. Queuing is idempotent (one row per
    report and subscriber). Returns the deliveries it queued.
    """
    return await store.queue_report(added.report_id)


def _extract(text: str, services: Services, province_hint: str | None, leaders: list) -> Report:
    from digest.extract import extract  # the engine's heaviest import, needed only here

    return extract(text, now=services.now(), province_hint=province_hint, leaders=leaders)


async def ingest_text(
    services: Services,
    text: str,
    *,
    source: str | None,
    province_hint: str | None = None,
    force: bool = False,
) -> IngestResult:
    """Store one report text unless it is no report or is stored already.

    `force`: an admin vouches that it is a report (`/ingest <url>`); only the document
    checks still apply."""
    try:
        check_vietnamese(text)
    except DocumentError as exc:
        return IngestResult.refused(Refusal.DOCUMENT, exc)
    leaders = await services.store.leaders()
    report = await asyncio.to_thread(_extract, text, services, province_hint, leaders)
    if not force and not looks_like_report(report):
        return IngestResult.refused(Refusal.NOT_A_REPORT)
    # Stored and queued for subscribers in one transaction: no report without its deliveries.
    added, queued = await services.store.add_report_and_queue(
        text=text, report=report, source=source, now=services.clock()
    )
    if not added.created:
        return IngestResult(Outcome.DUPLICATE, report_id=added.report_id, report=report)
    queued += await services.on_new_report(services.store, added, report)
    return IngestResult(Outcome.STORED, report_id=added.report_id, report=report, queued=queued)


async def ingest_document(
    services: Services,
    data: bytes,
    *,
    filename: str,
    source: str | None,
    province_hint: str | None = None,
) -> IngestResult:
    """Store one report file (.txt or .html bytes)."""
    if filename and not filename.lower().endswith(REPORT_SUFFIXES):
        return IngestResult.refused(Refusal.UNSUPPORTED_FILE)
    try:
        text = await asyncio.to_thread(document_text, data, filename=filename)
    except DocumentError as exc:
        return IngestResult.refused(Refusal.DOCUMENT, exc)
    return await ingest_text(services, text, source=source, province_hint=province_hint)
