"""When the meeting was held, and whether the text states its year.

A digest prints a year only when the text gives it: in the meeting's own date ("Sáng ngày
30/01/2019") or in the page's date stamp ("Thứ Ba, ngày 15/08/2023 | 08:51", "Cập nhật:
05/06/2024 08:10", "17:56 06/05/2019", a leading "date 2021-09"). A year read off a reviewed
period ("6 tháng đầu năm 2022") or a resolution's date is not the meeting's: a meeting held on
"15/2" that reviews 2022 may be in 2022 or 2023, and printing either would be a guess.

Decisions:

- A stamp is a full date (four-digit year) with a clock time beside it, a weekday or a
  publishing word before it ("đăng", "cập nhật", "giờ đăng", "ngày đăng", "xuất bản", "date"),
  or alone on its line. It is never the meeting's day: the meeting's day is a date inside a
  sentence ("Chiều 25/6, Ban Chấp hành ...").
- A stamp gives the year of the meeting day after it when the day falls before the stamp in
  that year. A report of "28/12" stamped "03/01/2024" was held in 2023, but that number is in
  no line of the text, and a stamp months before the meeting is a crawl date: the year stays
  unstated. Of several stamps the nearest one before the meeting's day is the article's own; a
  site header's clock comes first.
- A date right after a document number ("Thông báo số 733/TB-VPCP ngày 30/12/2025") is the
  document's, not the meeting's; so is a start or deadline ("thành lập từ ngày 1/3/2025",
  "tính đến ngày 30/11") and a broadcast's date ("chương trình Thời sự 19h45, ngày 21/9").
- Without a stamp before the meeting's day, a stamp after it gives the year: an archived
  article's publishing line at its foot ("Giờ đăng: 23:40 ngày 09/07/2025").
- A stamp after `now` (the caller's clock) is not believed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex

from digest.dates import find_whens
from digest.models import WhenKind
from digest.normalize import fold

# Any day/month reads as some year between September 1999 and September 2000, so that a
# yearless "29/2" is still a day; only its day and month are kept.
_YEARLESS_REF = date(2000, 7, 1)

_CLOCK = regex.compile(r"(?<![\d:])[0-2]?\d[:h][0-5]\d(?![\d:])")
_STAMP_WORDS = regex.compile(
    r"""(?:\bthu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|\bchu\s+nhat     # a weekday
         |\bdang(?:\s+ngay|\s+luc)?|\bcap\s+nhat|\bgio\s+dang|\bngay\s+dang
         |\bxuat\s+ban|\bdate|\bpublished|\bupdated?)
        [\s,:|-]*(?:ngay\s+)?$""",
    regex.VERBOSE,
)
# "date 2021-09", "date 2025-12-08": the stored page's own date, ISO-written.
_ISO_STAMP = regex.compile(r"\bdate\s+((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?\b")
# "Thông báo số 733/TB-VPCP ngày 30/12/2025", "Nghị quyết số 18 ngày 25-10-2017".
_DOCUMENT_BEFORE = regex.compile(r"\bso\s+\d+[\w/.-]*\s*(?:ngay\s*)?$")
# A day that is not the meeting's: a start, deadline or founding date ("thành lập từ ngày
# 1/3/2025", "tính đến ngày 30/11", "trước ngày 15/12"), a broadcast's ("chương trình Thời sự
# 19h45, ngày 21/9").
_NOT_MEETING_BEFORE = regex.compile(
    r"""(?:\b(?:thanh\ lap|ban\ hanh|ke\ tu|tinh\ den|den\ het|den|truoc|sau|han\ chot|thoi\ han)
           (?:\s+tu)?(?:\s+ngay)?
         |\b(?:thoi\ su|ban\ tin|chuong\ trinh|phat\ song)\s[^.\n]{0,24})\s*$""",
    regex.VERBOSE,
)
# A weekday opening its line before a full date: a page's dateline ("Thứ bảy 26/07/2025").
_WEEKDAY = regex.compile(r"^(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)\b")
_STAMP_LEFT = 24  # characters before a date searched for a weekday or publishing word
_CLOCK_NEAR = 12  # characters around a date searched for a clock time


@dataclass(frozen=True)
class Stamp:
    when: date  # the stamp's date; day 1 when an ISO stamp gives only the month
    pos: int
    end: int
    month_only: bool = False


@dataclass(frozen=True)
class MeetingDay:
    day: int
    month: int
    year: int | None  # None unless the meeting's date or a stamp states it
    raw: str
    pos: int


def _alone_on_line(text: str, start: int, end: int) -> bool:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    return not text[left:start].strip() and not text[end:right].strip()


def find_stamps(text: str, folded: str | None = None) -> list[Stamp]:
    """Page date stamps, in order.

    >>> [(s.when.isoformat(), s.month_only) for s in find_stamps(
    ...     "Thứ Ba, ngày 15/08/2023 | 08:51\\n(HG) - Sáng ngày 14-8, UBND tỉnh họp.")]
    [('2023-08-15', False)]
    >>> [s.when.isoformat()
    ...  for s in find_stamps(" date 2020-07 Sáng nay (20/7), khai mạc kỳ họp.")]
    ['2020-07-01']
    >>> find_stamps("Ngày 11/11/2023, Thủ tướng làm việc tại tỉnh.")
    []
    """
    folded = fold(text) if folded is None else folded
    stamps: list[Stamp] = []
    for m in _ISO_STAMP.finditer(folded):
        year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
        try:
            stamps.append(
                Stamp(date(year, month, int(day) if day else 1), m.start(), m.end(), day is None)
            )
        except ValueError:
            continue
    for w in find_whens(text, ref=_YEARLESS_REF):
        if w.kind is not WhenKind.DAY or not w.year_known or w.pos is None:
            continue
        start, end = w.pos, w.pos + len(w.raw)
        left = folded[max(0, start - _STAMP_LEFT) : start]
        near = folded[max(0, start - _CLOCK_NEAR) : end + _CLOCK_NEAR]
        line_start = not text[text.rfind("\n", 0, start) + 1 : start].strip()
        if (
            _STAMP_WORDS.search(left)
            or (line_start and _WEEKDAY.match(fold(w.raw)))
            or _CLOCK.search(near)
            or _alone_on_line(text, start, end)
        ):
            stamps.append(Stamp(w.start, start, end))
    return sorted(stamps, key=lambda s: s.pos)


def _not_the_meeting(folded: str, pos: int) -> bool:
    left = folded[max(0, pos - 48) : pos]
    return bool(_DOCUMENT_BEFORE.search(left) or _NOT_MEETING_BEFORE.search(left))


def _year_from_stamps(
    day: int, month: int, pos: int, stamps: list[Stamp], now: date | None
) -> int | None:
    """The year a stamp gives the day at `pos`: the nearest stamp before it, else the first
    after it (an article's publishing line at its foot)."""
    believed = [s for s in stamps if now is None or s.when <= now]
    before = [s for s in believed if s.pos < pos]
    after = [s for s in believed if s.pos > pos]
    if not before and not after:
        return None
    stamp = before[-1] if before else after[0]
    if (month, day) > (stamp.when.month, 31 if stamp.month_only else stamp.when.day):
        return None  # held the year before, or the stamp is a crawl date: either way unstated
    return stamp.when.year


def meeting_day(
    text: str, *, lead_end: int, now: date | None = None, folded: str | None = None
) -> MeetingDay | None:
    """The day the meeting was held: the first day in a sentence within the first `lead_end`
    characters that is neither a stamp nor a document's date, with its year when stated.

    >>> meeting_day(
    ...     "Thứ bảy 26/07/2025 03:19\\nSáng 24/7, HĐND thành phố khai mạc kỳ họp.", lead_end=200)
    MeetingDay(day=24, month=7, year=2025, raw='Sáng 24/7', pos=25)
    >>> meeting_day(
    ...     "Chiều 25/6, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị.", lead_end=200).year is None
    True
    >>> meeting_day("05/01/2024 08:00\\nNgày 28/12, UBND tỉnh họp phiên thường kỳ.",
    ...             lead_end=200).year is None
    True
    """
    folded = fold(text) if folded is None else folded
    stamps = find_stamps(text, folded)
    stamped = [(s.pos, s.end) for s in stamps]
    for w in find_whens(text[:lead_end], ref=_YEARLESS_REF):
        if w.kind is not WhenKind.DAY or w.pos is None:
            continue
        end = w.pos + len(w.raw)
        if any(a < end and w.pos < b for a, b in stamped) or _not_the_meeting(folded, w.pos):
            continue
        year = (
            w.start.year
            if w.year_known
            else _year_from_stamps(w.start.day, w.start.month, w.pos, stamps, now)
        )
        if year is not None and now is not None and date(year, 1, 1) > now:
            year = None
        return MeetingDay(w.start.day, w.start.month, year, w.raw, w.pos)
    return None
