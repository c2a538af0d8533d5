"""Every entry of digest/data/figure_words.toml does what it says: its example sentence, run
through find_figures, yields the figures and fields its `expect` names."""

from __future__ import annotations

import pytest

from digest.figure_words import WordEntry, load_figure_words
from digest.figures import find_figures
from digest.normalize import fold
from digest.sections import label_clauses

ENTRIES = load_figure_words().entries


def _id(entry: WordEntry) -> str:
    return f"{entry.section}:{entry.words[0]}"


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_entry_example(entry: WordEntry) -> None:
    assert entry.example and entry.words, "every entry has words and an example of its own"
    results, targets = find_figures(label_clauses(entry.example), period=None)
    figures = results + targets
    expect = dict(entry.expect)
    count = expect.pop("figures", None)
    if "targets" in expect:
        assert len(targets) == expect.pop("targets"), [f.value_raw for f in targets]
    at = expect.pop("at", 0)
    if count is not None:
        assert len(figures) == count, [f.value_raw for f in figures]
    for name, want in expect.items():
        got = getattr(figures[at], name)
        assert got == (None if want == "none" else want), name


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.section != "joint"], ids=_id)
def test_example_uses_the_entry_words(entry: WordEntry) -> None:
    """The example shows the entry's own words at work, not some other entry's."""
    folded = fold(entry.example).lower()
    assert any(" ".join(fold(w).lower().split()) in folded for w in entry.words)
