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

import regex

_DATA = Path(__file__).parent / "data" / "cues.toml"

# The cue patterns are compiled with `re` (plain tries) while the rest of the engine uses
# `regex`: a match from either.
AnyMatch = re.Match[str] | regex.Match[str]


def _trie_pattern(phrases: set[str], *, word_start: bool = False) -> str:
    """A regex alternation shaped as a trie of characters, longer continuation first: the
    longest phrase that fits wins, as with a trie of words, but each branch point offers one
    alternative per next character, so `re` rejects a word after a character or two instead
    of trying every phrase's first word (tens of them) at each word start.

    `word_start`: a phrase must begin a word. The check that no letter stands before it
    follows the phrase's first character (`c(?<!\\w.)`) instead of preceding the pattern:
    a pattern that opens with a character `re` can scan for only tries the positions that
    hold one, where `(?<!\\w)` first was tried at every position of the text.

    >>> _trie_pattern({"kho khan", "kho khan, vuong mac", "can"})
    '(?:can|kho\\\\ khan(?:,\\\\ vuong\\\\ mac)?)'
    """
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, root: bool = False) -> str:
        alts = []
        for ch in sorted(c for c in node if c):
            run, child = re.escape(ch) + (_AFTER_WORD_START if root else ""), node[ch]
            while len(child) == 1 and "" not in child:  # a chain: one literal run
                (nxt,) = child
                run, child = run + re.escape(nxt), child[nxt]
            rest = emit(child) if len(child) > ("" in child) else ""
            if rest and "" in child:
                alts.append(f"{run}(?:{rest})?")
            else:
                alts.append(run + rest)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(tree, root=word_start)


# After a phrase's first character: no word character stands before that one.
_AFTER_WORD_START = r"(?<!\w.)"


def phrase_matcher(phrases: list[str]) -> re.Pattern[str]:
    """One trie-shaped alternation over whole words; the longest phrase wins.

    >>> phrase_matcher(["dat", "dat thap"]).search("ky nay dat thap").group()
    'dat thap'
    >>> phrase_matcher(["ho tro"]).search("ho trong") is None
    True
    """
    words = {" ".join(p.split()) for p in phrases if p.strip()}
    return re.compile(rf"(?:{_trie_pattern(words, word_start=True)})(?!\w)")


def word_starts(phrases: list[str]) -> re.Pattern[str]:
    """Where any of the phrases begins a word, whatever follows it: a cheap test that a text
    may hold one. Without `phrase_matcher`'s end-of-word check it also finds a phrase that a
    search with an end position (`endpos`) finds in a text cut short, so no such search can
    succeed where this fails.

    >>> word_starts(["can"]).search("can bo") is not None, word_starts(["can"]).search("ocan")
    (True, None)
    """
    words = {" ".join(p.split()) for p in phrases if p.strip()}
    return re.compile(_trie_pattern(words, word_start=True))


def _composed(first: list[str], between: list[str], last: list[str]) -> str:
    """ "first [between] last" as one trie-shaped alternation over words."""
    return (
        rf"{_trie_pattern(set(first))}(?: {_trie_pattern(set(between))})? "
        rf"{_trie_pattern(set(last))}"
    )


def shortfall_pattern(phrases: list[str], s: dict) -> re.Pattern[str]:
    """The strong shortfall markers: the listed phrases, and the composed ones ("còn [nhiều]
    bất cập", "không đạt", "gặp [không ít] khó khăn", "thiếu vốn"), the composed first so the
    longer match wins where both start.

    >>> p = shortfall_pattern(["chua"], {"still": ["con"], "degrees": ["nhieu"],
    ...     "bad_states": ["bat cap"], "unmet": ["kho"], "reached": ["dat"],
    ...     "befell": ["gap"], "hardships": ["kho khan"], "lacks": ["von"]})
    >>> [m.group() for m in p.finditer("con nhieu bat cap, kho dat, gap kho khan, chua tot")]
    ['con nhieu bat cap', 'kho dat', 'gap kho khan', 'chua']
    >>> [m.group() for m in p.finditer("thieu von, gioi thieu")]
    ['thieu von']
    """
    # Each alternative: its first words, then what must follow them.
    alternatives = [
        (s["still"], _optional_between(s["degrees"], s["bad_states"])),
        (s["befell"], _optional_between(s["degrees"], s["hardships"])),
        (s["unmet"], rf" {_trie_pattern(set(s['reached']))}"),
        (["thieu"], rf" {_trie_pattern(set(s['lacks']))}"),
        (phrases, ""),
    ]
    return re.compile(rf"{_by_first_character(alternatives)}(?!\w)")


