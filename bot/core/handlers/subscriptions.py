"""/subscribe, /unsubscribe, /subscriptions: which provinces a chat follows."""

from __future__ import annotations

from bot.core.commands import Command
from bot.core.handlers.general import command_line, did_you_mean
from bot.core.messages import Reply, Request
from bot.core.places import ProvinceMatch, is_every_province, resolve_province
from bot.core.services import Services
from bot.core.templates import render_reply


def province_not_found(command: Command, asked: str, match: ProvinceMatch) -> Reply:
    """Offer the candidates, or say no province has that name."""
    if match.candidates:
        options = [(name, command_line(command, name)) for name in match.candidates]
        return did_you_mean("tỉnh", asked, options)
    return render_reply(
        "unknown_province", asked=asked, alias=command_line(command)[1:], example="bac kan"
    )


async def subscribe(services: Services, request: Request, args: str) -> Reply:
    """/subscribe <tỉnh | tất cả>: follow one province, or every one."""
    everything = is_every_province(args)
    match = None if everything else resolve_province(args)
    if match is not None and match.province is None:
        return province_not_found(Command.SUBSCRIBE, args, match)
    subscriber = await services.store.upsert_subscriber(
        request.channel,
        request.chat_id,
        chat_type=request.chat_type,
        name=request.sender_name,
        now=services.clock(),
    )
    province = None if match is None else match.province
    created = await services.store.subscribe(subscriber.id, province)
    return render_reply("subscribe", created=created, match=match, group=request.is_group)


async def unsubscribe(services: Services, request: Request, args: str) -> Reply:
    """/unsubscribe [<tỉnh>]: stop one province, or everything without an argument."""
    subscriber = await services.store.get_subscriber(request.channel, request.chat_id)
    followed = [] if subscriber is None else await services.store.subscriptions(subscriber.id)
    if subscriber is None or not followed:
        return render_reply("unsubscribe", removed=0, match=None, followed=False)
    everything = not args or is_every_province(args)
    match = None if everything else resolve_province(args)
    if match is not None and match.province is None:
        return province_not_found(Command.UNSUBSCRIBE, args, match)
    removed = await services.store.unsubscribe(
        subscriber.id, None if match is None else match.province
    )
    if match is not None and removed == 0 and None in followed:
        # Following "every province" covers this one; removing it alone is not possible.
        return render_reply("unsubscribe", removed=0, match=match, followed=True, every=True)
    return render_reply("unsubscribe", removed=removed, match=match, followed=True, every=False)


async def subscriptions(services: Services, request: Request, args: str) -> Reply:
    """/subscriptions: what this chat follows."""
    subscriber = await services.store.get_subscriber(request.channel, request.chat_id)
    followed = [] if subscriber is None else await services.store.subscriptions(subscriber.id)
    return render_reply(
        "subscriptions",
        every=None in followed,
        provinces=[p for p in followed if p is not None],
        active=subscriber is not None and subscriber.active,
    )
