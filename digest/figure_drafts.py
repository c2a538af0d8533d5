"""Drafts of figures: the quantities of one clause read into values and their attributes.

`figure_roles` tells what each quantity is to the figure before it; this module attaches an
attribute to that figure unless the words between start another subject, gives a new value
its label (`figure_labels`), and keeps the extent of every phrase in clause offsets, so that
`figures` can print each as the report wrote it. A running total, a price basis or a
period alone in a label names the previous figure's indicator again; paired values ("lần
lượt 4,1% và 9,8%") share out their labels; the value a change starts from ("từ 17.500 lên
32.749 tỷ đồng") is no figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from digest.figure_labels import (
    clean_label,
    counted_in_label,
    names_nothing,
    opens_another_period,
    own_period,
    period_after,
    price_basis,
    price_basis_after,
    right_label,
)
from digest.figure_roles import Reading, Role, read_role
from digest.figure_words import load_figure_words, match_at
from digest.indicators import find_indicator_mentions, match_indicator
from digest.models import Quantity
from digest.normalize import fold
from digest.numbers import RANK_UNIT
from digest.sections import Clause, Part

WINDOW = 40
LETTERS = regex.compile(r"\p{L}+")
_GLUED_NUMERAL = regex.compile(r"[.,]*\d[\d.,]*")  # right after a quantity, no space between
_DIGITS = regex.compile(r"\d")
# Words that say a figure fell short: of its own words, or of its clause's.
MISSED = regex.compile(
    r"""\b(?: chua\ dat | khong\ dat | dat\ thap | chi\ dat | hut\ thu
            | thap\ hon\ (?:ke\ hoach|du\ toan|chi\ tieu|muc\ tieu) )\b""",
    regex.VERBOSE,
)
# A tally of indicators: "19/21 chỉ tiêu đạt và vượt", "22 chỉ tiêu đạt", "02 không đạt".
_TALLY_AFTER = regex.compile(
    r"\s*(?:chu\s+yeu\s+|kinh\s+te\s*-\s*xa\s+hoi\s+|co\s+ban\s+)?"
    r"(?:dat\s+va\s+vuot|dat\s+hoac\s+vuot|hoan\s+thanh\s+va\s+vuot|dat|vuot|hoan\s+thanh|khong\s+dat|chua\s+dat)(?!\w)"
)
_NAMES_PLAN = regex.compile(r"\b(ke hoach|kh|chi tieu giao|giao)\b")
# A figure's `raw` is its clause; a clause longer than this (text without full stops, such as
# a feed's one long paragraph) gives each figure a window of _RAW_REACH characters either side
# instead, so that the digest's size stays linear in the text's.
_MAX_RAW = 1_000
_RAW_REACH = 300


@dataclass
class Draft:
    """A figure being read: its value, and the extent (clause offsets) of every phrase that
    goes with it, so that each is printed as the report wrote it."""

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
    bare: bool = False  # the label only names a period, a running total or a price basis
    status_span: tuple[int, int] | None = None  # ", vượt chỉ tiêu Nghị quyết đề ra" after it


@dataclass(frozen=True)
class ClauseFacts:
    """What every figure of one clause shares, read once per clause rather than per figure."""

    text: str
    folded: str
    names_plan: bool  # "kế hoạch", "KH", "giao": a ratio's denominator is the plan
    missed: bool  # a shortfall clause, or one that says "chưa đạt": a share below 100% missed
    raw: str | None  # the stripped clause, when short enough to be every figure's `raw`
    last: bool  # the clause ends a text cut mid-sentence


def clause_facts(clause: Clause, *, cut_off: bool) -> ClauseFacts:
    folded = clause.folded or fold(clause.text)
    return ClauseFacts(
        text=clause.text,
        folded=folded,
        names_plan=bool(_NAMES_PLAN.search(folded)),
        missed=clause.part is Part.SHORTFALL or bool(MISSED.search(folded)),
        raw=clause.text.strip() if len(clause.text) <= _MAX_RAW else None,
        last=cut_off,
    )


def raw_window(text: str, qs: int, qe: int) -> str:
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
    words = LETTERS.findall(fold(tail))
    if any(w not in joints for w in words):
        return True
    return len(words) > 1 and bool(find_indicator_mentions(gap))  # "vốn đầu tư công" is all joints


# What the figure counts or measures, named after it, then a bracket on it: "412 doanh nghiệp
# thành lập mới (giảm 3,1% …)", "953 triệu USD vốn FDI (tăng …)"; a few words, no punctuation.
_NOUN_THEN_BRACKET = regex.compile(r"\s+[^\W\d]+(?:\s+[^\W\d]+){0,3}\s*\(\s*")


def _label_start(text: str, label_from: int) -> int:
    """Where a label may start: after the previous quantity, and past the rest of a numeral
    glued to it ("0,0.32": the label of the next figure is not "32", a piece of a number)."""
    m = match_at(_GLUED_NUMERAL, text, label_from) if label_from else None
    return m.end() if m else label_from


# --- Attributes ------------------------------------------------------------------------


def _attach(
    d: Draft,
    r: Reading,
    q: Quantity,
    text: str | None = None,
    folded: str | None = None,
    *,
    grouped: bool = False,
) -> None:
    """Record an attribute on the figure before it. The first share of a baseline counts
    ("bằng 71,77% dự toán Trung ương và bằng 59% dự toán HĐND"); growths on other bases
    ("so với tháng trước", "so với cùng kỳ") and the previous period's are all kept, and so
    is every growth of one bracket (`grouped`: "tăng 10,4% về số lượng và tăng 54,2% về vốn")."""
    if r.role is Role.PCT_OF_PLAN and d.pct_span is None:
        d.pct_of_plan, d.pct_span = q.value, (r.start, r.end)
        d.basis_span = _span(r)
    elif r.role is Role.EXCEED and d.pct_span is None:
        d.over_plan, d.pct_span, d.basis_span = q.value, (r.start, r.end), _span(r)
    elif r.role in (Role.GROWTH, Role.COMPARISON, Role.MULTIPLE) and (
        grouped or _new_basis(d, r)
    ):
        d.growths.append((r, q))
    elif r.role is Role.PLAN and d.plan is None:
        d.plan, d.plan_span = q.value, (r.start, r.end)
    elif r.role is Role.SHARE and d.share_span is None:
        d.share_span = (r.start, r.end)
    elif r.role is Role.EQUIVALENT and d.equivalent_span is None:
        d.equivalent_span = (r.start, r.end)
    d.end = max(d.end, r.end)
    if text is not None and folded is not None:
        if d.price_basis is None:
            price = price_basis_after(text, folded, d.end)
            if price is not None:
                d.price_basis, d.end = price
        _status_after(d, folded)


def _span(r: Reading) -> tuple[int, int] | None:
    return (
        (r.basis_start, r.basis_end)
        if r.basis_start is not None and r.basis_end is not None
        else None
    )


def _new_basis(d: Draft, r: Reading) -> bool:
    """Whether a growth says something the figure's growths do not: another comparison, or
    the previous period's growth."""
    if r.previous or not d.growths:
        return True
    if r.measures is not None and all(g.measures != r.measures for g, _ in d.growths):
        return True  # "tăng 10,4% về số lượng và tăng 54,2% về vốn": growths of two things
    return (
        all(g.comparison != r.comparison and not g.previous for g, _ in d.growths)
        and r.comparison is not None
    )


