"""Split a report body into paragraphs, sentences and clauses, keeping offsets.

Hand-written: sentence splitters for Vietnamese (underthesea, pyvi) cost more than the whole
digest and still break on the abbreviations provincial reports use ("TP. Hồ Chí Minh",
"Đ/c."), while the boundaries we need are simple: a full stop before a capital letter, a
line break, and semicolons inside enumerations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the body
    paragraph: int  # its paragraph's number; every sentence of a run-on text is one of its own
    run_on: bool = False  # from a paragraph that is run-on text (see LONG_PARAGRAPH)


# A paragraph this long is not one: it is text whose line breaks were lost (pasted, or read
# from a feed). Rules that hold for a paragraph (a shortfall opener covers its paragraph, so
# does a one-off request) hold for one sentence there, as they would otherwise cover the rest
# of the report. The longest paragraph of the seeds and the written corpus has 2,487 characters.
LONG_PARAGRAPH = 4_000


# A sentence ends at . ! ? … (or "./.", the closing mark of Vietnamese news) followed by a
# space and something that starts a sentence; abbreviations before the dot do not end one.
_SENTENCE_END = regex.compile(
    r"""
    (?<!\b(?:TP|Tp|tp|TS|ThS|GS|PGS|BS|Đ/c|đ/c|ông|bà|St|No|v\.v))  # abbreviations
    (?<![.!?…]{2})    # at most one mark into a run: a later start would only rescan the run
    (?:[.!?…]+(?:/\.)?|\.{3})    # the closing punctuation
    ["”’)]?                       # a closing quote or bracket
    (?=\s+["“(]?[\p{Lu}\d])       # the next sentence starts with a capital or digit
    """,
    regex.VERBOSE,
)


def has_sentence_end(text: str) -> bool:
    """Whether another sentence follows one in `text`.

    >>> has_sentence_end("Trang chủ > Tin tức"), has_sentence_end("Tin tức. Sáng 5/12, tỉnh họp.")
    (False, True)
    """
    return _SENTENCE_END.search(text) is not None


_PARAGRAPH_BREAK = regex.compile(r"\n+")


def split_sentences(body: str) -> list[Sentence]:
    """Sentences with their offsets; a paragraph break always ends a sentence.

    A body without any line break, or a paragraph longer than LONG_PARAGRAPH, is run-on text:
    each of its sentences counts as a paragraph.

    >>> [s.text for s in split_sentences("Thu đạt 5 tỷ. Chi tăng.\\n\\nTP. Hồ Chí Minh họp.")]
    ['Thu đạt 5 tỷ.', 'Chi tăng.', 'TP. Hồ Chí Minh họp.']
    >>> [s.paragraph for s in split_sentences("Thu đạt 5 tỷ. Chi tăng.\\n\\nTP. Hồ Chí Minh họp.")]
    [0, 0, 1]
    >>> [s.paragraph for s in split_sentences("Thu đạt 5 tỷ. Chi tăng. TP. Hồ Chí Minh họp.")]
    [0, 1, 2]
    """
    out: list[Sentence] = []
    pos = 0
    pidx = -1
    run_on_body = "\n" not in body
    for para in _PARAGRAPH_BREAK.split(body):
        pstart = body.find(para, pos)
        pos = pstart + len(para)
        run_on = run_on_body or len(para) > LONG_PARAGRAPH
        pidx += 1
        cut = 0
        for m in _SENTENCE_END.finditer(para):
            if _add(out, para, cut, m.end(), pstart, pidx, run_on) and run_on:
                pidx += 1
            cut = m.end()
        _add(out, para, cut, len(para), pstart, pidx, run_on)
    return out


def _add(
    out: list[Sentence], para: str, a: int, b: int, pstart: int, pidx: int, run_on: bool
) -> bool:
    """Append the sentence para[a:b], unless it is blank; whether one was appended."""
    piece = para[a:b]
    stripped = piece.strip()
    if stripped:
        out.append(Sentence(stripped, pstart + a + piece.index(stripped), pidx, run_on))
    return bool(stripped)


# Clause boundaries inside a sentence: semicolons, and a colon after a word that opens a
# list. Plain `re` (letters as [^\W\d_]): this runs on every sentence, and `re` is faster here.
_CLAUSE_SEP = re.compile(r"\s*;\s*|(?<=[^\W\d_]|\))\s*:\s+(?=[^\W\d_])")


def _next_separator(sentence: str, cut: int) -> re.Match[str] | None:
    """The first clause separator at or after `cut`, as `_CLAUSE_SEP.search(sentence, cut)`.

    Every separator holds a ";" or ":" with only white space before it, so none starts before
    the white space that precedes the first mark: the search starts there instead of trying
    the pattern at every position of the words in between.
    """
    marks = [i for i in (sentence.find(";", cut), sentence.find(":", cut)) if i >= 0]
    if not marks:
        return None
    start = min(marks)
    while start > cut and sentence[start - 1].isspace():  # what `\s` matches in `re`
        start -= 1
    return _CLAUSE_SEP.search(sentence, start)


def split_clauses(sentence: str) -> list[tuple[int, str]]:
    """Semicolon-separated clauses with their offsets in the sentence.

    >>> split_clauses("Như: thu đạt 90%; chi đạt 80%.")
    [(0, 'Như'), (5, 'thu đạt 90%'), (18, 'chi đạt 80%.')]
    """
    if ";" not in sentence and ":" not in sentence:
        # Most sentences have neither mark; the pattern's leading space runs would still be
        # tried at every position of them.
        return [(0, sentence)] if sentence.strip() else []
    out: list[tuple[int, str]] = []
    cut = 0
    while (m := _next_separator(sentence, cut)) is not None:
        if sentence[cut : m.start()].strip():
            out.append((cut, sentence[cut : m.start()]))
        cut = m.end()
    if sentence[cut:].strip():
        out.append((cut, sentence[cut:]))
    return out
