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
