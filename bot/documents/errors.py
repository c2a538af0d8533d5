"""Why a document or a pasted text is refused, in English for operators and Vietnamese for
chat users: one `Rejection` per true reason, never a catch-all.

A file that is no text is named for what it is (a picture, an old Word file, a scanned PDF),
so the person who sent it knows what to send instead.
"""

from __future__ import annotations

from enum import StrEnum

MAX_BYTES = 5 * 1024 * 1024


class Rejection(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    NOT_UTF8 = "not_utf8"  # no character set reads it (kept as a name for stored reasons)
    NOT_VIETNAMESE = "not_vietnamese"
    NO_TEXT = "no_text"
    TOO_SHORT = "too_short"
    NOTHING_READABLE = "nothing_readable"  # control characters or white space only
    MARKUP_ONLY = "markup_only"
    IMAGE = "image"
    OLD_OFFICE = "old_office"
    RTF = "rtf"
    ARCHIVE = "archive"
    SPREADSHEET = "spreadsheet"
    PDF_BROKEN = "pdf_broken"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_NO_TEXT = "pdf_no_text"
    DOCX_BROKEN = "docx_broken"
    UNPACKS_TOO_LARGE = "unpacks_too_large"  # a compression bomb, or a huge embedded file
    UNSUPPORTED_FILE = "unsupported_file"


ACCEPTED_VI = ".txt, .html, .docx hoặc .pdf"

REASONS_EN = {
    Rejection.EMPTY: "the file is empty",
    Rejection.TOO_LARGE: "the file is larger than 5 MB",
    Rejection.BINARY: "the file is binary, not text",
    Rejection.NOT_UTF8: "the text is in no character set bantin reads "
                        "(UTF-8, UTF-16, Windows-1258)",
    Rejection.NOT_VIETNAMESE: "the text is not Vietnamese",
    Rejection.NO_TEXT: "no article text could be extracted from the HTML",
    Rejection.TOO_SHORT: "the text is too short to be a meeting report",
    Rejection.NOTHING_READABLE: "the text holds no letters (white space or control "
                                "characters only)",
    Rejection.MARKUP_ONLY: "the text is markup (HTML or Markdown) with no words in it",
    Rejection.IMAGE: "the file is a picture; bantin does not read text in pictures",
    Rejection.OLD_OFFICE: "the file is an old Office document (.doc/.xls); save it as .docx "
                          "or .pdf",
    Rejection.RTF: "the file is RTF; save it as .docx, .pdf or .txt",
    Rejection.ARCHIVE: "the file is an archive (zip), not a document",
    Rejection.SPREADSHEET: "the file is a spreadsheet or slides, not a report document",
    Rejection.PDF_BROKEN: "the PDF file is damaged and cannot be read",
    Rejection.PDF_ENCRYPTED: "the PDF file is protected by a password",
    Rejection.PDF_NO_TEXT: "the PDF holds no text layer (a scan); OCR is not supported",
    Rejection.DOCX_BROKEN: "the .docx file is damaged and cannot be read",
    Rejection.UNPACKS_TOO_LARGE: "the file's compressed content unpacks past the size limit",
    Rejection.UNSUPPORTED_FILE: "only .txt, .html, .docx and .pdf files are accepted",
}
REASONS_VI = {
    Rejection.EMPTY: "Tệp trống, không có nội dung.",
    Rejection.TOO_LARGE: "Tệp lớn hơn 5 MB, vượt quá giới hạn cho phép.",
    Rejection.BINARY: "Tệp không phải văn bản (có thể là tệp chương trình hoặc tệp nhị phân).",
    Rejection.NOT_UTF8: "Không đọc được bảng mã của tệp (bot đọc UTF-8, UTF-16 và "
                        "Windows-1258). Hãy lưu lại tệp với bảng mã UTF-8.",
    Rejection.NOT_VIETNAMESE: "Nội dung không phải tiếng Việt.",
    Rejection.NO_TEXT: "Không tìm thấy nội dung bài viết trong trang HTML.",
    Rejection.TOO_SHORT: "Văn bản quá ngắn, không đủ để là một báo cáo hội nghị.",
    Rejection.NOTHING_READABLE: "Văn bản không có chữ nào (chỉ có khoảng trắng hoặc ký tự "
                                "điều khiển).",
    Rejection.MARKUP_ONLY: "Văn bản chỉ có mã định dạng (HTML hoặc Markdown), không có nội "
                           "dung để đọc.",
    Rejection.IMAGE: "Tệp là ảnh; bot chưa đọc được chữ trong ảnh. Hãy gửi tệp .docx, .pdf "
                     "hoặc dán nội dung văn bản.",
    Rejection.OLD_OFFICE: "Tệp Word/Excel đời cũ (.doc, .xls) chưa đọc được. Hãy lưu lại "
                          "thành .docx hoặc .pdf rồi gửi lại.",
    Rejection.RTF: "Tệp RTF chưa đọc được. Hãy lưu lại thành .docx, .pdf hoặc .txt rồi "
                   "gửi lại.",
    Rejection.ARCHIVE: "Tệp là tệp nén (zip), không phải văn bản. Hãy giải nén và gửi từng "
                       "tệp báo cáo.",
    Rejection.SPREADSHEET: "Tệp là bảng tính hoặc trình chiếu, không phải văn bản báo cáo.",
    Rejection.PDF_BROKEN: "Tệp PDF bị hỏng, không mở được.",
    Rejection.PDF_ENCRYPTED: "Tệp PDF có mật khẩu bảo vệ. Hãy gửi bản không đặt mật khẩu.",
    Rejection.PDF_NO_TEXT: "Tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ); bot chưa "
                           "nhận dạng được chữ trong ảnh.",
    Rejection.DOCX_BROKEN: "Tệp .docx bị hỏng, không mở được.",
    Rejection.UNPACKS_TOO_LARGE: "Nội dung nén trong tệp khi giải nén vượt quá giới hạn cho "
                                 "phép, bot không đọc tệp này.",
    Rejection.UNSUPPORTED_FILE: f"Chỉ nhận tệp {ACCEPTED_VI}.",
}


class DocumentError(Exception):
    """A document or text refused; `str()` is the English reason, `vietnamese` the other."""

    def __init__(self, reason: Rejection):
        super().__init__(REASONS_EN[reason])
        self.reason = reason

    @property
    def vietnamese(self) -> str:
        return REASONS_VI[self.reason]
