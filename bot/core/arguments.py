"""Checks on what users type after a command, before any handler runs.

An argument is a province, an indicator, a few search words or a number: a few dozen
characters. Anything far longer is a paste, and markup (HTML tags, Markdown emphasis or links)
means the user copied formatted text; both get a clear answer instead of a guess.
"""

from __future__ import annotations

from enum import StrEnum

import regex

from bot.bounds import MAX_ROW_ID

MAX_ARGUMENT_CHARS = 200

_MARKUP = regex.compile(
    r"""
      </?[A-Za-z][^<>]*>          # an HTML tag: <b>, </i>, <a href="...">
    | &(?:[a-z]+|\#\d+);          # an HTML entity: &amp; &#7885;
    | \*\*?[^*\s][^*]*\*\*?       # Markdown bold or italic: *x*, **x**
    | __[^_]+__                   # Markdown bold or underline
    | `[^`]+`                     # Markdown code
    | \[[^\]]+\]\([^)]+\)         # a Markdown link: [text](url)
    """,
    regex.VERBOSE,
)

# "/tinh bac kan 2": a trailing number picks an earlier meeting.
_TRAILING_NUMBER = regex.compile(
    r"""
    ^(?P<rest>.*?)      # the province
    \s+\#?(?P<n>\d{1,4})$  # then a space and a small number, "#2" accepted
    """,
    regex.VERBOSE | regex.DOTALL,
)


# "12", "#12", "№ 12": a row's number as users type it; only ASCII digits are digits.
_ROW_NUMBER = regex.compile(
    r"""
    ^[\#№\s]*          # an optional number sign
    (?P<n>[0-9]{1,12})  # the number: more digits than any id has is not one
    $""",
    regex.VERBOSE,
)


def row_number(args: str) -> tuple[bool, int | None]:
    """(looks like a number, the id it names if any row can have it).

    Every number is bounded here, before it reaches SQL: PostgreSQL's ids are 32-bit, and a
    larger one is an error there, not "not found".

    >>> row_number("12"), row_number("#7"), row_number("99999999999"), row_number("0")
    ((True, 12), (True, 7), (True, None), (True, None))
    >>> row_number("mười"), row_number("٣"), row_number("9" * 40)
    ((False, None), (False, None), (False, None))
    """
    match = _ROW_NUMBER.match(args.strip())
    if match is None:
        return False, None
    number = int(match["n"])
    return True, number if 0 < number <= MAX_ROW_ID else None


class Problem(StrEnum):
    TOO_LONG = "too_long"
    MARKUP = "markup"


def argument_problem(args: str) -> Problem | None:
    """What is wrong with an argument, if anything.

    >>> argument_problem("bac kan"), argument_problem("<b>Bắc Kạn</b>")
    (None, <Problem.MARKUP: 'markup'>)
    >>> argument_problem("**thu ngân sách**"), argument_problem("x" * 4000)
    (<Problem.MARKUP: 'markup'>, <Problem.TOO_LONG: 'too_long'>)
    >>> argument_problem("tăng 5% * 2"), argument_problem("Bà Rịa - Vũng Tàu")
    (None, None)
    """
    if len(args) > MAX_ARGUMENT_CHARS:
        return Problem.TOO_LONG
    if _MARKUP.search(args):
        return Problem.MARKUP
    return None


def split_page(args: str) -> tuple[str, int]:
    """The text and the 1-based position asked for (1 when none is given).

    >>> split_page("bac kan 2"), split_page("Bắc Kạn"), split_page("bac kan #3")
    (('bac kan', 2), ('Bắc Kạn', 1), ('bac kan', 3))
    """
    match = _TRAILING_NUMBER.match(args.strip())
    if match is None or not match["rest"].strip():
        return args.strip(), 1
    return match["rest"].strip(), max(int(match["n"]), 1)


# "/timkiem nong thon moi trang 2": a trailing "trang N" (page N) picks a page of results.
_SEARCH_PAGE = regex.compile(
    r"""
    ^(?P<rest>.*?)
    \s+(?:trang|page)\s*(?P<n>\d{1,4})$   # "trang 2", "Trang 3", "page 2"
    """,
    regex.VERBOSE | regex.DOTALL | regex.IGNORECASE,
)


def split_search_page(args: str) -> tuple[str, int]:
    """A search and the page asked for (1 when none is given).

    >>> split_search_page('"Nguyễn Đức Thanh" trang 2'), split_search_page("quý 2")
    (('"Nguyễn Đức Thanh"', 2), ('quý 2', 1))
    """
    match = _SEARCH_PAGE.match(args.strip())
    if match is None or not match["rest"].strip():
        return args.strip(), 1
    return match["rest"].strip(), max(int(match["n"]), 1)
