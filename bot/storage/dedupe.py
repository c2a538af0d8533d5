"""Near-duplicate reports: the same article reposted with other chrome or a new headline.

Exact copies are caught by the content hash (bot.storage.report_rows.content_hash). Reposts
differ by a headline, a sapo, a byline or a caption, so the text is compared by a SimHash
(Charikar 2002; the scheme Manku et al., "Detecting near-duplicates for web crawling",
WWW 2007, used at web scale): every 3-word shingle of the folded text votes on 64 bits;
texts that share most shingles get signatures a few bits apart.

Lookups stay cheap without scanning every report: the 64 bits are cut into BANDS bands;
two signatures within MAX_DISTANCE bits agree exactly on at least one band (pigeonhole,
MAX_DISTANCE < BANDS), so the store indexes the bands and only compares candidates that
share one. A candidate within MAX_DISTANCE bits is then confirmed on the texts themselves:
most of the shorter text's shingles must occur in the longer (`containment`), so two
different reports can never be merged on a signature collision alone. Written here
(about 100 lines) rather than adding a MinHash library for one function.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import regex

from digest.normalize import fold, normalize_text

SHINGLE_WORDS = 3
BITS = 64
# Within this many differing bits, two texts may be one report. Measured on the evaluation
# corpus and seeds (test_ingestion_units.py::test_simhash_separates_reports): a repost with
# a new headline, byline and chrome lands at 0-10 bits, distinct reports at 20 or more.
MAX_DISTANCE = 10
BANDS = MAX_DISTANCE + 1  # 11 bands: ten of 6 bits and one of 4
BAND_BITS = -(-BITS // BANDS)
# Share of the shorter text's shingles found in the longer one, for the texts to be one.
MIN_CONTAINMENT = 0.5
# Shingles the shorter text needs before two texts can be one report (see `same_report`);
# a meeting report has hundreds.
MIN_SHINGLES = 20
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def words(text: str) -> list[str]:
    """The folded words of a text (no case, no diacritics, no punctuation).

    >>> words("Thu ngân sách đạt 1.250 tỷ đồng.")
    ['thu', 'ngan', 'sach', 'dat', '1', '250', 'ty', 'dong']
    """
    return _WORD.findall(fold(normalize_text(text)))


def simhash(text: str) -> int:
    """A 64-bit signature of the text (0 for a text of fewer than three words).

    Short texts get unstable signatures; `same_report` checks the texts themselves anyway.
    Bit b is set when most shingle hashes have it set. The votes are tallied per byte of the
    hashes (Counter runs in C) rather than per bit in Python: the same signature, about ten
    times sooner on a report of a thousand words.

    >>> simhash("một hai") == 0 and simhash("một hai ba bốn") > 0
    True
    """
    return _simhash(words(text))


def _simhash(tokens: list[str]) -> int:
    count = len(tokens) - SHINGLE_WORDS + 1
    if count <= 0:
        return 0
    digests = [
        hashlib.blake2b(" ".join(tokens[i : i + SHINGLE_WORDS]).encode(), digest_size=8).digest()
        for i in range(count)
    ]
    signature = 0
    for position, column in enumerate(zip(*digests, strict=True)):
        tally = Counter(column)  # byte value -> shingles whose hash has it at `position`
        shift = (7 - position) * 8  # each 8-byte hash is a big-endian number
        for bit in range(8):
            ones = sum(n for value, n in tally.items() if value >> bit & 1)
            if 2 * ones > count:
                signature |= 1 << (shift + bit)
    return signature


def distance(a: int, b: int) -> int:
    """Differing bits.

    >>> distance(0b1011, 0b0001)
    2
    """
    return (a ^ b).bit_count()


def band_keys(signature: int) -> tuple[int, ...]:
    """The signature cut into BANDS bands of BAND_BITS bits, each numbered by its position
    (band number * 2**BAND_BITS + value), so one indexed column holds them all.

    >>> band_keys(0)[:3], len(band_keys(2**64 - 1))
    ((0, 64, 128), 11)
    """
    mask = (1 << BAND_BITS) - 1
    return tuple((i << BAND_BITS) | (signature >> (i * BAND_BITS) & mask) for i in range(BANDS))


def shingles(text: str) -> set[str]:
    return _shingles(words(text))


def _shingles(tokens: list[str]) -> set[str]:
    return {
        " ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)
    }


def containment(a: str, b: str) -> float:
    """Share of the shorter text's shingles that occur in the other.

    >>> round(containment("một hai ba bốn năm sáu", "một hai ba bốn năm sáu bảy tám"), 2)
    1.0
    """
    first, second = shingles(a), shingles(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


@dataclass(frozen=True)
class Fingerprint:
    """What comparing a new text with stored ones needs of it, computed once."""

    signature: int
    shingles: frozenset[str]
    numbers: Counter[str]


def fingerprint(text: str) -> Fingerprint:
    """The text's SimHash, shingles and numbers (CPU work: run it off the event loop)."""
    tokens = words(text)  # once: the regex over the folded text is most of the work
    return Fingerprint(_simhash(tokens), frozenset(_shingles(tokens)), numbers(text))


