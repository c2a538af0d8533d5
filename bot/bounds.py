"""Bounds on the numbers users type, applied before any of them reaches a query.

PostgreSQL's integer columns are 32-bit: a larger number in a query is an error there (one
traceback per request), not an empty answer as on SQLite. So every number a user or an
operator types is checked against what the column can hold, and a number outside gets the
same answer as a number that names nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

#: The largest id a row may have (a 32-bit integer column).
MAX_ROW_ID = 2**31 - 1


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high]; anything else is refused in one line
    before it reaches a query (PostgreSQL's integers are 32-bit).

    >>> bounded_int(0, 1000)("20")
    20
    >>> bounded_int(0, 1000)("99999999999")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a whole number from 0 to 1000, got '99999999999'
    """

    def parse(text: str) -> int:
        stripped = text.strip()
        if stripped.isascii() and stripped.isdigit() and len(stripped) <= 12 \
                and low <= int(stripped) <= high:
            return int(stripped)
        raise argparse.ArgumentTypeError(
            f"expected a whole number from {low} to {high}, got {text!r}"
        )

    return parse
