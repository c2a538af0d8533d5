"""The send budget rows processes on one bot token share (table `send_budgets`).

The store knows nothing of what the numbers mean (bot.delivery.pace does): it reads a row
under a lock, hands it with the database's own clock to a pure function chosen by the
caller, and writes back what the function returns, all in one short transaction. Every
process therefore sees one clock (the database's, never its own wall clock) and one state.

"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from bot.storage.base import Repository
from bot.storage.tables import send_budgets

T = TypeVar("T")

#: A time long before any real one, standing for "never" in the row's float columns.
NEVER = 0.0


class BudgetRow(BaseModel):
    """One port's pace, in seconds of the database clock (see bot.delivery.pace.Pace)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tat: float = NEVER
    paused_until: float = NEVER
    slowdown: float = 1.0
    throttled_at: float = NEVER
    eased_at: float = NEVER


BudgetChange = Callable[[BudgetRow, float], tuple[BudgetRow, T]]


class BudgetRepository(Repository):
    async def change(self, name: str, change: BudgetChange[T]) -> tuple[T, float]:
        """Apply `change(row, now)` to the budget `name` under a row lock; returns what the
        change returned besides the new row, and `now` (the database clock, epoch seconds).

        PostgreSQL only in practice: several processes share a budget only there (a SQLite
        file serves one process, whose budget lives in memory).
        """
        table = send_budgets.c
        async with self._write() as conn:
            insert = _insert_missing(self.dialect, name)
            if insert is not None:
                await conn.execute(insert)
            found = (
                await conn.execute(
                    sa.select(send_budgets).where(table.name == name).with_for_update()
                )
            ).one()
            now = float(await conn.scalar(sa.select(_database_clock(self.dialect))))
            values = found._asdict()
            values.pop("name")
            row, answer = change(BudgetRow.model_validate(values), now)
            await conn.execute(
                sa.update(send_budgets).where(table.name == name).values(**row.model_dump())
            )
        return answer, now


def _database_clock(dialect: str) -> sa.ColumnElement[float]:
    """Epoch seconds on the server's clock, read now (not at the start of the transaction)."""
    if dialect == "postgresql":
        return sa.func.extract("epoch", sa.func.clock_timestamp())
    # SQLite (one process, so only tests use this): julianday() has millisecond precision.
    return (sa.func.julianday("now") - 2440587.5) * 86400.0


def _insert_missing(dialect: str, name: str) -> sa.Insert | None:
    values = {"name": name, **BudgetRow().model_dump()}
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(send_budgets).values(**values).on_conflict_do_nothing()
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(send_budgets).values(**values).on_conflict_do_nothing()
    return None
