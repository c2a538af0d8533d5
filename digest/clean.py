"""Separate a report's body from the portal chrome, captions and byline around it.

Rules are data (`data/boilerplate.toml`); this module applies them line by line. Captions are
kept apart rather than thrown away, because they often carry the only full name and title of
the chair, which province inference needs.

A rule only ever judges a line of at most _MAX_CHROME_LINE characters, and a rule that drops
a line never drops one of several sentences. Chrome is short and has no sentences (menus,
counters, breadcrumbs: the longest seen is 130 characters), while text pasted or read from a
feed may have no line break at all: there "the line" is the whole report, and a rule such as
"a line that starts with Trang chủ >" would remove all of it. The length bound also keeps
the rules' cost linear in the text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from digest.normalize import fold
from digest.sentences import has_sentence_end

_DATA = Path(__file__).parent / "data" / "boilerplate.toml"


@dataclass(frozen=True)
class ChromeRule:
    name: str
    kind: str  # "line" | "tail" | "caption"
    pattern: regex.Pattern[str]
    example: str


@cache
def load_rules() -> tuple[ChromeRule, ...]:
    raw = tomllib.loads(_DATA.read_text(encoding="utf-8"))["rule"]
    return tuple(
        ChromeRule(r["name"], r["kind"], regex.compile(r["pattern"]), r["example"]) for r in raw
    )


@dataclass(frozen=True)
class CleanText:
    title: str | None
    body: str  # paragraphs separated by blank lines, chrome and captions removed
    captions: tuple[str, ...]
    head: str  # the lines above the body (datelines, title), for date finding
    folded_body: str = ""  # fold(body), kept so later steps need not fold again
    folded_captions: tuple[str, ...] = ()
    folded_head: str = ""


# The longest line a chrome rule may judge (see the module docstring).
_MAX_CHROME_LINE = 500


def classify_line(line: str, folded: str | None = None) -> str | None:
    """The kind of the first chrome rule a line matches, or None for body text.

    >>> classify_line("Lượt xem: 1648"), classify_line("Tin khác")
    ('line', 'tail')
    >>> classify_line("Thu ngân sách ước đạt 2.099 tỷ đồng.") is None
    True
    """
    folded = fold(line.strip()) if folded is None else folded.strip()
    if len(folded) > _MAX_CHROME_LINE:
        return None  # body text, whatever it starts with
    for rule in load_rules():
        if rule.pattern.search(folded):
            if rule.kind == "line" and has_sentence_end(line):
                continue  # "Trang chủ > Tin tức Sáng 5/12, ... họp. Thu ...": a report run on
            return rule.kind
    return None


# A byline: the last line, one to four capitalised words, no digits or sentence punctuation
# ("Minh Tú", "Hương Dịu", "Thu Hà - Văn Nam").
_BYLINE = regex.compile(
    r"""
    ^(?:[(]?
      \p{Lu}\p{Ll}*\.?            # a capitalised syllable, maybe an initial "T."
      (?:[ \-–]+\p{Lu}\p{Ll}*\.?){0,4}
    [)]?)$
    """,
    regex.VERBOSE,
)

# A dateline such as "05/12/2023" or "15/10/2023 09:12" on a line of its own.
_DATELINE = regex.compile(r"^[\p{L} ,]{0,20}\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s*[-|,]?\s*\d{1,2}:\d{2})?\s*(?:\(GMT\+7\))?$")

# A headline: no closing full stop, neither a bare section label ("Chính trị") nor a paragraph.
_HEADLINE_MIN_WORDS = 4
_HEADLINE_MAX_WORDS = 40


def _is_headline(line: str) -> bool:
    return (
        not line.rstrip().endswith((".", ":", ";"))
        and _HEADLINE_MIN_WORDS <= len(line.split()) <= _HEADLINE_MAX_WORDS
        and any(ch.isalpha() for ch in line)
    )


def is_byline(line: str) -> bool:
    """A lone author name at the end of an article.

    >>> is_byline("Minh Tú"), is_byline("Hương Dịu"), is_byline("Tin khác.")
    (True, True, False)
    """
    return bool(_BYLINE.match(line.strip())) and len(line.split()) <= 5


def clean(text: str) -> CleanText:
    """Split normalised text into title, body and captions.

    >>> c = clean("Lượt xem: 12\\nHội nghị Tỉnh ủy\\nNgày 5/12, hội nghị họp.\\nMinh Tú\\nTin khác\\nBài cũ")
    >>> c.title, c.body, c.captions
    ('Hội nghị Tỉnh ủy', 'Ngày 5/12, hội nghị họp.', ())
    """
    lines = [ln.strip() for ln in text.split("\n")]
    folded_lines = [ln.strip() for ln in fold(text).split("\n")]  # one pass, same lines
    kept: list[str] = []
    kept_folded: list[str] = []
    captions: list[str] = []
    captions_folded: list[str] = []
    head: list[str] = []
    head_folded: list[str] = []
    title: str | None = None
    for line, folded in zip(lines, folded_lines, strict=True):
        if not line:
            kept.append("")
            kept_folded.append("")
            continue
        kind = classify_line(line, folded)
        if kind == "tail":
            break
        if kind == "line":
            continue
        if title is None:
            if _DATELINE.match(line):
                head.append(line)
                head_folded.append(folded)
                continue
            if _is_headline(line):
                title = line
                head.append(line)
                head_folded.append(folded)
                continue
            if len(line.split()) < _HEADLINE_MIN_WORDS and not line.endswith("."):
                head.append(line)  # a section label above the headline ("Chính trị")
                head_folded.append(folded)
                continue
            title = ""  # the article starts with body text: no headline
        if kind == "caption" and "%" not in line:
            captions.append(line)
            captions_folded.append(folded)
            continue
        kept.append(line)
        kept_folded.append(folded)
    while kept and not kept[-1]:
        kept.pop()
        kept_folded.pop()
    if kept and is_byline(kept[-1]):
        kept.pop()
        kept_folded.pop()
    return CleanText(
        title or None,
        _join_paragraphs(kept),
        tuple(captions),
        "\n".join(head),
        _join_paragraphs(kept_folded),
        tuple(captions_folded),
        "\n".join(head_folded),
    )


def _join_paragraphs(lines: list[str]) -> str:
    """Lines joined, at most one blank line in a row, no blank lines at either end."""
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
