"""Turn resolutions into text: JSON and CSV for scripts, a rich table for people.

JSON and CSV need only the standard library; rich is imported only for tables.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from mineralctl.dates import iso
from mineralctl.model import Measure, Resolution, Status, Suspension
from mineralctl.text import markup, visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console
    from rich.text import Text

    from mineralctl.destinations import Destination
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
        "related": [{**measure_dict(m), "covers": m.covers.value} for m in r.related],
        "other_destinations": [
            {"destination": d.code, "name": d.name, "status": d.status.value, "measures": list(d.measures)}
            for d in r.other_destinations
        ],
        "military_status": r.military_status.value if r.military_status else None,
        "notes": r.material.notes,
    }


def rulebook_dict(rulebook: Rulebook) -> dict[str, Any]:
    """The rulebook that answered: the base's version, the ``as_of`` projections are measured
    against (the earliest of the files'), and every file that contributed."""
    return {
        "version": rulebook.version,
        "as_of": iso(rulebook.as_of),
        "files": [
            {"path": f.path, "version": f.version, "as_of": iso(f.as_of), "overlay": f.overlay} for f in rulebook.files
        ],
    }


def rulebook_label(rulebook: Rulebook) -> str:
    """Every file that contributed, with its version and checked-through date, on one line."""
    if len(rulebook.files) <= 1:
        return f"rulebook {rulebook.version}, sources checked to {iso(rulebook.as_of)}"
    parts = [
        f"{'overlay' if f.overlay else 'rulebook'} {f.path} {f.version}, checked to {iso(f.as_of)}"
        for f in rulebook.files
    ]
    return "; ".join(parts)


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
    "rulebook",
)


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
        rulebook,
    ]


# --------------------------------------------------------------------------- tables


