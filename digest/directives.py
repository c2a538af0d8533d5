"""Directives: the tasks the chair demanded, one condensed line each, without boilerplate."""

from __future__ import annotations

import re

import regex

from digest.condense import condense, strip_phrases
from digest.cues import AnyMatch, find_demand, load_cues
from digest.normalize import fold
from digest.sections import Clause, Part
from digest.task_lines import (
    REASON,
    attribution_at,
    glued_heading_end,
    is_generic,
    split_tasks,
)
from digest.task_shape import (
    is_done,
    named_tasks_start,
    needs_at,
    only_modals,
    plan_start,
    skip,
)

# Bullets, ordinals and connectives that may stand before a task verb.
# Each word lead-in ends at a word boundary: "theo dõi" is a task verb, not "theo đó" + "i".
_LEAD_IN = regex.compile(
    r"^(?:[-+•*–]\s*|\d{1,2}[.)]\s*|(?:(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la|"
    r"thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)|truoc het(?: la)?|"
    r"truoc mat|dong thoi|trong do|ben canh do|mat khac|"
    r"ngoai ra|dac biet|nhat la|cung voi do|tu do|qua do|"
    r"theo do|sap toi)\b,?\s*)*"
)
# How far into a clause a task verb may start and still open the task.
_VERB_WINDOW = 3
# An assignee this short is kept in the line: "giao Sở Tài chính chủ trì" says who.
_ASSIGNEE_WORDS = 20
# How many words may name who is asked between a demand and its need ("đề nghị Thái Nguyên
# cần ...", "nhấn mạnh Phú Yên phải ...").
_NAMED_WORDS = 6
# How long the list of addressees between "đề nghị" and the task may be
# ("đề nghị các cấp ủy, tổ chức đảng, chính quyền, ... và lãnh đạo các cơ quan, đơn vị tập trung").
_ADDRESSEE_WORDS = 40
MAX_DIRECTIVES = 40
_MAX_CHARS = 200  # a task keeps its object and purpose: real tasks are long sentences
# How far in a task verb may stand after a subject ("Các cấp, các ngành tập trung ...").
_SUBJECT_WINDOW = 20
# Demands that announce a statement as often as a task when a comma follows them
# ("nhấn mạnh, kết quả ... rất quan trọng").
_WEAK_DEMANDS = {"nhan manh", "luu y", "chi dao"}
# Asks that are also said of things ("đòi hỏi sự chỉ đạo", "mong muốn phát triển"): a task only
# with who is asked right after them.
_SOFT_DEMANDS = {"mong muon", "doi hoi"}
# A time before the assignee of a demand: "trong quý III,", "từ nay đến cuối năm,".
_WHEN = regex.compile(
    r"(?:trong|tu nay|den|ngay|sap toi|thoi gian toi|nam|quy|thang)\b[^,]{0,40},\s*"
)
# ... or a time of the coming period without a comma: "yêu cầu trong thời gian tới các xã
# cần ...", "Trong các tháng cuối năm 2017, các ngành ... chú trọng ...".
_COMING = regex.compile(
    r"""(?:(?:trong|tu\ nay\ den(?:\ het)?|den\ het|ngay\ trong)\ )?
        (?:(?:nhung|cac)\ )?
        (?:thoi\ gian\ (?:toi|con\ lai|tiep\ theo)|sap\ toi|
           (?:\d{1,2}\ )?thang\ (?:cuoi\ nam|con\ lai)|cuoi\ nam|
           nam\ (?:toi|nay|20\d\d)|quy\ (?:[ivx]{1,3}|\d)|thang\ \d{1,2}|
           nhiem\ ky\ toi|giai\ doan\ toi)
        (?:\ (?:nay|toi|nam\ 20\d\d|20\d\d))?(?:/20\d\d)?
        ,?\s+""",
    regex.VERBOSE,
)
# A request from below: "Quận kiến nghị thành phố chỉ đạo ...", "tỉnh kiến nghị Chính phủ
# nên sớm ...": what follows asks the higher body, it is no task of the meeting.
_PETITION = regex.compile(
    r"""(?<!\b(?:cac|nhung|voi|theo|cua)\s)     # "các kiến nghị ...": the noun
        \b(?:kien\ nghi|xin)\s+(?:voi\s+)?
        (?:chinh\ phu|thu\ tuong|trung\ uong|quoc\ hoi|(?:cac\ )?bo\b|thanh\ pho|tinh\b|
           ubnd|uy\ ban|cap\ tren)""",
    regex.VERBOSE,
)
_OBJECT_SPACE = regex.compile(r"[\s,:]*")
# "nhấn mạnh (thêm) rằng ...": the conjunction after a demand only introduces what is asked.
_THAT = regex.compile(r"(?:them\ )?rang\s+(?!buoc)")  # not "ràng buộc"
# What the work follows, named before it: "Thực hiện chỉ đạo của Trung ương, ...", "Triển khai
# Nghị quyết số 11, ...". A circumstance: whether what follows is a task or a deed is decided
# after its comma.
_BASIS = regex.compile(
    r"""(?:thuc\ hien|trien\ khai|quan\ triet|theo|can\ cu(?:\ vao)?)\s+
        (?:(?:cac|su)\ )?(?:chi\ dao|nghi\ quyet|ket\ luan|chi\ thi|ke\ hoach|quyet\ dinh|
           van\ ban|cong\ van|thong\ bao|y\ kien|chuong\ trinh)\b[^,.;]*,\s*""",
    regex.VERBOSE,
)
# A focus named right before a task verb: "..., trọng tâm là vận hành ...".
_FOCUS = regex.compile(r"\b(?:trong\ tam|truoc\ het|nhat\ la|dac\ biet|cu\ the)\ la\s*$")
# "Đối với các đơn vị thi công tập trung ...": whom the task is for, named before it.
_REGARDING = regex.compile(r"(?:doi\ voi|rieng)\s+")
# Connectives between a circumstance and the subject of a need: "..., vì vậy các ngành cần".
_THEREFORE = regex.compile(r"(?:vi\ vay|vi\ the|do\ do|do\ vay|cho\ nen|vay\ nen|tu\ do)\b,?\s*")
_PLURAL = regex.compile(r"\b(?:cac|nhung|moi|tung)\s+\S*$")
# "Để ..." opens a purpose; "đề xuất", "đề nghị", "đề cao", "đề ra" fold to the same "de".
_PURPOSE = regex.compile(r"de\s(?!xuat|nghi(?!\squyet)|cao|ra\b|an\b)")


