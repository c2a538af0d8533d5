"""Fake chat-platform API servers that end-to-end tests and benchmarks talk to over HTTP.

``telegram_api.TelegramApiServer`` speaks the Telegram Bot API and
``zalo_api.ZaloApiServer`` the Zalo Bot Platform API, both on 127.0.0.1, so the real
clients (python-telegram-bot, our httpx Zalo client) run against them unchanged.

This module holds what the two servers share:

- the aiohttp application lifecycle (``start``/``stop``, async context manager);
- decoding request parameters sent as query string, JSON, url-encoded form or multipart;
- the record of messages the bot sent, with ``wait_for_messages``;
- wiring for fault injection, latency, blocked chats and counters (logic in ``limits.py``);
- webhook delivery to the bot (POST with a secret header, statuses recorded);
- the JSON control API under ``/_control/<operation>`` so another process can drive a
  server started with ``python -m tests.servers.telegram_api`` (or ``zalo_api``);
- the standalone runner, which prints the port on stdout line 1.

Hand-written because no maintained double speaks both protocols over real HTTP
(bot-anchors.md section 2: tg-auto-test patches PTB in-process; telegram-bot-unittest is an
old polling-only Flask app; Zalo has none).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import copy
import json
import signal
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from .limits import (
    ACCEPTED,
    REJECTED_429,
    REJECTED_OTHER,
    Clock,
    Counters,
    Fault,
    FaultPlan,
)

__all__ = ["ApiError", "FakeChatApiServer", "RawBody", "Reply", "UploadedFile",
           "run_standalone"]

NO_RESULT = object()  # a handler's way to answer {"ok": true} without a "result" field

_PROXY_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class ApiError(Exception):
    """A refusal in the platform's error envelope (raised by handlers)."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class RawBody:
    """An event sent exactly as written, whatever it holds (invalid JSON, NaN, deep
    nesting): what a broken or hostile platform could send, for tests of the bot's guard."""

    text: str


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Reply:
    """What an API request is answered with, before it becomes an HTTP response."""

    status: int
    body: dict[str, Any] | None = None
    raw: bytes | None = None
    content_type: str = "application/json"
    counted_as: str | None = None  # the outcome, when the body cannot say it

    @property
    def outcome(self) -> str:
        if self.counted_as is not None:
            return self.counted_as
        if self.body is not None:
            if self.body.get("ok") is True:
                return ACCEPTED
            if self.body.get("error_code") == 429:
                return REJECTED_429
            return REJECTED_OTHER
        return REJECTED_429 if self.status == 429 else REJECTED_OTHER

    def to_response(self) -> web.Response:
        if self.body is not None:
            return web.json_response(self.body, status=self.status)
        return web.Response(
            status=self.status, body=self.raw or b"", content_type=self.content_type
        )


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Merge query-string, JSON, url-encoded and multipart parameters of one request.

    Raises ValueError when a JSON body does not decode to an object.
    """
    params: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if not request.body_exists:
        return params, files
    ctype = request.content_type
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = UploadedFile(
                    key, value.filename, value.file.read(), value.content_type
                )
            else:
                params[key] = value
        return params, files
    raw = await request.read()
    if raw.strip():
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            if ctype == "application/json":
                raise ValueError("can't parse JSON object") from exc
            return params, files  # an unknown body type is ignored, as the real APIs do
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        params.update(data)
    return params, files


def _b64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


ControlOp = Callable[[dict[str, Any]], Awaitable[Any]]


class FakeChatApiServer:
    """Base class: lifecycle, control API, sent-message record, faults and webhooks."""

    #: Methods ``fail_next`` and ``set_error_rate`` target when no method is named.
    SEND_METHODS: frozenset[str] = frozenset()
    #: Header carrying the webhook secret.
    WEBHOOK_SECRET_HEADER = ""

    def __init__(self, token: str, *, host: str = "127.0.0.1", port: int = 0,
                 clock: Clock = time.monotonic) -> None:
        self.token = token
        self.host = host
        self._requested_port = port
        self.clock = clock
        self.counters = Counters()
        self.faults = FaultPlan(send_methods=self.SEND_METHODS)
        self.latency = 0.0
        self.blocked: set[Any] = set()
        self._sent: list[dict[str, Any]] = []
        self._change = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._stop_requested: asyncio.Event | None = None
        # webhook delivery
        self.webhook_deliveries: list[dict[str, Any]] = []
        self._webhook_queue: list[dict[str, Any]] = []
        self._webhook_task: asyncio.Task[None] | None = None
        self._client: ClientSession | None = None

    # ----------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port (or the one given) and start serving."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        app.router.add_route("*", "/_control/{op}", self._control_entry)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._closing = False

    async def stop(self) -> None:
        """Release long polls, stop webhook delivery and close the listening socket."""
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._webhook_task
            self._webhook_task = None
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeChatApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("server not started")
        return self._port

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def control_url(self) -> str:
        return f"{self.root_url}/_control"

    # --------------------------------------------------------- subclass hooks
    def _add_routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def _chat_key(self, chat_id: Any) -> Any:
        """Normalise a chat id as given by a test or a request."""
        return chat_id

    def _fault_reply(self, fault: Fault, method: str) -> Reply:
        raise NotImplementedError

    def _on_injected_fault(self, fault: Fault) -> None:
        """Side effects of an injected failure (e.g. a 429 penalty)."""

    def _describe(self) -> dict[str, Any]:
        return {"port": self.port, "root_url": self.root_url, "token": self.token}

    def _control_ops(self) -> dict[str, ControlOp]:
        return {
            "health": self._op_health,
            "info": self._op_health,
            "messages": self._op_messages,
            "counters": self._op_counters,
            "fail_next": self._op_fail_next,
            "set_error_rate": self._op_set_error_rate,
            "block_chat": self._op_block_chat,
            "unblock_chat": self._op_unblock_chat,
            "add_latency": self._op_add_latency,
            "reset": self._op_reset,
            "webhook_deliveries": self._op_webhook_deliveries,
            "shutdown": self._op_shutdown,
        }

    # ------------------------------------------------------------ API plumbing
    def _raw_fault_reply(self, fault: Fault) -> Reply | None:
        """A proxy-style answer (HTML or empty body) when the fault asks for one."""
        kind = fault.body_kind()
        if kind == "empty":
            return Reply(fault.status, raw=b"", content_type="text/html")
        if kind == "html":
            body = _PROXY_502 if fault.status == 502 else (
                f"<html><body><h1>{fault.status}</h1></body></html>".encode()
            )
            return Reply(fault.status, raw=body, content_type="text/html")
        return None

    async def _run_with_faults(
        self,
        method: str,
        chat_key: Any,
        handler: Callable[[], Awaitable[Reply]],
    ) -> Reply:
        """Apply an injected failure before (or, with ``deliver``, after) the handler."""
        fault = self.faults.take(method, chat_key)
        if fault is not None and not fault.deliver:
            self._on_injected_fault(fault)
            return self._fault_reply(fault, method)
        reply = await handler()
        if fault is not None:
            self._on_injected_fault(fault)
            return self._fault_reply(fault, method)
        return reply

    async def _sleep_latency(self) -> None:
        if self.latency > 0:
            await asyncio.sleep(self.latency)

    # --------------------------------------------------------- change signalling
    def _notify(self) -> None:
        """Wake every coroutine waiting in ``_wait_until``."""
        event, self._change = self._change, asyncio.Event()
        event.set()

    async def _wait_until(
        self, predicate: Callable[[], bool], timeout: float  # noqa: ASYNC109 - a long poll's
    ) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            if predicate():
                return True
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                return predicate()
            event = self._change
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # ----------------------------------------------------------- sent messages
    def _record_sent(self, record: dict[str, Any]) -> None:
        record.setdefault("time", time.time())
        self._sent.append(record)
        self._notify()

    def sent_messages(self, chat_id: Any = None) -> list[dict[str, Any]]:
        """Messages the bot got accepted, oldest first (copies), optionally for one chat."""
        key = None if chat_id is None else self._chat_key(chat_id)
        return [copy.deepcopy(r) for r in self._sent if key is None or r["chat_id"] == key]

    async def wait_for_messages(
        self, chat_id: Any, count: int, timeout: float = 5.0  # noqa: ASYNC109 - test helper
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` messages reached ``chat_id`` (None: any chat); return them all.

        Raises TimeoutError naming what did arrive.
        """
        if not await self._wait_until(lambda: len(self.sent_messages(chat_id)) >= count, timeout):
            got = [m.get("text") or m.get("caption") for m in self.sent_messages(chat_id)]
            raise TimeoutError(
                f"expected {count} message(s) to chat {chat_id!r} within {timeout}s, "
                f"got {len(got)}: {got!r}"
            )
        return self.sent_messages(chat_id)

    # ------------------------------------------------------------ fault API
    def _resolve_methods(self, methods: Iterable[str] | str | None) -> frozenset[str] | None:
        if methods is None:
            return None
        if isinstance(methods, str):
            return frozenset({methods})
        return frozenset(methods)

    def fail_next(
        self,
        chat_id: Any = None,
        status: int = 429,
        retry_after: int | None = 5,
        *,
        description: str | None = None,
        count: int = 1,
        method: Iterable[str] | str | None = None,
        body: str | None = None,
        deliver: bool = False,
        penalize: bool = False,
    ) -> None:
        """Answer the next ``count`` matching requests with ``status`` instead.

        ``chat_id`` None matches any chat; ``method`` None matches the message-sending
        methods, ``"*"`` every method. ``deliver=True`` accepts and records the message
        first, then answers with the failure (a lost reply). ``penalize=True`` also keeps
        refusing the chat for ``retry_after`` seconds, as Telegram's flood control does.
        """
        fault = Fault(
            status=status,
            chat_key=None if chat_id is None else self._chat_key(chat_id),
            methods=self._resolve_methods(method),
            retry_after=retry_after if status == 429 else None,
            description=description,
            body=body,
            deliver=deliver,
            penalize=penalize,
        )
        self.faults.add_next(fault, count)

    def set_error_rate(
        self,
        rate: float,
        status: int = 502,
        seed: int | None = None,
        *,
        method: Iterable[str] | str | None = None,
        body: str | None = None,
        deliver: bool = False,
        retry_after: int | None = 5,
    ) -> None:
        """Fail a random ``rate`` share of matching requests (0 switches it off).

        For 502/503/504 the body is a proxy's HTML page (``body="empty"`` for none).
        """
        fault = Fault(
            status=status,
            methods=self._resolve_methods(method),
            retry_after=retry_after if status == 429 else None,
            body=body,
            deliver=deliver,
        )
        self.faults.set_rate(rate, fault, seed)

    def block_chat(self, chat_id: Any) -> None:
        """The user blocked the bot (or removed it from the group): sends get 403."""
        self.blocked.add(self._chat_key(chat_id))

    def unblock_chat(self, chat_id: Any) -> None:
        self.blocked.discard(self._chat_key(chat_id))

    def add_latency(self, seconds: float) -> None:
        """Delay every API answer by ``seconds`` (replaces the previous setting)."""
        if seconds < 0:
            raise ValueError("latency cannot be negative")
        self.latency = float(seconds)

    def reset(self) -> None:
        """Forget sent messages, counters, faults, latency and blocks (not chats or updates)."""
        self._sent.clear()
        self.counters.reset()
        self.faults.clear()
        self.latency = 0.0
        self.blocked.clear()
        self.webhook_deliveries.clear()
        self._notify()

    # --------------------------------------------------------------- webhooks
    def _webhook_target(self) -> tuple[str, str | None] | None:
        """(url, secret) of the active webhook, or None. Subclasses override."""
        return None

    def _webhook_payload(self, item: dict[str, Any]) -> dict[str, Any]:
        return item

    def _webhook_undeliverable(self, item: dict[str, Any]) -> None:
        """The webhook was removed before ``item`` went out (subclass re-queues it)."""

    def _enqueue_webhook(self, item: dict[str, Any]) -> None:
        self._webhook_queue.append(item)
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._webhook_worker())

    async def _webhook_worker(self) -> None:
        while self._webhook_queue and not self._closing:
            item = self._webhook_queue.pop(0)
            target = self._webhook_target()
            if target is None:
                self._webhook_undeliverable(item)
                continue
            await self._post_webhook(target, item)

    async def _post_webhook(self, target: tuple[str, str | None], item: dict[str, Any]) -> None:
        url, secret = target
        headers = {"Content-Type": "application/json"}
        if secret:
            headers[self.WEBHOOK_SECRET_HEADER] = secret
        payload = item if isinstance(item, RawBody) else self._webhook_payload(item)
        data = payload.text if isinstance(payload, RawBody) else json.dumps(payload)
        record: dict[str, Any] = {
            "url": url, "payload": data if isinstance(payload, RawBody) else payload,
            "status": None, "error": None, "time": time.time(),
        }
        if self._client is None:
            self._client = ClientSession(timeout=ClientTimeout(total=10))
        try:
            async with self._client.post(url, data=data, headers=headers) as resp:
                record["status"] = resp.status
                await resp.read()
        except Exception as exc:  # any transport failure is recorded, never raised
            record["error"] = f"{type(exc).__name__}: {exc}"
        self.webhook_deliveries.append(record)
        self._notify()

    async def wait_for_webhook_deliveries(
        self, count: int, timeout: float = 5.0  # noqa: ASYNC109 - test helper
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` webhook POSTs were attempted; return the records."""
        if not await self._wait_until(lambda: len(self.webhook_deliveries) >= count, timeout):
            raise TimeoutError(
                f"expected {count} webhook deliveries within {timeout}s, "
                f"got {len(self.webhook_deliveries)}"
            )
        return copy.deepcopy(self.webhook_deliveries)

    # ------------------------------------------------------------ control API
    async def _control_entry(self, request: web.Request) -> web.Response:
        op = self._control_ops().get(request.match_info["op"])
        if op is None:
            name = request.match_info["op"]
            return web.json_response(
                {"ok": False, "description": f"unknown control operation {name!r}",
                 "operations": sorted(self._control_ops())},
                status=404,
            )
        args: dict[str, Any] = dict(request.query)
        if request.body_exists:
            try:
                body = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                body = None
            if not isinstance(body, dict):
                return web.json_response(
                    {"ok": False, "description": "body must be a JSON object"}, status=400
                )
            args.update(body)
        try:
            result = await op(args)
        except (TypeError, ValueError, KeyError, TimeoutError) as exc:
            return web.json_response(
                {"ok": False, "description": f"{type(exc).__name__}: {exc}"}, status=400
            )
        return web.json_response({"ok": True, "result": result})

    async def _op_health(self, args: dict[str, Any]) -> Any:
        return self._describe()

    async def _op_messages(self, args: dict[str, Any]) -> Any:
        chat_id = args.get("chat_id")
        if args.get("count") is not None:
            return await self.wait_for_messages(
                chat_id, int(args["count"]), float(args.get("timeout", 5.0))
            )
        return self.sent_messages(chat_id)

    async def _op_counters(self, args: dict[str, Any]) -> Any:
        return self.counters.as_dict()

    async def _op_fail_next(self, args: dict[str, Any]) -> Any:
        self.fail_next(**_numbers(args, ints=("status", "retry_after", "count")))
        return True

    async def _op_set_error_rate(self, args: dict[str, Any]) -> Any:
        self.set_error_rate(**_numbers(args, ints=("status", "seed", "retry_after"),
                                       floats=("rate",)))
        return True

    async def _op_block_chat(self, args: dict[str, Any]) -> Any:
        self.block_chat(args["chat_id"])
        return True

    async def _op_unblock_chat(self, args: dict[str, Any]) -> Any:
        self.unblock_chat(args["chat_id"])
        return True

    async def _op_add_latency(self, args: dict[str, Any]) -> Any:
        self.add_latency(float(args["seconds"]))
        return True

    async def _op_reset(self, args: dict[str, Any]) -> Any:
        self.reset()
        return True

    async def _op_webhook_deliveries(self, args: dict[str, Any]) -> Any:
        if args.get("count") is not None:
            return await self.wait_for_webhook_deliveries(
                int(args["count"]), float(args.get("timeout", 5.0))
            )
        return copy.deepcopy(self.webhook_deliveries)

    async def _op_shutdown(self, args: dict[str, Any]) -> Any:
        if self._stop_requested is not None:
            self._stop_requested.set()
        return True


def _numbers(args: dict[str, Any], ints: Iterable[str] = (), floats: Iterable[str] = ()
             ) -> dict[str, Any]:
    """Control arguments that arrived as query-string text, turned into numbers."""
    out = dict(args)
    for name in ints:
        if isinstance(out.get(name), str):
            out[name] = int(out[name])
    for name in floats:
        if isinstance(out.get(name), str):
            out[name] = float(out[name])
    for name in ("deliver", "penalize"):
        if isinstance(out.get(name), str):
            out[name] = out[name].lower() in ("1", "true", "yes")
    return out


def b64_content(args: dict[str, Any]) -> bytes:
    """File content from a control request: ``content_b64`` (bytes) or ``content`` (text)."""
    if "content_b64" in args:
        return base64.b64decode(args.pop("content_b64"))
    content = args.pop("content", b"")
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def encode_content(content: bytes) -> str:
    return _b64(content)


def run_standalone(
    parser: argparse.ArgumentParser,
    build: Callable[[argparse.Namespace], FakeChatApiServer],
    argv: list[str] | None = None,
) -> int:
    """Serve until SIGTERM/SIGINT or ``POST /_control/shutdown``; print the port first.

    stdout line 1 is the port, line 2 a JSON description (base URLs, token).
    """
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)

    async def serve() -> None:
        server = build(args)
        server._stop_requested = asyncio.Event()
        await server.start()
        print(server.port, flush=True)
        print(json.dumps(server._describe()), flush=True)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, server._stop_requested.set)
        try:
            await server._stop_requested.wait()
        finally:
            await server.stop()

    asyncio.run(serve())
    return 0
