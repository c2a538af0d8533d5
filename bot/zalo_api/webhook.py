"""The webhook endpoint's side of the API: reading a POSTed event and checking its secret.

Apart from the client because the webhook receives what nobody requested: the body is read
strictly (no NaN, no nesting past the recursion limit) and the secret compared in constant
time, while the client only ever reads answers to its own calls.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from bot.zalo_api.models import ZaloUpdate, parse_event

WEBHOOK_SECRET_HEADER = "X-Bot-Api-Secret-Token"


def parse_webhook_update(body: bytes | str | dict[str, Any]) -> ZaloUpdate:
    """The event of a webhook POST, in the documented envelope or bare.

    Raises ValueError when the body is not JSON or not an event.

    >>> event = {"event_name": "message.text.received", "message": {
    ...     "message_id": "2d75", "date": 1750316131602, "text": "/tinh Bắc Ninh",
    ...     "chat": {"id": "6ede", "chat_type": "PRIVATE"}, "from": {"id": "6ede"}}}
    >>> parse_webhook_update({"ok": True, "result": event}).message.text
    '/tinh Bắc Ninh'
    >>> parse_webhook_update(json.dumps(event).encode()).chat_id
    '6ede'
    """
    data = _json(body, "webhook body") if isinstance(body, bytes | str) else body
    if not isinstance(data, dict):
        raise ValueError("webhook body is not a JSON object")
    if "event_name" not in data and "result" in data:
        if data.get("ok") is False:
            raise ValueError("webhook envelope says ok: false")
        data = data["result"]
    if not isinstance(data, dict):
        raise ValueError("webhook result is not a JSON object")
    return parse_event(data)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json(body: bytes | str, what: str) -> Any:
    """Strict JSON: no NaN or Infinity, and nesting deeper than Python's recursion limit is
    an error like any other (ValueError), never a RecursionError."""
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{what} is not JSON") from exc
    except RecursionError:
        raise ValueError(f"{what} is nested too deeply") from None


def secret_matches(header_value: str | None, expected: str) -> bool:
    """Whether the ``X-Bot-Api-Secret-Token`` header holds our secret (constant time).

    >>> secret_matches("mykey-abcyxz", "mykey-abcyxz"), secret_matches(None, "mykey-abcyxz")
    (True, False)
    >>> secret_matches("mykey-abcyxZ", "mykey-abcyxz"), secret_matches("", "")
    (False, False)
    """
    if not header_value or not expected:
        return False
    return hmac.compare_digest(header_value.encode("utf-8"), expected.encode("utf-8"))