def _next_task_verb(folded: str, pos: int, end: int | None = None) -> AnyMatch | None:
    """The next task verb that is not part of an addressee ("tổ chức đảng" is not "tổ chức")."""
    cues = load_cues()
    for verb in cues.task_verbs.finditer(folded, pos, len(folded) if end is None else end):
        addressee = cues.addressees.match(folded, verb.start())
        # "tổ chức hội nghị" is a task, "tổ chức hội" an addressee: the longer reading wins.
        if (addressee is None or addressee.end() < verb.end()) and not in_a_name(
            folded, verb.start()
        ):
            return verb
    return None


def in_a_name(folded: str, at: int) -> bool:
    """Whether the verb at `at` is part of a body's name ("Ban Chỉ đạo", "Sở Xây dựng").

    >>> in_a_name("ban chi dao phong chong dich", 4), in_a_name("tap trung chi dao", 10)
    (True, False)
    >>> in_a_name("cac so day manh", 7)
    False
    """
    head = load_cues().name_heads.search(folded, max(0, at - 12), at)
    if head is None:
        return False
    # "các sở đẩy mạnh": a plural head is the subject, not a name.
    return _PLURAL.search(folded, max(0, head.start() - 8), head.start() + 1) is None


_COMMA = regex.compile(r",\s+")


def _subject_start(folded: str, at: int, needs: int) -> int:
    """Where the subject of "... cần" begins: after a circumstance ("Tại kỳ họp này,"), a
    "therefore" or a time of the coming period ("thời gian tới tỉnh cần ...")."""
    cues = load_cues()
    at = skip(_OBJECT_SPACE, folded, at)
    if not cues.assignees.match(folded, at) and ", " in folded[at:needs]:
        commas = [m.end() for m in _COMMA.finditer(folded[:needs], pos=at)]
        for c in commas:
            c = skip(_THEREFORE, folded, c)
            if cues.assignees.match(folded, c):
                return c
        at = skip(_THEREFORE, folded, commas[-1])
    coming = _COMING.match(folded, at)
    return coming.end() if coming and coming.end() < needs else at


