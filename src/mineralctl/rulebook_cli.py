"""``mineralctl rulebook …``: commands about the rulebook files themselves rather than the
answers they give: ``validate`` (for data reviewers and CI) and ``info`` (which files are in use
and how old they are). Typer declarations and their output; the checks are in ``review.py``.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from mineralctl.errors import EXIT_GATE, EXIT_OK, EXIT_RULEBOOK
from mineralctl.options import DebugOpt, EntitiesOpt, OverlayOpt, RulebookOpt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.review import Validation

app = typer.Typer(
    name="rulebook",
    help="Check and describe rulebook files: validate a base rulebook and its overlays, show the files in use.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help as Click writes it, like the main app (see cli.py)
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class InfoFormat(str, Enum):
    table = "table"
    json = "json"


PACKAGED = "packaged"


@app.command()
def validate(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Rulebook files: the first is the base and the others overlays merged onto it in order "
            "(with --base, all are overlays).",
            metavar="FILE...",
            show_default=False,
        ),
    ],
    base: Annotated[
        Optional[str],
        typer.Option(
            "--base",
            help="Check every FILE as an overlay on this base rulebook; 'packaged' for the packaged one.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text, json, or github (workflow annotations).", case_sensitive=False),
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 3).")] = False,
    debug: DebugOpt = False,
) -> None:
    """Check a base rulebook and its overlays: every error at once, and warnings for reviewers.

    Exit 0 when the files can be used (and, with --strict, have no warnings), else 3.
    Warnings: a measure or suspension whose sources name no page; a window that ended before
    as_of with nothing recorded about what followed; a suspension whose targets are not in force
    during it; a material no measure names; two measures with the same window and scope; an
    overlay checked through an earlier date than its base.

    \b
    Examples:
      mineralctl rulebook validate data/measures.yaml
      mineralctl rulebook validate --base packaged team.yaml --strict
      mineralctl rulebook validate data/measures.yaml team.yaml -f github
    """
    from mineralctl import review

    chosen: str | None
    if base is None:
        chosen, overlays = files[0], files[1:]
    else:
        chosen, overlays = (None if base == PACKAGED else base), files
    outcome = review.validate(chosen, overlays)
    failed = outcome.errors > 0 or (strict and outcome.warnings > 0)
    sys.stdout.write(_validation_text(outcome, format, strict, failed))
    if format is CheckFormat.text:
        from mineralctl.render import counted

        checked = counted(len(outcome.files), "file")
        sys.stderr.write(
            f"mineralctl: {checked} read: {counted(outcome.errors, 'error')}, "
            f"{counted(outcome.warnings, 'warning')}{' (--strict)' if strict and outcome.warnings else ''}\n"
        )
    raise typer.Exit(EXIT_RULEBOOK if failed else EXIT_OK)


def _validation_text(outcome: Validation, format: CheckFormat, strict: bool, failed: bool) -> str:
    from mineralctl import render

    if format is CheckFormat.json:
        import json

        document = {
            "schema": render.SCHEMA,
            "valid": not failed,
            "strict": strict,
            "files": [render.file_dict(f) for f in outcome.files],
            "unchecked": list(outcome.unchecked),
            "errors": outcome.errors,
            "warnings": outcome.warnings,
            "problems": [
                {"path": f.path, "line": f.line, "column": f.column, "level": f.level, "message": f.message}
                for f in outcome.findings
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    from mineralctl.text import visible

    if format is CheckFormat.github:
        return "".join(
            _annotation(f.level, visible(f.path), f.line, f.column, visible(f.message)) + "\n" for f in outcome.findings
        )

    return "".join(visible(str(f), one_line=True) + "\n" for f in outcome.findings)


def _annotation(level: str, path: str, line: int | None, column: int | None, message: str) -> str:
    """A GitHub Actions workflow command: ``::error file=…,line=…,col=…::message``."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    where = [f"file={prop(path)}"]
    if line is not None:
        where.append(f"line={line}")
    if column is not None:
        where.append(f"col={column}")
    command = "notice" if level == "note" else level  # GitHub's name for a note
    return f"::{command} {','.join(where)}::{data(message)}"


