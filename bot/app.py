"""The composition root: settings in, a running bot (or console) out.

Everything is built here and passed down; no module reaches for globals, the environment or
the wall clock on its own. Tests call the same two functions the real start-up calls:

    services = await build_services(settings, store=store, clock=fixed_clock)
    async with open_ports(settings, store, telegram=True, zalo=False) as ports:
        application = build_telegram_application(settings, services, ports["telegram"])

Everything a channel sends leaves through that channel token's one outbound port
(bot.delivery.port, opened by `open_ports`): the replies of the channel adapters and the
outbox's digests, roundups and broadcasts share its sender, speed limit and failure policy.

`serve_bot` (Telegram and/or Zalo), `serve_console` and `ingest_paths` are what the `bantin`
commands run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from telegram.error import InvalidToken
from telegram.ext import Application

from bot.channels.console import run_console
from bot.channels.telegram import ALLOWED_UPDATES, build_application
from bot.channels.zalo import run_zalo
from bot.core import Clock, Conversation, IngestResult, Services, ingest_document
from bot.delivery.port import OutboundPort
from bot.delivery.report import deliveries_report
from bot.delivery.runtime import delivery_running, open_ports
from bot.ingestion.ingestor import Ingestor
from bot.ingestion.scheduler import start_ingestion
from bot.settings import Settings
from bot.storage import DatabaseUnavailable, OutboxSignal, ScheduleSignal, Store

logger = logging.getLogger(__name__)

# Loggers that print request URLs at INFO, and Telegram URLs contain the token.
CHATTY_LOGGERS = ("httpx", "httpcore")


def system_clock(settings: Settings) -> Clock:
    """The wall clock, time-zone aware: the only place the bot reads the time."""
    tz = settings.tz
    return lambda: datetime.now(tz)


async def open_store(
    settings: Settings, *, outbox_signal: OutboxSignal | None = None,
    schedule_signal: ScheduleSignal | None = None, retry: bool = False,
) -> Store:
    """The store on `settings.db`, its outbox repository wired to the signals (the store
    makes its own when none are given: no dispatcher then listens).

    `retry` (`bantin bot`): a database server that does not answer yet (PostgreSQL starting
    beside the bot) is tried again, `db_connect_attempts` times in all with a delay doubled
    each time from `db_connect_backoff_seconds` up to `db_connect_backoff_max_seconds`.
    Raises `DatabaseUnavailable`, naming the database (no password), when it cannot be used.
    """
    attempts = max(settings.db_connect_attempts, 1) if retry else 1
    delay = settings.db_connect_backoff_seconds
    for attempt in range(1, attempts + 1):
        try:
            return await Store.connect(
                settings.db, outbox_signal=outbox_signal, schedule_signal=schedule_signal
            )
        except DatabaseUnavailable as exc:
            if not exc.retryable or attempt == attempts:
                raise
            logger.warning(
                "database %s unreachable (%s); retrying in %.1f s (attempt %d of %d)",
                exc.url, exc.reason, delay, attempt + 1, attempts,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, settings.db_connect_backoff_max_seconds)
    raise AssertionError("unreachable")  # the loop returns or raises


async def build_services(settings: Settings, *, store: Store, clock: Clock) -> Services:
    """The services every handler shares, with the process's one Ingestor (the configured
    sources; `/ingest <url>`), whose HTTP client opens on its first fetch and closes in
    `close_services`. Async so that start-up work can join later."""
    services = Services(
        store=store, clock=clock, timezone=settings.tz, admins=settings.admins,
        push_max_age_days=settings.push_max_age_days or None,
    )
    return replace(services, url_ingestor=Ingestor(services, settings.sources))


async def close_services(services: Services) -> None:
    """Close what `build_services` opened (the store is closed by whoever opened it)."""
    if services.url_ingestor is not None:
        await services.url_ingestor.aclose()


def source_ingestor(services: Services) -> Ingestor:
    """The Ingestor `build_services` made: source rounds (`bantin bot`, `bantin fetch`)."""
    assert isinstance(services.url_ingestor, Ingestor)
    return services.url_ingestor


def build_conversation(services: Services) -> Conversation:
    return Conversation(services)


def build_telegram_application(
    settings: Settings, services: Services, port: OutboundPort
) -> Application:
    """The python-telegram-bot Application for these services (not started), answering
    through the Telegram token's outbound `port`.

    Also quiets httpx, whose INFO lines print every request URL, token included.
    """
    quiet_http_logging()
    return build_application(settings, build_conversation(services), port)


# --- logging ------------------------------------------------------------------------------


class SecretRedactor:
    """Replaces secrets by *** in log records: the message with its arguments, and the
    traceback. python-telegram-bot logs its API URL, token included, at DEBUG."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def scrub(self, record: logging.LogRecord) -> logging.LogRecord:
        message = self.redact(record.getMessage())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.msg, record.args = message, None
        return record


