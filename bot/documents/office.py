"""The text of a Word .docx, with python-docx: paragraphs and tables in document order.

python-docx (python-openxml, maintained since 2013, MIT) reads the WordprocessingML a .docx
holds; it is what officials' reports come as when they are not PDFs. A table row becomes one
line, its cells separated by " | " as the HTML path writes tables, so figures in a table
keep their label on the same line.

A .docx is a zip: before python-docx opens it, the sizes its members announce are added up
and a file that would unpack past `MAX_UNPACKED_BYTES` (a "zip bomb") is refused.
"""

from __future__ import annotations

import io
import zipfile

from bot.documents.errors import DocumentError, Rejection

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_ZIP = b"PK\x03\x04"


def zip_kind(data: bytes) -> Rejection | None:
    """None for a Word document; otherwise the reason this zip is no report document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return Rejection.DOCX_BROKEN
    if "word/document.xml" in names:
        return Rejection.UNPACKS_TOO_LARGE if unpacked > MAX_UNPACKED_BYTES else None
    if any(name.startswith(("xl/", "ppt/")) for name in names) or "content.xml" in names:
        return Rejection.SPREADSHEET  # Excel, PowerPoint, or an OpenDocument file
    return Rejection.ARCHIVE


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP)


def _row_cells(row: object) -> list[str]:
    """A row's cell texts; a merged cell, which python-docx repeats, once."""
    seen: set[int] = set()
    texts = []
    for cell in row.cells:  # type: ignore[attr-defined]
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(" ".join(cell.text.split()))
    return texts


def docx_text(data: bytes) -> str:
    """Paragraphs (and table rows) separated by blank lines."""
    problem = zip_kind(data)
    if problem is not None:
        raise DocumentError(problem)
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    line = " | ".join(text for text in _row_cells(row) if text)
                    if line:
                        blocks.append(line)
            else:
                text = "\n".join(" ".join(part.split()) for part in item.text.split("\n"))
                if text.strip():
                    blocks.append(text.strip())
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise DocumentError(Rejection.DOCX_BROKEN) from exc
    return "\n\n".join(blocks)