def _after_value(d: Draft, facts: ClauseFacts) -> None:
    """A period or a bracketed price basis right after the value: "6,67% năm 2016"."""
    period = period_after(facts.text, facts.folded, d.end)
    if period is not None and not match_at(_VERB_NEXT, facts.folded, period[1]):
        d.period_raw, d.end = period  # not "6,8%, năm 2024 đạt 7,9%": that period is the next's
    price = price_basis_after(facts.text, facts.folded, d.end)
    if price is not None:
        d.price_basis, d.end = price
    _status_after(d, facts.folded)
    tally = match_at(_TALLY_AFTER, facts.folded, d.qe) if d.q.unit in ("chỉ tiêu", None) else None
    if tally is not None:
        basis = load_figure_words().plan.match(
            facts.folded, tally.end() + 1
        )  # "đạt và vượt Nghị quyết"
        end = (
            basis.end()
            if basis is not None and facts.folded[tally.end() : tally.end() + 1] == " "
            else tally.end()
        )
        d.tally_end = d.end = max(d.end, end)


_VERB_NEXT = regex.compile(
    r"\s*(?:uoc\s+|du\s+kien\s+)?(?:dat|tang|giam|la|chi\s+dat)"
    r"\s+(?:khoang\s+|tren\s+|hon\s+|gan\s+|muc\s+)?\d"
)


