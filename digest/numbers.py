"""Quantities in Vietnamese report prose: "11.152 tỷ đồng", "trên 1.300 đảng viên", "2 - 2,5%",
"288/825 đảng viên", "521kg/người/năm".

Hand-written because no library reads figures the way provincial reports write them:
price-parser (scrapinghub) finds one price in a short string and guesses the decimal mark per
string; Duckling's Vietnamese numerals (facebook/duckling, Duckling/Numeral/VI/Corpus.hs) read
"1.1" as a decimal and "100,000" as grouped thousands, the reverse of Vietnamese usage, and it
has no counted nouns, ratios or document numbers; NeMo-text-processing's Vietnamese grammars
convert between spoken and written forms instead of finding figures in running text. Reports
follow one convention — "." groups thousands, "," is the decimal mark — with a few sloppy
exceptions handled here.

The vocabulary (units, scale words, "per" denominators, the cue words around a number) is data:
digest/data/units.toml. Matching is case-insensitive; a text without any diacritics ("ty
dong") is matched against the folded vocabulary, a text with diacritics against the written
one, so that "còn" is never the unit "con", "họ" never "hộ", "bác" never "bậc" and "thu"
(revenue) never the ordinal "thứ". This replaces matching on `normalize.fold` of the whole
text, which also costs more than this whole scan on a long report.

Decisions the figure layer relies on:

- `value` is the number as written, the scale word stays in `unit` ("11.152 tỷ đồng": 11152,
  "tỷ đồng"); `base_value` applies the scale (1.1152e13). Ranges have `value` and
  `base_value` None and `low`/`high` as written; ratios have value = numerator.
- `raw` and `start` include a bound word and "từ ... trở lên" ("trên 1.300 đảng viên", "từ 80%
  trở lên"), because a digest quoting "1.300 đảng viên" without "trên" would be unfaithful.
- Qualifiers: trên/hơn/vượt ABOVE and tối thiểu/ít nhất/"từ ... trở lên" AT_LEAST set `low`;
  dưới/tối đa/không quá/"từ ... trở xuống" AT_MOST set `high`; gần NEARLY sets neither. "khoảng",
  "chừng", "xấp xỉ" and a bare "ước" are ABOUT ("xấp xỉ" means either side, so ABOUT rather
  than NEARLY as the models.py comment has it). "ước đạt", "ước tính đạt", "dự ước" announce
  an estimate of a precise figure and bound nothing.
- "gấp 2 lần" is a quantity (2, unit "lần"); "gấp đôi" is not (number words are out of scope).
- Not quantities: dates ("14-7", "5/12", "05/12/2023", "quý II/2024"), clock times, years
  standing alone or after "năm", year spans ("2020-2025"), durations ("30 năm", "6 tháng",
  "2 ngày"), document numbers ("Quy định số 22", "1234/QĐ-UBND", "15-NQ/TU"; "số" alone is
  no cue: "dân số 1,3 triệu người" is a figure), ordinals ("lần thứ 14", "Trung ương 5"),
  names with a number ("COVID-19", "5G", "Quốc lộ 3") and a decimal written with a dot and no
  unit ("29.9", "4.0": a date or a version more often than a figure).
- A place in a ranking is a quantity of its own kind: "xếp thứ 7/34 tỉnh, thành", "đứng thứ 5
  toàn quốc" are read from the cue through the scope after the number ([[scope]] in the data),
  with unit RANK_UNIT ("thứ hạng"), value the place and denominator the size of the field.
- "D/M" is a ratio when a counted noun follows ("5/12 chỉ tiêu") and a date otherwise; a time
  word before it ("ngày", "sáng", ...) always makes it a date. digest/dates.py uses the same rule.
- A number followed by an unknown noun is kept with unit None ("8 nhóm nhiệm vụ").
- One written numeral ("1.300", "3,09", a numeral too long to print back) is read by
  digest/numerals.py; the vocabulary is loaded by digest/unit_vocabulary.py.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import regex

from digest.models import Qualifier, Quantity
from digest.normalize import fold
from digest.numerals import (
    NUMBER,
    is_day_month,
    is_dot_decimal,
    is_month_year,
    is_year,
    plain_numeral,
    readable,
)
from digest.unit_vocabulary import VocabEntry, load_vocabulary

# --- Grammar ---------------------------------------------------------------------------

# A letter carrying a Vietnamese diacritic (precomposed or combining): its presence anywhere
# in a text switches matching from folded to written vocabulary.
_MARKED_LETTER = regex.compile(r"[\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F]")

_SPACE = r"[^\S\n]"  # a space that does not cross a line break
_DIGIT = regex.compile(r"\d", regex.ASCII)


# SP stands for a space that does not cross a line break; <<...>> for vocabulary from the TOML.
_QUANTITY_TEMPLATE = r"""
    (?<![\p{L}\p{N}_.,/])                 # a token starts here: not inside a word or number
    (?<!\p{L}-)                           # nor the tail of a name such as "COVID-19"
    (?:
        (?P<clock>\d{1,2}[:h]\d{2}(?::\d{2})?)(?!\d)                # 10:30, 8h30
      | (?P<doc>\d+(?:[/-]\d+)*[/-](?=\p{Lu})[\p{Lu}\p{N}/-]*)       # 1234/QĐ-UBND, 15-NQ/TU
      | (?P<date>\d{1,2}(?P<dsep>[/.-])\d{1,2}(?P=dsep)(?:\d{4}|\d{2}))
        (?![\d/.-]?\d)                                              # 05/12/2023
      | (?P<years>(?:19|20)\d\d SP*(?:[-–—]|<<TO>>)SP*(?:<<YEAR_WORD>>SP+)?
        (?:19|20)\d\d)(?!\d)                                        # 2020 - 2025, 2020 đến 2025
      | (?<=<<YEAR_WORD>>SP)(?P<year>(?:19|20)\d\d)(?![\d/.,-]\d)     # năm 2023
      | (?P<n1><<NUMBER>>)                                          # 11.152, 288, 2
        (?:SP?/SP?(?P<den><<NUMBER>>))?                             # /825: a ratio or a short date
        (?:SP*(?P<s1><<SCALE>>))?                                   # tỷ, triệu, nghìn
        (?:SP*(?P<u1><<UNIT>>)(?P<per1>(?:SP*/SP*<<PER>>)*))?       # đồng, %, ha; /người/năm
        (?(den)|(?:                                                 # not after a ratio:
            SP*(?P<conn>[-–—]|<<TO>>)SP*(?P<n2><<NUMBER>>)          # - 2,5 / đến 2,5: a range
            (?:SP*(?P<s2><<SCALE>>))?                               # its high end's scale
            (?:SP*(?P<u2><<UNIT>>)(?P<per2>(?:SP*/SP*<<PER>>)*))?   # and unit
        )?)
        (?:SP+(?P<tail><<TAIL>>))?                                  # trở lên, trở xuống
    )
