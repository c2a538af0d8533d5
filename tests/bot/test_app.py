"""The composition root's log protection: the token never reaches a log line."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from bot.app import SecretRedactor, protected_logs
from tests.bot.builders import make_settings

TOKEN = "123456:AAAA-secret-token"


def test_redactor_hides_secrets_in_messages_arguments_and_tracebacks() -> None:
    redactor = SecretRedactor([TOKEN, ""])
    try:
        raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s/getMe",
                                   (f"https://api.telegram.org/bot{TOKEN}",), sys.exc_info())
    redactor.scrub(record)
    assert record.getMessage() == "url https://api.telegram.org/bot***/getMe"
    assert TOKEN not in (record.exc_text or "") and "***" in (record.exc_text or "")


def test_protected_logs_cover_every_handler(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    settings = make_settings(tmp_path, telegram_bot_token=TOKEN)
    with caplog.at_level(logging.DEBUG), protected_logs(settings):
        assert logging.getLogger("httpx").level == logging.WARNING
        logging.getLogger("telegram.ext.ExtBot").debug("Set Bot API URL: %s", f"/bot{TOKEN}")
    logging.getLogger("bot").warning("after: %s", "plain")
    assert TOKEN not in caplog.text and "/bot***" in caplog.text
    assert "after: plain" in caplog.text  # the record factory is restored
