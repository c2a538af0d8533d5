"""An offline chat over stdin/stdout, through the same core as the chat apps.

Each input line is one message; each reply is printed in the plain-text flavour, cut at
2,000 characters as Zalo would receive it. Input that is not a terminal (a pipe, a file) is
echoed before its reply, so a transcript reads like a conversation:

    printf '/tinh bac kan\\n/chitieu thu ngan sach\\n' | bantin console

`/nhap` takes a pasted report over several lines: everything up to a blank line, Ctrl-D or
the next command is one message. On a terminal a paste arrives as one burst, so a blank
line followed at once by more pasted lines (paragraphs) does not end it; a blank line typed
by hand does.

A reply that carries a file (a chart from /bieudo, a spreadsheet from /xuat) writes it to
`files_dir` (data/files next to the log) and prints its path after the caption.

Input is read by a daemon thread straight from the file descriptor, so Ctrl-C ends the
console at once: nothing waits for a line that will never come, and no lock on sys.stdin
is held when the interpreter exits.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import logging
import os
import threading
from pathlib import Path
from typing import TextIO

from bot.core import (
    ZALO_LIMIT,
    Command,
    Conversation,
    Reply,
    Request,
    parse_command,
    split_message,
)

logger = logging.getLogger(__name__)

CHANNEL = "console"
FILES_DIR = Path("data/files")
LOCAL_CHAT = "local"
SEPARATOR = "─" * 40
PASTE_HINT = "(Dán nội dung báo cáo; kết thúc bằng một dòng trống hoặc Ctrl-D.)"
BURST_SECONDS = 0.15  # lines of one terminal paste arrive within this of each other
_CHUNK = 65536


class LineReader:
    """Lines from stdin, fed by a daemon thread; `None` is an end of input (Ctrl-D)."""

    def __init__(self, stdin: TextIO) -> None:
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self.tty = stdin.isatty()
        target = self._read_fd if _fileno(stdin) is not None else self._read_lines
        thread = threading.Thread(target=target, args=(stdin,), name="console-input", daemon=True)
        thread.start()

    def _put(self, line: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: the console is done
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)

    def _read_fd(self, stdin: TextIO) -> None:
        fd = _fileno(stdin)
        assert fd is not None
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except OSError:
                chunk = b""
            if not chunk:
                if pending:
                    self._put(pending)
                    pending = ""
                self._put(None)
                if self.tty:
                    continue  # Ctrl-D on a terminal ends a paste, not the terminal
                return
            pending += decoder.decode(chunk)
            *lines, pending = pending.split("\n")
            for line in lines:
                self._put(line + "\n")

    def _read_lines(self, stdin: TextIO) -> None:
        while line := stdin.readline():
            self._put(line)
        self._put(None)

    async def get(self) -> str | None:
        return await self._queue.get()

    async def get_soon(self, seconds: float) -> str | None | bool:
        """The next line if one arrives within `seconds`; False if none did."""
        try:
            return await asyncio.wait_for(self._queue.get(), seconds)
        except TimeoutError:
            return False

    def unget(self, line: str | None) -> None:
        """Put a line back in front (a command that ended a paste)."""
        items = [line]
        while not self._queue.empty():
            items.append(self._queue.get_nowait())
        for item in items:
            self._queue.put_nowait(item)


def _fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):  # io.StringIO and friends
        return None


def takes_paste(text: str) -> bool:
    """Whether a line starts a multi-line paste: /nhap with no URL after it.

    >>> takes_paste("/nhap"), takes_paste("/nhap không gửi"), takes_paste("/nhap Hội nghị")
    (True, True, True)
    >>> takes_paste("/nhap https://baothainguyen.vn/a.html"), takes_paste("/tinh bac kan")
    (False, False)
    """
    parsed = parse_command(text)
    if parsed is None or parsed.command is not Command.INGEST:
        return False
    words = parsed.args.split()
    return not (len(words) >= 1 and "://" in words[-1] and len(words) <= 3)


async def _read_paste(lines: LineReader) -> tuple[list[str], bool]:
    """The pasted lines, and whether input ended for good. Stops at a blank line (unless
    more of the same terminal burst follows), at Ctrl-D, or at a command (put back: it is
    the next message)."""
    pasted: list[str] = []
    while True:
        line = await lines.get()
        if line is None:
            return pasted, not lines.tty
        if parse_command(line.strip()) is not None:
            lines.unget(line)
            return pasted, False
        if line.strip():
            pasted.append(line.rstrip("\n"))
            continue
        if not (lines.tty and pasted):
            return pasted, False
        following = await lines.get_soon(BURST_SECONDS)
        if following is False:  # nothing came after the blank line: typed, not pasted
            return pasted, False
        lines.unget(following)  # the paste goes on: keep its paragraph break
        pasted.append("")


async def run_console(conversation: Conversation, stdin: TextIO, stdout: TextIO,
                      files_dir: Path = FILES_DIR) -> int:
    """Answer every message until end of input; returns the number of messages answered."""
    lines = LineReader(stdin)
    interactive = lines.tty
    answered = 0
    ended = False
    while not ended:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = await lines.get()
        if line is None:
            break
        text = line.strip()
        if not text:
            continue
        if not interactive:
            stdout.write(f"> {text}\n")
        if takes_paste(text):
            if interactive:
                stdout.write(f"{PASTE_HINT}\n")
                stdout.flush()
            pasted, ended = await _read_paste(lines)
            if pasted:
                text = "\n".join([text, *pasted])
                if not interactive:
                    stdout.write("".join(f"  {p}\n" for p in pasted))
        answered += await _answer(conversation, text, stdout, files_dir)
    if interactive:
        stdout.write("\n")
    return answered


def save_file(reply: Reply, files_dir: Path) -> Path | None:
    """Write the reply's file, if it carries one; its path (the same name is overwritten:
    the newest chart of a query is the one wanted)."""
    if reply.file is None:
        return None
    files_dir.mkdir(parents=True, exist_ok=True)
    path = files_dir / reply.file.filename
    path.write_bytes(reply.file.data)
    return path


async def _answer(conversation: Conversation, text: str, stdout: TextIO,
                  files_dir: Path = FILES_DIR) -> int:
    request = Request(channel=CHANNEL, chat_id=LOCAL_CHAT, sender_id=LOCAL_CHAT, text=text)
    try:
        reply = await conversation.handle(request)
    except Exception:  # the same rule as the chat apps: log, apologise, carry on
        logger.exception("console request failed: %s", text[:80])
        reply = conversation.error_reply()
    if reply is not None:
        for chunk in split_message(reply.text, ZALO_LIMIT, html=False):
            stdout.write(f"{chunk}\n")
        if (path := save_file(reply, files_dir)) is not None:
            stdout.write(f"Đã lưu tệp: {path}\n")
    stdout.write(f"{SEPARATOR}\n")
    stdout.flush()
    return 1 if reply is not None else 0
