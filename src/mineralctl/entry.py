"""The console script. Every error reaches the user here, as one line and its exit code.

Start-up is the product for a CLI called in loops, and importing Typer alone costs several
times a bare Python start. So a plain, well-formed command line (its arguments and the options
in :data:`COMMANDS`, each given once with a plain value) is run straight through the function
in :mod:`mineralctl.run` that the Typer command calls. Anything else, including every malformed
or doubtful command line (help, unknown or repeated options, invalid choices, ``--``, a blank
or flag-like value given as the next word), goes to the Typer app, which owns help and usage
errors. ``tests/test_fast_path.py`` checks this table against the Typer declarations.
"""

from __future__ import annotations

import os
import sys

from mineralctl.errors import EXIT_INTERNAL, EXIT_OK, EXIT_PIPE, EXIT_USAGE, MineralctlError, RulebookError
from mineralctl.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn


class Command:
    """One command as the fast path reads it: what its arguments are called and how many it
    takes, and its options by name (each mapped to the keyword of the ``run`` function)."""

    __slots__ = ("arguments", "count", "values", "flags", "repeatable", "choices", "required")

    def __init__(
        self,
        arguments: str | None,
        count: str,
        values: dict[str, str],
        flags: dict[str, str],
        repeatable: dict[str, str],
        choices: dict[str, tuple[str, ...]],
        required: tuple[str, ...] = (),
    ) -> None:
        self.arguments = arguments  # the keyword the positional arguments go to
        self.count = count  # "one", "some" (one or more), "any" (none or more) or "none"
        self.values = values  # options that take one value, given once
        self.flags = flags  # options that take no value
        self.repeatable = repeatable  # options whose every value is added to a list
        self.choices = choices  # keyword -> the values it accepts (lower case; any case given)
        self.required = required  # keywords that must be given


FORMATS = ("table", "json", "csv")
END_USES = ("civil", "military")
STATUSES = ("not-controlled", "license-required", "enhanced-review", "prohibited")
_BOOK = {"--rulebook": "rulebook"}
_OVERLAY = {"--overlay": "overlay"}
_DEBUG = {"--debug": "debug"}
_FORMAT = {"--format": "format", "-f": "format"}
_DEST = {"--dest": "dest"}
_DATE = {"--date": "date", "-d": "date"}
_END_USER = {"--end-user": "end_user", "--entities": "entities_file"}
_OUTPUT = {"--output": "output", "-o": "output"}
_RANGE = {"--from": "start", "--to": "end"}

COMMANDS: dict[str, Command] = {
    "status": Command(
        "materials",
        "some",
        {
            **_DATE,
            **_DEST,
            "--end-use": "end_use",
            **_FORMAT,
            "--fail-on": "fail_on",
            "--max-age": "max_age",
            **_BOOK,
            **_END_USER,
        },
        {
            **_DEBUG,
            "--explain": "explain",
            "--quiet": "quiet",
            "-q": "quiet",
            "--fail-on-possible-match": "fail_on_possible_match",
        },
        _OVERLAY,
        {"format": FORMATS, "end_use": END_USES, "fail_on": STATUSES},
    ),
    "timeline": Command(
        "material",
        "one",
        {**_DEST, "--end-use": "end_use", **_RANGE, **_FORMAT, **_OUTPUT, **_BOOK, **_END_USER},
        {**_DEBUG, "--force": "force"},
        _OVERLAY,
        {"format": (*FORMATS, "ics", "svg"), "end_use": END_USES},
    ),
    "diff": Command(
        "materials",
        "any",
        {**_RANGE, **_DEST, "--end-use": "end_use", **_FORMAT, **_BOOK, **_END_USER},
        _DEBUG,
        _OVERLAY,
        {"format": FORMATS, "end_use": END_USES},
        required=("start", "end"),
    ),
    "upcoming": Command(
        None,
        "none",
        {
            "--from": "start",
            "--within": "within",
            **_DEST,
            **_FORMAT,
            **_OUTPUT,
            **_BOOK,
            "--entities": "entities_file",
        },
        {**_DEBUG, "--force": "force"},
        _OVERLAY,
        {"format": (*FORMATS, "ics")},
    ),
    "materials": Command(None, "none", {"--group": "group", **_FORMAT, **_BOOK}, _DEBUG, _OVERLAY, {"format": FORMATS}),
    "measures": Command(
        None, "none", {"--material": "material", **_FORMAT, **_BOOK}, _DEBUG, _OVERLAY, {"format": FORMATS}
    ),
    "show": Command(
        "id", "one", {**_FORMAT, **_BOOK, "--entities": "entities_file"}, _DEBUG, _OVERLAY, {"format": FORMATS}
    ),
    "screen": Command(
        "files",
        "some",
        {
            **_FORMAT,
            **_OUTPUT,
            **{f"--{o}": o.replace("-", "_") for o in ("input-format", "delimiter", "encoding", "sheet")},
            **{f"--{c}-column": f"{c.replace('-', '_')}_column" for c in ("material", "hs", "dest", "date", "end-use")},
            "--end-user-column": "end_user_column",
            **_DATE,
            **_DEST,
            "--end-use": "end_use",
            **_END_USER,
            "--fail-on": "fail_on",
            "--max-age": "max_age",
            **_BOOK,
        },
        {
            **_DEBUG,
            "--fail-on-possible-match": "fail_on_possible_match",
            "--allow-unresolved": "allow_unresolved",
            "--force": "output_force",
        },
        _OVERLAY,
        {"format": ("csv", "jsonl", "table"), "end_use": END_USES, "fail_on": STATUSES},
    ),
    "entities": Command(
        None,
        "none",
        {"--list": "list_name", "--dest": "dest", **_DATE, **_FORMAT, "--entities": "entities_file"},
        {**_DEBUG, "--all": "every"},
        {},
        {"list_name": ("control", "watch"), "format": FORMATS},
    ),
}


