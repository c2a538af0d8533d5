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

from bot.source_config import SourceConfig, check_unique_names

DEFAULT_CONFIG_FILE = Path("config.toml")
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
ZALO_BASE_URL = "https://bot-api.zaloplatforms.com"  # requests go to {base}/bot{token}/{method}


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
    # Where the console writes its log: its terminal is the conversation (bantin console).
    log_file: Path = Path("data/bantin.log")
    # Reports whose meeting is older than this many days are stored but not pushed as new
    # (an archive, a late repost); 0 pushes every report whatever its age.
    push_max_age_days: int = Field(30, ge=0, le=36_500)
    # False: this process only sends (the outbox, roundups) and receives no updates. With
    # several `bantin bot` processes on one Telegram token, exactly one may long-poll
    # (Telegram answers a second getUpdates with 409 Conflict): run the others with this off.
    receive_updates: bool = True

    # Where reports come from ([[sources]] in config.toml; bot/source_config.py).
    sources: list[SourceConfig] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _unique_source_names(cls, value: list[SourceConfig]) -> list[SourceConfig]:
        return check_unique_names(value)

    # Zalo Bot Platform (bot/channels/zalo.py). No webhook URL: long polling.
    zalo_bot_token: SecretStr | None = Field(
        None, validation_alias=_env("ZALO_BOT_TOKEN", "zalo_bot_token")
    )
    zalo_api_base_url: str = Field(
        ZALO_BASE_URL, validation_alias=_env("ZALO_API_BASE_URL", "zalo_api_base_url")
    )
    zalo_webhook_url: str | None = Field(
        None, validation_alias=_env("ZALO_WEBHOOK_URL", "zalo_webhook_url")
    )
    zalo_webhook_secret: SecretStr | None = Field(
        None, validation_alias=_env("ZALO_WEBHOOK_SECRET", "zalo_webhook_secret")
    )
    zalo_webhook_listen: str = Field(
        "127.0.0.1", validation_alias=_env("ZALO_WEBHOOK_LISTEN", "zalo_webhook_listen")
    )
    zalo_webhook_port: int = Field(
        8444, ge=1, le=65535, validation_alias=_env("ZALO_WEBHOOK_PORT", "zalo_webhook_port")
    )
    # Zalo's sendPhoto takes a public URL, no upload: where bantin serves /bieudo's charts
    # for the platform to fetch (bot.delivery.media). Unset: Zalo gets charts as text.
    zalo_media_url: str | None = Field(
        None, validation_alias=_env("ZALO_MEDIA_URL", "zalo_media_url")
    )
    zalo_media_listen: str = Field(
        "127.0.0.1", validation_alias=_env("ZALO_MEDIA_LISTEN", "zalo_media_listen")
    )
    zalo_media_port: int = Field(
        8445, ge=1, le=65535, validation_alias=_env("ZALO_MEDIA_PORT", "zalo_media_port")
    )
    zalo_poll_timeout: int = Field(
        30, ge=1, le=60, validation_alias=_env("ZALO_POLL_TIMEOUT", "zalo_poll_timeout")
    )
    # Zalo publishes no rate limits: conservative defaults, lowered further after a 429.
    zalo_messages_per_second: float = Field(
        5.0, gt=0, le=100,
        validation_alias=_env("ZALO_MESSAGES_PER_SECOND", "zalo_messages_per_second"),
    )
    zalo_chat_messages_per_second: float = Field(
        1.0, gt=0, le=100,
        validation_alias=_env("ZALO_CHAT_MESSAGES_PER_SECOND", "zalo_chat_messages_per_second"),
    )
    zalo_chat_burst: int = Field(
        3, ge=1, le=100, validation_alias=_env("ZALO_CHAT_BURST", "zalo_chat_burst")
    )

    # Delivery (bot/delivery): the outbox dispatcher inside `bantin bot`, and roundups.
    # Environment: BANTIN_ + the upper-case name (BANTIN_DELIVERY_CONCURRENCY, ...).
    telegram_messages_per_second: float = Field(30.0, gt=0, le=1000)
    telegram_chat_messages_per_second: float = Field(1.0, gt=0, le=100)
    telegram_chat_burst: int = Field(3, ge=1, le=100)
    telegram_group_messages_per_minute: int = Field(20, ge=1, le=1000)
    delivery_concurrency: int = Field(16, ge=1, le=256)
    delivery_batch: int = Field(100, ge=1, le=10_000)
    delivery_poll_seconds: float = Field(1.0, gt=0, le=60)
    delivery_lease_seconds: float = Field(15.0, ge=3, le=3600)
    delivery_max_attempts: int = Field(5, ge=1, le=100)
    delivery_retry_seconds: float = Field(2.0, gt=0, le=3600)
    delivery_strikes: int = Field(3, ge=1, le=100)
    delivery_blocked_retry_seconds: float = Field(30.0, ge=0, le=86_400)
    delivery_keep_days: int = Field(30, ge=1, le=3650)
    # Longest wait between tries of the dispatcher while the database fails (doubling from
    # delivery_poll_seconds), so a broken database is not hammered nor logged every second.
    delivery_failure_backoff_max_seconds: float = Field(60.0, gt=0, le=3600)
    # `bantin bot` at start: tries of a database server that does not answer yet, the first
    # delay, doubled each time up to the last (PostgreSQL starting beside the bot).
    db_connect_attempts: int = Field(6, ge=1, le=100)
    db_connect_backoff_seconds: float = Field(1.0, gt=0, le=600)
    db_connect_backoff_max_seconds: float = Field(30.0, gt=0, le=3600)

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

    @field_validator("zalo_bot_token", "zalo_webhook_secret", "zalo_webhook_url",
                     "zalo_media_url", mode="before")
    @classmethod
    def _zalo_blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def zalo_token(self) -> str | None:
        """The Zalo bot token in clear, for the one place that hands it to the Zalo client."""
        return self.zalo_bot_token.get_secret_value() if self.zalo_bot_token else None

    def zalo_secret(self) -> str | None:
        """The Zalo webhook secret in clear (set with setWebhook, checked on every POST)."""
        return self.zalo_webhook_secret.get_secret_value() if self.zalo_webhook_secret else None
