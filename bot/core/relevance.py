"""Whether an article reports a meeting of a provincial governing body, and if not, why.

Only such reports become digests; everything else a portal publishes (visits, festivals,
sport, investment promotion conferences) is recorded as skipped with the reason, and an
admin can force one in. The rule: in the headline or the opening paragraphs, a meeting word
(hội nghị, phiên họp, kỳ họp, cuộc họp, họp) with a governing body (Tỉnh ủy, Thành ủy, Ban
Chấp hành, Ban Thường vụ, Thường trực, UBND, HĐND) within the same sentence, close by.
Vocabulary: bot/core/data/relevance.toml.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from digest.normalize import normalize_text

_DATA = Path(__file__).parent / "data" / "relevance.toml"
OPENING_CHARS = 800  # the headline and the first paragraphs say what the article is about
NEAR_CHARS = 120  # a meeting word and its body sit within this distance
_SENTENCE = regex.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: regex.Pattern[str]
    example: str


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    reason: str  # why, for operators (English)
    reason_vi: str = ""  # the same for chat users and admins
    meeting: str | None = None  # the cue names that decided
    body: str | None = None


NO_MEETING = (
    "no meeting in the headline or opening",
    "không thấy cuộc họp nào (hội nghị, phiên họp, kỳ họp, cuộc họp) trong tiêu đề và phần "
    "mở đầu",
)
NO_BODY = (
    "a meeting, but of no provincial governing body (Tỉnh ủy, UBND, HĐND ...)",
    "có cuộc họp nhưng không phải của cơ quan lãnh đạo tỉnh (Tỉnh ủy, Thành ủy, Ban Chấp "
    "hành, Ban Thường vụ, UBND, HĐND…)",
)
APART = (
    "a meeting and a governing body, but not together in one sentence",
    "có nhắc cuộc họp và cơ quan lãnh đạo tỉnh nhưng không phải cuộc họp của cơ quan đó",
)


@cache
def cues() -> dict[str, tuple[Cue, ...]]:
    raw = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return {
        group: tuple(Cue(e["name"], regex.compile(e["pattern"]), e["example"]) for e in raw[group])
        for group in ("meeting", "body")
    }


def _spans(text: str, group: str) -> list[tuple[int, str]]:
    return [(m.start(), cue.name) for cue in cues()[group] for m in cue.pattern.finditer(text)]


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFC", normalize_text(text)).lower()


def judge(title: str | None, text: str) -> Relevance:
    """Is this article a meeting report?

    >>> judge("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20", "").relevant
    True
    >>> judge("UBND tỉnh họp phiên thường kỳ tháng 6", "").relevant
    True
    >>> judge("Hội nghị xúc tiến đầu tư vào tỉnh năm 2025", "Các doanh nghiệp phù hợp.").reason
    'a meeting, but of no provincial governing body (Tỉnh ủy, UBND, HĐND ...)'
    >>> judge("Giải bóng chuyền các đội mạnh toàn quốc", "Phối hợp tổ chức giải.").reason
    'no meeting in the headline or opening'
    """
    opening = _prepare(f"{title or ''}\n{text[:OPENING_CHARS]}")
    meetings = _spans(opening, "meeting")
    if not meetings:
        return Relevance(False, *NO_MEETING)
    bodies = _spans(opening, "body")
    if not bodies:
        return Relevance(False, *NO_BODY)
    breaks = [m.start() for m in _SENTENCE.finditer(opening)]
    for m_pos, m_name in meetings:
        for b_pos, b_name in bodies:
            low, high = sorted((m_pos, b_pos))
            if high - low <= NEAR_CHARS and not any(low < cut < high for cut in breaks):
                return Relevance(True, f"{m_name} of a {b_name}", "", meeting=m_name, body=b_name)
    return Relevance(False, *APART)
