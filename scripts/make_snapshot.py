"""Golden snapshot of the packaged rulebook's answers, so every data change is a reviewable diff.

Every material x destination {default, US, JP, DE, IN} x end use {civil, military} is resolved on
the day before, the first day, the last day and the day after every measure and suspension window
(dates from 2023-01-01 to 2027-12-31). The JSON is grouped by material, then destination, then end
use; each series is a list of ``[date, status, [applied measure ids], [suspended measure ids]]``
entries, kept only where the answer differs from the previous boundary date.

    python scripts/make_snapshot.py                   # rewrite tests/snapshots/rulebook.json
    python scripts/make_snapshot.py --check           # exit 1, with a summary, if it differs

Run it with the interpreter that has mineralctl installed: it snapshots the *installed* package's
rulebook, so reinstall (``pip install --force-reinstall --no-deps .``) after editing data/ or src/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from mineralctl.api import Rulebook, load_rulebook, packaged_path
from mineralctl.model import EndUse
from mineralctl.resolve import match

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO / "tests" / "snapshots" / "rulebook.json"
DESTINATIONS: tuple[str | None, ...] = (None, "US", "JP", "DE", "IN")
END_USES = tuple(EndUse)
FIRST, LAST = dt.date(2023, 1, 1), dt.date(2027, 12, 31)
SCHEMA = 1
ONE_DAY = dt.timedelta(days=1)


def packaged_rulebook() -> Rulebook:
    """The rulebook shipped in the installed package (``MINERALCTL_RULEBOOK`` is ignored)."""
    path = packaged_path()
    return load_rulebook(path) if os.path.isfile(path) else load_rulebook()


def stale_install() -> str | None:
    """A warning when the installed rulebook is not the repository's data/measures.yaml."""
    mine, installed = REPO / "data" / "measures.yaml", Path(packaged_path())
    if not mine.is_file() or not installed.is_file() or mine.resolve() == installed.resolve():
        return None
    if mine.read_bytes() == installed.read_bytes():
        return None
    return (
        f"the installed rulebook ({installed}) differs from {mine}: reinstall with "
        "pip install --force-reinstall --no-deps . before regenerating the snapshot"
    )


def boundary_dates(book: Rulebook) -> list[dt.date]:
    """The day before, first day, last day and day after every window, within FIRST..LAST."""
    days: set[dt.date] = set()
    for entry in (*book.measures, *book.suspensions):
        days.update((entry.start - ONE_DAY, entry.start))
        if entry.end is not None:
            days.update((entry.end, entry.end + ONE_DAY))
    return sorted(d for d in days if FIRST <= d <= LAST)


def series(
    book: Rulebook, material_id: str, destination: str | None, end_use: EndUse, days: list[dt.date]
) -> list[Any]:
    """``[date, status, applied ids, suspended ids]`` where the answer differs from the day before."""
    material = book.materials[material_id]
    entries: list[Any] = []
    previous: list[Any] | None = None
    for day in days:
        found = match(book, material, day, destination, end_use)
        state = [found.status.value, [m.id for m in found.applied], [s.measure.id for s in found.suspended]]
        if state != previous:
            entries.append([day.isoformat(), *state])
            previous = state
    return entries


def snapshot(book: Rulebook) -> dict[str, Any]:
    """The whole snapshot as plain JSON data."""
    days = boundary_dates(book)
    materials: dict[str, Any] = {}
    for material_id in sorted(book.materials):
        materials[material_id] = {
            place or "default": {use.value: series(book, material_id, place, use, days) for use in END_USES}
            for place in DESTINATIONS
        }
    return {
        "schema": SCHEMA,
        "version": book.version,
        "as_of": book.as_of.isoformat(),
        "destinations": [place or "default" for place in DESTINATIONS],
        "dates": [d.isoformat() for d in days],
        "materials": materials,
    }


