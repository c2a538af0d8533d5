"""Benchmark: one way out per channel token (issue 10), end to end through real processes.

The loopback Bot API server runs in its own process with Telegram's limits on (a strict
1-second window of 30 messages, 1 a second per private chat after a burst of 3, 429 "retry
after N" beyond); `bantin bot` runs as a real process (`python -m bot.cli bot`) on a SQLite
file or a PostgreSQL database. Every figure is read from what the server received.

1. crowd: `--users` (1,000) users each send `/tinh bac kan` within one second. Answered,
   429s drawn, replies a second and their share of 30, latency from the message to its reply.
2. broadcast: a broadcast to `--subscribers` (5,000) while a user writes every second.
   Reply latency (p50/p95), the broadcast's own rate and everything sent, as shares of 30.
3. two processes: one token, one PostgreSQL database, one process polling and one only
   sending (`receive_updates = false`); a broadcast to `--pair-subscribers` (900) and 60
   users writing. Combined rate, busiest 1-second window, 429s, lost, sent twice, each
   process's part.
4. storm: a broadcast to `--storm-subscribers` (900); after 5 s the server allows 1 message
   a second for 20 s, then 30 again. 429s during and after the storm, lost, sent twice, and
   how long the rate takes to come back.
5. 502s: `--error-users` (300) users write at once while 5% of sendMessage calls get a
   proxy's 502 page. Answered, lost.
6. crash: on PostgreSQL, a process is killed (-9) in the middle of a broadcast to 600 and
   another starts at once; seconds from the kill until the last row the dead process held
   went out (its leases expire after `delivery_lease_seconds`, 15 s, renewed while alive).

    python -m bench.delivery_port                 # everything, about 7 minutes
    python -m bench.delivery_port --runs crowd,storm
    python -m bench.delivery_port --before /tmp/bantin-before   # and a baseline

`--before PATH` runs crowd, storm and 502s again with the `bantin bot` of another source
tree (for instance `git archive 27ef4b2 | tar -x -C /tmp/bantin-before`, the code before
issue 10), in the same conditions, as the baseline.

Timing targets live here, never in tests. Figures go into README.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from bench.loopback import (
    FIRST_CHAT,
    FIRST_USER,
    ApiProcess,
    BotProcess,
    add_seed_report,
    add_subscribers,
    database,
    percentile,
    settle,
    sustained,
    wait_until_answering,
    wall,
    window_peak,
)
from bot.storage import Store
from bot.storage.tables import deliveries

LIMIT = 30
CODE = Path(__file__).resolve().parent.parent  # the tree whose `bantin bot` runs


def _suffix(code: Path) -> str:
    return "" if code == CODE else "-before"


def report(result: dict) -> dict:
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def users_of(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["chat_id"] >= FIRST_USER]


def subscribers_of(messages: list[dict]) -> list[dict]:
    return [m for m in messages if FIRST_CHAT <= m["chat_id"] < FIRST_USER]


async def prepared(db: str, subscribers: int = 0, code: Path = CODE) -> Store:
    """A database with the seed report and `subscribers`, at the schema `code` knows."""
    store = await Store.connect(db)
    await add_seed_report(store, queue=False)
    if subscribers:
        await add_subscribers(store, subscribers)
    if code != CODE:  # an older tree: take the schema back to its newest migration
        from bot.storage.engine import downgrade

        versions = sorted(p.name[:4] for p in (code / "bot/migrations/versions").glob("0*.py"))
        await downgrade(store.database.engine, versions[-1])
    return store


def accepted(server: ApiProcess) -> int:
    """Messages the server accepted so far (its counters: cheap, unlike the messages)."""
    return server.counters()["per_method"].get("sendMessage", {}).get("accepted", 0)


async def all_sent(store: Store, count: int, within: float = 600.0) -> None:
    """Wait until the outbox recorded `count` rows as sent."""
    deadline = time.monotonic() + within
    while (await store.outbox.delivery_stats(now=wall())).sent_total < count:
        if time.monotonic() > deadline:
            raise TimeoutError("the run did not finish in time")
        await asyncio.sleep(0.5)


# --- 1. a crowd writes at once ----------------------------------------------------------------


async def run_crowd(
    server: ApiProcess, workdir: Path, users: int, code: Path = CODE, label: str = ""
) -> dict:
    async with database("sqlite", workdir, "crowd" + _suffix(code)) as db:
        store = await prepared(db, code=code)
        await store.aclose()
        bot = BotProcess(server, db, workdir, "crowd", code)
        try:
            wait_until_answering(server)
            server.reset(LIMIT)
            cpu_before, clock_before = bot.cpu_seconds(), time.monotonic()
            chats = list(range(FIRST_USER, FIRST_USER + users))
            pushed: dict[int, float] = {}
            step = max(users // 10, 1)
            for start in range(0, users, step):  # ten batches within one second
                batch = chats[start : start + step]
                at = server.push_texts([(chat, "/tinh bac kan") for chat in batch])
                pushed.update(dict.fromkeys(batch, at))
                await asyncio.sleep(0.1)
            settle(server, users)
            cpu = (bot.cpu_seconds() - cpu_before) / (time.monotonic() - clock_before)
            await asyncio.sleep(1.0)  # anything sent twice would show up now
        finally:
            bot.stop()
    messages = users_of(server.messages())
    times = [m["time"] for m in messages]
    latency = [m["time"] - pushed[m["chat_id"]] for m in messages]
    per_chat = Counter(m["chat_id"] for m in messages)
    rate = sustained(times)
    return report(
        {
            "run": f"{label}crowd: {users} users write within a second",
            "answered": len(per_chat),
            "rejected_429": server.counters()["rejected_429"],
            "replies_per_s": round(rate, 2),
            "share_of_limit": round(rate / LIMIT, 3),
            "duplicates": sum(per_chat.values()) - len(per_chat),
            "busiest_1s_window": window_peak(times),
            "latency_p50_s": round(percentile(latency, 0.5), 2),
            "latency_max_s": round(max(latency), 2),
            "bot_process_cpu_share": round(cpu, 2),
        }
    )


# --- 2. replies during a broadcast --------------------------------------------------------------


async def run_broadcast(server: ApiProcess, workdir: Path, count: int) -> dict:
    async with database("sqlite", workdir, "broadcast") as db:
        store = await prepared(db, count)
        bot = BotProcess(server, db, workdir, "broadcast")
        try:
            wait_until_answering(server)
            server.reset(LIMIT)
            await store.outbox.queue_broadcast("Thông báo thử tải.", author=None, now=wall())
            pushed: dict[int, float] = {}
            user = FIRST_USER
            while (await store.outbox.delivery_stats(now=wall())).sent_total < count:
                pushed[user] = server.push_texts([(user, "/tinh bac kan")])
                user += 1
                await asyncio.sleep(1.0)
            server.control("messages", count=count + len(pushed), timeout=120)
        finally:
            bot.stop()
            await store.aclose()
    messages = server.messages()
    bulk = [m["time"] for m in subscribers_of(messages)]
    replies = users_of(messages)
    latency = [m["time"] - pushed[m["chat_id"]] for m in replies if m["chat_id"] in pushed]
    span = [m["time"] for m in messages if bulk[0] <= m["time"] <= bulk[-1]]
    per_chat = Counter(m["chat_id"] for m in subscribers_of(messages))
    return report(
        {
            "run": f"broadcast to {count} with a user writing every second",
            "replies": len(latency),
            "reply_p50_s": round(percentile(latency, 0.5), 2),
            "reply_p95_s": round(percentile(latency, 0.95), 2),
            "reply_max_s": round(max(latency), 2),
            "broadcast_per_s": round(sustained(bulk), 2),
            "broadcast_share": round(sustained(bulk) / LIMIT, 3),
            "all_sent_share": round(sustained(span) / LIMIT, 3),
            "rejected_429": server.counters()["rejected_429"],
            "lost": count - len(per_chat),
            "duplicates": sum(per_chat.values()) - len(per_chat),
        }
    )


# --- 3. two processes on one token --------------------------------------------------------------


async def run_pair(server: ApiProcess, workdir: Path, count: int, users: int = 60) -> dict:
    async with database("postgresql", workdir, "pair") as db:
        store = await prepared(db, count)
        poller = BotProcess(server, db, workdir, "poller")
        sender = BotProcess(server, db, workdir, "sender", receive_updates="false")
        try:
            wait_until_answering(server)
            await asyncio.sleep(2.0)  # the sender is up too
            server.reset(LIMIT)
            await store.outbox.queue_broadcast("Thông báo thử tải.", author=None, now=wall())
            for user in range(FIRST_USER, FIRST_USER + users):
                server.push_texts([(user, "/tinh bac kan")])
                await asyncio.sleep(count / 28.0 / users)
            server.control("messages", count=count + users, timeout=300)
            await asyncio.sleep(1.0)
            conflicts = server.counters()["per_method"].get("getUpdates", {})
        finally:
            poller.stop()
            sender.stop()
        async with store.database.read() as conn:
            parts = Counter(
                (
                    await conn.execute(
                        sa.select(deliveries.c.claimed_by).where(deliveries.c.status == "sent")
                    )
                ).scalars()
            )
        await store.aclose()
    messages = server.messages()
    times = [m["time"] for m in messages]
    per_chat = Counter(m["chat_id"] for m in subscribers_of(messages))
    answered = Counter(m["chat_id"] for m in users_of(messages))
    return report(
        {
            "run": f"two processes, one token, PostgreSQL: broadcast to {count}, {users} users",
            "combined_per_s": round(sustained(times), 2),
            "busiest_1s_window": window_peak(times),
            "rejected_429": server.counters()["rejected_429"],
            "lost": count - len(per_chat) + users - len(answered),
            "duplicates": sum(per_chat.values())
            - len(per_chat)
            + sum(answered.values())
            - len(answered),
            "rows_per_process": sorted(parts.values()),
            "getUpdates_409": conflicts.get("rejected_other", 0),
        }
    )


# --- 4. a 429 storm ----------------------------------------------------------------------------


async def run_storm(
    server: ApiProcess, workdir: Path, count: int, code: Path = CODE, label: str = ""
) -> dict:
    async with database("sqlite", workdir, "storm" + _suffix(code)) as db:
        store = await prepared(db, count, code)
        bot = BotProcess(server, db, workdir, "storm", code)
        try:
            wait_until_answering(server)
            server.reset(LIMIT)
            await store.outbox.queue_broadcast("Thông báo thử tải.", author=None, now=wall())
            await asyncio.sleep(5.0)
            before = server.counters()["rejected_429"]
            server.control("set_rate_limits", enabled=True, overall_rate=1)
            storm_start = time.time()
            await asyncio.sleep(20.0)
            server.control("set_rate_limits", enabled=True, overall_rate=LIMIT)
            storm_end = time.time()
            during = server.counters()["rejected_429"] - before
            await all_sent(store, count)
            await asyncio.sleep(1.0)
        finally:
            bot.stop()
            await store.aclose()
    messages = subscribers_of(server.messages())
    per_chat = Counter(m["chat_id"] for m in messages)
    times = sorted(m["time"] for m in messages)
    after = [t for t in times if t >= storm_end]
    recovered = next(
        (
            t - storm_end
            for t in after
            if sum(1 for u in after if t <= u < t + 2.0) >= 2 * 0.9 * LIMIT
        ),
        None,
    )
    total = server.counters()["rejected_429"]
    return report(
        {
            "run": f"{label}storm: 1 msg/s allowed for 20 s during a broadcast to {count}",
            "rejected_429_during_storm": during,
            "rejected_429_total": total,
            "sent_during_storm": sum(1 for t in times if storm_start <= t < storm_end),
            "lost": count - len(per_chat),
            "duplicates": sum(per_chat.values()) - len(per_chat),
            "seconds_to_0.9_of_limit_after_storm": None
            if recovered is None
            else round(recovered, 1),
        }
    )


# --- 5. replies through a flaky proxy ------------------------------------------------------------


async def run_errors(
    server: ApiProcess, workdir: Path, users: int, code: Path = CODE, label: str = ""
) -> dict:
    async with database("sqlite", workdir, "errors" + _suffix(code)) as db:
        store = await prepared(db, code=code)
        await store.aclose()
        bot = BotProcess(server, db, workdir, "errors", code)
        try:
            wait_until_answering(server)
            server.reset(LIMIT)
            server.control("set_error_rate", rate=0.05, status=502, seed=20251124)
            chats = list(range(FIRST_USER, FIRST_USER + users))
            server.push_texts([(chat, "/trogiup") for chat in chats])
            settle(server, users)
            await asyncio.sleep(2.0)
        finally:
            bot.stop()
    answered = Counter(m["chat_id"] for m in users_of(server.messages()))
    counters = server.counters()
    return report(
        {
            "run": f"{label}{users} users write while 5% of sends get a 502",
            "answered": len(answered),
            "lost": users - len(answered),
            "502s": counters["per_method"]["sendMessage"]["rejected_other"],
            "rejected_429": counters["rejected_429"],
        }
    )


# --- 6. a crash on PostgreSQL --------------------------------------------------------------------


async def run_crash(server: ApiProcess, workdir: Path, count: int = 600) -> dict:
    async with database("postgresql", workdir, "crash") as db:
        store = await prepared(db, count)
        first = BotProcess(server, db, workdir, "crash-first")
        second = None
        try:
            wait_until_answering(server)
            server.reset(LIMIT)
            await store.outbox.queue_broadcast("Thông báo thử tải.", author=None, now=wall())
            while accepted(server) < 100:  # noqa: ASYNC110 - polls another process
                await asyncio.sleep(0.05)
            first.kill()
            killed = time.time()
            async with store.database.read() as conn:  # what the dead process held
                held = set(
                    (
                        await conn.execute(
                            sa.select(deliveries.c.id).where(
                                deliveries.c.status == "pending",
                                deliveries.c.lease_until > wall(),
                            )
                        )
                    ).scalars()
                )
            second = BotProcess(server, db, workdir, "crash-second")
            await all_sent(store, count)
            await asyncio.sleep(1.0)
        finally:
            if second is not None:
                second.stop()
        async with store.database.read() as conn:
            sent = (
                await conn.execute(
                    sa.select(deliveries.c.sent_at).where(deliveries.c.id.in_(held or {0}))
                )
            ).scalars()
            last = max((s.timestamp() for s in sent if s is not None), default=killed)
        await store.aclose()
    per_chat = Counter(m["chat_id"] for m in subscribers_of(server.messages()))
    return report(
        {
            "run": f"kill -9 mid-broadcast to {count} on PostgreSQL, restart at once",
            "rows_held_by_the_dead_process": len(held),
            "seconds_from_kill_to_last_of_them_sent": round(last - killed, 1),
            "lost": count - len(per_chat),
            "duplicates": sum(per_chat.values()) - len(per_chat),
        }
    )


RUNS = ("crowd", "broadcast", "pair", "storm", "errors", "crash")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", default=",".join(RUNS), help="comma-separated, of " + ", ".join(RUNS)
    )
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--pair-subscribers", type=int, default=900)
    parser.add_argument("--storm-subscribers", type=int, default=900)
    parser.add_argument("--error-users", type=int, default=300)
    parser.add_argument("--before", type=Path, help="a source tree to run as the baseline")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    wanted = [run.strip() for run in args.runs.split(",") if run.strip()]
    server = ApiProcess(LIMIT)
    results = []
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="bantin-bench-") as tmp:
            workdir = Path(tmp)
            for run in wanted:
                server.reset(LIMIT)
                if run == "crowd":
                    results.append(await run_crowd(server, workdir, args.users))
                elif run == "broadcast":
                    results.append(await run_broadcast(server, workdir, args.subscribers))
                elif run == "pair":
                    results.append(await run_pair(server, workdir, args.pair_subscribers))
                elif run == "storm":
                    results.append(await run_storm(server, workdir, args.storm_subscribers))
                elif run == "errors":
                    results.append(await run_errors(server, workdir, args.error_users))
                elif run == "crash":
                    results.append(await run_crash(server, workdir))
                else:
                    raise SystemExit(f"unknown run {run!r} (one of {', '.join(RUNS)})")
            if args.before is not None:
                label = "before: "
                for run, go in (
                    ("crowd", run_crowd),
                    ("storm", run_storm),
                    ("errors", run_errors),
                ):
                    if run in wanted:
                        server.reset(LIMIT)
                        size = {
                            "crowd": args.users,
                            "storm": args.storm_subscribers,
                            "errors": args.error_users,
                        }[run]
                        results.append(await go(server, workdir, size, args.before, label))
    finally:
        server.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    asyncio.run(main())
