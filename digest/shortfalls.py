"""Shortfalls: what the report names as limitations or missed targets, one line each."""

from __future__ import annotations

import regex

from digest.condense import condense
from digest.cues import AnyMatch, find_demand, load_cues
from digest.directives import _after_demand
from digest.normalize import fold
from digest.sections import Clause, Part
from digest.shortfall_lists import (
    CONTINUATION_WORDS,
    LISTS_INLINE,
    about_discussion,
    announces_troubles,
    asks_after_trouble,
    is_header,
    lists_troubles,
    may_go_unmarked,
    names_no_trouble,
    requests,
)
from digest.task_shape import is_done, needs_at
from digest.troubles import points, trouble_at, worked_on

_MIN_CONTENT_WORDS = 2
_WORD = regex.compile(r"\p{L}{2,}")
MAX_SHORTFALLS = 20
# "Nếu buông lỏng quản lý, vi phạm sẽ tăng": a condition, not a state.
_CONDITION = regex.compile(r"\s*(?:neu|khi|de)\s")
# Who said it, before what was said: "Theo ông A,", "Bí thư Tỉnh ủy nhấn mạnh,", and how it
# was learnt: "Qua rà soát,", "Qua giám sát của HĐND tỉnh,".
_SAID = regex.compile(
    r"(?:^\s*(?:(?:tuy nhien|ngoai ra|ben canh do|dong thoi|mat khac),\s*)?theo\s[^,]{1,60},"
    r"|^\s*qua\s(?:ra soat|giam sat|kiem tra|danh gia|theo doi|thanh tra|khao sat)[^,]{0,60},"
    r"|\b(?:nhan manh|chi ro|cho rang|neu ro|nhan dinh|thua nhan"
    r"|cho biet|danh gia|neu len|cho thay)(?:\s+rang)?\s*[,:]?)\s*"
)
_SAID_REACH = 120
# A cause given after a task: "..., vì hầu hết ...", "... do ...".
# After a comma only: "đơn vị", "tốc độ" fold to "vi", "do" too.
_CAUSE = regex.compile(r",\s*(?:vi|boi vi|do)\s+(?!la\b)")
# Connectives before the first word that says what a clause does.
_LEAD = regex.compile(
    r"\s*(?:(?:ben canh do|dong thoi|mat khac|ngoai ra|dac biet|tu do|cung voi do|trong do),?\s*)*"
)
# A turn to a trouble after what went well, or the cause a clause gives after a comma.
# "nhưng" and "song" only after a comma: "những" and "sông" fold alike.
_TO_TROUBLE = regex.compile(r"(?:,|…|\.\.\.)\s*(?:tuy nhien|con|nhung|song|vi|boi vi)\s+")
# A figure that grew or passed its plan.
_GREW = regex.compile(r"\b(?:tang|vuot)\s(?!truong)[^.;]{0,24}?\d|\bcao hon\b")
_CONCESSION = regex.compile(
    r"\s*(?:theo\s[^,]{1,60},\s*)?(?:mac du|tuy|du|du cho|mac dau)\s(?!(?:nhien|vay|the)\b)"
)
_CONCEDED = regex.compile(r"\b(?:song|nhung)\s")
_CONCEDED_END = regex.compile(r",\s|\s(?:song|nhung)\s")
# "đã được nhắc nhở, đôn đốc, chỉ đạo nhiều lần": a demand word after "được" says what was
# done to someone, no request.
_PASSIVE = regex.compile(r"\bduoc\b")
# A turn from the trouble to what was achieved despite it.
_TURN = regex.compile(r",\s*(?:song|nhung)\s+")


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
    asked = -1  # the sentence whose list is what a task or the discussion is about
    listing = -1  # the sentence whose list a trouble announced ("còn một số vấn đề như: ...")
    troubled = -1  # the sentence of the last clause that names a trouble
    for clause in clauses:
        folded = clause.folded
        if _is_heading(clause.text):
            continue
        if clause.part is Part.DIRECTIVE and requests(folded):
            asked = clause.sentence  # a request, whether or not its task is read as one
        task = _task_end(folded)
        if task is not None:
            asked = clause.sentence
            cause = _cause_after_task(clause.text, folded, task)
            if cause:
                items.append([cause])
            continue
        if clause.sentence == asked and names_no_trouble(folded):
            continue  # "đề nghị làm rõ nguyên nhân đối với các chỉ tiêu như: thu ngân sách; ..."
        if about_discussion(folded):
            asked = clause.sentence
            continue
        if clause.part is Part.SHORTFALL or clause.sentence == listing:
            markers = [m.start() for m in cues.shortfall_markers.finditer(folded)]
            marked = bool(markers)
            if is_header(folded):
                listing = clause.sentence
                continue
            if (clause.opens_list and lists_troubles(folded)) or LISTS_INLINE.search(folded):
                listing = clause.sentence  # "... không đạt như chuyển dịch cơ cấu; thu ngân sách"
            if not marked and not may_go_unmarked(clause, listing, troubled):
                continue
            if marked:
                troubled = clause.sentence
            if marked and all(worked_on(folded, at) for at in markers):
                continue  # "các giải pháp khắc phục những khó khăn, hạn chế"
            if not marked and clause.first_in_sentence and _GREW.search(folded):
                continue  # a sentence of results after the troubles: "Tổng chi tăng 46%"
            if _conceded(folded):
                continue
            short = len(folded.split()) < CONTINUATION_WORDS
            if items and not clause.first_in_sentence and not marked and short:
                items[-1].append(clause.text)
            elif trouble_at(folded) is not None:
                items.append([_trouble_part(clause.text, folded)])
            else:
                items.append([clause.text])
        elif clause.part is not Part.TARGET and _states_trouble(folded):
            if is_header(folded) and not asks_after_trouble(folded):
                listing = clause.sentence  # its items follow; it only announces them
                continue
            if clause.opens_list and announces_troubles(folded):
                listing = clause.sentence  # "... giảm sâu so với cùng kỳ: sản lượng ..."
            items.append([_trouble_part(clause.text, folded)])
    out: list[str] = []
    seen: set[str] = set()
    for parts in items:
        for point in points(_drop_opener("; ".join(parts))):
            line = condense(_unquoted(point), max_chars=160)
            key = fold(line)
            if line and key not in seen and _content_words(key) >= _MIN_CONTENT_WORDS:
                seen.add(key)
                out.append(line)
    return out[:MAX_SHORTFALLS]


