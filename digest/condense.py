"""Shorten a clause to one readable line without changing a word of what it keeps.

Condensing only ever cuts (leading connectives, boilerplate phrases, trailing clauses), so
every number and every phrase in a condensed line stands in the source.
"""

from __future__ import annotations

import re

import regex

from digest.normalize import fold

# Connectives and list markers that open a clause but carry no content.
_LEADING = regex.compile(
    r"""^(?:
        \s*(?:[-+•*–]|\d{1,2}[.)]|[a-đ][.)])\s+            # list bullets: "-", "1.", "a)"
      | (?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\ là,?\s+   # "Một là, ..."
      | thứ\ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười),?\s+
      | (?:trước\ hết|trước\ mắt|trong\ đó|đồng\ thời|bên\ cạnh\ đó|tuy\ nhiên|ngoài\ ra|
           mặt\ khác|cùng\ với\ đó|như|nhất\ là|đặc\ biệt|qua\ đó|từ\ đó)\s*(?:là)?\s*[,:]?\s+
    )+""",
    regex.VERBOSE | regex.IGNORECASE,
)
_TRAILING = regex.compile(r"[\s.;:,…]+$|(?:\s*\.{3}|/\.|\.\.\./\.)+$")
# Every character _TRAILING can remove: its match lies in the run of these that ends the text.
_TRAILING_RUN = regex.compile(r"(?r)[\s.;:,…/]+$")
# _TRAILING runs on that run only, and only when it is this short: searched over a whole
# text, it tried every position of a long run of ", , ," inside it to the run's end (20,000
# characters took seconds). A longer run is removed whole.
_TRAILING_REACH = 64


def _strip_trailing(text: str) -> str:
    """`text` without its closing punctuation ("...", "./.", ";").

    >>> _strip_trailing("Tăng cường kiểm tra..."), _strip_trailing("a, , b" + ", " * 100)
    ('Tăng cường kiểm tra', 'a, , b')
    """
    run = _TRAILING_RUN.search(text)
    if run is None:
        return text
    if len(text) - run.start() > _TRAILING_REACH:
        return text[: run.start()]
    return text[: run.start()] + _TRAILING.sub("", text[run.start() :])


# A run of commas left where phrases were removed, and the double spaces.
_COMMA_RUN = regex.compile(r"\s*,\s*(?:,\s*)+")
_SPACE_RUN = regex.compile(r"\s{2,}")


def strip_phrases(text: str, phrases: re.Pattern[str] | regex.Pattern[str]) -> str:
    """Remove every match of a folded-phrase matcher from `text`, keeping the diacritics.

    >>> from digest.cues import phrase_matcher
    >>> strip_phrases("Tập trung, với quyết tâm cao, nỗ lực lớn, cải cách",
    ...               phrase_matcher(["voi quyet tam cao, no luc lon"]))
    'Tập trung, cải cách'
    """
    folded = fold(text)
    out, cut = [], 0
    for m in phrases.finditer(folded):
        out.append(text[cut : m.start()])
        cut = m.end()
    out.append(text[cut:])
    joined = "".join(out)
    joined = _COMMA_RUN.sub(", ", joined)
    return _SPACE_RUN.sub(" ", joined).strip(" ,")


def condense(text: str, *, max_chars: int = 140) -> str:
    """One line of at most `max_chars`, cut at a clause boundary where possible.

    >>> condense("Trước hết là tập trung quán triệt các nghị quyết.")
    'Tập trung quán triệt các nghị quyết'
    >>> condense("đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư, chuyển đổi số",
    ...          max_chars=40)
    'Đẩy mạnh cải cách hành chính…'
    """
    text = _LEADING.sub("", text.strip())
    text = _strip_trailing(text).strip()
    if len(text) > max_chars:
        window = text[: max_chars + 1]
        cut = max(window.rfind(", "), window.rfind("; "), window.rfind(" và "))
        if cut < max_chars * 0.45:
            cut = window.rfind(" ")
        if cut <= 0:
            return ""  # one word longer than a line (a run of digits): a cut one would lie
        text = text[:cut].rstrip(" ,;") + "…"
    return text[:1].upper() + text[1:] if text else text
