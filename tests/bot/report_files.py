"""Report files as officials have them, built in the test from a report written for the tests:
Word .docx (python-docx), PDF (fpdf2, with the DejaVu font matplotlib ships), UTF-16 and
Windows-1258 text, HTML pasted into a .txt, a masthead above the headline.

The report is invented (a Lạng Sơn standing-board meeting of 25 July 2025, a week before the
tests' fixed clock), so nothing here is third-party text.
"""

from __future__ import annotations

import io
from pathlib import Path

from bot.documents.charset import encode_windows_1258

TITLE = "Hội nghị Ban Thường vụ Tỉnh ủy Lạng Sơn tháng 7"
PARAGRAPHS = (
    "Ngày 25-7-2025, Bí thư Tỉnh ủy chủ trì Hội nghị Ban Thường vụ Tỉnh ủy Lạng Sơn đánh giá "
    "tình hình thực hiện nhiệm vụ 6 tháng đầu năm 2025.",
    "Thu ngân sách nhà nước trên địa bàn đạt 3.150 tỷ đồng, bằng 58% dự toán, tăng 12% so với "
    "cùng kỳ. Tăng trưởng GRDP ước đạt 7,2%.",
    "Hội nghị yêu cầu các cấp, các ngành tập trung đẩy nhanh giải ngân vốn đầu tư công, bảo "
    "đảm hoàn thành kế hoạch năm.",
)
MASTHEAD = "Báo Lạng Sơn điện tử"
TEXT = "\n\n".join([TITLE, *PARAGRAPHS])
def _font_dirs() -> tuple[Path, ...]:
    """matplotlib's own copy of DejaVu first (installed with the project), then Debian's."""
    import matplotlib

    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return (bundled, Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def utf16(text: str = TEXT, *, bom: bool = True, big_endian: bool = False) -> bytes:
    if bom:
        return text.encode("utf-16")
    return text.encode("utf-16-be" if big_endian else "utf-16-le")


def windows_1258(text: str = TEXT) -> bytes:
    return encode_windows_1258(text)


def docx(*, masthead: bool = False, table: bool = True) -> bytes:
    from docx import Document

    document = Document()
    if masthead:
        document.add_paragraph(MASTHEAD)
    document.add_heading(TITLE, level=1)
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=2, cols=2)
        grid.cell(0, 0).text = "Tổng thu ngân sách"
        grid.cell(0, 1).text = "3.150 tỷ đồng"
        grid.cell(1, 0).text = "Tăng trưởng GRDP"
        grid.cell(1, 1).text = "7,2%"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _font(name: str) -> Path:
    for folder in _font_dirs():
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{name} (matplotlib's bundled DejaVu) is needed to build PDFs")


def pdf(*, text: bool = True, password: str | None = None, masthead: bool = False) -> bytes:
    """A report as Word's "Save as PDF" lays it out: a bold headline, justified paragraphs
    wrapped over several lines, 1.3 line spacing, space after each paragraph. `text=False`:
    a scan (only a drawing, no text layer)."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.add_page()
    if not text:
        document.set_fill_color(200, 200, 200)
        document.rect(20, 20, 170, 240, style="F")  # what a scanner leaves: no glyphs
    else:
        document.add_font("DejaVu", "", str(_font("DejaVuSans.ttf")))
        document.add_font("DejaVu", "B", str(_font("DejaVuSans-Bold.ttf")))
        if masthead:
            document.set_font("DejaVu", "", 9)
            document.cell(0, 5, MASTHEAD, new_x="LMARGIN", new_y="NEXT")
            document.ln(3)
        document.set_font("DejaVu", "B", 14)
        document.multi_cell(0, 7, TITLE)
        document.ln(4)
        document.set_font("DejaVu", "", 11)
        for paragraph in PARAGRAPHS:
            document.multi_cell(0, 5, paragraph, align="J")
            document.ln(3)
    if password is not None:
        document.set_encryption(owner_password="owner", user_password=password)
    return bytes(document.output())


def pdf_bomb(inflated_megabytes: int = 80) -> bytes:
    """A small PDF whose one stream inflates to `inflated_megabytes` of zeros."""
    import zlib

    stream = zlib.compress(bytes(inflated_megabytes * 1024 * 1024), 9)
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n"
    )


def near_copy() -> str:
    """The report as another paper reposts it: its masthead above, its lines run together
    and re-spaced (issue 11 item 4: stored and pushed a second time)."""
    return MASTHEAD + "\n" + "\n".join(TEXT.split("\n\n")).replace(". ", ".  ")
