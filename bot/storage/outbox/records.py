"""What the outbox hands out: frozen values for claimed deliveries, schedules and stats.

Apart from the queries so that the delivery layer (the dispatcher, the roundups, /stats) can
name what it receives without reading how it is fetched.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

#: Channels a dispatcher can send to; console subscribers (the operator's terminal) get none.
DELIVERABLE_CHANNELS = ("telegram", "zalo")
ROUNDUP_MODES = ("daily", "weekly")
MAX_ERROR_CHARS = 500


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Claimed(_Record):
    """A delivery this process holds a lease on, with what sending it needs."""

    id: int
    subscriber_id: int
    channel: str
    chat_id: str
    chat_type: str
    kind: str  # report | roundup | broadcast
    report_id: int | None
    broadcast_id: int | None
    payload: str | None
    attempts: int
    parts_sent: int
    strikes: int  # the subscriber's failed deliveries in a row


class DeliveryStats(_Record):
    pending: int  # queued, not yet sent (due now or later)
    due: int  # pending and due now
    in_flight: int  # pending and leased by a dispatcher
    retrying: int  # pending after at least one failed attempt
    sent_last_minute: int
    sent_last_hour: int
    sent_total: int
    failed: int  # parked after the last retry, or refused for good
    skipped: int  # the subscriber went inactive or paused before it was sent
    subscribers_inactive: int
    oldest_pending_at: datetime | None


class ScheduleRow(_Record):
    subscriber_id: int
    mode: str  # instant | daily | weekly | off
    at_minute: int | None
    weekday: int | None
    since: datetime
    last_slot: datetime | None
    cursor_report_id: int | None


class FailedDelivery(_Record):
    id: int
    channel: str
    chat_id: str
    kind: str
    attempts: int
    last_error: str | None
    created_at: datetime


def error_text(error: str | None) -> str | None:
    """An error as stored on its row: cut, so one chatty exception cannot bloat the table."""
    return None if error is None else error[:MAX_ERROR_CHARS]
