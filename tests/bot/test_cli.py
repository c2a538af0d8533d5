"""`bantin ingest`: stored, duplicate and refused, one line per input, nothing stored twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage import Store
from tests.bot import report_files
from tests.bot.builders import NOW, SEEDS


def count_reports(db: Path) -> int:
    async def count() -> int:
        async with await Store.connect(str(db)) as store:
            return await store.reports.count()

    return asyncio.run(count())


def test_ingest_stores_each_report_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "bantin.db"
    monkeypatch.setenv("BANTIN_DB", str(db))
    note = tmp_path / "note.txt"
    note.write_text("The provincial committee met on Tuesday. " * 10, encoding="utf-8")
    args = ["--config", str(tmp_path / "absent.toml"), "ingest"]
    seeds = sorted(str(path) for path in SEEDS.glob("*.txt"))
    assert main([*args, *seeds]) == 0
    first = capsys.readouterr().out.splitlines()
    assert len(first) == 4 and all(line.startswith("stored") for line in first)
    assert "(Thái Nguyên, 2023-12-05)" in "\n".join(first)

    assert main([*args, str(SEEDS / "001_f3c1ed268efcd059.txt"), str(note),
                 str(tmp_path / "missing.txt")]) == 2
    second = capsys.readouterr().out.splitlines()
    assert second[0].startswith("refused") and "no such file" in second[0]
    assert second[1].startswith("duplicate") and "report 2" in second[1]
    assert second[2].startswith("refused") and "not Vietnamese" in second[2]
    assert count_reports(db) == 4


def test_ingest_with_province_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BANTIN_DB", str(tmp_path / "bantin.db"))
    args = ["--config", str(tmp_path / "absent.toml"), "ingest"]
    assert main([*args, "--province", "Atlantis", str(SEEDS / "001_f3c1ed268efcd059.txt")]) == 2
    assert "unknown province" in capsys.readouterr().err
    assert main([*args, "--province", "bac kan", str(SEEDS / "004_19c978857511aa52.txt")]) == 0
    assert "(Thái Nguyên," in capsys.readouterr().out


def test_bot_without_token_points_to_console(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "absent.toml"), "bot"]) == 2
    assert "bantin console" in capsys.readouterr().err


def test_ingest_of_an_archive_pushes_nothing_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11: ingesting an archive pushed 2021 and 2023 reports as "🆕 Bản tin mới"."""
    db = tmp_path / "bantin.db"
    monkeypatch.setenv("BANTIN_DB", str(db))
    args = ["--config", str(tmp_path / "absent.toml"), "ingest"]

    async def follow_everything() -> None:
        async with await Store.connect(str(db)) as store:
            subscriber = await store.audience.upsert("telegram", "100", now=NOW)
            await store.audience.subscribe(subscriber.id, None)

    asyncio.run(follow_everything())
    assert main([*args, str(SEEDS / "004_19c978857511aa52.txt")]) == 0
    line = capsys.readouterr().out.strip()
    assert line.endswith("not pushed: the meeting is older than 30 days"), line
    recent = tmp_path / "recent.txt"
    recent.write_text(report_files.TEXT, encoding="utf-8")
    assert main([*args, "--backfill", str(recent)]) == 0
    assert capsys.readouterr().out.strip().endswith("not pushed (backfill)")
    assert pending_deliveries(db) == 0


def test_ingest_of_a_yearless_2021_report_does_not_push_it_as_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11 retried: seed 001 ("Trong 9 tháng năm 2021", no meeting year) was still pushed
    as "🆕 Bản tin mới", since only a stated meeting date was aged. The period it reviews
    ended years ago: stored, not pushed, and the line says why."""
    db = tmp_path / "bantin.db"
    monkeypatch.setenv("BANTIN_DB", str(db))

    async def follow_everything() -> None:
        async with await Store.connect(str(db)) as store:
            subscriber = await store.audience.upsert("telegram", "100", now=NOW)
            await store.audience.subscribe(subscriber.id, None)

    asyncio.run(follow_everything())
    args = ["--config", str(tmp_path / "absent.toml"), "ingest"]
    assert main([*args, str(SEEDS / "001_f3c1ed268efcd059.txt")]) == 0
    line = capsys.readouterr().out.strip()
    assert line.endswith(
        "not pushed: no meeting year stated and the period it reviews (9 tháng năm 2021) "
        "ended over a year ago"
    ), line
    assert pending_deliveries(db) == 0


def pending_deliveries(db: Path) -> int:
    async def pending() -> int:
        async with await Store.connect(str(db)) as store:
            return (await store.outbox.delivery_stats(now=NOW)).pending

    return asyncio.run(pending())


def test_near_duplicate_with_masthead_is_not_pushed_twice_via_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11 item 4: `bantin ingest` stored and pushed a reposted copy (a masthead line
    added, other spacing) as a new report."""
    db = tmp_path / "bantin.db"
    monkeypatch.setenv("BANTIN_DB", str(db))
    monkeypatch.setenv("BANTIN_PUSH_MAX_AGE_DAYS", "0")  # the CLI's clock is the wall clock

    async def subscribe() -> None:
        async with await Store.connect(str(db)) as store:
            subscriber = await store.audience.upsert("telegram", "7", now=NOW)
            await store.audience.subscribe(subscriber.id, None)

    asyncio.run(subscribe())
    original, copy = tmp_path / "bc.txt", tmp_path / "bao-khac.txt"
    original.write_text(report_files.TEXT, encoding="utf-8")
    copy.write_text(report_files.near_copy(), encoding="utf-8")
    args = ["--config", str(tmp_path / "absent.toml"), "ingest"]
    assert main([*args, str(original)]) == 0
    assert capsys.readouterr().out.startswith("stored     ")
    assert main([*args, str(copy)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("duplicate  ") and "report 1" in line
    assert "near-duplicate" in line and "not stored or pushed again" in line
    assert count_reports(db) == 1

    async def queued() -> int:
        async with await Store.connect(str(db)) as store:
            stats = await store.outbox.delivery_stats(now=NOW)
            return stats.pending + stats.sent_total

    assert asyncio.run(queued()) == 1


def test_ingest_of_seed_002_stores_no_invented_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bantin ingest seeds/` stored seed 002 ("Sáng ngày 27/6", no year) as 2026-06-27, so
    /moinhat listed it as the newest meeting. Its date stays unknown, day and month kept."""
    db = tmp_path / "bantin.db"
    monkeypatch.setenv("BANTIN_DB", str(db))
    args = ["--config", str(tmp_path / "absent.toml"), "ingest", "--backfill"]
    assert main([*args, str(SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    (line,) = [line for line in lines if "002_" in line]
    assert "27/6, year not stated" in line

    async def stored() -> list[tuple[object, ...]]:
        async with await Store.connect(str(db)) as store:
            found = await store.reports.latest(limit=10)
        return [(s.date, s.report.date, s.report.day, s.report.month) for s in found
                if s.report.day == 27]

    assert asyncio.run(stored()) == [(None, None, 27, 6)]
