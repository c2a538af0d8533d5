"""Files officials actually have, and every refusal with its true reason (issue 11, items 9
and 11): .docx, .pdf, UTF-16 and Windows-1258 text, HTML pasted into a .txt, mastheads,
and pastes or broadcasts made of nothing but control characters or markup.

Through the conversation core with a real SQLite store; files are built in the test
(tests/bot/report_files.py).
"""

from __future__ import annotations

import pytest

from bot.core import Attachment, Conversation
from bot.documents import DocumentError, Rejection, document_text, report_text
from bot.storage import Store
from tests.bot import report_files
from tests.bot.builders import ADMIN, NOW, ask


def attachment(name: str, data: bytes) -> Attachment:
    async def fetch() -> bytes:
        return data

    return Attachment(name, len(data), fetch)


async def nhap(conversation: Conversation, name: str, data: bytes) -> str:
    reply = await ask(conversation, "/nhap", chat_id=ADMIN, attachment=attachment(name, data))
    assert reply is not None
    return reply.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bao-cao.docx", report_files.docx()),
        ("bao-cao.pdf", report_files.pdf()),
        ("utf16.txt", report_files.utf16()),
        ("utf16-le-no-bom.txt", report_files.utf16(bom=False)),
        ("utf16-be-no-bom.txt", report_files.utf16(bom=False, big_endian=True)),
        ("windows-1258.txt", report_files.windows_1258()),
        ("no-extension", report_files.pdf()),  # what it is comes from its content
    ],
)
async def test_files_officials_have_are_stored(
    conversation: Conversation, store: Store, name: str, data: bytes
) -> None:
    """A UTF-16 file was refused as "binary" and a PDF as "not Vietnamese"."""
    text = await nhap(conversation, name, data)
    assert text.startswith("✅ Đã lưu bản tin số 1."), text
    stored = await store.reports.get(1)
    assert stored is not None
    assert stored.title == report_files.TITLE
    assert stored.province == "Lạng Sơn"
    assert "3.150 tỷ đồng" in stored.text


def test_pdf_paragraphs_are_put_back_together() -> None:
    """Word wraps a paragraph over lines; the engine reads it as one sentence run."""
    text = document_text(report_files.pdf(), filename="bao-cao.pdf")
    assert text.split("\n\n") == [report_files.TITLE, *report_files.PARAGRAPHS]


def test_docx_table_rows_keep_label_and_value_together() -> None:
    text = document_text(report_files.docx(), filename="bao-cao.docx")
    assert "Tổng thu ngân sách | 3.150 tỷ đồng" in text.split("\n\n")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("masthead.txt", f"{report_files.MASTHEAD}\n\n{report_files.TEXT}".encode()),
        ("masthead.docx", report_files.docx(masthead=True)),
        ("masthead.pdf", report_files.pdf(masthead=True)),
    ],
)
async def test_masthead_is_never_the_title(
    conversation: Conversation, store: Store, name: str, data: bytes
) -> None:
    text = await nhap(conversation, name, data)
    assert text.startswith("✅"), text
    stored = await store.reports.get(1)
    assert stored is not None and stored.title == report_files.TITLE
    assert "điện tử" not in stored.text


async def test_html_inside_a_txt_is_stripped_not_shown_in_the_title(
    conversation: Conversation, store: Store
) -> None:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in report_files.PARAGRAPHS)
    pasted = f"<b>{report_files.TITLE}</b><br>\n{paragraphs}&nbsp;"
    text = await nhap(conversation, "copied.txt", pasted.encode())
    assert text.startswith("✅"), text
    stored = await store.reports.get(1)
    assert stored is not None and stored.title == report_files.TITLE
    assert "<" not in stored.text and "&nbsp;" not in stored.text


