"""An offline chat over stdin/stdout, through the same core as the chat apps.

Each input line is one message; each reply is printed in the plain-text flavour, cut at
2,000 characters as Zalo would receive it. Input that is not a terminal (a pipe, a file) is
echoed before its reply, so a transcript reads like a conversation:

    printf '/tinh bac kan\\n/chitieu thu ngan sach\\n' | bantin console
"""

from __future__ import annotations

import asyncio
import logging
from typing import TextIO

from bot.core import ZALO_LIMIT, Conversation, Request, split_message

logger = logging.getLogger(__name__)

CHANNEL = "console"
LOCAL_CHAT = "local"
SEPARATOR = "─" * 40


async def run_console(conversation: Conversation, stdin: TextIO, stdout: TextIO) -> int:
    """Answer every line until end of input; returns the number of messages answered."""
    interactive = stdin.isatty()
    answered = 0
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if not interactive:
            stdout.write(f"> {text}\n")
        request = Request(channel=CHANNEL, chat_id=LOCAL_CHAT, sender_id=LOCAL_CHAT, text=text)
        try:
            reply = await conversation.handle(request)
        except Exception:  # the same rule as the chat apps: log, apologise, carry on
            logger.exception("console request failed: %s", text[:80])
            reply = conversation.error_reply()
        if reply is not None:
            for chunk in split_message(reply.text, ZALO_LIMIT, html=False):
                stdout.write(f"{chunk}\n")
            answered += 1
        stdout.write(f"{SEPARATOR}\n")
        stdout.flush()
    if interactive:
        stdout.write("\n")
    return answered
