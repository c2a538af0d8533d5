"""What every `bantin` command shares: the settings, read once, and the `--province` option.

Its own module so that the main CLI (bot/cli.py) and the ingestion commands
(bot/cli_ingestion.py) both import it, and neither imports the other's internals.
"""

from __future__ import annotations

import argparse
import sys

from pydantic import ValidationError

from bot.settings import Settings
from digest.provinces import canonical_province


def load_settings(args: argparse.Namespace) -> Settings | None:
    try:
        return Settings(config_file=args.config)
    except ValidationError as exc:
        print(
            f"bantin: invalid configuration ({args.config} or environment):\n{exc}",
            file=sys.stderr,
        )
        return None


def province_option(value: str | None) -> tuple[str | None, bool]:
    """A `--province` value as a canonical name; (None, False) after telling the user why."""
    if not value:
        return None, True
    province = canonical_province(value)
    if province is None:
        print(f"bantin: unknown province {value!r}", file=sys.stderr)
        return None, False
    return province, True