"""

_SKIP_ROLES = frozenset({"ordinal", "document", "time", "name"})  # cue roles of non-quantities
RANK_UNIT = "thứ hạng"  # the unit of a place in a ranking ("xếp thứ 31/63"), not written as such
_SCOPE_REACH = 60
_CUE_WINDOW = 48  # longer than any cue in the vocabulary
_TO = ("đến", "tới")
_YEAR_WORD = ("năm",)


def _form(variant: str, plain: bool) -> str:
    return fold(variant) if plain else variant.lower()


@functools.lru_cache(maxsize=4096)
def _key(matched: str, plain: bool) -> str:
    """The lookup key of matched text: one space between words, lower case (folded if plain)."""
    return _form(" ".join(matched.split()), plain)


def _trie(forms: set[str]) -> str:
    """One pattern for many literal forms, factored on common prefixes.

    The `regex` module tries the branches of a plain alternation one by one; a trie makes a
    unit lookup cost a few character comparisons instead of one per variant. Greedy optional
    tails keep the longest form first, and backtracking still yields a shorter one.

    >>> _trie({"tỷ", "tỉ", "nghìn", "nghìn tỷ"}).replace(_SPACE, " ")
    '(?:nghìn(?: +tỷ)?|t(?:ỉ|ỷ))'
    """
    root: dict = {}
    for form in forms:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (f"{_SPACE}+" if ch == " " else regex.escape(ch)) + emit(node[ch])
            for ch in sorted(k for k in node if k)
        ]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(root)


def _alternation(variants: tuple[str, ...] | list[str], plain: bool, *, word: bool) -> str:
    """A case-insensitive pattern for the variants, longest first.

    In plain mode a one-letter variant that folding changed ("đ") is dropped: "5 d" in a text
    without diacritics is too weak a signal.
    """
    forms = set()
    for v in variants:
        f = " ".join(_form(v, plain).split())
        if plain and len(f) == 1 and f != v.lower():
            continue
        forms.add(f)
    boundary = r"(?![\p{L}\p{N}])" if word else ""
    return f"(?i:{_trie(forms)}){boundary}"


@dataclass(frozen=True)
class _Grammar:
    plain: bool
    quantity: regex.Pattern[str]
    scales: dict[str, VocabEntry]
    units: dict[str, VocabEntry]
    pers: dict[str, VocabEntry]
    cues: dict[str, VocabEntry]
    cue_ends: frozenset[str]  # the last word of every cue, for a quick rejection
    cue_multi_ends: frozenset[str]  # the last word of every cue of several words
    cue_words: int  # how many words the longest cue has
    tails: dict[str, VocabEntry]
    scope: regex.Pattern[str]  # matched right after a rank: "cả nước", "trong vùng"


def _usable(entries: tuple[VocabEntry, ...], plain: bool) -> tuple[VocabEntry, ...]:
    return tuple(e for e in entries if e.folded or not plain)


def _index(entries: tuple[VocabEntry, ...], plain: bool) -> dict[str, VocabEntry]:
    return {_key(v, plain): e for e in _usable(entries, plain) for v in e.variants}


def _variants(entries: tuple[VocabEntry, ...], plain: bool) -> list[str]:
    return [v for e in _usable(entries, plain) for v in e.variants]


def _last_word(variant: str, plain: bool) -> str:
    return _key(variant, plain).rsplit(" ", 1)[-1]


@functools.cache
def _grammar(plain: bool) -> _Grammar:
    """The compiled grammar for texts with (plain=False) or without diacritics; built once."""
    vocab = load_vocabulary()
    cues = _variants(vocab.cues, plain)
    pattern = (
        _QUANTITY_TEMPLATE.replace("SP", _SPACE)  # first: the vocabulary may hold "sp"
        .replace("<<NUMBER>>", NUMBER)
        .replace("<<SCALE>>", _alternation(_variants(vocab.scales, plain), plain, word=True))
        .replace("<<UNIT>>", _alternation(_variants(vocab.units, plain), plain, word=True))
        .replace("<<PER>>", _alternation(_variants(vocab.pers, plain), plain, word=True))
        .replace("<<TAIL>>", _alternation(_variants(vocab.tails, plain), plain, word=True))
        .replace("<<TO>>", _alternation(_TO, plain, word=True))
        .replace("<<YEAR_WORD>>", _alternation(_YEAR_WORD, plain, word=True))
    )
    return _Grammar(
        plain=plain,
        quantity=regex.compile(pattern, regex.VERBOSE),
        scales=_index(vocab.scales, plain),
        units=_index(vocab.units, plain),
        pers=_index(vocab.pers, plain),
        cues=_index(vocab.cues, plain),
        cue_ends=frozenset(_last_word(v, plain) for v in cues),
        cue_words=max(len(v.split()) for v in cues),
        cue_multi_ends=frozenset(_last_word(v, plain) for v in cues if len(v.split()) > 1),
        tails=_index(vocab.tails, plain),
        scope=_scope_pattern(vocab.scopes, plain),
    )


def _scope_pattern(scopes: tuple[VocabEntry, ...], plain: bool) -> regex.Pattern[str]:
    """The scope after a rank; an open one runs on over words to the next punctuation."""
    closed = [v for e in _usable(scopes, plain) if not e.open for v in e.variants]
    opened = [v for e in _usable(scopes, plain) if e.open for v in e.variants]
    return regex.compile(
        rf"""{_SPACE}+(?:
            (?P<open>{_alternation(opened, plain, word=True)})
            (?:{_SPACE}+[^\W\d_][^,.;:()\n\d]{{0,{_SCOPE_REACH}}}(?<=\w))?  # the group named
          | {_alternation(closed, plain, word=True)}
        )""",
        regex.VERBOSE,
    )



# --- Reading one match -----------------------------------------------------------------

_BOUND_ROLES = {
    "above": Qualifier.ABOVE,
    "nearly": Qualifier.NEARLY,
    "about": Qualifier.ABOUT,
    "at_least": Qualifier.AT_LEAST,
    "at_most": Qualifier.AT_MOST,
}
_LEADING_PUNCTUATION = "([{\"'“‘«–—-"
_INLINE_SPACES = " \t\u00a0"


class _Cue(NamedTuple):
    role: str
    start: int


def _cue_before(text: str, start: int, g: _Grammar) -> _Cue | None:
    """The cue word(s) right before a number on its line: "trên", "không vượt quá", "thứ".

    Dictionary lookups on the last few words, longest cue first, after a quick check of
    the last word alone: cheaper than a regex search, and this runs for every number.
    """
    end = start
    while end > 0 and text[end - 1] in _INLINE_SPACES:
        end -= 1
    if end == start or end == 0 or text[end - 1] == "\n":
        return None  # something glued to the number, or nothing before it on its line
    space = text.rfind(" ", max(0, end - _CUE_WINDOW), end)
    last = text[space + 1 : end]
    if "\n" in last:
        last = last[last.rfind("\n") + 1 :]
    if not last[0].isalnum():
        last = last.lstrip(_LEADING_PUNCTUATION)
    key = fold(last) if g.plain else last.lower()
    if key not in g.cue_ends:
        return None
    if key not in g.cue_multi_ends:
        return _Cue(g.cues[key].role, end - len(last))
    a = max(0, start - _CUE_WINDOW)
    window = text[a:end]
    cut = window.rfind("\n") + 1
    if cut:
        a, window = a + cut, window[cut:]
    words = window.split()
    if a > 0 and not cut and not text[a - 1].isspace():
        words = words[1:]  # the window cut this word in two
    for k in range(min(len(words), g.cue_words), 0, -1):
        first = words[-k].lstrip(_LEADING_PUNCTUATION)
        if not first:
            continue
        entry = g.cues.get(_key(" ".join((first, *words[len(words) - k + 1 :])), g.plain))
        if entry is not None:
            offset = _word_start(window, words[-k:]) + len(words[-k]) - len(first)
            return _Cue(entry.role, a + offset)
    return None


def _word_start(stripped: str, last_words: list[str]) -> int:
    """Where the first of `last_words`, the words ending `stripped`, starts in it."""
    end = len(stripped)
    for word in reversed(last_words):
        end = stripped.rfind(word, 0, end)
    return end


class _Side(NamedTuple):
    """One end of a quantity: its numeral, scale, unit and denominators, and where it ends."""

    number: str
    scale: VocabEntry | None
    unit: VocabEntry | None
    pers: tuple[VocabEntry, ...]
    end: int

    @property
    def bare(self) -> bool:
        return self.scale is None and self.unit is None

    @property
    def unit_text(self) -> str | None:
        return _compose(self.scale, self.unit, self.pers)


def _side(m: regex.Match[str], end: str, g: _Grammar) -> _Side:
    """The low ("1") or high ("2") end of a match."""
    number, scale, unit, per = m.group(f"n{end}", f"s{end}", f"u{end}", f"per{end}")
    if unit:
        stop = m.end(f"per{end}")
    elif scale:
        stop = m.end(f"s{end}")
    else:
        stop = m.end(f"n{end}")
    return _Side(
        number,
        g.scales[_key(scale, g.plain)] if scale else None,
        g.units[_key(unit, g.plain)] if unit else None,
        _pers(per, g) if unit else (),
        stop,
    )


def _pers(matched: str | None, g: _Grammar) -> tuple[VocabEntry, ...]:
    if not matched:
        return ()
    return tuple(g.pers[_key(p, g.plain)] for p in matched.split("/") if p.strip())


def _compose(
    scale: VocabEntry | None, unit: VocabEntry | None, pers: tuple[VocabEntry, ...] = ()
) -> str | None:
    """The unit as Quantity carries it: "tỷ đồng", "triệu đồng/người/năm", "triệu"."""
    head = " ".join(e.canonical for e in (scale, unit) if e is not None)
    if not head or unit is None:
        return head or None
    return head + "".join("/" + p.canonical for p in pers)


def _quantity(
    text: str,
    start: int,
    end: int,
    *,
    value: str | None = None,
    scale: VocabEntry | None = None,
    unit: str | None = None,
    qualifier: Qualifier | None = None,
    low: str | None = None,
    high: str | None = None,
    denominator: str | None = None,
) -> Quantity | None:
    """A Quantity from written numerals, or None when one is too long to read (readable);
    only the fields that are set are passed, since validation costs per field and this runs
    for every figure of a report."""
    if not all(readable(n) for n in (value, low, high, denominator) if n is not None):
        return None
    fields: dict[str, Any] = {"raw": text[start:end], "start": start, "end": end}
    if value is not None:
        number = plain_numeral(value)
        fields["value"] = float(number)
        fields["base_value"] = float(Decimal(number) * scale.factor) if scale else float(number)
        if qualifier is Qualifier.ABOVE or qualifier is Qualifier.AT_LEAST:
            low = low or value
        elif qualifier is Qualifier.AT_MOST:
            high = high or value
        if denominator is not None:
            fields["numerator"] = fields["value"]
            fields["denominator"] = float(plain_numeral(denominator))
    if low is not None:
        fields["low"] = float(plain_numeral(low))
    if high is not None:
        fields["high"] = float(plain_numeral(high))
    if unit is not None:
        fields["unit"] = unit
    if qualifier is not None:
        fields["qualifier"] = qualifier
    return Quantity(**fields)


# Kinds of unit no date or time of day carries: a number with one, or with a scale, after a
# word of time ("năm", "tháng") is an amount of its own.
_MEASURE_KINDS = frozenset({"money", "percent", "mass", "area", "volume", "energy", "power"})


def _measured(side: _Side) -> bool:
    return side.scale is not None or (side.unit is not None and side.unit.role in _MEASURE_KINDS)


def _is_time(side: _Side) -> bool:
    return side.unit is not None and side.unit.role == "time"


def _not_a_figure(side: _Side, text: str) -> bool:
    """A bare number that is a year, "29.9" or "4.0", or part of a name such as "5G"."""
    if not side.bare:
        return False
    after = side.end
    glued = after < len(text) and text[after].isalpha()
    return is_year(side.number) or is_dot_decimal(side.number) or glued


def _read_single(
    m: regex.Match[str], text: str, low: _Side, cue: _Cue | None, g: _Grammar
) -> Quantity | None:
    if _is_time(low) or _not_a_figure(low, text):
        return None
    tail = g.tails[_key(m.group("tail"), g.plain)] if m.group("tail") else None
    qualifier = _BOUND_ROLES.get(cue.role) if cue else None
    if qualifier is None and tail is not None:
        qualifier = _BOUND_ROLES[tail.role]
    bounded = cue is not None and (cue.role in _BOUND_ROLES or (cue.role == "from" and tail))
    return _quantity(
        text,
        cue.start if cue is not None and bounded else m.start(),
        m.end("tail") if tail else low.end,
        value=low.number,
        scale=low.scale,
        unit=low.unit_text,
        qualifier=qualifier,
    )


def _read_ratio(m: regex.Match[str], text: str, low: _Side, cue: _Cue | None) -> Quantity | None:
    den = m.group("den")
    if low.bare and (is_day_month(low.number, den) or is_month_year(low.number, den)):
        return None  # "5/12", "7/2024": a date, since no counted noun follows
    if _is_time(low):
        return None
    qualifier = _BOUND_ROLES.get(cue.role) if cue else None
    return _quantity(
        text,
        cue.start if cue is not None and qualifier else m.start(),
        max(low.end, m.end("den")),
        value=low.number,
        scale=low.scale,
        unit=low.unit_text,
        qualifier=qualifier,
        denominator=den,
    )


def _read_range(
    m: regex.Match[str], text: str, low: _Side, high: _Side, cue: _Cue | None
) -> Quantity | None:
    if _is_time(high) or (_is_time(low) and high.bare):
        return None
    if low.bare and high.bare:
        if m.group("conn") in "-–—" and is_day_month(low.number, high.number):
            return None  # "14-7": a date
        if is_dot_decimal(low.number) or is_dot_decimal(high.number):
            return None
    qualifier = _BOUND_ROLES.get(cue.role) if cue else None
    from_ = cue is not None and (qualifier is not None or cue.role == "from")
    scale = high.scale or low.scale
    return _quantity(
        text,
        cue.start if cue is not None and from_ else m.start(),
        max(high.end, m.end("tail")),
        scale=scale,
        unit=_compose(scale, high.unit or low.unit, high.pers or low.pers),
        qualifier=qualifier,
        low=low.number,
        high=high.number,
    )


def _read_rank(
    m: regex.Match[str], text: str, cue: _Cue, g: _Grammar
) -> tuple[Quantity | None, int]:
    """A place in a ranking, from its cue through its scope: "xếp thứ 7/34 tỉnh, thành"."""
    den = m.group("den")
    end = m.end("den") if den else m.end("n1")
    scope = g.scope.match(text, end, min(len(text), end + _SCOPE_REACH + 60))  # bounded: linear
    if scope is not None:
        end = scope.end()
    start = cue.start
    if fold(text[start : start + 3]).lower() == "va ":
        start += 3  # "và thứ 3/14 trong vùng": the place, without the joint before it
    quantity = _quantity(text, start, end, value=m.group("n1"), unit=RANK_UNIT, denominator=den)
    return quantity, end


def _one_range(low: _Side, high: _Side) -> bool:
    """Whether both ends share one unit: "2 - 2,5%", "2% - 2,5%"; not "5 xã - 3 huyện"."""
    if low.unit is not None and low.unit is not high.unit:
        return False
    return low.scale is None or high.scale in (None, low.scale)


def _read(m: regex.Match[str], text: str, g: _Grammar) -> tuple[Quantity | None, int | None]:
    """The quantity a match stands for, or None; and where to resume scanning if not its end."""
    n1, den, n2 = m.group("n1", "den", "n2")
    if n1 is None:  # a clock time, a document number, a full date, a year, a span of years
        return None, None
    cue = _cue_before(text, m.start(), g)
    if cue is not None and cue.role in _SKIP_ROLES:
        if cue.role != "time" or not _measured(_side(m, "1", g)):
            return None, None  # "lần thứ 14", "số 22", "ngày 5/12", "COVID 19"
        cue = None  # "6 tháng đầu năm 2.453 tỷ đồng": an amount after its period, no date
    if cue is not None and cue.role == "rank":
        return _read_rank(m, text, cue, g)
    low = _side(m, "1", g)
    if den is not None:
        return _read_ratio(m, text, low, cue), None
    if n2 is None:
        return _read_single(m, text, low, cue, g), None
    high = _side(m, "2", g)
    if _one_range(low, high):
        return _read_range(m, text, low, high, cue), None
    # Two quantities side by side: read the first, then scan again from the second.
    if _is_time(low):
        return None, m.start("n2")
    qualifier = _BOUND_ROLES.get(cue.role) if cue else None
    first = _quantity(
        text,
        cue.start if cue is not None and qualifier else m.start(),
        low.end,
        value=low.number,
        scale=low.scale,
        unit=low.unit_text,
        qualifier=qualifier,
    )
    return first, m.start("n2")


# --- Public API ------------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order, with `text[q.start:q.end] == q.raw`.

    `text` should be NFC (digest.normalize.normalize_text): the vocabulary is written so.

    >>> text = "Ngày 14-7, thu ngân sách đạt 2.099 tỷ đồng, bằng 60,1% kế hoạch."
    >>> [q.raw for q in find_quantities(text)]
    ['2.099 tỷ đồng', '60,1%']
    >>> [(q.raw, q.qualifier) for q in find_quantities("kết nạp được trên 1.300 đảng viên mới")]
    [('trên 1.300 đảng viên', <Qualifier.ABOVE: 'above'>)]
    >>> find_quantities("Nghị quyết số 15-NQ/TU giai đoạn 2021 - 2025, Hội nghị Trung ương 5")
    []
    """
    if not _DIGIT.search(text):
        return []
    g = _grammar(not _MARKED_LETTER.search(text))
    search = g.quantity.search
    out: list[Quantity] = []
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return out
        try:
            quantity, resume = _read(m, text, g)
        except ValueError:  # `\d` also takes digits of scripts newer than float() knows
            quantity, resume = None, None
        if quantity is not None:
            out.append(quantity)
        pos = resume if resume is not None and resume > m.start() else max(m.end(), m.start() + 1)


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in a short string, or None (a document number is not one).

    >>> q = parse_quantity("11.152 tỷ đồng")
    >>> q.value, q.unit, q.base_value
    (11152.0, 'tỷ đồng', 11152000000000.0)
    >>> q = parse_quantity("giảm 2 - 2,5%")
    >>> q.low, q.high, q.unit, q.value
    (2.0, 2.5, '%', None)
    >>> q = parse_quantity("288/825 đảng viên")
    >>> q.numerator, q.denominator, q.value, q.unit
    (288.0, 825.0, 288.0, 'đảng viên')
    >>> parse_quantity("Quyết định số 22/2021/QĐ-UBND") is None
    True
    """
    found = find_quantities(text)
    return found[0] if found else None


@functools.cache
def _scale_words() -> tuple[str, ...]:
    words = {v.lower() for e in load_vocabulary().scales for v in e.variants}
    return tuple(sorted(words, key=len, reverse=True))


def base_unit(unit: str) -> str:
    """The unit without its scale word: "nghìn tỷ đồng" and "tỷ đồng" are both "đồng".

    >>> base_unit("nghìn tỷ đồng"), base_unit("tỷ đồng"), base_unit("%"), base_unit("lao động")
    ('đồng', 'đồng', '%', 'lao động')
    """
    rest = unit.strip()
    changed = True
    while changed:
        changed = False
        lowered = rest.lower()
        for scale in _scale_words():
            if lowered.startswith(scale) and lowered[len(scale) : len(scale) + 1] == " ":
                rest = rest[len(scale) + 1 :].strip()
                changed = True
                break
    return rest


def unit_kind(unit: str | None) -> str | None:
    """The kind of a unit as Quantity carries it, scale and denominators aside.

    >>> unit_kind("tỷ đồng"), unit_kind("kg/người/năm"), unit_kind("%"), unit_kind("triệu")
    ('money', 'mass', 'percent', None)
    """
    if not unit:
        return None
    return _unit_roles().get(base_unit(unit.split("/", 1)[0]).lower())


@functools.cache
def _unit_roles() -> dict[str, str]:
    """Each unit variant, lower case, to its role; the first entry naming a variant wins
    (the vocabulary's order), as a scan of the entries in order would find it."""
    roles: dict[str, str] = {}
    for entry in load_vocabulary().units:
        for variant in entry.variants:
            roles.setdefault(variant.lower(), entry.role)
    return roles
