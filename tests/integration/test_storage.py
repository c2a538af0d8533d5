"""The store on both engines: dedupe, queries, search, subscribers, leaders, migrations."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.storage import Store, database_url, safe_url
from bot.storage.engine import create_engine, downgrade, upgrade
from bot.storage.tables import metadata
from digest.models import Figure, LeaderFact, LeaderRole, Meeting, MeetingKind, Report

NOW = datetime(2025, 7, 20, 8, 30, tzinfo=UTC)

BUDGET_TEXT = (
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12. Thu ngân sách nhà nước trên địa bàn "
    "ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch; giải quyết việc làm mới cho 10.707 lao động."
)
TOURISM_TEXT = (
    "Phiên họp UBND tỉnh thường kỳ tháng 6. Du lịch phục hồi mạnh, đón hơn 1,2 triệu lượt "
    "khách; tổng thu từ khách du lịch đạt 3.450 tỷ đồng, tăng 18% so với cùng kỳ."
)
FOREST_TEXT = (
    "Kỳ họp thứ 9 HĐND tỉnh khóa X. Tỷ lệ che phủ rừng đạt 73,4%; trồng mới 4.500 ha rừng, "
    "vượt 12% kế hoạch năm."
)


def figure(indicator: str | None, value: float, unit: str = "tỷ đồng", **extra: object) -> Figure:
    return Figure(
        indicator=indicator,
        label=indicator or "chỉ tiêu khác",
        value=value,
        unit=unit,
        raw=f"ước đạt {value:g} {unit}",
        value_raw=f"{value:g} {unit}",
        **extra,  # type: ignore[arg-type]
    )


def report(
    *,
    title: str | None = "Hội nghị Ban Chấp hành Đảng bộ tỉnh",
    province: str | None = "Bắc Kạn",
    current: str | None = "Thái Nguyên",
    day: date | None = date(2022, 7, 14),
    kind: MeetingKind = MeetingKind.BCH,
    figures: tuple[Figure, ...] = (),
    targets: tuple[Figure, ...] = (),
) -> Report:
    return Report(
        title=title,
        province=province,
        province_current=current,
        date=day,
        meeting_kind=kind,
        meeting=Meeting(kind=kind, title=title),
        period="6 tháng đầu năm 2022",
        figures=figures,
        targets=targets,
    )


async def add(store: Store, text: str, made: Report, source: str | None = "src") -> int:
    return (await store.reports.add(text=text, report=made, source=source, now=NOW)).report_id


# --- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@127.0.0.1:5432/test", "postgresql+asyncpg://u@127.0.0.1:5432/test"),
        ("postgres://u:pw@db/bantin", "postgresql+asyncpg://u:pw@db/bantin"),
        ("postgresql+psycopg2://u@db/bantin", "postgresql+asyncpg://u@db/bantin"),
        ("sqlite+aiosqlite:///:memory:", "sqlite+aiosqlite:///:memory:"),
    ],
    ids=["postgresql", "postgres-alias", "other-driver", "memory"],
)
def test_database_url_rewrites_drivers(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_database_url_takes_a_file_path_and_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "data" / "bantin.db"
    url = make_url(database_url(str(path)))
    assert url.drivername == "sqlite+aiosqlite"
    assert url.database == str(path)
    assert path.parent.is_dir()


def test_database_url_creates_the_folder_of_a_sqlite_url(tmp_path: Path) -> None:
    database_url(f"sqlite:///{tmp_path}/made/x.db")
    assert (tmp_path / "made").is_dir()


def test_database_url_refuses_other_engines() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        database_url("mysql://u@db/bantin")


def test_safe_url_masks_the_password() -> None:
    assert "s3cret" not in safe_url("postgresql+asyncpg://bantin:s3cret@db/bantin")


# --- reports ---------------------------------------------------------------------------------


async def test_same_text_is_stored_once(store: Store) -> None:
    first = await store.reports.add(text=BUDGET_TEXT, report=report(), source="a", now=NOW)
    # Same article with other spacing and the old tone placement ("hoà", "uỷ").
    variant = BUDGET_TEXT.replace(" ", "  ").replace("ủy", "uỷ") + "\n"
    again = await store.reports.add(text=variant, report=report(), source="b", now=NOW)
    assert first.created and not again.created
    assert again.report_id == first.report_id
    assert await store.reports.count() == 1


async def test_every_source_is_recorded_once(store: Store) -> None:
    report_id = await add(store, BUDGET_TEXT, report(), source="https://baobackan.vn/a")
    for source in ("https://thainguyen.gov.vn/b", "https://baobackan.vn/a", None):
        await add(store, BUDGET_TEXT, report(), source=source)
    stored = await store.reports.get(report_id)
    assert stored is not None
    assert stored.sources == ["https://baobackan.vn/a", "https://thainguyen.gov.vn/b"]


async def test_concurrent_adds_of_one_text_make_one_report(store: Store) -> None:
    results = await asyncio.gather(
        *(
            store.reports.add(text=FOREST_TEXT, report=report(), source=f"s{i}", now=NOW)
            for i in range(5)
        )
    )
    assert sum(result.created for result in results) == 1
    assert len({result.report_id for result in results}) == 1
    assert await store.reports.count() == 1
    stored = await store.reports.get(results[0].report_id)
    assert stored is not None and sorted(stored.sources) == [f"s{i}" for i in range(5)]


async def test_report_round_trips(store: Store) -> None:
    made = report(
        figures=(figure("thu_ngan_sach", 2099, pct_of_plan=60.1),),
        targets=(figure("grdp_growth", 8.5, unit="%"),),
    )
    report_id = await add(store, BUDGET_TEXT, made, source=None)
    stored = await store.reports.get(report_id)
    assert stored is not None
    assert stored.report == made
    assert stored.text == BUDGET_TEXT
    assert (stored.title, stored.province, stored.province_current) == (
        made.title,
        "Bắc Kạn",
        "Thái Nguyên",
    )
    assert stored.meeting_kind is MeetingKind.BCH
    assert stored.sources == []
    assert stored.created_at == NOW and stored.created_at.tzinfo is not None
    assert await store.reports.get(report_id + 1000) is None


async def test_created_at_is_kept_in_utc(store: Store) -> None:
    hanoi = timezone(timedelta(hours=7))
    local = datetime(2025, 7, 20, 15, 30, tzinfo=hanoi)
    report_id = (
        await store.reports.add(text=FOREST_TEXT, report=report(), source=None, now=local)
    ).report_id
    stored = await store.reports.get(report_id)
    assert stored is not None
    assert stored.created_at == local and stored.created_at.utcoffset() == timedelta(0)


async def test_naive_now_is_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        await store.reports.add(
            text=FOREST_TEXT,
            report=report(),
            source=None,
            now=datetime(2025, 7, 20),  # noqa: DTZ001
        )


async def test_latest_reports_newest_first_a_yearless_report_by_the_day_it_was_received(
    store: Store,
) -> None:
    """Seed 002 ("Sáng ngày 27/6", no year) was listed first by /moinhat under a year made up
    for it; without a stated year a report sorts by the day it was received (NOW, 20/7/2025
    here: after the 2025 report, before nothing else)."""
    old = await add(store, "Báo cáo một", report(day=date(2022, 7, 14)))
    undated = await add(store, "Báo cáo hai", report(day=None))
    new = await add(store, "Báo cáo ba", report(day=date(2025, 1, 10)))
    other = await add(
        store,
        "Báo cáo bốn",
        report(province="Lâm Đồng", current="Lâm Đồng", day=date(2024, 5, 2)),
    )
    latest = await store.reports.latest(limit=10)
    assert [r.id for r in latest] == [undated, new, other, old]
    assert latest[0].date is None
    assert [r.id for r in await store.reports.latest(limit=2, offset=1)] == [new, other]
    in_thai_nguyen = await store.reports.latest(province="Thái Nguyên")
    assert [r.id for r in in_thai_nguyen] == [undated, new, old]
    assert await store.reports.count(province="Thái Nguyên") == 3
    assert await store.reports.count(province="Lâm Đồng") == 1
    assert await store.reports.latest(province="Cà Mau") == []


# --- figures ---------------------------------------------------------------------------------


async def test_indicator_latest_takes_each_province_newest_report(store: Store) -> None:
    await add(
        store,
        "Thái Nguyên 2022",
        report(day=date(2022, 7, 14), figures=(figure("thu_ngan_sach", 2099),)),
    )
    await add(
        store,
        "Thái Nguyên 2024",
        report(day=date(2024, 7, 10), figures=(figure("thu_ngan_sach", 2600),)),
    )
    await add(
        store,
        "Lâm Đồng 2023",
        report(
            province="Lâm Đồng",
            current="Lâm Đồng",
            day=date(2023, 12, 1),
            figures=(figure("thu_ngan_sach", 11000),),
        ),
    )
    # A target and a figure with no province must not be taken for results.
    await add(
        store,
        "Thái Nguyên 2025 mục tiêu",
        report(day=date(2025, 1, 5), targets=(figure("thu_ngan_sach", 3000),)),
    )
    await add(
        store,
        "Không rõ tỉnh",
        report(
            province=None,
            current=None,
            day=date(2025, 2, 1),
            figures=(figure("thu_ngan_sach", 1),),
        ),
    )
    rows = await store.reports.indicator_latest("thu_ngan_sach")
    assert [(r.province_current, r.figure.value) for r in rows] == [
        ("Thái Nguyên", 2600),
        ("Lâm Đồng", 11000),
    ]
    assert rows[0].province == "Bắc Kạn" and rows[0].meeting_kind is MeetingKind.BCH
    assert await store.reports.indicator_latest("khong_co") == []


async def test_indicator_history_is_one_figure_per_report(store: Store) -> None:
    for year, value in ((2021, 1800), (2022, 2099), (2023, 2300), (2024, 2600)):
        await add(
            store,
            f"Báo cáo năm {year}",
            report(
                day=date(year, 7, 1),
                figures=(figure("thu_ngan_sach", value), figure("thu_ngan_sach", value / 10)),
            ),
        )
    history = await store.reports.indicator_history("thu_ngan_sach", "Thái Nguyên", limit=3)
    assert [(r.date, r.figure.value) for r in history] == [
        (date(2024, 7, 1), 2600),
        (date(2023, 7, 1), 2300),
        (date(2022, 7, 1), 2099),
    ]
    assert await store.reports.indicator_history("thu_ngan_sach", "Lâm Đồng") == []


# --- search ----------------------------------------------------------------------------------


@pytest.fixture
async def searchable(store: Store) -> dict[str, int]:
    return {
        "budget": await add(store, BUDGET_TEXT, report(day=date(2022, 7, 14))),
        "tourism": await add(
            store,
            TOURISM_TEXT,
            report(title="Phiên họp UBND tỉnh", kind=MeetingKind.UBND, day=date(2024, 6, 30)),
        ),
        "forest": await add(
            store,
            FOREST_TEXT,
            report(title="Kỳ họp HĐND tỉnh", kind=MeetingKind.HDND, day=date(2023, 12, 10)),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thu ngan sach", "budget"),
        ("THU NGÂN SÁCH", "budget"),
        ("thu ngân sách", "budget"),
        ("khach du lich", "tourism"),
        ("che phu rung", "forest"),
        ("hdnd", "forest"),  # in the title only
        ("ngan sach dulich", "budget"),  # no report has every word: falls back to any word
    ],
    ids=["folded", "upper-case", "diacritics", "tourism", "forest", "title", "any-word"],
)
async def test_search_ignores_case_and_diacritics(
    store: Store, searchable: dict[str, int], query: str, expected: str
) -> None:
    found = await store.reports.search(query)
    assert found and found[0].id == searchable[expected]


async def test_search_ranks_the_closest_match_first(
    store: Store, searchable: dict[str, int]
) -> None:
    found = await store.reports.search("ke hoach ty dong", limit=5)
    assert [r.id for r in found][:1] == [searchable["budget"]]
    assert len(await store.reports.search("ty dong", limit=1)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE reports; --",
        '"',
        "*",
        "NEAR(",
        'thu" OR "x',
        "ngân sách AND NOT",
        "a" * 4000,
        "thu ngan sach " * 300,
        "%_\\",
        "ü ñ 数字 🙂",
    ],
    ids=[
        "sql-injection",
        "quote",
        "star",
        "near",
        "quoted-or",
        "keywords",
        "4000-chars",
        "long-words",
        "like-wildcards",
        "unicode",
    ],
)
async def test_search_tolerates_hostile_input(
    store: Store, searchable: dict[str, int], query: str
) -> None:
    found = await store.reports.search(query)
    assert isinstance(found, list)
    assert await store.reports.count() == 3  # still there


@pytest.mark.parametrize(
    "query", ["", "   ", "!?;", "--"], ids=["empty", "spaces", "punct", "dashes"]
)
async def test_search_without_words_finds_nothing(
    store: Store, searchable: dict[str, int], query: str
) -> None:
    assert await store.reports.search(query) == []


PHRASE_TEXTS = {
    "chaired": "Đồng chí Nguyễn Đức Thanh, Bí thư Tỉnh ủy chủ trì hội nghị.",
    "scattered": "Đồng chí Nguyễn Văn Đức phát biểu. Đoàn công tác tỉnh Thanh Hóa dự họp.",
    "reversed": "Thanh tra tỉnh báo cáo; đồng chí Đức Nguyễn ghi nhận.",
}


async def test_quoted_phrase_finds_only_the_phrase(store: Store) -> None:
    """Issue 11: /timkiem "Nguyễn Đức Thanh" OR'ed the words and put unrelated reports
    first. A phrase in quotes matches its words together, in order, on both engines."""
    ids = {key: await add(store, text, report(title=None)) for key, text in PHRASE_TEXTS.items()}
    for query in ('"Nguyễn Đức Thanh"', "“nguyen duc thanh”", "«NGUYỄN ĐỨC THANH»"):
        page = await store.reports.search_page(query)
        assert [r.id for r in page.reports] == [ids["chaired"]] and page.total == 1, query
        assert page.all_words
    # With another word, both must be there; a quoted query never falls back to any word.
    assert (await store.reports.search_page('"Nguyễn Đức Thanh" hội nghị')).total == 1
    none = await store.reports.search_page('"Nguyễn Đức Thanh" du lịch')
    assert none.total == 0 and none.reports == []
    # Unquoted, every report holding all three words matches.
    assert (await store.reports.search_page("Nguyễn Đức Thanh")).total == 3


async def test_search_pages_and_counts(store: Store) -> None:
    made = [
        await add(store, f"Thu ngân sách quý {n} đạt kế hoạch.", report(day=date(2024, 1, n + 1)))
        for n in range(7)
    ]
    first = await store.reports.search_page("thu ngan sach", limit=3)
    assert first.total == 7 and [r.id for r in first.reports] == made[::-1][:3]
    third = await store.reports.search_page("thu ngan sach", limit=3, offset=6)
    assert [r.id for r in third.reports] == [made[0]]
    beyond = await store.reports.search_page("thu ngan sach", limit=3, offset=9)
    assert beyond.total == 7 and beyond.reports == []
    some = await store.reports.search_page("ngan sach du lich")  # no report holds both: any word
    assert some.total == 7 and not some.all_words


# --- subscribers -----------------------------------------------------------------------------


async def test_subscribe_and_unsubscribe(store: Store) -> None:
    me = await store.audience.upsert("telegram", "1001", name="Lan", now=NOW)
    assert await store.audience.subscribe(me.id, "Thái Nguyên") is True
    assert await store.audience.subscribe(me.id, "Thái Nguyên") is False
    assert await store.audience.subscribe(me.id, None) is True
    assert await store.audience.subscribe(me.id, None) is False
    assert await store.audience.subscribe(me.id, "Cao Bằng") is True
    assert await store.audience.subscriptions(me.id) == [None, "Cao Bằng", "Thái Nguyên"]
    assert await store.audience.unsubscribe(me.id, "Cao Bằng") == 1
    assert await store.audience.unsubscribe(me.id, "Cao Bằng") == 0
    assert await store.audience.unsubscribe(me.id, None) == 2
    assert await store.audience.subscriptions(me.id) == []


async def test_subscribers_for_a_province_include_those_following_all(store: Store) -> None:
    everything = await store.audience.upsert("telegram", "1", now=NOW)
    local = await store.audience.upsert("zalo", "2", now=NOW)
    both = await store.audience.upsert("console", "3", now=NOW)
    elsewhere = await store.audience.upsert("telegram", "4", chat_type="group", now=NOW)
    gone = await store.audience.upsert("telegram", "5", now=NOW)
    await store.audience.subscribe(everything.id, None)
    await store.audience.subscribe(local.id, "Thái Nguyên")
    await store.audience.subscribe(both.id, None)
    await store.audience.subscribe(both.id, "Thái Nguyên")
    await store.audience.subscribe(elsewhere.id, "Lâm Đồng")
    await store.audience.subscribe(gone.id, None)
    await store.audience.deactivate(gone.id)

    def ids(found: list) -> list[int]:
        return [s.id for s in found]

    assert ids(await store.audience.for_province("Thái Nguyên")) == [
        everything.id,
        local.id,
        both.id,
    ]
    assert ids(await store.audience.for_province("Lâm Đồng")) == [
        everything.id,
        both.id,
        elsewhere.id,
    ]
    assert ids(await store.audience.for_province(None)) == [everything.id, both.id]
    assert await store.audience.count() == 4
    assert await store.audience.count(active_only=False) == 5


async def test_upsert_reactivates_and_clears_strikes(store: Store) -> None:
    first = await store.audience.upsert(
        "telegram", "-100200", chat_type="group", name="Nhóm tin tỉnh", now=NOW
    )
    assert first.active and first.strikes == 0 and first.created_at == NOW
    await store.audience.add_strike(first.id, limit=2)
    struck = await store.audience.add_strike(first.id, limit=2)
    assert struck is not None and struck.strikes == 2 and not struck.active
    later = NOW + timedelta(days=3)
    back = await store.audience.upsert("telegram", "-100200", chat_type="supergroup", now=later)
    assert back.id == first.id
    assert back.active and back.strikes == 0
    assert back.name == "Nhóm tin tỉnh"  # not erased by an upsert without a name
    assert back.chat_type == "supergroup"
    assert (back.created_at, back.last_seen_at) == (NOW, later)
    assert await store.audience.get("telegram", "-100200") == back
    assert await store.audience.get("zalo", "-100200") is None


async def test_strikes_clear_after_a_delivery(store: Store) -> None:
    me = await store.audience.upsert("zalo", "z1", now=NOW)
    await store.audience.add_strike(me.id)
    await store.audience.clear_strikes(me.id)
    again = await store.audience.add_strike(me.id, limit=2)
    assert again is not None and again.strikes == 1 and again.active


async def test_concurrent_upserts_and_subscribes_make_one_row(store: Store) -> None:
    subscribers = await asyncio.gather(
        *(store.audience.upsert("telegram", "777", now=NOW) for _ in range(5))
    )
    assert len({s.id for s in subscribers}) == 1
    added = await asyncio.gather(
        *(store.audience.subscribe(subscribers[0].id, None) for _ in range(5))
    )
    assert sorted(added) == [False, False, False, False, True]


async def test_unknown_channel_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown channel"):
        await store.audience.upsert("sms", "1", now=NOW)


# --- leaders and statistics ------------------------------------------------------------------


async def test_leaders_add_list_delete(store: Store) -> None:
    secretary = LeaderFact(
        name="Nguyễn Đức Thanh",
        role=LeaderRole.SECRETARY,
        province="Ninh Thuận",
        start_year=2020,
        source="tinh uy",
    )
    chair = LeaderFact(
        name="Trần Quốc Nam",
        role=LeaderRole.PEOPLES_COMMITTEE_CHAIR,
        province="Ninh Thuận",
        start_year=2021,
    )
    report_id = await add(store, BUDGET_TEXT, report())
    assert await store.leaders.add([secretary, chair, secretary], report_id=report_id) == 2
    changed = secretary.model_copy(update={"end_year": 2025})
    assert await store.leaders.add([changed]) == 0  # a known post is kept as it was
    assert await store.leaders.all() == [secretary, chair]
    assert await store.leaders.delete("Nguyễn Đức Thanh", LeaderRole.SECRETARY, "Ninh Thuận")
    assert not await store.leaders.delete("Nguyễn Đức Thanh", "bi_thu", "Ninh Thuận")
    assert await store.leaders.all() == [chair]
    assert await store.leaders.add([]) == 0


async def test_stats(store: Store) -> None:
    await add(store, BUDGET_TEXT, report())
    one = await store.audience.upsert("telegram", "1", now=NOW)
    two = await store.audience.upsert("telegram", "2", now=NOW)
    await store.audience.subscribe(one.id, None)
    await store.audience.subscribe(two.id, "Thái Nguyên")
    await store.audience.deactivate(two.id)
    stats = await store.stats()
    assert (
        stats.reports,
        stats.subscribers_active,
        stats.subscribers_inactive,
        stats.subscriptions,
        stats.leaders,
    ) == (1, 1, 1, 2, 0)


# --- migrations and connection ---------------------------------------------------------------

TABLES = {"reports", "report_sources", "figures", "subscribers", "subscriptions", "leaders"}


async def _tables(url: str) -> set[str]:
    engine = create_engine(database_url(url))
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    return names


async def test_migrations_go_up_down_and_up_again(db_url: str) -> None:
    engine = create_engine(database_url(db_url))
    try:
        await upgrade(engine)
        assert await _tables(db_url) >= TABLES
        await downgrade(engine, "base")
        assert not (TABLES | {"reports_fts"}) & await _tables(db_url)
        await upgrade(engine)
    finally:
        await engine.dispose()
    async with await Store.connect(db_url) as store:  # connect again: already at head
        await add(store, BUDGET_TEXT, report())
        assert len(await store.reports.search("ngan sach")) == 1


# Full-text search lives outside the declared tables (FTS5 on SQLite, a tsvector on PostgreSQL).
_SEARCH_INDEXES = {"ix_reports_search_vector"}


def _index_drift(conn: sa.Connection) -> list[tuple[str, str]]:
    """Indexes the migrations and `bot/storage/tables.py` disagree on."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    return sorted(
        (d[0], d[1].name)
        for d in diffs
        if isinstance(d, tuple) and d[0] in ("add_index", "remove_index")
        and d[1].name not in _SEARCH_INDEXES
    )