def _optional_between(between: list[str], last: list[str]) -> str:
    """ "[between] last" after a first word: the tail of a composed phrase."""
    return rf"(?: {_trie_pattern(set(between))})? {_trie_pattern(set(last))}"


def _by_first_character(alternatives: list[tuple[list[str], str]]) -> str:
    """Alternatives "first words + tail" that begin a word, tried in the order given, as one
    alternation grouped by their first character.

    Same matches as `(?<!\\w)(?:first_1 tail_1|first_2 tail_2|...)`: at any position only the
    alternatives whose first character stands there can match, in the same order. But the
    pattern opens with a literal character in every branch, so `re` skips to the positions
    that hold one (as in `_trie_pattern` with `word_start`), where the leading lookbehind
    was tried at every position of every clause.

    >>> _by_first_character([(["con", "van"], " cham"), (["chua"], "")])
    '(?:c(?<!\\\\w.)(?:on cham|hua)|v(?<!\\\\w.)(?:an cham))'
    """
    cleaned = [
        ({" ".join(p.split()) for p in firsts if p.strip()}, tail) for firsts, tail in alternatives
    ]
    branches = []
    for ch in sorted({p[0] for firsts, _ in cleaned for p in firsts}):
        options = []
        for firsts, tail in cleaned:
            rests = {p[1:] for p in firsts if p[0] == ch}
            if not rests:
                continue
            longer = rests - {""}
            rest = _trie_pattern(longer) if longer else ""
            if longer and "" in rests:
                rest = f"(?:{rest})?"
            options.append(rest + tail)
        branches.append(f"{re.escape(ch)}{_AFTER_WORD_START}(?:{'|'.join(options)})")
    return "(?:" + "|".join(branches) + ")"


def _just_after(phrases: list[str]) -> re.Pattern[str]:
    """One of the phrases and at most three words, up to the end of the searched span: what
    stands just before a marker."""
    return re.compile(rf"(?:^|\W)(?:{_trie_pattern(set(phrases))})(?:\W+\w+){{0,3}}\W+$")


@dataclass(frozen=True)
class Cues:
    shortfall_openers: re.Pattern[str]
    shortfall_markers: re.Pattern[str]
    shortfall_generic: re.Pattern[str]
    discussion: re.Pattern[str]
    shortfall_strong: re.Pattern[str]
    shortfall_filler: re.Pattern[str]
    task_openers: re.Pattern[str]
    remedies: re.Pattern[str]
    settings: re.Pattern[str]
    not_strong: re.Pattern[str]
    target_markers: re.Pattern[str]
    not_target: re.Pattern[str]
    result_markers: re.Pattern[str]
    speech: re.Pattern[str]
    speakers: re.Pattern[str]
    opinion: re.Pattern[str]
    demand: re.Pattern[str]
    demand_noun_before: re.Pattern[str]
    demand_noun_after: re.Pattern[str]
    task_verbs: re.Pattern[str]
    light_verbs: re.Pattern[str]  # task verbs that say how to act, not what to do
    directive_boilerplate: re.Pattern[str]
    directive_generic: re.Pattern[str]
    acknowledgement: re.Pattern[str]
    addressees: re.Pattern[str]
    subjects: re.Pattern[str]
    plan_bodies: re.Pattern[str]
    name_heads: re.Pattern[str]
    directive_filler: re.Pattern[str]
    modal_words: frozenset[str]
    needs: re.Pattern[str]
    task_words: re.Pattern[str]  # where a demand, a need or a task opener may begin
    not_needs: frozenset[str]
    not_needs_after: frozenset[str]
    assignees: re.Pattern[str]
    done_words: frozenset[str]
    paired_verbs: re.Pattern[str]
    figure_joints: frozenset[str]


