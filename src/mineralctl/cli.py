"""The command line: options -> rulebook and resolver -> renderer -> exit code. No rules here.

Start-up matters (the CLI is called in loops): only the standard library and Typer are
imported at the top; yaml, rich and dateutil are imported where they are needed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from mineralctl import __version__
from mineralctl.errors import (
    EXIT_GATE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_STALE,
    EXIT_USAGE,
    MineralctlError,
    RulebookError,
    UsageError,
)

if TYPE_CHECKING:
    from mineralctl.destinations import Destination
    from mineralctl.model import EndUse, Resolution, Status
    from mineralctl.rulebook import Rulebook

EXIT_CODES_HELP = (
    "Exit codes: 0 answered; 1 a --fail-on gate tripped; 2 usage error (bad option, date, duration, "
    "format or end use); 3 rulebook missing, unreadable or invalid; 4 unknown material, destination "
    "or HS code; 5 rulebook older than --max-age; 70 internal error."
)

app = typer.Typer(
    name="mineralctl",
    help="What China's export-control regime says about a critical mineral on a date, for a "
    "destination and end use, and why. A research aid, not legal advice.\n\n" + EXIT_CODES_HELP,
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class EndUseChoice(str, Enum):
    civil = "civil"
    military = "military"


class StatusChoice(str, Enum):
    not_controlled = "not-controlled"
    license_required = "license-required"
    enhanced_review = "enhanced-review"
    prohibited = "prohibited"


# Options shared by the commands.
DateOpt = Annotated[
    Optional[str],
    typer.Option(
        "--date", "-d", help="YYYY-MM-DD, 'today', or a written date such as '5 Nov 2025'. Default: today (China Standard Time)."
    ),
]
DestOpt = Annotated[
    Optional[str],
    typer.Option(
        "--dest",
        help="Destination: ISO 3166 alpha-2 or alpha-3 code or English name. Default: a destination no "
        "country-specific measure names (the output lists those treated differently).",
    ),
]
EndUseOpt = Annotated[EndUseChoice, typer.Option("--end-use", help="End use: civil or military.", case_sensitive=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
RulebookOpt = Annotated[
    Optional[str],
    typer.Option("--rulebook", envvar="MINERALCTL_RULEBOOK", help="Use this rulebook YAML instead of the packaged one."),
]
FailOnOpt = Annotated[
    Optional[StatusChoice],
    typer.Option("--fail-on", help="Exit 1 when any result is at or above this status.", case_sensitive=False),
]
MaxAgeOpt = Annotated[
    Optional[str],
    typer.Option("--max-age", help="Exit 5 when the rulebook's as_of is older than this (e.g. 180d, 6m)."),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mineralctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """What China's export-control regime says about a critical mineral, and why."""


# --------------------------------------------------------------------------- helpers


def load(path: str | None) -> Rulebook:
    from mineralctl.rulebook import load_rulebook

    return load_rulebook(path)


def query_date(text: str | None, option: str = "--date") -> dt.date:
    from mineralctl import dates

    return dates.today() if text is None else dates.parse_date(text, option=option)


def query_destination(text: str | None) -> Destination | None:
    if text is None or not text.strip():
        return None
    from mineralctl.destinations import parse_destination

    return parse_destination(text)


def end_use_of(choice: EndUseChoice) -> EndUse:
    from mineralctl.model import EndUse

    return EndUse(choice.value)


def emit(text: str) -> None:
    sys.stdout.write(text)


def warn(message: str) -> None:
    sys.stderr.write(f"mineralctl: warning: {message}\n")


def gate(results: list[Status], fail_on: StatusChoice | None) -> int:
    """Exit 1 when any status is at or above ``fail_on``."""
    if fail_on is None:
        return EXIT_OK
    from mineralctl.model import Status

    threshold = Status(fail_on.value)
    return EXIT_GATE if any(s.rank >= threshold.rank for s in results) else EXIT_OK


def freshness(rulebook: Rulebook, max_age: str | None) -> int:
    """Exit 5 (after the results) when the rulebook's as_of is older than ``max_age``."""
    if max_age is None:
        return EXIT_OK
    from mineralctl import dates

    duration = dates.parse_duration(max_age, option="--max-age")
    today = dates.today()
    if dates.add_duration(rulebook.as_of, duration) < today:
        sys.stderr.write(
            f"mineralctl: error: the rulebook is stale: as_of {rulebook.as_of.isoformat()} is older than "
            f"--max-age {max_age} (today is {today.isoformat()})\n"
        )
        return EXIT_STALE
    return EXIT_OK


