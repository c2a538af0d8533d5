"""Measure article extraction on portal-like pages (`make eval`, after the engine's figures).

Every report of tests/data/eval and seeds/ is rendered in each layout of
tests/servers/web_portal.py (Party committee portal, provincial newspaper, People's
Committee e-portal, legacy Windows-1258 portal) and read back by
`bot.ingestion.article.extract_article`. Per layout:

- figures kept: of every number written in the report body, the share found in the
  extracted body (counted with multiplicity), and the pages that keep all of them;
- paragraphs kept: body paragraphs found whole in the extracted body;
- chrome-free: pages whose extracted body holds none of the layout's chrome (menus, "Tin
  khác", "Lượt xem", share bars, related links, tags, footer) and none of the photo captions;
- title and date: the headline and the publication date read right.

The same pages read by plain trafilatura (`bot.documents.html_to_text`, what an uploaded
HTML file gets) are shown as the baseline: what the structure and line passes add.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field

import regex

from bot.documents import DocumentError, html_to_text
from bot.documents.charset import decode_markup
from bot.ingestion.article import extract_article
from tests.servers.web_portal import (
    CHROME_MARKERS,
    LAYOUTS,
    PortalArticle,
    article_from_file,
    content_type,
    render_page,
    report_files,
)

_NUMBERS = regex.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class LayoutScore:
    layout: str
    pages: int = 0
    extracted: int = 0
    figures: int = 0
    figures_kept: int = 0
    all_figures: int = 0
    paragraphs: int = 0
    paragraphs_kept: int = 0
    chrome_free: int = 0
    titles: int = 0
    dates: int = 0
    leaks: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    baseline_figures_kept: int = 0
    baseline_chrome_free: int = 0


def _squash(text: str) -> str:
    """Lower case, spaces collapsed, diacritics kept ("có chủ" is no "Cỡ chữ")."""
    return " ".join(text.lower().split())


def chrome_in(body: str, article: PortalArticle) -> list[str]:
    """Chrome strings and captions that made it into the extracted body (a marker that the
    report itself uses, such as "thủ tục hành chính", does not count)."""
    squashed, own = _squash(body), _squash(article.body_text())
    found = [m for m in CHROME_MARKERS if _squash(m) in squashed and _squash(m) not in own]
    found += [
        f"caption: {c[:40]}"
        for c in article.captions
        if _squash(c) in squashed and _squash(c) not in own
    ]
    return found


def score_page(score: LayoutScore, article: PortalArticle) -> None:
    score.pages += 1
    raw = render_page(score.layout, article, "http://127.0.0.1/")
    charset = content_type(score.layout).split("charset=")[1]
    expected = article.figures()
    score.figures += sum(expected.values())
    score.paragraphs += len(article.paragraphs)
    markup = decode_markup(raw, charset)
    try:
        plain = html_to_text(markup)
    except DocumentError:
        plain = ""
    score.baseline_figures_kept += sum((expected & Counter(_NUMBERS.findall(plain))).values())
    score.baseline_chrome_free += not chrome_in(plain, article)
    try:
        extracted = extract_article(markup)
    except DocumentError as exc:
        score.losses.append(f"{article.key}: nothing extracted ({exc})")
        return
    score.extracted += 1
    kept = expected & Counter(_NUMBERS.findall(extracted.body))
    score.figures_kept += sum(kept.values())
    if kept == expected:
        score.all_figures += 1
    else:
        missing = sorted((expected - kept).elements())[:5]
        score.losses.append(f"{article.key}: figures lost {missing}")
    body = _squash(extracted.body)
    score.paragraphs_kept += sum(1 for p in article.paragraphs if _squash(p) in body)
    leaks = chrome_in(extracted.body, article)
    if leaks:
        score.leaks.append(f"{article.key}: {leaks[:4]}")
    else:
        score.chrome_free += 1
    score.titles += _squash(extracted.title or "") == _squash(article.title)
    score.dates += extracted.published == article.published


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   - "


def evaluate() -> list[LayoutScore]:
    articles = [article_from_file(path) for path in report_files()]
    scores = []
    for layout in LAYOUTS:
        score = LayoutScore(layout)
        for article in articles:
            score_page(score, article)
        scores.append(score)
    return scores


def report(scores: list[LayoutScore], *, verbose: bool = False) -> str:
    lines = [
        "Article extraction on portal-like pages (tests/servers/web_portal.py);",
        "'plain': the same pages through trafilatura alone (bot.documents.html_to_text)",
        f"{'layout':<9} {'pages':>5} {'figures kept':>13} {'all figures':>12} "
        f"{'paragraphs':>11} {'chrome-free':>12} {'title':>7} {'date':>7}",
    ]
    for s in scores:
        lines.append(
            f"{s.layout:<9} {s.pages:>5} {_pct(s.figures_kept, s.figures):>13} "
            f"{_pct(s.all_figures, s.pages):>12} {_pct(s.paragraphs_kept, s.paragraphs):>11} "
            f"{_pct(s.chrome_free, s.pages):>12} {_pct(s.titles, s.pages):>7} "
            f"{_pct(s.dates, s.pages):>7}"
        )
        lines.append(
            f"{'  plain':<9} {'':>5} {_pct(s.baseline_figures_kept, s.figures):>13} "
            f"{'':>12} {'':>11} {_pct(s.baseline_chrome_free, s.pages):>12}"
        )
        if verbose:
            lines += [f"    leak  {leak}" for leak in s.leaks]
            lines += [f"    loss  {loss}" for loss in s.losses]
    return "\n".join(lines)


def main() -> int:
    print(report(evaluate(), verbose="-v" in sys.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
