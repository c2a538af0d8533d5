"""What each quantity of a clause is to the figure before it, and the words that go with it.

"thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% dự toán, tăng 5% so với cùng kỳ" holds one
value and two attributes. `read_role` gives each quantity its role from the words around it
(value, share of a baseline, exceedance, growth, comparison, plan in brackets, share of a
whole, multiple, change of rank, threshold passed) and the extent of its phrase as written,
verb and baseline included, so that the digest prints "bằng 60,1% dự toán" and never
translates it. Every window is bounded, so reading a quantity costs the same wherever it
stands in a long clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

import regex

from digest.figure_words import load_figure_words, match_at, span_at
from digest.models import Quantity
from digest.numbers import RANK_UNIT


class Role(StrEnum):
    VALUE = "value"
    PCT_OF_PLAN = "pct_of_plan"  # "bằng 60,1% kế hoạch"
    EXCEED = "exceed"  # "vượt 12% kế hoạch", "vượt dự toán Trung ương giao 18,4%"
    GROWTH = "growth"  # "tăng 3,09% so với cùng kỳ"
    COMPARISON = "comparison"  # "bằng 85,6% so với năm 2022": no growth figure is stated
    MULTIPLE = "multiple"  # "tăng 2,2 lần so với năm 2015", "gấp 8 lần"
    PLAN = "plan"  # "(kế hoạch 7%)"
    SHARE = "share"  # "chiếm 17,7% diện tích"
    EQUIVALENT = "equivalent"  # "(tương đương 29.800 tỷ đồng)": the value in other units
    RANK_CHANGE = "rank_change"  # "tăng 4 bậc": a figure of its own
    RANK = "rank"  # "đứng ở vị trí thấp (58/63)": a place in brackets, a figure of its own
    THRESHOLD = "threshold"  # "vượt mốc 1 tỷ USD": the figure only if no value follows
    SKIP = "skip"


@dataclass(frozen=True)
class Reading:
    """A quantity's role and its phrase as written: clause offsets, verb and baseline included."""

    role: Role
    start: int
    end: int
    basis_start: int | None = None  # the baseline of a share ("dự toán HĐND tỉnh giao")
    basis_end: int | None = None
    comparison: str | None = None  # folded: what a growth is against ("cung ky nam truoc")
    previous: bool = False  # growth of the previous period, in brackets: "(cùng kỳ tăng 4,6%)"
    level: bool = False  # a value reached, its verb kept: "giảm còn 2,1%" is no fall of 2,1%
    measures: str | None = None  # folded: what a growth is of, said after it ("ve von dang ky")


_LEFT_REACH = 64  # longer than any verb the patterns below accept

# All patterns run on the folded clause (normalize.fold: same offsets, no diacritics).

