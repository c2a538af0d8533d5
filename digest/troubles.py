"""Where a clause names a trouble, and the distinct troubles one line names.

A strong marker (data/cues.toml) names a trouble unless the words around it say otherwise:
work on the trouble ("tháo gỡ khó khăn"), the trouble dealt with ("đã được giải quyết dứt
điểm"), or a phrase that only folds like a marker ("sửa chữa", "tại Điện Biên").
"""

from __future__ import annotations

import regex

from digest.cues import AnyMatch, load_cues
from digest.normalize import fold


def trouble_at(folded: str, start: int = 0, end: int | None = None) -> AnyMatch | None:
    """The first strong marker in folded[start:end] that names a trouble: not one worked on
    ("tháo gỡ khó khăn"), dealt with ("đã được giải quyết") or only folded alike ("sửa chữa")."""
    end = len(folded) if end is None else end
    for m in load_cues().shortfall_strong.finditer(folded, start, end):
        if worked_on(folded, m.start()):
            continue
        if _lookalike(folded, m.start(), m.end()) or _RESOLVED.match(folded, m.end(), end):
            continue
        piece = folded.rfind(", ", max(start, m.start() - _PIECE_REACH), m.start())
        if piece >= 0 and _WHEN_OR_IF.match(folded, piece + 2):
            continue  # "..., khi dịch bệnh chưa xuất hiện, ...": a time or a condition
        return m
    return None


_PIECE_REACH = 120  # how far back a time or condition may open the marker's piece
# A piece that sets a time or a condition ("khí hậu", "khí thải" fold like "khi").
_WHEN_OR_IF = regex.compile(r"(?:khi|neu)\s(?!hau\b|thai\b|tuong\b|the\b)")
# A marker that says how things stand ("còn", "vẫn", "chưa", "không", "kém", "chậm"): after a
# remedy it says how the work on a trouble went ("khắc phục còn chậm", "phòng, chống tham
# nhũng còn hạn chế"), a trouble of its own.
STANDING = regex.compile(r"(?:con|van|chua|khong|kem|cham)\b")


def worked_on(folded: str, at: int) -> bool:
    """Whether the marker at `at` names a trouble being worked on ("tháo gỡ khó khăn") or the
    setting of what went well ("trong bối cảnh còn nhiều khó khăn, ...")."""
    cues = load_cues()
    before = max(0, at - 40)
    if cues.settings.search(folded, before, at):
        return True
    if STANDING.match(folded, at):
        return False
    return cues.remedies.search(folded, before, at) is not None


# A trouble the clause says was dealt with ("các vụ việc tồn đọng kéo dài đã được giải quyết
# dứt điểm") is a result; "chưa được giải quyết" is caught as "chưa" first.
_RESOLVED = regex.compile(
    r"""[^,;.]{0,40}?
        \b(?<!chua\ |khong\ )(?:da\ |deu\ |co\ ban\ )?duoc
        \ (?:giai\ quyet|xu\ ly|khac\ phuc|thao\ go|chan\ chinh)""",
    regex.VERBOSE,
)


_LOOKALIKE_REACH = 24  # how far a phrase around a marker may reach beyond it


def _lookalike(folded: str, start: int, end: int) -> bool:
    """Whether the marker at folded[start:end] is part of a phrase that states no trouble
    ("chưa từng có", "sửa chữa", "tại Điện Biên")."""
    reach = _LOOKALIKE_REACH
    for m in load_cues().not_strong.finditer(folded, max(0, start - reach), end + reach):
        if m.start() <= start < m.end():
            return True
    return False


