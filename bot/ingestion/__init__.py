"""Ingestion: reports arriving by themselves from folders, RSS/Atom feeds and portal pages.

    ingestion = await start_ingestion(settings.sources, services)   # inside `bantin bot`
    result = await Ingestor(services, settings.sources).run_source("baothainguyen")

Modules: `config` (the `[[sources]]` model), `http` (fetching with caps and conditional
GET), `charset`, `feeds`, `links` (list pages), `article` (extraction), `relevance`,
(near-duplicates: bot.storage.dedupe), `leaders` (learning), `pipeline` (rounds), `scheduler`.
Only `config` is imported eagerly: `bot.settings` needs it, and it must stay light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from bot.ingestion.config import SourceConfig, SourceKind

_LAZY = {
    "Ingestor": "bot.ingestion.pipeline",
    "ItemOutcome": "bot.ingestion.pipeline",
    "Progress": "bot.ingestion.pipeline",
    "RoundResult": "bot.ingestion.pipeline",
    "SourceScheduler": "bot.ingestion.scheduler",
    "start_ingestion": "bot.ingestion.scheduler",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SourceConfig", "SourceKind", *_LAZY]
