"""The `bantin` command line. Messages here are in English; chat replies are Vietnamese."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.documents import MAX_BYTES, DocumentError, document_text

log = logging.getLogger("bantin")

REPORT_SUFFIXES = (".txt", ".html", ".htm")


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(name, bytes, error) for every input: files, every report file in folders, or "-"."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1), None
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not files:
                yield raw, None, "no .txt or .html files in this folder"
            for file in files:
                yield from _read(file)
        elif path.is_file():
            yield from _read(path)
        else:
            yield raw, None, "no such file or folder"


def _read(path: Path) -> Iterator[tuple[str, bytes | None, str | None]]:
    try:
        if path.stat().st_size > MAX_BYTES:
            yield str(path), None, "the file is larger than 5 MB"
            return
        yield str(path), path.read_bytes(), None
    except OSError as exc:
        yield str(path), None, f"cannot read it ({exc.strerror or exc})"


def cmd_digest(args: argparse.Namespace) -> int:
    from digest.extract import extract
    from digest.render import render

    failed = False
    results = []
    for name, data, error in iter_inputs(args.paths):
        if error is None and data is not None:
            try:
                text = document_text(data, filename=name)
            except DocumentError as exc:
                error = str(exc)
        if error is not None:
            print(f"bantin: {name}: {error}", file=sys.stderr)
            log.warning("digest refused %s: %s", name, error)
            failed = True
            continue
        try:
            report = extract(text)
        except Exception:  # the engine must never take the CLI down with it
            log.exception("digest failed on %s", name)
            print(f"bantin: {name}: internal error while reading the report", file=sys.stderr)
            failed = True
            continue
        if args.json:
            item = {"source": name, **report.model_dump(mode="json"), "digest": render(report, "text")}
            results.append(item)
        else:
            if results:
                print("\n" + "─" * 40 + "\n")
            print(render(report, args.format))
            results.append(name)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 2 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bantin", description="Digests of Vietnamese provincial meeting reports.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("digest", help="print the digest of report files")
    p.add_argument("paths", nargs="+", help="files, folders (every .txt/.html inside), or - for stdin")
    p.add_argument("--json", action="store_true", help="print one JSON array, an object per report")
    p.add_argument("--format", choices=("text", "html"), default="text")
    p.set_defaults(func=cmd_digest)

    p = sub.add_parser("run", help="run the bot if a token is set, else the offline console")
    p.set_defaults(func=cmd_run)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    return cmd_digest(argparse.Namespace(paths=["seeds"], json=False, format="text"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
