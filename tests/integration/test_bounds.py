"""Numbers users type never reach SQL unbounded (issue 10).

`/baocao 99999999999` on PostgreSQL used to send 99,999,999,999 to an integer column: an
"out of int32 range" error and a traceback per request. Every number is now bounded first,
on both engines, and a number no row can have gets the same answer as one that names nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_conversation, build_services
from bot.bounds import MAX_ROW_ID
from bot.cli import main
from bot.storage import Store
from tests.bot.builders import fixed_clock, make_settings, seed_store

NUMBERS_NO_ROW_HAS = ["99999999999", str(MAX_ROW_ID + 1), "999999999999", "0", "#99999999999"]


@pytest.mark.parametrize("number", NUMBERS_NO_ROW_HAS)
async def test_baocao_with_a_number_beyond_any_id_is_not_found(
    store: Store, tmp_path: Path, number: str
) -> None:
    await seed_store(store)
    services = await build_services(make_settings(tmp_path), store=store, clock=fixed_clock)
    reply = await build_conversation(services).handle(_request(f"/baocao {number}"))
    assert reply is not None
    assert reply.text.startswith(f"Không có bản tin số {number}.")


async def test_largest_id_is_asked_and_not_found(store: Store, tmp_path: Path) -> None:
    services = await build_services(make_settings(tmp_path), store=store, clock=fixed_clock)
    reply = await build_conversation(services).handle(_request(f"/baocao {MAX_ROW_ID}"))
    assert reply is not None and reply.text.startswith("Không có bản tin số")
    assert await store.reports.get(2**40) is None  # the store refuses it too, without SQL


@pytest.mark.parametrize("text", ["mười hai", "٣", "9" * 40])
async def test_what_is_no_number_asks_for_one(store: Store, tmp_path: Path, text: str) -> None:
    services = await build_services(make_settings(tmp_path), store=store, clock=fixed_clock)
    reply = await build_conversation(services).handle(_request(f"/baocao {text}"))
    assert reply is not None and reply.text.startswith("Hãy gõ số của bản tin")


@pytest.mark.parametrize("argv", [
    ["deliveries", "--failed", "99999999999"],
    ["leaders", "--add", "Nguyễn Văn A", "bi_thu", "Bắc Ninh", "--since", "99999999999"],
])
def test_cli_numbers_are_bounded(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--config", str(tmp_path / "absent.toml"), *argv])
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert "expected a whole number from" in error and "Traceback" not in error


def _request(text: str):  # -> Request
    from bot.core import Request

    return Request(channel="telegram", chat_id="100", sender_id="100", text=text)
