"""The words a figure is known by: its label, its own period, its price basis.

A label is the text between the previous figure and the value ("thu ngân sách nhà nước trên
địa bàn ước đạt" -> "thu ngân sách nhà nước trên địa bàn"); a value that opens its clause
takes the words after it ("100% số xã đạt chuẩn nông thôn mới"). A label that only names a
period, a running total or a price basis ("lũy kế 9 tháng", "theo giá so sánh") belongs to
the figure before it: the value is that indicator's again, on another period or basis.
"""

from __future__ import annotations

import html
import re
from functools import cache

import regex

from digest.cues import phrase_matcher
from digest.figure_words import load_figure_words, match_at
from digest.normalize import fold
from digest.unit_vocabulary import load_vocabulary

# Words between a previous figure and a label that only join clauses.
_LABEL_LEAD = regex.compile(
    r"^[\s,;:.()\-–]*(?:và|với|trong đó|trong năm|riêng|còn|đã|có|cùng với|đồng thời|ngoài ra|"
    r"tổng cộng|toàn tỉnh|toàn thành phố|cả năm|năm(?!\s*\d)|đến nay|tính đến nay|lên|xuống)?"
    r"[\s,;:]*",
    regex.IGNORECASE,
)
# Verbs and fillers between a label and its value.
_TAIL_WORDS = (
    r"(?:ước|dự ước|ước tính|ước thực hiện|ước cả năm|đạt|đạt được|được|là|có|cho|với|"
    r"chỉ|chỉ mới|mới chỉ|mới đạt|thực hiện|thực hiện được|tăng|giảm|lên|xuống|đón|tiếp đón|"
    r"khoảng|phục vụ|thu hút|"
    r"lần lượt|hiện|còn|tăng dần|giảm dần|dần|từ)"
)
_LABEL_TAIL = regex.compile(rf"[\s,:]*(?:\b{_TAIL_WORDS}\b[\s,:]*)+$", regex.IGNORECASE)
# The last of those words at the very end, searched backwards ((?r)) from it: one try, where
# the search for the whole run tries every position of the window. Most labels end otherwise,
# and then there is no run to look for.
_ENDS_WITH_TAIL = regex.compile(rf"(?r)\b{_TAIL_WORDS}\b[\s,:]*$", regex.IGNORECASE)
_MARKUP = regex.compile(
    r"<[^<>]{0,200}>|<[/!]?[a-z][^<>]{0,200}$|^[^<>]{0,200}>", regex.IGNORECASE
)
_LETTER = regex.compile(r"\p{L}")
_MAX_LABEL = 120
_TAIL_REACH = 80  # longer than any run of verbs and fillers before a value
# The label of a value that opens its clause: the words after it, up to the next stop.
_RIGHT_LABEL = regex.compile(r"[^;.:()\d\n]{3,80}")
# A period as written (folded): "trong tháng 10", "6 tháng đầu năm 2018", "quý I/2024", "năm 2016".
_PERIOD = regex.compile(
    r"""(?:trong\s+)?(?:
        (?:\d{1,2}|sau|chin|ba|muoi|mot)\s+thang(?:\s+(?:dau|cuoi))?(?:\s+nam)?(?:\s+(?:(?:19|20)\d\d|nay|qua))?
      | thang\s+\d{1,2}(?:[/-](?:19|20)\d\d|\s+nam\s+(?:19|20)\d\d)?
      | quy\s+(?:[ivx]+|\d)(?:[/-](?:19|20)\d\d|\s+nam\s+(?:19|20)\d\d)?
      | nam\s+(?:19|20)\d\d
    )(?!\w)""",
    regex.VERBOSE,
)
_PERIOD_AFTER = regex.compile(rf"\s*,?\s*\(?\s*(?P<period>{_PERIOD.pattern})\s*\)?", regex.VERBOSE)
_CUMULATIVE_TAIL = regex.compile(
    r"""(?:\s+(?:thuc\s+hien|uoc\s+thuc\s+hien))?
        (?:\s+(?:den\s+(?:ngay\s+)?\d[\d/.-]*|tu\s+dau\s+nam(?:\s+den\s+nay)?
        |(?:\d{1,2}|sau|chin|muoi)\s+thang(?:\s+dau\s+nam)?(?:\s+(?:nam\s+)?(?:19|20)\d\d)?))?""",
    regex.VERBOSE,
)
_BRACKETED_PRICE = regex.compile(r"\s*,?\s*\(\s*(?:theo\s+|tinh\s+theo\s+)?")


