"""Every cue list's example sentences land in the part of the report the list stands for."""

import pytest

from digest.cues import cue_examples
from digest.sections import Part, label_clauses

EXPECTED_PART = {"shortfall": Part.SHORTFALL, "target": Part.TARGET, "directive": Part.DIRECTIVE}


@pytest.mark.parametrize(
    "section,sentence",
    [(k, s) for k, v in cue_examples().items() for s in v],
)
def test_cue_examples(section, sentence):
    parts = {c.part for c in label_clauses(sentence)}
    assert EXPECTED_PART[section] in parts