def render(data: dict[str, Any]) -> str:
    """Indented JSON with one entry per line, so a changed answer is a one-line diff."""
    out = ["{"]
    for key in ("schema", "version", "as_of", "destinations", "dates"):
        out.append(f"  {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},")
    out.append('  "materials": {')
    materials = list(data["materials"].items())
    for i, (material, places) in enumerate(materials):
        out.append(f"    {json.dumps(material)}: {{")
        for j, (place, uses) in enumerate(places.items()):
            out.append(f"      {json.dumps(place)}: {{")
            for k, (use, entries) in enumerate(uses.items()):
                out.append(f"        {json.dumps(use)}: [")
                for n, entry in enumerate(entries):
                    comma = "," if n < len(entries) - 1 else ""
                    out.append(f"          {json.dumps(entry, ensure_ascii=False)}{comma}")
                out.append("        ]" + ("," if k < len(uses) - 1 else ""))
            out.append("      }" + ("," if j < len(places) - 1 else ""))
        out.append("    }" + ("," if i < len(materials) - 1 else ""))
    out += ["  }", "}"]
    return "\n".join(out) + "\n"


def _state_on(entries: list[Any], day: str) -> tuple[str, list[str], list[str]] | None:
    state = None
    for entry in entries:
        if entry[0] > day:
            break
        state = (entry[1], entry[2], entry[3])
    return state


def _show(state: tuple[str, list[str], list[str]] | None) -> str:
    if state is None:
        return "(absent)"
    status, applied, suspended = state
    text = f"{status} [{', '.join(applied)}]"
    return text + (f" suspended [{', '.join(suspended)}]" if suspended else "")


def differences(committed: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """One line per difference, the header first, then per series the first date that differs."""
    lines = []
    for key in ("schema", "version", "as_of", "destinations"):
        if committed.get(key) != fresh.get(key):
            lines.append(f"{key}: {committed.get(key)!r} -> {fresh.get(key)!r}")
    old_days, new_days = set(committed.get("dates", [])), set(fresh.get("dates", []))
    if old_days != new_days:
        added, removed = sorted(new_days - old_days), sorted(old_days - new_days)
        lines.append(f"boundary dates: added {added or 'none'}, removed {removed or 'none'}")
    days = sorted(old_days | new_days)
    old, new = committed.get("materials", {}), fresh.get("materials", {})
    for material in sorted(set(old) | set(new)):
        if material not in new or material not in old:
            lines.append(f"{material}: {'removed' if material not in new else 'added'}")
            continue
        for place in dict.fromkeys([*old[material], *new[material]]):
            for use in dict.fromkeys([*old[material].get(place, {}), *new[material].get(place, {})]):
                before = old[material].get(place, {}).get(use)
                after = new[material].get(place, {}).get(use)
                if before == after:
                    continue
                if before is None or after is None:
                    lines.append(f"{material} / {place} / {use}: {'added' if before is None else 'removed'}")
                    continue
                changed = [d for d in days if _state_on(before, d) != _state_on(after, d)]
                if not changed:  # the same answers, written with different change points
                    lines.append(f"{material} / {place} / {use}: same answers, entries written differently")
                    continue
                day = changed[0]
                more = f" (and {len(changed) - 1} more dates)" if len(changed) > 1 else ""
                lines.append(
                    f"{material} / {place} / {use} on {day}: "
                    f"{_show(_state_on(before, day))} -> {_show(_state_on(after, day))}{more}"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed snapshot differs")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT, help=f"the snapshot file (default {SNAPSHOT})")
    args = parser.parse_args(argv)
    warning = stale_install()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    fresh = snapshot(packaged_rulebook())
    text = render(fresh)
    if args.check:
        if not args.snapshot.is_file():
            print(f"{args.snapshot} is missing: run python scripts/make_snapshot.py")
            return 1
        current = args.snapshot.read_text(encoding="utf-8")
        if current == text:
            return 0
        lines = differences(json.loads(current), fresh) or ["same answers, formatted differently"]
        print(f"{args.snapshot} differs from the rulebook's answers ({len(lines)} differences):")
        for line in lines[:20]:
            print(f"  {line}")
        if len(lines) > 20:
            print(f"  ... and {len(lines) - 20} more")
        print("run python scripts/make_snapshot.py and review the diff")
        return 1
    args.snapshot.parent.mkdir(parents=True, exist_ok=True)
    args.snapshot.write_text(text, encoding="utf-8")
    size = len(text.encode())
    print(f"wrote {args.snapshot} ({size:,} bytes, {len(fresh['materials'])} materials, {len(fresh['dates'])} dates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
