"""Indicator watches (issue 13): who follows which indicator, and their lines in the outbox.

`/theodoi thu ngan sach bac kan` follows one indicator in one province (its current name),
`/theodoi thu ngan sach` in every province. When a stored report carries a watched indicator
(a result figure), each watching chat gets one `watch` row in the outbox naming the report
and the indicators it carries, rendered when sent (bot.delivery.messages). The chat's `/lich`
decides when: at once (instant), never (paused), or with its next roundup: such lines wait
in `watch_held` and `release_held` queues them when the roundup is queued
(bot.delivery.roundups); an outbox row due later would hold up the chat's other messages,
which are sent strictly in order.

`WatchRepository` is the store's `watches` (bot.storage.store); it shares the outbox signal, so
the dispatcher wakes when watch lines are queued. Tables mirror migration 0008.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from bot.storage.base import Repository, dialect_insert
from bot.storage.database import Database
from bot.storage.outbox.records import DELIVERABLE_CHANNELS, ROUNDUP_MODES
from bot.storage.signal import Signal
from bot.storage.tables import (
    UTCDateTime,
    deliveries,
    delivery_schedules,
    metadata,
    reports,
    subscribers,
)

EVERY_PROVINCE = ""  # `watches.province` of a watch over every province

watches = sa.Table(
    "watches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("province", sa.String(64), nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("subscriber_id", "indicator", "province"),
    sa.Index("ix_watches_indicator", "indicator"),
)

watch_held = sa.Table(
    "watch_held",
    metadata,
    sa.Column(
        "subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("indicators", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)


class Watch(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: str
    province: str | None  # None: every province


def _province(value: str | None) -> str:
    return EVERY_PROVINCE if value is None else value


async def _queue_line(conn, dialect: str, subscriber_id: int, channel: str, dedup_key: str,
                      report_ids: list[int], keys: list[str], now: datetime) -> int:
    payload = json.dumps({"reports": report_ids, "indicators": keys})
    statement = dialect_insert(dialect, deliveries).values(
        subscriber_id=subscriber_id, channel=channel, kind="watch", dedup_key=dedup_key[:64],
        payload=payload, status="pending", attempts=0, parts_sent=0, due_at=now,
        created_at=now,
    )
    result = await conn.execute(statement.on_conflict_do_nothing())
    return max(result.rowcount or 0, 0)


async def _take_held(conn, subscriber_id: int) -> tuple[list[int], list[str]]:
    """The held lines of a chat (report ids, indicator keys), removed from `watch_held`."""
    rows = (
        await conn.execute(
            sa.select(watch_held.c.report_id, watch_held.c.indicators)
            .join(reports, reports.c.id == watch_held.c.report_id)
            .where(watch_held.c.subscriber_id == subscriber_id)
            .order_by(watch_held.c.report_id)
        )
    ).all()
    if not rows:
        return [], []
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(json.loads(row.indicators)))
    await conn.execute(sa.delete(watch_held).where(watch_held.c.subscriber_id == subscriber_id))
    return [r.report_id for r in rows], list(keys)


class WatchRepository(Repository):
    """Watches, their held lines, and their rows in the outbox."""

    def __init__(self, database: Database, signal: Signal) -> None:
        super().__init__(database)
        self.signal = signal  # watch lines were queued (the dispatcher listens)

    def _outbox_changed(self, queued: int) -> None:
        if queued:
            self.signal.notify()

    async def add(
        self, subscriber_id: int, indicator: str, province: str | None, *, now: datetime
    ) -> bool:
        """Follow `indicator` in `province` (None: every province); False if already followed."""
        statement = dialect_insert(self.dialect, watches).values(
            subscriber_id=subscriber_id, indicator=indicator, province=_province(province),
            created_at=now,
        )
        async with self._write() as conn:
            result = await conn.execute(statement.on_conflict_do_nothing())
        return (result.rowcount or 0) > 0

    async def remove(
        self, subscriber_id: int, indicator: str | None = None, province: str | None = None,
        *, any_province: bool = True,
    ) -> int:
        """Stop watches: every one, one indicator's (in any province, or only in `province`
        when `any_province` is False; None there meaning the every-province watch)."""
        where = [watches.c.subscriber_id == subscriber_id]
        if indicator is not None:
            where.append(watches.c.indicator == indicator)
            if not any_province:
                where.append(watches.c.province == _province(province))
        async with self._write() as conn:
            result = await conn.execute(sa.delete(watches).where(*where))
        return max(result.rowcount or 0, 0)

    async def of_subscriber(self, subscriber_id: int) -> list[Watch]:
        statement = (
            sa.select(watches.c.indicator, watches.c.province)
            .where(watches.c.subscriber_id == subscriber_id)
            .order_by(watches.c.indicator, watches.c.province)
        )
        async with self._read() as conn:
            rows = (await conn.execute(statement)).all()
        return [Watch(indicator=r.indicator, province=r.province or None) for r in rows]

    async def queue_lines(
        self, report_id: int, indicators: Iterable[str], province: str | None, *, now: datetime
    ) -> int:
        """Queue the watch line of a new report for every chat watching one of its `indicators`
        in its province `province` (its current name) or everywhere; returns the outbox rows
        queued now (lines held for a roundup are not counted). Idempotent per report and chat."""
        keys = sorted(set(indicators))
        if not keys:
            return 0
        place = watches.c.province == EVERY_PROVINCE
        if province:
            place = sa.or_(place, watches.c.province == province)
        statement = (
            sa.select(watches.c.subscriber_id, watches.c.indicator, subscribers.c.channel,
                      delivery_schedules.c.mode)
            .select_from(
                watches.join(subscribers, subscribers.c.id == watches.c.subscriber_id).outerjoin(
                    delivery_schedules,
                    delivery_schedules.c.subscriber_id == watches.c.subscriber_id,
                )
            )
            .where(
                watches.c.indicator.in_(keys), place, subscribers.c.active,
                subscribers.c.channel.in_(DELIVERABLE_CHANNELS),
            )
            .order_by(watches.c.subscriber_id, watches.c.indicator)
        )
        found: dict[int, tuple[str, str | None, list[str]]] = {}
        queued = 0
        async with self._write() as conn:
            for row in await conn.execute(statement):
                entry = found.setdefault(row.subscriber_id, (row.channel, row.mode, []))
                if row.indicator not in entry[2]:
                    entry[2].append(row.indicator)
            for subscriber_id, (channel, mode, keys_found) in found.items():
                if mode == "off":
                    continue  # paused: nothing is sent, as for digests
                if mode in ROUNDUP_MODES:
                    held = dialect_insert(self.dialect, watch_held).values(
                        subscriber_id=subscriber_id, report_id=report_id,
                        indicators=json.dumps(keys_found), created_at=now,
                    )
                    await conn.execute(held.on_conflict_do_nothing())
                    continue
                # Lines held while the chat was on a roundup schedule go out with this one.
                held_ids, held_keys = await _take_held(conn, subscriber_id)
                keys_all = list(dict.fromkeys([*held_keys, *keys_found]))
                queued += await _queue_line(conn, self.dialect, subscriber_id, channel,
                                            f"watch:{report_id}", [*held_ids, report_id],
                                            keys_all, now)
        self._outbox_changed(queued)
        return queued

    async def release_held(self, subscriber_id: int, *, slot: datetime,
                           now: datetime) -> int:
        """Queue, as one outbox row, the lines held for a chat's roundup at `slot`; 1 if any."""
        async with self._write() as conn:
            channel = await conn.scalar(
                sa.select(subscribers.c.channel).where(
                    subscribers.c.id == subscriber_id, subscribers.c.active,
                    subscribers.c.channel.in_(DELIVERABLE_CHANNELS),
                )
            )
            report_ids, keys = await _take_held(conn, subscriber_id)
            if not report_ids or channel is None:
                return 0
            queued = await _queue_line(
                conn, self.dialect, subscriber_id, channel,
                f"watch:{slot.isoformat()}", report_ids, keys, now,
            )
        self._outbox_changed(queued)
        return queued


def watch_counts(rows: Iterable[Watch]) -> dict[str, list[str | None]]:
    """Watched provinces per indicator, for listing."""
    out: dict[str, list[str | None]] = defaultdict(list)
    for watch in rows:
        out[watch.indicator].append(watch.province)
    return dict(out)
