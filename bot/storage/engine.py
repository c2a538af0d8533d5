"""Database URLs, the async engine, and Alembic migrations run from code.

One code path serves both engines: SQLite through aiosqlite (the embedded default, one file)
and PostgreSQL through asyncpg. SQLite needs three things PostgreSQL does not:

* WAL journaling, so readers never wait for the writer;
* `foreign_keys=ON` and a busy timeout on every new connection;
* SQLAlchemy emitting BEGIN itself instead of the sqlite3 driver's "legacy transaction
  control", and `BEGIN IMMEDIATE` for write transactions. A deferred transaction that reads
  and then writes fails at once with "database is locked" when another writer got in first
  (SQLite cannot retry it under the busy timeout); taking the write lock up front makes
  concurrent writers queue politely. Recipe from the SQLAlchemy SQLite dialect docs,
  section "Enabling Non-Legacy SQLite Transactional Modes".

Migrations run programmatically (no alembic.ini at run time): the script folder ships inside
the package and env.py receives the open connection through `Config.attributes`.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Execution option read by the SQLite "begin" hook: the transaction will write.
WRITE_OPTION = "bantin_write"

SQLITE_BUSY_TIMEOUT_MS = 10_000

_POSTGRES_NAMES = {"postgres", "postgresql"}
SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"


def database_url(value: str) -> str:
    """Turn a SQLite file path or any SQLAlchemy URL into an async-driver URL.

    A plain path becomes a SQLite file (its folder is created); PostgreSQL URLs get the
    asyncpg driver, SQLite URLs the aiosqlite one.

    >>> database_url("postgresql://bantin@127.0.0.1:5432/test")
    'postgresql+asyncpg://bantin@127.0.0.1:5432/test'
    >>> database_url("postgres+psycopg2://u:p%40ss@db/bantin")
    'postgresql+asyncpg://u:p%40ss@db/bantin'
    >>> database_url("sqlite:///:memory:")
    'sqlite+aiosqlite:///:memory:'
    """
    value = value.strip()
    if "://" not in value:
        path = Path(value).expanduser()
        _make_parent(path)
        return f"{SQLITE_DRIVER}:///{path}"
    url = make_url(value)
    backend = url.get_backend_name()
    if backend in _POSTGRES_NAMES:
        return url.set(drivername=POSTGRES_DRIVER).render_as_string(hide_password=False)
    if backend == "sqlite":
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            _make_parent(Path(url.database).expanduser())
        # Rewritten as text: rendering the parsed URL would percent-escape ":memory:".
        return f"{SQLITE_DRIVER}://{value.split('://', 1)[1]}"
    raise ValueError(f"unsupported database: {backend!r} (use SQLite or PostgreSQL)")


def safe_url(url: str) -> str:
    """The URL with its password masked, for logs and error messages.

    >>> safe_url("postgresql+asyncpg://bantin:s3cret@db:5432/bantin")
    'postgresql+asyncpg://bantin:***@db:5432/bantin'
    """
    return make_url(url).render_as_string(hide_password=True)


def _make_parent(path: Path) -> None:
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


# Connections kept open, and opened beyond that under a burst (closed again when returned).
# Chat commands are short reads; 50 users in a chat group rarely have more than a handful in
# flight, but a burst must not queue behind a small pool, nor open and close connections on
# every message (on SQLite each new connection runs the PRAGMAs below and re-reads the
# schema). SQLite in WAL mode lets all of them read at once beside the one writer.
POOL_SIZE = 10
POOL_MAX_OVERFLOW = 20


def create_engine(url: str) -> AsyncEngine:
    """An async engine for `url` (already passed through `database_url`)."""
    parsed = make_url(url)
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        options["pool_pre_ping"] = True  # survive a server restart between two messages
    if parsed.database not in (None, "", ":memory:"):  # ":memory:" has a pool of its own
        options["pool_size"] = POOL_SIZE
        options["max_overflow"] = POOL_MAX_OVERFLOW
    engine = create_async_engine(parsed, **options)
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine)
    return engine


def _switch_to_wal(cursor: Any, attempts: int = 50) -> None:
    """`PRAGMA journal_mode=WAL`, retried: SQLite may answer "locked" at once, without
    waiting out the busy timeout, while another connection is changing the journal mode."""
    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)  # runs in the driver's worker thread, not on the event loop


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand BEGIN over to SQLAlchemy (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # The busy timeout first: switching a new file to WAL takes a lock that another
            # process or connection opening the same file at once may hold.
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS:d}")
            _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        writes = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


# --- migrations -----------------------------------------------------------------------------


def alembic_config() -> Config:
    """Alembic configuration built in code, pointing at the packaged scripts."""
    config = Config()
    # ConfigParser interpolation: a "%" in the install path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def _run_command(connection: Connection, name: str, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, name)(config, revision)


# Any fixed 64-bit number: the PostgreSQL advisory lock taken while migrating.
_MIGRATION_LOCK_KEY = 0x62616E74696E  # "bantin"


async def _migrate(engine: AsyncEngine, name: str, revision: str) -> None:
    async with engine.connect() as conn:
        await conn.execution_options(**{WRITE_OPTION: True})
        async with conn.begin():
            if engine.dialect.name == "postgresql":
                # Two processes starting together: the second waits, then finds the schema
                # at head. (On SQLite, BEGIN IMMEDIATE already serialises them.)
                await conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            await conn.run_sync(_run_command, name, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate the database up to `revision`, in one transaction."""
    await _migrate(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Migrate the database down to `revision` (tests and manual repairs only)."""
    await _migrate(engine, "downgrade", revision)