@app.command()
def info(
    format: Annotated[
        InfoFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = InfoFormat.table,
    rulebook: RulebookOpt = None,
    overlay: OverlayOpt = None,
    entities_file: EntitiesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The rulebook files in use, with their versions, checked-through dates, ages and counts.

    The base comes first, then each overlay: version, checked-through date (as_of), age in days,
    and how many materials, measures, suspensions and source URLs each holds. The last row is
    the end-user lists, which answer whenever an end user is named (and count for --max-age).

    \b
    Examples:
      mineralctl rulebook info
      mineralctl rulebook info --overlay team.yaml -f json
    """
    from mineralctl import dates, render, review
    from mineralctl.run import emit, load, load_entity_lists

    book = load(rulebook, overlay)
    lists = load_entity_lists(entities_file)
    today = dates.today()
    rows = review.census(book)
    if format is InfoFormat.json:
        emit(
            render.json_document(
                book,
                "files",
                [render.census_dict(c, today) for c in rows[:-1]],
                today=today.isoformat(),
                total=render.census_dict(rows[-1], today),
                entity_lists={
                    **render.file_dict(lists.file),
                    "age_days": (today - lists.as_of).days,
                    "listings": len(lists.listings),
                    "entities": len(lists.entities),
                    "suspensions": len(lists.suspensions),
                    "endings": len(lists.endings),
                },
            )
        )
        return
    out = render.console()
    render.simple_table(
        out,
        ("File", "Kind", "Version", "Checked to", "Days old", "Materials", "Measures", "Suspensions", "Sources"),
        [
            *(
                [
                    c.file.path if c.file else "all files",
                    ("overlay" if c.file.overlay else "base") if c.file else "",
                    c.file.version if c.file else book.version,
                    (c.file.as_of if c.file else book.as_of).isoformat(),
                    render.file_age(c.file.as_of if c.file else book.as_of, today),
                    str(c.materials),
                    str(c.measures),
                    str(c.suspensions),
                    str(c.sources),
                ]
                for c in rows
            ),
            [
                lists.path,
                "entity lists",
                lists.version,
                lists.as_of.isoformat(),
                render.file_age(lists.as_of, today),
                "",
                "",
                str(len(lists.suspensions)),
                "",
            ],
        ],
        title=f"Rulebook files in use on {today.isoformat()}",
    )
    named = (
        f"; answers naming an end user, for dates after {lists.as_of.isoformat()}, the entity lists' "
        "checked-through date"
        if lists.as_of < book.as_of
        else ""
    )
    out.print(
        f"The entity lists hold {len(lists.listings)} listings of {len(lists.entities)} entities, "
        f"{len(lists.suspensions)} suspensions and {len(lists.endings)} endings of listings.",
        markup=False,
    )
    out.print(
        f"Answers for dates after {book.as_of.isoformat()}, the earliest checked-through date of the "
        f"rulebook files, are projected{named}.",
        markup=False,
    )


@app.command("diff")
def diff_rulebooks(
    files: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="OLD NEW, or just NEW (compared with the packaged rulebook); 'packaged' names the packaged one.",
            metavar="[OLD] [NEW]",
            show_default=False,
        ),
    ] = None,
    overlay: Annotated[
        Optional[list[str]],
        typer.Option(
            "--overlay",
            help="Merge this overlay onto NEW (repeatable): with no FILES, shows what the overlays change.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        InfoFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = InfoFormat.table,
    fail_on_change: Annotated[
        bool, typer.Option("--fail-on-change", help="Exit 1 when any answer differs (after printing everything).")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """What a new rulebook changes for users: status ranges, and entries added, removed or changed.

    For every material, destination (the default and each one a measure names) and end use, the
    date ranges on which OLD and NEW give different statuses, with the measures behind each; then
    the materials, measures and suspensions added, removed or changed (by id).

    \b
    Examples:
      mineralctl rulebook diff old/measures.yaml data/measures.yaml
      mineralctl rulebook diff data/measures.yaml            # the packaged rulebook -> this file
      mineralctl rulebook diff --overlay team.yaml           # what an overlay changes
      mineralctl rulebook diff old.yaml new.yaml --fail-on-change
    """
    from mineralctl import api, compare, render
    from mineralctl.errors import UsageError
    from mineralctl.run import emit

    chosen = list(files or [])
    if len(chosen) > 2:
        raise UsageError("rulebook diff takes at most two files: OLD NEW")
    if not chosen and not overlay:
        raise UsageError("rulebook diff needs NEW (or OLD NEW), or --overlay: nothing to compare")
    names = [PACKAGED] * (2 - len(chosen)) + chosen

    def read(name: str, overlays: list[str]) -> api.Rulebook:
        book = api.load_packaged_rulebook() if name == PACKAGED else api.load_rulebook(name, overlays=[])
        for extra in overlays:
            book = api.load_overlay(book, extra)
        return book

    result = compare.compare(read(names[0], []), read(names[1], list(overlay or [])))
    if format is InfoFormat.json:
        emit(render.comparison_json(result))
    else:
        render.print_comparison(render.console(), result)
    if fail_on_change and result.statuses:
        raise typer.Exit(EXIT_GATE)
