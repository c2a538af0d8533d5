"""Shortfalls: what the report names as limitations or missed targets, one line each."""

from __future__ import annotations

import regex

from digest.condense import condense
from digest.cues import load_cues
from digest.normalize import fold
from digest.sections import Clause, Part

# A clause that introduces a list of shortfalls ("... chưa đạt kế hoạch như", "... hạn chế, như").
_LIST_HEADER = regex.compile(r"(?:\bnhu|\bgom|\bsau day)\s*$")
# A clause this short that continues a sentence is part of the item before it
# ("...hạn chế về phương thức chỉ đạo; công tác cán bộ").
_CONTINUATION_WORDS = 6
_MIN_CONTENT_WORDS = 2
_WORD = regex.compile(r"\p{L}{2,}")
# Markers that name the topic of shortfalls rather than a shortfall: a clause about the
# meeting's discussion that only has these ("phân tích những hạn chế") is not one.
_TOPIC_MARKERS = {
    "han che", "ton tai", "yeu kem", "kho khan", "vuong mac", "con han che", "dien bien phuc tap",
}
MAX_SHORTFALLS = 12


def _content_words(folded: str) -> int:
    """Words left once cue words and filler are removed: what the line actually says."""
    cues = load_cues()
    rest = folded
    for matcher in (cues.shortfall_generic, cues.shortfall_openers, cues.shortfall_markers, cues.shortfall_filler):
        rest = matcher.sub(" ", rest)
    return len(_WORD.findall(rest))


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
    items: list[list[str]] = []  # each item's clauses, joined at the end (not once per clause)
    for clause in clauses:
        folded = clause.folded
        if clause.part is Part.SHORTFALL:
            found = {m.group() for m in cues.shortfall_markers.finditer(folded)}
            marked = bool(found)
            specific = bool(found - _TOPIC_MARKERS)
            if _is_header(folded) or (cues.discussion.search(folded) and not specific):
                continue
            short = len(folded.split()) < _CONTINUATION_WORDS
            if items and not clause.first_in_sentence and not marked and short:
                items[-1].append(clause.text)
            else:
                items.append([clause.text])
        elif clause.part is Part.RESULT and cues.shortfall_strong.search(folded):
            items.append([clause.text])
    out: list[str] = []
    seen: set[str] = set()
    for parts in items:
        line = condense(_drop_opener("; ".join(parts)), max_chars=160)
        key = fold(line)
        if line and key not in seen and _content_words(key) >= _MIN_CONTENT_WORDS:
            seen.add(key)
            out.append(line)
    return out[:MAX_SHORTFALLS]


def _drop_opener(text: str) -> str:
    """Drop "Bên cạnh những kết quả đạt được," "Dù vậy," and similar lead-ins."""
    cues = load_cues()
    m = cues.shortfall_openers.match(fold(text))
    if m and m.group() not in {"han che", "ton tai", "yeu kem", "chua dat", "kho khan, vuong mac"}:
        comma = text.find(",", m.end())
        if 0 < comma < 60:
            return text[comma + 1 :]
    return text
