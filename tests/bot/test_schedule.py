"""/lich and roundups: parsing the modes, computing local roundup times, queuing roundups with
a controllable clock (no sleeping), and what a roundup says."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.core import Conversation, Services
from bot.core.schedule import (
    Mode,
    Schedule,
    ScheduleProblem,
    latest_slot,
    next_slot,
)
from bot.core.schedule_words import Ambiguous, read_schedule
from bot.delivery.messages import Renderer
from bot.delivery.roundups import RoundupPlanner, trigger_for
from bot.storage import Store
from bot.storage.outbox import Claimed
from tests.bot.builders import NOW, TZ, ask, report

PARSED = [
    # Issue 11: "ngày" (a day) meant "at once"; "hằng ngày", "mỗi ngày" were not understood.
    ("ngày", Schedule(Mode.DAILY, time(7, 0))),
    ("hằng ngày", Schedule(Mode.DAILY, time(7, 0))),
    ("mỗi ngày", Schedule(Mode.DAILY, time(7, 0))),
    ("hang ngay", Schedule(Mode.DAILY, time(7, 0))),
    ("mỗi ngày 7h", Schedule(Mode.DAILY, time(7, 0))),
    ("7 giờ sáng", Schedule(Mode.DAILY, time(7, 0))),
    ("5 giờ chiều", Schedule(Mode.DAILY, time(17, 0))),
    ("8 giờ tối", Schedule(Mode.DAILY, time(20, 0))),
    ("hằng ngày lúc 7 rưỡi", Schedule(Mode.DAILY, time(7, 30))),
    ("thứ Sáu 17h", Schedule(Mode.WEEKLY, time(17, 0), 4)),
    ("mỗi thứ Sáu", Schedule(Mode.WEEKLY, time(7, 0), 4)),
    ("chiều thứ Hai", Schedule(Mode.WEEKLY, time(17, 0), 0)),
    ("T6 17h", Schedule(Mode.WEEKLY, time(17, 0), 4)),
    ("Ngay lap tuc", Schedule()),
    ("ngay lập tức", Schedule()),
    ("nhận ngay", Schedule()),  # written with accents: "ngay" is "at once"
    ("07:00", Schedule(Mode.DAILY, time(7, 0))),
    ("7:05", Schedule(Mode.DAILY, time(7, 5))),
    ("7h", Schedule(Mode.DAILY, time(7, 0))),
    ("17h30", Schedule(Mode.DAILY, time(17, 30))),
    ("19 giờ", Schedule(Mode.DAILY, time(19, 0))),
    ("hằng ngày 6:45", Schedule(Mode.DAILY, time(6, 45))),
    ("tuần", Schedule(Mode.WEEKLY, time(7, 0), 0)),
    ("tuan thu6 17:00", Schedule(Mode.WEEKLY, time(17, 0), 4)),
    ("tuần thứ 2 8:00", Schedule(Mode.WEEKLY, time(8, 0), 0)),
    ("hàng tuần thứ bảy", Schedule(Mode.WEEKLY, time(7, 0), 5)),
    ("tuan cn 20h", Schedule(Mode.WEEKLY, time(20, 0), 6)),
    ("chủ nhật 9:00", Schedule(Mode.WEEKLY, time(9, 0), 6)),
    ("t3", Schedule(Mode.WEEKLY, time(7, 0), 1)),
    ("tắt", Schedule(Mode.OFF)),
    ("tam dung", Schedule(Mode.OFF)),
]


@pytest.mark.parametrize(("typed", "expected"), PARSED, ids=[p[0] for p in PARSED])
def test_read_schedule(typed: str, expected: Schedule) -> None:
    assert read_schedule(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "25:00",
        "7:61",
        "sang mai",
        "tuan 7:00 8:00 thu9",
        "abc",
        "7h 8h",
        "17h sáng",
        "sáng chiều",
        "ngay lap tuc 7h",
        "tat hang ngay",
    ],
)
def test_read_schedule_refuses(typed: str) -> None:
    with pytest.raises(ScheduleProblem):
        read_schedule(typed)


@pytest.mark.parametrize(
    ("typed", "kind", "commands"),
    [
        ("ngay", "ngay", ["/lich ngay lap tuc", "/lich hang ngay 7h"]),
        ("5h", "hour", ["/lich hang ngay 5h sang", "/lich hang ngay 17h"]),
        ("thu 6 4:30", "hour", ["/lich thu sau 4h30 sang", "/lich thu sau 16h30"]),
    ],
)
def test_ambiguous_schedule_is_asked_back(typed: str, kind: str, commands: list[str]) -> None:
    asked = read_schedule(typed)
    assert isinstance(asked, Ambiguous) and asked.kind == kind
    assert [choice.command for choice in asked.choices] == commands
    for choice in asked.choices:  # each offered command means what it offers
        assert read_schedule(choice.command.removeprefix("/lich ")) == choice.schedule


FRIDAY = datetime(2025, 11, 21, 7, 0, tzinfo=TZ)
SLOTS = [
    # (schedule, now, latest, next)
    (Schedule(Mode.DAILY, time(7, 0)), FRIDAY, FRIDAY, FRIDAY + timedelta(days=1)),
    (
        Schedule(Mode.DAILY, time(7, 0)),
        FRIDAY - timedelta(minutes=1),
        FRIDAY - timedelta(days=1),
        FRIDAY,
    ),
    (Schedule(Mode.WEEKLY, time(7, 0), 4), FRIDAY, FRIDAY, FRIDAY + timedelta(days=7)),
    (
        Schedule(Mode.WEEKLY, time(7, 0), 0),
        FRIDAY,
        FRIDAY - timedelta(days=4),
        FRIDAY + timedelta(days=3),
    ),
    (
        Schedule(Mode.WEEKLY, time(23, 0), 6),
        FRIDAY,
        datetime(2025, 11, 16, 23, 0, tzinfo=TZ),
        datetime(2025, 11, 23, 23, 0, tzinfo=TZ),
    ),
]


@pytest.mark.parametrize(("schedule", "now", "latest", "upcoming"), SLOTS)
def test_roundup_times(
    schedule: Schedule, now: datetime, latest: datetime, upcoming: datetime
) -> None:
    assert latest_slot(schedule, now) == latest
    assert next_slot(schedule, now) == upcoming


def test_instant_and_off_have_no_roundup_time() -> None:
    assert latest_slot(Schedule(), FRIDAY) is None
    assert next_slot(Schedule(Mode.OFF), FRIDAY) is None
    assert trigger_for(Schedule(), TZ) is None


def test_trigger_fires_at_local_time() -> None:
    trigger = trigger_for(Schedule(Mode.DAILY, time(7, 0)), TZ)
    assert trigger is not None
    fired = trigger.get_next_fire_time(None, datetime(2025, 11, 20, 23, 0, tzinfo=TZ))
    assert fired == datetime(2025, 11, 21, 7, 0, tzinfo=TZ)
    assert fired.utcoffset() == timedelta(hours=7)  # 00:00 UTC


# --- the command ------------------------------------------------------------------------------

LICH = [
    ("/lich", "Lịch nhận bản tin hiện tại: ngay khi có bản tin mới."),
    ("/schedule", "Lịch nhận bản tin hiện tại: ngay khi có bản tin mới."),
    ("/lich 7:00", "✅ Đã đổi lịch nhận bản tin: gộp một lần mỗi ngày lúc 07:00."),
    ("/lich 7:00", "Lần gửi tới: 07:00 ngày 2/8/2025 (giờ Việt Nam)."),
    ("/lich tuan thu6 17h", "gộp một lần mỗi tuần, thứ Sáu lúc 17:00"),
    ("/lich tuan thu6 17h", "Lần gửi tới: 17:00 ngày 1/8/2025"),
    ("/lich tat", "tạm dừng, không gửi bản tin nào"),
    ("/lich ngay lap tuc", "✅ Đã đổi lịch nhận bản tin: ngay khi có bản tin mới."),
    ("/lich hằng ngày", "✅ Đã đổi lịch nhận bản tin: gộp một lần mỗi ngày lúc 07:00."),
    (
        "/lich hằng ngày",
        "Bạn chưa nêu giờ nên bot chọn 07:00; đổi giờ, ví dụ: /lich hang ngay 17h",
    ),
    ("/lich thứ Sáu 17h", "gộp một lần mỗi tuần, thứ Sáu lúc 17:00"),
    ("/lich ngay", "«ngay» có thể là «ngay» (nhận ngay khi có bản tin) hoặc «ngày»"),
    ("/lich ngay", "• gộp một lần mỗi ngày lúc 07:00: /lich hang ngay 7h"),
    ("/lich 5h", "«5h» là giờ sáng hay giờ chiều?"),
    ("/lich sang mai", "Không hiểu lịch «sang mai»."),
    ("/lich sang mai", "/lich thu sau 17h"),
]


@pytest.mark.parametrize(("line", "expected"), LICH)
async def test_lich_command(conversation: Conversation, line: str, expected: str) -> None:
    await ask(conversation, "/dangky tat ca")
    reply = await ask(conversation, line)
    assert reply is not None and reply.template == "schedule"
    assert expected in reply.text


async def test_lich_shows_the_mode_chosen(conversation: Conversation) -> None:
    await ask(conversation, "/dangky bac kan")
    await ask(conversation, "/lich tuan cn 20:00")
    reply = await ask(conversation, "/lich")
    assert reply is not None
    assert "Lịch nhận bản tin hiện tại: gộp một lần mỗi tuần, Chủ nhật lúc 20:00." in reply.text
    assert "<b>gộp một lần mỗi tuần, Chủ nhật lúc 20:00</b>" in reply.html


async def test_lich_before_subscribing(conversation: Conversation) -> None:
    reply = await ask(conversation, "/lich 7:00")
    assert reply is not None and "Bạn chưa đăng ký nhận bản tin nào" in reply.text


# --- roundups ----------------------------------------------------------------------------------

NEW_REPORTS = [
    ("Bắc Kạn", "Hội nghị Ban Thường vụ Tỉnh ủy tháng 7"),
    ("Hà Giang", "Hội nghị Ban Chấp hành Đảng bộ tỉnh giữa năm"),
    ("Cao Bằng", "Phiên họp thường kỳ UBND tỉnh tháng 7"),
]


async def _store_reports(store: Store, rows: list[tuple[str, str]], now: datetime) -> list[int]:
    ids = []
    for number, (province, title) in enumerate(rows):
        text = f"{title} ({province}, {number}). Thu ngân sách đạt 1.000 tỷ đồng."
        added = await store.reports.add(
            text=text,
            report=report(province, date(2025, 7, 30), title),
            source=None,
            now=now,
            queue=True,
        )
        ids.append(added.report_id)
    return ids


async def _claim_all(store: Store, now: datetime) -> list[Claimed]:
    return await store.outbox.claim_deliveries(
        ["telegram"], worker="test", now=now, limit=100, lease=timedelta(minutes=1)
    )


async def test_daily_roundup_fires_at_the_local_time(
    conversation: Conversation, services: Services, store: Store, ids: dict[str, int]
) -> None:
    await ask(conversation, "/dangky tat ca")
    await ask(conversation, "/lich 07:00")  # at NOW: 1 August, 09:00
    new = await _store_reports(store, NEW_REPORTS, NOW + timedelta(hours=2))
    assert await _claim_all(store, NOW + timedelta(hours=3)) == []  # no instant digests

    planner = RoundupPlanner(store, TZ, services.clock)
    next_day = datetime(2025, 8, 2, 7, 0, tzinfo=TZ)
    assert await planner.run_due(next_day - timedelta(minutes=1)) == 0
    assert await planner.run_due(next_day) == 1
    assert await planner.run_due(next_day + timedelta(minutes=5)) == 0  # once per slot

    (roundup,) = await _claim_all(store, next_day)
    assert roundup.kind == "roundup"
    (text,) = await Renderer(store, TZ).parts(roundup, html=False, max_length=4096)
    lines = text.splitlines()
    assert lines[0] == "📰 Bản tin 07:00 ngày 02/08: 3 hội nghị mới"
    assert "1. Hội nghị Ban Thường vụ Tỉnh ủy tháng 7" in lines
    assert "   📍 Bắc Kạn (nay thuộc Thái Nguyên) · 30/7/2025" in lines
    assert [line.strip() for line in lines if "/baocao" in line] == [
        f"Xem: /baocao {report_id}" for report_id in new
    ]
    (html,) = await Renderer(store, TZ).parts(roundup, html=True, max_length=4096)
    assert html.startswith("📰 <b>Bản tin 07:00 ngày 02/08: 3 hội nghị mới</b>")


async def test_roundup_only_has_followed_provinces_and_nothing_twice(
    conversation: Conversation, services: Services, store: Store, ids: dict[str, int]
) -> None:
    await ask(conversation, "/dangky cao bang")
    await ask(conversation, "/lich 18:00")
    await _store_reports(store, NEW_REPORTS, NOW)
    planner = RoundupPlanner(store, TZ, services.clock)
    evening = datetime(2025, 8, 1, 18, 0, tzinfo=TZ)
    assert await planner.run_due(evening) == 1
    (roundup,) = await _claim_all(store, evening)
    (text,) = await Renderer(store, TZ).parts(roundup, html=False, max_length=4096)
    assert text.splitlines()[0].endswith(": 1 hội nghị mới")
    assert "Cao Bằng" in text and "Bắc Kạn" not in text
    # The next evening: nothing arrived since, so no roundup at all.
    assert await planner.run_due(evening + timedelta(days=1)) == 0


async def test_missed_roundup_is_sent_when_the_bot_starts_again(
    conversation: Conversation, services: Services, store: Store, ids: dict[str, int]
) -> None:
    await ask(conversation, "/dangky tat ca")
    await ask(conversation, "/lich 7:00")
    await _store_reports(store, NEW_REPORTS[:1], NOW)
    planner = RoundupPlanner(store, TZ, services.clock)
    # Down from 06:00 to 09:30 on 2 August: the 07:00 roundup goes out at start-up.
    assert await planner.run_due(datetime(2025, 8, 2, 9, 30, tzinfo=TZ)) == 1
    assert await planner.run_due(datetime(2025, 8, 2, 10, 0, tzinfo=TZ)) == 0


async def test_weekly_roundup(
    conversation: Conversation, services: Services, store: Store, ids: dict[str, int]
) -> None:
    await ask(conversation, "/dangky tat ca")
    await ask(conversation, "/lich tuan thu2 08:00")  # NOW is Friday 1 August
    await _store_reports(store, NEW_REPORTS, NOW)
    planner = RoundupPlanner(store, TZ, services.clock)
    assert await planner.run_due(datetime(2025, 8, 3, 8, 0, tzinfo=TZ)) == 0  # Sunday
    assert await planner.run_due(datetime(2025, 8, 4, 8, 0, tzinfo=TZ)) == 1  # Monday


async def test_jobs_rebuilt_from_the_database(
    conversation: Conversation, services: Services, store: Store
) -> None:
    await ask(conversation, "/dangky tat ca", chat_id="1")
    await ask(conversation, "/lich 7:00", chat_id="1")
    await ask(conversation, "/dangky tat ca", chat_id="2")
    await ask(conversation, "/lich tuan thu6 17:00", chat_id="2")
    await ask(conversation, "/dangky tat ca", chat_id="3")
    await ask(conversation, "/lich 7:00", chat_id="3")
    planner = RoundupPlanner(store, TZ, services.clock)
    await planner.start()
    try:
        assert planner.next_fire_times(NOW) == [
            datetime(2025, 8, 1, 17, 0, tzinfo=TZ),  # Friday 17:00, later today
            datetime(2025, 8, 2, 7, 0, tzinfo=TZ),
        ]
    finally:
        await planner.stop()


async def test_paused_and_roundup_subscribers_get_no_instant_digest(
    conversation: Conversation, store: Store
) -> None:
    for chat, mode in (("1", "ngay"), ("2", "tat"), ("3", "7:00")):
        await ask(conversation, "/dangky tat ca", chat_id=chat)
        await ask(conversation, f"/lich {mode}", chat_id=chat)
    (report_id,) = await _store_reports(store, NEW_REPORTS[:1], NOW)
    claimed = await _claim_all(store, NOW)
    assert [(row.chat_id, row.kind, row.report_id) for row in claimed] == [
        ("1", "report", report_id)
    ]


async def test_back_to_instant_sends_what_was_waiting(
    conversation: Conversation, store: Store
) -> None:
    await ask(conversation, "/dangky tat ca")
    await ask(conversation, "/lich 7:00")
    await _store_reports(store, NEW_REPORTS[:2], NOW)
    reply = await ask(conversation, "/lich ngay lap tuc")
    assert reply is not None and "Các bản tin đang chờ sẽ được gửi ngay." in reply.text
    (roundup,) = await _claim_all(store, NOW)
    assert roundup.kind == "roundup"
    (text,) = await Renderer(store, TZ).parts(roundup, html=False, max_length=4096)
    assert text.startswith("📰 Bản tin 09:00 ngày 01/08: 2 hội nghị mới")
