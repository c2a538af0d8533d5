"""Figures: each quantity of a result or target, with its indicator, baseline, growth and period.

A clause such as "thu ngân sách nhà nước ước đạt 2.099 tỷ đồng, bằng 60,1% dự toán, tăng 5%
so với cùng kỳ" holds one figure and two attributes. `figure_roles` gives each quantity its
role and the extent of its phrase; attributes attach to the value before them in the clause
unless the words between start another subject; the label is the text between the previous
figure and the value (`figure_labels`). Every attribute keeps its words as written, so the
digest prints "bằng 60,1% dự toán" and "vượt 12% kế hoạch", never a translation of them.

A result is kept with its label as written when no indicator fits: counts of things, ranks,
tallies of indicators are results too. What is no result is left out: the meeting's own
numbers (attendees, votes, papers, agenda items), ages and durations, rates and thresholds a
policy sets, the country's numbers given for comparison, and a number cut off with the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from digest.cues import load_cues
from digest.figure_labels import (
    clean_label,
    counted_in_label,
    names_nothing,
    own_period,
    period_after,
    price_basis,
    price_basis_after,
    right_label,
    strip_markup,
)
from digest.figure_roles import Reading, Role, is_fall, read_role
from digest.figure_words import INCIDENTAL_FAR, is_same_period, load_figure_words
from digest.indicators import find_indicator_mentions, match_indicator
from digest.models import Figure, Qualifier, Quantity, Status
from digest.normalize import fold
from digest.numbers import RANK_UNIT, find_quantities, load_vocabulary
from digest.sections import Clause, Part

# Units that never make a figure: durations ("30 năm Ngày tái lập tỉnh"), star grades ("3
# sao"), and counts of the meeting's own papers and agenda items ("03 Đề án", "4 nghị quyết",
# "8 nhóm nhiệm vụ", "29 ý kiến").
_NON_FIGURE_UNITS = {
    "năm", "tháng", "ngày", "giờ", "tuổi", "sao", "tiêu chí", "nhóm", "ý kiến", "con số",
    "đề án", "nghị quyết", "văn bản", "quyết định", "tờ trình", "báo cáo", "chương trình",
    "kế hoạch", "đại biểu", "nhiệm vụ", "giải pháp", "nội dung", "tổ",
}
_WINDOW = 40
_LETTERS = regex.compile(r"\p{L}+")
_GLUED_NUMERAL = regex.compile(r"[.,]*\d[\d.,]*")  # right after a quantity, no space between
_DIGITS = regex.compile(r"\d")
_MISSED = regex.compile(
    r"\b(?:chua dat|khong dat|dat thap|thap hon (?:ke hoach|du toan|chi tieu|muc tieu)|chi dat|hut thu)\b"
)
_EXCEEDED = regex.compile(r"\bvuot\b(?:\s+(?:ke hoach|du toan|chi tieu|muc tieu)(?:\s+(?:nam|de ra|giao))?)?")
# A tally of indicators: "19/21 chỉ tiêu đạt và vượt", "22 chỉ tiêu đạt", "02 không đạt".
_TALLY_AFTER = regex.compile(
    r"\s*(?:chu\s+yeu\s+|kinh\s+te\s*-\s*xa\s+hoi\s+|co\s+ban\s+)?"
    r"(?:dat\s+va\s+vuot|dat\s+hoac\s+vuot|hoan\s+thanh\s+va\s+vuot|dat|vuot|hoan\s+thanh|khong\s+dat|chua\s+dat)(?!\w)"
)
_TALLY_MISSED = regex.compile(r"\b(?:khong dat|chua dat)\b")
_NAMES_PLAN = regex.compile(r"\b(ke hoach|kh|chi tieu giao|giao)\b")
# "xã có tỷ lệ từ 80% trở lên" outside a goal sets a condition: what something must have.
_CONDITION = regex.compile(r"^tu\b.*\b(?:tro len|tro xuong)$")
_HAS = regex.compile(r"\bco\b[^,;.\d]{0,40}$")
# A label that names a plan set, not a result: "kế hoạch chỉ đặt mức", "chỉ tiêu giao là". Read
# with diacritics: folded, "đặt" (set) is "đạt" (achieved), and "chỉ tiêu còn lại đạt 41%" is a result.
_PLAN_LABEL = regex.compile(
    r"\b(?:kế hoạch|chỉ tiêu|mục tiêu|dự toán)\b[^,;]{0,24}\b(?:đặt|đề ra|giao|đặt ra|là)\b"
    r"(?:\s+mức)?(?:\s+(?:tăng|giảm))?\s*$",
    regex.IGNORECASE,
)
# A clause labelled a directive that reports a result ("tỉnh đã chấp thuận 6 dự án"): what
# was done ("đã", "ước thực hiện", "cho biết") and no request in it.
_DONE = regex.compile(r"\b(?:da|uoc dat|uoc thuc hien|uoc tinh|du uoc|cho biet|bao cao|hien co|van con|den nay)\b")
_ASKED = regex.compile(r"\b(?:yeu cau|de nghi|can|phai|phan dau|kien nghi|mong muon|chi dao cac)\b")
# A figure's `raw` is its clause; a clause longer than this (text without full stops, such as
# a feed's one long paragraph) gives each figure a window of _RAW_REACH characters either side
# instead, so that the digest's size stays linear in the text's.
_MAX_RAW = 1_000
_RAW_REACH = 300
_INCIDENTAL_AFTER = 16  # "52 đảng viên tham dự": the meeting's own count names itself right after
_NATIONAL_BEFORE = 40
_CUT_OFF = 4  # a quantity this close to the end of a text cut mid-sentence may be cut itself
_AFTER = regex.compile(r"[^,;.()]{0,40}")  # the words after a count that name what was counted


@dataclass
class _Draft:
    q: Quantity
    clause: Clause
    qs: int  # where the quantity starts and ends in the clause
    qe: int
    start: int  # where the value's phrase starts (a growth's verb, "vượt mốc")
    label_start: int
    role: Role
    label: str = ""
    end: int = 0  # end of the last attribute, in clause coordinates
    pct_of_plan: float | None = None
    pct_span: tuple[int, int] | None = None
    basis_span: tuple[int, int] | None = None
    over_plan: float | None = None
    growths: list[tuple[Reading, Quantity]] = field(default_factory=list)
    share_span: tuple[int, int] | None = None
    plan: float | None = None
    plan_span: tuple[int, int] | None = None
    period_raw: str | None = None
    price_basis: str | None = None
    tally_end: int | None = None
    counted: str | None = None  # "Số doanh nghiệp thành lập mới là 22.463": the unit named before
    equivalent_span: tuple[int, int] | None = None  # "(tương đương 29.800 tỷ đồng)"
    pair_labels: list[str] = field(default_factory=list)  # "A và B tăng lần lượt 2% và 3%": B
    pair_verb: str | None = None  # the verb the paired values share, as written ("tăng")
    level: bool = False  # "giảm còn 2,1%": the verb stays with the value
    value_end: int = 0  # where the value's own phrase ends ("(58/63)" with its bracket)
    from_span: tuple[int, int] | None = None  # "tăng từ 17.500 tỷ đồng" (lên 32.749 tỷ đồng)


@dataclass(frozen=True)
class _ClauseFacts:
    """What every figure of one clause shares, read once per clause rather than per figure."""

    text: str
    folded: str
    names_plan: bool  # "kế hoạch", "KH", "giao": a ratio's denominator is the plan
    missed: bool  # a shortfall clause, or one that says "chưa đạt": a share below 100% missed
    raw: str | None  # the stripped clause, when short enough to be every figure's `raw`
    last: bool  # the clause ends a text cut mid-sentence


def _clause_facts(clause: Clause, *, cut_off: bool) -> _ClauseFacts:
    folded = clause.folded or fold(clause.text)
    return _ClauseFacts(
        text=clause.text,
        folded=folded,
        names_plan=bool(_NAMES_PLAN.search(folded)),
        missed=clause.part is Part.SHORTFALL or bool(_MISSED.search(folded)),
        raw=clause.text.strip() if len(clause.text) <= _MAX_RAW else None,
        last=cut_off,
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


def _opens_new_subject(gap: str) -> bool:
    """Whether the words between a figure and the next quantity start another figure.

    ", bằng " and ", tăng " are joints; ", công nghiệp tăng " and a named indicator are not.

    >>> _opens_new_subject(", bằng "), _opens_new_subject(", công nghiệp tăng ")
    (False, True)
    """
    joints = load_figure_words().joints
    # Before the last comma the gap still describes the figure ("304 doanh nghiệp thành lập
    # mới, tăng 17,4%"); what follows it decides whether a new subject starts.
    tail = gap.rsplit(",", 1)[-1] if "," in gap and not _DIGITS.search(gap) else gap
    words = _LETTERS.findall(fold(tail))
    if any(w not in joints for w in words):
        return True
    return len(words) > 1 and bool(find_indicator_mentions(gap))  # "vốn đầu tư công" is all joints


def _label_start(text: str, label_from: int) -> int:
    """Where a label may start: after the previous quantity, and past the rest of a numeral
    glued to it ("0,0.32": the label of the next figure is not "32", a piece of a number)."""
    m = _GLUED_NUMERAL.match(text, label_from) if label_from else None
    return m.end() if m else label_from


# --- Attributes ------------------------------------------------------------------------


def _attach(d: _Draft, r: Reading, q: Quantity, text: str | None = None, folded: str | None = None) -> None:
    """Record an attribute on the figure before it. The first share of a baseline counts
    ("bằng 71,77% dự toán Trung ương và bằng 59% dự toán HĐND"); growths on other bases
    ("so với tháng trước", "so với cùng kỳ") and the previous period's are all kept."""
    if r.role is Role.PCT_OF_PLAN and d.pct_span is None:
        d.pct_of_plan, d.pct_span = q.value, (r.start, r.end)
        d.basis_span = _span(r)
    elif r.role is Role.EXCEED and d.pct_span is None:
        d.over_plan, d.pct_span, d.basis_span = q.value, (r.start, r.end), _span(r)
    elif r.role in (Role.GROWTH, Role.COMPARISON, Role.MULTIPLE) and _new_basis(d, r):
        d.growths.append((r, q))
    elif r.role is Role.PLAN and d.plan is None:
        d.plan, d.plan_span = q.value, (r.start, r.end)
    elif r.role is Role.SHARE and d.share_span is None:
        d.share_span = (r.start, r.end)
    elif r.role is Role.EQUIVALENT and d.equivalent_span is None:
        d.equivalent_span = (r.start, r.end)
    d.end = max(d.end, r.end)
    if d.price_basis is None and text is not None:
        price = price_basis_after(text, folded or "", d.end)
        if price is not None:
            d.price_basis, d.end = price


