"""/province, /indicator, /latest, /search, /report through the core, on a seeded SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core import Conversation, Reply
from bot.storage import Store
from tests.bot.builders import NOW, ask, report
from tests.servers.telegram_api import parse_html

pytestmark = pytest.mark.usefixtures("ids")

BAC_KAN_SPELLINGS = [
    "/tinh bac kan",
    "/tinh Bắc Kạn",
    "/tinh BAC KAN",
    "/tinh Bac Can",
    "/tinh bac kn",
    "/tinh tỉnh Bắc Kạn",
    "/province bac kan",
    "/tỉnh bắc kạn",
    "/tinh@bantin_test_bot bac kan",
]


async def answer(conversation: Conversation, line: str, **kwargs: object) -> Reply:
    reply = await ask(conversation, line, **kwargs)
    assert reply is not None
    return reply


# --- /province -------------------------------------------------------------------------------


@pytest.mark.parametrize("line", BAC_KAN_SPELLINGS)
async def test_old_province_resolves_to_merged_one(conversation: Conversation, line: str) -> None:
    reply = await answer(conversation, line)
    assert reply.template == "province"
    assert "Bắc Kạn đã sáp nhập vào Thái Nguyên" in reply.text
    # Thái Nguyên's latest report, then its earlier meetings (old Bắc Kạn ones included).
    assert "Hội nghị Tỉnh ủy Thái Nguyên cuối năm" in reply.text
    assert "Bản tin 1/3 của Thái Nguyên" in reply.text
    assert "/tinh thai nguyen 2" in reply.text
    assert [(b.label, b.command) for b in reply.buttons] == [
        ("◀ Cuộc họp trước", "/tinh thai nguyen 2")
    ]


async def test_earlier_meetings_by_number(conversation: Conversation) -> None:
    second = await answer(conversation, "/tinh thai nguyen 2")
    third = await answer(conversation, "/tinh thai nguyen 3")
    assert "lần thứ 14" in second.text and "lần thứ 12" in third.text
    assert [b.command for b in second.buttons] == ["/tinh thai nguyen 3", "/tinh thai nguyen 1"]
    assert [b.command for b in third.buttons] == ["/tinh thai nguyen 2"]
    beyond = await answer(conversation, "/tinh thai nguyen 9")
    assert beyond.template == "no_reports" and "mới có 3 bản tin" in beyond.text


async def test_typo_is_corrected_and_said(conversation: Conversation) -> None:
    reply = await answer(conversation, "/tinh thai ngyen")
    assert reply.template == "province" and "Hiểu là: Thái Nguyên" in reply.text


async def test_ambiguous_province_asks(conversation: Conversation) -> None:
    reply = await answer(conversation, "/tinh bac")
    assert reply.template == "did_you_mean"
    assert reply.text.startswith("Chưa rõ tỉnh «bac». Có phải bạn muốn:")
    assert ("Bắc Kạn", "/tinh bac kan") in [(b.label, b.command) for b in reply.buttons]


@pytest.mark.parametrize("line", ["/tinh xyz", "/tinh Paris", "/tinh 123"])
async def test_unknown_province(conversation: Conversation, line: str) -> None:
    reply = await answer(conversation, line)
    assert reply.template == "unknown_province"
    assert "Không tìm thấy tỉnh, thành phố" in reply.text


async def test_province_without_reports(conversation: Conversation) -> None:
    reply = await answer(conversation, "/tinh ca mau")
    assert reply.template == "no_reports"
    assert "Chưa có bản tin nào của Cà Mau" in reply.text


# --- /indicator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["/chitieu thu ngan sach", "/chitieu Thu ngân sách", "/chitieu THU NGAN SACH",
     "/chitieu thu ngan sch", "/indicator ngân sách"],
)
async def test_indicator_across_provinces(conversation: Conversation, line: str) -> None:
    reply = await answer(conversation, line)
    assert reply.template == "indicator_latest"
    lines = reply.text.splitlines()
    ranked = [line.split(":")[0] for line in lines if line[:1].isdigit()]
    # Largest first, scales compared: 510 nghìn tỷ > 19.500 tỷ; one row per province that
    # reported, so Bắc Kạn's figure is its own row, not Thái Nguyên's (issue 11, item 1).
    assert ranked == ["1. Hà Nội", "2. Thái Nguyên", "3. Bắc Kạn (nay thuộc Thái Nguyên)"]
    # The baseline in the report's words: "dự toán" is not "kế hoạch".
    assert "19.500 tỷ đồng, bằng 104% dự toán" in reply.text
    assert "Hội nghị Ban Chấp hành Đảng bộ 10/12/2024" in reply.text


@pytest.mark.parametrize(
    "line",
    ["/chitieu thu ngan sach bac kan", "/chitieu thu ngân sách Bắc Kạn",
     "/chitieu thu ngan sach Bac Can", "/chitieu thu ngan sach thai nguyen"],
)
async def test_indicator_history_of_a_province(conversation: Conversation, line: str) -> None:
    reply = await answer(conversation, line)
    assert reply.template == "indicator_history"
    values = [v for v in ("19.500 tỷ đồng", "1.010 tỷ đồng", "520 tỷ đồng") if v in reply.text]
    assert values == ["19.500 tỷ đồng", "1.010 tỷ đồng", "520 tỷ đồng"]
    assert reply.text.index("19.500") < reply.text.index("1.010") < reply.text.index("520 tỷ")
    assert "bằng 90% kế hoạch, tăng 5% so với cùng kỳ" in reply.text
    assert "năm 2023 · Hội nghị Ban Chấp hành Đảng bộ 5/12/2023" in reply.text


async def test_ambiguous_indicator_asks(conversation: Conversation) -> None:
    reply = await answer(conversation, "/chitieu du lich quang ninh")
    assert reply.template == "did_you_mean"
    assert "Có phải bạn muốn: Khách du lịch, Doanh thu du lịch?" in reply.text
    assert reply.buttons[0].command == "/chitieu khach du lich quang ninh"


async def test_unknown_indicator(conversation: Conversation) -> None:
    reply = await answer(conversation, "/chitieu zzz qqq")
    assert reply.template == "unknown_indicator" and "Thu ngân sách" in reply.text


async def test_indicator_with_no_figures(conversation: Conversation) -> None:
    reply = await answer(conversation, "/chitieu ocop")
    assert reply.template == "indicator_latest"
    assert reply.text.startswith("Chưa có số liệu Sản phẩm OCOP")


# --- /latest, /search, /report ---------------------------------------------------------------


async def test_latest_lists_newest_first(conversation: Conversation, ids: dict[str, int]) -> None:
    reply = await answer(conversation, "/moinhat")
    assert reply.template == "latest"
    first, second = f"{ids['ha_noi_2024']}. ", f"{ids['thai_nguyen_2024']}. "
    assert reply.text.index(first) < reply.text.index(second)
    assert "Bắc Kạn (nay thuộc Thái Nguyên)" not in reply.text.split("\n\n")[1]


@pytest.mark.parametrize(
    "line", ["/timkiem nông thôn mới", "/timkiem nong thon moi", "/TIMKIEM NONG THON MOI",
             "/search nông thôn"]
)
async def test_search_ignores_diacritics(conversation: Conversation, line: str,
                                        ids: dict[str, int]) -> None:
    reply = await answer(conversation, line)
    assert reply.template == "search"
    assert f"{ids['quang_ninh_2024']}. " in reply.text and f"{ids['bac_kan_2023']}. " in reply.text
    assert "“Xây dựng nông thôn mới" in reply.text


async def test_search_without_results(conversation: Conversation) -> None:
    reply = await answer(conversation, "/timkiem bóng đá")
    assert "Không tìm thấy bản tin nào có «bóng đá»" in reply.text


async def test_search_for_a_quoted_name_finds_it_and_shows_it(
    conversation: Conversation, store: Store
) -> None:
    """Issue 11: /timkiem "Nguyễn Đức Thanh" OR'ed the words; unrelated reports came first,
    snippets did not show the name, and nothing said there were more."""
    made = report("Thái Nguyên", date(2025, 7, 1), "Hội nghị Tỉnh ủy")
    for n in range(7):
        await store.reports.add(
            text=f"Hội nghị số {n}. Sản xuất ổn định. Đồng chí Nguyễn Đức Thanh, Bí thư Tỉnh "
                 f"ủy, chủ trì và kết luận hội nghị.", report=made, source=None, now=NOW)
    for n in range(3):  # the words, but apart: not the name
        await store.reports.add(
            text=f"Phiên họp {n}. Đồng chí Nguyễn Văn Đức dự. Tỉnh Thanh Hóa báo cáo.",
            report=made, source=None, now=NOW)
    reply = await answer(conversation, '/timkiem "Nguyễn Đức Thanh"')
    assert "(7 bản tin)" in reply.text
    assert reply.text.count("“Đồng chí Nguyễn Đức Thanh, Bí thư Tỉnh ủy, chủ trì") == 5
    assert "<b>Nguyễn Đức Thanh</b>" in reply.html  # the matching words stand out
    assert "Nguyễn Văn Đức" not in reply.text
    assert 'Còn 2 kết quả nữa. Xem tiếp: /timkiem "Nguyễn Đức Thanh" trang 2' in reply.text
    assert reply.buttons[0].command == '/timkiem "Nguyễn Đức Thanh" trang 2'
    second = await answer(conversation, reply.buttons[0].command)
    assert "(7 bản tin, trang 2)" in second.text and "Còn" not in second.text
    assert second.text.count("Nguyễn Đức Thanh, Bí thư") == 2
    beyond = await answer(conversation, '/timkiem "Nguyễn Đức Thanh" trang 9')
    assert "Trang 9 không còn kết quả" in beyond.text


async def test_search_shows_the_day_of_a_report_without_a_year(
    conversation: Conversation, store: Store
) -> None:
    """Search results are read as listings (reports.day/month, migration 0009), not from the
    report's JSON: a meeting whose year the text does not give still shows "27/6"."""
    made = report("Cao Bằng", date(2025, 6, 27), "Phiên họp thường kỳ")
    made = made.model_copy(update={"date": None})
    await store.reports.add(text="Phiên họp thường kỳ. Bàn về chè Shan tuyết.", report=made,
                           source=None, now=NOW)
    reply = await answer(conversation, "/timkiem che shan tuyet")
    assert "Phiên họp thường kỳ" in reply.text and " · 27/6\n" in reply.text


