"""Benchmark: how digest time grows with the length of a text, per shape of text (`make bench`).

The guide asks that no input cost more than linear time. For each shape below the benchmark
digests (extract + render) a text of about 30,000 and of about 300,000 characters and prints
both times and their ratio: linear time gives about 10x, and the target is at most 15x. The
one-paragraph shape is also timed as a 3 MB file (the CLI's input limit is 5 MB).

Shapes:
- one paragraph: the seed reports with every line break replaced by a space, repeated
  (pasted text, or text from a feed);
- short lines: the seed reports' lines, repeated (the usual layout);
- figure clause: one clause of figures without a full stop or semicolon
  ("thu ... đạt 2.099 tỷ đồng, tăng 5% so với cùng kỳ, ...");
- huge number: a sentence whose number has that many digits;
- repeated words: one word over and over ("đạt đạt đạt ...");
- dates: "ngày 5/12, " over and over on one line;
- leaders: a title and a name over and over, one sentence;
- ratios: "đạt 20/29 chỉ tiêu, 5/12 xã" over and over (fractions that could be dates);
- shortfall list: one sentence listing short shortfalls after "hạn chế như:";
- menu bar: "Tin | " over and over (the chrome rules' shape);
- full stops: nothing but "." (sentence ends);
- comma run: a shortfall whose text is a long run of ", , ," (closing punctuation);
- filler label: "ước đạt" over and over, then a word and a figure (a label's verbs);
- one word: a single "word" with no space at all.

Texts without diacritics compile another grammar on first use: every child process digests a
3,000-character text of its shape before the timing.

Each measurement runs in a child process with a time limit, so a super-linear shape shows as
"> limit" instead of stalling the run. Times are the child's CPU time (best of --repeats), so
that other processes on a shared machine move them less than wall time. Prints a Markdown
table; the numbers go into README.md.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from collections.abc import Callable
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SMALL, LARGE = 30_000, 300_000
HUGE_BYTES = 3_000_000  # the 3 MB one-paragraph file (UTF-8); the CLI takes files up to 5 MB


def _seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _repeat(unit: str, size: int, sep: str = "") -> str:
    """`unit` joined with `sep` until the text is `size` characters, cut at a space."""
    times = size // (len(unit) + len(sep)) + 1
    text = sep.join([unit] * times)[:size]
    cut = text.rfind(" ")
    return text[:cut] if cut > size * 0.9 else text


def one_paragraph(size: int) -> str:
    joined = " ".join(" ".join(t.split()) for t in _seeds())
    return _repeat(joined, size, " ")


def short_lines(size: int) -> str:
    from digest.clean import classify_line

    # Without the related-articles line ("Tin khác"), which would end the report right there.
    lines = [ln for t in _seeds() for ln in t.splitlines() if classify_line(ln) != "tail"]
    return _repeat("\n".join(lines), size, "\n\n")


def figure_clause(size: int) -> str:
    unit = (
        "thu ngân sách nhà nước ước đạt 2.099 tỷ đồng, bằng 60,1% dự toán, "
        "tăng 5,2% so với cùng kỳ, "
    )
    return "Trong năm, " + _repeat(unit, size - 20) + "."


def huge_number(size: int) -> str:
    return "Thu ngân sách ước đạt " + "9" * (size - 40) + " tỷ đồng."


def repeated_words(size: int) -> str:
    return _repeat("đạt ", size)


def dates(size: int) -> str:
    return "Hội nghị họp " + _repeat("ngày 5/12, ", size - 20) + "."


def leaders(size: int) -> str:
    unit = "đồng chí Nguyễn Văn Hùng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Bắc Kạn, "
    return "Dự hội nghị có " + _repeat(unit, size - 20) + "."


def ratios(size: int) -> str:
    return "Kết quả: " + _repeat("đạt 20/29 chỉ tiêu, 5/12 xã ", size - 20) + "."


def shortfall_list(size: int) -> str:
    return "Tuy nhiên, còn một số hạn chế như: " + _repeat("giải ngân chậm; ", size - 40) + "."


def menu_bar(size: int) -> str:
    return _repeat("Tin | ", size) + " x."


def full_stops(size: int) -> str:
    return "." * size


def comma_run(size: int) -> str:
    return "Tuy nhiên, còn hạn chế" + ", " * ((size - 40) // 2) + "giải ngân chậm."


def filler_label(size: int) -> str:
    return "Thu ngân sách " + _repeat("ước đạt ", size - 40) + " nhanh 5 tỷ đồng."


def one_word(size: int) -> str:
    return "a" * size


SHAPES: dict[str, Callable[[int], str]] = {
    "one paragraph": one_paragraph,
    "short lines": short_lines,
    "figure clause": figure_clause,
    "huge number": huge_number,
    "repeated words": repeated_words,
    "dates": dates,
    "leaders": leaders,
    "ratios": ratios,
    "shortfall list": shortfall_list,
    "menu bar": menu_bar,
    "full stops": full_stops,
    "comma run": comma_run,
    "filler label": filler_label,
    "one word": one_word,
}


def _digest_once(shape: str, size: int, repeats: int, out: mp.Queue) -> None:
    from digest.extract import extract
    from digest.render import render

    # Warm the vocabularies and the patterns compiled on first use (texts with and without
    # diacritics use different ones) outside the timing.
    for text in [*_seeds(), SHAPES[shape](3_000)]:
        render(extract(text), "text")
    if size == HUGE_BYTES:
        text = SHAPES[shape](size).encode("utf-8")[:size].decode("utf-8", "ignore")
    else:
        text = SHAPES[shape](size)
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        render(extract(text), "text")
        best = min(best, time.process_time() - start)
    out.put(best)


def measure(shape: str, size: int, limit: float, repeats: int) -> float | None:
    """The best of `repeats` digest times in seconds, or None past `limit` seconds."""
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    child = ctx.Process(target=_digest_once, args=(shape, size, repeats, out))
    child.start()
    child.join(limit * repeats)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return out.get() if not out.empty() else None


def _fmt(seconds: float | None, limit: float) -> str:
    if seconds is None:
        return f"> {limit:.0f} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per measurement")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--no-huge", action="store_true", help="skip the 3 MB paragraph")
    args = parser.parse_args()
    print("| shape | 30k chars | 300k chars | ratio (target <= 15) |")
    print("| --- | --- | --- | --- |")
    large_paragraph = None
    for shape in args.shapes:
        small = measure(shape, SMALL, args.limit, args.repeats)
        large = measure(shape, LARGE, args.limit, args.repeats)
        ratio = f"{large / small:.1f}" if small and large else "-"
        print(
            f"| {shape} | {_fmt(small, args.limit)} | {_fmt(large, args.limit)} | {ratio} |",
            flush=True,
        )
        if shape == "one paragraph":
            large_paragraph = large
    if not args.no_huge and "one paragraph" in args.shapes:
        huge = measure("one paragraph", HUGE_BYTES, args.limit, args.repeats)
        chars = len(
            one_paragraph(HUGE_BYTES).encode("utf-8")[:HUGE_BYTES].decode("utf-8", "ignore")
        )
        ratio = f", {huge / large_paragraph:.1f}x the time" if huge and large_paragraph else ""
        print(
            f"\none paragraph of 3 MB ({chars:,} characters, "
            f"{chars / LARGE:.1f}x the 300k paragraph): "
            f"{_fmt(huge, args.limit)}{ratio}"
        )


if __name__ == "__main__":
    main()
