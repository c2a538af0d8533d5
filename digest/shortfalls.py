"""Shortfalls: what the report names as limitations or missed targets, one line each."""

from __future__ import annotations

import regex

from digest.condense import condense
from digest.cues import load_cues
from digest.normalize import fold
from digest.sections import Clause, Part

# A clause that introduces a list of shortfalls ("... chưa đạt kế hoạch như", "... hạn chế, như").
_LIST_HEADER = regex.compile(r"(?:\bnhu|\bgom|\bsau day)\s*$")
# Results that fell short even outside the shortfall paragraph.
_STRONG = regex.compile(
    r"\b(dat thap|chua dat|khong dat|giam manh|con cham|cham tien do|thap hon cung ky|"
    r"thap so voi|chua hoan thanh|sut giam)\b"
)
_MIN_CONTENT_WORDS = 3
MAX_SHORTFALLS = 12


def _content_words(folded: str) -> int:
    cues = load_cues()
    rest = cues.shortfall_generic.sub(" ", folded)
    rest = cues.shortfall_openers.sub(" ", rest)
    return len(regex.findall(r"\p{L}{2,}", rest))


def _is_header(folded: str) -> bool:
    return bool(_LIST_HEADER.search(folded.rstrip(" :")))


def find_shortfalls(clauses: list[Clause]) -> list[str]:
    """One condensed line per shortfall, in report order.

    >>> from digest.sections import label_clauses
    >>> find_shortfalls(label_clauses(
    ...     "Bên cạnh đó, còn một số chỉ tiêu chưa đạt kế hoạch như: thu ngân sách ước đạt 90% "
    ...     "dự toán; kim ngạch xuất khẩu chỉ đạt 72,7%."))
    ['Thu ngân sách ước đạt 90% dự toán', 'Kim ngạch xuất khẩu chỉ đạt 72,7%']
    """
    cues = load_cues()
    items: list[str] = []
    listing_sentence: int | None = None
    last_sentence: int | None = None
    for clause in clauses:
        folded = fold(clause.text)
        if clause.part is Part.SHORTFALL:
            if _is_header(folded):
                listing_sentence = clause.sentence
                continue
            if cues.discussion.search(folded):
                continue
            marked = bool(cues.shortfall_markers.search(folded))
            listed = listing_sentence == clause.sentence
            if _content_words(folded) < _MIN_CONTENT_WORDS and not (listed or items):
                continue
            if marked or listed:
                items.append(clause.text)
            elif items and last_sentence is not None and clause.paragraph == clauses[0].paragraph:
                items[-1] = f"{items[-1]}; {clause.text}"
            elif items and not clause.first_in_sentence:
                items[-1] = f"{items[-1]}; {clause.text}"
            else:
                continue
            last_sentence = clause.sentence
        elif clause.part is Part.RESULT and _STRONG.search(folded):
            items.append(clause.text)
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        line = condense(_drop_opener(item), max_chars=160)
        key = fold(line)
        if line and key not in seen and _content_words(fold(line)) >= _MIN_CONTENT_WORDS:
            seen.add(key)
            out.append(line)
    return out[:MAX_SHORTFALLS]


def _drop_opener(text: str) -> str:
    """Drop "Bên cạnh những kết quả đạt được, hội nghị chỉ ra" and similar lead-ins."""
    cues = load_cues()
    folded = fold(text)
    m = cues.shortfall_openers.match(folded)
    if m and m.group() in {"ben canh nhung ket qua", "ben canh ket qua", "ben canh do", "tuy nhien"}:
        comma = text.find(",", m.end())
        if 0 < comma < 60:
            text = text[comma + 1 :]
    return text
