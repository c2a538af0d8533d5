"""Ingestion state: configured sources and their polling state, and the items each source
offered. (Near-duplicate signatures belong to storing a report: bot.storage.intake.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from bot.storage.base import Repository, insert_ignoring_duplicate
from bot.storage.tables import source_items, sources


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceState(_Record):
    """A source as configured, with what polling it has done so far."""

    name: str
    kind: str
    location: str
    province: str | None
    interval_minutes: float
    enabled: bool
    configured: bool  # False: no longer in config.toml (kept for its history)
    failures: int  # failed rounds in a row
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    last_error_vi: str | None  # last_error for chat admins
    next_attempt_at: datetime | None
    etag: str | None
    last_modified: str | None
    items: dict[str, int]  # items seen, by status


class SourceItem(_Record):
    source: str
    key: str
    url: str | None
    title: str | None
    status: str  # stored | duplicate | skipped | failed | retry
    reason: str | None
    reason_vi: str | None  # the same for chat admins
    report_id: int | None
    attempts: int
    first_seen_at: datetime
    last_seen_at: datetime


class SourceSetting(_Record):
    """What `sync` needs of a configured source (bot.source_config.SourceConfig)."""

    name: str
    kind: str
    location: str
    province: str | None
    interval_minutes: float
    enabled: bool


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


_STATE_COLUMNS = (
    sources.c.name,
    sources.c.kind,
    sources.c.location,
    sources.c.province,
    sources.c.interval_minutes,
    sources.c.enabled,
    sources.c.configured,
    sources.c.failures,
    sources.c.last_attempt_at,
    sources.c.last_success_at,
    sources.c.last_error,
    sources.c.last_error_at,
    sources.c.last_error_vi,
    sources.c.next_attempt_at,
    sources.c.etag,
    sources.c.last_modified,
)


def _item(row: Any) -> SourceItem:
    return SourceItem(
        source=row.source,
        key=row.key,
        url=row.url,
        title=row.title,
        status=row.status,
        reason=row.reason,
        reason_vi=row.reason_vi,
        report_id=row.report_id,
        attempts=row.attempts,
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
    )


_ITEM_COLUMNS = (
    sources.c.name.label("source"),
    source_items.c.key,
    source_items.c.url,
    source_items.c.title,
    source_items.c.status,
    source_items.c.reason,
    source_items.c.reason_vi,
    source_items.c.report_id,
    source_items.c.attempts,
    source_items.c.first_seen_at,
    source_items.c.last_seen_at,
)


class SourceRepository(Repository):
    # --- sources ----------------------------------------------------------------------------

    async def sync(self, configured: Iterable[SourceSetting], *, now: datetime) -> None:
        """Make the table match config.toml: add new sources, update changed ones, and mark
        the ones no longer configured (their history stays)."""
        wanted = {s.name: s for s in configured}
        async with self._write() as conn:
            known = {row.name for row in await conn.execute(sa.select(sources.c.name))}
            for name, setting in wanted.items():
                values = setting.model_dump() | {"configured": True}
                if name in known:
                    await conn.execute(
                        sa.update(sources).where(sources.c.name == name).values(values)
                    )
                else:
                    await conn.execute(sa.insert(sources).values(values | {"created_at": now}))
            gone = known - set(wanted)
            if gone:
                await conn.execute(
                    sa.update(sources)
                    .where(sources.c.name.in_(sorted(gone)))
                    .values(configured=False, enabled=False)
                )

    async def ensure(self, wanted: SourceSetting, *, now: datetime) -> None:
        """Add a source that config.toml does not list (the admins' "manual" one) unless it
        exists; it is never polled."""
        async with self._write() as conn:
            exists = await conn.scalar(
                sa.select(sources.c.id).where(sources.c.name == wanted.name)
            )
            if exists is None:
                await insert_ignoring_duplicate(
                    conn,
                    sa.insert(sources).values(
                        wanted.model_dump() | {"configured": False, "created_at": now}
                    ),
                )

    async def states(self, *, configured_only: bool = False) -> list[SourceState]:
        statement = sa.select(*_STATE_COLUMNS, sources.c.id).order_by(sources.c.name)
        if configured_only:
            statement = statement.where(sources.c.configured)
        async with self._read() as conn:
            rows = (await conn.execute(statement)).all()
            counts: dict[int, dict[str, int]] = {row.id: {} for row in rows}
            tallies = await conn.execute(
                sa.select(
                    source_items.c.source_id, source_items.c.status, sa.func.count()
                ).group_by(source_items.c.source_id, source_items.c.status)
            )
            for source_id, status, number in tallies:
                if source_id in counts:
                    counts[source_id][status] = int(number)
        return [
            SourceState(
                **{k: v for k, v in row._asdict().items() if k != "id"}, items=counts[row.id]
            )
            for row in rows
        ]

    async def state(self, name: str) -> SourceState | None:
        for state in await self.states():
            if state.name == name:
                return state
        return None

    async def record_round(
        self,
        name: str,
        *,
        now: datetime,
        error: str | None,
        next_attempt_at: datetime | None,
        etag: str | None = None,
        last_modified: str | None = None,
        keep_validators: bool = False,
        error_vi: str | None = None,
        item_error: str | None = None,
        item_error_vi: str | None = None,
    ) -> int:
        """Record a polling round: a success resets the failure count, an error adds one.

        `error_vi` is `error` in Vietnamese. `item_error`: a successful round's items that
        failed for good, recorded as the last error without counting as a failure.
        Returns the failures in a row after this round. The validators (ETag, Last-Modified)
        are replaced unless `keep_validators` (a 304 answer, or a round that failed).
        """
        async with self._write() as conn:
            failures = int(
                await conn.scalar(sa.select(sources.c.failures).where(sources.c.name == name)) or 0
            )
            values: dict[str, Any] = {"last_attempt_at": now, "next_attempt_at": next_attempt_at}
            if error is None:
                failures = 0
                values |= {"failures": 0, "last_success_at": now}
                if item_error is not None:
                    values |= {"last_error": item_error, "last_error_vi": item_error_vi,
                               "last_error_at": now}
            else:
                failures += 1
                values |= {"failures": failures, "last_error": error, "last_error_vi": error_vi,
                           "last_error_at": now}
            if not keep_validators:
                values |= {"etag": etag, "last_modified": last_modified}
            await conn.execute(sa.update(sources).where(sources.c.name == name).values(values))
        return failures

    async def _source_id(self, conn: Any, name: str) -> int:
        source_id = await conn.scalar(sa.select(sources.c.id).where(sources.c.name == name))
        if source_id is None:
            raise KeyError(f"unknown source {name!r}")
        return int(source_id)

    # --- items ------------------------------------------------------------------------------

    async def seen_items(self, source: str, keys: Sequence[str]) -> dict[str, SourceItem]:
        """The items among `keys` this source offered before, by key."""
        if not keys:
            return {}
        hashes = {key_hash(k): k for k in keys}
        async with self._read() as conn:
            rows = await conn.execute(
                sa.select(*_ITEM_COLUMNS)
                .select_from(source_items.join(sources, sources.c.id == source_items.c.source_id))
                .where(sources.c.name == source, source_items.c.key_hash.in_(list(hashes)))
            )
            return {row.key: _item(row) for row in rows}

    async def record_item(
        self,
        source: str,
        key: str,
        *,
        status: str,
        now: datetime,
        url: str | None = None,
        title: str | None = None,
        reason: str | None = None,
        report_id: int | None = None,
        reason_vi: str | None = None,
    ) -> SourceItem:
        """Insert or update what became of one item; `attempts` counts the tries.
        `reason_vi` is `reason` in Vietnamese."""
        digest = key_hash(key)
        async with self._write() as conn:
            source_id = await self._source_id(conn, source)
            where = (source_items.c.source_id == source_id, source_items.c.key_hash == digest)
            attempts = await conn.scalar(sa.select(source_items.c.attempts).where(*where))
            values = {
                "status": status,
                "reason": reason,
                "reason_vi": reason_vi,
                "report_id": report_id,
                "last_seen_at": now,
                "url": url,
                "title": title,
            }
            if attempts is None:
                inserted = await insert_ignoring_duplicate(
                    conn,
                    sa.insert(source_items).values(
                        values
                        | {
                            "source_id": source_id,
                            "key_hash": digest,
                            "key": key,
                            "attempts": 1,
                            "first_seen_at": now,
                        }
                    ),
                )
                if not inserted:  # another round recorded it meanwhile
                    await conn.execute(sa.update(source_items).where(*where).values(values))
            else:
                await conn.execute(
                    sa.update(source_items)
                    .where(*where)
                    .values(values | {"attempts": attempts + 1})
                )
            row = (
                await conn.execute(
                    sa.select(*_ITEM_COLUMNS)
                    .select_from(
                        source_items.join(sources, sources.c.id == source_items.c.source_id)
                    )
                    .where(*where)
                )
            ).one()
        return _item(row)

    async def items(
        self, *, source: str | None = None, status: str | None = None, limit: int = 20
    ) -> list[SourceItem]:
        """Items newest first, optionally of one source and one status."""
        statement = (
            sa.select(*_ITEM_COLUMNS)
            .select_from(source_items.join(sources, sources.c.id == source_items.c.source_id))
            .order_by(source_items.c.last_seen_at.desc(), source_items.c.id.desc())
            .limit(max(limit, 0))
        )
        if source is not None:
            statement = statement.where(sources.c.name == source)
        if status is not None:
            statement = statement.where(source_items.c.status == status)
        async with self._read() as conn:
            return [_item(row) for row in await conn.execute(statement)]

    async def items_for_url(self, url: str) -> list[SourceItem]:
        """Every source's record of one article URL."""
        async with self._read() as conn:
            rows = await conn.execute(
                sa.select(*_ITEM_COLUMNS)
                .select_from(source_items.join(sources, sources.c.id == source_items.c.source_id))
                .where(sa.or_(source_items.c.url == url, source_items.c.key == url))
            )
            return [_item(row) for row in rows]
