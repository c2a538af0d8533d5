"""The offline console: same core, plain-text replies, seeds loaded once into a local database."""

from __future__ import annotations

import asyncio
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
from tests.bot import report_files
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

    monkeypatch.setattr(store.reports, "latest", broken)
    stdout = io.StringIO()
    await run_console(conversation, io.StringIO("/moinhat\n/trogiup\n"), stdout)
    assert "Đã có lỗi" in stdout.getvalue() and "/tinh" in stdout.getvalue()


async def test_seeds_load_once(services: Services, store: Store) -> None:
    first = await load_seeds(services, SEEDS)
    assert [r.outcome for r in first] == ["stored"] * len(list(SEEDS.glob("*.txt")))
    assert await load_seeds(services, SEEDS) == []  # not empty any more: nothing to do
    assert await store.reports.count() == len(first)


async def test_serve_console_on_a_fresh_database(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, seeds_dir=SEEDS)
    stdout = io.StringIO()
    await serve_console(settings, io.StringIO("/tinh bac kan\n/tinh bac kan 2\n"), stdout)
    # Seed 001 states no year: it sorts by the day it was received, before seed 004 (2023).
    assert "Bản tin 1/2 của Thái Nguyên" in stdout.getvalue()
    assert "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 14" in stdout.getvalue()


async def test_readme_sample_digest_is_what_the_console_prints(tmp_path: Path) -> None:
    """Issue 11: the README's quick start showed a digest the bot no longer printed. Its
    sample is the console's answer to `/tinh ninh thuan` on the seeds, to the character."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    intro = readme.index("Bản tin bot trả lời cho `/tinh ninh thuan`")
    start = readme.index("```\n", intro) + 4
    sample = readme[start : readme.index("```\n", start)]
    settings = make_settings(tmp_path, seeds_dir=SEEDS)
    stdout = io.StringIO()
    await serve_console(settings, io.StringIO("/tinh ninh thuan\n"), stdout)
    answer = stdout.getvalue().split("\n", 1)[1].split(SEPARATOR)[0]
    assert answer == sample


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


async def test_multi_line_paste_after_nhap(conversation: Conversation, store: Store) -> None:
    """Issue 11: the console took only the line of /nhap; a pasted report spans lines."""
    lines = report_files.TEXT.replace("\n\n", "\n")  # a paste without blank lines
    stdin = io.StringIO(f"/nhap\n{lines}\n\n/tinh lang son\n")
    stdout = io.StringIO()
    assert await run_console(conversation, stdin, stdout) == 2
    transcript = stdout.getvalue()
    assert "✅ Đã lưu bản tin số 1." in transcript
    stored = await store.reports.get(1)
    assert stored is not None and stored.title == report_files.TITLE
    for paragraph in report_files.PARAGRAPHS:
        assert paragraph in stored.text
    assert "> /tinh lang son\n" in transcript  # the command after the blank line is its own


async def test_paste_ends_at_ctrl_d_or_at_the_next_command(conversation: Conversation,
                                                           store: Store) -> None:
    first, *rest = report_files.TEXT.split("\n\n")
    stdin = io.StringIO(f"/nhap {first}\n" + "\n".join(rest) + "\n/cuatoi\n/nhap không gửi\n"
                        + report_files.TEXT.replace("\n\n", "\n").replace("tháng 7", "tháng 8"))
    stdout = io.StringIO()
    assert await run_console(conversation, stdin, stdout) == 3
    transcript = stdout.getvalue()
    assert transcript.count("✅ Đã lưu bản tin số") == 2
    assert "📦 Chế độ lưu trữ" in transcript  # "/nhap không gửi" then the paste, to Ctrl-D
    assert "> /cuatoi\n" in transcript
    assert await store.reports.count() == 2


@pytest.mark.slow
def test_console_in_a_terminal_paste_and_ctrl_c(tmp_path: Path) -> None:
    """On a terminal: a paste with blank lines between paragraphs is one report (it arrives
    as one burst), logs go to the log file, not into the conversation, and Ctrl-C ends the
    console at once."""
    import pty
    import select
    import signal
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BANTIN_"))}
    env |= {"BANTIN_DB": str(tmp_path / "console.db"), "BANTIN_SEEDS_DIR": str(SEEDS),
            "BANTIN_LOG_FILE": str(tmp_path / "bantin.log")}
    command = [sys.executable, "-m", "bot.cli", "--config", str(tmp_path / "absent.toml"),
               "console"]
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower,
                               env=env, cwd=REPO, start_new_session=True)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, timeout: float = 60) -> bytes:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker not in seen:
            left = deadline - time.monotonic()
            assert left > 0, seen.decode(errors="replace")[-2000:]
            if select.select([leader], [], [], left)[0]:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
        return seen

    try:
        read_until(b"> ")
        os.write(leader, b"/nhap\n")
        read_until("Dán nội dung báo cáo".encode())
        os.write(leader, (report_files.TEXT + "\n\n").encode())  # one burst, blank lines in it
        read_until("✅ Đã lưu bản tin số".encode())
        # Unreachable: the fetch fails, and its WARNING goes to the log, not to the screen.
        os.write(leader, b"/nhap http://127.0.0.1:9/bai-viet.html\n")
        read_until("Không lấy được bài viết".encode())
        read_until(b"> ")
        os.kill(process.pid, signal.SIGINT)
        assert process.wait(timeout=10) == 130  # exits on Ctrl-C, not after the next line
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    screen = seen.decode(errors="replace")
    assert screen.count("✅ Đã lưu bản tin số") == 1 and "Không lưu được" not in screen
    assert "WARNING" not in screen and "Traceback" not in screen
    assert "WARNING bot.ingestion.pipeline" in (tmp_path / "bantin.log").read_text()

    async def stored() -> str:
        async with await Store.connect(str(tmp_path / "console.db")) as store:
            latest = await store.reports.latest(province="Lạng Sơn", limit=1)
            return latest[0].text

    text = asyncio.run(stored())
    for paragraph in report_files.PARAGRAPHS:
        assert paragraph in text
