"""The delivery outbox and subscriber schedules (issue 4): what must be sent, to whom, when.

Every message to send is a row of `deliveries`, written in the transaction that creates its
cause: `ReportRepository.add(queue=True)` stores a report and queues its digest for every
subscriber in instant mode in one transaction (a crash cannot leave a stored report that
nobody will receive); `queue_broadcast` and `queue_roundup` do the same for an admin's
announcement and a daily or weekly roundup. Queuing is idempotent, so any process may queue
(the CLI, the ingestion scheduler, a chat); dispatchers claim rows with leases, one
subscriber's rows in order.

The rest of the bot uses one object, `store.outbox` (`OutboxRepository`), and the values it
returns. Its parts, one concern a module:

- `records`: the values handed out (`Claimed`, `ScheduleRow`, `DeliveryStats`, ...);
- `queuing`: the statements that write `deliveries` rows (used by bot.storage.intake too);
- `schedules`: instant, daily, weekly or off, and taking a roundup slot once;
- `claims`: leases, `FOR UPDATE SKIP LOCKED`, the head of each subscriber's line;
- `outcomes`: sent, deferred, failed, refused (strikes), and a chat coming back;
- `reading`: counts and failures for operators;
- `repository`: `OutboxRepository`, a transaction per method around the statements above.
"""

from bot.storage.outbox.records import (
    DELIVERABLE_CHANNELS,
    ROUNDUP_MODES,
    Claimed,
    DeliveryStats,
    FailedDelivery,
    ScheduleRow,
)
from bot.storage.outbox.repository import OutboxRepository

__all__ = [
    "DELIVERABLE_CHANNELS",
    "ROUNDUP_MODES",
    "Claimed",
    "DeliveryStats",
    "FailedDelivery",
    "OutboxRepository",
    "ScheduleRow",
]
