"""Full-text search over reports: user input to safe search terms, and one query per engine.

Both engines index the folded text (`digest.normalize.fold`: lower case, no diacritics), so
"thu ngan sach" finds "thu ngân sách". User input never reaches SQL or the FTS query
language as syntax: it is cut into runs of letters and digits, each passed as a quoted FTS5
string or a bare tsquery lexeme, and the whole expression travels as a bound parameter.

Ranking (bm25 on SQLite, ts_rank_cd on PostgreSQL) covers the newest `RANKED_WINDOW`
matches, ties going to the newer report; see `RANKED_WINDOW` for why the window exists.
"""

from __future__ import annotations

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

# SQLite. `recent`: the newest matches, walking the (date, id) index, which holds all it
# needs, instead of the wide report rows (a report's text comes before its date in the row,
# so reading the date of every match costs as much as ranking them). `ranked`: bm25 of those
# only. The unary `+` keeps `rowid IN` out of FTS5's hands: FTS5 would otherwise run one
# look-up per id, each recounting the corpus statistics bm25 needs; as a plain filter, one
# pass over the matches counts them once and scores only the rows that pass.
_SQLITE_SEARCH = sa.text(
    """
    WITH recent AS MATERIALIZED (
        SELECT id, date FROM reports INDEXED BY ix_reports_date_id
        WHERE id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH :expression)
        ORDER BY date DESC NULLS LAST, id DESC
        LIMIT :window
    ),
    ranked AS MATERIALIZED (
        SELECT rowid AS id, bm25(reports_fts) AS score FROM reports_fts
        WHERE reports_fts MATCH :expression AND +rowid IN (SELECT id FROM recent)
    )
    SELECT recent.id
    FROM ranked JOIN recent ON recent.id = ranked.id
    ORDER BY ranked.score, recent.date DESC NULLS LAST, recent.id DESC
    LIMIT :limit
    """
)

# PostgreSQL: the GIN index finds the matches, the window is sorted on heap columns (the
# toasted tsvector stays unread), and ts_rank_cd de-TOASTs only the window's vectors.
# The planner must not pick a sequential scan for a common word (it would evaluate @@ on
# every row's de-TOASTed vector, a cost it does not model): see `SEARCH_PLANNER_SETTINGS`.
_POSTGRES_SEARCH = sa.text(
    """
    WITH recent AS MATERIALIZED (
        SELECT id, date, search_vector FROM reports
        WHERE search_vector @@ to_tsquery('simple'::regconfig, :expression)
        ORDER BY date DESC NULLS LAST, id DESC
        LIMIT :window
    )
    SELECT id FROM recent
    ORDER BY ts_rank_cd(search_vector, to_tsquery('simple'::regconfig, :expression)) DESC,
             date DESC NULLS LAST, id DESC
    LIMIT :limit
    """
)

# Run before `search_statement` in the same PostgreSQL transaction: SET LOCAL ends with it.
SEARCH_PLANNER_SETTINGS = {
    "postgresql": (sa.text("SET LOCAL enable_seqscan = off"),),
}


def search_statement(
    dialect: str, terms: list[str], *, any_term: bool, limit: int, window: int | None = None
) -> sa.TextClause:
    """A statement selecting matching report ids, best match first, then newest.

    Only the `window` newest matches are ranked (default `RANKED_WINDOW`).
    """
    window = RANKED_WINDOW if window is None else window
    if dialect == "sqlite":
        expression = fts5_match(terms, any_term=any_term)
        statement = _SQLITE_SEARCH
    elif dialect == "postgresql":
        expression = tsquery(terms, any_term=any_term)
        statement = _POSTGRES_SEARCH
    else:
        raise NotImplementedError(f"no full-text search for {dialect}")
    return statement.bindparams(expression=expression, limit=limit, window=max(window, limit))
