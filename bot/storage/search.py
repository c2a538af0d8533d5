"""Full-text search over reports: user input to safe search terms, and one query per engine.

Both engines index the folded text (`digest.normalize.fold`: lower case, no diacritics), so
"thu ngan sach" finds "thu ngân sách". User input never reaches SQL or the FTS query
language as syntax: it is cut into runs of letters and digits, each passed as a quoted FTS5
string or a bare tsquery lexeme, and the whole expression travels as a bound parameter.

Words in quotes ("Nguyễn Đức Thanh", “…”, «…») are a phrase: its words next to each other,
in order (an FTS5 phrase string; tsquery's `<->`). A query with a phrase matches only
reports that hold every phrase and every other word; a query of plain words that no report
holds all of falls back to reports holding any of them, and says so (`SearchPage.all_words`).

Ranking (bm25 on SQLite, ts_rank_cd on PostgreSQL) covers the newest `RANKED_WINDOW`
matches, ties going to the newer report; see `RANKED_WINDOW` for why the window exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
import sqlalchemy as sa

from digest.normalize import fold, normalize_text

MAX_QUERY_CHARS = 500  # anything longer is a paste, not a query
MAX_TERMS = 16

_TERM = regex.compile(
    r"""
    [\p{L}\p{N}]+   # a run of letters and digits: what both FTS tokenizers index as a word
    """,
    regex.VERBOSE,
)


_QUOTED = regex.compile(
    r"""
    ["“”«»„]                 # an opening quote, straight or typographic
    (?P<phrase>[^"“”«»„]*)   # the phrase
    ["“”«»„]                 # its closing quote
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class SearchQuery:
    """A user's query: quoted phrases (two words or more) and single words, folded."""

    phrases: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = ()

    @property
    def terms(self) -> list[str]:
        """Every distinct word, phrases' first (what a snippet looks for)."""
        return list(dict.fromkeys([w for p in self.phrases for w in p] + list(self.words)))

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words)


def parse_query(query: str) -> SearchQuery:
    """Phrases in quotes, then the other words; at most `MAX_TERMS` words in all.

    >>> parse_query('"Nguyễn Đức Thanh" hội nghị')
    SearchQuery(phrases=(('nguyen', 'duc', 'thanh'),), words=('hoi', 'nghi'))
    >>> parse_query("“nông thôn mới” «ngân»  'x")
    SearchQuery(phrases=(('nong', 'thon', 'moi'),), words=('ngan', 'x'))
    """
    text = normalize_text(query[:MAX_QUERY_CHARS])
    phrases: list[tuple[str, ...]] = []
    words: list[str] = []
    budget = MAX_TERMS
    for match in _QUOTED.finditer(text):
        tokens = _TERM.findall(fold(match["phrase"]))[:budget]
        budget -= len(tokens)
        if len(tokens) > 1:
            phrases.append(tuple(tokens))
        else:
            words.extend(tokens)
    rest = fold(_QUOTED.sub(" ", text))
    words.extend(_TERM.findall(rest))
    phrase_words = {w for p in phrases for w in p}
    kept = [w for w in dict.fromkeys(words) if w not in phrase_words]
    used = sum(len(p) for p in phrases)
    return SearchQuery(tuple(dict.fromkeys(phrases)), tuple(kept[: max(MAX_TERMS - used, 0)]))


def search_terms(query: str) -> list[str]:
    """The distinct folded words of a user's query, in order, at most `MAX_TERMS`.

    >>> search_terms("Thu ngân sách  tỉnh Bắc Kạn")
    ['thu', 'ngan', 'sach', 'tinh', 'bac', 'kan']
    >>> search_terms("'; DROP TABLE reports; -- NEAR( \\"*")
    ['drop', 'table', 'reports', 'near']
    >>> search_terms("  ")
    []
    """
    folded = fold(normalize_text(query[:MAX_QUERY_CHARS]))
    terms = list(dict.fromkeys(_TERM.findall(folded)))
    return terms[:MAX_TERMS]


def fts5_match(terms: list[str], *, any_term: bool) -> str:
    """An FTS5 MATCH expression: each term a quoted string, so none is read as an operator.

    >>> fts5_match(["near", "thu"], any_term=False)
    '"near" "thu"'
    >>> fts5_match(["thu", "chi"], any_term=True)
    '"thu" OR "chi"'
    """
    return (" OR " if any_term else " ").join(f'"{term}"' for term in terms)


def fts5_query(query: SearchQuery, *, any_term: bool) -> str:
    """FTS5 MATCH for a parsed query: each phrase one quoted string (FTS5 reads the words of
    a quoted string as a phrase), each word another.

    >>> fts5_query(parse_query('"nguyen duc thanh" hoi nghi'), any_term=False)
    '"nguyen duc thanh" "hoi" "nghi"'
    """
    parts = [f'"{" ".join(phrase)}"' for phrase in query.phrases]
    parts += [f'"{word}"' for word in query.words]
    return (" OR " if any_term else " ").join(parts)


def tsquery_query(query: SearchQuery, *, any_term: bool) -> str:
    """A tsquery for a parsed query: a phrase's words joined by `<->` (followed by).

    >>> tsquery_query(parse_query('"nguyen duc thanh" hoi'), any_term=False)
    '(nguyen <-> duc <-> thanh) & hoi'
    """
    parts = [f"({' <-> '.join(phrase)})" for phrase in query.phrases] + list(query.words)
    return (" | " if any_term else " & ").join(parts)


def tsquery(terms: list[str], *, any_term: bool) -> str:
    """A PostgreSQL tsquery; terms hold only letters and digits, so no operator sneaks in.

    >>> tsquery(["thu", "ngan", "sach"], any_term=False)
    'thu & ngan & sach'
    """
    return (" | " if any_term else " & ").join(terms)


# How many of the newest matching reports are ranked. A word common to the genre ("tỉnh",
# "ngân sách") matches nearly every report; scoring them all reads every match's position
# lists (SQLite) or de-TOASTs every match's tsvector (PostgreSQL), which grows with the
# database: 60-220 ms at 10,000 reports. Ranking a bounded, recent window keeps a search
# within a few milliseconds, returns exactly what full ranking would while fewer reports
# match, and otherwise shows the best of the recent ones, which is what a chat user asking
# about provincial meetings wants first. The window is picked by date through an index and
# never reads a report's text. Measured at 10,000 reports, one query alone: 200 costs 2-6 ms
# on SQLite and 6-10 ms on PostgreSQL; 500 about 1 and 4 ms more (bench/query_latency.py).
RANKED_WINDOW = 200

# Newest by `sort_date`: the meeting's date, or the day a report without a stated year was
# received (migration 0007).
# SQLite. `total`: how many match, from the FTS index alone (an uncorrelated subquery, run
# once), so a page and its count take one statement. `recent`: the newest matches, walking
# the (sort_date, id) index, which holds all it needs, instead of the wide report rows (a
# report's text comes before its date in the row, so reading the date of every match costs
# as much as ranking them). `ranked`: bm25 of those only. The unary `+` keeps `rowid IN` out
# of FTS5's hands: FTS5 would otherwise run one look-up per id, each recounting the corpus
# statistics bm25 needs; as a plain filter, one pass over the matches counts them once and
# scores only the rows that pass.
_SQLITE_SEARCH = sa.text(
    """
    WITH recent AS MATERIALIZED (
        SELECT id, sort_date FROM reports INDEXED BY ix_reports_sort_date_id
        WHERE id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH :expression)
        ORDER BY sort_date DESC, id DESC
        LIMIT :window
    ),
    ranked AS MATERIALIZED (
        SELECT rowid AS id, bm25(reports_fts) AS score FROM reports_fts
        WHERE reports_fts MATCH :expression AND +rowid IN (SELECT id FROM recent)
    )
    SELECT recent.id,
           (SELECT count(*) FROM reports_fts WHERE reports_fts MATCH :expression) AS total
    FROM ranked JOIN recent ON recent.id = ranked.id
    ORDER BY ranked.score, recent.sort_date DESC, recent.id DESC
    LIMIT :limit OFFSET :offset
    """
)

# PostgreSQL: the GIN index finds the matches, the window is sorted on heap columns (the
# toasted tsvector stays unread), and ts_rank_cd de-TOASTs only the window's vectors.
# The planner must not pick a sequential scan for a common word (it would evaluate @@ on
# every row's de-TOASTed vector, a cost it does not model): see `SEARCH_PLANNER_SETTINGS`.
_POSTGRES_SEARCH = sa.text(
    """
    WITH recent AS MATERIALIZED (
        SELECT id, sort_date, search_vector FROM reports
        WHERE search_vector @@ to_tsquery('simple'::regconfig, :expression)
        ORDER BY sort_date DESC, id DESC
        LIMIT :window
    )
    SELECT id FROM recent
    ORDER BY ts_rank_cd(search_vector, to_tsquery('simple'::regconfig, :expression)) DESC,
             sort_date DESC, id DESC
    LIMIT :limit OFFSET :offset
    """
)

# PostgreSQL, the count and the page in one statement. Counting the matches and picking the
# newest of them both visit every matching row's heap tuple (the GIN index holds no date and
# cannot count): one bitmap heap scan shared by both instead of one each, which was most of
# a search's time. `total` comes with every row; a page past the end is one row whose id is
# NULL, so the count still arrives. Ranked as `_POSTGRES_SEARCH` ranks.
_POSTGRES_PAGE = sa.text(
    """
    WITH matches AS MATERIALIZED (
        SELECT id, sort_date FROM reports
        WHERE search_vector @@ to_tsquery('simple'::regconfig, :expression)
    ),
    recent AS MATERIALIZED (
        SELECT id, sort_date FROM matches
        ORDER BY sort_date DESC, id DESC
        LIMIT :window
    ),
    page AS MATERIALIZED (
        SELECT recent.id, recent.sort_date,
               ts_rank_cd(reports.search_vector,
                          to_tsquery('simple'::regconfig, :expression)) AS score
        FROM recent JOIN reports ON reports.id = recent.id
        ORDER BY score DESC, recent.sort_date DESC, recent.id DESC
        LIMIT :limit OFFSET :offset
    )
    SELECT (SELECT count(*) FROM matches) AS total, page.id
    FROM (SELECT 1) AS one LEFT JOIN page ON true
    ORDER BY page.score DESC, page.sort_date DESC, page.id DESC
    """
)

# How many reports match (for "còn N kết quả"): the FTS index alone, no report row read.
_COUNTS = {
    "sqlite": sa.text("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH :expression"),
    "postgresql": sa.text(
        "SELECT count(*) FROM reports "
        "WHERE search_vector @@ to_tsquery('simple'::regconfig, :expression)"
    ),
}

# Run before `search_statement` in the same PostgreSQL transaction: SET LOCAL ends with it.
SEARCH_PLANNER_SETTINGS = {
    "postgresql": (sa.text("SET LOCAL enable_seqscan = off"),),
}


def match_expression(dialect: str, query: SearchQuery, *, any_term: bool) -> str:
    if dialect == "sqlite":
        return fts5_query(query, any_term=any_term)
    if dialect == "postgresql":
        return tsquery_query(query, any_term=any_term)
    raise NotImplementedError(f"no full-text search for {dialect}")


def search_statement(
    dialect: str,
    query: SearchQuery | list[str],
    *,
    any_term: bool,
    limit: int,
    offset: int = 0,
    window: int | None = None,
) -> sa.TextClause:
    """A statement selecting matching report ids, best match first, then newest; the
    results from `offset` on.

    Only the `window` newest matches are ranked (default `RANKED_WINDOW`), and never fewer
    than the page asked for needs.
    """
    if isinstance(query, list):  # plain words, as `search_terms` gives them
        query = SearchQuery(words=tuple(query))
    window = RANKED_WINDOW if window is None else window
    statement = _SQLITE_SEARCH if dialect == "sqlite" else _POSTGRES_SEARCH
    return statement.bindparams(
        expression=match_expression(dialect, query, any_term=any_term),
        limit=limit,
        offset=offset,
        window=max(window, offset + limit),
    )


def count_statement(dialect: str, query: SearchQuery, *, any_term: bool) -> sa.TextClause:
    """A statement counting the reports that match."""
    return _COUNTS[dialect].bindparams(
        expression=match_expression(dialect, query, any_term=any_term)
    )


def page_statement(
    dialect: str, query: SearchQuery, *, any_term: bool, limit: int, offset: int = 0
) -> sa.TextClause:
    """`search_statement`'s page with how many reports match as `total` on every row. A
    page with no row (past the end, or nothing matches) says nothing of the count on SQLite
    (ask `count_statement`); on PostgreSQL it is one row whose id is NULL."""
    if dialect != "postgresql":
        return search_statement(dialect, query, any_term=any_term, limit=limit, offset=offset)
    return _POSTGRES_PAGE.bindparams(
        expression=match_expression(dialect, query, any_term=any_term),
        limit=limit,
        offset=offset,
        window=max(RANKED_WINDOW, offset + limit),
    )
