"""The channel-neutral way out: a `Sender` sends one message and raises normalised errors.

The outbound port (bot.delivery.port) only knows this protocol. Each channel adapts its
client to it and translates its own exceptions into the five below, so retry, flood control
and blocked-chat handling are written once for every channel:

* `RetryAfter(seconds, scope)`: flood control. `scope` says what must slow down: one chat
  (Telegram's 429 names the chat it concerns) or the whole channel (Zalo's "Quota
  exceeded" is per bot).
* `Blocked`: the user blocked the bot, left, or was deactivated (403).
* `ChatNotFound`: the chat does not exist (any more) for this bot.
* `Transient`: a timeout, a connection failure, a 5xx or a proxy's HTML page: try again later.
* `Rejected`: the platform refused this message for good (400: bad markup, too long).

A sender also says how it wants text (`html`), how a text too long for one message is cut
(`split`, counted as the platform counts) and its speed limits (`limits`). Buttons and the
message a reply answers are passed through; a channel without them ignores them.

Files (a chart, a spreadsheet: `bot.core.messages.ReplyFile`) go out with `send_file` when
the sender `accepts` their kind; otherwise the port sends the file's text fallback through
`send`. A text-only sender need not define either (the port treats it as accepting none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from bot.core.messages import Button, FileKind, ReplyFile


class DeliveryError(Exception):
    """A message could not be sent; the subclass says what to do about it."""


class RetryAfter(DeliveryError):
    """Flood control: wait `seconds` before sending to the chat (or channel) again."""

    def __init__(self, seconds: float, scope: Literal["chat", "channel"] = "chat") -> None:
        super().__init__(f"flood control: retry after {seconds:g} s ({scope})")
        self.seconds = max(float(seconds), 0.0)
        self.scope = scope


class Blocked(DeliveryError):
    """The chat refuses the bot (blocked, kicked, deactivated)."""


class ChatNotFound(DeliveryError):
    """The chat is unknown to the platform."""


class Transient(DeliveryError):
    """A failure that may pass: retried with backoff, a bounded number of times."""


class Rejected(DeliveryError):
    """The platform will never accept this message as it is: parked as failed at once."""


@dataclass(frozen=True)
class ChannelLimits:
    """How fast one channel may send, enforced before each request.

    `per_second` messages overall (a strict sliding window of one second); private chats get
    `private_burst` messages back to back, then `private_per_second`; groups and channels
    `group_limit` per `group_window` seconds. `margin` seconds are added to every window so
    that the limiter stays just under the platform's limit.
    """

    per_second: float = 30.0
    private_per_second: float = 1.0
    private_burst: int = 3
    group_limit: int = 20
    group_window: float = 60.0
    margin: float = 0.01

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.private_per_second <= 0 or self.group_window <= 0:
            raise ValueError("rates and windows must be positive")
        if self.private_burst < 1 or self.group_limit < 1 or self.margin < 0:
            raise ValueError("bursts and limits must be at least 1, the margin not negative")


@runtime_checkable
class Sender(Protocol):
    """One channel's way to send a message (see the module docstring for the errors)."""

    channel: str  # "telegram" | "zalo": the value stored in subscribers.channel
    html: bool  # True: `text` is Telegram HTML; False: plain text
    limits: ChannelLimits

    def split(self, text: str) -> list[str]:
        """`text` as messages short enough for the platform, in order."""
        ...

    async def send(
        self, chat_id: str, text: str, *, buttons: Sequence[Button] = (),
        reply_to: int | None = None,
    ) -> None:
        """Send one message or raise a `DeliveryError`."""
        ...


@runtime_checkable
class FileSender(Sender, Protocol):
    """A sender that can also send some kinds of file, with a caption."""

    caption_limit: int  # characters of caption the platform takes with a file

    def accepts(self, kind: FileKind) -> bool:
        """Whether `send_file` can send this kind of file."""
        ...

    async def send_file(
        self, chat_id: str, file: ReplyFile, *, caption: str = "",
        buttons: Sequence[Button] = (), reply_to: int | None = None,
    ) -> None:
        """Send one file (with its caption) or raise a `DeliveryError`."""
        ...


GROUP_CHAT_TYPES = frozenset({"group", "supergroup", "channel"})


def is_group(chat_type: str) -> bool:
    """Groups and channels have their own, slower limit.

    >>> is_group("supergroup"), is_group("private")
    (True, False)
    """
    return chat_type in GROUP_CHAT_TYPES
