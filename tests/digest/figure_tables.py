"""What the table-driven figure regressions share: a sentence's digest lines, and row ids."""

from __future__ import annotations

from digest.figures import find_figures
from digest.render import figure_line
from digest.sections import label_clauses


def lines(text: str) -> tuple[list[str], list[str]]:
    """The digest lines of a sentence's results and of its targets, as the digest prints them."""
    results, targets = find_figures(label_clauses(text), period=None)
    return [figure_line(f) for f in results], [figure_line(f) for f in targets]


def row_ids(rows: list[tuple]) -> list[str]:
    """Test ids: the start of each row's sentence."""
    return [r[0][:50] for r in rows]
