"""Turn resolutions into text: JSON and CSV for scripts, a rich table for people.

JSON and CSV need only the standard library; rich is imported only for tables.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence

from mineralctl.dates import iso
from mineralctl.model import Ending, Group, Listing, Measure, Resolution, Status, Suspension, packaged_alone
from mineralctl.text import markup, visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from typing import IO, Any

    from rich.console import Console
    from rich.text import Text

    from mineralctl.compare import Comparison, EntryChanges, Side, StatusChange
    from mineralctl.destinations import Destination
    from mineralctl.entities import EntityRegister
    from mineralctl.model import EndUserCheck, EntityMatch, ListedEntity, ListingState, RulebookFile
    from mineralctl.review import Census
    from mineralctl.rulebook import Rulebook

SCHEMA = 1

STATUS_STYLE = {
    Status.NOT_CONTROLLED: "green",
    Status.LICENSE_REQUIRED: "yellow",
    Status.ENHANCED_REVIEW: "dark_orange",
    Status.PROHIBITED: "bold red",
}
HS_NOTE = "HS codes are reference only: the Dual-Use List and the law prevail over any customs code"


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 row``, ``2 rows``: a count with its noun in the right number."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


# --------------------------------------------------------------------------- plain data


def source_list(entry: Measure | Suspension) -> list[dict[str, str]]:
    return [{"title": s.title, "url": s.url} for s in entry.sources]


def measure_dict(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.id,
        "instrument": measure.instrument,
        "instrument_zh": measure.instrument_zh,
        "clause": measure.clause,
        "effect": measure.effect.value,
        "from": iso(measure.start),
        "until": iso(measure.end) or None,
        "destinations": str(measure.destinations),
        "end_use": measure.end_use,
        "sources": [s.url for s in measure.sources],
    }


def suspension_dict(suspension: Suspension) -> dict[str, Any]:
    return {
        "id": suspension.id,
        "instrument": suspension.instrument,
        "instrument_zh": suspension.instrument_zh,
        "clause": suspension.clause,
        "from": iso(suspension.start),
        "until": iso(suspension.end),
        "sources": [s.url for s in suspension.sources],
    }


def resolution_dict(r: Resolution) -> dict[str, Any]:
    return {
        "material": r.material.id,
        "query": r.query,
        "date": iso(r.date),
        "destination": r.destination.code if r.destination else None,
        "end_use": r.end_use.value,
        "status": r.status.value,
        "projected": r.projected,
        "measures": [measure_dict(m) for m in r.measures],
        "suspended": [{**measure_dict(s.measure), "suspension": suspension_dict(s.suspension)} for s in r.suspended],
        "next_change": {"date": iso(r.next_change.date), "status": r.next_change.status.value}
        if r.next_change
        else None,
        "warnings": list(r.warnings),
        "uncertainty": list(r.uncertainty),
        "uncertainty_ids": list(r.uncertainty_ids),
        "related": [{**measure_dict(m), "covers": m.covers.value} for m in r.related],
        "other_destinations": [
            {"destination": d.code, "name": d.name, "status": d.status.value, "measures": list(d.measures)}
            for d in r.other_destinations
        ],
        "military_status": r.military_status.value if r.military_status else None,
        "notes": r.material.notes,
    }


def file_dict(f: RulebookFile) -> dict[str, Any]:
    return {"path": f.path, "version": f.version, "as_of": iso(f.as_of), "overlay": f.overlay, "kind": f.kind}


def rulebook_dict(rulebook: Rulebook) -> dict[str, Any]:
    """The rulebook that answered: the base's version, the ``as_of`` projections are measured
    against (the earliest of the files'), and every file that contributed."""
    return {"version": rulebook.version, "as_of": iso(rulebook.as_of), "files": [file_dict(f) for f in rulebook.files]}


def census_dict(c: Census, today: dt.date) -> dict[str, Any]:
    """What one file (or, for the total, all of them) holds; ``age_days`` from ``today``, negative
    for a file whose ``as_of`` is after today (the number is kept, so a script sees how far ahead)."""
    where = {**file_dict(c.file), "age_days": (today - c.file.as_of).days} if c.file else {}
    return {
        **where,
        "materials": c.materials,
        "measures": c.measures,
        "suspensions": c.suspensions,
        "sources": c.sources,
    }


def file_age(as_of: dt.date, today: dt.date) -> str:
    """A file's age in days, ``52``. A checked-through date after today is a mistake in the file
    (``rulebook validate`` warns of it), so it is said to be in the future, never shown as a
    negative age a reader could take for a fresh one."""
    days = (today - as_of).days
    return str(days) if days >= 0 else f"in the future ({-days} day{'s' if days < -1 else ''})"


def rulebook_label(rulebook: Rulebook) -> str:
    """Every file that contributed, with its version and checked-through date, on one line: by
    path (:func:`files_label`), unless the packaged rulebook alone answered."""
    if packaged_alone(rulebook.files):
        return f"rulebook {rulebook.version}, sources checked to {iso(rulebook.as_of)}"
    return files_label(rulebook)


_FILE_KINDS = {"rulebook": "rulebook", "overlay": "overlay", "entities": "entity lists"}


def files_label(rulebook: Rulebook) -> str:
    """Each file by path, version and checked-through date, base first."""
    return "; ".join(file_label(f) for f in rulebook.files)


def file_label(f: RulebookFile) -> str:
    """``entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30``."""
    return f"{file_name(f)} {f.version}, checked to {iso(f.as_of)}"


def file_name(f: RulebookFile) -> str:
    """``entity lists entities.yaml (packaged)``: the file by kind and path."""
    return f"{_FILE_KINDS[f.kind]} {f.path}"


def lists_dict(register: EntityRegister) -> dict[str, Any]:
    """:func:`rulebook_dict` of an answer from the end-user lists alone (``entities``)."""
    return {"version": register.version, "as_of": iso(register.as_of), "files": [file_dict(register.file)]}


def json_document(rulebook: Rulebook, key: str, rows: list[Any], **extra: Any) -> str:
    document = {"schema": SCHEMA, "rulebook": rulebook_dict(rulebook), **extra, key: rows}
    import json  # only for JSON output

    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], rulebook: Rulebook | None = None) -> str:
    """CSV with a header line; with ``rulebook``, a last column ``rulebook`` naming the files
    that answered (:func:`rulebook_label`) on every row."""
    buffer = io.StringIO()
    line = csv_line_writer(buffer)
    if rulebook is None:
        line(header)
        for row in rows:
            line(row)
    else:
        label = rulebook_label(rulebook)
        line([*header, "rulebook"])
        for row in rows:
            line([*row, label])
    return buffer.getvalue()


def csv_line_writer(out: IO[str]) -> Callable[[Sequence[Any]], object]:
    """Write one CSV row to ``out`` and end its line with ``\\n``. The csv module quotes a field
    holding a line break only when the break is part of its line terminator, so a row with a
    carriage return in a field (which a reader would take for a line end) is written with every
    field quoted."""
    import csv  # only for CSV output

    plain = csv.writer(out, lineterminator="\n").writerow
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow

    def line(row: Sequence[Any]) -> object:
        return (quoted if any(type(f) is str and "\r" in f for f in row) else plain)(row)

    return line


STATUS_CSV_HEADER = (
    "material",
    "query",
    "date",
    "destination",
    "end_use",
    "status",
    "projected",
    "measures",
    "suspended",
    "next_change_date",
    "next_change_status",
    "warnings",
    "uncertainty_ids",
    "uncertainty",
    "military_status",
    "other_destinations",
    "related",
    "notes",
    "rulebook",
)
"""Every column is always present, in this order; the optional ones (``destination_notes``,
``group``, ``end_user`` …) come after ``notes`` and before ``rulebook``, which ends every CSV."""


