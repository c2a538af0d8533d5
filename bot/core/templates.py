"""Replies are Jinja templates in bot/templates/, each rendered twice: plain text and HTML.

The plain-text flavour (Zalo, the console) has no markup and no escaping. The HTML flavour
(Telegram, parse_mode HTML) autoescapes every value, so a province, a query or a report title
containing `<`, `&` or `"` can never break the message or inject markup. Templates mark
emphasis with `bold(...)` / `italic(...)`, which become tags only in the HTML flavour; a value
that already exists in both flavours (a digest rendered by `digest.render`) is passed as
`Both(text, html)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from bot.core.messages import Button, Reply
from digest.present import day, format_vn
from digest.provinces import display_name

_EXTRA_BLANK_LINES = regex.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class Both:
    """A value already rendered for each flavour (the HTML one already escaped)."""

    text: str
    html: str


def _number(value: float | None) -> str:
    return "" if value is None else format_vn(value)


def _environment(html: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("bot", "templates"),  # package data: works installed
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # package data does not change under a running bot: no stat() per reply
    )
    if html:
        env.globals["bold"] = lambda value: Markup("<b>%s</b>") % value
        env.globals["italic"] = lambda value: Markup("<i>%s</i>") % value
        env.globals["code"] = lambda value: Markup("<code>%s</code>") % value
    else:
        env.globals["bold"] = env.globals["italic"] = env.globals["code"] = str
    env.filters["vn"] = _number
    env.filters["day"] = day  # digest.present: dates read the same everywhere
    env.filters["place"] = display_name  # "TP. Hồ Chí Minh": places as people write them
    return env


@cache
def _environments() -> tuple[Environment, Environment]:
    return _environment(html=False), _environment(html=True)


def _pick(value: Any, html: bool) -> Any:
    """A `Both` as the flavour's string, also inside lists and tuples (rows of a reply)."""
    if isinstance(value, Both):
        return Markup(value.html) if html else value.text
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return type(value)(_pick(item, html) for item in value)
    return value


def _flavour(context: dict[str, Any], html: bool) -> dict[str, Any]:
    return {key: _pick(value, html) for key, value in context.items()}


def _tidy(message: str) -> str:
    return _EXTRA_BLANK_LINES.sub("\n\n", message).strip()


def render_reply(template: str, /, *, buttons: tuple[Button, ...] = (), **context: Any) -> Reply:
    """Render bot/templates/<name>.j2 in both flavours.

    Rendering is a pure function of the template and its values, and the same replies come
    back again and again (a province's newest digest, an indicator's table across provinces:
    half a millisecond to several of Jinja each), so the last `RENDERED` renders are kept,
    keyed by the values themselves. Values that cannot be hashed are rendered every time.
    """
    frozen = _frozen(tuple(sorted(context.items())))
    if frozen is None:
        return _render_reply(template, tuple(buttons), context)
    return _render_remembered(template, tuple(buttons), frozen)


RENDERED = 512


def _frozen(value: Any) -> Any:
    """`value` with lists turned into tuples, or None when some part is not a value that
    hashes by its contents (a mutable object hashed by identity could change unseen).

    >>> _frozen(("a", [1, (2, [3.5, None])])), _frozen({"x": 1}), _frozen(object())
    (('a', (1, (2, (3.5, None)))), None, None)
    """
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        items = tuple(_frozen(item) for item in value)
        if any(item is None and original is not None for item, original in zip(
                items, value, strict=True)):
            return None
        return items
    if value is not None and type(value).__hash__ in (None, object.__hash__):
        return None
    try:
        hash(value)
    except TypeError:  # a frozen container holding something unhashable
        return None
    return value


@lru_cache(maxsize=RENDERED)
def _render_remembered(template: str, buttons: tuple[Button, ...],
                       frozen: tuple[tuple[str, Any], ...]) -> Reply:
    return _render_reply(template, buttons, dict(frozen))


def _render_reply(template: str, buttons: tuple[Button, ...], context: dict[str, Any]
                  ) -> Reply:
    text_env, html_env = _environments()
    text = text_env.get_template(f"{template}.j2").render(html=False, **_flavour(context, False))
    html = html_env.get_template(f"{template}.j2").render(html=True, **_flavour(context, True))
    return Reply(text=_tidy(text), html=_tidy(html), template=template, buttons=tuple(buttons))


def render_text(template: str, /, **context: Any) -> str:
    """Only the plain flavour: for pieces passed on to another renderer (digest footers)."""
    text_env, _ = _environments()
    return _tidy(text_env.get_template(f"{template}.j2").render(html=False, **context))


def escape_html(value: str) -> str:
    return str(escape(value))
