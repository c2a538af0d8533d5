"""A real `bantin bot` process, killed with SIGKILL in the middle of a broadcast, then started
again: every queued row goes out, and the only messages sent twice are the few that were in
flight when it died (at most the dispatcher's concurrency). Then a row queued by another
process (this test) is found by the running bot and sent.

The Bot API server runs in the test's event loop on 127.0.0.1 with its flood limits on; the
bot is `python -m bot.cli bot` with the token and base URL in its environment, on each
storage engine (on PostgreSQL the dead process's leases expire; on SQLite the restart
releases them).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.storage import Store
from tests.integration.test_delivery_outbox import add_subscribers
from tests.integration.test_delivery_telegram import per_chat, settled, wall
from tests.servers.telegram_api import TelegramApiServer

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS = 150
CONCURRENCY = 8
WAIT = 90.0


def _environment(server: TelegramApiServer, db_url: str, tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "ZALO_", "BANTIN_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=server.token,
        TELEGRAM_API_BASE_URL=server.base_url,
        BANTIN_DB=db_url,
        BANTIN_LOG_LEVEL="INFO",
        BANTIN_DELIVERY_CONCURRENCY=str(CONCURRENCY),
        BANTIN_DELIVERY_LEASE_SECONDS="5",
        BANTIN_DELIVERY_POLL_SECONDS="0.5",
        PYTHONPATH=str(ROOT),
    )
    return env


@asynccontextmanager
async def bantin_bot(
    env: dict[str, str], tmp_path: Path, name: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    log = (tmp_path / f"{name}.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "--config",
        str(tmp_path / "absent.toml"),
        "bot",
        env=env,
        cwd=str(tmp_path),
        stdout=log,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


async def test_kill_9_mid_broadcast_then_restart_delivers_every_row(
    store: Store, db_url: str, tmp_path: Path
) -> None:
    await add_subscribers(store, SUBSCRIBERS)
    _, queued = await store.outbox.queue_broadcast("Thông báo khẩn", author=None, now=wall())
    assert queued == SUBSCRIBERS
    async with TelegramApiServer(rate_limits=True) as server:
        env = _environment(server, db_url, tmp_path)
        async with bantin_bot(env, tmp_path, "first") as first:
            await server.wait_for_messages(None, 40, timeout=WAIT)
            first.kill()  # SIGKILL: no clean-up at all
            await first.wait()
        before_restart = len(server.sent_messages())
        assert before_restart < SUBSCRIBERS  # it did die mid-broadcast
        async with bantin_bot(env, tmp_path, "second"):
            await settled(store, lambda s: s.sent_total == SUBSCRIBERS, within=WAIT)
            counts = per_chat(server)
            assert len(counts) == SUBSCRIBERS  # nothing lost
            doubled = sum(n - 1 for n in counts.values())
            assert doubled <= CONCURRENCY  # only messages in flight at the kill
            assert server.counters.rejected_429 == 0

            # Another process (this test) queues a row: the running bot finds and sends it.
            _, queued = await store.outbox.queue_broadcast(
                "Thông báo thứ hai", author=None, now=wall()
            )
            assert queued == SUBSCRIBERS
            await settled(store, lambda s: s.sent_total == 2 * SUBSCRIBERS, within=WAIT)
        second_round = Counter(
            m["chat_id"] for m in server.sent_messages() if "Thông báo thứ hai" in m["plain_text"]
        )
        assert len(second_round) == SUBSCRIBERS and set(second_round.values()) == {1}