def status_csv_row(r: Resolution, rulebook: str = "") -> list[str]:
    """One CSV row; ``rulebook`` is :func:`rulebook_label` of the rulebook that answered."""
    return [
        r.material.id,
        r.query,
        iso(r.date),
        r.destination.code if r.destination else "",
        r.end_use.value,
        r.status.value,
        "true" if r.projected else "false",
        ";".join(m.id for m in r.measures),
        ";".join(f"{s.measure.id}@{s.suspension.id}" for s in r.suspended),
        iso(r.next_change.date) if r.next_change else "",
        r.next_change.status.value if r.next_change else "",
        " | ".join(r.warnings),
        ";".join(r.uncertainty_ids),
        " | ".join(r.uncertainty),
        r.military_status.value if r.military_status else "",
        ";".join(f"{d.code}={d.status.value}" for d in r.other_destinations),
        # Technology, equipment and re-export measures shown beside the answer: id=what it covers.
        ";".join(f"{m.id}={m.covers.value}" for m in r.related),
        " ".join(r.material.notes.split()),
        rulebook,
    ]


# --------------------------------------------------------------------------- tables


def console(stderr: bool = False) -> Console:
    """A rich console: no colour when piped or when NO_COLOR is set (rich honours both). Lines
    reach stdout without the spaces rich pads them with, so pasted text has no trailing blanks."""
    import sys

    from rich.console import Console

    if stderr:
        return Console(stderr=True, highlight=False, soft_wrap=False, emoji=False)
    out = Console(file=Trimmed(sys.stdout), highlight=False, soft_wrap=False, emoji=False)  # type: ignore[arg-type]
    # rich exits 1 by itself on a closed pipe; 1 means a gate tripped, so let entry.py end it.
    out.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
    return out


def _pipe_closed() -> None:
    raise BrokenPipeError


class Trimmed:
    """A text stream that drops spaces at the end of each line written through it; everything
    else (``isatty``, ``fileno``, ``encoding``) is the wrapped stream's, so rich sees the same
    terminal."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write("\n".join(line.rstrip(" ") for line in text.split("\n")))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class Markup(str):
    """Rich markup built here from trusted parts; a table prints it as markup, not as text."""


def styled(status: Status) -> Markup:
    return Markup(f"[{STATUS_STYLE[status]}]{status.value}[/]")


def cell(value: str) -> Text | str:
    """A table cell, title or heading: :class:`Markup` as markup, anything else as exact text."""
    from rich.text import Text

    return value if isinstance(value, Markup) else Text(visible(value))


def link(url: str, indent: int = 0) -> Text:
    """A source URL as text, a terminal hyperlink only when it is a plain web address."""
    from rich.style import Style
    from rich.text import Text

    linkable = url.isprintable() and url.startswith(("https://", "http://"))
    line = Text(" " * indent)
    line.append(visible(url), style=Style(link=url) if linkable else None)
    return line


OTHER_DESTINATIONS = "other destinations"
"""The one name for the default destination: any destination no country-specific measure names."""


def place(destination: Destination | str | None) -> str:
    """A destination as every command names it; ``None`` is :data:`OTHER_DESTINATIONS`."""
    return str(destination) if destination else OTHER_DESTINATIONS


def destination_label(r: Resolution) -> str:
    return place(r.destination)


class Footnotes:
    """Notes shared by several rows, printed once and numbered in the order first referenced."""

    def __init__(self) -> None:
        self.texts: dict[str, Text | str] = {}
        self.numbers: dict[str, int] = {}

    def add(self, key: str, text: Text | str) -> str:
        """Record the note ``key`` (its first text wins) and return the key."""
        self.texts.setdefault(key, text)
        return key

    def refs(self, keys: Iterable[str]) -> str:
        """``[1][3]``: the notes' numbers, given in the order first referenced."""
        for key in keys:
            self.numbers.setdefault(key, len(self.numbers) + 1)
        return "".join(f"[{n}]" for n in sorted({self.numbers[k] for k in keys}))

    def print(self, out: Console) -> None:
        from mineralctl import layout

        if self.numbers:
            out.print("Notes", style="bold")
            keys = sorted(self.numbers, key=self.numbers.__getitem__)
            layout.hanging(out, [(plain(f"[{self.numbers[k]}]"), self.texts[k]) for k in keys], indent=2)


def plain(value: str) -> Text:
    """mineralctl's own words as rich ``Text`` (no markup)."""
    from rich.text import Text

    return Text(value)


def next_change_text(rulebook: Rulebook, r: Resolution) -> str:
    """``2026-11-28 → prohibited``, marked projected when the date is after the rulebook's as_of
    (a change no later text was checked for, like a suspension lapsing as written)."""
    if r.next_change is None:
        return "none"
    projected = " (projected)" if r.next_change.date > rulebook.as_of else ""
    return f"{iso(r.next_change.date)} → {r.next_change.status.value}{projected}"


def projected_note(rulebook: Rulebook) -> Text:
    """The note on projected answers, as exact text: it names the files in use, and their
    paths and versions are text from files (never markup, control characters visible)."""
    if len(rulebook.files) == 1 and not packaged_alone(rulebook.files):  # one file of the user's: name it
        return cell_text(
            f"projected: after the rulebook's as_of {iso(rulebook.as_of)} ({files_label(rulebook)}), "
            "by the rules as written"
        )
    if len(rulebook.files) > 1:  # say which files that date is the earliest of
        return cell_text(
            f"projected: after {iso(rulebook.as_of)}, the earliest checked-through date of the files in use "
            f"({files_label(rulebook)}), by the rules as written"
        )
    return cell_text(f"projected: after the rulebook's as_of {iso(rulebook.as_of)}, by the rules as written")


def lists_projected_note(register: EntityRegister) -> Text:
    """:func:`projected_note` of an answer from the end-user lists alone (``entities``)."""
    return cell_text(
        f"projected: after the entity lists' as_of {iso(register.as_of)} ({file_label(register.file)}), "
        "states follow the announcements as written"
    )


def short_instrument(instrument: str) -> str:
    """``No. 72 of 2025`` for ``MOFCOM Announcement No. 72 of 2025``; other citations whole.
    Only an announcement's own number shortens it: an instrument that merely mentions another
    (``announcement extending No. 70 of 2025``) keeps its whole name, or it would read as No. 70."""
    import re

    found = re.search(r"\bAnnouncement (No\. \d+ of \d{4})\b", instrument)
    return found.group(1) if found else instrument


def overlay_of(rulebook: Rulebook, entry: Measure | Suspension) -> str:
    """The overlay file ``entry`` was written in; empty when it comes from the base rulebook."""
    where = entry.location
    if where is None:
        return ""
    return next((f.path for f in rulebook.files if f.overlay and f.path == where.path), "")


def short_citation(measure: Measure) -> str:
    short = short_instrument(measure.instrument)
    return f"{short}, {measure.clause}" if measure.clause else short


def cell_text(value: str) -> Text:
    """Text from a file as a rich ``Text``: never markup, control characters visible."""
    from rich.text import Text

    return Text(visible(value))


def lapse_of(rulebook: Rulebook, measure: Measure, day: Any) -> str:
    """Why a measure applies again: the suspension that lapsed before ``day``, if any, with its
    last suspended day and the first day the measure applies again."""
    from mineralctl.resolve import ended_after, last_lapse

    lapse = last_lapse(rulebook, measure, day)
    if lapse is None:
        return ""
    last, projected = lapse
    how = "as written (projected)" if projected else "as written"
    return f"the suspension by {short_instrument(last.instrument)} {ended_after(last.end)} {how}"


