"""When a subscriber wants digests: parsing `/lich` and computing roundup times (pure).

Four modes:

* `instant` (`/lich ngay`, the default): each new report as soon as it arrives;
* `daily` (`/lich 07:00`): one roundup a day of what arrived since the last one;
* `weekly` (`/lich tuan thu6 17:00`): one roundup a week (Monday 07:00 when not said);
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

import regex

from digest.normalize import fold


class Mode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


DEFAULT_TIME = time(7, 0)
DEFAULT_WEEKDAY = 0  # Monday

# What a user may type, unaccented and lower-cased (the argument is folded first).
_INSTANT_WORDS = frozenset({"ngay", "ngay lap tuc", "tuc thi", "lien", "instant", "now"})
_OFF_WORDS = frozenset({"tat", "dung", "tam dung", "ngung", "off", "stop", "pause"})
_DAILY_WORDS = ("hang ngay", "moi ngay", "ngay", "daily")
_WEEKLY_WORDS = ("hang tuan", "moi tuan", "tuan", "weekly")

# "thu2", "thứ 2", "thu hai", "t2", "cn", "chu nhat": Monday is 0, Sunday 6.
_WEEKDAY_NUMBERS = {"2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_WEEKDAY = regex.compile(
    r"""
    \b(?:
        (?:thu|t)\s*(?P<number>[2-7])            # thu2, thứ 2, t2
      | thu\s+(?P<word>hai|ba|tu|nam|sau|bay)    # thứ hai, thứ sáu
      | (?P<sunday>cn|chu\s*nhat)                # cn, chủ nhật
    )\b
    """,
    regex.VERBOSE,
)

# "7:00", "07:30", "7h", "7h30", "7 gio", "19g15": hour then optional minutes.
_CLOCK_TIME = regex.compile(
    r"""
    \b(?P<hour>[01]?\d|2[0-3])         # the hour, 0-23
    \s*(?::|h|g|gio)\s*                # a colon, "h", "g" or "giờ"
    (?P<minute>[0-5]\d)?               # the minutes, optional after h/g/giờ
    (?:\s*(?:phut|p))?                 # "phút", "p"
    (?=\s|$)
    """,
    regex.VERBOSE,
)


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


def _clock_time(text: str) -> tuple[time | None, str]:
    match = _CLOCK_TIME.search(text)
    if match is None:
        return None, text
    found = time(int(match["hour"]), int(match["minute"] or 0))
    return found, (text[: match.start()] + " " + text[match.end() :])


def _weekday(text: str) -> tuple[int | None, str]:
    match = _WEEKDAY.search(text)
    if match is None:
        return None, text
    if match["sunday"]:
        day = 6
    elif match["number"]:
        day = _WEEKDAY_NUMBERS[match["number"]]
    else:
        day = _WEEKDAY_WORDS[match["word"]]
    return day, (text[: match.start()] + " " + text[match.end() :])


def _words(text: str) -> str:
    return " ".join(text.split())


def parse_schedule(args: str) -> Schedule:
    """The schedule a `/lich` argument asks for; raises ScheduleProblem otherwise.

    >>> parse_schedule("ngày")
    Schedule(mode=<Mode.INSTANT: 'instant'>, at=None, weekday=None)
    >>> parse_schedule("7:00")
    Schedule(mode=<Mode.DAILY: 'daily'>, at=datetime.time(7, 0), weekday=None)
    >>> parse_schedule("hằng ngày 17h30").at
    datetime.time(17, 30)
    >>> parse_schedule("tuần thứ 6 17:00")
    Schedule(mode=<Mode.WEEKLY: 'weekly'>, at=datetime.time(17, 0), weekday=4)
    >>> parse_schedule("tuan").weekday, parse_schedule("tuan cn").weekday
    (0, 6)
    >>> parse_schedule("tắt").mode
    <Mode.OFF: 'off'>
    >>> parse_schedule("25:00")
    Traceback (most recent call last):
    bot.delivery.schedule.ScheduleProblem: 25:00
    """
    folded = _words(fold(args).replace(",", " "))
    if folded in _INSTANT_WORDS:
        return INSTANT
    if folded in _OFF_WORDS:
        return Schedule(Mode.OFF)
    at, rest = _clock_time(folded)
    weekday, rest = _weekday(rest)
    rest = _words(rest)
    if rest in _WEEKLY_WORDS or (weekday is not None and rest == ""):
        return Schedule(Mode.WEEKLY, at or DEFAULT_TIME, DEFAULT_WEEKDAY if weekday is None
                        else weekday)
    if at is not None and weekday is None and (rest == "" or rest in _DAILY_WORDS):
        return Schedule(Mode.DAILY, at)
    raise ScheduleProblem(args)


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