# Who said a quoted trouble, after it: '...tăng trưởng âm", Bí thư Thành ủy chia sẻ'.
_SAID_AFTER = regex.compile(
    r"""["”]?\s*,\s*[^,"“”]{3,80}?\s(?:chia\ se|noi|cho\ biet|nhan\ manh|khang\ dinh
        |cho\ hay|phat\ bieu|bay\ to)[\s.…]*$""",
    regex.VERBOSE,
)
_QUOTES = regex.compile(r"[\"“”]")


def _unquoted(text: str) -> str:
    """A quoted trouble without who said it after it, and without a quotation mark left open.

    >>> _unquoted('"Nhiều chỉ tiêu không đạt kế hoạch", ông A cho biết')
    'Nhiều chỉ tiêu không đạt kế hoạch'
    """
    said = _SAID_AFTER.search(fold(text))
    if said:
        text = text[: said.start()]
    if len(_QUOTES.findall(text)) % 2:
        text = (
            _QUOTES.sub("", text, count=1) if _QUOTES.match(text.lstrip()) else text.rstrip('"”')
        )
    return text.strip()


def _states_trouble(folded: str) -> bool:
    """A clause outside the shortfall paragraph that names what went wrong: a strong marker
    not worked on ("tháo gỡ khó khăn" is a task), in a clause that is no task itself."""
    return (
        trouble_at(folded) is not None and not _CONDITION.match(folded) and not _conceded(folded)
    )


def _conceded(folded: str) -> bool:
    """A trouble granted on the way to what went well: "Dù dịch bệnh diễn biến phức tạp, kinh
    tế vẫn ổn định" names no trouble after its turn."""
    concession = _CONCESSION.match(folded)
    if concession is None:
        return False
    turn = _CONCEDED_END.search(folded, concession.end())
    return turn is not None and trouble_at(folded, turn.end()) is None