def strip_markup(text: str) -> str:
    """A label without HTML left in a pasted text ("<figcaption>Năm 2023, GRDP", "&nbsp;").

    >>> strip_markup("<p>Thu ngân sách&nbsp;nhà nước")
    ' Thu ngân sách\xa0nhà nước'
    """
    if "<" in text or ">" in text:
        text = _MARKUP.sub(" ", text)
    return html.unescape(text) if "&" in text else text


def clean_label(text: str) -> str:
    """The label without the joints before it and the verbs after it."""
    text = _LABEL_LEAD.sub("", strip_markup(text))
    # The verbs stand at the end: only the last words are searched for them.
    reach = max(0, len(text) - _TAIL_REACH)
    tail = _LABEL_TAIL.search(text, reach) if _ENDS_WITH_TAIL.search(text, reach) else None
    text = (text[: tail.start()] if tail else text).strip(" ,;:-–(")
    if len(text) > _MAX_LABEL:
        cut = max(text.rfind(", ", 0, len(text) - 10), text.rfind("; "))
        text = text[cut + 2 :] if cut > 0 else _last_words(text, _MAX_LABEL)
    return " ".join(text.split())


def _last_words(text: str, limit: int) -> str:
    """The whole words among the last `limit` characters: a word cut in two could be a number
    the report does not hold.

    >>> _last_words("thu ngân sách 12345", 8), _last_words("9" * 30, 8)
    ('12345', '')
    """
    start = len(text) - limit
    if start <= 0 or text[start - 1].isspace():
        return text[max(start, 0) :]
    space = text.find(" ", start)
    return "" if space < 0 else text[space + 1 :]


def right_label(text: str, end: int) -> str:
    """The words after a value that opens its clause: "100% số xã đạt chuẩn"."""
    m = match_at(_RIGHT_LABEL, text, end)
    if m is None:
        return ""
    words = m.group()
    if len(words) == 80 and " " in words:
        words = words.rsplit(" ", 1)[0]
    return clean_label(words.split(",")[0] if words.count(",") > 2 else words)


# Words a label may hold beside a period, a running total or a price basis and still name
# nothing of its own.
_FILLER = frozenset(
    [
        "theo",
        "tinh",
        "thuc",
        "hien",
        "uoc",
        "duoc",
        "dat",
        "va",
        "con",
        "rieng",
        "trong",
        "do",
        "tai",
        "o",
        "tu",
        "den",
        "tuong",
        "duong",
        "tren",
        "dia",
        "ban",
        "thang",
        "quy",
        "nam",
        "dau",
        "cuoi",
        "nay",
        "qua",
    ]
)
_NAMING_CLUES = ("luy", "cong don", "tinh chung", "gia ", "thang", "quy", "nam")
_MAX_NOTHING = 48  # longer than "lũy kế từ đầu năm đến nay theo giá so sánh năm 2010"


def names_nothing(folded_label: str) -> bool:
    """Whether a label (folded) only names a period, a running total or a price basis, so
    the value it stands before is the previous figure's indicator again.

    >>> names_nothing("luy ke 9 thang"), names_nothing("theo gia so sanh")
    (True, True)
    >>> names_nothing("xuat khau")
    False
    """
    if len(folded_label) > _MAX_NOTHING:
        return False  # an indicator's name: no period says this much
    if not any(c in folded_label for c in _NAMING_CLUES):
        return all(w in _FILLER for w in _LETTER_RUN.findall(folded_label))
    words = load_figure_words()
    rest = words.cumulative.sub(" ", folded_label)
    rest = words.price_basis.sub(" ", rest)
    rest = _PERIOD.sub(" ", rest)
    return all(w in _FILLER for w in _LETTER_RUN.findall(rest))


_LETTER_RUN = regex.compile(r"\p{L}+")


# Words without which a label names no period (a substring test first: labels are many).
_PERIOD_CLUES = ("thang", "quy", "nam", "luy ke", "cong don", "tinh chung")


