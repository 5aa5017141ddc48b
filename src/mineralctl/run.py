"""What each command does, free of Typer: parse the user's values, resolve, render, and return
the exit code. ``cli.py`` declares the options; ``entry.py`` calls :func:`status` directly for a
plain lookup, so the common case never imports Typer.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Sequence

from mineralctl.errors import EXIT_GATE, EXIT_OK, EXIT_STALE, NotFoundError, UsageError
from mineralctl.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

    from mineralctl import rulebook as rulebook_model
    from mineralctl.api import Rulebook
    from mineralctl.destinations import Destination
    from mineralctl.entities import EntityRegister
    from mineralctl.model import EndUse, Group, ListedEntity, Listing, Resolution, RulebookFile, Status, Suspension

FORMATS = ("table", "json", "csv")
STATUSES = ("not-controlled", "license-required", "enhanced-review", "prohibited")
END_USES = ("civil", "military")


def load(path: str | None, overlays: Sequence[str] | None = None) -> Rulebook:
    """The rulebook at ``path`` (default: $MINERALCTL_RULEBOOK or the packaged one) with
    ``overlays`` merged on (default: $MINERALCTL_OVERLAY)."""
    import gc

    from mineralctl.api import load_rulebook

    refuse_blank(path, "--rulebook")
    for overlay in overlays or ():
        refuse_blank(overlay, "--overlay")
    book = load_rulebook(path, list(overlays) if overlays else None)
    # A command keeps its rulebook to the end: set it (and the modules) aside from the cyclic
    # collector, so that no later collection walks a large rulebook again.
    gc.freeze()
    return book


def query_date(text: str | None, option: str = "--date") -> dt.date:
    from mineralctl import dates

    return dates.today() if text is None else dates.parse_date(text, option=option)


def refuse_blank(value: str | None, option: str) -> None:
    """An option given with an empty or blank value is a usage error: never read as 'not given'."""
    if value is not None and not value.strip():
        raise UsageError(f"{option}: the value is empty; give a value or leave {option} out")


EMPTY_MATERIAL = "MATERIAL: the name is empty; give a material such as gallium (mineralctl materials lists them)"


def refuse_blank_names(names: Sequence[str] | None, message: str = EMPTY_MATERIAL) -> None:
    """An empty or blank argument is a usage error, as an empty option value is: it names
    nothing, and must not read as a name no material has."""
    if any(not name.strip() for name in names or ()):
        raise UsageError(message)


def query_destination(text: str | None) -> Destination | None:
    # No --dest answers for other destinations; --dest "" is a mistake, not a request for that.
    refuse_blank(text, "--dest")
    if text is None:
        return None
    from mineralctl.destinations import parse_destination

    return parse_destination(text)


def end_use_of(choice: str) -> EndUse:
    from mineralctl.model import EndUse

    try:
        return EndUse(str(getattr(choice, "value", choice)).lower())
    except ValueError:
        raise UsageError(f"--end-use: {choice!r} is not civil or military") from None


def emit(text: str) -> None:
    sys.stdout.write(text)


def warn(message: str) -> None:
    sys.stderr.write(f"mineralctl: warning: {visible(message, one_line=True)}\n")


def gate(results: list[Status], fail_on: str | None) -> int:
    """Exit 1 when any status is at or above ``fail_on``."""
    if fail_on is None:
        return EXIT_OK
    from mineralctl.model import Status

    threshold = Status(fail_on)
    return EXIT_GATE if any(s.rank >= threshold.rank for s in results) else EXIT_OK


def parse_max_age(max_age: str | None) -> dt.timedelta | tuple[int, int] | None:
    """``--max-age`` read up front, so a bad duration is a usage error before any work."""
    if max_age is None:
        return None
    from mineralctl import dates

    return dates.parse_duration(max_age, option="--max-age")


def stale_files(rulebook: rulebook_model.Rulebook, duration: dt.timedelta | tuple[int, int]) -> list[RulebookFile]:
    """The files in use whose as_of is older than ``duration`` today: what ``--max-age`` finds
    stale (the base rulebook, an overlay, the entity lists), base first."""
    from mineralctl import dates

    today = dates.today()
    return [f for f in rulebook.files if dates.add_duration(f.as_of, duration) < today]


_STALE_KINDS = {"rulebook": "the rulebook", "overlay": "the overlay", "entities": "the entity lists"}


def stale_subject(rulebook: rulebook_model.Rulebook, files: Sequence[RulebookFile], dated: bool = False) -> str:
    """The stale files named for a message, ``the overlay (team.yaml)`` or with ``dated``
    ``the overlay (team.yaml, as_of 2026-01-01)``, then ``is`` or ``are``: by path, so a reader
    sees whether to update mineralctl (``measures.yaml (packaged)``) or a file of their own."""
    names = []
    for f in files:
        parts = [visible(f.path, one_line=True)]
        if dated:
            parts.append(f"as_of {f.as_of.isoformat()}")
        names.append(_STALE_KINDS[f.kind] + (f" ({', '.join(parts)})" if parts else ""))
    if not names:
        return "the rulebook is"
    plural = len(files) > 1 or files[0].entities
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{listed} {'are' if plural else 'is'}"


def freshness(rulebook: Rulebook, max_age: str | None, duration: dt.timedelta | tuple[int, int] | None) -> int:
    """Exit 5 (after the results) when the rulebook's as_of is older than ``max_age``; the
    message names each stale file (the rulebook, an overlay or the entity lists)."""
    if duration is None:
        return EXIT_OK
    from mineralctl import dates

    today = dates.today()
    if dates.add_duration(rulebook.as_of, duration) < today:
        files = stale_files(rulebook, duration)
        limit = f"older than --max-age {visible(str(max_age), one_line=True)} (today is {today.isoformat()})"
        if len(files) == 1:
            what = f"{stale_subject(rulebook, files)} stale: as_of {files[0].as_of.isoformat()} is {limit}"
        else:
            what = f"{stale_subject(rulebook, files, dated=True)} stale: {limit}"
        sys.stderr.write(f"mineralctl: error: {what}\n")
        return EXIT_STALE
    return EXIT_OK


def print_warnings(results: list[Resolution]) -> None:
    seen: set[str] = set()
    for r in results:
        for text in r.warnings:
            if text not in seen:
                seen.add(text)
                warn(text)


def status(
    materials: Sequence[str],
    date: str | None = None,
    dest: str | None = None,
    end_use: str = "civil",
    format: str = "table",
    explain: bool = False,
    fail_on: str | None = None,
    max_age: str | None = None,
    rulebook: str | None = None,
    quiet: bool = False,
    overlay: Sequence[str] | None = None,
    end_user: str | None = None,
    entities_file: str | None = None,
    fail_on_possible_match: bool = False,
) -> int:
    """``mineralctl status``: print the resolutions and return the exit code."""
    from mineralctl.resolve import resolve

    if explain and format == "csv":
        raise UsageError(
            "--explain needs --format table or json: CSV has one row per material and no room for the steps"
        )
    if quiet and (explain or format != "table"):
        raise UsageError("--quiet prints only the status words: it goes with neither --explain nor --format json/csv")
    refuse_blank_names(materials)
    if end_user is not None:
        end_user_name(end_user)
    if fail_on_possible_match and end_user is None:
        raise UsageError("--fail-on-possible-match needs --end-user NAME")
    day = query_date(date)
    where = query_destination(dest)
    use = end_use_of(end_use)
    max_duration = parse_max_age(max_age)
    book = load(rulebook, overlay)
    # The lists are read only when an end user is named: a plain lookup never loads them.
    register = load_entity_lists(entities_file) if end_user is not None else None
    results: list[Resolution] = []
    seen: set[str] = set()
    for query in materials:
        for material in book.find_materials(query):
            # 'gallium 镓' or 'Ga "rare earths"' name a material twice: answer it once.
            if material.id not in seen:
                seen.add(material.id)
                answer = resolve(book, material, day, where, use, query=query)
                if register is not None and end_user is not None:
                    from mineralctl.resolve import with_end_user

                    answer = with_end_user(book, register, answer, end_user)
                results.append(answer)
    # With an end user the lists are a contributing file: named in the answer, counted by --max-age.
    shown = book.with_entity_lists(register) if register is not None else book
    if quiet:
        # One status word per material, in order, for shell use; warnings still go to stderr.
        # Several materials (a group, or several names) are labelled ``id<TAB>status`` so a script
        # never has to count lines to tell which answer is which.
        if len(results) > 1:
            emit("".join(f"{r.material.id}\t{r.status.value}\n" for r in results))
        else:
            emit("".join(f"{r.status.value}\n" for r in results))
        print_warnings(results)
    else:
        print_status(shown, results, format, explain, groups_named(book, materials))
    review = fail_on_possible_match and any(r.end_user is not None and r.end_user.to_review for r in results)
    return max(
        gate([r.status for r in results], fail_on),
        EXIT_GATE if review else EXIT_OK,
        freshness(shown, max_age, max_duration),
    )


def groups_named(book: Rulebook, queries: Sequence[str]) -> dict[str, Group]:
    """The groups among the names asked (``NdFeB``, ``rare earths``), by the name as typed: their
    own notes travel with the answer (a magnet's name does not say which rare earths it holds)."""
    found: dict[str, Group] = {}
    for query in queries:
        group = book.group_named(query)
        if group is not None:
            found[query] = group
    return found


def print_status(
    book: Rulebook,
    results: list[Resolution],
    format: str,
    explain: bool,
    groups: dict[str, Group] | None = None,
) -> None:
    from mineralctl import render
    from mineralctl.resolve import explain as explain_steps

    groups = groups or {}

    def steps(r: Resolution) -> list[object]:
        return list(explain_steps(book, r.material, r.date, r.destination.code if r.destination else None, r.end_use))

    if format == "json":
        rows = []
        for r in results:
            row = render.resolution_dict(r)
            if r.destination is not None and r.destination.code in book.destination_notes:
                row["destination_notes"] = " ".join(book.destination_notes[r.destination.code].notes.split())
            if explain:
                row["explanation"] = render.explanation_list(steps(r))
            if r.end_user is not None:
                row["end_user"] = render.end_user_dict(r.end_user)
            if r.query in groups:
                row["group"] = render.group_dict(groups[r.query])
            rows.append(row)
        emit(render.json_document(book, "results", rows))
    elif format == "csv":
        # Group and end-user columns only when asked for, and before ``rulebook``, which ends every CSV.
        header = list(render.STATUS_CSV_HEADER[:-1])
        cells: list[list[str]] = [render.status_csv_row(r)[:-1] for r in results]
        noted = {r.destination.code for r in results if r.destination is not None} & set(book.destination_notes)
        if noted:
            header.append("destination_notes")
            for r, cell in zip(results, cells, strict=True):
                code = r.destination.code if r.destination is not None else ""
                cell.append(" ".join(book.destination_notes[code].notes.split()) if code in noted else "")
        if groups:
            header += render.GROUP_CSV_HEADER
            for r, cell in zip(results, cells, strict=True):
                cell += render.group_csv(groups.get(r.query))
        if any(r.end_user is not None for r in results):
            header += render.END_USER_CSV_HEADER
            for r, cell in zip(results, cells, strict=True):
                cell += render.end_user_csv(r.end_user)
        emit(render.csv_text(header, cells, book))
    else:
        # A table says projected, lapses and open questions once, as numbered notes: no warnings on stderr.
        out = render.console()
        render.print_status_table(out, book, results, explain=explain, steps=steps if explain else None, groups=groups)
        return
    print_warnings(results)


def end_user_name(text: str) -> str:
    """``--end-user`` read up front: an empty name is a usage error, never a match of nothing."""
    from mineralctl.names import refuse_empty

    refuse_empty(text, "--end-user")
    return text


def load_entity_lists(path: str | None) -> EntityRegister:
    from mineralctl.api import load_entities

    refuse_blank(path, "--entities")
    return load_entities(path)


def entities(
    list_name: str | None = None,
    dest: str | None = None,
    date: str | None = None,
    every: bool = False,
    format: str = "table",
    entities_file: str | None = None,
) -> int:
    """``mineralctl entities``: the entities on the lists on a date (or every entry with ``every``)."""
    from mineralctl import render

    day = query_date(date)
    where = query_destination(dest)
    register = load_entity_lists(entities_file)
    rows = []
    for entity in register.entities:
        listing = register.listing_of(entity)
        if list_name and listing.list.value != list_name:
            continue
        if where is not None and entity.country != where.code:
            continue
        state = register.state(entity, day)
        if not every and state.kind not in ("in-force", "suspended"):
            continue
        rows.append((entity, listing, state))
    projected = day > register.as_of
    if format == "json":
        document = {
            "schema": render.SCHEMA,
            "rulebook": render.lists_dict(register),
            "entity_lists": render.register_dict(register),
            "date": day.isoformat(),
            "projected": projected,
            "entities": [render.entity_dict(register, e, day) for e, _, _ in rows],
        }
        import json

        emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        emit(
            render.csv_text(
                (
                    "id",
                    "name",
                    "chinese",
                    "country",
                    "list",
                    "instrument",
                    "paragraph",
                    "from",
                    "date",
                    "state",
                    "confirmed",
                    "projected",
                    "uncertainty",
                    "rulebook",
                ),
                (
                    [
                        e.id,
                        e.name,
                        e.chinese,
                        e.country,
                        lst.list.value,
                        lst.instrument,
                        e.paragraph,
                        lst.start.isoformat(),
                        day.isoformat(),
                        st.kind,
                        "true" if e.confirmed else "false",
                        "true" if projected else "false",
                        " | ".join(render.entity_uncertainty(register, e, day)),
                        # The file that answered, named as in every CSV's last column.
                        render.file_label(register.file),
                    ]
                    for e, lst, st in rows
                ),
            )
        )
    else:
        out = render.console()
        on = f"on the {list_name} list" if list_name else "on the lists"
        scope = (f"every entry of the {list_name} list" if list_name else "every entry") if every else on
        # A table says projected once, as a note referenced from the title (not on stderr).
        notes = render.Footnotes()
        if projected:
            title = f"{len(rows)} entities {scope} on {day.isoformat()} (projected) " + notes.refs(
                [notes.add("projected", render.lists_projected_note(register))]
            )
        else:
            title = f"{len(rows)} entities {scope} on {day.isoformat()}"
        # The open questions behind each entry, as in JSON and CSV: a mark on its id, a note each.
        marked = [(e, lst, st, render.entity_question_keys(notes, register, e, day)) for e, lst, st in rows]
        render.simple_table(
            out,
            ("Id", "Name", "Country", "List", "Announcement", "Listed from", f"On {day.isoformat()}"),
            (
                [
                    e.id + (f" {notes.refs(keys)}" if keys else ""),
                    e.name + ("" if e.confirmed else " (unconfirmed)"),
                    e.country,
                    lst.list.value,
                    lst.instrument.removeprefix("MOFCOM Announcement "),
                    lst.start.isoformat(),
                    st.kind,
                ]
                for e, lst, st, keys in marked
            ),
            title=title,
        )
        notes.print(out)
        from mineralctl.model import PACKAGED_ENTITIES
        from mineralctl.text import markup

        # Any file but the packaged lists is named by its path, as in CSV and JSON.
        path = "" if register.file.path == PACKAGED_ENTITIES else markup(register.file.path) + " "
        out.print(
            f"[dim]Entity lists {path}{markup(register.version)}, "
            f"sources checked to {register.as_of.isoformat()}. "
            "Unconfirmed entries are named by one compilation only. A research aid, not legal advice.[/]"
        )
        return EXIT_OK
    if projected:
        warn(
            f"{day.isoformat()} is after the entity lists' as_of {register.as_of.isoformat()}: "
            "states are projected from the announcements as written"
        )
    return EXIT_OK


def refuse_reversed(first: dt.date, last: dt.date) -> None:
    """Every command with --from and --to reads them in order, and says so when they are not."""
    if last < first:
        raise UsageError(f"--to {last.isoformat()} is before --from {first.isoformat()}")


def warn_projected(book: Rulebook, last: dt.date) -> None:
    """The projected warning of a range that runs past the earliest as_of of the files in use."""
    if last > book.as_of:
        if len(book.files) > 1:
            warn(
                f"dates after {book.as_of.isoformat()}, the earliest checked-through date of the files in use, "
                "are projected from the rules as written"
            )
        else:
            warn(f"dates after the rulebook's as_of {book.as_of.isoformat()} are projected from the rules as written")


def timeline(
    material: str,
    dest: str | None = None,
    end_use: str = "civil",
    start: str | None = None,
    end: str | None = None,
    format: str = "table",
    output: str | None = None,
    force: bool = False,
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
    end_user: str | None = None,
    entities_file: str | None = None,
) -> int:
    """``mineralctl timeline``: the periods of a material's status, each with why it starts."""
    from mineralctl import dates, history, render
    from mineralctl.output import deliver

    if output is not None and format == "table":
        raise UsageError("--output needs --format json, csv, ics or svg")
    refuse_blank_names([material])
    first = dates.parse_date(start, option="--from") if start is not None else None
    last = dates.parse_date(end, option="--to") if end is not None else None
    if first and last:
        refuse_reversed(first, last)
    where = query_destination(dest)
    use = end_use_of(end_use)
    book = load(rulebook, overlay)
    code = where.code if where else None
    if end_user is not None:
        register = load_entity_lists(entities_file)
        name = end_user_name(end_user)
        # The lists contribute: every format names them, and periods after their as_of are projected.
        book = book.with_entity_lists(register)
        found = [
            (m, history.end_user_timeline(book, register, m, code, use, name, first, last))
            for m in book.find_materials(material)
        ]
    else:
        found = [(m, history.timeline(book, m, code, use, first, last)) for m in book.find_materials(material)]
    if format == "ics":
        from mineralctl import ics

        whom = ics.end_user_key(register, name) if end_user is not None else None
        calendar = ics.timeline_calendar(book, found, material, code, use, first, last, whom)
        deliver(calendar, output, force=force, newline="")
    elif format == "svg":
        from mineralctl import svg

        place = render.place(where)
        picture = svg.timeline_picture(book, found, material, code, place, use, dates.today(), first, last)
        deliver(picture, output, force=force)
    elif format == "json":
        rows = [
            {
                "material": m.id,
                "destination": code,
                "end_use": use.value,
                **({"end_user": end_user} if end_user is not None else {}),
                "periods": [render.period_dict(p) for p in periods],
            }
            for m, periods in found
        ]
        deliver(render.json_document(book, "timelines", rows), output, force=force)
    elif format == "csv":
        lines = render.timeline_csv_rows(found, code, use.value)
        deliver(render.csv_text(render.TIMELINE_CSV_HEADER, lines, book), output, force=force)
    else:
        heading = f"{render.place(where)}, {use.value} end use"
        render.print_timelines(render.console(), book, found, heading, dates.today())
    return EXIT_OK


def diff(
    materials: Sequence[str] | None,
    start: str,
    end: str,
    dest: str | None = None,
    end_use: str = "civil",
    format: str = "table",
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
    end_user: str | None = None,
    entities_file: str | None = None,
) -> int:
    """``mineralctl diff``: every material whose status differs between two dates."""
    from mineralctl import dates, render

    refuse_blank_names(materials)
    before = dates.parse_date(start, option="--from")
    after = dates.parse_date(end, option="--to")
    refuse_reversed(before, after)
    where = query_destination(dest)
    use = end_use_of(end_use)
    book = load(rulebook, overlay)
    code = where.code if where else None
    if end_user is not None:
        from mineralctl import history

        register = load_entity_lists(entities_file)
        book = book.with_entity_lists(register)
        chosen = {m.id: m for q in materials or () for m in book.find_materials(q)}
        picked = list(chosen.values()) if materials else list(book.materials.values())
        changes = history.end_user_diff(book, register, picked, before, after, code, use, end_user_name(end_user))
    else:
        register = None
        changes = book.diff(before, after, list(materials) if materials is not None else None, code, use)
    if format == "json":
        emit(
            render.json_document(
                book,
                "changes",
                [render.difference_dict(d) for d in changes],
                query={
                    "from": before.isoformat(),
                    "to": after.isoformat(),
                    "destination": code,
                    "end_use": use.value,
                    **({"end_user": end_user} if end_user is not None else {}),
                },
            )
        )
    elif format == "csv":
        emit(
            render.csv_text(render.DIFF_CSV_HEADER, render.diff_csv_rows(changes, before, after, code, use.value), book)
        )
    else:
        heading = f"{render.place(where)}, {use.value} end use"
        render.print_diff(render.console(), book, changes, before, after, heading, register)
        return EXIT_OK
    warn_projected(book, max(before, after))
    return EXIT_OK


def upcoming(
    start: str | None = None,
    within: str = "90d",
    dest: str | None = None,
    format: str = "table",
    output: str | None = None,
    force: bool = False,
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
    entities_file: str | None = None,
) -> int:
    """``mineralctl upcoming``: the dated changes ahead, with the end-user lists' changes."""
    from mineralctl import dates, history, render
    from mineralctl.output import deliver

    if output is not None and format == "table":
        raise UsageError("--output needs --format json, csv or ics")

    first = query_date(start, "--from")
    last = dates.add_duration(first, dates.parse_duration(within, option="--within"))
    if last > dates.LAST:
        raise UsageError(
            f"--within: {within.strip()!r} from {first.isoformat()} reaches {last.isoformat()}, past the last date "
            f"mineralctl answers for ({dates.LAST.isoformat()})"
        )
    where = query_destination(dest)
    book = load(rulebook, overlay)
    events = history.upcoming(book, first, last, where.code if where else None)
    # The end-user lists change no material's status by themselves, but a listing taking effect
    # or its suspension lapsing changes the answer for every shipment to that buyer.
    register = load_entity_lists(entities_file)
    events = sorted(
        [*events, *history.listing_events(register, first, last, where.code if where else None)],
        key=lambda e: e.date,
    )
    # Each event is projected against its own file's as_of; the answer names both files.
    shown = book.with_entity_lists(register)
    if format == "ics":
        from mineralctl import ics

        deliver(ics.upcoming_calendar(shown, events, where.code if where else None), output, force=force, newline="")
    elif format == "json":
        deliver(
            render.json_document(
                shown,
                "events",
                [render.event_dict(e) for e in events],
                query={
                    "from": first.isoformat(),
                    "until": last.isoformat(),
                    "destination": where.code if where else None,
                },
            ),
            output,
            force=force,
        )
    elif format == "csv":
        deliver(
            render.csv_text(render.UPCOMING_CSV_HEADER, render.upcoming_csv_rows(events), shown), output, force=force
        )
    else:
        # Without --dest every destination's changes are listed, each naming where it applies.
        heading = f"{render.place(where) if where else 'every destination'}, civil end use"
        render.print_upcoming(render.console(), shown, events, first, last, heading)
        return EXIT_OK
    warn_projected(book, last)
    if last > register.as_of:
        warn(
            f"changes to the end-user lists after their as_of {register.as_of.isoformat()} are projected "
            "from the announcements as written"
        )
    return EXIT_OK


def _listing(
    book: Rulebook,
    format: str,
    *,
    json: Callable[[], str],
    csv_header: Sequence[str],
    csv_rows: Callable[[], Iterable[Sequence[object]]],
    table: Callable[[Console], None],
) -> int:
    """A listing of what the rulebook holds (``materials``, ``measures``) in the chosen format:
    the JSON document, the CSV rows with the rulebook column, or the table with its footer naming
    the files that answered. Only the chosen form is built."""
    from mineralctl import render

    if format == "json":
        emit(json())
    elif format == "csv":
        emit(render.csv_text(csv_header, csv_rows(), book))
    else:
        out = render.console()
        table(out)
        render.print_footer(out, book)
    return EXIT_OK


def materials(
    group: str | None = None,
    format: str = "table",
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
) -> int:
    """``mineralctl materials``: the materials the rulebook knows."""
    from mineralctl import render

    book = load(rulebook, overlay)
    refuse_blank(group, "--group")
    if group is not None:
        book.find_group(group)  # an unknown group is named as a group, with groups suggested
    chosen = list(book.find_materials(group)) if group is not None else list(book.materials.values())
    return _listing(
        book,
        format,
        json=lambda: render.json_document(book, "materials", [render.material_dict(m) for m in chosen]),
        csv_header=("id", "name", "symbol", "chinese", "groups", "aliases"),
        csv_rows=lambda: ([m.id, m.name, m.symbol, m.chinese, ";".join(m.groups), ";".join(m.aliases)] for m in chosen),
        table=lambda out: render.print_materials(out, chosen),
    )


def measures(
    material: str | None = None,
    format: str = "table",
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
) -> int:
    """``mineralctl measures``: the measures and suspensions in the rulebook."""
    from mineralctl import dates, render

    book = load(rulebook, overlay)
    chosen = list(book.measures)
    suspensions = list(book.suspensions)
    refuse_blank(material, "--material")
    if material is not None:
        ids = {m.id for m in book.find_materials(material)}
        chosen = [m for m in chosen if m.all_dual_use or ids & m.materials]
        kept = {m.id for m in chosen}
        suspensions = [s for s in suspensions if kept.intersection(s.targets)]
    return _listing(
        book,
        format,
        json=lambda: render.json_document(
            book,
            "measures",
            [render.measure_full_dict(m) for m in chosen],
            suspensions=[render.suspension_full_dict(s) for s in suspensions],
        ),
        csv_header=(
            "id",
            "kind",
            "instrument",
            "clause",
            "effect",
            "from",
            "until",
            "destinations",
            "end_use",
            "covers",
            "uncertainty",
            "open_questions",
        ),
        csv_rows=lambda: [
            *(
                [
                    m.id,
                    "measure",
                    m.instrument,
                    m.clause,
                    m.effect.value,
                    m.start.isoformat(),
                    dates.iso(m.end),
                    str(m.destinations),
                    m.end_use,
                    m.covers.value,
                    m.uncertainty,
                    render.questions_cell(m),
                ]
                for m in chosen
            ),
            *(
                [
                    s.id,
                    "suspension",
                    s.instrument,
                    s.clause,
                    "",
                    s.start.isoformat(),
                    s.end.isoformat(),
                    "",
                    "",
                    "",
                    s.uncertainty,
                    render.questions_cell(s),
                ]
                for s in suspensions
            ),
        ],
        table=lambda out: render.print_measures(out, chosen, suspensions),
    )


def show(
    id: str,
    format: str = "table",
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
    entities_file: str | None = None,
) -> int:
    """``mineralctl show``: one material, measure, suspension or listed end user whole."""
    from mineralctl import render
    from mineralctl.model import Measure

    refuse_blank_names(
        [id],
        "ID: the name is empty; give a material, a measure or suspension id, an instrument or a listed end user",
    )
    book = load(rulebook, overlay)
    answered = book
    entry = book.measure(id) or book.suspension(id)
    cited = (entry,) if entry is not None else book.by_instrument(id)
    extra: dict[str, object] = {}
    if not cited:
        try:
            found = book.find_materials(id)
        except NotFoundError:
            register, key, document, also = shown_from_lists(book, id, entities_file)
            answered = book.with_entity_lists(register)
            extra["entity_lists"] = render.register_dict(register)
            extra.update(also)
        else:
            document = [render.material_dict(m) for m in found]
            key = "materials"
    else:
        # An id names one entry; a citation ('No. 72 of 2025') every measure and suspension of it.
        today = query_date(None)
        measures = [render.measure_show_dict(book, e, today) for e in cited if isinstance(e, Measure)]
        suspensions = [render.suspension_full_dict(e) for e in cited if not isinstance(e, Measure)]
        document, key = (measures, "measures") if measures else (suspensions, "suspensions")
        if measures and suspensions:
            extra["suspensions"] = suspensions
    # Records of a second kind (the suspensions of a measure, the ending a statement made) follow.
    records = document + [row for value in extra.values() if isinstance(value, list) for row in value]
    if format == "json":
        emit(render.json_document(answered, key, document, **extra))
    elif format == "csv":
        rows = ([k, render.csv_value(k, v)] for row in records for k, v in row.items())
        emit(render.csv_text(("key", "value"), rows, answered))
    else:
        out = render.console()
        render.print_record(out, records)
        render.print_footer(out, answered)
    return EXIT_OK


_LIST_KEYS = {"listing": "listings", "suspension": "suspensions", "ending": "endings"}


def shown_from_lists(
    book: Rulebook, text: str, path: str | None
) -> tuple[EntityRegister, str, list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """What ``show`` prints for a name that is neither a material nor an entry of the rulebook:
    a listing, or a suspension or ending of listings, by its id or its instrument's citation
    (the record, then the entities it covers), or the listed end users the text names. Refused
    with suggestions otherwise. Returns the lists, the key and records of the first kind found,
    and the records of the other kinds by key (one statement both suspends and ends listings)."""
    from mineralctl import render
    from mineralctl.model import Ending, Listing
    from mineralctl.rulebook import cites

    register = load_entity_lists(path)
    today = query_date(None)
    entry: Listing | Suspension | Ending | None = register.listings.get(text) or register.change(text)
    entries = (entry,) if entry is not None else cites(text, [*register.listings.values(), *register.changes()])
    if entries:
        by_key: dict[str, list[dict[str, Any]]] = {}
        for one in entries:
            kind = "listing" if isinstance(one, Listing) else "ending" if isinstance(one, Ending) else "suspension"
            by_key.setdefault(_LIST_KEYS[kind], []).append(render.list_entry_dict(register, one, today))
        first = next(key for key in _LIST_KEYS.values() if key in by_key)
        return register, first, by_key.pop(first), by_key
    listed = listed_entities(register, text)
    if not listed:
        import difflib

        # A citation of an instrument not in the rulebook or the lists: suggest citations that are.
        ids = [m.id for m in book.measures] + [s.id for s in book.suspensions]
        ids += [*register.listings, *(c.id for c in register.changes())]
        lists_instruments = [x.instrument for x in (*register.listings.values(), *register.changes())]
        close = (
            book.nearest_citations(text, lists_instruments)
            or tuple(difflib.get_close_matches(text, ids, n=3, cutoff=0.6))
            or book.suggest(text)
        )
        raise NotFoundError("material, measure or listed end user", text, close) from None
    return register, "entities", [render.entity_dict(register, e, today) for e in listed], {}


def listed_entities(register: EntityRegister, text: str) -> list[ListedEntity]:
    """The listed end users ``text`` names: an entity id, or a published name or alias."""
    entity = register.entity(text)
    if entity is not None:
        return [entity]
    return [h.entity for h in register.find(text) if h.score == 1.0]
