"""The indicator taxonomy: which canonical indicator a figure's label, or a user's query, is about.

The vocabulary lives in `digest/data/indicators.toml` (one entry per indicator, with the
phrasings real provincial reports use and the short terms users type). This module loads it
and answers three questions:

- `match_indicator(label)`: which indicator a label as written names ("thu ngân sách nhà nước
  trên địa bàn" -> "budget_revenue"). The most specific (longest) synonym wins, so
  "GRDP bình quân đầu người" is `grdp_per_capita`, not `grdp`.
- `find_indicator_mentions(text)`: every synonym occurrence in a text, for the figure extractor
  to find labels near quantities.
- `resolve_user_indicator(query)`: what a user typed, diacritics or not, typos allowed
  ("thu ngan sch") -> a key when confident, plus candidates to offer otherwise.

Hand-written because no package knows this vocabulary. Matching runs on the folded text
(`digest.normalize.fold`): a dictionary from a synonym's first word to one alternation regex
over the synonyms starting with it, longest first, built once from the data. That is an
Aho-Corasick-like index over words; an Aho-Corasick package would not give us the flexible
separators ("nông, lâm" = "nông - lâm"), "i"/"y" spellings ("tỷ"/"tỉ") and short gaps
("kết nạp được 1.300 đảng viên") reports need, and this scans a long report in a few
milliseconds. Fuzzy matching of user queries uses rapidfuzz.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
from rapidfuzz import fuzz, process

from digest.normalize import fold

DATA_FILE = Path(__file__).parent / "data" / "indicators.toml"

# Kinds of unit an indicator's figures usually carry (the `units` field of the data).
UNIT_KINDS = frozenset(
    {
        "money",  # tỷ đồng, triệu USD
        "percent",  # %, % kế hoạch
        "count",  # dự án, doanh nghiệp, xã, chỉ tiêu, vụ
        "people",  # người, lao động, đảng viên
        "visits",  # lượt khách
        "area",  # ha
        "mass",  # tấn, kg
        "volume",  # m3
        "ratio",  # bác sĩ/vạn dân
        "rank",  # xếp thứ 21/63, tăng 9 bậc
        "score",  # điểm
    }
)

# resolve_user_indicator thresholds, on rapidfuzz's 0-100 scale (see `_query_score`: the
# folded query against every folded name, synonym and user term of a key; a key scores its
# best term). A key is returned only if it scores at least ACCEPT_SCORE and beats the next
# key by ACCEPT_MARGIN: "thu ngan sch" scores 96 against "thu ngan sach", while "du lich"
# scores 100 for both tourists and tourism revenue, so it is ambiguous. Keys scoring at
# least CANDIDATE_SCORE are offered as candidates, at most MAX_CANDIDATES of them.
ACCEPT_SCORE = 88
ACCEPT_MARGIN = 8
CANDIDATE_SCORE = 75
MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Indicator:
    """One canonical indicator, as described in digest/data/indicators.toml."""

    key: str
    name: str
    synonyms: tuple[str, ...]
    importance: int
    user_terms: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    example: str = ""


# --- Loading ---------------------------------------------------------------------------

_KEY_SHAPE = regex.compile(
    r"""
    ^[a-z]            # starts with a letter
    [a-z0-9_]*        # then snake case
    $
    """,
    regex.VERBOSE,
)

_USER_TERM_SHAPE = regex.compile(
    r"""
    ^[a-z0-9]+        # a folded ASCII word
    (?:\ [a-z0-9]+)*  # more words, one space apart
    $
    """,
    regex.VERBOSE,
)


def _indicator_from_entry(entry: dict) -> Indicator:
    """Build and check one [[indicator]] table; a malformed entry fails the load loudly."""
    try:
        ind = Indicator(
            key=entry["key"],
            name=entry["name"],
            synonyms=tuple(entry["synonyms"]),
            importance=entry["importance"],
            user_terms=tuple(entry.get("user_terms", ())),
            units=tuple(entry.get("units", ())),
            example=entry.get("example", ""),
        )
    except KeyError as exc:
        raise ValueError(f"indicator entry {entry.get('key', '?')!r} lacks {exc}") from None
    problems = []
    if not _KEY_SHAPE.match(ind.key):
        problems.append("key is not snake case")
    if not ind.synonyms:
        problems.append("no synonyms")
    if not (isinstance(ind.importance, int) and 0 <= ind.importance <= 100):
        problems.append("importance not an integer in 0-100")
    if unknown := set(ind.units) - UNIT_KINDS:
        problems.append(f"unknown unit kinds {sorted(unknown)}")
    if bad := [t for t in ind.user_terms if not _USER_TERM_SHAPE.match(t)]:
        problems.append(f"user terms not folded ASCII {bad}")
    if problems:
        raise ValueError(f"indicator {ind.key!r}: " + "; ".join(problems))
    return ind


@cache
def _load() -> tuple[tuple[Indicator, ...], tuple[str, ...]]:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    indicators = tuple(_indicator_from_entry(e) for e in data["indicator"])
    keys = [i.key for i in indicators]
    if dupes := sorted({k for k in keys if keys.count(k) > 1}):
        raise ValueError(f"duplicate indicator keys {dupes}")
    blockers = tuple(p for e in data.get("not_an_indicator", ()) for p in e["phrases"])
    return indicators, blockers


def load_indicators() -> tuple[Indicator, ...]:
    """All indicators, in file order (loaded once).

    >>> len(load_indicators()) > 40
    True
    """
    return _load()[0]


def non_indicator_phrases() -> tuple[str, ...]:
    """Phrases that contain a synonym but name no indicator ("kết nạp đoàn viên")."""
    return _load()[1]


@cache
def _by_key() -> dict[str, Indicator]:
    return {i.key: i for i in load_indicators()}


def get_indicator(key: str) -> Indicator:
    """The indicator with this key; KeyError if there is none."""
    return _by_key()[key]


def indicator_name(key: str) -> str:
    """Vietnamese display name of a key; KeyError if there is no such key.

    >>> indicator_name("budget_revenue")
    'Thu ngân sách'
    """
    return get_indicator(key).name


def indicator_importance(key: str) -> int:
    """How much a reader cares about an indicator, 0-100; KeyError if there is no such key.

    >>> indicator_importance("grdp_growth") > indicator_importance("timber")
    True
    """
    return get_indicator(key).importance


# --- Phrase canonical form ---------------------------------------------------------------

# Tokens of a folded phrase: a number as written ("10.000"), a word, or an ellipsis marking a
# gap in a synonym.
_PHRASE_TOKEN = regex.compile(
    r"""
    \d+(?:[.,]\d+)*   # a number, with its thousands or decimal marks
    | [^\W\d_]+       # a word
    | …               # a gap, as typed in the data
    | \.{3}           # a gap, typed as three dots
    """,
    regex.VERBOSE,
)

# A syllable that is a consonant onset plus a final "i" or "y": reports spell these both ways
# ("tỷ lệ"/"tỉ lệ", "bác sĩ"/"bác sỹ", "quý"/"quí").
_I_OR_Y_SYLLABLE = regex.compile(
    r"""
    ^(?:ngh|ng|nh|ch|gh|kh|ph|th|tr|gi|qu|[bcdghklmnprstvx])?   # optional onset
    [iy]$                                                       # final i or y
    """,
    regex.VERBOSE,
)

_GAP_TOKENS = frozenset({"…", "..."})


def _tokens(phrase: str) -> list[str]:
    """Folded tokens of a phrase, gaps normalised to "…".

    >>> _tokens("Tỷ lệ hộ nghèo (đa chiều)")
    ['ty', 'le', 'ho', 'ngheo', 'da', 'chieu']
    >>> _tokens("kết nạp ... đảng viên")
    ['ket', 'nap', '…', 'dang', 'vien']
    """
    return ["…" if t in _GAP_TOKENS else t for t in _PHRASE_TOKEN.findall(fold(phrase))]


def _canonical(phrase: str) -> str:
    """The form two spellings of one phrase share: folded, i/y unified, gaps dropped.

    >>> _canonical("Tỉ lệ bác sỹ/vạn dân")
    'ti le bac si van dan'
    >>> _canonical("kết nạp … đảng viên") == _canonical("kết nạp đảng viên")
    True
    """
    words = [t for t in _tokens(phrase) if t != "…"]
    return " ".join(t[:-1] + "i" if _I_OR_Y_SYLLABLE.match(t) else t for t in words)


# --- The mention scanner -----------------------------------------------------------------

# Between two words of a synonym, reports put a space, a comma ("nông, lâm nghiệp"), a hyphen
# or dash ("công nghiệp - xây dựng"), a slash ("bác sĩ/vạn dân") or a bracket ("(GRDP)").
_SEP = r"""[\s,/()\-–—]+"""

# A "…" in a synonym: up to five short words between its halves, each a number or a filler
# word that cannot change the indicator ("kết nạp được trên 1.300 đảng viên").
_GAP = r"""
(?:
    [\s,/()\-–—]+                           # separator before each gap word
    (?:
        \d[\d.,]*                           #   a number
        | \.{3} | …                         #   an elision
        | (?:tren|gan|hon|khoang|duoc|them|moi|co|uoc|dat|xap\ xi|so|tong\ so|cac
            |nhung|cho|ha|tu|toi\ thieu|it\ nhat)
          (?![\p{L}\p{N}])                  #   or a whole filler word
    )
){0,5}?
"""

# A synonym ends on a word boundary of the folded text (it starts on one by construction).
_WORD_END = r"""(?![\p{L}\p{N}])"""


def _synonym_pattern(phrase: str) -> str:
    """The regex fragment for one synonym, in verbose syntax, without capturing groups.

    >>> frag = _synonym_pattern("tỷ lệ hộ nghèo")
    >>> bool(regex.fullmatch(frag, "ti le ho - ngheo", regex.VERBOSE))
    True
    >>> frag = _synonym_pattern("kết nạp … đảng viên")
    >>> bool(regex.fullmatch(frag, "ket nap duoc tren 1.300 dang vien", regex.VERBOSE))
    True
    """
    parts: list[str] = []
    for i, tok in enumerate(_tokens(phrase)):
        if tok == "…":
            parts.append(_GAP)  # brings its own separators, and needs one after it
            continue
        if i:
            parts.append(_SEP)
        if _I_OR_Y_SYLLABLE.match(tok):
            parts.append(regex.escape(tok[:-1]) + "[iy]")
        else:
            parts.append(regex.escape(tok))
    return "".join(parts)


# A word of the folded text, where a synonym may start.
_TEXT_WORD = regex.compile(
    r"""
    [\p{L}\p{N}]+     # letters and digits, up to the next space or punctuation
    """,
    regex.VERBOSE,
)


def _first_word(token: str) -> str:
    """A word as the scanner index files it: "i"/"y" unified ("ty" and "ti" share "ti")."""
    return token[:-1] + "i" if _I_OR_Y_SYLLABLE.match(token) else token


@cache
def _scanner() -> dict[str, tuple[regex.Pattern[str], tuple[str | None, ...]]]:
    """For each first word, one alternation over the synonyms starting with it, longest first.

    Indexing by first word keeps the scan to one dictionary look-up per word of the text and
    one small regex where a synonym may start. Each alternative is one capturing group;
    `match.lastindex` names the one that matched and the tuple maps it to its key (None for
    a phrase listed as not an indicator).
    """
    entries: dict[str, tuple[str, str | None]] = {}
    for ind in load_indicators():
        for syn in ind.synonyms:
            entries.setdefault(" ".join(_tokens(syn)), (syn, ind.key))
    for phrase in non_indicator_phrases():
        entries[" ".join(_tokens(phrase))] = (phrase, None)
    by_first: dict[str, list[tuple[str, str, str | None]]] = {}
    for tokens, (syn, key) in entries.items():
        by_first.setdefault(_first_word(tokens.split()[0]), []).append((tokens, syn, key))
    scanner = {}
    for first, group in by_first.items():
        group.sort(key=lambda g: (-len(g[0]), g[0]))
        alternatives = "|".join(f"({_synonym_pattern(syn)})" for _, syn, _ in group)
        pattern = regex.compile(f"(?:{alternatives}){_WORD_END}", regex.VERBOSE)
        scanner[first] = (pattern, tuple(key for _, _, key in group))
    return scanner


def _scan(folded: str) -> list[tuple[int, int, str | None]]:
    """Non-overlapping synonym occurrences in a folded text, longest chosen first."""
    scanner = _scanner()
    found = []
    for word in _TEXT_WORD.finditer(folded):
        if entry := scanner.get(_first_word(word.group())):
            pattern, keys = entry
            if m := pattern.match(folded, word.start()):
                found.append((m.start(), m.end(), keys[(m.lastindex or 1) - 1]))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken = bytearray(len(folded))
    chosen = []
    for start, end, key in found:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, key))
    return sorted(chosen)


def find_indicator_mentions(text: str) -> list[tuple[int, int, str]]:
    """Every indicator synonym in a text: (start, end, key), in text order, non-overlapping.

    Pass normalised text (`normalize_text`): offsets index into `text` itself, because
    `fold` keeps the length of NFC text. Where synonyms overlap the longest wins.

    >>> t = "GRDP bình quân đầu người đạt 56 triệu đồng; thu ngân sách đạt 1.010 tỷ đồng"
    >>> [(t[s:e], k) for s, e, k in find_indicator_mentions(t)]
    [('GRDP bình quân đầu người', 'grdp_per_capita'), ('thu ngân sách', 'budget_revenue')]
    """
    return [(s, e, k) for s, e, k in _scan(fold(text)) if k is not None]


def match_indicator(label: str) -> str | None:
    """The key a label as written names, or None.

    The longest synonym in the label wins; between equally long ones, the later (nearer the
    quantity that follows a label). A phrase listed as not an indicator matches nothing.

    >>> match_indicator("tỷ lệ giải ngân vốn đầu tư công")
    'public_investment_disbursement'
    >>> match_indicator("Tổng sản phẩm nội tỉnh 6 tháng đầu năm")
    'grdp'
    >>> match_indicator("kim ngạch xuất nhập khẩu hàng hóa chỉ đạt")
    'import_export'
    >>> match_indicator("công tác cán bộ") is None
    True
    """
    mentions = find_indicator_mentions(unicodedata.normalize("NFC", label))
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m[1] - m[0], m[0]))[2]


# --- What users type ---------------------------------------------------------------------


@cache
def _user_terms() -> tuple[dict[str, frozenset[str]], tuple[str, ...]]:
    """Canonical term -> keys it names, over names, synonyms, user terms and keys."""
    index: dict[str, set[str]] = {}
    for ind in load_indicators():
        terms = {ind.name, ind.key.replace("_", " "), *ind.synonyms, *ind.user_terms}
        for term in terms:
            if canon := _canonical(term):
                index.setdefault(canon, set()).add(ind.key)
    frozen = {t: frozenset(k) for t, k in index.items()}
    return frozen, tuple(frozen)


def _ranked(keys: set[str] | frozenset[str]) -> list[str]:
    return sorted(keys, key=lambda k: (-get_indicator(k).importance, k))


def _contained_term_keys(query: str) -> set[str]:
    """Keys of the longest known term found word-for-word inside the query."""
    index, _ = _user_terms()
    padded = f" {query} "
    best_len, best_keys = 0, set[str]()
    for term, keys in index.items():
        if len(term) >= best_len and f" {term} " in padded:
            if len(term) > best_len:
                best_len, best_keys = len(term), set()
            best_keys |= keys
    return best_keys


def _query_score(query: str, term: str, **_: object) -> float:
    """How well a known term fits a query, 0-100.

    token_set_ratio, so a query inside a term scores 100 ("du lich" in "khach du lich") and
    word order does not matter; but a term strictly inside the query falls back to plain
    ratio, because an exact containment was already tried and a leftover typo elsewhere
    ("khach du lch" around "khach") must not count as a perfect match.

    >>> _query_score("du lich", "khach du lich"), round(_query_score("khach du lch", "khach"))
    (100.0, 59)
    """
    if set(term.split()) < set(query.split()):
        return fuzz.ratio(query, term)
    return fuzz.token_set_ratio(query, term)


def resolve_user_indicator(query: str) -> tuple[str | None, list[str]]:
    """Which indicator a user means: (key if confident, else None; candidate keys).

    Tried in order: the query is a known term; the query contains a known term (the longest
    wins: "chi ngan sach" is spending though "ngan sach" means revenue); else fuzzy matching
    (see ACCEPT_SCORE). Candidates are best first and start with the key when there is one.

    >>> resolve_user_indicator("Thu ngân sách")
    ('budget_revenue', ['budget_revenue'])
    >>> resolve_user_indicator("thu ngan sch")[0]
    'budget_revenue'
    >>> resolve_user_indicator("du lich")
    (None, ['tourists', 'tourism_revenue'])
    """
    index, terms = _user_terms()
    q = _canonical(query)
    if not q:
        return None, []
    for keys in (index.get(q, frozenset()), _contained_term_keys(q)):
        if len(keys) == 1:
            (key,) = keys
            return key, [key]
        if keys:
            return None, _ranked(keys)[:MAX_CANDIDATES]
    scores: dict[str, float] = {}
    for term, score, _ in process.extract(
        q, terms, scorer=_query_score, limit=None, score_cutoff=CANDIDATE_SCORE
    ):
        for key in index[term]:
            scores[key] = max(scores.get(key, 0.0), score)
    if not scores:
        return None, []
    ranked = sorted(scores, key=lambda k: (-scores[k], -get_indicator(k).importance, k))
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    confident = scores[best] >= ACCEPT_SCORE and scores[best] - runner_up >= ACCEPT_MARGIN
    return (best if confident else None), ranked[:MAX_CANDIDATES]
