"""What goes into the conversation core and what comes out: plain frozen data.

A channel adapter turns its platform's update into a `Request` and a `Reply` back into its
platform's calls. Nothing here knows Telegram or Zalo: a `Reply` carries the same answer as
plain text (Zalo, the console: no markup, 2,000 characters a message) and as Telegram HTML,
and `buttons` are optional shortcuts whose `command` is an ordinary command line, so a
channel without buttons loses nothing (the text already names the command to type).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Attachment:
    """A file that came with a message, fetched only when a handler needs its bytes."""

    filename: str
    size: int | None
    fetch: Callable[[], Awaitable[bytes]] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Request:
    """One message to the bot: who sent it where, and what they wrote."""

    channel: str  # "telegram" | "zalo" | "console"
    chat_id: str
    sender_id: str
    text: str
    chat_type: str = "private"  # "private" | "group" | "supergroup" | "channel"
    sender_name: str | None = None
    bot_username: str | None = None  # to tell "/tinh@us" from "/tinh@another_bot"
    attachment: Attachment | None = None
    replied_attachment: Attachment | None = None  # the command answers a message with a file
    replied_text: str | None = None  # ... or a message with text

    @property
    def is_group(self) -> bool:
        return self.chat_type != "private"


@dataclass(frozen=True)
class Button:
    """A shortcut for a command the reply text also spells out."""

    label: str
    command: str


class FileKind(StrEnum):
    PHOTO = "photo"  # a PNG chart
    DOCUMENT = "document"  # a spreadsheet


@dataclass(frozen=True)
class ReplyFile:
    """A file a reply carries (a chart, a spreadsheet). The reply's text and html are its
    caption; `fallback_text` / `fallback_html` are what a channel that cannot send this kind
    of file sends instead (the same figures as lines), with the caption before them."""

    kind: FileKind
    data: bytes = field(repr=False)
    filename: str
    fallback_text: str = ""
    fallback_html: str = ""


@dataclass(frozen=True)
class Reply:
    """One answer in two flavours. `template` names the reply kind (tests, logs)."""

    text: str
    html: str
    template: str
    buttons: tuple[Button, ...] = ()
    file: ReplyFile | None = None
