"""Properties over arbitrary text: the engine never raises, its JSON is JSON, and it never prints
a number it did not read; also for long texts (one paragraph, many lines) and huge numbers."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.extract import extract
from digest.render import LIMITS, render, visible_length
from tests.eval import digest_numbers_faithful

# Fragments of report language, so that generated text reaches the figure and section rules.
FRAGMENTS = [
    "thu ngân sách ước đạt",
    "2.099 tỷ đồng",
    "bằng 60,1% kế hoạch",
    "tăng 3,09% so với cùng kỳ",
    "trên 1.300 đảng viên",
    "288/825",
    "2 - 2,5%",
    "Ngày 14-7,",
    "6 tháng đầu năm 2022",
    "quý II/2024",
    "Bên cạnh kết quả đạt được, còn hạn chế",
    "đạt thấp",
    "phấn đấu",
    "mục tiêu chủ yếu:",
    "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy đề nghị",
    "tập trung",
    "đẩy mạnh",
    ";",
    ".",
    "\n\n",
    "tỉnh Bắc Kạn",
    "huyện Na Rì",
    "<b>",
    "&amp;",
    "Lượt xem: 12",
    "Tin khác",
    "(kế hoạch 7%)",
    "1234/QĐ-UBND",
    "0,5",
    "1.000.000",
    "99,99%",
    "khoảng 900.000 lượt khách",
]
report_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60
).map(" ".join)


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
    report = extract(
        'Hội nghị <script>alert(1)</script> 5 < 7 & "bàn"\n\n'
        "Thu ngân sách ước đạt 5 tỷ đồng <b>x</b>."
    )
    html = render(report, "html")
    # Markup in the text is stripped by cleaning; what stays of the prose is escaped.
    assert "<script>" not in html and "5 &lt; 7 &amp;" in html
    assert re.search(r"<(?!/?(b|i)>)", html) is None


def _strict_json(report) -> None:
    """The report's JSON, as `bantin digest --json` writes it, read by a strict parser."""

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    json.loads(
        json.dumps(report.model_dump(mode="json"), ensure_ascii=False), parse_constant=refuse
    )


def _check(text: str) -> None:
    report = extract(text)
    _strict_json(report)
    for fmt in ("text", "html"):
        assert visible_length(render(report, fmt), fmt) <= LIMITS[fmt]
    assert digest_numbers_faithful(render(report, "text"), text) == []


# Report language repeated into a long text: one paragraph, many short lines, one clause.
long_text = st.tuples(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
    st.integers(min_value=20, max_value=400),
    st.sampled_from([" ", "\n", "\n\n", ", ", "; "]),
).map(lambda t: t[2].join(t[0] * t[1]))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(long_text)
def test_long_texts_never_raise_give_json_and_print_only_numbers_they_read(text):
    _check(text)


# Numerals far past what a float holds, in the places figures, plans, ratios, ranges and dates go.
huge_numeral = st.one_of(
    st.integers(min_value=16, max_value=3_000).map(lambda n: "9" * n),
    st.integers(min_value=300, max_value=2_000).map(lambda n: "1" + "0" * n),
    st.from_regex(
        r"\A[1-9]\d{0,2}(?:\.\d{3}){4,100}(?:,\d{1,40})?\Z"
    ),  # grouped: 1.234.567.890.123,45
    st.floats(allow_nan=False).map(repr),  # "1e+308", "inf", "-0.0"
    st.integers(min_value=0, max_value=99_999).map(str),
)
NUMBER_PLACES = [
    "Thu ngân sách ước đạt {} tỷ đồng",
    "bằng {}% kế hoạch",
    "tăng {}% so với cùng kỳ",
    "kết nạp {}/{} đảng viên",
    "từ {} đến {} ha",
    "Ngày {}/12/{},",
    "năm {}",
    "quý II/{}",
    "đạt {}/{} chỉ tiêu",
    "(kế hoạch {}%)",
    "khoảng {} lượt khách",
]
with_numbers = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.tuples(st.sampled_from(NUMBER_PLACES), huge_numeral, huge_numeral).map(
            lambda t: t[0].format(t[1], t[2])
        ),
    ),
    min_size=1,
    max_size=30,
).map(" ".join)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(with_numbers)
def test_huge_numbers_never_raise_give_json_and_print_only_numbers_they_read(text):
    _check(text)