def _span(r: Reading) -> tuple[int, int] | None:
    return (r.basis_start, r.basis_end) if r.basis_start is not None and r.basis_end is not None else None


def _new_basis(d: _Draft, r: Reading) -> bool:
    """Whether a growth says something the figure's growths do not: another comparison, or
    the previous period's growth."""
    if r.previous or not d.growths:
        return True
    return all(g.comparison != r.comparison and not g.previous for g, _ in d.growths) and r.comparison is not None


def _after_value(d: _Draft, facts: _ClauseFacts) -> None:
    """A period or a bracketed price basis right after the value: "6,67% năm 2016"."""
    period = period_after(facts.text, facts.folded, d.end)
    if period is not None:
        d.period_raw, d.end = period
    price = price_basis_after(facts.text, facts.folded, d.end)
    if price is not None:
        d.price_basis, d.end = price
    tally = _TALLY_AFTER.match(facts.folded, d.qe) if d.q.unit in ("chỉ tiêu", None) else None
    if tally is not None:
        basis = load_figure_words().plan.match(facts.folded, tally.end() + 1)  # "đạt và vượt Nghị quyết"
        end = basis.end() if basis is not None and facts.folded[tally.end() : tally.end() + 1] == " " else tally.end()
        d.tally_end = d.end = max(d.end, end)


