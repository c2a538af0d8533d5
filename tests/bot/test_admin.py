"""/ingest and /stats: admins only; documents, replies and pasted text; refusals store nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core import Attachment, Conversation, Services
from bot.documents import MAX_BYTES
from bot.storage import Store
from tests.bot import report_files
from tests.bot.builders import ADMIN, NOW, SEEDS, ask

SEED = SEEDS / "004_19c978857511aa52.txt"  # Bắc Kạn, December 2023
NOT_A_REPORT = (
    "Tối qua, đội tuyển bóng đá Việt Nam giành chiến thắng 3-1 trước Thái Lan trên sân Mỹ "
    "Đình. Hàng nghìn cổ động viên đổ ra đường ăn mừng; huấn luyện viên khen các cầu thủ đã "
    "thi đấu nỗ lực, xứng đáng với tình cảm của người hâm mộ."
)
ENGLISH = "The provincial committee met on Tuesday to review budget revenue. " * 5


def attachment(name: str, data: bytes, size: int | None = None) -> Attachment:
    async def fetch() -> bytes:
        return data

    return Attachment(name, len(data) if size is None else size, fetch)


def never_fetched(name: str, size: int) -> Attachment:
    async def fetch() -> bytes:
        raise AssertionError("the document must not be downloaded")

    return Attachment(name, size, fetch)


@pytest.mark.parametrize(
    "line", ["/ingest", "/nhap", "/stats", "/thongke", "/nhap " + NOT_A_REPORT]
)
async def test_non_admins_are_refused_politely(
    conversation: Conversation, store: Store, line: str
) -> None:
    reply = await ask(conversation, line, chat_id="555",
                      attachment=never_fetched("report.txt", 100))
    assert reply is not None and reply.template == "not_admin"
    assert "chỉ dành cho quản trị viên" in reply.text
    assert await store.reports.count() == 0


async def test_admin_ingests_a_document_once(conversation: Conversation, store: Store) -> None:
    data = SEED.read_bytes()
    first = await ask(conversation, "/ingest", chat_id=ADMIN,
                      attachment=attachment("bac-kan.txt", data))
    assert first is not None and first.template == "ingest"
    assert first.text.startswith("✅ Đã lưu bản tin số 1.")
    assert "Bắc Kạn (nay thuộc Thái Nguyên)" in first.text  # the digest follows
    again = await ask(conversation, "/nhap", chat_id=ADMIN,
                      replied_attachment=attachment("copy.txt", data))
    assert again is not None
    assert again.text.startswith("Bản tin này trùng với bản tin số 1 đã lưu")
    assert await store.reports.count() == 1
    stored = await store.reports.get(1)
    assert stored is not None and stored.sources == [
        f"telegram:{ADMIN}/bac-kan.txt", f"telegram:{ADMIN}/copy.txt"
    ]


async def test_admin_pastes_text(conversation: Conversation, store: Store) -> None:
    reply = await ask(conversation, "/nhap " + SEED.read_text(encoding="utf-8"), chat_id=ADMIN)
    assert reply is not None and "Đã lưu bản tin số 1" in reply.text
    assert (await store.reports.count()) == 1


async def test_admin_replies_to_pasted_text(conversation: Conversation, store: Store) -> None:
    reply = await ask(conversation, "/nhap", chat_id=ADMIN,
                      replied_text=SEED.read_text(encoding="utf-8"))
    assert reply is not None and "Đã lưu bản tin số 1" in reply.text


async def test_html_document(conversation: Conversation, store: Store) -> None:
    pytest.importorskip("lxml_html_clean", reason="trafilatura needs lxml_html_clean for HTML")
    body = "".join(f"<p>{line}</p>" for line in SEED.read_text(encoding="utf-8").splitlines())
    page = f"<!doctype html><html><head><title>Tin</title></head><body><article>{body}"
    page += "</article></body></html>"
    reply = await ask(conversation, "/nhap", chat_id=ADMIN,
                      attachment=attachment("tin.html", page.encode()))
    assert reply is not None and "Đã lưu bản tin" in reply.text


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (attachment("scan.pdf", b"%PDF-1.7 binary"), "Tệp PDF bị hỏng, không mở được."),
        (attachment("empty.txt", b"   "), "Tệp trống"),
        (attachment("english.txt", ENGLISH.encode()), "Nội dung không phải tiếng Việt."),
        (attachment("short.txt", "Thu ngân sách".encode("utf-16")), "Văn bản quá ngắn"),
        (attachment("image.bin", bytes(range(256)) * 8), "Tệp không phải văn bản"),
        (attachment("bongda.txt", NOT_A_REPORT.encode()),
         "Văn bản không phải báo cáo một hội nghị, phiên họp của tỉnh: không thấy cuộc họp"),
        (never_fetched("huge.txt", MAX_BYTES + 1), "lớn hơn 5 MB"),
    ],
    ids=["pdf", "empty", "english", "utf16-short", "binary", "not-a-report", "too-large"],
)
async def test_documents_refused_store_nothing(
    conversation: Conversation, store: Store, document: Attachment, expected: str
) -> None:
    reply = await ask(conversation, "/ingest", chat_id=ADMIN, attachment=document)
    assert reply is not None and reply.text.startswith("❌ Không lưu được báo cáo.")
    assert expected in reply.text
    assert await store.reports.count() == 0


async def test_ingest_without_anything_explains(conversation: Conversation) -> None:
    reply = await ask(conversation, "/nhap", chat_id=ADMIN)
    assert reply is not None and reply.template == "missing_argument"
    assert "tệp báo cáo (.txt, .html, .docx hoặc .pdf)" in reply.text


async def test_new_report_goes_through_the_delivery_hook(services: Services,
                                                         store: Store) -> None:
    seen = []

    async def hook(store_: Store, added: object, report: object) -> int:
        seen.append(added)
        return 3

    # The seed's meeting (December 2023) is old news: this test is about the hook alone.
    conversation = Conversation(replace(services, on_new_report=hook, push_max_age_days=None))
    first = await ask(conversation, "/nhap " + SEED.read_text(encoding="utf-8"), chat_id=ADMIN)
    await ask(conversation, "/nhap " + SEED.read_text(encoding="utf-8"), chat_id=ADMIN)
    assert len(seen) == 1  # the duplicate is not queued again
    assert first is not None and "Sẽ gửi tới 3 người, nhóm đã đăng ký." in first.text


async def test_stats_for_admins(conversation: Conversation, ids: dict[str, int]) -> None:
    reply = await ask(conversation, "/thongke", chat_id=ADMIN)
    assert reply is not None and reply.template == "stats"
    assert f"Bản tin đã lưu: {len(ids)}" in reply.text
    assert "Cơ sở dữ liệu: sqlite" in reply.text


async def test_console_user_is_trusted(conversation: Conversation) -> None:
    reply = await ask(conversation, "/thongke", channel="console", chat_id="local")
    assert reply is not None and reply.template == "stats"


async def follow_everything(conversation: Conversation) -> None:
    reply = await ask(conversation, "/dangky tat ca", chat_id="100")
    assert reply is not None and "Đã đăng ký" in reply.text


async def test_old_report_is_stored_but_not_pushed_as_new(
    conversation: Conversation, store: Store
) -> None:
    """Issue 11: an archive's 2023 report went out as "🆕 Bản tin mới"."""
    await follow_everything(conversation)
    reply = await ask(conversation, "/nhap " + SEED.read_text(encoding="utf-8"), chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("✅ Đã lưu bản tin số 1.\n📦 ")
    assert ("Không gửi tới người đăng ký: cuộc họp (5/12/2023) đã cách đây hơn 30 ngày, "
            "không còn là tin mới.") in reply.text
    assert "Sẽ gửi tới" not in reply.text
    assert (await store.outbox.delivery_stats(now=NOW)).pending == 0
    stored = await ask(conversation, "/baocao 1")
    assert stored is not None and "Bản tin số 1" in stored.text  # stored and readable


async def test_recent_report_is_pushed(conversation: Conversation, store: Store) -> None:
    await follow_everything(conversation)
    reply = await ask(conversation, "/nhap " + report_files.TEXT, chat_id=ADMIN)
    assert reply is not None and "Sẽ gửi tới 1 người, nhóm đã đăng ký." in reply.text
    assert "📦" not in reply.text
    assert (await store.outbox.delivery_stats(now=NOW)).pending == 1


@pytest.mark.parametrize("mode", ["không gửi", "khong gui", "Lưu trữ"])
async def test_backfill_mode_stores_without_pushing(
    conversation: Conversation, store: Store, mode: str
) -> None:
    await follow_everything(conversation)
    reply = await ask(conversation, f"/nhap {mode}\n{report_files.TEXT}", chat_id=ADMIN)
    assert reply is not None and "📦 Chế độ lưu trữ: không gửi tới người đăng ký." in reply.text
    assert (await store.outbox.delivery_stats(now=NOW)).pending == 0
    document = await ask(conversation, f"/nhap {mode}", chat_id=ADMIN,
                         attachment=attachment("ban-sao.docx", report_files.docx()))
    # Issue 11 item 4: the .docx copy is the same report, so it is not stored a second time.
    assert document is not None and "trùng với bản tin số 1 đã lưu" in document.text
    assert (await store.outbox.delivery_stats(now=NOW)).pending == 0


@pytest.mark.parametrize("mode", ["không gửi", "Lưu trữ"])
async def test_backfill_mode_applies_to_an_attached_file(
    conversation: Conversation, store: Store, mode: str
) -> None:
    await follow_everything(conversation)
    document = await ask(conversation, f"/nhap {mode}", chat_id=ADMIN,
                         attachment=attachment("ban-sao.docx", report_files.docx()))
    assert document is not None and "📦 Chế độ lưu trữ" in document.text
    assert (await store.outbox.delivery_stats(now=NOW)).pending == 0


async def test_passing_mention_is_not_the_province(conversation: Conversation,
                                                   store: Store) -> None:
    """Issue 11: a football story mentioning TP Hồ Chí Minh became Hồ Chí Minh's report."""
    story = (
        "Đội bóng Sông Lam thắng đậm trên sân nhà\n\n"
        "Tối 14-3, tại vòng 12 giải bóng đá, đội Sông Lam thắng đội Công an TP Hồ Chí Minh "
        "với tỷ số 3-0 trước hơn 15.000 khán giả. Doanh thu bán vé đạt 2,1 tỷ đồng.\n\n"
        "Ban huấn luyện yêu cầu các cầu thủ tăng cường kỷ luật, tập trung chuẩn bị cho trận "
        "đấu tiếp theo; câu lạc bộ đặt mục tiêu lọt vào nhóm 3 đội dẫn đầu."
    )
    reply = await ask(conversation, "/nhap " + story, chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("❌ Không lưu được báo cáo.")
    assert "không phải báo cáo một hội nghị, phiên họp của tỉnh" in reply.text
    assert ("Văn bản có nhắc tới TP. Hồ Chí Minh, nhưng chỉ là nhắc qua nên không được tính là "
            "bản tin của TP. Hồ Chí Minh.") in reply.text
    assert await store.reports.count() == 0


async def test_visiting_delegation_is_not_a_meeting_report(conversation: Conversation,
                                                           store: Store) -> None:
    visit = (
        "Đoàn công tác tỉnh Lào Cai thăm và làm việc tại tỉnh Yên Bái\n\n"
        "Ngày 10-4, Bí thư Tỉnh ủy Yên Bái tiếp và làm việc với Đoàn công tác tỉnh Lào Cai. "
        "Hai bên trao đổi kinh nghiệm phát triển du lịch. Năm 2023, thu ngân sách nhà nước "
        "trên địa bàn tỉnh Lào Cai đạt 8.500 tỷ đồng. Hai tỉnh thống nhất tăng cường phối hợp, "
        "chia sẻ kinh nghiệm trong thời gian tới."
    )
    reply = await ask(conversation, "/nhap " + visit, chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("❌ Không lưu được báo cáo.")
    assert "không thấy cuộc họp nào" in reply.text
    assert await store.reports.count() == 0


async def test_stored_reply_says_how_the_province_was_found(
    conversation: Conversation, store: Store
) -> None:
    reply = await ask(conversation, "/nhap " + report_files.TEXT, chat_id=ADMIN)
    assert reply is not None and "📍 Tỉnh nhận ra qua: «Tỉnh ủy Lạng Sơn»." in reply.text


async def test_near_duplicate_with_masthead_is_not_pushed_twice_via_nhap(
    conversation: Conversation, store: Store
) -> None:
    """Issue 11 item 4: a copy with a masthead line and other spacing was stored and pushed
    again; near-duplicates were caught only for fetched sources."""
    await follow_everything(conversation)
    first = await ask(conversation, "/nhap " + report_files.TEXT, chat_id=ADMIN)
    assert first is not None and first.text.startswith("✅ Đã lưu bản tin số 1.")
    again = await ask(conversation, "/nhap " + report_files.near_copy(), chat_id=ADMIN)
    assert again is not None
    assert again.text.startswith("Bản tin này trùng với bản tin số 1 đã lưu")
    assert "không lưu và không gửi lại" in again.text
    assert await store.reports.count() == 1
    assert (await store.outbox.delivery_stats(now=NOW)).pending == 1  # the first one only


async def test_report_with_a_changed_figure_is_not_a_near_duplicate(
    conversation: Conversation, store: Store
) -> None:
    """The other side of near-duplicates: a copy whose figure differs is another report
    (merging it would lose the figure the user must read)."""
    await follow_everything(conversation)
    await ask(conversation, "/nhap " + report_files.TEXT, chat_id=ADMIN)
    changed = report_files.near_copy().replace("3.150 tỷ đồng", "3.420 tỷ đồng")
    reply = await ask(conversation, "/nhap " + changed, chat_id=ADMIN)
    assert reply is not None and reply.text.startswith("✅ Đã lưu bản tin số 2.")
    assert await store.reports.count() == 2
