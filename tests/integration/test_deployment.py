"""Several `bantin bot` processes on one Telegram token, as README's delivery section
documents them: one process receives updates (long polling), the others only send
(`receive_updates = false`), all on one PostgreSQL database and one send budget.

Real processes (`python -m bot.cli bot`) against the loopback Bot API server with
Telegram's limits on. Telegram lets one long poll run per token: a second getUpdates ends
the first with 409 Conflict (tests/servers/telegram_api.py does the same), which is why
only one process polls; the second test shows what happens otherwise.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.storage import Store
from bot.storage.tables import deliveries
from tests.integration.test_delivery_outbox import add_subscribers
from tests.integration.test_delivery_process import _environment, bantin_bot
from tests.integration.test_delivery_telegram import WAIT, per_chat, settled, wall
from tests.servers.telegram_api import TelegramApiServer

SUBSCRIBERS = 120
USERS = 30


def _read(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


async def _logged(log: Path, words: str, within: float = WAIT) -> None:
    """Wait until a process's log holds `words` (it started what they say)."""
    for _ in range(int(within / 0.05)):
        if words in await asyncio.to_thread(_read, log):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{log.name} never said {words!r}")


def _conflicts(server: TelegramApiServer) -> int:
    return server.counters.method("getUpdates")["rejected_other"]


async def test_one_poller_and_one_sender_share_a_token(
    store: Store, db_url: str, tmp_path: Path
) -> None:
    if store.dialect != "postgresql":
        pytest.skip("several processes share PostgreSQL; SQLite is single-process")
    await add_subscribers(store, SUBSCRIBERS)
    async with TelegramApiServer(rate_limits=True) as server:
        env = _environment(server, db_url, tmp_path)
        sender = {**env, "BANTIN_RECEIVE_UPDATES": "false"}
        async with bantin_bot(env, tmp_path, "poller"), bantin_bot(sender, tmp_path, "sender"):
            await _logged(tmp_path / "poller.log", "polling for updates")
            await _logged(tmp_path / "sender.log", "this process only sends")
            await _logged(tmp_path / "sender.log", "delivery started")
            _, queued = await store.outbox.queue_broadcast("Thông báo", author=None, now=wall())
            assert queued == SUBSCRIBERS
            users = range(800_000, 800_000 + USERS)
            for user in users:  # users write while the broadcast goes out
                server.push_text(user, "/trogiup")
            await settled(store, lambda s: s.sent_total == SUBSCRIBERS)
            await server.wait_for_messages(None, SUBSCRIBERS + USERS, timeout=WAIT)
            # Counted while both run: at shutdown python-telegram-bot confirms the last
            # offset with one more getUpdates, which ends its own abandoned long poll.
            conflicts = _conflicts(server)
        async with store.database.read() as conn:  # which process sent what
            workers = set(
                (
                    await conn.execute(
                        sa.select(deliveries.c.claimed_by).where(deliveries.c.status == "sent")
                    )
                ).scalars()
            )
    counts = per_chat(server)
    assert len(counts) == SUBSCRIBERS + USERS and set(counts.values()) == {1}
    assert all(user in counts for user in users)  # every user answered, once
    assert server.counters.rejected_429 == 0
    assert conflicts == 0  # one poller: Telegram has nothing to refuse
    assert len(workers) == 2  # both processes sent part of the broadcast


async def test_two_pollers_on_one_token_are_refused(tmp_path: Path) -> None:
    async with TelegramApiServer() as server:
        first = _environment(server, str(tmp_path / "first.db"), tmp_path)
        second = {**first, "BANTIN_DB": str(tmp_path / "second.db")}
        async with bantin_bot(first, tmp_path, "first"), bantin_bot(second, tmp_path, "second"):
            for _ in range(int(WAIT / 0.05)):
                if _conflicts(server):
                    break
                await asyncio.sleep(0.05)
            conflicts = _conflicts(server)  # while both run (see above)
    assert conflicts >= 1  # 409: terminated by other getUpdates request
