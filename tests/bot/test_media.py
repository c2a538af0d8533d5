"""The media shelf Zalo's sendPhoto fetches charts from: random names, kept for a while only."""

from __future__ import annotations

import pytest

from bot.delivery.media import MediaShelf


def test_a_file_gets_an_unguessable_public_url_and_expires() -> None:
    now = [0.0]
    shelf = MediaShelf("https://bantin.example.vn/zalo-media/", "127.0.0.1", 8445, ttl=60,
                       clock=lambda: now[0])
    first, second = shelf.publish(b"\x89PNG a"), shelf.publish(b"\x89PNG b")
    assert first.startswith("https://bantin.example.vn/zalo-media/") and first.endswith(".png")
    assert first != second and len(first.rsplit("/", 1)[1]) >= 22 + len(".png")
    now[0] = 61.0
    shelf.publish(b"\x89PNG c")
    assert len(shelf) == 1


def test_the_shelf_holds_at_most_max_items() -> None:
    shelf = MediaShelf("http://127.0.0.1:1/m", "127.0.0.1", 1, max_items=2)
    for n in range(5):
        shelf.publish(bytes([n]))
    assert len(shelf) == 2


def test_a_media_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="http"):
        MediaShelf("ftp://example.vn/m", "127.0.0.1", 1)
