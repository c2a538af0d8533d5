"""Turn the bytes of an uploaded or local document into report text, or say clearly why not.

Used by the CLI, by `/ingest` and by folder ingestion, so that every door into the system
refuses the same inputs for the same reasons, in English for operators and Vietnamese for
chat users.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

import regex

MAX_BYTES = 5 * 1024 * 1024
_MIN_LETTERS = 40
# Share of letters that only Vietnamese uses (ă â đ ê ô ơ ư and tone marks). Vietnamese
# prose runs at 25-40 %; English or French text with a stray name stays far below 5 %.
_MIN_VIETNAMESE_SHARE = 0.08
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", regex.IGNORECASE)


class Rejection(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    NOT_UTF8 = "not_utf8"
    NOT_VIETNAMESE = "not_vietnamese"
    NO_TEXT = "no_text"


REASONS_EN = {
    Rejection.EMPTY: "the file is empty",
    Rejection.TOO_LARGE: "the file is larger than 5 MB",
    Rejection.BINARY: "the file is binary, not text",
    Rejection.NOT_UTF8: "the file is not valid UTF-8 text",
    Rejection.NOT_VIETNAMESE: "the text is not Vietnamese",
    Rejection.NO_TEXT: "no article text could be extracted from the HTML",
}
REASONS_VI = {
    Rejection.EMPTY: "Tệp trống, không có nội dung.",
    Rejection.TOO_LARGE: "Tệp lớn hơn 5 MB, vượt quá giới hạn cho phép.",
    Rejection.BINARY: "Tệp không phải văn bản (có thể là ảnh hoặc tệp nhị phân).",
    Rejection.NOT_UTF8: "Tệp không phải văn bản mã hóa UTF-8.",
    Rejection.NOT_VIETNAMESE: "Nội dung không phải tiếng Việt.",
    Rejection.NO_TEXT: "Không tìm thấy nội dung bài viết trong trang HTML.",
}


class DocumentError(Exception):
    def __init__(self, reason: Rejection):
        super().__init__(REASONS_EN[reason])
        self.reason = reason

    @property
    def vietnamese(self) -> str:
        return REASONS_VI[self.reason]


def vietnamese_share(text: str) -> tuple[int, float]:
    """Number of letters and the share that only Vietnamese writes.

    >>> vietnamese_share("Thu ngân sách đạt 2.099 tỷ đồng")[1] > 0.2
    True
    >>> vietnamese_share("The budget revenue reached two trillion")[1]
    0.0
    """
    letters = special = 0
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONES:
            special += 1
        elif ch.isalpha():
            letters += 1
            if unicodedata.normalize("NFC", ch) in _VIETNAMESE_LETTERS or ch in "\u0306\u0302\u031b":
                special += 1
        elif ch in "\u0306\u0302\u031b":  # breve, circumflex, horn
            special += 1
    return letters, (special / letters if letters else 0.0)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def _decode(data: bytes, *, html: bool) -> str:
    encodings = ["utf-8-sig"]
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            encodings.insert(0, declared.group(1).decode("ascii", "ignore").lower())
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DocumentError(Rejection.NOT_UTF8)


def html_to_text(markup: str) -> str:
    """The article text of an HTML page (trafilatura), without menus, share bars or comments."""
    import trafilatura  # imported here: a second of start-up the plain-text paths never need

    text = trafilatura.extract(
        markup, include_comments=False, include_tables=True, favor_precision=True, with_metadata=False
    )
    if not text:
        raise DocumentError(Rejection.NO_TEXT)
    title = trafilatura.extract_metadata(markup)
    if title is not None and title.title and not text.startswith(title.title):
        text = f"{title.title}\n\n{text}"
    return text


def document_text(data: bytes, *, filename: str = "") -> str:
    """The report text of a document, or DocumentError with the reason it is refused."""
    if not data.strip():
        raise DocumentError(Rejection.EMPTY)
    if len(data) > MAX_BYTES:
        raise DocumentError(Rejection.TOO_LARGE)
    if _looks_binary(data):
        raise DocumentError(Rejection.BINARY)
    is_html = filename.lower().endswith((".html", ".htm")) or data.lstrip()[:15].lower().startswith(
        (b"<!doctype html", b"<html")
    )
    text = _decode(data, html=is_html)
    if is_html:
        text = html_to_text(text)
    check_vietnamese(text)
    return text


def check_vietnamese(text: str) -> None:
    if not text.strip():
        raise DocumentError(Rejection.EMPTY)
    letters, share = vietnamese_share(text)
    if letters < _MIN_LETTERS or share < _MIN_VIETNAMESE_SHARE:
        raise DocumentError(Rejection.NOT_VIETNAMESE)
