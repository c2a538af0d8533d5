"""Ingestion end to end: sources polled over real HTTP from the portal-like server on
127.0.0.1 (tests/servers/web_portal.py), stored through the shared ingest door, on each
storage engine of the `store` fixture; every bad input the issue names; the scheduler; the
admin's /sources and /ingest <url>; the `bantin sources | fetch | leaders` commands."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_services
from bot.core import Conversation, Request, Services
from bot.documents.charset import encode_windows_1258
from bot.ingestion.ingestor import Ingestor
from bot.ingestion.outcomes import RoundResult
from bot.ingestion.scheduler import start_ingestion
from bot.source_config import SourceConfig
from bot.storage import Store
from digest.models import LeaderRole, ProvinceMethod
from tests.bot.builders import NOW, make_settings
from tests.servers.web_portal import (
    BROKEN_XML,
    NOT_AN_ARTICLE,
    NOT_MEETINGS,
    XML_BOMB,
    PortalArticle,
    WebPortalServer,
    article_from_file,
    render_page,
    report_files,
)

FILES = {path.stem: path for path in report_files()}


class MovableClock:
    """A clock the test moves forward (backoff is measured on the services' clock)."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
async def portal() -> AsyncIterator[WebPortalServer]:
    async with WebPortalServer() as server:
        yield server


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
async def services(store: Store, clock: MovableClock, tmp_path: Path) -> Services:
    return await build_services(make_settings(tmp_path), store=store, clock=clock)


@pytest.fixture
async def sqlite_services(tmp_path: Path, clock: MovableClock) -> AsyncIterator[Services]:
    """SQLite only: for the many bad-input rounds, where the engine plays no part."""
    opened = await Store.connect(str(tmp_path / "bad.db"))
    try:
        yield await build_services(make_settings(tmp_path), store=opened, clock=clock)
    finally:
        await opened.aclose()


def article(key: str, **changes: object) -> PortalArticle:
    found = article_from_file(FILES[key])
    return PortalArticle(**{**found.__dict__, **changes}) if changes else found


def feed(name: str, portal: WebPortalServer, path: str, **options: object) -> SourceConfig:
    return SourceConfig(name=name, kind="feed", location=portal.url(path), **options)


async def one_round(services: Services, *sources: SourceConfig) -> list[RoundResult]:
    ingestor = Ingestor(services, sources)
    try:
        await ingestor.sync()
        return [await ingestor.run_source(source.name) for source in sources]
    finally:
        await ingestor.aclose()


def statuses(result: RoundResult) -> list[str]:
    return [item.status for item in result.items]


# --- feeds, pages, layouts -------------------------------------------------------------------


async def test_a_feed_round_stores_meeting_reports_and_skips_the_rest(
    services: Services, portal: WebPortalServer
) -> None:
    portal.publish("tinhuy", article("a04", published=NOW.date() - timedelta(days=2)))
    portal.publish("tinhuy", article("a08", published=NOW.date() - timedelta(days=1)))
    sport = portal.publish("tinhuy", NOT_MEETINGS["bong-chuyen"])
    source = feed("tinhuy", portal, "/tinhuy/rss.xml", province="Đà Nẵng")

    (result,) = await one_round(services, source)

    assert not result.failed
    assert sorted(statuses(result)) == ["skipped", "stored", "stored"]
    skipped = next(i for i in result.items if i.status == "skipped")
    assert skipped.url == sport and "no meeting" in (skipped.reason or "")
    reports = await services.store.reports.latest(limit=10)
    assert len(reports) == 2
    # The source's province wins over what the text says (a08 is a Nghệ An text).
    assert {r.province for r in reports} == {"Đà Nẵng"}
    assert all(r.sources and r.sources[0].startswith(portal.base_url) for r in reports)
    state = await services.store.sources.state("tinhuy")
    assert state is not None and state.items == {"stored": 2, "skipped": 1}
    assert state.last_success_at == NOW and state.failures == 0 and state.etag


async def test_the_next_round_is_a_conditional_get(
    services: Services, portal: WebPortalServer
) -> None:
    portal.publish("baotinh", article("b04"))
    source = feed("baotinh", portal, "/baotinh/atom.xml")
    ingestor = Ingestor(services, [source])
    await ingestor.sync()
    try:
        first = await ingestor.run_source("baotinh")
        second = await ingestor.run_source("baotinh")
        portal.publish("baotinh", article("b13"))
        third = await ingestor.run_source("baotinh")
    finally:
        await ingestor.aclose()
    assert statuses(first) == ["stored"]
    assert second.not_modified and second.items == []
    assert statuses(third) == ["stored"]  # the feed changed: only the new entry is fetched
    feed_requests = portal.requests_to("/baotinh/atom.xml")
    assert [r.status for r in feed_requests] == [200, 304, 200]
    assert [r.conditional for r in feed_requests] == [False, True, True]


@pytest.mark.parametrize(
    ("layout", "kind", "path"),
    [
        ("tinhuy", "feed", "/tinhuy/rss.xml"),
        ("baotinh", "feed", "/baotinh/atom.xml"),
        ("ubnd", "page", "/ubnd/chinh-tri"),
        ("legacy", "feed", "/legacy/rss.xml"),
        ("legacy", "page", "/legacy/chinh-tri"),
    ],
)
async def test_every_layout_gives_the_report_without_chrome(
    sqlite_services: Services, portal: WebPortalServer, layout: str, kind: str, path: str
) -> None:
    report = article("b12")
    url = portal.publish(layout, report)
    source = SourceConfig(name=layout, kind=kind, location=portal.url(path))

    (result,) = await one_round(sqlite_services, source)

    assert statuses(result) == ["stored"], result.items
    stored = await sqlite_services.store.reports.get(result.items[0].report_id or 0)
    assert stored is not None and stored.sources == [url]
    assert stored.text.startswith(report.title)
    for paragraph in report.paragraphs:
        assert paragraph in stored.text
    for chrome in ("Lượt xem", "Tin khác", "Chia sẻ", "Cơ quan chủ quản", "Đọc nhiều"):
        assert chrome not in stored.text


async def test_a_url_source_takes_one_article_once(
    services: Services, portal: WebPortalServer
) -> None:
    url = portal.publish("ubnd", article("b01"))
    source = SourceConfig(name="one", kind="url", location=url, province="Khánh Hòa")
    ingestor = Ingestor(services, [source])
    await ingestor.sync()
    try:
        first = await ingestor.run_source("one")
        second = await ingestor.run_source("one")
    finally:
        await ingestor.aclose()
    assert statuses(first) == ["stored"] and second.items == []
    assert len(portal.requests_to(url.removeprefix(portal.base_url))) == 1


# --- one report, many places -----------------------------------------------------------------


async def test_a_repost_with_other_chrome_and_headline_is_one_report(
    services: Services, portal: WebPortalServer
) -> None:
    original = portal.publish("tinhuy", article("a09"))
    repost = portal.publish(
        "baotinh",
        article("a09", title="Quảng Nam: Tỉnh ủy họp, bàn giải pháp cho những ngày cuối"),
    )
    copy = portal.publish("legacy", article("a09"))
    sources = [
        feed("tinhuy", portal, "/tinhuy/rss.xml"),
        feed("baotinh", portal, "/baotinh/atom.xml"),
        SourceConfig(name="legacy", kind="page", location=portal.url("/legacy/chinh-tri")),
    ]

    first, second, third = await one_round(services, *sources)

    assert statuses(first) == ["stored"]
    assert statuses(second) == ["duplicate"] and statuses(third) == ["duplicate"]
    report_id = first.items[0].report_id
    assert second.items[0].report_id == third.items[0].report_id == report_id
    assert await services.store.reports.count() == 1
    stored = await services.store.reports.get(report_id or 0)
    assert stored is not None and set(stored.sources) == {original, repost, copy}


# --- bad input -------------------------------------------------------------------------------

BAD_PAGES = [
    # (path, what the server serves, the reason recorded)
    ("/bad/missing.html", None, "HTTP 404"),
    ("/bad/error.html", None, "HTTP 500"),
    ("/bad/hang.html", None, "no complete answer within 1 s"),
    ("/bad/huge.html", None, "larger than 5 MB"),
    ("/bad/huge-declared.html", None, "larger than 5 MB (50 MB announced)"),
    ("/bad/document.pdf", None, "not a web page or feed (application/pdf)"),
    ("/raw/login.html", NOT_AN_ARTICLE, "no article text could be extracted"),
]
TRANSIENT = ("/bad/error.html", "/bad/hang.html")
BAD_PAGE_REASONS_VI = {
    "/bad/missing.html": "trang không tồn tại (HTTP 404)",
    "/bad/error.html": "máy chủ đang gặp lỗi (HTTP 500)",
    "/bad/hang.html": "máy chủ không trả lời đầy đủ trong 1 giây",
    "/bad/huge.html": "lớn hơn 5 MB",
    "/bad/huge-declared.html": "lớn hơn 5 MB",
    "/bad/document.pdf": "không phải trang web hay nguồn tin (kiểu application/pdf)",
    "/raw/login.html": "Không tìm thấy nội dung bài viết trong trang HTML.",
}
BAD_FEEDS = [
    ("/raw/broken.xml", BROKEN_XML, "broken XML"),
    ("/raw/bomb.xml", XML_BOMB, "DOCTYPE or entities"),
    ("/raw/page-as-feed.xml", NOT_AN_ARTICLE, "an HTML page, not an RSS or Atom feed"),
    ("/bad/missing.html", None, "HTTP 404"),
    ("/bad/error.html", None, "HTTP 500"),
    ("/bad/hang.html", None, "no complete answer within 1 s"),
    ("/bad/huge.html", None, "larger than 5 MB"),
]


async def _bad_round(
    services: Services, portal: WebPortalServer, kind: str, path: str, body: bytes | None
) -> tuple[RoundResult, RoundResult]:
    if body is not None:
        portal.serve_raw(path, body, "application/xml" if path.endswith(".xml") else "text/html")
    good_url = portal.publish("tinhuy", article("b14"))
    bad = SourceConfig(name="bad", kind=kind, location=portal.url(path), timeout_seconds=1)
    good = SourceConfig(name="good", kind="url", location=good_url)
    return tuple(await one_round(services, bad, good))  # type: ignore[return-value]


@pytest.mark.parametrize(("path", "body", "reason"), BAD_PAGES, ids=[b[0] for b in BAD_PAGES])
async def test_a_bad_article_is_recorded_and_the_source_carries_on(
    sqlite_services: Services,
    portal: WebPortalServer,
    clock: MovableClock,
    path: str,
    body: bytes | None,
    reason: str,
) -> None:
    """Issue 11: one 404 item marked the whole source FAILED and backed it off. An article
    that failed for good (404, too large, no article) fails alone; one that may pass (500, a
    hung server) with nothing else working means the site is down, and the source rests."""
    services = sqlite_services
    bad, good = await _bad_round(services, portal, "url", path, body)

    lasting = path not in TRANSIENT
    assert reason in bad.summary().en and bad.items[0].status == ("failed" if lasting else "retry")
    assert bad.items[0].reason_vi == BAD_PAGE_REASONS_VI[path]
    assert statuses(good) == ["stored"]  # the other source is untouched
    assert await services.store.reports.count() == 1  # and no half-stored report remains
    state = await services.store.sources.state("bad")
    assert state is not None and reason in (state.last_error or "")
    assert BAD_PAGE_REASONS_VI[path] in (state.last_error_vi or "")
    if lasting:
        assert not bad.failed and state.failures == 0 and state.next_attempt_at is None
        assert state.last_success_at == NOW
        return
    assert bad.failed and state.failures == 1
    assert state.next_attempt_at == NOW + timedelta(minutes=60)  # twice its interval
    ingestor = Ingestor(
        services, [SourceConfig(name="bad", kind="url", location=portal.url(path))]
    )
    try:
        resting = await ingestor.poll("bad")
        assert resting.backing_off_until == state.next_attempt_at and not resting.items
        clock.advance(timedelta(minutes=61))
        again = await ingestor.poll("bad")
    finally:
        await ingestor.aclose()
    assert again.backing_off_until is None


async def test_one_missing_article_in_a_feed_fails_only_itself(
    sqlite_services: Services, portal: WebPortalServer
) -> None:
    """A feed with a gone article and a good one: the good one is stored, the source's last
    success is this round, and nothing backs off."""
    gone = portal.url("/bad/missing.html")
    good = portal.publish("ubnd", article("b03"))
    entries = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title>'
        f"<item><title>Bài đã gỡ</title><link>{gone}</link>"
        "<pubDate>Tue, 15 Jul 2025 10:00:00 +0700</pubDate></item>"
        f"<item><title>Hội nghị</title><link>{good}</link>"
        "<pubDate>Wed, 16 Jul 2025 10:00:00 +0700</pubDate></item>"
        "</channel></rss>"
    ).encode()
    portal.serve_raw("/raw/mixed.xml", entries, "application/rss+xml")
    (result,) = await one_round(sqlite_services, feed("mixed", portal, "/raw/mixed.xml"))
    assert sorted(statuses(result)) == ["failed", "stored"] and not result.failed
    state = await sqlite_services.store.sources.state("mixed")
    assert state is not None and state.failures == 0 and state.next_attempt_at is None
    assert state.last_success_at == NOW
    assert state.last_error_vi == f"{gone}: trang không tồn tại (HTTP 404)"


