"""Label every clause of a report body as a result, shortfall, target or directive.

Reports follow one arc: results with figures, then "Bên cạnh kết quả đạt được ... hạn chế",
then goals for the next period, then the chair's conclusions. Cues (data/cues.toml) open each
part; this module walks the clauses in order and carries the part forward, so a list after
"còn một số chỉ tiêu chưa đạt kế hoạch như:" stays a list of shortfalls even where an item has
no negative word of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import regex

from digest.cues import find_demand, load_cues
from digest.normalize import fold
from digest.sentences import split_clauses, split_sentences
from digest.task_shape import named_tasks_start, needs_at, only_modals, plan_start, skip


class Part(StrEnum):
    RESULT = "result"
    SHORTFALL = "shortfall"
    TARGET = "target"
    DIRECTIVE = "directive"


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # offset in the body
    part: Part
    sentence: int
    paragraph: int
    first_in_sentence: bool
    folded: str = ""  # fold(text), sliced from the body folded once
    listed: bool = False  # in a paragraph under a heading over shortfalls ("Hạn chế, yếu kém")
    opens_list: bool = False  # ends with a colon: the clauses after it are its list


# An opening speech asks delegates to discuss; its "đề nghị" is not a directive.
# A sentence saying who chaired the meeting announces it; its "chỉ đạo" is not a directive.
_OPENING = regex.compile(
    r"\b(khai mac|phat bieu khai mac|de dan|chu tri (?:hoi nghi|phien hop|cuoc hop|buoi|ky hop))\b"
)
# Figures with a result verb mean the narrative is back to results.
_RESULT_FIGURE = regex.compile(
    r"""\b(uoc\ dat|du\ uoc|uoc\ tinh|dat|tang|giam)\b [^.;]{0,60}?
        \d[\d.,]*\s*(%|ty\b|trieu\b|nghin\b|ha\b|lao\ dong|nguoi\b|luot)""",
    regex.VERBOSE,
)
_DIGIT = regex.compile(r"\d")
# The chair's speech is announced at the start of a sentence.
_SPEECH_WINDOW = 80
# The shortfall opener must stand near the start of its sentence to open a part.
_OPENER_WINDOW = 90
_CONNECTIVES = {"ben canh do", "tuy nhien", "du vay", "tuy vay", "mac du vay", "song", "tuy the"}


_DONE_REACH = 8  # "đã", "được", "vừa": the word just before the demand verb


# A demand that ends its sentence with a colon announces the list that follows ("Đồng chí Bí
# thư chỉ đạo:"); the demand word has no object in the sentence itself.
# So does a speaker's conclusion or speech before a colon ("đồng chí Chủ tịch kết luận: ...").
_ANNOUNCED_LIST = regex.compile(
    r"\b(?:(?:chi\ dao|yeu\ cau|de\ nghi|nhan\ manh|luu\ y|giao)\s*:\s*$|"
    r"(?:ket\ luan|phat\ bieu(?:\ ket\ luan|\ chi\ dao)?)\s*:)"
)
# Connectives that may stand before a demand opening its sentence ("Trong đó, lưu ý ...").
_CONNECTIVE = regex.compile(
    r"(?:(?:trong\ do|theo\ do|dong\ thoi|ngoai\ ra|ben\ canh\ do|cung\ voi\ do|"
    r"mat\ khac|do\ do|vi\ vay|truoc\ mat|dac\ biet|sau\ do)\b,?\s*)?"
)
_OBJECT_AFTER = regex.compile(r"\s*[,:]?\s*")


def _opens_with_a_demand(folded: str) -> bool:
    """A sentence that opens with the demand itself, its speaker said before or after ("Yêu cầu
    các sở ...", "Trong đó, lưu ý bổ sung ...", "Giao Sở Tài chính chủ trì ..."): what follows
    is an assignee or a task verb, not a noun ("Yêu cầu đặt ra là ...")."""
    cues = load_cues()
    lead = _LIST_LEAD.match(folded)
    at = skip(_CONNECTIVE, folded, lead.end() if lead else 0)
    demand = find_demand(folded, at, min(len(folded), at + 12))
    if demand is None or demand.start() != at:
        return False
    obj = skip(_OBJECT_AFTER, folded, demand.end())
    return bool(cues.assignees.match(folded, obj) or cues.task_verbs.match(folded, obj))


# How long the naming of who is asked may be before "cần"/"phải" ("Người đứng đầu các tổ chức
# Đảng, chính quyền các cấp phải ...").
_WHO_WORDS = 15


def _asks_who(folded: str) -> bool:
    """ "Người đứng đầu các cấp phải tăng cường ...", "Các sở, ngành cần khẩn trương ...": who
    is asked, a need and a task verb right after it make a task though nobody is named as its
    speaker."""
    cues = load_cues()
    lead = _LIST_LEAD.match(folded)
    at = lead.end() if lead else 0
    if not cues.subjects.match(folded, at):
        return False
    need = needs_at(folded, at)
    if (
        need is None
        or len(folded[at : need.start()].split()) > _WHO_WORDS
        or find_demand(folded, at, need.start()) is not None
    ):
        return False
    verb = cues.task_verbs.search(folded, need.end())
    return verb is not None and only_modals(folded[need.end() : verb.start()])


def _speaker_states_a_need(folded: str) -> bool:
    """ "Ông ... cho rằng thời gian tới, thành phố cần ...": a need in the speaker's view."""
    cues = load_cues()
    opinion = cues.opinion.search(folded)
    if opinion is None or not cues.speakers.search(folded, 0, opinion.start()):
        return False
    return needs_at(folded, opinion.end()) is not None


def _opens_directives(folded: str) -> str | None:
    """ "speech" for the chair's closing speech, "demand" for a one-off request, else None."""
    cues = load_cues()
    if _OPENING.search(folded):
        return None
    speech = cues.speech.search(folded)
    if speech and speech.start() <= _SPEECH_WINDOW:
        return "speech"
    announced = _ANNOUNCED_LIST.search(folded)
    if announced and cues.speakers.search(folded[: announced.start()]):
        return "speech"
    demand = find_demand(folded)
    if demand and cues.speakers.search(folded[: demand.start()]):
        # "Ban Thường vụ Tỉnh ủy đã chỉ đạo ..." reports what was done, not a request.
        before = folded[max(0, demand.start() - _DONE_REACH) : demand.start()].split()
        return None if before and before[-1] in cues.done_words else "demand"
    if _opens_with_a_demand(folded) or _speaker_states_a_need(folded) or _asks_who(folded):
        return "demand"
    lead = _LIST_LEAD.match(folded)
    at = lead.end() if lead else 0
    if plan_start(folded, at) is not None or named_tasks_start(folded, at) is not None:
        return "demand"  # the body's own plan for the coming period, its tasks named
    return None


# List lead-ins that may stand before a task ("Một là,", "2.", "-").
# Each word lead-in ends at a word boundary ("từ đó" is not the start of "từ đợt").
_LIST_LEAD = regex.compile(
    r"^(?:[-+•*–]\s*|\d{1,2}[.)]\s*|(?:(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\ la|"
    r"thu\ (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)|dong\ thoi|ngoai\ ra|"
    r"truoc\ het(?:\ la)?|ben\ canh\ do|dac\ biet|cung\ voi\ do|"
    r"mat\ khac|tu\ do)\b,?\s*)*",
    regex.VERBOSE,
)


def _states_a_need(folded: str) -> bool:
    """ "Hà Nội cần ...", "Bên cạnh đó, cần siết chặt ...": a task in the manner of the speech
    it follows, though no speaker is named again."""
    lead = _LIST_LEAD.match(folded)
    at = lead.end() if lead else 0
    # "Bên cạnh kết quả, cũng cần phải nhìn nhận ... hạn chế" introduces shortfalls; after a
    # mere connective ("Bên cạnh đó, cần siết chặt ...") the need is a task.
    if needs_at(folded, at) is None:
        return False
    opener = load_cues().shortfall_openers.search(folded)
    return not (
        _opens_shortfalls(folded) and opener is not None and opener.group() not in _CONNECTIVES
    )


def _continues_directives(folded: str) -> bool:
    """Whether a paragraph's first sentence carries on the chair's list of tasks."""
    cues = load_cues()
    lead = _LIST_LEAD.match(folded)
    at = lead.end() if lead else 0
    verb = cues.task_verbs.search(folded, at)
    if verb and len(folded[at : verb.start()].split()) < 3:
        return True
    if cues.subjects.match(folded, at) and verb and len(folded[at : verb.start()].split()) <= 15:
        return True
    demand = find_demand(folded)
    return bool(demand and demand.start() <= _SPEECH_WINDOW) or _states_a_need(folded)


def _opens_shortfalls(folded: str) -> bool:
    cues = load_cues()
    m = cues.shortfall_openers.search(folded)
    if not m or m.start() > _OPENER_WINDOW:
        return False
    # "Bên cạnh đó", "Tuy nhiên", "Dù vậy" are only connectives: "X fell. Dù vậy, Y grew." They
    # open shortfalls when the sentence also has a negative word.
    return m.group() not in _CONNECTIVES or bool(cues.shortfall_markers.search(folded))


# A heading is a short line without a closing stop: "2. Hạn chế, yếu kém", "Những tồn tại:".
_HEADING_WORDS = 12
_CLOSED = regex.compile(r"[.!?…;]\W*$")
# A heading over shortfalls names them: "Tồn tại, hạn chế và nguyên nhân", "Khó khăn, vướng mắc".
_SHORTFALL_HEADING = regex.compile(
    r"\b(?:ton\ tai|han\ che|yeu\ kem|kho\ khan|vuong\ mac|bat\ cap|khuyet\ diem)\b",
    regex.VERBOSE,
)
# A heading that names how things stand is a sentence: "Giải ngân còn chậm".
_STATEMENT = regex.compile(r"\b(?:con|chua|van|khong|da|dang)\b")


def _heading_of(text: str, folded: str) -> str | None:
    """ "shortfalls" for a heading over shortfalls ("II. TỒN TẠI, HẠN CHẾ"), "other" for any
    other heading ("Nhiệm vụ năm 2025"), None for a paragraph that is no heading.

    >>> _heading_of("2. Hạn chế, yếu kém:", "2. han che, yeu kem:")
    'shortfalls'
    >>> _heading_of("Giải ngân còn chậm", "giai ngan con cham") is None
    True
    """
    if len(folded.split()) > _HEADING_WORDS or _CLOSED.search(text):
        return None
    if _STATEMENT.search(folded):
        return None
    return "shortfalls" if _SHORTFALL_HEADING.search(folded) else "other"


def _is_target(folded: str) -> bool:
    cues = load_cues()
    return bool(cues.target_markers.search(cues.not_target.sub(" ", folded)))


def label_clauses(body: str, folded_body: str | None = None) -> list[Clause]:
    """Every clause of `body` with the part of the report it belongs to.

    >>> [(c.part.value, c.text) for c in label_clauses(
    ...     "Thu đạt 5 tỷ đồng. Tuy nhiên, giải ngân còn chậm. "
    ...     "Năm tới phấn đấu tăng trưởng 8%. "
    ...     "Phát biểu kết luận, đồng chí Bí thư yêu cầu đẩy mạnh cải cách hành chính.")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('result', 'Thu đạt 5 tỷ đồng.'), ('shortfall', 'Tuy nhiên, giải ngân còn chậm.'),
     ('target', 'Năm tới phấn đấu tăng trưởng 8%.'),
     ('directive', 'Phát biểu kết luận, đồng chí Bí thư yêu cầu đẩy mạnh cải cách hành chính.')]
    """
    cues = load_cues()
    out: list[Clause] = []
    in_directives = False
    spoken = False  # whether someone has already given directions
    mode: str | None = None
    paragraph = -1
    shortfall_paragraph: int | None = None
    in_section = False  # under a heading "Hạn chế, yếu kém"
    if folded_body is None or len(folded_body) != len(body):
        folded_body = fold(body)  # one pass; offsets are shared with the body
    for idx, sent in enumerate(split_sentences(body)):
        folded = folded_body[sent.start : sent.start + len(sent.text)]
        new_paragraph = sent.paragraph != paragraph
        paragraph = sent.paragraph
        by_need = False  # in the directives only as a need ("Hà Nội phải tăng trên 9,5%")
        if in_directives and new_paragraph and not _continues_directives(folded):
            # A one-off request covers its paragraph; the closing speech runs on until the
            # narrative is back to figures.
            if mode == "demand" or _RESULT_FIGURE.search(folded):
                in_directives = False
        elif in_directives and _RESULT_FIGURE.search(folded) and find_demand(folded) is None:
            in_directives = False
        elif in_directives and new_paragraph and mode == "demand":
            # A one-off request followed by the closing speech: the speech runs on.
            mode = "speech" if _opens_directives(folded) == "speech" else mode
        if not in_directives:
            mode = _opens_directives(folded)
            if mode is None and spoken and _states_a_need(folded):
                mode = "demand"  # the speaker's tasks go on after a paragraph of results
                by_need = True
            in_directives = mode is not None
            # Someone spoke who asked for something: a heading "Bế mạc kỳ họp" asks nothing.
            spoken = spoken or (in_directives and find_demand(folded) is not None)
        if shortfall_paragraph is not None and sent.paragraph != shortfall_paragraph:
            # In run-on text the shortfalls run on while the sentences stay negative.
            carried = sent.run_on and cues.shortfall_markers.search(folded)
            shortfall_paragraph = sent.paragraph if carried else None
        if new_paragraph and not sent.run_on:
            heading = _heading_of(sent.text, folded)
            if heading is not None:
                in_section = heading == "shortfalls"  # a heading ends the section before it
            elif in_section and (in_directives or _is_target(folded)):
                in_section = False
            if in_section:
                shortfall_paragraph = sent.paragraph  # each paragraph under the heading
        if not in_directives and _opens_shortfalls(folded):
            shortfall_paragraph = sent.paragraph
        targeting = False
        for n, (offset, text) in enumerate(split_clauses(sent.text)):
            cf = folded[offset : offset + len(text)]
            if in_directives and by_need and _is_target(cf) and _DIGIT.search(cf):
                part = Part.TARGET  # a goal with its number stays a target
            elif in_directives:
                part = Part.DIRECTIVE
            else:
                is_result = cues.result_markers.search(cf)
                shortfall_here = shortfall_paragraph is not None and cues.shortfall_markers.search(
                    cf
                )
                if _is_target(cf) and not is_result and not shortfall_here:
                    targeting = True
                elif is_result or shortfall_here:
                    targeting = False
                if targeting:
                    part = Part.TARGET
                elif shortfall_paragraph is not None:
                    part = Part.SHORTFALL
                else:
                    part = Part.RESULT
            listed = in_section and part is Part.SHORTFALL
            colon = sent.text.startswith(":", offset + len(text))
            out.append(
                Clause(
                    text, sent.start + offset, part, idx, sent.paragraph, n == 0, cf, listed, colon
                )
            )
    return out
