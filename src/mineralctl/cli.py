"""The command line: options -> rulebook and resolver -> renderer -> exit code. No rules here.

Start-up matters (the CLI is called in loops): only the standard library and Typer are
imported at the top; yaml, rich and dateutil are imported where they are needed.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Any, NoReturn, Optional

import typer

from mineralctl import __version__, run
from mineralctl.errors import (
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
)
from mineralctl.options import DebugOpt, EntitiesOpt, OverlayOpt, RulebookOpt
from mineralctl.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.model import RulebookFile

STATUSES_HELP = (
    "Statuses, mildest first: not-controlled (no measure applies); license-required (an export "
    "licence is needed); enhanced-review (a licence is needed and is reviewed more strictly); "
    "prohibited (exports are banned or, in principle, not licensed). --fail-on STATUS means at or above it."
)
EXIT_CODES_HELP = (
    "Exit codes: 0 answered; 1 a --fail-on gate tripped; 2 usage error (bad option, date, duration, "
    "format or end use); 3 rulebook missing, unreadable or invalid; 4 unknown material, destination "
    "or HS code (screen: a row could not be read or resolved); 5 rulebook older than --max-age; "
    "70 internal error; 141 the reader of the output went away (| head)."
)


def _wrap_at_spaces_only() -> None:
    """Help text wraps at spaces only, never inside a word: not ``license-`` / ``required``,
    ``--max-`` / ``age`` or ``YYYY-MM-`` / ``DD``. Typer (< 0.29) vendors Click, whose help
    wrapper breaks words at hyphens; help is written without rich (see ``rich_markup_mode``)."""
    try:
        from typer._click import _textwrap as module
    except ImportError:  # a Typer that does not vendor Click: its own wrapping applies
        return
    wrapper = getattr(module, "TextWrapper", None)
    if wrapper is None or getattr(wrapper, "at_spaces_only", False):
        return

    class AtSpacesOnly(wrapper):  # type: ignore[misc, valid-type]
        at_spaces_only = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **{**kwargs, "break_on_hyphens": False})

    setattr(module, "TextWrapper", AtSpacesOnly)  # noqa: B010 (a class, not an attribute mypy knows)


_wrap_at_spaces_only()

app = typer.Typer(
    name="mineralctl",
    help="What China's export-control regime says about a critical mineral on a date, for a "
    "destination and end use, and why. A research aid, not legal advice.\n\n"
    + STATUSES_HELP
    + "\n\n"
    + EXIT_CODES_HELP
    + "\n\n\b\nExamples:\n  mineralctl status gallium --dest US\n  mineralctl upcoming --within 6m\n"
    "  mineralctl show 'No. 72 of 2025'",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Help as Click writes it: Typer's rich help imports rich and formats for ~50 ms a call.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class TimelineFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    ics = "ics"
    svg = "svg"


class UpcomingFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    ics = "ics"


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
        "--date",
        "-d",
        help="YYYY-MM-DD, 'today', 'yesterday', 'tomorrow' (China Standard Time), or a written date such as "
        "'5 Nov 2025' or '2025年11月9日'; 1900-01-01 to 2999-12-31. Default: today (China Standard Time).",
    ),
]


def _complete_materials(incomplete: str) -> list[str]:
    from mineralctl import complete

    return complete.material_names(incomplete)


def _complete_destinations(incomplete: str) -> list[str]:
    from mineralctl import complete

    return complete.destinations(incomplete)


def _complete_entries(incomplete: str) -> list[str]:
    from mineralctl import complete

    return complete.entries(incomplete)


DEST_FORMS = "ISO 3166 alpha-2 or alpha-3 code, English name or Chinese name (美国)"
OTHER_DESTINATIONS = "other destinations, i.e. any destination no country-specific measure names"


def _dest_option(help: str) -> Any:
    """``--dest``, with help that says what the command answers without it."""
    return typer.Option("--dest", autocompletion=_complete_destinations, help=help)


DestOpt = Annotated[
    Optional[str],
    _dest_option(
        f"Destination: {DEST_FORMS}. Default: {OTHER_DESTINATIONS} (the answer lists those treated differently)."
    ),
]
# timeline and diff answer for other destinations alone when no destination is given.
DestOnlyOpt = Annotated[Optional[str], _dest_option(f"Destination: {DEST_FORMS}. Default: {OTHER_DESTINATIONS}.")]
EndUseOpt = Annotated[EndUseChoice, typer.Option("--end-use", help="End use: civil or military.", case_sensitive=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
FailOnOpt = Annotated[
    Optional[StatusChoice],
    typer.Option("--fail-on", help="Exit 1 when any result is at or above this status.", case_sensitive=False),
]
MaxAgeOpt = Annotated[
    Optional[str],
    typer.Option("--max-age", help="Exit 5 when the rulebook's as_of is older than this (e.g. 180d, 6m)."),
]
OutputOpt = Annotated[
    Optional[str],
    typer.Option(
        "--output", "-o", help="Write to this file (whole or not at all) instead of stdout; an existing file is kept."
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="With --output: replace an existing file.")]
EndUserOpt = Annotated[
    Optional[str],
    typer.Option(
        "--end-user",
        help="The buyer or end user, screened against China's control and watch lists: statuses are the "
        "strictest of the material's and what its listing imposes. Not a sanctions screening.",
    ),
]


class ListChoice(str, Enum):
    control = "control"
    watch = "watch"


def _version(value: bool) -> None:
    if value:
        raise typer.Exit(print_version([]))


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the code version and the rulebook's version and as_of, and exit "
            "(--version --rulebook PATH: that rulebook's too).",
        ),
    ] = False,
) -> None:
    """What China's export-control regime says about a critical mineral, and why."""


