"""The seeds' digests equal the reviewed golden files (regenerate with `make golden`)."""

from pathlib import Path

import pytest

from tests.digest.regen_golden import EXPECTED, SEEDS, golden_outputs

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_matches_golden(path: Path):
    as_json, digest = golden_outputs(path)
    assert as_json == (EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8")
    assert digest == (EXPECTED / f"{path.stem}.digest").read_text(encoding="utf-8")