def quiet_http_logging() -> None:
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


@contextlib.contextmanager
def protected_logs(settings: Settings) -> Iterator[SecretRedactor]:
    """Keep the token out of every log line while the block runs.

    Redaction happens where records are created (the log record factory), so it covers
    every handler, including ones added later; httpx's URL-printing INFO lines are muted.
    """
    quiet_http_logging()
    redactor = SecretRedactor(
        [settings.token() or "",
         settings.webhook_secret.get_secret_value() if settings.webhook_secret else "",
         settings.zalo_token() or "", settings.zalo_secret() or ""]
    )
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redactor.scrub(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    try:
        yield redactor
    finally:
        logging.setLogRecordFactory(previous)


# --- running ------------------------------------------------------------------------------


def _stop_signal() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _start_updates(application: Application, settings: Settings) -> None:
    updater = application.updater
    assert updater is not None
    if not settings.webhook_url:
        await updater.start_polling(allowed_updates=list(ALLOWED_UPDATES))
        logger.info("polling for updates")
        return
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    await updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=list(ALLOWED_UPDATES),
    )
    logger.info("webhook listening on %s:%d", settings.webhook_listen, settings.webhook_port)


async def serve_telegram(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run the Telegram bot until SIGINT/SIGTERM (or `stop` is set)."""
    with protected_logs(settings):
        await _serve_channels(settings, stop, telegram=True, zalo=False)


async def _telegram_until_stopped(
    settings: Settings, services: Services, port: OutboundPort, stop: asyncio.Event,
    shutdowns: list[Callable[[], Awaitable[None]]],
) -> None:
    """The Telegram bot on given services (`serve_bot` shares them with other channels).

    The Application receives with the port's Bot, and shutting the Application down shuts
    that Bot down: it is left in `shutdowns`, run once the outbox has stopped sending."""
    application = build_telegram_application(settings, services, port)
    try:
        await application.initialize()  # getMe (the port checked the token already)
    except InvalidToken:
        # PTB quotes the rejected token in this message: never let it out.
        raise RuntimeError("Telegram rejected the bot token (TELEGRAM_BOT_TOKEN)") from None
    shutdowns.append(application.shutdown)
    await _run_until_stopped(application, settings, stop)


async def _run_until_stopped(
    application: Application, settings: Settings, stop: asyncio.Event
) -> None:
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    try:
        await _start_updates(application, settings)
        logger.info("bot @%s is running", application.bot.username)
        await stop.wait()
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await application.stop()


async def serve_zalo(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run the Zalo bot alone until SIGINT/SIGTERM (or `stop` is set)."""
    with protected_logs(settings):
        await _serve_channels(settings, stop, telegram=False, zalo=True)


async def serve_bot(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Every channel that has a token, in one process on one store, until SIGINT/SIGTERM.

    Telegram runs if TELEGRAM_BOT_TOKEN is set, Zalo if ZALO_BOT_TOKEN is set, side by side
    when both are; a subscriber is a (channel, chat) pair, so they never mix.
    """
    with protected_logs(settings):
        await _serve_channels(
            settings, stop, telegram=bool(settings.token()), zalo=bool(settings.zalo_token())
        )


async def _serve_channels(
    settings: Settings, stop: asyncio.Event | None, *, telegram: bool, zalo: bool
) -> None:
    if not (telegram or zalo):
        raise ValueError("neither TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN is set")
    stop = stop or _stop_signal()
    # The store's outbox repository notifies these, the dispatcher and the roundup planner
    # listen: digests queued and schedules changed by this process's chats act at once.
    outbox_signal, schedule_signal = OutboxSignal(), ScheduleSignal()
    store = await open_store(
        settings, outbox_signal=outbox_signal, schedule_signal=schedule_signal, retry=True
    )
    try:
        services = await build_services(settings, store=store, clock=system_clock(settings))
        quiet_http_logging()
        # One outbound port per token: replies, digests, roundups and broadcasts share it.
        async with open_ports(settings, store, telegram=telegram, zalo=zalo) as ports:
            runs: list[Coroutine[Any, Any, None]] = []
            shutdowns: list[Callable[[], Awaitable[None]]] = []
            if not settings.receive_updates:
                logger.info("receive_updates is off: this process only sends")
                runs.append(_until(stop))
            else:
                if telegram:
                    runs.append(
                        _telegram_until_stopped(
                            settings, services, ports["telegram"], stop, shutdowns
                        )
                    )
                if zalo:
                    runs.append(run_zalo(settings, build_conversation(services), stop,
                                         port=ports["zalo"]))
            # Sources in config.toml are polled beside the channels, on the same services.
            ingestion = await start_ingestion(source_ingestor(services))  # stop() closes it
            try:
                # The outbox drains through the same ports: digests, roundups, broadcasts.
                async with delivery_running(
                    settings, store, services.clock, ports=ports,
                    outbox_signal=outbox_signal, schedule_signal=schedule_signal,
                ):
                    await _side_by_side(runs, stop)
            finally:
                await ingestion.stop()
                for shutdown in shutdowns:  # after the outbox: they close the ports' clients
                    await shutdown()
    finally:
        await store.aclose()


async def _until(stop: asyncio.Event) -> None:
    await stop.wait()


async def _side_by_side(runs: list[Coroutine[Any, Any, None]], stop: asyncio.Event) -> None:
    """Run the channels together; the first to fail stops the others, then its error rises."""
    tasks = [asyncio.ensure_future(run) for run in runs]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        stop.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


def _seed_files(seeds_dir: Path) -> list[tuple[str, bytes]]:
    if not seeds_dir.is_dir():
        return []
    return [(path.name, path.read_bytes()) for path in sorted(seeds_dir.glob("*.txt"))]


async def load_seeds(services: Services, seeds_dir: Path) -> list[IngestResult]:
    """On an empty database, ingest seeds/*.txt so the console has something to show.

    Idempotent: a text stored before is recognised by its content and not stored twice.
    """
    if await services.store.reports.count() > 0:
        return []
    files = await asyncio.to_thread(_seed_files, seeds_dir)
    results = []
    for name, data in files:
        result = await ingest_document(
            services, data, filename=name, source=f"seeds/{name}"
        )
        logger.info("seed %s: %s", name, result.outcome)
        results.append(result)
    return results


async def serve_console(settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    """The offline chat: local database, seeds loaded on first start, no token needed."""
    store = await open_store(settings)
    try:
        services = await build_services(settings, store=store, clock=system_clock(settings))
        try:
            await load_seeds(services, settings.seeds_dir)
            files = settings.log_file.parent / "files"  # /bieudo's charts, /xuat's spreadsheets
            return await run_console(build_conversation(services), stdin, stdout, files)
        finally:
            await close_services(services)
    finally:
        await store.aclose()


async def report_deliveries(settings: Settings, *, failed: int = 0, as_json: bool = False) -> str:
    """`bantin deliveries`: the outbox's state now, for operators."""
    store = await open_store(settings)
    try:
        now = system_clock(settings)()
        return await deliveries_report(store, now, failed=failed, as_json=as_json)
    finally:
        await store.aclose()


async def ingest_paths(
    settings: Settings, documents: Iterable[tuple[str, bytes]], *, province: str | None,
    push: bool = True,
) -> list[tuple[str, IngestResult]]:
    """Store report files (name, bytes) as `bantin ingest` does; results in input order.
    `push=False` (`--backfill`): store them without sending them to subscribers."""
    store = await open_store(settings)
    try:
        services = await build_services(settings, store=store, clock=system_clock(settings))
        results = []
        try:
            for name, data in documents:
                filename = "" if name == "<stdin>" else name
                result = await ingest_document(
                    services, data, filename=filename, source=name, province_hint=province,
                    push=push,
                )
                results.append((name, result))
        finally:
            await close_services(services)
        return results
    finally:
        await store.aclose()


__all__ = [
    "SecretRedactor",
    "build_conversation",
    "build_services",
    "build_telegram_application",
    "close_services",
    "ingest_paths",
    "load_seeds",
    "open_store",
    "protected_logs",
    "report_deliveries",
    "serve_bot",
    "serve_console",
    "serve_telegram",
    "serve_zalo",
    "source_ingestor",
    "system_clock",
]
