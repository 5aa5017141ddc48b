"""Turn resolutions into text: JSON and CSV for scripts, a rich table for people.

JSON and CSV need only the standard library; rich is imported only for tables.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mineralctl.dates import iso
from mineralctl.model import Measure, Resolution, Status, Suspension

if TYPE_CHECKING:
    from rich.console import Console

    from mineralctl.rulebook import Rulebook

SCHEMA = 1

STATUS_STYLE = {
    Status.NOT_CONTROLLED: "green",
    Status.LICENSE_REQUIRED: "yellow",
    Status.ENHANCED_REVIEW: "dark_orange",
    Status.PROHIBITED: "bold red",
}
HS_NOTE = "HS codes are reference only: the Dual-Use List and the law prevail over any customs code"


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
        "suspended": [
            {**measure_dict(s.measure), "suspension": suspension_dict(s.suspension)} for s in r.suspended
        ],
        "next_change": {"date": iso(r.next_change.date), "status": r.next_change.status.value}
        if r.next_change
        else None,
        "warnings": list(r.warnings),
        "uncertainty": list(r.uncertainty),
        "related": [{**measure_dict(m), "covers": m.covers.value} for m in r.related],
        "other_destinations": [
            {"destination": d.code, "name": d.name, "status": d.status.value, "measures": list(d.measures)}
            for d in r.other_destinations
        ],
        "military_status": r.military_status.value if r.military_status else None,
    }


def rulebook_dict(rulebook: Rulebook) -> dict[str, str]:
    return {"version": rulebook.version, "as_of": iso(rulebook.as_of)}


def json_document(rulebook: Rulebook, key: str, rows: list[Any], **extra: Any) -> str:
    document = {"schema": SCHEMA, "rulebook": rulebook_dict(rulebook), **extra, key: rows}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


STATUS_CSV_HEADER = (
    "material", "query", "date", "destination", "end_use", "status", "projected", "measures",
    "suspended", "next_change_date", "next_change_status", "warnings",
)


def status_csv_row(r: Resolution) -> list[str]:
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
    ]


# --------------------------------------------------------------------------- tables


def console(stderr: bool = False) -> Console:
    """A rich console: no colour when piped or when NO_COLOR is set (rich honours both)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def styled(status: Status) -> str:
    return f"[{STATUS_STYLE[status]}]{status.value}[/]"


def destination_label(r: Resolution) -> str:
    return str(r.destination) if r.destination else "any destination not named by a country measure"


def print_status_table(out: Console, rulebook: Rulebook, results: Sequence[Resolution], explain: bool = False) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=None, show_lines=False, header_style="bold")
    for column in ("Material", "Date", "Destination", "End use", "Status", "Next change"):
        table.add_column(column, overflow="fold")
    for r in results:
        change = f"{iso(r.next_change.date)} -> {r.next_change.status.value}" if r.next_change else "none scheduled"
        label = styled(r.status) + (" [italic](projected)[/]" if r.projected else "")
        table.add_row(
            escape(r.material.name),
            iso(r.date),
            escape(r.destination.code if r.destination else "(default)"),
            r.end_use.value,
            label,
            change,
        )
    out.print(table)
    for r in results:
        out.print()
        heading = f"[bold]{escape(r.material.name)}[/] on {iso(r.date)}, {escape(destination_label(r))}, {r.end_use.value} end use: {styled(r.status)}"
        out.print(heading + (" [italic](projected)[/]" if r.projected else ""))
        if not r.measures:
            out.print("  No export-control measure applies.")
        for m in r.measures:
            out.print(f"  {styled(m.effect)}  {escape(m.citation)}  [dim]{escape(_window(m.start, m.end))}[/]")
            if explain and m.summary:
                out.print(f"      {escape(m.summary)}")
            for s in m.sources[: None if explain else 1]:
                out.print(f"      [link={s.url}]{escape(s.url)}[/link]")
        for s in r.suspended:
            out.print(
                f"  [dim]suspended[/]  {escape(s.measure.citation)} ({s.measure.effect.value}), by "
                f"{escape(s.suspension.instrument)} {escape(_window(s.suspension.start, s.suspension.end))}"
            )
        for m in r.related:
            out.print(f"  [dim]related ({m.covers.value})[/]  {escape(m.citation)}: {m.effect.value}")
        for d in r.other_destinations:
            out.print(f"  [bold]{escape(d.name)} ({d.code})[/] is treated differently: {styled(d.status)}")
        if r.military_status:
            out.print(f"  For military end use the status is stricter: {styled(r.military_status)}")
        if r.next_change:
            out.print(f"  Next change: from {iso(r.next_change.date)} the status is {r.next_change.status.value}.")
        for text in r.uncertainty:
            out.print(f"  [magenta]uncertain:[/] {escape(text)}")
        if r.material.notes and (explain or r.status is Status.NOT_CONTROLLED):
            out.print(f"  [dim]note:[/] {escape(r.material.notes)}")
    out.print(f"\n[dim]Rulebook {escape(rulebook.version)}, sources checked to {iso(rulebook.as_of)}. A research aid, not legal advice.[/]")


def _window(start: Any, end: Any) -> str:
    return f"{iso(start)} .. {iso(end) if end else 'open'}"