@pytest.mark.parametrize(("path", "body", "reason"), BAD_FEEDS, ids=[b[0] for b in BAD_FEEDS])
async def test_a_bad_feed_is_recorded_and_the_source_backs_off(
    sqlite_services: Services,
    portal: WebPortalServer,
    path: str,
    body: bytes | None,
    reason: str,
) -> None:
    bad, good = await _bad_round(sqlite_services, portal, "feed", path, body)
    assert bad.error is not None and reason in bad.error.en
    assert statuses(good) == ["stored"]
    state = await sqlite_services.store.sources.state("bad")
    assert state is not None and state.failures == 1 and state.next_attempt_at is not None
    assert state.last_error_vi == bad.error.vi and not _english(bad.error.vi)


async def test_a_source_backs_off_longer_after_each_failure(
    sqlite_services: Services, portal: WebPortalServer, clock: MovableClock
) -> None:
    source = feed("down", portal, "/bad/error.html", interval_minutes=10)
    ingestor = Ingestor(sqlite_services, [source])
    await ingestor.sync()
    rests = []
    try:
        for _ in range(3):
            await ingestor.run_source("down")
            state = await sqlite_services.store.sources.state("down")
            assert state is not None and state.next_attempt_at is not None
            rests.append(state.next_attempt_at - clock.now)
            clock.advance(rests[-1])
        portal.publish("tinhuy", article("a10"))
        ingestor.sources["down"] = feed("down", portal, "/tinhuy/rss.xml", interval_minutes=10)
        recovered = await ingestor.poll("down")
    finally:
        await ingestor.aclose()
    assert rests == [timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=80)]
    assert statuses(recovered) == ["stored"]
    state = await sqlite_services.store.sources.state("down")
    assert state is not None and state.failures == 0 and state.next_attempt_at is None


