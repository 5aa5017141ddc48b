"""Golden snapshot of the packaged rulebook: every material x {default, US, JP, DE, IN} x
{civil, military}, on the day before, first day, last day and day after every window and
suspension (2023-2027). Each series keeps only the dates on which something differs from the
previous date, so a data change shows as a short, readable diff.

    python scripts/make_snapshot.py           # rewrite tests/snapshots/rulebook.json
    python scripts/make_snapshot.py --check   # exit 1 if the committed snapshot differs
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from mineralctl import load_rulebook
from mineralctl.model import EndUse
from mineralctl.resolve import match
from mineralctl.rulebook import Rulebook

SNAPSHOT = Path(__file__).resolve().parents[1] / "tests" / "snapshots" / "rulebook.json"
DESTINATIONS = (None, "US", "JP", "DE", "IN")
FIRST, LAST = dt.date(2023, 1, 1), dt.date(2027, 12, 31)


def boundary_dates(book: Rulebook) -> list[dt.date]:
    days: set[dt.date] = set()
    one = dt.timedelta(days=1)
    for entry in (*book.measures, *book.suspensions):
        days.update((entry.start - one, entry.start))
        if entry.end is not None:
            days.update((entry.end, entry.end + one))
    return sorted(d for d in days if FIRST <= d <= LAST)


def snapshot(book: Rulebook) -> dict[str, Any]:
    days = boundary_dates(book)
    series: dict[str, Any] = {}
    for material in sorted(book.materials.values(), key=lambda m: m.id):
        for place in DESTINATIONS:
            for use in EndUse:
                entries: list[list[Any]] = []
                previous: list[Any] | None = None
                for day in days:
                    found = match(book, material, day, place, use)
                    state = [found.status.value, [m.id for m in found.applied], [s.measure.id for s in found.suspended]]
                    if state != previous:
                        entries.append([day.isoformat(), *state])
                        previous = state
                series[f"{material.id} {place or 'default'} {use.value}"] = entries
    return {"version": book.version, "as_of": book.as_of.isoformat(), "dates": [d.isoformat() for d in days], "series": series}


def render(data: dict[str, Any]) -> str:
    lines = ["{", f'  "version": {json.dumps(data["version"])},', f'  "as_of": {json.dumps(data["as_of"])},']
    lines.append(f'  "dates": {json.dumps(data["dates"])},')
    lines.append('  "series": {')
    items = list(data["series"].items())
    for n, (key, entries) in enumerate(items):
        lines.append(f"    {json.dumps(key)}: [")
        for m, entry in enumerate(entries):
            lines.append(f"      {json.dumps(entry, ensure_ascii=False)}" + ("," if m < len(entries) - 1 else ""))
        lines.append("    ]" + ("," if n < len(items) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render(snapshot(load_rulebook()))
    if "--check" in sys.argv[1:]:
        if not SNAPSHOT.exists() or SNAPSHOT.read_text() != text:
            print(f"{SNAPSHOT} differs from the rulebook: run python scripts/make_snapshot.py and review the diff")
            return 1
        return 0
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(text)
    print(f"wrote {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