@cache
def load_cues() -> Cues:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    s, t, d, f = data["shortfall"], data["target"], data["directive"], data["figure"]
    return Cues(
        shortfall_openers=phrase_matcher(s["openers"]),
        shortfall_markers=shortfall_pattern(s["markers"] + s["strong"], s),
        shortfall_generic=phrase_matcher(s["generic"]),
        discussion=phrase_matcher(s["discussion"]),
        shortfall_strong=shortfall_pattern(s["strong"], s),
        shortfall_filler=phrase_matcher(s["filler"]),
        task_openers=phrase_matcher(s["task_openers"]),
        not_strong=phrase_matcher(s["not_strong"]),
        remedies=_just_after(s["remedies"]),
        settings=_just_after(s["settings"]),
        target_markers=phrase_matcher(t["markers"]),
        not_target=phrase_matcher(t["not_target"]),
        result_markers=phrase_matcher(t["result_markers"]),
        speech=phrase_matcher(d["speech"]),
        speakers=phrase_matcher(d["speakers"]),
        opinion=phrase_matcher(d["opinion"]),
        demand=phrase_matcher(d["demand"]),
        demand_noun_before=re.compile(
            rf"(?:^|\W)(?:(?:{_trie_pattern(set(d['demand_noun_before']))})\s*"
            rf"|(?:{_trie_pattern(set(d['demand_noun_pairs']))})\W*)$"
        ),
        demand_noun_after=re.compile(
            rf"\W*(?:{_trie_pattern(set(d['demand_noun_after']))})(?!\w)"
        ),
        task_verbs=phrase_matcher(d["task_verbs"] + d["content_verbs"]),
        light_verbs=phrase_matcher(d["task_verbs"]),
        directive_boilerplate=phrase_matcher(d["boilerplate"]),
        directive_generic=phrase_matcher(d["generic"]),
        acknowledgement=phrase_matcher(d["acknowledgement"]),
        addressees=phrase_matcher(d["addressees"]),
        subjects=phrase_matcher(d["subjects"]),
        plan_bodies=phrase_matcher(d["subjects"] + d["plan_bodies"]),
        name_heads=re.compile(rf"(?:^|\W)(?:{_trie_pattern(set(d['name_heads']))})\s+$"),
        directive_filler=phrase_matcher(d["filler"]),
        modal_words=frozenset(w for p in d["modals"] for w in p.split()),
        needs=phrase_matcher(d["needs"]),
        task_words=word_starts(d["demand"] + d["needs"] + s["task_openers"]),
        not_needs=frozenset(d["not_needs"]),
        not_needs_after=frozenset(d["not_needs_after"]),
        assignees=phrase_matcher(d["assignees"]),
        done_words=frozenset(d["done"]),
        paired_verbs=phrase_matcher(d["paired"]),
        figure_joints=frozenset(f["joints"]),
    )


def cue_examples() -> dict[str, list[str]]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return {k: v["examples"] for k, v in data.items()}


_DEMAND_GOES_ON = re.compile(r"\s*[,:]?\s*[“\"]?[^\W\d_]")  # an opening quote may come first
_ASSIGNED = re.compile(r" cho\b")
# Demand words that begin other words or nouns ("giáo dục", "giao ban", "chỉ đạo điều hành").
_NOUN_LIKE = {"giao", "chi dao"}
# "Để Nghị quyết ... đi vào cuộc sống" folds like "đề nghị quyết ...": a purpose, not a
# demand, unless what follows is "quyết liệt", "quyết tâm" or "quyết định".
_PURPOSE_OF_A_RESOLUTION = re.compile(r" quyet\b(?! liet| tam| dinh)")


def find_demand(folded: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first demand verb ("yêu cầu", "giao", "chỉ đạo") used as one, not as a noun.

    >>> find_demand("cong tac lanh dao, chi dao tot; giao duc phat trien") is None
    True
    >>> find_demand("dong chi chi dao cac so tap trung").group()
    'chi dao'
    """
    cues = load_cues()
    for m in cues.demand.finditer(folded, pos, len(folded) if end is None else end):
        if cues.demand_noun_before.search(folded, max(0, m.start() - 20), m.start()):
            continue
        if m.group() in _NOUN_LIKE and cues.demand_noun_after.match(folded, m.end()):
            continue
        if m.group() == "de nghi" and _PURPOSE_OF_A_RESOLUTION.match(folded, m.end()):
            continue
        if m.group() in _NOUN_LIKE and cues.name_heads.search(
            folded, max(0, m.start() - 12), m.start()
        ):
            continue  # "Ban Chỉ đạo", "Sở Giao thông": a name
        # A demand asks somebody for something: a word follows it ("kế hoạch Thủ tướng giao."
        # and "chỉ tiêu HĐND giao, ..." name who set a plan).
        if not _DEMAND_GOES_ON.match(folded, m.end()):
            continue
        # "giao" assigns when who is assigned follows ("giao Sở Tài chính", "giao cho"); "kế
        # hoạch do UBND tỉnh giao cũng chưa đạt" names who set a plan.
        if (
            m.group() == "giao"
            and not _ASSIGNED.match(folded, m.end())
            and not cues.assignees.match(folded, m.end() + 1)
        ):
            continue
        return m
    return None
