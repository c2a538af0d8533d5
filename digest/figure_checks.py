"""Which drafts are results, and whether they met their plan.

A result is kept with its label as written when no indicator fits: counts of things, ranks,
tallies of indicators are results too. What is no result is left out: the meeting's own
numbers (attendees, votes, papers, agenda items), ages and durations, rates and thresholds a
policy sets, the country's numbers given for comparison, a plan stated as a label, and a
number cut off with the text. A clause the sections called a directive still holds results
when it reports what was done; a goal's clause may state a result before its goal.
"""

from __future__ import annotations

from functools import cache

import regex

from digest.cues import load_cues
from digest.figure_drafts import LETTERS, MISSED, WINDOW, ClauseFacts, Draft
from digest.figure_roles import Role
from digest.figure_words import INCIDENTAL_BEHIND, INCIDENTAL_FAR, load_figure_words, span_at
from digest.indicators import match_indicator
from digest.models import Qualifier, Quantity, Status
from digest.normalize import fold
from digest.numbers import unit_kind
from digest.provinces import all_provinces, canonical_province, current_province

# Units that never make a figure: durations ("30 năm Ngày tái lập tỉnh"), star grades ("3
# sao"), and counts of the meeting's own papers and agenda items ("03 Đề án", "4 nghị quyết",
# "8 nhóm nhiệm vụ", "29 ý kiến").
_NON_FIGURE_UNITS = {
    "năm",
    "tháng",
    "ngày",
    "giờ",
    "tuổi",
    "sao",
    "tiêu chí",
    "nhóm",
    "ý kiến",
    "con số",
    "đề án",
    "nghị quyết",
    "văn bản",
    "quyết định",
    "tờ trình",
    "báo cáo",
    "chương trình",
    "kế hoạch",
    "đại biểu",
    "nhiệm vụ",
    "giải pháp",
    "nội dung",
    "tổ",
}
_EXCEEDED = regex.compile(
    r"\bvuot\b(?:\s+(?:ke hoach|du toan|chi tieu|muc tieu)(?:\s+(?:nam|de ra|giao))?)?"
)
_TALLY_MISSED = regex.compile(r"\b(?:khong dat|chua dat)\b")
# "xã có tỷ lệ từ 80% trở lên" outside a goal sets a condition: what something must have.
_AMOUNTS = frozenset({"money", "percent"})  # never a count of the places named before them
_CONDITION = regex.compile(r"^tu\b.*\b(?:tro len|tro xuong)$")
_HAS = regex.compile(r"\bco\b[^,;.\d]{0,40}$")
# A label that names a plan set, not a result: "kế hoạch chỉ đặt mức", "chỉ tiêu giao là",
# "kế hoạch vốn đầu tư công trung hạn giai đoạn 2021 - 2025 của tỉnh là". Read
# with diacritics: folded, "đặt" (set) is "đạt" (achieved), and "chỉ tiêu còn lại đạt 41%" is
# a result.
_PLAN_LABEL = regex.compile(
    r"\b(?:kế hoạch|chỉ tiêu|mục tiêu|dự toán)\b[^,;]{0,60}\b(?:đặt|đề ra|giao|đặt ra|là)\b"
    r"(?:\s+mức)?(?:\s+(?:tăng|giảm))?\s*$",
    regex.IGNORECASE,
)
# A clause labelled a directive that reports a result ("tỉnh đã chấp thuận 6 dự án"): what
# was done ("đã", "ước thực hiện", "cho biết", the chair's praise of "kết quả đạt được", a
# value stated as reached: "nhấn mạnh, năm 2024 GRDP đạt 8,2%") and no request in it.
_DONE = regex.compile(
    r"\b(?:da|uoc dat|uoc thuc hien|uoc tinh|du uoc|cho biet|bao cao|hien co|van con|den nay"
    r"|danh gia cao|dat duoc"
    r"|(?:dat|tang|giam|xep thu|dung thu)\s+(?:khoang\s+|tren\s+|hon\s+|gan\s+)?\d)\b"
)
_ASKED = regex.compile(
    r"\b(?:yeu cau|de nghi|can|phai|phan dau|kien nghi|mong muon|chi dao cac)\b"
)
_SPACE_AFTER = regex.compile(r"[\s,)]*")
_INCIDENTAL_AFTER = 16  # "52 đảng viên tham dự": the meeting's own count names itself right after
_NATIONAL_BEFORE = 40
_INCIDENTAL_BEFORE = 24  # longer than any `before` word of the incidental entries
_CUT_OFF = 4  # a quantity this close to the end of a text cut mid-sentence may be cut itself
_AFTER = regex.compile(r"[^,;.()]{0,40}")  # the words after a count that name what was counted


