"""The connection handling every part of the store shares: short read and write transactions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.engine import WRITE_OPTION


class StoreBase:
    """Owns the engine; subclasses add the queries."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    def __repr__(self) -> str:  # the engine's repr masks the password too; be explicit
        return f"<{type(self).__name__} {self.dialect}>"

    async def close(self) -> None:
        await self._engine.dispose()

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that only reads (a consistent snapshot across its queries)."""
        async with self._engine.connect() as conn, conn.begin():
            yield conn

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that writes; on SQLite it takes the write lock at BEGIN."""
        async with self._engine.connect() as conn:
            await conn.execution_options(**{WRITE_OPTION: True})
            async with conn.begin():
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