async def test_feed_entries_without_link_or_date(
    sqlite_services: Services, portal: WebPortalServer
) -> None:
    url = portal.publish("ubnd", article("b03"))
    entries = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title>'
        "<item><title>Hội nghị Tỉnh ủy không có liên kết</title>"
        "<pubDate>Tue, 15 Jul 2025 10:00:00 +0700</pubDate></item>"
        f"<item><title>Bài không có ngày</title><link>{url}</link></item>"
        "</channel></rss>"
    ).encode()
    portal.serve_raw("/raw/entries.xml", entries, "application/rss+xml")
    source = feed("entries", portal, "/raw/entries.xml")

    (first,) = await one_round(sqlite_services, source)
    (second,) = await one_round(sqlite_services, source)

    by_status = {item.status: item for item in first.items}
    assert by_status["failed"].reason == "the feed entry has no link"
    assert by_status["failed"].reason_vi == "mục tin không có liên kết"
    assert "no date" in (by_status["stored"].reason or "")
    # A bad entry is that entry's failure, not the source's: no backoff.
    assert not first.failed and "no link" in first.summary().en
    assert second.items == [] and not second.failed  # recorded once


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [("windows-1258", "utf-8"), ("utf-8", "windows-1258"), ("iso-8859-1", "windows-1258")],
)
async def test_a_wrong_declared_charset_still_reads_right(
    sqlite_services: Services, portal: WebPortalServer, declared: str, encoding: str
) -> None:
    report = article("b08")
    markup = (
        render_page("tinhuy", report)
        .decode("utf-8")
        .replace('<meta charset="utf-8">', f'<meta charset="{declared}">')
    )
    data = encode_windows_1258(markup) if encoding == "windows-1258" else markup.encode("utf-8")
    url = portal.serve_raw("/raw/charset.html", data, f"text/html; charset={declared}")

    (result,) = await one_round(sqlite_services, SourceConfig(name="c", kind="url", location=url))

    assert statuses(result) == ["stored"], result.items
    stored = await sqlite_services.store.reports.get(result.items[0].report_id or 0)
    assert stored is not None and report.paragraphs[0] in stored.text


