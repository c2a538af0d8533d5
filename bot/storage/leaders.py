"""Leaders learnt at run time (who held which post where), beside the packaged ones."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from bot.storage.base import Repository, insert_ignoring_duplicate
from bot.storage.tables import leaders
from digest.models import LeaderFact, LeaderRole


class LeaderRepository(Repository):
    async def add(
        self, facts: Iterable[LeaderFact], *, report_id: int | None = None
    ) -> int:
        """Remember who held which post; known (name, role, province) are kept as they are.

        Returns how many rows were new. `report_id` names the report they were learnt from.
        """
        wanted = {(f.name, f.role.value, f.province): f for f in facts}
        if not wanted:
            return 0
        names = sorted({name for name, _, _ in wanted})
        added = 0
        async with self._write() as conn:
            known = {
                tuple(row)
                for row in await conn.execute(
                    sa.select(leaders.c.name, leaders.c.role, leaders.c.province).where(
                        leaders.c.name.in_(names)
                    )
                )
            }
            for key, fact in wanted.items():
                if key in known:
                    continue
                statement = sa.insert(leaders).values(
                    name=fact.name,
                    role=fact.role.value,
                    province=fact.province,
                    start_year=fact.start_year,
                    end_year=fact.end_year,
                    source=fact.source,
                    learnt_from_report_id=report_id,
                )
                added += await insert_ignoring_duplicate(conn, statement)
        return added

    async def all(self) -> list[LeaderFact]:
        """Every leader known, by province, role and start year."""
        statement = sa.select(
            leaders.c.name,
            leaders.c.role,
            leaders.c.province,
            leaders.c.start_year,
            leaders.c.end_year,
            leaders.c.source,
        ).order_by(
            leaders.c.province,
            leaders.c.role,
            leaders.c.start_year.asc().nulls_first(),
            leaders.c.name,
        )
        async with self._read() as conn:
            rows = await conn.execute(statement)
            return [LeaderFact.model_validate(row._asdict()) for row in rows]

    async def delete(self, name: str, role: LeaderRole | str, province: str) -> bool:
        async with self._write() as conn:
            result = await conn.execute(
                sa.delete(leaders).where(
                    leaders.c.name == name,
                    leaders.c.role == LeaderRole(role).value,
                    leaders.c.province == province,
                )
            )
        return result.rowcount > 0
