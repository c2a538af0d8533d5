"""Charts and spreadsheets of one indicator: what is drawn, what is left out, what is exported."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from bot.core.charts import build_figure, draw, figure_texts, history_chart_data, province_chart_data
from bot.core.export import HEADERS, workbook_bytes
from bot.storage import FigureRow
from digest.models import Figure, MeetingKind, Status


def _row(report_id: int, province: str, current: str, raw: str, value: float, unit: str,
         pct: float | None = None, status: Status | None = None, day: date | None = None,
         basis: str | None = None) -> FigureRow:
    pct_raw = None if pct is None or basis is None else f"bằng {pct:g}% {basis}".replace(".", ",")
    figure = Figure(indicator="budget_revenue", label="thu ngân sách", value=value, unit=unit,
                    pct_of_plan=pct, pct_raw=pct_raw, pct_basis=basis, status=status,
                    period="năm 2023", raw=raw, value_raw=raw)
    return FigureRow(report_id=report_id, province=province, province_current=current,
                     date=day, meeting_kind=MeetingKind.BCH, title=None, figure=figure)


ROWS = [
    _row(1, "Đắk Lắk", "Đắk Lắk", "12.500 tỷ đồng", 12500, "tỷ đồng", 118.4, basis="kế hoạch"),
    _row(2, "Thừa Thiên Huế", "Huế", "1,2 nghìn tỷ đồng", 1.2, "nghìn tỷ đồng"),
    _row(3, "Bắc Kạn", "Thái Nguyên", "2.099 tỷ đồng", 2099, "tỷ đồng", 60.1, Status.MISSED,
         basis="dự toán"),
    _row(4, "Ninh Thuận", "Khánh Hòa", "đạt 90%", 90, "%", 90),
]


def test_vietnamese_names_are_drawn_with_their_diacritics():
    data = province_chart_data("Thu ngân sách", ROWS)
    texts = figure_texts(build_figure(data))
    assert any(t.startswith("Đắk Lắk") for t in texts)
    assert any(t.startswith("Thừa Thiên Huế (nay thuộc Huế)") for t in texts)
    assert "2.099 tỷ đồng (bằng 60,1% dự toán)" in texts
    assert "12.500 tỷ đồng (bằng 118,4% kế hoạch)" in texts


def test_bars_are_sorted_on_the_base_unit_and_print_values_as_written():
    data = province_chart_data("Thu ngân sách", ROWS)
    assert [p.text.split(" (")[0] for p in data.points] == ["12.500 tỷ đồng", "2.099 tỷ đồng", "1,2 nghìn tỷ đồng"]
    assert data.points[2].axis_value == 1200  # 1,2 nghìn tỷ on the tỷ đồng axis


def test_values_of_another_unit_or_base_are_left_out_and_named():
    data = province_chart_data("Thu ngân sách", ROWS)
    assert data.left_out == ("Không vẽ 1 số liệu khác đơn vị hoặc cơ sở so sánh: Ninh Thuận (nay thuộc Khánh Hòa)",)


def test_a_merged_provinces_history_names_the_part_that_reported():
    newest_first = [
        _row(3, "Bắc Kạn", "Thái Nguyên", "2.099 tỷ đồng", 2099, "tỷ đồng", day=date(2023, 12, 5)),
        _row(5, "Thái Nguyên", "Thái Nguyên", "11.600 tỷ đồng", 11600, "tỷ đồng", day=date(2021, 9, 29)),
    ]
    data = history_chart_data("Thu ngân sách", "Thái Nguyên", newest_first)
    assert [p.label for p in data.points] == [
        "Thái Nguyên · 29/9/2021", "Bắc Kạn (nay thuộc Thái Nguyên) · 5/12/2023"
    ]


def test_the_chart_is_a_png():
    assert draw(province_chart_data("Thu ngân sách", ROWS)).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_spreadsheet_keeps_the_value_as_written_beside_its_number():
    book = load_workbook(io.BytesIO(workbook_bytes("Thu ngân sách", ROWS, {3: "https://baobackan.vn/x"})))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    bac_kan = next(r for r in rows[1:] if r[1] == "Bắc Kạn (nay thuộc Thái Nguyên)")
    assert bac_kan[:6] == ("Thái Nguyên", "Bắc Kạn (nay thuộc Thái Nguyên)", "năm 2023", "2.099 tỷ đồng", 2099, "tỷ đồng")
    assert bac_kan[6] == 60.1 and bac_kan[-2:] == (3, "https://baobackan.vn/x")


BUDGET_58 = (
    "Hội nghị Ban Chấp hành Đảng bộ tỉnh Bắc Kạn lần thứ 14\n05/12/2023 08:30\n"
    "Ngày 5/12, Ban Chấp hành Đảng bộ tỉnh Bắc Kạn tổ chức Hội nghị lần thứ 14 đánh giá kết quả "
    "năm 2023. Năm 2023, tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.010 tỷ đồng, bằng "
    "58% dự toán. Tỷ lệ giải ngân vốn đầu tư công đạt 58% dự toán."
)


def _extracted_rows() -> list[FigureRow]:
    from digest.extract import extract

    report = extract(BUDGET_58, now=date(2024, 1, 1))
    return [
        FigureRow(report_id=9, province=report.province, province_current=report.province_current,
                  date=report.date, day=report.day, month=report.month,
                  meeting_kind=report.meeting_kind, title=report.title, figure=f)
        for f in report.figures
    ]


def test_a_share_of_the_budget_estimate_is_charted_as_dự_toán_not_kế_hoạch():
    """charts.py printed every share as "% kế hoạch"; a report saying "bằng 58% dự toán"
    is charted and exported with "dự toán", its words."""
    rows = [r for r in _extracted_rows() if r.figure.pct_basis == "dự toán"]
    assert rows, "the engine keeps the baseline as written"
    data = province_chart_data("Thu ngân sách", rows)
    texts = " ".join(p.text for p in data.points) + " " + data.unit
    assert "58% dự toán" in texts and "kế hoạch" not in texts
    sheet = load_workbook(io.BytesIO(workbook_bytes("Thu ngân sách", rows, {}))).active
    cells = [c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row if c]
    assert "dự toán" in cells and "kế hoạch" not in cells


def test_a_report_without_a_stated_year_is_charted_and_exported_as_27_6():
    """Seed 002 ("Sáng ngày 27/6", no year): a chart label or a spreadsheet cell never
    carries a year the report does not give."""
    rows = [
        _row(7, "Trà Vinh", "Vĩnh Long", "520 tỷ đồng", 520, "tỷ đồng"),
        _row(8, "Trà Vinh", "Vĩnh Long", "480 tỷ đồng", 480, "tỷ đồng", day=date(2023, 12, 5)),
    ]
    rows[0] = rows[0].model_copy(update={"day": 27, "month": 6})
    data = history_chart_data("Thu ngân sách", "Vĩnh Long", rows)
    assert [p.label for p in data.points] == ["5/12/2023", "27/6"]
    sheet = load_workbook(io.BytesIO(workbook_bytes("Thu ngân sách", rows, {}))).active
    days = [row[HEADERS.index("Ngày họp")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert days == ["27/6", "5/12/2023"]
