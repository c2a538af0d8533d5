"""Replies that need no data: help, unknown input, refusals, and "did you mean"."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.arguments import MAX_ARGUMENT_CHARS, Problem
from bot.core.commands import COMMANDS, SPECS, Command, CommandSpec, suggest_command
from bot.core.messages import Button, Reply, Request
from bot.core.places import ProvinceMatch
from bot.core.services import Services
from bot.core.templates import render_reply
from digest.normalize import fold
from digest.provinces import display_name

MAX_BUTTONS = 5


async def start(services: Services, request: Request, args: str) -> Reply:
    """/start: who the bot is, then every command."""
    return _help(services, request, intro=True)


async def help_(services: Services, request: Request, args: str) -> Reply:
    """/help: every command with an example."""
    return _help(services, request, intro=False)


def _help(services: Services, request: Request, *, intro: bool) -> Reply:
    admin = services.is_admin(request)
    commands = [spec for spec in COMMANDS if admin or not spec.admin]
    return render_reply("help", intro=intro, commands=commands)


def unknown(name: str | None) -> Reply:
    """Anything not understood: a hint toward /help, or the command it resembles."""
    suggestion = suggest_command(name) if name else None
    return render_reply(
        "unknown", suggestion=SPECS[suggestion].alias if suggestion else None
    )


def missing_argument(spec: CommandSpec) -> Reply:
    return render_reply("missing_argument", spec=spec)


def argument_problem(spec: CommandSpec, problem: Problem) -> Reply:
    return render_reply(
        "argument_problem", spec=spec, problem=problem.value, limit=MAX_ARGUMENT_CHARS
    )


def not_admin(spec: CommandSpec) -> Reply:
    return render_reply("not_admin", spec=spec)


def error() -> Reply:
    return render_reply("error")


def command_line(command: Command, *words: str | int) -> str:
    """A command a user could type, unaccented: "/tinh thai nguyen 2".

    >>> command_line(Command.PROVINCE, "Thái Nguyên", 2)
    '/tinh thai nguyen 2'
    """
    tail = " ".join(fold(str(word)) for word in words if str(word))
    return f"/{SPECS[command].alias} {tail}".strip()


def did_you_mean(what: str, asked: str, options: Iterable[tuple[str, str]]) -> Reply:
    """ "Có phải bạn muốn: …?" with each option as a command (and a button)."""
    options = list(options)[:MAX_BUTTONS]
    buttons = tuple(Button(label, command) for label, command in options)
    return render_reply("did_you_mean", what=what, asked=asked, options=options, buttons=buttons)


def province_not_found(command: Command, asked: str, match: ProvinceMatch) -> Reply:
    """Offer the candidates, or say no province has that name."""
    if match.candidates:
        options = [(display_name(name), command_line(command, name)) for name in match.candidates]
        return did_you_mean("tỉnh", asked, options)
    return render_reply(
        "unknown_province", asked=asked, alias=command_line(command)[1:], example="bac kan"
    )
