"""One way out per channel token: every message a channel sends goes through its port.

A port is the channel's `Sender` (which only translates: a text in, the platform's answer
out as a normalised error), its `Gate` (each chat's limits, the overall budget, replies
before bulk), the channel's way of cutting long texts (`split`) and one refusal policy:

==============================  =============================================================
the platform answers            what the port does
==============================  =============================================================
429 (`RetryAfter`)              the chat pauses for the time asked, or the whole port does
                                and slows down when the 429 is about the bot's overall
                                budget (`Gate.refused`); a reply then waits and tries again,
                                a delivery goes back to the outbox, due after the pause
403, chat not found             a strike for the chat's subscriber; `strikes` in a row make
(`Blocked`, `ChatNotFound`)     it inactive (its queued deliveries are skipped); a message
                                that goes through clears them
400 (`Rejected`)                never retried: it would fail the same way
5xx, timeouts, network          a reply is tried again, at most `RetryPolicy.attempts` times
(`Transient`)                   with exponential backoff and jitter; a delivery goes back to
                                the outbox, which retries it with backoff (bot.delivery.
                                dispatcher) and parks it after `delivery_max_attempts`
==============================  =============================================================

A reply may carry a file (a chart, a spreadsheet: `Message.file`): a sender that `accepts`
its kind sends it with the reply's text as caption (the text follows as messages when it is
longer than the platform's caption); any other sender gets the file's text fallback after
the caption, so the same figures reach every channel. Either way one ticket per request, the
same limits and refusal policy.

Two ways in: `reply` (a conversation's answer: `Priority.REPLY`, retried here, never
raises) and `deliver` (a row of the outbox, handed a first ticket by the dispatcher, one
try per part: durability and retries belong to the outbox).

Built by the composition root (bot.delivery.runtime.open_ports) from the settings, one per
channel token; the conversation's channel adapters and the dispatcher share it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from bot.core.messages import Button, ReplyFile
from bot.delivery.gate import Gate, Priority
from bot.delivery.limiter import Ticket
from bot.delivery.sender import (
    Blocked,
    ChatNotFound,
    DeliveryError,
    FileSender,
    Rejected,
    RetryAfter,
    Sender,
    Transient,
)
from bot.storage import Store

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[object]]


class Outcome(StrEnum):
    SENT = "sent"
    THROTTLED = "throttled"  # 429: try again after `retry_after`
    REFUSED = "refused"  # the chat refuses the bot (a strike was counted)
    REJECTED = "rejected"  # refused for good (400)
    FAILED = "failed"  # 5xx, timeouts, network (a reply: after its retries)


@dataclass(frozen=True)
class Message:
    """What to send: the whole text in the channel's format; the port cuts it."""

    chat_id: str
    text: str
    group: bool = False
    buttons: tuple[Button, ...] = ()  # under the last part
    reply_to: int | None = None  # the user's message the first part answers
    file: ReplyFile | None = None  # sent first, `text` as its caption (or its fallback)


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    sent: int  # parts delivered, counted from the first part of the message
    error: str | None = None
    retry_after: float = 0.0
    deactivated: bool = False  # the refusal made the subscriber inactive

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SENT