def _status_after(d: Draft, folded: str) -> None:
    """What the text says of a figure against its plan, right after it: ", vượt chỉ tiêu
    Nghị quyết đề ra", ", chưa đạt kế hoạch"."""
    if d.status_span is not None or d.q.unit == "chỉ tiêu":
        return  # "20/29 chỉ tiêu đạt và vượt kế hoạch" is a tally, read as such
    verb = match_at(_STATUS_AFTER, folded, d.end)
    if verb is None:
        return
    basis = match_at(load_figure_words().plan, folded, verb.end())
    if basis is not None:
        d.status_span = (verb.start("verb"), basis.end())
        d.end = basis.end()


# ", vượt kế hoạch", ", chưa đạt chỉ tiêu": a status stated after a figure and its attributes.
_STATUS_AFTER = regex.compile(
    r"""\s*,?\s*(?P<verb> dat\ va\ vuot | vuot | chua\ dat | khong\ dat | chua\ hoan\ thanh
                       | hoan\ thanh | dat )\s+(?!\d)""",
    regex.VERBOSE,
)


# --- Drafts ----------------------------------------------------------------------------


def _new_draft(
    q: Quantity,
    qs: int,
    qe: int,
    r: Reading,
    clause: Clause,
    facts: ClauseFacts,
    label_from: int,
    previous: Draft | None,
    *,
    same_subject: bool,
) -> Draft:
    text, folded = facts.text, facts.folded
    start = _label_start(text, label_from)
    d = Draft(
        q=q,
        clause=clause,
        qs=qs,
        qe=qe,
        start=r.start,
        label_start=start,
        role=r.role,
        end=r.end,
        level=r.level,
        value_end=r.end if r.role is Role.RANK else qe,
    )
    label = clean_label(text[start : r.start])
    if r.role in (Role.PCT_OF_PLAN, Role.EXCEED):
        _attach(d, r, q)
    elif r.role in (Role.GROWTH, Role.COMPARISON, Role.RANK_CHANGE, Role.MULTIPLE):
        d.growths.append((r, q))
    d.period_raw = own_period(text, folded, start, r.start)
    d.price_basis = price_basis(text, folded, start, r.start)
    folded_label = fold(label)
    d.bare = names_nothing(folded_label)
    ranks_unnamed = r.role is Role.RANK or q.unit == RANK_UNIT and not match_indicator(label)
    if previous is not None and (same_subject or ranks_unnamed or d.bare):
        # "lũy kế 9 tháng đạt 51.340 tỷ đồng", "lên 6,72% năm 2017", "xếp thứ 7/34": the
        # previous figure's indicator again, on another period, basis or scale.
        label, d.bare = previous.label, previous.bare
        folded_label = fold(label)
    elif not LETTERS.search(label) and q.unit == "%":
        label = right_label(text, d.end)
    d.label = label
    if q.unit is None:
        d.counted = counted_in_label(folded_label)
    _after_value(d, facts)
    return d


