"""/watch (/theodoi) and /unwatch (/huytheodoi): follow an indicator rather than a province.

`/theodoi thu ngan sach` follows it in every province, `/theodoi thu ngan sach bac kan` in
one (its current name: Thái Nguyên), `... tat ca` says "every province" outright. When a
new report carries the indicator, the chat gets one line through the outbox, when its /lich
says (bot.storage.watches; the line is rendered by bot.delivery.messages). The indicator and
province are read as /chitieu reads them, with /chitieu's answers to bad input.
"""

from __future__ import annotations

from bot.core.commands import Command
from bot.core.handlers.general import command_line
from bot.core.handlers.indicators import indicator_problem
from bot.core.messages import Reply, Request
from bot.core.metrics import display_name, parse_indicator_query
from bot.core.places import is_every_province
from bot.core.services import Services
from bot.core.templates import render_reply
from bot.storage.watches import Watch
from digest.provinces import display_name as province_name

_EVERY_WORDS = (2, 1)  # "tất cả", "all"


def _split_every(args: str) -> tuple[str, bool]:
    """The words before a trailing "tất cả", and whether it was there.

    >>> _split_every("thu ngan sach tat ca"), _split_every("thu ngan sach")
    (('thu ngan sach', True), ('thu ngan sach', False))
    """
    words = args.split()
    for size in _EVERY_WORDS:
        if len(words) > size and is_every_province(" ".join(words[-size:])):
            return " ".join(words[:-size]), True
    return args, False


async def watch(services: Services, request: Request, args: str) -> Reply:
    """/theodoi <chỉ tiêu> [tỉnh | tất cả]."""
    words, _every = _split_every(args)
    query = parse_indicator_query(words)
    if (problem := indicator_problem(Command.WATCH, args, query)) is not None:
        return problem
    assert query.key is not None
    province = query.place.province if query.place is not None else None
    store = services.store
    subscriber = await store.audience.upsert(
        request.channel, request.chat_id, chat_type=request.chat_type,
        name=request.sender_name, now=services.clock(),
    )
    created = await store.watches.add(subscriber.id, query.key, province, now=services.clock())
    name = display_name(query.key)
    return render_reply(
        "watch", created=created, name=name, province=province,
        stop=command_line(Command.UNWATCH, name, *([province] if province else [])),
        console=request.channel == "console",
    )


async def unwatch(services: Services, request: Request, args: str) -> Reply:
    """/huytheodoi [<chỉ tiêu> [tỉnh]]: stop one watch, one indicator's, or every one."""
    store = services.store
    subscriber = await store.audience.get(request.channel, request.chat_id)
    watched = [] if subscriber is None else await store.watches.of_subscriber(subscriber.id)
    if subscriber is None or not watched:
        return render_reply("unwatch", state="none", name=None, province=None)
    if not args:
        await store.watches.remove(subscriber.id)
        return render_reply("unwatch", state="all", name=None, province=None)
    words, every = _split_every(args)
    query = parse_indicator_query(words)
    if (problem := indicator_problem(Command.UNWATCH, args, query)) is not None:
        return problem
    assert query.key is not None
    province = query.place.province if query.place is not None else None
    removed = await store.watches.remove(
        subscriber.id, query.key, province, any_province=province is None and not every
    )
    return render_reply("unwatch", state="removed" if removed else "not_watched",
                        name=display_name(query.key), province=province)


def watch_lines(watches: list[Watch]) -> list[str]:
    """ "Thu ngân sách (tất cả các tỉnh)", "Thu ngân sách (Thái Nguyên)": for /cuatoi."""
    return [
        f"{display_name(w.indicator)} "
        f"({province_name(w.province) if w.province else 'tất cả các tỉnh'})"
        for w in watches
    ]
