"""A document's bytes to report text: what kind of file it is (by its content, whatever its
name says), its text, then the same clean-up and checks as a pasted report.

Kinds: PDF (bot.documents.pdf), Word .docx (bot.documents.office), HTML pages, and plain
text in UTF-8, UTF-16 or Windows-1258 (bot.documents.plain). Pictures, old Office files,
RTF, archives and spreadsheets are named as such in the refusal.
"""

from __future__ import annotations

import html as html_entities

from bot.documents.charset import decode_markup
from bot.documents.errors import MAX_BYTES, DocumentError, Rejection
from bot.documents.language import check_vietnamese
from bot.documents.office import docx_text, is_zip
from bot.documents.pdf import is_pdf, pdf_text
from bot.documents.plain import (
    decode_text,
    has_markup,
    looks_binary,
    markdown_to_text,
    markup_to_text,
    text_encoding,
    without_controls,
    without_mastheads,
)

_HTML_SUFFIXES = (".html", ".htm")
# Magic numbers of files people send by mistake, each with its own answer.
_SIGNATURES: tuple[tuple[bytes, Rejection], ...] = (
    (b"\x89PNG\r\n\x1a\n", Rejection.IMAGE),
    (b"\xff\xd8\xff", Rejection.IMAGE),  # JPEG
    (b"GIF87a", Rejection.IMAGE),
    (b"GIF89a", Rejection.IMAGE),
    (b"II*\x00", Rejection.IMAGE),  # TIFF
    (b"MM\x00*", Rejection.IMAGE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Rejection.OLD_OFFICE),  # .doc, .xls, .ppt
    (b"{\\rtf", Rejection.RTF),
    (b"Rar!\x1a\x07", Rejection.ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", Rejection.ARCHIVE),
    (b"\x1f\x8b", Rejection.ARCHIVE),  # gzip
)


def _known_non_text(data: bytes) -> Rejection | None:
    for signature, rejection in _SIGNATURES:
        if data.startswith(signature):
            return rejection
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Rejection.IMAGE
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):  # phone photos
        return Rejection.IMAGE
    return None


def _looks_like_page(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml", "<head"))


def html_to_text(markup: str) -> str:
    """The article text of an HTML page (trafilatura), without menus, share bars or comments."""
    import trafilatura  # imported here: a second of start-up the plain-text paths never need

    text = trafilatura.extract(
        markup, include_comments=False, include_tables=True, favor_precision=True,
        with_metadata=False,
    )
    if not text:
        raise DocumentError(Rejection.NO_TEXT)
    title = trafilatura.extract_metadata(markup)
    if title is not None and title.title and not text.startswith(title.title):
        text = f"{title.title}\n\n{text}"
    return text


def report_text(text: str) -> str:
    """A pasted or decoded text made ready for the engine, or DocumentError with the true
    reason it cannot be a report (nothing readable, markup only, too short, not Vietnamese).

    Control characters go; HTML becomes its text (a whole page through the article
    extractor); Markdown marks go; mastheads go.

    >>> report_text("<b>Hội nghị</b> <i></i>")
    Traceback (most recent call last):
    bot.documents.errors.DocumentError: the text is too short to be a meeting report
    >>> report_text("<p></p><br/>&nbsp;")
    Traceback (most recent call last):
    bot.documents.errors.DocumentError: the text is markup (HTML or Markdown) with no words in it
    """
    text = without_controls(text)
    had_markup = has_markup(text)
    if had_markup:
        text = html_to_text(text) if _looks_like_page(text) else markup_to_text(text)
        text = html_entities.unescape(text).replace("\u00a0", " ")
    stripped = markdown_to_text(text)
    had_markup = had_markup or stripped != text
    text = without_mastheads(stripped).strip()
    check_vietnamese(text, had_markup=had_markup)
    return text


def document_text(data: bytes, *, filename: str = "") -> str:
    """The report text of a document, or DocumentError with the reason it is refused."""
    if not data.strip():
        raise DocumentError(Rejection.EMPTY)
    if len(data) > MAX_BYTES:
        raise DocumentError(Rejection.TOO_LARGE)
    if (kind := _known_non_text(data)) is not None:
        raise DocumentError(kind)
    if is_pdf(data):
        return report_text(pdf_text(data))
    if is_zip(data):
        return report_text(docx_text(data))
    is_html = filename.lower().endswith(_HTML_SUFFIXES)
    if is_html:
        if text_encoding(data) is None and looks_binary(data):
            raise DocumentError(Rejection.BINARY)
        markup = decode_markup(data)
        return report_text(html_to_text(markup))
    return report_text(decode_text(data))
