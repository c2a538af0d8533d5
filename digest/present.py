"""How the engine and the bot write things for people: places, dates, numbers, figure lines,
and how long one message may be. Written once, used by the digest (digest.render) and by the
bot's replies (bot.core.views, bot.core.templates, bot.core.split), so a place or a date reads
the same in a pushed digest and in the answer to a question.

Pure like the rest of the engine; every number is printed as the report wrote it
(`value_raw`, `pct_raw`, ...) or, for a figure stored before its words were kept, in the same
Vietnamese notation (`format_vn`), never recomputed.
"""

from __future__ import annotations

import html
import math
from datetime import date
from decimal import Decimal

import regex

from digest.indicators import indicator_name
from digest.models import Figure, MeetingKind, Report, Status
from digest.normalize import fold
from digest.provinces import display_name

# One message on each channel. Telegram counts UTF-16 code units of the text after parsing
# HTML (`visible_length`); Zalo counts characters. The console shows what Zalo would.
TELEGRAM_LIMIT = 4096
ZALO_LIMIT = 2000

UNKNOWN_PROVINCE = "Không rõ tỉnh"  # a province the text does not name is said so, not guessed

MEETING_NAMES = {
    MeetingKind.BCH: "Hội nghị Ban Chấp hành Đảng bộ",
    MeetingKind.BAN_THUONG_VU: "Hội nghị Ban Thường vụ",
    MeetingKind.THUONG_TRUC: "Cuộc họp Thường trực",
    MeetingKind.UBND: "Phiên họp UBND",
    MeetingKind.HDND: "Kỳ họp HĐND",
    MeetingKind.OTHER: "Cuộc họp",
}
# Printed only when the text names no words of its own for the status (a figure below its
# plan in brackets, "6,33% (kế hoạch 7%)"): "chưa đạt", never a baseline the text did not name.
STATUS_NAMES = {Status.EXCEEDED: "vượt", Status.MET: "đạt", Status.MISSED: "chưa đạt"}
_SAYS_MISSED = regex.compile(r"\b(?:chua dat|khong dat|dat thap|chua hoan thanh|thap hon)\b")
_TAG = regex.compile(r"<[^>]+>")


def format_vn(value: float) -> str:
    """A number in Vietnamese notation: "." groups thousands, "," marks decimals.

    Every digit of the number as it was read: the shortest form that reads back as the same
    float, so "123,4567% kế hoạch" is printed so, not rounded to a number the report does not
    hold (numbers.py reads no numeral a float does not hold exactly).

    >>> format_vn(11152), format_vn(3.09), format_vn(60.1), format_vn(1300.0), format_vn(0.5)
    ('11.152', '3,09', '60,1', '1.300', '0,5')
    >>> format_vn(123.4567), format_vn(0.00001), format_vn(-2.5), format_vn(123456789012345.0)
    ('123,4567', '0,00001', '-2,5', '123.456.789.012.345')
    """
    if not math.isfinite(value):
        return str(value)
    whole, _, frac = format(Decimal(repr(float(value))), "f").partition(".")
    sign, whole = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    frac = frac.rstrip("0")
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")


def place(province: str | None, province_current: str | None) -> str:
    """Where a report is from, as people write places; a merged province with what it is now.

    >>> place("Bắc Kạn", "Thái Nguyên"), place(None, None), place("Bình Dương", "Hồ Chí Minh")
    ('Bắc Kạn (nay thuộc Thái Nguyên)', 'Không rõ tỉnh', 'Bình Dương (nay thuộc TP. Hồ Chí Minh)')
    """
    if province is None:
        return display_name(province_current) if province_current else UNKNOWN_PROVINCE
    if province_current and province_current != province:
        return f"{display_name(province)} (nay thuộc {display_name(province_current)})"
    return display_name(province)


def day(value: date | None) -> str:
    """A date as users read it: "14/7/2022"; "" for none.

    >>> day(date(2022, 7, 14)), day(None)
    ('14/7/2022', '')
    """
    if value is None:
        return ""
    return f"{value.day}/{value.month}/{value.year}"


def meeting_day(value: date | None, day_of_month: int | None, month: int | None) -> str:
    """The meeting's day: "14/7/2022" when the text states the year, "14/7" when it does not
    (a year is never guessed), "" when the text gives no day.

    >>> meeting_day(date(2023, 12, 5), 5, 12), meeting_day(None, 27, 6), meeting_day(None, None, 6)
    ('5/12/2023', '27/6', '')
    """
    if value is not None:
        return day(value)
    if day_of_month is not None and month is not None:
        return f"{day_of_month}/{month}"
    return ""