# --- Drafts ----------------------------------------------------------------------------


def _new_draft(
    q: Quantity, qs: int, qe: int, r: Reading, clause: Clause, facts: _ClauseFacts, label_from: int,
    previous: _Draft | None, *, same_subject: bool,
) -> _Draft:
    text, folded = facts.text, facts.folded
    start = _label_start(text, label_from)
    d = _Draft(q=q, clause=clause, qs=qs, qe=qe, start=r.start, label_start=start, role=r.role, end=r.end,
               level=r.level, value_end=r.end if r.role is Role.RANK else qe)
    label = clean_label(text[start : r.start])
    if r.role in (Role.PCT_OF_PLAN, Role.EXCEED):
        _attach(d, r, q)
    elif r.role in (Role.GROWTH, Role.COMPARISON, Role.RANK_CHANGE, Role.MULTIPLE):
        d.growths.append((r, q))
    d.period_raw = own_period(text, folded, start, r.start)
    d.price_basis = price_basis(text, folded, start, r.start)
    ranks_unnamed = r.role is Role.RANK or q.unit == RANK_UNIT and not match_indicator(label)
    if previous is not None and (same_subject or ranks_unnamed or names_nothing(fold(label))):
        # "lũy kế 9 tháng đạt 51.340 tỷ đồng", "lên 6,72% năm 2017", "xếp thứ 7/34": the
        # previous figure's indicator again, on another period, basis or scale.
        label = previous.label
    elif not _LETTERS.search(label) and q.unit == "%":
        label = right_label(text, d.end)
    d.label = label
    if q.unit is None:
        d.counted = counted_in_label(fold(label))
    _after_value(d, facts)
    return d


