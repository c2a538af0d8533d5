"""Storing a report once: the one insert-and-dedupe path every way in goes through.

`bantin ingest`, `/nhap` in any chat, the seeds and the source rounds all end in
`ReportRepository.add`, which runs `store_once` in one write transaction:

1. the same text (its normalised hash, `content_hash`) is stored already: that report;
2. a near-duplicate is stored already (the same report with a masthead line added, other
   line breaks, a new headline: bot.storage.dedupe's SimHash, confirmed on the texts): that
   report;
3. otherwise the report is inserted with its figures and signature, and, when asked, its
   digest queued for its subscribers in the same transaction (a crash cannot leave a stored
   report that nobody will receive).

Either duplicate records the new source on the stored report and is neither stored nor
queued again. On SQLite the write transaction (BEGIN IMMEDIATE) already serialises two
writers; on PostgreSQL an advisory lock held to the end of the transaction does, so two
processes storing copies of one article at once cannot both insert it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.base import insert_ignoring_duplicate
from bot.storage.database import Database
from bot.storage.dedupe import (
    MAX_DISTANCE,
    Fingerprint,
    band_keys,
    distance,
    fingerprint,
    repeats,
    simhash,
    to_signed,
    to_unsigned,
)
from bot.storage.outbox.queuing import queue_report
from bot.storage.records import AddedReport, Duplicate
from bot.storage.report_rows import (
    _figure_rows,
    _latest_rows,
    _record_source,
    _report_id_for_hash,
    _upsert_latest,
    content_hash,
    folded_for_search,
    sort_date,
)
from bot.storage.tables import figures, report_signature_bands, report_signatures, reports
from digest.models import Report

# Any fixed 64-bit number: the PostgreSQL advisory lock taken while storing a report.
_INTAKE_LOCK_KEY = 0x62616E74696E01

UNSIGNED_BATCH = 200
# Near-duplicate candidates compared on their texts, at most (`_signature_candidates`).
MAX_CANDIDATES = 8


def signature(text: str) -> Fingerprint:
    """What finding the text's near-duplicates needs (CPU work: run in a worker thread)."""
    return fingerprint(text)


async def store_once(
    conn: AsyncConnection,
    dialect: str,
    *,
    text: str,
    report: Report,
    source: str | None,
    now: datetime,
    quiet: bool,
    queue: bool,
    signature: Fingerprint,
    insert: bool = True,
) -> AddedReport:
    """Find the report `text` repeats, or store it (see the module docstring).

    `insert=False`: only look (after another writer won a race)."""
    if dialect == "postgresql":
        await conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _INTAKE_LOCK_KEY}
        )
    digest = content_hash(text)
    existing = await _report_id_for_hash(conn, digest)
    if existing is not None:
        await _record_source(conn, existing, source, now)
        return AddedReport(report_id=existing, created=False, duplicate=Duplicate.SAME_TEXT)
    near = await _near_duplicate(conn, text, signature)
    if near is not None:
        await _record_source(conn, near, source, now)
        return AddedReport(report_id=near, created=False, duplicate=Duplicate.NEAR)
    if not insert:
        raise LookupError("the report that won the race is gone")
    report_id = await insert_report(conn, dialect, digest, text, report, source, now, quiet=quiet)
    await save_signature(conn, report_id, signature.signature)
    queued = 0
    if queue:
        queued = await queue_report(conn, dialect, report_id, report.province_current, now)
    return AddedReport(report_id=report_id, created=True, queued=queued)


async def insert_report(
    conn: AsyncConnection,
    dialect: str,
    digest: str,
    text: str,
    report: Report,
    source: str | None,
    now: datetime,
    *,
    quiet: bool = False,
) -> int:
    report_id: int = await conn.scalar(
        sa.insert(reports)
        .values(
            content_hash=digest,
            text=text,
            title=report.title,
            province=report.province,
            province_current=report.province_current,
            date=report.date,
            sort_date=sort_date(report, now),
            meeting_kind=report.meeting_kind.value,
            period=report.period,
            source=source,
            report_json=report.model_dump_json(),
            text_folded=folded_for_search(report.title, text),
            created_at=now,
            quiet=quiet,
            day=report.day,
            month=report.month,
        )
        .returning(reports.c.id)
    )
    rows = _figure_rows(report_id, report)
    if rows:
        await conn.execute(sa.insert(figures), rows)
    latest = _latest_rows(rows, report.province, sort_date(report, now))
    if latest:
        await conn.execute(_upsert_latest(dialect), latest)
    await _record_source(conn, report_id, source, now)
    return report_id