def console(stderr: bool = False) -> Console:
    """A rich console: no colour when piped or when NO_COLOR is set (rich honours both)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


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


def print_status_table(out: Console, rulebook: Rulebook, results: Sequence[Resolution], explain: bool = False) -> None:
    from rich.table import Table

    projected = any(r.projected for r in results)
    caption = (
        f"* projected: after the rulebook's as_of {iso(rulebook.as_of)}, by the rules as written" if projected else None
    )
    first = results[0] if results else None
    where = first.destination.name if first and first.destination else OTHER_DESTINATIONS
    title = f"{iso(first.date)} · {where} · {first.end_use.value} end use" if first else None
    table = Table(
        title=cell(title) if title else None,
        title_justify="left",
        header_style="bold",
        caption=caption,
        caption_justify="left",
        min_width=len(title) if title else None,
    )
    table.add_column("Material", overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Next change", no_wrap=True)
    for r in results:
        change = f"{iso(r.next_change.date)} → {r.next_change.status.value}" if r.next_change else "none"
        table.add_row(cell(r.material.name), styled(r.status) + ("*" if r.projected else ""), change)
    out.print(table)
    for r in results:
        out.print()
        heading = (
            f"[bold]{markup(r.material.name)}[/] on {iso(r.date)}, {markup(destination_label(r))}, "
            f"{r.end_use.value} end use: {styled(r.status)}"
        )
        out.print(heading + (" [italic](projected)[/]" if r.projected else ""))
        if not r.measures:
            out.print("  No export-control measure applies.")
        for m in r.measures:
            chinese = f" ({markup(m.instrument_zh)})" if m.instrument_zh else ""
            out.print(f"  {styled(m.effect)}  {markup(m.citation)}{chinese}  [dim]{markup(_window(m.start, m.end))}[/]")
            if explain and m.summary:
                out.print(f"      {markup(m.summary)}")
            for s in m.sources[: None if explain else 1]:
                out.print(link(s.url, indent=6))
        for held in r.suspended:
            out.print(
                f"  [dim]suspended[/]  {markup(held.measure.citation)} ({held.measure.effect.value}), by "
                f"{markup(held.suspension.instrument)} {markup(_window(held.suspension.start, held.suspension.end))}"
            )
        for m in r.related:
            out.print(f"  [dim]related ({m.covers.value})[/]  {markup(m.citation)}: {m.effect.value}")
        for d in r.other_destinations:
            out.print(f"  [bold]{markup(d.name)} ({markup(d.code)})[/] is treated differently: {styled(d.status)}")
        if r.military_status:
            out.print(f"  For military end use the status is stricter: {styled(r.military_status)}")
        if r.next_change:
            out.print(f"  Next change: from {iso(r.next_change.date)} the status is {r.next_change.status.value}.")
        for text in r.uncertainty:
            out.print(f"  [magenta]uncertain:[/] {markup(text)}")
        if r.material.notes and (explain or r.status is Status.NOT_CONTROLLED):
            out.print(f"  [dim]note:[/] {markup(r.material.notes)}")
    label = rulebook_label(rulebook)
    out.print(f"\n[dim]{markup(label[0].upper() + label[1:])}. A research aid, not legal advice.[/]")


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
    out.print(
        f"\n[bold]Why {markup(r.material.name)} is {styled(r.status)} on {iso(r.date)}[/] "
        f"({markup(destination_label(r))}, {r.end_use.value} end use)"
    )
    if not steps:
        out.print("  1. No goods measure in the rulebook names this material, so it is not controlled.")
    for number, step in enumerate(steps, 1):
        out.print(f"  {number}. {markup(step.measure.citation)} ({step.measure.effect.value}): [bold]{step.outcome}[/]")
        for check in step.checks:
            mark = "[green]yes[/]" if check.passed else "[red]no[/]"
            out.print(f"       {check.name:<12} {mark}  {markup(check.detail)}")
        for source in step.measure.sources:
            out.print(f"       source: {markup(source.url)}")
    if r.measures:
        winner = r.measures[0]
        out.print(f"  => The strictest applying measure decides: {markup(winner.citation)} -> {styled(winner.effect)}.")
    else:
        out.print("  => No measure applies, so the status is not-controlled.")


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
    }


def print_timeline(out: Console, title: str, periods: Sequence[Any], today: Any, as_of: Any) -> None:
    """One line per period with a bar proportional to its length, coloured by status."""
    import datetime as dt

    year = dt.timedelta(days=365)
    first, last = periods[0], periods[-1]
    boundaries = [p.start for p in periods if p.start is not None]
    low = first.start or (min(boundaries) - year if boundaries else today - year)
    high = last.end or max([*boundaries, today]) + year
    span = max((high - low).days + 1, 1)
    width = 28
    out.print(f"[bold]{markup(title)}[/]")
    for p in periods:
        start, end = p.start or low, p.end or high
        offset = min(width - 1, (start - low).days * width // span)
        cells = max(1, min(width - offset, round(((end - start).days + 1) * width / span)))
        bar = " " * offset + "█" * cells
        flag = " [italic](projected)[/]" if p.projected else ""
        left, right = iso(p.start) or "…", iso(p.end) or "…"
        out.print(f"{left:>10} → {right:<10} [{STATUS_STYLE[p.status]}]{bar:<{width}}[/] {styled(p.status)}{flag}")
        out.print(f"    [dim]{markup(p.change)}[/]")
    out.print(f"[dim]Dates after {iso(as_of)}, the rulebook's as_of, are projected from the rules as written.[/]")


def difference_dict(d: Any) -> dict[str, Any]:
    return {
        "material": d.material.id,
        "before": d.before.value,
        "after": d.after.value,
        "instruments": list(d.instruments),
    }


def event_dict(e: Any) -> dict[str, Any]:
    return {
        "date": iso(e.date),
        "kind": e.kind,
        "instrument": e.instrument,
        "entry": e.entry,
        "description": e.description,
        "projected": e.projected,
        "effects": [
            {"material": x.material.id, "destination": x.destination, "before": x.before.value, "after": x.after.value}
            for x in e.effects
        ],
    }


def simple_table(out: Console, columns: Sequence[str], rows: Iterable[Sequence[str]], title: str | None = None) -> None:
    """A table of text cells, each escaped, except cells built as :class:`Markup` here."""
    from rich.table import Table

    table = Table(title=cell(title) if title else None, header_style="bold", title_justify="left")
    for column in columns:
        table.add_column(cell(column), overflow="fold")
    for row in rows:
        table.add_row(*map(cell, row))
    out.print(table)


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
    }


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
    }


def flat(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={flat(v)}" for k, v in value.items() if v not in ("", None, []))
    return "" if value is None else str(value)


def print_record(out: Console, rows: Sequence[dict[str, Any]]) -> None:
    for row in rows:
        out.print()
        for key, value in row.items():
            if value in ("", None, []):
                continue
            if key in ("items", "sources") and isinstance(value, list):
                out.print(f"[bold]{key}[/]:")
                for entry in value:
                    out.print(f"  - {markup(flat(entry))}")
                continue
            out.print(f"[bold]{key}[/]: {markup(flat(value))}")