def _drafts(
    clause: Clause, found: list[tuple[Quantity, int, int]], facts: _ClauseFacts, carry: _Draft | None
) -> list[_Draft]:
    """Figures of one clause from its quantities, given with their offsets in the clause;
    `carry` is the last figure of the sentence's previous clause, whose indicator a label
    such as "lũy kế 5 tháng" names again."""
    text, folded = facts.text, facts.folded
    drafts: list[_Draft] = []
    label_from = 0
    for q, qs, qe in found:
        last = current = drafts[-1] if drafts else None
        if last is not None:
            label_from = max(label_from, last.end)
        if current is not None and _opens_new_subject(text[current.end : qs]):
            current = None
        r = read_role(q, folded, qs, qe, current is not None and current.role is not Role.THRESHOLD)
        if r.role is Role.SKIP:
            continue
        if current is not None and current.role is not Role.THRESHOLD and r.role not in _OWN_FIGURE_ROLES:
            _attach(current, r, q, text, folded)
            continue
        same_subject = current is not None
        if current is not None and current.role is Role.THRESHOLD and r.role is Role.VALUE and not current.growths:
            drafts.pop()  # "vượt mốc 600.000 tỷ đồng, ước đạt 641.710 tỷ đồng": the value counts
            label_from = current.label_start
            same_subject = False
            last = drafts[-1] if drafts else None
        start_point = _start_point(current, r, folded) if same_subject else None
        if start_point is not None:
            drafts.pop()  # "tăng từ 17.500 tỷ đồng lên 32.749 tỷ đồng": the first is where it began
            label_from = start_point.label_start
        d = _new_draft(q, qs, qe, r, clause, facts, label_from, last or carry, same_subject=same_subject)
        if start_point is not None:
            d.label = start_point.label
            verb = _GROWTH_BEFORE_FROM.search(folded, max(0, start_point.start - _WINDOW), start_point.start)
            d.from_span = (verb.start() if verb else start_point.start - len("từ "), start_point.qe)
        if same_subject and last is not None and last.pair_labels:
            _pair(d, last, r)
        elif _PAIRED.search(folded, d.label_start, qs):
            _split_pair(d, text, r)
        drafts.append(d)
        label_from = d.end
    return drafts