def read_drafts(
    clause: Clause, found: list[tuple[Quantity, int, int]], facts: ClauseFacts, carry: Draft | None
) -> list[Draft]:
    """Figures of one clause from its quantities, given with their offsets in the clause;
    `carry` is the last figure of the sentence's previous clause, whose indicator a label
    such as "lũy kế 5 tháng" names again."""
    text, folded = facts.text, facts.folded
    drafts: list[Draft] = []
    label_from = 0
    for q, qs, qe in found:
        last = current = drafts[-1] if drafts else None
        if last is not None:
            label_from = max(label_from, last.end)
        if current is not None and (
            _opens_new_subject(text[current.end : qs])
            or opens_another_period(folded, current.end, qs)
        ):
            if _inside_bracket(text, current.end, qs):
                # "(so cùng kỳ tăng 10,4% về số doanh nghiệp và tăng 54,2% về vốn)": the
                # bracket after a figure compares that figure, whatever words it holds
                inner = read_role(q, folded, qs, qe, True)
                if inner.role in _BRACKET_ROLES and not inner.previous:
                    _attach(current, inner, q, text, folded, grouped=True)
                    label_from = max(label_from, current.end)
                    continue
            current = None
        r = read_role(
            q, folded, qs, qe, current is not None and current.role is not Role.THRESHOLD
        )
        if r.role is Role.SKIP:
            continue
        if (r.previous or r.role is Role.PLAN) and current is None:
            # "…85%, trong khi cùng kỳ chỉ đạt 60%": last year's value goes with the figure;
            # so does the plan it is measured against ("cao hơn nhiều so với chỉ tiêu 1,7 tỷ
            # USD"), which is no result where no figure stands before it.
            if last is not None:
                _attach(last, r, q, text, folded)
            continue
        if (
            current is not None
            and current.role is not Role.THRESHOLD
            and r.role not in _OWN_FIGURE_ROLES
        ):
            _attach(current, r, q, text, folded)
            continue
        same_subject = current is not None
        if (
            current is not None
            and current.role is Role.THRESHOLD
            and r.role is Role.VALUE
            and not current.growths
        ):
            drafts.pop()  # "vượt mốc 600.000 tỷ đồng, ước đạt 641.710 tỷ đồng": the value counts
            label_from = current.label_start
            same_subject = False
            last = drafts[-1] if drafts else None
        start_point = _start_point(current, r, folded) if same_subject else None
        if start_point is not None:
            # "tăng từ 17.500 tỷ đồng lên 32.749 tỷ đồng": the first is where it began
            drafts.pop()
            label_from = start_point.label_start
        d = _new_draft(
            q, qs, qe, r, clause, facts, label_from, last or carry, same_subject=same_subject
        )
        if start_point is not None:
            d.label = start_point.label
            verb = _GROWTH_BEFORE_FROM.search(
                folded, max(0, start_point.start - WINDOW), start_point.start
            )
            d.from_span = (
                verb.start() if verb else start_point.start - len("từ "),
                start_point.qe,
            )
        share = _share_before(last, d, facts)
        if share is not None:
            # "chiếm tỷ trọng cao nhất (58,3%) với 9.034 doanh nghiệp": one figure and its share
            drafts.pop()
            d.share_span, d.label = share
        elif same_subject and last is not None and last.pair_labels:
            _pair(d, last, r)
        elif _PAIRED.search(folded, d.label_start, qs):
            _split_pair(d, text, r)
        drafts.append(d)
        label_from = d.end
    return drafts


_OWN_FIGURE_ROLES = (Role.VALUE, Role.RANK_CHANGE, Role.THRESHOLD, Role.RANK)
_BRACKET_ROLES = (Role.GROWTH, Role.COMPARISON, Role.MULTIPLE)