def why(rulebook: Rulebook, r: Resolution) -> str:
    """One short line of why: the deciding measure and clause, the suspension or lapse that
    matters, and how other destinations and military end use differ."""
    from mineralctl.resolve import last_lapse
    from mineralctl.rulebook import ONE_DAY

    parts: list[str] = []
    check = r.end_user
    if check is not None and check.status is not None and check.status.rank > check.material_status.rank:
        # The buyer's listing decides: say so first, then what the goods alone would need.
        named = [m for m in check.matches if m.effect is check.status]
        listed = ", ".join(f"{m.entity.name} ({m.listing.list.value} list, {short_instrument(m.listing.instrument)})"
                           for m in named)  # fmt: skip
        lead = f"{check.status.value} for the end user: {listed}; the goods alone: "
    else:
        lead = ""
    if r.measures:
        decider = r.measures[0]
        decided = f"{lead}{decider.effect.value} under {short_citation(decider)} [{decider.id}]"
        lapse = last_lapse(rulebook, decider, r.date)
        if lapse is not None:
            # The first day it applies again and the last day it was suspended, both named. A
            # lapse after as_of is projected, and so then is the whole answer: marked as such.
            last, _ = lapse
            decided += (
                f" again from {iso(last.end + ONE_DAY)} (suspension by {short_instrument(last.instrument)} "
                f"ended after {iso(last.end)})"
            )
        parts.append(decided)
    else:
        parts.append(f"{lead}no goods measure applies")
    held: dict[str, list[str]] = {}
    ends: dict[str, Suspension] = {}
    for entry in r.suspended:
        held.setdefault(entry.suspension.id, []).append(f"{entry.measure.effect.value} [{entry.measure.id}]")
        ends[entry.suspension.id] = entry.suspension
    for key, measures in held.items():
        # The suspension's own instrument and id (and overlay), never only a number it mentions.
        origin = overlay_of(rulebook, ends[key])
        label = entry_label(rulebook, key) + (f" from overlay {origin}" if origin else "")
        # What the held-off measures would impose, never read as today's status.
        parts.append(
            f"suspended by {label} to {iso(ends[key].end)} inclusive: would otherwise be {', '.join(measures)}"
        )
    if r.other_destinations:
        parts.append("treated differently: " + ", ".join(f"{d.code} {d.status.value}" for d in r.other_destinations))
    if r.military_status:
        parts.append(f"military: {r.military_status.value}")
    return "; ".join(parts)


def group_dict(group: Group) -> dict[str, str]:
    """A group that was asked for by name, with its own notes from the rulebook."""
    return {"id": group.id, "name": group.name, "notes": " ".join(group.notes.split())}


GROUP_CSV_HEADER = ("group", "group_notes")


def group_csv(group: Group | None) -> list[str]:
    return [group.id, " ".join(group.notes.split())] if group is not None else ["", ""]


def destination_note_text(notes: str, whole: bool) -> str:
    """A destination's note for the table: its first sentence and a pointer to the rest. The note
    is about named buyers (which ``--end-user`` screens), not the goods, so the answer above it
    does not depend on the rest; ``--explain``, JSON and CSV carry it whole."""
    text = " ".join(notes.split())
    if whole:
        return text
    lead = first_sentence(text)
    return text if lead == text else f"{lead} (--explain for the full note)"


_ABBREVIATIONS = ("e.g.", "i.e.", "No.", "Nos.", "Co.", "Inc.", "Ltd.", "St.", "Dr.", "Mr.", "Ms.", "U.S.", "etc.")


def first_sentence(text: str) -> str:
    """``text`` up to the end of its first sentence: a full stop outside brackets, followed by a
    space and a capital, and not the end of an abbreviation (``e.g.``, ``No.``)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char == "." and depth == 0 and text[index + 1 : index + 2] == " ":
            following = text[index + 2 : index + 3]
            word = text[: index + 1].rsplit(" ", 1)[-1]
            if (following.isupper() or following in "\"'") and following and word not in _ABBREVIATIONS:
                return text[: index + 1]
    return text


def print_status_table(
    out: Console,
    rulebook: Rulebook,
    results: Sequence[Resolution],
    explain: bool = False,
    steps: Any = None,
    groups: Mapping[str, Group] | None = None,
) -> None:
    """The status answer for people: a table, one line of why per reason, shared notes once.
    With ``explain``, each material's whole chain follows, with its sources; then what the
    end-user lists say (:func:`print_end_users`), and last the line naming the files."""
    from mineralctl import layout

    if not results:
        return
    notes = Footnotes()
    first = results[0]
    where = place(first.destination)
    title = plain(f"{iso(first.date)} · ") + cell_text(where) + plain(f" · {first.end_use.value} end use")
    note = rulebook.destination_notes.get(first.destination.code) if first.destination else None
    shared = (
        [notes.add("destination", cell_text(f"{where}: " + destination_note_text(note.notes, explain)))] if note else []
    )
    noted = [r.material.name for r in results if r.material.notes and r.status is Status.NOT_CONTROLLED]
    keys: list[list[str]] = []
    for r in results:
        mine: list[str] = []
        if r.projected:
            mine.append(notes.add("projected", projected_note(rulebook)))
        mine += question_keys(notes, rulebook, r.uncertainty_ids, r.uncertainty)
        group = (groups or {}).get(r.query)
        if group is not None and group.notes:
            text = f"{group.name} [{group.id}]: " + " ".join(group.notes.split())
            mine.append(notes.add(f"group:{group.id}", cell_text(text)))
        for text in r.warnings:
            if not text.startswith(f"{iso(r.date)} is after") and not text.startswith("the suspension by"):
                mine.append(notes.add(f"warning:{text}", cell_text(text)))
        if r.related:
            mine.append(notes.add("related", "technology, equipment or re-export measures also apply: see --explain"))
        if r.material.name in noted and not explain:
            mine.append(notes.add("notes", "the rulebook notes what else may be controlled: see --explain"))
        keys.append(mine)
    # A note that touches every row is referenced once, from the title.
    shared += [k for k in keys[0] if all(k in mine for mine in keys)] if len(results) > 1 else []
    if shared:
        title += plain(" " + notes.refs(shared))
    rows: list[list[Any]] = []
    reasons: dict[str, list[str]] = {}
    for r, mine in zip(results, keys, strict=True):
        name = cell_text(r.material.name)
        own = [k for k in mine if k not in shared]
        if own:
            name += plain(" " + notes.refs(own))
        change = next_change_text(rulebook, r)
        rows.append([name, styled(r.status), plain(change)])
        reasons.setdefault(why(rulebook, r), []).append(r.material.name)
    layout.table(
        out,
        [layout.Col("Material", prose=True), layout.Col("Status"), layout.Col("Next change", prose=True)],
        rows,
        title=title,
        edge=False,
    )
    out.print("Why", style="bold")
    layout.hanging(
        out, [(plain("•"), cell_text(", ".join(names) + ": " + reason)) for reason, names in reasons.items()], gap=1
    )
    notes.print(out)
    if explain:
        for r in results:
            print_detail(out, rulebook, r)
            if steps is not None:
                print_explanation(out, r, steps(r))
    print_end_users(out, results)
    print_footer(out, rulebook, "" if explain else " Reasons and sources: --explain.")


def print_detail(out: Console, rulebook: Rulebook, r: Resolution) -> None:
    """Everything behind one answer: the measures with their windows and sources, what is
    suspended or related, other destinations, military end use, open questions and notes."""
    from mineralctl import layout

    out.print()
    heading = cell_text(f"{r.material.name} on {iso(r.date)}, {destination_label(r)}, {r.end_use.value} end use: ")
    heading.stylize("bold")
    heading.append_text(as_markup(styled(r.status)))
    if r.projected:
        heading.append(" (projected)", style="italic")
    out.print(heading)
    pairs: list[tuple[Any, Any]] = []
    if not r.measures:
        pairs.append((plain("applies"), plain("no export-control measure")))
    for m in r.measures:
        chinese = f" ({m.instrument_zh})" if m.instrument_zh else ""
        pairs.append(
            (as_markup(styled(m.effect)), cell_text(f"{m.citation}{chinese} [{m.id}] {_window(m.start, m.end)}"))
        )
        if m.summary:
            pairs.append((plain(""), cell_text(m.summary)))
        lapse = lapse_of(rulebook, m, r.date)
        if lapse:
            pairs.append((plain(""), cell_text(lapse)))
    for held in r.suspended:
        pairs.append(
            (
                plain("suspended"),
                cell_text(
                    f"{held.measure.citation} [{held.measure.id}] ({held.measure.effect.value}), by "
                    f"{held.suspension.instrument} [{held.suspension.id}] "
                    + _window(held.suspension.start, held.suspension.end)
                ),
            )
        )
    for m in r.related:
        pairs.append((plain(f"related {m.covers.value}"), cell_text(f"{m.citation} [{m.id}]: {m.effect.value}")))
    for d in r.other_destinations:
        pairs.append((plain("elsewhere"), cell_text(f"{d.name} ({d.code}) is treated differently: {d.status.value}")))
    if r.military_status:
        pairs.append(
            (plain("military"), plain(f"for military end use the status is stricter: {r.military_status.value}"))
        )
    if r.next_change:
        pairs.append(
            (plain("next change"), plain(f"from {next_change_text(rulebook, r).replace(' → ', ' the status is ')}"))
        )
    for key, text in zip(r.uncertainty_ids, r.uncertainty, strict=True):
        pairs.append((plain("uncertain"), cell_text(f"({key}) {text}")))
    if r.material.notes:
        pairs.append((plain("note"), cell_text(" ".join(r.material.notes.split()))))
    layout.hanging(out, pairs, indent=2)
    for m in r.measures:
        for source in m.sources:
            layout.url_line(out, link(source.url), indent=2)


def as_markup(value: str) -> Text:
    """mineralctl's own markup (a styled status) as rich ``Text``."""
    from rich.text import Text

    return Text.from_markup(value, emoji=False)


