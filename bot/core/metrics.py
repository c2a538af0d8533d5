"""Which indicator a user means, and which province (if any) follows it.

`/chitieu thu ngan sach bac kan`: the last one to four words may name a province. A suffix
that is a province exactly is taken first; a typo'd one only when the words before it still
name an indicator confidently, so "chi so gia tieu dung" never loses "dung" to a province.
The indicator itself is resolved by `digest.indicators.resolve_user_indicator` (diacritics,
case and small typos tolerated; ambiguous terms give candidates).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.places import ProvinceMatch, province_key, resolve_province
from digest.indicators import indicator_name, resolve_user_indicator
from digest.provinces import canonical_province

MAX_PROVINCE_WORDS = 4  # "Bà Rịa Vũng Tàu"


@dataclass(frozen=True)
class IndicatorQuery:
    key: str | None  # the indicator, when sure
    candidates: tuple[str, ...]  # indicator keys to offer when unsure
    asked: str  # the indicator words as typed
    place: ProvinceMatch | None  # the province part, if one was given


def _split_province(words: list[str]) -> tuple[list[str], ProvinceMatch | None]:
    """The indicator words and the province match of a trailing province name."""
    longest = min(MAX_PROVINCE_WORDS, len(words) - 1)
    for size in range(longest, 0, -1):
        if canonical_province(" ".join(words[-size:])):
            return words[:-size], resolve_province(" ".join(words[-size:]))
    for size in range(longest, 0, -1):
        tail = " ".join(words[-size:])
        if len(province_key(tail)) < 4:
            continue
        match = resolve_province(tail)
        if match.province and resolve_user_indicator(" ".join(words[:-size]))[0]:
            return words[:-size], match
    return words, None


def parse_indicator_query(args: str) -> IndicatorQuery:
    """Split `<chỉ tiêu> [tỉnh]` and resolve both parts.

    >>> q = parse_indicator_query("thu ngan sach bac can")
    >>> q.key, q.place.province, q.place.typed
    ('budget_revenue', 'Thái Nguyên', 'Bắc Kạn')
    >>> q = parse_indicator_query("Thu ngân sách")
    >>> q.key, q.place
    ('budget_revenue', None)
    >>> parse_indicator_query("du lich").candidates
    ('tourists', 'tourism_revenue')
    """
    words = args.split()
    indicator_words, place = _split_province(words)
    asked = " ".join(indicator_words)
    key, candidates = resolve_user_indicator(asked)
    return IndicatorQuery(key=key, candidates=tuple(candidates), asked=asked, place=place)


def display_name(key: str) -> str:
    """The Vietnamese name of an indicator key, as replies show it."""
    return indicator_name(key)
