"""The shape of a task in reported speech: "<subject> cần/phải <task>", and the words that
may or may not stand before a task verb. Shared by the labelling of clauses (sections) and
the reading of directives."""

from __future__ import annotations

import re

import regex

from digest.cues import find_demand, load_cues

_WORD = regex.compile(r"\p{L}{2,}")
# How many words may stand before "cần"/"phải" as its subject ("Tại kỳ họp này, các đại biểu
# Hội đồng nhân dân cần ...").
_NEEDS_SUBJECT_WORDS = 12
# How far into a clause its need may stand.
_NEEDS_REACH = 240


_QUESTION = regex.compile(r"\ (?:lam\ gi|the\ nao|ra\ sao|nhu\ the\ nao)\b")


def skip(pattern: regex.Pattern[str], folded: str, at: int) -> int:
    """Past what `pattern` matches at `at` (nothing, when it does not)."""
    m = pattern.match(folded, at)
    return m.end() if m else at


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
        if _QUESTION.match(folded, m.end()):
            continue  # "... cần làm gì, như thế nào": a question, not a task
        after = _WORD.match(folded, m.end() + 1)
        if after and after.group() not in cues.not_needs_after:
            return m
        # "cần bổ sung", "phải đoàn kết": a task verb after it, though its first word also
        # follows a lookalike ("cán bộ", "phái đoàn").
        if after and cues.task_verbs.match(folded, after.start()):
            return m
    return None


# The lead of a plan for the coming period, up to its comma: a purpose toward the goals set
# ("Để hoàn thành mục tiêu đề ra,", "Để thực hiện thắng lợi Nghị quyết ...,") or the coming
# period itself ("Trong những tháng cuối năm,", "Thời gian tới,"). A past period ("Trong năm
# 2024,") is no plan.
_PLAN_LEAD = regex.compile(
    r"""(?:de\ (?:hoan\ thanh|thuc\ hien|dat\ duoc|dat|phan\ dau)\b[^,.;]{0,120}
        |(?:trong\ |tu\ nay\ den\ )?(?:(?:nhung|cac)\ )?
         (?:thoi\ gian\ (?:toi|con\ lai)|(?:\d{1,2}\ )?thang\ cuoi\ nam|thang\ con\ lai|
            nam\ toi|giai\ doan\ toi|nhiem\ ky\ toi|cuoi\ nam)[^,.;]{0,30})
       ,\s+""",
    regex.VERBOSE,
)
# How many words may stand between the body and its first task verb.
_PLAN_SUBJECT_WORDS = 12


def plan_start(folded: str, at: int = 0) -> int | None:
    """Where a plan of the body that met begins: "<lead>, <body> <task verb> ...", the body
    kept, when nothing before its verb reports a deed ("đã") or a demand.

    >>> plan_start("de hoan thanh muc tieu de ra, ban chap hanh dang bo tinh tap trung ra soat")
    30
    >>> plan_start("trong nam 2024, tinh tap trung ra soat") is None
    True
    """
    cues = load_cues()
    lead = _PLAN_LEAD.match(folded, at)
    if lead is None or not cues.plan_bodies.match(folded, lead.end()):
        return None
    verb = cues.task_verbs.search(folded, lead.end())
    if verb is None:
        return None
    gap = folded[lead.end() : verb.start()]
    if (
        len(gap.split()) > _PLAN_SUBJECT_WORDS
        or is_done(gap)
        or find_demand(folded, lead.end(), verb.start()) is not None
    ):
        return None
    return lead.end()


# "Các giải pháp là ...", "Nhiệm vụ trọng tâm trong tháng 10 là ...": the tasks named as such.
_TASKS_NAMED = regex.compile(
    r"""(?:(?:cac|nhung|mot\ so)\ )?(?:nhiem\ vu|giai\ phap)(?:,?\ (?:nhiem\ vu|giai\ phap))?
        [^,.;:]{0,50}?\ (?:la|gom|bao\ gom)\s*:?\s+""",
    regex.VERBOSE,
)


def named_tasks_start(folded: str, at: int = 0) -> int | None:
    """Where the tasks begin after "(các) nhiệm vụ/giải pháp ... là/gồm": at a task verb.

    >>> named_tasks_start("cac giai phap la tap trung chuyen dich co cau nong nghiep")
    17
    >>> named_tasks_start("nhiem vu nay la rat kho") is None
    True
    """
    lead = _TASKS_NAMED.match(folded, at)
    if lead is None or not load_cues().task_verbs.match(folded, lead.end()):
        return None
    return lead.end()
