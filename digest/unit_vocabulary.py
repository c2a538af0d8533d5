"""The units vocabulary (digest/data/units.toml): scales, units, "per" denominators, the cue
and tail words around a number, and scopes. Data, read once; digest/numbers.py builds its
grammar from it."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "units.toml"

@dataclass(frozen=True)
class VocabEntry:
    """One entry of digest/data/units.toml."""

    section: str  # "scale", "unit", "per", "cue", "tail" or "scope"
    canonical: str  # the written form a Quantity carries (for cues and tails: the first variant)
    variants: tuple[str, ...]
    role: str  # unit kind, cue or tail role; "" for scales and denominators
    factor: int = 1  # scales only
    folded: bool = True  # also matched, folded, in a text without diacritics
    example: str = ""
    expect: str | None = None  # the unit the example yields, when not `canonical`
    open: bool = False  # scopes only: the group it names runs on ("trong vùng Tây Nguyên")


@dataclass(frozen=True)
class UnitVocabulary:
    scales: tuple[VocabEntry, ...]
    units: tuple[VocabEntry, ...]
    pers: tuple[VocabEntry, ...]
    cues: tuple[VocabEntry, ...]
    tails: tuple[VocabEntry, ...]
    scopes: tuple[VocabEntry, ...] = ()

    def entries(self) -> tuple[VocabEntry, ...]:
        return self.scales + self.units + self.pers + self.cues + self.tails + self.scopes


def _entry(section: str, raw: dict) -> VocabEntry:
    variants = tuple(raw["variants"])
    canonical = raw.get("canonical", variants[0])
    if canonical not in variants:
        variants = (canonical, *variants)
    return VocabEntry(
        section=section,
        canonical=canonical,
        variants=variants,
        role=raw.get("kind", raw.get("role", "")),
        factor=int(raw.get("factor", 1)),
        folded=bool(raw.get("folded", True)),
        example=raw.get("example", ""),
        expect=raw.get("expect"),
        open=bool(raw.get("open", False)),
    )


@functools.cache
def load_vocabulary() -> UnitVocabulary:
    """The packaged units vocabulary, read once.

    >>> load_vocabulary().units[0].canonical
    'đồng'
    """
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return UnitVocabulary(
        *(
            tuple(_entry(section, raw) for raw in data.get(section, ()))
            for section in ("scale", "unit", "per", "cue", "tail", "scope")
        )
    )
