"""End to end: a feed gains an entry, and within one polling interval a subscriber of that
province receives its digest through the loopback Telegram Bot API server.

Everything real over HTTP on 127.0.0.1: the portal-like web server (tests/servers/
web_portal.py), the source scheduler (APScheduler), the shared ingest door that stores and
queues in one transaction, the delivery dispatcher (issue 4) and the Bot API double.
Runs on each storage engine of the `store` fixture.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import build_services
from bot.ingestion.ingestor import Ingestor
from bot.ingestion.scheduler import start_ingestion
from bot.source_config import SourceConfig
from bot.storage import Store
from tests.bot.builders import TZ, make_settings
from tests.servers.telegram_api import TelegramApiServer
from tests.servers.web_portal import WebPortalServer, article_from_file, report_files

try:
    from bot.delivery.runtime import delivery_running

    delivery_available = True
except ImportError:  # the delivery issue is not in the tree yet
    delivery_available = False

pytestmark = pytest.mark.skipif(
    not delivery_available, reason="needs bot.delivery.runtime.delivery_running (issue 4)"
)

FILES = {path.stem: path for path in report_files()}
SUBSCRIBER, ELSEWHERE = 5101, 5102
INTERVAL_MINUTES = 0.02  # 1.2 s


def wall_clock() -> datetime:
    return datetime.now(TZ)


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramApiServer]:
    async with TelegramApiServer(bot_username="bantin_test_bot") as server:
        yield server


@pytest.fixture
async def portal() -> AsyncIterator[WebPortalServer]:
    async with WebPortalServer() as server:
        yield server


async def test_a_new_feed_entry_reaches_the_provinces_subscriber(
    store: Store, telegram: TelegramApiServer, portal: WebPortalServer, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path,
        telegram_bot_token=telegram.token,
        telegram_api_base_url=telegram.base_url,
        telegram_api_file_url=telegram.base_file_url,
        delivery_poll_seconds=0.2,
        # The feed's entries are real reports of 2022 and 2023 (no meeting year in the first):
        # archive material by today's clock, pushed only with the age gate off.
        push_max_age_days=0,
    )
    services = await build_services(settings, store=store, clock=wall_clock)
    for chat_id, province in ((SUBSCRIBER, "Đà Nẵng"), (ELSEWHERE, "Cao Bằng")):
        telegram.register_chat(chat_id, "private")
        subscriber = await store.audience.upsert("telegram", str(chat_id), now=wall_clock())
        await store.audience.subscribe(subscriber.id, province)
    first = article_from_file(FILES["a04"])
    portal.publish("tinhuy", first)
    source = SourceConfig(
        name="tinhuy-danang",
        kind="feed",
        location=portal.url("/tinhuy/rss.xml"),
        province="Đà Nẵng",
        interval_minutes=INTERVAL_MINUTES,
    )

    async with delivery_running(settings, store, wall_clock, telegram=True, zalo=False):
        ingestion = await start_ingestion(Ingestor(services, [source]))
        try:
            (message,) = await telegram.wait_for_messages(SUBSCRIBER, 1, timeout=30)
            assert "Đà Nẵng" in message["text"]
            second = article_from_file(FILES["b07"])
            portal.publish("tinhuy", second)  # the feed gains an entry
            messages = await telegram.wait_for_messages(SUBSCRIBER, 2, timeout=30)
        finally:
            await ingestion.stop()
    assert "Kỳ họp thứ 15" in messages[1]["text"]
    await asyncio.sleep(0)  # nothing for the other province's subscriber
    assert telegram.sent_messages(ELSEWHERE) == []
