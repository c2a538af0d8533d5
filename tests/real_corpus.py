"""The real-report evaluation set: texts (ignored by git), gold annotations by offsets (in git).

    python -m tests.real_corpus check        # present / missing / hash mismatch, with locators
    python -m tests.real_corpus anchor [ID]  # drafts/<id>.json (quotes) -> gold/<id>.json
    python -m tests.real_corpus show ID      # a gold annotation with its spans read from the text
    python -m tests.real_corpus stats        # reports, provinces, outlets, splits

Schema and annotation rules: tests/data/real/README.md. Drafts quote the text so a person can
write them; gold files keep only offsets, so no third-party sentence enters git.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REAL_DIR = Path(__file__).parent / "data" / "real"
TEXTS = REAL_DIR / "texts"
GOLD = REAL_DIR / "gold"
DRAFTS = REAL_DIR / "drafts"

_QUANTITY_KEYS = (
    "indicator",
    "value",
    "unit",
    "low",
    "high",
    "of",
    "pct",
    "pct_basis",
    "growth",
    "growth_basis",
    "period",
)
_KINDS = {"bch", "ban_thuong_vu", "thuong_truc", "ubnd", "hdnd", "other"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One gold annotation and, when present and intact, its text."""

    gold: dict
    text: str | None
    problem: str | None  # "missing" or "hash mismatch"

    @property
    def id(self) -> str:
        return self.gold["id"]

    def span(self, s: dict | None) -> str | None:
        if s is None or self.text is None:
            return None
        return self.text[s["start"] : s["end"]]


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def entries(split: str | None = None) -> Iterator[Entry]:
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if split and gold["split"] != split:
            continue
        txt = TEXTS / f"{gold['id']}.txt"
        if not txt.exists():
            yield Entry(gold, None, "missing")
            continue
        text = read_text(txt)
        if sha256(text) != gold["sha256"]:
            yield Entry(gold, None, "hash mismatch")
            continue
        yield Entry(gold, text, None)


# --- anchoring drafts -------------------------------------------------------------------------


class AnchorError(ValueError):
    pass


def find_span(text: str, quote: str) -> dict:
    """Offsets of `quote` in `text`: exact first, then with any run of whitespace matching any.

    >>> find_span("Thu ngân sách  đạt 2.099 tỷ đồng.", "đạt 2.099 tỷ")
    {'start': 15, 'end': 27}
    >>> find_span("a\\nb c", "a b c")
    {'start': 0, 'end': 5}
    """
    quote = quote.strip()
    i = text.find(quote)
    if i >= 0:
        return {"start": i, "end": i + len(quote)}
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    if m is None:
        raise AnchorError(f"quote not in text: {quote[:80]!r}")
    return {"start": m.start(), "end": m.end()}


def _anchor_quantity(text: str, q: dict) -> dict:
    if "quote" not in q:
        raise AnchorError(f"figure without quote: {q}")
    unknown = set(q) - {"quote", *_QUANTITY_KEYS}
    if unknown:
        raise AnchorError(f"unknown figure keys {sorted(unknown)} in {q}")
    out = {"span": find_span(text, q["quote"])}
    out.update({k: q[k] for k in _QUANTITY_KEYS if q.get(k) is not None})
    return out


def anchor(draft: dict, text: str) -> dict:
    """The gold annotation for `draft`: every quote replaced by its offsets in `text`."""
    kind = draft.get("meeting_kind")
    if kind not in _KINDS:
        raise AnchorError(f"meeting_kind {kind!r} not one of {sorted(_KINDS)}")
    date = draft.get("date")
    if date is not None and set(date) != {"day", "month", "year"}:
        raise AnchorError(f"date must have day, month, year (year may be null): {date}")
    evidence = draft.get("province_evidence")
    return {
        "id": draft["id"],
        "locator": draft["locator"],
        "outlet": draft["outlet"],
        "sha256": sha256(text),
        "chars": len(text),
        "split": draft.get("split"),
        "shape": draft.get("shape", ""),
        "province": draft.get("province"),
        "province_evidence": find_span(text, evidence) if evidence else None,
        "date": date,
        "meeting_kind": kind,
        "figures": [_anchor_quantity(text, q) for q in draft.get("figures", [])],
        "targets": [_anchor_quantity(text, q) for q in draft.get("targets", [])],
        "shortfalls": [find_span(text, s) for s in draft.get("shortfalls", [])],
        "directives": [find_span(text, s) for s in draft.get("directives", [])],
    }


def anchor_all(ids: list[str]) -> int:
    failures = 0
    for path in sorted(DRAFTS.glob("*.json")):
        if ids and path.stem not in ids:
            continue
        draft = json.loads(path.read_text(encoding="utf-8"))
        txt = TEXTS / f"{draft['id']}.txt"
        try:
            old = GOLD / f"{draft['id']}.json"
            if draft.get("split") is None and old.exists():
                draft["split"] = json.loads(old.read_text(encoding="utf-8")).get("split")
            gold = anchor(draft, read_text(txt))
        except (AnchorError, OSError, KeyError) as exc:
            failures += 1
            print(f"{path.stem}: {exc}")
            continue
        GOLD.mkdir(parents=True, exist_ok=True)
        (GOLD / f"{gold['id']}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 1 if failures else 0


# --- reports ----------------------------------------------------------------------------------


def check() -> int:
    present = bad = 0
    for e in entries():
        if e.problem is None:
            present += 1
            continue
        bad += 1
        print(f"{e.id}: {e.problem}: {e.gold['locator']}")
    print(f"{present} texts present and intact, {bad} missing or changed")
    return 0


def stats() -> int:
    golds = [e.gold for e in entries()]
    for split in ("dev", "test", None):
        part = [g for g in golds if split is None or g["split"] == split]
        provinces = {g["province"] for g in part if g["province"]}
        outlets = {g["outlet"] for g in part}
        print(
            f"{split or 'all':>4}: {len(part)} reports, {len(provinces)} provinces, "
            f"{len(outlets)} outlets, {sum(len(g['figures']) for g in part)} figures, "
            f"{sum(len(g['targets']) for g in part)} targets, "
            f"{sum(len(g['shortfalls']) for g in part)} shortfalls, "
            f"{sum(len(g['directives']) for g in part)} directives"
        )
    print("kinds:", dict(Counter(g["meeting_kind"] for g in golds)))
    return 0


def show(ident: str) -> int:
    for e in entries():
        if e.id != ident:
            continue
        if e.text is None:
            print(f"{ident}: {e.problem}")
            return 1
        g = e.gold
        print(
            f"{g['id']} {g['split']} {g['outlet']} {g['province']} {g['date']} {g['meeting_kind']}"
        )
        print(f"  province evidence: {e.span(g['province_evidence'])!r}")
        for key in ("figures", "targets"):
            for q in g[key]:
                rest = {k: v for k, v in q.items() if k != "span"}
                print(f"  {key[:-1]}: {e.span(q['span'])!r} {rest}")
        for key in ("shortfalls", "directives"):
            for s in g[key]:
                print(f"  {key[:-1]}: {e.span(s)!r}")
        return 0
    print(f"{ident}: no such gold file")
    return 1


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "check"
    if cmd == "check":
        return check()
    if cmd == "anchor":
        return anchor_all(argv[1:])
    if cmd == "show" and len(argv) == 2:
        return show(argv[1])
    if cmd == "stats":
        return stats()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
