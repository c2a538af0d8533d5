"""/ingest and /stats, for the admins named in BANTIN_ADMINS (the Conversation checks)."""

from __future__ import annotations

import regex

from bot.core.commands import SPECS, Command
from bot.core.handlers.delivery import delivery_stats_reply, join_replies
from bot.core.handlers.general import missing_argument
from bot.core.ingest import IngestResult, ingest_document, ingest_text
from bot.core.messages import Attachment, Reply, Request
from bot.core.services import Services
from bot.core.templates import render_reply
from bot.core.views import digest_both, report_day
from bot.documents import MAX_BYTES, REASONS_VI, Rejection
from digest.normalize import fold

# "/nhap không gửi ...": store as archive material, push to nobody. Read on the folded
# words at the very start of the argument (a report never starts with them).
_NO_PUSH = regex.compile(
    r"""
    ^\s*(?:khong\s+gui|luu\s+tru|backfill)   # "không gửi", "lưu trữ", "backfill"
    (?=\s|$)[ \t]*\n?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)


def split_push_mode(args: str) -> tuple[bool, str]:
    """(push, the rest): "không gửi" / "lưu trữ" in front means store without pushing.

    >>> split_push_mode("không gửi https://x.vn/a"), split_push_mode("Hội nghị Tỉnh ủy")
    ((False, 'https://x.vn/a'), (True, 'Hội nghị Tỉnh ủy'))
    """
    head = fold(args[:40])  # fold keeps length: the match's end carries over to `args`
    match = _NO_PUSH.match(head)
    if match is None or len(head) != len(args[:40]):
        return True, args
    return False, args[match.end():]


def _source(request: Request, filename: str | None) -> str:
    where = f"{request.channel}:{request.chat_id}"
    return f"{where}/{filename}" if filename else where


def ingest_reply(result: IngestResult) -> Reply:
    """What an admin reads after /ingest: stored (pushed or not, and why), duplicate, or
    refused with its true reason."""
    report = result.report
    digest = None
    if report is not None and result.outcome.value == "stored":
        digest = digest_both(report)
    return render_reply(
        "ingest",
        outcome=result.outcome.value,
        refusal=result.refusal.value if result.refusal else None,
        reason=result.detail_vi,
        result=result,
        quiet=result.quiet.value if result.quiet else None,
        meeting_day=report_day(report) if report is not None else "",
        mentioned=report.province if report is not None else None,
        evidence=report.province_evidence if report is not None else None,
        digest=digest,
    )


async def _from_attachment(
    services: Services, request: Request, attachment: Attachment, push: bool
) -> IngestResult | Reply:
    if attachment.size is not None and attachment.size > MAX_BYTES:
        return render_reply("ingest", outcome="refused", reason=REASONS_VI[Rejection.TOO_LARGE],
                            refusal="document", result=None, digest=None, quiet=None,
                            meeting_day="", mentioned=None, evidence=None)
    data = await attachment.fetch()
    return await ingest_document(
        services, data, filename=attachment.filename,
        source=_source(request, attachment.filename), push=push,
    )


async def ingest(services: Services, request: Request, args: str) -> Reply:
    """/ingest [không gửi]: a document sent with the command or replied to, or text pasted
    after it."""
    push, args = split_push_mode(args)
    attachment = request.attachment or request.replied_attachment
    if attachment is not None:
        result = await _from_attachment(services, request, attachment, push)
        if isinstance(result, Reply):
            return result
    elif args.strip() or (request.replied_text or "").strip():
        text = args if args.strip() else request.replied_text or ""
        result = await ingest_text(services, text, source=_source(request, None), push=push)
    else:
        return missing_argument(SPECS[Command.INGEST])
    return ingest_reply(result)


async def stats(services: Services, request: Request, args: str) -> Reply:
    """/stats: what the database holds."""
    counts = await services.store.stats()
    reply = render_reply("stats", stats=counts, engine=services.store.dialect)
    return join_replies(reply, await delivery_stats_reply(services))
