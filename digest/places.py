"""The district and commune gazetteer, and rule 4 of `digest.province.infer_province`.

A report that never names its province often names its districts and communes ("huyện Na
Rì", "thị xã Phổ Yên"). `by_place` attributes it to the one province those
names point to: a district-level name unique in the country for its class decides alone; a
commune name decides only when it is unique across both the pre- and post-2025 tables and
a second one agrees.

The names come from vietnam-address-converter's tables (Apache-2.0), indexed once. What is
hand-written is reading them in running prose (a type word, then capitalised syllables) and
the uniqueness rules: the package parses one address per string, it does not find places
in a paragraph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

import regex

from digest.normalize import fold, normalize_text
from digest.provinces import NOTHING, Outcome, canonical_province, plain_key, province_table

# District-level type words, grouped: a thị xã often becomes a thành phố (Phổ Yên, 2022)
# and reports of either date must find it.
_DISTRICT_CLASS = {
    "huyen": "huyen",
    "quan": "quan",
    "thi xa": "urban",
    "tx": "urban",
    "thanh pho": "urban",
    "tp": "urban",
}
_COMMUNE_TYPES = frozenset({"xa", "phuong", "thi tran", "dac khu"})
_PLACE_TYPE = regex.compile(
    r"""
    (?<![\w])
    (?P<type>huyen|quan|thi\s+xa|thanh\s+pho|tp|tx|xa|phuong|thi\s+tran|dac\s+khu)  # folded
    \.?\s+                           # the name follows, checked on the original text
    """,
    regex.VERBOSE,
)
# A place name as written: capitalised syllables or a number ("Quận 1"), joined by a space
# or a hyphen ("Phan Rang - Tháp Chàm").
_PLACE_NAME = regex.compile(
    r"""
    (?:\p{Lu}\p{Ll}*(?:['’]\p{L}+)?|\d+)
    (?:(?:\s|\s?[-–]\s?)(?:\p{Lu}\p{Ll}*(?:['’]\p{L}+)?|\d+)){0,3}
    """,
    regex.VERBOSE,
)
# The type words as written: the folded "quan", "phuong", "xa" are also ordinary words.
_PLACE_TYPE_WORDS = frozenset(
    {"huyện", "quận", "thị xã", "thành phố", "tp", "tx", "xã", "phường", "thị trấn", "đặc khu"}
)
COMMUNES_NEEDED = 2  # commune names alone decide only when two different ones agree


class _PlaceIndex(NamedTuple):
    districts: dict[tuple[str, str], frozenset[str]]  # (class, name key) -> old provinces
    district_names: dict[str, frozenset[str]]  # name key, any class -> old provinces
    communes: dict[str, str]  # name key -> province, only names unique in the country


def _district_type(name_with_type: str, name: str) -> str:
    """The folded type word of a district: "Thị Xã Ba Đồn" -> "thi xa"."""
    prefix = name_with_type[: -len(name)] if name_with_type.endswith(name) else ""
    return " ".join(fold(prefix).split())


def _old_province(package_name: str) -> str:
    """A province name from vietnam-address-converter's pre-2025 tables, as one of our 63."""
    canonical = canonical_province(package_name)
    if canonical is None:  # pragma: no cover - package data changed
        raise ValueError(f"unknown province in address data: {package_name!r}")
    if province_table()[canonical].kind_before is None:
        # The package's "old" table already calls Thừa Thiên Huế "Huế" (a city since 2025).
        (canonical,) = [
            p.name for p in province_table().values() if p.becomes == canonical and p.kind_before
        ]
    return canonical


@cache
def _place_index() -> _PlaceIndex:
    """District and commune names from vietnam-address-converter, indexed once.

    Districts (pre-2025) count when their name is unique in the country for their class.
    Communes count only when the name is unique across both the pre-2025 and the post-2025
    tables (ignoring a province's own rename): most commune names repeat ("Tân Lập"), and a
    post-2025 report names no districts at all, only communes.
    """
    from vietnam_address_converter import data  # 10 MB module: import on first use only

    old_names = {code: _old_province(p["name"]) for code, p in data.oldProvinces.items()}
    new_names = {code: canonical_province(p["name"]) for code, p in data.newProvinces.items()}
    districts: dict[tuple[str, str], set[str]] = defaultdict(set)
    district_names: dict[str, set[str]] = defaultdict(set)
    district_province: dict[str, str] = {}
    for code, d in data.oldDistricts.items():
        province = old_names[d["parent_code"]]
        district_province[code] = province
        kind = _district_type(d["name_with_type"], d["name"])
        key = plain_key(normalize_text(d["name"]))
        districts[(_DISTRICT_CLASS.get(kind, "huyen"), key)].add(province)
        district_names[key].add(province)
    lineage: dict[str, set[tuple[str | None, str]]] = defaultdict(set)  # key -> (old, current)
    for w in data.oldWards.values():
        province = district_province[w["parent_code"]]
        lineage[plain_key(normalize_text(w["name"]))].add(
            (province, province_table()[province].becomes)
        )
    for w in data.newWards.values():
        current = new_names[w["parent_code"]]
        if current is not None:
            lineage[plain_key(normalize_text(w["name"]))].add((None, current))
    communes: dict[str, str] = {}
    for key, pairs in lineage.items():
        olds = {old for old, _ in pairs if old}
        currents = {current for _, current in pairs}
        if len(currents) == 1 and len(olds) <= 1:
            communes[key] = next(iter(olds)) if olds else next(iter(currents))
    return _PlaceIndex(
        districts={k: frozenset(v) for k, v in districts.items()},
        district_names={k: frozenset(v) for k, v in district_names.items()},
        communes=communes,
    )


def _place_matches(text: str, folded: str) -> Iterable[tuple[str, str, str]]:
    """(province, level, words) for every unique district or commune named with its type."""
    index = _place_index()
    for m in _PLACE_TYPE.finditer(folded):
        place_type = " ".join(m.group("type").split())
        written = " ".join(text[m.start("type") : m.end("type")].lower().split())
        if written not in _PLACE_TYPE_WORDS:  # "cơ quan", "địa phương", "cách xa"
            continue
        run = _PLACE_NAME.match(text, m.end())
        if run is None:
            continue
        words = run.group().split()
        for n in range(len(words), 0, -1):  # longest name first: "Bắc Trà My" before "Bắc"
            candidate = " ".join(words[:n])
            key = plain_key(candidate)
            if not key:
                continue
            said = text[m.start() : run.start() + len(candidate)]
            if place_type in _COMMUNE_TYPES:
                if key in index.communes:
                    yield index.communes[key], "commune", said
                    break
                continue
            provinces = index.districts.get((_DISTRICT_CLASS[place_type], key))
            if provinces is None:
                provinces = index.district_names.get(key)
            if provinces is not None:
                if len(provinces) == 1:
                    yield next(iter(provinces)), "district", said
                break


# --------------------------------------------------------------------------------------------
# Rule 4 of infer_province


def by_place(text: str, folded: str, merged: bool) -> Outcome:
    """Rule 4: unique district names (one suffices) or unique commune names (two needed).

    The names are read in the pre-2025 tables; a meeting held after the merger (`merged`)
    was the merged province's, and is named as such.
    """
    by_province: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    first_words: dict[str, str] = {}
    for province, level, said in _place_matches(text, folded):
        by_province[province][level].add(plain_key(said))
        first_words.setdefault(province, said)
    if not by_province:
        return NOTHING
    if len(by_province) > 1:
        return Outcome(candidates=frozenset(by_province))
    ((province, levels),) = by_province.items()
    if not levels["district"] and len(levels["commune"]) < COMMUNES_NEEDED:
        return NOTHING
    evidence = first_words[province]
    if merged:
        province = province_table()[province].becomes
    return Outcome(province, evidence=evidence)
