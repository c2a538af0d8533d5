"""The `bantin` command line. Messages here are in English; chat replies are Vietnamese.

Each command imports what it runs (`bot.app`, the engine) inside itself: `bantin digest`
would otherwise load the chat libraries and SQLAlchemy first, several times its own start-up.
Those imports still run downward (tests/bot/test_import_direction.py counts them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.bounds import bounded_int
from bot.charts_cli import add_commands as add_file_commands
from bot.cli_ingestion import add_commands
from bot.cli_options import load_settings as _settings
from bot.cli_options import province_option
from bot.documents import MAX_BYTES, REPORT_SUFFIXES, DocumentError, document_text
from bot.settings import DEFAULT_CONFIG_FILE

if TYPE_CHECKING:
    from bot.core import IngestResult
    from bot.storage import DatabaseUnavailable

log = logging.getLogger("bantin")


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(name, bytes, error) for every input: files, every report file in folders, or "-"."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1), None
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
            )
            if not files:
                yield raw, None, "no .txt, .html, .docx or .pdf files in this folder"
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
            log.info("digest refused %s: %s", name, error)  # the line above is what users read
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
            item = {
                "source": name,
                **report.model_dump(mode="json"),
                "digest": render(report, "text"),
            }
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
    parser = argparse.ArgumentParser(
        prog="bantin", description="Digests of Vietnamese provincial meeting reports."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG_FILE,
        help="TOML configuration file (default: config.toml, if present)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("digest", help="print the digest of report files")
    p.add_argument(
        "paths",
        nargs="+",
        help="files, folders (every .txt/.html/.docx/.pdf inside), or - for stdin",
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON array, an object per report"
    )
    p.add_argument("--format", choices=("text", "html"), default="text")
    p.set_defaults(func=cmd_digest)

    p = sub.add_parser("ingest", help="store reports in the database (each text once)")
    p.add_argument(
        "paths", nargs="+", help="files, folders (.txt/.html/.docx/.pdf inside), or - for stdin"
    )
    p.add_argument("--province", help="the province the reports come from, when known")
    p.add_argument(
        "--backfill",
        action="store_true",
        help="archive material: store without pushing to subscribers",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "bot",
        help="run every chat bot that has a token (Telegram, Zalo), "
        "long polling or a configured webhook",
    )
    p.set_defaults(func=cmd_bot)

    p = sub.add_parser("console", help="chat with the bot offline over stdin/stdout")
    p.set_defaults(func=cmd_console)

    p = sub.add_parser("deliveries", help="show the delivery outbox: queue, sends, failures")
    p.add_argument(
        "--failed",
        type=bounded_int(0, 1000),
        default=0,
        metavar="N",
        help="also list the N most recent failed deliveries",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_deliveries)

    p = sub.add_parser("run", help="run the bot if a token is set, else the offline console")
    p.set_defaults(func=cmd_run)

    add_commands(sub)  # sources, fetch, leaders
    add_file_commands(sub)  # export, chart
    return parser


def cmd_ingest(args: argparse.Namespace) -> int:
    from bot.app import ingest_paths

    settings = _settings(args)
    if settings is None:
        return 2
    province, known = province_option(args.province)
    if not known:
        return 2
    documents, failed = [], False
    for name, data, error in iter_inputs(args.paths):
        if error is not None or data is None:
            print(f"refused    {name}: {error}")
            failed = True
        else:
            documents.append((name, data))
    stored = asyncio.run(
        ingest_paths(settings, documents, province=province, push=not args.backfill)
    )
    for name, result in stored:
        print(describe_ingest(name, result))
        failed = failed or result.outcome == "refused"
    return 2 if failed else 0


def describe_ingest(name: str, result: IngestResult) -> str:
    """One line per input: stored / duplicate / refused, for operators (English)."""
    if result.outcome == "refused":
        return f"refused    {name}: {result.detail_en}"
    report = result.report
    where = (report.province_current or "province unknown") if report else "?"
    when = "date unknown"
    if report and report.date:
        when = report.date.isoformat()
    elif report and report.day and report.month:
        when = f"{report.day}/{report.month}, year not stated"
    label = "stored" if result.outcome == "stored" else "duplicate"
    line = f"{label:<10} {name}: report {result.report_id} ({where}, {when})"
    if result.duplicate == "near":
        line += (
            ", a near-duplicate of it (other masthead, headline or spacing): not stored "
            "or pushed again"
        )
    elif result.duplicate is not None:
        line += ", the same text: not stored or pushed again"
    if result.quiet == "backfill":
        line += ", not pushed (backfill)"
    elif result.quiet == "old":
        line += f", not pushed: the meeting is older than {result.max_age_days} days"
    elif result.quiet == "old_period" and report is not None:
        line += (
            f", not pushed: no meeting year stated and the period it reviews "
            f"({report.period}) ended over a year ago"
        )
    return line


def cmd_bot(args: argparse.Namespace) -> int:
    from bot.app import SecretRedactor, serve_bot

    settings = _settings(args)
    if settings is None:
        return 2
    if not (settings.token() or settings.zalo_token()):
        print(
            "bantin: neither TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN is set; "
            "`bantin console` runs without one",
            file=sys.stderr,
        )
        return 2
    if not args.verbose:
        logging.getLogger().setLevel(settings.log_level.upper())
    try:
        asyncio.run(serve_bot(settings))
    except Exception as exc:  # the message may quote a URL: say it without the token
        if unusable_database(exc) is not None:
            raise  # main() says it in one line naming the database
        secrets = [
            settings.token() or "",
            settings.zalo_token() or "",
            settings.zalo_secret() or "",
        ]
        message = SecretRedactor(secrets).redact(f"{type(exc).__name__}: {exc}")
        print(f"bantin: the bot stopped: {message}", file=sys.stderr)
        return 1
    return 0


def cmd_deliveries(args: argparse.Namespace) -> int:
    """`bantin deliveries`: what /thongke shows about the outbox, for operators."""
    from bot.app import report_deliveries

    settings = _settings(args)
    if settings is None:
        return 2
    print(asyncio.run(report_deliveries(settings, failed=args.failed, as_json=args.json)))
    return 0


def log_to_file(path: Path) -> bool:
    """Send every log record to `path` instead of the terminal: in the console the terminal
    is the conversation, and a WARNING line there reads as if the bot had said it. False
    (logs stay on stderr) when the file cannot be opened."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        print(
            f"bantin: cannot write the log to {path} ({exc.strerror or exc}); "
            "logging to the terminal",
            file=sys.stderr,
        )
        return False
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    terminal = (sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__)
    for old in list(root.handlers):
        if getattr(old, "stream", None) in terminal:
            root.removeHandler(old)
    root.addHandler(handler)
    return True


