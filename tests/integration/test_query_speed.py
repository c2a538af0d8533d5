"""The fast chat queries answer what the slow ones did, on both engines.

`latest_figures` (kept by reports.add, filled by migration 0004) must give the same rows as
ranking every figure; search over a bounded window must give the same results as ranking
every match while fewer reports match than the window holds. No timings here: see
bench/query_latency.py.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from bot.storage import Store, database_url
from bot.storage import search as search_module
from bot.storage.engine import create_engine, downgrade, upgrade
from bot.storage.search import fts5_match, search_terms, tsquery
from digest.models import Figure, Meeting, MeetingKind, Report

NOW = datetime(2025, 7, 20, 8, 30, tzinfo=UTC)

# Province before the 2025 merger -> after it.
PROVINCES = {
    "Bắc Kạn": "Thái Nguyên",
    "Thái Nguyên": "Thái Nguyên",
    "Ninh Thuận": "Khánh Hòa",
    "Lâm Đồng": "Lâm Đồng",
    None: None,
}
DATES = (None, date(2022, 7, 14), date(2023, 12, 5), date(2024, 6, 30), date(2024, 6, 30))
INDICATORS = ("budget_revenue", "grdp", "export", None)


def figure(indicator: str | None, value: float) -> Figure:
    return Figure(
        indicator=indicator,
        label=indicator or "chỉ tiêu khác",
        value=value,
        unit="tỷ đồng",
        raw=f"ước đạt {value:g} tỷ đồng",
        value_raw=f"{value:g} tỷ đồng",
    )


def report(
    province: str | None,
    day: date | None,
    figures: tuple[Figure, ...] = (),
    targets: tuple[Figure, ...] = (),
    title: str = "Hội nghị Ban Chấp hành Đảng bộ tỉnh",
) -> Report:
    return Report(
        title=title,
        province=province,
        province_current=PROVINCES[province],
        date=day,
        meeting_kind=MeetingKind.BCH,
        meeting=Meeting(kind=MeetingKind.BCH, title=title),
        period=None,
        figures=figures,
        targets=targets,
    )


def random_reports(rng: random.Random, count: int) -> list[tuple[str, Report]]:
    """Reports over a few provinces and dates (some undated, some on the same day), each
    with a few figures, several of one indicator, some with none known."""
    made = []
    for n in range(count):
        figures = tuple(
            figure(rng.choice(INDICATORS), float(rng.randrange(1, 10_000)))
            for _ in range(rng.randrange(4))
        )
        targets = tuple(
            figure(rng.choice(INDICATORS), float(rng.randrange(1, 10_000)))
            for _ in range(rng.randrange(2))
        )
        province = rng.choice(list(PROVINCES))
        made.append((f"Báo cáo số {n}", report(province, rng.choice(DATES), figures, targets)))
    return made


def newest_first(item: tuple[int, Report]) -> tuple[int, int]:
    """The order the store shows reports in: date descending, a report without a stated year
    on the day it was received (NOW), then id."""
    report_id, made = item
    return (-(made.date or NOW.date()).toordinal(), -report_id)


def expected_latest(
    stored: dict[int, Report], indicator: str
) -> list[tuple[str, str, int, float]]:
    """Per province that reported (as it was then), the indicator's first result figure in
    its newest report: by hand."""
    found: dict[tuple[str, str], tuple[str, str, int, float]] = {}
    for report_id, made in sorted(stored.items(), key=newest_first):
        current = made.province_current
        key = (current, made.province or current)
        if current is None or key in found:
            continue
        for item in made.figures:
            if item.indicator == indicator:
                found[key] = (*key, report_id, item.value)
                break
    return sorted(found.values())


async def latest_as_tuples(store: Store, indicator: str) -> list[tuple[str, str, int, float]]:
    rows = await store.reports.indicator_latest(indicator)
    return sorted((r.province_current, r.province, r.report_id, r.figure.value) for r in rows)


async def add_all(store: Store, made: list[tuple[str, Report]]) -> dict[int, Report]:
    stored = {}
    for text, item in made:
        added = await store.reports.add(text=text, report=item, source=None, now=NOW)
        stored[added.report_id] = item
    return stored


# --- latest figure per province --------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_latest_figures_agree_with_ranking_every_figure(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    made = random_reports(rng, 40)
    rng.shuffle(made)  # older reports arrive after newer ones too
    stored = await add_all(store, made)
    for indicator in INDICATORS[:-1]:
        assert await latest_as_tuples(store, indicator) == expected_latest(stored, indicator)


async def test_an_older_report_added_later_does_not_replace_the_newest(store: Store) -> None:
    await add_all(
        store,
        [
            ("Báo cáo 2024", report("Bắc Kạn", date(2024, 6, 30), (figure("grdp", 2024),))),
            ("Báo cáo 2022", report("Bắc Kạn", date(2022, 7, 14), (figure("grdp", 2022),))),
            ("Báo cáo 2023", report("Thái Nguyên", date(2023, 1, 5), (figure("grdp", 1),))),
        ],
    )
    rows = await store.reports.indicator_latest("grdp")
    assert [(r.province, r.figure.value) for r in rows] == [("Bắc Kạn", 2024), ("Thái Nguyên", 1)]


async def test_merged_provinces_keep_their_own_latest_figure(store: Store) -> None:
    """/chitieu across provinces showed Bắc Kạn's 2023 figure as Thái Nguyên's and hid Thái
    Nguyên's own: each province that reported keeps its row, under its name as it was."""
    await add_all(
        store,
        [
            ("Thái Nguyên 2021", report("Thái Nguyên", date(2021, 9, 29), (figure("grdp", 130),))),
            ("Bắc Kạn 2023", report("Bắc Kạn", date(2023, 12, 5), (figure("grdp", 8840),))),
            ("Ninh Thuận 2022", report("Ninh Thuận", date(2022, 7, 1), (figure("grdp", 22),))),
        ],
    )
    rows = await store.reports.indicator_latest("grdp")
    assert [(r.province_current, r.province, r.figure.value) for r in rows] == [
        ("Thái Nguyên", "Bắc Kạn", 8840),
        ("Khánh Hòa", "Ninh Thuận", 22),
        ("Thái Nguyên", "Thái Nguyên", 130),
    ]


