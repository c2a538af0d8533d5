"""What a round will try: the files of a folder, the entries of a feed, the links of a page.

Each is a list of items keyed as `source_items` records them (a file by its path and hash,
an article by its canonical URL). Apart from the rounds because reading a listing is
parsing, with no state: the round decides which of these are new.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from bot.documents import REPORT_SUFFIXES
from bot.documents.charset import decode_markup
from bot.ingestion import reasons
from bot.ingestion.feeds import FeedEntry, FeedError, parse_feed
from bot.ingestion.http import Fetched
from bot.ingestion.links import article_links, canonical_url
from bot.ingestion.outcomes import RoundResult
from bot.ingestion.reasons import Reason
from bot.source_config import SourceConfig

logger = logging.getLogger(__name__)

FOLDER_SUFFIXES = REPORT_SUFFIXES
#: An item a listing offers: (key, article URL or None, title, a note to record with it).
Target = tuple[str, str | None, str | None, Reason | None]


def folder_files(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES),
        key=lambda p: (p.stat().st_mtime_ns, str(p)),
    )


def newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published, reverse=True)
    return dated + [e for e in entries if not e.published]


def read_capped(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it is larger than the source allows."""
    if path.stat().st_size > max_bytes:
        return None
    return path.read_bytes()


async def feed_targets(
    config: SourceConfig, answer: Fetched, result: RoundResult
) -> list[Target]:
    try:
        entries = parse_feed(answer.content, base_url=answer.url, charset=answer.charset)
    except FeedError as exc:
        result.error = exc.why
        return []
    targets = []
    for entry in newest_first(entries):
        if entry.link is None:
            targets.append((entry.key, None, entry.title, reasons.ENTRY_WITHOUT_LINK))
            continue
        url = canonical_url(entry.link)
        note = None
        if entry.published is None:
            note = reasons.ENTRY_WITHOUT_DATE
            logger.info("source %s: entry %s has no date", config.name, url)
        targets.append((url, url, entry.title, note))
    return targets


async def page_targets(
    config: SourceConfig, answer: Fetched, result: RoundResult
) -> list[Target]:
    markup = decode_markup(answer.content, answer.charset)
    links = await asyncio.to_thread(article_links, markup, page_url=answer.url)
    if not links:
        result.error = reasons.NO_LINKS
    return [(url, url, None, None) for url in links]
