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

import html
import tomllib
from dataclasses import dataclass
from functools import cache
from itertools import islice
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
_DATELINE = regex.compile(
    r"^[\p{L} ,]{0,20}\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"(?:\s*[-|,]?\s*\d{1,2}:\d{2})?\s*(?:\(GMT\+7\))?$"
)

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


# Markup left in pasted or fed text: tags ("<p>", "</figcaption>", "<br/>") and a Markdown
# heading's hashes. Only tag-shaped runs are removed; "<" in prose ("< 5%") stays.
_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,300})?/?>")
_MARKDOWN_HEADING = regex.compile(r"^#{1,6}\s+", regex.MULTILINE)
# The stored page's own date, written before its first line ("date 2025-12-08 Title ...").
_LEADING_DATE = regex.compile(r"^\s*date\s+(?:19|20)\d\d-\d\d(?:-\d\d)?\s+")
# A line with no Vietnamese letter at all, in a Vietnamese article: a URL slug or image alt
# text ("tp thai nguyen thu ngan sach dat ..."), an English widget.
_VIETNAMESE_MARKS = regex.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.IGNORECASE
)
_SLUG_MIN_WORDS = 6


def _has_marks(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` Vietnamese marks: the search stops at the
    `count`th, within the first words of any Vietnamese text, instead of listing them all."""
    return sum(1 for _ in islice(_VIETNAMESE_MARKS.finditer(text), count)) >= count


def strip_markup(text: str) -> str:
    """Tags and Markdown headings out, entities decoded; the words stay.

    >>> strip_markup("<p>Thu ngân sách &amp; chi</p>\\n## Kết quả")
    ' Thu ngân sách & chi \\nKết quả'
    """
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _MARKDOWN_HEADING.sub("", _LEADING_DATE.sub("", text))


def _is_slug(line: str, vietnamese_text: bool) -> bool:
    return (
        vietnamese_text
        and len(line.split()) >= _SLUG_MIN_WORDS
        and not _VIETNAMESE_MARKS.search(line)
    )


def clean(text: str, folded: str | None = None) -> CleanText:
    """Split normalised text into title, body and captions; `folded` is `fold(text)` when the
    caller has it.

    >>> c = clean("Lượt xem: 12\\nHội nghị Tỉnh ủy\\nNgày 5/12, hội nghị họp."
    ...           "\\nMinh Tú\\nTin khác\\nBài cũ")
    >>> c.title, c.body, c.captions
    ('Hội nghị Tỉnh ủy', 'Ngày 5/12, hội nghị họp.', ())
    """
    stripped = strip_markup(text)
    if folded is None or stripped != text:
        folded = fold(stripped)
    text = stripped
    lines = [ln.strip() for ln in text.split("\n")]
    folded_lines = [ln.strip() for ln in folded.split("\n")]  # one pass, same lines
    vietnamese_text = _has_marks(text[:4000], _SLUG_MIN_WORDS)
    kept: list[str] = []
    kept_folded: list[str] = []
    captions: list[str] = []
    captions_folded: list[str] = []
    head: list[str] = []
    head_folded: list[str] = []
    title: str | None = None
    previous_kind: str | None = None  # of the last non-empty line
    for i, (line, folded) in enumerate(zip(lines, folded_lines, strict=True)):
        if not line:
            kept.append("")
            kept_folded.append("")
            continue
        kind = classify_line(line, folded)
        if kind is None and _is_slug(line, vietnamese_text):
            kind = "line"
        if kind == "tail" and _in_toolbar(previous_kind, any(kept), lines, folded_lines, i):
            kind = "line"  # "Chia sẻ Facebook / Bình luận / In bài viết" above the article
        previous_kind = kind
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


def _in_toolbar(
    previous_kind: str | None, body_started: bool, lines: list[str], folded: list[str], i: int
) -> bool:
    """Whether an end-of-article line ("Bình luận") is a button of a toolbar above the body:
    no body yet, and chrome lines on both sides of it.

    >>> lines = ["Chia sẻ Facebook", "Bình luận", "In bài viết", "Sáng 5/8, hội nghị họp."]
    >>> _in_toolbar("line", False, lines, [fold(x) for x in lines], 1)
    True
    >>> _in_toolbar("line", True, lines, [fold(x) for x in lines], 1)
    False
    """
    if body_started or previous_kind != "line":
        return False
    following = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
    return following is not None and classify_line(lines[following], folded[following]) == "line"


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