def _window(start: Any, end: Any) -> str:
    return f"{iso(start)} .. {iso(end) if end else 'open'}"


# --------------------------------------------------------------------------- explain


def explanation_list(steps: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "measure": s.measure.id,
            "citation": s.measure.citation,
            "effect": s.measure.effect.value,
            "outcome": s.outcome,
            "checks": [{"check": c.name, "passed": c.passed, "detail": c.detail} for c in s.checks],
            "sources": [x.url for x in s.measure.sources],
        }
        for s in steps
    ]


def print_explanation(out: Console, r: Resolution, steps: Sequence[Any]) -> None:
    """Every goods measure that names the material, with each check in the resolver's order."""
    from mineralctl import layout

    heading = cell_text(f"Why {r.material.name} is ")
    heading.append_text(as_markup(styled(r.status)))
    heading.append(f" on {iso(r.date)} ")
    heading.stylize("bold")
    heading.append_text(cell_text(f"({destination_label(r)}, {r.end_use.value} end use)"))
    out.print()
    out.print(heading)
    if not steps:
        layout.hanging(
            out,
            [(plain("1."), plain("No goods measure in the rulebook names this material, so it is not controlled."))],
        )
    for number, step in enumerate(steps, 1):
        outcome = plain(f": {step.outcome}")
        layout.hanging(
            out,
            [
                (
                    plain(f"{number}."),
                    cell_text(f"{step.measure.citation} [{step.measure.id}] ({step.measure.effect.value})") + outcome,
                )
            ],
        )
        checks = [(plain(f"{c.name}: " + ("yes" if c.passed else "no")), cell_text(c.detail)) for c in step.checks]
        layout.hanging(out, checks, indent=5)
        for source in step.measure.sources:
            layout.url_line(out, link(source.url), indent=5)
    if r.measures:
        winner = r.measures[0]
        decides = f"the strictest applying measure decides: {winner.citation} [{winner.id}] -> {winner.effect.value}"
        text = cell_text(decides)
    else:
        text = plain("no measure applies, so the status is not-controlled")
    layout.hanging(out, [(plain("=>"), text)])


# --------------------------------------------------------------------------- timeline, diff, upcoming


def period_dict(p: Any) -> dict[str, Any]:
    return {
        "from": iso(p.start) or None,
        "until": iso(p.end) or None,
        "status": p.status.value,
        "projected": p.projected,
        "measures": [m.id for m in p.measures],
        "suspended": [{"measure": m.id, "suspension": s.id} for m, s in p.suspended],
        "change": p.change,
        "uncertainty": list(p.uncertainty),
        "uncertainty_ids": list(p.uncertainty_ids),
    }


TIMELINE_CSV_HEADER = (
    "material",
    "destination",
    "end_use",
    "from",
    "until",
    "status",
    "projected",
    "measures",
    "suspended",
    "change",
    "uncertainty_ids",
    "uncertainty",
)


def timeline_csv_rows(
    found: Sequence[tuple[Any, Sequence[Any]]], code: str | None, end_use: str
) -> Iterable[list[str]]:
    for material, periods in found:
        for p in periods:
            yield [
                material.id,
                code or "",
                end_use,
                iso(p.start),
                iso(p.end),
                p.status.value,
                "true" if p.projected else "false",
                ";".join(x.id for x in p.measures),
                ";".join(f"{x.id}@{y.id}" for x, y in p.suspended),
                p.change,
                ";".join(p.uncertainty_ids),
                " | ".join(p.uncertainty),
            ]


def print_footer(out: Console, rulebook: Rulebook, hint: str = "") -> None:
    """The last line of every table answer: the files that answered, each with its version and
    checked-through date, whether or not anything in the answer is projected."""
    label = rulebook_label(rulebook)
    out.print(
        cell_text(f"{label[0].upper()}{label[1:]}.{hint} ") + plain("A research aid, not legal advice."), style="dim"
    )


def print_timelines(
    out: Console, rulebook: Rulebook, found: Sequence[tuple[Any, Sequence[Any]]], heading: str, today: Any
) -> None:
    """Each material's periods, one line each with a bar proportional to its length, then why
    the period starts; projected periods and open questions are numbered notes, printed once."""
    notes = Footnotes()
    for material, periods in found:
        print_timeline(out, notes, rulebook, cell_text(f"{material.name}: {heading}"), periods, today)
    notes.print(out)
    print_footer(out, rulebook)


