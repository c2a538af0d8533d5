"""Dates and reporting periods in Vietnamese report prose.

Reads days ("Ngày 14-7", "Sáng ngày 27/6", "05/12/2023", "ngày 5 tháng 12 năm 2023") and the
periods provincial reports are organised by: "6 tháng đầu năm 2022" (HALF), "9 tháng năm
2021" (MONTHS), "quý II/2024" (QUARTER), "tháng 7/2024" (MONTH), "năm 2023" (YEAR),
"giai đoạn 2021 - 2025" (RANGE) and "giữa nhiệm kỳ 2020 - 2025" (MID_TERM).

Hand-written because dateparser (scrapinghub) parses one date string at a time, and its
search_dates reads figures such as "20/29" or "4-5" as dates and knows none of the reporting
periods; Duckling's Vietnamese time grammar (facebook/duckling, Duckling/Time/VI) has "quý 3"
and "tháng 10 năm 2017" but no cumulative months, halves or terms, and needs a Haskell server.

Decisions:

- The word before a day decides whether "D/M", "D-M" or "D.M" is a date: "ngày", "mùng",
  "mồng", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", a weekday ("thứ Hai,"), or brackets
  "(5/12)", or the date standing alone on its line. Without one, "5/12 chỉ tiêu", "4-5%" and
  "3.5" are figures, not dates (digest/numbers.py reads them the same way). A full date with a
  four-digit year ("05/12/2023") needs no cue; a two-digit year ("3/9/91") does, and is
  not kept: the day and month are read, the century would be a guess.
- A day or month written without a year takes the year that puts it between about ten months
  before `ref` and two months after it: reports look back on the past year and ahead a few
  weeks, so "ngày 28/12" read on 5 January is last December and "ngày 2/1" read on 28 December
  is next January. A period written without a year ("6 tháng đầu năm", "quý I") is in `ref`'s
  year unless it would start more than two months after `ref`, then in the year before.
- "N tháng" alone (no "đầu năm", "năm 2021" after it) is a period from January only for N in
  2..11 and when no duration word surrounds it ("sau 3 tháng", "6 tháng qua" are durations).
- A term "nhiệm kỳ 2020 - 2025" in a sentence that speaks of "giữa nhiệm kỳ" earlier on is the
  mid-term (MID_TERM), start..end still being the whole term.
- Weekday names are cues, not dates; relative words ("hôm nay", "năm ngoái") are not read.
- A year is 1900-2099, as in every other expression here: "05/12/9999" or "1/1/0000" is no
  date (and year 9999 would put the day after it out of `date`'s range).
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, timedelta

import regex

from digest.models import When, WhenKind
from digest.normalize import fold

_S = r"[^\S\n]"  # a space that does not cross a line break

# Every word is written with character classes so that a text typed without diacritics
# ("ngay 5/12", "quy II") reads the same; the pattern ignores case. The words before a
# number ("Sáng ngày", "giai đoạn") are read afterwards, backwards from the number, for the
# few numbers that look like a date: an optional prefix tried at every word of a report would
# cost ten times more.
_WHEN_TEMPLATE = r"""
    (?<![\p{L}\p{N}\u0345])
    (?i:                    # case is ignored from here on only: the test above, tried at every
    (?:                     # position of a report, costs a quarter less when it need not be
        (?=\d)                                                      # a number (the words before
        (?:                                                         # it are read by _prefix)
            (?P<range>                                              # 2021 - 2025, 2020 đến 2025
                (?P<r_a>YEAR)<S>*(?:[-–—]|[đd][ếe]n|t[ớo]i)<S>*(?:n[ăa]m<S>+)?(?P<r_b>YEAR))
          | (?P<months>                                             # 9 tháng (đầu) năm 2021
                (?P<m_n>\d{1,2})<S>+th[áa]ng<S>+
                (?:(?P<m_part>[đd][ầa]u|cu[ốo]i|c[òo]n<S>+l[ạa]i<S>+c[ủu]a)<S>+)?
                n[ăa]m(?![\p{L}])(?:<S>+(?P<m_year>YEAR))?)
          | (?P<day_words>                                          # 5 tháng 12 năm 2023
                (?P<dw_d>\d{1,2})<S>+th[áa]ng<S>+(?P<dw_m>\d{1,2})(?!\d)
                (?:<S>*,?<S>*(?:n[ăa]m<S>+)?(?P<dw_y>YEAR))?)
          | (?P<day_span>                                           # 16-18/8, 8 đến 9/12/2021
                (?P<ds_a>\d{1,2})<S>*(?:[-–]|[đd][ếe]n|t[ớo]i|v[àa])<S>*
                (?P<ds_d>\d{1,2})(?P<ds_sep>[/.-])(?P<ds_m>\d{1,2})
                (?:(?P=ds_sep)(?P<ds_y>\d{4}))?
                (?!\d|[/.-]\d|,\d))
          | (?P<day_num>                                            # 14-7, 05/12/2023
                (?P<dn_d>\d{1,2})(?P<dn_sep>[/.-])(?P<dn_m>\d{1,2})
                (?:(?P=dn_sep)(?P<dn_y>\d{4}|\d{2}))?
                (?!\d|[/.-]\d|,\d))                                 # not "288/825", "3.5,2"
          | (?P<months_bare>(?P<mb_n>\d{1,2})<S>+th[áa]ng(?![\p{L}]))  # 9 tháng
        )
      | (?P<half>                                                   # nửa đầu năm 2022
            n[ửu]a<S>+(?P<h_part>[đd][ầa]u|cu[ốo]i)<S>+n[ăa]m(?:<S>+(?P<h_year>YEAR))?)
      | (?P<quarter>                                                # quý II/2024, quý I năm 2023
            qu[ýy]<S>+(?P<q>IV|I{1,3}|[1-4])(?![\p{L}\p{N}])
            (?:<S>*(?:[/-]|(?:c[ủu]a<S>+)?n[ăa]m)<S>*(?P<q_year>YEAR))?)
      | (?P<month>                                                  # tháng 7/2024, tháng 10/2023
            th[áa]ng<S>+(?P<mo>\d{1,2})(?!\d|[.,]\d)
            (?:<S>*(?:[/-]|,|n[ăa]m)?<S>*(?P<mo_year>YEAR))?)
      | (?P<year>n[ăa]m<S>+(?P<y>YEAR)                              # năm 2023,
            (?!<S>*(?:[-–—]|[đd][ếe]n|t[ớo]i)<S>*(?:n[ăa]m<S>+)?YEAR))  # not "năm 2022 - 2023"
    )
    )