def finish(*codes: int) -> NoReturn:
    """Exit with the most serious code: a stale rulebook (5) over a gate (1) over success."""
    raise typer.Exit(max(codes))


def print_warnings(results: list[Resolution]) -> None:
    seen: set[str] = set()
    for r in results:
        for text in r.warnings:
            if text not in seen:
                seen.add(text)
                warn(text)


# --------------------------------------------------------------------------- commands


@app.command()
def status(
    materials: Annotated[
        list[str],
        typer.Argument(
            help="Materials: id, name, symbol (Ga), Chinese name (镓), alias, group (rare earths) or a reference HS code.",
            show_default=False,
        ),
    ],
    date: DateOpt = None,
    dest: DestOpt = None,
    end_use: EndUseOpt = EndUseChoice.civil,
    format: FormatOpt = Format.table,
    explain: Annotated[bool, typer.Option("--explain", help="Show the reasoning step by step, with sources.")] = False,
    fail_on: FailOnOpt = None,
    max_age: MaxAgeOpt = None,
    rulebook: RulebookOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The status of one or more materials on a date, for a destination and end use.

    Example: mineralctl status gallium --date 2026-01-01 --dest US
    """
    from mineralctl.resolve import resolve

    day = query_date(date)
    where = query_destination(dest)
    use = end_use_of(end_use)
    book = load(rulebook)
    if max_age is not None:
        from mineralctl import dates

        dates.parse_duration(max_age, option="--max-age")  # a bad duration is a usage error up front
    results: list[Resolution] = []
    for query in materials:
        for material in book.find_materials(query):
            results.append(resolve(book, material, day, where, use, query=query))
    _print_status(book, results, format, explain, where)
    finish(gate([r.status for r in results], fail_on), freshness(book, max_age))


def _print_status(book: Rulebook, results: list[Resolution], format: Format, explain: bool, where: Destination | None) -> None:
    from mineralctl import render

    if format is Format.json:
        emit(render.json_document(book, "results", [render.resolution_dict(r) for r in results]))
    elif format is Format.csv:
        emit(render.csv_text(render.STATUS_CSV_HEADER, (render.status_csv_row(r) for r in results)))
    else:
        render.print_status_table(render.console(), book, results, explain=explain)
        if where is not None and where.code in book.destination_notes:
            note = book.destination_notes[where.code]
            render.console().print(f"\n[dim]{where.name}:[/] " + " ".join(note.notes.split()))
    print_warnings(results)


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """The console script: run the app, turning every error into one line and its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("MINERALCTL_DEBUG") == "1"
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="mineralctl", standalone_mode=False)
    except MineralctlError as error:
        _fail(error, error.exit_code, debug)
    except KeyboardInterrupt:
        sys.stderr.write("mineralctl: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        _quiet_pipe()
    except Exception as error:  # click's usage errors, then anything unexpected
        exit_code = getattr(error, "exit_code", None)
        if hasattr(error, "format_message") and isinstance(exit_code, int):
            if type(error).__name__ == "Abort":
                sys.stderr.write("mineralctl: aborted\n")
                sys.exit(1)
            message = error.format_message()
            hint = _usage_hint(error)
            sys.stderr.write(f"mineralctl: error: {message}{hint}\n")
            sys.exit(EXIT_USAGE if exit_code == 2 else exit_code)
        _fail(error, EXIT_INTERNAL, debug, internal=True)
    sys.stdout.flush()
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _usage_hint(error: Exception) -> str:
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None) if ctx is not None else None
    return f" (see '{path} --help')" if path else ""


def _fail(error: BaseException, code: int, debug: bool, internal: bool = False) -> NoReturn:
    if debug:
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    if isinstance(error, RulebookError) and error.problems:
        for problem in error.problems:
            sys.stderr.write(problem + "\n")
        if len(error.problems) > 1:
            sys.stderr.write(f"mineralctl: error: {len(error.problems)} problems in the rulebook\n")
    elif internal:
        sys.stderr.write(
            f"mineralctl: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)\n"
        )
    else:
        sys.stderr.write(f"mineralctl: error: {error}\n")
    sys.exit(code)


def _quiet_pipe() -> NoReturn:
    # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_OK)


__all__ = ["app", "main", "UsageError"]
