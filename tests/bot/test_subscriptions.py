"""/subscribe, /unsubscribe, /subscriptions: spellings, old names, groups, repeats."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.app import build_conversation, build_services
from bot.core import Conversation
from bot.core.contacts import RECHECK_AFTER
from bot.storage import Store
from tests.bot.builders import NOW, ask, make_settings, report


async def followed(store: Store, chat_id: str = "100") -> list[str | None] | None:
    subscriber = await store.audience.get("telegram", chat_id)
    return None if subscriber is None else await store.audience.subscriptions(subscriber.id)


@pytest.mark.parametrize(
    ("line", "province", "shown", "merged_note"),
    [
        ("/dangky bac kan", "Thái Nguyên", "Thái Nguyên", True),
        ("/dangky Bắc Kạn", "Thái Nguyên", "Thái Nguyên", True),
        ("/dangky Bac Can", "Thái Nguyên", "Thái Nguyên", True),
        ("/subscribe thai nguyen", "Thái Nguyên", "Thái Nguyên", False),
        ("/dangky thai ngyen", "Thái Nguyên", "Thái Nguyên", False),
        ("/dangky ha noi", "Hà Nội", "Hà Nội", False),
        ("/dangky TP.HCM", "Hồ Chí Minh", "TP. Hồ Chí Minh", False),
        ("/dangky binh duong", "Hồ Chí Minh", "TP. Hồ Chí Minh", True),
    ],
)
async def test_subscribe_to_a_province(
    conversation: Conversation, store: Store, line: str, province: str, shown: str,
    merged_note: bool,
) -> None:
    reply = await ask(conversation, line)
    assert reply is not None and reply.template == "subscribe"
    assert f"✅ Đã đăng ký nhận bản tin của {shown}." in reply.text
    assert ("đã sáp nhập vào" in reply.text) is merged_note
    assert await followed(store) == [province]


@pytest.mark.parametrize("words", ["tat ca", "Tất cả", "TAT CA", "all"])
async def test_subscribe_to_every_province(
    conversation: Conversation, store: Store, words: str
) -> None:
    reply = await ask(conversation, f"/dangky {words}")
    assert reply is not None and "tất cả các tỉnh, thành phố" in reply.text
    assert await followed(store) == [None]


async def test_subscribing_twice_says_so(conversation: Conversation, store: Store) -> None:
    await ask(conversation, "/dangky bac kan")
    again = await ask(conversation, "/dangky thai nguyen")
    assert again is not None and "từ trước" in again.text
    assert await followed(store) == ["Thái Nguyên"]


async def test_unknown_province_subscribes_nothing(conversation: Conversation,
                                                   store: Store) -> None:
    reply = await ask(conversation, "/dangky bac")
    assert reply is not None and reply.template == "did_you_mean"
    assert reply.buttons[0].command.startswith("/dangky ")
    assert await followed(store) is None


async def test_group_subscribes_as_a_group(conversation: Conversation, store: Store) -> None:
    reply = await ask(conversation, "/dangky@bantin_test_bot ha noi", chat_id="-1001",
                      sender_id="7", chat_type="supergroup", sender_name="Văn phòng Tỉnh ủy")
    assert reply is not None and "Nhóm sẽ nhận bản tin mới" in reply.text
    subscriber = await store.audience.get("telegram", "-1001")
    assert subscriber is not None and subscriber.chat_type == "supergroup"
    assert subscriber.name == "Văn phòng Tỉnh ủy"


async def test_subscriptions_listed(conversation: Conversation) -> None:
    empty = await ask(conversation, "/cuatoi")
    assert empty is not None and "Bạn chưa đăng ký" in empty.text
    await ask(conversation, "/dangky ha noi")
    await ask(conversation, "/dangky bac kan")
    await ask(conversation, "/dangky tat ca")
    listed = await ask(conversation, "/subscriptions")
    assert listed is not None
    assert "• Tất cả các tỉnh, thành phố\n• Hà Nội\n• Thái Nguyên" in listed.text


@pytest.mark.parametrize("spelling", ["bac kan", "Thái Nguyên", "thai nguyen"])
async def test_unsubscribe_one(conversation: Conversation, store: Store, spelling: str) -> None:
    await ask(conversation, "/dangky thai nguyen")
    await ask(conversation, "/dangky ha noi")
    reply = await ask(conversation, f"/huydangky {spelling}")
    assert reply is not None and "✅ Đã hủy đăng ký bản tin của Thái Nguyên." in reply.text
    assert await followed(store) == ["Hà Nội"]


async def test_unsubscribe_everything(conversation: Conversation, store: Store) -> None:
    await ask(conversation, "/dangky thai nguyen")
    await ask(conversation, "/dangky tat ca")
    reply = await ask(conversation, "/unsubscribe")
    assert reply is not None and "Đã hủy mọi đăng ký" in reply.text
    assert await followed(store) == []


async def test_unsubscribe_what_was_never_followed(conversation: Conversation) -> None:
    nothing = await ask(conversation, "/huydangky ha noi")
    assert nothing is not None and "Bạn chưa đăng ký nhận bản tin nào" in nothing.text
    await ask(conversation, "/dangky ha noi")
    other = await ask(conversation, "/huydangky ca mau")
    assert other is not None and "Bạn chưa đăng ký bản tin của Cà Mau" in other.text


async def queued_for(store: Store, province: str, key: str) -> bool:
    """Whether a new report of `province` is queued for the test's one chat."""
    added = await store.reports.add(
        text=f"Hội nghị Tỉnh ủy {province} {key}.",
        report=report(province, date(2025, 7, 30), key), source=None, now=NOW, queue=True,
    )
    queued = added.queued
    assert added.created and queued in (0, 1)
    return queued == 1


