"""Which province a user means: exact spellings first, then typo-tolerant matching.

Exact matching (any case, with or without diacritics, the aliases in
digest/data/provinces.toml) is `digest.provinces.canonical_province`. When that fails, the
folded input is compared with the folded names of the 63 provinces before the July 2025
merger and the 34 after it, with rapidfuzz: a clear winner is taken, close contenders are
offered back ("Có phải bạn muốn: …?"). Every answer is the province as it is now; the name
the user typed is kept so the reply can say "Bắc Kạn nay thuộc tỉnh Thái Nguyên".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex
from rapidfuzz import fuzz

from digest.normalize import fold, normalize_text
from digest.provinces import all_provinces, canonical_province, current_province

# rapidfuzz scores, 0-100. ACCEPT: a typo we correct silently ("thai ngyen" scores 95 with
# "thai nguyen"); it must also beat the runner-up by MARGIN. OFFER: worth asking about.
ACCEPT_SCORE = 85
MARGIN = 6
OFFER_SCORE = 62
MAX_OFFERS = 5

EVERY_PROVINCE_WORDS = frozenset({"tat ca", "tatca", "all", "ca nuoc", "toan quoc", "*"})

_SEPARATORS = regex.compile(r"[\s\-‐‑–—.,_/]+")
_KIND_PREFIX = regex.compile(
    r"""
    ^(?:tinh|thanh\ pho|tp)\s+   # "tỉnh Bắc Kạn", "thành phố Huế", "TP. Hồ Chí Minh"
    """,
    regex.VERBOSE,
)


def province_key(text: str) -> str:
    """Folded, one space between words, without a leading "tỉnh"/"thành phố"/"TP".

    >>> province_key("  Tỉnh  Bắc-Kạn "), province_key("TP.Hồ Chí Minh")
    ('bac kan', 'ho chi minh')
    """
    key = _SEPARATORS.sub(" ", fold(normalize_text(text))).strip()
    return _KIND_PREFIX.sub("", key)


def is_every_province(text: str) -> bool:
    """ "tất cả", "Tat ca", "all" ...

    >>> is_every_province("Tất cả"), is_every_province("bac kan")
    (True, False)
    """
    return province_key(text) in EVERY_PROVINCE_WORDS


@dataclass(frozen=True)
class ProvinceMatch:
    province: str | None  # the province now (one of the 34); None when unknown or unsure
    typed: str | None = None  # the province the user named, maybe merged away since
    corrected: bool = False  # found despite a typo
    candidates: tuple[str, ...] = ()  # names to offer when unsure

    @property
    def merged(self) -> bool:
        """The user named a province that has been merged into another one."""
        return self.typed is not None and self.province is not None and self.typed != self.province


@cache
def _names() -> dict[str, str]:
    """Folded key -> canonical name, for the 63 old and the 34 current provinces."""
    names = {*all_provinces(current=False), *all_provinces(current=True)}
    return {province_key(name): name for name in sorted(names)}


def _score(query: str, key: str) -> float:
    squeezed = fuzz.ratio(query.replace(" ", ""), key.replace(" ", ""))
    return max(squeezed, fuzz.ratio(query, key))


def resolve_province(text: str) -> ProvinceMatch:
    """The province a user means, or candidates to offer, or nothing.

    >>> resolve_province("bac kan")
    ProvinceMatch(province='Thái Nguyên', typed='Bắc Kạn', corrected=False, candidates=())
    >>> resolve_province("Thai Ngyen").province, resolve_province("hanoi").province
    ('Thái Nguyên', 'Hà Nội')
    >>> resolve_province("xyz").province is None
    True
    """
    if not text or not text.strip():
        return ProvinceMatch(None)
    exact = canonical_province(text)
    if exact is not None:
        return ProvinceMatch(current_province(exact), typed=exact)
    query = province_key(text)
    if len(query) < 3:
        return ProvinceMatch(None)
    ranked = sorted(
        ((_score(query, key), name) for key, name in _names().items()), reverse=True
    )
    (best_score, best), (second_score, _) = ranked[0], ranked[1]
    if best_score >= ACCEPT_SCORE and best_score - second_score >= MARGIN:
        return ProvinceMatch(current_province(best), typed=best, corrected=True)
    return ProvinceMatch(None, candidates=_offers(query, ranked))


def _offers(query: str, ranked: list[tuple[float, str]]) -> tuple[str, ...]:
    """Names starting with what was typed ("bac" -> Bắc Giang, Bắc Kạn, ...), current
    provinces first, then the closest spellings."""
    current = set(all_provinces(current=True))
    prefixed = sorted(
        (name for key, name in _names().items() if key.startswith(query + " ")),
        key=lambda name: (name not in current, province_key(name)),
    )
    close = [name for score, name in ranked if score >= OFFER_SCORE]
    return tuple(dict.fromkeys([*prefixed, *close]))[:MAX_OFFERS]
