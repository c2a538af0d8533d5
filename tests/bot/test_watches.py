"""Indicator watches (issue 13) in the core and the store: what is queued, for whom, when.

A real SQLite file; the outbox rows are read back as the dispatcher would claim them, and
rendered by the delivery renderer the dispatcher uses.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core import Conversation, Services, ingest_text
from bot.delivery.messages import Renderer
from bot.storage import Store
from tests.bot.builders import NOW, TZ, ask

DAK_LAK = (
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh Đắk Lắk lần thứ 12. Thu ngân sách năm 2024 đạt "
    "12.500 tỷ đồng, bằng 118,4% dự toán. Tập trung chỉ đạo giải ngân vốn đầu tư công."
)
CAO_BANG = (
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh Cao Bằng lần thứ 9. Khách du lịch đạt 2 triệu "
    "lượt. Tập trung chỉ đạo giải ngân vốn đầu tư công."
)


async def _claim(store: Store) -> list:
    return await store.outbox.claim_deliveries(
        ["telegram"], worker="t", now=NOW + timedelta(days=8), limit=50, lease=timedelta(minutes=1)
    )


async def test_a_watch_queues_one_line_for_a_report_carrying_it(
    conversation: Conversation, services: Services, store: Store
) -> None:
    await ask(conversation, "/theodoi thu ngan sach")
    await ingest_text(services, CAO_BANG, source="https://example.vn/cb")
    assert await _claim(store) == []  # no watched indicator in it
    stored = await ingest_text(services, DAK_LAK, source="https://example.vn/dl")
    (row,) = await _claim(store)
    assert row.kind == "watch"
    parts = await Renderer(store, TZ).parts(row, html=False, max_length=2000)
    (line,) = parts
    assert line.startswith("🔔 Thu ngân sách · Đắk Lắk: 12.500 tỷ đồng, bằng 118,4% dự toán")
    assert line.endswith(f" · /baocao {stored.report_id}")
    assert "kế hoạch" not in line and line.count("\n") == 0


async def test_a_watch_of_another_province_queues_nothing(
    conversation: Conversation, services: Services, store: Store
) -> None:
    await ask(conversation, "/theodoi thu ngan sach bac kan")
    await ingest_text(services, DAK_LAK, source="https://example.vn/dl")
    assert await _claim(store) == []


async def test_a_paused_chat_gets_no_line(
    conversation: Conversation, services: Services, store: Store
) -> None:
    await ask(conversation, "/theodoi thu ngan sach")
    await ask(conversation, "/lich tat")
    await ingest_text(services, DAK_LAK, source="https://example.vn/dl")
    assert await _claim(store) == []


async def test_a_daily_chat_gets_its_line_with_the_roundup(
    conversation: Conversation, services: Services, store: Store
) -> None:
    await ask(conversation, "/theodoi thu ngan sach tat ca")
    await ask(conversation, "/lich hang ngay 7h")
    await ingest_text(services, DAK_LAK, source="https://example.vn/dl")
    assert await _claim(store) == []  # held for the roundup
    subscriber = await store.audience.get("telegram", "100")
    assert subscriber is not None
    slot = NOW + timedelta(days=1)
    assert await store.watches.release_held(subscriber.id, slot=slot, now=slot) == 1
    assert await store.watches.release_held(subscriber.id, slot=slot, now=slot) == 0
    (row,) = await _claim(store)
    assert row.kind == "watch"


async def test_watches_are_listed_and_removed(conversation: Conversation, store: Store) -> None:
    await ask(conversation, "/theodoi thu ngan sach")
    again = await ask(conversation, "/watch thu ngân sách tất cả")
    assert again is not None and "đã theo dõi" in again.text
    await ask(conversation, "/theodoi tang truong grdp bac kan")
    listed = await ask(conversation, "/cuatoi")
    assert listed is not None
    assert "• Thu ngân sách (tất cả các tỉnh)" in listed.text
    assert "• Tăng trưởng GRDP (Thái Nguyên)" in listed.text
    gone = await ask(conversation, "/huytheodoi")
    assert gone is not None and "Đã thôi theo dõi mọi chỉ tiêu" in gone.text
    subscriber = await store.audience.get("telegram", "100")
    assert subscriber is not None and await store.watches.of_subscriber(subscriber.id) == []


async def test_watch_bad_input_gets_chitieus_answers(conversation: Conversation) -> None:
    for words in ("xyz abc", "du lich"):
        watch = await ask(conversation, f"/theodoi {words}")
        chitieu = await ask(conversation, f"/chitieu {words}")
        assert watch is not None and chitieu is not None
        assert (
            watch.text == chitieu.text.replace("/chitieu", "/theodoi")
            or watch.text == chitieu.text
        )


async def test_lines_held_for_a_roundup_go_out_with_the_next_line_after_instant_again(
    conversation: Conversation, services: Services, store: Store
) -> None:
    """Regression: lines held while on a daily schedule waited for a roundup that never came
    once the chat went back to instant delivery."""
    await ask(conversation, "/theodoi thu ngan sach")
    await ask(conversation, "/lich hang ngay 7h")
    first = await ingest_text(services, DAK_LAK, source="https://example.vn/dl")
    await ask(conversation, "/lich ngay lap tuc")
    second = await ingest_text(
        services, DAK_LAK.replace("12.500", "12.700"), source="https://example.vn/dl2"
    )
    rows = [r for r in await _claim(store) if r.kind == "watch"]
    (row,) = rows
    (line_one, line_two) = (await Renderer(store, TZ).parts(row, html=False, max_length=2000))[
        0
    ].split("\n")
    assert line_one.endswith(f"/baocao {first.report_id}")
    assert line_two.endswith(f"/baocao {second.report_id}")