def _named_briefly(gap: str) -> bool:
    """Whether the words between a demand and its "cần"/"phải" can name who is asked: a few,
    with no comma and no deed."""
    return "," not in gap and len(gap.split()) <= _NAMED_WORDS and not is_done(gap)


def _after_demand(folded: str, demand: re.Match[str] | regex.Match[str]) -> int | None:
    """Where the task begins after "yêu cầu", "giao", "đề nghị": at its assignee when one is
    named briefly ("giao Sở Tài chính chủ trì"), else at its verb."""
    cues = load_cues()
    pos = demand.end()
    while pos < len(folded) and folded[pos] in ' ,:“"':
        pos += 1
    comma = "," in folded[demand.end() : pos]
    pos = skip(_THAT, folded, pos)
    # "đề nghị trong quý III, UBND thành phố tổ chức ...", "yêu cầu thời gian tới các xã ..."
    for when in (_WHEN.match(folded, pos), _COMING.match(folded, pos)):
        if when and cues.assignees.match(folded, when.end()):
            pos = when.end()
            break
    weak = comma and demand.group() in _WEAK_DEMANDS
    if cues.assignees.match(folded, pos) and not weak:
        # "giao Sở Tài chính chủ trì ...": the assignee opens the task, unless it is a list so
        # long that the line would hold no task.
        verb: AnyMatch | None = _next_task_verb(folded, pos)
        need = needs_at(folded, pos)
        ends = [m.start() for m in (verb, need) if m is not None]
        gap = folded[pos : min(ends)] if ends else ""
        if ends and len(gap.split()) <= _ASSIGNEE_WORDS and not is_done(gap):
            return pos
    if demand.group() in _SOFT_DEMANDS:
        return None  # "đòi hỏi sự chỉ đạo ...": a soft ask needs who is asked
    need = needs_at(folded, pos)
    if need is not None and not weak and _named_briefly(folded[pos : need.start()]):
        return pos  # "đề nghị Thái Nguyên cần ...": whoever stands before the need is asked
    if weak:
        # "nhấn mạnh, kết quả ... rất quan trọng": after a comma comes a statement, unless a
        # task or a "cần" follows at once.
        verb = cues.task_verbs.match(folded, pos)
        need = needs_at(folded, pos)
        if verb:
            return pos
        return _subject_start(folded, pos, need.start()) if need else None
    verb = _next_task_verb(folded, pos)
    if verb and len(folded[pos : verb.start()].split()) <= _ADDRESSEE_WORDS:
        return verb.start()
    return None


def _speaker_demands_later(folded: str, at: int) -> AnyMatch | None:
    """A demand whose speaker stands after a comma: what comes before it is a circumstance,
    though it opens with a task verb ("Tiếp thu ý kiến, đồng chí Bí thư đề nghị ...")."""
    demand = find_demand(folded, at)
    if demand is None:
        return None
    comma = folded.rfind(", ", at, demand.start())
    if comma < 0 or not load_cues().speakers.search(folded, comma, demand.start()):
        return None
    return demand


