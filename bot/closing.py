"""`async with` for the objects that hold a connection pool or an HTTP client.

The database, the store, the Zalo client and the page fetcher all close the same way: on
leaving the block, `aclose()` (the name httpx and `contextlib.aclosing` use). One small base
keeps the protocol in one place. It knows nothing of bantin, so the library layer may use it.
"""

from __future__ import annotations

from typing import Self


class Closing:
    """Close on leaving `async with`; subclasses implement `aclose()`.

    >>> import asyncio
    >>> class Pool(Closing):
    ...     closed = False
    ...     async def aclose(self) -> None:
    ...         self.closed = True
    >>> async def use() -> bool:
    ...     async with Pool() as pool:
    ...         pass
    ...     return pool.closed
    >>> asyncio.run(use())
    True
    """

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
