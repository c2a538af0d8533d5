"""Regressions found by trying the product, each named after the real report that showed it."""

from bot.core.conversation import Conversation
from bot.core.ingest import ingest_text
from bot.core.services import Services
from tests.bot.builders import SEEDS, ask


async def test_seed_002_mid_term_review_dated_27_6_without_a_year(
    services: Services, conversation: Conversation
):
    """ "Sáng ngày 27/6, Phó Bí thư Tỉnh ủy Lâm Minh Đằng chủ trì…" gives no year. Received in
    another year, the report must keep its province (the leader held office during the term
    2020 - 2025 it reviews) and no view may print the year of the day it was received."""
    text = (SEEDS / "002_b9e459340868e836.txt").read_text(encoding="utf-8")
    result = await ingest_text(services, text, source="seeds/002")
    assert result.report is not None and result.report.province == "Trà Vinh"
    reply = await ask(conversation, "/timkiem giai doan nhiem ky")
    assert reply is not None
    assert "27/6" in reply.text
    assert str(services.now().year) not in reply.text.replace("2020 - 2025", "")


async def test_indicator_lines_print_the_digest_words(
    services: Services, conversation: Conversation
):
    """/chitieu printed "bằng 118% kế hoạch" for a share of "dự toán Trung ương giao", and
    "bằng 9,2% kế hoạch" for "vượt 9,2% dự toán": the bot now prints the digest's words."""
    from digest.render import figure_parts

    text = (
        "Sáng 12/12/2024, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 20 đánh "
        "giá "
        "kết quả năm 2024. Năm 2024, tổng thu ngân sách nhà nước trên địa bàn ước đạt 3.250 tỷ "
        "đồng, "
        "vượt 9,2% dự toán Trung ương giao, tăng 6% so với cùng kỳ. Chỉ số sản xuất công nghiệp "
        "tháng 11 "
        "tăng 2,1% so với tháng trước."
    )
    result = await ingest_text(services, text, source="test/regression")
    assert result.report is not None
    budget = next(f for f in result.report.figures if f.indicator == "budget_revenue")
    reply = await ask(conversation, "/chitieu thu ngan sach ha giang")
    assert reply is not None
    assert (
        ", ".join(figure_parts(budget))
        == "3.250 tỷ đồng, vượt 9,2% dự toán Trung ương giao, tăng 6% so với cùng kỳ"
    )
    assert "3.250 tỷ đồng, vượt 9,2% dự toán Trung ương giao, tăng 6% so với cùng kỳ" in reply.text
    assert "kế hoạch" not in reply.text


async def test_bac_kan_grdp_is_not_printed_as_thai_nguyen_s(
    services: Services, conversation: Conversation
) -> None:
    """`/chitieu GRDP bac kan` printed "Tổng sản phẩm (GRDP) của Thái Nguyên • 8.840 tỷ đồng"
    (Bắc Kạn's 2023 figure), and `/chitieu` across provinces hid Thái Nguyên's own figure:
    every line names the province that reported it, each part keeps its latest figure, and
    the year the report gives stays on the line."""
    texts = [
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Bắc Kạn lần thứ 14\n05/12/2023 08:30\nNgày 5/12, "
        "Ban Chấp hành Đảng bộ tỉnh Bắc Kạn tổ chức Hội nghị lần thứ 14 đánh giá kết quả năm "
        "2023. Năm 2023, tổng sản phẩm (GRDP) ước đạt 8.840 tỷ đồng, tăng 6,33% so với cùng kỳ. "
        "Hội nghị yêu cầu tập trung giải ngân vốn đầu tư công.",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Thái Nguyên lần thứ 10\nThứ Tư, ngày 29/09/2021 | "
        "09:00\nSáng 29/9, Ban Chấp hành Đảng bộ tỉnh Thái Nguyên tổ chức Hội nghị lần thứ 10. "
        "Năm 2021, tổng sản phẩm (GRDP) ước đạt 130.000 tỷ đồng, tăng 6% so với cùng kỳ. Hội "
        "nghị yêu cầu đẩy mạnh cải cách hành chính.",
    ]
    for text in texts:
        result = await ingest_text(services, text, source="test/merged", push=False)
        assert result.report is not None and result.report.province_current == "Thái Nguyên"
    history = await ask(conversation, "/chitieu GRDP bac kan")
    assert history is not None
    lines = history.text.splitlines()
    assert "• Bắc Kạn (nay thuộc Thái Nguyên): 8.840 tỷ đồng, tăng 6,33% so với cùng kỳ" in lines
    assert "• Thái Nguyên: 130.000 tỷ đồng, tăng 6% so với cùng kỳ" in lines
    assert "5/12/2023" in history.text and "29/9/2021" in history.text
    across = await ask(conversation, "/chitieu GRDP")
    assert across is not None
    assert "Bắc Kạn (nay thuộc Thái Nguyên): 8.840 tỷ đồng" in across.text
    assert "Thái Nguyên: 130.000 tỷ đồng" in across.text


