"""Where a task's line ends: a run of tasks cut one per task, the quoted speaker, the reason
and a glued subheading left out, and lines that say nothing kept out. Shared by the reading
of directives (directives.py), which decides where a task starts."""

from __future__ import annotations

from dataclasses import replace

import regex

from digest.cues import load_cues
from digest.sections import Clause

_WORD = regex.compile(r"\p{L}{2,}")
# Where one task of a run ends and the next begins: a comma (or "và", "đồng thời") before a
# task verb. The words since the comma before it must be this many, so "rà soát, chỉnh sửa và
# bổ sung các cơ chế" and "quán triệt, học tập, tuyên truyền" stay one task.
_TASK_JOINT = regex.compile(r",\s+(?:dong thoi,?\s+|va\s+)?|;\s+|\s+dong thoi,?\s+")
_MIN_SEGMENT_WORDS = 5
# A verb with no object before the next comma is one of a list ("đồng bộ, quyết liệt, hiệu
# quả"), not the start of a task.
_IN_A_LIST = regex.compile(r"\s*,")
# A closing quote and who said it: "...” – ông cho hay", "...”, Bí thư Thành ủy nhấn mạnh".
_ATTRIBUTION = regex.compile(
    r"""[”"]\s*[,–-]?\s*[^“”"]{0,80}?\b(?:cho\ hay|noi|chia\ se|nhan\ manh|khang\ dinh|
        cho\ biet|phat\ bieu)\b""",
    regex.VERBOSE,
)
# A subheading glued to its paragraph by the text extraction: up to 15 words with no
# punctuation, then, after a small letter, a capitalised word that opens sentences and is no
# name or title ("Về", "Theo", "Phát biểu", "Nhấn mạnh"). Matched on the text itself: the
# case is the evidence.
_GLUED_HEADING = regex.compile(
    r"""\s*(?:[\p{L}\d]+\ ){1,14}?(?<=\p{Ll}\ )
        (?=(?:Về|Theo|Trong|Tại|Sau|Với|Để|Phát\ biểu|Kết\ luận|Nhấn\ mạnh|Tuy\ nhiên|
             Bên\ cạnh)\b)""",
    regex.VERBOSE,
)
# A text cut off by a page's character limit ends on a letter, mid-word or mid-clause.
_CUT_END = regex.compile(r"\p{L}\s*$")
# The reason given after a task ("rà soát lại các quy hoạch, vì hầu hết ..."). On the text: "vì"
# folds like "vị", "ví".
REASON = regex.compile(r",\s+(?:bởi\s+)?vì\s", regex.IGNORECASE)


def split_tasks(text: str, folded: str) -> list[str]:
    """A run of tasks in one clause, one per task verb after a comma.

    >>> split_tasks("tập trung chuyển dịch cơ cấu nông nghiệp, mở rộng liên kết sản xuất",
    ...             "tap trung chuyen dich co cau nong nghiep, mo rong lien ket san xuat")
    ['tập trung chuyển dịch cơ cấu nông nghiệp', 'mở rộng liên kết sản xuất']
    """
    cues = load_cues()
    starts, ends = [0], []
    for joint in _TASK_JOINT.finditer(folded):
        # The one anchored test first: most joints are followed by no task verb.
        verb = cues.task_verbs.match(folded, joint.end())
        if (
            not verb
            or cues.addressees.match(folded, joint.end())
            or cues.paired_verbs.fullmatch(verb.group())
            or _IN_A_LIST.match(folded, verb.end())
        ):
            continue  # "... đồng bộ, quyết liệt, hiệu quả các nhiệm vụ": a list of manners
        # Read back to the last comma only, for linear time.
        comma = folded.rfind(",", starts[-1], joint.start())
        if len(folded[max(comma + 1, starts[-1]) : joint.start()].split()) < _MIN_SEGMENT_WORDS:
            continue
        if any(
            v.end() == joint.start()
            for v in cues.task_verbs.finditer(folded, max(0, joint.start() - 20), joint.start())
        ):
            continue  # "tập trung quán triệt, triển khai các nghị quyết": verbs of one task
        if len(folded[joint.end() : joint.end() + 40].split()) < 3:  # a window: linear time
            continue
        ends.append(joint.start())
        starts.append(joint.end())
    ends.append(len(text))
    return [text[a:b] for a, b in zip(starts, ends, strict=True) if text[a:b].strip()]


def glued_heading_end(text: str) -> int:
    """Where a subheading glued to the sentence after it ends: a short run of words without
    punctuation, then a capitalised word that opens sentences ("... đầu tư Về kế hoạch ...",
    "... nhân dân Nhấn mạnh việc ..."); 0 when there is none."""
    m = _GLUED_HEADING.match(text)
    return m.end() if m else 0


def attribution_at(folded: str, start: int) -> int:
    """Where the quoted speech a task stands in ends, when its speaker is named after it
    ("... phải kiên quyết như thế!” – ông cho hay"): the rest is not the task."""
    m = _ATTRIBUTION.search(folded, start)
    return m.start() if m else len(folded)


def is_generic(folded_line: str) -> bool:
    """A line that says no more than "carry out the tasks well"."""
    cues = load_cues()
    rest = folded_line
    for matcher in (cues.directive_generic, cues.light_verbs, cues.directive_filler):
        rest = matcher.sub(" ", rest)
    return len(_WORD.findall(rest)) < 2


def without_cut_tail(clauses: list[Clause]) -> list[Clause]:
    """The clauses with the last one kept only up to its last comma when the text is cut off
    in it ("..., làm vi"): what stands before the comma is whole, a fact cut in half is left out.

    >>> from digest.sections import label_clauses
    >>> [c.text for c in without_cut_tail(label_clauses("Tỉnh cần giữ vững kỷ cương, làm vi"))]
    ['Tỉnh cần giữ vững kỷ cương']
    """
    if not clauses or not _CUT_END.search(clauses[-1].text):
        return clauses
    last = clauses[-1]
    comma = max(last.text.rfind(", "), last.text.rfind("; "))
    if comma <= 0:
        return clauses[:-1]
    return [*clauses[:-1], replace(last, text=last.text[:comma], folded=last.folded[:comma])]
