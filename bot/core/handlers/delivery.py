"""/schedule (/lich), /broadcast (/thongbao) and the reactivation of chats that write again.

Thin: reading what people type is `bot.core.schedule_words` (asked back when ambiguous),
the times `bot.core.schedule`, storage `bot.storage.outbox`, the wording
bot/templates/schedule.j2 and broadcast.j2.
"""

from __future__ import annotations

import logging

from bot.core.commands import SPECS, Command
from bot.core.handlers.general import missing_argument
from bot.core.messages import Button, Reply, Request
from bot.core.schedule import INSTANT, Schedule, ScheduleProblem, next_slot
from bot.core.schedule_words import Ambiguous, gives_time, read_schedule, schedule_command
from bot.core.services import Services
from bot.core.templates import render_reply
from bot.documents.plain import has_markup, markdown_to_text, markup_to_text, without_controls

logger = logging.getLogger(__name__)


async def schedule(services: Services, request: Request, args: str) -> Reply:
    """/lich [ngay | HH:MM | tuan [thu2..cn] [HH:MM] | tat]: show or change when digests come."""
    store = services.store
    subscriber = await store.audience.get(request.channel, request.chat_id)
    if subscriber is None:
        return render_reply("schedule", outcome="not_subscribed", schedule=INSTANT,
                            next_at=None, queued=0, asked=args)
    now = services.now()
    if not args.strip():
        row = await store.outbox.get_schedule(subscriber.id)
        current = INSTANT if row is None else Schedule.from_row(
            row.mode, row.at_minute, row.weekday
        )
        return render_reply("schedule", outcome="shown", schedule=current,
                            next_at=next_slot(current, now), queued=0, asked=args)
    try:
        wanted = read_schedule(args)
    except ScheduleProblem:
        return render_reply("schedule", outcome="problem", schedule=INSTANT, next_at=None,
                            queued=0, asked=args)
    if isinstance(wanted, Ambiguous):
        buttons = tuple(Button(describe_choice(c.schedule), c.command) for c in wanted.choices)
        return render_reply("schedule", outcome="ask", schedule=INSTANT, next_at=None,
                            queued=0, asked=args, question=wanted, buttons=buttons)
    queued = await store.outbox.set_schedule(
        subscriber.id, wanted.mode.value, at_minute=wanted.at_minute, weekday=wanted.weekday,
        now=services.clock(),
    )
    return render_reply("schedule", outcome="changed", schedule=wanted,
                        next_at=next_slot(wanted, now), queued=queued, asked=args,
                        default_time=wanted.is_roundup and not gives_time(args),
                        example=schedule_command(wanted))


def announcement_text(args: str) -> str:
    """What a broadcast says: control characters removed, pasted markup turned into its
    words (subscribers would otherwise read "<b>" literally); "" if nothing is left.

    >>> announcement_text("<b>Bảo trì</b> lúc 22:00\x07"), announcement_text("<i></i>\x01")
    ('Bảo trì lúc 22:00', '')
    """
    text = without_controls(args).strip()
    if has_markup(text):
        text = markup_to_text(text)
    text = markdown_to_text(text).strip()
    return text if any(ch.isalnum() for ch in text) else ""


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def describe_choice(schedule: Schedule) -> str:
    """A button label: "Mỗi ngày lúc 17:00", "Ngay khi có bản tin"."""
    if schedule.at is None or not schedule.is_roundup:
        return "Ngay khi có bản tin" if schedule == INSTANT else "Tạm dừng"
    clock = f"{schedule.at.hour:02d}:{schedule.at.minute:02d}"
    if schedule.weekday is None:
        return f"Mỗi ngày lúc {clock}"
    return f"Mỗi {_WEEKDAYS[schedule.weekday]} lúc {clock}"


async def broadcast(services: Services, request: Request, args: str) -> Reply:
    """/thongbao <nội dung>: an announcement to every active subscriber, through the outbox.
    One made only of control characters or markup is refused: it would reach everyone as an
    empty or garbled message."""
    if not args.strip():
        return missing_argument(SPECS[Command.BROADCAST])
    text = announcement_text(args)
    if not text:
        return render_reply("broadcast", broadcast_id=None, queued=0, empty=True)
    broadcast_id, queued = await services.store.outbox.queue_broadcast(
        text, author=f"{request.channel}:{request.sender_id}", now=services.clock()
    )
    logger.info("broadcast %d by %s:%s queued for %d chats",
                broadcast_id, request.channel, request.sender_id, queued)
    return render_reply("broadcast", broadcast_id=broadcast_id, queued=queued, empty=False)


async def note_contact(services: Services, request: Request) -> None:
    """A chat the bot had stopped sending to (it blocked the bot) wrote again: resume.
    Asked once per burst of messages (bot.core.contacts)."""
    if request.channel == "console":
        return
    now = services.clock()
    if not services.contacts.needs_check(request.channel, request.chat_id, now):
        return
    if await services.store.outbox.reactivate_subscriber(
        request.channel, request.chat_id, now=now
    ):
        logger.info("%s chat %s wrote again: deliveries resume", request.channel,
                    request.chat_id)
    services.contacts.found_active(request.channel, request.chat_id, now)


async def delivery_stats_reply(services: Services) -> Reply:
    """The outbox part of /stats: queue depth, sends in the last minute and hour, failures."""
    now = services.clock()
    found = await services.store.outbox.delivery_stats(now=now)
    lag = None
    if found.oldest_pending_at is not None:
        lag = max(int((now - found.oldest_pending_at).total_seconds() // 60), 0)
    return render_reply("stats_delivery", d=found, lag=lag)


def join_replies(first: Reply, second: Reply) -> Reply:
    """Two replies as one message (the first one's kind and buttons)."""
    return Reply(
        text=f"{first.text}\n\n{second.text}",
        html=f"{first.html}\n\n{second.html}",
        template=first.template,
        buttons=first.buttons,
    )
