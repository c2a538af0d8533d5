"""The line an indicator watch sends (issue 13): "Thu ngân sách · Thái Nguyên: 2.099 tỷ đồng,
bằng 60,1% dự toán · /baocao 12".

The value and its share of a baseline are the digest's words (`digest.render.figure_parts`),
so a watch line says what the report says; the place is the province as it reported, a
merged one marked ("Bắc Kạn (nay thuộc Thái Nguyên)").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.views import place, report_day
from bot.storage import StoredReport
from digest.indicators import indicator_name
from digest.render import figure_parts

VALUE_PARTS = 2  # the value, and its share of a baseline or its growth


@dataclass(frozen=True)
class WatchLine:
    name: str
    place: str
    value: str
    day: str
    report_id: int


def watch_lines(stored: StoredReport, keys: Sequence[str]) -> list[WatchLine]:
    """One line per watched indicator the report carries, in the order watched."""
    report = stored.report
    lines = []
    for key in keys:
        figure = next((f for f in report.figures if f.indicator == key), None)
        if figure is None:
            continue
        value = ", ".join(figure_parts(figure)[:VALUE_PARTS])
        lines.append(WatchLine(
            name=indicator_name(key),
            place=place(stored.province, stored.province_current),
            value=value,
            day=report_day(report),
            report_id=stored.id,
        ))
    return lines
