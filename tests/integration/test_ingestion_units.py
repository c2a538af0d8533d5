"""Ingestion's pure parts: vocabulary entries, character sets, feeds, list pages, article
extraction per portal layout, relevance, near-duplicate signatures, backoff, configuration."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from bot.core.relevance import cues, judge
from bot.documents import DocumentError
from bot.documents.charset import decode_markup, encode_windows_1258
from bot.ingestion.article import chrome_rules, extract_article, line_kind
from bot.ingestion.feeds import FeedError, parse_feed
from bot.ingestion.leaders import learnt_facts
from bot.ingestion.links import article_links
from bot.ingestion.outcomes import backoff
from bot.source_config import SourceConfig
from bot.storage.dedupe import MAX_DISTANCE, band_keys, distance, same_report, simhash
from digest.extract import extract
from digest.models import LeaderRole, ProvinceMethod
from tests.eval_extraction import chrome_in
from tests.servers.web_portal import (
    BROKEN_XML,
    LAYOUTS,
    NOT_AN_ARTICLE,
    NOT_MEETINGS,
    XML_BOMB,
    article_from_file,
    atom_feed,
    content_type,
    render_page,
    report_files,
    rss_feed,
    section_page,
)

BASE = "http://127.0.0.1:8000"

# --- vocabulary as data: each entry's example ------------------------------------------------


@pytest.mark.parametrize("rule", chrome_rules(), ids=lambda r: r.name)
def test_chrome_rule_matches_its_example(rule) -> None:
    assert line_kind(rule.example) == rule.kind


@pytest.mark.parametrize(
    ("group", "cue"),
    [(group, cue) for group, entries in cues().items() for cue in entries],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_relevance_cue_matches_its_example(group: str, cue) -> None:
    assert cue.pattern.search(cue.example.lower()), cue.example


# --- character sets --------------------------------------------------------------------------

TEXT = "Kỳ họp thứ 20 HĐND tỉnh khóa XVIII thông qua 18 nghị quyết quan trọng."


@pytest.mark.parametrize(
    ("data", "header"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf8-declared"),
        pytest.param(TEXT.encode("utf-8"), None, id="utf8-undeclared"),
        pytest.param(encode_windows_1258(TEXT), "windows-1258", id="cp1258-declared"),
        pytest.param(encode_windows_1258(TEXT), None, id="cp1258-undeclared"),
        pytest.param(TEXT.encode("utf-8"), "windows-1258", id="utf8-declared-as-cp1258"),
        pytest.param(encode_windows_1258(TEXT), "utf-8", id="cp1258-declared-as-utf8"),
        pytest.param(encode_windows_1258(TEXT), "iso-8859-1", id="cp1258-declared-as-latin1"),
        pytest.param(
            b'<meta charset="windows-1258">' + encode_windows_1258(TEXT), None, id="cp1258-meta"
        ),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "windows-1258", id="utf8-bom"),
        pytest.param(TEXT.encode("utf-8"), "x-no-such-charset", id="unknown-charset"),
    ],
)
def test_decoding_reads_vietnamese_whatever_is_declared(data: bytes, header: str | None) -> None:
    assert TEXT in decode_markup(data, header)


# --- feeds -----------------------------------------------------------------------------------


def test_rss_atom_and_rdf_feeds_give_links_titles_and_dates() -> None:
    article = article_from_file(report_files()[3])
    items = [("/a/hoi-nghi-1.html", article)]
    rss = parse_feed(rss_feed(BASE, items), base_url=BASE + "/rss.xml")
    atom = parse_feed(atom_feed(BASE, items), base_url=BASE + "/atom.xml")
    legacy = parse_feed(
        rss_feed(BASE, items, encoding="windows-1258"), base_url=BASE, charset="windows-1258"
    )
    for entries in (rss, atom, legacy):
        (entry,) = entries
        assert entry.link == BASE + "/a/hoi-nghi-1.html"
        assert entry.title == article.title
        assert entry.published is not None and entry.published.date() == article.published
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<item rdf:about="x"><title>Phiên họp UBND tỉnh</title><link>/b.html</link>'
        "<dc:date>2025-07-01T08:00:00+07:00</dc:date></item></rdf:RDF>"
    ).encode()
    (entry,) = parse_feed(rdf, base_url=BASE + "/")
    assert (entry.link, entry.published.hour) == (BASE + "/b.html", 1)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(BROKEN_XML, "broken XML", id="broken"),
        pytest.param(XML_BOMB, "DOCTYPE or entities", id="entity-bomb"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(NOT_AN_ARTICLE, "an HTML page", id="html-page"),
        pytest.param(b"<feed><title>x</title></feed>", "not an RSS or Atom feed", id="not-atom"),
    ],
)
def test_bad_feeds_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, base_url=BASE)


def test_entries_without_link_or_date_are_kept_and_say_so() -> None:
    feed = (
        '<rss version="2.0"><channel><item><title>Hội nghị không có liên kết</title>'
        "<pubDate>Fri, 27 Dec 2024 10:15:00 +0700</pubDate></item>"
        "<item><title>Phiên họp không có ngày</title><link>/c.html</link></item>"
        "<item><title>Ngày lạ</title><link>/d.html</link><pubDate>hôm qua</pubDate></item>"
        "</channel></rss>"
    ).encode()
    first, second, third = parse_feed(feed, base_url=BASE + "/")
    assert first.link is None and first.key == "title:Hội nghị không có liên kết"
    assert second.link == BASE + "/c.html" and second.published is None
    assert third.published is None


# --- list pages ------------------------------------------------------------------------------


def test_section_page_links_are_the_articles_only() -> None:
    articles = [article_from_file(p) for p in report_files()[:3]]
    items = [
        (f"/tinhuy/tin-tuc/chinh-tri/bai-so-{i}-hoi-nghi-tinh-uy-{100 + i}.html", a)
        for i, a in enumerate(articles)
    ]
    links = article_links(section_page("tinhuy", items), page_url=BASE + "/tinhuy/chinh-tri")
    assert links == [BASE + path for path, _ in items]


# --- article extraction per layout -----------------------------------------------------------

ARTICLES = [article_from_file(path) for path in report_files()]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.key)
def test_extraction_keeps_every_figure_and_no_chrome(layout: str, article) -> None:
    charset = content_type(layout).split("charset=")[1]
    extracted = extract_article(decode_markup(render_page(layout, article), charset))
    assert extracted.title == article.title
    assert extracted.published == article.published
    for paragraph in article.paragraphs:
        assert paragraph in extracted.body
    assert not chrome_in(extracted.body, article)


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(NOT_AN_ARTICLE.decode(), id="login-page"),
        pytest.param(
            section_page("baotinh", [("/x/hoi-nghi-a-b-c-1.html", ARTICLES[0])]), id="section-page"
        ),
        pytest.param("<html><body></body></html>", id="empty-page"),
        pytest.param("", id="no-markup"),
    ],
)
def test_a_page_without_an_article_is_refused(markup: str) -> None:
    with pytest.raises(DocumentError, match="no article text"):
        extract_article(markup)


# --- relevance -------------------------------------------------------------------------------

RELEVANT_HEADLINES = [
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20, khóa XX",
    "UBND tỉnh họp phiên thường kỳ tháng 6 năm 2025",
    "Bế mạc Kỳ họp thứ 22 HĐND tỉnh khóa XVIII",
    "Ban Thường vụ Tỉnh ủy họp cho ý kiến vào nhiều nội dung quan trọng",
    "Thường trực Tỉnh ủy giao ban, chủ trì cuộc họp tuần",
    "Hội nghị Thành ủy lần thứ 8: giữ đà phục hồi",
]
IRRELEVANT = [
    ("Khai mạc Giải bóng chuyền nữ toàn tỉnh", "Các đội phối hợp thi đấu.", "no meeting"),
    ("Hội nghị xúc tiến đầu tư vào khu công nghiệp", "Sở Tài chính chủ trì.", "no provincial"),
    (
        "Bí thư Tỉnh ủy thăm, tặng quà gia đình chính sách",
        "Phù hợp với truyền thống.",
        "no meeting",
    ),
    (
        "Hội nghị tập huấn nghiệp vụ cho cán bộ",
        "Sau đó, Ban Thường vụ Tỉnh ủy đi thăm.",
        "not together",
    ),
]


@pytest.mark.parametrize("headline", RELEVANT_HEADLINES)
def test_meeting_reports_are_relevant(headline: str) -> None:
    assert judge(headline, "").relevant


@pytest.mark.parametrize(
    ("headline", "body", "reason"), IRRELEVANT, ids=[i[0][:30] for i in IRRELEVANT]
)
def test_other_articles_are_skipped_with_the_reason(headline: str, body: str, reason: str) -> None:
    verdict = judge(headline, body)
    assert not verdict.relevant and reason in verdict.reason


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.key)
def test_every_corpus_report_is_relevant(article) -> None:
    assert judge(article.title, article.body_text()).relevant, article.title


@pytest.mark.parametrize("key", sorted(NOT_MEETINGS))
def test_portal_articles_that_are_no_meeting_are_not(key: str) -> None:
    article = NOT_MEETINGS[key]
    assert not judge(article.title, article.body_text()).relevant


# --- near-duplicates -------------------------------------------------------------------------


def test_simhash_separates_reports_and_joins_reposts() -> None:
    """Distinct corpus reports stay far apart; a repost with a new headline and a byline lands
    within MAX_DISTANCE, and the texts confirm it (even with the lead paragraph cut)."""
    texts = {a.key: f"{a.title}\n\n{a.body_text()}" for a in ARTICLES}
    signatures = {key: simhash(text) for key, text in texts.items()}
    for a, b in itertools.combinations(texts, 2):
        assert not same_report(texts[a], texts[b]), (a, b)
        if distance(signatures[a], signatures[b]) <= MAX_DISTANCE:
            pytest.fail(f"{a} and {b} are {distance(signatures[a], signatures[b])} bits apart")
    for article in ARTICLES:
        repost = "\n\n".join(["Tiêu đề mới của bài đăng lại", *article.paragraphs, "PV"])
        assert distance(simhash(repost), signatures[article.key]) <= MAX_DISTANCE, article.key
        assert same_report(repost, texts[article.key])
        cut = "\n\n".join(article.paragraphs[1:])
        assert same_report(cut, texts[article.key]), article.key
    assert set(band_keys(2**64 - 1)) & set(band_keys(2**64 - 2))  # one flipped bit: shared bands


def test_reposts_in_other_layouts_are_within_the_band_guarantee() -> None:
    """The same report extracted from two layouts, one with a changed headline."""
    for article in ARTICLES[:10]:
        first = extract_article(decode_markup(render_page("tinhuy", article), "utf-8"))
        changed = type(article)(
            **{**article.__dict__, "title": "Một tiêu đề khác hẳn cho bài này"}
        )
        second = extract_article(decode_markup(render_page("baotinh", changed), "utf-8"))
        assert distance(simhash(first.text), simhash(second.text)) <= MAX_DISTANCE, article.key
        assert same_report(first.text, second.text)


# --- leaders learnt --------------------------------------------------------------------------

LEARNING = (
    "UBND tỉnh họp phiên thường kỳ tháng 10 năm 2025\n\n"
    "Sáng 5/11/2025, đồng chí Lục Văn Thành, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì "
    "phiên họp thường kỳ tháng 10. Dự họp có đồng chí Hà Quang Trung, Bí thư Tỉnh ủy Cao "
    "Bằng, đến dự và trao đổi kinh nghiệm. Thu ngân sách nhà nước 10 tháng ước đạt 1.250 tỷ "
    "đồng, bằng 85% dự toán."
)


def test_leaders_are_learnt_only_when_the_province_is_certain() -> None:
    hinted = extract(LEARNING, now=date(2025, 11, 6), province_hint="Lạng Sơn")
    facts = learnt_facts(hinted, source="test")
    assert {(f.name, f.role, f.province, f.start_year) for f in facts} == {
        ("Lục Văn Thành", LeaderRole.DEPUTY_SECRETARY, "Lạng Sơn", 2025),
        ("Lục Văn Thành", LeaderRole.PEOPLES_COMMITTEE_CHAIR, "Lạng Sơn", 2025),
    }  # the visitor from Cao Bằng is not a Lạng Sơn leader
    guessed = extract(LEARNING, now=date(2025, 11, 6))
    assert guessed.province_method is not ProvinceMethod.HINT
    assert learnt_facts(guessed) == [] or guessed.province_method is ProvinceMethod.NAMED


# --- backoff and configuration ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "failures", "rest"),
    [
        (30, 1, timedelta(hours=1)),
        (30, 2, timedelta(hours=2)),
        (30, 30, timedelta(hours=12)),
        (0.01, 1, timedelta(seconds=1.2)),
    ],
)
def test_backoff_doubles_up_to_twelve_hours(
    interval: float, failures: int, rest: timedelta
) -> None:
    assert backoff(interval, failures) == rest


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"name": "x", "kind": "feed", "location": "ftp://a/b"}, id="not-http"),
        pytest.param({"name": "x", "kind": "rss", "location": "http://a/"}, id="unknown-kind"),
        pytest.param({"name": "x y", "kind": "url", "location": "http://a/"}, id="bad-name"),
        pytest.param(
            {"name": "x", "kind": "page", "location": "http://a/", "province": "Atlantis"},
            id="unknown-province",
        ),
        pytest.param(
            {"name": "x", "kind": "page", "location": "http://a/", "interval_minutes": 0},
            id="zero-interval",
        ),
        pytest.param(
            {"name": "x", "kind": "folder", "location": "in", "colour": "red"}, id="unknown-key"
        ),
    ],
)
def test_invalid_sources_are_refused(values: dict) -> None:
    with pytest.raises(ValidationError):
        SourceConfig(**values)
