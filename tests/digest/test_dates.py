# ruff: noqa: E501  (tables keep one row per line)
"""Tests for digest/dates.py: days and reporting periods as provincial reports write them.

Sentences are written for this project in the style of the reports.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.dates import find_whens, infer_report_year, parse_when
from digest.models import WhenKind
from digest.normalize import normalize_text

DAY, MONTH, QUARTER = WhenKind.DAY, WhenKind.MONTH, WhenKind.QUARTER
HALF, MONTHS, YEAR = WhenKind.HALF, WhenKind.MONTHS, WhenKind.YEAR
RANGE, MID_TERM = WhenKind.RANGE, WhenKind.MID_TERM
REF = date(2023, 12, 6)  # the reports below are read on 6 December 2023 unless a row says
SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
d = date

# (text, raw, kind, start, end, year_known)
# fmt: off
WHEN_ROWS = [
    # days
    ("Ngày 14-7, đồng chí Bí thư chủ trì hội nghị", "Ngày 14-7", DAY, d(2023, 7, 14), d(2023, 7, 14), False),
    ("Ngày 5/12, Ban Chấp hành họp", "Ngày 5/12", DAY, d(2023, 12, 5), d(2023, 12, 5), False),
    ("Sáng ngày 27/6, Thường trực Tỉnh ủy họp", "Sáng ngày 27/6", DAY, d(2023, 6, 27), d(2023, 6, 27), False),
    ("Chiều 3/10, UBND tỉnh họp phiên thường kỳ", "Chiều 3/10", DAY, d(2023, 10, 3), d(2023, 10, 3), False),
    ("Tối 31/12/2023, tỉnh tổ chức đón năm mới", "Tối 31/12/2023", DAY, d(2023, 12, 31), d(2023, 12, 31), True),
    ("sáng nay 5/12 hội nghị khai mạc", "sáng nay 5/12", DAY, d(2023, 12, 5), d(2023, 12, 5), False),
    ("Ngày 14.7, tỉnh tổ chức hội nghị", "Ngày 14.7", DAY, d(2023, 7, 14), d(2023, 7, 14), False),
    ("ngày mùng 2/9 là Quốc khánh", "ngày mùng 2/9", DAY, d(2023, 9, 2), d(2023, 9, 2), False),
    ("05/12/2023", "05/12/2023", DAY, d(2023, 12, 5), d(2023, 12, 5), True),
    ("Cập nhật 5-12-2023 lúc 9 giờ", "5-12-2023", DAY, d(2023, 12, 5), d(2023, 12, 5), True),
    ("ban hành ngày 28/7/2021 của Bộ Chính trị", "ngày 28/7/2021", DAY, d(2021, 7, 28), d(2021, 7, 28), True),
    ("Hội nghị diễn ra ngày 5 tháng 12 năm 2023", "ngày 5 tháng 12 năm 2023", DAY, d(2023, 12, 5), d(2023, 12, 5), True),
    ("ngày 30 tháng 4 là ngày giải phóng", "ngày 30 tháng 4", DAY, d(2023, 4, 30), d(2023, 4, 30), False),
    ("Thứ Hai, ngày 4/12/2023", "Thứ Hai, ngày 4/12/2023", DAY, d(2023, 12, 4), d(2023, 12, 4), True),
    ("Hôm nay (5/12), Tỉnh ủy họp", "5/12", DAY, d(2023, 12, 5), d(2023, 12, 5), False),
    ("Tin ngày\n5/12\nTỉnh ủy họp", "5/12", DAY, d(2023, 12, 5), d(2023, 12, 5), False),
    ("ngay 5/12 tinh uy hop", "ngay 5/12", DAY, d(2023, 12, 5), d(2023, 12, 5), False),
    # periods of months
    ("đánh giá 6 tháng đầu năm 2022", "6 tháng đầu năm 2022", HALF, d(2022, 1, 1), d(2022, 6, 30), True),
    ("nhiệm vụ 6 tháng cuối năm 2022", "6 tháng cuối năm 2022", HALF, d(2022, 7, 1), d(2022, 12, 31), True),
    ("nhiệm vụ 6 tháng đầu năm", "6 tháng đầu năm", HALF, d(2023, 1, 1), d(2023, 6, 30), False),
    ("6 tháng còn lại của năm 2022 có ý nghĩa quan trọng", "6 tháng còn lại của năm 2022", HALF, d(2022, 7, 1), d(2022, 12, 31), True),
    ("kết quả nửa đầu năm 2024", "nửa đầu năm 2024", HALF, d(2024, 1, 1), d(2024, 6, 30), True),
    ("Trong 9 tháng năm 2021, kinh tế tăng trưởng", "9 tháng năm 2021", MONTHS, d(2021, 1, 1), d(2021, 9, 30), True),
    ("9 tháng đầu năm 2021 thu ngân sách đạt", "9 tháng đầu năm 2021", MONTHS, d(2021, 1, 1), d(2021, 9, 30), True),
    ("giá trị sản xuất 10 tháng đạt 5.000 tỷ đồng", "10 tháng", MONTHS, d(2023, 1, 1), d(2023, 10, 31), False),
    ("11 tháng năm 2023, xuất khẩu tăng", "11 tháng năm 2023", MONTHS, d(2023, 1, 1), d(2023, 11, 30), True),
    ("nhiệm vụ 3 tháng cuối năm", "3 tháng cuối năm", MONTHS, d(2023, 10, 1), d(2023, 12, 31), False),
    # quarters and months
    ("kế hoạch quý II/2024", "quý II/2024", QUARTER, d(2024, 4, 1), d(2024, 6, 30), True),
    ("kết quả quý III năm 2023", "quý III năm 2023", QUARTER, d(2023, 7, 1), d(2023, 9, 30), True),
    ("tăng trưởng quý I đạt 5%", "quý I", QUARTER, d(2023, 1, 1), d(2023, 3, 31), False),
    ("quý 4 của năm 2018", "quý 4 của năm 2018", QUARTER, d(2018, 10, 1), d(2018, 12, 31), True),
    ("phiên họp thường kỳ tháng 7/2024", "tháng 7/2024", MONTH, d(2024, 7, 1), d(2024, 7, 31), True),
    ("chỉ số giá tháng 10 năm 2023 tăng", "tháng 10 năm 2023", MONTH, d(2023, 10, 1), d(2023, 10, 31), True),
    ("phiên họp thường kỳ tháng 11", "tháng 11", MONTH, d(2023, 11, 1), d(2023, 11, 30), False),
    # years, spans, terms
    ("nhiệm vụ năm 2023", "năm 2023", YEAR, d(2023, 1, 1), d(2023, 12, 31), True),
    ("giai đoạn 2021 - 2025", "giai đoạn 2021 - 2025", RANGE, d(2021, 1, 1), d(2025, 12, 31), True),
    ("Đại hội nhiệm kỳ 2020-2025", "nhiệm kỳ 2020-2025", RANGE, d(2020, 1, 1), d(2025, 12, 31), True),
    ("Quy hoạch tỉnh thời kỳ 2021 - 2030", "thời kỳ 2021 - 2030", RANGE, d(2021, 1, 1), d(2030, 12, 31), True),
    ("kế hoạch tài chính 2024 - 2026", "2024 - 2026", RANGE, d(2024, 1, 1), d(2026, 12, 31), True),
    ("từ năm 2021 đến năm 2025", "từ năm 2021 đến năm 2025", RANGE, d(2021, 1, 1), d(2025, 12, 31), True),
    ("năm học 2023-2024", "2023-2024", RANGE, d(2023, 1, 1), d(2024, 12, 31), True),
    ("sơ kết giữa nhiệm kỳ 2020 - 2025", "giữa nhiệm kỳ 2020 - 2025", MID_TERM, d(2020, 1, 1), d(2025, 12, 31), True),
    ("Báo cáo sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội, nhiệm kỳ 2020 - 2025.", "nhiệm kỳ 2020 - 2025", MID_TERM, d(2020, 1, 1), d(2025, 12, 31), True),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "raw", "kind", "start", "end", "year_known"),
    WHEN_ROWS,
    ids=[r[0][:45] for r in WHEN_ROWS],
)
def test_parse_when(
    text: str, raw: str, kind: WhenKind, start: date, end: date, year_known: bool
) -> None:
    w = parse_when(text, ref=REF)
    assert w is not None
    assert (w.raw, w.kind, w.start, w.end, w.year_known) == (raw, kind, start, end, year_known)
    assert w.pos is not None and text[w.pos : w.pos + len(w.raw)] == w.raw


# (text, ref, expected start): a date without a year lies at most ~2 months after ref
# fmt: off
YEARLESS_ROWS = [
    ("ngày 28/12 tỉnh tổng kết", d(2024, 1, 5), d(2023, 12, 28)),
    ("ngày 2/1 tỉnh giao chỉ tiêu", d(2023, 12, 28), d(2024, 1, 2)),
    ("Ngày 14-7", d(2022, 7, 15), d(2022, 7, 14)),
    ("Ngày 10/9", d(2022, 7, 15), d(2022, 9, 10)),
    ("Ngày 20/10", d(2022, 7, 15), d(2021, 10, 20)),
    ("tháng 12", d(2024, 1, 10), d(2023, 12, 1)),
    ("quý IV", d(2024, 1, 10), d(2023, 10, 1)),
    ("6 tháng cuối năm", d(2022, 7, 15), d(2022, 7, 1)),
    ("ngày 29/2", d(2024, 3, 1), d(2024, 2, 29)),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "ref", "start"), YEARLESS_ROWS, ids=[f"{r[0]}@{r[1]}" for r in YEARLESS_ROWS]
)
def test_year_of_a_yearless_date(text: str, ref: date, start: date) -> None:
    w = parse_when(text, ref=ref)
    assert w is not None and w.start == start and not w.year_known


NOT_DATES = [
    "kết nạp được 288/825 đảng viên",
    "có 20/29 chỉ tiêu đạt và vượt",
    "có 7/24 chỉ tiêu đạt",
    "có 5/12 chỉ tiêu đạt",
    "giảm 4-5%",
    "giảm 2 - 2,5%",
    "tăng 3.5% so với cùng kỳ",
    "đạt 11.152 tỷ đồng",
    "Quyết định số 22/2021/QĐ-UBND",
    "Công văn 1234/QĐ-UBND",
    "Nghị quyết số 15-NQ/TU",
    "đại dịch COVID-19",
    "Hội nghị lần thứ 12",
    "đứng thứ 5 toàn quốc",
    "sau 3 tháng triển khai",
    "trong 6 tháng qua",
    "thời hạn 6 tháng",
    "ngày 31/2",
    "tháng 13",
    "quý V",
    "nhiệm kỳ 2025-2020",
    "năm 1850",
    "3/9/91",
    "9 tháng năm",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert find_whens(text, ref=REF) == []


def test_find_whens_in_order_with_offsets() -> None:
    text = (
        "Ngày 5/12, Ban Chấp hành đánh giá năm 2023, kết nạp 288/825 đảng viên, "
        "quyết nghị nhiệm vụ năm 2024 và kế hoạch tài chính giai đoạn 2024 - 2026."
    )
    found = find_whens(text, ref=REF)
    assert [w.raw for w in found] == ["Ngày 5/12", "năm 2023", "năm 2024", "giai đoạn 2024 - 2026"]
    for w in found:
        assert text[w.pos : w.pos + len(w.raw)] == w.raw


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_offsets_are_exact(path: Path) -> None:
    text = normalize_text(path.read_text(encoding="utf-8"))
    found = find_whens(text, ref=REF)
    assert found
    for w in found:
        assert text[w.pos : w.pos + len(w.raw)] == w.raw
        assert w.start <= w.end


INFER_ROWS = [
    ("Ngày 14-7, hội nghị đánh giá 6 tháng đầu năm; triển khai 6 tháng cuối năm 2022.", 2022),
    ("Trong 9 tháng năm 2021, kinh tế tăng trưởng; hoàn thành mục tiêu năm 2021.", 2021),
    (
        "05/12/2023\nHội nghị quyết nghị nhiệm vụ năm 2024, năm 2024 và năm 2024; kết quả năm 2023.",
        2023,
    ),
    ("Kết quả quý II/2024 khả quan; tăng 5% so với năm 2023, hướng đến năm 2030.", 2024),
    ("Thu ngân sách năm 2022 tăng so với cùng kỳ năm 2021; tầm nhìn đến năm 2050.", 2022),
    ("Triển khai Quy định số 22 ngày 28/7/2021 của Ban Chấp hành Trung ương.", 2021),
    ("Hội nghị sơ kết giữa nhiệm kỳ 2020 - 2025.", None),  # no year is written: never print one
    ("Hội nghị Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2020 - 2025.", None),
    ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12.", None),
]


@pytest.mark.parametrize(("text", "year"), INFER_ROWS, ids=[r[0][:40] for r in INFER_ROWS])
def test_infer_report_year(text: str, year: int | None) -> None:
    assert infer_report_year(text) == year


def test_mid_term_review_gives_a_year_for_leader_matching_only() -> None:
    text = "Hội nghị sơ kết giữa nhiệm kỳ 2020 - 2025."
    assert infer_report_year(text, midterm_guess=True) == 2023


@pytest.mark.parametrize(
    ("name", "year"), [("000", 2022), ("001", 2021), ("002", None), ("004", 2023)]
)
def test_infer_report_year_of_seeds(name: str, year: int | None) -> None:
    path = next(p for p in SEEDS if p.name.startswith(name))
    assert infer_report_year(normalize_text(path.read_text(encoding="utf-8"))) == year


# --- peers' corpora ----------------------------------------------------------------------

# fmt: off
PEER_CORPUS_CASES = [
    # facebook/duckling Duckling/Time/VI/Corpus.hs (reference time 2 February 2017)
    ("ngày 3 tháng 3 năm 2017", d(2017, 2, 2), "ngày 3 tháng 3 năm 2017", DAY, d(2017, 3, 3), d(2017, 3, 3)),
    ("3/3/2017", d(2017, 2, 2), "3/3/2017", DAY, d(2017, 3, 3), d(2017, 3, 3)),
    ("03/03/2017", d(2017, 2, 2), "03/03/2017", DAY, d(2017, 3, 3), d(2017, 3, 3)),
    ("ngày 7 tháng 3", d(2017, 2, 2), "ngày 7 tháng 3", DAY, d(2017, 3, 7), d(2017, 3, 7)),
    ("ngày 7/3", d(2017, 2, 2), "ngày 7/3", DAY, d(2017, 3, 7), d(2017, 3, 7)),
    ("03/09/1991", d(2017, 2, 2), "03/09/1991", DAY, d(1991, 9, 3), d(1991, 9, 3)),
    ("12 tháng 10 năm 2017", d(2017, 2, 2), "12 tháng 10 năm 2017", DAY, d(2017, 10, 12), d(2017, 10, 12)),
    ("thứ 3 ngày 3 tháng 4 năm 2018", d(2017, 2, 2), "thứ 3 ngày 3 tháng 4 năm 2018", DAY, d(2018, 4, 3), d(2018, 4, 3)),
    ("lúc 7:30 chiều ngày 20/4/2017", d(2017, 2, 2), "chiều ngày 20/4/2017", DAY, d(2017, 4, 20), d(2017, 4, 20)),
    ("tháng 10 năm 2017", d(2017, 2, 2), "tháng 10 năm 2017", MONTH, d(2017, 10, 1), d(2017, 10, 31)),
    ("tháng 3", d(2017, 2, 2), "tháng 3", MONTH, d(2017, 3, 1), d(2017, 3, 31)),
    ("quý 3", d(2017, 10, 2), "quý 3", QUARTER, d(2017, 7, 1), d(2017, 9, 30)),
    ("quý 4 năm 2018", d(2017, 2, 2), "quý 4 năm 2018", QUARTER, d(2018, 10, 1), d(2018, 12, 31)),
    # scrapinghub/dateparser tests/test_languages.py, Vietnamese rows
    ("Thứ Năm, ngày 8 tháng 1 năm 2015", d(2015, 1, 10), "Thứ Năm, ngày 8 tháng 1 năm 2015", DAY, d(2015, 1, 8), d(2015, 1, 8)),
    ("Thứ Tư, 07/01/2015 | 22:34", d(2015, 1, 10), "Thứ Tư, 07/01/2015", DAY, d(2015, 1, 7), d(2015, 1, 7)),
    ("9 Tháng 1 2015 lúc 15:08", d(2015, 1, 10), "9 Tháng 1 2015", DAY, d(2015, 1, 9), d(2015, 1, 9)),
    # NVIDIA/NeMo-text-processing vi test_cases_date.txt (written side of normalization)
    ("ngày 15/01/2024", REF, "ngày 15/01/2024", DAY, d(2024, 1, 15), d(2024, 1, 15)),
    ("01/12/2023", REF, "01/12/2023", DAY, d(2023, 12, 1), d(2023, 12, 1)),
    ("25-03-1975", REF, "25-03-1975", DAY, d(1975, 3, 25), d(1975, 3, 25)),
    ("10.05.2000", REF, "10.05.2000", DAY, d(2000, 5, 10), d(2000, 5, 10)),
    ("tháng 1 2024", REF, "tháng 1 2024", MONTH, d(2024, 1, 1), d(2024, 1, 31)),
    ("ngày 12 tháng 5 năm 2025", REF, "ngày 12 tháng 5 năm 2025", DAY, d(2025, 5, 12), d(2025, 5, 12)),
    ("hôm nay là ngày 19/05/2025 sinh nhật Bác", REF, "ngày 19/05/2025", DAY, d(2025, 5, 19), d(2025, 5, 19)),
    ("ngày 14/4 hàng năm", REF, "ngày 14/4", DAY, d(2023, 4, 14), d(2023, 4, 14)),
    ("tháng 04/1969", REF, "tháng 04/1969", MONTH, d(1969, 4, 1), d(1969, 4, 30)),
    ("mùng 1 tháng 1 năm 1999", REF, "mùng 1 tháng 1 năm 1999", DAY, d(1999, 1, 1), d(1999, 1, 1)),
    ("ngày 24 tháng 7 năm 2013", REF, "ngày 24 tháng 7 năm 2013", DAY, d(2013, 7, 24), d(2013, 7, 24)),
    ("tháng 10 năm 2009", REF, "tháng 10 năm 2009", MONTH, d(2009, 10, 1), d(2009, 10, 31)),
    ("năm 1984", REF, "năm 1984", YEAR, d(1984, 1, 1), d(1984, 12, 31)),
]
# fmt: on
"""Cases re-expressed from peers' Vietnamese test corpora, as rows of our own.

