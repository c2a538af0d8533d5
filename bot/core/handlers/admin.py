"""/ingest and /stats, for the admins named in BANTIN_ADMINS (the Conversation checks)."""

from __future__ import annotations

from bot.core.commands import SPECS, Command
from bot.core.handlers.delivery import delivery_stats_reply, join_replies
from bot.core.handlers.general import missing_argument
from bot.core.ingest import IngestResult, ingest_document, ingest_text
from bot.core.messages import Attachment, Reply, Request
from bot.core.services import Services
from bot.core.templates import Both, render_reply
from bot.documents import MAX_BYTES, REASONS_VI, Rejection
from digest.render import render


def _source(request: Request, filename: str | None) -> str:
    where = f"{request.channel}:{request.chat_id}"
    return f"{where}/{filename}" if filename else where


async def _from_attachment(
    services: Services, request: Request, attachment: Attachment
) -> IngestResult | Reply:
    if attachment.size is not None and attachment.size > MAX_BYTES:
        return render_reply("ingest", outcome="refused", reason=REASONS_VI[Rejection.TOO_LARGE],
                            refusal="document", result=None, digest=None)
    data = await attachment.fetch()
    return await ingest_document(
        services, data, filename=attachment.filename,
        source=_source(request, attachment.filename),
    )


async def ingest(services: Services, request: Request, args: str) -> Reply:
    """/ingest: a document sent with the command or replied to, or text pasted after it."""
    attachment = request.attachment or request.replied_attachment
    if attachment is not None:
        result = await _from_attachment(services, request, attachment)
        if isinstance(result, Reply):
            return result
    elif args.strip() or (request.replied_text or "").strip():
        text = args if args.strip() else request.replied_text or ""
        result = await ingest_text(services, text, source=_source(request, None))
    else:
        return missing_argument(SPECS[Command.INGEST])
    digest = None
    if result.report is not None:
        digest = Both(text=render(result.report, "text"), html=render(result.report, "html"))
    return render_reply(
        "ingest",
        outcome=result.outcome.value,
        refusal=result.refusal.value if result.refusal else None,
        reason=result.detail_vi,
        result=result,
        digest=digest,
    )


async def stats(services: Services, request: Request, args: str) -> Reply:
    """/stats: what the database holds."""
    counts = await services.store.stats()
    reply = render_reply("stats", stats=counts, engine=services.store.dialect)
    return join_replies(reply, await delivery_stats_reply(services))
