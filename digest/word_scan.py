"""Whole-word vocabulary scans over a whole report, run by `re` where it reads as `regex`.

The scans of a whole folded report for province names and leader titles are tries with `\\b`
at both ends, compiled for `regex`. The standard library's `re` runs the same trie about twice
as fast. The two modules differ only in which characters they count as word characters (`\\w`,
hence `\\b`) and as white space (`\\s`): combining marks, connector punctuation, some
numerals and control characters. A text none of whose characters is counted differently is
scanned with `re`, any other with `regex`: the matches are the same either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import regex

from digest.cues import AnyMatch

_RE_WORD, _REGEX_WORD = re.compile(r"\w"), regex.compile(r"\w")
_RE_SPACE, _REGEX_SPACE = re.compile(r"\s"), regex.compile(r"\s")


@cache
def _read_alike(ch: str) -> bool:
    """Whether `re` and `regex` agree on whether `ch` is a word character and a space."""
    return (_RE_WORD.match(ch) is None) == (_REGEX_WORD.match(ch) is None) and (
        _RE_SPACE.match(ch) is None
    ) == (_REGEX_SPACE.match(ch) is None)


def reads_alike(text: str) -> bool:
    """Whether every character of `text` is read alike by `re` and `regex`.

    >>> reads_alike("ubnd tinh bac kan, “ha noi” – 5%"), reads_alike("ha\\u0301 noi")
    (True, False)
    """
    return all(_read_alike(ch) for ch in set(text))


class WordScan:
    """A verbose pattern of plain words, `\\b`, `\\s` and escaped punctuation, compiled by both
    modules; `finditer` uses `re` on a text both read alike."""

    def __init__(self, pattern: str) -> None:
        self.fast = re.compile(pattern, re.VERBOSE)
        self.exact = regex.compile(pattern, regex.VERBOSE)

    def finditer(self, text: str) -> Iterator[AnyMatch]:
        pattern = self.fast if reads_alike(text) else self.exact
        return pattern.finditer(text)
