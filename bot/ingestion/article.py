"""One article out of a portal page: title, publish date and body, without the chrome.

Three passes, each catching what the one before lets through:

1. structure (lxml): elements that are chrome by what they are or are called go first -
   <nav>, <aside>, <footer>, <form>, <figcaption>, and blocks whose class or id says share,
   print, related ("tin khác", "liên quan"), tags, comments, breadcrumb, menu, sidebar, view
   counter or caption; a paragraph in italics right after a picture is a photo caption;
2. trafilatura (the well-kept main-content extractor) picks the article body;
3. lines: the engine's chrome vocabulary (digest/data/boilerplate.toml) and ours
   (bot/ingestion/data/chrome.toml) drop counters, share bars, captions and bylines, and
   cut at "Tin khác" and its kin.

Measured per portal layout by `make eval` (tests/eval_extraction.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import regex
from lxml import html as lxml_html

from bot.documents import DocumentError, Rejection
from digest.clean import classify_line, is_byline
from digest.normalize import fold

_DATA = Path(__file__).parent / "data" / "chrome.toml"

# Tags that never hold the article body.
_CHROME_TAGS = (
    "nav",
    "aside",
    "footer",
    "form",
    "figcaption",
    "script",
    "style",
    "noscript",
    "iframe",
    "button",
    "select",
    "input",
    "svg",
)
# A class or id token naming chrome; tokens are split on - and _ ("detail-share-bar").
_CHROME_NAME = regex.compile(
    r"""
    (?:^|[-_])
    (?:share|sharing|social|print|in-?bai|related|lien-?quan|tin-?khac|tinkhac|other-?news
      |more-?news|cac-?tin|tags?|keywords?|tu-?khoa|comments?|binh-?luan|breadcrumbs?
      |menu|navbar|sidebar|banner|adv|ads|advert|quang-?cao|view-?count|luot-?xem|viewed
      |rating|caption|image_?desc|img-?desc|photo-?desc|fontsize|font-?size|toolbar|hotline
      |most-?read|doc-?nhieu|footer)
    (?:$|[-_]|s\b)
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_SITE_WORDS = regex.compile(r"(?i)\b(báo|cổng|trang|tạp chí|đài|portal|online|\.vn|\.com)\b")
_TITLE_SEPARATOR = regex.compile(r"\s+[|–-]\s+")
_ISO_DATE = regex.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SENTENCE_END = regex.compile(r"[.!?…:;][\"”)]*\s*$")
MIN_ARTICLE_CHARS = 300  # a meeting report of a few lines still has this much
MIN_SENTENCES = 2  # a list of headlines has none


@dataclass(frozen=True)
class Article:
    title: str | None
    published: date | None
    body: str  # paragraphs separated by blank lines
    captions: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """What the engine reads: the headline, a blank line, the body."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: str
    pattern: regex.Pattern[str]
    example: str


@cache
def chrome_rules() -> tuple[_Rule, ...]:
    raw = tomllib.loads(_DATA.read_text(encoding="utf-8"))["rule"]
    return tuple(
        _Rule(r["name"], r["kind"], regex.compile(r["pattern"]), r["example"]) for r in raw
    )


def line_kind(line: str) -> str | None:
    """'line' (drop), 'tail' (drop it and the rest), 'caption', or None for body text.

    >>> line_kind("Lượt xem: 1.234"), line_kind("Tin khác"), line_kind("Từ khóa: hội nghị")
    ('line', 'tail', 'line')
    >>> line_kind("Toàn cảnh hội nghị. Ảnh: Minh Hiếu")
    'caption'
    >>> line_kind("Thu ngân sách đạt 1.250 tỷ đồng, bằng 104% dự toán.") is None
    True
    """
    folded = fold(line.strip())
    for rule in chrome_rules():
        if rule.pattern.search(folded):
            return rule.kind
    return classify_line(line, folded)


def _names(element: lxml_html.HtmlElement) -> list[str]:
    return f"{element.get('class', '')} {element.get('id', '')}".split()


def _is_chrome_block(element: lxml_html.HtmlElement) -> bool:
    if element.tag in ("html", "body", "article", "main"):
        return False
    return any(_CHROME_NAME.search(name) for name in _names(element))


def _only_picture(element: lxml_html.HtmlElement) -> bool:
    return element.tag == "img" or (
        bool(element.xpath(".//img")) and not element.text_content().strip()
    )


def _is_caption_paragraph(element: lxml_html.HtmlElement) -> bool:
    """Italic text right after a picture: <p><em>Quang cảnh hội nghị</em></p> after a
    paragraph holding only an image, or <img><br><em>...</em> inside one block."""
    if element.tag not in ("p", "em", "i", "div", "span"):
        return False
    previous = element.getprevious()
    while previous is not None and previous.tag == "br" and not (previous.tail or "").strip():
        previous = previous.getprevious()
    if previous is None or not _only_picture(previous):
        return False
    text = element.text_content().strip()
    if element.tag in ("em", "i"):
        italic = text
    else:
        italic = "".join(e.text_content() for e in element.xpath("./em|./i")).strip()
    return bool(text) and italic == text and len(text) < 300


# Tables that lay out a page rather than hold figures: old portals put everything in them,
# and trafilatura would flatten each row into one line of "| cell | cell |".
_BLOCKS_IN_LAYOUT = ".//table|.//div|.//h1|.//h2|.//h3|.//ul|.//form|.//p"
_LAYOUT_CELL_CHARS = 400


def _is_layout_table(table: lxml_html.HtmlElement) -> bool:
    if table.xpath(_BLOCKS_IN_LAYOUT):
        return True
    return any(len(cell.text_content()) > _LAYOUT_CELL_CHARS for cell in table.iter("td", "th"))


def unwrap_layout_tables(root: lxml_html.HtmlElement) -> None:
    """Turn layout tables into plain blocks, outermost first; figure tables stay tables."""
    for table in list(root.iter("table")):
        if not _is_layout_table(table):
            continue
        for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            if element.getparent() is not None or element is table:
                element.tag = "div"
                for attribute in ("width", "valign", "align", "colspan", "rowspan"):
                    element.attrib.pop(attribute, None)


def strip_chrome(root: lxml_html.HtmlElement) -> list[str]:
    """Remove chrome in place (pass 1); return the caption texts removed."""
    captions: list[str] = []
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments, processing instructions
            continue
        if (
            element.tag in _CHROME_TAGS
            or _is_chrome_block(element)
            or _is_caption_paragraph(element)
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is None:
            continue
        if isinstance(element.tag, str) and (
            element.tag == "figcaption"
            or _is_caption_paragraph(element)
            or any("caption" in n.lower() or "desc" in n.lower() for n in _names(element))
        ):
            caption = " ".join(element.text_content().split())
            if caption:
                captions.append(caption)
        element.drop_tree()
    return captions


def _clean_title(title: str | None) -> str | None:
    """The headline without the site's name ("... | Báo Thái Nguyên").

    >>> _clean_title("Hội nghị Tỉnh ủy lần thứ 20 | Báo Thái Nguyên điện tử")
    'Hội nghị Tỉnh ủy lần thứ 20'
    >>> _clean_title("Đánh giá kinh tế - xã hội 6 tháng")
    'Đánh giá kinh tế - xã hội 6 tháng'
    """
    if not title:
        return None
    title = " ".join(title.split())
    parts = _TITLE_SEPARATOR.split(title)
    while len(parts) > 1 and _SITE_WORDS.search(parts[-1]) and len(parts[-1].split()) <= 8:
        parts.pop()
    return " - ".join(parts).strip() or None


def _headline(root: lxml_html.HtmlElement) -> str | None:
    """The page's own headline: its <h1>, else og:title, else <title> (site name removed
    later by `_clean_title`; trafilatura's title also cuts at "kinh tế - xã hội")."""
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        if len(text.split()) >= 4:
            return text
    for meta in root.iter("meta"):
        if meta.get("property") == "og:title" and (meta.get("content") or "").strip():
            return meta.get("content")
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        return title.text_content()
    return None


