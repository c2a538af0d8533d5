"""The article links of a section or list page ("Tin tức - Sự kiện", "Chính trị").

A list page links to everything: menus, categories, the home page, other sites, and its
articles. An article link stays on the portal's host, sits outside menus, headers and
footers, reads as a headline (several words) and points at a page whose last path segment
is an article's (a slug of several words or a numeric id), not at a folder.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

import regex
from lxml import html as lxml_html

from bot.ingestion.article import _CHROME_NAME  # the same chrome names as article extraction

_OUTSIDE_CONTENT = ("nav", "header", "footer", "aside", "form")
_MIN_HEADLINE_WORDS = 4
_ARTICLE_SEGMENT = regex.compile(
    r"""
    (?:[^/]*-[^/]*-[^/]*-[^/]*)       # a slug of four or more words
    |(?:.*\d{3,}.*)                   # or a numeric id (ASP.NET ?NewsID=, -123456.html)
    """,
    regex.VERBOSE,
)
_TRACKING = regex.compile(r"^(utm_\w+|fbclid|gclid|zarsrc)$")


def canonical_url(url: str) -> str:
    """The URL without fragment and tracking parameters, host in lower case.

    >>> canonical_url("HTTP://Example.VN/tin/a-b-c-1.html?utm_source=zalo#top")
    'http://example.vn/tin/a-b-c-1.html'
    """
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def _same_site(host: str, page_host: str) -> bool:
    host, page_host = host.lower().removeprefix("www."), page_host.lower().removeprefix("www.")
    return host == page_host or host.endswith("." + page_host) or page_host.endswith("." + host)


def _in_chrome(anchor: lxml_html.HtmlElement) -> bool:
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _OUTSIDE_CONTENT:
            return True
        names = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".split()
        if any(_CHROME_NAME.search(name) for name in names):
            return True
    return False


def _looks_like_article(url: str) -> bool:
    parts = urlsplit(url)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1] if not parts.path.endswith("/") else ""
    return bool(segment and _ARTICLE_SEGMENT.fullmatch(segment)) or bool(
        regex.search(r"\d{3,}", parts.query)
    )


def article_links(markup: str, *, page_url: str) -> list[str]:
    """Absolute, canonical article URLs in page order, each once.

    >>> page = '''<html><body><nav><a href="/chinh-tri/">Chính trị và xây dựng Đảng</a></nav>
    ... <div class="list"><a href="/tin/hoi-nghi-tinh-uy-lan-thu-20-1234.html">Hội nghị Tỉnh
    ... ủy lần thứ 20</a><a href="https://other.vn/a-b-c-d-99.html">Tin của báo khác ở đây</a>
    ... </div><footer><a href="/gioi-thieu-ve-bao-123.html">Giới thiệu về báo</a></footer>
    ... </body></html>'''
    >>> article_links(page, page_url="http://127.0.0.1:8000/chinh-tri/")
    ['http://127.0.0.1:8000/tin/hoi-nghi-tinh-uy-lan-thu-20-1234.html']
    """
    root = lxml_html.document_fromstring(markup)
    page_parts = urlsplit(page_url)
    page = canonical_url(page_url)
    found: list[str] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = canonical_url(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not _same_site(
            parts.netloc, page_parts.netloc
        ):
            continue
        if url == page or url in found or not _looks_like_article(url):
            continue
        words = (" ".join(anchor.text_content().split()) or anchor.get("title") or "").split()
        if len(words) < _MIN_HEADLINE_WORDS or _in_chrome(anchor):
            continue
        found.append(url)
    return found
