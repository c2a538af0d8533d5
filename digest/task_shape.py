"""The shape of a task in reported speech: "<subject> cần/phải <task>", and the words that
may or may not stand before a task verb. Shared by the labelling of clauses (sections) and
the reading of directives."""

from __future__ import annotations

import re

import regex

from digest.cues import load_cues

_WORD = regex.compile(r"\p{L}{2,}")
# How many words may stand before "cần"/"phải" as its subject ("Tại kỳ họp này, các đại biểu
# Hội đồng nhân dân cần ...").
_NEEDS_SUBJECT_WORDS = 12
# How far into a clause its need may stand.
_NEEDS_REACH = 240


def only_modals(gap: str) -> bool:
    """Whether the words before a verb only qualify it ("cần", "sớm", "cũng cần phải")."""
    return all(w in load_cues().modal_words for w in _WORD.findall(gap))


def is_done(gap: str) -> bool:
    """Whether the words before a verb make it a statement ("đã", "được", "vừa"; not "đang",
    which folds like "đảng")."""
    return any(w in load_cues().done_words for w in _WORD.findall(gap))


def needs_at(folded: str, at: int = 0) -> re.Match[str] | regex.Match[str] | None:
    """ "<subject> cần/phải <task>": the needs word, when at most a short subject stands before
    it and no word before it turns it round ("không phải", "gặp phải").

    >>> needs_at("ha noi can chu dong hon nua").group(), needs_at("nguoi dan khong phai di lai")
    ('can', None)
    """
    cues = load_cues()
    for m in cues.needs.finditer(folded, at, at + _NEEDS_REACH):
        # The subject is what stands since the last comma: "Khi sản xuất đã ổn định, tỉnh cần
        # ..." and "Để thực hiện kế hoạch ..., thành phố cần ..." state a need of "tỉnh".
        comma = folded.rfind(", ", at, m.start())  # a comma and a space: not "6,7%"
        subject_at = comma + 2 if comma >= 0 else at
        before = _WORD.findall(folded[subject_at : m.start()])
        if len(before) > _NEEDS_SUBJECT_WORDS:
            return None
        if before and (before[-1] in cues.not_needs or is_done(folded[subject_at : m.start()])):
            continue
        after = _WORD.match(folded, m.end() + 1)
        if after and after.group() not in cues.not_needs_after:
            return m
        # "cần bổ sung", "phải đoàn kết": a task verb after it, though its first word also
        # follows a lookalike ("cán bộ", "phái đoàn").
        if after and cues.task_verbs.match(folded, after.start()):
            return m
    return None
