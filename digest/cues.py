"""The cue vocabulary of `data/cues.toml`, compiled into one matcher per list.

All matchers run on the folded copy of a text (see `normalize.fold`), whose offsets equal the
original's, so a match can be mapped straight back onto the text with its diacritics.

The phrase lists are compiled with the standard library's `re` rather than `regex`, as a trie
of words: the folded copy is plain ASCII letters, where `re` runs these alternations about
three times faster, and a digest runs thousands of them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "cues.toml"


def _trie_pattern(phrases: set[str]) -> str:
    """A regex alternation shaped as a trie of words, longest continuation first."""
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for word in phrase.split(" "):
            node = node.setdefault(word, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for word in sorted((w for w in node if w), key=len, reverse=True):
            child = node[word]
            rest = emit(child) if any(child) else ""
            if rest and "" in child:
                alts.append(f"{re.escape(word)}(?: {rest})?")
            elif rest:
                alts.append(f"{re.escape(word)} {rest}")
            else:
                alts.append(re.escape(word))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(tree)


def phrase_matcher(phrases: list[str]) -> re.Pattern[str]:
    """One trie-shaped alternation over whole words; the longest phrase wins.

    >>> phrase_matcher(["dat", "dat thap"]).search("ky nay dat thap").group()
    'dat thap'
    >>> phrase_matcher(["ho tro"]).search("ho trong") is None
    True
    """
    words = {" ".join(p.split()) for p in phrases if p.strip()}
    return re.compile(rf"(?<!\w)(?:{_trie_pattern(words)})(?!\w)")


@dataclass(frozen=True)
class Cues:
    shortfall_openers: re.Pattern[str]
    shortfall_markers: re.Pattern[str]
    shortfall_generic: re.Pattern[str]
    discussion: re.Pattern[str]
    shortfall_strong: re.Pattern[str]
    shortfall_filler: re.Pattern[str]
    target_markers: re.Pattern[str]
    not_target: re.Pattern[str]
    result_markers: re.Pattern[str]
    speech: re.Pattern[str]
    demand: re.Pattern[str]
    task_verbs: re.Pattern[str]
    directive_boilerplate: re.Pattern[str]
    directive_generic: re.Pattern[str]
    acknowledgement: re.Pattern[str]
    addressees: re.Pattern[str]
    subjects: re.Pattern[str]
    directive_filler: re.Pattern[str]
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
