"""/subscribe, /unsubscribe, /subscriptions: which provinces a chat follows.

A chat following every province that unsubscribes from one gets what it asked for: every
province except that one (`store.audience.exclude`), said so in the reply and in /subscriptions;
subscribing to it again takes it back.
"""

from __future__ import annotations

from bot.core.commands import Command
from bot.core.handlers.general import command_line, province_not_found
from bot.core.handlers.watches import watch_lines
from bot.core.messages import Reply, Request
from bot.core.places import is_every_province, resolve_province
from bot.core.services import Services
from bot.core.templates import render_reply


async def subscribe(services: Services, request: Request, args: str) -> Reply:
    """/subscribe <tỉnh | tất cả>: follow one province, or every one."""
    everything = is_every_province(args)
    match = None if everything else resolve_province(args)
    if match is not None and match.province is None:
        return province_not_found(Command.SUBSCRIBE, args, match)
    store = services.store
    subscriber = await store.audience.upsert(
        request.channel,
        request.chat_id,
        chat_type=request.chat_type,
        name=request.sender_name,
        now=services.clock(),
    )
    followed = await store.audience.subscriptions(subscriber.id)
    excluded = await store.audience.exclusions(subscriber.id)
    if match is not None and None in followed and match.province not in excluded:
        state = "covered"  # already among "every province": nothing to add
    elif match is not None and match.province in excluded:
        await store.audience.subscribe(subscriber.id, match.province)
        state = "resumed"
    else:
        created = await store.audience.subscribe(
            subscriber.id, None if match is None else match.province
        )
        state = "created" if created else "already"
    return render_reply(
        "subscribe", state=state, match=match, group=request.is_group, excluded=excluded
    )


async def unsubscribe(services: Services, request: Request, args: str) -> Reply:
    """/unsubscribe [<tỉnh>]: stop one province, or everything without an argument."""
    store = services.store
    subscriber = await store.audience.get(request.channel, request.chat_id)
    followed = [] if subscriber is None else await store.audience.subscriptions(subscriber.id)
    if subscriber is None or not followed:
        return render_reply("unsubscribe", state="none", match=None, again=None)
    everything = not args or is_every_province(args)
    match = None if everything else resolve_province(args)
    if match is not None and match.province is None:
        return province_not_found(Command.UNSUBSCRIBE, args, match)
    if match is None:
        await store.audience.unsubscribe(subscriber.id, None)
        return render_reply("unsubscribe", state="all", match=None, again=None)
    removed = await store.audience.unsubscribe(subscriber.id, match.province)
    if None in followed:
        # "Every province" covers this one: from now on, every province except it.
        newly = await store.audience.exclude(subscriber.id, match.province)
        state = "excluded" if newly or removed else "already_excluded"
    else:
        state = "removed" if removed else "not_followed"
    return render_reply(
        "unsubscribe",
        state=state,
        match=match,
        again=command_line(Command.SUBSCRIBE, match.province),
    )


async def subscriptions(services: Services, request: Request, args: str) -> Reply:
    """/subscriptions: what this chat follows."""
    audience, watches = services.store.audience, services.store.watches
    subscriber = await audience.get(request.channel, request.chat_id)
    followed = [] if subscriber is None else await audience.subscriptions(subscriber.id)
    every = None in followed
    excluded = await audience.exclusions(subscriber.id) if subscriber and every else []
    watched = [] if subscriber is None else await watches.of_subscriber(subscriber.id)
    return render_reply(
        "subscriptions",
        every=every,
        excluded=excluded,
        provinces=[p for p in followed if p is not None],
        active=subscriber is not None and subscriber.active,
        watches=watch_lines(watched),
    )
