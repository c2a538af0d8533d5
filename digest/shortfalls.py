"""Shortfalls: what the report names as limitations or missed targets, one line each."""

from __future__ import annotations

import regex

from digest.condense import condense
from digest.cues import find_demand, load_cues
from digest.directives import _after_demand
from digest.normalize import fold
from digest.sections import Clause, Part
from digest.task_shape import needs_at

# A clause that introduces a list of shortfalls ("... chưa đạt kế hoạch như", "... hạn chế, như").
_LIST_HEADER = regex.compile(r"(?:\bnhu|\bgom|\bsau day)\s*$")
# A clause this short that continues a sentence is part of the item before it
# ("...hạn chế về phương thức chỉ đạo; công tác cán bộ").
_CONTINUATION_WORDS = 6
_MIN_CONTENT_WORDS = 2
_WORD = regex.compile(r"\p{L}{2,}")
# Markers that name the topic of shortfalls rather than a shortfall: a clause about the
# meeting's discussion that only has these ("phân tích những hạn chế") is not one.
_TOPIC_MARKERS = {
    "han che",
    "ton tai",
    "yeu kem",
    "kho khan",
    "vuong mac",
    "con han che",
    "dien bien phuc tap",
}
MAX_SHORTFALLS = 20
# "Nếu buông lỏng quản lý, vi phạm sẽ tăng": a condition, not a state.
_CONDITION = regex.compile(r"\s*(?:neu|khi|de)\s")
# Who said it, before what was said: "Theo ông A,", "Bí thư Tỉnh ủy nhấn mạnh,".
_SAID = regex.compile(
    r"(?:^\s*theo\s[^,]{1,60},|\b(?:nhan manh|chi ro|cho rang|neu ro|nhan dinh|thua nhan"
    r"|cho biet|danh gia|neu len)(?:\s+rang)?\s*[,:]?)\s*"
)
_SAID_REACH = 120
# A cause given after a task: "..., vì hầu hết ...", "... do ...".
# After a comma only: "đơn vị", "tốc độ" fold to "vi", "do" too.
_CAUSE = regex.compile(r",\s*(?:vi|boi vi|do)\s+(?!la\b)")
# Connectives before the first word that says what a clause does.
_LEAD = regex.compile(
    r"\s*(?:(?:ben canh do|dong thoi|mat khac|ngoai ra|dac biet|tu do|cung voi do),?\s*)*"
)
# A turn to a trouble after what went well, or the cause a clause gives after a comma.
# "nhưng" and "song" only after a comma: "những" and "sông" fold alike.
_TO_TROUBLE = regex.compile(r",\s*(?:tuy nhien|con|nhung|song|vi|boi vi)\s+")
# A turn from the trouble to what was achieved despite it.
_TURN = regex.compile(r",\s*(?:song|nhung)\s+(?!(?:van|con|chua|cung con)\b)")


def _content_words(folded: str) -> int:
    """Words left once cue words and filler are removed: what the line actually says."""
    cues = load_cues()
    rest = folded
    for matcher in (
        cues.shortfall_generic,
        cues.shortfall_openers,
        cues.shortfall_markers,
        cues.shortfall_filler,
    ):
        rest = matcher.sub(" ", rest)
    return len(_WORD.findall(rest))


def _is_header(folded: str) -> bool:
    return bool(_LIST_HEADER.search(folded.rstrip(" :")))


def find_shortfalls(clauses: list[Clause]) -> list[str]:
    """One condensed line per shortfall, in report order.

    >>> from digest.sections import label_clauses
    >>> find_shortfalls(label_clauses(
    ...     "Bên cạnh đó, còn một số chỉ tiêu chưa đạt kế hoạch như: thu ngân sách ước đạt 90% "
    ...     "dự toán; kim ngạch xuất khẩu chỉ đạt 72,7%."))
    ['Thu ngân sách ước đạt 90% dự toán', 'Kim ngạch xuất khẩu chỉ đạt 72,7%']
    """
    cues = load_cues()
    items: list[list[str]] = []  # each item's clauses, joined at the end (not once per clause)
    for clause in clauses:
        folded = clause.folded
        if _is_heading(clause.text):
            continue
        task = _task_end(folded)
        if task is not None:
            cause = _cause_after_task(clause.text, folded, task)
            if cause:
                items.append([cause])
            continue
        if clause.part is Part.SHORTFALL:
            found = {m.group() for m in cues.shortfall_markers.finditer(folded)}
            marked = bool(found)
            specific = bool(found - _TOPIC_MARKERS)
            if _is_header(folded) or (cues.discussion.search(folded) and not specific):
                continue
            short = len(folded.split()) < _CONTINUATION_WORDS
            if items and not clause.first_in_sentence and not marked and short:
                items[-1].append(clause.text)
            else:
                items.append([clause.text])
        elif clause.part is not Part.TARGET and _states_trouble(folded):
            items.append([_trouble_part(clause.text, folded)])
    out: list[str] = []
    seen: set[str] = set()
    for parts in items:
        line = condense(_drop_opener("; ".join(parts)), max_chars=160)
        key = fold(line)
        if line and key not in seen and _content_words(key) >= _MIN_CONTENT_WORDS:
            seen.add(key)
            out.append(line)
    return out[:MAX_SHORTFALLS]


