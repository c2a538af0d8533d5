"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds read with the standard library.

feedparser would add a dependency for the three formats provincial portals actually serve;
`xml.etree` reads them in a few lines. XML from the network is hostile until proven
otherwise, and defusedxml is not installed, so: the body is already size-capped by the
fetcher, and any DOCTYPE or ENTITY declaration is refused outright (that is where entity
expansion bombs and external entities live; no real feed needs one).

An entry without a link cannot be fetched and is reported as a problem; an entry without a
date is kept (the article carries its own date) and says so.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import regex

from bot.documents.charset import decode_markup
from bot.ingestion import reasons
from bot.ingestion.reasons import Reason

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"

_DANGEROUS = regex.compile(rb"<!(?:DOCTYPE|ENTITY)", regex.IGNORECASE)
_HTML_START = regex.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", regex.IGNORECASE | regex.DOTALL
)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
# "27/12/2024 10:15" or "27-12-2024": dates some Vietnamese CMSs put in <pubDate>.
_DAY_MONTH_YEAR = regex.compile(
    r"""
    (?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})   # day first
    (?:\D+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?                  # maybe a time
    """,
    regex.VERBOSE,
)


class FeedError(Exception):
    """The document is no feed we can read; `why` says why (English and Vietnamese)."""

    def __init__(self, why: Reason) -> None:
        super().__init__(why.en)
        self.why = why


@dataclass(frozen=True)
class FeedEntry:
    link: str | None  # absolute URL; None: the entry has no link
    title: str | None
    published: datetime | None  # UTC; None: no date or none we can read
    guid: str | None

    @property
    def key(self) -> str:
        """What identifies the entry across rounds: its link, else its id, else its title."""
        return self.link or self.guid or f"title:{self.title or ''}"


def parse_date(value: str | None) -> datetime | None:
    """A feed date (RFC 822, ISO 8601 or day/month/year) in UTC, or None.

    >>> parse_date("Fri, 27 Dec 2024 10:15:00 +0700").isoformat()
    '2024-12-27T03:15:00+00:00'
    >>> parse_date("2024-12-27T10:15:00+07:00").hour
    3
    >>> parse_date("27/12/2024 10:15").isoformat()  # local time, taken as Vietnam's
    '2024-12-27T03:15:00+00:00'
    >>> parse_date("hôm qua") is None
    True
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = _day_month_year(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # a portal's local time: Vietnam, UTC+7
        from zoneinfo import ZoneInfo

        parsed = parsed.replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    return parsed.astimezone(UTC)


def _day_month_year(value: str) -> datetime | None:
    m = _DAY_MONTH_YEAR.search(value)
    if not m:
        return None
    try:
        return datetime(  # noqa: DTZ001 - the caller attaches Vietnam's zone
            int(m["year"]),
            int(m["month"]),
            int(m["day"]),
            int(m["hour"] or 0),
            int(m["minute"] or 0),
        )
    except ValueError:
        return None


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def _root(data: bytes, charset: str | None) -> ET.Element:
    if not data.strip():
        raise FeedError(reasons.FEED_EMPTY)
    if _HTML_START.match(data):
        raise FeedError(reasons.FEED_IS_HTML)
    if _DANGEROUS.search(data):
        raise FeedError(reasons.FEED_DANGEROUS)
    text = _XML_DECLARATION.sub("", decode_markup(data, charset), count=1)
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise FeedError(reasons.broken_xml(str(exc))) from None


def parse_feed(data: bytes, *, base_url: str, charset: str | None = None) -> list[FeedEntry]:
    """The entries of a feed, in document order. FeedError if it is no RSS or Atom feed.

    >>> rss = '''<rss version="2.0"><channel><title>Tin</title>
    ...   <item><title>Hội nghị Tỉnh ủy</title><link>/tin/1.html</link>
    ...   <pubDate>Fri, 27 Dec 2024 10:15:00 +0700</pubDate></item>
    ...   <item><title>Không có liên kết</title></item></channel></rss>'''.encode()
    >>> [(e.link, e.title) for e in parse_feed(rss, base_url="http://127.0.0.1/rss")]
    [('http://127.0.0.1/tin/1.html', 'Hội nghị Tỉnh ủy'), (None, 'Không có liên kết')]
    """
    root = _root(data, charset)
    tag = root.tag
    if tag == f"{_ATOM}feed":
        return [_atom_entry(e, base_url) for e in root.iter(f"{_ATOM}entry")]
    if tag == "rss":
        return [_rss_entry(e, base_url, "") for e in root.iter("item")]
    if tag == f"{_RDF}RDF":
        return [_rss_entry(e, base_url, _RSS1) for e in root.iter(f"{_RSS1}item")]
    raise FeedError(reasons.not_a_feed(str(tag)))


def _absolute(link: str | None, base_url: str) -> str | None:
    return urljoin(base_url, link.strip()) if link and link.strip() else None


def _rss_entry(item: ET.Element, base_url: str, ns: str) -> FeedEntry:
    link = _text(item.find(f"{ns}link"))
    guid_element = item.find("guid")
    guid = _text(guid_element)
    permalink = guid_element is not None and guid_element.get("isPermaLink", "true") == "true"
    if link is None and guid and permalink and "://" in guid:
        link = guid
    date = _text(item.find("pubDate")) or _text(item.find(f"{_DC}date"))
    return FeedEntry(
        link=_absolute(link, base_url),
        title=_text(item.find(f"{ns}title")),
        published=parse_date(date),
        guid=guid or item.get(f"{_RDF}about"),
    )


def _atom_entry(entry: ET.Element, base_url: str) -> FeedEntry:
    link = None
    for candidate in entry.findall(f"{_ATOM}link"):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            link = candidate.get("href")
            break
    date = _text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated"))
    return FeedEntry(
        link=_absolute(link, base_url),
        title=_text(entry.find(f"{_ATOM}title")),
        published=parse_date(date),
        guid=_text(entry.find(f"{_ATOM}id")),
    )