# --------------------------------------------------------------------------- helpers


def finish(*codes: int) -> NoReturn:
    """Exit with the most serious code: a stale rulebook (5) over a gate (1) over success."""
    raise typer.Exit(max(codes))


# --------------------------------------------------------------------------- commands


@app.command()
def status(
    materials: Annotated[
        list[str],
        typer.Argument(
            help="Materials: id, name, symbol (Ga), Chinese name (镓), alias, group (rare earths) "
            "or a reference HS code.",
            show_default=False,
            autocompletion=_complete_materials,
        ),
    ],
    date: DateOpt = None,
    dest: DestOpt = None,
    end_use: EndUseOpt = EndUseChoice.civil,
    format: FormatOpt = Format.table,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the reasoning step by step, with sources (table or json).")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print only the status words, one line per material (table only); with more than one "
            "material, each line is 'id<TAB>status'.",
        ),
    ] = False,
    fail_on: FailOnOpt = None,
    max_age: MaxAgeOpt = None,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    end_user: EndUserOpt = None,
    fail_on_possible_match: Annotated[
        bool,
        typer.Option(
            "--fail-on-possible-match",
            help=(
                "Exit 1 when --end-user only resembles a listed entity whose listing is in force that day "
                "(a possible match to review)."
            ),
        ),
    ] = False,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The status of one or more materials on a date, for a destination and end use.

    \b
    Examples:
      mineralctl status gallium --date 2026-01-01 --dest US
      mineralctl status "rare earths" --dest US -q
      mineralctl status gallium --dest US --end-user "MP Materials" --date 2026-07-01
    """
    code = run.status(
        materials,
        date,
        dest,
        end_use.value,
        format.value,
        explain,
        fail_on.value if fail_on else None,
        max_age,
        rulebook,
        quiet,
        overlay,
        end_user,
        entities_file,
        fail_on_possible_match,
    )
    finish(code)


@app.command()
def timeline(
    material: Annotated[
        str,
        typer.Argument(
            help="A material (any name, a group, or an HS code).",
            show_default=False,
            autocompletion=_complete_materials,
        ),
    ],
    dest: DestOnlyOpt = None,
    end_use: EndUseOpt = EndUseChoice.civil,
    start: Annotated[
        Optional[str], typer.Option("--from", help="First date shown (default: from the beginning).")
    ] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last date shown (default: open-ended).")] = None,
    format: Annotated[
        TimelineFormat,
        typer.Option("--format", "-f", help="Output format (ics: a calendar; svg: a picture).", case_sensitive=False),
    ] = TimelineFormat.table,
    output: OutputOpt = None,
    force: ForceOpt = False,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    end_user: EndUserOpt = None,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The periods of a material's status, each with why it starts (a new period wherever the
    status or the measures behind it change).

    \b
    Examples:
      mineralctl timeline gallium --dest US
      mineralctl timeline graphite --from 2026-01-01 --to 2027-12-31
      mineralctl timeline "rare earths" --dest US --format svg -o regime.svg
      mineralctl timeline gallium --dest US --end-user "Sierra Nevada Corp" --from 2025-01-01
    """
    finish(
        run.timeline(
            material,
            dest,
            end_use.value,
            start,
            end,
            format.value,
            output,
            force,
            rulebook,
            overlay,
            end_user,
            entities_file,
        )
    )