_COMMA = regex.compile(r",\s+")  # not "6,7%"
# A piece that goes on with the point before it: its cause, its consequence, a turn.
_GOES_ON = regex.compile(
    r"""(?:do|vi|boi|nen|khien|dan\ den|lam|gay|song|nhung|keo\ theo|tu\ do|dan\ toi
         |chi|moi|dat|con|chua|khong|bang|thap|giam|tang|va|hoac|trong\ khi|the\ hien)\b""",
    regex.VERBOSE,
)
# The cause a sentence opens with belongs to the point after it ("Do ảnh hưởng của dịch,
# sản xuất bị gián đoạn").
_CAUSE_FIRST = regex.compile(
    r"(?:do|vi|boi|truoc|trong\ boi\ canh|duoi\ tac\ dong)\b", regex.VERBOSE
)
_MIN_POINT_WORDS = 5
# A cause inside a piece ("thử thách do thiên tai nên ... chỉ đạt mức trung bình") explains the
# point before it. Read on the written text: "độ", "đô" fold to "do".
_CAUSE_WORD = regex.compile(r"\b(?:do|vì|bởi)\b")
# A subject that did something: "lãnh đạo thành phố đã chủ động", "tỉnh đã tập trung".
_DONE = regex.compile(r"\w\s(?:da|da\ va\ dang)\s(?!duoc\b|bi\b|xay\b|de\b)\w")
_SUBJECT_WORDS = 2  # before its trouble: a piece without them goes on naming the point's


def points(text: str) -> list[str]:
    """The distinct troubles of one item, cut at the commas between them ("giải ngân còn
    chậm, thu ngân sách đạt thấp"): a piece starts a point when it names a trouble of its
    own with its own subject, and is no cause, consequence or continuation of the point
    before ("..., chỉ đạt 3%", "..., do thiếu vốn").

    >>> points("Giải ngân vốn đầu tư công còn chậm, nhiều chỉ tiêu chưa đạt kế hoạch đề ra")
    ['Giải ngân vốn đầu tư công còn chậm', 'nhiều chỉ tiêu chưa đạt kế hoạch đề ra']
    >>> points("Do ảnh hưởng của dịch, sản xuất bị gián đoạn, doanh thu du lịch giảm mạnh")
    ['Do ảnh hưởng của dịch, sản xuất bị gián đoạn', 'doanh thu du lịch giảm mạnh']
    >>> points("Còn tiềm ẩn rủi ro về nợ xấu, lạm phát, rủi ro của thị trường bất động sản")
    ['Còn tiềm ẩn rủi ro về nợ xấu, lạm phát, rủi ro của thị trường bất động sản']
    """
    folded = fold(text)
    starts = [0, *(m.end() for m in _COMMA.finditer(folded))]
    ends = [m.start() for m in _COMMA.finditer(folded)] + [len(folded)]
    points: list[tuple[int, int]] = []
    point = 0  # where the open point starts
    marked_point = False  # whether it names a trouble yet
    stop = len(folded)
    unmarked: int | None = None  # where the pieces without a trouble since the last began
    # Whether the piece before names a trouble: after one that does not ("..., quan liêu, các
    # vi phạm trật tự xây dựng, trật tự đô thị xử lý chưa nghiêm") the pieces list subjects.
    last_marked = False
    for start, end in zip(starts, ends, strict=True):
        marker = trouble_at(folded, start, end)
        if not marked_point and _CAUSE_FIRST.match(folded, start):
            marker = None  # the cause or setting waits for its trouble
        if marker is None and marked_point and _DONE.search(folded, start, end):
            # What was done despite the trouble, with its subjects: "..., các cấp, các ngành
            # đã tập trung tháo gỡ".
            stop = start if unmarked is None else unmarked
            break
        if (
            marker is not None
            and last_marked
            and len(folded[start : marker.start()].split()) >= _SUBJECT_WORDS
            and not _CAUSE_WORD.search(text, start, marker.start())
            and not _GOES_ON.match(folded, start)
            and len(folded[start:end].split()) >= _MIN_POINT_WORDS
            and len(folded[point:start].split()) >= _MIN_POINT_WORDS
        ):
            points.append((point, start))
            point = start
        marked_point = marked_point or marker is not None
        last_marked = marker is not None
        if marker is not None:
            unmarked = None
        elif unmarked is None:
            unmarked = start
    points.append((point, stop))
    return [text[a:b].rstrip(" ,") for a, b in points if text[a:b].strip(" ,")]
