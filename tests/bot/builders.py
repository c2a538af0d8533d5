"""Builders shared by the bot tests: a fixed clock, reports built by hand, a seeded store.

Reports are built directly as `digest.models.Report` values rather than extracted from text,
so these tests pin the bot's behaviour, not the extractor's current output. The report texts
are written for these tests; figures are realistic, not copied from any one report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core import Conversation, Reply, Request
from bot.settings import Settings
from bot.storage import Store
from digest.models import Figure, Meeting, MeetingKind, Report
from digest.provinces import current_province

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 8, 1, 9, 0, tzinfo=TZ)
ADMIN = "4242"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def fixed_clock() -> datetime:
    return NOW


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings that read no config.toml; environment variables still apply unless cleared."""
    values: dict[str, object] = {
        "config_file": tmp_path / "absent.toml",
        "db": str(tmp_path / "bantin.db"),
        "admins": ADMIN,
    }
    values.update(overrides)
    return Settings(**values)


def figure(
    indicator: str | None,
    value_raw: str,
    value: float,
    unit: str,
    *,
    pct: float | None = None,
    basis: str = "kế hoạch",
    yoy: str | None = None,
    period: str | None = "năm 2024",
) -> Figure:
    return Figure(
        indicator=indicator,
        label=indicator or "chỉ tiêu",
        value=value,
        unit=unit,
        pct_of_plan=pct,
        pct_raw=None if pct is None else f"bằng {pct:g}% {basis}",
        pct_basis=None if pct is None else basis,
        yoy_raw=yoy,
        period=period,
        raw=value_raw,
        value_raw=value_raw,
    )


def report(
    province: str,
    day: date,
    title: str,
    figures: Sequence[Figure] = (),
    directives: Sequence[str] = ("Tập trung giải ngân vốn đầu tư công.",),
    kind: MeetingKind = MeetingKind.BCH,
) -> Report:
    return Report(
        title=title,
        province=province,
        province_current=current_province(province),
        date=day,
        day=day.day,
        month=day.month,
        meeting_kind=kind,
        meeting=Meeting(kind=kind, title=title),
        period=f"năm {day.year}",
        figures=tuple(figures),
        directives=tuple(directives),
    )


@dataclass(frozen=True)
class Sample:
    key: str
    text: str
    report: Report


SAMPLES = (
    Sample(
        "bac_kan_2023",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Bắc Kạn lần thứ 14. Thu ngân sách ước đạt "
        "1.010 tỷ đồng. Xây dựng nông thôn mới tiếp tục được quan tâm.",
        report(
            "Bắc Kạn",
            date(2023, 12, 5),
            "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14",
            [
                figure(
                    "budget_revenue",
                    "1.010 tỷ đồng",
                    1010,
                    "tỷ đồng",
                    pct=90,
                    yoy="tăng 5% so với cùng kỳ",
                    period="năm 2023",
                ),
                figure("grdp_growth", "6,33%", 6.33, "%", period="năm 2023"),
            ],
        ),
    ),
    Sample(
        "bac_kan_2023_mid",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Bắc Kạn lần thứ 12 đánh giá 6 tháng đầu năm. "
        "Thu ngân sách đạt 520 tỷ đồng.",
        report(
            "Bắc Kạn",
            date(2023, 7, 14),
            "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12",
            [
                figure(
                    "budget_revenue",
                    "520 tỷ đồng",
                    520,
                    "tỷ đồng",
                    pct=55,
                    period="6 tháng đầu năm 2023",
                )
            ],
        ),
    ),
    Sample(
        "thai_nguyen_2024",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Thái Nguyên. Thu ngân sách năm 2024 đạt "
        "19.500 tỷ đồng, vượt dự toán.",
        report(
            "Thái Nguyên",
            date(2024, 12, 10),
            "Hội nghị Tỉnh ủy Thái Nguyên cuối năm",
            [
                figure(
                    "budget_revenue", "19.500 tỷ đồng", 19500, "tỷ đồng", pct=104, basis="dự toán"
                )
            ],
        ),
    ),
    Sample(
        "ha_noi_2024",
        "Hội nghị Thành ủy Hà Nội. Thu ngân sách trên địa bàn đạt 510 nghìn tỷ đồng.",
        report(
            "Hà Nội",
            date(2024, 12, 20),
            "Hội nghị Thành ủy Hà Nội lần thứ 20",
            [figure("budget_revenue", "510 nghìn tỷ đồng", 510, "nghìn tỷ đồng")],
        ),
    ),
    Sample(
        "quang_ninh_2024",
        "Phiên họp UBND tỉnh Quảng Ninh. Khách du lịch đạt 15 triệu lượt. Xây dựng nông thôn "
        "mới kiểu mẫu được đẩy mạnh.",
        report(
            "Quảng Ninh",
            date(2024, 6, 30),
            "Phiên họp UBND tỉnh tháng 6",
            [figure("tourists", "15 triệu lượt khách", 15, "triệu lượt khách")],
            kind=MeetingKind.UBND,
        ),
    ),
    Sample(
        "cao_bang_markup",
        'Kỳ họp HĐND tỉnh Cao Bằng <đặc biệt> & "chuyên đề". Giải ngân vốn đầu tư công.',
        report(
            "Cao Bằng",
            date(2024, 3, 1),
            'Kỳ họp <chuyên đề> & "bất thường" HĐND tỉnh',
            kind=MeetingKind.HDND,
        ),
    ),
)


async def seed_store(store: Store) -> dict[str, int]:
    """Store every sample; returns their ids by key."""
    ids = {}
    for sample in SAMPLES:
        added = await store.reports.add(
            text=sample.text,
            report=sample.report,
            source=f"https://example.vn/{sample.key}",
            now=NOW,
        )
        ids[sample.key] = added.report_id
    return ids


async def ask(
    conversation: Conversation,
    text: str,
    *,
    chat_id: str = "100",
    sender_id: str | None = None,
    chat_type: str = "private",
    channel: str = "telegram",
    **extra: object,
) -> Reply | None:
    request = Request(
        channel=channel,
        chat_id=chat_id,
        sender_id=sender_id or chat_id,
        text=text,
        chat_type=chat_type,
        bot_username="bantin_test_bot",
        **extra,  # type: ignore[arg-type]
    )
    return await conversation.handle(request)
