"""The real-report set's gold files are well-formed; with the texts present, they match them.

The texts are third-party and never in git (tests/data/real/README.md), so on a fresh clone
only the gold files are checked; `make eval-real` measures the engine where the texts exist.
"""

from __future__ import annotations

import json

import pytest

from tests.real_corpus import GOLD, TEXTS, entries

GOLDS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
KINDS = {"bch", "ban_thuong_vu", "thuong_truc", "ubnd", "hdnd", "other"}


def _spans(g: dict) -> list[dict]:
    spans = [q["span"] for q in g["figures"] + g["targets"]] + g["shortfalls"] + g["directives"]
    return spans + ([g["province_evidence"]] if g["province_evidence"] else [])


@pytest.mark.parametrize("gold", GOLDS, ids=[g["id"] for g in GOLDS])
def test_gold_file_is_well_formed(gold: dict) -> None:
    assert gold["split"] in {"dev", "test"}
    assert gold["meeting_kind"] in KINDS
    assert len(gold["sha256"]) == 64
    assert gold["locator"].startswith(("http://", "https://")) or "@" in gold["locator"]
    for s in _spans(gold):
        assert 0 <= s["start"] < s["end"] <= gold["chars"]
    if gold["date"] is not None:
        assert 1 <= gold["date"]["day"] <= 31 and 1 <= gold["date"]["month"] <= 12
    assert (gold["province"] is None) == (gold["province_evidence"] is None)


def test_one_outlet_is_in_one_half() -> None:
    halves: dict[str, set[str]] = {}
    for g in GOLDS:
        halves.setdefault(g["outlet"], set()).add(g["split"])
    assert {o: h for o, h in halves.items() if len(h) > 1} == {}


@pytest.mark.skipif(
    not TEXTS.exists() or not any(TEXTS.glob("*.txt")), reason="real texts are not in git"
)
def test_present_texts_match_their_hashes() -> None:
    present = [e for e in entries() if e.problem != "missing"]
    assert [e.id for e in present if e.problem] == []
