"""Properties over arbitrary text: the engine never raises, and never prints a number it did not read."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.extract import extract
from digest.render import LIMITS, render, visible_length
from tests.eval import digest_numbers_faithful

# Fragments of report language, so that generated text reaches the figure and section rules.
FRAGMENTS = [
    "thu ngân sách ước đạt", "2.099 tỷ đồng", "bằng 60,1% kế hoạch", "tăng 3,09% so với cùng kỳ",
    "trên 1.300 đảng viên", "288/825", "2 - 2,5%", "Ngày 14-7,", "6 tháng đầu năm 2022", "quý II/2024",
    "Bên cạnh kết quả đạt được, còn hạn chế", "đạt thấp", "phấn đấu", "mục tiêu chủ yếu:",
    "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy đề nghị", "tập trung", "đẩy mạnh", ";", ".", "\n\n",
    "tỉnh Bắc Kạn", "huyện Na Rì", "<b>", "&amp;", "Lượt xem: 12", "Tin khác", "(kế hoạch 7%)",
    "1234/QĐ-UBND", "0,5", "1.000.000", "99,99%", "khoảng 900.000 lượt khách",
]
report_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), report_like))
def test_extract_and_render_never_raise(text):
    report = extract(text)
    for fmt in ("text", "html"):
        out = render(report, fmt)
        assert visible_length(out, fmt) <= LIMITS[fmt]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like)
def test_every_number_in_a_digest_is_in_the_source(text):
    digest = render(extract(text), "text")
    assert digest_numbers_faithful(digest, text) == []


def test_html_digest_escapes_report_text():
    report = extract("Hội nghị <script>alert(1)</script> 5 < 7 & \"bàn\"\n\nThu ngân sách ước đạt 5 tỷ đồng <b>x</b>.")
    html = render(report, "html")
    # Markup in the text is stripped by cleaning; what stays of the prose is escaped.
    assert "<script>" not in html and "5 &lt; 7 &amp;" in html
    assert re.search(r"<(?!/?(b|i)>)", html) is None
