"""What people type after /lich, as they write it: "hằng ngày", "mỗi ngày 7h", "7 giờ sáng",
"5 giờ chiều", "thứ Sáu 17h", "chủ nhật 8 rưỡi", "ngay lập tức", "tạm dừng".

Read on the folded words (users type without diacritics), with two exceptions where the
diacritics decide and their absence is a question:

* "ngày" (a day: daily) and "ngay" (at once) fold alike. Written "ngày", or "ngay" in a
  message that carries other diacritics, the word is taken as typed; a bare unaccented
  "/lich ngay" is asked back.
* "5h" could be 05:00 or 17:00. An hour from 1 to 5 written without "sáng"/"chiều"/"tối"
  and without a leading zero ("05:00" is plainly the 24-hour clock) is asked back.

A time of day alone ("sáng", "chiều") stands for its usual hour (7, 17, ...); a daily or
weekly roundup without a time comes at 07:00, a weekly one without a day on Monday, and the
reply says which. Anything left over that is no schedule word is a `ScheduleProblem`.
Hand-written: the vocabulary is a few dozen Vietnamese words no date parser knows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import time

import regex

from bot.core.schedule import (
    DEFAULT_TIME,
    DEFAULT_WEEKDAY,
    INSTANT,
    Mode,
    Schedule,
    ScheduleProblem,
)
from digest.normalize import fold

# Phrases, folded, longest first where one contains another.
_INSTANT = (
    "ngay lap tuc", "lap tuc", "tuc thi", "ngay khi co ban tin moi", "ngay khi co ban tin",
    "ngay khi co tin", "ngay khi co", "khi co ban tin moi", "khi co ban tin", "khi co tin",
    "instant", "now",
)
_OFF = ("tam dung", "tam ngung", "dung gui", "ngung gui", "tat", "dung", "ngung", "off",
        "stop", "pause")
_DAILY = ("hang ngay", "hangngay", "moi ngay", "daily")
_WEEKLY = ("hang tuan", "moi tuan", "tuan", "weekly")
_FILLERS = ("vao luc", "vao", "luc", "nhan ban tin", "gui ban tin", "ban tin", "nhan", "gui",
            "buoi", "moi", "hang")
# A time of day and the hour it stands for alone; an hour with it is read as a clock hour.
_PERIODS = {"sang": 7, "trua": 12, "chieu": 17, "toi": 20, "dem": 22}

_CLOCK = regex.compile(
    r"""
    (?<![\w:])(?P<hour>\d{1,2})
    (?:
        \s*[:.]\s*(?P<minute>\d{2})                     # 7:30, 07.30
      | \s*(?:h|g|gio)(?![a-z])\s*(?P<minute2>\d{1,2})? # 7h, 7h30, 7 giờ 15, 19g
        (?:\s*(?:phut|p)(?![a-z]))?                     # "phút", "p"
        (?:\s*(?P<half>ruoi))?                          # 7 giờ rưỡi
      | \s+(?P<half2>ruoi)                              # 7 rưỡi
    )
    (?![\w:])
    """,
    regex.VERBOSE,
)
_WEEKDAY = regex.compile(
    r"""
    (?<!\w)(?:
        (?:thu|t)\s*(?P<number>[2-7])                   # thứ 6, thu6, t6
      | thu\s+(?P<word>hai|ba|tu|nam|sau|bay)           # thứ Sáu
      | (?P<sunday>chu\s*nhat|cn)                       # chủ nhật, CN
    )(?!\w)
    """,
    regex.VERBOSE,
)
_WEEKDAY_NUMBERS = {"2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
WEEKDAY_WORDS = ("thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat")
_PUNCTUATION = regex.compile(r"[,;!?/()\-–]+")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u0302", "\u031b"}


@dataclass(frozen=True)
class Choice:
    schedule: Schedule
    command: str  # what to type, unaccented: "/lich hang ngay 17h"


@dataclass(frozen=True)
class Ambiguous:
    """The argument could mean several schedules: the reply asks which."""

    kind: str  # "ngay" (at once or daily?) | "hour" (morning or afternoon?)
    choices: tuple[Choice, ...]


def _has_diacritics(text: str) -> bool:
    return any(ch in _TONE_MARKS or ch == "đ" for ch in unicodedata.normalize("NFD", text.lower()))


def _remove(text: str, span: tuple[int, int]) -> str:
    return f"{text[: span[0]]} {text[span[1]:]}"


def _take(text: str, phrases: tuple[str, ...]) -> tuple[bool, str]:
    """Remove the first of `phrases` found as whole words."""
    for phrase in phrases:
        match = regex.search(rf"(?<!\w){regex.escape(phrase)}(?!\w)", text)
        if match:
            return True, _remove(text, match.span())
    return False, text


def _words(text: str) -> str:
    return " ".join(text.split())


def schedule_command(schedule: Schedule) -> str:
    """The unaccented /lich command for a schedule.

    >>> schedule_command(Schedule(Mode.WEEKLY, time(17, 30), 4))
    '/lich thu sau 17h30'
    >>> schedule_command(Schedule(Mode.DAILY, time(7, 0))), schedule_command(INSTANT)
    ('/lich hang ngay 7h', '/lich ngay lap tuc')
    """
    if schedule.mode is Mode.INSTANT:
        return "/lich ngay lap tuc"
    if schedule.mode is Mode.OFF:
        return "/lich tat"
    at = schedule.at or DEFAULT_TIME
    clock = f"{at.hour}h" + (f"{at.minute:02d}" if at.minute else "")
    if 1 <= at.hour <= 5:
        clock += " sang"  # "5h" alone is asked back: morning or afternoon?
    if schedule.mode is Mode.DAILY:
        return f"/lich hang ngay {clock}"
    weekday = DEFAULT_WEEKDAY if schedule.weekday is None else schedule.weekday
    return f"/lich {WEEKDAY_WORDS[weekday]} {clock}"


@dataclass
class _Reading:
    hour: int | None = None
    minute: int = 0
    padded: bool = False  # "07:00": the 24-hour clock, unambiguous
    period: str | None = None
    weekday: int | None = None


def _clock(text: str, reading: _Reading) -> str:
    matches = list(_CLOCK.finditer(text))
    if len(matches) > 1:
        raise ScheduleProblem("two times")
    if not matches:
        return text
    match = matches[0]
    hour = int(match["hour"])
    minute_text = match["minute"] or match["minute2"]
    minute = int(minute_text) if minute_text else (30 if match["half"] or match["half2"] else 0)
    if hour > 24 or minute > 59:
        raise ScheduleProblem("no such time")
    reading.hour, reading.minute = hour % 24, minute
    reading.padded = match["hour"].startswith("0") or hour >= 13 or hour == 0
    return _remove(text, match.span())


def _period(text: str, reading: _Reading) -> str:
    found = [(m, word) for word in _PERIODS
             for m in regex.finditer(rf"(?<!\w){word}(?!\w)", text)]
    if len({word for _, word in found}) > 1:
        raise ScheduleProblem("two times of day")
    for match, word in found:
        reading.period = word
        text = _remove(text, match.span())
    return text


def _weekday(text: str, reading: _Reading) -> str:
    matches = list(_WEEKDAY.finditer(text))
    if len(matches) > 1:
        raise ScheduleProblem("two days")
    if not matches:
        return text
    match = matches[0]
    if match["sunday"]:
        reading.weekday = 6
    elif match["number"]:
        reading.weekday = _WEEKDAY_NUMBERS[match["number"]]
    else:
        reading.weekday = _WEEKDAY_WORDS[match["word"]]
    return _remove(text, match.span())


def _at(reading: _Reading) -> time | None:
    """The clock time, read with its time of day; None when neither was given."""
    hour = reading.hour
    if hour is None:
        return None if reading.period is None else time(_PERIODS[reading.period], 0)
    if reading.period in ("chieu", "toi") and hour < 12:
        hour += 12
    elif reading.period == "trua" and hour < 6:
        hour += 12  # "1 giờ trưa" is 13:00
    elif reading.period == "dem" and 6 <= hour < 12:
        hour += 12  # "10 giờ đêm" is 22:00
    elif reading.period == "dem" and hour == 12:
        hour = 0  # "12 giờ đêm" is midnight
    elif reading.period == "sang" and hour >= 12:
        raise ScheduleProblem("a morning after noon")
    return time(hour, reading.minute)


def read_schedule(args: str) -> Schedule | Ambiguous:
    """The schedule a /lich argument asks for, or the choices when it is ambiguous; raises
    ScheduleProblem when it names none.

    >>> read_schedule("hằng ngày")
    Schedule(mode=<Mode.DAILY: 'daily'>, at=datetime.time(7, 0), weekday=None)
    >>> read_schedule("mỗi ngày 7 giờ sáng").at, read_schedule("5 giờ chiều").at
    (datetime.time(7, 0), datetime.time(17, 0))
    >>> read_schedule("thứ Sáu 17h")
    Schedule(mode=<Mode.WEEKLY: 'weekly'>, at=datetime.time(17, 0), weekday=4)
    >>> read_schedule("ngày") == read_schedule("hang ngay")
    True
    >>> read_schedule("ngay").kind, read_schedule("5h").kind
    ('ngay', 'hour')
    >>> read_schedule("ngay lập tức") == INSTANT == read_schedule("nhận ngay")
    True
    """
    raw = unicodedata.normalize("NFC", args).lower()
    text = _words(_PUNCTUATION.sub(" ", fold(raw)))
    if not text:
        raise ScheduleProblem(args)
    instant, rest = _take(text, _INSTANT)
    off, rest = _take(rest, _OFF) if not instant else (False, rest)
    reading = _Reading()
    rest = _weekday(_period(_clock(rest, reading), reading), reading)
    daily, rest = _take(rest, _DAILY)
    weekly, rest = _take(rest, _WEEKLY)
    bare_day = regex.search(r"(?<!\w)ngay(?!\w)", rest)
    if bare_day:
        rest = _remove(rest, bare_day.span())
    for filler in _FILLERS:
        rest = regex.sub(rf"(?<!\w){regex.escape(filler)}(?!\w)", " ", rest)
    if _words(rest):
        raise ScheduleProblem(args)
    timed = reading.hour is not None or reading.period is not None
    if instant or off:
        if timed or daily or weekly or reading.weekday is not None or bare_day:
            raise ScheduleProblem(args)
        return INSTANT if instant else Schedule(Mode.OFF)
    if bare_day and not (timed or daily or weekly or reading.weekday is not None):
        if "ngày" in raw:
            daily = True  # "ngày" typed with its accent: a day
        elif _has_diacritics(raw):
            return INSTANT  # a user who writes accents wrote "ngay": at once
        else:
            return Ambiguous("ngay", (Choice(INSTANT, schedule_command(INSTANT)),
                                      _choice(Schedule(Mode.DAILY, DEFAULT_TIME))))
    if reading.hour is not None and reading.period is None and not reading.padded \
            and 1 <= reading.hour <= 5:
        return _ask_hour(reading, weekly or reading.weekday is not None)
    at = _at(reading)
    if weekly or reading.weekday is not None:
        weekday = DEFAULT_WEEKDAY if reading.weekday is None else reading.weekday
        return Schedule(Mode.WEEKLY, at or DEFAULT_TIME, weekday)
    if daily or bare_day or timed:
        return Schedule(Mode.DAILY, at or DEFAULT_TIME)
    raise ScheduleProblem(args)


def _choice(schedule: Schedule) -> Choice:
    return Choice(schedule, schedule_command(schedule))


def _ask_hour(reading: _Reading, weekly: bool) -> Ambiguous:
    assert reading.hour is not None
    mode = Mode.WEEKLY if weekly else Mode.DAILY
    weekday = None
    if weekly:
        weekday = DEFAULT_WEEKDAY if reading.weekday is None else reading.weekday
    morning = Schedule(mode, time(reading.hour, reading.minute), weekday)
    afternoon = Schedule(mode, time(reading.hour + 12, reading.minute), weekday)
    return Ambiguous("hour", (_choice(morning), _choice(afternoon)))


def gives_time(args: str) -> bool:
    """Whether the argument names a time of day (else a roundup comes at 07:00).

    >>> gives_time("thứ Sáu 17h"), gives_time("chiều thứ Sáu"), gives_time("hằng ngày")
    (True, True, False)
    """
    text = fold(args.lower())
    return _CLOCK.search(text) is not None or any(
        regex.search(rf"(?<!\w){word}(?!\w)", text) for word in _PERIODS
    )
