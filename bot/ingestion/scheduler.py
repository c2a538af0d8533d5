"""Polling every enabled source on its interval inside `bantin bot` (APScheduler).

One interval job per source, started at once, never two rounds of one source at a time
(`max_instances=1`), missed runs merged into one (`coalesce`). Each run is `Ingestor.poll`,
which skips a source still backing off; a round's exception is logged and stops nothing.

    ingestion = await start_ingestion(Ingestor(services, settings.sources))
    ...
    await ingestion.stop()
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.ingestion.ingestor import Ingestor
from bot.ingestion.outcomes import RoundResult

logger = logging.getLogger(__name__)


class SourceScheduler:
    """The running polls; `stop()` cancels rounds in flight and closes the HTTP client."""

    def __init__(self, ingestor: Ingestor) -> None:
        self.ingestor = ingestor
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._running: set[asyncio.Task[object]] = set()
        self.rounds = 0  # rounds finished, for tests and logs

    def start(self) -> None:
        for config in self.ingestor.sources.values():
            if not config.enabled:
                continue
            self._scheduler.add_job(
                self._poll,
                IntervalTrigger(seconds=config.interval_seconds, timezone=UTC),
                args=[config.name],
                id=config.name,
                name=f"poll {config.name}",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
                next_run_time=self.ingestor.services.clock(),  # at once, by the injected clock
            )
        self._scheduler.start()
        logger.info("polling %d sources", len(self._scheduler.get_jobs()))

    async def _poll(self, name: str) -> RoundResult | None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            result = await self.ingestor.poll(name)
        except Exception:
            logger.exception("source %s: polling failed", name)
            return None
        finally:
            if task is not None:
                self._running.discard(task)
        self.rounds += 1
        stored = sum(1 for item in result.items if item.status == "stored")
        if result.backing_off_until:
            logger.debug("source %s: backing off until %s", name, result.backing_off_until)
        elif stored or result.failed:
            logger.info(
                "source %s: %d stored, %s",
                name,
                stored,
                "failed: " + result.summary() if result.failed else "ok",
            )
        return result

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        for task in list(self._running):
            task.cancel()
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        await self.ingestor.aclose()


async def start_ingestion(ingestor: Ingestor) -> SourceScheduler:
    """Record the ingestor's sources and start polling the enabled ones (the process's one
    Ingestor, built by bot.app; `stop()` closes it)."""
    await ingestor.sync()
    scheduler = SourceScheduler(ingestor)
    scheduler.start()
    return scheduler
