"""Regressions found by trying the product, each named after the real report that showed it."""

from bot.core.conversation import Conversation
from bot.core.ingest import ingest_text
from bot.core.services import Services
from tests.bot.builders import SEEDS, ask


async def test_seed_002_mid_term_review_dated_27_6_without_a_year(services: Services, conversation: Conversation):
    """"Sáng ngày 27/6, Phó Bí thư Tỉnh ủy Lâm Minh Đằng chủ trì…" gives no year. Received in
    another year, the report must keep its province (the leader held office during the term
    2020 - 2025 it reviews) and no view may print the year of the day it was received."""
    text = (SEEDS / "002_b9e459340868e836.txt").read_text(encoding="utf-8")
    result = await ingest_text(services, text, source="seeds/002")
    assert result.report is not None and result.report.province == "Trà Vinh"
    reply = await ask(conversation, "/timkiem giai doan nhiem ky")
    assert reply is not None
    assert "27/6" in reply.text
    assert str(services.now().year) not in reply.text.replace("2020 - 2025", "")


async def test_indicator_lines_print_the_digest_words(services: Services, conversation: Conversation):
    """/chitieu printed "bằng 118% kế hoạch" for a share of "dự toán Trung ương giao", and
    "bằng 9,2% kế hoạch" for "vượt 9,2% dự toán": the bot now prints the digest's words."""
    from digest.render import figure_parts

    text = (
        "Sáng 12/12/2024, Ban Chấp hành Đảng bộ tỉnh Hà Giang tổ chức Hội nghị lần thứ 20 đánh giá "
        "kết quả năm 2024. Năm 2024, tổng thu ngân sách nhà nước trên địa bàn ước đạt 3.250 tỷ đồng, "
        "vượt 9,2% dự toán Trung ương giao, tăng 6% so với cùng kỳ. Chỉ số sản xuất công nghiệp tháng 11 "
        "tăng 2,1% so với tháng trước."
    )
    result = await ingest_text(services, text, source="test/regression")
    assert result.report is not None
    budget = next(f for f in result.report.figures if f.indicator == "budget_revenue")
    reply = await ask(conversation, "/chitieu thu ngan sach ha giang")
    assert reply is not None
    assert ", ".join(figure_parts(budget)) == "3.250 tỷ đồng, vượt 9,2% dự toán Trung ương giao, tăng 6% so với cùng kỳ"
    assert "3.250 tỷ đồng, vượt 9,2% dự toán Trung ương giao, tăng 6% so với cùng kỳ" in reply.text
    assert "kế hoạch" not in reply.text
