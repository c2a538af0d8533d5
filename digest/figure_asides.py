"""Goals said in brackets beside a result: "42,6 triệu đồng (mục tiêu đến năm 2020 gấp 2 lần
năm 2015)", "đạt 6,8%/năm (mục tiêu 2016-2020 đạt 7-7,5%)". What such a bracket holds is a
target, neither an attribute of the result before it nor a sign that the result is a goal.
"""

from __future__ import annotations

import regex

from digest.figure_words import load_figure_words

_OPEN_BRACKET = regex.compile(r"\(\s*")
_ASIDE_REACH = 160  # longer than any such bracket; an unclosed one runs no further


def goal_asides(folded: str) -> tuple[tuple[int, int], ...]:
    """The spans of the brackets in a folded clause that open on a goal's words (the `goal`
    entries of data/figure_words.toml)."""
    if "(" not in folded:
        return ()
    goal = load_figure_words().goal
    out: list[tuple[int, int]] = []
    for bracket in _OPEN_BRACKET.finditer(folded):
        if out and bracket.start() < out[-1][1]:
            continue  # inside the last one: the spans never overlap
        if goal.match(folded, bracket.end(), bracket.end() + _ASIDE_REACH):
            close = folded.find(")", bracket.end(), bracket.end() + _ASIDE_REACH)
            out.append((bracket.start(), close + 1 if close >= 0 else len(folded)))
    return tuple(out)


def aside_at(asides: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int] | None:
    """The goal bracket `pos` stands in, if any."""
    return next((a for a in asides if a[0] < pos < a[1]), None)
