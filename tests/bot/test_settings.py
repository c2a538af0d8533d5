"""Configuration: config.toml, environment overrides, the secret token."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import TELEGRAM_BASE_URL, Settings

TOKEN = "123456:AAAA-secret-token"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(tmp_path: Path) -> None:
    settings = Settings(config_file=tmp_path / "absent.toml")
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_base_url == TELEGRAM_BASE_URL
    assert settings.db == "data/bantin.db"
    assert settings.admins == frozenset()
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.file_base_url == "https://api.telegram.org/file/bot"


def test_toml_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(tmp_path, 'db = "from-toml.db"\nadmins = [1, "2"]\n'
                             f'telegram_bot_token = "{TOKEN}"\n')
    settings = Settings(config_file=config)
    assert (settings.db, settings.admins, settings.token()) == ("from-toml.db", {"1", "2"}, TOKEN)
    monkeypatch.setenv("BANTIN_DB", "postgresql://bantin@127.0.0.1/bantin")
    monkeypatch.setenv("BANTIN_ADMINS", " 11, 12 ,")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("BANTIN_TIMEZONE", "Asia/Bangkok")
    settings = Settings(config_file=config)
    assert settings.db == "postgresql://bantin@127.0.0.1/bantin"
    assert settings.admins == {"11", "12"}
    assert settings.file_base_url == "http://127.0.0.1:8081/file/bot"
    assert settings.timezone == "Asia/Bangkok"


def test_token_never_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    settings = Settings(config_file=tmp_path / "absent.toml")
    assert settings.token() == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize(
    "text", ['timezone = "Mars/Olympus"', 'unknown_key = 1', 'webhook_port = 0']
)
def test_invalid_configuration(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValidationError):
        Settings(config_file=write(tmp_path, text))


def test_example_config_documents_every_key() -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    text = example.read_text(encoding="utf-8")
    keys = set(Settings.model_fields) - {"config_file"}
    for key in keys:
        assert f"\n# {key} = " in text or f"\n{key} = " in text, key
    Settings(config_file=example)  # and it loads as it is
