"""The one database object every repository shares: the engine, its migration, its closing.

`Database.connect(url)` opens SQLite or PostgreSQL (bot.storage.engine), migrates the schema to
the latest revision and hands back an object whose `read()` and `write()` open short
transactions. The repositories (bot.storage.reports, audience, outbox, sources, budgets,
leaders) hold it and nothing else.

A database that cannot be used (a file that is no SQLite database, a read-only file, a server
that does not answer) raises `DatabaseUnavailable`, whose message names the database with
its password masked and says why in one line: what the CLI prints.
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Self
from urllib.parse import unquote

from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.closing import Closing
from bot.storage.engine import WRITE_OPTION, create_engine, database_url, safe_url, upgrade


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened or used; `str()` is one line naming it (no password)."""

    def __init__(self, url: str, reason: str, *, retryable: bool = False) -> None:
        self.url = _shown(url)
        self.reason = reason
        self.retryable = retryable  # the server may come back (worth retrying at start-up)
        super().__init__(f"database {self.url}: {reason}")


def _shown(url: str) -> str:
    """The URL as the operator wrote it, password masked (a SQLite URL holds none, and its
    "file:" form would otherwise come back percent-escaped)."""
    if url.startswith("sqlite"):
        return unquote(url)
    return safe_url(url)


# Failures of the database itself, as opposed to a query refused for its data (an
# IntegrityError is how a unique key says "already there": callers handle it).
_REFUSALS = (
    sa_exc.IntegrityError,
    sa_exc.ProgrammingError,
    sa_exc.DataError,
    sa_exc.NotSupportedError,
)


def database_problem(error: BaseException) -> tuple[str, bool] | None:
    """Why `error` means the database is unusable, in one English phrase, and whether a
    retry may help (the server is unreachable); None when it is some other error.

    >>> import sqlite3
    >>> database_problem(sa_exc.DatabaseError("PRAGMA", {}, sqlite3.DatabaseError(
    ...     "file is not a database")))
    ('not a database file, or a corrupt one (file is not a database)', False)
    >>> database_problem(ConnectionRefusedError(111, "Connect call failed"))
    ('cannot connect (connection refused)', True)
    >>> database_problem(ValueError("x")) is None
    True
    """
    if isinstance(error, DatabaseUnavailable):
        return error.reason, error.retryable
    if isinstance(error, _REFUSALS):
        return None
    if isinstance(error, sa_exc.DBAPIError):
        detail = str(error.orig or error).strip().splitlines()[0] if (error.orig or error) else ""
        lowered = detail.lower()
        if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
            return f"read-only, cannot write ({detail})", False
        if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
            return f"not a database file, or a corrupt one ({detail})", False
        if "unable to open" in lowered:
            return f"cannot open the file ({detail})", False
        if isinstance(error.orig, OSError) or "connect" in lowered:
            return f"cannot connect ({detail})", True
        # OperationalError, InterfaceError, a bare DatabaseError or DBAPIError (asyncpg's
        # "database ... does not exist", a dropped connection): the database, not the query.
        return detail or type(error.orig).__name__, False
    if isinstance(error, (ConnectionError, TimeoutError)):
        return "cannot connect (connection refused)" if isinstance(
            error, ConnectionRefusedError
        ) else f"cannot connect ({error.__class__.__name__})", True
    if isinstance(error, OSError):
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"permission denied ({error.strerror or error})", False
        if error.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH,
                           errno.ETIMEDOUT):
            return f"cannot connect ({error.strerror or error})", True
        return f"{error.strerror or error}", False
    return _postgres_problem(error)


def _postgres_problem(error: BaseException) -> tuple[str, bool] | None:
    """asyncpg's own errors that escape SQLAlchemy's wrapping while connecting."""
    try:
        import asyncpg
    except ImportError:  # asyncpg is only needed for PostgreSQL
        return None
    if isinstance(error, (asyncpg.InvalidCatalogNameError, asyncpg.InvalidPasswordError,
                          asyncpg.InvalidAuthorizationSpecificationError)):
        return str(error).splitlines()[0], False
    if isinstance(error, asyncpg.CannotConnectNowError):
        return f"cannot connect ({error})", True
    return None


class Database(Closing):
    """Open with `await Database.connect(url)`; close with `await database.aclose()`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    async def connect(cls, url: str) -> Self:
        """Open the database at `url` (a SQLite path or a URL) and migrate it to the latest.

        Raises `DatabaseUnavailable` when it cannot be used."""
        try:
            url = database_url(url)
        except OSError as exc:  # the SQLite file's folder cannot be created
            raise DatabaseUnavailable(f"sqlite+aiosqlite:///{url}", str(exc)) from exc
        engine = create_engine(url)
        try:
            await upgrade(engine)
        except BaseException as exc:
            await engine.dispose()
            problem = database_problem(exc) if isinstance(exc, Exception) else None
            if problem is not None:
                raise DatabaseUnavailable(url, problem[0], retryable=problem[1]) from exc
            raise
        return cls(engine)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The URL with its password masked."""
        return _shown(self.engine.url.render_as_string(hide_password=False))

    def __repr__(self) -> str:  # the engine's repr masks the password too; be explicit
        return f"<Database {self.dialect}>"

    async def aclose(self) -> None:
        await self.engine.dispose()


    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that only reads (a consistent snapshot across its queries)."""
        try:
            async with self.engine.connect() as conn, conn.begin():
                yield conn
        except Exception as exc:
            raise self._unavailable(exc) from exc

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that writes; on SQLite it takes the write lock at BEGIN."""
        try:
            async with self.engine.connect() as conn:
                await conn.execution_options(**{WRITE_OPTION: True})
                async with conn.begin():
                    yield conn
        except Exception as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, error: Exception) -> Exception:
        """`DatabaseUnavailable` naming this database for a failure of the database itself;
        any other error (a unique key refusing a row, a bug) as it is."""
        problem = database_problem(error)
        if problem is None or isinstance(error, DatabaseUnavailable):
            return error
        return DatabaseUnavailable(
            self.engine.url.render_as_string(hide_password=False), problem[0],
            retryable=problem[1],
        )