@dataclass(frozen=True)
class RetryPolicy:
    """How hard a reply tries (deliveries are retried by the outbox instead)."""

    attempts: int = 4  # tries of one part on timeouts and 5xx
    backoff: float = 0.5  # first wait, doubled each time, with jitter
    backoff_max: float = 8.0
    max_retry_after: float = 60.0  # a 429 asking longer than this makes a reply give up
    max_throttles: int = 5  # 429s one part may draw before the reply gives up


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: between half and all of base * 2**(attempt-1).

    >>> rng = random.Random(1)
    >>> [round(backoff(n, 2.0, 300.0, rng), 2) for n in (1, 2, 3, 10)]
    [1.13, 3.69, 7.06, 188.26]
    """
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return ceiling * rng.uniform(0.5, 1.0)


class Refusals:
    """Strikes for chats that refuse the bot, the same for replies and deliveries."""

    def __init__(self, store: Store, channel: str, strikes: int) -> None:
        self.store = store
        self.channel = channel
        self.strikes = strikes
        self._struck: set[str] = set()  # chats this process struck since their last success

    async def refused(self, chat_id: str, error: str, *, delivery_id: int | None = None,
                      due: datetime | None = None) -> bool:
        """Count a strike; True if the chat's subscriber went inactive with it."""
        self._struck.add(chat_id)
        try:
            inactive = await self.store.outbox.strike_chat(
                self.channel, chat_id, limit=self.strikes, error=error,
                delivery_id=delivery_id, due=due,
            )
        except Exception as exc:  # the store went away: the next refusal counts again
            logger.warning("%s chat %s refuses messages (%s); could not count it: %s",
                           self.channel, chat_id, error, exc)
            return False
        logger.warning("%s chat %s refuses messages (%s)%s", self.channel, chat_id, error,
                       "; subscriber now inactive" if inactive else "")
        return inactive

    async def delivered(self, chat_id: str) -> None:
        """A message went through: earlier refusals are no longer "in a row"."""
        if chat_id not in self._struck:
            return
        self._struck.discard(chat_id)
        try:
            await self.store.outbox.clear_chat_strikes(self.channel, chat_id)
        except Exception as exc:
            logger.warning("%s chat %s: could not clear strikes: %s", self.channel, chat_id, exc)