async def test_a_same_day_report_added_later_wins(store: Store) -> None:
    day = date(2024, 6, 30)
    await add_all(
        store,
        [
            ("Phiên sáng", report("Lâm Đồng", day, (figure("export", 1), figure("export", 2)))),
            ("Phiên chiều", report("Lâm Đồng", day, (figure("grdp", 9), figure("export", 3)))),
        ],
    )
    rows = await store.reports.indicator_latest("export")
    assert [(r.province_current, r.figure.value) for r in rows] == [("Lâm Đồng", 3)]


async def test_concurrent_adds_keep_the_newest(store: Store) -> None:
    made = random_reports(random.Random(7), 30)
    added = await asyncio.gather(
        *(store.reports.add(text=text, report=item, source=None, now=NOW) for text, item in made)
    )
    stored = {a.report_id: item for a, (_, item) in zip(added, made, strict=True)}
    for indicator in INDICATORS[:-1]:
        assert await latest_as_tuples(store, indicator) == expected_latest(stored, indicator)


async def test_targets_are_not_listed_as_results(store: Store) -> None:
    await add_all(
        store,
        [("Mục tiêu", report("Bắc Kạn", date(2025, 1, 5), targets=(figure("grdp", 8),)))],
    )
    assert await store.reports.indicator_latest("grdp") == []


