"""What every handler may use: the store, the clock, who the admins are, and the hooks.

Built once by `bot.app.build_services` and handed to the `Conversation`; tests build it the
same way with a temporary database and a fixed clock. Handlers never read the time
themselves: `clock` is injected, and always time-zone aware.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.chart_cache import ChartCache
from bot.core.contacts import RecentContacts
from bot.core.messages import Request
from bot.storage import AddedReport, Store
from digest.models import Report

Clock = Callable[[], datetime]
NewReportHook = Callable[[Store, AddedReport, Report], Awaitable[int]]

async def queue_for_subscribers(store: Store, added: AddedReport, report: Report) -> int:
    """THE HOOK for delivery: a newly stored report goes to its subscribers' outbox.

    `bot.core.ingest.ingest_text` already queued the digest in the transaction that stored
    the report (`ReportRepository.add(queue=True)`), so there this finds nothing left to do;
    it is here for code that stores a report without `queue`. Queuing is idempotent (one row
    per report and subscriber). Returns the deliveries it queued.
    """
    return await store.outbox.queue_report(added.report_id)


class UrlOutcome(Protocol):
    """What became of one article fetched by URL (bot.ingestion.outcomes.ItemOutcome)."""

    @property
    def status(self) -> str: ...  # stored | duplicate | skipped | failed | retry

    @property
    def report_id(self) -> int | None: ...


class UrlIngestor(Protocol):
    """Fetches one article now and takes it in: `/ingest <url>`. The process's one
    `bot.ingestion.ingestor.Ingestor`, built by the composition root (bot.app): the core
    names what it needs, the ingestion layer above provides it."""

    async def ingest_url(
        self, url: str, *, force: bool = True, province: str | None = None, push: bool = True
    ) -> UrlOutcome: ...

    async def aclose(self) -> None: ...


# The console is the operator's own terminal, on the machine that holds the database: its
# user is trusted like an admin.
TRUSTED_CHANNELS = frozenset({"console"})


@dataclass(frozen=True)
class Services:
    store: Store
    clock: Clock
    timezone: ZoneInfo
    admins: frozenset[str] = frozenset()
    on_new_report: NewReportHook = queue_for_subscribers
    page_size: int = 5  # reports listed by /latest and /search
    # Reports whose meeting is older than this many days are stored without being pushed
    # (bot.core.ingest); None pushes every new report.
    push_max_age_days: int | None = 30
    # `/ingest <url>`; None where nothing fetches (benchmarks, the engine's own tests).
    url_ingestor: UrlIngestor | None = None
    charts: ChartCache = field(default_factory=ChartCache)  # /bieudo's PNGs (issue 13)
    contacts: RecentContacts = field(default_factory=RecentContacts)  # resume check per burst

    def now(self) -> datetime:
        """The current time in the bot's time zone (the clock must be tz-aware)."""
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must return time-zone-aware datetimes")
        return moment.astimezone(self.timezone)

    def is_admin(self, request: Request) -> bool:
        return request.channel in TRUSTED_CHANNELS or request.sender_id in self.admins