def indicator_of(d: Draft, q: Quantity, facts: ClauseFacts) -> str | None:
    """The indicator of a figure: from its label, or from the label and the noun after it."""
    if q.unit == "chỉ tiêu" and (q.denominator is not None or d.tally_end is not None):
        missed = d.tally_end is not None and _TALLY_MISSED.search(facts.folded, d.qe, d.tally_end)
        return None if missed else "targets_met"  # "02 chỉ tiêu không đạt" met nothing
    named = match_indicator(f"{d.label} {q.unit or ''}")
    if named is not None:
        return named
    # "kết nạp được 1.300 đảng viên mới": a name around the number. The label alone named
    # nothing, so only its last words can start one.
    after = span_at(_AFTER, d.clause.text, d.qe).group()
    return match_indicator(f"{d.label[-_NAME_REACH:]} {q.raw}{after}")


_NAME_REACH = 60  # longer than the words of any indicator name before its number


def _is_incidental(d: Draft, facts: ClauseFacts) -> bool:
    """The meeting's own numbers (who attended, who voted), ceremonies, policy parameters, a
    condition ("từ 10.000 tỷ đồng trở lên"), the country's figure beside the province's."""
    words = load_figure_words()
    folded = facts.folded
    own = folded[d.label_start : min(len(folded), d.qe + _INCIDENTAL_AFTER)]
    if words.incidental.search(own) or _sets_policy(folded, d.label_start, d.qe):
        return True
    if words.incidental_far.search(folded, d.label_start, min(len(folded), d.qe + INCIDENTAL_FAR)):
        return True
    if _attendance_behind(folded, d.qs):
        return True
    if words.incidental_after.search(folded, d.qe, min(len(folded), d.qe + _INCIDENTAL_AFTER)):
        return True
    before_from = max(d.label_start, d.qs - _INCIDENTAL_BEFORE)
    if d.start == d.qs and words.incidental_before.search(folded, before_from, d.qs):
        return True  # "dân số hơn 1,2 triệu người": what the province is, not a result
    if (
        d.start == d.qs
        and unit_kind(d.q.unit) not in _AMOUNTS
        and words.incidental_places.search(folded, before_from, d.qs)
    ):
        # "chuyến hàng lưu động tại 18 huyện": where it was done, not a result; but "thu ngân
        # sách trên địa bàn 11.260 tỷ đồng" is an amount of the place, the result itself.
        return True
    if _PLAN_LABEL.search(facts.text, d.label_start, d.start):
        return True  # "trong khi kế hoạch chỉ đặt mức tăng 7%": the plan, not a result
    if words.national.search(folded[max(d.label_start, d.start - _NATIONAL_BEFORE) : d.start]):
        return True
    after = span_at(_SPACE_AFTER, folded, d.qe).end()
    if d.role is not Role.RANK and words.national_after.match(
        folded, after, min(len(folded), after + _INCIDENTAL_AFTER)
    ):
        return True  # "cao hơn mức bình quân 6,4% của cả nước"
    bound = d.q.qualifier in (Qualifier.AT_LEAST, Qualifier.AT_MOST)
    return (
        bound
        and bool(_CONDITION.match(fold(d.q.raw)))
        and bool(_HAS.search(folded, d.label_start, d.qs))
    )


def _attendance_behind(folded: str, qs: int) -> bool:
    """A count in the list of who attended ("với sự tham dự của 52 đại biểu và hơn 100 khách
    mời"); not the members they stand for ("…của 298 đảng viên, đại diện cho hơn 13.000 đảng
    viên"), which is the party's size."""
    said = [
        m.end()
        for m in load_figure_words().incidental_behind.finditer(
            folded, max(0, qs - INCIDENTAL_BEHIND), qs
        )
    ]
    return bool(said) and _REPRESENTED not in folded[said[-1] : qs]


_REPRESENTED = "dai dien"
_REPRESENTED_REACH = 24  # "đại diện cho hơn" ends this close before the number it names


def represented(d: Draft, facts: ClauseFacts) -> bool:
    """Members the attendees stand for ("đại diện cho hơn 45.000 đảng viên"): the party's
    size, a figure, in a sentence that lists who attended."""
    return _REPRESENTED in facts.folded[max(0, d.qs - _REPRESENTED_REACH) : d.qs]


def keeps(d: Draft, facts: ClauseFacts, is_target: bool) -> bool:
    q = d.q
    unit_key = (q.unit or "").lower()
    if q.unit is None and d.tally_end is None and d.counted is None and d.role is not Role.RANK:
        return False
    if unit_key in _NON_FIGURE_UNITS:
        return False
    if not (d.label or q.unit or d.role is Role.RANK) or (
        q.unit == "%" and not LETTERS.search(d.label)
    ):
        return False  # "100%" alone on a line: a page's zoom, not a result
    if unit_key == "chỉ tiêu" and q.denominator is None and d.tally_end is None:
        return False  # "26 chỉ tiêu chủ yếu" counts the targets
    if facts.last and len(facts.text.rstrip()) - d.qe <= _CUT_OFF:
        return False  # "ước 3,11 triệu l": the text was cut in the middle of this figure
    if not is_target and _is_incidental(d, facts):
        return False
    return not (is_target and _is_incidental_target(d, facts))