@app.command()
def diff(
    materials: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Materials to compare (default: all).", show_default=False, autocompletion=_complete_materials
        ),
    ] = None,
    start: Annotated[str, typer.Option("--from", help="The earlier date.", show_default=False)] = ...,  # type: ignore[assignment]
    end: Annotated[str, typer.Option("--to", help="The later date.", show_default=False)] = ...,  # type: ignore[assignment]
    dest: DestOnlyOpt = None,
    end_use: EndUseOpt = EndUseChoice.civil,
    format: FormatOpt = Format.table,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    end_user: EndUserOpt = None,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Every material whose status differs between two dates, and the instruments that changed it.

    \b
    Examples:
      mineralctl diff --from 2025-11-01 --to 2025-12-01 --dest US
      mineralctl diff gallium germanium --from 2024-01-01 --to 2026-01-01
    """
    finish(
        run.diff(materials, start, end, dest, end_use.value, format.value, rulebook, overlay, end_user, entities_file)
    )


@app.command()
def upcoming(
    start: Annotated[
        Optional[str], typer.Option("--from", help="Start date (default: today, China Standard Time).")
    ] = None,
    within: Annotated[str, typer.Option("--within", help="How far ahead: e.g. 90d, 6m, 1y.")] = "90d",
    dest: Annotated[
        Optional[str],
        _dest_option(
            f"Only the changes for this destination: {DEST_FORMS}. Default: every destination (other "
            "destinations and each one a measure names)."
        ),
    ] = None,
    format: Annotated[
        UpcomingFormat,
        typer.Option("--format", "-f", help="Output format (ics: a calendar to subscribe to).", case_sensitive=False),
    ] = UpcomingFormat.table,
    output: OutputOpt = None,
    force: ForceOpt = False,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The dated changes ahead: measures entering into force, suspensions lapsing, windows ending,
    and changes to the control and watch lists of end users.

    \b
    Examples:
      mineralctl upcoming --from 2026-06-01 --within 1y
      mineralctl upcoming --dest US --within 90d -f csv
      mineralctl upcoming --within 2y --format ics -o changes.ics
    """
    finish(run.upcoming(start, within, dest, format.value, output, force, rulebook, overlay, entities_file))


@app.command()
def materials(
    group: Annotated[
        Optional[str],
        typer.Option(
            "--group", help="Only the members of this group (e.g. rare-earths).", autocompletion=_complete_materials
        ),
    ] = None,
    format: FormatOpt = Format.table,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    debug: DebugOpt = False,
) -> None:
    """List the materials the rulebook knows, with their symbols, Chinese names and groups.

    \b
    Examples:
      mineralctl materials
      mineralctl materials --group "rare earths"
    """
    finish(run.materials(group, format.value, rulebook, overlay))


@app.command()
def measures(
    material: Annotated[
        Optional[str],
        typer.Option(
            "--material", help="Only the measures touching this material.", autocompletion=_complete_materials
        ),
    ] = None,
    format: FormatOpt = Format.table,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    debug: DebugOpt = False,
) -> None:
    """List the measures and suspensions in the rulebook.

    \b
    Examples:
      mineralctl measures --material graphite
      mineralctl measures -f csv
    """
    finish(run.measures(material, format.value, rulebook, overlay))


