"""The cue vocabulary of `data/cues.toml`, compiled into one matcher per list.

All matchers run on the folded copy of a text (see `normalize.fold`), whose offsets equal the
original's, so a match can be mapped straight back onto the text with its diacritics.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

_DATA = Path(__file__).parent / "data" / "cues.toml"


def phrase_matcher(phrases: list[str]) -> regex.Pattern[str]:
    """One alternation, longest phrase first, anchored on word boundaries.

    >>> phrase_matcher(["dat", "dat thap"]).search("ky nay dat thap").group()
    'dat thap'
    """
    alts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(regex.escape(a) for a in alts)
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{body})(?![\p{{L}}\d])")


@dataclass(frozen=True)
class Cues:
    shortfall_openers: regex.Pattern[str]
    shortfall_markers: regex.Pattern[str]
    shortfall_generic: regex.Pattern[str]
    discussion: regex.Pattern[str]
    shortfall_strong: regex.Pattern[str]
    shortfall_filler: regex.Pattern[str]
    target_markers: regex.Pattern[str]
    not_target: regex.Pattern[str]
    result_markers: regex.Pattern[str]
    speech: regex.Pattern[str]
    demand: regex.Pattern[str]
    task_verbs: regex.Pattern[str]
    directive_boilerplate: regex.Pattern[str]
    directive_generic: regex.Pattern[str]
    acknowledgement: regex.Pattern[str]
    addressees: regex.Pattern[str]
    subjects: regex.Pattern[str]
    directive_filler: regex.Pattern[str]
    figure_joints: frozenset[str]


@cache
def load_cues() -> Cues:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    s, t, d, f = data["shortfall"], data["target"], data["directive"], data["figure"]
    return Cues(
        shortfall_openers=phrase_matcher(s["openers"]),
        shortfall_markers=phrase_matcher(s["markers"]),
        shortfall_generic=phrase_matcher(s["generic"]),
        discussion=phrase_matcher(s["discussion"]),
        shortfall_strong=phrase_matcher(s["strong"]),
        shortfall_filler=phrase_matcher(s["filler"]),
        target_markers=phrase_matcher(t["markers"]),
        not_target=phrase_matcher(t["not_target"]),
        result_markers=phrase_matcher(t["result_markers"]),
        speech=phrase_matcher(d["speech"]),
        demand=phrase_matcher(d["demand"]),
        task_verbs=phrase_matcher(d["task_verbs"]),
        directive_boilerplate=phrase_matcher(d["boilerplate"]),
        directive_generic=phrase_matcher(d["generic"]),
        acknowledgement=phrase_matcher(d["acknowledgement"]),
        addressees=phrase_matcher(d["addressees"]),
        subjects=phrase_matcher(d["subjects"]),
        directive_filler=phrase_matcher(d["filler"]),
        figure_joints=frozenset(f["joints"]),
    )


def cue_examples() -> dict[str, list[str]]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return {k: v["examples"] for k, v in data.items()}
