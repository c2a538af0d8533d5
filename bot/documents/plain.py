"""Plain text as officials save it: its character set, stray markup, control characters and
the outlet's masthead, turned into the text the engine reads.

Character sets, in order: a byte-order mark (UTF-8, UTF-16); UTF-16 without one (every
other byte zero: Notepad's "Unicode"); valid UTF-8; then Windows-1258, the legacy
Vietnamese code page, whose tones arrive as combining marks (so NFC follows). Hand-written
because the candidates are few and known, and a statistical detector (charset-normalizer)
reads Windows-1258 as Windows-1252 (see bot/documents/charset.py, which does the same for
web pages with their declared charsets).

Markup inside a .txt or a paste (a copy of a web page's source, "<b>Hội nghị</b>") is
turned into its text with lxml, block elements becoming line breaks; a whole page goes
through the same extraction as an .html file. A masthead line ("Báo Thái Nguyên điện tử",
"Cổng thông tin điện tử tỉnh Lào Cai") is the outlet, never the report's title: it is dropped.
"""

from __future__ import annotations

import codecs
import html
import unicodedata

import regex

from bot.documents.errors import DocumentError, Rejection
from digest.normalize import normalize_text

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
LEGACY_VIETNAMESE = "cp1258"

# C0 and C1 control characters except tab, line feed and carriage return; form feeds and
# vertical tabs (page and line breaks in Word exports) become line feeds first.
_CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = regex.compile(r"\r\n?|[\x0b\x0c\u2028\u2029\x85]")

# Markup a person can paste: tags and entities. One is enough to treat the text as markup.
_TAG = regex.compile(
    r"""
      </?(?:[a-z][a-z0-9]{0,15})(?:\s[^<>]{0,2000})?/?>   # <p>, </b>, <a href="...">, <br/>
    | <!--.{0,2000}?-->                                   # a comment
    | &(?:[a-z]{2,8}|\#\d{1,7}|\#x[0-9a-f]{1,6});         # &nbsp; &#7885; &#x1ea1;
    """,
    regex.VERBOSE | regex.IGNORECASE | regex.DOTALL,
)
_WHOLE_PAGE = regex.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head)\b",
                            regex.IGNORECASE)
# Markdown emphasis and links left in a paste: the words stay, the marks go.
_MARKDOWN = regex.compile(
    r"""
      \*\*(?P<a>[^*\n]{1,500})\*\*      # **bold**
    | __(?P<b>[^_\n]{1,500})__          # __bold__
    | `(?P<c>[^`\n]{1,500})`            # `code`
    | \[(?P<d>[^\]\n]{1,500})\]\([^)\s]{1,2000}\)   # [text](url)
    """,
    regex.VERBOSE,
)
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "blockquote", "header", "footer", "ul", "ol", "pre")

# An outlet's masthead on a line of its own, read lower-cased WITH diacritics ("báo" the
# newspaper, not "bảo" or "báo cáo"): "Báo Thái Nguyên điện tử", "BÁO ĐIỆN TỬ ĐẢNG CỘNG SẢN
# VIỆT NAM", "Cổng thông tin điện tử tỉnh Lào Cai", "baothainguyen.vn". A headline never has
# this shape: it names a meeting, not an outlet.
_MASTHEAD = regex.compile(
    r"""
    ^(?:
        (?:báo(?!\s+cáo)|tạp\s+chí|cổng\s+thông\s+tin|trang\s+(?:thông\s+)?tin
          |đài\s+phát\s+thanh|đài\s+truyền\s+hình)\b
        [^.!?:;]{0,60}?                       # the outlet's name
        \b(?:điện\s+tử|online)\b              # "điện tử", "online"
        [^.!?:;]{0,50}                        # "... tỉnh Lào Cai"
      | [a-z0-9-]{2,40}\.(?:vn|com\.vn|gov\.vn|org\.vn)   # a bare web address
    )$
    """,
    regex.VERBOSE,
)
MASTHEAD_MAX_WORDS = 14


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is zero (text saved as UTF-16 with no
    byte-order mark: Vietnamese letters sit below U+2000, so one byte of each pair is 0
    for Latin letters, digits and spaces, which make up most of any text)."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def text_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark or a UTF-16 shape announces, else None.

    >>> text_encoding("Hội nghị".encode("utf-16")), text_encoding("Hội".encode("utf-16-be"))
    ('utf-16', 'utf-16-be')
    >>> text_encoding("Hội nghị".encode("utf-8")) is None
    True
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return _utf16_without_bom(data[:_SAMPLE])


def looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def decode_text(data: bytes) -> str:
    """The text of a plain-text file, NFC; DocumentError(BINARY or NOT_UTF8) if none.

    >>> decode_text("Kỳ họp HĐND".encode("utf-16"))
    'Kỳ họp HĐND'
    >>> from bot.documents.charset import encode_windows_1258
    >>> decode_text(encode_windows_1258("Kỳ họp thứ 20 HĐND tỉnh"))
    'Kỳ họp thứ 20 HĐND tỉnh'
    """
    encoding = text_encoding(data)
    if encoding is not None:
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            raise DocumentError(Rejection.NOT_UTF8) from None
    if looks_binary(data):
        raise DocumentError(Rejection.BINARY)
    for candidate in ("utf-8", LEGACY_VIETNAMESE):
        try:
            return unicodedata.normalize("NFC", data.decode(candidate))
        except UnicodeDecodeError:
            continue
    raise DocumentError(Rejection.NOT_UTF8)


def without_controls(text: str) -> str:
    """Line breaks unified, control characters removed (tab and line feed stay).

    >>> without_controls("Hội\\x00 nghị\\r\\nNgày 5\\x0cTrang 2")
    'Hội nghị\\nNgày 5\\nTrang 2'
    """
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def has_markup(text: str) -> bool:
    """ "<b>Hội nghị</b>", "&nbsp;", a whole page: markup. "tăng 5% * 2", "a < b": not.

    >>> has_markup("<p>Hội nghị</p>"), has_markup("tăng 5% khi a < b và c > d")
    (True, False)
    """
    return _TAG.search(text) is not None


def markup_to_text(text: str) -> str:
    """The words of an HTML fragment, block elements on lines of their own.

    >>> markup_to_text("<b>Hội nghị</b> Tỉnh ủy<br>Ngày 5/12 &amp; 6/12<p>Thu ngân sách</p>")
    'Hội nghị Tỉnh ủy\\nNgày 5/12 & 6/12\\n\\nThu ngân sách'
    >>> markup_to_text("Hội nghị\\n\\n\\n<i>Ngày</i> 5/12")
    'Hội nghị\\n\\nNgày 5/12'
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.unescape(_TAG.sub(" ", text))
    for element in list(root.iter(etree.Comment, "script", "style")):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        gap = "\n" if element.tag in ("br", "li", "tr") else "\n\n"
        element.tail = gap + (element.tail or "")
        if element.tag != "br":
            element.text = gap + (element.text or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    return "\n".join(kept).strip()


def markdown_to_text(text: str) -> str:
    """ "**Hội nghị**" -> "Hội nghị": the marks a chat app would render, without them.

    >>> markdown_to_text("**Hội nghị** Tỉnh ủy [lần thứ 20](https://x.vn)")
    'Hội nghị Tỉnh ủy lần thứ 20'
    """
    return _MARKDOWN.sub(lambda m: next(g for g in m.groups() if g is not None), text)


def is_masthead(line: str) -> bool:
    """An outlet's name on a line of its own.

    >>> is_masthead("Báo Thái Nguyên điện tử"), is_masthead("BÁO ĐIỆN TỬ ĐẢNG CỘNG SẢN VIỆT NAM")
    (True, True)
    >>> is_masthead("Cổng thông tin điện tử tỉnh Lào Cai"), is_masthead("baothainguyen.vn")
    (True, True)
    >>> is_masthead("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12")
    False
    >>> is_masthead("Báo cáo kết quả chuyển đổi số, chính phủ điện tử năm 2024")
    False
    >>> is_masthead("Bảo đảm an toàn thông tin cho chính quyền điện tử")
    False
    """
    words = line.split()
    if not words or len(words) > MASTHEAD_MAX_WORDS:
        return False
    lowered = unicodedata.normalize("NFC", normalize_text(" ".join(words))).lower()
    return _MASTHEAD.match(lowered) is not None


def without_mastheads(text: str) -> str:
    """The text without lines that only name the outlet."""
    return "\n".join(line for line in text.split("\n") if not is_masthead(line.strip()))
