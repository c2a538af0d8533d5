"""A Zalo Bot Platform API test double served over real HTTP on 127.0.0.1.

Our httpx Zalo client points its base URL at ``server.base_url`` ("http://127.0.0.1:PORT")
and appends ``/bot{token}/{method}`` as it does for https://bot-api.zaloplatforms.com.

What it implements, as the official documentation describes it (copies of the Vietnamese
docs at lamdt1/ckvn-bot:docs/zalo-bot-doc.md and
XuanNguyenNB/QuanLyThuChi_Bot_Telegram_Zalom:docs/ZALO_BOT_API.md, 2025-12):

- GET or POST, parameters in the query string, JSON, url-encoded or multipart bodies;
  method names are case-sensitive; answers use ``{ok, result}`` /
  ``{ok: false, error_code, description}``.
- getMe -> ``{id, account_name, account_type, can_join_groups}``.
- getUpdates(timeout, default 30 s): a long poll returning ONE event object (no offset, no
  update_id; an event handed out is gone). Nothing within the timeout answers
  ``error_code 408 "Request timeout"``. It refuses to work while a webhook is set.
- setWebhook(url HTTPS, secret_token 8-256 characters, both required), deleteWebhook,
  getWebhookInfo (``{url, updated_at}``, milliseconds). With a webhook set, events are
  POSTed to it with the ``X-Bot-Api-Secret-Token`` header and each answer's HTTP status is
  recorded in ``webhook_deliveries``.
- sendMessage(chat_id, text 1-2000 characters), sendPhoto(chat_id, photo URL, caption up to
  2000), sendSticker(chat_id, sticker), sendChatAction(chat_id, action "typing";
  "upload_photo" is accepted, the docs call it "coming soon"); results ``{message_id, date}``.
- Events: message.text.received, message.image.received, message.sticker.received,
  message.unsupported.received (sent instead of the content for protected users).
- Error codes of the docs' table: 400, 401 (invalid token), 403, 404, 408, 429 "Quota
  exceeded".

Choices where the documentation is silent (each can be switched):

- HTTP status. By default an error is answered with HTTP 200 and ``ok: false`` in the body.
  OpenClaw's client (openclaw/openclaw extensions/zalo/src/api.ts) fails on a non-2xx
  status *before* it reads ``error_code`` yet treats 408 as the normal empty poll, which
  only works if Zalo answers 200. ``mirror_http_status=True`` answers with the error code
  as HTTP status instead; a robust client reads the envelope in both cases.
- The webhook body. The docs show ``{"ok": true, "result": <event>}``; OpenClaw reports the
  live service posting the bare event. Default: the documented envelope;
  ``webhook_envelope=False`` posts the bare event.
- Field names that differ between the docs and field reports: the sender name
  (``display_name`` in the webhook sample, ``first_name`` in a getUpdates sample) and the
  image URL (``photo`` in the docs, ``photo_url`` in OpenClaw's types). Defaults follow the
  docs; ``name_fields`` / ``image_fields`` can list one or both.
- getUpdates while a webhook is set answers 400 "You cannot use this API while a webhook is
  set" (wording observed by a user of the live API; the docs only say it does not work).
- Rate limits: none are published. Defaults: 10 messages per second overall (strict
  1-second window) and 2 per second per chat with a burst of 3, answering 429
  "Quota exceeded". Text length is counted in UTF-16 code units (the JavaScript string
  length; OpenClaw truncates captions the same way).
- Descriptions of 400s and of 403 for blocked chats are our wording.
- sendPhoto: the platform downloads the image from its URL. The double does so for URLs on
  127.0.0.1 or localhost (nothing beyond loopback), answering 400 "photo could not be
  downloaded" when that fails or is no image, and records the bytes (``content_b64``);
  other URLs are recorded as given.

Run it standalone::

    python -m tests.servers.zalo_api --port 0 --allow-insecure-webhook

stdout line 1 is the port, line 2 a JSON description (base_url, token); ``/_control/<op>``
(JSON body or query string) drives it: push_text, push_image, push_sticker,
push_unsupported, push_raw, push_event, register_chat, new_chat_id, messages
(``count``/``timeout`` to wait), events, state, counters, fail_next, set_error_rate,
block_chat, unblock_chat, add_latency, set_rate_limits, reset, webhook_deliveries, health,
shutdown.

Two ways to test the bot's guard, neither of which the real platform is known to do but
both of which a network or a hostile caller can: ``push_event`` hands out (or posts) an event
again, as a retried webhook delivery would; ``push_raw`` hands out (or posts) a text exactly
as written, however malformed (``{"date": 1e30}``, ``Infinity``, deep nesting).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import regex
from aiohttp import ClientError, ClientSession, ClientTimeout, web

from . import (
    NO_RESULT,
    ApiError,
    FakeChatApiServer,
    RawBody,
    Reply,
    UploadedFile,
    encode_content,
    read_params,
    run_standalone,
)
from .limits import Clock, Fault, RateLimiter, RateLimits

MAX_TEXT_LENGTH = 2000
SECRET_MIN, SECRET_MAX = 8, 256
DEFAULT_POLL_TIMEOUT = 30.0
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})

TEXT_EVENT = "message.text.received"
IMAGE_EVENT = "message.image.received"
STICKER_EVENT = "message.sticker.received"
UNSUPPORTED_EVENT = "message.unsupported.received"

#: A webhook URL on this machine, accepted over plain HTTP when tests allow it.
LOOPBACK_HTTP_URL = regex.compile(
    r"""
    ^http://                       # plain HTTP ...
    (?:127\.0\.0\.1|localhost)      # ... to this machine only
    (?::\d+)?                      # any port
    (?:/|$)                        # then a path or nothing
    """,
    regex.VERBOSE,
)

#: An absolute http(s) URL with a host, the only photo reference sendPhoto takes.
HTTP_URL = regex.compile(r"^https?://[^\s/]+")


def utf16_len(text: str) -> int:
    """Length as a JavaScript string counts it.

    >>> utf16_len("Chào buổi sáng"), utf16_len("🙂")
    (14, 2)
    """
    return len(text.encode("utf-16-le")) // 2


def _now_ms() -> int:
    return int(time.time() * 1000)


LOOPBACK_PHOTO_HOSTS = frozenset({"127.0.0.1", "localhost"})


async def _download_loopback(url: str) -> bytes | None:
    """The image at a loopback `url` as the platform would fetch it; None for other hosts."""
    from urllib.parse import urlsplit

    if urlsplit(url).hostname not in LOOPBACK_PHOTO_HOSTS:
        return None
    try:
        async with ClientSession(timeout=ClientTimeout(total=5)) as session, \
                session.get(url) as response:
            body = await response.read()
            image = response.content_type.startswith("image/")
    except (ClientError, TimeoutError):
        raise _bad("photo could not be downloaded") from None
    if response.status != 200 or not image or not body:
        raise _bad("photo could not be downloaded")
    return body


def _bad(description: str) -> ApiError:
    return ApiError(400, description)


def _str_param(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


Handler = Callable[[dict[str, Any], dict[str, UploadedFile]], Awaitable[Any]]


class ZaloApiServer(FakeChatApiServer):
    """The Zalo Bot Platform API on 127.0.0.1 (see the module docstring)."""

    SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendSticker"})
    WEBHOOK_SECRET_HEADER = "X-Bot-Api-Secret-Token"

    def __init__(
        self,
        token: str = "1459232241454765289:ZALO-TEST-TOKEN",
        *,
        bot_id: str | None = None,
        account_name: str = "bot.BanTinThu",
        account_type: str = "BASIC",
        can_join_groups: bool = False,
        known_chats_only: bool = True,
        rate_limits: bool = True,
        overall_rate: int = 10,
        chat_rate: float = 2.0,
        chat_burst: int = 3,
        allow_insecure_webhook: bool = False,
        mirror_http_status: bool = False,
        webhook_envelope: bool = True,
        name_fields: Iterable[str] = ("display_name",),
        image_fields: Iterable[str] = ("photo",),
        seed: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(token, host=host, port=port, clock=clock)
        self.bot_id = bot_id or token.split(":", 1)[0]
        self.account_name = account_name
        self.account_type = account_type
        self.can_join_groups = can_join_groups
        self.known_chats_only = known_chats_only
        self.rate_limits_enabled = rate_limits
        self.allow_insecure_webhook = allow_insecure_webhook
        self.mirror_http_status = mirror_http_status
        self.webhook_envelope = webhook_envelope
        self.name_fields = tuple(name_fields)
        self.image_fields = tuple(image_fields)
        self.limiter = RateLimiter(
            RateLimits(overall_per_second=overall_rate, chat_per_second=chat_rate,
                       chat_burst=chat_burst, group_limit=None, penalty=False),
            clock=clock,
        )
        self._rng = random.Random(seed)
        self.chats: dict[str, str] = {}  # chat id -> chat_type
        self._events: list[dict[str, Any]] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_updated_at = _now_ms()
        self.chat_actions: list[dict[str, Any]] = []
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    # ------------------------------------------------------------------ URLs
    @property
    def base_url(self) -> str:
        """What our Zalo client takes; it appends ``/bot{token}/{method}``."""
        return self.root_url

    def method_url(self, method: str) -> str:
        return f"{self.root_url}/bot{self.token}/{method}"

    def _describe(self) -> dict[str, Any]:
        return {**super()._describe(), "base_url": self.base_url, "bot_id": self.bot_id}

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._api_entry)

    # ------------------------------------------------------------- identities
    def _chat_key(self, chat_id: Any) -> Any:
        return None if chat_id is None else str(chat_id).strip()

    def new_chat_id(self) -> str:
        """An opaque id shaped like Zalo's (20 hex digits)."""
        return f"{self._rng.getrandbits(80):020x}"

    def _new_message_id(self) -> str:
        return f"{self._rng.getrandbits(80):020x}"

    def register_chat(self, chat_id: str | None = None, chat_type: str = "PRIVATE") -> str:
        """Make a chat known (as if its user had written to the bot); returns its id."""
        if chat_type not in ("PRIVATE", "GROUP"):
            raise ValueError("chat_type is PRIVATE or GROUP")
        key = self._chat_key(chat_id) or self.new_chat_id()
        self.chats[key] = chat_type
        return key

    # ------------------------------------------------------------------ events
    def _message(self, chat_id: str | None, user_id: str | None, display_name: str,
                 chat_type: str) -> dict[str, Any]:
        key = self.register_chat(chat_id, chat_type)
        if user_id is None:
            if chat_type == "GROUP":
                raise ValueError("a group message needs user_id")
            user_id = key
        sender: dict[str, Any] = {"id": str(user_id)}
        for name_field in self.name_fields:
            sender[name_field] = display_name
        sender["is_bot"] = False
        return {
            "from": sender,
            "chat": {"id": key, "chat_type": chat_type},
            "message_id": self._new_message_id(),
            "date": _now_ms(),
        }

    def _push(self, event: dict[str, Any]) -> dict[str, Any]:
        if self.webhook_url:
            self._enqueue_webhook(event)
        else:
            self._events.append(event)
            self._notify()
        return event

    def push_text(self, chat_id: str | None, text: str, *, user_id: str | None = None,
                  display_name: str = "Lan", chat_type: str = "PRIVATE") -> dict[str, Any]:
        """Queue (or POST to the webhook) a text message; ``chat_id`` None makes a new chat."""
        message = self._message(chat_id, user_id, display_name, chat_type)
        message["text"] = text
        return self._push({"event_name": TEXT_EVENT, "message": message})

    def push_image(self, chat_id: str | None, photo_url: str, caption: str | None = None, *,
                   user_id: str | None = None, display_name: str = "Lan",
                   chat_type: str = "PRIVATE") -> dict[str, Any]:
        message = self._message(chat_id, user_id, display_name, chat_type)
        for image_field in self.image_fields:
            message[image_field] = photo_url
        if caption is not None:
            message["caption"] = caption
        return self._push({"event_name": IMAGE_EVENT, "message": message})

    def push_sticker(self, chat_id: str | None, sticker: str = "0e078a2fb66a5f34067b",
                     url: str | None = None, *, user_id: str | None = None,
                     display_name: str = "Lan", chat_type: str = "PRIVATE") -> dict[str, Any]:
        message = self._message(chat_id, user_id, display_name, chat_type)
        message["sticker"] = sticker
        message["url"] = url or f"https://example.org/zalo-sticker/{sticker}.webp"
        return self._push({"event_name": STICKER_EVENT, "message": message})

    def push_unsupported(self, chat_id: str | None, *, user_id: str | None = None,
                         display_name: str = "Lan", chat_type: str = "PRIVATE") -> dict[str, Any]:
        """A protected user's message: the event carries no content at all."""
        message = self._message(chat_id, user_id, display_name, chat_type)
        return self._push({"event_name": UNSUPPORTED_EVENT, "message": message})

    def push_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """Hand out (or post) an event again, exactly as before: a platform retry."""
        return self._push(dict(event))

    def push_raw(self, text: str) -> str:
        """Hand out (or post) `text` as the event, exactly as written, however malformed.

        Polling: getUpdates answers ``{"ok": true, "result": <text>}``. Webhook: `text` is the
        body of the POST (with the envelope only if the server uses one)."""
        if self.webhook_url:
            body = f'{{"ok": true, "result": {text}}}' if self.webhook_envelope else text
            self._enqueue_webhook(RawBody(body))
        else:
            self._events.append(RawBody(text))  # type: ignore[arg-type]
            self._notify()
        return text

    def pending_events(self) -> list[dict[str, Any]]:
        return [dict(e) if isinstance(e, dict) else {"raw": e.text} for e in self._events]

    # ---------------------------------------------------------------- webhook
    def _webhook_target(self) -> tuple[str, str | None] | None:
        return (self.webhook_url, self.webhook_secret) if self.webhook_url else None

    def _webhook_payload(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "result": item} if self.webhook_envelope else item

    def _webhook_undeliverable(self, item: dict[str, Any]) -> None:
        self._events.append(item)
        self._notify()

    # ------------------------------------------------------------ inspection
    def set_rate_limits(self, enabled: bool = True, *, overall_rate: int | None = None,
                        chat_rate: float | None = None, chat_burst: int | None = None) -> None:
        """Switch the quota on or off and change its numbers (resets its state)."""
        self.rate_limits_enabled = enabled
        self.limiter.configure(
            overall_per_second=overall_rate, chat_per_second=chat_rate, chat_burst=chat_burst
        )

    def reset(self) -> None:
        super().reset()
        self.chat_actions.clear()
        self.limiter.reset()

    # ------------------------------------------------------------- dispatch
    def _error(self, code: int, description: str) -> Reply:
        status = code if self.mirror_http_status else 200
        return Reply(status, {"ok": False, "error_code": code, "description": description})

    async def _api_entry(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        await self._sleep_latency()
        reply = await self._answer(request, method)
        self.counters.record(method, reply.outcome)
        return reply.to_response()

    async def _answer(self, request: web.Request, method: str) -> Reply:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        handler = self._handlers.get(method)
        if handler is None:
            return self._error(400, f"Bad request: unknown API name {method!r}")
        try:
            params, files = await read_params(request)
        except ValueError as exc:
            return self._error(400, f"Bad request: {exc}")

        async def run() -> Reply:
            try:
                result = await handler(params, files)
            except ApiError as exc:
                return self._error(exc.code, exc.description)
            if result is NO_RESULT:
                return Reply(200, {"ok": True})
            if isinstance(result, RawBody):
                body = f'{{"ok": true, "result": {result.text}}}'.encode()
                return Reply(200, raw=body, counted_as="accepted")
            return Reply(200, {"ok": True, "result": result})

        return await self._run_with_faults(method, self._chat_key(params.get("chat_id")), run)

    def _fault_reply(self, fault: Fault, method: str) -> Reply:
        raw = self._raw_fault_reply(fault)
        if raw is not None:
            return raw
        defaults = {400: "Bad request", 401: "Unauthorized", 403: "Internal server error",
                    404: "Not found", 408: "Request timeout", 429: "Quota exceeded"}
        return self._error(fault.status, fault.description or defaults.get(fault.status, "Error"))

    # -------------------------------------------------------- shared checks
    def _resolve_chat(self, params: dict[str, Any]) -> str:
        chat_id = self._chat_key(params.get("chat_id"))
        if not chat_id:
            raise _bad("chat_id is required")
        if chat_id not in self.chats:
            if self.known_chats_only:
                raise _bad("chat_id is invalid or the user has not messaged the bot")
            self.chats[chat_id] = "PRIVATE"
        if chat_id in self.blocked:
            raise ApiError(403, "The user has blocked the bot or left the conversation")
        return chat_id

    def _admit(self, chat_id: str) -> None:
        if self.rate_limits_enabled and self.limiter.admit(chat_id) is not None:
            raise ApiError(429, "Quota exceeded")

    def _check_text(self, text: str | None, name: str, *, required: bool) -> None:
        if text is None or text == "":
            if required:
                raise _bad(f"{name} is required and must be 1-{MAX_TEXT_LENGTH} characters")
            return
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise _bad(f"{name} must be 1-{MAX_TEXT_LENGTH} characters, got {utf16_len(text)}")

    def _sent_result(self, record: dict[str, Any]) -> dict[str, Any]:
        record["message_id"] = self._new_message_id()
        record["date"] = _now_ms()
        self._record_sent(record)
        return {"message_id": record["message_id"], "date": record["date"]}

    # --------------------------------------------------------------- methods
    async def _get_me(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        return {"id": self.bot_id, "account_name": self.account_name,
                "account_type": self.account_type, "can_join_groups": self.can_join_groups}

    async def _get_updates(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        if self.webhook_url:
            raise _bad("You cannot use this API while a webhook is set")
        raw_timeout = params.get("timeout")
        try:
            timeout = DEFAULT_POLL_TIMEOUT if raw_timeout in (None, "") else float(raw_timeout)
        except (TypeError, ValueError):
            raise _bad("timeout must be a number of seconds") from None
        await self._wait_until(lambda: bool(self._events) or bool(self.webhook_url),
                               max(timeout, 0.0))
        if self._events and not self.webhook_url:
            return self._events.pop(0)
        raise ApiError(408, "Request timeout")

    async def _set_webhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        url = (_str_param(params, "url") or "").strip()
        secret = _str_param(params, "secret_token")
        if not url:
            raise _bad("url is required")
        insecure_ok = self.allow_insecure_webhook and LOOPBACK_HTTP_URL.match(url)
        if not url.startswith("https://") and not insecure_ok:
            raise _bad("url must be an HTTPS URL")
        if secret is None or not SECRET_MIN <= len(secret) <= SECRET_MAX:
            raise _bad(
                f"secret_token is required and must be {SECRET_MIN}-{SECRET_MAX} characters"
            )
        self.webhook_url = url
        self.webhook_secret = secret
        self.webhook_updated_at = _now_ms()
        self._notify()
        queued, self._events = self._events, []
        for event in queued:
            self._enqueue_webhook(event)
        return {"url": url, "updated_at": self.webhook_updated_at}

    async def _delete_webhook(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        self.webhook_url = ""
        self.webhook_secret = None
        self.webhook_updated_at = _now_ms()
        return {"url": "", "updated_at": self.webhook_updated_at}

    async def _get_webhook_info(self, params: dict[str, Any],
                                files: dict[str, UploadedFile]) -> Any:
        return {"url": self.webhook_url, "updated_at": self.webhook_updated_at}

    async def _send_message(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        text = _str_param(params, "text")
        self._check_text(text, "text", required=True)
        chat_id = self._resolve_chat(params)
        self._admit(chat_id)
        return self._sent_result({
            "method": "sendMessage", "chat_id": chat_id, "text": text,
            "parse_mode": params.get("parse_mode"), "text_styles": params.get("text_styles"),
        })

    async def _send_photo(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        photo = (_str_param(params, "photo") or "").strip()
        if not HTTP_URL.match(photo):
            raise _bad("photo must be an http(s) URL of the image")
        caption = _str_param(params, "caption")
        self._check_text(caption, "caption", required=False)
        chat_id = self._resolve_chat(params)
        self._admit(chat_id)
        content = await _download_loopback(photo)
        return self._sent_result({"method": "sendPhoto", "chat_id": chat_id, "text": None,
                                  "photo": photo, "caption": caption or None,
                                  "content_b64": None if content is None
                                  else encode_content(content)})

    async def _send_sticker(self, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        sticker = (_str_param(params, "sticker") or "").strip()
        if not sticker:
            raise _bad("sticker is required")
        chat_id = self._resolve_chat(params)
        self._admit(chat_id)
        return self._sent_result({"method": "sendSticker", "chat_id": chat_id, "text": None,
                                  "sticker": sticker})

    async def _send_chat_action(self, params: dict[str, Any],
                                files: dict[str, UploadedFile]) -> Any:
        action = _str_param(params, "action")
        if action not in CHAT_ACTIONS:
            raise _bad("action must be typing or upload_photo")
        chat_id = self._resolve_chat(params)
        self.chat_actions.append({"chat_id": chat_id, "action": action, "time": time.time()})
        return NO_RESULT

    # ---------------------------------------------------------- control API
    def _control_ops(self) -> dict[str, Any]:
        ops = super()._control_ops()

        def pusher(push: Callable[..., dict[str, Any]], *positional: str) -> Any:
            async def op(args: dict[str, Any]) -> Any:
                values = [args.pop(name, None) for name in positional]
                return push(*values, **args)
            return op

        async def register_chat(args: dict[str, Any]) -> Any:
            return self.register_chat(args.get("chat_id"), args.get("chat_type", "PRIVATE"))

        async def new_chat_id(args: dict[str, Any]) -> Any:
            return self.register_chat(None, args.get("chat_type", "PRIVATE"))

        async def set_rate_limits(args: dict[str, Any]) -> Any:
            self.set_rate_limits(**args)
            return True

        async def events(args: dict[str, Any]) -> Any:
            return self.pending_events()

        async def state(args: dict[str, Any]) -> Any:
            return {"chat_actions": self.chat_actions, "webhook_url": self.webhook_url,
                    "chats": self.chats}

        ops.update(
            push_text=pusher(self.push_text, "chat_id", "text"),
            push_image=pusher(self.push_image, "chat_id", "photo_url"),
            push_sticker=pusher(self.push_sticker, "chat_id"),
            push_unsupported=pusher(self.push_unsupported, "chat_id"),
            push_raw=pusher(self.push_raw, "text"),
            push_event=pusher(self.push_event, "event"),
            register_chat=register_chat, new_chat_id=new_chat_id,
            set_rate_limits=set_rate_limits, events=events, state=state,
        )
        return ops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.servers.zalo_api",
        description="Fake Zalo Bot Platform API for end-to-end tests and benchmarks.",
    )
    parser.add_argument("--token", default="1459232241454765289:ZALO-TEST-TOKEN")
    parser.add_argument("--rate", type=int, default=10, help="overall messages per second")
    parser.add_argument("--chat-rate", type=float, default=2.0)
    parser.add_argument("--chat-burst", type=int, default=3)
    parser.add_argument("--no-rate-limits", action="store_true")
    parser.add_argument("--permissive", action="store_true",
                        help="accept chat ids that never wrote to the bot")
    parser.add_argument("--allow-insecure-webhook", action="store_true")
    parser.add_argument("--mirror-http-status", action="store_true")
    parser.add_argument("--bare-webhook-event", action="store_true",
                        help="POST the bare event instead of {ok, result}")

    def build(args: argparse.Namespace) -> ZaloApiServer:
        return ZaloApiServer(
            args.token, known_chats_only=not args.permissive,
            rate_limits=not args.no_rate_limits, overall_rate=args.rate,
            chat_rate=args.chat_rate, chat_burst=args.chat_burst,
            allow_insecure_webhook=args.allow_insecure_webhook,
            mirror_http_status=args.mirror_http_status,
            webhook_envelope=not args.bare_webhook_event, host=args.host, port=args.port,
        )

    return run_standalone(parser, build, argv)


if __name__ == "__main__":
    raise SystemExit(main())