_OWN_FIGURE_ROLES = (Role.VALUE, Role.RANK_CHANGE, Role.THRESHOLD, Role.RANK)
_PAIRED = regex.compile(r"\blan\s+luot\b")
_GROWTH_BEFORE_FROM = regex.compile(r"\b(?:tang|giam)(?:\s+\w+)?\s+tu\s*$")
_PAIR_SPLIT = regex.compile(r"\s*(?:,|\bvà\b)\s*")
_FROM = regex.compile(r"\btu\s*$")
_TO = regex.compile(r"\s*(?:len|xuong|den)\s*$")


def _start_point(previous: _Draft | None, r: Reading, folded: str) -> _Draft | None:
    """The value a change starts from ("từ 17.500 tỷ đồng lên 32.749 tỷ đồng"): no result of
    its own, unless the text gives it a period ("từ 6,67% năm 2016 lên 6,72% năm 2017")."""
    if previous is None or r.role is not Role.VALUE or previous.role is not Role.VALUE:
        return None
    if previous.period_raw or previous.growths or previous.pct_span:
        return None
    if not _FROM.search(folded, max(0, previous.start - 8), previous.start):
        return None
    return previous if _TO.match(folded[previous.end : r.start]) else None


def _split_pair(d: _Draft, text: str, r: Reading) -> None:
    """"công nghiệp và dịch vụ tăng lần lượt 8,2% và 6,4%": the first label to the first value,
    the next ones kept for the values that follow."""
    parts = [p for p in _PAIR_SPLIT.split(d.label) if _LETTERS.search(p)]
    if len(parts) < 2:
        return
    d.label, d.pair_labels = parts[0], parts[1:]
    if r.role is Role.GROWTH:
        d.pair_verb = text[r.start : r.end].split(" ", 1)[0]


def _pair(d: _Draft, previous: _Draft, r: Reading) -> None:
    """The next value of a pair: its label, and the verb the pair shares ("tăng 6,4%")."""
    d.label, d.pair_labels = previous.pair_labels[0], previous.pair_labels[1:]
    d.pair_verb = previous.pair_verb
    if d.pair_verb and r.role is Role.VALUE and d.q.unit == "%":
        d.growths.append((Reading(Role.GROWTH, d.qs, d.qe), d.q))


# --- From draft to figure --------------------------------------------------------------


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


def _indicator(d: _Draft, q: Quantity, facts: _ClauseFacts) -> str | None:
    """The indicator of a figure: from its label, or from the label and the noun after it."""
    if q.unit == "chỉ tiêu" and (q.denominator is not None or d.tally_end is not None):
        missed = d.tally_end is not None and _TALLY_MISSED.search(facts.folded, d.qe, d.tally_end)
        return None if missed else "targets_met"  # "02 chỉ tiêu không đạt" met nothing
    after = _AFTER.match(d.clause.text, d.qe).group()
    return (
        match_indicator(f"{d.label} {q.unit}")
        or match_indicator(d.label)
        or match_indicator(f"{d.label} {q.raw}{after}")
    )


def _is_incidental(d: _Draft, facts: _ClauseFacts) -> bool:
    """The meeting's own numbers (who attended, who voted), ceremonies, policy parameters, a
    condition ("từ 10.000 tỷ đồng trở lên"), the country's figure beside the province's."""
    words = load_figure_words()
    folded = facts.folded
    own = folded[d.label_start : min(len(folded), d.qe + _INCIDENTAL_AFTER)]
    if words.incidental.search(own) or words.policy.search(folded[d.label_start : d.qe]):
        return True
    if words.incidental_far.search(folded, d.label_start, min(len(folded), d.qe + INCIDENTAL_FAR)):
        return True
    if _PLAN_LABEL.search(facts.text, d.label_start, d.start):
        return True  # "trong khi kế hoạch chỉ đặt mức tăng 7%": the plan, not a result
    if words.national.search(folded[max(d.label_start, d.start - _NATIONAL_BEFORE) : d.start]):
        return True
    bound = d.q.qualifier in (Qualifier.AT_LEAST, Qualifier.AT_MOST)
    return bound and bool(_CONDITION.match(fold(d.q.raw))) and bool(_HAS.search(folded, d.label_start, d.qs))


