"""What a round reports: each item's outcome, the round's result, and the pace of retries.

Apart from the rounds and the article pipeline because the command line (`bantin fetch`,
its progress bars) and the scheduler read these values without running anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.ingest import Quiet
from bot.ingestion.reasons import Reason
from bot.source_config import SourceConfig
from bot.storage.sources import SourceSetting

MAX_ATTEMPTS = 3  # an item failing this many rounds in a row (timeouts, 5xx) is given up
MAX_BACKOFF = timedelta(hours=12)
FINAL = frozenset({"stored", "duplicate", "skipped", "failed"})  # never tried again


@dataclass(frozen=True)
class ItemOutcome:
    key: str
    status: str  # stored | duplicate | skipped | failed | retry
    reason: str | None = None  # English, for operators
    report_id: int | None = None
    url: str | None = None
    title: str | None = None
    queued: int = 0  # deliveries queued for subscribers
    reason_vi: str | None = None  # the same for chat admins
    quiet: Quiet | None = None  # stored without pushing, and why

    @property
    def problem(self) -> bool:
        """Whether this item failed (for good, or for this round)."""
        return self.status in ("failed", "retry")


@dataclass
class RoundResult:
    source: str
    error: Reason | None = None  # the source itself failed (unreachable feed, broken XML ...)
    items: list[ItemOutcome] = field(default_factory=list)
    not_modified: bool = False
    backing_off_until: datetime | None = None  # set when the round did not run

    @property
    def failed(self) -> bool:
        """The source failed, or every item it tried failed in a way that may pass (the
        site is down). A lasting item failure (404, a bad file) fails only that item."""
        if self.error is not None:
            return True
        transient = [item for item in self.items if item.status == "retry"]
        return bool(transient) and all(item.problem for item in self.items)

    @property
    def problems(self) -> bool:
        return self.error is not None or any(item.problem for item in self.items)

    def summary(self) -> Reason:
        """What went wrong, in one line (the source's `last_error`)."""
        if self.error:
            return self.error
        problems = [i for i in self.items if i.problem]
        first = problems[0]
        where = first.url or first.key.split("#")[0]  # a file's key ends with its hash
        why = Reason(first.reason or "", first.reason_vi or first.reason or "")
        return why.at(where).with_more(len(problems) - 1)


class Progress:
    """What `bantin fetch` shows while a round runs; the default shows nothing."""

    def total(self, source: str, count: int) -> None: ...

    def advance(self, source: str, outcome: ItemOutcome) -> None: ...


def setting(config: SourceConfig) -> SourceSetting:
    return SourceSetting(
        name=config.name,
        kind=config.kind.value,
        location=config.location,
        province=config.province,
        interval_minutes=config.interval_minutes,
        enabled=config.enabled,
    )


def backoff(interval_minutes: float, failures: int) -> timedelta:
    """How long a source rests after `failures` failed rounds in a row: its interval,
    doubled per failure, at most 12 hours.

    >>> [backoff(30, n).total_seconds() / 3600 for n in (1, 3, 10)]
    [1.0, 4.0, 12.0]
    """
    return min(timedelta(minutes=interval_minutes) * 2 ** min(failures, 20), MAX_BACKOFF)


ProgressFactory = Callable[[str], Progress]