def print_timeline(
    out: Console, notes: Footnotes, rulebook: Rulebook, title: Text, periods: Sequence[Any], today: Any
) -> None:
    import datetime as dt

    from rich.text import Text

    from mineralctl import layout

    year = dt.timedelta(days=365)
    first, last = periods[0], periods[-1]
    boundaries = [p.start for p in periods if p.start is not None]
    low = first.start or (min(boundaries) - year if boundaries else today - year)
    high = last.end or max([*boundaries, today]) + year
    span = max((high - low).days + 1, 1)
    # dates (10 + 3 + 10), spaces and the longest status word leave the rest to the bar
    width = max(4, min(28, out.width - 42))
    out.print(title, style="bold")
    for p in periods:
        start, end = p.start or low, p.end or high
        offset = min(width - 1, (start - low).days * width // span)
        cells = max(1, min(width - offset, round(((end - start).days + 1) * width / span)))
        line = Text(f"{iso(p.start) or '…':>10} → {iso(p.end) or '…':<10} ")
        line.append(f"{' ' * offset}{'█' * cells}".ljust(width), style=STATUS_STYLE[p.status])
        line.append(" ")
        line.append_text(as_markup(styled(p.status)))
        out.print(line, no_wrap=True, crop=False, overflow="ignore")
        keys = [notes.add("projected", projected_note(rulebook))] if p.projected else []
        keys += question_keys(notes, rulebook, p.uncertainty_ids, p.uncertainty)
        # Why it starts, then the measure that decides it by the id `show` takes.
        decided = f" (decided by [{p.measures[0].id}])" if p.measures else ""
        why = cell_text(p.change + decided)
        if keys:
            why = plain(("projected " if p.projected else "") + notes.refs(keys) + " · ") + why
        why.stylize("dim")
        layout.hanging(out, [(plain(""), why)], indent=2, gap=2)


def difference_dict(d: Any) -> dict[str, Any]:
    return {
        "material": d.material.id,
        "before": d.before.value,
        "after": d.after.value,
        "instruments": list(d.instruments),
        "entries": list(d.entries),
        "projected": d.projected,
        "uncertainty": list(d.uncertainty),
        "uncertainty_ids": list(d.uncertainty_ids),
    }


DIFF_CSV_HEADER = (
    "material",
    "from",
    "to",
    "destination",
    "end_use",
    "before",
    "after",
    "instruments",
    "entries",
    "projected",
    "uncertainty_ids",
    "uncertainty",
)


def diff_csv_rows(
    changes: Sequence[Any], before: Any, after: Any, code: str | None, end_use: str
) -> Iterable[list[str]]:
    for d in changes:
        yield [
            d.material.id,
            iso(before),
            iso(after),
            code or "",
            end_use,
            d.before.value,
            d.after.value,
            "; ".join(d.instruments),
            ";".join(d.entries),
            "true" if d.projected else "false",
            ";".join(d.uncertainty_ids),
            " | ".join(d.uncertainty),
        ]


def entry_label(rulebook: Rulebook, key: str, register: EntityRegister | None = None) -> str:
    """``No. 46 of 2024, para 2 [mofcom-2024-46-p2-deny]``: a measure or suspension by its short
    citation and its id, the name ``show`` takes; with ``register``, a listing, suspension or
    ending of the end-user lists the same way."""
    measure = rulebook.measure(key)
    if measure is not None:
        return f"{short_citation(measure)} [{key}]"
    suspension = rulebook.suspension(key)
    if suspension is not None:
        return f"{short_instrument(suspension.instrument)} [{key}]"
    listed = register.entry_label(key) if register is not None else None
    return f"{short_instrument(listed)} [{key}]" if listed is not None else key


def print_diff(
    out: Console,
    rulebook: Rulebook,
    changes: Sequence[Any],
    before: Any,
    after: Any,
    heading: str,
    register: EntityRegister | None = None,
) -> None:
    """A row per material whose status changed, with the measures and suspensions that changed
    it by short citation and id (with ``register``, the end user's listings, suspensions and
    endings too); projected answers and open questions as numbered notes."""
    from mineralctl import layout

    title = f"Status changes from {iso(before)} to {iso(after)} ({heading})"
    if not changes:
        out.print(cell_text(f"No status changed between {iso(before)} and {iso(after)} ({heading})."))
        print_footer(out, rulebook)
        return

    notes = Footnotes()
    rows: list[list[Text | str]] = []
    for d in changes:
        keys = [notes.add("projected", projected_note(rulebook))] if d.projected else []
        keys += question_keys(notes, rulebook, d.uncertainty_ids, d.uncertainty)
        name = cell_text(d.material.name) + plain(f" {notes.refs(keys)}" if keys else "")
        changed = "\n".join(entry_label(rulebook, k, register) for k in d.entries)
        rows.append([name, styled(d.before), styled(d.after), cell_text(changed)])
    layout.table(
        out,
        [
            layout.Col("Material", prose=True),
            layout.Col(iso(before)),
            layout.Col(iso(after)),
            layout.Col("Changed by", prose=True),
        ],
        rows,
        title=cell_text(title),
        edge=False,
    )
    notes.print(out)
    print_footer(out, rulebook)


def event_dict(e: Any) -> dict[str, Any]:
    return {
        "date": iso(e.date),
        "kind": e.kind,
        "instrument": e.instrument,
        "entry": e.entry,
        "description": e.description,
        "projected": e.projected,
        "held_by": list(e.held_by),
        "uncertainty": list(e.uncertainty),
        "uncertainty_ids": list(e.uncertainty_ids),
        "effects": [
            {"material": x.material.id, "destination": x.destination, "before": x.before.value, "after": x.after.value}
            for x in e.effects
        ],
    }


UPCOMING_CSV_HEADER = (
    "date",
    "kind",
    "instrument",
    "entry",
    "projected",
    "held_by",
    "uncertainty_ids",
    "uncertainty",
    "material",
    "destination",
    "before",
    "after",
)


def upcoming_csv_rows(events: Sequence[Any]) -> Iterable[list[str]]:
    """One row per effect; an event that changes no material's status (an open question, a
    window that ends with nothing in it) still gets one row, with the material empty."""
    for e in events:
        head = [
            iso(e.date),
            e.kind,
            e.instrument,
            e.entry,
            "true" if e.projected else "false",
            ";".join(e.held_by),
            ";".join(e.uncertainty_ids),
            " | ".join(e.uncertainty),
        ]
        for x in e.effects:
            yield [*head, x.material.id, x.destination or "", x.before.value, x.after.value]
        if not e.effects:
            yield [*head, "", "", "", ""]


def print_upcoming(
    out: Console, rulebook: Rulebook, events: Sequence[Any], first: Any, last: Any, heading: str
) -> None:
    """Under a title naming the window and ``heading`` (the destination and end use), each
    dated change: what happens and why, the suspension that holds it back if any, and the
    materials it touches, grouped where their statuses move alike."""
    from mineralctl import layout

    notes = Footnotes()
    if not events:
        out.print(cell_text(f"No dated changes from {iso(first)} to {iso(last)} ({heading})."))
    else:
        out.print(cell_text(f"Dated changes from {iso(first)} to {iso(last)} ({heading})"), style="bold")
    for index, e in enumerate(events):
        keys = [notes.add("projected", projected_note(rulebook))] if e.projected else []
        keys += question_keys(notes, rulebook, e.uncertainty_ids, e.uncertainty)
        day = plain(iso(e.date))
        if e.projected:
            day.append(" (projected)", style="italic")
        if keys:
            day.append(" " + notes.refs(keys))
        if index:
            out.print()
        out.print(day, style="bold")
        pairs: list[tuple[Any, Any]] = [
            (plain(""), cell_text(f"{e.description} [{e.entry}]" if e.entry else e.description))
        ]
        for key in e.held_by:
            suspension = rulebook.suspension(key)
            until = f" to {iso(suspension.end)} inclusive" if suspension is not None else ""
            pairs.append(
                (
                    plain(""),
                    cell_text(
                        f"held back: suspended by {entry_label(rulebook, key)}{until}, so no status changes that day"
                    ),
                )
            )
        groups: dict[tuple[str, str], list[str]] = {}
        from mineralctl.history import effect_scopes

        for material, where, before, after in effect_scopes(e.effects):
            change = f"unchanged, {after.value}" if before is after else f"{before.value} → {after.value}"
            groups.setdefault((where, change), []).append(material.name)
        for (where, change), names in groups.items():
            pairs.append((plain(""), cell_text(f"{', '.join(names)} ({where}): {change}")))
        layout.hanging(out, pairs, indent=2, gap=0)
    notes.print(out)
    print_footer(out, rulebook)


def question_keys(notes: Footnotes, rulebook: Rulebook, ids: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Footnotes for open questions, each naming the instrument and the id that records it."""
    keys = []
    for key, text in zip(ids, texts, strict=True):
        entry = rulebook.measure(key) or rulebook.suspension(key)
        if entry is not None:
            text = recorded_by(entry, entry.uncertainty)
        else:
            # A question of the end-user lists reads 'who: text' (EntityRegister.questions).
            who, _, rest = text.partition(": ")
            text = f"{short_instrument(who)} [{key}]: {rest}" if rest else f"[{key}] {text}"
        keys.append(notes.add(f"uncertain:{key}", cell_text(f"uncertain: {text}")))
    return keys


def recorded_by(entry: Measure | Suspension, text: str) -> str:
    """``No. 72 of 2025 [mofcom-2025-72]: text``: a question with the entry that records it."""
    return f"{short_instrument(entry.instrument)} [{entry.id}]: {' '.join(text.split())}"


def entry_questions(notes: Footnotes, entry: Measure | Suspension) -> list[str]:
    """Footnotes for an entry's open question and its dated open questions (``measures``)."""
    keys = []
    if entry.uncertainty:
        keys.append(
            notes.add(f"uncertain:{entry.id}", cell_text("uncertain: " + recorded_by(entry, entry.uncertainty)))
        )
    for q in entry.open_questions:
        text = f"open question for {iso(q.date)}: " + recorded_by(entry, q.text)
        keys.append(notes.add(f"question:{entry.id}:{iso(q.date)}:{q.text}", cell_text(text)))
    return keys


def simple_table(out: Console, columns: Sequence[str], rows: Iterable[Sequence[str]], title: str | None = None) -> None:
    """A table of text cells (each shown as text, except :class:`Markup` built here), laid out
    so that no word is split: a status column never wraps, other cells wrap at spaces."""
    from mineralctl import layout

    cols = [layout.Col(cell(c), prose=c.lower() not in ("status", "projected")) for c in columns]
    cells: list[list[Text | str]] = [[cell(c) for c in row] for row in rows]
    layout.table(out, cols, cells, title=cell(title) if title else None)


# --------------------------------------------------------------------------- browsing


def material_dict(m: Any) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "symbol": m.symbol,
        "chinese": m.chinese,
        "aliases": list(m.aliases),
        "groups": list(m.groups),
        "items": [
            {"name": i.name, "hs_codes": list(i.hs_codes), "control_code": i.control_code, "notes": i.notes}
            for i in m.items
        ],
        "notes": m.notes,
        "hs_note": HS_NOTE,
    }


ALIASES_SHOWN = 3


def print_materials(out: Console, materials: Sequence[Any]) -> None:
    """A row per material: its id, its names, and the first few aliases (``show`` has them all,
    and the groups; ``--group`` lists a group's members)."""
    from mineralctl import layout

    rows = []
    for m in materials:
        names = ", ".join(x for x in (m.symbol, m.chinese) if x)
        aliases = ", ".join(m.aliases[:ALIASES_SHOWN])
        if len(m.aliases) > ALIASES_SHOWN:
            aliases += f" … (+{len(m.aliases) - ALIASES_SHOWN})"
        rows.append([cell_text(m.id), cell_text(f"{m.name} ({names})" if names else m.name), cell_text(aliases)])
    columns = [layout.Col("Id"), layout.Col("Name", prose=True), layout.Col("Also typed as", prose=True)]
    layout.table(out, columns, rows, edge=False)


def in_force(start: Any, end: Any) -> str:
    return f"{iso(start)} →\n{iso(end) or 'open'}"


def print_measures(out: Console, measures: Sequence[Measure], suspensions: Sequence[Suspension]) -> None:
    """The measures, then the suspensions, each by id (the name ``show`` takes); the open
    questions recorded on them as numbered notes, referenced from the id."""
    from mineralctl import layout

    notes = Footnotes()

    def named(entry: Measure | Suspension) -> Text:
        keys = entry_questions(notes, entry)
        return cell_text(entry.id) + plain(f" {notes.refs(keys)}" if keys else "")

    rows: list[list[Text | str]] = []
    for m in measures:
        effect = styled(m.effect) + ("" if m.covers.value == "goods" else f"\n({m.covers.value})")
        where = str(m.destinations) + ("; military end use" if m.end_use == "military" else "")
        rows.append([named(m), Markup(effect), plain(in_force(m.start, m.end)), cell_text(where),
                     cell_text(short_citation(m))])  # fmt: skip
    columns = [
        layout.Col("Id"),
        layout.Col("Effect"),
        layout.Col("In force"),
        layout.Col("Where", prose=True),
        layout.Col("Instrument", prose=True),
    ]
    layout.table(out, columns, rows, title=plain("Measures"), edge=False)
    if suspensions:
        out.print()
        srows: list[list[Text | str]] = [
            [
                named(s),
                plain(in_force(s.start, s.end)),
                cell_text(short_instrument(s.instrument)),
                cell_text(", ".join(s.targets)),
            ]  # fmt: skip
            for s in suspensions
        ]
        columns = [
            layout.Col("Id"),
            layout.Col("In force"),
            layout.Col("Instrument", prose=True),
            layout.Col("Suspends", prose=True),
        ]
        layout.table(out, columns, srows, title=plain("Suspensions"), edge=False)
    notes.print(out)


def measure_full_dict(m: Measure) -> dict[str, Any]:
    return {
        **measure_dict(m),
        "authority": m.authority,
        "announced": iso(m.announced) or None,
        "materials": "all-dual-use" if m.all_dual_use else sorted(m.materials),
        "listed_only": m.listed_only,
        "covers": m.covers.value,
        "summary": m.summary,
        "sources": source_list(m),
        "notes": m.notes,
        "uncertainty": m.uncertainty,
        "open_questions": [{"date": iso(q.date), "text": q.text} for q in m.open_questions],
    }


def measure_show_dict(rulebook: Rulebook, m: Measure, today: Any) -> dict[str, Any]:
    """A measure whole, with its suspension windows and whether it applies on ``today`` (for
    the materials and destinations it covers)."""
    from mineralctl.resolve import suspension_of

    held = suspension_of(rulebook, m, today) if m.in_window(today) else None
    return {
        **measure_full_dict(m),
        "suspensions": [
            {"id": s.id, "instrument": s.instrument, "from": iso(s.start), "until": iso(s.end)}
            for s in rulebook.suspensions_of(m.id)
        ],
        "today": {
            "date": iso(today),
            "projected": today > rulebook.as_of,
            "in_force": m.in_window(today),
            "suspended_by": held.id if held else None,
            "applies": m.in_window(today) and held is None,
        },
    }


def questions_cell(entry: Measure | Suspension) -> str:
    """An entry's dated open questions in one CSV cell: ``2027-01-10: text | …``."""
    return " | ".join(f"{iso(q.date)}: {q.text}" for q in entry.open_questions)


def suspension_full_dict(s: Suspension) -> dict[str, Any]:
    return {
        **suspension_dict(s),
        "authority": s.authority,
        "announced": iso(s.announced) or None,
        "targets": list(s.targets),
        "summary": s.summary,
        "sources": source_list(s),
        "notes": s.notes,
        "uncertainty": s.uncertainty,
        "open_questions": [{"date": iso(q.date), "text": q.text} for q in s.open_questions],
    }


def flat(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={flat(v)}" for k, v in value.items() if v not in ("", None, []))
    return "" if value is None else str(value)


def csv_value(key: str, value: Any) -> str:
    """One field of a ``show`` record in a CSV cell; the entities a listing or its suspension
    covers, and a listing's suspensions and where it stands, as the table names them
    (``Name (US) [id]``), separated by ``; ``."""
    if key == "covers" and isinstance(value, list):
        return "; ".join(record_value(key, v) for v in value)
    if key == "suspensions" and isinstance(value, list) and all("kind" in v for v in value):
        return "; ".join(record_value(key, v) for v in value)  # of a listing
    if key == "today" and isinstance(value, dict) and "state" in value:
        return listing_today_text(value)
    return flat(value)


def print_record(out: Console, rows: Sequence[dict[str, Any]]) -> None:
    """Each record as ``label  value`` lines under its id, one label width for all of them,
    values wrapping under themselves; lists one entry a line, nested records (a listing, a
    history step, an item) in words; URLs whole on their own line. Records are separated by a
    blank line, and from the footer that names the files that answered."""
    from mineralctl import layout

    shown_rows = [{k: v for k, v in row.items() if v not in ("", None, []) and k != "id"} for row in rows]
    width = max((len(record_label(k)) for shown in shown_rows for k in shown), default=0)
    for index, (row, shown) in enumerate(zip(rows, shown_rows, strict=True)):
        if index:
            out.print()
        out.print(cell_text(str(row.get("id") or row.get("name") or "")), style="bold")
        pairs: list[tuple[Any, Any]] = []
        for key, value in shown.items():
            label = record_label(key)
            if key == "sources" and isinstance(value, list):
                for number, source in enumerate(value):
                    title = source.get("title", "") if isinstance(source, dict) else ""
                    url = source.get("url", "") if isinstance(source, dict) else str(source)
                    pairs.append((plain(label if number == 0 else ""), cell_text(title or url)))
                    if title:
                        # The URL whole on its own line: flush what is above it first.
                        layout.hanging(out, pairs, label_width=width)
                        layout.url_line(out, link(url), indent=width + 4)
                        pairs = []
                continue
            lines = [record_value(key, v) for v in value] if isinstance(value, list) else [record_value(key, value)]
            pairs += [(plain(label if i == 0 else ""), cell_text(line)) for i, line in enumerate(lines)]
        layout.hanging(out, pairs, label_width=width)
    if rows:
        out.print()


def record_label(key: str) -> str:
    """A field's name as a label: ``instrument_zh`` reads ``instrument (zh)``, ``hs_note`` ``hs note``."""
    return "instrument (zh)" if key == "instrument_zh" else key.replace("_", " ")


def record_value(key: str, value: Any) -> str:
    """One value of a record in words: nested records (a listing, a history step, an item, a
    suspension, an open question) as a phrase, never as ``key=value`` text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, dict):
        return flat(value)
    if key == "today":
        return listing_today_text(value) if "state" in value else today_text(value)
    if key == "suspensions" and "kind" in value:
        # A suspension or ending of a listing: its kind and window, then whom alone it names.
        window = f"{value['from']} to {value['until']}" if value.get("until") else f"from {value['from']}"
        only = f", only {', '.join(value['entities'])}" if value.get("entities") else ""
        return f"{value['kind']} {window}: {value['instrument']} [{value['id']}]{only}"
    if key == "history":
        return f"{value['date']}  {value['event']}: {value['instrument']}"
    if key == "open_questions":
        return f"{value['date']}: {value['text']}"
    if key == "covers":
        where = f" ({value['country']})" if value.get("country") else ""
        return f"{value['name']}{where} [{value['id']}]"
    if "instrument" in value and "id" in value:
        # A listing or a suspension: its instrument and id first, then when and what.
        zh = f" ({value['instrument_zh']})" if value.get("instrument_zh") else ""
        when = [f"{value['list']} list"] if value.get("list") else []
        if value.get("announced") and value.get("announced") != value.get("from"):
            when.append(f"announced {value['announced']}")
        if value.get("until"):
            when.append(f"{value['from']} to {value['until']}")
        elif value.get("from"):
            when.append(f"from {value['from']}")
        return f"{value['instrument']}{zh} [{value['id']}]" + (f", {', '.join(when)}" if when else "")
    if "name" in value:
        # An item of a material: its name, then its codes and notes.
        rest = [
            f"{record_label(k)} {', '.join(map(str, v)) if isinstance(v, list) else flat(v)}"
            for k, v in value.items()
            if k not in ("name", "notes") and v
        ]
        tail = f". {value['notes']}" if value.get("notes") else ""
        return f"{value['name']}" + (f" ({'; '.join(rest)})" if rest else "") + tail
    return "; ".join(f"{record_label(k)} {flat(v)}" for k, v in value.items() if v not in ("", None, []))


def listing_today_text(today: dict[str, Any]) -> str:
    """Where a listing stands on a date, in words."""
    when = today["date"] + (" (projected)" if today.get("projected") else "")
    if today["state"] == "suspended":
        held = today["suspension"]
        return f"suspended on {when}, to {held['until']} inclusive, by [{held['id']}]"
    if today["state"] == "ended":
        ending = today["ending"]
        return f"{ending['kind']} from {ending['from']} by [{ending['id']}]: no longer applies on {when}"
    if today["state"] == "not-yet-listed":
        return f"not yet in force on {when}"
    return f"in force on {when}"


def today_text(today: dict[str, Any]) -> str:
    """Whether a measure applies on a date, in words."""
    when = today["date"] + (" (projected)" if today.get("projected") else "")
    if not today["in_force"]:
        return f"not in force on {when}"
    if today["suspended_by"]:
        return f"in force but suspended on {when} by [{today['suspended_by']}]: it does not apply"
    return f"applies on {when}"


# --------------------------------------------------------------------------- named end users


def register_dict(register: EntityRegister) -> dict[str, str]:
    return {"path": register.path, "version": register.version, "as_of": iso(register.as_of)}


def listing_dict(listing: Listing) -> dict[str, Any]:
    return {
        "id": listing.id,
        "instrument": listing.instrument,
        "instrument_zh": listing.instrument_zh,
        "list": listing.list.value,
        "announced": iso(listing.announced) or None,
        "from": iso(listing.start),
    }


def list_entry_dict(register: EntityRegister, entry: Listing | Suspension | Ending, day: Any) -> dict[str, Any]:
    """A listing, or a suspension or ending of listings, whole (``show ID``), then, briefly,
    the listed entities it covers (name, country and id: ``show`` takes each id). A listing also
    lists every suspension and ending of it and says where it stands on ``day``."""
    row: dict[str, Any]
    if isinstance(entry, Listing):
        row = {
            **listing_dict(entry),
            "authority": entry.authority,
            "summary": entry.summary,
            "sources": [{"title": x.title, "url": x.url} for x in entry.sources],
            "notes": entry.notes,
            "uncertainty": entry.uncertainty,
            "suspensions": [
                {
                    "id": change.id,
                    "instrument": change.instrument,
                    "kind": change.kind if isinstance(change, Ending) else "suspended",
                    "from": iso(change.start),
                    "until": None if isinstance(change, Ending) else iso(change.end),
                    "entities": list(only),
                }
                for change, only in register.changes_of(entry)
            ],
            "today": {
                "date": iso(day),
                "projected": day > register.as_of,
                **state_dict(register.listing_state(entry, day)),
            },
        }
        covered = [e for e in register.entities if e.listing == entry.id]
    else:
        if isinstance(entry, Ending):
            row = {
                "id": entry.id,
                "instrument": entry.instrument,
                "instrument_zh": entry.instrument_zh,
                "kind": entry.kind,
                "from": iso(entry.start),
                "authority": entry.authority,
                "announced": iso(entry.announced) or None,
                "targets": list(entry.targets),
                "summary": entry.summary,
                "sources": [{"title": x.title, "url": x.url} for x in entry.sources],
            }
        else:
            row = suspension_full_dict(entry)
        covered = [e for e in register.entities if e.id in entry.targets or e.listing in entry.targets]
    row["covers"] = [{"id": e.id, "name": e.name, "country": e.country or None} for e in covered]
    return row


def state_dict(state: ListingState) -> dict[str, Any]:
    return {
        "state": state.kind,
        "suspension": suspension_dict(state.suspension) if state.suspension else None,
        "ending": {
            "id": state.ending.id,
            "instrument": state.ending.instrument,
            "kind": state.ending.kind,
            "from": iso(state.ending.start),
        }
        if state.ending
        else None,
    }


def entity_dict(register: EntityRegister, entity: ListedEntity, day: Any = None) -> dict[str, Any]:
    listing = register.listing_of(entity)
    row: dict[str, Any] = {
        "id": entity.id,
        "name": entity.name,
        "chinese": entity.chinese,
        "aliases": list(entity.aliases),
        "country": entity.country or None,
        "address": entity.address,
        "list": listing.list.value,
        "listing": listing_dict(listing),
        "paragraph": entity.paragraph,
        "confirmed": entity.confirmed,
    }
    if day is not None:
        row["date"] = iso(day)
        row["projected"] = day > register.as_of
        row.update(state_dict(register.state(entity, day)))
    row["history"] = entity_history(register, entity)
    row["notes"] = " ".join(x for x in (entity.notes, listing.notes) if x)
    row["uncertainty"] = entity_uncertainty(register, entity, day)
    row["sources"] = [{"title": s.title, "url": s.url} for s in (*entity.sources, *listing.sources)]
    return row


def entity_uncertainty(register: EntityRegister, entity: ListedEntity, day: Any = None) -> list[str]:
    """The open questions behind an entry (on ``day``): its own first, then its listing's and its
    suspensions' (``EntityRegister.entity_questions``)."""
    found = register.entity_questions(entity, day)
    return [text for key, _, text in found if key == entity.id] + [text for key, _, text in found if key != entity.id]


def entity_question_keys(notes: Footnotes, register: EntityRegister, entity: ListedEntity, day: Any) -> list[str]:
    """Footnotes for the open questions behind an entry on ``day``: an entry's own by its text
    (many unconfirmed entries share one), a listing's or suspension's with its instrument and id."""
    keys = []
    for key, who, text in register.entity_questions(entity, day):
        words = " ".join(text.split())
        if key == entity.id:
            keys.append(notes.add(f"uncertain-entry:{words}", cell_text(f"uncertain: {words}")))
        else:
            label = f"uncertain: {short_instrument(who)} [{key}]: {words}"
            keys.append(notes.add(f"uncertain:{key}", cell_text(label)))
    return keys


def entity_history(register: EntityRegister, entity: ListedEntity) -> list[dict[str, Any]]:
    """The dated steps of one entity's listing: listed, suspended, applies again, stopped."""
    listing = register.listing_of(entity)
    steps: list[dict[str, Any]] = [{"date": iso(listing.start), "event": "listed", "instrument": listing.instrument}]
    for s in register.suspensions:
        if entity.id in s.targets or entity.listing in s.targets:
            event = f"suspended to {iso(s.end)} inclusive"
            steps.append({"date": iso(s.start), "event": event, "instrument": s.instrument})
    for e in register.endings:
        if entity.id in e.targets or entity.listing in e.targets:
            steps.append({"date": iso(e.start), "event": e.kind, "instrument": e.instrument})
    return sorted(steps, key=lambda s: str(s["date"]))


def end_user_dict(check: EndUserCheck) -> dict[str, Any]:
    def one(m: EntityMatch) -> dict[str, Any]:
        return {
            "entity": m.entity.id,
            "name": m.entity.name,
            "chinese": m.entity.chinese,
            "country": m.entity.country or None,
            "list": m.listing.list.value,
            "listing": listing_dict(m.listing),
            "paragraph": m.entity.paragraph,
            "confirmed": m.entity.confirmed,
            "matched_by": m.how,
            "score": m.score,
            **state_dict(m.state),
            "effect": m.effect.value if m.effect else None,
            "reason": m.reason,
            "sources": [s.url for s in (*m.entity.sources, *m.listing.sources)],
        }

    return {
        "query": check.query,
        "status": check.status.value if check.status else None,
        "material_status": check.material_status.value,
        "matches": [one(m) for m in check.matches],
        "possible_matches": [one(m) for m in check.possible],
    }


END_USER_CSV_HEADER = ("end_user", "end_user_status", "end_user_matches")


def end_user_csv(check: EndUserCheck | None) -> list[str]:
    if check is None:
        return ["", "", ""]
    return [check.query, check.status.value if check.status else "", end_user_summary(check)]


_STANDING = {"ended": "ended", "suspended": "suspended", "not-yet-listed": "not yet in force"}
"""A listing's state that is not in force, as a possible match's cell says it."""


def end_user_summary(check: EndUserCheck | None) -> str:
    """One line for CSV and screen cells: the listings that matched and how."""
    if check is None:
        return ""
    parts = [
        f"{m.entity.name} ({m.listing.list.value} list, {m.listing.instrument}; {m.state.kind}"
        + (f"; matched with the country tag {m.set_aside!r} set aside)" if m.set_aside else ")")
        for m in check.matches
    ]
    parts += [
        f"possible match, review: {m.entity.name} (score {m.score:.2f}"
        + ("" if m.state.kind == "in-force" else f"; listing {_STANDING[m.state.kind]}")
        + ")"
        for m in check.possible
    ]
    return "; ".join(parts) or "no listed entity matched"


def print_end_users(out: Console, results: Sequence[Resolution]) -> None:
    """After the status table: the named end user, every listing it matched, how, and why, each
    wrapping under itself. Possible matches are the table's numbered notes already: counted
    here, not repeated."""
    from mineralctl import layout

    seen: set[str] = set()
    for r in results:
        check = r.end_user
        if check is None:
            continue
        lines: list[tuple[int, str, str]] = []  # (indent, bullet, text)
        for m in check.matches:
            effect = styled(m.effect) if m.effect else "no effect"
            lines.append(
                (
                    2,
                    "•",
                    f"{markup(m.entity.name)} ({markup(m.entity.chinese or '-')}; {m.entity.country or '?'}), "
                    f"{m.listing.list.value} list, {markup(m.listing.instrument)} {markup(m.entity.paragraph)}; "
                    f"matched by {markup(m.how)}: {effect}",
                )
            )
            lines.append((4, "–", markup(m.reason)))
        if check.possible:
            count = len(check.possible)
            lines.append(
                (
                    2,
                    "•",
                    f"[bold]{count} possible match{'es' if count > 1 else ''} to review[/], in the notes above: "
                    f"{'they do' if count > 1 else 'it does'} not change the status",
                )
            )
        if not check.matches and not check.possible:
            lines.append((2, "•", "no entity on the control or watch list matched this name"))
        title = f"End user {markup(repr(check.query))} on {iso(r.date)}:"
        block = "\n".join([title, *(text for _, _, text in lines)])
        if block not in seen:
            seen.add(block)
            out.print()
            out.print(title)
            for indent, bullet, text in lines:  # a reason under its match, each wrapping under itself
                layout.hanging(out, [(bullet, text)], indent=indent, gap=1)
    if seen:
        out.print(
            "[dim]End users are screened against China's control and watch lists only: not a sanctions "
            "screening. A name that does not match is not cleared.[/]"
        )


# --------------------------------------------------------------------------- rulebook diff


def side_dict(side: Side) -> dict[str, Any]:
    return {
        "status": side.status.value if side.status else None,
        "measures": list(side.measures),
        "suspended": list(side.suspended),
    }


def status_change_dict(c: StatusChange, as_of: Any) -> dict[str, Any]:
    return {
        "material": c.material,
        "destination": c.destination,
        "end_use": c.end_use.value,
        "from": iso(c.start) or None,
        "until": iso(c.end) or None,
        "projected": c.start is not None and c.start > as_of,
        "old": side_dict(c.old),
        "new": side_dict(c.new),
    }


def entry_changes_dict(e: EntryChanges) -> dict[str, Any]:
    return {
        "added": list(e.added),
        "removed": list(e.removed),
        "changed": [{"id": key, "keys": list(keys)} for key, keys in e.changed],
    }


def comparison_json(c: Comparison) -> str:
    """``rulebook diff --format json``: both rulebooks, then what differs."""
    as_of = min(c.old.as_of, c.new.as_of)
    document = {
        "schema": SCHEMA,
        "old": rulebook_dict(c.old),
        "new": rulebook_dict(c.new),
        "statuses": [status_change_dict(s, as_of) for s in c.statuses],
        "materials": entry_changes_dict(c.materials),
        "measures": entry_changes_dict(c.measures),
        "suspensions": entry_changes_dict(c.suspensions),
    }
    import json  # only for JSON output

    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _side_text(side: Side) -> str:
    if side.status is None:
        return "(not in this rulebook)"
    why = [*side.measures, *(f"{s} (suspended)" for s in side.suspended)]
    return side.status.value + (": " + ", ".join(why) if why else "")


def print_comparison(out: Console, c: Comparison) -> None:
    """``rulebook diff`` as tables: status ranges, then entries by kind."""
    out.print(f"[bold]Old:[/] {markup(files_label(c.old))}")
    out.print(f"[bold]New:[/] {markup(files_label(c.new))}")
    if not c.statuses:
        out.print("No answer differs: every material, destination and end use has the same status on every date.")
    else:
        # A range that differs alike for civil and military end use is one row.
        rows: dict[tuple[str, str | None, dt.date | None, dt.date | None, Side, Side], list[str]] = {}
        for s in c.statuses:
            rows.setdefault((s.material, s.destination, s.start, s.end, s.old, s.new), []).append(s.end_use.value)
        simple_table(
            out,
            ("Material", "Destination", "End use", "From", "Until", "Old", "New"),
            (
                [
                    material,
                    destination or "other destinations",
                    ", ".join(uses),
                    iso(start) or "…",
                    iso(end) or "…",
                    _side_text(old),
                    _side_text(new),
                ]
                for (material, destination, start, end, old, new), uses in rows.items()
            ),
            title=f"Status changes ({counted(len(rows), 'range')})",
        )
    for kind, changes in (("Materials", c.materials), ("Measures", c.measures), ("Suspensions", c.suspensions)):
        if not changes:
            out.print(f"{kind}: none added, removed or changed.", markup=False)
            continue
        simple_table(
            out,
            ("Id", "Change"),
            [
                *([key, "added"] for key in changes.added),
                *([key, "removed"] for key in changes.removed),
                *([key, "changed: " + ", ".join(keys)] for key, keys in changes.changed),
            ],
            title=kind,
        )
    out.print(f"[dim]Dates after {iso(min(c.old.as_of, c.new.as_of))} are projected in at least one of the two.[/]")
