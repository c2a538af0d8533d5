"""The Zalo adapter: Zalo Bot Platform events in, plain-text replies out, same core.

The platform is Telegram-shaped but poorer (bot-anchors.md section 3a): no inline buttons,
no edits, no command menu, 2,000 characters a message, no published rate limits. So:

- a reply is sent in its plain-text flavour (`Reply.text`), cut by `split_message` at
  paragraph then line boundaries to 2,000 characters (counted in UTF-16 units as the
  platform counts them, so a chunk dense with emoji is cut a little shorter);
- buttons become typed choices: the templates already spell out each button's command
  ("Cuộc họp trước: /tinh thai nguyen 2"); a button whose command the text does not name
  gets a "Gõ <lệnh>: <nhãn>" line, so nothing a Telegram user can tap is lost here;
- images, stickers and "unsupported" events (what the platform sends instead of the
  content for protected users) get a short hint in private chats;
- in group chats (beta on the platform: the bot only sees @mentions and replies to it) a
  leading @mention is dropped before the command, and the core ignores chatter;
- outgoing messages pass through `ZaloRateLimiter` (a conservative overall rate and a
  per-chat rate with a small burst, configurable), and a 429 "Quota exceeded" pauses every
  send for the time the platform asks and halves the overall rate for a while;
- a chat that refuses messages (403) gets a strike on its subscription; three in a row switch
  it off, as the delivery layer does (the platform's 403 is not only "blocked").

Two ways in, mutually exclusive on the platform: long polling (`getUpdates`, one event per
call; development) and a webhook (production): a small aiohttp server that checks the
`X-Bot-Api-Secret-Token` header in constant time, answers 403 to everything else, answers
the platform at once and handles the event in a background task that shutdown awaits.
Events of one chat are handled in arrival order; different chats run concurrently.

`ZaloReplySender.send(chat_id, text)` is the path of direct replies: split, rate-limited,
retried on 429 within a bound, raising `ZaloRetryAfter`, `ZaloForbidden`, `ZaloBadRequest`
or `ZaloNetworkError` to its caller. The outbox (digests pushed to subscribers) has its own
sender and limiter in bot/delivery/zalo.py, with the same configured rates.

Sources: the official docs (https://bot.zaloplatforms.com/docs, read in the copy
lamdt1/ckvn-bot:docs/zalo-bot-doc.md): webhook sample answering 403 on a wrong secret,
getUpdates "only for development", event names, the protected-user rule; the rate limiter is
the "generic cell rate algorithm" (virtual scheduling, ITU-T I.371), hand-written because
it is a dozen lines and must be slowed down from outside on a 429.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import regex
from aiohttp import web

from bot.channels.zalo_client import (
    EVENT_IMAGE,
    EVENT_STICKER,
    LOOPBACK_HOSTS,
    MAX_TEXT_LENGTH,
    WEBHOOK_SECRET_HEADER,
    ZaloBotClient,
    ZaloConflict,
    ZaloError,
    ZaloForbidden,
    ZaloMe,
    ZaloRetryAfter,
    ZaloUnauthorized,
    ZaloUpdate,
    parse_webhook_update,
    secret_matches,
    utf16_length,
)
from bot.core import Conversation, Reply, Request, split_message

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = [
    "CHANNEL",
    "ZaloChannel",
    "ZaloRateLimiter",
    "ZaloReplySender",
    "build_zalo_channel",
    "build_zalo_client",
    "hint_for",
    "run_zalo",
    "zalo_chunks",
    "zalo_text",
]

logger = logging.getLogger(__name__)

CHANNEL = "zalo"
MAX_RETRY_WAIT = 30.0  # seconds a 429 may ask us to wait before we give up on a message
SEND_ATTEMPTS = 3  # tries per message when the platform answers 429
MAX_SLOWDOWN = 8.0  # the overall rate is divided by at most this after repeated 429s
SLOWDOWN_RECOVERY = 60.0  # seconds without a 429 before the configured rate returns
POLL_BACKOFF_MAX = 30.0  # seconds between getUpdates retries while the platform fails
DRAIN_TIMEOUT = 30.0  # seconds shutdown waits for events still being handled
SECRET_LENGTHS = (8, 256)  # what setWebhook accepts for secret_token
WEBHOOK_MAX_BODY = 1024 * 1024  # an event is a few hundred bytes; refuse anything huge

_FOOTER = "Gõ lệnh bằng chữ, ví dụ /tinh bac kan, hoặc gõ /trogiup để xem các lệnh."
HINTS = {
    EVENT_IMAGE: f"Bot chưa đọc được ảnh. {_FOOTER}",
    EVENT_STICKER: f"Cảm ơn bạn! Bot chỉ hiểu tin nhắn chữ. {_FOOTER}",
}
HINT_OTHER = f"Bot chưa đọc được loại tin nhắn này. {_FOOTER}"

# "@Bot Bản Tin /tinh bac kan" in a group: the mention the platform puts before the command.
_LEADING_MENTION = regex.compile(
    r"""
    ^\s*@            # a mention at the very start
    [^\n/@]{1,80}?   # the bot's display name (may hold spaces, never a slash)
    \s+(?=/)         # then white space, and the command follows
    """,
    regex.VERBOSE,
)
# Arrows the Telegram button labels carry ("◀ Cuộc họp trước"); they mean nothing typed.
_LABEL_DECORATION = regex.compile(r"^[\s◀▶←→«»]+|[\s◀▶←→«»]+$")


# --- replies as Zalo text ---------------------------------------------------------------------


def zalo_text(reply: Reply) -> str:
    """The reply's plain text, plus a typed choice for any button the text does not name.

    >>> from bot.core import Button
    >>> reply = Reply(text="Thu ngân sách: 19.500 tỷ đồng", html="", template="t",
    ...               buttons=(Button("◀ Cuộc họp trước", "/tinh bac kan 2"),))
    >>> print(zalo_text(reply))
    Thu ngân sách: 19.500 tỷ đồng
    <BLANKLINE>
    Gõ /tinh bac kan 2: Cuộc họp trước
    >>> named = Reply(text="Cuộc họp trước: /tinh bac kan 2", html="", template="t",
    ...               buttons=reply.buttons)
    >>> zalo_text(named) == named.text
    True
    """
    missing = [b for b in reply.buttons if not _names_command(reply.text, b.command)]
    if not missing:
        return reply.text
    choices = "\n".join(
        f"Gõ {b.command}: {_LABEL_DECORATION.sub('', b.label) or b.command}" for b in missing
    )
    return f"{reply.text}\n\n{choices}" if reply.text else choices


def _names_command(text: str, command: str) -> bool:
    """Whether `command` appears in `text` as a whole command line, not as a prefix of one."""
    pattern = regex.escape(command) + r"(?![\w])"
    return regex.search(pattern, text) is not None


def zalo_chunks(text: str, limit: int = MAX_TEXT_LENGTH) -> list[str]:
    """Messages of at most `limit` UTF-16 units, cut at paragraph, then line boundaries.

    `split_message` counts characters; an emoji counts two units on the platform, so a chunk
    too long in those units makes the whole text cut again, shorter in proportion.

    >>> [len(c) for c in zalo_chunks("\\n".join(["Thu ngân sách đạt 104%."] * 200))]
    [1991, 1991, 815]
    >>> [utf16_length(c) for c in zalo_chunks("\\n".join(["📋 Hội nghị Tỉnh ủy"] * 150))]
    [1999, 999]
    """
    size = limit
    while True:
        chunks = split_message(text, size, html=False)
        longest = max((utf16_length(chunk) for chunk in chunks), default=0)
        if longest <= limit or size == 1:
            return chunks
        size = max(1, min(size - 1, size * limit // longest))


def hint_for(event_name: str) -> str:
    """What to say to a message the bot cannot read (an image, a sticker, other content).

    >>> hint_for("message.image.received").startswith("Bot chưa đọc được ảnh.")
    True
    """
    return HINTS.get(event_name, HINT_OTHER)


def command_text(text: str, *, group: bool) -> str:
    """The text the core reads: in a group, without the @mention before the command.

    >>> command_text("@Bot Bản Tin /tinh bac kan", group=True)
    '/tinh bac kan'
    >>> command_text("@Lan xem giúp em", group=True), command_text("@x /tinh", group=False)
    ('@Lan xem giúp em', '@x /tinh')
    """
    return _LEADING_MENTION.sub("", text, count=1) if group else text


# --- rate limiting -----------------------------------------------------------------------------


class ZaloRateLimiter:
    """An overall rate plus a per-chat rate with a burst, as reservations (GCRA).

    Each `reserve(chat)` books the earliest slot both limits allow and returns how long to
    wait for it; `acquire` waits. `slow_down(seconds)` (after a 429) pauses every send for
    that long and halves the overall rate until SLOWDOWN_RECOVERY seconds pass without one.

    >>> now = [0.0]
    >>> limiter = ZaloRateLimiter(5.0, 1.0, 3, clock=lambda: now[0])
    >>> [round(limiter.reserve("a"), 2) for _ in range(4)]  # burst of 3, then 1 a second
    [0.0, 0.2, 0.4, 1.0]
    >>> round(limiter.reserve("b"), 2)  # another chat: only the overall rate applies
    1.2
    >>> now[0] = 10.0; limiter.slow_down(2.0)
    >>> round(limiter.reserve("c"), 2), round(limiter.reserve("d"), 2)  # paused, then 2.5/s
    (2.0, 2.4)
    """

    def __init__(
        self,
        per_second: float = 5.0,
        chat_per_second: float = 1.0,
        chat_burst: int = 3,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0 or chat_per_second <= 0 or chat_burst < 1:
            raise ValueError("rates must be positive and the burst at least 1")
        self.per_second = per_second
        self.chat_interval = 1.0 / chat_per_second
        self.chat_tolerance = (chat_burst - 1) * self.chat_interval
        self.clock = clock
        self.sleep = sleep
        self.slowdown = 1.0
        self._overall_next = float("-inf")
        self._chat_next: dict[str, float] = {}
        self._paused_until = float("-inf")
        self._last_429 = float("-inf")

    @property
    def overall_interval(self) -> float:
        return self.slowdown / self.per_second

    def reserve(self, chat_id: str) -> float:
        """Book one message to `chat_id`; the seconds to wait before sending it."""
        now = self.clock()
        if self.slowdown > 1.0 and now - self._last_429 >= SLOWDOWN_RECOVERY:
            self.slowdown = 1.0
        chat_next = self._chat_next.get(chat_id, now)
        start = max(now, self._paused_until, self._overall_next,
                    chat_next - self.chat_tolerance)
        self._overall_next = start + self.overall_interval
        self._chat_next[chat_id] = max(chat_next, start) + self.chat_interval
        if len(self._chat_next) > 4096:  # forget chats whose budget is full again
            horizon = now - self.chat_tolerance
            self._chat_next = {k: v for k, v in self._chat_next.items() if v > horizon}
        return start - now

    async def acquire(self, chat_id: str) -> None:
        wait = self.reserve(chat_id)
        if wait > 0:
            await self.sleep(wait)

    def slow_down(self, retry_after: float) -> None:
        """The platform said "Quota exceeded": pause everyone, then send more slowly."""
        now = self.clock()
        self._paused_until = max(self._paused_until, now + max(retry_after, 0.0))
        self._overall_next = max(self._overall_next, self._paused_until)
        self.slowdown = min(self.slowdown * 2.0, MAX_SLOWDOWN)
        self._last_429 = now


# --- sending -------------------------------------------------------------------------------------


class ZaloReplySender:
    """Sends text to a chat through the rate limiter; the one sending path for Zalo."""

    def __init__(
        self,
        client: ZaloBotClient,
        limiter: ZaloRateLimiter,
        *,
        attempts: int = SEND_ATTEMPTS,
        max_retry_wait: float = MAX_RETRY_WAIT,
    ) -> None:
        self.client = client
        self.limiter = limiter
        self.attempts = attempts
        self.max_retry_wait = max_retry_wait

    async def send(self, chat_id: str, text: str) -> list[str]:
        """Send `text` as one or more messages; returns their message ids.

        Raises ZaloRetryAfter when 429s persist (the limiter is already slowed down),
        ZaloForbidden when the chat refuses messages, other ZaloErrors as they come. A
        failure part-way leaves the earlier chunks delivered.
        """
        sent = []
        for chunk in zalo_chunks(text):
            sent.append(await self._send_chunk(chat_id, chunk))
        return sent

    async def _send_chunk(self, chat_id: str, chunk: str) -> str:
        for attempt in range(1, self.attempts + 1):
            await self.limiter.acquire(chat_id)
            try:
                message = await self.client.send_message(chat_id, chunk)
            except ZaloRetryAfter as exc:
                self.limiter.slow_down(exc.retry_after)
                if attempt == self.attempts or exc.retry_after > self.max_retry_wait:
                    raise
                logger.info("zalo quota exceeded sending to chat %s: waiting %.1f s",
                            chat_id, exc.retry_after)
                continue
            return message.message_id
        raise AssertionError("unreachable")  # the loop returns or raises


# --- the channel ---------------------------------------------------------------------------------


class ZaloChannel:
    """Turns Zalo events into core requests and replies into rate-limited messages."""

    def __init__(
        self,
        conversation: Conversation,
        client: ZaloBotClient,
        *,
        limiter: ZaloRateLimiter | None = None,
        poll_timeout: int = 30,
    ) -> None:
        self.conversation = conversation
        self.client = client
        self.sender = ZaloReplySender(client, limiter or ZaloRateLimiter())
        self.poll_timeout = poll_timeout
        self.me: ZaloMe | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._chat_locks: dict[str, asyncio.Lock] = {}
        self._chat_users: dict[str, int] = {}
        self._struck: set[str] = set()  # chats we gave a strike since their last success

    # --- events -----------------------------------------------------------------------------

    def dispatch(self, update: ZaloUpdate) -> asyncio.Task[None]:
        """Handle an event in the background (the poll loop and the webhook return at once)."""
        task = asyncio.get_running_loop().create_task(self.process(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def process(self, update: ZaloUpdate) -> None:
        """Answer one event; failures are logged with the chat id and apologised for."""
        message = update.message
        if message is None:
            logger.debug("zalo event %s without a message ignored", update.event_name)
            return
        chat_id = message.chat.id
        async with self._chat_turn(chat_id):
            try:
                text = await self._answer(update)
                if text:
                    await self.send(chat_id, text)
            except Exception:  # the one error handler of this channel
                logger.error("zalo update failed in chat %s", chat_id, exc_info=True)
                await self._apologise(chat_id)

    async def _answer(self, update: ZaloUpdate) -> str | None:
        message = update.message
        assert message is not None
        group = message.chat.chat_type.upper() == "GROUP"
        if not update.is_text:
            return None if group else hint_for(update.event_name)
        if not message.text:
            return None
        sender = message.from_
        request = Request(
            channel=CHANNEL,
            chat_id=message.chat.id,
            sender_id=sender.id if sender else message.chat.id,
            text=command_text(message.text, group=group),
            chat_type="group" if group else "private",
            sender_name=sender.display_name if sender else None,
        )
        reply = await self.conversation.handle(request)
        return None if reply is None else zalo_text(reply)

    @contextlib.asynccontextmanager
    async def _chat_turn(self, chat_id: str) -> AsyncIterator[None]:
        """One event of a chat at a time, in arrival order; the lock is dropped when idle."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        self._chat_users[chat_id] = self._chat_users.get(chat_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._chat_users[chat_id] -= 1
            if not self._chat_users[chat_id]:
                del self._chat_users[chat_id], self._chat_locks[chat_id]

    # --- sending ----------------------------------------------------------------------------

    async def send(self, chat_id: str, text: str) -> None:
        """Send a reply; a chat that refuses it gets a strike instead of an exception."""
        try:
            await self.sender.send(chat_id, text)
        except ZaloForbidden as exc:
            await self._refused(chat_id, exc)
            return
        if chat_id in self._struck:
            self._struck.discard(chat_id)
            subscriber = await self.conversation.services.store.get_subscriber(CHANNEL, chat_id)
            if subscriber is not None:
                await self.conversation.services.store.clear_strikes(subscriber.id)

    async def _refused(self, chat_id: str, exc: ZaloForbidden) -> None:
        store = self.conversation.services.store
        subscriber = await store.get_subscriber(CHANNEL, chat_id)
        if subscriber is None:
            logger.warning("zalo chat %s refuses messages (%s)", chat_id, exc)
            return
        updated = await store.add_strike(subscriber.id)
        self._struck.add(chat_id)
        paused = updated is not None and not updated.active
        logger.warning("zalo chat %s refuses messages (%s); subscription %s", chat_id, exc,
                       "paused" if paused else "kept for now")

    async def _apologise(self, chat_id: str) -> None:
        try:
            await self.send(chat_id, zalo_text(self.conversation.error_reply()))
        except Exception as exc:  # the platform or the store is down: logging is all that's left
            logger.warning("could not tell zalo chat %s about the error: %s", chat_id, exc)

    # --- polling ----------------------------------------------------------------------------

    async def poll(self, stop: asyncio.Event) -> None:
        """Long-poll until `stop` is set (removing a webhook first: the modes exclude each
        other). An event fetched as the stop comes may be lost: the platform has no offset."""
        info = await self.client.get_webhook_info()
        if info.is_set:
            logger.warning("removing the Zalo webhook %s to poll for updates", info.url)
            await self.client.delete_webhook()
        logger.info("zalo: polling for updates")
        await _until_stopped(self._poll_loop(), stop)

    async def _poll_loop(self) -> None:
        backoff = 1.0
        while True:
            try:
                update = await self.client.get_updates(timeout=self.poll_timeout)
            except ZaloUnauthorized:
                raise RuntimeError("Zalo rejected the bot token (ZALO_BOT_TOKEN)") from None
            except ZaloRetryAfter as exc:
                await asyncio.sleep(min(exc.retry_after, POLL_BACKOFF_MAX))
                continue
            except ZaloError as exc:  # network trouble, or a webhook set by someone else
                level = logging.ERROR if isinstance(exc, ZaloConflict) else logging.WARNING
                logger.log(level, "zalo getUpdates failed (%s); retrying in %.0f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, POLL_BACKOFF_MAX)
                continue
            backoff = 1.0
            if update is not None:
                self.dispatch(update)

    # --- webhook ----------------------------------------------------------------------------

    def webhook_app(self, path: str, secret: str) -> web.Application:
        """POST `path` with the right secret: 200 at once, event handled in the background.
        Anything else (wrong or missing secret, another path or method): 403."""
        if not secret:
            raise ValueError("a Zalo webhook needs a secret")

        async def receive(request: web.Request) -> web.Response:
            if not secret_matches(request.headers.get(WEBHOOK_SECRET_HEADER), secret):
                logger.warning("zalo webhook: refused a call without the right secret")
                return _forbidden()
            try:
                update = parse_webhook_update(await request.read())
            except ValueError as exc:
                logger.warning("zalo webhook: unreadable event (%s)", exc)
                return web.json_response({"message": "Bad request"}, status=400)
            self.dispatch(update)
            return web.json_response({"message": "Success"})

        async def refuse(request: web.Request) -> web.Response:
            return _forbidden()

        app = web.Application(client_max_size=WEBHOOK_MAX_BODY)
        app.router.add_post(path, receive)
        app.router.add_route("*", "/{anything:.*}", refuse)
        return app

    async def serve_webhook(
        self, url: str, secret: str, listen: str, port: int, stop: asyncio.Event
    ) -> None:
        """Listen on `listen:port`, register `url` with the platform, serve until `stop`."""
        path = urlsplit(url).path or "/"
        runner = web.AppRunner(self.webhook_app(path, secret), access_log=None,
                               shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, listen, port).start()
            await self.client.set_webhook(url, secret)
            logger.info("zalo: webhook listening on %s:%d%s", listen, port, path)
            await stop.wait()
        finally:
            await runner.cleanup()

    # --- life cycle ---------------------------------------------------------------------------

    async def check_token(self) -> ZaloMe:
        """getMe: fails early, without quoting the token, when the platform rejects it."""
        try:
            self.me = await self.client.get_me()
        except ZaloUnauthorized:
            raise RuntimeError("Zalo rejected the bot token (ZALO_BOT_TOKEN)") from None
        logger.info("zalo bot %s is running", self.me.account_name or self.me.id)
        return self.me

    async def drain(self, timeout: float = DRAIN_TIMEOUT) -> None:  # noqa: ASYNC109
        """Wait for the events still being handled; cancel what is left after `timeout`."""
        pending = set(self._tasks)
        if not pending:
            return
        _, late = await asyncio.wait(pending, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            logger.warning("zalo: %d event(s) cancelled at shutdown", len(late))
            await asyncio.gather(*late, return_exceptions=True)


def _forbidden() -> web.Response:
    return web.json_response({"message": "Unauthorized"}, status=403)


async def _until_stopped(work: Awaitable[None], stop: asyncio.Event) -> None:
    """Run `work` until it ends (its exception propagates) or `stop` is set (it is cancelled)."""
    worker = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({worker, stopper}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        worker.cancel()
        stopper.cancel()
        raise
    stopper.cancel()
    if worker.done():
        worker.result()  # re-raises what the worker failed with
        return
    worker.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await worker


# --- construction and running ------------------------------------------------------------------


def _is_loopback(url: str | None) -> bool:
    return bool(url) and urlsplit(url).hostname in LOOPBACK_HOSTS


def build_zalo_client(settings: Settings) -> ZaloBotClient:
    """The API client for `settings` (a plain-HTTP webhook is accepted only on loopback)."""
    token = settings.zalo_token()
    if not token:
        raise ValueError("ZALO_BOT_TOKEN is not set")
    return ZaloBotClient(
        token,
        base_url=settings.zalo_api_base_url,
        timeout=max(35.0, settings.zalo_poll_timeout + 5.0),
        allow_insecure_webhook=_is_loopback(settings.zalo_webhook_url),
    )


def build_zalo_channel(
    settings: Settings, conversation: Conversation, client: ZaloBotClient | None = None
) -> ZaloChannel:
    limiter = ZaloRateLimiter(
        settings.zalo_messages_per_second,
        settings.zalo_chat_messages_per_second,
        settings.zalo_chat_burst,
    )
    return ZaloChannel(
        conversation,
        client or build_zalo_client(settings),
        limiter=limiter,
        poll_timeout=settings.zalo_poll_timeout,
    )


async def run_zalo(
    settings: Settings,
    conversation: Conversation,
    stop: asyncio.Event,
    *,
    channel: ZaloChannel | None = None,
) -> None:
    """Run the Zalo bot until `stop`: webhook if ZALO_WEBHOOK_URL is set, else polling.

    On the way out, events still being handled are awaited, then the client is closed.
    """
    secret = settings.zalo_secret() or ""
    if settings.zalo_webhook_url and not SECRET_LENGTHS[0] <= len(secret) <= SECRET_LENGTHS[1]:
        raise ValueError("ZALO_WEBHOOK_URL needs a ZALO_WEBHOOK_SECRET of 8-256 characters")
    channel = channel or build_zalo_channel(settings, conversation)
    try:
        await channel.check_token()
        if settings.zalo_webhook_url:
            await channel.serve_webhook(
                settings.zalo_webhook_url,
                secret,
                settings.zalo_webhook_listen,
                settings.zalo_webhook_port,
                stop,
            )
        else:
            await channel.poll(stop)
    finally:
        await channel.drain()
        await channel.client.aclose()