def cmd_console(args: argparse.Namespace) -> int:
    from bot.app import serve_console

    settings = _settings(args)
    if settings is None:
        return 2
    if log_to_file(settings.log_file):
        if not args.verbose:
            logging.getLogger().setLevel(settings.log_level.upper())
        if sys.stdin.isatty():
            print(f"Logs go to {settings.log_file}.", file=sys.stderr)
    try:
        asyncio.run(serve_console(settings, sys.stdin, sys.stdout))
    except KeyboardInterrupt:  # Ctrl-C: leave at once, the database closed on the way out
        print(file=sys.stdout)
        return 130
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """`make run`: the chat bots whose tokens are configured, else the offline console."""
    settings = _settings(args)
    if settings is None:
        return 2
    if settings.token() or settings.zalo_token():
        return cmd_bot(args)
    print(
        "No TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN: starting the offline console "
        "(type /trogiup, Ctrl-D to quit).",
        file=sys.stderr,
    )
    return cmd_console(args)


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
    except Exception as exc:
        unusable = unusable_database(exc)
        if unusable is None:
            raise
        # A database that cannot be used is the operator's to fix, not a bug: one line.
        print(f"bantin: {unusable}", file=sys.stderr)
        log.debug("database failure", exc_info=exc)
        return 1


def unusable_database(error: BaseException) -> DatabaseUnavailable | None:
    """The `DatabaseUnavailable` behind `error` (it may be the cause of another), if any."""
    from bot.storage import DatabaseUnavailable

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, DatabaseUnavailable):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


if __name__ == "__main__":
    sys.exit(main())