# --- near-duplicates ------------------------------------------------------------------------


async def _near_duplicate(conn: AsyncConnection, text: str, new: Fingerprint) -> int | None:
    """The stored report this text is a repost of, if any: candidates share a band of the
    signature, lie within MAX_DISTANCE bits, and hold most of the text (`same_report`)."""
    candidates = await _signature_candidates(conn, band_keys(new.signature))
    close = sorted(
        (distance(new.signature, to_unsigned(stored)), report_id)
        for report_id, stored in candidates
        if distance(new.signature, to_unsigned(stored)) <= MAX_DISTANCE
    )
    if not close:
        return None
    texts = await _report_texts(conn, [report_id for _, report_id in close])
    for _, report_id in close:
        if report_id in texts and repeats(new, texts[report_id]):
            return report_id
    return None


async def save_signature(conn: AsyncConnection, report_id: int, unsigned: int) -> None:
    """Store a report's SimHash (as a signed 64-bit integer) and its bands, once."""
    inserted = await insert_ignoring_duplicate(
        conn,
        sa.insert(report_signatures).values(report_id=report_id, simhash=to_signed(unsigned)),
    )
    if inserted:
        await conn.execute(
            sa.insert(report_signature_bands),
            [
                {"report_id": report_id, "band_key": key}
                for key in sorted(set(band_keys(unsigned)))
            ],
        )


async def _signature_candidates(
    conn: AsyncConnection, keys: Sequence[int]
) -> list[tuple[int, int]]:
    """(report_id, signed simhash) of the MAX_CANDIDATES reports sharing the most bands.

    A text within MAX_DISTANCE bits shares at least one band (pigeonhole); the closer, the
    more. Capping the candidates keeps storing a report bounded however many similar reports
    a database holds (a corpus of copies of one template would otherwise compare each new
    report with thousands).
    """
    if not keys:
        return []
    bands = report_signature_bands.c
    shared = sa.func.count().label("shared")
    closest = (
        sa.select(bands.report_id, shared)
        .where(bands.band_key.in_(list(keys)))
        .group_by(bands.report_id)
        .order_by(shared.desc(), bands.report_id.desc())
        .limit(MAX_CANDIDATES)
        .subquery()
    )
    rows = await conn.execute(
        sa.select(report_signatures.c.report_id, report_signatures.c.simhash)
        .join(closest, closest.c.report_id == report_signatures.c.report_id)
        .order_by(report_signatures.c.report_id)
    )
    return [(int(r), int(s)) for r, s in rows]


async def _report_texts(conn: AsyncConnection, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await conn.execute(
        sa.select(reports.c.id, reports.c.text).where(reports.c.id.in_(list(ids)))
    )
    return {int(i): t for i, t in rows}


async def sign_unsigned(database: Database) -> int:
    """Sign the reports stored without a signature (by versions before every way in came
    through here); returns how many."""
    import asyncio

    signed = 0
    while True:
        async with database.read() as conn:
            rows = await conn.execute(
                sa.select(reports.c.id, reports.c.text)
                .where(~sa.exists().where(report_signatures.c.report_id == reports.c.id))
                .order_by(reports.c.id)
                .limit(UNSIGNED_BATCH)
            )
            batch = [(int(i), t) for i, t in rows]
        if not batch:
            return signed
        signatures = await asyncio.to_thread(_simhashes, [t for _, t in batch])
        async with database.write() as conn:
            for (report_id, _), value in zip(batch, signatures, strict=True):
                await save_signature(conn, report_id, value)
        signed += len(batch)


def _simhashes(texts: list[str]) -> list[int]:
    """The fingerprints of `texts`, in a worker thread (CPU work off the event loop)."""
    return [simhash(t) for t in texts]