def _is_incidental_target(d: Draft, facts: ClauseFacts) -> bool:
    """A goal's clause names goals: only the meeting's own numbers and the country's goal
    ("mục tiêu tăng trưởng của cả nước 8%") are no target of the province's there."""
    words = load_figure_words()
    folded = facts.folded
    own = folded[d.label_start : min(len(folded), d.qe + _INCIDENTAL_AFTER)]
    if words.incidental.search(own):
        return True
    before = max(d.label_start, d.start - _NATIONAL_BEFORE)
    return bool(words.national.search(folded[before : d.start]))


def status_of(d: Draft, facts: ClauseFacts) -> tuple[Status | None, str | None]:
    """Whether a figure met its plan, and the words that say so when the text says it."""
    folded, text = facts.folded, facts.text
    if d.status_span is not None:  # the text's own words win: ", chưa đạt kế hoạch"
        said = text[d.status_span[0] : d.status_span[1]]
        verb = fold(said)
        if verb.startswith(("chua", "khong")):
            return Status.MISSED, said
        return (Status.EXCEEDED if verb.startswith(("vuot", "dat va vuot")) else Status.MET), said
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
    # Not last year's words: "85%, trong khi cùng kỳ chỉ đạt 60%" says nothing of this one.
    own_end = min([own_end] + [r.start for r, _ in d.growths if r.previous])
    missed = MISSED.search(folded, d.label_start, own_end)
    if missed is not None:
        said = text[missed.start() : missed.end()]
        return Status.MISSED, (None if fold(said).startswith(("chi dat", "hut thu")) else said)
    exceeded = _EXCEEDED.search(folded, max(d.label_start, d.start - WINDOW), d.start)
    if exceeded is not None:
        return Status.EXCEEDED, text[exceeded.start() : exceeded.end()]
    return None, None


@cache
def _named_province() -> regex.Pattern[str]:
    """A province named, folded: with its kind ("tỉnh Bắc Ninh", "TP. Hải Phòng"), or bare
    ("trong khi Bắc Ninh đạt 6,1%"); a bare name is checked for capitals where it is written
    (folded, "hòa bình", "long an" are common words). A commune or district of the same name
    ("xã Hòa Bình", "phường Hà Giang") is no province."""
    names = {fold(n).lower() for current in (False, True) for n in all_provinces(current=current)}
    alternatives = "|".join(
        regex.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )
    return regex.compile(
        rf"""(?<!\b(?:xa|phuong|huyen|quan|thi\s+tran|thi\s+xa|thon|ban|khu
                   |duong|pho|cau|song|nui)\s+)
             \b(?:(?P<kind>tinh|thanh\s+pho|tp\.?)\s*)?(?P<name>{alternatives})\b""",
        regex.IGNORECASE | regex.VERBOSE,
    )


_CAPITALISED = regex.compile(r"\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)*")


def other_province(d: Draft, facts: ClauseFacts, province: str | None) -> bool:
    """A figure of another province, named in its own words ("trong khi đó, tỉnh Bắc Ninh
    tăng 6,1%", "Bắc Giang đạt 13,9%"); the report's own province, or one merged into it
    since, is no other. The name nearest the value counts."""
    if province is None:
        return False
    start = max(d.label_start, d.start - _PROVINCE_BEFORE)
    last = None
    for named in _named_province().finditer(facts.folded, start, d.start):
        written = facts.text[named.start("name") : named.end("name")]
        if named.group("kind") or _CAPITALISED.fullmatch(written):
            last = written
    if last is None:
        return False
    other = canonical_province(last)
    return other is not None and current_province(other) != current_province(province)


_PROVINCE_BEFORE = 60  # the words just before a value that name whose it is


def reports_result(text: str, folded: str, first: int) -> bool:
    """Whether a clause the sections labelled a directive reports what was done: "tỉnh đã
    chấp thuận 6 dự án" in the chair's review, not "yêu cầu phấn đấu tăng 8%"."""
    if _ASKED.search(folded) or goal_marker(text, folded) is not None:
        return False
    return bool(_DONE.search(folded, 0, first + WINDOW))