async def test_search_says_when_no_report_has_every_word(conversation: Conversation,
                                                         ids: dict[str, int]) -> None:
    reply = await answer(conversation, "/timkiem nông thôn bóng đá")
    assert "Không bản tin nào có đủ mọi từ" in reply.text


@pytest.mark.parametrize("form", ["{id}", "#{id}", " {id} "])
async def test_report_by_number(conversation: Conversation, ids: dict[str, int],
                                form: str) -> None:
    reply = await answer(conversation, "/baocao " + form.format(id=ids["bac_kan_2023"]))
    assert reply.template == "report"
    assert "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14" in reply.text
    assert "https://example.vn/bac_kan_2023" in reply.text
    assert "lưu ngày 1/8/2025" in reply.text


@pytest.mark.parametrize(("line", "known_number"),
                         [("/baocao 9999", True), ("/baocao abc", False), ("/baocao -1", False)])
async def test_report_not_found(conversation: Conversation, line: str, known_number: bool) -> None:
    reply = await answer(conversation, line)
    assert reply.template == "report_not_found"
    assert ("Không có bản tin số" in reply.text) is known_number


async def test_titles_with_markup_are_escaped(conversation: Conversation,
                                             ids: dict[str, int]) -> None:
    reply = await answer(conversation, f"/baocao {ids['cao_bang_markup']}")
    assert 'Kỳ họp <chuyên đề> & "bất thường"' in reply.text
    assert "Kỳ họp &lt;chuyên đề&gt; &amp; &#34;bất thường&#34;" in reply.html
    plain, _ = parse_html(reply.html)  # what Telegram shows
    assert 'Kỳ họp <chuyên đề> & "bất thường"' in plain


@pytest.mark.parametrize(
    ("text", "words", "shown"),
    [
        # a stop that groups thousands is no sentence end
        ("Mở đầu. Tổng thu ngân sách đạt gần 11.600 tỷ đồng. Kết thúc.", "ngan sach",
         "Tổng thu ngân sách đạt gần 11.600 tỷ đồng."),
        ("Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch.", "uoc dat",
         "Thu ngân sách ước đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch."),
        # a long sentence is cut at a space, never inside a number
        ("Năm nay " + "các chỉ tiêu chủ yếu " * 12 + "đạt 1.234.567 triệu đồng và hơn thế nữa",
         "chi tieu", None),
    ],
)
def test_search_snippet_never_cuts_a_number(text: str, words: str, shown: str | None) -> None:
    from bot.core.views import snippet
    from bot.storage.search import parse_query

    found = snippet(text, parse_query(words))
    assert found is not None
    if shown is not None:
        assert found.text == shown
    whole = set(text.split())
    assert all(word.strip("…") in whole for word in found.text.split())  # no halved words
