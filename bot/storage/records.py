"""What the store hands back: frozen pydantic values, detached from any database session."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from digest.models import Figure, MeetingKind, Report


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Duplicate(StrEnum):
    """Why a report was not stored again (bot.storage.intake)."""

    SAME_TEXT = "same_text"  # the same text, give or take spacing and composed letters
    NEAR = "near"  # the same report with a masthead, headline or line breaks changed


class AddedReport(_Record):
    report_id: int  # the new report, or the stored one it repeats
    created: bool  # False: stored before (the new source was recorded on it)
    duplicate: Duplicate | None = None  # why it was not stored again
    queued: int = 0  # deliveries queued for subscribers in the same transaction


class StoredReport(_Record):
    id: int
    title: str | None
    province: str | None
    province_current: str | None
    date: date | None
    meeting_kind: MeetingKind
    period: str | None
    sources: list[str]  # every source the text came from, first seen first
    created_at: datetime  # UTC
    report: Report
    text: str


class ReportListing(_Record):
    """What a list of reports shows of each (a search result): no parsed report."""

    id: int
    title: str | None
    province: str | None
    province_current: str | None
    date: date | None
    day: int | None  # the meeting's day and month, stated even without a year
    month: int | None
    meeting_kind: MeetingKind
    text: str


class ListingPage(_Record):
    """One page of search results as listings (bot.storage.listings)."""

    reports: list[ReportListing]  # best first
    total: int  # every report that matches
    all_words: bool  # False: no report holds every word; these hold some of them


class FigureRow(_Record):
    """One figure with enough of its report to show where and when it was reported."""

    report_id: int
    province: str | None
    province_current: str | None
    date: date | None  # the meeting's date, only when its report states the year
    day: int | None = None  # the meeting's day and month, also when the year is not stated
    month: int | None = None
    meeting_kind: MeetingKind
    title: str | None
    figure: Figure


class Subscriber(_Record):
    id: int
    channel: str  # telegram | zalo | console
    chat_id: str
    chat_type: str
    name: str | None
    active: bool
    strikes: int  # failed deliveries in a row
    created_at: datetime
    last_seen_at: datetime


class StoreStats(_Record):
    reports: int
    subscribers_active: int
    subscribers_inactive: int
    subscriptions: int
    leaders: int


class SearchPage(_Record):
    """One page of search results (bot.storage.search)."""

    reports: list[StoredReport]  # best first
    total: int  # every report that matches
    all_words: bool  # False: no report holds every word; these hold some of them