def _task_end(folded: str) -> int | None:
    """Where a task or request that opens the clause stands ("cần siết chặt ...", "lưu ý các
    địa phương rà soát ... sạt lở"), when it comes before any trouble the clause names: such a
    clause names a trouble to work on, a directive rather than a shortfall. None if no task."""
    cues = load_cues()
    first = cues.task_words.search(folded)
    if first is None:
        return None  # most clauses: no demand, need or task opener, so every check below fails
    # The first trouble: the markers hold every strong marker (cues.toml), so where a strong
    # one matches a marker matches too, at that start or before it.
    trouble = cues.shortfall_markers.search(folded)
    limit = trouble.start() if trouble else len(folded)
    if first.start() >= limit:
        return None  # the trouble comes first; each way to be a task starts before it
    demand = find_demand(folded, 0, limit)
    if (
        demand is not None
        and _after_demand(folded, demand) is not None
        and not _PASSIVE.search(folded, 0, demand.start())
    ):
        return demand.start()
    lead = _LEAD.match(folded)
    at = lead.end() if lead else 0
    opener = _task_opener(folded, at)
    if opener is not None and len(folded[opener.end() : limit].split()) >= _OBJECT_WORDS:
        return opener.start()
    need = needs_at(folded, at)
    if need is not None and need.start() < limit:
        return need.start()
    return None


# Words between a task verb and the trouble it works on ("Tiếp tục kiện toàn cán bộ ở những xã
# còn thiếu"); right after it the trouble is a state ("tiếp tục gặp khó khăn").
_OBJECT_WORDS = 2
_SUBJECT_REACH = 5  # words of a subject before its task verb ("Sở Văn hóa tiếp tục rà soát")


def _task_opener(folded: str, at: int) -> AnyMatch | None:
    """A verb that opens a task at `at`, or after a short subject that is asked to act ("Sở
    VH-TT tiếp tục rà soát ..."), not one that reports what was done ("Tỉnh đã tập trung")."""
    cues = load_cues()
    opener = cues.task_openers.match(folded, at)
    if opener is not None or cues.subjects.match(folded, at) is None:
        return opener
    for m in cues.task_openers.finditer(folded, at, at + 60):
        gap = folded[at : m.start()]
        if len(gap.split()) <= _SUBJECT_REACH and not is_done(gap):
            return m
        break
    return None


def _cause_after_task(text: str, folded: str, at: int) -> str | None:
    """The cause a task (starting at `at`) gives for itself ("cần rà soát lại quy hoạch, vì
    hầu hết quy hoạch chưa đáp ứng ..."): that cause is a shortfall."""
    cause = _CAUSE.search(folded, at)
    if cause and trouble_at(folded, cause.end()):
        return text[cause.end() :]
    return None


def _trouble_part(text: str, folded: str) -> str:
    """The words of a clause that say what went wrong: without who said it ("Ông A nhấn
    mạnh, ...") and without the achievement a "song"/"nhưng" turns to."""
    marker = trouble_at(folded)
    start = 0
    limit = marker.start() if marker else len(folded)
    # The last "who said it" near the start: "Qua giám sát, đánh giá cho thấy, ...".
    for said in _SAID.finditer(folded, 0, min(limit, _SAID_REACH)):
        start = said.end()
    # "X đạt kết quả tốt, tuy nhiên/nhưng Y còn ...", "..., vì Y còn thấp": from the turn to
    # the trouble, or from its cause.
    for turn in _TO_TROUBLE.finditer(folded, start, limit):
        start = turn.end()
    # "Mặc dù X ... song/nhưng Y còn ...": the turn needs no comma after a concession ("sông"
    # and "những" fold alike, so the written word decides).
    if _CONCESSION.match(folded, start):
        for turn in _CONCEDED.finditer(folded, start, limit):
            if text[turn.start() : turn.end()].strip().lower() in {"song", "nhưng"}:
                start = turn.end()
    end = len(text)
    # "..., song vẫn có những kết quả": the turn to what went well, unless what follows it is
    # more trouble ("..., nhưng vẫn còn chậm").
    for closing in _TURN.finditer(folded, marker.end() if marker else 0):
        if trouble_at(folded, closing.end()) is None:
            end = closing.start()
        break
    return text[start:end]


# Letters are counted as what is left once the rest is removed: one string built per count,
# where collecting every letter built one per letter.
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
