"""The Zalo Bot Platform client against the loopback Zalo API double, over real HTTP.

Every server-backed test runs twice: with errors answered as HTTP 200 + ``ok: false`` (the
double's default, what the platform appears to do) and with the HTTP status mirroring
``error_code``. The client must read the envelope either way. The token is distinctive so
that any leak into exception text or log records is caught.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.zalo_api import (
    EVENT_IMAGE,
    EVENT_STICKER,
    EVENT_TEXT,
    EVENT_UNSUPPORTED,
    WEBHOOK_SECRET_HEADER,
    ZaloBadRequest,
    ZaloBotClient,
    ZaloConflict,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloNotFound,
    ZaloRetryAfter,
    ZaloTimedOut,
    ZaloUnauthorized,
    ZaloUpdate,
    parse_webhook_update,
    secret_matches,
)
from tests.servers.zalo_api import ZaloApiServer

TOKEN = "8712093541:zXq-TOKEN-MUST-NOT-LEAK-7f3a"
BOT_ID = "8712093541"
CHAT = "6ede9afa66b88fe6d6a9"
SECRET = "s3cret-webhook-token"
DEFAULT_RETRY_AFTER = 2.5


class FrozenClock:
    """The double's rate limiter never refills: the quota test is deterministic."""

    def __call__(self) -> float:
        return 100.0


@pytest.fixture(params=[False, True], ids=["errors-as-http-200", "http-status-mirrors-code"])
async def server(request: pytest.FixtureRequest) -> AsyncIterator[ZaloApiServer]:
    async with ZaloApiServer(
        TOKEN, mirror_http_status=request.param, allow_insecure_webhook=True,
        clock=FrozenClock(), seed=3,
    ) as srv:
        srv.register_chat(CHAT)
        yield srv


@pytest.fixture
async def client(server: ZaloApiServer) -> AsyncIterator[ZaloBotClient]:
    async with ZaloBotClient(
        TOKEN, base_url=server.base_url, timeout=5.0, allow_insecure_webhook=True,
        default_retry_after=DEFAULT_RETRY_AFTER,
    ) as bot:
        yield bot


