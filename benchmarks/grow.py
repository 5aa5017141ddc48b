"""Write the packaged rulebook copied N times, each copy with its own ids and names and its
dates shifted, so that a larger rulebook can be timed against the real one.

    python benchmarks/grow.py 100 grown.yaml

Copy 0 is the rulebook as published. Copy k (k >= 1) renames every material, group, measure
and suspension (``gallium`` -> ``gallium-x7``, ``Gallium`` -> ``Gallium x7``) and moves every
date k years later, as a rulebook that keeps growing year after year would. HS codes are kept,
so a code lookup answers for every copy; destination notes stay with copy 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATE_KEYS = ("announced", "from", "until")


def shifted(text: str, years: int) -> str:
    day = dt.date.fromisoformat(text)
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28).isoformat()


def renamed(value: str, copy: int, sep: str = "-x") -> str:
    return f"{value}{sep}{copy}"


def names(entry: dict[str, Any], copy: int) -> None:
    for key in ("name", "symbol", "chinese"):
        if entry.get(key):
            entry[key] = renamed(entry[key], copy, " x")
    if "aliases" in entry:
        entry["aliases"] = [renamed(a, copy, " x") for a in entry["aliases"]]


def one_copy(book: dict[str, Any], copy: int) -> dict[str, Any]:
    if copy == 0:
        return book
    out: dict[str, Any] = {"groups": [], "materials": [], "measures": [], "suspensions": []}
    for group in book.get("groups", []):
        group = dict(group, id=renamed(group["id"], copy))
        names(group, copy)
        out["groups"].append(group)
    for material in book["materials"]:
        material = dict(material, id=renamed(material["id"], copy))
        names(material, copy)
        if "groups" in material:
            material["groups"] = [renamed(g, copy) for g in material["groups"]]
        out["materials"].append(material)
    for measure in book["measures"]:
        measure = dict(measure, id=renamed(measure["id"], copy))
        if isinstance(measure["materials"], list):
            measure["materials"] = [renamed(m, copy) for m in measure["materials"]]
        for key in DATE_KEYS:
            if key in measure:
                measure[key] = shifted(measure[key], copy)
        out["measures"].append(measure)
    for suspension in book.get("suspensions", []):
        suspension = dict(suspension, id=renamed(suspension["id"], copy))
        suspension["targets"] = [renamed(t, copy) for t in suspension["targets"]]
        for key in DATE_KEYS:
            if key in suspension:
                suspension[key] = shifted(suspension[key], copy)
        out["suspensions"].append(suspension)
    return out


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses anchors: write shared values out


def grow(text: str, copies: int) -> str:
    """The rulebook ``text`` copied ``copies`` times (1: unchanged content)."""
    book = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar a string: NO stays Norway
    grown = dict(book)
    parts = [one_copy(book, k) for k in range(copies)]
    for key in ("groups", "materials", "measures", "suspensions"):
        grown[key] = [entry for part in parts for entry in part.get(key, [])]
    return yaml.dump(grown, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("copies", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rulebook", type=Path, default=ROOT / "data" / "measures.yaml")
    args = parser.parse_args()
    if args.output.exists():
        sys.exit(f"{args.output} exists; not overwritten")
    args.output.write_text(grow(args.rulebook.read_text(encoding="utf-8"), args.copies), encoding="utf-8")


if __name__ == "__main__":
    main()