async def test_pasted_html_report_is_read_as_its_text(
    conversation: Conversation, store: Store
) -> None:
    pasted = f"<h1>{report_files.TITLE}</h1>" + "".join(
        f"<p>{p}</p>" for p in report_files.PARAGRAPHS
    )
    reply = await ask(conversation, f"/nhap {pasted}", chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("✅"), reply.text
    stored = await store.reports.get(1)
    assert stored is not None and stored.title == report_files.TITLE


@pytest.mark.parametrize(
    ("pasted", "reason"),
    [
        ("<p><b></b></p><br/>&nbsp;", "Văn bản chỉ có mã định dạng (HTML hoặc Markdown)"),
        ("**  ** __ __", "Văn bản chỉ có mã định dạng (HTML hoặc Markdown)"),
        ("<b>Hội nghị</b>", "Văn bản quá ngắn, không đủ để là một báo cáo hội nghị."),
        ("xin chào", "Văn bản quá ngắn, không đủ để là một báo cáo hội nghị."),
        ("\x01\x02\x03\x7f\x00", "Văn bản không có chữ nào (chỉ có khoảng trắng hoặc ký tự "
                                 "điều khiển)."),
        ('<!doctype html><html><head><title>Cổng thông tin</title></head><body><nav><ul>'
         '<li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></nav>'
         "<footer>Bản quyền</footer></body></html>",
         "Không tìm thấy nội dung bài viết trong trang HTML."),
        ("ftp://files.example.vn/bao-cao.txt",
         "bot chỉ tải được địa chỉ web http:// hoặc https://, không tải được địa chỉ ftp://"),
        ("The provincial committee met on Tuesday to review budget revenue. " * 3,
         "Nội dung không phải tiếng Việt."),
    ],
    ids=["html-markup-only", "markdown-only", "html-short", "xin-chao", "control-characters",
         "html-page-without-article", "ftp-url", "english"],
)
async def test_each_refusal_gets_its_true_reason(
    conversation: Conversation, store: Store, pasted: str, reason: str
) -> None:
    """Pasted HTML, "xin chào" and an ftp URL all got "không phải tiếng Việt"."""
    reply = await ask(conversation, f"/nhap {pasted}", chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("❌ Không l"), reply.text
    assert reason in reply.text
    assert "tiếng Việt" not in reply.text or "tiếng Việt" in reason
    assert await store.reports.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.pdf", report_files.pdf(text=False), "Tệp PDF là bản quét"),
        ("locked.pdf", report_files.pdf(password="mat-khau"), "Tệp PDF có mật khẩu bảo vệ"),
        ("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, "Tệp PDF bị hỏng"),
        ("bomb.pdf", report_files.pdf_bomb(), "khi giải nén vượt quá giới hạn"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(500), "Tệp là ảnh"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(500), "Tệp là ảnh"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "đời cũ (.doc, .xls)"),
        ("report.rtf", b"{\\rtf1\\ansi Hoi nghi}", "Tệp RTF"),
        ("broken.docx", b"PK\x03\x04" + bytes(40), "Tệp .docx bị hỏng"),
        ("utf16-short.txt", "Xin chào".encode("utf-16"), "Văn bản quá ngắn"),
    ],
    ids=["scan", "password", "broken", "bomb", "jpeg", "png", "doc", "rtf", "broken-docx",
         "utf16-short"],
)
async def test_files_refused_with_their_true_reason(
    conversation: Conversation, store: Store, name: str, data: bytes, reason: str
) -> None:
    text = await nhap(conversation, name, data)
    assert text.startswith("❌ Không lưu được báo cáo."), text
    assert reason in text
    assert "không phải tiếng Việt" not in text
    assert await store.reports.count() == 0


def test_spreadsheets_and_archives_are_named() -> None:
    import io
    import zipfile

    def zipped(*names: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for member in names:
                archive.writestr(member, "x")
        return out.getvalue()

    for data, expected in [
        (zipped("xl/workbook.xml"), Rejection.SPREADSHEET),
        (zipped("ppt/presentation.xml"), Rejection.SPREADSHEET),
        (zipped("a.txt", "b.txt"), Rejection.ARCHIVE),
    ]:
        with pytest.raises(DocumentError) as caught:
            document_text(data, filename="x.zip")
        assert caught.value.reason is expected


def test_cleaning_a_text_twice_changes_nothing() -> None:
    """Documents are cleaned when read and again when ingested: it must be idempotent."""
    once = report_text(f"{report_files.MASTHEAD}\n<b>{report_files.TITLE}</b>\n"
                       + "\n\n".join(report_files.PARAGRAPHS))
    assert report_text(once) == once


@pytest.mark.parametrize(
    "announcement", ["\x00\x01\x02", "<b></b><i> </i>", "** **", "&nbsp;\x07"],
    ids=["control-characters", "html", "markdown", "entity-and-bell"],
)
async def test_broadcast_of_only_control_characters_or_markup_is_refused(
    conversation: Conversation, store: Store, announcement: str
) -> None:
    await ask(conversation, "/dangky tat ca", chat_id="100")
    reply = await ask(conversation, f"/thongbao {announcement}", chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("❌ Không gửi thông báo"), reply.text
    stats = await store.outbox.delivery_stats(now=NOW)
    assert stats.pending == 0


async def test_broadcast_markup_becomes_its_words(conversation: Conversation,
                                                  store: Store) -> None:
    await ask(conversation, "/dangky tat ca", chat_id="100")
    reply = await ask(conversation, "/thongbao <b>Bảo trì</b> từ 22:00\x07", chat_id=ADMIN)
    assert reply is not None and "📢 Đã xếp hàng thông báo số 1" in reply.text
    assert await store.outbox.get_broadcast(1) == "Bảo trì từ 22:00"
