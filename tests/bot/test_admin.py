"""/ingest and /stats: admins only; documents, replies and pasted text; refusals store nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core import Attachment, Conversation, Services
from bot.documents import MAX_BYTES
from bot.storage import Store
from tests.bot.builders import ADMIN, SEEDS, ask

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
    assert await store.count_reports() == 0


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
    assert again.text.startswith("Báo cáo này đã có (bản tin số 1)")
    assert await store.count_reports() == 1
    stored = await store.get_report(1)
    assert stored is not None and stored.sources == [
        f"telegram:{ADMIN}/bac-kan.txt", f"telegram:{ADMIN}/copy.txt"
    ]


async def test_admin_pastes_text(conversation: Conversation, store: Store) -> None:
    reply = await ask(conversation, "/nhap " + SEED.read_text(encoding="utf-8"), chat_id=ADMIN)
    assert reply is not None and "Đã lưu bản tin số 1" in reply.text
    assert (await store.count_reports()) == 1


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
        (attachment("scan.pdf", b"%PDF-1.7 binary"), "Chỉ nhận tệp .txt hoặc .html."),
        (attachment("empty.txt", b"   "), "Tệp trống"),
        (attachment("english.txt", ENGLISH.encode()), "Nội dung không phải tiếng Việt."),
        (attachment("latin1.txt", "Thu ngân sách".encode("utf-16")), "không phải văn bản"),
        (attachment("bongda.txt", NOT_A_REPORT.encode()), "không giống báo cáo"),
        (never_fetched("huge.txt", MAX_BYTES + 1), "lớn hơn 5 MB"),
    ],
    ids=["pdf", "empty", "english", "binary", "not-a-report", "too-large"],
)
async def test_documents_refused_store_nothing(
    conversation: Conversation, store: Store, document: Attachment, expected: str
) -> None:
    reply = await ask(conversation, "/ingest", chat_id=ADMIN, attachment=document)
    assert reply is not None and reply.text.startswith("❌ Không lưu được báo cáo.")
    assert expected in reply.text
    assert await store.count_reports() == 0


async def test_ingest_without_anything_explains(conversation: Conversation) -> None:
    reply = await ask(conversation, "/nhap", chat_id=ADMIN)
    assert reply is not None and reply.template == "missing_argument"
    assert "tệp báo cáo (.txt hoặc .html)" in reply.text


async def test_new_report_goes_through_the_delivery_hook(services: Services,
                                                         store: Store) -> None:
    seen = []

    async def hook(store_: Store, added: object, report: object) -> int:
        seen.append(added)
        return 3

    conversation = Conversation(replace(services, on_new_report=hook))
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
