"""Bytes of a web page or feed to text: the declared character set, checked, then NFC.

Vietnamese portals serve UTF-8, and older ones Windows-1258, whose letters arrive as a base
letter plus a combining tone mark (so NFC is needed to compose them). Declarations are
sometimes wrong: a page says windows-1258 and is UTF-8, or says UTF-8 and is not. The rule:

1. a byte-order mark wins;
2. bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever is declared (a
   legacy-encoded Vietnamese text is practically never valid UTF-8 by accident);
3. otherwise every declared charset (HTTP header, <meta>, XML declaration) and Windows-1258
   are tried strictly, and the decoding that reads most like Vietnamese wins.

Hand-written because charset-normalizer guesses from statistics without knowing that the
text should be Vietnamese, and picks cp1252 for Windows-1258 pages.
"""

from __future__ import annotations

import codecs
import unicodedata

import regex

from bot.documents.language import vietnamese_share

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = regex.compile(
    rb"""
    (?:<meta[^>]+charset\s*=\s*["']?       # <meta charset=...> or http-equiv content
     |<\?xml[^>]+encoding\s*=\s*["'])      # <?xml version="1.0" encoding="..."?>
    (?P<name>[A-Za-z0-9_.:-]{1,40})        # the charset name
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
_HEAD_BYTES = 4096  # declarations sit at the top of a document
LEGACY_VIETNAMESE = "cp1258"


def declared_charsets(data: bytes, header: str | None = None) -> list[str]:
    """Charset names the HTTP header and the document declare, known to Python, in order.

    >>> declared_charsets(b'<meta charset="windows-1258">', "UTF-8")
    ['utf-8', 'cp1258']
    >>> declared_charsets(b'<?xml version="1.0" encoding="x-unknown"?>')
    []
    """
    names = [header] if header else []
    names += [m.group("name").decode("ascii") for m in _DECLARED.finditer(data[:_HEAD_BYTES])]
    found: list[str] = []
    for name in names:
        try:
            canonical = codecs.lookup(name.strip().lower()).name
        except LookupError:
            continue
        if canonical not in found:
            found.append(canonical)
    return found


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def encode_windows_1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258, as legacy portals write it: the precomposed letters
    the code page has (â ê ô ă ơ ư đ and a few toned ones), tone marks as combining characters.

    >>> encode_windows_1258("Hội nghị").decode("cp1258") == "Hội nghị"
    False
    >>> unicodedata.normalize("NFC", encode_windows_1258("Hội nghị").decode("cp1258"))
    'Hội nghị'
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode(LEGACY_VIETNAMESE)
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        rest = []
        for mark in marks:
            composed = unicodedata.normalize("NFC", base + mark)
            try:
                composed.encode(LEGACY_VIETNAMESE)
                base = composed
            except UnicodeEncodeError:
                rest.append(mark)
        out += (base + "".join(rest)).encode(LEGACY_VIETNAMESE, errors="replace")
    return bytes(out)


def decode_markup(data: bytes, header_charset: str | None = None) -> str:
    """The text of an HTML or XML document, NFC-composed.

    >>> decode_markup(encode_windows_1258("Hội nghị Tỉnh ủy"), "windows-1258")
    'Hội nghị Tỉnh ủy'
    >>> decode_markup("Kỳ họp HĐND".encode("utf-8"), "windows-1258")  # wrong declaration
    'Kỳ họp HĐND'
    >>> decode_markup(encode_windows_1258("Kỳ họp HĐND"), "utf-8")  # wrong the other way
    'Kỳ họp HĐND'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
    if not data.isascii() and (text := _strict(data, "utf-8")) is not None:
        return unicodedata.normalize("NFC", text)
    candidates = [c for c in declared_charsets(data, header_charset) if c != "utf-8"]
    if LEGACY_VIETNAMESE not in candidates:
        candidates.append(LEGACY_VIETNAMESE)
    best: tuple[float, str] | None = None
    for encoding in candidates:
        text = _strict(data, encoding)
        if text is None:
            continue
        text = unicodedata.normalize("NFC", text)
        share = vietnamese_share(text[:20_000])[1]
        if best is None or share > best[0]:
            best = (share, text)
    if best is not None:
        return best[1]
    return unicodedata.normalize("NFC", data.decode("utf-8", errors="replace"))