# Verbs before a share of a baseline: "bằng 60,1%", "đạt 102%", "chỉ đạt 45%".
_PCT_LEFT = regex.compile(
    r"""\b(?: bang (?:\ khoang)? | dat (?:\ duoc|\ khoang)? | uoc\ dat | du\ uoc\ dat | chi\ dat
            | hoan\ thanh | uoc\ thuc\ hien )\s*$""",
    regex.VERBOSE,
)
# Verbs before a growth: "tăng 3,09%", "giảm 2%", "tăng trưởng 7,5%", "tăng lần lượt 2,8%",
# "cao hơn cùng kỳ 8,84%" (the comparison said before the number).
_GROWTH_LEFT = regex.compile(
    r"""(?: \b(?:tang|giam) (?:\ truong)? (?:\ binh\ quan)? (?:\ lan\ luot)?
            (?:\ khoang|\ tren|\ hon|\ gan|\ nhe)?
          | \b(?:cao|thap)\ hon\ (?:cung\ ky|nam\ truoc|nam\ \d{4})
        )\s*$""",
    regex.VERBOSE,
)
# "cao hơn năm trước 145 USD": a difference of any unit, its comparison in the verb.
_BASIS_IN_VERB = regex.compile(r"(?:cao|thap)\s+hon\s")
# The previous period's growth in brackets: "(cùng kỳ năm trước tăng 4,58%)".
_PREVIOUS_BRACKET = regex.compile(r"\(\s*(?:cung\s+ky|nam\s+truoc|ky\s+truoc)[^()]{0,40}$")
_CLOSE_BRACKET = regex.compile(r"\s*\)")
# The previous period's value after the figure, said without brackets: "(trong khi) cùng kỳ
# chỉ đạt 60%", "so với mức 10.500 tỷ đồng của năm trước". No result of this period.
_PREVIOUS_SAID = regex.compile(
    r"""(?<!\bso(?:\s+voi)?\s+)(?<!\bcung\s+ky\s+)  # "so (với) cùng kỳ (năm trước) tăng" is growth
        \b(?:cung\s+ky|nam\s+truoc|cung\s+thoi\s+diem)(?:\s+nam\s+(?:truoc|ngoai|(?:19|20)\d\d))?
        \s+(?:chi\s+)?(?:dat|la|o\s+muc|tang|giam)(?:\s+(?:khoang|tren|hon|gan))?\s*$""",
    regex.VERBOSE,
)
_COMPARED_WITH = regex.compile(r"\bso\s+voi\s+(?:muc\s+)?$")
_OF_BEFORE = regex.compile(
    r"\s+(?:cua\s+)?(?:cung\s+ky|nam\s+truoc|nam\s+(?:19|20)\d\d|ky\s+truoc)\b"
)
# The same value in other units: "(tương đương 29.800 tỷ đồng)", "(tức khoảng 1,2 tỷ USD)".
_EQUIVALENT_LEFT = regex.compile(
    r"""\(\s* (?:tuong\s+duong|tuc|hay|quy\s+doi)
        (?:\s+(?:voi|khoang|gan|tren))? \s*$""",
    regex.VERBOSE,
)
_CLOSE_AFTER = regex.compile(r"[^()]{0,40}\)")  # the rest of the bracket
_BARE_BRACKET = regex.compile(r"\(\s*$")  # a bracket that holds only the next quantity
# A level reached, not a change by that much: "giảm còn 2,1%", "tăng lên 45%", "hạ xuống 3%",
# "tỷ lệ hộ nghèo còn 3,1%".
_LEVEL_LEFT = regex.compile(
    r"""\b(?: (?:(?:giam|ha|tang|nang|keo|day)\s+(?:xuong\s+)?)?con
            | (?:tang|nang|day)\s+len
            | (?:giam|ha)\s+xuong )\s*$""",
    regex.VERBOSE,
)
# A place in a ranking written as a bare ratio in brackets: "đứng ở vị trí thấp (58/63)".
_RANK_BRACKET = regex.compile(r"\b(?:vi\s+tri|xep\s+hang|thu\s+hang|hang)\b[^()\d,;]{0,24}\(\s*$")
# A threshold passed: "vượt mốc 600.000 tỷ đồng", "lần đầu vượt ngưỡng 1 tỷ USD".
_THRESHOLD_LEFT = regex.compile(r"\b(?:vuot\s+|dat\s+|can\s+)?(?:moc|nguong|con\s+so)\s*$")
# A plan, after a value: in brackets ("6,33% (kế hoạch 7%)", "(KH: 7%)"), named ("chỉ tiêu
# giao là 8%"), or the one a figure falls short of ("thấp hơn mục tiêu 35%"). `at` starts it.
_PLAN_LEFT = regex.compile(
    r"""(?: \(\s* (?P<at>ke\ hoach|kh|chi\ tieu|nghi\ quyet|nq|muc\ tieu|du\ toan)
            [^()\d]{0,30}? :?
          | (?P<at>ke\ hoach|kh|chi\ tieu|nghi\ quyet|nq|muc\ tieu|du\ toan)
            \s+ (?:la|de\ ra\ la|giao|giao\ la) \s*:?
          | (?P<at>(?:thap|cao)\s+hon\s+(?:ke\ hoach|muc\ tieu|chi\ tieu|du\ toan)(?:\ de\ ra)?)
          | so\ voi\ (?P<at>ke\ hoach|chi\ tieu|muc\ tieu|du\ toan)(?:\ (?:de\ ra|giao|nam))?
        )\s*$""",
    regex.VERBOSE,
)
# The plan a figure is measured against, named right before its value even when other words
# stand between the two ("4,5 tỷ USD, cao hơn nhiều so với chỉ tiêu 1,765 tỷ USD"): the plan
# goes with the figure before it, and is no result of its own where none stands before it.
_AGAINST_PLAN = regex.compile(
    r"""\b(?:so\ voi|(?:cao|thap)\ hon(?:\ (?:nhieu|han|xa))?(?:\ so\ voi)?)
        \ (?P<at>ke\ hoach|chi\ tieu|muc\ tieu|du\ toan)
        (?:\ (?:de\ ra|giao|duoc\ giao|nam|cua\ nghi\ quyet))? \s*:?\s*$""",
    regex.VERBOSE,
)
_EXCEED_VERB = regex.compile(r"vuot\b")  # "vượt 12% kế hoạch": the bound word starts the quantity
_MULTIPLE_LEFT = regex.compile(
    r"\b(?:(?:tang|giam|cao)\s+)?(?:gap|tang|giam)\s*$"
)  # "tăng gấp 2,4 lần"
_FALL = regex.compile(r"[^\d]*\bgiam\b")  # a fall: "giảm" before the number of its phrase
_SPACE = regex.compile(r"\s*")


