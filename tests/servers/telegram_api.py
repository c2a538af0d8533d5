"""A Telegram Bot API test double served over real HTTP on 127.0.0.1.

python-telegram-bot talks to it unchanged through
``ApplicationBuilder().base_url(server.base_url).base_file_url(server.base_file_url)``
(or ``telegram.Bot(token, base_url=..., base_file_url=...)``). It implements the methods a
digest bot uses, with the wire formats PTB v22 sends (url-encoded form with JSON-encoded
values, multipart when files are attached, or JSON) and the answers it expects (the
``{ok, result}`` envelope, HTTP status equal to ``error_code``, ``parameters.retry_after``
on 429). It refuses what Telegram refuses:

- empty text; text longer than 4096 UTF-16 code units after entity parsing;
- markup that does not parse under ``parse_mode`` HTML, MarkdownV2 or Markdown, with
  Telegram's own error wording (behaviour follows tdlib's ``do_parse_html`` and
  ``do_parse_markdown_v2`` in td/telegram/MessageEntity.cpp, read at tdlib/td@1a901a0,
  extended with the tags added since: span/tg-spoiler, tg-emoji, blockquote);
- blocked chats (403), unknown chats (400 "chat not found", strict mode), unknown methods
  (404) and wrong tokens (401);
- flood control: a strict 1-second sliding window overall (30 by default), a per-chat
  token bucket for private chats (1/s, burst 3) and 20 per 60 s per group, answering
  ``429 Too Many Requests: retry after N`` and refusing that chat until N has passed;
- a second concurrent ``getUpdates`` on the token: the long poll in progress is answered 409
  "Conflict: terminated by other getUpdates request; make sure that only one bot instance
  is running", as Telegram's server does (tdlib/telegram-bot-api, Client::abort_long_poll,
  read at 01a3679), so two processes polling one token keep knocking each other out; and
  ``getUpdates`` while a webhook is set (409).

One deliberate extra: a bare ``&`` that starts no HTML entity is refused under parse_mode
HTML (``reject_bare_ampersand=True``, the default). Real Telegram keeps it as a literal
character; the double is stricter so that unescaped text is caught in tests. Pass
``reject_bare_ampersand=False`` for Telegram's exact behaviour.

Run it standalone for tests that kill a real bot process, or for benchmarks::

    python -m tests.servers.telegram_api --port 0 --strict --rate 30

stdout line 1 is the port, line 2 a JSON description (base_url, base_file_url, token);
``/_control/<op>`` (JSON body or query string) drives it: push_text, push_document
(``content_b64``), push_callback_query, register_chat, messages (``count``/``timeout`` to
wait), edits, updates, state, counters, fail_next, set_error_rate, block_chat, unblock_chat,
add_latency, set_rate_limits, reset, webhook_deliveries, health, shutdown; push_texts takes
``messages``, a list of ``[chat_id, text]``, and pushes them all at once (a crowd).

Sources: Bot API reference (core.telegram.org/bots/api), python-telegram-bot 22.8 source in
the project venv (``telegram/request/_baserequest.py`` maps HTTP statuses to exceptions).
"""

from __future__ import annotations

import argparse
import itertools
import json
import mimetypes
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import regex
from aiohttp import web

from . import (
    NO_RESULT,
    ApiError,
    FakeChatApiServer,
    Reply,
    UploadedFile,
    b64_content,
    encode_content,
    read_params,
    run_standalone,
)
from .limits import Clock, Fault, RateLimiter, RateLimits, whole_seconds

MAX_TEXT_LENGTH = 4096  # telegram.constants.MessageLimit.MAX_TEXT_LENGTH
MAX_CAPTION_LENGTH = 1024  # telegram.constants.MessageLimit.CAPTION_LENGTH
MAX_CALLBACK_DATA_BYTES = 64  # telegram.constants.InlineKeyboardButtonLimit
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # bots may download files up to 20 MB

#: Update types delivered when ``allowed_updates`` is empty or was never given.
DEFAULT_UPDATE_TYPES = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
    "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member",
    "chat_join_request", "chat_boost", "removed_chat_boost",
})

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})

#: A command a user types: "/tinh" or "/tinh@bantin_test_bot", at a word start.
BOT_COMMAND = regex.compile(
    r"""
    (?<![\w/@])              # not glued to a previous word, path or mention
    /[A-Za-z0-9_]{1,64}      # the command itself
    (?:@[A-Za-z0-9_]{3,32})? # optional bot username, used in groups
    (?![\w/@])               # and nothing glued after it
    """,
    regex.VERBOSE,
)

#: A command name setMyCommands accepts.
COMMAND_NAME = regex.compile(r"^[a-z0-9_]{1,32}$")

#: A chat id given as text that is really a number ("-100123", "42").
NUMERIC_CHAT_ID = regex.compile(r"-?\d+")

#: The extension kept on stored file paths (".pdf"), as Telegram keeps it.
FILE_SUFFIX = regex.compile(r"\.[A-Za-z0-9]{1,8}$")

#: A webhook URL on this machine, accepted over plain HTTP when tests allow it.
LOOPBACK_HTTP_URL = regex.compile(
    r"""
    ^http://                       # plain HTTP ...
    (?:127\.0\.0\.1|localhost)      # ... to this machine only
    (?::\d+)?                      # any port
    (?:/|$)                        # then a path or nothing
    """,
    regex.VERBOSE,
)

#: The characters Telegram allows in a webhook secret_token, 1 to 256 of them.
WEBHOOK_SECRET = regex.compile(r"[A-Za-z0-9_-]{1,256}")

#: A file given by URL rather than by upload or file_id.
HTTP_URL = regex.compile(r"^https?://")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram offsets and limits.

    >>> utf16_len("Tỉnh ủy"), utf16_len("👍")
    (7, 2)
    """
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class EntityParseError(ValueError):
    """Markup that Telegram would refuse with "can't parse entities: ..."."""


# --------------------------------------------------------------------------- HTML
_HTML_TAGS = frozenset({
    "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "tg-emoji", "code", "pre", "blockquote",
})
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPACE = " \t\r\n\v\f"
_SIMPLE_TAG_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "span": "spoiler", "tg-spoiler": "spoiler",
}


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at ``text[pos] == "&"``; None if Telegram knows none.

    Telegram knows numeric references and only &lt; &gt; &amp; &quot;; the ";" is optional.

    >>> _decode_html_entity("&amp;x", 0), _decode_html_entity("&#7885;", 0)
    (('&', 5), ('ọ', 7))
    >>> _decode_html_entity("&nbsp;", 0) is None, _decode_html_entity("& b", 0) is None
    (True, True)
    """
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        value = 0
        if end < n and text[end] == "x":
            end += 1
            start = end
            while end < n and text[end] in "0123456789abcdefABCDEF":
                end += 1
            value = int(text[start:end], 16) if end > start else 0
        else:
            start = end
            while end < n and text[end].isascii() and text[end].isdigit():
                end += 1
            value = int(text[start:end]) if end > start else 0
        if value == 0 or value >= 0x10FFFF or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        found = _NAMED_ENTITIES.get(text[pos + 1:end])
        if found is None:
            return None
        char = found
    if end < n and text[end] == ";":
        end += 1
    return char, end


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the parsed text
    out_index: int  # index into the parsed text (Python characters)


