"""Where reports come from: the `[[sources]]` of config.toml, one typed value per source.

    [[sources]]
    name = "baothainguyen-chinh-tri"
    kind = "page"                      # folder | feed | page | url
    location = "https://baothainguyen.vn/chinh-tri/"
    province = "Thái Nguyên"           # optional: the portal's articles belong to it
    interval_minutes = 30
    enabled = true

Part of the configuration layer: `bot.settings` reads it; it imports only the engine's
province table.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from digest.provinces import canonical_province

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # the same cap as an uploaded document (bot.documents)


class SourceKind(StrEnum):
    FOLDER = "folder"  # new .txt/.html files in a local folder
    FEED = "feed"  # RSS 2.0, RSS 1.0 (RDF) or Atom
    PAGE = "page"  # a section or list page; its article links are followed
    URL = "url"  # one article


class SourceConfig(BaseModel):
    """One configured source. `name` is its key in the database and on the command line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: SourceKind
    location: str = Field(min_length=1)  # a folder path, or an http(s) URL
    province: str | None = None  # canonical province name, checked below
    interval_minutes: float = Field(30.0, gt=0)
    enabled: bool = True
    timeout_seconds: float = Field(20.0, gt=0)  # a whole request, body included
    max_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0)  # a larger response is refused
    max_items: int = Field(20, gt=0)  # new articles fetched per round, newest first

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        canonical = canonical_province(value)
        if canonical is None:
            raise ValueError(f"unknown province {value!r}")
        return canonical

    @model_validator(mode="after")
    def _location_fits_kind(self) -> SourceConfig:
        if self.kind is SourceKind.FOLDER:
            return self
        parts = urlsplit(self.location)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"source {self.name!r}: {self.kind} needs an http(s) URL")
        return self

    @property
    def interval_seconds(self) -> float:
        return self.interval_minutes * 60


def check_unique_names(sources: list[SourceConfig]) -> list[SourceConfig]:
    """Names are keys: two sources may not share one.

    >>> a = SourceConfig(name="a", kind="folder", location="in")
    >>> check_unique_names([a, a])
    Traceback (most recent call last):
    ValueError: source names must be unique: a
    """
    seen: set[str] = set()
    twice = sorted({s.name for s in sources if s.name in seen or seen.add(s.name)})
    if twice:
        raise ValueError(f"source names must be unique: {', '.join(twice)}")
    return sources
