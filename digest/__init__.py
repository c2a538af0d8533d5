"""bantin's digest engine: Vietnamese meeting report text in, a faithful structured digest out.

Pure and synchronous: no network, database, clock or logging set-up.
"""

from digest.dates import parse_when
from digest.extract import extract
from digest.models import (
    Figure,
    LeaderFact,
    LeaderRole,
    Meeting,
    MeetingKind,
    Person,
    ProvinceGuess,
    ProvinceMethod,
    Qualifier,
    Quantity,
    Report,
    Status,
    When,
    WhenKind,
)
from digest.numbers import parse_quantity
from digest.render import render

__all__ = [
    "Figure",
    "LeaderFact",
    "LeaderRole",
    "Meeting",
    "MeetingKind",
    "Person",
    "ProvinceGuess",
    "ProvinceMethod",
    "Qualifier",
    "Quantity",
    "Report",
    "Status",
    "When",
    "WhenKind",
    "extract",
    "parse_quantity",
    "parse_when",
    "render",
]