def _read_attributes(text: str, i: int, tag: str, begin_byte: int) -> tuple[dict[str, str], int]:
    """Parse ``name="value"`` pairs up to the closing ">" (returns index after it)."""
    n = len(text)
    attrs: dict[str, str] = {}
    while True:
        while i < n and text[i] in _HTML_SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin_byte}")
        if text[i] == ">":
            return attrs, i + 1
        name_start = i
        while i < n and text[i] not in _HTML_SPACE and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {begin_byte}'
            )
        while i < n and text[i] in _HTML_SPACE:
            i += 1
        if i >= n or text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {begin_byte}'
            )
        i += 1
        while i < n and text[i] in _HTML_SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin_byte}')
        if text[i] not in "'\"":
            token_start = i
            while i < n and (text[i].isascii() and text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[token_start:i].lower()
            if i < n and text[i] not in _HTML_SPACE and text[i] != ">":
                at = _byte_offset(text, token_start)
                raise EntityParseError(f"Unexpected end of name token at byte offset {at}")
        else:
            quote = text[i]
            i += 1
            chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_html_entity(text, i)
                    if decoded is not None:
                        chars.append(decoded[0])
                        i = decoded[1]
                        continue
                chars.append(text[i])
                i += 1
            value = "".join(chars)
            if i < n:
                i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin_byte}")
        attrs[name] = value


def _html_entity(tag: _OpenTag, length: int, inner: str) -> dict[str, Any]:
    entity: dict[str, Any] = {"offset": tag.offset, "length": length}
    if tag.name in _SIMPLE_TAG_TYPES:
        entity["type"] = _SIMPLE_TAG_TYPES[tag.name]
    elif tag.name == "a":
        entity["type"] = "text_link"
        entity["url"] = tag.attrs.get("href") or inner
    elif tag.name == "code":
        entity["type"] = "code"
        language = tag.attrs.get("class", "")
        if language.startswith("language-"):
            entity["language"] = language[len("language-"):]
    elif tag.name == "pre":
        entity["type"] = "pre"
    elif tag.name == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
    elif tag.name == "tg-emoji":
        entity["type"] = "custom_emoji"
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    return entity