def _keeps(d: _Draft, facts: _ClauseFacts, is_target: bool) -> bool:
    q = d.q
    unit_key = (q.unit or "").lower()
    if q.unit is None and d.tally_end is None and d.counted is None and d.role is not Role.RANK:
        return False
    if unit_key in _NON_FIGURE_UNITS:
        return False
    if not (d.label or q.unit or d.role is Role.RANK) or (q.unit == "%" and not _LETTERS.search(d.label)):
        return False  # "100%" alone on a line: a page's zoom, not a result
    if unit_key == "chỉ tiêu" and q.denominator is None and d.tally_end is None:
        return False  # "26 chỉ tiêu chủ yếu" counts the targets
    if facts.last and len(facts.text.rstrip()) - d.qe <= _CUT_OFF:
        return False  # "ước 3,11 triệu l": the text was cut in the middle of this figure
    if not is_target and _is_incidental(d, facts):
        return False
    return not (is_target and _is_incidental_target(d, facts))


def _is_incidental_target(d: _Draft, facts: _ClauseFacts) -> bool:
    """A goal's clause names goals: only the meeting's own numbers are no target there."""
    words = load_figure_words()
    own = facts.folded[d.label_start : min(len(facts.folded), d.qe + _INCIDENTAL_AFTER)]
    return bool(words.incidental.search(own))


def _status(d: _Draft, facts: _ClauseFacts) -> tuple[Status | None, str | None]:
    """Whether a figure met its plan, and the words that say so when the text says it."""
    folded, text = facts.folded, facts.text
    if d.over_plan is not None:
        return Status.EXCEEDED, None
    if d.pct_of_plan is not None:
        if d.pct_of_plan > 100:
            return Status.EXCEEDED, None
        if d.pct_of_plan == 100:
            return Status.MET, None
        if facts.missed:
            return Status.MISSED, None
    value = d.q.value
    if d.plan is not None and value is not None and d.q.unit == "%":
        return (Status.MET if value >= d.plan else Status.MISSED), None
    if d.tally_end is not None:
        return (Status.MISSED if _TALLY_MISSED.search(folded, d.qe, d.tally_end) else None), None
    # The figure's own words: from its label to just past its attributes.
    own_end = min(len(folded), d.end + 30)
    missed = _MISSED.search(folded, d.label_start, own_end)
    if missed is not None:
        said = text[missed.start() : missed.end()]
        return Status.MISSED, (None if fold(said).startswith(("chi dat", "hut thu")) else said)
    exceeded = _EXCEEDED.search(folded, max(d.label_start, d.start - _WINDOW), d.start)
    if exceeded is not None:
        return Status.EXCEEDED, text[exceeded.start() : exceeded.end()]
    return None, None


def _growth_text(d: _Draft, text: str) -> str | None:
    if not d.growths and d.from_span is None:
        return None
    out = _words(text, d.from_span) or ""
    for r, _ in d.growths:
        phrase = " ".join(text[r.start : r.end].split()).strip(" ,")
        if d.pair_verb and r.start == d.qs:
            phrase = f"{d.pair_verb} {phrase}"  # "tăng lần lượt 8,2% và 6,4%": "tăng 6,4%"
        out += (" " if phrase.startswith("(") or not out else ", ") + phrase
    return out.strip()


def _yoy(d: _Draft, folded: str) -> float | None:
    """The growth on the same period of last year, signed; not a growth on another basis, a
    previous period's growth in brackets, or a multiple."""
    for r, q in d.growths:
        if r.role is not Role.GROWTH or r.previous or q.unit != "%" or q.value is None:
            continue
        if is_same_period(r.comparison):
            shared = d.pair_verb if d.pair_verb and r.start == d.qs else ""
            fall = is_fall(folded[r.start : r.end]) or is_fall(fold(shared))
            return -q.value if fall else q.value
    return None


