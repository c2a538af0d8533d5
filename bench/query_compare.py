"""Benchmark: the chat-query latency of two checkouts, on the same databases, interleaved.

    python -m bench.query_compare --baseline /tmp/bantin-main          # both engines
    python -m bench.query_compare --baseline /tmp/bantin-main --engines sqlite --rounds 1

(`git worktree add --detach /tmp/bantin-main main` makes a baseline checkout.)

`bench.query_latency` fills a database and measures one checkout; on a machine shared with
other work, two such runs minutes apart meet different loads, and their difference says
little. This fills each engine's database once (10,000 reports, with this checkout's code
and schema), then measures it `--rounds` times with the baseline's code and this
checkout's code in turn, each in a fresh process, with `bench.query_latency.measure`: the
same 50 users, messages and think times. Both meet the same rows and, as far as a shared
machine allows, the same load. The medians over the rounds are printed per command.

The baseline's store opens the database without migrating it: a newer schema only adds
columns and tables, which its queries do not name.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.query_latency import COMMANDS, ENGINES, fill, settle

HERE = Path(__file__).resolve().parent.parent

# Run in the checkout measured (its own `bot` and `bench`): open without migrating, measure.
_CHILD = """
import argparse, asyncio, json, sys
import bot
from bench.query_latency import measure
from bot.storage import Store
from bot.storage.engine import create_engine

def opened(url):
    # A checkout with repositories wraps the engine in a Database; an older one takes it.
    try:
        from bot.storage.database import Database
    except ImportError:
        return Store(create_engine(url))
    return Store(Database(create_engine(url)))

async def main(url, args):
    store = opened(url)
    try:
        return await measure(store, args)
    finally:  # a checkout before bot/closing.py names it close()
        await (getattr(store, "aclose", None) or store.close)()

url, options = sys.argv[1], json.loads(sys.argv[2])
result = asyncio.run(main(url, argparse.Namespace(**options)))
print(json.dumps({"code": bot.__file__, "result": result}))
"""


def _measure(tree: Path, url: str, args: argparse.Namespace) -> dict:
    options = {"users": args.users, "requests": args.requests, "think": args.think,
               "seed": args.seed}
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, json.dumps(options)],
        cwd=tree, env=environment, capture_output=True, text=True, check=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(answer["code"]).resolve().is_relative_to(tree.resolve()):
        raise RuntimeError(f"{tree} ran the code in {answer['code']}")
    return answer["result"]


def _url(store) -> str:  # noqa: ANN001 - bot.storage.Store
    return store.database.engine.url.render_as_string(hide_password=False)


async def _engine_runs(engine: str, args: argparse.Namespace) -> dict[str, list[dict]]:
    trees = {"baseline": args.baseline, "this": HERE}
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    async with ENGINES[engine](argparse.Namespace(**{**vars(args), "keep": None})) as store:
        seconds = await fill(store, args.reports, args.seed)
        print(f"{engine}: stored {args.reports} reports in {seconds:.1f} s", flush=True)
        await settle(store)
        url = _url(store)
        for round_number in range(1, args.rounds + 1):
            for name, tree in trees.items():
                result = await asyncio.to_thread(_measure, tree, url, args)
                runs[name].append(result)
                line = "  ".join(
                    f"{command} {result[command]['p50_ms']:.1f}/{result[command]['p99_ms']:.1f}"
                    for command in COMMANDS
                )
                print(f"{engine} round {round_number} {name:<8} p50/p99 ms: {line}", flush=True)
    return runs


def _table(results: dict[str, dict[str, list[dict]]], args: argparse.Namespace) -> None:
    print(
        f"\n{args.reports} reports, {args.users} users, {args.requests} messages each, "
        f"think {args.think} s; median of {args.rounds} interleaved round(s)"
    )
    print(f"{'engine':<11} {'command':<9} {'baseline p50/p99':>18} {'this p50/p99':>16}")
    for engine, runs in results.items():
        for command in COMMANDS:
            cells = []
            for name in ("baseline", "this"):
                p50 = statistics.median(run[command]["p50_ms"] for run in runs[name])
                p99 = statistics.median(run[command]["p99_ms"] for run in runs[name])
                cells.append(f"{p50:.1f} / {p99:.1f}")
            print(f"{engine:<11} {command:<9} {cells[0]:>18} {cells[1]:>16}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.query_compare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--baseline", type=Path, required=True, help="the other checkout")
    parser.add_argument("--engines", nargs="+", choices=tuple(ENGINES), default=list(ENGINES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30, help="messages per user")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause, seconds")
    parser.add_argument("--seed", type=int, default=20250701)
    parser.add_argument("--json", type=Path, help="also write every run to this file")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, list[dict]]] = {}
    for engine in args.engines:
        try:
            results[engine] = asyncio.run(_engine_runs(engine, args))
        except ConnectionError as exc:
            print(f"{engine}: skipped ({exc})")
    _table(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