async def test_the_migration_fills_the_summary_from_stored_figures(db_url: str) -> None:
    made = random_reports(random.Random(11), 30)
    async with await Store.connect(db_url) as store:
        stored = await add_all(store, made)
    engine = create_engine(database_url(db_url))
    try:
        await downgrade(engine, "0003")
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: sa.inspect(sync).get_table_names())
        assert "latest_figures" not in tables
        await upgrade(engine)
    finally:
        await engine.dispose()
    async with await Store.connect(db_url) as store:
        for indicator in INDICATORS[:-1]:
            assert await latest_as_tuples(store, indicator) == expected_latest(stored, indicator)


async def test_history_is_the_first_figure_of_each_report_newest_first(store: Store) -> None:
    made = random_reports(random.Random(5), 40)
    stored = await add_all(store, made)
    for indicator in INDICATORS[:-1]:
        for province in ("Thái Nguyên", "Khánh Hòa", "Lâm Đồng"):
            expected = []
            for report_id, item in sorted(stored.items(), key=newest_first):
                values = [f.value for f in item.figures if f.indicator == indicator]
                if item.province_current == province and values:
                    expected.append((report_id, values[0]))
            rows = await store.reports.indicator_history(indicator, province, limit=4)
            assert [(r.report_id, r.figure.value) for r in rows] == expected[:4]


# --- search ----------------------------------------------------------------------------------

SENTENCES = (
    "Thu ngân sách nhà nước trên địa bàn ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.",
    "Giải ngân vốn đầu tư công đạt 45% kế hoạch vốn giao.",
    "Xây dựng nông thôn mới: thêm 12 xã đạt chuẩn, nâng tổng số lên 70 xã.",
    "Du lịch phục hồi mạnh, đón hơn 1,2 triệu lượt khách.",
    "Chuyển đổi số được đẩy mạnh; cải cách hành chính có chuyển biến.",
    "Tỷ lệ che phủ rừng đạt 73,4%; trồng mới 4.500 ha rừng.",
)
QUERIES = (
    "ngân sách",
    "ke hoach",
    "nông thôn mới",
    "dat",
    "du lich khach",
    "chuyen doi so hanh chinh",
    "rung ngan sach",  # no report has both: the any-word fallback
    "khong co dau",
)

# The statements search used before the window: every match ranked (newest by sort_date).
_FULL_RANKING = {
    "sqlite": """
        SELECT reports.id
        FROM reports_fts JOIN reports ON reports.id = reports_fts.rowid
        WHERE reports_fts MATCH :expression
        ORDER BY bm25(reports_fts), reports.sort_date DESC, reports.id DESC
        LIMIT :limit""",
    "postgresql": """
        SELECT reports.id
        FROM reports, to_tsquery('simple'::regconfig, :expression) AS query
        WHERE reports.search_vector @@ query
        ORDER BY ts_rank_cd(reports.search_vector, query) DESC,
                 reports.sort_date DESC, reports.id DESC
        LIMIT :limit""",
}


async def full_ranking(store: Store, query: str, limit: int) -> list[int]:
    terms = search_terms(query)
    build = fts5_match if store.dialect == "sqlite" else tsquery
    async with store.database.read() as conn:
        for any_term in (False, True) if len(terms) > 1 else (False,):
            statement = sa.text(_FULL_RANKING[store.dialect]).bindparams(
                expression=build(terms, any_term=any_term), limit=limit
            )
            ids = list((await conn.execute(statement)).scalars())
            if ids:
                return ids
    return []


@pytest.fixture
async def corpus(store: Store) -> Store:
    """A small corpus: texts of one to four sentences, repeated or not, over a few dates."""
    rng = random.Random(3)
    for n in range(30):
        sentences = [rng.choice(SENTENCES) for _ in range(rng.randrange(1, 5))]
        text = " ".join([f"Hội nghị số {n}.", *sentences])
        made = report(rng.choice(list(PROVINCES)), rng.choice(DATES), title=f"Hội nghị {n}")
        await store.reports.add(text=text, report=made, source=None, now=NOW)
    return store


@pytest.mark.parametrize("query", QUERIES)
async def test_search_returns_what_ranking_every_match_did(corpus: Store, query: str) -> None:
    for limit in (1, 5, 40):
        found = await corpus.reports.search(query, limit=limit)
        assert [r.id for r in found] == await full_ranking(corpus, query, limit)