class OutboundPort:
    """The one way out of one channel token (see the module docstring)."""

    def __init__(self, sender: Sender, gate: Gate, refusals: Refusals, *,
                 policy: RetryPolicy | None = None, rng: random.Random | None = None,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.sender = sender
        self.gate = gate
        self.refusals = refusals
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.counts: dict[str, int] = {}

    @property
    def channel(self) -> str:
        return self.sender.channel

    @property
    def html(self) -> bool:
        return self.sender.html

    def split(self, text: str) -> list[str]:
        return self.sender.split(text)

    def _count(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    # --- replies ---------------------------------------------------------------------------

    async def reply(self, message: Message) -> Result:
        """Send a conversation's answer ahead of bulk messages; never raises (a failure is
        logged and returned)."""
        if message.file is not None:
            return await self._reply_with_file(message, message.file)
        parts = self.split(message.text)
        for index, part in enumerate(parts):
            result = await self._reply_part(
                message, part,
                buttons=message.buttons if index == len(parts) - 1 else (),
                reply_to=message.reply_to if index == 0 else None,
            )
            if not result.ok:
                logger.warning("%s reply to chat %s not sent (%s after %d of %d parts): %s",
                               self.channel, message.chat_id, result.outcome, index,
                               len(parts), result.error)
                return Result(result.outcome, index, result.error, result.retry_after,
                              result.deactivated)
        self._count("replies")
        await self.refusals.delivered(message.chat_id)
        return Result(Outcome.SENT, len(parts))

    def accepts(self, file: ReplyFile) -> bool:
        """Whether this channel sends `file` as a file (else its text fallback goes out)."""
        return isinstance(self.sender, FileSender) and self.sender.accepts(file.kind)

    async def _reply_with_file(self, message: Message, file: ReplyFile) -> Result:
        if not self.accepts(file):
            fallback = file.fallback_html if self.html else file.fallback_text
            text = "\n\n".join(part for part in (message.text, fallback) if part)
            return await self.reply(replace(message, text=text, file=None))
        assert isinstance(self.sender, FileSender)
        fits = len(message.text) <= self.sender.caption_limit
        caption = message.text if fits else ""
        result = await self._reply_part(
            message, caption, buttons=message.buttons if fits else (),
            reply_to=message.reply_to, file=file,
        )
        if not result.ok:
            logger.warning("%s file reply to chat %s not sent (%s): %s", self.channel,
                           message.chat_id, result.outcome, result.error)
            return result
        if fits or not message.text:
            self._count("replies")
            await self.refusals.delivered(message.chat_id)
            return Result(Outcome.SENT, 1)
        rest = await self.reply(replace(message, file=None, reply_to=None))
        return replace(rest, sent=rest.sent + 1)

    async def _reply_part(self, message: Message, text: str, *, buttons: Sequence[Button],
                          reply_to: int | None, file: ReplyFile | None = None) -> Result:
        chat = message.chat_id
        failures = throttles = 0
        while True:
            ticket = await self.gate.acquire(chat, message.group, Priority.REPLY)
            result = await self._send(ticket, text, buttons=buttons, reply_to=reply_to,
                                      file=file)
            if result.outcome is Outcome.THROTTLED:
                throttles += 1
                if throttles > self.policy.max_throttles \
                        or result.retry_after > self.policy.max_retry_after:
                    return result
                continue  # the gate holds the next try until the pause is over
            if result.outcome is Outcome.FAILED:
                failures += 1
                if failures >= self.policy.attempts:
                    return result
                self._count("reply_retries")
                await self.sleep(backoff(failures, self.policy.backoff,
                                         self.policy.backoff_max, self.rng))
                continue
            if result.outcome is Outcome.REFUSED:
                deactivated = await self.refusals.refused(chat, result.error or "refused")
                return Result(Outcome.REFUSED, 0, result.error, deactivated=deactivated)
            return result

    # --- deliveries --------------------------------------------------------------------------

    async def deliver(
        self,
        chat_id: str,
        parts: Sequence[str],
        *,
        group: bool,
        start: int = 0,
        ticket: Ticket | None = None,
        on_part: Callable[[int], Awaitable[None]] | None = None,
        delivery_id: int | None = None,
        refused_due: datetime | None = None,
    ) -> Result:
        """Send `parts[start:]` of an outbox row, one try each. `ticket` is the first part's
        turn (from `Gate.try_start`); later parts wait for theirs. `on_part(n)` records that
        the first `n` parts went out, before the next one is sent."""
        for index in range(start, len(parts)):
            if ticket is None:
                ticket = await self.gate.acquire(chat_id, group, Priority.BULK)
            result = await self._send(ticket, parts[index])
            ticket = None
            if not result.ok:
                deactivated = False
                if result.outcome is Outcome.REFUSED:
                    deactivated = await self.refusals.refused(
                        chat_id, result.error or "refused", delivery_id=delivery_id,
                        due=refused_due,
                    )
                return Result(result.outcome, index, result.error, result.retry_after,
                              deactivated)
            if index < len(parts) - 1 and on_part is not None:
                await on_part(index + 1)
        return Result(Outcome.SENT, len(parts))

    # --- one request ---------------------------------------------------------------------------

    async def _send(self, ticket: Ticket, text: str, *, buttons: Sequence[Button] = (),
                    reply_to: int | None = None, file: ReplyFile | None = None) -> Result:
        """One request with its ticket (always given back); the answer as a `Result`."""
        try:
            if file is not None:
                assert isinstance(self.sender, FileSender)
                await self.sender.send_file(ticket.chat_key, file, caption=text,
                                            buttons=buttons, reply_to=reply_to)
            else:
                await self.sender.send(ticket.chat_key, text, buttons=buttons,
                                       reply_to=reply_to)
        except RetryAfter as exc:
            self.gate.finish(ticket)
            self._count("throttled")
            slowed = self.gate.refused(ticket, exc.seconds, channel_wide=exc.scope == "channel")
            logger.info("flood control on %s chat %s: %.1f s%s", self.channel, ticket.chat_key,
                        exc.seconds, " (the whole bot slows down)" if slowed else "")
            return Result(Outcome.THROTTLED, 0, str(exc), exc.seconds)
        except (Blocked, ChatNotFound) as exc:
            self.gate.finish(ticket)
            return Result(Outcome.REFUSED, 0, f"{type(exc).__name__}: {exc}")
        except Rejected as exc:
            self.gate.finish(ticket)
            return Result(Outcome.REJECTED, 0, f"{type(exc).__name__}: {exc}")
        except asyncio.CancelledError:
            self.gate.finish(ticket)
            raise
        except Exception as exc:  # Transient, or a bug: bounded retries either way
            self.gate.finish(ticket)
            if not isinstance(exc, Transient | DeliveryError):
                logger.exception("%s send to chat %s failed unexpectedly", self.channel,
                                 ticket.chat_key)
            return Result(Outcome.FAILED, 0, f"{type(exc).__name__}: {exc}")
        self.gate.finish(ticket)
        self._count("sent")
        return Result(Outcome.SENT, 1)

    async def close(self) -> None:
        self.gate.close()
        await self.gate.budget.close()
