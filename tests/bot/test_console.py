"""The offline console: same core, plain-text replies, seeds loaded once into a local database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import load_seeds, serve_console
from bot.channels.console import SEPARATOR, run_console
from bot.core import Conversation, Services
from bot.storage import Store
from tests.bot.builders import SEEDS, make_settings

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.usefixtures("ids")
async def test_console_answers_each_line(conversation: Conversation) -> None:
    stdin = io.StringIO("/tinh bac kan\n\n/chitieu thu ngan sach\nxin chào\n")
    stdout = io.StringIO()
    assert await run_console(conversation, stdin, stdout) == 3
    transcript = stdout.getvalue()
    assert transcript.count(SEPARATOR) == 3
    assert transcript.startswith("> /tinh bac kan\nℹ️ Bắc Kạn đã sáp nhập vào Thái Nguyên")
    assert "> /chitieu thu ngan sach\n📊 Thu ngân sách" in transcript
    assert "<b>" not in transcript


async def test_console_survives_a_failing_handler(
    conversation: Conversation, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(store, "latest_reports", broken)
    stdout = io.StringIO()
    await run_console(conversation, io.StringIO("/moinhat\n/trogiup\n"), stdout)
    assert "Đã có lỗi" in stdout.getvalue() and "/tinh" in stdout.getvalue()


async def test_seeds_load_once(services: Services, store: Store) -> None:
    first = await load_seeds(services, SEEDS)
    assert [r.outcome for r in first] == ["stored"] * len(list(SEEDS.glob("*.txt")))
    assert await load_seeds(services, SEEDS) == []  # not empty any more: nothing to do
    assert await store.count_reports() == len(first)


async def test_serve_console_on_a_fresh_database(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, seeds_dir=SEEDS)
    stdout = io.StringIO()
    await serve_console(settings, io.StringIO("/tinh bac kan\n"), stdout)
    assert "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14" in stdout.getvalue()


@pytest.mark.slow
def test_bantin_console_in_a_pipe(tmp_path: Path) -> None:
    """The README's example: printf '...' | bantin console, offline, no token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BANTIN_"))}
    env["BANTIN_DB"] = str(tmp_path / "console.db")
    env["BANTIN_SEEDS_DIR"] = str(SEEDS)
    command = [sys.executable, "-m", "bot.cli", "--config", str(tmp_path / "absent.toml"), "run"]
    result = subprocess.run(
        command, input="/tinh bac kan\n/chitieu thu ngan sach\n", capture_output=True,
        text=True, env=env, cwd=REPO, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "starting the offline console" in result.stderr
    assert "> /tinh bac kan\n" in result.stdout and "> /chitieu thu ngan sach\n" in result.stdout
    assert "Thái Nguyên" in result.stdout and "📊 Thu ngân sách" in result.stdout
