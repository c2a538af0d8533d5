"""The text of a PDF, paragraph by paragraph, with pdfminer.six.

Why pdfminer.six rather than pypdf: the engine reads a report by its lines and paragraphs
(a headline line, then sentences), and a PDF stores neither, only glyphs on a page.
pdfminer.six's layout analysis groups glyphs into lines and lines into text boxes, with
their positions, so a paragraph wrapped over several lines can be put back on one line and a
headline stays a line of its own; pypdf gives a page's text line by line, with no grouping.
pdfminer.six is the long-maintained (2014-) community fork of PDFMiner, pure Python, MIT.

What is hand-written here, and why:

* joining lines: a line that reaches the page's right text edge and ends without a full
  stop was wrapped, so the next line continues its sentence; pdfminer leaves the decision to
  its caller.
* the inflate guard: pdfminer inflates each compressed stream whole, so a 5 MB file could
  unpack to gigabytes (a "PDF bomb"). Before pdfminer sees the file, every FlateDecode stream
  is inflated incrementally with a running total, and the file is refused past
  `MAX_INFLATED_BYTES`. Cost: linear in the file.
"""

from __future__ import annotations

import io
import zlib

import regex

from bot.documents.errors import DocumentError, Rejection

MAX_PAGES = 300
MAX_INFLATED_BYTES = 64 * 1024 * 1024
_WRAPPED_SHARE = 0.85  # a line this close to the box's right edge was wrapped
_SENTENCE_END = regex.compile(r"[.!?…:;]['\"”’)\]]*$")
_STREAM = regex.compile(rb"(?<!end)stream\r?\n")


def is_pdf(data: bytes) -> bool:
    """PDF readers accept the header anywhere in the first kilobyte."""
    return b"%PDF-" in data[:1024]


def _inflated_size_ok(data: bytes) -> bool:
    """False when the compressed streams would inflate past `MAX_INFLATED_BYTES`."""
    total = 0
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        chunk = data[match.end() : match.end() + MAX_INFLATED_BYTES]
        try:
            while chunk and total <= MAX_INFLATED_BYTES:
                out = inflater.decompress(chunk, 1024 * 1024)
                total += len(out)
                chunk = inflater.unconsumed_tail
                if inflater.eof or not out:
                    break
        except zlib.error:
            continue  # not a Flate stream (images, fonts in other filters): pdfminer decides
        if total > MAX_INFLATED_BYTES:
            return False
    return True


def _paragraphs(lines: list[tuple[str, float, float]]) -> list[str]:
    """A page's lines (text, left, right) in reading order, as paragraphs: a wrapped line is
    joined to the one after it."""
    if not lines:
        return []
    left = min(x0 for _, x0, _ in lines)
    width = max(max(x1 for _, _, x1 in lines) - left, 1.0)
    out: list[str] = []
    carry = ""
    for raw, _, x1 in lines:
        text = " ".join(raw.split())
        if not text:
            continue
        carry = f"{carry} {text}" if carry else text
        wrapped = (x1 - left) / width >= _WRAPPED_SHARE and not _SENTENCE_END.search(text)
        if not wrapped:
            out.append(carry)
            carry = ""
    if carry:
        out.append(carry)
    return out


def pdf_text(data: bytes) -> str:
    """Paragraphs separated by blank lines; DocumentError for damaged, locked or scanned
    files."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.psexceptions import PSException

    if not _inflated_size_ok(data):
        raise DocumentError(Rejection.UNPACKS_TOO_LARGE)
    paragraphs: list[str] = []
    try:
        for page in extract_pages(io.BytesIO(data), maxpages=MAX_PAGES, laparams=LAParams()):
            boxes = sorted(
                (item for item in page if isinstance(item, LTTextBox)),
                key=lambda box: (-box.y1, box.x0),
            )
            lines = [
                (line.get_text(), line.x0, line.x1)
                for box in boxes
                for line in box
                if isinstance(line, LTTextLine)
            ]
            paragraphs.extend(_paragraphs(lines))
    except PDFEncryptionError:
        raise DocumentError(Rejection.PDF_ENCRYPTED) from None
    except (PSException, ValueError, KeyError, TypeError, AssertionError, IndexError,
            AttributeError, EOFError, zlib.error, RecursionError):
        # A damaged file surfaces as whatever pdfminer's parser tripped on.
        raise DocumentError(Rejection.PDF_BROKEN) from None
    if not any(any(ch.isalpha() for ch in p) for p in paragraphs):
        raise DocumentError(Rejection.PDF_NO_TEXT)
    return "\n\n".join(paragraphs)