async def test_search_ranks_only_the_newest_matches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    best_but_old = "Ngân sách, ngân sách và ngân sách: thu ngân sách vượt dự toán ngân sách."
    added = {}
    for name, day, text in (
        ("old", date(2021, 1, 1), best_but_old),
        ("mid", date(2023, 1, 1), "Thu ngân sách đạt kế hoạch. Trồng rừng vượt kế hoạch."),
        ("new", date(2024, 1, 1), "Thu ngân sách đạt 90%; ngân sách chi bảo đảm."),
        ("other", date(2025, 1, 1), "Du lịch phục hồi mạnh."),
    ):
        made = report("Bắc Kạn", day, title="Phiên họp")
        stored = await store.reports.add(text=text, report=made, source=None, now=NOW)
        added[name] = stored.report_id
    everything = [r.id for r in await store.reports.search("ngan sach")]
    assert everything == [added["old"], added["new"], added["mid"]]
    monkeypatch.setattr(search_module, "RANKED_WINDOW", 2)
    recent = [r.id for r in await store.reports.search("ngan sach", limit=2)]
    assert recent == [added["new"], added["mid"]]
    # The window never holds fewer reports than were asked for.
    assert [r.id for r in await store.reports.search("ngan sach", limit=3)] == everything


# --- listings: search results without the report JSON (migration 0009) ------------------------


@pytest.mark.parametrize("query", [*QUERIES, "ngan sach du lich", '"ngan sach" xyz', "xyz"])
async def test_the_listing_lists_what_the_search_page_finds(corpus: Store, query: str) -> None:
    for limit, offset in ((1, 0), (5, 0), (5, 5), (40, 0), (5, 400)):
        page = await corpus.reports.search_page(query, limit=limit, offset=offset)
        listed = await corpus.listings.search(query, limit=limit, offset=offset)
        assert [r.id for r in listed.reports] == [r.id for r in page.reports]
        assert (listed.total, listed.all_words) == (page.total, page.all_words)
        for item, stored in zip(listed.reports, page.reports, strict=True):
            assert (item.title, item.date, item.text) == (stored.title, stored.date, stored.text)
            assert (item.day, item.month) == (stored.report.day, stored.report.month)


def undated(title: str) -> Report:
    """A report that states its day and month but no year."""
    made = report("Bắc Kạn", None, title=title)
    return made.model_copy(update={"day": 27, "month": 6})


async def test_the_migration_copies_day_and_month_out_of_the_json(db_url: str) -> None:
    async with await Store.connect(db_url) as store:
        added = await store.reports.add(
            text="Thu ngân sách đạt kế hoạch.", report=undated("Phiên họp"), source=None, now=NOW
        )
    engine = create_engine(database_url(db_url))
    try:
        await downgrade(engine, "0006")
        await upgrade(engine)
    finally:
        await engine.dispose()
    async with await Store.connect(db_url) as store:
        (listed,) = (await store.listings.search("ngan sach")).reports
    assert (listed.id, listed.day, listed.month) == (added.report_id, 27, 6)


async def test_nth_latest_counts_and_reads_in_one_go(store: Store) -> None:
    made = [report("Bắc Kạn", day, title=f"Phiên {n}") for n, day in enumerate(DATES)]
    stored = await add_all(store, [(f"Văn bản {n}", item) for n, item in enumerate(made)])
    order = [report_id for report_id, _ in sorted(stored.items(), key=newest_first)]
    for n, report_id in enumerate(order, start=1):
        total, found = await store.reports.nth_latest("Thái Nguyên", n)
        assert total == len(order) and found is not None and found.id == report_id
    assert await store.reports.nth_latest("Thái Nguyên", len(order) + 1) == (len(order), None)
    assert await store.reports.nth_latest("Lâm Đồng", 1) == (0, None)