def _task_start(folded: str) -> int | None:
    """Offset where the task begins, if the clause states one."""
    cues = load_cues()
    speech = cues.speech.match(folded)
    if speech:  # "Phát biểu chỉ đạo tại hội nghị, đồng chí ... đề nghị": skip the announcement
        folded = " " * speech.end() + folded[speech.end() :]
    lead = _LEAD_IN.match(folded.lstrip())
    at = (len(folded) - len(folded.lstrip())) + (lead.end() if lead else 0)
    # "Để hoàn thành ..., đồng chí đề nghị ...": a purpose ("đề xuất", "đề cao" fold alike).
    purpose = _PURPOSE.match(folded, at) is not None
    if purpose:
        # "Để thực hiện các mục tiêu, Đảng bộ tỉnh cần tập trung ...": the need after it.
        need = needs_at(folded, at)
        if need is not None and find_demand(folded, at, need.start()) is None:
            comma = folded.rfind(", ", at, need.start())
            return _subject_start(folded, comma + 2, need.start()) if comma >= 0 else need.start()
    # "Để hoàn thành mục tiêu, Ban Chấp hành tập trung ...", "Các giải pháp là tập trung ..."
    plan = plan_start(folded, at)
    if plan is None:
        plan = named_tasks_start(folded, at)
    if plan is not None:
        return plan
    opinion = cues.opinion.search(folded, at)
    if opinion and cues.speakers.search(folded, at, opinion.start()):
        # "ông ... cho rằng thời gian tới, thành phố cần ...": the need in the speaker's view
        need = needs_at(folded, opinion.end())
        if need is not None:
            return _subject_start(folded, opinion.end(), need.start())
    basis = _BASIS.match(folded, at)
    if basis:  # "Thực hiện chỉ đạo của Trung ương, tỉnh đã ...": the task, if any, is after it
        after = _next_task_verb(folded, basis.end())
        if after is None or is_done(folded[basis.end() : after.start()]):
            return None
        at = basis.end()
    later = _speaker_demands_later(folded, at)
    if later is not None:  # "Lắng nghe kiến nghị của tỉnh, Thủ tướng yêu cầu tỉnh ..."
        start = _after_demand(folded, later)
        if start is not None:
            return start
    verb: AnyMatch | None = cues.task_verbs.search(folded, at)
    if verb and not purpose and verb.start() == at:
        return at
    if (
        verb
        and not purpose
        and len(folded[at : verb.start()].split()) < _VERB_WINDOW
        and only_modals(folded[at : verb.start()])
    ):
        return at
    for lead in (_COMING.match(folded, at), _REGARDING.match(folded, at)):
        if lead and cues.subjects.match(folded, lead.end()):
            # "Trong các tháng cuối năm, các ngành chú trọng ...", "đối với các đơn vị thi
            # công tập trung nhân lực ...": who is asked comes after the lead.
            at = lead.end()
            break
    if verb and not purpose and cues.subjects.match(folded, at):
        verb = _next_task_verb(folded, at)
        if (
            verb
            and len(folded[at : verb.start()].split()) <= _SUBJECT_WINDOW
            and find_demand(folded, at, verb.start()) is None
        ):
            gap = folded[at : verb.start()]
            if is_done(gap):
                return None
            # "các nghị quyết của Trung ương, trọng tâm là vận hành ...": the words before the
            # focus are the objects of an earlier task, the task is what the focus names.
            return verb.start() if _FOCUS.search(gap) else at
    demand = find_demand(folded, at)
    if demand:
        start = _after_demand(folded, demand)
        if start is not None:
            return start
    need = needs_at(folded, at)
    if need and not purpose:
        return _subject_start(folded, at, need.start())
    return None


def find_directives(clauses: list[Clause]) -> list[str]:
    """One condensed line per task the chair demanded, in report order.

    >>> from digest.sections import label_clauses
    >>> find_directives(label_clauses(
    ...     "Kết luận hội nghị, đồng chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành khẩn trương "
    ...     "giải ngân vốn đầu tư công; đẩy mạnh cải cách hành chính. "
    ...     "Nâng cao tinh thần trách nhiệm."))
    ['Các sở, ngành khẩn trương giải ngân vốn đầu tư công', 'Đẩy mạnh cải cách hành chính']
    """
    cues = load_cues()
    items: list[str] = []
    for clause in clauses:
        if clause.part is not Part.DIRECTIVE:
            continue
        folded = clause.folded
        if cues.acknowledgement.search(folded):
            continue
        head = glued_heading_end(clause.text)
        if head:  # "Thu hút các nguồn lực Về kế hoạch ...": the heading is no task
            folded = " " * head + folded[head:]
        start = _task_start(folded)
        if start is None or _PETITION.search(folded, 0, start):
            continue
        end = attribution_at(folded, start)
        reason = REASON.search(clause.text, start, end)
        end = reason.start() if reason else end  # "..., vì hầu hết ...": why, not what
        items += split_tasks(clause.text[start:end], folded[start:end])
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        line = condense(strip_phrases(item, cues.directive_boilerplate), max_chars=_MAX_CHARS)
        key = fold(line)
        if len(key.split()) < 3 or key in seen or is_generic(key):
            continue
        seen.add(key)
        out.append(line)
    return out[:MAX_DIRECTIVES]
