"""Regenerate the golden outputs of seeds/ (`make golden`); review the diff by hand.

For each seeds/<name>.txt it writes seeds/expected/<name>.json (the Report as JSON) and
seeds/expected/<name>.digest (the plain-text digest; not .txt, so that ingesting seeds/
never takes it for a report). tests/digest/test_golden.py checks that the engine still
produces exactly these files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from digest.extract import extract
from digest.render import render

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXPECTED = SEEDS / "expected"


def golden_outputs(path: Path) -> tuple[str, str]:
    report = extract(path.read_text(encoding="utf-8"))
    as_json = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    return as_json, render(report, "text") + "\n"


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt")):
        as_json, digest = golden_outputs(path)
        (EXPECTED / f"{path.stem}.json").write_text(as_json, encoding="utf-8")
        (EXPECTED / f"{path.stem}.digest").write_text(digest, encoding="utf-8")
        print(f"wrote expected outputs for {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
