"""Daily and weekly roundups: fired by APScheduler at local times kept in the database.

Correctness lives in `run_due(now)`, which a test calls with any `now`: for every daily or
weekly schedule it computes the latest roundup time at or before `now` (after the schedule
was chosen) and queues that roundup unless it was queued already (`store.outbox.queue_roundup`
moves the schedule's `last_slot` forward first, so two processes, or a catch-up run and a
timed run, never queue one roundup twice). A process that was down at 07:00 therefore sends
the 07:00 roundup when it starts.

APScheduler (3.x `AsyncIOScheduler`, which python-telegram-bot's job queue also uses) only
decides *when* to call `run_due`: one cron job per distinct roundup time, in the bot's time
zone, rebuilt from the database at start-up and whenever a schedule changes through this
process's store. Jobs call `run_due(clock())`, so the clock stays injectable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.core.schedule import Mode, Schedule, latest_slot
from bot.storage import Signal, Store
from bot.storage.outbox import ScheduleRow

logger = logging.getLogger(__name__)

_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # APScheduler's names


def trigger_for(schedule: Schedule, timezone: ZoneInfo) -> CronTrigger | None:
    """The cron trigger that fires at a schedule's roundup times.

    >>> from datetime import time
    >>> tz = ZoneInfo("Asia/Ho_Chi_Minh")
    >>> trigger = trigger_for(Schedule(Mode.WEEKLY, time(17, 30), 4), tz)
    >>> trigger.get_next_fire_time(None, datetime(2025, 11, 17, tzinfo=tz)).isoformat()
    '2025-11-21T17:30:00+07:00'
    """
    if not schedule.is_roundup or schedule.at is None:
        return None
    day = "*" if schedule.mode is Mode.DAILY else _CRON_DAYS[schedule.weekday or 0]
    return CronTrigger(
        day_of_week=day, hour=schedule.at.hour, minute=schedule.at.minute, timezone=timezone
    )


def _schedule(row: ScheduleRow) -> Schedule:
    return Schedule.from_row(row.mode, row.at_minute, row.weekday)


def _job_id(schedule: Schedule) -> str:
    day = "*" if schedule.mode is Mode.DAILY else str(schedule.weekday)
    return f"roundup:{day}:{schedule.at_minute}"


class RoundupPlanner:
    """Queues roundups when they are due; owns the APScheduler jobs that say when."""

    def __init__(
        self,
        store: Store,
        timezone: ZoneInfo,
        clock: Callable[[], datetime],
        *,
        max_reports: int = 30,
        schedule_signal: Signal | None = None,
    ) -> None:
        self.store = store
        self.schedule_signal = (
            schedule_signal if schedule_signal is not None else store.schedule_signal
        )
        self.timezone = timezone
        self.clock = clock
        self.max_reports = max_reports
        self.scheduler: AsyncIOScheduler | None = None

    # --- the work -------------------------------------------------------------------------------

    async def run_due(self, now: datetime) -> int:
        """Queue every roundup due at or before `now` and not queued yet; returns how many."""
        local = now.astimezone(self.timezone)
        queued = 0
        for row in await self.store.outbox.roundup_schedules():
            slot = latest_slot(_schedule(row), local)
            if slot is None or slot < row.since:
                continue
            if row.last_slot is not None and slot <= row.last_slot:
                continue
            queued += await self.store.outbox.queue_roundup(
                row.subscriber_id, slot, now=now, max_reports=self.max_reports
            )
            # Indicator watch lines held for this roundup go out with it (issue 13).
            queued += await self.store.watches.release_held(row.subscriber_id, slot=slot, now=now)
        if queued:
            logger.info("queued %d roundups due at %s", queued, local.strftime("%Y-%m-%d %H:%M"))
        return queued

    async def fire(self) -> None:
        """What each job runs."""
        try:
            await self.run_due(self.clock())
        except Exception:
            logger.exception("roundup run failed")

    # --- the jobs -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Catch up on roundups missed while stopped, then schedule the coming ones."""
        self.scheduler = AsyncIOScheduler(timezone=self.timezone)
        await self.sync_jobs()
        self.scheduler.start()
        self.schedule_signal.listen(self._schedules_changed)
        await self.fire()

    async def stop(self) -> None:
        self.schedule_signal.unlisten(self._schedules_changed)
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    def _schedules_changed(self) -> None:
        if self.scheduler is not None:
            self.scheduler.add_job(self.sync_jobs, id="roundup:sync", replace_existing=True)

    async def sync_jobs(self) -> dict[str, CronTrigger]:
        """One job per distinct roundup time in the database; others removed."""
        wanted: dict[str, CronTrigger] = {}
        for row in await self.store.outbox.roundup_schedules():
            schedule = _schedule(row)
            trigger = trigger_for(schedule, self.timezone)
            if trigger is not None:
                wanted[_job_id(schedule)] = trigger
        if self.scheduler is not None:
            for job in self.scheduler.get_jobs():
                if job.id.startswith("roundup:") and job.id != "roundup:sync" \
                        and job.id not in wanted:
                    job.remove()
            for job_id, trigger in wanted.items():
                if self.scheduler.get_job(job_id) is None:
                    self.scheduler.add_job(
                        self.fire, trigger, id=job_id, misfire_grace_time=3600, coalesce=True
                    )
        return wanted

    def next_fire_times(self, now: datetime) -> list[datetime]:
        """When the jobs will next fire after `now`, soonest first (for tests and /lich)."""
        if self.scheduler is None:
            return []
        times = [
            job.trigger.get_next_fire_time(None, now.astimezone(self.timezone))
            for job in self.scheduler.get_jobs()
            if job.id.startswith("roundup:") and job.id != "roundup:sync"
        ]
        return sorted(t for t in times if t is not None)
