"""Render a Report into a short Vietnamese digest, as plain text or Telegram HTML.

The templates in `digest/templates/` lay the digest out; this module picks what goes in
(about eight headline figures by importance, up to five shortfalls and directives) and checks
the length of the *rendered* message against the channel's limit, dropping the least
important lines until it fits. How each place, date and figure line is written is
`digest.present`, shared with the bot's replies.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import regex
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from digest.indicators import indicator_importance
from digest.models import Figure, Report
from digest.present import (
    MEETING_NAMES,
    STATUS_NAMES,
    TELEGRAM_LIMIT,
    ZALO_LIMIT,
    cut_words,
    figure_line,
    figure_name,
    figure_parts,
    format_vn,
    place,
    report_day,
    visible_length,
)

# The channel a format is for when the caller names no limit: plain text goes to Zalo (and
# the console), HTML to Telegram.
LIMITS = {"text": ZALO_LIMIT, "html": TELEGRAM_LIMIT}
MAX_FIGURES, MAX_SHORTFALLS, MAX_TARGETS, MAX_DIRECTIVES = 8, 5, 6, 5

_UNKNOWN_IMPORTANCE = 15
_DIGIT = regex.compile(r"\d")


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
        place=place(report.province, report.province_current),
        date=report_day(report) or None,
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


def render_view(view: DigestView, fmt: str = "text") -> str:
    template = _environment().get_template(f"digest.{'html' if fmt == 'html' else 'txt'}.j2")
    return template.render(v=view).strip()


def render(
    report: Report, fmt: str = "text", *, footer: str | None = None, limit: int | None = None
) -> str:
    """The digest of `report` as plain text ("text") or Telegram HTML ("html"), at most
    `limit` long as the channel counts (`digest.present`'s limit of the channel it is sent
    on; by default the one of the format's channel, `LIMITS`)."""
    if fmt not in LIMITS:
        raise ValueError(f"unknown format {fmt!r}: use 'text' or 'html'")
    limit = LIMITS[fmt] if limit is None else limit
    view = build_view(report, footer=footer)
    message = render_view(view, fmt)
    # Drop the least important line of the longest section until the message fits.
    while visible_length(message, fmt) > limit:
        sections = ("directives", "targets", "shortfalls", "figures")
        longest = max(sections, key=lambda k: len(getattr(view, k)))
        items = getattr(view, longest)
        if not items:  # the title alone is too long
            excess = visible_length(message, fmt) - limit
            room = max(1, min(200, len(view.title) - excess - 1))
            view = replace(view, title=cut_words(view.title, room))
            message = render_view(view, fmt)
            if visible_length(message, fmt) > limit:
                message = cut_words(message, limit)
            break
        view = replace(view, **{longest: items[:-1]})
        message = render_view(view, fmt)
    return message


# Where callers found them before digest.present held them.
__all__ = [
    "LIMITS",
    "MEETING_NAMES",
    "STATUS_NAMES",
    "DigestView",
    "build_view",
    "cut_words",
    "figure_line",
    "figure_name",
    "figure_parts",
    "format_vn",
    "render",
    "render_view",
    "visible_length",
]