def repeats(new: Fingerprint, stored: str) -> bool:
    """`same_report` of a fingerprinted text and a stored one; the cheap test first."""
    theirs = numbers(stored)
    if not (new.numbers <= theirs or theirs <= new.numbers):
        return False
    other = shingles(stored)
    if min(len(new.shingles), len(other)) < MIN_SHINGLES:
        return False
    return len(new.shingles & other) / min(len(new.shingles), len(other)) >= MIN_CONTAINMENT


def same_report(a: str, b: str) -> bool:
    """Two texts are one report when most of the shorter one stands in the longer, the
    shorter has MIN_SHINGLES shingles at least (in a two-line note, a changed word is most of
    it), and no figure differs (`same_figures`).

    >>> body = " ".join(f"Chỉ tiêu {i} đạt {i * 7} tỷ đồng." for i in range(10))
    >>> same_report("Báo Thái Nguyên điện tử\\n" + body, body)
    True
    >>> same_report("Thu ngân sách đạt 101 tỷ đồng.", "Thu ngân sách đạt 102 tỷ đồng.")
    False
    """
    shorter = min(len(shingles(a)), len(shingles(b)))
    return (
        shorter >= MIN_SHINGLES
        and containment(a, b) >= MIN_CONTAINMENT
        and same_figures(a, b)
    )


_NUMBER = regex.compile(
    r"""
    \p{N}+                 # digits
    (?:[.,/-]\p{N}+)*      # with their thousands, decimal and date separators: "3.150", "7,2"
    """,
    regex.VERBOSE,
)


def numbers(text: str) -> Counter[str]:
    """Every number written in the text, with how often.

    >>> sorted(numbers("Thu 3.150 tỷ đồng, bằng 58% dự toán, tăng 12%; 58 xã").items())
    [('12', 1), ('3.150', 1), ('58', 2)]
    """
    return Counter(_NUMBER.findall(normalize_text(text)))


def same_figures(a: str, b: str) -> bool:
    """One text's numbers all stand in the other (a repost may add a dateline, never change a
    figure): a report that differs by one figure is another report, never merged away.

    >>> same_figures("Thu 3.150 tỷ đồng.", "Thứ Sáu, 25/7/2025. Thu 3.150 tỷ đồng.")
    True
    >>> same_figures("Thu 3.150 tỷ đồng.", "Thu 3.420 tỷ đồng.")
    False
    """
    first, second = numbers(a), numbers(b)
    return first <= second or second <= first


def to_signed(signature: int) -> int:
    """The unsigned 64-bit signature as a signed BIGINT (both engines store int64).

    >>> to_signed(2**64 - 1), to_signed(5)
    (-1, 5)
    """
    return signature - (1 << BITS) if signature >= 1 << (BITS - 1) else signature


def to_unsigned(stored: int) -> int:
    """The stored signed BIGINT back to the unsigned signature.

    >>> to_unsigned(-1) == 2**64 - 1
    True
    """
    return stored + (1 << BITS) if stored < 0 else stored