def parse_html(
    text: str, *, reject_bare_ampersand: bool = True
) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's parse_mode=HTML: the plain text and its entities (UTF-16 offsets).

    >>> parse_html("<b>Tỉnh ủy</b> họp &amp; kết luận")
    ('Tỉnh ủy họp & kết luận', [{'offset': 0, 'length': 7, 'type': 'bold'}])
    >>> try:
    ...     parse_html("Chỉ tiêu <p>GRDP</p>")
    ... except EntityParseError as exc:
    ...     print(exc)
    Unsupported start tag "p" at byte offset 12
    """
    n = len(text)
    out: list[str] = []
    u16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                u16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if reject_bare_ampersand:
                raise EntityParseError(
                    f"Character '&' at byte offset {_byte_offset(text, i)} does not start an "
                    "HTML entity; write &amp; (stricter than Telegram, see module docstring)"
                )
        if c != "<":
            out.append(c)
            u16 += utf16_len(c)
            i += 1
            continue
        begin = i
        begin_byte = _byte_offset(text, begin)
        i += 1
        if i >= n or text[i] != "/":
            name_start = i
            while i < n and text[i] not in _HTML_SPACE and text[i] != ">":
                i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin_byte}")
            name = text[name_start:i].lower()
            if name not in _HTML_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{name}" at byte offset {begin_byte}'
                )
            attrs, i = _read_attributes(text, i, name, begin_byte)
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin_byte}'
                )
            if name == "tg-emoji" and not attrs.get("emoji-id"):
                raise EntityParseError(
                    f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {begin_byte}'
                )
            stack.append(_OpenTag(name, attrs, u16, len(out)))
            continue
        # an end tag
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin_byte}")
        i += 1
        name_start = i
        while i < n and text[i] not in _HTML_SPACE and text[i] != ">":
            i += 1
        end_name = text[name_start:i].lower()
        while i < n and text[i] in _HTML_SPACE:
            i += 1
        if i >= n or text[i] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {begin_byte}")
        i += 1
        tag = stack.pop()
        if end_name and end_name != tag.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin_byte}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        length = u16 - tag.offset
        if length <= 0:
            continue
        entity = _html_entity(tag, length, "".join(out[tag.out_index:]))
        last = entities[-1] if entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (tag.offset, length)
        if tag.name == "pre" and same_span and last["type"] == "code" and "language" in last:
            last["type"] = "pre"
            continue
        entities.append(entity)
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# ---------------------------------------------------------------------- MarkdownV2
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_TYPE_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline",
    "strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code", "pre": "Pre",
    "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
}


@dataclass
class _OpenMark:
    type: str
    offset: int
    byte_offset: int
    out_index: int
    language: str = ""


def _mdv2_closes(mark: _OpenMark, text: str, i: int) -> bool:
    c = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if mark.type == "bold":
        return c == "*"
    if mark.type == "italic":
        return c == "_" and nxt != "_"
    if mark.type == "underline":
        return c == "_" and nxt == "_"
    if mark.type == "strikethrough":
        return c == "~"
    if mark.type == "spoiler":
        return c == "|" and nxt == "|"
    if mark.type == "code":
        return c == "`"
    if mark.type == "pre":
        return text.startswith("```", i)
    return c == "]"  # text_link, custom_emoji


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    r"""Telegram's parse_mode=MarkdownV2: the plain text and its entities.

    >>> parse_markdown_v2(r"*Nghị quyết* số 12\-NQ/TU")
    ('Nghị quyết số 12-NQ/TU', [{'type': 'bold', 'offset': 0, 'length': 10}])
    >>> try:
    ...     parse_markdown_v2("Tăng 8.5%")
    ... except EntityParseError as exc:
    ...     print(exc)
    Character '.' is reserved and must be escaped with the preceding '\'
    """
    n = len(text)
    out: list[str] = []
    u16 = 0
    stack: list[_OpenMark] = []
    entities: list[dict[str, Any]] = []
    quote_start: int | None = None
    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.append(text[i + 1])
            u16 += 1
            i += 2
            continue
        in_code = bool(stack) and stack[-1].type in ("code", "pre")
        at_line_start = i == 0 or text[i - 1] == "\n"
        if c == ">" and at_line_start and not in_code:
            if quote_start is None:
                quote_start = u16
            i += 1
            continue
        reserved = "`" if in_code else _MDV2_RESERVED
        if c not in reserved:
            if c == "\n" and quote_start is not None and not text.startswith(">", i + 1):
                if u16 > quote_start:
                    entities.append({"type": "blockquote", "offset": quote_start,
                                     "length": u16 - quote_start})
                quote_start = None
            out.append(c)
            u16 += utf16_len(c)
            i += 1
            continue
        if stack and _mdv2_closes(stack[-1], text, i):
            mark = stack.pop()
            entity: dict[str, Any] = {"type": mark.type, "offset": mark.offset,
                                      "length": u16 - mark.offset}
            if mark.type == "underline" or mark.type == "spoiler":
                i += 2
            elif mark.type == "pre":
                i += 3
                if mark.language:
                    entity["language"] = mark.language
            elif mark.type in ("text_link", "custom_emoji"):
                inner = "".join(out[mark.out_index:])
                i += 1
                url = inner
                if i < n and text[i] == "(":
                    url_start = i + 1
                    i += 1
                    chars: list[str] = []
                    while i < n and text[i] != ")":
                        if text[i] == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
                            chars.append(text[i + 1])
                            i += 2
                            continue
                        chars.append(text[i])
                        i += 1
                    if i >= n:
                        at = _byte_offset(text, url_start)
                        raise EntityParseError(f"Can't find end of a URL at byte offset {at}")
                    i += 1
                    url = "".join(chars)
                if mark.type == "custom_emoji":
                    entity["custom_emoji_id"] = url.rpartition("id=")[2]
                else:
                    entity["url"] = url
            else:
                i += 1
            if entity["length"] > 0 and (mark.type not in ("text_link",) or entity.get("url")):
                entities.append(entity)
            continue
        # the start of an entity
        start_byte = _byte_offset(text, i)
        language = ""
        if c == "_" and text.startswith("__", i):
            kind, i = "underline", i + 2
        elif c == "_":
            kind, i = "italic", i + 1
        elif c == "*":
            kind, i = "bold", i + 1
        elif c == "~":
            kind, i = "strikethrough", i + 1
        elif c == "|" and text.startswith("||", i):
            kind, i = "spoiler", i + 2
        elif c == "[":
            kind, i = "text_link", i + 1
        elif c == "!" and text.startswith("![", i):
            kind, i = "custom_emoji", i + 2
        elif c == "`" and text.startswith("```", i):
            kind, i = "pre", i + 3
            lang_end = i
            while lang_end < n and text[lang_end] not in _HTML_SPACE and text[lang_end] != "`":
                lang_end += 1
            if lang_end > i and lang_end < n and text[lang_end] != "`":
                language, i = text[i:lang_end], lang_end
            if i < n and text[i] in "\r\n":
                pair = text[i:i + 2]
                i += 2 if pair in ("\r\n", "\n\r") else 1
        elif c == "`":
            kind, i = "code", i + 1
        else:
            raise EntityParseError(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
        stack.append(_OpenMark(kind, u16, start_byte, len(out), language))
    if stack:
        mark = stack[-1]
        name = "PreCode" if mark.type == "pre" and mark.language else _MDV2_TYPE_NAMES[mark.type]
        raise EntityParseError(
            f"Can't find end of {name} entity at byte offset {mark.byte_offset}"
        )
    if quote_start is not None and u16 > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": u16 - quote_start})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_markdown_legacy(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's legacy parse_mode=Markdown (no nesting, few escapes).

    >>> parse_markdown_legacy("*Kết luận* số 5")
    ('Kết luận số 5', [{'type': 'bold', 'offset': 0, 'length': 8}])
    """
    n = len(text)
    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    i = 0
    kinds = {"_": "italic", "*": "bold", "`": "code", "[": "text_link"}
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            u16 += 1
            i += 2
            continue
        if c not in kinds:
            out.append(c)
            u16 += utf16_len(c)
            i += 1
            continue
        begin_byte = _byte_offset(text, i)
        is_pre = text.startswith("```", i)
        end_char = "]" if c == "[" else c
        i += 3 if is_pre else 1
        language = ""
        if is_pre:
            lang_end = i
            while lang_end < n and text[lang_end] not in _HTML_SPACE and text[lang_end] != "`":
                lang_end += 1
            if lang_end > i and lang_end < n and text[lang_end] != "`":
                language, i = text[i:lang_end], lang_end
            if i < n and text[i] in "\r\n":
                i += 2 if text[i:i + 2] in ("\r\n", "\n\r") else 1
        start = u16
        inner: list[str] = []
        while i < n and not (text.startswith("```", i) if is_pre else text[i] == end_char):
            inner.append(text[i])
            u16 += utf16_len(text[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {begin_byte}"
            )
        out.extend(inner)
        i += 3 if is_pre else 1
        if u16 == start:
            continue
        entity: dict[str, Any] = {"type": "pre" if is_pre else kinds[c], "offset": start,
                                  "length": u16 - start}
        if is_pre and language:
            entity["language"] = language
        if c == "[":
            url = "".join(inner)
            if i < n and text[i] == "(":
                close = text.find(")", i)
                url = text[i + 1:close if close >= 0 else n]
                i = n if close < 0 else close + 1
            entity["url"] = url
        entities.append(entity)
    return "".join(out), entities


def parse_text(text: str, parse_mode: str | None, *, reject_bare_ampersand: bool = True
               ) -> tuple[str, list[dict[str, Any]]]:
    """Apply ``parse_mode`` as Telegram does; raise ApiError 400 on markup errors."""
    mode = (parse_mode or "").strip().lower()
    try:
        if not mode:
            return text, []
        if mode == "html":
            return parse_html(text, reject_bare_ampersand=reject_bare_ampersand)
        if mode == "markdownv2":
            return parse_markdown_v2(text)
        if mode == "markdown":
            return parse_markdown_legacy(text)
    except EntityParseError as exc:
        raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
    raise ApiError(400, "Bad Request: unsupported parse_mode")


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities Telegram attaches to an incoming text.

    >>> command_entities("/tinh@bantin_test_bot Bắc Ninh")
    [{'type': 'bot_command', 'offset': 0, 'length': 21}]
    """
    return [
        {"type": "bot_command", "offset": utf16_len(text[:m.start()]),
         "length": utf16_len(m.group())}
        for m in BOT_COMMAND.finditer(text)
    ]


# ---------------------------------------------------------------------- parameters
def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _int_param(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise _bad(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"invalid {name} specified") from None


def _float_param(params: dict[str, Any], name: str, default: float) -> float:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _bad(f"invalid {name} specified") from None


def _json_param(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise _bad(f"can't parse {name} JSON object") from None
    return value


def _bool_param(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _text_param(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _check_reply_markup(markup: Any) -> Any:
    """Refuse reply_markup Telegram would refuse; return it unchanged otherwise."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad('can\'t parse inline keyboard: field "inline_keyboard" must be an '
                       "Array of Arrays")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad("can't parse inline keyboard button: Text must be a String")
                actions = set(button) - {"text", "style", "icon_custom_emoji_id"}
                if not actions:
                    raise _bad("can't parse inline keyboard button: Text buttons are unallowed "
                               "in the inline keyboard")
                data = button.get("callback_data")
                size = None if data is None else len(str(data).encode())
                if size is not None and not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise _bad("BUTTON_DATA_INVALID")
        return markup
    if {"keyboard", "remove_keyboard", "force_reply"} & set(markup):
        return markup
    raise _bad("can't parse reply keyboard markup JSON object")


