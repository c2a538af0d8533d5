"""What the client refuses before any request: texts too long, empty chat ids, webhook URLs
that are not https:// and secrets of the wrong length.

Apart from the client because the delivery layer measures texts the same way
(`utf16_length`) when it cuts a digest into messages, and the Zalo channel accepts the same
loopback hosts for its own webhook. Text length is counted in UTF-16 code units (a
JavaScript string's length), which is never less than the character count, so a text we
accept is never too long over there.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from digest.present import ZALO_LIMIT  # the one place a channel's message length is written

MAX_TEXT_LENGTH = ZALO_LIMIT  # sendMessage text and sendPhoto caption
SECRET_MIN_LENGTH, SECRET_MAX_LENGTH = 8, 256
#: Hosts a plain-HTTP webhook may point at when the client allows it (tests only).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as the platform (JavaScript) counts it.

    >>> utf16_length("Hội nghị Ban Chấp hành"), utf16_length("🙂")
    (22, 2)
    """
    return len(text.encode("utf-16-le")) // 2


def check_text(text: str, name: str, *, required: bool) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string")
    length = utf16_length(text)
    if (required and length == 0) or length > MAX_TEXT_LENGTH:
        raise ValueError(f"{name} must be 1-{MAX_TEXT_LENGTH} characters, got {length}")


def check_chat_id(chat_id: str) -> str:
    text = str(chat_id).strip()
    if not text:
        raise ValueError("chat_id is required")
    return text


def check_webhook(url: str, secret_token: str, *, allow_insecure: bool) -> None:
    parts = urlsplit(url)
    insecure_ok = allow_insecure and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not (parts.scheme == "https" and parts.hostname) and not insecure_ok:
        raise ValueError("webhook url must be an https:// URL")
    if not SECRET_MIN_LENGTH <= len(secret_token) <= SECRET_MAX_LENGTH:
        raise ValueError(
            f"secret_token must be {SECRET_MIN_LENGTH}-{SECRET_MAX_LENGTH} characters"
        )
