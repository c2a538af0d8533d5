"""`bantin deliveries`: the outbox's state for operators (English, like the rest of the CLI)."""

from __future__ import annotations

import json
from datetime import datetime

from bot.storage import Store
from bot.storage.outbox import DeliveryStats, FailedDelivery


def describe(stats: DeliveryStats, failed: list[FailedDelivery], now: datetime) -> str:
    """The figures /thongke shows, one per line.

    >>> from datetime import UTC
    >>> now = datetime(2025, 11, 21, tzinfo=UTC)
    >>> stats = DeliveryStats(pending=5, due=4, in_flight=1, retrying=1, sent_last_minute=30,
    ...     sent_last_hour=300, sent_total=900, failed=2, skipped=1, subscribers_inactive=3,
    ...     oldest_pending_at=None)
    >>> print(describe(stats, [], now).splitlines()[0])
    queued         5 (due 4, in flight 1, retrying 1)
    """
    lag = "-"
    if stats.oldest_pending_at is not None:
        lag = f"{max((now - stats.oldest_pending_at).total_seconds(), 0):.0f} s"
    lines = [
        f"queued         {stats.pending} (due {stats.due}, in flight {stats.in_flight}, "
        f"retrying {stats.retrying})",
        f"oldest queued  {lag}",
        f"sent           {stats.sent_last_minute} last minute, {stats.sent_last_hour} last hour, "
        f"{stats.sent_total} kept",
        f"failed         {stats.failed} (parked after the last retry, or refused)",
        f"skipped        {stats.skipped} (subscriber inactive or paused)",
        f"inactive chats {stats.subscribers_inactive}",
    ]
    if failed:
        lines.append("")
        lines.append("recent failures:")
        lines += [
            f"  #{row.id} {row.channel}:{row.chat_id} {row.kind} after {row.attempts} "
            f"attempt(s): {row.last_error or '?'}"
            for row in failed
        ]
    return "\n".join(lines)


async def deliveries_report(
    store: Store, now: datetime, *, failed: int = 0, as_json: bool = False
) -> str:
    """The outbox's state at `now` (bot.app opens the store and reads the clock)."""
    stats = await store.outbox.delivery_stats(now=now)
    rows = await store.outbox.failed_deliveries(limit=failed) if failed > 0 else []
    if as_json:
        return json.dumps(
            {"stats": stats.model_dump(mode="json"),
             "failed": [row.model_dump(mode="json") for row in rows]},
            ensure_ascii=False, indent=2,
        )
    return describe(stats, rows, now)
