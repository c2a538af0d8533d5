"""Chats seen writing lately: the "wrote again, resume deliveries" check once per burst.

Every message from a chat asks the outbox whether that chat had been marked inactive (it
blocked the bot and deliveries gave up), so that deliveries resume when it writes again. The
answer is nearly always "active", and people send several messages in a row: one read
transaction per message (about half a millisecond of the event loop's time on SQLite) was
the largest fixed cost of a chat reply. So a chat found active is not asked about again for
`RECHECK_AFTER`; the first message after that asks again.

The cost of the shortcut is bounded: a chat marked inactive less than `RECHECK_AFTER` after
one of its messages resumes at its next message after that, not at once. A chat can only be
marked inactive when sends to it fail (it blocked the bot), so it cannot be writing then.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

RECHECK_AFTER = timedelta(seconds=60)
REMEMBERED = 10_000  # chats; the oldest are forgotten first


class RecentContacts:
    """When each chat was last found active, by (channel, chat id)."""

    def __init__(self, recheck_after: timedelta = RECHECK_AFTER, size: int = REMEMBERED) -> None:
        self.recheck_after = recheck_after
        self.size = size
        self._seen: OrderedDict[tuple[str, str], datetime] = OrderedDict()

    def __repr__(self) -> str:
        return f"<RecentContacts {len(self._seen)} chats>"

    def needs_check(self, channel: str, chat_id: str, now: datetime) -> bool:
        """True unless the chat was found active less than `recheck_after` before `now`.

        >>> from datetime import UTC
        >>> contacts, t = RecentContacts(), datetime(2025, 8, 1, tzinfo=UTC)
        >>> contacts.needs_check("zalo", "7", t)
        True
        >>> contacts.found_active("zalo", "7", t)
        >>> contacts.needs_check("zalo", "7", t + timedelta(seconds=59))
        False
        >>> contacts.needs_check("zalo", "7", t + timedelta(seconds=60))
        True
        """
        seen = self._seen.get((channel, chat_id))
        return seen is None or now - seen >= self.recheck_after or now < seen

    def found_active(self, channel: str, chat_id: str, now: datetime) -> None:
        key = (channel, chat_id)
        self._seen.pop(key, None)
        self._seen[key] = now
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)