# "Gửi lúc: 05/12/2013 15:42:27", "Ngày đăng: 27/12/2024": the dates portals print above
# an article, read when the page has no machine-readable date for htmldate to find.
_POSTED = regex.compile(
    r"""
    (?:gửi\s+lúc|ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|cập\s+nhật(?:\s+lúc)?|ngày\s+cập\s+nhật)
    \W{0,5}(?:\d{1,2}:\d{2}(?::\d{2})?\W{1,3})?  # a time may come first
    (?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})
    """,
    regex.VERBOSE | regex.IGNORECASE,
)


def _posted_date(root: lxml_html.HtmlElement) -> date | None:
    m = _POSTED.search(root.text_content()[:20_000])
    if not m:
        return None
    try:
        return date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None


def _published(value: str | None) -> date | None:
    m = _ISO_DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def clean_lines(text: str, title: str | None) -> tuple[str, list[str]]:
    """Pass 3: the body without chrome lines, and the caption lines it held."""
    kept: list[str] = []
    captions: list[str] = []
    title_key = fold(title).strip() if title else None
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if title_key and not kept and fold(line).strip() == title_key:
            continue  # trafilatura repeats the headline as the body's first line
        kind = line_kind(line)
        if kind == "tail":
            break
        if kind == "line":
            continue
        if kind == "caption" and "%" not in line:
            captions.append(line)
            continue
        kept.append(line)
    while kept and (is_byline(kept[-1]) or line_kind(kept[-1]) is not None):
        kept.pop()
    return "\n\n".join(kept), captions


def _too_thin(body: str) -> bool:
    sentences = sum(1 for line in body.split("\n") if _SENTENCE_END.search(line))
    return len(body) < MIN_ARTICLE_CHARS or sentences < MIN_SENTENCES


def extract_article(markup: str, *, url: str | None = None) -> Article:
    """The article of a page, or DocumentError(NO_TEXT) when the page holds none.

    `markup` is decoded text (bot.documents.charset.decode_markup).
    """
    import trafilatura  # a second of import time that folder and feed parsing never need

    try:
        root = lxml_html.document_fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        raise DocumentError(Rejection.NO_TEXT) from None
    headline = _headline(root)
    posted = _posted_date(root)
    captions = strip_chrome(root)
    unwrap_layout_tables(root)
    document = trafilatura.bare_extraction(
        root,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    if document is None or not getattr(document, "text", None):
        raise DocumentError(Rejection.NO_TEXT)
    title = _clean_title(headline or document.title)
    body, more_captions = clean_lines(document.text, title)
    if _too_thin(body):
        raise DocumentError(Rejection.NO_TEXT)
    return Article(
        title=title,
        published=posted or _published(document.date),
        body=body,
        captions=tuple(captions + more_captions),
    )