async def test_a_folder_source_reads_new_files_and_refuses_binary_ones(
    sqlite_services: Services, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bao-cao.txt").write_bytes(FILES["a03"].read_bytes())
    (inbox / "trang.html").write_bytes(render_page("ubnd", article("b11")))
    (inbox / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (inbox / "ghi-chu.md").write_text("không phải báo cáo", encoding="utf-8")
    source = SourceConfig(name="inbox", kind="folder", location=str(inbox))

    (first,) = await one_round(sqlite_services, source)
    (second,) = await one_round(sqlite_services, source)
    (inbox / "bao-cao-2.txt").write_bytes(FILES["b09"].read_bytes())
    (third,) = await one_round(sqlite_services, source)

    outcomes = {item.key.split("#")[0]: item for item in first.items}
    assert set(outcomes) == {"bao-cao.txt", "trang.html", "anh.txt"}
    assert outcomes["anh.txt"].status == "failed"
    assert outcomes["anh.txt"].reason == (
        "the file is a picture; bantin does not read text in pictures"
    )
    assert outcomes["bao-cao.txt"].status == outcomes["trang.html"].status == "stored"
    # Issue 11: one bad file no longer fails the folder.
    assert not first.failed and not second.failed and second.items == []
    state = await sqlite_services.store.sources.state("inbox")
    assert state is not None and state.failures == 0 and state.last_success_at == NOW
    assert "anh.txt" in (state.last_error_vi or "") and "Tệp là ảnh" in (state.last_error_vi or "")
    assert [i.key.split("#")[0] for i in third.items] == ["bao-cao-2.txt"]
    assert await sqlite_services.store.reports.count() == 3


async def test_a_missing_folder_is_a_failed_round(
    sqlite_services: Services, tmp_path: Path
) -> None:
    (result,) = await one_round(
        sqlite_services, SourceConfig(name="gone", kind="folder", location=str(tmp_path / "gone"))
    )
    assert result.error is not None and result.error.en.startswith("no such folder")
    assert result.error.vi.startswith("không có thư mục") and result.failed


async def test_an_error_inside_the_pipeline_stores_nothing_and_stops_nothing(
    sqlite_services: Services, portal: WebPortalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_url = portal.publish("tinhuy", article("a02"))
    good_url = portal.publish("ubnd", article("b05"))

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the engine broke")

    import bot.core.ingest

    original = bot.core.ingest._extract
    calls = {"n": 0}

    def first_call_explodes(*args: object, **kwargs: object):
        calls["n"] += 1
        if calls["n"] == 1:
            explode()
        return original(*args, **kwargs)

    monkeypatch.setattr(bot.core.ingest, "_extract", first_call_explodes)
    broken, good = await one_round(
        sqlite_services,
        SourceConfig(name="broken", kind="url", location=broken_url),
        SourceConfig(name="good", kind="url", location=good_url),
    )
    assert broken.error is not None and "the engine broke" in broken.error.en
    assert broken.error.vi == "lỗi nội bộ (chi tiết trong nhật ký)"
    assert statuses(good) == ["stored"]
    assert await sqlite_services.store.reports.count() == 1


# --- leaders learnt --------------------------------------------------------------------------

FIRST = PortalArticle(
    key="lang-son-10",
    title="UBND tỉnh họp phiên thường kỳ tháng 10 năm 2025",
    paragraphs=(
        "Sáng 5/11/2025, đồng chí Lục Văn Thành, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ "
        "trì phiên họp thường kỳ tháng 10 của UBND tỉnh.",
        "Báo cáo tại phiên họp cho biết, thu ngân sách nhà nước trên địa bàn 10 tháng ước đạt "
        "1.250 tỷ đồng, bằng 85% dự toán; vốn đầu tư công đã giải ngân đạt 62% kế hoạch.",
        "Kết luận phiên họp, đồng chí Chủ tịch UBND tỉnh yêu cầu các sở, ngành tập trung đẩy "
        "nhanh tiến độ giải ngân vốn đầu tư công, hoàn thành các chỉ tiêu năm 2025.",
    ),
    published=date(2025, 11, 5),
)
SECOND = PortalArticle(
    key="unnamed-11",
    title="Phiên họp thường kỳ tháng 11 năm 2025 của UBND tỉnh",
    paragraphs=(
        "Sáng 3/12/2025, đồng chí Chủ tịch UBND tỉnh Lục Văn Thành chủ trì phiên họp thường kỳ "
        "tháng 11 để đánh giá tình hình kinh tế - xã hội.",
        "Tổng thu ngân sách 11 tháng ước đạt 1.410 tỷ đồng, bằng 96% dự toán; kim ngạch xuất "
        "khẩu đạt 520 triệu USD, tăng 8% so với cùng kỳ.",
        "Đồng chí Chủ tịch UBND tỉnh yêu cầu các ngành tập trung thu ngân sách, bảo đảm an sinh "
        "xã hội dịp Tết Nguyên đán.",
    ),
    published=date(2025, 12, 3),
)

THIRD = PortalArticle(
    key="unnamed-12",
    title="UBND tỉnh họp bàn các nhiệm vụ trọng tâm dịp cuối năm 2025",
    paragraphs=(
        "Chiều 22/12/2025, Chủ tịch UBND tỉnh Lục Văn Thành chủ trì cuộc họp với các sở, ngành "
        "về công tác chuẩn bị đón Tết và các công trình trọng điểm.",
        "Đến nay, 14 công trình đã hoàn thành, 6 công trình đang đẩy nhanh tiến độ; tỷ lệ hộ "
        "nghèo giảm còn 7,2%, vượt kế hoạch đề ra.",
        "Kết luận cuộc họp, Chủ tịch UBND tỉnh chỉ đạo bảo đảm hàng hóa thiết yếu, giữ ổn định "
        "giá cả và chăm lo cho người có công, hộ nghèo.",
    ),
    published=date(2025, 12, 22),
)


async def test_leaders_learnt_from_one_report_attribute_the_next(
    services: Services, portal: WebPortalServer
) -> None:
    portal.publish("tinhuy", FIRST)
    portal.publish("ubnd", SECOND)
    provincial = feed("langson", portal, "/tinhuy/rss.xml", province="Lạng Sơn")
    national = SourceConfig(name="national", kind="page", location=portal.url("/ubnd/chinh-tri"))

    before = await one_round(services, national)  # no knowledge yet: no province
    first_id = before[0].items[0].report_id
    stored = await services.store.reports.get(first_id or 0)
    assert stored is not None and stored.province is None

    await one_round(services, provincial)
    facts = [f for f in await services.store.leaders.all() if f.name == "Lục Văn Thành"]
    assert {(f.role, f.province) for f in facts} == {
        (LeaderRole.DEPUTY_SECRETARY, "Lạng Sơn"),
        (LeaderRole.PEOPLES_COMMITTEE_CHAIR, "Lạng Sơn"),
    }
    portal.publish("ubnd", THIRD)
    (after,) = await one_round(services, national)
    new = [i for i in after.items if i.status == "stored"]
    assert len(new) == 1
    learnt = await services.store.reports.get(new[0].report_id or 0)
    assert learnt is not None and learnt.province == "Lạng Sơn"
    assert learnt.report.province_method is ProvinceMethod.LEADER


# --- the scheduler ---------------------------------------------------------------------------


async def test_the_scheduler_picks_up_a_new_entry_within_an_interval(
    store: Store, portal: WebPortalServer, tmp_path: Path
) -> None:
    services = await build_services(
        make_settings(tmp_path), store=store, clock=lambda: datetime.now(NOW.tzinfo)
    )
    portal.publish("baotinh", article("a12"))
    broken = feed("broken", portal, "/bad/error.html", interval_minutes=0.01)
    source = feed("baotinh", portal, "/baotinh/atom.xml", interval_minutes=0.01)  # 0.6 s
    ingestion = await start_ingestion(Ingestor(services, [broken, source]))
    try:
        await _wait_for(lambda: store.reports.count(), 1)
        portal.publish("baotinh", article("b07"))
        await _wait_for(lambda: store.reports.count(), 2)
    finally:
        await ingestion.stop()
    state = await store.sources.state("broken")
    assert state is not None and state.failures >= 1  # failing beside it changed nothing


async def _wait_for(count, expected: int, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while await count() < expected:  # noqa: ASYNC110 - polling the database
            await asyncio.sleep(0.1)


# --- admins in a chat ------------------------------------------------------------------------

ADMIN_CONSOLE = {"channel": "console", "chat_id": "1", "sender_id": "1"}


async def test_admins_see_sources_and_force_a_skipped_article_in(
    services: Services, portal: WebPortalServer
) -> None:
    portal.publish("tinhuy", article("a07"))
    skipped_url = portal.publish("tinhuy", NOT_MEETINGS["xuc-tien-dau-tu"])
    await one_round(services, feed("tinhuy", portal, "/tinhuy/rss.xml", province="Bình Định"))
    conversation = Conversation(services)

    listing = await conversation.handle(Request(**ADMIN_CONSOLE, text="/sources"))
    assert listing is not None
    assert "tinhuy" in listing.text and "lưu 1" in listing.text and "bỏ qua 1" in listing.text
    assert skipped_url in listing.text

    forced = await conversation.handle(Request(**ADMIN_CONSOLE, text=f"/ingest {skipped_url}"))
    assert forced is not None and "Đã lưu bản tin số" in forced.text
    item = await services.store.sources.items_for_url(skipped_url)
    assert {i.source: i.status for i in item} == {"tinhuy": "stored", "manual": "stored"}
    stored = await services.store.reports.latest(limit=5)
    assert any(r.province == "Bình Định" for r in stored if skipped_url in r.sources)

    again = await conversation.handle(Request(**ADMIN_CONSOLE, text=f"/nhap {skipped_url}"))
    assert again is not None and "đã có" in again.text

    missing = await conversation.handle(
        Request(**ADMIN_CONSOLE, text=f"/ingest {portal.url('/bad/missing.html')}")
    )
    assert missing is not None and "HTTP 404" in missing.text


async def test_admins_read_every_reason_in_vietnamese(
    sqlite_services: Services, portal: WebPortalServer
) -> None:
    """Issue 11: "Lý do: HTTP 404 File not found", "broken XML …" and "connection failed
    (ConnectError …)" reached admins in English."""
    portal.serve_raw("/raw/broken.xml", BROKEN_XML, "application/xml")
    await one_round(
        sqlite_services,
        feed("hong", portal, "/raw/broken.xml"),
        SourceConfig(name="mat", kind="url", location=portal.url("/bad/missing.html")),
        SourceConfig(name="tat", kind="feed", location="http://127.0.0.1:9/x.xml"),
    )
    conversation = Conversation(sqlite_services)
    listing = await conversation.handle(Request(**ADMIN_CONSOLE, text="/nguon"))
    assert listing is not None
    for vietnamese in ("nguồn tin có lỗi cú pháp XML", "trang không tồn tại (HTTP 404)",
                       "không kết nối được tới máy chủ", "nguồn RSS/Atom", "một bài viết"):
        assert vietnamese in listing.text
    for english in ("broken XML", "File not found", "connection failed", "ConnectError",
                    "· feed", "· url"):
        assert english not in listing.text

    missing = await conversation.handle(
        Request(**ADMIN_CONSOLE, text=f"/nhap {portal.url('/bad/missing.html')}")
    )
    assert missing is not None
    assert "Lý do: trang không tồn tại (HTTP 404)." in missing.text
    assert "File not found" not in missing.text
    down = await conversation.handle(
        Request(**ADMIN_CONSOLE, text="/nhap http://127.0.0.1:9/bai-viet.html")
    )
    assert down is not None and "Lý do: không kết nối được tới máy chủ." in down.text
    skipped_url = portal.publish("tinhuy", NOT_MEETINGS["xuc-tien-dau-tu"])
    skipped = await conversation.handle(Request(**ADMIN_CONSOLE, text=f"/nhap {skipped_url}"))
    assert skipped is not None and "Đã lưu bản tin số" in skipped.text  # forced in by an admin


async def test_sources_is_for_admins_only(services: Services) -> None:
    reply = await Conversation(services).handle(
        Request(channel="telegram", chat_id="77", sender_id="77", text="/sources")
    )
    assert reply is not None and "quản trị viên" in reply.text


async def test_ingest_text_still_works_beside_urls(services: Services) -> None:
    text = FILES["b01"].read_text(encoding="utf-8")
    reply = await Conversation(services).handle(Request(**ADMIN_CONSOLE, text=f"/ingest {text}"))
    assert reply is not None and "Đã lưu bản tin số" in reply.text


# --- the operator's commands -----------------------------------------------------------------


def _config(tmp_path: Path, inbox: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'db = "{tmp_path / "cli.db"}"\n\n[[sources]]\nname = "inbox"\nkind = "folder"\n'
        f'location = "{inbox}"\nprovince = "Lạng Sơn"\n',
        encoding="utf-8",
    )
    return path


def test_bantin_fetch_sources_and_leaders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import main

    monkeypatch.delenv("BANTIN_DB", raising=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "thang-10.txt").write_text(f"{FIRST.title}\n\n{FIRST.body_text()}", encoding="utf-8")
    (inbox / "anh.txt").write_bytes(b"\x00\x01binary" * 100)
    config = _config(tmp_path, inbox)

    assert main(["--config", str(config), "fetch"]) == 2  # the binary file is refused
    out = capsys.readouterr().out
    assert "stored     inbox: thang-10.txt" in out
    assert "failed     inbox: anh.txt" in out and "binary" in out
    assert "FAILED     inbox" not in out  # the source itself did not fail

    assert main(["--config", str(config), "fetch", "inbox"]) == 0
    assert "nothing new" in capsys.readouterr().out

    assert main(["--config", str(config), "sources"]) == 0
    out = capsys.readouterr().out
    assert "inbox" in out and "folder" in out and "Lạng Sơn" in out

    assert main(["--config", str(config), "fetch", "nowhere"]) == 2
    capsys.readouterr()

    assert main(["--config", str(config), "leaders", "--province", "lang son"]) == 0
    out = capsys.readouterr().out
    assert "Lục Văn Thành" in out and "chu_tich_ubnd" in out

    assert (
        main(
            [
                "--config",
                str(config),
                "leaders",
                "--delete",
                "Lục Văn Thành",
                "chu_tich_ubnd",
                "Lạng Sơn",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--config", str(config), "leaders"]) == 0
    assert "chu_tich_ubnd" not in capsys.readouterr().out

    assert (
        main(
            [
                "--config",
                str(config),
                "leaders",
                "--add",
                "Lục Văn Thành",
                "chu_tich_ubnd",
                "lang son",
                "--since",
                "2024",
            ]
        )
        == 0
    )
    assert "added" in capsys.readouterr().out
    assert main(["--config", str(config), "leaders", "--add", "X", "vua", "Lạng Sơn"]) == 2


def _english(text: str) -> bool:
    """A reason still in English (no Vietnamese letter at all)."""
    return not any(ch in "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ" for ch in text.lower())
