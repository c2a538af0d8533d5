"""What the delivery benchmarks run against: the loopback Bot API server and real `bantin bot`
processes, each in a process of its own, plus the databases they share.

* `ApiProcess`: tests.servers.telegram_api with Telegram's flood limits on (a strict
  1-second window of `rate` messages, 1 a second per private chat after a burst of 3,
  429 "retry after N" beyond), driven over its /_control API.
* `BotProcess`: `python -m bot.cli bot` with the server's token and URL in its environment,
  its log in the work folder.
* `add_subscribers`, `database`: subscribers in bulk, and a fresh SQLite file or PostgreSQL
  database (127.0.0.1:5432, trust auth, as the tests use).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa

from bot.storage import Store
from bot.storage.tables import subscribers, subscriptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_19c978857511aa52.txt"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_CHAT = 10_000_000  # subscribers' chats
FIRST_USER = 20_000_000  # chats of users who write to the bot
PG_HOST, PG_PORT = "127.0.0.1", 5432


def wall() -> datetime:
    return datetime.now(TZ)


class ApiProcess:
    """tests.servers.telegram_api in its own process, driven over /_control."""

    def __init__(self, rate: int) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.servers.telegram_api",
                "--rate-limits",
                "on",
                "--known-chats-only",
                "off",
                "--rate",
                str(rate),
                "--port",
                "0",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())
        self.info = json.loads(self.process.stdout.readline())
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}/_control", timeout=300)

    @property
    def token(self) -> str:
        return self.info["token"]

    @property
    def base_url(self) -> str:
        return self.info["base_url"]

    def control(self, op: str, **args: object) -> object:
        answer = self.http.post(f"/{op}", json=args).json()
        if not answer.get("ok"):
            raise RuntimeError(f"control {op}: {answer}")
        return answer["result"]

    def reset(self, rate: int | None = None) -> None:
        self.control("reset")
        if rate is not None:
            self.control("set_rate_limits", enabled=True, overall_rate=rate)

    def counters(self) -> dict:
        return self.control("counters")  # type: ignore[return-value]

    def messages(self) -> list[dict]:
        return self.control("messages")  # type: ignore[return-value]

    def push_texts(self, messages: list[tuple[int, str]]) -> float:
        """Users write, all at once; returns the server's clock at that moment."""
        answer = self.control("push_texts", messages=[list(m) for m in messages])
        return float(answer["time"])  # type: ignore[index]

    def close(self) -> None:
        self.http.close()
        self.process.terminate()
        self.process.wait(10)


class BotProcess:
    """A real `bantin bot` on the server's token, until `stop` (SIGTERM) or `kill` (-9).

    `code` is the source tree it runs (another checkout: the baseline before a change)."""

    def __init__(
        self,
        server: ApiProcess,
        db: str,
        workdir: Path,
        name: str,
        code: Path = ROOT,
        **settings: str,
    ) -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "ZALO_", "BANTIN_"))
        }
        env.update(
            TELEGRAM_BOT_TOKEN=server.token,
            TELEGRAM_API_BASE_URL=server.base_url,
            BANTIN_DB=db,
            BANTIN_LOG_LEVEL="WARNING",
            PYTHONPATH=str(code),
        )
        env.update({f"BANTIN_{key.upper()}": value for key, value in settings.items()})
        self.log = workdir / f"{name}.log"
        self._log = self.log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "--config", str(workdir / "absent.toml"), "bot"],
            env=env,
            cwd=workdir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def cpu_seconds(self) -> float:
        """User and system CPU the process used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self._log.close()


def settle(server: ApiProcess, expected: int, idle: float = 10.0) -> int:
    """Wait until the server accepted `expected` messages, or none came for `idle` seconds
    (a bot that loses messages never reaches the count); returns how many it accepted."""
    last, since = -1, time.monotonic()
    while True:
        count = server.counters()["per_method"].get("sendMessage", {}).get("accepted", 0)
        if count >= expected:
            return count
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since > idle:
            return count
        time.sleep(0.5)


def wait_until_answering(server: ApiProcess, chat: int = FIRST_USER - 1) -> None:
    """Block until the bot answers a first message (it polls and its port is open)."""
    before = len([m for m in server.messages() if m["chat_id"] == chat])
    server.push_texts([(chat, "/batdau")])
    server.control("messages", chat_id=chat, count=before + 1, timeout=120)


async def add_subscribers(store: Store, count: int, first: int = FIRST_CHAT) -> None:
    """`count` private chats following every province, in a few statements."""
    now = datetime.now(UTC)
    rows = [
        {
            "channel": "telegram",
            "chat_id": str(first + n),
            "chat_type": "private",
            "name": None,
            "active": True,
            "strikes": 0,
            "created_at": now,
            "last_seen_at": now,
        }
        for n in range(count)
    ]
    async with store.database.write() as conn:  # a benchmark may use the store's engine directly
        for start in range(0, len(rows), 10_000):
            await conn.execute(sa.insert(subscribers), rows[start : start + 10_000])
        await conn.execute(
            sa.insert(subscriptions).from_select(
                ["subscriber_id", "province"],
                sa.select(subscribers.c.id, sa.null()).where(
                    ~sa.exists().where(subscriptions.c.subscriber_id == subscribers.c.id)
                ),
            )
        )


async def add_seed_report(store: Store, *, queue: bool) -> int:
    """The seed report (Bắc Kạn, now Thái Nguyên), queued for subscribers if `queue`."""
    from digest.extract import extract

    text = SEED.read_text(encoding="utf-8")
    report = extract(text, now=wall())
    if queue:
        added = await store.reports.add(
            text=text, report=report, source=None, now=wall(), queue=True
        )
    else:
        added = await store.reports.add(text=text, report=report, source=None, now=wall())
    return added.report_id


@contextlib.asynccontextmanager
async def database(engine: str, workdir: Path, name: str) -> AsyncIterator[str]:
    """A fresh database: a SQLite file in `workdir`, or a PostgreSQL database (dropped after)."""
    if engine == "sqlite":
        yield str(workdir / f"{name}.db")
        return
    import asyncpg

    admin = None
    for user in ("postgres", "root"):
        with contextlib.suppress(OSError, asyncpg.PostgresError):
            admin = await asyncpg.connect(
                host=PG_HOST, port=PG_PORT, user=user, database="test", timeout=5
            )
            break
    if admin is None:
        raise ConnectionError(f"PostgreSQL unreachable at {PG_HOST}:{PG_PORT}")
    db = f"bantin_bench_{secrets.token_hex(4)}"
    user = await admin.fetchval("SELECT current_user")
    await admin.execute(f'CREATE DATABASE "{db}"')
    try:
        yield f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{db}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        await admin.close()


def window_peak(times: list[float], window: float = 1.0) -> int:
    """The most messages in any `window` seconds."""
    times = sorted(times)
    peak, start = 0, 0
    for end, moment in enumerate(times):
        while times[start] <= moment - window:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def sustained(times: list[float]) -> float:
    """Messages a second between the first and the last."""
    times = sorted(times)
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def now() -> float:
    return time.time()
