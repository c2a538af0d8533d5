"""Text normalisation: the first step before any parsing, and a folded copy for matching.

Hand-written because no maintained package does Vietnamese tone *placement*: NFC alone turns
"hoà" (NFD or NFC) into one code point but keeps the old placement, and reports mix "hoà" and
"hòa", "Tỉnh uỷ" and "Tỉnh ủy" in one article. `fold` is for matching only; parsing always
runs on the text with its diacritics.
"""

from __future__ import annotations

import re
import unicodedata

# Vowel + tone mark -> (base vowel, combining tone mark); built once from Unicode data.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _split_tone(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return base, tone


# Old placement puts the tone on the second vowel of a final "oa", "oe", "uy" ("hoà", "khoẻ",
# "thuỷ"); the placement used by nearly every outlet today puts it on the first ("hòa").
# Only a syllable-final pair moves: "hoàn", "thuyền" are right in both styles, and "qu" is a
# consonant, so "quý" never moves.
# The check for "q" follows the first vowel instead of preceding it: a pattern that opens
# with a character class lets `re` skip to the positions holding one, where a lookbehind
# first was tried at every position of the report (three times slower).
_OLD_TONE = re.compile(
    r"""
    ([oOuU])                  # first vowel of the pair, carrying no tone yet
    (?<![qQ].)                # "quỷ", "quả": the u belongs to the consonant
    ([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])   # second vowel, carrying the tone
    (?![^\W\d_])              # syllable-final: no letter follows
    """,
    re.VERBOSE,
)

_PAIRS_OK = {("o", "a"), ("o", "e"), ("u", "y")}


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    base2, tone = _split_tone(second)
    if (first.lower(), base2.lower()) not in _PAIRS_OK:
        return m.group(0)
    return unicodedata.normalize("NFC", first + tone) + base2


# Plain `re` here: these run over every whole report, where it is faster than `regex`.
# Any white space but a newline (NBSP included) that is not already one plain space: a run
# of two or more, or a single other space character. Leaving the single " " between words
# unmatched gives the same text as replacing every run, for a third of the cost: most runs are
# that one space, and each match costs a replacement.
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFC, modern tone placement, one space between words, at most one blank line.

    >>> normalize_text("Tỉnh uỷ  họp\u00a0bàn  hoà giải")
    'Tỉnh ủy họp bàn hòa giải'
    >>> normalize_text("hoàn thành, quý II, thuyền")
    'hoàn thành, quý II, thuyền'
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _OLD_TONE.sub(_move_tone, text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


# One table for every letter a Vietnamese text uses, so folding is a single str.translate.
_FOLDED = {
    cp: _fold_char(chr(cp))
    for rng in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))
    for cp in range(*rng)
    if _fold_char(chr(cp)) != chr(cp)
}
# The table also maps every other code point below U+3000 (punctuation, quotes, dashes) to
# itself: str.translate raises and clears a KeyError for each character a table lacks, which
# made folding cost twice as much. Characters above it are rare and still left as they are.
_FOLD_TABLE = {cp: ord(_FOLDED.get(cp, chr(cp))) for cp in range(0x3000)}


def fold(text: str) -> str:
    """Lower case without diacritics, for matching what users type ("bac kan").

    The result has the same length as the input for NFC Vietnamese text, so offsets found in
    the folded copy point at the same characters in the original.

    >>> fold("Bắc Kạn, Thừa Thiên Huế, ĐẢNG")
    'bac kan, thua thien hue, dang'
    """
    return text.translate(_FOLD_TABLE)