Checked (through the project's search tool, 2025):
- facebook/duckling Duckling/Time/VI/Corpus.hs: "ngày 3 tháng 3 năm 2017", "3/3/2017",
  "ngày 7 tháng 3", "7/3", "tháng 10 năm 2017", "quý 3", "quý 4 năm 2018", weekdays, times
  of day. We read a bare "7/3" only with a cue ("ngày 7/3") or standing alone, since reports
  write ratios the same way. Duckling looks forward from its reference time ("quý 3" read on
  2 February is the coming third quarter); reports look back, so a yearless period that
  would start more than two months ahead is last year's, and the row uses an October
  reference. Relative expressions ("hôm qua", "tuần sau", "năm ngoái") and clock times are
  out of scope.
- scrapinghub/dateparser tests/test_languages.py, the 'vi' rows: "Thứ Năm, ngày 8 tháng 1
  năm 2015", "Thứ Tư, 07/01/2015 | 22:34", "9 Tháng 1 2015 lúc 15:08".
- NVIDIA/NeMo-text-processing tests/nemo_text_processing/vi/data_text_normalization/
  test_cases_date.txt and data_inverse_text_normalization/test_cases_date.txt: numeric dates
  with "/", "-" and "." and the "ngày ... tháng ... năm ..." form. Its month and year words
  ("tháng mười hai", "năm hai nghìn") are number words, out of our scope.

None of them covers the reporting periods a provincial report is organised by: "6 tháng đầu
năm 2022", "9 tháng năm 2021", "quý II/2024", "giai đoạn 2021 - 2025", "giữa nhiệm kỳ
2020 - 2025"; nor telling "5/12 chỉ tiêu" or "288/825" from a date.
"""


@pytest.mark.parametrize(
    ("text", "ref", "raw", "kind", "start", "end"),
    PEER_CORPUS_CASES,
    ids=[r[0] for r in PEER_CORPUS_CASES],
)
def test_peer_corpus_cases(
    text: str, ref: date, raw: str, kind: WhenKind, start: date, end: date
) -> None:
    w = parse_when(text, ref=ref)
    assert w is not None
    assert (w.raw, w.kind, w.start, w.end) == (raw, kind, start, end)


# --- properties --------------------------------------------------------------------------

# fmt: off
_TOKENS = [
    "ngày", "Ngày", "sáng", "tháng", "năm", "quý", "II", "IV", "nhiệm kỳ", "giai đoạn",
    "giữa", "6", "9", "12", "5/12", "14-7", "14.7", "2023", "2020", "2025", "-", "/", ".",
    ",", "(", ")", "\n", "đầu", "cuối", "288/825", "thứ", "Hai", "05/12/2023", "31/2", "99",
    "ngay", "quy", "thang", "nam", "từ", "đến",
]
# fmt: on


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.lists(st.sampled_from(_TOKENS), max_size=25).map(" ".join)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
)
def test_find_whens_never_raises_and_offsets_hold(text: str, ref: date) -> None:
    for w in find_whens(text, ref=ref):
        assert w.pos is not None
        assert text[w.pos : w.pos + len(w.raw)] == w.raw
        assert w.start <= w.end
    infer_report_year(text)
