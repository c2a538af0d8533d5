"""Fixtures for the conversation core: a real SQLite file per test, a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_conversation, build_services
from bot.core import Conversation, Services
from bot.storage import Store
from tests.bot.builders import fixed_clock, make_settings, seed_store

ENVIRONMENT = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "BANTIN_DB", "BANTIN_ADMINS")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own token or database must not leak into tests."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.connect(str(tmp_path / "bantin.db"))
    try:
        yield opened
    finally:
        await opened.aclose()


@pytest.fixture
async def services(store: Store, tmp_path: Path) -> Services:
    return await build_services(make_settings(tmp_path), store=store, clock=fixed_clock)


@pytest.fixture
async def ids(store: Store) -> dict[str, int]:
    return await seed_store(store)


@pytest.fixture
def conversation(services: Services) -> Conversation:
    return build_conversation(services)