async def test_seed_002_is_newest_by_the_day_it_was_received_and_shown_as_27_6(
    services: Services, conversation: Conversation
) -> None:
    """/moinhat listed seed 002 first as "27/6/2026", a year its text never gives: it sorts by
    the day it was received and reads "27/6" in /moinhat, /baocao and search."""
    dated = await ingest_text(
        services,
        (SEEDS / "004_19c978857511aa52.txt").read_text(encoding="utf-8"),
        source="seeds/004",
        push=False,
    )
    yearless = await ingest_text(
        services,
        (SEEDS / "002_b9e459340868e836.txt").read_text(encoding="utf-8"),
        source="seeds/002",
        push=False,
    )
    assert yearless.report is not None and yearless.report.date is None
    latest = await ask(conversation, "/moinhat")
    assert latest is not None
    entries = latest.text.split("\n\n")[1:3]
    assert entries[0].startswith(f"{yearless.report_id}. ") and entries[0].endswith("· 27/6")
    assert entries[1].startswith(f"{dated.report_id}. ") and entries[1].endswith("· 5/12/2023")
    shown = await ask(conversation, f"/baocao {yearless.report_id}")
    assert shown is not None and "· 27/6\n" in shown.text
    year = str(services.now().year)
    for reply in (latest, shown):
        assert f"27/6/{year}" not in reply.text


async def test_nhap_of_a_yearless_2021_report_says_why_it_is_not_pushed(
    services: Services, conversation: Conversation
) -> None:
    """Issue 11 retried over chat: `/nhap` of seed 001 (its meeting "9 tháng năm 2021" with
    no meeting year) pushed it as new; it is stored, not pushed, and the reply says why."""
    from tests.bot.builders import ADMIN

    text = (SEEDS / "001_f3c1ed268efcd059.txt").read_text(encoding="utf-8")
    reply = await ask(conversation, "/nhap " + text, chat_id=ADMIN)
    assert reply is not None and "Đã lưu bản tin số" in reply.text
    assert (
        "📦 Không gửi tới người đăng ký: báo cáo không nêu năm họp, và kỳ báo cáo "
        "(9 tháng năm 2021) đã kết thúc hơn một năm trước" in reply.text
    )


async def test_a_share_of_the_budget_estimate_reads_du_toan_in_chitieu(
    services: Services, conversation: Conversation
) -> None:
    """A report saying "bằng 58% dự toán" must never read "% kế hoạch" (charts.py assumed
    it); /chitieu across provinces and a province's history print the baseline as written."""
    text = (
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Bắc Kạn lần thứ 14\n05/12/2023 08:30\nNgày 5/12, "
        "Ban Chấp hành Đảng bộ tỉnh Bắc Kạn tổ chức Hội nghị lần thứ 14 đánh giá kết quả năm "
        "2023. Năm 2023, tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.010 tỷ đồng, bằng "
        "58% dự toán. Hội nghị yêu cầu tập trung giải ngân vốn đầu tư công."
    )
    result = await ingest_text(services, text, source="test/du-toan", push=False)
    assert result.report is not None
    for line in ("/chitieu thu ngan sach", "/chitieu thu ngan sach bac kan"):
        reply = await ask(conversation, line)
        assert reply is not None
        assert "1.010 tỷ đồng, bằng 58% dự toán" in reply.text, line
        assert "kế hoạch" not in reply.text, line
