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
- every reply goes out through the Zalo token's outbound port (bot.delivery.port), the same
  one the outbox's digests and broadcasts use: one rate (`zalo_messages_per_second`, per
  chat `zalo_chat_messages_per_second` after `zalo_chat_burst`), replies ahead of bulk, a
  429 "Quota exceeded" pausing and slowing the whole port, a chat that refuses messages (403)
  getting a strike, `delivery_strikes` in a row making its subscription inactive. This
  module never touches the store.

Two ways in, mutually exclusive on the platform: long polling (`getUpdates`, one event per
call; development) and a webhook (production): a small aiohttp server that checks the
`X-Bot-Api-Secret-Token` header in constant time, answers 403 to everything else, answers
the platform at once and handles the event in a background task that shutdown awaits.
Events of one chat are handled in arrival order; different chats run concurrently.

What the outside cannot do to it:

- an event posted twice (a platform retry, a replay) is handled once: the ids of the last
  `RECENT_EVENTS` events are kept (`RecentEvents`);
- a body that is not an event (not JSON, NaN or Infinity, nesting too deep, a `date` no
  calendar holds such as 1e30) gets 400 and one log line; in polling mode such an event is
  logged and skipped, and the loop goes on;
- a body that never arrives gets 408 after `WEBHOOK_BODY_TIMEOUT` seconds;
- at most `MAX_PENDING_EVENTS` events are handled at once: polling waits before fetching
  more, the webhook waits `WEBHOOK_BUSY_WAIT` seconds for room, then answers 503 (the
  platform posts again later).

Sources: the official docs (https://bot.zaloplatforms.com/docs, read in the copy
lamdt1/ckvn-bot:docs/zalo-bot-doc.md): webhook sample answering 403 on a wrong secret,
getUpdates "only for development", event names, the protected-user rule.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable
from urllib.parse import urlsplit

import regex
from aiohttp import web

from bot.core import Conversation, Reply, Request
from bot.core.messages import ReplyFile
from bot.delivery.port import Message, OutboundPort, Result
from bot.delivery.zalo import zalo_chunks
from bot.settings import Settings
from bot.zalo_api import (
    EVENT_IMAGE,
    EVENT_STICKER,
    LOOPBACK_HOSTS,
    WEBHOOK_SECRET_HEADER,
    ZaloBotClient,
    ZaloConflict,
    ZaloError,
    ZaloMalformedUpdate,
    ZaloMe,
    ZaloRetryAfter,
    ZaloUnauthorized,
    ZaloUpdate,
    parse_webhook_update,
    secret_matches,
)

__all__ = [
    "CHANNEL",
    "RecentEvents",
    "ZaloChannel",
    "build_zalo_channel",
    "build_zalo_client",
    "hint_for",
    "run_zalo",
    "zalo_chunks",
    "zalo_text",
]

logger = logging.getLogger(__name__)

CHANNEL = "zalo"
RECENT_EVENTS = 10_000  # event ids remembered, so an event posted twice is handled once
MAX_PENDING_EVENTS = 256  # events handled at once; more wait (polling) or get 503 (webhook)
WEBHOOK_BUSY_WAIT = 5.0  # seconds a webhook call waits for room before 503
WEBHOOK_BODY_TIMEOUT = 10.0  # seconds a webhook body may take to arrive, then 408
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


# --- events seen ---------------------------------------------------------------------------------