def function_of(name: str) -> Callable[..., int]:
    """The function the Typer command ``name`` calls: ``run.<name>``, or ``screen.command``."""
    if name == "screen":
        from mineralctl import screen

        return screen.command
    from mineralctl import run

    function: Callable[..., int] = getattr(run, name)
    return function


def fast_command(args: list[str]) -> tuple[str, dict[str, object]] | None:
    """The command and the keyword arguments of its ``run`` function for a plain, well-formed
    command line, or ``None`` to let Typer parse it."""
    if not args or os.environ.get("MINERALCTL_NO_FAST_PATH") or "_MINERALCTL_COMPLETE" in os.environ:
        return None
    command = COMMANDS.get(args[0])
    if command is None:
        return None
    options: dict[str, object] = {}
    arguments: list[str] = []
    lists: dict[str, list[str]] = {}
    rest = iter(args[1:])
    for arg in rest:
        if not arg.startswith("-") or arg == "-":
            arguments.append(arg)
            continue
        name, has_value, value = arg.partition("=")
        if has_value and not name.startswith("--"):
            return None  # '-f=json' means the value '=json' to Typer: let it say so
        if name in command.flags and not has_value:
            key, flag = command.flags[name], True
        elif name in command.values or name in command.repeatable:
            key, flag = command.values.get(name) or command.repeatable[name], False
            if not has_value:
                value = next(rest, "")
                if not value or value.startswith("-"):
                    return None
        else:
            return None
        if name in command.repeatable:
            lists.setdefault(key, []).append(value)
            continue
        if key in options:
            return None  # Typer refuses a repeated option (exit 2)
        if key in command.choices:
            value = value.lower()
            if value not in command.choices[key]:
                return None
        options[key] = True if flag else value
    count = len(arguments)
    wanted = {"one": count == 1, "some": count >= 1, "any": True, "none": count == 0}
    if not wanted[command.count] or any(key not in options for key in command.required):
        return None
    options.pop("debug", None)
    options.update(lists)
    if command.arguments is not None:
        # As Typer passes them: one value, or a list (None when an optional list is empty).
        options[command.arguments] = arguments[0] if command.count == "one" else (arguments or None)
    return args[0], options


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("MINERALCTL_DEBUG") == "1"
    try:
        fast = fast_command(args)
        if fast is not None:
            code = function_of(fast[0])(**fast[1])
        else:
            from mineralctl import cli

            code = cli.invoke(args)
    except MineralctlError as error:
        _fail(error, error.exit_code, debug)
    except KeyboardInterrupt:
        sys.stderr.write("mineralctl: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        _quiet_pipe()
    except Exception as error:  # Typer's usage errors (duck-typed: no click import), then bugs
        exit_code = getattr(error, "exit_code", None)
        if hasattr(error, "format_message") and isinstance(exit_code, int):
            if type(error).__name__ == "Abort":
                sys.stderr.write("mineralctl: aborted\n")
                sys.exit(1)
            sys.stderr.write(
                f"mineralctl: error: {visible(error.format_message(), one_line=True)}{_usage_hint(error)}\n"
            )
            sys.exit(EXIT_USAGE if exit_code == 2 else exit_code)
        _fail(error, EXIT_INTERNAL, debug, internal=True)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe()
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _usage_hint(error: Exception) -> str:
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) if ctx is not None else None
    return f" (see '{visible(path, one_line=True)} --help')" if path else ""


def _fail(error: BaseException, code: int, debug: bool, internal: bool = False) -> NoReturn:
    if debug:
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    if isinstance(error, RulebookError) and error.problems:
        for problem in error.problems:
            sys.stderr.write(visible(problem, one_line=True) + "\n")
        if error.total > len(error.problems):
            sys.stderr.write(f"mineralctl: error: ... and {error.total - len(error.problems):,} more\n")
        if error.total > 1:
            sys.stderr.write(f"mineralctl: error: {error.total:,} problems in the {error.kind}\n")
    elif internal:
        sys.stderr.write(
            f"mineralctl: internal error: {type(error).__name__}: {visible(str(error), one_line=True)}"
            " (run with --debug for the traceback)\n"
        )
    else:
        sys.stderr.write(f"mineralctl: error: {visible(str(error), one_line=True)}\n")
    sys.exit(code)


def _quiet_pipe() -> NoReturn:
    # The reader went away (e.g. `| head`): stop quietly with 128 + SIGPIPE, as Unix tools
    # do and as screen does; never 1, which means a --fail-on gate tripped.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_PIPE)
