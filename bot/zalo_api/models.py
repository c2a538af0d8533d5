"""The wire models of the Zalo Bot API: what the platform sends, as frozen pydantic values.

Unknown fields are ignored, since the platform keeps adding some; numeric ids are kept as
text; dates come in epoch milliseconds. Apart from the client because the webhook endpoint
(bot.zalo_api.webhook) parses the same events from a body nobody fetched.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_UNSUPPORTED = "message.unsupported.received"

#: Epoch milliseconds a message date may hold: 1970 to the end of 2999. Anything else (1e30,
#: Infinity, NaN) is not a date the platform sent, and datetime could not hold it anyway.
MAX_EPOCH_MS = 32_503_680_000_000


def from_milliseconds(value: Any) -> Any:
    """Epoch milliseconds (number or digit string) as an aware UTC datetime; ValueError (which
    pydantic reports as a validation error) for a number no date holds.

    >>> from_milliseconds(1750316131602).isoformat()
    '2025-06-19T06:55:31.602000+00:00'
    >>> from_milliseconds("1749538250568").year
    2025
    >>> from_milliseconds(1e30)
    Traceback (most recent call last):
    ValueError: date out of range: 1e+30 ms
    """
    if isinstance(value, bool):
        return value  # pydantic rejects it as a datetime
    if isinstance(value, str) and value.strip().isdigit():
        if len(value.strip()) > len(str(MAX_EPOCH_MS)):
            raise ValueError(f"date out of range: {len(value.strip())} digits")
        value = int(value)
    if isinstance(value, int | float):
        if not (isinstance(value, int) or math.isfinite(value)) or not 0 <= value <= MAX_EPOCH_MS:
            raise ValueError(f"date out of range: {value:g} ms")
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class ApiModel(BaseModel):
    """What the platform sends: frozen, unknown fields ignored, numeric ids kept as text."""

    model_config = ConfigDict(
        frozen=True, extra="ignore", populate_by_name=True, coerce_numbers_to_str=True
    )


class ZaloUser(ApiModel):
    """The sender of a message."""

    id: str
    # The webhook sample says display_name, a getUpdates sample first_name, OpenClaw name.
    display_name: str | None = Field(
        default=None, validation_alias=AliasChoices("display_name", "first_name", "name")
    )
    is_bot: bool = False


class ZaloChat(ApiModel):
    """A conversation; reply to ``id``. ``chat_type`` is PRIVATE or GROUP (beta)."""

    id: str
    chat_type: str


class ZaloMessage(ApiModel):
    """One incoming message. Only the fields of its event type are present."""

    message_id: str
    chat: ZaloChat
    from_: ZaloUser | None = Field(default=None, alias="from")
    date: datetime
    text: str | None = None
    photo: str | None = Field(default=None, validation_alias=AliasChoices("photo", "photo_url"))
    caption: str | None = None
    sticker: str | None = None
    url: str | None = None  # a sticker's image

    @field_validator("date", mode="before")
    @classmethod
    def _date_from_ms(cls, value: Any) -> Any:
        return from_milliseconds(value)


class ZaloUpdate(ApiModel):
    """One event, as getUpdates returns it and the webhook posts it."""

    event_name: str
    message: ZaloMessage | None = None

    @property
    def is_text(self) -> bool:
        return self.event_name == EVENT_TEXT and self.message is not None

    @property
    def chat_id(self) -> str | None:
        return self.message.chat.id if self.message else None


class ZaloMe(ApiModel):
    """getMe: the bot's own account."""

    id: str
    account_name: str | None = None
    account_type: str | None = None
    can_join_groups: bool = False


class WebhookInfo(ApiModel):
    """getWebhookInfo / setWebhook: the webhook URL ("" when none) and when it changed."""

    url: str = ""
    updated_at: datetime | None = None

    @field_validator("updated_at", mode="before")
    @classmethod
    def _updated_from_ms(cls, value: Any) -> Any:
        return from_milliseconds(value)

    @property
    def is_set(self) -> bool:
        return bool(self.url)


class ZaloSentMessage(ApiModel):
    """sendMessage / sendPhoto: the id and time of the message the platform accepted."""

    message_id: str
    date: datetime | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_from_ms(cls, value: Any) -> Any:
        return from_milliseconds(value)


def parse_event(data: dict[str, Any]) -> ZaloUpdate:
    """The event in `data`, or ValueError naming the fields that are wrong."""
    try:
        return ZaloUpdate.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors()[:5])
        raise ValueError(f"not an event ({fields or 'shape'})") from None
    except (OverflowError, RecursionError) as exc:  # a value no model can hold
        raise ValueError(f"not an event ({type(exc).__name__})") from None
