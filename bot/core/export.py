"""One indicator's figures as a spreadsheet (/xuat, `bantin export`).

XLSX (openpyxl), not CSV: a CSV's list and decimal separators are read by the opening
program's locale, and Excel on a Vietnamese Windows reads "2.099" as 2.099 and ";" as the
separator; an XLSX cell holds a number as a number and text as UTF-8 whatever the locale, and
Excel, LibreOffice and Google Sheets open it as it is.

Each row keeps the figure as the report wrote it beside its parsed number, so a reader can
check one against the other; nothing is computed that the report does not state. A share
of a baseline keeps the baseline the report named ("dự toán", "Nghị quyết"); a blank basis
means the report's words for it were not kept, never "kế hoạch" by default. The meeting day
of a report without a year is written "27/6".
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.core.views import meeting, place, row_day
from bot.storage import FigureRow
from digest.numbers import parse_quantity

HEADERS = (
    "Tỉnh, thành (hiện nay)",
    "Tỉnh báo cáo",
    "Kỳ báo cáo",
    "Giá trị như báo cáo",
    "Giá trị số",
    "Đơn vị",
    "Tỷ lệ % so với cơ sở",
    "Tỷ lệ như báo cáo",
    "Cơ sở so sánh",
    "Tăng trưởng",
    "Cuộc họp",
    "Ngày họp",
    "Bản tin số",
    "Nguồn",
)
_WIDTHS = (22, 30, 20, 26, 14, 16, 12, 34, 22, 32, 28, 12, 10, 50)


def export_rows(rows: Sequence[FigureRow], sources: Mapping[int, str]) -> list[tuple]:
    """The spreadsheet's rows, headers apart, in the order given; a meeting whose year the
    report does not state shows its day ("27/6")."""
    out = []
    for r in rows:
        f = r.figure
        q = parse_quantity(f.value_raw)
        out.append(
            (
                r.province_current or r.province or "Không rõ tỉnh",
                place(r.province, r.province_current),
                f.period or "",
                f.value_raw,
                q.value if q is not None and q.value is not None else None,
                f.unit or "",
                f.pct_of_plan,
                f.pct_raw or "",
                f.pct_basis or "",
                f.yoy_raw or "",
                meeting(r.meeting_kind),
                row_day(r),
                r.report_id,
                sources.get(r.report_id, ""),
            )
        )
    return out


def workbook_bytes(title: str, rows: Sequence[FigureRow], sources: Mapping[int, str]) -> bytes:
    """An .xlsx file: one sheet named after the indicator, a bold header, sized columns."""
    wb = Workbook()
    ws = wb.active
    # Excel's limits on sheet names: 31 characters, none of []:*?/\
    ws.title = "".join(" " if c in "[]:*?/\\" else c for c in title)[:31].strip() or "Chỉ tiêu"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in export_rows(rows, sources):
        ws.append(row)
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
