"""The figure layer's vocabulary (`data/figure_words.toml`), compiled into folded matchers once.

Every matcher runs on a folded copy (`normalize.fold`), whose offsets equal the text's, so a
match maps straight back onto the words as written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from digest.cues import load_cues, phrase_matcher
from digest.normalize import fold

DATA_FILE = Path(__file__).parent / "data" / "figure_words.toml"
SECTIONS = (
    "plan",
    "comparison",
    "cumulative",
    "price_basis",
    "share",
    "goal",
    "asked",
    "incidental",
    "policy",
    "national",
    "joint",
    "attendance",
)
_MAX_PLAN_WORDS = 6  # words after a baseline's head that still name it
INCIDENTAL_FAR = 48  # the longest `reach` in the data
INCIDENTAL_BEHIND = 80  # the longest `behind` in the data


@dataclass(frozen=True)
class WordEntry:
    section: str
    words: tuple[str, ...]
    example: str
    expect: dict
    head: bool = False  # plan: starts a baseline's name
    same_period: bool = False  # comparison: a growth on the same period of last year
    reach: int = 0  # incidental: how far after the number the words still count (0: close by)
    after: bool = False  # incidental: the words count only after the number, not in its label
    before: bool = False  # incidental: the words count only right before the number
    places: bool = False  # incidental, with `before`: only before a count, never an amount
    behind: int = 0  # incidental: how far before the number the words count, past other figures
    purpose: bool = False  # goal: a purpose ("để đạt mục tiêu"), read before result words are


@dataclass(frozen=True)
class FigureWords:
    entries: tuple[WordEntry, ...]
    # "% kế hoạch năm", "so với dự toán Trung ương giao": a baseline and the words naming it.
    plan: re.Pattern[str]
    # "so với cùng kỳ năm trước", "so tháng trước": what a growth is against.
    comparison: re.Pattern[str]
    same_period: frozenset[str]  # folded comparisons that mean growth on last year
    cumulative: re.Pattern[str]
    price_basis: re.Pattern[str]
    share: re.Pattern[str]  # the verb of a share, ending right before its number
    goal: re.Pattern[str]  # a goal named in a sentence read as results
    purpose: re.Pattern[str]  # a goal named as the purpose: "để đạt mục tiêu"
    asked: re.Pattern[str]  # in a directive, the words that ask for a figure to be reached
    incidental: re.Pattern[str]  # said right around the number
    incidental_far: re.Pattern[str]  # said anywhere in the next INCIDENTAL_FAR characters
    incidental_after: re.Pattern[str]  # said right after the number only
    incidental_before: re.Pattern[str]  # said right before the number only, ending there
    incidental_places: re.Pattern[str]  # where, right before a count of places ("tại 18 huyện")
    incidental_behind: re.Pattern[str]  # said in the INCIDENTAL_BEHIND characters before it
    policy: re.Pattern[str]
    national: re.Pattern[str]
    national_after: re.Pattern[str]  # the country named right after the number
    joints: frozenset[str]  # folded words that join a figure to its next value
    attendance: re.Pattern[str]  # a sentence opening on who attended: its counts are theirs


def _folded(words: list[str]) -> list[str]:
    return [" ".join(fold(w).lower().split()) for w in words]


def _alternation(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


def _plan_pattern(heads: list[str], more: list[str]) -> re.Pattern[str]:
    # A year ("kế hoạch năm 2024") and a Roman numeral ("Nghị quyết Đại hội XV") continue it too.
    tail = rf"(?:{_alternation(more)}|(?:19|20)\d\d|[ivxlc]+)"
    return re.compile(
        rf"(?:so\s+(?:voi\s+)?)?(?P<basis>(?:{_alternation(heads)})(?:\s+{tail}(?!\w)){{0,{_MAX_PLAN_WORDS}}})(?!\w)"
    )


def _comparison_pattern(words: list[str]) -> re.Pattern[str]:
    # "so với năm 2022": a year compared with; "so cùng kỳ" without "với" is common too, and
    # "gấp 2,5 lần cùng kỳ" without "so". A bare year is a period, never a comparison.
    return re.compile(
        rf"""\s*,?\s*(?: so\s+(?:voi\s+)?
                        (?P<basis>(?:{_alternation(words)})(?:\s+(?:19|20)\d\d)?|nam\s+(?:19|20)\d\d)
                     | (?P<bare>cung\s+ky(?:\s+nam\s+(?:truoc|ngoai|(?:19|20)\d\d))?)
                     # any other basis, kept as written: "so với tổng số đảng viên đầu nhiệm
                     # kỳ" is no growth on last year; a few words up to the clause's end
                     | so\s+voi\s+(?P<other>[^\W\d]+(?:\s+[^\W\d]+){{0,7}}?)(?=\s*(?:[,;.:)]|$))
                  )(?!\w)(?!\s*\d)   # a basis never stops right before a number it should hold""",
        re.VERBOSE,
    )


