"""Charts of one indicator: the latest value per province, or one province over time.

matplotlib draws them (Agg backend, no display) with DejaVu Sans, the font matplotlib ships,
which has every Vietnamese letter ("Đắk Lắk", "Thừa Thiên Huế"); nothing is installed on the
host. Drawing is CPU work of a few tens of milliseconds, so callers run it off the event loop
(bot/core/chart_cache.py: one worker thread) and cache the PNG.

Faithful as the digest: every value printed on a bar is the figure as the report wrote it
("2.099 tỷ đồng"); the bars' lengths and the axis ticks use the parsed value in the base unit
(so "1,2 nghìn tỷ đồng" and "900 tỷ đồng" share one axis). Values of different units or bases
are never on one axis: the dominant unit is drawn and the rest is named below the chart.
A share of a baseline is printed with the baseline the report named ("bằng 60,1% dự toán",
through `digest.render.figure_parts`), never with one it did not; shares of different
baselines ("% dự toán", "% kế hoạch") are different units. A meeting whose year the report
does not state is labelled by its day and month ("27/6"), never with a guessed year.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display, thread-safe figure objects
from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from bot.core.views import place, row_day  # noqa: E402
from bot.storage import FigureRow  # noqa: E402
from digest.models import Quantity, Status  # noqa: E402
from digest.numbers import base_unit, parse_quantity  # noqa: E402
from digest.present import figure_parts, format_vn  # noqa: E402

FONT = "DejaVu Sans"
MAX_BARS = 34  # every province after the 2025 merger
_BAR_HEIGHT_INCHES = 0.34
_WIDTH_INCHES = 9.0
_DPI = 110
_CHAR_INCHES = 0.062  # one character of the 8-point bar text, on average
_COLOR = "#2f6f9f"
_COLOR_MISSED = "#c0504d"  # a figure the report marks below its plan


@dataclass(frozen=True)
class Point:
    """One bar: a figure as reported, with what the axis needs."""

    label: str  # "Bắc Kạn (nay thuộc Thái Nguyên)" or "14/7/2022"
    axis_value: float  # in the chart's unit (value x scale / chart scale)
    text: str  # the value as written, plus its share of a baseline as written
    report_id: int
    missed: bool


@dataclass(frozen=True)
class ChartData:
    title: str
    unit: str  # the axis unit as written in the dominant rows ("tỷ đồng", "%", "lao động")
    points: tuple[Point, ...]
    left_out: tuple[str, ...]  # Vietnamese notes: what is not drawn, and why
    source: str  # "Nguồn: bản tin số 12, 15, 31"


def _quantity(row: FigureRow) -> Quantity | None:
    return parse_quantity(row.figure.value_raw)


def _pct_is_value(row: FigureRow) -> bool:
    f = row.figure
    return f.unit == "%" and f.pct_of_plan is not None and f.value == f.pct_of_plan


def _kind(row: FigureRow) -> str | None:
    """What the value measures: its base unit, or, when the value is a share of a baseline,
    "%" and the baseline as written ("% dự toán"); a share of an unnamed baseline is "%"."""
    f = row.figure
    if f.value is None or f.unit is None:
        return None
    if _pct_is_value(row):
        return f"% {f.pct_basis}" if f.pct_basis else "%"
    unit = base_unit(f.unit)
    # "giá so sánh 2010" and "giá hiện hành" are different measures of the same thing
    return f"{unit} ({f.price_basis})" if f.price_basis else unit


def _pct_note(row: FigureRow) -> str | None:
    """The share of a baseline printed after the value, in the digest's words: "bằng 60,1%
    dự toán" as written, "bằng 60,1%" when the report's baseline words were not kept."""
    f = row.figure
    if f.pct_of_plan is None or _pct_is_value(row):
        return None
    parts = figure_parts(f)[1:]
    return next((p for p in parts if p == f.pct_raw or p.startswith("bằng ")), None)


def bar_text(row: FigureRow) -> str:
    """What a bar says: the value as the digest prints it, and its share of a baseline."""
    note = _pct_note(row)
    value = figure_parts(row.figure)[0]
    return value + (f" ({note})" if note else "")


def _dominant(rows: Sequence[FigureRow]) -> tuple[str | None, list[FigureRow], list[FigureRow]]:
    kinds = Counter(k for r in rows if (k := _kind(r)) is not None)
    if not kinds:
        return None, [], list(rows)
    top = kinds.most_common(1)[0][0]
    kept = [r for r in rows if _kind(r) == top]
    return top, kept, [r for r in rows if _kind(r) != top]


def _axis(rows: Sequence[FigureRow]) -> tuple[str, float]:
    """The unit written on the axis and its factor: the commonest written unit of the rows."""
    units = Counter(r.figure.unit or "" for r in rows)
    unit = units.most_common(1)[0][0]
    sample = next(r for r in rows if r.figure.unit == unit)
    q = _quantity(sample)
    factor = (q.base_value / q.value) if q and q.value and q.base_value else 1.0
    return unit, factor


def _axis_value(row: FigureRow, factor: float) -> float | None:
    q = _quantity(row)
    if q is None or q.value is None:
        return None
    base = q.base_value if q.base_value is not None else q.value
    return base / factor


def _left_out_note(rows: Sequence[FigureRow], reason: str) -> list[str]:
    if not rows:
        return []
    names = sorted({place(r.province, r.province_current) for r in rows})
    shown = ", ".join(names[:5]) + ("…" if len(names) > 5 else "")
    return [f"Không vẽ {len(rows)} số liệu {reason}: {shown}"]