def report_day(report: Report) -> str:
    """The meeting's day of a report, as `meeting_day` prints it."""
    return meeting_day(report.date, report.day, report.month)


def figure_parts(f: Figure, *, name: str = "") -> list[str]:
    """The value and its attributes, each as the report wrote it, in the order printed:
    ["2.099 tỷ đồng", "bằng 60,1% dự toán", "tăng 5% so với cùng kỳ"]. The first part is the
    value ("đạt 55% kế hoạch" when the share is the value, "giảm 8 bậc" when the change is).
    The bot's figure lines print the same parts, so a user reads the digest's words; `name`,
    the words printed before them, is not repeated (a label that holds the price basis)."""
    number = f.value_raw
    pct_is_value = (
        f.pct_raw is not None
        and f.unit == "%"
        and f.value in (f.pct_of_plan, f.over_plan_pct)
        and number in f.pct_raw
    )
    growth_is_value = bool(f.yoy_raw) and number in (f.yoy_raw or "") and not pct_is_value
    if pct_is_value:
        parts = [f.pct_raw or number]
    elif growth_is_value:
        parts = [f.yoy_raw or number]  # "giảm 2 - 2,5%": the growth is the figure
    elif (
        f.pct_of_plan is not None
        and f.pct_raw is None
        and f.unit == "%"
        and f.value == f.pct_of_plan
    ):
        parts = [f"đạt {number}"]  # stored before the baseline was kept: its words are unknown
    else:
        parts = [number]
    if f.equivalent_raw:
        joint = " " if f.equivalent_raw.startswith("(") else ", "
        parts[0] += f"{joint}{f.equivalent_raw}"
    if f.price_basis and fold(f.price_basis) not in fold(f"{name} {parts[0]}"):
        parts[0] += f" ({f.price_basis})"
    if f.pct_raw and not pct_is_value:
        parts.append(f.pct_raw)
    elif f.pct_of_plan is not None and f.pct_raw is None and parts[0] != f"đạt {number}":
        parts.append(f"bằng {format_vn(f.pct_of_plan)}%")
    if f.yoy_raw and not growth_is_value:
        parts.append(f.yoy_raw)
    if f.share_raw:
        parts.append(f.share_raw)
    if f.plan_raw and f.plan_value != f.denominator:
        parts.append(f.plan_raw)
    said = fold(" ".join(parts))
    if f.status is Status.MISSED and not _SAYS_MISSED.search(said):
        parts.append(f.status_raw or STATUS_NAMES[Status.MISSED])
    elif f.status is Status.EXCEEDED and f.status_raw and fold(f.status_raw) not in said:
        parts.append(f.status_raw)
    return parts


def figure_name(f: Figure) -> str:
    """The indicator's name, or the label as written; with the figure's own period when the
    clause gives it one ("Giá trị sản xuất công nghiệp (lũy kế 9 tháng)")."""
    name = indicator_name(f.indicator) if f.indicator else _short_label(f.label)
    if f.period_raw and fold(f.period_raw) not in fold(name):
        name = f"{name} ({f.period_raw})" if name else f.period_raw
    return name


def figure_line(f: Figure) -> str:
    """ "Thu ngân sách: 2.099 tỷ đồng, bằng 60,1% dự toán HĐND tỉnh giao"."""
    name = figure_name(f)
    parts = figure_parts(f, name=name)
    return f"{name}: {', '.join(parts)}" if name else ", ".join(parts)


def cut_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words and marked "…"; a word is never cut, since
    a cut number would be a number the report does not hold.

    >>> cut_words("Thu ngân sách 2.099 tỷ đồng", 20), cut_words("9" * 30, 20)
    ('Thu ngân sách 2.099…', '…')
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut].rstrip() + "…" if cut > 0 else "…"


def _short_label(label: str, limit: int = 60) -> str:
    label = label.strip(" ,;:")
    if len(label) > limit:
        space = label.rfind(" ", 0, limit)
        # A first word longer than the limit is kept whole (labels hold at most 120 characters).
        first = label.find(" ")
        label = label[:space] + "…" if space > 0 else (label if first < 0 else label[:first] + "…")
    return label[:1].upper() + label[1:]


def visible_length(message: str, fmt: str) -> int:
    """Length as the channel counts it: Telegram counts UTF-16 units after parsing HTML."""
    if fmt == "html":
        text = html.unescape(_TAG.sub("", message))
        return len(text.encode("utf-16-le")) // 2
    return len(message)