async def test_unsubscribe_one_province_under_all_stops_its_reports(
    conversation: Conversation, store: Store
) -> None:
    """Issue 11: "/huydangky thai nguyen" under "tất cả" said it unsubscribed while the user
    kept receiving Thái Nguyên. It now means every province except Thái Nguyên."""
    await ask(conversation, "/dangky tat ca")
    reply = await ask(conversation, "/huydangky bac kan")  # an old name of Thái Nguyên
    assert reply is not None
    assert "✅ Đã ngừng nhận bản tin của Thái Nguyên." in reply.text
    assert "vẫn nhận bản tin của tất cả các tỉnh, thành phố khác" in reply.text
    assert "Nhận lại: /dangky thai nguyen" in reply.text
    assert not await queued_for(store, "Thái Nguyên", "a")
    assert await queued_for(store, "Hà Nội", "b")
    listed = await ask(conversation, "/cuatoi")
    assert listed is not None and "• Tất cả các tỉnh, thành phố, trừ Thái Nguyên" in listed.text
    again = await ask(conversation, "/huydangky thai nguyen")
    assert again is not None and "đã ngừng nhận bản tin của Thái Nguyên từ trước" in again.text
    back = await ask(conversation, "/dangky thai nguyen")
    assert back is not None and "✅ Đã nhận lại bản tin của Thái Nguyên." in back.text
    assert await queued_for(store, "Thái Nguyên", "c")
    listed = await ask(conversation, "/cuatoi")
    assert listed is not None and "trừ" not in listed.text


async def test_subscribe_to_a_province_already_covered_by_all(
    conversation: Conversation, store: Store
) -> None:
    await ask(conversation, "/dangky tat ca")
    reply = await ask(conversation, "/dangky tp hcm")
    assert reply is not None
    assert "tất cả các tỉnh, thành phố, trong đó có TP. Hồ Chí Minh" in reply.text
    assert await followed(store) == [None]


async def test_subscribe_to_all_takes_back_every_exclusion(
    conversation: Conversation, store: Store
) -> None:
    await ask(conversation, "/dangky tat ca")
    await ask(conversation, "/huydangky ha noi")
    await ask(conversation, "/huydangky tp hcm")
    reply = await ask(conversation, "/dangky tat ca")
    assert reply is not None and "(Hà Nội, TP. Hồ Chí Minh) cũng được nhận lại" in reply.text
    assert await queued_for(store, "Hà Nội", "d")
    everything = await ask(conversation, "/huydangky")
    assert everything is not None and "Đã hủy mọi đăng ký" in everything.text
    assert not await queued_for(store, "Cà Mau", "e")


async def test_a_chat_marked_inactive_resumes_at_its_first_message_after_the_recheck(
    store: Store, tmp_path: Path
) -> None:
    """The resume check runs once per burst (bot.core.contacts): a chat marked inactive
    within a minute of its last message resumes at its first message a minute later."""
    moments = [NOW]
    services = await build_services(make_settings(tmp_path), store=store,
                                     clock=lambda: moments[0])
    conversation = build_conversation(services)
    await ask(conversation, "/dangky ha noi")
    subscriber = await store.audience.get("telegram", "100")
    assert subscriber is not None
    await store.audience.deactivate(subscriber.id)  # its deliveries failed meanwhile
    moments[0] = NOW + RECHECK_AFTER - timedelta(seconds=1)
    await ask(conversation, "/tinh ha noi")
    assert not (await store.audience.get("telegram", "100")).active  # same burst: not asked
    moments[0] = NOW + RECHECK_AFTER
    await ask(conversation, "/tinh ha noi")
    assert (await store.audience.get("telegram", "100")).active
