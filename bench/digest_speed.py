"""Benchmark: digest speed and memory against a word-segmentation baseline (`make bench`).

Digests the seed reports repeated N times (default 1,000 passes over the 4 seeds) and, in the
same run, tokenises the same texts with pyvi's ViTokenizer.tokenize, the cheapest step of a
usual Vietnamese NLP pipeline. Then streams 10,000 reports and samples traced memory to show
that it stays flat. Prints a table; numbers go into README.md by hand.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from pathlib import Path

from digest.extract import extract
from digest.render import render

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def time_digest(texts: list[str], passes: int) -> float:
    start = time.perf_counter()
    for _ in range(passes):
        for text in texts:
            render(extract(text), "text")
    return time.perf_counter() - start


def time_pyvi(texts: list[str], passes: int) -> float | None:
    try:
        from pyvi import ViTokenizer
    except ImportError:
        return None
    ViTokenizer.tokenize(texts[0])  # load the model outside the timing
    start = time.perf_counter()
    for _ in range(passes):
        for text in texts:
            ViTokenizer.tokenize(text)
    return time.perf_counter() - start


def memory_profile(texts: list[str], total: int, samples: int = 10) -> list[float]:
    """Traced memory (MiB) at evenly spaced points while digesting `total` reports."""
    gc.collect()
    tracemalloc.start()
    points = []
    step = total // samples
    for i in range(total):
        render(extract(texts[i % len(texts)]), "text")
        if (i + 1) % step == 0:
            points.append(tracemalloc.get_traced_memory()[0] / 2**20)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return [*points, peak]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passes", type=int, default=1000)
    parser.add_argument(
        "--baseline-passes", type=int, default=50, help="pyvi is slow: fewer passes, scaled"
    )
    parser.add_argument("--stream", type=int, default=10_000)
    args = parser.parse_args()
    texts = _texts()
    for text in texts:  # warm caches (vocabularies, gazetteer) outside the timing
        render(extract(text), "text")
    n = args.passes * len(texts)
    digest_s = time_digest(texts, args.passes)
    per_report_ms = digest_s / n * 1000
    print(
        f"digest: {n} reports in {digest_s:.2f} s = {n / digest_s:.0f} reports/s, "
        f"{per_report_ms:.2f} ms/report"
    )
    pyvi_s = time_pyvi(texts, args.baseline_passes)
    if pyvi_s is None:
        print("pyvi not installed (pip install -e '.[bench]'): no baseline")
    else:
        pyvi_ms = pyvi_s / (args.baseline_passes * len(texts)) * 1000
        print(f"pyvi ViTokenizer.tokenize: {pyvi_ms:.2f} ms/report")
        print(f"ratio digest / tokenize: {per_report_ms / pyvi_ms:.3f} (target <= 0.2)")
    mem = memory_profile(texts, args.stream)
    print(
        "traced memory (MiB) every {:,} reports: {}".format(
            args.stream // 10, ", ".join(f"{m:.2f}" for m in mem[:-1])
        )
    )
    print(
        f"peak traced memory: {mem[-1]:.2f} MiB; "
        f"spread of samples: {max(mem[:-1]) - min(mem[:-1]):.2f} MiB "
        f"(median {statistics.median(mem[:-1]):.2f})"
    )


if __name__ == "__main__":
    main()
