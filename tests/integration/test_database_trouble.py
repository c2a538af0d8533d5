"""A database that cannot be used: one English line naming it, exit 1, no traceback (issue 12).

Real databases only: a SQLite file of garbage, a SQLite file opened read-only (`mode=ro`:
tests may run as root, whom file permissions do not stop), and PostgreSQL on a closed port
of 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.app import open_store
from bot.cli import main
from bot.delivery.dispatcher import DeliveryConfig, Dispatcher
from bot.delivery.messages import Renderer
from bot.storage import DatabaseUnavailable, OutboxSignal, Store
from tests.bot import report_files
from tests.bot.builders import NOW, SEEDS, make_settings

SEED = SEEDS / "001_f3c1ed268efcd059.txt"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@pytest.fixture
def corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"these bytes are no SQLite database \x00\xff" * 200)
    return path


def read_only(tmp_path: Path) -> str:
    """A migrated database opened read-only."""
    path = tmp_path / "ro.db"

    async def create() -> None:
        async with await Store.connect(str(path)):
            pass

    asyncio.run(create())
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def unreachable() -> str:
    return f"postgresql://bantin:s3cret@127.0.0.1:{closed_port()}/test"


def run(args: list[str], db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("BANTIN_DB", db)
    monkeypatch.setenv("BANTIN_DB_CONNECT_ATTEMPTS", "1")
    code = main(["--config", str(tmp_path / "absent.toml"), *args])
    captured = capsys.readouterr()
    return code, captured.err


def assert_one_line(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("bantin: database ") and "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


COMMANDS = {
    "ingest": ["ingest", str(SEED)],
    "deliveries": ["deliveries"],
    "sources": ["sources"],
    "leaders": ["leaders"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_corrupt_sqlite_file_is_one_line(
    command: str, corrupt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, err = run(COMMANDS[command], str(corrupt), tmp_path, capsys, monkeypatch)
    assert code == 1
    assert_one_line(err, str(corrupt), "not a database file")


def test_console_on_a_corrupt_file_is_one_line(
    corrupt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 - closed by pytest
    monkeypatch.setenv("BANTIN_LOG_FILE", str(tmp_path / "bantin.log"))
    code, err = run(["console"], str(corrupt), tmp_path, capsys, monkeypatch)
    assert code == 1
    assert_one_line(err, "not a database file")


def test_read_only_database_is_one_line_when_ingest_must_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = run(COMMANDS["ingest"], read_only(tmp_path), tmp_path, capsys, monkeypatch)
    assert code == 1
    assert_one_line(err, "ro.db", "read-only")


def test_unreachable_postgresql_is_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = unreachable()
    for command in ("ingest", "deliveries"):
        code, err = run(COMMANDS[command], url, tmp_path, capsys, monkeypatch)
        assert code == 1
        assert_one_line(err, "bantin:***@127.0.0.1", "cannot connect")
        assert "s3cret" not in err


def test_missing_postgresql_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql://postgres:s3cret@127.0.0.1:5432/bantin_no_such_database"
    code, err = run(COMMANDS["deliveries"], url, tmp_path, capsys, monkeypatch)
    assert code == 1
    assert_one_line(err, "postgres:***@127.0.0.1:5432", "does not exist")
    assert "s3cret" not in err


def test_bot_on_a_corrupt_file_is_one_line(
    corrupt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:not-used")
    code, err = run(["bot"], str(corrupt), tmp_path, capsys, monkeypatch)
    assert code == 1
    assert_one_line(err, "not a database file")


def test_real_cli_in_a_subprocess_says_one_line(corrupt: Path, tmp_path: Path) -> None:
    env = {**os.environ, "BANTIN_DB": str(corrupt)}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(tmp_path / "absent.toml"), "ingest",
         str(SEED)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert_one_line(done.stderr, str(corrupt))
    assert done.stdout == ""


async def test_bot_retries_postgresql_at_start_with_backoff(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path).model_copy(update={
        "db": unreachable(), "db_connect_attempts": 3, "db_connect_backoff_seconds": 0.01,
    })
    with caplog.at_level(logging.WARNING, logger="bot.app"), pytest.raises(DatabaseUnavailable):
        await open_store(settings, retry=True)
    retries = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert len(retries) == 2
    assert "attempt 2 of 3" in retries[0] and "attempt 3 of 3" in retries[1]
    assert all("s3cret" not in line and "***" in line for line in retries)


class IdleGate:
    """What the dispatcher asks of a gate before any row is claimed (none will be: the
    database fails first), so no message is sent and no sender is needed."""

    bulk_demand = 0

    def add_listener(self, callback: object) -> None: ...

    def remove_listener(self, callback: object) -> None: ...

    def forget_idle(self, now: float) -> None: ...


class IdlePort:
    channel = "telegram"
    gate = IdleGate()


async def test_dispatcher_backs_off_while_the_database_fails(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A partly broken database made the dispatcher log a traceback every poll."""
    signal = OutboxSignal()
    store = await Store.connect(str(tmp_path / "broken.db"), outbox_signal=signal)
    try:
        async with store.database.write() as conn:  # every claim now fails
            await conn.exec_driver_sql("DROP TABLE deliveries")
        config = DeliveryConfig(poll_interval=0.02, lease=1.0, failure_backoff_max=0.3)
        port: Any = IdlePort()
        dispatcher = Dispatcher(store, [port], Renderer(store, NOW.tzinfo), config,
                                clock=lambda: NOW, signal=signal)
        with caplog.at_level(logging.WARNING, logger="bot.delivery.dispatcher"):
            await dispatcher.start()
            await asyncio.sleep(1.0)
            await dispatcher.stop()
        failures = [r for r in caplog.records if "delivery loop failed" in r.getMessage()]
        # Without backoff: a line every 20 ms (about 50); with it: 20, 40, 80, 160, 300 ms...
        assert 3 <= len(failures) <= 9, len(failures)
        assert all(r.exc_info is None for r in failures)  # one line each, no traceback
        assert "broken.db" in failures[0].getMessage()
        assert dispatcher.failures == len(failures)
    finally:
        await store.aclose()


def test_unusable_database_reads_as_database_unavailable() -> None:
    err = DatabaseUnavailable("postgresql+asyncpg://u:pw@db/x", "cannot connect (refused)")
    assert str(err) == "database postgresql+asyncpg://u:***@db/x: cannot connect (refused)"
    assert report_files.TEXT  # the module is importable beside the CLI