def _states_trouble(folded: str) -> bool:
    """A clause outside the shortfall paragraph that names what went wrong: a strong marker
    not worked on ("tháo gỡ khó khăn" is a task), in a clause that is no task itself."""
    cues = load_cues()
    for m in cues.shortfall_strong.finditer(folded):
        if cues.remedies.search(folded, max(0, m.start() - 40), m.start()):
            continue
        if cues.not_strong.match(folded, m.start()):
            continue
        return not _CONDITION.match(folded)
    return False


def _task_end(folded: str) -> int | None:
    """Where a task or request that opens the clause stands ("cần siết chặt ...", "lưu ý các
    địa phương rà soát ... sạt lở"), when it comes before any trouble the clause names: such a
    clause names a trouble to work on, a directive rather than a shortfall. None if no task."""
    cues = load_cues()
    first = cues.demand_or_needs.search(folded)
    if first is None:
        return None  # most clauses: neither a demand nor a need, so the checks below all fail
    found = [
        m.start()
        for m in (cues.shortfall_strong.search(folded), cues.shortfall_markers.search(folded))
        if m
    ]
    limit = min(found, default=len(folded))
    if first.start() >= limit:
        return None  # the trouble comes first
    demand = find_demand(folded, 0, limit)
    if demand is not None and _after_demand(folded, demand) is not None:
        return demand.start()
    lead = _LEAD.match(folded)
    need = needs_at(folded, lead.end() if lead else 0)
    if need is not None and need.start() < limit:
        return need.start()
    return None


def _cause_after_task(text: str, folded: str, at: int) -> str | None:
    """The cause a task (starting at `at`) gives for itself ("cần rà soát lại quy hoạch, vì
    hầu hết quy hoạch chưa đáp ứng ..."): that cause is a shortfall."""
    cause = _CAUSE.search(folded, at)
    if cause and load_cues().shortfall_strong.search(folded, cause.end()):
        return text[cause.end() :]
    return None


def _trouble_part(text: str, folded: str) -> str:
    """The words of a clause that say what went wrong: without who said it ("Ông A nhấn
    mạnh, ...") and without the achievement a "song"/"nhưng" turns to."""
    cues = load_cues()
    marker = cues.shortfall_strong.search(folded)
    start = 0
    limit = marker.start() if marker else len(folded)
    said = _SAID.search(folded, 0, limit)
    if said and said.end() < _SAID_REACH:
        start = said.end()
    # "X đạt kết quả tốt, tuy nhiên/nhưng Y còn ...", "..., vì Y còn thấp": from the turn to
    # the trouble, or from its cause.
    for turn in _TO_TROUBLE.finditer(folded, start, limit):
        start = turn.end()
    end = len(text)
    closing = _TURN.search(folded, marker.end() if marker else 0)
    if closing:
        end = closing.start()
    return text[start:end]


# Letters are counted as what is left once the rest is removed: one string built per count,
# where collecting every letter built one per letter (twice as slow).
_NOT_LETTERS = regex.compile(r"\P{L}+")
_NOT_UPPER = regex.compile(r"\P{Lu}+")
_HEADING_CHARS = 200  # a heading is a line, not a paragraph
_HEADING_LETTERS = 10  # more letters than this
_HEADING_UPPER = 0.8  # and more than this share of them capitals


def _is_heading(text: str) -> bool:
    """A heading in capitals ("ĐÁNH GIÁ ĐÚNG TỒN TẠI ĐỂ KHẮC PHỤC") names a topic.

    >>> _is_heading("ĐÁNH GIÁ ĐÚNG TỒN TẠI ĐỂ KHẮC PHỤC"), _is_heading("Giải ngân còn chậm")
    (True, False)
    """
    if len(text) > _HEADING_CHARS:
        return False
    upper = len(_NOT_UPPER.sub("", text))
    if upper <= _HEADING_UPPER * _HEADING_LETTERS:
        return False  # too few capitals for any heading: the letters need not be counted
    letters = len(_NOT_LETTERS.sub("", text))
    return letters > _HEADING_LETTERS and upper > _HEADING_UPPER * letters


def _drop_opener(text: str) -> str:
    """Drop "Bên cạnh những kết quả đạt được," "Dù vậy," and similar lead-ins."""
    cues = load_cues()
    m = cues.shortfall_openers.match(fold(text))
    if m and m.group() not in {"han che", "ton tai", "yeu kem", "chua dat", "kho khan, vuong mac"}:
        comma = text.find(",", m.end())
        if 0 < comma < 60:
            return text[comma + 1 :]
    return text