@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection", "ignore:autogenerate skipping"
)
async def test_migrations_build_the_indexes_the_tables_declare(db_url: str) -> None:
    engine = create_engine(database_url(db_url))
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_index_drift) == []
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(database_url(str(tmp_path / "wal.db")))
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.scalar(sa.text("PRAGMA journal_mode")) == "wal"
            assert await conn.scalar(sa.text("PRAGMA foreign_keys")) == 1
    finally:
        await engine.dispose()


async def test_password_never_reaches_the_log(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    url = make_url(database_url(db_url))
    if url.get_backend_name() == "postgresql":
        url = url.set(password="s3cret-pw")  # trust auth ignores it
    caplog.set_level(logging.DEBUG)
    async with await Store.connect(url.render_as_string(hide_password=False)) as store:
        assert "s3cret-pw" not in repr(store)
    assert "storage ready" in caplog.text
    assert "s3cret-pw" not in caplog.text


async def test_stores_opened_together_migrate_once(db_url: str) -> None:
    stores = await asyncio.gather(*(Store.connect(db_url) for _ in range(3)))
    try:
        await add(stores[0], BUDGET_TEXT, report())
        assert [await s.reports.count() for s in stores] == [1, 1, 1]
    finally:
        for opened in stores:
            await opened.aclose()
