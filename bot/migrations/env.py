"""Alembic environment for bantin's storage.

At run time `bot.storage.engine.upgrade()` passes an open connection in
`config.attributes["connection"]`, so no ini file and no second engine are needed. From the
command line (`alembic -c bot/alembic.ini ...`, for writing new migrations) the URL comes from
the BANTIN_DATABASE_URL environment variable.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.engine import WRITE_OPTION, create_engine, database_url
from bot.storage.tables import metadata

# Engine-specific search objects live only in the migration; autogenerate must not drop them.
_MIGRATION_ONLY = {
    "reports_fts",
    "reports_fts_data",
    "reports_fts_idx",
    "reports_fts_docsize",
    "reports_fts_config",
    "search_vector",
    "ix_reports_search_vector",
}


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    return name not in _MIGRATION_ONLY


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_include_object,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # bot.storage.engine makes SQLAlchemy emit BEGIN on SQLite too, so DDL is
        # transactional on both engines: a failed migration leaves nothing half done.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_cli() -> None:
    url = os.environ.get("BANTIN_DATABASE_URL") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set BANTIN_DATABASE_URL to the database to migrate")
    engine = create_engine(database_url(url))
    try:
        async with engine.connect() as connection:
            await connection.execution_options(**{WRITE_OPTION: True})
            async with connection.begin():
                await connection.run_sync(_run)
    finally:
        await engine.dispose()


def _main() -> None:
    if context.is_offline_mode():
        raise SystemExit(
            "offline (--sql) mode is not supported: the migration inspects "
            "the dialect of a live connection"
        )
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_from_cli())


# Alembic installs the `context` proxy before it runs this file; plain imports (a doctest
# collector, an IDE) find no proxy and must not start a migration.
if getattr(context, "_proxy", None) is not None:
    _main()