# --------------------------------------------------------------------------- chats
@dataclass
class FakeChat:
    """A chat the fake Telegram knows about."""

    id: int | str
    type: str = "private"
    title: str | None = None
    first_name: str | None = None
    username: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or "Lan"
        else:
            data["title"] = self.title or "Nhóm thử nghiệm"
        if self.username:
            data["username"] = self.username
        return data


def _infer_chat_type(chat_id: int | str) -> str:
    if isinstance(chat_id, str):
        return "channel"
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= -1_000_000_000_000 else "group"


def _blocked_description(chat_type: str) -> str:
    if chat_type == "private":
        return "Forbidden: bot was blocked by the user"
    if chat_type == "group":
        return "Forbidden: bot was kicked from the group chat"
    if chat_type == "supergroup":
        return "Forbidden: bot was kicked from the supergroup chat"
    return "Forbidden: bot is not a member of the channel chat"


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    mime_type: str
    file_name: str


@dataclass
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    last_error_date: int | None = None
    last_error_message: str | None = None


Handler = Callable[[dict[str, Any], dict[str, UploadedFile]], Awaitable[Any]]


@dataclass
class _PollState:
    generation: int = 0
    allowed: frozenset[str] = field(default_factory=lambda: DEFAULT_UPDATE_TYPES)


