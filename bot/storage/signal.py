"""In-process wake-ups: "the outbox has new rows", "a schedule changed".

Built once by the composition root (bot.app) and handed both to the repository that writes
(bot.storage.outbox) and to whoever waits (the dispatcher, the roundup scheduler), so the
link between them is visible in the code that builds them. Rows queued by another process
are found by polling; this only saves the wait when the same process queued them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)


class Signal:
    """Listeners called (synchronously, cheaply) on `notify()`; `wait()` for one notify."""

    def __init__(self, name: str = "signal") -> None:
        self.name = name
        self._listeners: list[Callable[[], None]] = []
        self._waiters: set[asyncio.Future[None]] = set()

    def __repr__(self) -> str:
        return f"<Signal {self.name}: {len(self._listeners)} listeners>"

    def listen(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def unlisten(self, callback: Callable[[], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def notify(self) -> None:
        """Wake every listener and waiter; a failing listener is logged, never raised (it
        runs after a committed write, which it must not appear to undo)."""
        for callback in list(self._listeners):
            try:
                callback()
            except Exception:
                logger.exception("%s listener failed", self.name)
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_result(None)

    async def wait(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109 - its callers poll with a bound
        """Until the next `notify()` (True) or `timeout` seconds (False)."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)


class OutboxSignal(Signal):
    """New deliveries were queued in this process."""

    def __init__(self) -> None:
        super().__init__("outbox")


class ScheduleSignal(Signal):
    """A subscriber's delivery schedule changed in this process."""

    def __init__(self) -> None:
        super().__init__("schedules")
