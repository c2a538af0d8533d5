"""Tests of the fake Zalo Bot Platform API, driven over raw HTTP with httpx.

They pin down the documented contract our Zalo client is written against: the envelope,
one event per getUpdates with 408 when idle, the 2000-character text limit, webhook
delivery with the secret header, and 429 "Quota exceeded".
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from tests.servers.zalo_api import ZaloApiServer

REPO_ROOT = Path(__file__).resolve().parents[2]
CHAT = "6ede9afa66b88fe6d6a9"
OTHER = "e4ea2cd5189df1c3a88c"


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def server(clock: FakeClock) -> AsyncIterator[ZaloApiServer]:
    async with ZaloApiServer(clock=clock, seed=1) as srv:
        srv.register_chat(CHAT)
        srv.register_chat(OTHER)
        yield srv


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as c:
        yield c


async def call(client: httpx.AsyncClient, srv: ZaloApiServer, method: str,
               **params: Any) -> dict[str, Any]:
    resp = await client.post(srv.method_url(method), json=params)
    return resp.json()


# ------------------------------------------------------------------ basics
async def test_get_me_by_get_and_post(server: ZaloApiServer, client: httpx.AsyncClient) -> None:
    expected = {"ok": True, "result": {"id": "1459232241454765289",
                                       "account_name": "bot.BanTinThu",
                                       "account_type": "BASIC", "can_join_groups": False}}
    assert (await client.get(server.method_url("getMe"))).json() == expected
    assert (await client.post(server.method_url("getMe"), json={})).json() == expected


@pytest.mark.parametrize(
    ("mirror", "path", "code"),
    [
        pytest.param(False, "/bot1:WRONG/getMe", 401, id="wrong-token"),
        pytest.param(False, "/bot{token}/getme", 400, id="method-names-are-case-sensitive"),
        pytest.param(False, "/bot{token}/sendTelepathy", 400, id="unknown-method"),
        pytest.param(True, "/bot1:WRONG/getMe", 401, id="wrong-token-mirrored"),
    ],
)
async def test_envelope_errors(client: httpx.AsyncClient, mirror: bool, path: str,
                               code: int) -> None:
    async with ZaloApiServer(mirror_http_status=mirror) as srv:
        resp = await client.post(srv.root_url + path.format(token=srv.token), json={})
    body = resp.json()
    assert (body["ok"], body["error_code"]) == (False, code)
    assert resp.status_code == (code if mirror else 200)


# --------------------------------------------------------------- getUpdates
async def test_get_updates_408_when_idle(server: ZaloApiServer,
                                         client: httpx.AsyncClient) -> None:
    started = time.monotonic()
    body = await call(client, server, "getUpdates", timeout="0.2")
    assert body == {"ok": False, "error_code": 408, "description": "Request timeout"}
    assert 0.15 <= time.monotonic() - started < 2


async def test_one_event_per_call(server: ZaloApiServer, client: httpx.AsyncClient) -> None:
    server.push_text(CHAT, "/tinh Bắc Ninh")
    server.push_text(OTHER, "Xin chào")
    first = await call(client, server, "getUpdates", timeout=1)
    second = await call(client, server, "getUpdates", timeout=1)
    third = await call(client, server, "getUpdates", timeout=0.1)
    assert first["result"]["event_name"] == "message.text.received"
    assert first["result"]["message"]["text"] == "/tinh Bắc Ninh"
    assert second["result"]["message"]["chat"] == {"id": OTHER, "chat_type": "PRIVATE"}
    assert third["error_code"] == 408


async def test_long_poll_wakes_on_push(server: ZaloApiServer, client: httpx.AsyncClient) -> None:
    poll = asyncio.create_task(call(client, server, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    server.push_text(CHAT, "/chi_tieu GRDP")
    body = await poll
    assert time.monotonic() - started < 1 and body["result"]["message"]["text"] == "/chi_tieu GRDP"


async def test_event_shapes(server: ZaloApiServer) -> None:
    text = server.push_text(CHAT, "Xin chào")["message"]
    assert set(text) == {"from", "chat", "message_id", "date", "text"}
    assert text["from"] == {"id": CHAT, "display_name": "Lan", "is_bot": False}
    assert isinstance(text["date"], int) and text["date"] > 1_700_000_000_000  # milliseconds
    image = server.push_image(CHAT, "https://example.org/a.jpg", caption="Ảnh hội nghị")
    assert image["event_name"] == "message.image.received"
    assert (image["message"]["photo"], image["message"]["caption"]) == (
        "https://example.org/a.jpg", "Ảnh hội nghị")
    sticker = server.push_sticker(CHAT)
    assert sticker["event_name"] == "message.sticker.received" and sticker["message"]["url"]
    unsupported = server.push_unsupported(CHAT)
    assert unsupported["event_name"] == "message.unsupported.received"
    assert set(unsupported["message"]) == {"from", "chat", "message_id", "date"}
    group = server.push_text(None, "@Bot tóm tắt", chat_type="GROUP", user_id="u1")["message"]
    assert group["chat"]["chat_type"] == "GROUP" and group["from"]["id"] == "u1"
    assert group["chat"]["id"] in server.chats


async def test_field_name_variants() -> None:
    async with ZaloApiServer(name_fields=("first_name",), image_fields=("photo_url",)) as srv:
        message = srv.push_image(None, "https://example.org/a.jpg")["message"]
    assert "first_name" in message["from"] and "display_name" not in message["from"]
    assert message["photo_url"] == "https://example.org/a.jpg" and "photo" not in message


# -------------------------------------------------------------- sendMessage
async def test_send_message_result_and_record(server: ZaloApiServer,
                                              client: httpx.AsyncClient) -> None:
    body = await call(client, server, "sendMessage", chat_id=CHAT, text="Bản tin sáng")
    assert body["ok"] is True and set(body["result"]) == {"message_id", "date"}
    [record] = server.sent_messages(CHAT)
    assert (record["method"], record["text"], record["message_id"]) == (
        "sendMessage", "Bản tin sáng", body["result"]["message_id"])


@pytest.mark.parametrize(
    ("params", "code"),
    [
        pytest.param({"chat_id": CHAT, "text": "x" * 2001}, 400, id="2001-chars"),
        pytest.param({"chat_id": CHAT, "text": "🙂" * 1001}, 400, id="emoji-count-twice"),
        pytest.param({"chat_id": CHAT, "text": ""}, 400, id="empty"),
        pytest.param({"chat_id": CHAT}, 400, id="no-text"),
        pytest.param({"text": "x"}, 400, id="no-chat"),
        pytest.param({"chat_id": "never-wrote", "text": "x"}, 400, id="unknown-chat"),
    ],
)
async def test_send_message_refusals(server: ZaloApiServer, client: httpx.AsyncClient,
                                     params: dict[str, Any], code: int) -> None:
    body = await call(client, server, "sendMessage", **params)
    assert (body["ok"], body["error_code"]) == (False, code)
    assert server.sent_messages() == []


async def test_send_message_accepts_2000(server: ZaloApiServer, client: httpx.AsyncClient) -> None:
    assert (await call(client, server, "sendMessage", chat_id=CHAT, text="ế" * 2000))["ok"]


async def test_parameters_in_every_encoding(server: ZaloApiServer,
                                            client: httpx.AsyncClient) -> None:
    url = server.method_url("sendMessage")
    server.set_rate_limits(False)
    answers = [
        await client.get(url, params={"chat_id": CHAT, "text": "query"}),
        await client.post(url, data={"chat_id": CHAT, "text": "form"}),
        await client.post(url, json={"chat_id": CHAT, "text": "json"}),
        await client.post(url, data={"chat_id": CHAT}, files={"text": (None, "multipart")}),
    ]
    assert [a.json()["ok"] for a in answers] == [True] * 4
    texts = [m["text"] for m in server.sent_messages(CHAT)]
    assert texts == ["query", "form", "json", "multipart"]


async def test_blocked_and_permissive_chats(client: httpx.AsyncClient) -> None:
    async with ZaloApiServer(known_chats_only=False) as srv:
        assert (await call(client, srv, "sendMessage", chat_id="anyone", text="x"))["ok"]
        srv.block_chat("anyone")
        body = await call(client, srv, "sendMessage", chat_id="anyone", text="x")
    assert (body["ok"], body["error_code"]) == (False, 403)


async def test_photo_sticker_and_chat_action(server: ZaloApiServer,
                                             client: httpx.AsyncClient) -> None:
    photo = await call(client, server, "sendPhoto", chat_id=CHAT,
                       photo="https://placehold.co/600x400", caption="Biểu đồ")
    no_url = await call(client, server, "sendPhoto", chat_id=CHAT, photo="bieu-do.png")
    sticker = await call(client, server, "sendSticker", chat_id=CHAT, sticker="d063f44dc808")
    typing = await call(client, server, "sendChatAction", chat_id=CHAT, action="typing")
    dancing = await call(client, server, "sendChatAction", chat_id=CHAT, action="dancing")
    assert photo["ok"] and sticker["ok"] and typing == {"ok": True}
    assert no_url["error_code"] == 400 and dancing["error_code"] == 400
    assert [m["method"] for m in server.sent_messages(CHAT)] == ["sendPhoto", "sendSticker"]
    assert server.chat_actions[0]["action"] == "typing"


# ------------------------------------------------------------------ quotas
async def test_per_chat_quota(server: ZaloApiServer, client: httpx.AsyncClient,
                              clock: FakeClock) -> None:
    bodies = [await call(client, server, "sendMessage", chat_id=CHAT, text=f"phần {n}")
              for n in range(4)]
    assert [b["ok"] for b in bodies] == [True, True, True, False]
    assert bodies[-1] == {"ok": False, "error_code": 429, "description": "Quota exceeded"}
    assert (await call(client, server, "sendMessage", chat_id=OTHER, text="khác"))["ok"]
    clock.now += 0.5  # two per second refill one message in half a second
    assert (await call(client, server, "sendMessage", chat_id=CHAT, text="phần 3"))["ok"]
    assert server.counters.rejected_429 == 1


async def test_overall_quota(server: ZaloApiServer, client: httpx.AsyncClient,
                             clock: FakeClock) -> None:
    chats = [server.register_chat() for _ in range(11)]
    bodies = [await call(client, server, "sendMessage", chat_id=c, text="x") for c in chats]
    assert [b["ok"] for b in bodies].count(False) == 1 and bodies[-1]["error_code"] == 429
    clock.now += 1.0
    assert (await call(client, server, "sendMessage", chat_id=chats[-1], text="x"))["ok"]


async def test_injected_failures(server: ZaloApiServer, client: httpx.AsyncClient) -> None:
    server.fail_next(CHAT, status=429)
    quota = await call(client, server, "sendMessage", chat_id=CHAT, text="x")
    assert quota == {"ok": False, "error_code": 429, "description": "Quota exceeded"}
    server.set_error_rate(1.0, status=502, seed=3)
    url = server.method_url("sendMessage")
    proxy = await client.post(url, json={"chat_id": CHAT, "text": "x"})
    assert proxy.status_code == 502 and b"Bad Gateway" in proxy.content
    server.set_error_rate(0)
    server.fail_next(CHAT, status=502, deliver=True, body="empty")
    lost = await client.post(url, json={"chat_id": CHAT, "text": "y"})
    assert (lost.status_code, lost.content) == (502, b"")
    assert [m["text"] for m in server.sent_messages(CHAT)] == ["y"]


# ------------------------------------------------------------------ webhook
@pytest.mark.parametrize(
    ("url", "secret"),
    [
        pytest.param("http://example.org/hook", "s3cret-token", id="plain-http"),
        pytest.param("https://example.org/hook", "short", id="secret-under-8"),
        pytest.param("https://example.org/hook", "x" * 257, id="secret-over-256"),
        pytest.param("https://example.org/hook", None, id="secret-missing"),
        pytest.param("", "s3cret-token", id="url-missing"),
    ],
)
async def test_set_webhook_refusals(server: ZaloApiServer, client: httpx.AsyncClient,
                                    url: str, secret: str | None) -> None:
    params = {"url": url, **({"secret_token": secret} if secret is not None else {})}
    body = await call(client, server, "setWebhook", **params)
    assert (body["ok"], body["error_code"]) == (False, 400)
    assert (await call(client, server, "getWebhookInfo"))["result"]["url"] == ""


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[tuple[str | None, Any]]]]:
    """A local webhook endpoint that, like the official sample, answers 403 on a bad secret."""
    received: list[tuple[str | None, Any]] = []

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        status = 200 if secret == "s3cret-token" else 403
        return web.json_response({"message": "Success"}, status=status)

    app = web.Application()
    app.router.add_post("/zalo", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/zalo", received
    await runner.cleanup()


@pytest.mark.parametrize("envelope", [True, False], ids=["documented-envelope", "bare-event"])
async def test_webhook_delivery(receiver: tuple[str, list[tuple[str | None, Any]]],
                                client: httpx.AsyncClient, envelope: bool) -> None:
    url, received = receiver
    async with ZaloApiServer(allow_insecure_webhook=True, webhook_envelope=envelope) as srv:
        srv.push_text(CHAT, "chờ trước khi có webhook")
        body = await call(client, srv, "setWebhook", url=url, secret_token="s3cret-token")
        assert body["ok"] and body["result"]["url"] == url
        srv.push_text(CHAT, "/tinh Hà Nam")
        deliveries = await srv.wait_for_webhook_deliveries(2)
        refused = await call(client, srv, "getUpdates", timeout=0.1)
        assert (refused["error_code"], "webhook" in refused["description"]) == (400, True)
        await call(client, srv, "setWebhook", url=url, secret_token="wrong-secret")
        srv.push_text(CHAT, "sai khóa")
        [*_, rejected] = await srv.wait_for_webhook_deliveries(3)
        assert (await call(client, srv, "deleteWebhook"))["result"]["url"] == ""
        srv.push_text(CHAT, "lại polling")
        polled = await call(client, srv, "getUpdates", timeout=1)
    assert [d["status"] for d in deliveries] == [200, 200] and rejected["status"] == 403
    secret, payload = received[1]
    event = payload["result"] if envelope else payload
    assert secret == "s3cret-token" and event["message"]["text"] == "/tinh Hà Nam"
    assert (payload.get("ok") is True) == envelope
    assert polled["result"]["message"]["text"] == "lại polling"


# --------------------------------------------------------------- standalone
async def test_standalone_process_and_control_api() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.servers.zalo_api", "--port", "0",
        cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        port = int(await asyncio.wait_for(proc.stdout.readline(), 10))
        info = json.loads(await proc.stdout.readline())
        root = f"http://127.0.0.1:{port}"
        assert info["base_url"] == root
        async with httpx.AsyncClient(timeout=5) as client:
            chat = (await client.post(f"{root}/_control/new_chat_id", json={})).json()["result"]
            pushed = {"chat_id": chat, "text": "/start"}
            await client.post(f"{root}/_control/push_text", json=pushed)
            api = f"{root}/bot{info['token']}"
            event = (await client.post(f"{api}/getUpdates", json={"timeout": "1"})).json()
            assert event["result"]["message"]["chat"]["id"] == chat
            await client.post(f"{api}/sendMessage", json={"chat_id": chat, "text": "Chào"})
            waited = await client.post(f"{root}/_control/messages",
                                       json={"chat_id": chat, "count": 1, "timeout": 2})
            assert [m["text"] for m in waited.json()["result"]] == ["Chào"]
            bad = await client.post(f"{root}/_control/nope", json={})
            assert bad.status_code == 404 and "push_text" in bad.json()["operations"]
            await client.post(f"{root}/_control/shutdown")
        assert await asyncio.wait_for(proc.wait(), 5) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