def assert_no_token(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text
        assert TOKEN.split(":", 1)[1] not in text  # nor its secret half


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- reading ---------------------------------------------------------------------------------


async def test_get_me(client: ZaloBotClient) -> None:
    me = await client.get_me()
    assert (me.id, me.account_name, me.account_type, me.can_join_groups) == (
        BOT_ID, "bot.BanTinThu", "BASIC", False)


async def test_get_updates_one_event_per_call_then_none(
    server: ZaloApiServer, client: ZaloBotClient
) -> None:
    server.push_text(CHAT, "/tinh Bắc Ninh", display_name="Nguyễn Văn An")
    server.push_image(CHAT, "https://example.org/hoi-nghi.jpg", caption="Ảnh hội nghị")
    server.push_sticker(CHAT)
    server.push_unsupported(CHAT)

    updates = [await client.get_updates(timeout=1) for _ in range(4)]
    assert [u.event_name for u in updates if u] == [
        EVENT_TEXT, EVENT_IMAGE, EVENT_STICKER, EVENT_UNSUPPORTED]
    text, image, sticker, unsupported = (u.message for u in updates if u)
    assert text and image and sticker and unsupported
    assert (text.text, text.chat.id, text.chat.chat_type) == ("/tinh Bắc Ninh", CHAT, "PRIVATE")
    assert text.from_ and (text.from_.id, text.from_.display_name) == (CHAT, "Nguyễn Văn An")
    assert text.date.tzinfo is not None
    assert abs(text.date - datetime.now(UTC)) < timedelta(minutes=1)
    assert (image.photo, image.caption, image.text) == (
        "https://example.org/hoi-nghi.jpg", "Ảnh hội nghị", None)
    assert sticker.sticker and sticker.url and sticker.text is None
    assert (unsupported.text, unsupported.photo, unsupported.sticker) == (None, None, None)
    assert updates[0] and updates[0].is_text and updates[0].chat_id == CHAT

    assert await client.get_updates(timeout=1) is None  # 408 "Request timeout": nothing came


async def test_long_poll_returns_as_soon_as_an_event_arrives(
    server: ZaloApiServer, client: ZaloBotClient
) -> None:
    poll = asyncio.create_task(client.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    server.push_text(CHAT, "/chi_tieu GRDP")
    update = await asyncio.wait_for(poll, 2)
    assert update and update.message and update.message.text == "/chi_tieu GRDP"


# --- sending ---------------------------------------------------------------------------------


async def test_send_message(server: ZaloApiServer, client: ZaloBotClient) -> None:
    sent = await client.send_message(CHAT, "Bản tin Tỉnh ủy: " + "ế" * 1983)  # 2000 chars
    [record] = server.sent_messages(CHAT)
    assert record["method"] == "sendMessage" and record["text"].startswith("Bản tin Tỉnh ủy")
    assert sent.message_id == record["message_id"] and sent.date and sent.date.tzinfo


async def test_send_photo_and_chat_action(server: ZaloApiServer, client: ZaloBotClient) -> None:
    await client.send_chat_action(CHAT)
    sent = await client.send_photo(CHAT, "https://example.org/bieu-do.png", caption="Biểu đồ")
    [record] = server.sent_messages(CHAT)
    assert (record["photo"], record["caption"], record["message_id"]) == (
        "https://example.org/bieu-do.png", "Biểu đồ", sent.message_id)
    assert [a["action"] for a in server.chat_actions] == ["typing"]


LOCAL_REFUSALS: list[Any] = [
    pytest.param(lambda c: c.send_message(CHAT, "x" * 2001), id="text-2001-chars"),
    pytest.param(lambda c: c.send_message(CHAT, "🙂" * 1001), id="text-2002-utf16-units"),
    pytest.param(lambda c: c.send_message(CHAT, ""), id="text-empty"),
    pytest.param(lambda c: c.send_message(" ", "Xin chào"), id="chat-id-blank"),
    pytest.param(lambda c: c.send_photo(CHAT, "anh.png"), id="photo-not-a-url"),
    pytest.param(lambda c: c.send_photo(CHAT, "https://example.org/a.png", "x" * 2001),
                 id="caption-2001-chars"),
    pytest.param(lambda c: c.set_webhook("http://example.org/hook", SECRET),
                 id="webhook-plain-http"),
    pytest.param(lambda c: c.set_webhook("https://example.org/hook", "short"),
                 id="webhook-secret-7-chars"),
    pytest.param(lambda c: c.set_webhook("https://example.org/hook", "x" * 257),
                 id="webhook-secret-257-chars"),
    pytest.param(lambda c: c.set_webhook("example.org/hook", SECRET), id="webhook-no-scheme"),
    pytest.param(lambda c: c.get_updates(timeout=-1), id="negative-poll-timeout"),
]


@pytest.mark.parametrize("call", LOCAL_REFUSALS)
async def test_invalid_arguments_raise_before_any_request(
    server: ZaloApiServer, client: ZaloBotClient,
    call: Callable[[ZaloBotClient], Awaitable[Any]],
) -> None:
    with pytest.raises(ValueError) as caught:
        await call(client)
    assert server.counters.requests == 0
    assert_no_token(str(caught.value))


async def test_loopback_webhook_needs_the_insecure_flag(server: ZaloApiServer) -> None:
    async with ZaloBotClient(TOKEN, base_url=server.base_url) as strict:
        with pytest.raises(ValueError, match="https"):
            await strict.set_webhook("http://127.0.0.1:9/hook", SECRET)
    assert server.counters.requests == 0


# --- refusals and failures -----------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    arrange: Callable[[ZaloApiServer], None]
    act: Callable[[ZaloBotClient, ZaloApiServer], Awaitable[Any]]
    expected: type[ZaloError]
    code: int | None


def _nothing(srv: ZaloApiServer) -> None:
    return None


async def _send(c: ZaloBotClient, srv: ZaloApiServer, chat: str = CHAT) -> Any:
    return await c.send_message(chat, "Bản tin sáng")


async def _flood(c: ZaloBotClient, srv: ZaloApiServer) -> Any:
    for _ in range(4):  # the double allows a burst of 3 per chat
        await _send(c, srv)


async def _with_wrong_token(c: ZaloBotClient, srv: ZaloApiServer) -> Any:
    async with ZaloBotClient(TOKEN + "x", base_url=srv.base_url) as other:
        return await other.get_me()


async def _to_closed_port(c: ZaloBotClient, srv: ZaloApiServer) -> Any:
    async with ZaloBotClient(TOKEN, base_url=f"http://127.0.0.1:{closed_port()}") as other:
        return await other.get_me()


async def _impatient(c: ZaloBotClient, srv: ZaloApiServer) -> Any:
    srv.add_latency(0.6)
    async with ZaloBotClient(TOKEN, base_url=srv.base_url, timeout=0.2) as other:
        return await other.get_me()


async def _poll_with_webhook_set(c: ZaloBotClient, srv: ZaloApiServer) -> Any:
    await c.set_webhook(f"http://127.0.0.1:{closed_port()}/zalo", SECRET)
    return await c.get_updates(timeout=1)


FAILURES = [
    pytest.param(Failure(_nothing, lambda c, s: _send(c, s, "never-wrote-to-us"),
                         ZaloBadRequest, 400), id="unknown-chat-400"),
    pytest.param(Failure(lambda s: s.block_chat(CHAT), _send, ZaloForbidden, 403),
                 id="blocked-chat-403"),
    pytest.param(Failure(_nothing, _flood, ZaloRetryAfter, 429), id="quota-exceeded-429"),
    pytest.param(Failure(lambda s: s.fail_next(CHAT, status=429), _send, ZaloRetryAfter, 429),
                 id="injected-429"),
    pytest.param(Failure(lambda s: s.fail_next(status=502), _send, ZaloNetworkError, 502),
                 id="proxy-502-html"),
    pytest.param(Failure(lambda s: s.fail_next(status=503, body="empty", method="*"),
                         lambda c, s: c.get_me(), ZaloNetworkError, 503),
                 id="empty-503-on-getMe"),
    pytest.param(Failure(lambda s: s.fail_next(status=500, body="json"), _send,
                         ZaloNetworkError, 500), id="json-500"),
    pytest.param(Failure(lambda s: s.fail_next(status=404), _send, ZaloNotFound, 404),
                 id="not-found-404"),
    pytest.param(Failure(lambda s: s.fail_next(status=408), _send, ZaloTimedOut, 408),
                 id="408-outside-getUpdates"),
    pytest.param(Failure(_nothing, _with_wrong_token, ZaloUnauthorized, 401),
                 id="wrong-token-401"),
    pytest.param(Failure(_nothing, _poll_with_webhook_set, ZaloConflict, 400),
                 id="getUpdates-while-webhook-set"),
    pytest.param(Failure(_nothing, _to_closed_port, ZaloNetworkError, None),
                 id="connection-refused"),
    pytest.param(Failure(_nothing, _impatient, ZaloTimedOut, None), id="client-timeout"),
]


@pytest.mark.parametrize("failure", FAILURES)
async def test_failures_map_to_exceptions_without_the_token(
    server: ZaloApiServer, client: ZaloBotClient, failure: Failure,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    failure.arrange(server)
    with pytest.raises(ZaloError) as caught:
        await failure.act(client, server)
    error = caught.value
    assert type(error) is failure.expected
    assert error.error_code == failure.code
    assert error.method  # every message names the API method
    assert_no_token(
        str(error), repr(error), repr(error.args), error.description,
        "".join(traceback.format_exception(error)),
        caplog.text, *(record.getMessage() for record in caplog.records),
    )
    assert server.sent_messages(CHAT) == [] or failure.expected is ZaloRetryAfter


async def test_retry_after_defaults_when_the_platform_gives_no_delay(
    server: ZaloApiServer, client: ZaloBotClient
) -> None:
    server.fail_next(CHAT, status=429)
    with pytest.raises(ZaloRetryAfter) as caught:
        await client.send_message(CHAT, "Bản tin sáng")
    assert caught.value.retry_after == DEFAULT_RETRY_AFTER
    assert caught.value.description == "Quota exceeded"


async def test_the_token_is_redacted_in_httpx_log_lines(
    client: ZaloBotClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    await client.get_me()
    request_lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("/bot<token>/getMe" in line for line in request_lines), request_lines
    assert_no_token(caplog.text, repr(client))


# --- webhook ---------------------------------------------------------------------------------


async def test_webhook_set_info_delete(server: ZaloApiServer, client: ZaloBotClient) -> None:
    assert not (await client.get_webhook_info()).is_set
    url = f"http://127.0.0.1:{closed_port()}/zalo/webhook"
    info = await client.set_webhook(url, SECRET)
    assert info.url == url and info.updated_at and info.updated_at.tzinfo
    assert (await client.get_webhook_info()).url == url
    with pytest.raises(ZaloBadRequest, match="webhook"):
        await client.get_updates(timeout=1)

    await client.delete_webhook()
    assert (await client.get_webhook_info()).url == ""
    server.push_text(CHAT, "/help")
    update = await client.get_updates(timeout=1)
    assert update and update.message and update.message.text == "/help"


@pytest.mark.parametrize("envelope", [True, False], ids=["documented-envelope", "bare-event"])
async def test_webhook_delivery_is_parsed_and_its_secret_checked(envelope: bool) -> None:
    received: list[ZaloUpdate] = []
    expected_secret = SECRET

    async def receive(request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(WEBHOOK_SECRET_HEADER), expected_secret):
            return web.Response(status=403)
        received.append(parse_webhook_update(await request.read()))
        return web.json_response({"message": "Success"})

    app = web.Application()
    app.router.add_post("/zalo", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    hook_url = f"http://127.0.0.1:{runner.addresses[0][1]}/zalo"
    try:
        async with (
            ZaloApiServer(TOKEN, allow_insecure_webhook=True, webhook_envelope=envelope) as srv,
            ZaloBotClient(TOKEN, base_url=srv.base_url, allow_insecure_webhook=True) as bot,
        ):
            await bot.set_webhook(hook_url, SECRET)
            srv.push_text(CHAT, "/tinh Thái Nguyên")
            await srv.wait_for_webhook_deliveries(1)
            expected_secret = "another-secret-value"
            srv.push_text(CHAT, "/tinh Lạng Sơn")
            deliveries = await srv.wait_for_webhook_deliveries(2)
    finally:
        await runner.cleanup()
    assert [d["status"] for d in deliveries] == [200, 403]
    [update] = received
    assert update.message and update.message.text == "/tinh Thái Nguyên"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"<html>502</html>", id="not-json"),
        pytest.param(b"[1, 2]", id="not-an-object"),
        pytest.param({"ok": False, "error_code": 500}, id="envelope-not-ok"),
        pytest.param({"ok": True, "result": {"message": {}}}, id="no-event-name"),
    ],
)
def test_parse_webhook_update_rejects(body: bytes | dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        parse_webhook_update(body)


# --- construction ----------------------------------------------------------------------------


async def test_repr_and_bad_tokens_never_show_the_token() -> None:
    async with ZaloBotClient(TOKEN) as bot:
        assert_no_token(repr(bot), str(bot))
    with pytest.raises(ValueError) as caught:
        ZaloBotClient("8712093541:has a space")
    assert "has a space" not in str(caught.value)


async def test_injected_http_client_is_left_open_and_retry_after_header_used() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Retry-After": "7"},
                              json={"ok": False, "error_code": 429,
                                    "description": "Quota exceeded"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        async with ZaloBotClient(TOKEN, http=http) as bot:
            with pytest.raises(ZaloRetryAfter) as caught:
                await bot.send_message(CHAT, "Bản tin sáng")
        assert caught.value.retry_after == 7.0
        assert not http.is_closed
