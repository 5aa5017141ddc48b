"""The console script. Every error reaches the user here, as one line and its exit code.

Start-up is the product for a CLI called in loops, and importing Typer alone costs several
times a bare Python start. So a plain, well-formed ``status`` lookup (materials and the value
options below, nothing else) is run straight through :func:`mineralctl.run.status`, the same
function the Typer command calls. Anything else, including every malformed or doubtful
command line, goes to the Typer app, which owns help and usage errors.
"""

from __future__ import annotations

import os
import sys

from mineralctl.errors import EXIT_INTERNAL, EXIT_OK, EXIT_PIPE, EXIT_USAGE, MineralctlError, RulebookError
from mineralctl.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

# The status command's value options and flags, as declared in cli.status.
_STATUS_VALUES = {
    "--date": "date",
    "-d": "date",
    "--dest": "dest",
    "--end-use": "end_use",
    "--format": "format",
    "-f": "format",
    "--fail-on": "fail_on",
    "--max-age": "max_age",
    "--rulebook": "rulebook",
    "--end-user": "end_user",
    "--entities": "entities_file",
}
_STATUS_FLAGS = {
    "--explain": "explain",
    "--debug": "debug",
    "--quiet": "quiet",
    "-q": "quiet",
    "--fail-on-possible-match": "fail_on_possible_match",
}
_STATUS_REPEATABLE = "--overlay"  # each value is added to the list of overlays


def fast_status(args: list[str]) -> dict[str, object] | None:
    """The keyword arguments of ``run.status`` for a plain lookup, or ``None`` to let Typer
    parse the command line (help, unknown or repeated options, invalid choices, ``--``)."""
    from mineralctl import run

    if os.environ.get("MINERALCTL_NO_FAST_PATH") or len(args) < 2 or args[0] != "status":
        return None
    choices = {"format": run.FORMATS, "end_use": run.END_USES, "fail_on": run.STATUSES}
    options: dict[str, object] = {}
    materials: list[str] = []
    overlays: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if not arg.startswith("-") or arg == "-":
            materials.append(arg)
            continue
        name, has_value, value = arg.partition("=")
        if has_value and not name.startswith("--"):
            return None  # '-f=json' means the value '=json' to Typer: let it say so
        if name in _STATUS_FLAGS and not has_value:
            key, value, known = _STATUS_FLAGS[name], "", True
        elif name in _STATUS_VALUES or name == _STATUS_REPEATABLE:
            key = _STATUS_VALUES.get(name, "overlay")
            if not has_value:
                value = next(rest, "")
                if not value or value.startswith("-"):
                    return None
            known = False
        else:
            return None
        if name == _STATUS_REPEATABLE:
            overlays.append(value)
            continue
        if key in options:
            return None
        if key in choices:
            value = value.lower()
            if value not in choices[key]:
                return None
        options[key] = True if known else value
    if not materials:
        return None
    options.pop("debug", None)
    if overlays:
        options["overlay"] = overlays
    return {"materials": materials, **options}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("MINERALCTL_DEBUG") == "1"
    try:
        fast = fast_status(args)
        if fast is not None:
            from mineralctl import run

            code = run.status(**fast)  # type: ignore[arg-type]
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