def _verb(pattern: regex.Pattern[str], folded: str, start: int) -> int | None:
    """Where the verb ending right before `start` begins, if `pattern` finds one."""
    reach = max(0, start - _LEFT_REACH)
    m = pattern.search(folded, reach, start)
    return m.start() if m else None


def _basis_after(folded: str, end: int) -> re.Match[str] | regex.Match[str] | None:
    """A baseline right after a share: "% kế hoạch năm", "% so với dự toán Trung ương giao"."""
    return match_at(load_figure_words().plan, folded, span_at(_SPACE, folded, end).end())


def _comparison_after(folded: str, end: int):
    """What a growth is against, right after it: ", so với cùng kỳ năm trước"."""
    return match_at(load_figure_words().comparison, folded, end)


def _growth(folded: str, qs: int, qe: int, verb: int) -> Reading:
    """A growth phrase: the verb, the number, what it measures and what it is against ("tăng
    48,1% về vốn đăng ký so với năm 2015"); a bracketed growth of the previous period runs
    from its bracket to its close."""
    bracket = _PREVIOUS_BRACKET.search(folded, max(0, verb - 48), verb + 1)
    if bracket is not None and "(" not in folded[bracket.start() + 1 : verb]:
        close = match_at(_CLOSE_BRACKET, folded, qe)
        return Reading(Role.GROWTH, bracket.start(), close.end() if close else qe, previous=True)
    end, comparison, measures = measured_against(folded, qe)
    return Reading(Role.GROWTH, verb, end, comparison=comparison, measures=measures)


def measured_against(folded: str, qe: int) -> tuple[int, str | None, str | None]:
    """Where a change's phrase ends after its number at `qe`, what it is against (folded: "cung
    ky") and what it measures (folded: "ve von dang ky"), in either order: "tăng 48,1% về vốn
    so với năm 2015", "tăng 5% so với cùng kỳ về số lượng"."""
    words = load_figure_words()
    comparison = match_at(words.comparison, folded, qe)
    of = match_at(_OF_WHAT, folded, comparison.end() if comparison else qe, _OF_WHAT_REACH)
    if comparison is None and of is not None:
        comparison = match_at(words.comparison, folded, of.end())
    ends = [m.end() for m in (comparison, of) if m is not None]
    end = max(ends) if ends else qe
    basis = (
        (comparison.group("basis") or comparison.group("bare") or comparison.group("other"))
        if comparison
        else None
    )
    return (
        end,
        " ".join(basis.split()) if basis else None,
        " ".join(of.group().split()) if of else None,
    )


# What a change measures, said after it: "tăng 10,4% về số lượng doanh nghiệp và tăng 54,2% về
# vốn đăng ký": kept with the change, so that each is printed with what it is a change of.
_OF_WHAT = regex.compile(r"\s+ve\s+[^,;.()\d]{1,40}?(?=\s+(?:va|so)\b|\s*[,;.)]|\s*$)")
_OF_WHAT_REACH = 48


def is_fall(phrase_folded: str) -> bool:
    """Whether a growth phrase (folded) states a fall: "giảm 2%", "(cùng kỳ giảm 1,4%)"."""
    return bool(_FALL.match(phrase_folded))


