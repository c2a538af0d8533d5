"""Database fixtures: every storage test runs on a SQLite file and on PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (trust auth, admin database `test`, user
`postgres` or else `root`). Each test gets a fresh database `bantin_<hex>`, dropped after.
When the server is unreachable the PostgreSQL half is skipped, except under CI=true where it
fails: CI must not go green by testing only one engine.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage import Store

# Overridable for a server elsewhere (and to check the unreachable path).
POSTGRES_HOST = os.environ.get("BANTIN_TEST_PG_HOST", "127.0.0.1")
POSTGRES_PORT = int(os.environ.get("BANTIN_TEST_PG_PORT", "5432"))
POSTGRES_ADMIN_DATABASE = "test"
POSTGRES_USERS = ("postgres", "root")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL is required)", pytrace=False)
    pytest.skip(reason)


async def _admin_connection() -> asyncpg.Connection:
    errors = []
    for user in POSTGRES_USERS:
        try:
            return await asyncpg.connect(
                host=POSTGRES_HOST,
                port=POSTGRES_PORT,
                user=user,
                database=POSTGRES_ADMIN_DATABASE,
                timeout=5,
            )
        except (OSError, TimeoutError, asyncpg.PostgresError) as error:
            errors.append(f"{user}: {type(error).__name__}: {error}")
    _unavailable(
        f"PostgreSQL unreachable at {POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_ADMIN_DATABASE} "
        f"({'; '.join(errors)})"
    )
    raise AssertionError("unreachable")  # _unavailable always raises


async def _postgres_database() -> AsyncIterator[str]:
    """A fresh, empty database for one test, as a postgresql:// URL."""
    name = f"bantin_{secrets.token_hex(6)}"
    admin = await _admin_connection()
    try:
        user = await admin.fetchval("SELECT current_user")
        await admin.execute(f'CREATE DATABASE "{name}"')  # name is ours: hex only
    finally:
        await admin.close()
    try:
        yield f"postgresql://{user}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    finally:
        admin = await _admin_connection()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a SQLite file path (folder not yet created) or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "data" / "bantin.db")
        return
    async for url in _postgres_database():
        yield url


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    opened = await Store.connect(db_url)
    try:
        yield opened
    finally:
        await opened.aclose()
