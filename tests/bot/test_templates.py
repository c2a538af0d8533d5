"""Replies rendered once and remembered (bot.core.templates): the same values give the same
reply, other values their own, and values that cannot be remembered are still rendered."""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.templates import _render_remembered, render_reply


def test_a_remembered_reply_is_the_one_its_values_give() -> None:
    first = render_reply("broadcast", broadcast_id=7, queued=3, empty=False)
    again = render_reply("broadcast", broadcast_id=7, queued=3, empty=False)
    other = render_reply("broadcast", broadcast_id=8, queued=3, empty=False)
    assert first is again  # rendered once
    assert "số 7" in first.text and "số 8" in other.text


def test_buttons_are_part_of_what_is_remembered() -> None:
    plain = render_reply("broadcast", broadcast_id=9, queued=1, empty=False)
    with_button = render_reply("broadcast", buttons=(Button("Xem", "/thongke"),),
                               broadcast_id=9, queued=1, empty=False)
    assert plain.buttons == () and with_button.buttons == (Button("Xem", "/thongke"),)


class _Mutable:
    """A value hashed by identity: it could change after a render, so it is never keyed."""

    def __init__(self, queued: int) -> None:
        self.queued = queued

    def __str__(self) -> str:
        return str(self.queued)


def test_a_value_hashed_by_identity_is_rendered_every_time() -> None:
    value = _Mutable(4)
    before = _render_remembered.cache_info().currsize
    first = render_reply("broadcast", broadcast_id=value, queued=1, empty=False)
    value.queued = 5
    second = render_reply("broadcast", broadcast_id=value, queued=1, empty=False)
    assert "số 4" in first.text and "số 5" in second.text
    assert _render_remembered.cache_info().currsize == before
