"""One written numeral of a Vietnamese report: "11.152", "3,09", "1.300,5", "288".

Hand-written for the reasons digest/numbers.py gives (no library reads the Vietnamese
convention with its sloppy exceptions). The rules:

- A dot followed by exactly three digits groups thousands ("1.300"); any other dot is a
  decimal mark ("3.5%"). A comma is always a decimal mark except in unambiguous English
  grouping ("1,300,000"); "1,300" reads 1.3.
- A numeral with more than 15 digits (leading zeros aside) is not read: a float does not hold
  it exactly, so it could not be printed back as written, and past 308 digits it is infinity
  (not JSON) or a decimal overflow. No report writes an amount that way.
"""

from __future__ import annotations

import regex

# One written numeral. Alternatives are tried in order, so a dot before exactly three digits
# is read as grouping before it is read as a decimal mark.
NUMBER = r"""(?:
      \d{1,3}(?:\.\d{3})+(?!\d)(?:,\d+)?  # 11.152 / 1.300,5: dots group thousands
    | \d{1,3}(?:,\d{3}){2,}(?![\d,])      # 1,300,000: English grouping, only when unambiguous
    | \d+,\d+                             # 3,09: the comma is the decimal mark
    | \d+\.\d+                            # 3.5: a sloppy decimal dot
    | \d+                                 # 288
)"""

# ASCII: only 0-9 are digits here (float() does not read every script's digits).
_WHOLE_NUMBER = regex.compile(NUMBER + r"\Z", regex.VERBOSE | regex.ASCII)
_ENGLISH_GROUPING = regex.compile(r"\d{1,3}(?:,\d{3}){2,}\Z", regex.ASCII)
_DOT_GROUPING = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?\Z", regex.ASCII)
_DOT_DECIMAL = regex.compile(r"\d+\.\d+\Z", regex.ASCII)

# A numeral is read only if a float holds it exactly: at most this many digits, leading zeros
# aside (a double holds every 15-digit integer and round-trips 15 significant digits).
MAX_DIGITS = 15


def readable(raw: str) -> bool:
    """Whether a written numeral is short enough to be read and printed back as written.

    >>> readable("11.152"), readable("1.300,5"), readable("9" * 16), readable("0" * 20 + "5")
    (True, True, False, True)
    """
    digits = len(raw) - raw.count(".") - raw.count(",")
    if digits <= MAX_DIGITS:
        return True
    return len(raw.replace(".", "").replace(",", "").lstrip("0")) <= MAX_DIGITS


def plain_numeral(raw: str) -> str:
    """A written numeral as Python writes it ("11.152" -> "11152", "3,09" -> "3.09"), by the
    Vietnamese convention with the sloppy exceptions above."""
    if raw.isdigit():
        return raw
    if _ENGLISH_GROUPING.match(raw):
        return raw.replace(",", "")
    if "," in raw:
        whole, _, frac = raw.rpartition(",")
        return f"{whole.replace('.', '')}.{frac}"
    if _DOT_GROUPING.match(raw):
        return raw.replace(".", "")
    return raw


def parse_number(raw: str) -> float | None:
    """One written numeral: "." groups thousands, "," is the decimal mark.

    >>> parse_number("11.152"), parse_number("3,09"), parse_number("1.300,5")
    (11152.0, 3.09, 1300.5)
    >>> parse_number("3.5"), parse_number("1,3"), parse_number("abc"), parse_number("9" * 400)
    (3.5, 1.3, None, None)
    """
    raw = raw.strip()
    if not readable(raw) or not _WHOLE_NUMBER.match(raw):
        return None
    try:
        return float(plain_numeral(raw))
    except ValueError:  # a digit of a script newer than Python's Unicode tables
        return None


def is_dot_decimal(raw: str) -> bool:
    return "." in raw and bool(_DOT_DECIMAL.match(raw)) and not _DOT_GROUPING.match(raw)


def plain_int(raw: str) -> int | None:
    """A short run of digits as an int (days, months, years); None for anything else."""
    return int(raw) if raw.isdigit() and len(raw) <= MAX_DIGITS else None


def is_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100


def is_day_month(day: str, month: str) -> bool:
    d, m = plain_int(day), plain_int(month)
    return d is not None and m is not None and 1 <= d <= 31 and 1 <= m <= 12


def is_month_year(month: str, year: str) -> bool:
    m = plain_int(month)
    return m is not None and 1 <= m <= 12 and is_year(year)
