"""Turn the bytes of an uploaded or local document, or a pasted text, into report text, or
say clearly why not.

Used by the CLI, by `/ingest` and by folder ingestion, so that every door into the system
refuses the same inputs for the same reasons, in English for operators and Vietnamese for
chat users. Modules: `errors` (the reasons), `language` (is it Vietnamese prose), `plain`
(character sets, markup, mastheads), `pdf` (pdfminer.six), `office` (python-docx), `reader`
(which kind of file, and the one clean-up every text goes through).
"""

from bot.documents.errors import (
    MAX_BYTES,
    REASONS_EN,
    REASONS_VI,
    DocumentError,
    Rejection,
)
from bot.documents.language import check_vietnamese, vietnamese_share
from bot.documents.reader import document_text, html_to_text, report_text

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")

__all__ = [
    "MAX_BYTES",
    "REASONS_EN",
    "REASONS_VI",
    "REPORT_SUFFIXES",
    "DocumentError",
    "Rejection",
    "check_vietnamese",
    "document_text",
    "html_to_text",
    "report_text",
    "vietnamese_share",
]
