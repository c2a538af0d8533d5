"""Is a text something the engine can read: letters, enough of them, and Vietnamese?

Each failing test has its own reason, checked in the order a person would notice: nothing
written at all, only markup, a greeting ("xin chào"), then a foreign language.
"""

from __future__ import annotations

import unicodedata

from bot.documents.errors import DocumentError, Rejection

MIN_LETTERS = 40  # the shortest meeting notice still has a sentence or two
# Share of letters that only Vietnamese uses (ă â đ ê ô ơ ư and tone marks). Vietnamese
# prose runs at 25-40 %; English or French text with a stray name stays far below 5 %.
MIN_VIETNAMESE_SHARE = 0.08
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SHAPES = "\u0306\u0302\u031b"  # breve, circumflex, horn


def vietnamese_share(text: str) -> tuple[int, float]:
    """Number of letters and the share that only Vietnamese writes.

    >>> vietnamese_share("Thu ngân sách đạt 2.099 tỷ đồng")[1] > 0.2
    True
    >>> vietnamese_share("The budget revenue reached two trillion")[1]
    0.0
    """
    letters = special = 0
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONES:
            special += 1
        elif ch.isalpha():
            letters += 1
            if unicodedata.normalize("NFC", ch) in _VIETNAMESE_LETTERS:
                special += 1
        elif ch in _SHAPES:
            special += 1
    return letters, (special / letters if letters else 0.0)


def check_vietnamese(text: str, *, had_markup: bool = False) -> None:
    """Raise DocumentError with the true reason unless `text` can be a Vietnamese report.

    `had_markup`: markup was removed from the text before (then "no letters" means it was
    markup only).

    >>> check_vietnamese("xin chào")
    Traceback (most recent call last):
    bot.documents.errors.DocumentError: the text is too short to be a meeting report
    >>> check_vietnamese("\\x01\\x02 \\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bot.documents.errors.DocumentError: the text holds no letters (white space ...)
    """
    if not text.strip():
        raise DocumentError(Rejection.MARKUP_ONLY if had_markup else Rejection.NOTHING_READABLE)
    letters, share = vietnamese_share(text)
    if letters == 0:
        raise DocumentError(Rejection.MARKUP_ONLY if had_markup else Rejection.NOTHING_READABLE)
    if letters < MIN_LETTERS:
        raise DocumentError(Rejection.TOO_SHORT)
    if share < MIN_VIETNAMESE_SHARE:
        raise DocumentError(Rejection.NOT_VIETNAMESE)
