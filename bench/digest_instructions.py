"""Benchmark: instructions per digested report, this tree against a baseline commit.

Why callgrind: the machine this runs on is shared and loaded, so wall-clock times swing by a
factor of two between runs of the same code. Valgrind's callgrind counts the instructions
the interpreter executes, which does not depend on what else the machine is doing: two runs
of the same tree agree to a fraction of a percent, so a few percent between two commits is a
real difference.

Workload, the same on both sides: every seed report (seeds/*.txt of this tree), `extract`
then the plain-text `render`. Each side runs in a child interpreter (this one,
`sys.executable`) with PYTHONPATH set to the tree under test, under
`valgrind --tool=callgrind`, twice: once digesting the seeds --passes times after a warming
pass, once with the warming pass only. The difference divided by the number of reports digested
is the cost of one report with warm caches; start-up and imports cancel out.

The baseline (default 9baf48f, the engine before the issue 9 rule work; `--baseline REV`) is
checked out in a temporary `git worktree`, removed afterwards. pyvi's ViTokenizer.tokenize on
the same texts is measured the same way when pyvi is importable (`pip install -e '.[bench]'`).

    python -m bench.digest_instructions [--baseline REV] [--passes N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Run in the child interpreter: argv is (workload, passes, seed files...).
CHILD = """
import sys
kind, passes, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
texts = [open(p, encoding="utf-8").read() for p in paths]
if kind == "digest":
    from digest.extract import extract
    from digest.render import render
    def run(text):
        render(extract(text), "text")
else:
    from pyvi import ViTokenizer
    run = ViTokenizer.tokenize
for text in texts:  # warm caches (vocabularies, gazetteer, compiled grammars, the model)
    run(text)
for _ in range(passes):
    for text in texts:
        run(text)
"""


def _instructions(tree: Path, kind: str, passes: int, seeds: list[Path]) -> int:
    """Instructions callgrind counts for one child run of `kind` over `seeds`."""
    with tempfile.TemporaryDirectory(prefix="bantin-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--dump-instr=no",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                CHILD,
                kind,
                str(passes),
                *map(str, seeds),
            ],
            env=env,
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for line in out.read_text().splitlines():
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    raise RuntimeError(f"no instruction total in callgrind output for {tree}")


def per_report(full: int, empty: int, passes: int, reports: int) -> float:
    """Instructions for one warm report: a run of `passes` over the seeds minus a run of none."""
    return (full - empty) / (passes * reports)


def _baseline_tree(rev: str, into: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(into), rev],
        check=True,
    )


def _remove_tree(path: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False
    )
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)


def _has_pyvi() -> bool:
    try:
        import pyvi  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="9baf48f", help="commit to compare against")
    parser.add_argument("--passes", type=int, default=5, help="passes over the seeds")
    parser.add_argument("--jobs", type=int, default=2, help="valgrind runs at a time")
    parser.add_argument("--no-pyvi", action="store_true", help="skip the pyvi row")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    seeds = sorted(SEEDS.glob("*.txt"))
    # Stopped with a signal, still remove the baseline's worktree (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tmp = Path(tempfile.mkdtemp(prefix="bantin-baseline-"))
    baseline = tmp / "tree"
    sides = [(f"baseline {args.baseline}", baseline, "digest"), ("this tree", ROOT, "digest")]
    if not args.no_pyvi and _has_pyvi():
        sides.append(("pyvi ViTokenizer.tokenize", ROOT, "pyvi"))
    try:
        _baseline_tree(args.baseline, baseline)
        # Counts do not depend on load, so the runs may share the cores.
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            counts = {
                (name, passes): pool.submit(_instructions, tree, kind, passes, seeds)
                for name, tree, kind in sides
                for passes in (args.passes, 0)
            }
            rows = [
                (
                    name,
                    per_report(
                        counts[name, args.passes].result(),
                        counts[name, 0].result(),
                        args.passes,
                        len(seeds),
                    ),
                )
                for name, _, _ in sides
            ]
    finally:
        _remove_tree(baseline)
        shutil.rmtree(tmp, ignore_errors=True)
    base = rows[0][1]
    print(f"{len(seeds)} seed reports, {args.passes} passes, warm (extract + text render)")
    print("| run | M instructions / report | ratio to baseline |")
    print("| --- | --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value / 1e6:.1f} | {value / base:.3f} |")


if __name__ == "__main__":
    main()