def read_role(q: Quantity, folded: str, qs: int, qe: int, has_value: bool) -> Reading:
    """What a quantity is to the figure before it (`has_value`), from the folded clause.

    Each pattern is tried only where a word it needs stands in the window before the number
    (a substring test costs far less than a search of the window), so that reading a
    quantity stays cheap however many kinds of phrase there are."""
    if q.value is None and q.low is None:
        return Reading(Role.SKIP, qs, qe)
    left_from = max(0, qs - _LEFT_REACH)
    left = folded[left_from:qs]
    if q.unit is None and q.denominator is not None and ("(" in left):
        rank = _RANK_BRACKET.search(folded, left_from, qs)
        if rank is not None:
            close = match_at(_CLOSE_BRACKET, folded, qe)
            return Reading(Role.RANK, rank.start(), close.end() if close else qe)
    if has_value and "(" in left:
        equivalent = _EQUIVALENT_LEFT.search(folded, left_from, qs)
        if equivalent is not None:
            close = match_at(_CLOSE_AFTER, folded, qe)
            return Reading(Role.EQUIVALENT, equivalent.start(), close.end() if close else qe)
        close = match_at(_CLOSE_BRACKET, folded, qe)
        if close is not None and _BARE_BRACKET.search(left):
            # "1,5 tỷ USD (khoảng 36.000 tỷ đồng)": the value again, in other units
            return Reading(Role.EQUIVALENT, left_from + left.rindex("("), close.end())
    if "moc" in left or "nguong" in left or "con so" in left:
        threshold = _THRESHOLD_LEFT.search(folded, left_from, qs)
        if threshold is not None:
            return Reading(Role.THRESHOLD, threshold.start(), qe)
    if any(w in left for w in _PLAN_CLUES):
        plan = _PLAN_LEFT.search(folded, left_from, qs) if has_value else None
        plan = plan or _AGAINST_PLAN.search(folded, left_from, qs)
        if plan is not None:
            return Reading(Role.PLAN, plan.start("at"), qe)
    if "cung" in left or "truoc" in left or "so voi" in left:
        previous = _previous_value(folded, left_from, qs, qe)
        if previous is not None:
            return previous
    if q.unit == "%":
        reading = _share_of_baseline(q, folded, qs, qe, has_value, left)
        if reading is not None:
            return reading
    has_verb = "tang" in left or "giam" in left or "hon" in left
    growth_verb = _verb(_GROWTH_LEFT, folded, qs) if has_verb else None
    if q.unit == "bậc" and growth_verb is not None:
        return replace(_growth(folded, qs, qe, growth_verb), role=Role.RANK_CHANGE)
    if q.unit == "lần":
        multiple = _verb(_MULTIPLE_LEFT, folded, qs)
        if multiple is not None:
            end, _, measures = measured_against(folded, qe)
            return Reading(Role.MULTIPLE, multiple, end, measures=measures)
        return Reading(Role.SKIP, qs, qe)  # "2 lần": how often, not how much
    if q.unit == RANK_UNIT:
        return Reading(Role.VALUE, qs, qe)
    if growth_verb is not None and (
        q.unit == "%"
        or (
            has_value
            and (_comparison_after(folded, qe) or match_at(_BASIS_IN_VERB, folded, growth_verb))
        )
    ):
        return _growth(folded, qs, qe, growth_verb)
    if q.unit == "%" and has_value and "chiem" in left:
        share = load_figure_words().share.search(folded, left_from, qs)
        if share is not None:
            return Reading(Role.SHARE, share.start(), _share_end(folded, qe))
    if "con" in left or "len" in left or "xuong" in left:
        level = _LEVEL_LEFT.search(folded, left_from, qs)
        if level is not None:
            return Reading(Role.VALUE, level.start(), qe, level=True)
    return Reading(Role.VALUE, qs, qe)


def plan_lead(folded: str, qs: int) -> int | None:
    """Where a plan named before its number starts ("(kế hoạch là 4%)", "kế hoạch là 7%"):
    read where no value stands before it, it is the plan of the value after it."""
    left_from = max(0, qs - _LEFT_REACH)
    if not any(w in folded[left_from:qs] for w in _PLAN_CLUES):
        return None
    plan = _PLAN_LEFT.search(folded, left_from, qs)
    if plan is None or plan.group("at").startswith(("thap", "cao")):
        return None
    return plan.start("at")


