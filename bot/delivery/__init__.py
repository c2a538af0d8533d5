"""Delivery: one way out per channel token, and digests pushed through a durable outbox.

* `port`: the outbound port of a channel token, the one way out for replies, digests and
  broadcasts: sender, gate, splitting and the refusal policy;
* `gate`: who sends next (replies before bulk) within the chat's limits and the budget;
* `budget`, `pace`: the overall pace, in memory or shared by processes through the database;
* `sender`: the channel-neutral `Sender` protocol and its normalised errors;
* `telegram`, `zalo`: the senders of each channel;
* `limiter`: each chat's windows and pauses, and a process's own overall window;
* `dispatcher`: drains the outbox (`bot.storage.outbox`) through the ports, with leases;
* `messages`: what a delivery says (bot/templates/delivery_*.j2);
* `schedule`, `roundups`: `/lich` modes, and daily or weekly roundups fired by APScheduler;
* `runtime`: the ports and all of it started inside `bantin bot` from the settings.

Only the dependency-free modules are imported here, so the conversation core can use
`bot.core.schedule` without pulling in the dispatcher.
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
