"""What every repository shares: the database it reads and writes through, and three helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import Database


class Repository:
    """One concern's queries over the shared `Database`; each method is its own short
    transaction and returns frozen pydantic values (bot.storage.records), never ORM rows."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.database.dialect

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.dialect}>"

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        async with self.database.read() as conn:
            yield conn

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        async with self.database.write() as conn:
            yield conn


async def insert_ignoring_duplicate(conn: AsyncConnection, statement: sa.Insert) -> bool:
    """Run an INSERT in a savepoint; False if a unique constraint refused it.

    The savepoint keeps the surrounding transaction usable after the error (PostgreSQL
    aborts the whole transaction otherwise).
    """
    try:
        async with conn.begin_nested():
            await conn.execute(statement)
    except IntegrityError:
        return False
    return True


async def count(conn: AsyncConnection, table: sa.Table, *where: Any) -> int:
    statement = sa.select(sa.func.count()).select_from(table).where(*where)
    return int(await conn.scalar(statement) or 0)


def dialect_insert(dialect: str, table: sa.Table) -> Any:
    """The dialect's own INSERT, the one that has `.on_conflict_do_nothing()`."""
    module = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect)
    if module is None:
        raise NotImplementedError(f"no INSERT .. ON CONFLICT for {dialect}")
    return module.insert(table)