class TelegramApiServer(FakeChatApiServer):
    """The Telegram Bot API on 127.0.0.1 (see the module docstring for what it refuses).

    ``strict`` switches on rate limits and "chat not found" for chats that never wrote to
    the bot nor were registered; ``rate_limits`` and ``known_chats_only`` override it.
    """

    SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage",
                              "forwardMessage"})
    WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "bantin_test_bot",
        *,
        bot_first_name: str = "Bản tin thử nghiệm",
        strict: bool = False,
        rate_limits: bool | None = None,
        overall_rate: int = 30,
        private_rate: float = 1.0,
        private_burst: int = 3,
        group_limit: int = 20,
        group_window: float = 60.0,
        known_chats_only: bool | None = None,
        reject_bare_ampersand: bool = True,
        allow_insecure_webhook: bool = False,
        seed: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(token, host=host, port=port, clock=clock)
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.bot_id = int(token.split(":", 1)[0])
        self.strict = strict
        self.rate_limits_enabled = strict if rate_limits is None else rate_limits
        self.known_chats_only = strict if known_chats_only is None else known_chats_only
        self.reject_bare_ampersand = reject_bare_ampersand
        self.allow_insecure_webhook = allow_insecure_webhook
        self.limiter = RateLimiter(
            RateLimits(overall_per_second=overall_rate, chat_per_second=private_rate,
                       chat_burst=private_burst, group_limit=group_limit,
                       group_window=group_window, penalty=True),
            clock=clock,
        )
        self._rng = random.Random(seed)
        self.chats: dict[int | str, FakeChat] = {}
        self._messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._next_message_id: dict[int | str, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._poll = _PollState()
        self._files: dict[str, _StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[dict[str, Any]] = []
        self._edits: list[dict[str, Any]] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: _Webhook | None = None
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendChatAction": self._send_chat_action,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "getFile": self._get_file,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "getChat": self._get_chat,
                "close": self._close,
                "logOut": self._log_out,
            }.items()
        }

    # ------------------------------------------------------------------ URLs
    @property
    def base_url(self) -> str:
        """What ``ApplicationBuilder().base_url()`` takes (PTB appends the token)."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    def _describe(self) -> dict[str, Any]:
        return {**super()._describe(), "base_url": self.base_url,
                "base_file_url": self.base_file_url, "bot_username": self.bot_username,
                "bot_id": self.bot_id, "strict": self.strict}

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._api_entry)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file_entry)

    # ------------------------------------------------------------- identities
    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_first_name,
                "username": self.bot_username}

    def _chat_key(self, chat_id: Any) -> Any:
        if isinstance(chat_id, str):
            stripped = chat_id.strip()
            if NUMERIC_CHAT_ID.fullmatch(stripped):
                return int(stripped)
            return stripped
        return chat_id

    def register_chat(
        self,
        chat_id: int | str,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Make a chat exist (as if its user had written, or the bot had been added)."""
        key = self._chat_key(chat_id)
        kind = chat_type or _infer_chat_type(key)
        if kind == "private" and (not isinstance(key, int) or key <= 0):
            raise ValueError("private chats have positive integer ids")
        if kind in ("group", "supergroup") and (not isinstance(key, int) or key >= 0):
            raise ValueError("group chats have negative integer ids")
        chat = self.chats.get(key)
        if chat is None:
            chat = FakeChat(key, kind, title, first_name, username)
            self.chats[key] = chat
        else:
            chat.type = kind
            chat.title = title or chat.title
            chat.first_name = first_name or chat.first_name
            chat.username = username or chat.username
        return chat.as_json()

    def _next_id(self, chat_key: int | str) -> int:
        message_id = self._next_message_id.get(chat_key, 1)
        self._next_message_id[chat_key] = message_id + 1
        return message_id

    def _user(self, user_id: int, first_name: str) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}

    # ---------------------------------------------------------------- updates
    def _enqueue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        if self.webhook is not None:
            self._enqueue_webhook(update)
        else:
            self._updates.append(update)
            self._notify()
        return update

    def _webhook_target(self) -> tuple[str, str | None] | None:
        if self.webhook is None:
            return None
        return self.webhook.url, self.webhook.secret_token

    def _webhook_undeliverable(self, item: dict[str, Any]) -> None:
        self._updates.append(item)
        self._updates.sort(key=lambda u: u["update_id"])
        self._notify()

    async def _post_webhook(self, target: tuple[str, str | None], item: dict[str, Any]) -> None:
        await super()._post_webhook(target, item)
        record = self.webhook_deliveries[-1]
        ok = record["status"] is not None and 200 <= record["status"] < 300
        if not ok and self.webhook is not None:
            self.webhook.last_error_date = int(time.time())
            self.webhook.last_error_message = (
                record["error"] or f"Wrong response from the webhook: {record['status']}"
            )

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset (copies)."""
        return json.loads(json.dumps(self._updates))

    def _sender(self, chat_key: int | str, chat_type: str, user_id: int | None,
                first_name: str) -> dict[str, Any]:
        if user_id is None:
            if chat_type != "private":
                raise ValueError("a group message needs user_id")
            user_id = int(chat_key)
        return self._user(user_id, first_name)

    def _incoming_chat(self, chat_id: int | str, chat_type: str, title: str | None,
                       first_name: str) -> dict[str, Any]:
        key = self._chat_key(chat_id)
        if key in self.chats:
            return self.chats[key].as_json()
        return self.register_chat(key, chat_type, title=title,
                                  first_name=first_name if chat_type == "private" else None)

    def push_text(
        self,
        chat_id: int | str,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Lan",
        title: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """Queue a text message from a user; leading /commands get bot_command entities."""
        chat = self._incoming_chat(chat_id, chat_type, title, first_name)
        key = chat["id"]
        message: dict[str, Any] = {
            "message_id": self._next_id(key),
            "from": self._sender(key, chat["type"], user_id, first_name),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        entities = command_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to_message_id is not None and (key, reply_to_message_id) in self._messages:
            message["reply_to_message"] = self._messages[(key, reply_to_message_id)]
        self._messages[(key, message["message_id"])] = message
        return self._enqueue_update("message", message)

    def _store_file(
        self, content: bytes, file_name: str, mime_type: str, folder: str
    ) -> _StoredFile:
        n = next(self._file_counter)
        found = FILE_SUFFIX.search(file_name)
        suffix = found.group() if found else ""
        stored = _StoredFile(
            file_id=f"BQACAgUAAxkBAAI{n:06d}{self._rng.getrandbits(48):012x}",
            file_unique_id=f"AgAD{n:06d}",
            file_path=f"{folder}/file_{n}{suffix}",
            content=content,
            mime_type=mime_type,
            file_name=file_name,
        )
        self._files[stored.file_id] = stored
        return stored

    def _document_json(self, stored: _StoredFile) -> dict[str, Any]:
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_name": stored.file_name, "mime_type": stored.mime_type,
                "file_size": len(stored.content)}

    def push_document(
        self,
        chat_id: int | str,
        filename: str,
        content: bytes,
        caption: str | None = None,
        mime_type: str | None = None,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Lan",
        title: str | None = None,
    ) -> dict[str, Any]:
        """Queue a document from a user; the bot can fetch it with getFile + download."""
        chat = self._incoming_chat(chat_id, chat_type, title, first_name)
        key = chat["id"]
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._store_file(bytes(content), filename, mime, "documents")
        message: dict[str, Any] = {
            "message_id": self._next_id(key),
            "from": self._sender(key, chat["type"], user_id, first_name),
            "chat": chat,
            "date": int(time.time()),
            "document": self._document_json(stored),
        }
        if caption:
            message["caption"] = caption
            entities = command_entities(caption)
            if entities:
                message["caption_entities"] = entities
        self._messages[(key, message["message_id"])] = message
        return self._enqueue_update("message", message)

    def push_callback_query(
        self,
        chat_id: int | str,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = "Lan",
    ) -> dict[str, Any]:
        """Queue a button press on message ``message_id`` (usually one the bot sent)."""
        key = self._chat_key(chat_id)
        chat = self.chats.get(key) or FakeChat(key, _infer_chat_type(key))
        message = self._messages.get((key, message_id)) or {
            "message_id": message_id, "from": self.bot_user(), "chat": chat.as_json(),
            "date": int(time.time()), "text": "",
        }
        query_id = str(self._rng.getrandbits(62))
        self._callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": self._sender(key, chat.type, user_id, first_name),
            "message": message,
            "chat_instance": str(abs(hash(("chat", key))) % 10**18),
            "data": data,
        }
        return self._enqueue_update("callback_query", query)

    # ------------------------------------------------------------ inspection
    def edited_messages(self, chat_id: Any = None) -> list[dict[str, Any]]:
        """editMessageText / editMessageReplyMarkup calls that succeeded (copies)."""
        key = None if chat_id is None else self._chat_key(chat_id)
        return [dict(r) for r in self._edits if key is None or r["chat_id"] == key]

    def message(self, chat_id: Any, message_id: int) -> dict[str, Any] | None:
        """The current state of a stored message (user's or bot's)."""
        found = self._messages.get((self._chat_key(chat_id), message_id))
        return None if found is None else json.loads(json.dumps(found))

    def set_rate_limits(
        self,
        enabled: bool = True,
        *,
        overall_rate: int | None = None,
        private_rate: float | None = None,
        private_burst: int | None = None,
        group_limit: int | None = None,
        group_window: float | None = None,
    ) -> None:
        """Switch flood control on or off and change its numbers (resets its state)."""
        self.rate_limits_enabled = enabled
        self.limiter.configure(
            overall_per_second=overall_rate,
            chat_per_second=private_rate,
            chat_burst=private_burst,
            group_limit=group_limit,
            group_window=group_window,
        )

    def reset(self) -> None:
        super().reset()
        self._edits.clear()
        self.chat_actions.clear()
        self.callback_answers.clear()
        self.limiter.reset()

    # ------------------------------------------------------------- dispatch
    async def _api_entry(self, request: web.Request) -> web.StreamResponse:
        raw_method = request.match_info["method"]
        entry = self._handlers.get(raw_method.lower())
        method = entry[0] if entry else raw_method
        await self._sleep_latency()
        reply = await self._answer(request, method, entry)
        self.counters.record(method, reply.outcome)
        return reply.to_response()

    async def _answer(self, request: web.Request, method: str,
                      entry: tuple[str, Handler] | None) -> Reply:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        if entry is None:
            return self._error(404, "Not Found")
        try:
            params, files = await read_params(request)
        except ValueError as exc:
            return self._error(400, f"Bad Request: {exc}")
        handler = entry[1]

        async def run() -> Reply:
            try:
                result = await handler(params, files)
            except ApiError as exc:
                return self._error(exc.code, exc.description, exc.parameters)
            if result is NO_RESULT:
                return Reply(200, {"ok": True})
            return Reply(200, {"ok": True, "result": result})

        raw_chat = params.get("chat_id")
        chat_key = None if raw_chat in (None, "") else self._chat_key(raw_chat)
        return await self._run_with_faults(method, chat_key, run)

    def _error(self, code: int, description: str,
               parameters: dict[str, Any] | None = None) -> Reply:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return Reply(code, body)

    def _fault_reply(self, fault: Fault, method: str) -> Reply:
        raw = self._raw_fault_reply(fault)
        if raw is not None:
            return raw
        if fault.status == 429:
            retry_after = fault.retry_after or 1
            description = fault.description or f"Too Many Requests: retry after {retry_after}"
            return self._error(429, description, {"retry_after": retry_after})
        defaults = {400: "Bad Request", 401: "Unauthorized",
                    403: "Forbidden: bot was blocked by the user", 404: "Not Found",
                    409: "Conflict", 500: "Internal Server Error"}
        return self._error(fault.status, fault.description or defaults.get(fault.status, "Error"))

    def _on_injected_fault(self, fault: Fault) -> None:
        if fault.status == 429 and fault.penalize and fault.chat_key is not None:
            self.limiter.penalize(fault.chat_key, fault.retry_after or 1)

    async def _file_entry(self, request: web.Request) -> web.StreamResponse:
        await self._sleep_latency()
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if request.match_info["token"] != self.token or stored is None:
            reply = self._error(404, "Not Found")
            self.counters.record("file download", reply.outcome)
            return reply.to_response()
        self.counters.record("file download", "accepted")
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # -------------------------------------------------------- shared checks
    def _resolve_chat(self, params: dict[str, Any]) -> FakeChat:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        key = self._chat_key(raw)
        if isinstance(key, str) and not key.startswith("@"):
            raise _bad("chat not found")
        chat = self.chats.get(key)
        if chat is None and isinstance(key, str):
            chat = next((c for c in self.chats.values() if c.username and
                         f"@{c.username}".lower() == key.lower()), None)
        if chat is None:
            if self.known_chats_only:
                raise _bad("chat not found")
            chat = FakeChat(key, _infer_chat_type(key))
            self.chats[key] = chat
        if chat.id in self.blocked or key in self.blocked:
            raise ApiError(403, _blocked_description(chat.type))
        return chat

    def _admit(self, chat: FakeChat) -> None:
        if not self.rate_limits_enabled:
            return
        wait = self.limiter.admit(chat.id, group=chat.type != "private")
        if wait is not None:
            seconds = whole_seconds(wait)
            raise ApiError(429, f"Too Many Requests: retry after {seconds}",
                           {"retry_after": seconds})

    def _reply_target(self, chat: FakeChat, params: dict[str, Any]) -> dict[str, Any] | None:
        reply = _json_param(params, "reply_parameters") or {}
        if not isinstance(reply, dict):
            raise _bad("can't parse reply parameters JSON object")
        message_id = reply.get("message_id", _int_param(params, "reply_to_message_id"))
        if message_id is None:
            return None
        target = self._messages.get((chat.id, int(message_id)))
        allow = reply.get("allow_sending_without_reply",
                          _bool_param(params, "allow_sending_without_reply"))
        if target is None and not allow:
            raise _bad("message to be replied not found")
        return target

    def _parsed_text(
        self, params: dict[str, Any], field_name: str
    ) -> tuple[str, list[dict[str, Any]]]:
        text = _text_param(params, field_name)
        explicit = _json_param(params, "entities" if field_name == "text" else "caption_entities")
        plain, entities = parse_text(text, params.get("parse_mode"),
                                     reject_bare_ampersand=self.reject_bare_ampersand)
        if explicit:
            entities = list(explicit)
        return plain, entities

    def _link_preview(self, params: dict[str, Any]) -> dict[str, Any] | None:
        options = _json_param(params, "link_preview_options")
        if options is not None and not isinstance(options, dict):
            raise _bad("can't parse link preview options JSON object")
        if params.get("disable_web_page_preview") not in (None, ""):
            options = {**(options or {}),
                       "is_disabled": _bool_param(params, "disable_web_page_preview")}
        return options

    def _bot_message(self, chat: FakeChat, body: dict[str, Any],
                     reply_to: dict[str, Any] | None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._next_id(chat.id),
            "from": self.bot_user(),
            "chat": chat.as_json(),
            "date": int(time.time()),
            **body,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self._messages[(chat.id, message["message_id"])] = message
        return message

    # --------------------------------------------------------------- methods
    async def _get_me(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return {**self.bot_user(), "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False,
                "can_connect_to_business": False, "has_main_web_app": False}

    async def _get_updates(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        offset = _int_param(params, "offset")
        limit = min(max(_int_param(params, "limit", 100) or 100, 1), 100)
        timeout = min(max(_float_param(params, "timeout", 0.0), 0.0), 50.0)
        allowed = _json_param(params, "allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list):
                raise _bad("can't parse allowed_updates JSON array")
            self._poll.allowed = frozenset(allowed) or DEFAULT_UPDATE_TYPES
        if offset is not None:
            if offset < 0:
                self._updates = self._updates[offset:]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._poll.generation += 1
        generation = self._poll.generation
        self._notify()  # an older long poll now answers 409

        def wanted() -> list[dict[str, Any]]:
            return [u for u in self._updates if (set(u) - {"update_id"}) & self._poll.allowed]

        await self._wait_until(
            lambda: bool(wanted()) or generation != self._poll.generation
            or self.webhook is not None,
            timeout,
        )
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        if generation != self._poll.generation:
            raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure "
                                "that only one bot instance is running")
        return json.loads(json.dumps(wanted()[:limit]))

    async def _send_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        if params.get("chat_id") in (None, ""):
            raise _bad("chat_id is empty")
        plain, entities = self._parsed_text(params, "text")
        if not plain.strip():
            raise _bad("message text is empty")
        if utf16_len(plain) > MAX_TEXT_LENGTH:
            raise _bad("message is too long")
        markup = _check_reply_markup(_json_param(params, "reply_markup"))
        link_preview = self._link_preview(params)
        chat = self._resolve_chat(params)
        reply_to = self._reply_target(chat, params)
        self._admit(chat)
        body: dict[str, Any] = {"text": plain}
        if entities:
            body["entities"] = entities
        if markup and "inline_keyboard" in markup:
            body["reply_markup"] = markup
        if link_preview:
            body["link_preview_options"] = link_preview
        message = self._bot_message(chat, body, reply_to)
        self._record_sent({
            "method": "sendMessage", "chat_id": chat.id, "message_id": message["message_id"],
            "text": _text_param(params, "text"), "plain_text": plain, "entities": entities,
            "parse_mode": params.get("parse_mode"), "reply_markup": markup,
            "link_preview_options": link_preview,
            "reply_to_message_id": reply_to["message_id"] if reply_to else None,
            "disable_notification": _bool_param(params, "disable_notification"),
        })
        return message

    def _editable(self, params: dict[str, Any]) -> tuple[FakeChat, dict[str, Any]]:
        if params.get("inline_message_id"):
            raise _bad("message to edit not found")
        chat = self._resolve_chat(params)
        message_id = _int_param(params, "message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        message = self._messages.get((chat.id, message_id))
        if message is None:
            raise _bad("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_id:
            raise _bad("message can't be edited")
        return chat, message

    async def _edit_message_text(self, params: dict[str, Any],
                                 files: dict[str, UploadedFile]) -> Any:
        plain, entities = self._parsed_text(params, "text")
        if not plain.strip():
            raise _bad("message text is empty")
        if utf16_len(plain) > MAX_TEXT_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        markup = _check_reply_markup(_json_param(params, "reply_markup"))
        chat, message = self._editable(params)
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if (message.get("text"), message.get("entities", []), message.get("reply_markup")) == (
            plain, entities, new_markup,
        ):
            raise _bad("message is not modified: specified new message content and reply markup "
                       "are exactly the same as a current content and reply markup of the message")
        message["text"] = plain
        message["edit_date"] = int(time.time())
        for key, value in (("entities", entities), ("reply_markup", new_markup)):
            if value:
                message[key] = value
            else:
                message.pop(key, None)
        self._edits.append({
            "method": "editMessageText", "chat_id": chat.id, "message_id": message["message_id"],
            "text": _text_param(params, "text"), "plain_text": plain, "entities": entities,
            "parse_mode": params.get("parse_mode"), "reply_markup": markup, "time": time.time(),
        })
        self._notify()
        return message

    async def _edit_message_reply_markup(self, params: dict[str, Any],
                                         files: dict[str, UploadedFile]) -> Any:
        markup = _check_reply_markup(_json_param(params, "reply_markup"))
        chat, message = self._editable(params)
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if message.get("reply_markup") == new_markup:
            raise _bad("message is not modified: specified new message content and reply markup "
                       "are exactly the same as a current content and reply markup of the message")
        if new_markup:
            message["reply_markup"] = new_markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        self._edits.append({"method": "editMessageReplyMarkup", "chat_id": chat.id,
                            "message_id": message["message_id"], "reply_markup": markup,
                            "time": time.time()})
        self._notify()
        return message

    async def _delete_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat = self._resolve_chat(params)
        message_id = _int_param(params, "message_id")
        if message_id is None or self._messages.pop((chat.id, message_id), None) is None:
            raise _bad("message to delete not found")
        return True

    async def _answer_callback_query(self, params: dict[str, Any],
                                     files: dict[str, UploadedFile]) -> Any:
        query_id = _text_param(params, "callback_query_id")
        if self._callback_queries.get(query_id, True):
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        self._callback_queries[query_id] = True
        self.callback_answers.append({
            "callback_query_id": query_id, "text": params.get("text"),
            "show_alert": _bool_param(params, "show_alert"), "url": params.get("url"),
            "time": time.time(),
        })
        self._notify()
        return True

    async def _send_chat_action(self, params: dict[str, Any],
                                files: dict[str, UploadedFile]) -> Any:
        action = _text_param(params, "action")
        if action not in CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        chat = self._resolve_chat(params)
        self.chat_actions.append({"chat_id": chat.id, "action": action, "time": time.time()})
        return True

    def _commands_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = _json_param(params, "scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise _bad("can't parse BotCommandScope JSON object")
        return json.dumps(scope, sort_keys=True), _text_param(params, "language_code")

    async def _set_my_commands(self, params: dict[str, Any],
                               files: dict[str, UploadedFile]) -> Any:
        commands = _json_param(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON array")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand JSON object")
            if not COMMAND_NAME.match(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self.commands[key] = [{"command": c["command"], "description": c["description"]}
                                  for c in commands]
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: dict[str, Any],
                               files: dict[str, UploadedFile]) -> Any:
        return list(self.commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: dict[str, Any],
                                  files: dict[str, UploadedFile]) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _set_webhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        url = _text_param(params, "url").strip()
        if not url:
            self.webhook = None
            return True
        loopback = LOOPBACK_HTTP_URL.match(url)
        if not url.startswith("https://") and not (self.allow_insecure_webhook and loopback):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token") or None
        if secret is not None and not WEBHOOK_SECRET.fullmatch(str(secret)):
            raise _bad("secret token contains unallowed characters")
        allowed = _json_param(params, "allowed_updates")
        if _bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        self.webhook = _Webhook(url, secret, _int_param(params, "max_connections", 40) or 40,
                                allowed if isinstance(allowed, list) else None)
        self._notify()  # a pending long poll now answers 409
        pending, self._updates = self._updates, []
        for update in pending:
            self._enqueue_webhook(update)
        return True

    async def _delete_webhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self.webhook = None
        if _bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any],
                                files: dict[str, UploadedFile]) -> Any:
        info: dict[str, Any] = {"url": "", "has_custom_certificate": False,
                                "pending_update_count": len(self._updates)}
        hook = self.webhook
        if hook is not None:
            info.update(url=hook.url, max_connections=hook.max_connections,
                        pending_update_count=len(self._webhook_queue))
            if hook.allowed_updates is not None:
                info["allowed_updates"] = hook.allowed_updates
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info

    async def _get_file(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        stored = self._files.get(_text_param(params, "file_id"))
        if stored is None:
            raise _bad("wrong file_id or the file is temporarily unavailable")
        if len(stored.content) > MAX_DOWNLOAD_BYTES:
            raise _bad("file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.content), "file_path": stored.file_path}

    def _input_file(self, params: dict[str, Any], files: dict[str, UploadedFile],
                    name: str) -> tuple[_StoredFile | None, str | None]:
        """The uploaded file for parameter ``name``, or a file_id/URL string."""
        value = params.get(name)
        upload = files.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://"):])
            if upload is None:
                raise _bad(f"can't find attached file \"{value}\"")
        if upload is not None:
            if not upload.content:
                raise _bad("file must be non-empty")
            mime = upload.content_type or mimetypes.guess_type(upload.filename)[0] or \
                "application/octet-stream"
            stored = self._store_file(upload.content, upload.filename or name, mime, f"{name}s")
            return stored, None
        if value in (None, ""):
            raise _bad(f"there is no {name} in the request")
        text = str(value)
        if text in self._files:
            return self._files[text], None
        if HTTP_URL.match(text):
            return None, text
        raise _bad(f"wrong remote file identifier specified: {name} {text!r} is not a file_id")

    def _caption(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        plain, entities = self._parsed_text(params, "caption")
        if utf16_len(plain) > MAX_CAPTION_LENGTH:
            raise _bad("message caption is too long")
        return plain, entities

    async def _send_document(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        if params.get("chat_id") in (None, ""):
            raise _bad("chat_id is empty")
        caption, caption_entities = self._caption(params)
        stored, url = self._input_file(params, files, "document")
        markup = _check_reply_markup(_json_param(params, "reply_markup"))
        chat = self._resolve_chat(params)
        reply_to = self._reply_target(chat, params)
        self._admit(chat)
        if stored is None:  # sent by URL: Telegram fetches it; the double stores nothing
            name = (url or "").rsplit("/", 1)[-1] or "file"
            stored = self._store_file(b"", name, "application/octet-stream", "documents")
        body: dict[str, Any] = {"document": self._document_json(stored)}
        if caption:
            body["caption"] = caption
        if caption_entities:
            body["caption_entities"] = caption_entities
        if markup and "inline_keyboard" in markup:
            body["reply_markup"] = markup
        message = self._bot_message(chat, body, reply_to)
        self._record_sent({
            "method": "sendDocument", "chat_id": chat.id, "message_id": message["message_id"],
            "text": None, "caption": _text_param(params, "caption") or None,
            "plain_caption": caption, "entities": caption_entities,
            "parse_mode": params.get("parse_mode"), "reply_markup": markup,
            "document": {"file_name": stored.file_name, "mime_type": stored.mime_type,
                         "size": len(stored.content), "url": url,
                         "content_b64": encode_content(stored.content)},
        })
        return message

    async def _send_photo(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        if params.get("chat_id") in (None, ""):
            raise _bad("chat_id is empty")
        caption, caption_entities = self._caption(params)
        stored, url = self._input_file(params, files, "photo")
        chat = self._resolve_chat(params)
        reply_to = self._reply_target(chat, params)
        self._admit(chat)
        if stored is None:
            stored = self._store_file(b"", "photo.jpg", "image/jpeg", "photos")
        size = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "width": 800, "height": 600, "file_size": len(stored.content)}
        body: dict[str, Any] = {"photo": [size]}
        if caption:
            body["caption"] = caption
        if caption_entities:
            body["caption_entities"] = caption_entities
        message = self._bot_message(chat, body, reply_to)
        self._record_sent({
            "method": "sendPhoto", "chat_id": chat.id, "message_id": message["message_id"],
            "text": None, "caption": _text_param(params, "caption") or None,
            "plain_caption": caption, "entities": caption_entities,
            "parse_mode": params.get("parse_mode"),
            "photo": {"url": url, "size": len(stored.content),
                      "content_b64": encode_content(stored.content)},
        })
        return message

    async def _get_chat(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        chat = self._resolve_chat(params)
        return {**chat.as_json(), "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False}}

    async def _close(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    async def _log_out(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return True

    # ---------------------------------------------------------- control API
    def _control_ops(self) -> dict[str, Any]:
        ops = super()._control_ops()

        async def push_text(args: dict[str, Any]) -> Any:
            return self.push_text(args.pop("chat_id"), args.pop("text"), **args)

        async def push_texts(args: dict[str, Any]) -> Any:
            pushed = [self.push_text(chat_id, text) for chat_id, text in args["messages"]]
            return {"pushed": len(pushed), "time": time.time()}

        async def push_document(args: dict[str, Any]) -> Any:
            content = b64_content(args)
            return self.push_document(args.pop("chat_id"), args.pop("filename"), content, **args)

        async def push_callback_query(args: dict[str, Any]) -> Any:
            return self.push_callback_query(args.pop("chat_id"), int(args.pop("message_id")),
                                            args.pop("data"), **args)

        async def register_chat(args: dict[str, Any]) -> Any:
            return self.register_chat(args.pop("chat_id"), args.pop("chat_type", None), **args)

        async def edits(args: dict[str, Any]) -> Any:
            return self.edited_messages(args.get("chat_id"))

        async def set_rate_limits(args: dict[str, Any]) -> Any:
            self.set_rate_limits(**args)
            return True

        async def updates(args: dict[str, Any]) -> Any:
            return self.pending_updates()

        async def extras(args: dict[str, Any]) -> Any:
            return {"chat_actions": self.chat_actions, "callback_answers": self.callback_answers,
                    "commands": {f"{scope}|{lang}": cmds
                                 for (scope, lang), cmds in self.commands.items()},
                    "webhook": None if self.webhook is None else self.webhook.__dict__}

        ops.update(push_text=push_text, push_texts=push_texts, push_document=push_document,
                   push_callback_query=push_callback_query, register_chat=register_chat,
                   edits=edits, set_rate_limits=set_rate_limits, updates=updates,
                   state=extras)
        return ops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.servers.telegram_api",
        description="Fake Telegram Bot API for end-to-end tests and benchmarks.",
    )
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--bot-username", default="bantin_test_bot")
    parser.add_argument("--strict", action="store_true",
                        help="rate limits on and unknown chats refused")
    parser.add_argument("--rate", type=int, default=30, help="overall messages per second")
    parser.add_argument("--private-rate", type=float, default=1.0)
    parser.add_argument("--private-burst", type=int, default=3)
    parser.add_argument("--group-limit", type=int, default=20)
    parser.add_argument("--group-window", type=float, default=60.0)
    parser.add_argument("--rate-limits", choices=("on", "off"), default=None,
                        help="override what --strict implies")
    parser.add_argument("--known-chats-only", choices=("on", "off"), default=None)
    parser.add_argument("--allow-bare-ampersand", action="store_true")
    parser.add_argument("--allow-insecure-webhook", action="store_true")

    def build(args: argparse.Namespace) -> TelegramApiServer:
        return TelegramApiServer(
            args.token, args.bot_username, strict=args.strict,
            rate_limits=None if args.rate_limits is None else args.rate_limits == "on",
            overall_rate=args.rate, private_rate=args.private_rate,
            private_burst=args.private_burst, group_limit=args.group_limit,
            group_window=args.group_window,
            known_chats_only=None if args.known_chats_only is None
            else args.known_chats_only == "on",
            reject_bare_ampersand=not args.allow_bare_ampersand,
            allow_insecure_webhook=args.allow_insecure_webhook,
            host=args.host, port=args.port,
        )

    return run_standalone(parser, build, argv)


if __name__ == "__main__":
    raise SystemExit(main())