@app.command()
def show(
    id: Annotated[
        str,
        typer.Argument(
            help="A material (any name), a measure or suspension id, an instrument ('No. 72 of 2025', "
            "'72/2025', '2025年第72号'), or a listed end user (id or name).",
            show_default=False,
            autocompletion=_complete_entries,
        ),
    ],
    format: FormatOpt = Format.table,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show one material, measure, suspension or listed end user whole, with its sources and notes.

    \b
    Examples:
      mineralctl show mofcom-2025-72
      mineralctl show "No. 72 of 2025"
      mineralctl show "Sierra Nevada Corp"
    """
    finish(run.show(id, format.value, rulebook, overlay, entities_file))


@app.command()
def entities(
    list_name: Annotated[
        Optional[ListChoice],
        typer.Option("--list", help="Only the control list or only the watch list.", case_sensitive=False),
    ] = None,
    dest: Annotated[
        Optional[str],
        _dest_option("Only entities in this country (ISO code, English name or Chinese name)."),
    ] = None,
    date: DateOpt = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every entry ever listed, with where it stands on the date.")
    ] = False,
    format: FormatOpt = Format.table,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The foreign end users on China's control list and watch list on a date.

    Example: mineralctl entities --list control --dest US --date 2026-07-01
    """
    finish(run.entities(list_name.value if list_name else None, dest, date, every, format.value, entities_file))


class ScreenFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    table = "table"


@app.command()
def screen(
    files: Annotated[
        list[str],
        typer.Argument(help="Shipment files: CSV, JSON Lines or Excel (.xlsx); '-' for stdin.", show_default=False),
    ],
    format: Annotated[
        Optional[ScreenFormat],
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: jsonl when every input is JSON Lines, else csv).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="Write results to this file (never one of the inputs) instead of stdout."),
    ] = None,
    input_format: Annotated[
        Optional[str],
        typer.Option("--input-format", help="csv, jsonl or xlsx (default: from the file name, else csv)."),
    ] = None,
    delimiter: Annotated[
        Optional[str],
        typer.Option("--delimiter", help="CSV delimiter: , ; tab or | (default: sniffed from the header)."),
    ] = None,
    encoding: Annotated[
        Optional[str],
        typer.Option("--encoding", help="Text encoding, e.g. gbk, gb18030, cp1252 (default: UTF-8, BOM or not)."),
    ] = None,
    sheet: Annotated[
        Optional[str],
        typer.Option(
            "--sheet",
            help=(
                "Excel: the sheet to read, by name or number from 1; '#2' is the second sheet (refused "
                "when another sheet is named so) (default: the first)."
            ),
        ),
    ] = None,
    material_column: Annotated[
        Optional[str], typer.Option("--material-column", help="Column with the material.")
    ] = None,
    hs_column: Annotated[Optional[str], typer.Option("--hs-column", help="Column with a reference HS code.")] = None,
    dest_column: Annotated[Optional[str], typer.Option("--dest-column", help="Column with the destination.")] = None,
    date_column: Annotated[Optional[str], typer.Option("--date-column", help="Column with the date.")] = None,
    end_use_column: Annotated[Optional[str], typer.Option("--end-use-column", help="Column with the end use.")] = None,
    end_user_column: Annotated[
        Optional[str], typer.Option("--end-user-column", help="Column with the buyer or end user (optional).")
    ] = None,
    date: Annotated[
        Optional[str],
        typer.Option("--date", "-d", help="Date for every row without one (e.g. 2026-01-15 or 'today')."),
    ] = None,
    dest: Annotated[
        Optional[str],
        _dest_option(f"Destination for every row without one: {DEST_FORMS}."),
    ] = None,
    end_use: Annotated[
        Optional[EndUseChoice],
        typer.Option("--end-use", help="End use for every row without one.", case_sensitive=False, show_default=False),
    ] = None,
    end_user: Annotated[
        Optional[str],
        typer.Option(
            "--end-user",
            help="Buyer or end user for every row without one, screened against China's control and watch lists.",
        ),
    ] = None,
    fail_on_possible_match: Annotated[
        bool,
        typer.Option(
            "--fail-on-possible-match",
            help="Exit 1 when an end user only resembles a listed entity whose listing is in force (to review).",
        ),
    ] = False,
    entities_file: EntitiesOpt = None,
    fail_on: FailOnOpt = None,
    allow_unresolved: Annotated[
        bool,
        typer.Option("--allow-unresolved", help="Do not fail the run (exit 4) on rows that cannot be resolved."),
    ] = False,
    max_age: MaxAgeOpt = None,
    output_force: ForceOpt = False,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Screen files of shipments: every row back, in order, with what was screened and its status.

    Each of material (or HS code), destination, date and end use comes from a column
    (recognised by name, or named with --*-column) or from --dest, --date, --end-use for the
    whole file; otherwise the run stops (exit 2). Rows that cannot be read or resolved keep
    their place with the reason in `error` and fail the run (exit 4) unless --allow-unresolved.
    A summary per file and the gate's result go to stderr.

    \b
    Examples:
      mineralctl screen shipments.csv --fail-on prohibited -o screened.csv
      mineralctl screen exports.xlsx --end-use civil --fail-on prohibited
      cat shipments.jsonl | mineralctl screen - --input-format jsonl
      mineralctl screen orders.csv --end-user-column customer --fail-on prohibited
    """
    from mineralctl import screen as screening

    finish(
        screening.command(
            files,
            format=format.value if format else None,
            output=output,
            input_format=input_format,
            delimiter=delimiter,
            encoding=encoding,
            sheet=sheet,
            material_column=material_column,
            hs_column=hs_column,
            dest_column=dest_column,
            date_column=date_column,
            end_use_column=end_use_column,
            end_user_column=end_user_column,
            date=date,
            dest=dest,
            end_use=end_use.value if end_use else None,
            end_user=end_user,
            fail_on_possible_match=fail_on_possible_match,
            entities_file=entities_file,
            fail_on=fail_on.value if fail_on else None,
            allow_unresolved=allow_unresolved,
            max_age=max_age,
            output_force=output_force,
            rulebook=rulebook,
            overlay=overlay,
        )
    )


from mineralctl import rulebook_cli  # noqa: E402  (the 'rulebook' commands, declared in their own module)

app.add_typer(rulebook_cli.app, name="rulebook")


# --------------------------------------------------------------------------- entry point


def invoke(args: list[str]) -> int:
    """Run the Typer app on ``args`` without its own error handling (``entry.main`` has it)."""
    import sys

    try:
        return _invoke(args)
    except SystemExit:
        # Typer meets a closed stdout by wrapping the streams and exiting 1, which here means a
        # gate tripped: hand the closed pipe to entry.main, which ends it with 141 like screen.
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            raise BrokenPipeError from None
        raise


def _invoke(args: list[str]) -> int:
    if not args and "_MINERALCTL_COMPLETE" not in os.environ:
        # Bare 'mineralctl': the help, on stdout, and a usage exit code (no command was given).
        typer.main.get_command(app).main(args=["--help"], prog_name="mineralctl", standalone_mode=False)
        return EXIT_USAGE
    if args and args[0] == "--version":
        return print_version(args[1:])
    if args and args[0].startswith(("--rulebook", "--overlay", "--entities")) and "--version" in args:
        # 'mineralctl --rulebook PATH --version': the same as '--version --rulebook PATH'.
        rest = list(args)
        rest.remove("--version")
        return print_version(rest)
    if args in (["--help"], ["-h"]):
        typer.main.get_command(_listing()).main(args=args, prog_name="mineralctl", standalone_mode=False)
        return EXIT_OK
    command = typer.main.get_command(_only(args[0]) if args else app)
    group = getattr(command, "commands", {}).get(args[0]) if len(args) == 1 else None
    if group is not None and hasattr(group, "commands"):
        # A group with no command ('mineralctl rulebook'): its help, as bare 'mineralctl' prints
        # the app's, with the usage exit code (click would raise the whole help as one error).
        group.main(args=["--help"], prog_name=f"mineralctl {args[0]}", standalone_mode=False)
        return EXIT_USAGE
    refuse_repeated(command, args)
    code = command.main(args=args, prog_name="mineralctl", standalone_mode=False)
    return code if isinstance(code, int) else EXIT_OK


def refuse_repeated(command: object, args: list[str]) -> None:
    """Refuse an option given twice: click would silently keep the last value, so
    ``--dest US --dest JP`` would answer for JP without a word."""
    subcommands = getattr(command, "commands", {})
    chosen = subcommands.get(args[0]) if args else None
    if chosen is None:
        return
    single: dict[str, tuple[str, bool]] = {}
    for param in chosen.params:
        if getattr(param, "param_type_name", "") != "option" or getattr(param, "multiple", False):
            continue
        for name in [*param.opts, *param.secondary_opts]:
            single[name] = (param.name or name, not getattr(param, "is_flag", False))
    seen: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            break
        if not arg.startswith("-") or arg == "-":
            continue
        name, equals, _ = arg.partition("=")
        has_value = bool(equals)
        if not name.startswith("--"):
            name, has_value = arg[:2], len(arg) > 2
        found = single.get(name)
        if found is None:
            continue
        key, takes_value = found
        if takes_value and not has_value:
            next(rest, None)
        if key in seen:
            same = name if name == seen[key] else f"{seen[key]} / {name}"
            raise UsageError(f"{same} given more than once: give it once")
        seen[key] = name


def print_version(args: list[str]) -> int:
    """``--version``: the code, and the files an answer would come from: the packaged rulebook,
    the rulebook and overlays in use, and the entity lists an answer naming an end user uses. Each
    file's ``version`` names a data release, its ``as_of`` is the last day its sources were
    checked, and its age is counted from today. Text from the files is shown escaped."""
    import os

    from mineralctl.api import (
        ENTITIES_ENV,
        RULEBOOK_ENV,
        default_overlays,
        load_entities,
        load_packaged_rulebook,
        load_rulebook,
    )

    chosen: str | None = None
    entities: str | None = None
    named: list[str] = []
    rest = iter(args)
    for arg in rest:
        option, _, value = arg.partition("=")
        if option not in ("--rulebook", "--overlay", "--entities"):
            raise UsageError(f"--version takes no other option than --rulebook, --overlay and --entities (got {arg!r})")
        given = value if "=" in arg else next(rest, None)
        if not given or not given.strip():
            raise UsageError(f"{option} needs a path")
        if option == "--rulebook":
            chosen = given
        elif option == "--entities":
            entities = given
        else:
            named.append(given)
    chosen = chosen or os.environ.get(RULEBOOK_ENV) or None
    lines = [f"mineralctl {__version__}"]
    book = load_packaged_rulebook()
    lines.append(version_line("packaged rulebook", book.files[0]))
    if chosen:
        book = load_rulebook(chosen, overlays=[])
        lines.append(version_line(f"rulebook {chosen}", book.files[0]))
    # As in every command: overlays named by --overlay are used instead of MINERALCTL_OVERLAY's.
    overlays = named or default_overlays()
    if overlays:
        for f in load_rulebook(chosen, overlays=overlays).files[1:]:
            lines.append(version_line(f"overlay {f.path}", f))
    lists = load_entities(entities or os.environ.get(ENTITIES_ENV) or None).file
    lines.append(version_line(f"entity lists {lists.path}", lists))
    sys.stdout.write("".join(visible(line, one_line=True) + "\n" for line in lines))
    return EXIT_OK


def version_line(what: str, f: RulebookFile) -> str:
    """``overlay team.yaml: version team-3, sources checked to 2026-11-08 (21 days old)``."""
    from mineralctl.dates import today
    from mineralctl.render import file_age

    age = file_age(f.as_of, today())
    old = age if age.startswith("in ") else f"{age} day{'' if age == '1' else 's'} old"
    return f"{what}: version {f.version}, sources checked to {f.as_of.isoformat()} ({old})"


def _listing() -> typer.Typer:
    """The app as its top-level help lists it: every command by name and help text, without
    the options that building each command's parser would cost (they are not listed there)."""
    import inspect

    from typer.models import CommandInfo

    def listed() -> None:
        """Stands in for a command in the top-level help only."""

    listing = _slim()
    listing.registered_commands = [
        CommandInfo(
            name=c.name or (c.callback.__name__ if c.callback else None),
            callback=listed,
            help=c.help if c.help is not None else inspect.getdoc(c.callback),
            short_help=c.short_help,
            epilog=c.epilog,
            hidden=c.hidden,
            deprecated=c.deprecated,
        )
        for c in app.registered_commands
    ]
    listing.registered_groups = app.registered_groups
    return listing


def _slim() -> typer.Typer:
    """An app with the top-level options and help of ``app`` and no command yet."""
    slim = typer.Typer(
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    slim.registered_callback = app.registered_callback
    return slim


def _only(name: str) -> typer.Typer:
    """The app with just the invoked command registered: building every command's parser
    costs start-up time that a single command does not need. Anything else gets the full app."""
    chosen = [c for c in app.registered_commands if (c.name or (c.callback.__name__ if c.callback else "")) == name]
    if not chosen:
        return app
    slim = _slim()
    slim.registered_commands = chosen
    return slim
