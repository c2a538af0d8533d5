"""When a subscriber wants digests, and roundup times (pure). What people type after `/lich`
is read by `bot.core.schedule_words`.

Four modes:

* `instant` (`/lich ngay lap tuc`, the default): each new report as soon as it arrives;
* `daily` (`/lich hang ngay 7h`): one roundup a day of what arrived since the last one;
* `weekly` (`/lich thu sau 17h`): one roundup a week (Monday 07:00 when not said);
* `off` (`/lich tat`): paused, nothing is sent.

Times are local (the bot's time zone, Asia/Ho_Chi_Minh); functions here take and return
aware datetimes and never read the clock. Weekdays are numbered as `datetime.weekday()`
(Monday 0 .. Sunday 6); Vietnamese counts "thứ hai" (Monday) as day 2 and Sunday as
"chủ nhật".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum


class Mode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


DEFAULT_TIME = time(7, 0)
DEFAULT_WEEKDAY = 0  # Monday


@dataclass(frozen=True)
class Schedule:
    mode: Mode = Mode.INSTANT
    at: time | None = None  # daily and weekly
    weekday: int | None = None  # weekly: Monday 0 .. Sunday 6

    @property
    def is_roundup(self) -> bool:
        return self.mode in (Mode.DAILY, Mode.WEEKLY)

    @property
    def at_minute(self) -> int | None:
        return None if self.at is None else self.at.hour * 60 + self.at.minute

    @classmethod
    def from_row(cls, mode: str, at_minute: int | None, weekday: int | None) -> Schedule:
        at = None if at_minute is None else time(at_minute // 60, at_minute % 60)
        return cls(Mode(mode), at, weekday)


INSTANT = Schedule()


class ScheduleProblem(ValueError):
    """The argument names no schedule; `args` is what was typed."""


# --- roundup times ----------------------------------------------------------------------------


def _at(day: datetime, at: time) -> datetime:
    """`day`'s date at local time `at`, in `day`'s zone (wall time, DST-safe for zoneinfo)."""
    return day.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)


def latest_slot(schedule: Schedule, now: datetime) -> datetime | None:
    """The most recent roundup time at or before `now` (local, aware); None unless the
    schedule is a daily or weekly roundup.

    >>> from zoneinfo import ZoneInfo
    >>> now = datetime(2025, 11, 21, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # a Friday
    >>> latest_slot(Schedule(Mode.DAILY, time(7, 0)), now).isoformat()
    '2025-11-21T07:00:00+07:00'
    >>> latest_slot(Schedule(Mode.DAILY, time(7, 1)), now).isoformat()
    '2025-11-20T07:01:00+07:00'
    >>> latest_slot(Schedule(Mode.WEEKLY, time(7, 0), 0), now).isoformat()
    '2025-11-17T07:00:00+07:00'
    """
    if not schedule.is_roundup or schedule.at is None:
        return None
    slot = _at(now, schedule.at)
    if schedule.mode is Mode.DAILY:
        return slot if slot <= now else _at(now - timedelta(days=1), schedule.at)
    weekday = DEFAULT_WEEKDAY if schedule.weekday is None else schedule.weekday
    back = (now.weekday() - weekday) % 7
    slot = _at(now - timedelta(days=back), schedule.at)
    return slot if slot <= now else _at(now - timedelta(days=back + 7), schedule.at)


def next_slot(schedule: Schedule, now: datetime) -> datetime | None:
    """The next roundup time strictly after `now` (local, aware).

    >>> from zoneinfo import ZoneInfo
    >>> now = datetime(2025, 11, 21, 6, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    >>> next_slot(Schedule(Mode.DAILY, time(7, 0)), now).isoformat()
    '2025-11-21T07:00:00+07:00'
    >>> next_slot(Schedule(Mode.WEEKLY, time(7, 0), 4), now).isoformat()
    '2025-11-21T07:00:00+07:00'
    """
    if not schedule.is_roundup or schedule.at is None:
        return None
    step = timedelta(days=1 if schedule.mode is Mode.DAILY else 7)
    latest = latest_slot(schedule, now)
    assert latest is not None
    return _at(latest + step, schedule.at)
