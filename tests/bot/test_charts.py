"""Charts and spreadsheets of one indicator: what is drawn, what is left out, what is exported."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from bot.core.charts import (
    build_figure,
    draw,
    figure_texts,
    history_chart_data,
    province_chart_data,
)
from bot.core.export import HEADERS, workbook_bytes
from bot.storage import FigureRow
from digest.models import Figure, MeetingKind, Status


def _row(report_id: int, province: str, current: str, raw: str, value: float, unit: str,
         pct: float | None = None, status: Status | None = None, day: date | None = None,
         pct_raw: str | None = None, basis: str | None = None) -> FigureRow:
    figure = Figure(indicator="budget_revenue", label="thu ngân sách", value=value, unit=unit,
                    pct_of_plan=pct, pct_raw=pct_raw, pct_basis=basis, status=status,
                    period="năm 2023", raw=raw, value_raw=raw)
    return FigureRow(report_id=report_id, province=province, province_current=current,
                     date=day, meeting_kind=MeetingKind.BCH, title=None, figure=figure)


ROWS = [
    _row(1, "Đắk Lắk", "Đắk Lắk", "12.500 tỷ đồng", 12500, "tỷ đồng", 118.4),
    _row(2, "Thừa Thiên Huế", "Huế", "1,2 nghìn tỷ đồng", 1.2, "nghìn tỷ đồng"),
    _row(3, "Bắc Kạn", "Thái Nguyên", "2.099 tỷ đồng", 2099, "tỷ đồng", 60.1, Status.MISSED,
         pct_raw="bằng 60,1% dự toán", basis="dự toán"),
    _row(4, "Ninh Thuận", "Khánh Hòa", "đạt 90%", 90, "%", 90),
]


def test_vietnamese_names_are_drawn_with_their_diacritics():
    data = province_chart_data("Thu ngân sách", ROWS)
    texts = figure_texts(build_figure(data))
    assert any(t.startswith("Đắk Lắk") for t in texts)
    assert any(t.startswith("Thừa Thiên Huế (nay thuộc Huế)") for t in texts)
    assert "2.099 tỷ đồng (bằng 60,1% dự toán)" in texts


def test_the_font_drawn_has_every_vietnamese_letter_of_the_names():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from bot.core.charts import FONT

    path = font_manager.findfont(FONT, fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    assert all(ord(c) in charmap for c in "Đắk Lắk Thừa Thiên Huế Bắc Kạn Hòa Tĩnh")


def test_a_share_is_printed_with_the_baseline_the_report_named_or_none():
    """Regression: bars said "% kế hoạch" for every share, "% dự toán" included, and for
    shares whose baseline words were not kept."""
    data = province_chart_data("Thu ngân sách", ROWS)
    texts = {p.text for p in data.points}
    assert "2.099 tỷ đồng (bằng 60,1% dự toán)" in texts
    assert "12.500 tỷ đồng (bằng 118,4%)" in texts
    assert not any("kế hoạch" in t for t in texts)


def test_shares_of_different_baselines_are_never_on_one_axis():
    rows = [
        _row(1, "Đắk Lắk", "Đắk Lắk", "đạt 95% dự toán", 95, "%", 95, pct_raw="đạt 95% dự toán",
             basis="dự toán"),
        _row(2, "Hà Nội", "Hà Nội", "đạt 101% dự toán", 101, "%", 101,
             pct_raw="đạt 101% dự toán", basis="dự toán"),
        _row(3, "Huế", "Huế", "đạt 90% kế hoạch", 90, "%", 90, pct_raw="đạt 90% kế hoạch",
             basis="kế hoạch"),
    ]
    data = province_chart_data("Thu ngân sách", rows)
    assert data.unit == "% dự toán"
    assert [p.text for p in data.points] == ["đạt 101% dự toán", "đạt 95% dự toán"]
    assert data.left_out == ("Không vẽ 1 số liệu khác đơn vị hoặc cơ sở so sánh: Huế",)


def test_a_meeting_without_a_year_is_labelled_by_day_and_month():
    row = _row(7, "Đắk Lắk", "Đắk Lắk", "900 tỷ đồng", 900, "tỷ đồng")
    rows = [row.model_copy(update={"day": 27, "month": 6})]
    data = history_chart_data("Thu ngân sách", "Đắk Lắk", rows)
    assert [p.label for p in data.points] == ["27/6"]


def test_bars_are_sorted_on_the_base_unit_and_print_values_as_written():
    data = province_chart_data("Thu ngân sách", ROWS)
    assert [p.text.split(" (")[0] for p in data.points] == [
        "12.500 tỷ đồng", "2.099 tỷ đồng", "1,2 nghìn tỷ đồng"
    ]
    assert data.points[2].axis_value == 1200  # 1,2 nghìn tỷ on the tỷ đồng axis


def test_values_of_another_unit_or_base_are_left_out_and_named():
    data = province_chart_data("Thu ngân sách", ROWS)
    assert data.left_out == (
        "Không vẽ 1 số liệu khác đơn vị hoặc cơ sở so sánh: Ninh Thuận (nay thuộc Khánh Hòa)",
    )


def test_a_merged_provinces_history_names_the_part_that_reported():
    newest_first = [
        _row(3, "Bắc Kạn", "Thái Nguyên", "2.099 tỷ đồng", 2099, "tỷ đồng",
             day=date(2023, 12, 5)),
        _row(5, "Thái Nguyên", "Thái Nguyên", "11.600 tỷ đồng", 11600, "tỷ đồng",
             day=date(2021, 9, 29)),
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
    assert bac_kan[:6] == (
        "Thái Nguyên", "Bắc Kạn (nay thuộc Thái Nguyên)", "năm 2023", "2.099 tỷ đồng", 2099,
        "tỷ đồng",
    )
    assert bac_kan[6:9] == (60.1, "bằng 60,1% dự toán", "dự toán")
    assert bac_kan[-2:] == (3, "https://baobackan.vn/x")
    dak_lak = next(r for r in rows[1:] if r[1] == "Đắk Lắk")
    assert dak_lak[6:9] == (118.4, None, None)  # no baseline words kept: none invented


def test_a_meeting_without_a_year_is_exported_as_day_and_month():
    row = _row(7, "Đắk Lắk", "Đắk Lắk", "900 tỷ đồng", 900, "tỷ đồng")
    rows = [row.model_copy(update={"day": 27, "month": 6})]
    book = load_workbook(io.BytesIO(workbook_bytes("Thu ngân sách", rows, {})))
    (row,) = list(book.active.iter_rows(min_row=2, values_only=True))
    assert row[HEADERS.index("Ngày họp")] == "27/6"
