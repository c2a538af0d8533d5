"""Stored records shaped for the reply templates: short, display-ready, no logic left for Jinja.

Figures are shown in the digest's words (`digest.render.figure_parts`): numbers and baselines
as the report wrote them; nothing is recomputed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.storage import FigureRow, StoredReport
from bot.storage.search import search_terms
from digest.models import MeetingKind, Quantity, Report
from digest.normalize import fold
from digest.numbers import parse_quantity, unit_kind
from digest.render import MEETING_NAMES, figure_parts

TITLE_CHARS = 110
EXCERPT_CHARS = 180


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut.

    >>> shorten("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", 20)
    'Hội nghị Ban Chấp…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return f"{cut}…"


def place(province: str | None, province_current: str | None) -> str:
    """ "Bắc Kạn (nay thuộc Thái Nguyên)" for a merged province.

    >>> place("Bắc Kạn", "Thái Nguyên"), place(None, None)
    ('Bắc Kạn (nay thuộc Thái Nguyên)', 'Không rõ tỉnh')
    """
    if province is None:
        return province_current or "Không rõ tỉnh"
    if province_current and province_current != province:
        return f"{province} (nay thuộc {province_current})"
    return province


def day(value: date | None) -> str:
    """A date as users read it: "14/7/2022"."""
    if value is None:
        return ""
    return f"{value.day}/{value.month}/{value.year}"


def report_day(report: Report) -> str:
    """The meeting's day; without a year when the report does not state one ("27/6")."""
    if report.date is not None:
        return day(report.date)
    if report.day is not None and report.month is not None:
        return f"{report.day}/{report.month}"
    return ""


def meeting(kind: MeetingKind | str) -> str:
    return MEETING_NAMES[MeetingKind(kind)]


@dataclass(frozen=True)
class ReportLine:
    id: int
    title: str
    place: str
    day: str


def report_line(stored: StoredReport) -> ReportLine:
    title = stored.title or meeting(stored.meeting_kind)
    return ReportLine(
        id=stored.id,
        title=shorten(title, TITLE_CHARS),
        place=place(stored.province, stored.province_current),
        day=report_day(stored.report),
    )


@dataclass(frozen=True)
class FigureLine:
    report_id: int
    province: str
    value: str  # the value as written ("2.099 tỷ đồng", "đạt 55% kế hoạch", "giảm 8 bậc")
    details: str | None  # its attributes as written: "bằng 60,1% dự toán, tăng 5% so với cùng kỳ"
    own_period: str | None  # the figure's own period as written: "lũy kế 9 tháng"
    period: str | None
    meeting: str
    day: str


def figure_line(row: FigureRow) -> FigureLine:
    """A stored figure in the digest's words (digest.render.figure_parts): what the digest
    printed is what the bot prints, baseline and status included."""
    figure = row.figure
    parts = figure_parts(figure)
    return FigureLine(
        report_id=row.report_id,
        province=place(row.province, row.province_current),
        value=parts[0],
        details=", ".join(parts[1:]) or None,
        own_period=figure.period_raw,
        period=figure.period,
        meeting=meeting(row.meeting_kind),
        day=day(row.date),
    )


@lru_cache(maxsize=8192)
def _quantity(value_raw: str) -> Quantity | None:
    return parse_quantity(value_raw)


def _size(row: FigureRow) -> tuple[str | None, float | None]:
    quantity = _quantity(row.figure.value_raw)
    if quantity is None:
        return unit_kind(row.figure.unit), row.figure.value
    return unit_kind(quantity.unit), quantity.base_value or quantity.value


def rank_by_value(rows: Iterable[FigureRow]) -> list[FigureRow]:
    """Largest first, comparing like with like: the most common kind of unit leads
    ("tỷ đồng" and "nghìn tỷ đồng" compare through their scale), other kinds follow."""
    sized = [(row, *_size(row)) for row in rows]
    counts = Counter(kind for _, kind, _ in sized)
    # Most common kind first; on a tie, absolute amounts before percentages.
    kinds = sorted(counts, key=lambda kind: (-counts[kind], kind == "percent", kind or ""))
    order = {kind: position for position, kind in enumerate(kinds)}
    sized.sort(key=lambda item: (order[item[1]], item[2] is None, -(item[2] or 0.0)))
    return [row for row, _, _ in sized]


class _FoldTable(dict[int, str]):
    """`digest.normalize.fold` one code point at a time, remembered: str.translate with it
    folds a 10 KB report in microseconds instead of milliseconds (same result)."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def excerpt(text: str, query: str, limit: int = EXCERPT_CHARS) -> str | None:
    """The sentence around the first word of `query` found in `text`, diacritics ignored.

    >>> excerpt("Mở đầu. Thu ngân sách đạt 2.099 tỷ đồng. Kết thúc.", "thu ngan sach")
    'Thu ngân sách đạt 2.099 tỷ đồng.'
    >>> excerpt("Thu ngân sách đạt 60%", "ngân sách")
    'Thu ngân sách đạt 60%'
    >>> excerpt("Sản xuất nông nghiệp ổn định. Xây dựng nông thôn mới đạt 80%.", "nong thon moi")
    'Xây dựng nông thôn mới đạt 80%.'
    """
    folded = text.translate(_FOLD_TABLE)  # same length as text: positions carry over
    terms = search_terms(query)
    for term in dict.fromkeys([" ".join(terms), *terms]) if terms else ():
        position = folded.find(term)
        if position < 0:
            continue
        dot = text.rfind(". ", 0, position)
        start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, position) + 1)
        ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
        end = min(ends) + 1 if ends else len(text)
        return shorten(text[start:end].strip(), limit)
    return None