def _previous_value(folded: str, left_from: int, qs: int, qe: int) -> Reading | None:
    """The previous period's value after a figure: "…, trong khi cùng kỳ chỉ đạt 60%", "cao
    hơn so với mức 10.500 tỷ đồng của năm trước"; kept as written with the figure."""
    left = folded[left_from:qs]
    if left.rfind("(") > left.rfind(")"):
        return None  # "(cùng kỳ năm trước tăng 4,58%)": read with its bracket, as a growth
    said = _PREVIOUS_SAID.search(folded, left_from, qs)
    if said is not None:
        return Reading(Role.GROWTH, said.start(), qe, previous=True)
    compared = _COMPARED_WITH.search(folded, left_from, qs)
    if compared is not None:
        of = match_at(_OF_BEFORE, folded, qe)
        if of is not None:
            return Reading(Role.GROWTH, compared.start(), of.end(), previous=True)
    return None


# Words without which _PLAN_LEFT cannot match the window before a number.
_PLAN_CLUES = ("(", "ke hoach", "kh", "chi tieu", "nghi quyet", "nq", "muc tieu", "du toan")


def _share_of_baseline(
    q: Quantity, folded: str, qs: int, qe: int, has_value: bool, left: str
) -> Reading | None:
    """A share of a plan, an estimate, a resolution ("bằng 60,1% kế hoạch"), an exceedance
    ("vượt 12% kế hoạch", "vượt dự toán Trung ương giao 18,4%") or a comparison with a past
    period ("bằng 85,6% so với năm 2022"); None when the quantity is none of these."""
    left_from = max(0, qs - _LEFT_REACH)
    basis = _basis_after(folded, qe)
    if match_at(_EXCEED_VERB, folded, qs):  # "vượt 12%": the bound word starts the quantity
        if basis is not None or has_value:
            return _with_basis(Role.EXCEED, qs, qe, basis)
        return None
    if "vuot" in left:
        before = _basis_before_exceed(folded, left_from, qs, qe)
        if before is not None:
            return before
    verb = _verb(_PCT_LEFT, folded, qs)
    if basis is not None:
        return _with_basis(Role.PCT_OF_PLAN, qs if verb is None else verb, qe, basis)
    if has_value and verb is not None:
        end, comparison, measures = measured_against(folded, qe)
        if comparison is None and measures is None:
            return Reading(Role.PCT_OF_PLAN, verb, qe)
        # "bằng 85,6% so với năm 2022", "bằng 96,8% về vốn đăng ký": no share of a plan
        return Reading(Role.COMPARISON, verb, end, comparison=comparison, measures=measures)
    return None


def _with_basis(
    role: Role, start: int, qe: int, basis: re.Match[str] | regex.Match[str] | None
) -> Reading:
    if basis is None:
        return Reading(role, start, qe)
    return Reading(
        role, start, basis.end(), basis_start=basis.start("basis"), basis_end=basis.end("basis")
    )


def _basis_before_exceed(folded: str, left_from: int, qs: int, qe: int) -> Reading | None:
    """ "vượt dự toán Trung ương giao 18,4%": the baseline between the verb and the number."""
    words = load_figure_words()
    for verb in _EXCEED_VERB.finditer(folded, left_from, qs):
        if verb.start() > 0 and folded[verb.start() - 1].isalnum():
            continue
        at = span_at(_SPACE, folded, verb.end()).end()
        basis = match_at(words.plan, folded, at)
        if basis is not None and not folded[basis.end() : qs].strip():
            return Reading(
                Role.EXCEED,
                verb.start(),
                qe,
                basis_start=basis.start("basis"),
                basis_end=basis.end("basis"),
            )
    return None


_SHARE_OBJECT = regex.compile(r"[^,;.()\d]{0,60}")


def _share_end(folded: str, qe: int) -> int:
    """A share runs on over what it is a share of, to the next punctuation."""
    m = span_at(_SHARE_OBJECT, folded, qe)
    end = m.end()
    while end > qe and not folded[end - 1].isalnum():
        end -= 1
    return end