def goal_marker(text: str, folded: str) -> int | None:
    """Where a clause the sections called a result first names a goal ("đặt mục tiêu", "phấn
    đấu"), result phrases that hold a goal word aside ("vượt mục tiêu", "chương trình mục tiêu
    quốc gia"); None when it names none. "đặt mục tiêu" (set a goal) is read with its
    diacritics: folded, it is "đạt mục tiêu" (met the goal), a result."""
    cues = load_cues()

    def blank(m: object) -> str:
        return " " * len(m.group())  # type: ignore[attr-defined]

    words = load_figure_words()
    setting = _SETS_GOAL.search(text)
    purpose = words.purpose.search(folded)  # "để đạt mục tiêu": a goal, not a goal met
    if setting is None and purpose is None and words.goal.search(folded) is None:
        return None
    masked = cues.result_markers.sub(blank, cues.not_target.sub(blank, folded))
    m = words.goal.search(masked)
    starts = [x.start() for x in (setting, purpose, m) if x is not None]
    return min(starts) if starts else None


def is_goal(d: Draft, marker: int | None) -> bool:
    """A figure whose own words name a goal ("đặt mục tiêu … khoảng 17 tỷ USD"), or bounded
    the way goals are ("ít nhất 75.000 tỷ đồng", "tối thiểu 7%")."""
    if marker is not None and d.label_start <= marker < d.start:
        return True
    return d.q.qualifier is Qualifier.AT_LEAST and fold(d.q.raw).startswith(_GOAL_BOUNDS)


_SETS_GOAL = regex.compile(r"\b(?:đặt|đề)\s+(?:ra\s+)?(?:mục tiêu|chỉ tiêu)\b", regex.IGNORECASE)


_GOAL_BOUNDS = ("it nhat", "toi thieu", "khong duoi", "khong it hon", "khong thap hon")


def target_marker(folded: str) -> int | None:
    """Where a goal is first named in a target clause ("phấn đấu", "dự kiến năm 2025")."""
    cues = load_cues()
    masked = cues.not_target.sub(lambda m: " " * len(m.group()), folded)
    m = cues.target_markers.search(masked)
    return m.start() if m else None


def result_before_goal(d: Draft, facts: ClauseFacts, marker: int | None) -> bool:
    """A figure stated as done before the clause turns to a goal: "thu nhập năm 2018 đạt 1.794
    USD, dự kiến năm 2020 là 2.000 USD" holds a result, then a target."""
    if marker is None or d.end > marker:
        return False
    return any(
        not facts.text[m.start() : m.end()].lower().startswith("đặt")  # folded, "đặt" is "dat"
        for m in _DONE_VERB.finditer(facts.folded, d.label_start, d.start + 1)
    )  # "tỉnh đặt chỉ tiêu thu hút 30 dự án trong năm tới" sets a goal, states no result


_DONE_VERB = regex.compile(r"\b(?:dat|uoc dat|da dat|tang|giam|la)\b")


_ASK_REACH = 60  # the words before a value in a directive that ask for it ("phấn đấu đạt")


def asks_for(d: Draft, facts: ClauseFacts, *, in_goal: bool = False) -> bool:
    """Whether a directive asks for this figure to be reached ("phấn đấu đạt tốc độ tăng
    trưởng từ 10% trở lên", "phải cắt giảm ít nhất 30% thời gian"): a target. Its other
    numbers ("giao 5 sở phối hợp", "hỗ trợ 200 tỷ đồng") are no goal of the province's.
    `in_goal`: its sentence has asked for a goal already, and this figure goes on with it."""
    if _is_incidental(d, facts):  # "đảm bảo mục tiêu tăng trưởng của cả nước 6,7%"
        return False
    if in_goal or d.q.qualifier is Qualifier.AT_LEAST:
        return True
    start = max(d.label_start, d.start - _ASK_REACH)
    return bool(load_figure_words().asked.search(facts.folded, start, d.start))


def is_policy(d: Draft, facts: ClauseFacts) -> bool:
    return _sets_policy(facts.folded, d.label_start, d.qe)


# "thu lệ phí trước bạ tăng 18,9%": a revenue line of the budget, money collected under the
# fee, not the fee a policy sets ("mức thu lệ phí" is the rate again).
_REVENUE_BEFORE = regex.compile(r"(?<!\bmuc )\bthu $")
_REVENUE_REACH = 8


def _sets_policy(folded: str, start: int, end: int) -> bool:
    """A policy's rate or threshold named in `folded[start:end]`, not a revenue line."""
    return any(
        not _REVENUE_BEFORE.search(folded, max(0, m.start() - _REVENUE_REACH), m.start())
        for m in load_figure_words().policy.finditer(folded, start, end)
    )


def lists_attendance(folded: str) -> bool:
    """Whether a sentence (its first clause, folded) opens on who attended the meeting."""
    return load_figure_words().attendance.match(folded) is not None
