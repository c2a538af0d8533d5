"""/sources (what the automatic sources are doing) and /ingest <url> (one article now).

`/ingest <url>` is an admin vouching for an article: it is fetched and stored even when the
relevance rules skipped it (the "force in"), with the province of a configured source on the
same site as the hint. Everything else `/ingest` accepts goes on to `admin.ingest`.
"""

from __future__ import annotations

from datetime import datetime

import regex

from bot.core.handlers import admin
from bot.core.messages import Reply, Request
from bot.core.services import Services
from bot.core.templates import render_reply
from bot.core.views import digest_both

_ONE_URL = regex.compile(r"^https?://[^\s<>\"']+$", regex.IGNORECASE)
# Another scheme ("ftp://...", "file:///..."): a URL bantin does not fetch, said so.
_OTHER_URL = regex.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]{1,15})://\S+$", regex.IGNORECASE)
SKIPPED_SHOWN = 5


def _local(moment: datetime | None, services: Services) -> str | None:
    if moment is None:
        return None
    local = moment.astimezone(services.timezone)
    return f"{local.hour:02d}:{local.minute:02d} {local.day}/{local.month}/{local.year}"


async def sources(services: Services, request: Request, args: str) -> Reply:
    """/sources: each source, its state, and the latest articles it skipped."""
    now = services.clock()
    rows = []
    for state in await services.store.sources.states():
        resting = state.next_attempt_at is not None and state.next_attempt_at > now
        rows.append(
            {
                "state": state,
                "resting_until": _local(state.next_attempt_at, services) if resting else None,
                "last_success": _local(state.last_success_at, services),
                "last_error_at": _local(state.last_error_at, services),
                "seen": sum(state.items.values()),
            }
        )
    skipped = await services.store.sources.items(status="skipped", limit=SKIPPED_SHOWN)
    return render_reply("sources", rows=rows, skipped=skipped)


def is_url(args: str) -> bool:
    """Whether the argument of /ingest is one web address.

    >>> is_url("https://baothainguyen.vn/tin-tuc/hoi-nghi-1.html"), is_url("Hội nghị")
    (True, False)
    """
    return _ONE_URL.fullmatch(args.strip()) is not None


def other_scheme(args: str) -> str | None:
    """The scheme of a lone URL bantin does not fetch ("ftp"), else None.

    >>> other_scheme("ftp://files.example.vn/bc.txt"), other_scheme("https://x.vn/a")
    ('ftp', None)
    """
    match = _OTHER_URL.fullmatch(args.strip())
    if match is None or match["scheme"].lower() in ("http", "https"):
        return None
    return match["scheme"].lower()


async def ingest(services: Services, request: Request, args: str) -> Reply:
    """/ingest [không gửi]: a URL is fetched and forced in; documents and pasted text go on
    to `admin.ingest`."""
    push, rest = admin.split_push_mode(args)
    if request.attachment is not None or request.replied_attachment is not None:
        return await admin.ingest(services, request, args)
    if (scheme := other_scheme(rest)) is not None:
        return render_reply("ingest_url", outcome=None, url=rest.strip(), digest=None,
                            scheme=scheme, max_age_days=None)
    if not is_url(rest):
        return await admin.ingest(services, request, args)
    if services.url_ingestor is None:  # bot.app always builds one: a wiring fault
        raise RuntimeError("no URL ingestor in these services (see bot.app.build_services)")
    outcome = await services.url_ingestor.ingest_url(rest.strip(), force=True, push=push)
    digest = None
    if outcome.status == "stored" and outcome.report_id is not None:
        stored = await services.store.reports.get(outcome.report_id)
        if stored is not None:
            digest = digest_both(stored.report)
    return render_reply("ingest_url", outcome=outcome, url=rest.strip(), digest=digest,
                        scheme=None, max_age_days=services.push_max_age_days)
