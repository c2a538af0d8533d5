"""The outbound ports and the delivery runtime of `bantin bot`, built from Settings.

    async with open_ports(settings, store, telegram=True, zalo=False) as ports:
        ...  # the channel adapters answer users through ports["telegram"]
        async with delivery_running(settings, store, clock, ports=ports):
            ...  # the outbox drains through the same ports; roundups fire on time

One port per channel token (`build_port`): a sender over its own client (a `telegram.Bot`,
a `ZaloBotClient`), the gate with the channel's limits, a budget (in memory on SQLite, which
one process uses; shared through the database on PostgreSQL, where several processes may
send with one token: bot.delivery.budget) and the refusal policy with `delivery_strikes`.

On SQLite, leases left by a process that died are released at start-up so its rows go out
at once; on PostgreSQL they expire after `delivery_lease_seconds` (short, and renewed while
held), since another live process may hold them.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

from telegram.error import InvalidToken
from telegram.ext import Defaults, ExtBot
from telegram.request import HTTPXRequest

from bot.core.services import Clock
from bot.delivery.budget import SHARED_SHARE, Budget, LocalBudget, SharedBudget, budget_name
from bot.delivery.dispatcher import DeliveryConfig, Dispatcher
from bot.delivery.gate import Gate
from bot.delivery.limiter import ChannelLimiter
from bot.delivery.messages import Renderer
from bot.delivery.port import OutboundPort, Refusals
from bot.delivery.roundups import RoundupPlanner
from bot.delivery.sender import ChannelLimits, Sender
from bot.delivery.telegram import TelegramSender
from bot.delivery.zalo import ZaloSender
from bot.settings import Settings
from bot.storage import Signal, Store
from bot.zalo_api import ZaloBotClient

logger = logging.getLogger(__name__)


def delivery_config(settings: Settings) -> DeliveryConfig:
    return DeliveryConfig(
        concurrency=settings.delivery_concurrency,
        claim_batch=settings.delivery_batch,
        poll_interval=settings.delivery_poll_seconds,
        lease=settings.delivery_lease_seconds,
        max_attempts=settings.delivery_max_attempts,
        retry_base=settings.delivery_retry_seconds,
        blocked_retry=settings.delivery_blocked_retry_seconds,
        keep_days=settings.delivery_keep_days,
        failure_backoff_max=settings.delivery_failure_backoff_max_seconds,
    )


def telegram_limits(settings: Settings) -> ChannelLimits:
    return ChannelLimits(
        per_second=settings.telegram_messages_per_second,
        private_per_second=settings.telegram_chat_messages_per_second,
        private_burst=settings.telegram_chat_burst,
        group_limit=settings.telegram_group_messages_per_minute,
        group_window=60.0,
    )


def zalo_limits(settings: Settings) -> ChannelLimits:
    return ChannelLimits(
        per_second=settings.zalo_messages_per_second,
        private_per_second=settings.zalo_chat_messages_per_second,
        private_burst=settings.zalo_chat_burst,
        group_limit=settings.telegram_group_messages_per_minute,
        group_window=60.0,
    )


def build_port(
    sender: Sender,
    store: Store,
    *,
    token: str,
    strikes: int = 3,
    shared: bool | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> OutboundPort:
    """The one way out of a channel token. `shared` (default: on PostgreSQL) keeps the
    budget in the database, for every process sending with `token`."""
    limiter = ChannelLimiter(sender.limits, clock)
    if shared is None:
        shared = store.dialect == "postgresql"
    budget: Budget
    if shared:
        name = budget_name(sender.channel, token)
        budget = SharedBudget(store, name, limiter.interval / SHARED_SHARE, clock=clock)
    else:
        budget = LocalBudget(limiter.interval)
    return OutboundPort(
        sender, Gate(limiter, budget, clock), Refusals(store, sender.channel, strikes)
    )


class DeliveryRuntime:
    """The dispatcher and the planner of one process, started and stopped together."""

    def __init__(
        self,
        store: Store,
        ports: Mapping[str, OutboundPort],
        settings: Settings,
        clock: Clock,
        *,
        outbox_signal: Signal | None = None,
        schedule_signal: Signal | None = None,
    ) -> None:
        self.store = store
        self.dispatcher = Dispatcher(
            store,
            ports.values(),
            Renderer(store, settings.tz),
            delivery_config(settings),
            clock=clock,
            signal=outbox_signal,
        )
        self.planner = RoundupPlanner(store, settings.tz, clock, schedule_signal=schedule_signal)

    async def start(self) -> None:
        if self.store.dialect == "sqlite":
            released = await self.store.outbox.release_all_leases()
            if released:
                logger.info("released %d deliveries claimed before a crash", released)
        await self.dispatcher.start()
        await self.planner.start()

    async def stop(self) -> None:
        await self.planner.stop()
        await self.dispatcher.stop()


REPLY_CONNECTIONS = 32  # beside the dispatcher's: replies in flight at once


async def _telegram_sender(
    settings: Settings, closers: list[Callable[[], Awaitable[None]]]
) -> Sender:
    pool = settings.delivery_concurrency + REPLY_CONNECTIONS
    # The token's one Bot: the port sends with it and the channel adapter's Application
    # receives updates with it (bot.channels.telegram.build_application), so one process
    # holds one client per token. Long polling has its own connection, off the send pool.
    bot: ExtBot[None] = ExtBot(
        settings.token() or "",
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
        request=HTTPXRequest(connection_pool_size=pool, pool_timeout=30.0),
        get_updates_request=HTTPXRequest(),
        defaults=Defaults(tzinfo=settings.tz),
    )
    try:
        await bot.initialize()  # getMe: checks the token
    except InvalidToken:
        await bot.shutdown()
        # PTB quotes the rejected token in this message: never let it out.
        raise RuntimeError("Telegram rejected the bot token (TELEGRAM_BOT_TOKEN)") from None
    except BaseException:
        await bot.shutdown()
        raise
    closers.append(bot.shutdown)
    return TelegramSender(bot, telegram_limits(settings))


async def _zalo_sender(settings: Settings, closers: list[Callable[[], Awaitable[None]]]) -> Sender:
    client = ZaloBotClient(settings.zalo_token() or "", base_url=settings.zalo_api_base_url)
    closers.append(client.aclose)
    media = None
    if settings.zalo_media_url:  # charts as photos: the platform fetches them from here
        from bot.delivery.media import MediaShelf

        media = MediaShelf(
            settings.zalo_media_url, settings.zalo_media_listen, settings.zalo_media_port
        )
        await media.start()
        closers.append(media.close)
    return ZaloSender(client, zalo_limits(settings), media)


@contextlib.asynccontextmanager
async def open_ports(
    settings: Settings, store: Store, *, telegram: bool, zalo: bool
) -> AsyncIterator[dict[str, OutboundPort]]:
    """The ports of the channels named, open while the block runs (Telegram checks its
    token here)."""
    closers: list[Callable[[], Awaitable[None]]] = []
    ports: dict[str, OutboundPort] = {}
    try:
        if telegram:
            sender = await _telegram_sender(settings, closers)
            ports[sender.channel] = build_port(
                sender, store, token=settings.token() or "", strikes=settings.delivery_strikes
            )
        if zalo:
            sender = await _zalo_sender(settings, closers)
            ports[sender.channel] = build_port(
                sender,
                store,
                token=settings.zalo_token() or "",
                strikes=settings.delivery_strikes,
            )
        yield ports
    finally:
        for port in ports.values():
            with contextlib.suppress(Exception):
                await port.close()
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                await close()


@contextlib.asynccontextmanager
async def delivery_running(
    settings: Settings,
    store: Store,
    clock: Clock,
    *,
    ports: Mapping[str, OutboundPort] | None = None,
    telegram: bool = False,
    zalo: bool = False,
    outbox_signal: Signal | None = None,
    schedule_signal: Signal | None = None,
) -> AsyncIterator[DeliveryRuntime]:
    """Run deliveries through `ports` while the block runs (or through ports of their own
    for the channels named, when none are given). The signals (default: the store's) wake
    the dispatcher and the roundup planner when this process queues or reschedules."""
    if ports is None:
        async with (
            open_ports(settings, store, telegram=telegram, zalo=zalo) as opened,
            delivery_running(
                settings,
                store,
                clock,
                ports=opened,
                outbox_signal=outbox_signal,
                schedule_signal=schedule_signal,
            ) as runtime,
        ):
                yield runtime
        return
    runtime = DeliveryRuntime(
        store,
        ports,
        settings,
        clock,
        outbox_signal=outbox_signal,
        schedule_signal=schedule_signal,
    )
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()
