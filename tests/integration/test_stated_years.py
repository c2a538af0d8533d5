"""Reports stored before the engine stopped inventing years (issue 11, item 2): migration 0007
clears the guessed year, and the store reads such rows even before it runs. Both engines."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa

from bot.storage import Store, database_url
from bot.storage.engine import create_engine, downgrade, upgrade
from bot.storage.reports import load_report
from bot.storage.tables import figures, reports
from digest.models import Figure, Meeting, MeetingKind, Report

RECEIVED = datetime(2026, 6, 30, 3, 0, tzinfo=UTC)


def seed_002_as_once_stored() -> tuple[Report, str]:
    """Seed 002 ("Sáng ngày 27/6", no year) as the engine stored it before: the year of the
    day it was received, flagged `year_known: false`."""
    made = Report(
        title="Thường trực Tỉnh ủy cho ý kiến về dự thảo báo cáo sơ kết giữa nhiệm kỳ",
        province="Trà Vinh",
        province_current="Vĩnh Long",
        date=date(2026, 6, 27),
        meeting_kind=MeetingKind.THUONG_TRUC,
        meeting=Meeting(kind=MeetingKind.THUONG_TRUC),
        period="nhiệm kỳ 2020 - 2025",
        figures=(
            Figure(indicator="budget_revenue", label="Thu ngân sách", value=520, unit="tỷ đồng",
                   raw="thu ngân sách đạt 520 tỷ đồng", value_raw="520 tỷ đồng"),
        ),
    )
    legacy = json.loads(made.model_dump_json())
    del legacy["day"], legacy["month"]
    legacy["year_known"] = False
    return made, json.dumps(legacy, ensure_ascii=False)


def test_a_report_stored_with_an_invented_year_loads_without_it() -> None:
    made, legacy = seed_002_as_once_stored()
    loaded = load_report(legacy)
    assert (loaded.date, loaded.day, loaded.month) == (None, 27, 6)
    stated = json.loads(legacy) | {"year_known": True, "date": "2023-12-05"}
    assert load_report(json.dumps(stated)).date == date(2023, 12, 5)


async def test_migration_0007_drops_the_invented_year_of_seed_002(db_url: str) -> None:
    made, legacy = seed_002_as_once_stored()
    async with await Store.connect(db_url) as store:
        added = await store.reports.add(text="seed 002", report=made, source=None, now=RECEIVED)
    engine = create_engine(database_url(db_url))
    try:
        await downgrade(engine, "0006")
        async with engine.begin() as conn:
            await conn.execute(
                sa.update(reports).where(reports.c.id == added.report_id)
                .values(report_json=legacy)
            )
        await upgrade(engine)
        async with engine.connect() as conn:
            row = (await conn.execute(
                sa.select(reports.c.date, reports.c.sort_date, reports.c.report_json)
                .where(reports.c.id == added.report_id)
            )).one()
            figure_dates = (await conn.execute(
                sa.select(figures.c.date).where(figures.c.report_id == added.report_id)
            )).scalars().all()
    finally:
        await engine.dispose()
    assert row.date is None and figure_dates == [None]
    assert row.sort_date == RECEIVED.date()  # sorted by the day it was received
    stored = json.loads(row.report_json)
    assert "year_known" not in stored
    assert (stored["date"], stored["day"], stored["month"]) == (None, 27, 6)
    async with await Store.connect(db_url) as store:
        again = await store.reports.get(added.report_id)
        rows = await store.reports.indicator_latest("budget_revenue")
    assert again is not None and again.report.date is None and again.report.day == 27
    assert [(r.province, r.date, r.day, r.month) for r in rows] == [("Trà Vinh", None, 27, 6)]