def _value_raw(d: _Draft, text: str) -> str:
    """The value as written; a threshold passed, a tally and a level keep their words
    ("vượt mốc 1 tỷ USD", "19/21 chỉ tiêu đạt và vượt")."""
    if d.role in (Role.THRESHOLD, Role.RANK) or d.level:
        # "vượt mốc 1 tỷ USD", "vị trí thấp (58/63)", "giảm còn 2,1%"
        return " ".join(text[d.start : max(d.qe, d.value_end)].split())
    if d.tally_end is not None:
        return " ".join(text[d.qs : d.tally_end].split())
    return d.q.raw


def _to_figure(d: _Draft, period: str | None, facts: _ClauseFacts, is_target: bool) -> Figure | None:
    q = d.q
    if not _keeps(d, facts, is_target):
        return None
    text = facts.text
    unit = RANK_UNIT if d.role is Role.RANK else q.unit or d.counted or "chỉ tiêu"
    plan = d.plan
    if plan is None and q.denominator is not None and unit not in ("chỉ tiêu", RANK_UNIT) and facts.names_plan:
        plan = q.denominator
    status, status_raw = _status(d, facts)
    own = d.period_raw if d.period_raw and _DIGITS.search(d.period_raw) else None
    return Figure(
        indicator=_indicator(d, q, facts),
        label=_label(d, unit),
        value=q.value,
        unit=unit,
        qualifier=q.qualifier,
        low=q.low,
        high=q.high,
        numerator=q.numerator,
        denominator=q.denominator,
        pct_of_plan=d.pct_of_plan,
        pct_raw=_words(text, d.pct_span),
        pct_basis=_words(text, d.basis_span),
        over_plan_pct=d.over_plan,
        yoy_pct=_yoy(d, facts.folded),
        yoy_raw=_growth_text(d, text) or _doubling_after(text, d.qe),
        share_raw=_words(text, d.share_span),
        equivalent_raw=_words(text, d.equivalent_span),
        plan_value=plan,
        plan_raw=_words(text, d.plan_span),
        period=None if is_target else (own or period),
        period_raw=_own_period(d.period_raw, period),
        price_basis=d.price_basis,
        status=status,
        status_raw=status_raw,
        raw=facts.raw if facts.raw is not None else _raw_window(text, d.qs, d.qe),
        value_raw=_value_raw(d, text),
    )


def _label(d: _Draft, unit: str) -> str:
    """The label as written; the counted noun when the words before only name a period
    ("Năm 2024 có 22 chỉ tiêu đạt": the label is the unit, the period shown apart)."""
    label = strip_markup(d.label)
    return unit if not label or names_nothing(fold(label)) else label


def _own_period(own: str | None, period: str | None) -> str | None:
    """A figure's own period, unless it only repeats the report's ("9 tháng" of "9 tháng năm 2021")."""
    if own is None or period is None:
        return own
    key = fold(own).removeprefix("trong ").strip()
    return None if key in fold(period) else own


def _words(text: str, span: tuple[int, int] | None) -> str | None:
    return " ".join(text[span[0] : span[1]].split()) if span else None


_GROWTH_WORD = regex.compile(r"tăng|giảm", regex.IGNORECASE)
_DOUBLING = regex.compile(
    r"(?:tăng|giảm)\s+gấp\s+(?:đôi|rưỡi|ba|\d+(?:,\d+)?\s+lần)"
    r"(?:\s+so\s+(?:với\s+)?(?:cùng\s+kỳ(?:\s+năm\s+\d{4})?|năm\s+\d{4}|năm\s+trước))?",
    regex.IGNORECASE,
)


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


# --- Clauses ---------------------------------------------------------------------------