def own_period(text: str, folded: str, start: int, end: int) -> str | None:
    """The period a value's label gives it, as written: "lũy kế 9 tháng", "trong tháng 10"."""
    span = folded[start:end]
    if not any(w in span for w in _PERIOD_CLUES):
        return None
    words = load_figure_words()
    cumulative = words.cumulative.search(folded, start, end)
    if cumulative is not None:
        tail = _CUMULATIVE_TAIL.match(folded, cumulative.end(), end)
        stop = tail.end() if tail else cumulative.end()
        return _as_written(text, cumulative.start(), stop)
    price = words.price_basis.search(folded, start, end)
    last = None
    for m in _PERIOD.finditer(folded, start, end):
        if price is not None and price.start() <= m.start() < price.end():
            continue  # "giá so sánh năm 2010"
        if _COMPARED.search(folded, max(start, m.start() - 8), m.start()):
            continue  # "tăng thu ngân sách so với năm 2024 là 20-30%": what it is against
        last = m
    return _as_written(text, last.start(), last.end()) if last else None


_COMPARED = regex.compile(r"\bso(?:\s+voi)?\s+$")

_NEXT_PERIOD = regex.compile(
    rf"[,;]\s*(?:va\s+|con\s+|rieng\s+)?(?:{_PERIOD.pattern})\s+\D{{0,24}}$", regex.VERBOSE
)


def opens_another_period(folded: str, start: int, end: int) -> bool:
    """Whether the words between two values open the next one on another period: "năm 2023
    tăng trưởng đạt 6,8%, năm 2024 đạt 7,9%", "quý I tăng 5,2%; quý II tăng 6,1%"."""
    return bool(_NEXT_PERIOD.search(folded, start, end))


def period_after(text: str, folded: str, pos: int) -> tuple[str, int] | None:
    """A period right after a value ("6,67% năm 2016"), as written, and where it ends."""
    m = match_at(_PERIOD_AFTER, folded, pos)
    if m is None:
        return None
    return _as_written(text, m.start("period"), m.end("period")), m.end()


def price_basis(text: str, folded: str, start: int, end: int) -> str | None:
    """ "giá so sánh 2010", "giá hiện hành" in a figure's words, as written."""
    if "gia " not in folded[start:end]:
        return None
    m = load_figure_words().price_basis.search(folded, start, end)
    return _as_written(text, m.start(), m.end()) if m else None


_CLOSING_BRACKET = regex.compile(r"\s*\)")


def price_basis_after(text: str, folded: str, pos: int) -> tuple[str, int] | None:
    """A price basis in brackets after a figure: "(theo giá so sánh 2010)"; and its end."""
    lead = match_at(_BRACKETED_PRICE, folded, pos)
    if lead is None or "(" not in folded[pos : lead.end()]:
        return None
    m = match_at(load_figure_words().price_basis, folded, lead.end())
    if m is None:
        return None
    close = _CLOSING_BRACKET.match(folded[m.end() : m.end() + 8])
    return _as_written(text, m.start(), m.end()), m.end() + (close.end() if close else 0)


def _as_written(text: str, start: int, end: int) -> str:
    """Words of the text, spaces evened; a capital that only starts a sentence is lowered."""
    words = " ".join(text[start:end].split())
    first = words.split(" ", 1)[0]
    return words if first.isupper() else words[:1].lower() + words[1:]


_COUNTED_KINDS = ("count", "people", "households", "visits")
_NUMBER_OF = regex.compile(r"(?:^|\s)(?:tong\s+)?so\s+(?:luong\s+)?$|(?:^|\s)(?:tong\s+)?so\s+")


@cache
def _counted_nouns() -> tuple[re.Pattern[str], dict[str, str]]:
    units = [e for e in load_vocabulary().units if e.role in _COUNTED_KINDS]
    canonical = {fold(v).lower(): e.canonical for e in units for v in e.variants}
    return phrase_matcher(list(canonical)), canonical


def counted_in_label(folded_label: str) -> str | None:
    """The counted noun of "Số doanh nghiệp thành lập mới là 22.463", whose number has no unit
    after it: the unit is named before, after "số" (number of).

    >>> counted_in_label("so doanh nghiep thanh lap moi"), counted_in_label("ty le")
    ('doanh nghiệp', None)
    """
    m = _NUMBER_OF.search(folded_label)
    if m is None:
        return None
    matcher, canonical = _counted_nouns()
    noun = matcher.match(folded_label, m.end())
    return canonical.get(" ".join(noun.group().split())) if noun else None