def _inside_bracket(text: str, after: int, at: int) -> bool:
    """Whether `at` stands inside a bracket opened right after a figure's phrase (ending at
    `after`) that compares that figure ("(so cùng kỳ tăng …"), not one that names parts of
    its own ("(công nghiệp tăng 20,09%, xây dựng tăng 8,85%)") nor one that ends other words
    ("…, cao hơn bình quân cả nước (ước tăng 8%)")."""
    gap = text[after:at]
    if gap.count("(") <= gap.count(")"):
        return False
    bracket = after + gap.rindex("(")
    named = _NOUN_THEN_BRACKET.fullmatch(text, after, bracket + 1)  # what the figure counts
    if text[after:bracket].strip(" ,") and not named:
        return False
    first = _DIGITS.search(text, bracket + 1, at)
    return not _opens_new_subject(text[bracket + 1 : first.start() if first else at])
# A share said before the value it is the share of: "chiếm tỷ trọng cao nhất (58,3%) với".
_SHARE_VERB = regex.compile(
    r"\bchiem(?:\s+(?:ty\s+trong|ty\s+le))?(?:\s+(?:cao|lon|thap|nhieu|it)\s+nhat)?\s*\(?\s*$"
)
_SHARE_REACH = 40
_WITH_VALUE = regex.compile(r"\s*\)?\s*,?\s*voi\b[^,;()\d]{0,40}$")


def _share_before(
    last: Draft | None, d: Draft, facts: ClauseFacts
) -> tuple[tuple[int, int], str] | None:
    """The span of a share said before its value, and the label before the share; None when
    `last` is no such share of `d`."""
    if last is None or last.q.unit != "%" or last.role is not Role.VALUE or d.q.unit == "%":
        return None
    if last.growths or last.pct_span or not _WITH_VALUE.match(facts.folded, last.qe, d.start):
        return None
    verb = _SHARE_VERB.search(facts.folded, max(last.label_start, last.qs - _SHARE_REACH), last.qs)
    if verb is None:
        return None
    end = last.qe + (1 if facts.text[last.qe : last.qe + 1] == ")" else 0)
    label = clean_label(facts.text[last.label_start : verb.start()])
    return (verb.start(), end), label or last.label
_PAIRED = regex.compile(r"\blan\s+luot\b")
_GROWTH_BEFORE_FROM = regex.compile(r"\b(?:tang|giam)(?:\s+\w+)?\s+tu\s*$")
_PAIR_SPLIT = regex.compile(r"\s*(?:,|\bvà\b)\s*")
_FROM = regex.compile(r"\btu\s*$")
_TO = regex.compile(r"\s*(?:len|xuong|den)\s*$")


def _start_point(previous: Draft | None, r: Reading, folded: str) -> Draft | None:
    """The value a change starts from ("từ 17.500 tỷ đồng lên 32.749 tỷ đồng"): no result of
    its own, unless the text gives it a period ("từ 6,67% năm 2016 lên 6,72% năm 2017")."""
    if previous is None or r.role is not Role.VALUE or previous.role is not Role.VALUE:
        return None
    if previous.period_raw or previous.growths or previous.pct_span:
        return None
    if not _FROM.search(folded, max(0, previous.start - 8), previous.start):
        return None
    return previous if _TO.match(folded[previous.end : r.start]) else None


def _split_pair(d: Draft, text: str, r: Reading) -> None:
    """ "công nghiệp và dịch vụ tăng lần lượt 8,2% và 6,4%": the first label to the first value,
    the next ones kept for the values that follow."""
    parts = [p for p in _PAIR_SPLIT.split(d.label) if LETTERS.search(p)]
    if len(parts) < 2:
        return
    d.label, d.pair_labels = parts[0], parts[1:]
    if r.role is Role.GROWTH:
        d.pair_verb = text[r.start : r.end].split(" ", 1)[0]


def _pair(d: Draft, previous: Draft, r: Reading) -> None:
    """The next value of a pair: its label, and the verb the pair shares ("tăng 6,4%")."""
    d.label, d.pair_labels = previous.pair_labels[0], previous.pair_labels[1:]
    d.pair_verb = previous.pair_verb
    if d.pair_verb and r.role is Role.VALUE and d.q.unit == "%":
        d.growths.append((Reading(Role.GROWTH, d.qs, d.qe), d.q))
