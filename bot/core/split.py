"""Cut a reply that is too long for one message into several, at natural boundaries.

Paragraphs are kept whole when they fit, then lines, then sentences, then words (the order
RSS-to-Telegram-Bot's splitter uses, bot-anchors.md section 1). Reply templates keep every
HTML tag inside one line, so cutting between lines never leaves a tag open; a single line
longer than a whole message (rare: a pasted title) loses its tags before it is cut.
Lengths are counted as the channel counts them: Telegram counts UTF-16 code units of the
text after HTML parsing, Zalo counts characters.
"""

from __future__ import annotations

import html as html_lib

import regex

from digest.present import TELEGRAM_LIMIT, ZALO_LIMIT, visible_length

__all__ = ["TELEGRAM_LIMIT", "ZALO_LIMIT", "message_length", "split_message"]

_TAG = regex.compile(r"<[^>]+>")
_SENTENCE_END = regex.compile(r"(?<=[.!?;:…])\s+")


def message_length(message: str, *, html: bool) -> int:
    """The length the channel checks against its limit.

    >>> message_length("<b>Tỉnh</b> &amp; 👍", html=True), message_length("ab", html=False)
    (9, 2)
    """
    return visible_length(message, "html") if html else len(message)


def _strip_tags(line: str) -> str:
    """A line's HTML without tags, still escaped (so it stays valid HTML)."""
    return html_lib.escape(html_lib.unescape(_TAG.sub("", line)), quote=False)


def _pieces(block: str, limit: int, html: bool) -> list[str]:
    """Cut one paragraph into pieces that each fit, finest separator last."""
    if message_length(block, html=html) <= limit:
        return [block]
    if "\n" in block:
        return _pack(block.split("\n"), "\n", limit, html)
    if html and _TAG.search(block):
        return _pieces(_strip_tags(block), limit, html)
    sentences = _SENTENCE_END.split(block)
    if len(sentences) > 1:
        return _pack(sentences, " ", limit, html)
    words = block.split(" ")
    if len(words) > 1:
        return _pack(words, " ", limit, html)
    return _hard_cut(block, limit, html)


def _hard_cut(word: str, limit: int, html: bool) -> list[str]:
    if html:  # cut the unescaped text, then escape each piece again
        plain = html_lib.unescape(word)
        step = max(limit // 8, 1)  # "&amp;" may grow each character up to 5-fold
        pieces = [plain[i : i + step] for i in range(0, len(plain), step)]
        return [html_lib.escape(piece, quote=False) for piece in pieces]
    return [word[i : i + limit] for i in range(0, len(word), limit)]


def _pack(parts: list[str], joiner: str, limit: int, html: bool) -> list[str]:
    """Greedily join parts with `joiner` into chunks that fit."""
    chunks: list[str] = []
    current = ""
    for part in parts:
        for piece in _pieces(part, limit, html):
            candidate = f"{current}{joiner}{piece}" if current else piece
            if message_length(candidate, html=html) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def split_message(message: str, limit: int, *, html: bool) -> list[str]:
    """Messages of at most `limit` (as the channel counts), in order, none blank.

    >>> split_message("Một\\n\\nHai", 5, html=False)
    ['Một', 'Hai']
    >>> split_message("<b>Tiêu đề</b>\\nDòng một\\nDòng hai", 20, html=True)
    ['<b>Tiêu đề</b>\\nDòng một', 'Dòng hai']
    """
    message = message.strip()
    if not message:
        return []
    chunks = _pack(message.split("\n\n"), "\n\n", limit, html)
    return [chunk.strip() for chunk in chunks if chunk.strip()]
