"""Figures: each quantity of a result or target, with its indicator, baseline, growth and period.

A clause such as "thu ngân sách nhà nước ước đạt 2.099 tỷ đồng, bằng 60,1% dự toán, tăng 5%
so với cùng kỳ" holds one figure and two attributes. The work is split by concern:

- `figure_roles`: what each quantity is to the figure before it, and the extent of its phrase;
- `figure_drafts`: attributes attached to their value, labels, pairs and series, per clause;
- `figure_labels`: a label's words, a value's own period and price basis;
- `figure_checks`: which drafts are results (not the meeting's own numbers, a policy's rates,
  the country's figures) and whether they met their plan;
- this module: the Figure of each draft, every attribute in the words the report wrote, so
  the digest prints "bằng 60,1% dự toán" and "vượt 12% kế hoạch", never a translation; and
  the walk over the clauses (`find_figures`), with what one clause of a sentence tells the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from digest.figure_checks import (
    asks_for,
    goal_marker,
    indicator_of,
    is_goal,
    is_policy,
    keeps,
    lists_attendance,
    other_province,
    reports_result,
    represented,
    result_before_goal,
    status_of,
    target_marker,
)
from digest.figure_drafts import (
    WINDOW,
    ClauseFacts,
    Draft,
    clause_facts,
    raw_window,
    read_drafts,
)
from digest.figure_labels import strip_markup
from digest.figure_repeats import Seen, better
from digest.figure_roles import Role, is_fall
from digest.figure_words import is_same_period, match_at
from digest.figure_years import (
    earlier_year,
    estimate_of_reviewed_year,
    falls_short,
    later_year,
    reviewed_year,
)
from digest.models import Figure, Quantity
from digest.normalize import fold
from digest.numbers import RANK_UNIT, find_quantities
from digest.sections import Clause, Part

_DIGITS = regex.compile(r"\d")


def _growth_text(d: Draft, text: str) -> str | None:
    if not d.growths and d.from_span is None:
        return None
    out = _words(text, d.from_span) or ""
    for r, _ in d.growths:
        phrase = " ".join(text[r.start : r.end].split()).strip(" ,")
        if d.pair_verb and r.start == d.qs:
            phrase = f"{d.pair_verb} {phrase}"  # "tăng lần lượt 8,2% và 6,4%": "tăng 6,4%"
        out += (" " if phrase.startswith("(") or not out else ", ") + phrase
    return out.strip()


def _yoy(d: Draft, folded: str) -> float | None:
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


def _value_raw(d: Draft, text: str) -> str:
    """The value as written; a threshold passed, a tally and a level keep their words
    ("vượt mốc 1 tỷ USD", "19/21 chỉ tiêu đạt và vượt")."""
    if d.role in (Role.THRESHOLD, Role.RANK) or d.level:
        # "vượt mốc 1 tỷ USD", "vị trí thấp (58/63)", "giảm còn 2,1%"
        return " ".join(text[d.start : max(d.qe, d.value_end)].split())
    if d.tally_end is not None:
        return " ".join(text[d.qs : d.tally_end].split())
    return d.q.raw


def _to_figure(d: Draft, period: str | None, facts: ClauseFacts, is_target: bool) -> Figure | None:
    q = d.q
    if not keeps(d, facts, is_target):
        return None
    text = facts.text
    unit = RANK_UNIT if d.role is Role.RANK else q.unit or d.counted or "chỉ tiêu"
    plan = d.plan
    if (
        plan is None
        and q.denominator is not None
        and unit not in ("chỉ tiêu", RANK_UNIT)
        and facts.names_plan
    ):
        plan = q.denominator
    status, status_raw = status_of(d, facts)
    own = d.period_raw if d.period_raw and _DIGITS.search(d.period_raw) else None
    return Figure(
        indicator=indicator_of(d, q, facts),
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
        raw=facts.raw if facts.raw is not None else raw_window(text, d.qs, d.qe),
        value_raw=_value_raw(d, text),
    )


def _label(d: Draft, unit: str) -> str:
    """The label as written; the counted noun when the words before only name a period
    ("Năm 2024 có 22 chỉ tiêu đạt": the label is the unit, the period shown apart)."""
    label = strip_markup(d.label)
    return unit if not label or d.bare else label


def _own_period(own: str | None, period: str | None) -> str | None:
    """A figure's own period, unless it repeats the report's ("9 tháng" of "9 tháng năm 2021")."""
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
    """ "tăng gấp đôi" starting less than WINDOW characters after `pos`: the first place
    such a phrase starts there, tried in that window only rather than in the rest of the clause."""
    for word in _GROWTH_WORD.finditer(text, pos, min(len(text), pos + WINDOW - 1 + len("tăng"))):
        if word.start() - pos >= WINDOW:
            break
        m = match_at(_DOUBLING, text, word.start())
        if m:
            return m.group()
    return None


# --- Clauses ---------------------------------------------------------------------------


def _by_clause(
    clauses: list[Clause], quantities: list[Quantity]
) -> list[list[tuple[Quantity, int, int]]]:
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
# A list item ("- GRDP tăng 10%/năm;", "+ …", "a) …", "1. …"), and a header ending before one.
_BULLET = regex.compile(r"\s*(?:[-–+•*▪●]|\p{L}\)|\d{1,2}[.)])\s")
_HEADER_END = regex.compile(r":\s*$")
_OPEN_GAP = 8  # the characters between two clauses that may hold the ";" the split took


def _ends_open(previous: Clause, clause: Clause, body: str | None) -> bool:
    """Whether the clause before `clause` ends on ":" or ";" (kept in its text, or in the
    gap the split left between the two in the body)."""
    if previous.text.rstrip().endswith((":", ";")):
        return True
    end = previous.start + len(previous.text)
    if body is None or not 0 <= clause.start - end <= _OPEN_GAP:
        return False
    return bool(set(body[end : clause.start]) & {":", ";"})


def find_figures(
    clauses: list[Clause],
    *,
    period: str | None,
    body: str | None = None,
    province: str | None = None,
    year: int | None = None,
    month: int | None = None,
) -> tuple[list[Figure], list[Figure]]:
    """Results (from result and shortfall clauses, and from a directive clause that reports a
    result) and targets (from target clauses, and what a directive asks for: "phấn đấu đạt
    tốc độ tăng trưởng từ 10% trở lên").

    With `body` (the text the clauses were cut from), quantities are found in one pass. With
    `province` (the report's), a figure another province's name claims is left out. With
    `year` (the meeting's), a figure of a later year than the one reviewed is a target;
    `month` (the meeting's) tells whether that year is reviewed or the year before it.
    """
    if body is not None:
        per_clause = _by_clause(clauses, find_quantities(body))
    else:
        per_clause = [
            [(q, q.start or 0, q.end or 0) for q in find_quantities(c.text)] for c in clauses
        ]
    results: list[Figure] = []
    targets: list[Figure] = []
    seen = Seen()
    last = len(clauses) - 1
    sentence = _Sentence(-1)
    reviewed = reviewed_year(period, year, month)
    # The year reviewed where the meeting's own date gives it: a report's period alone may be
    # the plan's year ("đến năm 2030"), and no year before that is a past result by it.
    dated = reviewed if year is not None else None
    # A goal's header ("các chỉ tiêu chủ yếu giai đoạn 2025 - 2030:") opened a list.
    goal_list = False
    for i, (clause, found) in enumerate(zip(clauses, per_clause, strict=True)):
        if clause.sentence != sentence.index:
            sentence = _Sentence(clause.sentence)
            # An item: bulleted, or after a header or an item that ends open (":", ";").
            open_end = i > 0 and _ends_open(clauses[i - 1], clause, body)
            sentence.listed = goal_list and (open_end or bool(_BULLET.match(clause.text)))
            goal_list = sentence.listed
            sentence.attendance = lists_attendance(clause.folded or fold(clause.text))
        if clause.part is Part.TARGET and _HEADER_END.search(clause.text):
            goal_list = True
        if not found:
            continue
        facts = clause_facts(clause, cut_off=i == last and not _SENTENCE_CLOSE.search(clause.text))
        asked = False
        if clause.part is Part.DIRECTIVE:
            sentence.reports = sentence.reports or reports_result(
                facts.text, facts.folded, found[0][1]
            )
            asked = not sentence.reports
        is_target_clause = clause.part is Part.TARGET or sentence.listed
        # A goal in brackets beside a result ("6,33% (mục tiêu 7%)") marks no goal of the
        # clause: its words are blanked, and a clause they alone made a goal's is results.
        folded = _without_asides(facts)
        marker = target_marker(folded) if is_target_clause else None
        if is_target_clause and marker is None and folded is not facts.folded:
            is_target_clause = target_marker(facts.folded) is None
        if not is_target_clause:
            marker = goal_marker(facts.text, folded)
        drafts = read_drafts(clause, found, facts, sentence.carry)
        estimate = False
        for d in drafts:
            if sentence.attendance and not represented(d, facts):
                continue  # "Tham dự hội nghị có …, hơn 100 cán bộ chủ chốt": who came
            if d.aside_goal:
                is_target = True  # "(mục tiêu đến năm 2020 gấp 2 lần năm 2015)"
            elif asked:  # a directive's numbers: only what it asks to reach is a target, and
                # what a decision sets for a later year ("thông qua dự toán năm 2025 là …")
                # The rest of a sentence that asked for one goal asks for more: "phải hoàn
                # thành giải ngân 95% vốn đầu tư công; thu ngân sách vượt 10% dự toán".
                sentence.goal = sentence.goal or later_year(d.period_raw, reviewed)
                if not asks_for(d, facts, in_goal=sentence.goal):
                    continue
                sentence.goal = is_target = True
            elif is_target_clause:
                # "Dự kiến năm 2024, … đạt 8,2%, đứng thứ 5 cả nước": the rank goes with it
                estimate = estimate_of_reviewed_year(
                    d, facts.folded, marker, period, reviewed
                ) or (estimate and d.period_raw is None)
                is_target = not (
                    result_before_goal(d, facts, marker)
                    or estimate
                    or falls_short(d, facts)
                    or earlier_year(d.period_raw, dated)
                )
            else:  # "Địa phương đặt mục tiêu phấn đấu tăng trưởng 9%": a goal all the same
                # "Kế hoạch năm 2025: thu ngân sách 15.000 tỷ đồng; hộ nghèo giảm 1,5%": the
                # rest of a sentence that turned to a later year is its plan too.
                sentence.goal = (
                    sentence.goal or is_goal(d, marker) or later_year(d.period_raw, reviewed)
                )
                # "…phấn đấu tăng 1.200 tỷ đồng nhưng địa phương sẽ hụt thu khoảng 1.600 tỷ
                # đồng": a shortfall is no goal, whatever the sentence set before it.
                is_target = (
                    sentence.goal
                    and not falls_short(d, facts)
                    and not earlier_year(d.period_raw, dated)
                )
            fig = (
                None
                if other_province(d, facts, province)
                else _to_figure(d, period, facts, is_target)
            )
            if fig is None:
                sentence.policy = sentence.policy or is_policy(d, facts)
                continue
            if sentence.policy and fig.indicator is None:
                # "…dưới 2,5 lít là 15%; từ 2,5 đến 3 lít là 20%": the same policy's rates
                continue
            # The same figure twice (a lead, a title or a caption repeating the body) is
            # printed once.
            out = targets if is_target else results
            earlier = seen.earlier(fig, out, len(out), goal=is_target)
            if earlier is None:
                out.append(fig)
            elif earlier[0] is out and better(fig, out[earlier[1]]):
                out[earlier[1]] = fig  # the body's "…, bằng 49% dự toán" over the lead's
        if drafts:
            sentence.carry = drafts[-1]
    return results, targets


def _without_asides(facts: ClauseFacts) -> str:
    """The folded clause with its goal brackets blanked; the clause itself when it has none."""
    if not facts.asides:
        return facts.folded
    pieces, at = [], 0
    for start, end in facts.asides:
        pieces += [facts.folded[at:start], " " * (end - start)]
        at = end
    return "".join([*pieces, facts.folded[at:]])


@dataclass
class _Sentence:
    """What one clause of a sentence tells the next ones."""

    index: int
    carry: Draft | None = None  # its last figure: "…; lũy kế 5 tháng đạt …" names it again
    reports: bool = False  # a directive-labelled sentence that reports results
    policy: bool = False  # a sentence about a policy's rates and thresholds
    goal: bool = False  # a sentence that has turned to goals
    listed: bool = False  # an item of a list of goals
    attendance: bool = False  # it lists who attended ("Tham dự hội nghị có …")
