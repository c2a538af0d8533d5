"""Delivery inside `bantin bot`: the dispatcher and the roundup planner, built from Settings.

    async with delivery_running(settings, store, clock, telegram=True, zalo=False):
        ...  # the bot answers chats; the outbox drains; roundups fire on time

Each channel gets its own client for deliveries (a `telegram.Bot` with its own connection
pool, a `ZaloBotClient`), so a broadcast never queues behind replies to chats or the other
way round. On SQLite, which one process uses, leases left by a process that died are
released at start-up so its rows go out at once; on PostgreSQL they expire after
`delivery_lease_seconds`, since another live process may hold them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime

from bot.delivery.dispatcher import DeliveryConfig, Dispatcher
from bot.delivery.messages import Renderer
from bot.delivery.roundups import RoundupPlanner
from bot.delivery.sender import ChannelLimits, Sender
from bot.settings import Settings
from bot.storage import Store

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def delivery_config(settings: Settings) -> DeliveryConfig:
    return DeliveryConfig(
        concurrency=settings.delivery_concurrency,
        claim_batch=settings.delivery_batch,
        poll_interval=settings.delivery_poll_seconds,
        lease=settings.delivery_lease_seconds,
        max_attempts=settings.delivery_max_attempts,
        retry_base=settings.delivery_retry_seconds,
        strikes=settings.delivery_strikes,
        blocked_retry=settings.delivery_blocked_retry_seconds,
        keep_days=settings.delivery_keep_days,
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


class DeliveryRuntime:
    """The dispatcher and the planner of one process, started and stopped together."""

    def __init__(
        self, store: Store, senders: Sequence[Sender], settings: Settings, clock: Clock
    ) -> None:
        self.store = store
        self.dispatcher = Dispatcher(
            store, senders, Renderer(store, settings.tz), delivery_config(settings), clock=clock
        )
        self.planner = RoundupPlanner(store, settings.tz, clock)

    async def start(self) -> None:
        if self.store.dialect == "sqlite":
            released = await self.store.release_all_leases()
            if released:
                logger.info("released %d deliveries claimed before a crash", released)
        await self.dispatcher.start()
        await self.planner.start()

    async def stop(self) -> None:
        await self.planner.stop()
        await self.dispatcher.stop()


async def _telegram_sender(settings: Settings, closers: list[Callable[[], Awaitable[None]]]
                           ) -> Sender:
    from telegram import Bot
    from telegram.error import InvalidToken
    from telegram.request import HTTPXRequest

    from bot.delivery.telegram import TelegramSender

    pool = settings.delivery_concurrency + 4
    bot = Bot(
        settings.token() or "",
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
        request=HTTPXRequest(connection_pool_size=pool),
    )
    try:
        await bot.initialize()  # getMe: checks the token
    except InvalidToken:
        await bot.shutdown()
        # PTB quotes the rejected token in this message: never let it out.
        raise RuntimeError("Telegram rejected the bot token (TELEGRAM_BOT_TOKEN)") from None
    closers.append(bot.shutdown)
    return TelegramSender(bot, telegram_limits(settings))


async def _zalo_sender(settings: Settings, closers: list[Callable[[], Awaitable[None]]]
                       ) -> Sender:
    from bot.channels.zalo_client import ZaloBotClient
    from bot.delivery.zalo import ZaloSender

    client = ZaloBotClient(settings.zalo_token() or "", base_url=settings.zalo_api_base_url)
    closers.append(client.aclose)
    return ZaloSender(client, zalo_limits(settings))


@contextlib.asynccontextmanager
async def delivery_running(
    settings: Settings, store: Store, clock: Clock, *, telegram: bool, zalo: bool
) -> AsyncIterator[DeliveryRuntime]:
    """Run deliveries for the channels named while the block runs."""
    closers: list[Callable[[], Awaitable[None]]] = []
    try:
        senders = []
        if telegram:
            senders.append(await _telegram_sender(settings, closers))
        if zalo:
            senders.append(await _zalo_sender(settings, closers))
        runtime = DeliveryRuntime(store, senders, settings, clock)
        await runtime.start()
        try:
            yield runtime
        finally:
            await runtime.stop()
    finally:
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                await close()
