"""Figures: each quantity of a result or target, attached to its indicator, plan and growth.

A clause such as "thu ngân sách nhà nước ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch, tăng 5%
so với cùng kỳ" holds one figure and two attributes. Each quantity gets a role from the words
around it (value, % of plan, growth, plan in brackets); attributes attach to the value before
them in the same clause, and the label is the text between the previous figure and the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import regex

from digest.cues import load_cues
from digest.indicators import find_indicator_mentions, match_indicator
from digest.models import Figure, Quantity, Status
from digest.normalize import fold
from digest.numbers import find_quantities, load_vocabulary
from digest.sections import Clause, Part


class Role(StrEnum):
    VALUE = "value"
    PCT_OF_PLAN = "pct_of_plan"
    GROWTH = "growth"
    COMPARISON = "comparison"  # "bằng 85,6% so với năm 2022": no growth figure is stated
    PLAN = "plan"
    SKIP = "skip"


# What a "%" refers to when it follows "bằng"/"đạt": the plan, the estimate, the resolution.
_PLAN_WORDS = r"(?:ke\ hoach|kh\b|du\ toan|chi\ tieu|nghi\ quyet|nq\b|muc\ tieu|trung\ uong\ giao|tinh\ giao)"
# Left context (folded, right-aligned) of a % of plan: "bằng 60,1%", "đạt 102%".
_PCT_LEFT = regex.compile(r"(?:\bbang|\bdat|\bdat\ duoc|\buoc\ dat|\bdu\ uoc\ dat|\bdat\ khoang|\bbang\ khoang|\bchi\ dat|\bvuot)\s*$", regex.VERBOSE)
# Right context of a % of plan: "% kế hoạch", "% KH", "% dự toán", "% so với kế hoạch".
_PCT_RIGHT = regex.compile(rf"^\s*(?:so\ voi\ )?{_PLAN_WORDS}", regex.VERBOSE)
# Left context of a growth figure: "tăng 3,09%", "giảm 2%", "tăng trưởng 7,5%",
# "cao hơn cùng kỳ 8,84%".
_GROWTH_LEFT = regex.compile(
    r"""(?:\b(tang|giam)(?:\ truong)?(?:\ khoang|\ tren|\ hon|\ gan)?
         |\b(cao|thap)\ hon\ (?:cung\ ky|nam\ truoc|nam\ \d{4}))\s*$""",
    regex.VERBOSE,
)
# A threshold passed, not a result: "vượt mốc 600.000 tỷ đồng".
_THRESHOLD_LEFT = regex.compile(r"\b(moc|nguong|con so)\s*$")

# Right context that makes a comparison with last year explicit.
_VS_LAST = regex.compile(r"^\s*so\s+(?:voi\s+)?(?:cung\s+ky|nam\s+\d{4}|nam\s+truoc|cung\s+thoi\s+diem)")
# A plan in brackets or after "kế hoạch": "6,33% (kế hoạch 7%)", "(KH: 7%)".
_PLAN_LEFT = regex.compile(rf"(?:\(\s*{_PLAN_WORDS}\s*:?|{_PLAN_WORDS}\s+(?:la|de\ ra\ la|giao)?\s*:?)\s*$", regex.VERBOSE)
# Words between a previous figure and a label that only join clauses.
_LABEL_LEAD = regex.compile(
    r"^[\s,;:.()\-–]*(?:và|với|trong đó|trong năm|riêng|còn|đã|có|cùng với|đồng thời|ngoài ra|"
    r"tổng cộng|toàn tỉnh|toàn thành phố|cả năm|năm|đến nay|tính đến nay)?[\s,;:]*",
    regex.IGNORECASE,
)
# Verbs and fillers between a label and its value.
_LABEL_TAIL = regex.compile(
    r"[\s,:]*(?:\b(?:ước|dự ước|ước tính|ước thực hiện|ước cả năm|đạt|đạt được|được|là|có|cho|với|"
    r"chỉ|mới|thực hiện|tăng|giảm|lên|xuống|đón|tiếp đón|khoảng|phục vụ|thu hút)\b[\s,:]*)+$",
    regex.IGNORECASE,
)
# Units that never make a figure: durations ("30 năm Ngày tái lập tỉnh"), ranks and star
# grades ("3 sao", "tăng 1 bậc"), and counts of the meeting's own papers and agenda items
# ("03 Đề án", "4 nghị quyết", "8 nhóm nhiệm vụ", "29 ý kiến").
_NON_FIGURE_UNITS = {
    "năm", "tháng", "ngày", "giờ", "tuổi", "lần", "bậc", "sao", "tiêu chí", "nhóm", "ý kiến",
    "đề án", "nghị quyết", "văn bản", "quyết định", "tờ trình", "báo cáo", "chương trình",
    "kế hoạch", "đại biểu", "nhiệm vụ", "giải pháp", "nội dung", "tổ",
}
_WINDOW = 40
_LETTERS = regex.compile(r"\p{L}+")
_GLUED_NUMERAL = regex.compile(r"[.,]*\d[\d.,]*")  # right after a quantity, no space between
_DIGITS = regex.compile(r"\d")
_FALL = regex.compile(r"\s*giam")
_MISSED = regex.compile(r"\b(chua dat|khong dat|dat thap)\b")
_EXCEEDED = regex.compile(r"\bvuot\b")
_GROWTH_VERB = regex.compile(r"(tăng|giảm)(?:\s+trưởng)?(?:\s+(?:khoảng|trên|hơn|gần))?\s*$", regex.IGNORECASE)
_COMPARISON_VERB = regex.compile(r"(bằng|đạt)\s*$", regex.IGNORECASE)
_COMPARED_WITH = regex.compile(
    r"\s*so\s+(?:với\s+)?(?:cùng\s+kỳ(?:\s+năm\s+\d{4}(?!\d))?|năm\s+\d{4}(?!\d)|năm\s+trước)", regex.IGNORECASE
)
# Kinds of unit (digest/data/units.toml) that only count things; without an indicator they
# are incidental numbers rather than results.
_COUNT_KINDS = {"count", "people", "households", "times", "time", "rank", "rating", "score"}
_MISSED_AFTER = regex.compile(r"^[^.;]{0,30}\b(chua dat|khong dat|chua hoan thanh)\b")
_MISSED_AFTER_REACH = 30 + len("chua hoan thanh") + 1  # the longest match, and the \b after it
_NAMES_PLAN = regex.compile(r"\b(ke hoach|kh|chi tieu giao|giao)\b")
_MAX_LABEL = 120
# The verbs and fillers a label ends with are looked for in its last _TAIL_REACH characters
# only: _LABEL_TAIL backtracks over every way to split a long run of them ("ước đạt ước đạt
# ... x" cost seconds at 2,000 characters), and the longest real run is about 40 characters.
_TAIL_REACH = 80
# A figure's `raw` is its clause; a clause longer than this (text without full stops, such as
# a feed's one long paragraph) gives each figure a window of _RAW_REACH characters either side
# instead, so that the digest's size stays linear in the text's.
_MAX_RAW = 1_000
_RAW_REACH = 300


@dataclass
class _Draft:
    q: Quantity
    label: str
    clause: Clause
    qs: int  # where the quantity starts and ends in the clause
    qe: int
    pct_of_plan: float | None = None
    growth: Quantity | None = None
    growth_raw: str | None = None
    plan: float | None = None
    end: int = 0  # end of the last attribute, in clause coordinates


def _role(q: Quantity, left: str, right: str, has_value: bool) -> Role:
    """What a quantity is to the figure before it, from its folded left and right context."""
    if (q.value is None and q.low is None) or _THRESHOLD_LEFT.search(left):
        return Role.SKIP
    if has_value and _PLAN_LEFT.search(left):
        return Role.PLAN
    if q.unit == "%" and (
        _PCT_RIGHT.match(right) or (has_value and _PCT_LEFT.search(left) and not _VS_LAST.match(right))
    ):
        return Role.PCT_OF_PLAN
    if has_value and _GROWTH_LEFT.search(left) and (q.unit == "%" or _VS_LAST.match(right)):
        return Role.GROWTH
    if has_value and q.unit == "%" and _PCT_LEFT.search(left) and _VS_LAST.match(right):
        return Role.COMPARISON
    if _GROWTH_LEFT.search(left) and q.unit == "%":
        return Role.GROWTH  # a growth with no value before it is a figure of its own
    return Role.VALUE


_GROWTH_COMPARED_WITH = regex.compile(
    r"\s*so\s+(?:với\s+)?(?:cùng\s+kỳ(?:\s+năm\s+\d{4}(?!\d))?|năm\s+\d{4}(?!\d)|năm\s+trước|cùng\s+thời\s+điểm)",
    regex.IGNORECASE,
)
# How far before a quantity its verb ("tăng trưởng khoảng", "bằng") may start: longer than any
# verb the patterns above accept. The verb is looked for in this window only, so that reading
# a figure costs the same wherever it stands in a long clause.
_VERB_REACH = 64


def _verb_before(pattern: regex.Pattern[str], text: str, start: int) -> int | None:
    """Where the verb that ends right before `start` begins, if `pattern` finds one."""
    reach = max(0, start - _VERB_REACH)
    verb = pattern.search(text[reach:start])
    return reach + verb.start() if verb else None


def _growth_raw(text: str, start: int, end: int) -> str:
    """"tăng 3,09% so với cùng kỳ" as written: the verb, the number, the comparison."""
    begin = _verb_before(_GROWTH_VERB, text, start)
    tail = _GROWTH_COMPARED_WITH.match(text, end)
    return text[start if begin is None else begin : tail.end() if tail else end].strip()


_DOUBLING = regex.compile(
    r"(?:tăng|giảm)\s+gấp\s+(?:đôi|rưỡi|\d+(?:,\d+)?\s+lần)(?:\s+so\s+(?:với\s+)?(?:cùng\s+kỳ(?:\s+năm\s+\d{4}(?!\d))?|năm\s+\d{4}(?!\d)|năm\s+trước))?",
    regex.IGNORECASE,
)


def _clean_label(text: str) -> str:
    text = _LABEL_LEAD.sub("", text)
    tail = _LABEL_TAIL.search(text, max(0, len(text) - _TAIL_REACH))
    text = (text[: tail.start()] if tail else text).strip(" ,;:-–(")
    if len(text) > _MAX_LABEL:
        cut = max(text.rfind(", ", 0, len(text) - 10), text.rfind("; "))
        if cut <= 0:  # no comma: the last words that fit, never part of a word or a number
            cut = text.find(" ", len(text) - _MAX_LABEL - 1) - 1
        text = text[cut + 2 :] if cut > 0 else ""
    return text.strip()


@dataclass(frozen=True)
class _ClauseFacts:
    """What every figure of one clause shares, read once per clause rather than per figure."""

    folded: str
    missed: bool  # "chưa đạt", "không đạt" anywhere in the clause
    names_plan: bool  # "kế hoạch", "KH", "giao": a ratio's denominator is the plan
    raw: str | None  # the stripped clause, when short enough to be every figure's `raw`


def _clause_facts(clause: Clause) -> _ClauseFacts:
    folded = clause.folded or fold(clause.text)
    return _ClauseFacts(
        folded=folded,
        missed=bool(_MISSED.search(folded)),
        names_plan=bool(_NAMES_PLAN.search(folded)),
        raw=clause.text.strip() if len(clause.text) <= _MAX_RAW else None,
    )


def _raw_window(text: str, qs: int, qe: int) -> str:
    """The words of a long clause within _RAW_REACH characters of a quantity."""
    start = max(0, qs - _RAW_REACH)
    end = min(len(text), qe + _RAW_REACH)
    if start > 0:
        space = text.find(" ", start, qs)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", qe, end)
        end = space if space >= 0 else end
    return text[start:end].strip()


def _status(d: _Draft, facts: _ClauseFacts) -> Status | None:
    value = d.q.value
    if d.pct_of_plan is not None:
        if d.pct_of_plan > 100:
            return Status.EXCEEDED
        if d.pct_of_plan == 100:
            return Status.MET
    if d.plan is not None and value is not None and d.q.unit == "%":
        return Status.MET if value >= d.plan else Status.MISSED
    if facts.missed:
        return Status.MISSED
    if _EXCEEDED.search(facts.folded[max(0, d.qs - _WINDOW) : d.qs]):
        return Status.EXCEEDED
    return None


@cache
def _unit_kinds() -> dict[str, str]:
    vocab = load_vocabulary()
    return {e.canonical.lower(): e.role for e in vocab.units}


@cache
def _scale_words() -> tuple[str, ...]:
    return tuple(sorted({v.lower() for e in load_vocabulary().scales for v in e.variants}, key=len, reverse=True))


def unit_kind(unit: str) -> str | None:
    """The kind of a quantity's unit (money, percent, people, count, ...), scale words aside.

    >>> unit_kind("tỷ đồng"), unit_kind("triệu đồng/người"), unit_kind("lao động")
    ('money', 'money', 'people')
    """
    base = unit.lower().split("/")[0].strip()
    for scale in _scale_words():
        if base.startswith(scale + " "):
            base = base[len(scale) + 1 :]
            break
    return _unit_kinds().get(base)


def _opens_new_subject(gap: str) -> bool:
    """Whether the words between a figure and the next quantity start another figure.

    ", bằng " and ", tăng " are joints; ", công nghiệp tăng " and a named indicator are not.

    >>> _opens_new_subject(", bằng "), _opens_new_subject(", công nghiệp tăng ")
    (False, True)
    """
    joints = load_cues().figure_joints
    # Before the last comma the gap still describes the figure ("304 doanh nghiệp thành lập
    # mới, tăng 17,4%"); what follows it decides whether a new subject starts.
    tail = gap.rsplit(",", 1)[-1] if "," in gap and not _DIGITS.search(gap) else gap
    words = _LETTERS.findall(fold(tail))
    if any(w not in joints for w in words):
        return True
    return len(words) > 1 and bool(find_indicator_mentions(gap))  # "vốn đầu tư công" is all joints


def _attach(d: _Draft, role: Role, q: Quantity, text: str, qs: int, qe: int) -> None:
    """Record an attribute on the figure before it; a second one of a kind is ignored
    ("bằng 71,77% dự toán Trung ương và bằng 59% dự toán HĐND": the first plan counts)."""
    if role is Role.PCT_OF_PLAN and d.pct_of_plan is None:
        d.pct_of_plan = q.value
    elif role is Role.GROWTH and d.growth is None:
        d.growth = q
        d.growth_raw = _growth_raw(text, qs, qe)
    elif role is Role.COMPARISON and d.growth_raw is None:
        d.growth_raw = _comparison_raw(text, qs, qe)
    elif role is Role.PLAN and d.plan is None:
        d.plan = q.value
    d.end = qe


def _comparison_raw(text: str, start: int, end: int) -> str:
    """"bằng 85,6% so với năm 2022" as written."""
    begin = _verb_before(_COMPARISON_VERB, text, start)
    tail = _COMPARED_WITH.match(text, end)
    return text[start if begin is None else begin : tail.end() if tail else end].strip()


def _label_start(text: str, label_from: int) -> int:
    """Where a label may start: after the previous quantity, and past the rest of a numeral
    glued to it ("0,0.32": the label of the next figure is not "32", a piece of a number)."""
    m = _GLUED_NUMERAL.match(text, label_from) if label_from else None
    return m.end() if m else label_from


def _drafts(clause: Clause, found: list[tuple[Quantity, int, int]]) -> list[_Draft]:
    """Figures of one clause from its quantities, given with their offsets in the clause."""
    text = clause.text
    folded = clause.folded or fold(text)
    drafts: list[_Draft] = []
    label_from = 0
    for q, qs, qe in found:
        left = folded[max(0, qs - _WINDOW) : qs]
        right = folded[qe : qe + _WINDOW]
        current = drafts[-1] if drafts else None
        if current is not None and _opens_new_subject(text[current.end : qs]):
            current = None
        role = _role(q, left, right, current is not None)
        if role is Role.SKIP:
            continue
        if current is not None and role is not Role.VALUE:
            _attach(current, role, q, text, qs, qe)
            continue
        label = _clean_label(text[_label_start(text, label_from) : qs])
        draft = _Draft(q=q, label=label, clause=clause, qs=qs, qe=qe, end=qe)
        if role is Role.PCT_OF_PLAN:
            draft.pct_of_plan = q.value
        elif role is Role.GROWTH:
            draft.growth = q
            draft.growth_raw = _growth_raw(text, qs, qe)
        drafts.append(draft)
        label_from = qe
    for d in drafts:
        if d.growth_raw is None:
            d.growth_raw = _doubling_after(text, d.qe)
    return drafts


_GROWTH_WORD = regex.compile(r"tăng|giảm", regex.IGNORECASE)


def _doubling_after(text: str, pos: int) -> str | None:
    """"tăng gấp đôi" starting less than _WINDOW characters after `pos`: the first place
    such a phrase starts there, tried in that window only rather than in the rest of the clause."""
    for word in _GROWTH_WORD.finditer(text, pos, min(len(text), pos + _WINDOW - 1 + len("tăng"))):
        if word.start() - pos >= _WINDOW:
            break
        m = _DOUBLING.match(text, word.start())
        if m:
            return m.group()
    return None


# The words after a count that name what was counted ("304 doanh nghiệp thành lập mới").
_AFTER = regex.compile(r"[^,;.()]{0,40}")  # matched at the end of the quantity


def _indicator(d: _Draft, q: Quantity) -> str | None:
    """The indicator of a figure: from its label, or from the label and the noun after it."""
    if q.unit == "chỉ tiêu" and q.denominator is not None:
        return "targets_met"
    after = _AFTER.match(d.clause.text, d.qe).group()
    return (
        match_indicator(f"{d.label} {q.unit}")
        or match_indicator(d.label)
        or match_indicator(f"{d.label} {q.raw}{after}")
    )


def _to_figure(d: _Draft, period: str | None, facts: _ClauseFacts) -> Figure | None:
    q = d.q
    unit_key = (q.unit or "").lower()
    if q.unit is None or unit_key in _NON_FIGURE_UNITS:
        return None
    if unit_key == "chỉ tiêu" and (
        q.denominator is None
        or _MISSED_AFTER.match(facts.folded[d.qe : d.qe + _MISSED_AFTER_REACH])
    ):
        return None  # "26 chỉ tiêu chủ yếu" counts targets; "2/25 chỉ tiêu chưa đạt" is a shortfall
    indicator = _indicator(d, q)
    if indicator is None and unit_kind(q.unit) in _COUNT_KINDS:
        return None  # "18 cán bộ nghỉ hưu": a count that measures no indicator
    yoy = None
    if d.growth is not None and d.growth.unit == "%" and d.growth.value is not None:
        sign = -1 if _FALL.match(fold(d.growth_raw or "")) else 1
        yoy = sign * d.growth.value
    plan = d.plan
    if plan is None and q.denominator is not None and q.unit != "chỉ tiêu" and facts.names_plan:
        plan = q.denominator
    return Figure(
        indicator=indicator,
        label=d.label or (q.unit or ""),
        value=q.value,
        unit=q.unit,
        qualifier=q.qualifier,
        low=q.low,
        high=q.high,
        numerator=q.numerator,
        denominator=q.denominator,
        pct_of_plan=d.pct_of_plan,
        yoy_pct=yoy,
        yoy_raw=d.growth_raw,
        plan_value=plan,
        period=period,
        status=_status(d, facts),
        raw=facts.raw if facts.raw is not None else _raw_window(d.clause.text, d.qs, d.qe),
        value_raw=q.raw,
    )


def _by_clause(clauses: list[Clause], quantities: list[Quantity]) -> list[list[tuple[Quantity, int, int]]]:
    """Quantities found once in the body, handed to their clauses with clause offsets."""
    out: list[list[tuple[Quantity, int, int]]] = [[] for _ in clauses]
    i = 0
    for q in quantities:
        assert q.start is not None and q.end is not None
        while i < len(clauses) and q.start >= clauses[i].start + len(clauses[i].text):
            i += 1
        if i == len(clauses):
            break
        c = clauses[i]
        if q.start >= c.start and q.end <= c.start + len(c.text):
            out[i].append((q, q.start - c.start, q.end - c.start))
    return out


def find_figures(
    clauses: list[Clause], *, period: str | None, body: str | None = None
) -> tuple[list[Figure], list[Figure]]:
    """Results (from result and shortfall clauses) and targets (from target clauses).

    With `body` (the text the clauses were cut from), quantities are found in one pass.
    """
    if body is not None:
        per_clause = _by_clause(clauses, find_quantities(body))
    else:
        per_clause = [
            [(q, q.start or 0, q.end or 0) for q in find_quantities(c.text)] for c in clauses
        ]
    results: list[Figure] = []
    targets: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    for clause, found in zip(clauses, per_clause, strict=True):
        if clause.part is Part.DIRECTIVE or not found:
            continue
        is_target = clause.part is Part.TARGET
        facts = _clause_facts(clause)
        for d in _drafts(clause, found):
            fig = _to_figure(d, None if is_target else period, facts)
            if fig is None:
                continue
            key = (fig.value_raw, fold(fig.label))
            if key in seen:
                continue
            seen.add(key)
            (targets if is_target else results).append(fig)
    return results, targets