def _reports_result(folded: str, first: int) -> bool:
    """Whether a clause the sections labelled a directive reports what was done: "tỉnh đã
    chấp thuận 6 dự án" in the chair's review, not "yêu cầu phấn đấu tăng 8%"."""
    if _ASKED.search(folded) or load_cues().target_markers.search(folded):
        return False
    return bool(_DONE.search(folded, 0, first + _WINDOW))


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


_SENTENCE_CLOSE = regex.compile(r"[.!?…:;\"”')\]]\s*$")


def find_figures(
    clauses: list[Clause], *, period: str | None, body: str | None = None
) -> tuple[list[Figure], list[Figure]]:
    """Results (from result and shortfall clauses, and from a directive clause that reports a
    result) and targets (from target clauses).

    With `body` (the text the clauses were cut from), quantities are found in one pass.
    """
    if body is not None:
        per_clause = _by_clause(clauses, find_quantities(body))
    else:
        per_clause = [[(q, q.start or 0, q.end or 0) for q in find_quantities(c.text)] for c in clauses]
    results: list[Figure] = []
    targets: list[Figure] = []
    seen: set[tuple] = set()
    last = len(clauses) - 1
    sentence = _Sentence(-1)
    for i, (clause, found) in enumerate(zip(clauses, per_clause, strict=True)):
        if clause.sentence != sentence.index:
            sentence = _Sentence(clause.sentence)
        if not found:
            continue
        facts = _clause_facts(clause, cut_off=i == last and not _SENTENCE_CLOSE.search(clause.text))
        if clause.part is Part.DIRECTIVE:
            sentence.reports = sentence.reports or _reports_result(facts.folded, found[0][1])
            if not sentence.reports:
                continue
        marker = _target_marker(facts.folded) if clause.part is Part.TARGET else None
        drafts = _drafts(clause, found, facts, sentence.carry)
        for d in drafts:
            is_target = clause.part is Part.TARGET and not _result_before_goal(d, facts, marker)
            fig = _to_figure(d, period, facts, is_target)
            if fig is None:
                sentence.policy = sentence.policy or _is_policy(d, facts)
                continue
            if sentence.policy and fig.indicator is None:
                continue  # "…dưới 2,5 lít là 15%; từ 2,5 đến 3 lít là 20%": the same policy's rates
            # The same figure twice (a title or a caption repeating the body) is printed once.
            keys = {(fig.value_raw, fold(fig.label))}
            if fig.indicator is not None:
                keys.add((fig.indicator, fig.value, fig.low, fig.high, fig.unit, fig.period_raw))
            if keys & seen:
                continue
            seen |= keys
            (targets if is_target else results).append(fig)
        if drafts:
            sentence.carry = drafts[-1]
    return results, targets


@dataclass
class _Sentence:
    """What one clause of a sentence tells the next ones."""

    index: int
    carry: _Draft | None = None  # its last figure: "…; lũy kế 5 tháng đạt …" names it again
    reports: bool = False  # a directive-labelled sentence that reports results
    policy: bool = False  # a sentence about a policy's rates and thresholds


def _target_marker(folded: str) -> int | None:
    """Where a goal is first named in a target clause ("phấn đấu", "dự kiến năm 2025")."""
    cues = load_cues()
    masked = cues.not_target.sub(lambda m: " " * len(m.group()), folded)
    m = cues.target_markers.search(masked)
    return m.start() if m else None


def _result_before_goal(d: _Draft, facts: _ClauseFacts, marker: int | None) -> bool:
    """A figure stated as done before the clause turns to a goal: "thu nhập năm 2018 đạt 1.794
    USD, dự kiến năm 2020 là 2.000 USD" holds a result, then a target."""
    if marker is None or d.end > marker:
        return False
    return bool(_DONE_VERB.search(facts.folded, d.label_start, d.start + 1))


_DONE_VERB = regex.compile(r"\b(?:dat|uoc dat|da dat|tang|giam|la)\b")


def _is_policy(d: _Draft, facts: _ClauseFacts) -> bool:
    return bool(load_figure_words().policy.search(facts.folded, d.label_start, d.qe))
