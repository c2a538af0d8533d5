"""Directives: the tasks the chair demanded, one condensed line each, without boilerplate."""

from __future__ import annotations

import regex

from digest.condense import condense, strip_phrases
from digest.cues import load_cues
from digest.normalize import fold
from digest.sections import Clause, Part

# Bullets and ordinals that may stand before a task verb.
_LEAD_IN = regex.compile(
    r"^(?:[-+•*–]\s*|\d{1,2}[.)]\s*|(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la,?\s*|"
    r"thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi),?\s*|truoc het(?: la)?,?\s*|"
    r"truoc mat,?\s*|dong thoi,?\s*|trong do,?\s*|ben canh do,?\s*|mat khac,?\s*|"
    r"ngoai ra,?\s*|dac biet,?\s*|nhat la,?\s*)*"
)
# "UBND các cấp cần tiếp tục đổi mới...": a subject, then "cần"/"phải", then the task.
_NEEDS = regex.compile(r"\b(?:can phai|can|phai)\b\s+")
# How far into a clause a task verb may start and still open the task.
_VERB_WINDOW = 3
# How long the list of addressees between "đề nghị" and the task may be
# ("đề nghị các cấp ủy, tổ chức đảng, chính quyền, ... và lãnh đạo các cơ quan, đơn vị tập trung").
_ADDRESSEE_WORDS = 40
MAX_DIRECTIVES = 20
_WORD = regex.compile(r"\p{L}{2,}")
# How far in a task verb may stand after a subject ("Các cấp, các ngành tập trung ...").
_SUBJECT_WINDOW = 15


def _next_task_verb(folded: str, pos: int) -> regex.Match[str] | None:
    """The next task verb that is not part of an addressee ("tổ chức đảng" is not "tổ chức")."""
    cues = load_cues()
    for verb in cues.task_verbs.finditer(folded, pos):
        if not cues.addressees.match(folded, verb.start()):
            return verb
    return None


def _task_start(folded: str) -> int | None:
    """Offset where the task begins, if the clause states one."""
    cues = load_cues()
    speech = cues.speech.match(folded)
    if speech:  # "Phát biểu chỉ đạo tại hội nghị, đồng chí ... đề nghị": skip the announcement
        folded = " " * speech.end() + folded[speech.end() :]
    lead = _LEAD_IN.match(folded.lstrip())
    at = (len(folded) - len(folded.lstrip())) + (lead.end() if lead else 0)
    purpose = folded.startswith("de ")  # "Để hoàn thành ..., đồng chí đề nghị ...": a purpose
    verb = cues.task_verbs.search(folded, at)
    if verb and not purpose and len(folded[at : verb.start()].split()) < _VERB_WINDOW:
        return at
    if verb and not purpose and cues.subjects.match(folded, at):
        verb = _next_task_verb(folded, at)
        if verb and len(folded[at : verb.start()].split()) <= _SUBJECT_WINDOW and not cues.demand.search(
            folded, at, verb.start()
        ):
            return verb.start()
    demand = cues.demand.search(folded)
    # "nhấn mạnh, kết quả ... rất quan trọng": after a comma comes a statement, not a task.
    if demand and not folded[demand.end() :].lstrip().startswith(","):
        verb = _next_task_verb(folded, demand.end())
        if verb and len(folded[demand.end() : verb.start()].split()) <= _ADDRESSEE_WORDS:
            return verb.start()
    needs = _NEEDS.search(folded)
    if needs and cues.task_verbs.match(folded, needs.end()):
        return folded.rfind(", ", 0, needs.start()) + 2 if ", " in folded[: needs.start()] else 0
    return None


def find_directives(clauses: list[Clause]) -> list[str]:
    """One condensed line per task the chair demanded, in report order.

    >>> from digest.sections import label_clauses
    >>> find_directives(label_clauses(
    ...     "Kết luận hội nghị, đồng chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành khẩn trương "
    ...     "giải ngân vốn đầu tư công; đẩy mạnh cải cách hành chính. Nâng cao tinh thần trách nhiệm."))
    ['Khẩn trương giải ngân vốn đầu tư công', 'Đẩy mạnh cải cách hành chính']
    """
    cues = load_cues()
    items: list[str] = []
    for clause in clauses:
        if clause.part is not Part.DIRECTIVE:
            continue
        folded = clause.folded
        if cues.acknowledgement.search(folded):
            continue
        start = _task_start(folded)
        if start is None:
            continue
        items.append(clause.text[start:])
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        line = condense(strip_phrases(item, cues.directive_boilerplate), max_chars=130)
        key = fold(line)
        if len(key.split()) < 3 or key in seen or _is_generic(key):
            continue
        seen.add(key)
        out.append(line)
    return out[:MAX_DIRECTIVES]


def _is_generic(folded_line: str) -> bool:
    """A line that says no more than "carry out the tasks well"."""
    cues = load_cues()
    rest = folded_line
    for matcher in (cues.directive_generic, cues.task_verbs, cues.directive_filler):
        rest = matcher.sub(" ", rest)
    return len(_WORD.findall(rest)) < 2
