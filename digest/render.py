"""Render a Report into a short Vietnamese digest, as plain text or Telegram HTML.

The templates in `digest/templates/` lay the digest out; this module picks what goes in
(about eight headline figures by importance, up to five shortfalls and directives) and checks the length
of the *rendered* message against the channel's limit, dropping the least important lines
until it fits. Every number printed is either copied from the report as written
(`value_raw`, `pct_raw`, `yoy_raw`, ...) or, for a figure stored before its words were kept, a
value parsed from it and printed back in the same Vietnamese notation, so nothing new is
computed; a baseline is printed in the report's words ("dự toán", "Nghị quyết") or not at all.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

import regex
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from digest.indicators import indicator_importance, indicator_name
from digest.models import Figure, MeetingKind, Report, Status
from digest.normalize import fold
from digest.provinces import display_name

LIMITS = {"text": 2000, "html": 4096}  # one Zalo message; one Telegram message
MAX_FIGURES, MAX_SHORTFALLS, MAX_TARGETS, MAX_DIRECTIVES = 8, 5, 6, 5

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
_UNKNOWN_IMPORTANCE = 15
_DIGIT = regex.compile(r"\d")
_TAG = regex.compile(r"<[^>]+>")
_SAYS_MISSED = regex.compile(r"\b(?:chua dat|khong dat|dat thap|chua hoan thanh|thap hon)\b")


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


@dataclass
class DigestView:
    title: str
    place: str
    date: str | None
    period: str | None
    chairs: str | None
    figures: list[str] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    footer: str | None = None


def _importance(f: Figure) -> int:
    base = indicator_importance(f.indicator) if f.indicator else _UNKNOWN_IMPORTANCE
    return base + (5 if f.pct_of_plan is not None or f.yoy_pct is not None else 0)


def figure_parts(f: Figure, *, name: str = "") -> list[str]:
    """The value and its attributes, each as the report wrote it, in the order printed:
    ["2.099 tỷ đồng", "bằng 60,1% dự toán", "tăng 5% so với cùng kỳ"]. The first part is the
    value ("đạt 55% kế hoạch" when the share is the value, "giảm 8 bậc" when the change is).
    The bot's figure lines print the same parts, so a user reads the digest's words; `name`,
    the words printed before them, is not repeated (a label that holds the price basis)."""
    number = f.value_raw
    pct_is_value = (
        f.pct_raw is not None and f.unit == "%" and f.value in (f.pct_of_plan, f.over_plan_pct) and number in f.pct_raw
    )
    growth_is_value = bool(f.yoy_raw) and number in (f.yoy_raw or "") and not pct_is_value
    if pct_is_value:
        parts = [f.pct_raw or number]
    elif growth_is_value:
        parts = [f.yoy_raw or number]  # "giảm 2 - 2,5%": the growth is the figure
    elif f.pct_of_plan is not None and f.pct_raw is None and f.unit == "%" and f.value == f.pct_of_plan:
        parts = [f"đạt {number}"]  # stored before the baseline was kept: its words are unknown
    else:
        parts = [number]
    if f.equivalent_raw:
        parts[0] += f" {f.equivalent_raw}" if f.equivalent_raw.startswith("(") else f", {f.equivalent_raw}"
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
    """"Thu ngân sách: 2.099 tỷ đồng, bằng 60,1% dự toán HĐND tỉnh giao"."""
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


def _pick_figures(figures: tuple[Figure, ...], limit: int) -> list[str]:
    """The most important figures, one per indicator (the first the report gives)."""
    ranked = sorted(enumerate(figures), key=lambda p: (-_importance(p[1]), p[0]))
    seen: set[str] = set()
    lines = []
    for _, f in ranked:
        if f.indicator is not None:
            if f.indicator in seen:
                continue
            seen.add(f.indicator)
        lines.append(figure_line(f))
    return lines[:limit]


def _pick_lines(lines: tuple[str, ...], limit: int) -> list[str]:
    """The most concrete lines (those with figures), shown in report order."""

    def score(line: str) -> int:
        return bool(_DIGIT.search(line))

    ranked = sorted(range(len(lines)), key=lambda i: (-score(lines[i]), i))[:limit]
    return [lines[i] for i in sorted(ranked)]


def _place(report: Report) -> str:
    """Where the meeting was, as people write places ("TP. Hồ Chí Minh")."""
    if report.province is None:
        return "Tỉnh: không rõ"
    name = display_name(report.province)
    if report.province_current and report.province_current != report.province:
        return f"{name} (nay thuộc {display_name(report.province_current)})"
    return name


def _date(report: Report) -> str | None:
    """"14/7/2022" when the text states the year, "14/7" when it does not."""
    if report.date is not None:
        return f"{report.date.day}/{report.date.month}/{report.date.year}"
    if report.day is not None and report.month is not None:
        return f"{report.day}/{report.month}"
    return None


def _chairs(report: Report) -> str | None:
    names = []
    for person in report.meeting.chairs[:3]:
        titles = [t.strip() for t in person.titles.split(",") if t.strip()]
        key = next((t for t in titles if "Bí thư" in t or "Chủ tịch" in t), titles[0] if titles else "")
        names.append(f"{person.name} ({key})" if key else person.name)
    return "; ".join(names) or None


def build_view(report: Report, *, footer: str | None = None) -> DigestView:
    return DigestView(
        title=report.title or MEETING_NAMES[report.meeting_kind],
        place=_place(report),
        date=_date(report),
        period=report.period,
        chairs=_chairs(report),
        figures=_pick_figures(report.figures, MAX_FIGURES),
        shortfalls=_pick_lines(report.shortfalls, MAX_SHORTFALLS),
        targets=_pick_figures(report.targets, MAX_TARGETS),
        directives=_pick_lines(report.directives, MAX_DIRECTIVES),
        footer=footer,
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("digest", "templates"),  # package data: works installed
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=False,
    )


def visible_length(message: str, fmt: str) -> int:
    """Length as the channel counts it: Telegram counts UTF-16 units after parsing HTML."""
    if fmt == "html":
        text = html.unescape(_TAG.sub("", message))
        return len(text.encode("utf-16-le")) // 2
    return len(message)


def render_view(view: DigestView, fmt: str = "text") -> str:
    template = _environment().get_template(f"digest.{'html' if fmt == 'html' else 'txt'}.j2")
    return template.render(v=view).strip()


def render(report: Report, fmt: str = "text", *, footer: str | None = None) -> str:
    """The digest of `report` as plain text ("text") or Telegram HTML ("html")."""
    if fmt not in LIMITS:
        raise ValueError(f"unknown format {fmt!r}: use 'text' or 'html'")
    view = build_view(report, footer=footer)
    message = render_view(view, fmt)
    # Drop the least important line of the longest section until the message fits.
    while visible_length(message, fmt) > LIMITS[fmt]:
        longest = max(("directives", "targets", "shortfalls", "figures"), key=lambda k: len(getattr(view, k)))
        items = getattr(view, longest)
        if not items:  # the title alone is too long
            excess = visible_length(message, fmt) - LIMITS[fmt]
            room = max(1, min(200, len(view.title) - excess - 1))
            view = replace(view, title=cut_words(view.title, room))
            message = render_view(view, fmt)
            if visible_length(message, fmt) > LIMITS[fmt]:
                message = cut_words(message, LIMITS[fmt])
            break
        view = replace(view, **{longest: items[:-1]})
        message = render_view(view, fmt)
    return message
