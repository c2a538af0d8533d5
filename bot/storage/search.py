"""Full-text search over reports: user input to safe search terms, and one query per engine.

Both engines index the folded text (`digest.normalize.fold`: lower case, no diacritics), so
"thu ngan sach" finds "thu ngân sách". User input never reaches SQL or the FTS query
language as syntax: it is cut into runs of letters and digits, each passed as a quoted FTS5
string or a bare tsquery lexeme, and the whole expression travels as a bound parameter.
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


_SQLITE_SEARCH = sa.text(
    """
    SELECT reports.id
    FROM reports_fts JOIN reports ON reports.id = reports_fts.rowid
    WHERE reports_fts MATCH :expression
    ORDER BY bm25(reports_fts), reports.date DESC NULLS LAST, reports.id DESC
    LIMIT :limit
    """
)

_POSTGRES_SEARCH = sa.text(
    """
    SELECT reports.id
    FROM reports, to_tsquery('simple'::regconfig, :expression) AS query
    WHERE reports.search_vector @@ query
    ORDER BY ts_rank_cd(reports.search_vector, query) DESC,
             reports.date DESC NULLS LAST, reports.id DESC
    LIMIT :limit
    """
)


def search_statement(
    dialect: str, terms: list[str], *, any_term: bool, limit: int
) -> sa.TextClause:
    """A statement selecting matching report ids, best match first, then newest."""
    if dialect == "sqlite":
        expression = fts5_match(terms, any_term=any_term)
        statement = _SQLITE_SEARCH
    elif dialect == "postgresql":
        expression = tsquery(terms, any_term=any_term)
        statement = _POSTGRES_SEARCH
    else:
        raise NotImplementedError(f"no full-text search for {dialect}")
    return statement.bindparams(expression=expression, limit=limit)