class RecentEvents:
    """The ids of the last `size` events: an event posted again is recognised.

    >>> seen = RecentEvents(size=2)
    >>> seen.add("a"), seen.add("b"), seen.add("a"), seen.add("c"), seen.add("a")
    (True, True, False, True, False)
    >>> seen.add("b")  # the oldest id was forgotten to make room for "c"
    True
    """

    def __init__(self, size: int = RECENT_EVENTS) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, event_id: str) -> bool:
        """True if the id is new (and now remembered), False if it was seen recently."""
        if event_id in self._ids:
            self._ids.move_to_end(event_id)
            return False
        self._ids[event_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True

    def discard(self, event_id: str) -> None:
        """Forget an id (its event could not be taken: let it be handled when it returns)."""
        self._ids.pop(event_id, None)


def event_id(update: ZaloUpdate) -> str | None:
    """What identifies an event: its message's id within its chat (events carry no id of
    their own; the platform gives every message one)."""
    message = update.message
    if message is None:
        return None
    return f"{message.chat.id}:{message.message_id}"


# --- the channel ---------------------------------------------------------------------------------


class ZaloChannel:
    """Turns Zalo events into core requests, and replies into messages for the port."""

    def __init__(
        self,
        conversation: Conversation,
        client: ZaloBotClient,
        port: OutboundPort,
        *,
        poll_timeout: int = 30,
        max_pending: int = MAX_PENDING_EVENTS,
        body_timeout: float = WEBHOOK_BODY_TIMEOUT,
        busy_wait: float = WEBHOOK_BUSY_WAIT,
    ) -> None:
        self.conversation = conversation
        self.client = client  # receiving only: getUpdates and the webhook's set-up
        self.port = port
        self.poll_timeout = poll_timeout
        self.body_timeout = body_timeout
        self.busy_wait = busy_wait
        self.me: ZaloMe | None = None
        self.seen = RecentEvents()
        self._room = asyncio.Semaphore(max_pending)
        self._tasks: set[asyncio.Task[None]] = set()
        self._chat_locks: dict[str, asyncio.Lock] = {}
        self._chat_users: dict[str, int] = {}

    # --- events -----------------------------------------------------------------------------

    async def accept(self, update: ZaloUpdate, *, wait: float | None = None) -> str:
        """Take an event to handle in the background: "accepted", "duplicate" (seen
        recently: not handled again) or "busy" (no room within `wait` seconds; None waits
        as long as it takes)."""
        key = event_id(update)
        if key is not None and not self.seen.add(key):
            logger.info("zalo event %s arrived again: handled once already", key)
            return "duplicate"
        try:
            async with asyncio.timeout(wait):
                await self._room.acquire()
        except TimeoutError:
            if key is not None:
                self.seen.discard(key)  # the platform will post it again: handle it then
            return "busy"
        task = asyncio.get_running_loop().create_task(self.process(update))
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return "accepted"

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._room.release()

    def pending(self) -> int:
        """Events being handled now."""
        return len(self._tasks)

    async def process(self, update: ZaloUpdate) -> None:
        """Answer one event; failures are logged with the chat id and apologised for."""
        message = update.message
        if message is None:
            logger.debug("zalo event %s without a message ignored", update.event_name)
            return
        chat_id = message.chat.id
        group = _is_group(update)
        async with self._chat_turn(chat_id):
            try:
                answer = await self._answer(update)
                if answer is not None and (answer[0] or answer[1]):
                    await self.send(chat_id, answer[0], group=group, file=answer[1])
            except Exception:  # the one error handler of this channel
                logger.error("zalo update failed in chat %s", chat_id, exc_info=True)
                await self._apologise(chat_id, group=group)

    async def _answer(self, update: ZaloUpdate) -> tuple[str, ReplyFile | None] | None:
        """The reply's text, and the file it carries (a chart, a spreadsheet), if any."""
        message = update.message
        assert message is not None
        group = _is_group(update)
        if not update.is_text:
            return None if group else (hint_for(update.event_name), None)
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
        return None if reply is None else (zalo_text(reply), reply.file)

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

    async def send(self, chat_id: str, text: str, *, group: bool = False,
                   file: ReplyFile | None = None) -> Result:
        """Hand a reply to the port (split there, limited, retried, refusals struck; a file
        sent as Zalo can, else its text fallback); what could not be sent is logged by the
        port, never raised here."""
        return await self.port.reply(Message(chat_id, text, group=group, file=file))

    async def _apologise(self, chat_id: str, *, group: bool) -> None:
        try:
            await self.send(chat_id, zalo_text(self.conversation.error_reply()), group=group)
        except Exception as exc:  # a bug on the way out: logging is all that's left
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
            except ZaloMalformedUpdate as exc:  # one bad event must not stop the others
                logger.warning("zalo: skipped an event that could not be read (%s)", exc)
                continue
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
                await self.accept(update)  # waits while MAX_PENDING_EVENTS are being handled

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
                async with asyncio.timeout(self.body_timeout):
                    body = await request.read()
            except TimeoutError:
                logger.warning("zalo webhook: the body did not arrive within %.0f s",
                               self.body_timeout)
                return web.json_response({"message": "Request timeout"}, status=408)
            try:
                update = parse_webhook_update(body)
            except ValueError as exc:
                logger.warning("zalo webhook: unreadable event (%s)", _short(exc))
                return web.json_response({"message": "Bad request"}, status=400)
            if await self.accept(update, wait=self.busy_wait) == "busy":
                logger.warning("zalo webhook: %d events in hand, asked the platform to retry",
                               self.pending())
                return web.json_response({"message": "Busy"}, status=503)
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


def _short(exc: Exception, limit: int = 200) -> str:
    """One line of an error, however long the input that caused it."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_group(update: ZaloUpdate) -> bool:
    return update.message is not None and update.message.chat.chat_type.upper() == "GROUP"


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
    settings: Settings, conversation: Conversation, port: OutboundPort,
    client: ZaloBotClient | None = None,
) -> ZaloChannel:
    """The adapter receiving with `client` (default: one from the settings) and answering
    through the Zalo token's outbound `port`."""
    return ZaloChannel(
        conversation,
        client or build_zalo_client(settings),
        port,
        poll_timeout=settings.zalo_poll_timeout,
    )


async def run_zalo(
    settings: Settings,
    conversation: Conversation,
    stop: asyncio.Event,
    *,
    port: OutboundPort | None = None,
    channel: ZaloChannel | None = None,
) -> None:
    """Run the Zalo bot until `stop`: webhook if ZALO_WEBHOOK_URL is set, else polling.
    Replies go out through `port` (or `channel`'s).

    On the way out, events still being handled are awaited, then the client is closed.
    """
    secret = settings.zalo_secret() or ""
    if settings.zalo_webhook_url and not SECRET_LENGTHS[0] <= len(secret) <= SECRET_LENGTHS[1]:
        raise ValueError("ZALO_WEBHOOK_URL needs a ZALO_WEBHOOK_SECRET of 8-256 characters")
    if channel is None:
        if port is None:
            raise ValueError("run_zalo needs the Zalo token's outbound port")
        channel = build_zalo_channel(settings, conversation, port)
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
