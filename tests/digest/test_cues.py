"""Every cue list's example sentences do what the list says."""

import pytest

from digest.cues import cue_examples, load_cues
from digest.figures import find_figures
from digest.sections import Part, label_clauses

EXPECTED_PART = {"shortfall": Part.SHORTFALL, "target": Part.TARGET, "directive": Part.DIRECTIVE}


@pytest.mark.parametrize(
    "section,sentence",
    [(k, s) for k, v in cue_examples().items() if k in EXPECTED_PART for s in v],
)
def test_cue_examples(section, sentence):
    parts = {c.part for c in label_clauses(sentence)}
    assert EXPECTED_PART[section] in parts


@pytest.mark.parametrize("sentence", cue_examples()["figure"])
def test_figure_joint_examples_keep_one_figure(sentence):
    results, _ = find_figures(label_clauses(sentence), period=None)
    assert len(results) == 1


def test_every_cue_list_loads():
    cues = load_cues()
    assert cues.figure_joints and cues.task_verbs.pattern and cues.shortfall_markers.pattern
