"""Stored records shaped for the reply templates: short, display-ready, no logic left for Jinja.

Figures are shown in the digest's words (`digest.present.figure_parts`): numbers and
baselines as the report wrote them; nothing is recomputed. Places, dates and figure lines are
written by digest.present, as in the digest itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from bot.core.templates import Both, escape_html
from bot.storage import FigureRow, ReportListing, StoredReport
from bot.storage.search import SearchQuery
from digest.models import MeetingKind, Quantity, Report
from digest.normalize import fold
from digest.numbers import parse_quantity, unit_kind
from digest.present import (
    MEETING_NAMES,
    TELEGRAM_LIMIT,
    ZALO_LIMIT,
    figure_parts,
    meeting_day,
    place,
    report_day,
)
from digest.render import render

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


def row_day(row: FigureRow) -> str:
    """A figure's meeting day, as `report_day` prints it."""
    return meeting_day(row.date, row.day, row.month)


def digest_both(report: Report) -> Both:
    """The report's digest in both flavours, each cut to its channel's one message: plain text
    for Zalo (and the console), HTML for Telegram."""
    return Both(
        text=render(report, "text", limit=ZALO_LIMIT),
        html=render(report, "html", limit=TELEGRAM_LIMIT),
    )


def meeting(kind: MeetingKind | str) -> str:
    return MEETING_NAMES[MeetingKind(kind)]


@dataclass(frozen=True)
class ReportLine:
    id: int
    title: str
    place: str
    day: str


def report_line(stored: StoredReport | ReportListing) -> ReportLine:
    title = stored.title or meeting(stored.meeting_kind)
    if isinstance(stored, ReportListing):
        when = meeting_day(stored.date, stored.day, stored.month)
    else:
        when = report_day(stored.report)
    return ReportLine(
        id=stored.id,
        title=shorten(title, TITLE_CHARS),
        place=place(stored.province, stored.province_current),
        day=when,
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
        day=row_day(row),
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
        self[code] = folded if len(folded) == 1 else chr(code).lower()[:1] or " "
        return self[code]


_FOLD_TABLE = _FoldTable()
# A stop before a digit groups thousands ("11.600 tỷ đồng"): it ends no sentence.
_SENTENCE_BREAK = regex.compile(r"\n|[.!?…;](?!\d)", regex.REVERSE)  # the last before a point
_SENTENCE_END = regex.compile(r"\n|[.!?…;]+(?!\d)")  # a line end, or the stops closing one
_EDGE = r"(?<![\p{L}\p{N}])"
_END = r"(?![\p{L}\p{N}])"


@lru_cache(maxsize=256)
def _patterns(query: SearchQuery) -> tuple[list[regex.Pattern[str]], list[regex.Pattern[str]]]:
    """Phrases and words as patterns over folded text, whole words only."""
    phrases = [
        regex.compile(_EDGE + r"\W+".join(map(regex.escape, phrase)) + _END)
        for phrase in query.phrases
    ]
    words = [regex.compile(_EDGE + regex.escape(word) + _END) for word in query.terms]
    return phrases, words


def _sentence(text: str, position: int) -> tuple[int, int]:
    """The sentence holding `position`: from after the last line end or stop before it, to
    the next line end or to the end of the stops that close it.

    >>> text = "Mở đầu. Hai câu!? Ba"
    >>> [text[slice(*_sentence(text, i))] for i in (0, 9, 19)]
    ['Mở đầu.', ' Hai câu!?', ' Ba']
    """
    before = _SENTENCE_BREAK.search(text, 0, position)
    start = 0 if before is None else before.end()
    after = _SENTENCE_END.search(text, position)
    if after is None:
        return start, len(text)
    return start, after.start() if after.group() == "\n" else after.end()


def _best_sentence(
    folded: str, phrases: list[regex.Pattern[str]], words: list[regex.Pattern[str]]
) -> tuple[int, int] | None:
    """The first sentence with the highest score (10 per phrase it holds, 1 per word), or
    None when no sentence holds a word.

    Each word is found once in the whole text and counted in the sentence around it (a word,
    letters and digits only, never spans two), instead of looking for every word in every
    sentence; a phrase's words are words too, so phrases need only be looked for in the
    sentences found so.
    """
    held: dict[tuple[int, int], set[int]] = {}  # sentence -> the words it holds
    for number, word in enumerate(words):
        for match in word.finditer(folded):
            held.setdefault(_sentence(folded, match.start()), set()).add(number)
    best: tuple[int, tuple[int, int]] | None = None
    for sentence in sorted(held):
        score = 10 * sum(1 for p in phrases if p.search(folded, *sentence)) + len(held[sentence])
        if best is None or score > best[0]:
            best = (score, sentence)
    return None if best is None else best[1]


@lru_cache(maxsize=256)
def snippet(text: str, query: SearchQuery, limit: int = EXCERPT_CHARS) -> Both | None:
    """The sentence that holds the quoted phrases, else the most of the words, cut to `limit`
    around them; in the HTML flavour the matching words are bold. Diacritics are ignored.
    Remembered: a pure function of its arguments, and a common search shows the same
    newest reports to everyone who asks (a fraction of a millisecond per report each time).

    >>> from bot.storage.search import parse_query
    >>> found = snippet("Mở đầu. Đồng chí Nguyễn Đức Thanh chủ trì. Kết thúc.",
    ...                 parse_query('"nguyen duc thanh"'))
    >>> found.text, found.html
    ('Đồng chí Nguyễn Đức Thanh chủ trì.', 'Đồng chí <b>Nguyễn Đức Thanh</b> chủ trì.')
    >>> text = "Sản xuất ổn định. Xây dựng nông thôn mới đạt 80%."
    >>> snippet(text, parse_query("nong thon moi")).text
    'Xây dựng nông thôn mới đạt 80%.'
    """
    folded = text.translate(_FOLD_TABLE)  # one character per character: positions carry over
    phrases, words = _patterns(query)
    best = _best_sentence(folded, phrases, words)
    if best is None:
        return None
    start, end = best
    while start < end and text[start].isspace():
        start += 1
    spans = sorted(
        (m.start(), m.end())
        for pattern in (phrases or words)
        for m in pattern.finditer(folded, start, end)
    )
    if end - start > limit:  # a long sentence: the part around the first match
        first = spans[0][0] if spans else start
        start = max(start, first - limit // 3)
        start, end = _whole_words(text, start, min(end, start + limit))
    return _marked(text, start, end, spans)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved inwards to spaces, so that a cut never halves a number or a
    word ("11.600" cut to "11.6" would misquote the report).

    >>> text = "thu ngân sách đạt gần 11.600 tỷ đồng"
    >>> text[slice(*_whole_words(text, 2, 26))]
    'ngân sách đạt gần'
    """
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, end)
        start = start if space < 0 else space + 1
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = end if space <= start else space
    return start, end


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> Both:
    plain, html, cursor = [], [], start
    for low, high in spans:
        low, high = max(low, cursor), min(high, end)
        if low >= high:
            continue
        plain.append(text[cursor:high])
        html.append(f"{escape_html(text[cursor:low])}<b>{escape_html(text[low:high])}</b>")
        cursor = high
    plain.append(text[cursor:end])
    html.append(escape_html(text[cursor:end]))
    before = text[:start].rstrip(" \t")
    lead = "…" if before and before[-1] not in "\n.!?…;" else ""  # cut inside a sentence
    tail = "…" if end < len(text) and text[end - 1] not in ".!?…;" else ""
    return Both(text=" ".join(f"{lead}{''.join(plain)}{tail}".split()),
                html=" ".join(f"{lead}{''.join(html)}{tail}".split()))
