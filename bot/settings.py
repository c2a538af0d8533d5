"""The bot's configuration: one typed object, read once in `main()` and passed down.

Sources, strongest first: keyword arguments (tests), environment variables, then
`config.toml` (every key is documented in `config.example.toml`). Nothing here reads the
environment at import time, and the Telegram token is a `SecretStr`, so printing the settings
or an error about them never shows it.

Environment names follow the deployment conventions (`TELEGRAM_BOT_TOKEN`, `BANTIN_DB`, ...);
the TOML keys are the field names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = Path("config.toml")
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"


def _env(*names: str) -> AliasChoices:
    """Accept the environment names given and the field's own name (TOML, keywords)."""
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Everything the bot, the console and the CLI need to start."""

    model_config = SettingsConfigDict(
        env_prefix="BANTIN_",
        extra="forbid",
        populate_by_name=True,
        case_sensitive=False,
    )

    config_file: Path = Field(DEFAULT_CONFIG_FILE, exclude=True)

    telegram_bot_token: SecretStr | None = Field(
        None, validation_alias=_env("TELEGRAM_BOT_TOKEN", "telegram_bot_token")
    )
    telegram_api_base_url: str = Field(
        TELEGRAM_BASE_URL, validation_alias=_env("TELEGRAM_API_BASE_URL", "telegram_api_base_url")
    )
    telegram_api_file_url: str | None = Field(
        None, validation_alias=_env("TELEGRAM_API_FILE_URL", "telegram_api_file_url")
    )
    db: str = Field("data/bantin.db", validation_alias=_env("BANTIN_DB", "db"))
    admins: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), validation_alias=_env("BANTIN_ADMINS", "admins")
    )
    timezone: str = "Asia/Ho_Chi_Minh"
    seeds_dir: Path = Path("seeds")
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, ge=1, le=65535)
    log_level: str = "INFO"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file is chosen per call (`Settings(config_file=...)`), not per class.
        init_kwargs: dict[str, Any] = getattr(init_settings, "init_kwargs", {})
        toml_file = Path(init_kwargs.get("config_file", DEFAULT_CONFIG_FILE))
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file)

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: Any) -> Any:
        """"123, 456" (environment) or [123, "456"] (TOML) -> {"123", "456"}."""
        if value is None:
            return frozenset()
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if isinstance(value, int):
            value = [value]
        return frozenset(str(item).strip() for item in value if str(item).strip())

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_bot_token", "webhook_secret", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file_base_url(self) -> str:
        """Where files are downloaded: given, or derived from the API base URL.

        >>> Settings(telegram_api_base_url="http://127.0.0.1:81/bot").file_base_url
        'http://127.0.0.1:81/file/bot'
        """
        if self.telegram_api_file_url:
            return self.telegram_api_file_url
        base = self.telegram_api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file"

    def token(self) -> str | None:
        """The token in clear, for the one place that hands it to the Telegram client."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