"""

_YEAR = r"(?:19|20)\d\d(?!\d)"

# The words before the first year of a span: "giữa nhiệm kỳ", "giai đoạn", "từ năm".
_TERM_PREFIX = r"""(?:
        (?P<r_mid>gi[ữu]a<S>+)?(?P<r_word>giai<S>+[đd]o[ạa]n|nhi[ệe]m<S>+k[ỳy]|th[ờo]i<S>+k[ỳy])<S>+
            (?:t[ừu]<S>+)?(?:n[ăa]m<S>+)?
      | t[ừu]<S>+(?:n[ăa]m<S>+)?
      | n[ăa]m<S>+
    )"""

# A word that makes "D/M" a day: a weekday, a part of the day, "ngày", "mùng". The lookbehind
# takes the first alternative that fits, so the longer ones come first.
_DAY_CUE = r"""(?:
        (?:th[ứu]<S>+(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|[2-7])|ch[ủu]<S>+nh[ậa]t)
            <S>*,?<S>*(?:ng[àa]y<S>+)?(?:(?:m[ùu]ng|m[ồo]ng)<S>+)?
      | (?:s[áa]ng|chi[ềe]u|t[ốo]i|tr[ưu]a|[đd][êe]m|h[ôo]m|r[ạa]ng<S>+s[áa]ng)<S>+
            (?:(?:nay|qua|mai)<S>+)?(?:ng[àa]y<S>+)?(?:(?:m[ùu]ng|m[ồo]ng)<S>+)?
      | ng[àa]y<S>+(?:(?:m[ùu]ng|m[ồo]ng)<S>+)?
      | (?:m[ùu]ng|m[ồo]ng)<S>+
    )"""


def _compile(pattern: str) -> regex.Pattern[str]:
    """A verbose, case-insensitive pattern whose <S> stands for a space within a line."""
    return regex.compile(pattern.replace("<S>", _S), regex.VERBOSE | regex.IGNORECASE)


# The leading test is compiled without IGNORECASE (the rest of the pattern sets it inline):
# ignoring case, [\p{L}\p{N}] also matched U+0345, the one character whose other case is a
# letter while it is none (a Greek combining mark), so that one is listed with them.
_WHEN = regex.compile(_WHEN_TEMPLATE.replace("YEAR", _YEAR).replace("<S>", _S), regex.VERBOSE)
# Searched backwards ((?r)) from a number: the words that end right before it.
_DAY_CUE_BEFORE = _compile(r"(?r)(?<![\p{L}\p{N}])(?P<pre>" + _DAY_CUE + r")\Z")
_TERM_PREFIX_BEFORE = _compile(r"(?r)(?<![\p{L}\p{N}])(?P<pre>" + _TERM_PREFIX + r")\Z")
_PREFIX_WINDOW = 40  # characters; longer than any cue or prefix

# Words around "N tháng" that make it a duration rather than a period from January.
_DURATION_BEFORE = _compile(
    r"""(?:sau|m[ỗo]i|h[ơo]n|g[ầa]n|kho[ảa]ng|m[ấa]t|k[ée]o<S>+d[àa]i|th[ờo]i<S>+h[ạa]n
        |v[òo]ng|tr[êe]n|d[ưu][ớo]i|t[ốo]i<S>+[đd]a|t[ốo]i<S>+thi[ểe]u|c[ảa]
        |\d<S>*[-–])<S>*\Z                      # "3-6 tháng": the end of a range"""
)
_DURATION_AFTER = _compile(
    r"""<S>*(?:qua|t[ớo]i|ti[ếe]p<S>+theo|li[êe]n<S>+t[ụu]c|li[ềe]n|tr[ởo]<S>+l[êe]n
        |m[ộo]t<S>+l[ầa]n|sau|tr[ưu][ớo]c|n[ữu]a|g[ầa]n<S>+[đd][âa]y|v[ừu]a<S>+qua
        |k[ểe]<S>+t[ừu])(?![\p{L}])"""
)
# Earlier in the sentence: this term is the subject of a mid-term review.
_MID_TERM_WORDS = regex.compile(r"(?:gi[ữu]a|n[ửu]a)\s+nhi[ệe]m\s+k[ỳy]", regex.IGNORECASE)
_SENTENCE_END = regex.compile(r"[.!?\n]")

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_SPAN_DAYS = 6  # a meeting over several days lasts a few: "16-18/8" is one, "1-28/2" is not
_FIRST_YEAR, _LAST_YEAR = 1900, 2099  # the years _YEAR reads
_AHEAD = timedelta(days=62)  # how far after `ref` a yearless date may lie
_BEHIND = timedelta(days=303)  # how far before `ref` it may lie
_MID_TERM_LOOKBACK = 240  # characters of the sentence searched for "giữa nhiệm kỳ"


