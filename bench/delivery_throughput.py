"""Benchmark (long): how fast and how cleanly the outbox drains through a strict Bot API.

`make bench-delivery` runs bench.delivery_port (the figures of issue 10, a few minutes);
`make bench-delivery LONG=1` adds this one, which takes about 15 minutes more.

The loopback Bot API server (tests/servers/telegram_api.py) runs as its own process on
127.0.0.1 with its flood limits on: a strict 1-second sliding window of `--rate` messages
(30 by default: Telegram's published figure), 1 a second per private chat after a burst of 3,
answering 429 "retry after N" beyond that. Four runs:

1. ours: `--subscribers` (1,000) subscribers, one digest each (a seed report stored with
   `reports.add(queue=True)`), drained by the dispatcher (`bot.delivery`) through the Telegram
   token's outbound port over a real python-telegram-bot `Bot`. Reported: sustained
   throughput (messages per second between
   the first and the last accepted message, and as a share of the limit), 429s drawn,
   messages lost and sent twice, the busiest 1-second window the server saw.
2. baseline: python-telegram-bot's `AIORateLimiter` (defaults: 30/s overall, 20/min per
   group, `max_retries=0`) sending the same messages to the same chats through the same
   server, all submitted at once with `asyncio.gather`, as its documentation suggests; then
   again with `max_retries=3`, which retries after a 429 instead of losing the message.
3. drain: `--drain` (100,000) rows queued, drained at `--drain-rate` (the server's window
   and our limiter set to the same figure, so that the run takes minutes, not an hour);
   throughput per 10-second slice and the process's resident memory over the run.
4. restart: `--restart-rows` (50,000) rows pending, some leased by a "dead" process; a real
   `bantin bot` process is started and the time to its first accepted message measured.

    python -m bench.delivery_throughput                      # everything (about 10 minutes)
    python -m bench.delivery_throughput --skip-drain --skip-restart

Figures go into the README by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bench.loopback import (
    FIRST_CHAT,
    ROOT,
    SEED,
    TZ,
    ApiProcess,
    add_subscribers,
    wall,
    window_peak,
)
from bot.delivery.dispatcher import DeliveryConfig, Dispatcher
from bot.delivery.messages import Renderer
from bot.delivery.runtime import build_port
from bot.delivery.sender import ChannelLimits
from bot.delivery.telegram import TelegramSender
from bot.storage import Store

# --- data ---------------------------------------------------------------------------------------


async def digest_store(path: Path, count: int) -> tuple[Store, int]:
    """A fresh SQLite store with `count` subscribers and one seed report queued for each."""
    from digest.extract import extract

    store = await Store.connect(str(path))
    await add_subscribers(store, count)
    text = SEED.read_text(encoding="utf-8")
    report = extract(text, now=wall())
    added = await store.reports.add(
        text=text, report=report, source=None, now=wall(), queue=True
    )
    queued = added.queued
    assert queued == count, (queued, count)
    return store, added.report_id


def summary(
    name: str, server: ApiProcess, expected_chats: int, limit: int, started: float
) -> dict:
    messages = server.messages()
    counters = server.counters()
    times = sorted(m["time"] for m in messages)
    per_chat = Counter(m["chat_id"] for m in messages)
    sustained = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    overall = len(times) / (times[-1] - started) if times else 0.0
    result = {
        "run": name,
        "accepted": len(messages),
        "sustained_per_s": round(sustained, 2),
        "share_of_limit": round(sustained / limit, 3),
        "end_to_end_per_s": round(overall, 2),
        "rejected_429": counters["rejected_429"],
        "lost": expected_chats - len(per_chat),
        "duplicates": sum(n - 1 for n in per_chat.values()),
        "busiest_1s_window": window_peak(times),
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


# --- runs -----------------------------------------------------------------------------------


async def run_ours(server: ApiProcess, workdir: Path, count: int, rate: int) -> dict:
    store, _ = await digest_store(workdir / "ours.db", count)
    bot = Bot(
        server.token, base_url=server.base_url, request=HTTPXRequest(connection_pool_size=32)
    )
    await bot.initialize()
    sender = TelegramSender(bot, ChannelLimits(per_second=rate))
    port = build_port(sender, store, token=server.token)
    dispatcher = Dispatcher(store, [port], Renderer(store, TZ), DeliveryConfig(), clock=wall)
    server.reset(rate)
    started = time.time()
    await dispatcher.start()
    while (await store.outbox.delivery_stats(now=wall())).sent_total < count:  # noqa: ASYNC110
        await asyncio.sleep(0.2)  # polling the table, as an operator's `bantin deliveries`
    await dispatcher.stop()
    await port.close()
    await bot.shutdown()
    await store.aclose()
    return summary("bantin dispatcher", server, count, rate, started)


async def run_baseline(
    server: ApiProcess, workdir: Path, count: int, rate: int, retries: int
) -> dict:
    store, report_id = await digest_store(workdir / f"baseline{retries}.db", count)
    claimed = await store.outbox.claim_deliveries(
        ["telegram"], worker="baseline", now=wall(), limit=1, lease=timedelta(days=1)
    )
    (text,) = await Renderer(store, TZ).parts(claimed[0], html=True, max_length=4096)
    await store.aclose()
    limiter = AIORateLimiter(max_retries=retries)
    bot = ExtBot(
        server.token,
        base_url=server.base_url,
        rate_limiter=limiter,
        request=HTTPXRequest(connection_pool_size=32, pool_timeout=60),
    )
    await bot.initialize()
    server.reset(rate)
    failures: Counter[str] = Counter()

    async def send(chat: int) -> None:
        try:
            await bot.send_message(
                chat,
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except RetryAfter:
            failures["RetryAfter"] += 1
        except TelegramError as exc:
            failures[type(exc).__name__] += 1

    started = time.time()
    await asyncio.gather(*(send(FIRST_CHAT + n) for n in range(count)))
    await bot.shutdown()
    result = summary(f"PTB AIORateLimiter (max_retries={retries})", server, count, rate, started)
    result["send_errors"] = dict(failures)
    print(json.dumps({"send_errors": dict(failures)}))
    return result


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_drain(server: ApiProcess, workdir: Path, rows: int, rate: int) -> dict:
    store = await Store.connect(str(workdir / "drain.db"))
    await add_subscribers(store, rows)
    _, queued = await store.outbox.queue_broadcast("Thông báo thử tải.", author=None, now=wall())
    assert queued == rows
    bot = Bot(
        server.token, base_url=server.base_url, request=HTTPXRequest(connection_pool_size=64)
    )
    await bot.initialize()
    config = DeliveryConfig(concurrency=48, claim_batch=max(100, rate))
    port = build_port(
        TelegramSender(bot, ChannelLimits(per_second=rate)), store, token=server.token
    )
    dispatcher = Dispatcher(store, [port], Renderer(store, TZ), config, clock=wall)
    server.reset(rate)
    await dispatcher.start()
    slices, memory = [], []
    last_count, last_time = 0, time.monotonic()
    while True:
        await asyncio.sleep(10)
        accepted = server.counters()["accepted"]
        now = time.monotonic()
        slices.append((accepted - last_count) / (now - last_time))
        memory.append(rss_mb())
        last_count, last_time = accepted, now
        print(
            f"  drained {accepted}/{rows}: {slices[-1]:.1f}/s, rss {memory[-1]:.0f} MB", flush=True
        )
        if accepted >= rows:
            break
    await dispatcher.stop()
    await port.close()
    await bot.shutdown()
    stats = await store.outbox.delivery_stats(now=wall())
    await store.aclose()
    counters = server.counters()
    steady = slices[1:-1] or slices
    result = {
        "run": f"drain {rows} rows at {rate}/s",
        "median_per_s": round(statistics.median(steady), 1),
        "share_of_limit": round(statistics.median(steady) / rate, 3),
        "min_slice_per_s": round(min(steady), 1),
        "rss_mb_first_last_max": [round(memory[0]), round(memory[-1]), round(max(memory))],
        "rejected_429": counters["rejected_429"],
        "accepted": counters["accepted"],
        "sent_rows": stats.sent_total,
        "pending": stats.pending,
    }
    print(json.dumps(result))
    return result


async def run_restart(server: ApiProcess, workdir: Path, rows: int) -> dict:
    db = workdir / "restart.db"
    store = await Store.connect(str(db))
    await add_subscribers(store, rows)
    await store.outbox.queue_broadcast("Thông báo sau khởi động lại.", author=None, now=wall())
    # A process that died holding leases on a batch.
    await store.outbox.claim_deliveries(
        ["telegram"], worker="dead", now=wall(), limit=100, lease=timedelta(minutes=1)
    )
    await store.aclose()
    server.reset(30)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "BANTIN_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=server.token,
        TELEGRAM_API_BASE_URL=server.base_url,
        BANTIN_DB=str(db),
        PYTHONPATH=str(ROOT),
    )
    started = time.time()
    process = subprocess.Popen(  # noqa: ASYNC220 - the bot runs beside, not in, this loop
        [sys.executable, "-m", "bot.cli", "--config", str(workdir / "absent.toml"), "bot"],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        first = server.control("messages", count=1, timeout=60)
    finally:
        process.terminate()
        process.wait(20)
    first_at = min(m["time"] for m in first)  # type: ignore[union-attr]
    result = {
        "run": f"restart with {rows} pending",
        "seconds_to_first_message": round(first_at - started, 2),
    }
    print(json.dumps(result))
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=30)
    parser.add_argument("--drain", type=int, default=100_000)
    parser.add_argument("--drain-rate", type=int, default=300)
    parser.add_argument("--restart-rows", type=int, default=50_000)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-drain", action="store_true")
    parser.add_argument("--skip-restart", action="store_true")
    args = parser.parse_args()
    # The baseline logs a traceback for every 429 it gives up on; the counts say it all.
    logging.getLogger("telegram").setLevel(logging.CRITICAL)
    server = ApiProcess(args.rate)
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            results.append(await run_ours(server, workdir, args.subscribers, args.rate))
            if not args.skip_baseline:
                for retries in (0, 3):
                    results.append(
                        await run_baseline(server, workdir, args.subscribers, args.rate, retries)
                    )
            if not args.skip_drain:
                results.append(await run_drain(server, workdir, args.drain, args.drain_rate))
            if not args.skip_restart:
                results.append(await run_restart(server, workdir, args.restart_rows))
    finally:
        server.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
