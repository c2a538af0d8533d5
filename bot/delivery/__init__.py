"""Delivery: digests pushed to subscribers through a durable outbox, at each channel's speed.

* `sender`: the channel-neutral `Sender` protocol and its normalised errors;
* `telegram`, `zalo`: the senders of each channel;
* `limiter`: flood control applied before sending (overall, per chat, per group);
* `dispatcher`: drains the outbox (`bot.storage.outbox`) with leases, retries and strikes;
* `messages`: what a delivery says (templates/bot/delivery_*.j2);
* `schedule`, `roundups`: `/lich` modes, and daily or weekly roundups fired by APScheduler;
* `runtime`: all of it started inside `bantin bot` from the settings.

Only the dependency-free modules are imported here, so the conversation core can use
`bot.delivery.schedule` without pulling in the dispatcher.
"""

from bot.delivery.sender import (
    Blocked,
    ChannelLimits,
    ChatNotFound,
    DeliveryError,
    Rejected,
    RetryAfter,
    Sender,
    Transient,
)

__all__ = [
    "Blocked",
    "ChannelLimits",
    "ChatNotFound",
    "DeliveryError",
    "Rejected",
    "RetryAfter",
    "Sender",
    "Transient",
]