# --- Helpers -----------------------------------------------------------------------------


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _yearless_day(month: int, day: int, ref: date) -> date | None:
    """The day in the year that puts it between ~10 months before and 2 months after `ref`."""
    for year in (ref.year + 1, ref.year, ref.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if (candidate - ref) <= _AHEAD and (ref - candidate) <= _BEHIND:  # no date past date.max
            return candidate
    return None


def _period_year(start_month: int, ref: date) -> int:
    """A yearless period is in ref's year unless it would start well after `ref`."""
    return ref.year if date(ref.year, start_month, 1) - ref <= _AHEAD else ref.year - 1


def _when(
    m: regex.Match[str],
    start: date,
    end: date,
    kind: WhenKind,
    year_known: bool,
    *,
    prefix: regex.Match[str] | None = None,
) -> When:
    """A When whose raw text is the match, from the words before it when `prefix` read them
    ("Sáng ngày", "giai đoạn")."""
    pos = prefix.start() if prefix is not None else m.start()
    return When(
        start=start,
        end=end,
        kind=kind,
        year_known=year_known,
        raw=m.string[pos : m.end()],
        pos=pos,
    )


def _prefix(
    pattern: regex.Pattern[str], m: regex.Match[str], floor: int
) -> regex.Match[str] | None:
    """The cue or term words ending right before the match, not reaching back past `floor`
    (the end of the previous When)."""
    return pattern.search(m.string, max(floor, m.start() - _PREFIX_WINDOW), m.start())


# --- One rule per kind -------------------------------------------------------------------


def _mid_term_sentence(text: str, pos: int) -> bool:
    """Whether the sentence before `pos` speaks of a mid-term ("sơ kết giữa nhiệm kỳ ...")."""
    window = text[max(0, pos - _MID_TERM_LOOKBACK) : pos]
    ends = [e.end() for e in _SENTENCE_END.finditer(window)]
    return bool(_MID_TERM_WORDS.search(window, ends[-1] if ends else 0))


def _range(m: regex.Match[str], text: str, floor: int) -> When | None:
    a, b = int(m.group("r_a")), int(m.group("r_b"))
    if not 0 < b - a <= 50:
        return None
    prefix = _prefix(_TERM_PREFIX_BEFORE, m, floor)
    # "giữa nhiệm kỳ 2020 - 2025", or "sơ kết giữa nhiệm kỳ ..., nhiệm kỳ 2020 - 2025"
    term = prefix is not None and fold(prefix.group("r_word") or "").startswith("nhiem")
    mid = (prefix is not None and prefix.group("r_mid")) or (
        term and prefix is not None and _mid_term_sentence(text, prefix.start())
    )
    kind = WhenKind.MID_TERM if mid else WhenKind.RANGE
    return _when(m, date(a, 1, 1), date(b, 12, 31), kind, True, prefix=prefix)


def _half(m: regex.Match[str], ref: date) -> When | None:
    first = fold(m.group("h_part")).startswith("d")  # đầu, not cuối
    year = m.group("h_year")
    start_month = 1 if first else 7
    y = int(year) if year else _period_year(start_month, ref)
    end = date(y, 6, 30) if first else date(y, 12, 31)
    return _when(m, date(y, start_month, 1), end, WhenKind.HALF, year is not None)


def _months(m: regex.Match[str], ref: date) -> When | None:
    n = int(m.group("m_n"))
    part = fold(m.group("m_part") or "")
    year = m.group("m_year")
    if not 1 <= n <= 12 or (not part and not year):
        return None  # "9 tháng năm" alone: too weak ("ngày 9 tháng năm" is a day in May)
    last = bool(part) and not part.startswith("d")  # cuối, còn lại của; not đầu
    start_month = 13 - n if last else 1
    end_month = 12 if last else n
    y = int(year) if year else _period_year(start_month, ref)
    kind = WhenKind.HALF if n == 6 else WhenKind.MONTHS
    return _when(m, date(y, start_month, 1), _last_day(y, end_month), kind, year is not None)


def _months_bare(m: regex.Match[str], text: str, ref: date) -> When | None:
    n = int(m.group("mb_n"))
    if not 2 <= n <= 11:
        return None
    if _DURATION_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return None
    if _DURATION_AFTER.match(text, m.end()):
        return None
    y = _period_year(1, ref)
    kind = WhenKind.HALF if n == 6 else WhenKind.MONTHS
    return _when(m, date(y, 1, 1), _last_day(y, n), kind, False)


def _day(day: int, month: int, year: int | None, ref: date) -> date | None:
    if year is None:
        return _yearless_day(month, day, ref)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_words(m: regex.Match[str], ref: date, floor: int) -> When | None:
    year = m.group("dw_y")
    day = _day(int(m.group("dw_d")), int(m.group("dw_m")), int(year) if year else None, ref)
    if day is None:
        return None
    cue = _prefix(_DAY_CUE_BEFORE, m, floor)
    return _when(m, day, day, WhenKind.DAY, year is not None, prefix=cue)


def _stands_alone(text: str, m: regex.Match[str]) -> bool:
    """A date in brackets, "(5/12)", or on a line of its own."""
    before = text[m.start() - 1] if m.start() > 0 else "\n"
    after = text[m.end()] if m.end() < len(text) else "\n"
    if before == "(" and after == ")":
        return True
    # Only white space between the date and the line breaks around it: looked at outwards
    # from the date, since its line may be the whole text.
    start, end = m.start(), m.end()
    while start > 0 and text[start - 1] != "\n" and text[start - 1].isspace():
        start -= 1
    while end < len(text) and text[end] != "\n" and text[end].isspace():
        end += 1
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def _day_num(m: regex.Match[str], text: str, ref: date, floor: int) -> When | None:
    cue = _prefix(_DAY_CUE_BEFORE, m, floor)
    raw_year = m.group("dn_y")
    if raw_year is None and not cue and not _stands_alone(text, m):
        return None  # "5/12 chỉ tiêu", "4-5%": a figure
    if raw_year is not None and len(raw_year) == 2 and not cue:
        return None
    year = None
    # A two-digit year ("1/12/10") is read as the day and month only: its century would be
    # our guess, and a year the digest prints must stand in the text as written.
    if raw_year is not None and len(raw_year) == 4:
        year = int(raw_year)
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            return None  # "05/12/9999": no date
    day = _day(int(m.group("dn_d")), int(m.group("dn_m")), year, ref)
    if day is None:
        return None
    return _when(m, day, day, WhenKind.DAY, year is not None, prefix=cue)


def _bracketed(text: str, m: regex.Match[str]) -> bool:
    """A date in brackets, spaces allowed inside them: "( 16-18/8)"."""
    before = text[max(0, m.start() - 3) : m.start()].rstrip()
    after = text[m.end() : m.end() + 3].lstrip()
    return before.endswith("(") and after.startswith(")")


def _day_span(m: regex.Match[str], text: str, ref: date, floor: int) -> When | None:
    """A meeting held over a few days, "Trong 3 ngày (16-18/8)", "từ ngày 8-9/12/2021": a
    day (its first), from `start` to `end`."""
    cue = _prefix(_DAY_CUE_BEFORE, m, floor)
    raw_year = m.group("ds_y")
    if raw_year is None and not cue and not _bracketed(text, m):
        return None  # "1-2/3 chỉ tiêu": a figure
    year = int(raw_year) if raw_year is not None else None
    if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    first, last, month = int(m.group("ds_a")), int(m.group("ds_d")), int(m.group("ds_m"))
    if not 0 < last - first <= _SPAN_DAYS:
        return None
    start = _day(first, month, year, ref)
    if start is None:
        return None
    try:
        end = date(start.year, month, last)
    except ValueError:
        return None
    return _when(m, start, end, WhenKind.DAY, year is not None, prefix=cue)


def _quarter(m: regex.Match[str], ref: date) -> When | None:
    q_raw = m.group("q").upper()
    q = _ROMAN.get(q_raw) or int(q_raw)
    year = m.group("q_year")
    start_month = 3 * q - 2
    y = int(year) if year else _period_year(start_month, ref)
    return _when(
        m, date(y, start_month, 1), _last_day(y, start_month + 2), WhenKind.QUARTER, bool(year)
    )


def _month(m: regex.Match[str], ref: date) -> When | None:
    month = int(m.group("mo"))
    if not 1 <= month <= 12:
        return None
    year = m.group("mo_year")
    if year:
        y = int(year)
    else:
        first = _yearless_day(month, 1, ref)
        y = first.year if first else ref.year
    return _when(m, date(y, month, 1), _last_day(y, month), WhenKind.MONTH, year is not None)


def _year(m: regex.Match[str]) -> When:
    y = int(m.group("y"))
    return _when(m, date(y, 1, 1), date(y, 12, 31), WhenKind.YEAR, True)


def _read(m: regex.Match[str], text: str, ref: date, floor: int) -> When | None:
    """The When a match stands for, or None; `floor` is where the previous When ended."""
    kind = m.lastgroup
    if kind == "range":
        return _range(m, text, floor)
    if kind == "half":
        return _half(m, ref)
    if kind == "months":
        return _months(m, ref)
    if kind == "day_words":
        return _day_words(m, ref, floor)
    if kind == "day_num":
        return _day_num(m, text, ref, floor)
    if kind == "day_span":
        return _day_span(m, text, ref, floor)
    if kind == "quarter":
        return _quarter(m, ref)
    if kind == "month":
        return _month(m, ref)
    if kind == "months_bare":
        return _months_bare(m, text, ref)
    return _year(m)


# --- Public API --------------------------------------------------------------------------


def find_whens(text: str, *, ref: date) -> list[When]:
    """Every date and period in `text`, in order, with `text[w.pos:w.pos+len(w.raw)] == w.raw`.

    >>> [(w.raw, w.kind.value) for w in find_whens(
    ...     "Ngày 14-7, Tỉnh ủy đánh giá 6 tháng đầu năm; kết nạp 288/825 đảng viên.",
    ...     ref=date(2022, 7, 15))]
    [('Ngày 14-7', 'day'), ('6 tháng đầu năm', 'half')]
    """
    out: list[When] = []
    pos = floor = 0
    while True:
        m = _WHEN.search(text, pos)
        if m is None:
            return out
        try:
            when = _read(m, text, ref, floor)
        except (ValueError, OverflowError):  # a period before year 1 or after 9999 of `date`
            when = None
        if when is None:
            pos = m.start() + 1  # a rejected match may hide a shorter one inside it
            continue
        out.append(when)
        pos = floor = m.end()


def parse_when(text: str, *, ref: date) -> When | None:
    """The first date or period in `text`.

    >>> w = parse_when("Sáng ngày 27/6, Thường trực Tỉnh ủy họp", ref=date(2023, 6, 28))
    >>> w.start, w.kind.value, w.year_known
    (datetime.date(2023, 6, 27), 'day', False)
    >>> w = parse_when("quý II/2024", ref=date(2023, 1, 1))
    >>> w.start, w.end
    (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    """
    found = find_whens(text, ref=ref)
    return found[0] if found else None


# A year after one of these words is a horizon or a comparison, not the report's year.
_NOT_THE_REPORT_YEAR = _compile(
    r"""(?:[đd][ếe]n|t[ớo]i|so<S>+v[ớo]i(?:<S>+c[ùu]ng<S>+k[ỳy])?|so<S>+s[áa]nh|t[ầa]m<S>+nh[ìi]n
        |t[ừu]|tr[ưu][ớo]c|sau|k[ểe]<S>+t[ừu])<S>*\Z"""
)
_PERIOD_KINDS = frozenset(
    {WhenKind.HALF, WhenKind.MONTHS, WhenKind.QUARTER, WhenKind.MONTH, WhenKind.YEAR}
)
_TOP_LINES = 5
_TOP_CHARS = 400
# At most this much, however long the first lines are: in text without line breaks the first
# "line" is the whole report, and a date at its end is no dateline. The first five lines of
# the seeds and the written corpus end within 2,866 characters.
_TOP_MAX_CHARS = 4_000
_ANY_REF = date(2000, 1, 1)  # yearless expressions are ignored, so any reference will do


def _top_end(text: str) -> int:
    """Where the top of a report ends: its first few non-empty lines, or 400 characters,
    and no further than _TOP_MAX_CHARS."""
    end, lines = 0, 0
    while lines < _TOP_LINES and end < len(text):
        nxt = text.find("\n", end)
        nxt = len(text) if nxt < 0 else nxt
        lines += 1 if text[end:nxt].strip() else 0
        end = nxt + 1
    return min(max(end, _TOP_CHARS), _TOP_MAX_CHARS)


def infer_report_year(text: str, *, midterm_guess: bool = False) -> int | None:
    """The year a report is about, from the years written in it; None when there is none.

    A full date near the top (the article's dateline) wins; then the commonest year of the
    periods ("6 tháng cuối năm 2022", "năm 2023", "quý II/2024"), leaving out horizons and
    comparisons ("đến năm 2030", "so với năm 2022"); then the commonest year of full dates.
    With `midterm_guess`, a mid-term review of a term falls back to the term's middle year:
    good enough to tell which leaders were in office, never a year to print.

    >>> infer_report_year("Hội nghị đánh giá 6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm 2022.")
    2022
    >>> infer_report_year("Hội nghị sơ kết giữa nhiệm kỳ 2020 - 2025.") is None
    True
    >>> infer_report_year("Hội nghị sơ kết giữa nhiệm kỳ 2020 - 2025.", midterm_guess=True)
    2023
    >>> infer_report_year("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12") is None
    True
    """
    whens = [w for w in find_whens(text, ref=_ANY_REF) if w.year_known]
    top = _top_end(text)
    for w in whens:
        if w.kind is WhenKind.DAY and w.pos is not None and w.pos < top:
            return w.start.year
    periods: Counter[int] = Counter()
    first_seen: dict[int, int] = {}
    for w in whens:
        if w.kind not in _PERIOD_KINDS or w.pos is None:
            continue
        if _NOT_THE_REPORT_YEAR.search(text, max(0, w.pos - 24), w.pos):
            continue
        periods[w.start.year] += 1
        first_seen.setdefault(w.start.year, w.pos)
    if periods:
        return max(periods, key=lambda y: (periods[y], -first_seen[y]))
    days = Counter(w.start.year for w in whens if w.kind is WhenKind.DAY)
    if days:
        return days.most_common(1)[0][0]
    if midterm_guess:
        for w in whens:
            if w.kind is WhenKind.MID_TERM:
                return w.start.year + -(-(w.end.year - w.start.year) // 2)
    return None