def _source(points: Sequence[Point]) -> str:
    ids = sorted({p.report_id for p in points})
    listed = ", ".join(str(i) for i in ids[:12]) + ("…" if len(ids) > 12 else "")
    return f"Nguồn: bản tin số {listed} (xem /baocao <số>)"


def _point(row: FigureRow, label: str, factor: float) -> Point | None:
    value = _axis_value(row, factor)
    if value is None:
        return None
    text = bar_text(row)
    missed = row.figure.status is Status.MISSED
    return Point(label, value, text, row.report_id, missed)


def province_chart_data(name: str, rows: Sequence[FigureRow]) -> ChartData | None:
    """The latest value per province, largest first; None when nothing can be drawn."""
    kind, kept, other = _dominant(rows)
    if kind is None or not kept:
        return None
    unit, factor = _axis(kept)
    points = []
    for r in kept:
        label = place(r.province, r.province_current)
        if r.figure.period:
            label += f" · {r.figure.period}"
        if (p := _point(r, label, factor)) is not None:
            points.append(p)
    points.sort(key=lambda p: -p.axis_value)
    left_out = _left_out_note(other, "khác đơn vị hoặc cơ sở so sánh")
    if len(points) > MAX_BARS:
        left_out.append(f"Chỉ vẽ {MAX_BARS} tỉnh có giá trị lớn nhất")
        points = points[:MAX_BARS]
    unit_label = kind if kind.startswith("%") else unit
    return ChartData(name, unit_label, tuple(points), tuple(left_out), _source(points))


def history_chart_data(name: str, where: str, rows: Sequence[FigureRow]) -> ChartData | None:
    """One province's values, oldest first; when part of it was a province of its own before
    the merger, each row says which part reported ("Bắc Kạn (nay thuộc Thái Nguyên)"); a
    meeting whose year the report does not state is labelled by its day ("27/6")."""
    kind, kept, other = _dominant(rows)
    if kind is None or not kept:
        return None
    unit, factor = _axis(kept)
    parts = {r.province for r in kept}
    merged = any(r.province and r.province != r.province_current for r in kept)
    points = []
    for r in reversed(kept):  # rows come newest first
        label = row_day(r) or f"bản tin {r.report_id}"
        if merged and r.province:  # "Bắc Kạn (nay thuộc Thái Nguyên) · 5/12/2023"
            label = f"{place(r.province, r.province_current)} · {label}"
        elif len(parts) > 1 and r.province:
            label = f"{r.province} · {label}"
        if (p := _point(r, label, factor)) is not None:
            points.append(p)
    left_out = _left_out_note(other, "khác đơn vị hoặc cơ sở so sánh")
    unit_label = kind if kind.startswith("%") else unit
    return ChartData(f"{name} · {where}", unit_label, tuple(points), tuple(left_out),
                     _source(points))


def _vn_ticks(value: float, _pos: int) -> str:
    return format_vn(round(value, 2))


def _text_room(points: Sequence[Point]) -> float:
    """The share of the axis width the longest bar's text needs after its bar."""
    longest = max((len(p.text) for p in points), default=0)
    axis_inches = _WIDTH_INCHES * 0.55  # the province names take the rest
    return min(0.65, 0.05 + longest * _CHAR_INCHES / axis_inches)


def build_figure(data: ChartData, *, horizontal: bool = True) -> MplFigure:
    """The matplotlib figure of `data` (not yet rendered)."""
    n = len(data.points)
    height = max(2.6, 1.4 + n * _BAR_HEIGHT_INCHES) if horizontal else 4.8
    fig = MplFigure(figsize=(_WIDTH_INCHES, height), dpi=_DPI)
    ax = fig.add_subplot()
    labels = [p.label for p in data.points]
    values = [p.axis_value for p in data.points]
    colors = [_COLOR_MISSED if p.missed else _COLOR for p in data.points]
    top = max([*values, 0.0]) or 1.0
    if horizontal:
        bars = ax.barh(range(n), values, color=colors)
        ax.set_yticks(range(n), labels, fontname=FONT, fontsize=9)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(_vn_ticks))
        ax.set_xlabel(data.unit, fontname=FONT)
        ax.set_xlim(0, top / (1 - _text_room(data.points)))  # the value after each bar
    else:
        bars = ax.bar(range(n), values, color=colors)
        ax.set_xticks(range(n), labels, fontname=FONT, fontsize=8, rotation=30, ha="right")
        ax.yaxis.set_major_formatter(FuncFormatter(_vn_ticks))
        ax.set_ylabel(data.unit, fontname=FONT)
        ax.set_ylim(0, top * 1.25)
    ax.bar_label(bars, labels=[p.text for p in data.points], padding=3, fontsize=8, fontname=FONT)
    ax.set_title(data.title, fontname=FONT, fontsize=12, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    notes = [data.source, *data.left_out]
    fig.text(0.01, 0.01, "\n".join(notes), fontname=FONT, fontsize=8, color="#555555", va="bottom")
    fig.tight_layout(rect=(0, 0.03 + 0.03 * len(notes), 1, 1))
    return fig


def figure_texts(fig: MplFigure) -> list[str]:
    """Every string drawn on a figure, as matplotlib holds it."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def draw(data: ChartData, *, horizontal: bool = True) -> bytes:
    """The chart as PNG bytes. Pure CPU: call it off the event loop."""
    out = io.BytesIO()
    build_figure(data, horizontal=horizontal).savefig(out, format="png")
    return out.getvalue()