@cache
def load_figure_words() -> FigureWords:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    entries = tuple(
        WordEntry(
            section=section,
            words=tuple(raw["words"]),
            example=raw["example"],
            expect=dict(raw.get("expect", {})),
            head=bool(raw.get("head", False)),
            same_period=bool(raw.get("same_period", False)),
            reach=int(raw.get("reach", 0)),
            after=bool(raw.get("after", False)),
            before=bool(raw.get("before", False)),
            places=bool(raw.get("places", False)),
            behind=int(raw.get("behind", 0)),
            purpose=bool(raw.get("purpose", False)),
        )
        for section in SECTIONS
        for raw in data.get(section, ())
    )

    def words(section: str, **flags: bool | int) -> list[str]:
        return [
            w
            for e in entries
            if e.section == section and all(getattr(e, k) == v for k, v in flags.items())
            for w in _folded(list(e.words))
        ]

    missing = [section for section in SECTIONS if not words(section)]
    assert not missing, f"{DATA_FILE.name}: no words in {missing}"
    comparisons = words("comparison")
    return FigureWords(
        entries=entries,
        plan=_plan_pattern(words("plan", head=True), words("plan")),
        comparison=_comparison_pattern(comparisons),
        same_period=frozenset(words("comparison", same_period=True)) | {"nam"},
        cumulative=phrase_matcher(words("cumulative")),
        price_basis=re.compile(
            rf"(?:{_alternation(words('price_basis'))})(?:\s+(?:nam\s+)?(?:19|20)\d\d)?(?!\w)"
        ),
        share=re.compile(rf"(?<!\w)(?:{_alternation(words('share'))})\s*(?:\(\s*)?$"),
        goal=phrase_matcher(words("goal", purpose=False)),
        purpose=phrase_matcher(words("goal", purpose=True)),
        asked=phrase_matcher(words("asked")),
        incidental=_not_a_compound(
            phrase_matcher(words("incidental", reach=0, after=False, before=False, behind=0))
        ),
        incidental_behind=phrase_matcher(
            [
                w
                for e in entries
                if e.section == "incidental" and e.behind
                for w in _folded(list(e.words))
            ]
        ),
        incidental_after=phrase_matcher(words("incidental", after=True)),
        incidental_before=re.compile(
            rf"(?<!\w)(?:{_alternation(words('incidental', before=True, places=False))})\s+$"
        ),
        incidental_places=re.compile(
            rf"(?<!\w)(?:{_alternation(words('incidental', places=True))})\s+$"
        ),
        incidental_far=phrase_matcher(
            [
                w
                for e in entries
                if e.section == "incidental" and e.reach
                for w in _folded(list(e.words))
            ]
        ),
        policy=phrase_matcher(words("policy")),
        national=phrase_matcher(words("national", after=False)),
        national_after=phrase_matcher(words("national", after=True)),
        joints=load_cues().figure_joints | {w for p in words("joint") for w in p.split()},
        attendance=re.compile(
            rf"[\W_]*(?:{phrase_matcher(words('attendance')).pattern})", re.IGNORECASE
        ),
    )


# "dự" (attend) ends "về dự", "tham dự"; "dự toán", "dự án", "dự thảo" are other words.
_COMPOUND_AFTER = r"(?!\s+(?:toan|an|thao|bao|kien|tru|dinh|phong)(?!\w))"


def _not_a_compound(matcher: re.Pattern[str]) -> re.Pattern[str]:
    """`matcher`, unless what it matched goes on into a compound word: "về dự toán năm 2025 là
    18.500 tỷ đồng" is a budget, not those who came to the meeting."""
    return re.compile(rf"(?:{matcher.pattern}){_COMPOUND_AFTER}")


AHEAD = 200  # longer than any phrase matched after a position (a baseline, a comparison)


def match_at(
    pattern: re.Pattern[str] | regex.Pattern[str], text: str, pos: int, reach: int = AHEAD
) -> re.Match[str] | regex.Match[str] | None:
    """`pattern.match(text, pos)`, looking at most `reach` characters ahead.

    Without an end, the `regex` module (and `re`, for some patterns) first scans the rest of
    the text for a literal the pattern requires ("\\)", "hon"): reading one figure then cost
    the length of its clause, and a long one-paragraph text quadratic time.
    """
    return pattern.match(text, pos, min(len(text), pos + reach))


def span_at(
    pattern: re.Pattern[str] | regex.Pattern[str], text: str, pos: int, reach: int = AHEAD
) -> re.Match[str] | regex.Match[str]:
    """`match_at` for a pattern that also matches nothing (optional spaces, "up to 40 of"):
    it always matches, so its end is where the next thing may start."""
    m = match_at(pattern, text, pos, reach)
    if m is None:  # cannot happen for such a pattern; a wrong one must not pass silently
        raise ValueError(f"{pattern.pattern!r} does not match the empty string")
    return m


def is_same_period(basis: str | None) -> bool:
    """Whether a growth's comparison (folded, as matched) is with the same period last year;
    a growth given without one is taken so, as reports mean it.

    >>> is_same_period("cung ky nam truoc"), is_same_period("thang truoc"), is_same_period(None)
    (True, False, True)
    """
    if basis is None:
        return True
    words = load_figure_words()
    key = " ".join(basis.split())
    return key in words.same_period or key.startswith(("cung ky", "nam "))
