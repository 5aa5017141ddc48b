"""Batch screening of shipment files (CSV or JSON Lines), streamed row by row.

Every input row comes back in input order with its columns unchanged, plus ``status``,
``projected``, ``measures`` and ``error``. A row that cannot be resolved keeps its place with
an empty status and the reason in ``error``; it never stops the run. Resolutions are cached per
(material, destination, date, end use), so memory stays flat and repeated rows cost a lookup.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from mineralctl import dates
from mineralctl.destinations import parse_destination
from mineralctl.errors import MineralctlError, UsageError
from mineralctl.model import EndUse, Status
from mineralctl.resolve import match
from mineralctl.rulebook import Rulebook

ADDED = ("status", "projected", "measures", "error")
DEFAULT_COLUMNS = {
    "material": ("material", "materials", "commodity", "item"),
    "hs_code": ("hs_code", "hs", "hscode", "hs code", "tariff_code"),
    "destination": ("destination", "dest", "country", "destination_country"),
    "date": ("date", "ship_date", "shipment_date", "export_date"),
    "end_use": ("end_use", "end use", "enduse"),
}
_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Columns:
    """Which input column holds each field (``None``: absent)."""

    material: str | None
    hs_code: str | None
    destination: str | None
    date: str | None
    end_use: str | None


def pick_columns(found: list[str], chosen: dict[str, str | None]) -> Columns:
    """Match column names case-insensitively, honouring names set with options."""
    lowered = {name.strip().lower(): name for name in found}

    def pick(key: str) -> str | None:
        wanted = chosen.get(key)
        if wanted:
            if wanted.strip().lower() not in lowered:
                raise UsageError(
                    f"--{key.replace('_', '-')}-column: no column {wanted!r}; found: {', '.join(found) or 'none'}"
                )
            return lowered[wanted.strip().lower()]
        return next((lowered[n] for n in DEFAULT_COLUMNS[key] if n in lowered), None)

    columns = Columns(pick("material"), pick("hs_code"), pick("destination"), pick("date"), pick("end_use"))
    if columns.material is None and columns.hs_code is None:
        raise UsageError(
            f"no material or hs_code column; found: {', '.join(found) or 'none'} "
            "(name one with --material-column or --hs-column)"
        )
    return columns


@dataclass
class Screener:
    """Resolves rows with caches for materials, destinations, dates and whole answers."""

    rulebook: Rulebook
    default_date: dt.date
    default_end_use: EndUse
    default_destination: str | None = None
    counts: Counter[str] = field(default_factory=Counter)
    _answers: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = field(default_factory=dict)

    def resolve(self, material: str, destination: str, day: str, end_use: str) -> tuple[str, str, str, str]:
        key = (material, destination, day, end_use)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._resolve(*key)
            if len(self._answers) >= _CACHE_LIMIT:
                self._answers.clear()
            self._answers[key] = answer
        self.counts[answer[0] or "error"] += 1
        return answer

    def _resolve(self, material: str, destination: str, day: str, end_use: str) -> tuple[str, str, str, str]:
        try:
            if not material.strip():
                raise UsageError("no material or HS code in this row")
            found = self.rulebook.find_materials(material)
            place = destination.strip() or self.default_destination
            code = parse_destination(place).code if place else None
            when = dates.parse_date(day, option="date") if day.strip() else self.default_date
            use = _end_use(end_use) if end_use.strip() else self.default_end_use
        except MineralctlError as error:
            return ("", "", "", str(error))
        status = Status.NOT_CONTROLLED
        measures: dict[str, None] = {}
        for each in found:
            result = match(self.rulebook, each, when, code, use)
            if result.status.rank > status.rank:
                status = result.status
            measures.update(dict.fromkeys(m.id for m in result.applied))
        projected = "true" if when > self.rulebook.as_of else "false"
        return (status.value, projected, ";".join(measures), "")


def _end_use(text: str) -> EndUse:
    try:
        return EndUse(text.strip().lower())
    except ValueError:
        raise UsageError(f"end use {text!r} is not civil or military") from None


def read_rows(handle: IO[str], kind: str) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The column names and a lazy iterator of rows, for ``csv`` or ``jsonl`` input."""
    if kind == "jsonl":
        return _jsonl(handle)
    reader = csv.DictReader(handle)
    try:
        names = list(reader.fieldnames or [])
    except csv.Error as error:
        raise UsageError(f"cannot read the CSV header: {error}") from None
    if not names:
        raise UsageError("the input is empty: no header row")
    return names, (dict(row) for row in reader)


def _jsonl(handle: IO[str]) -> tuple[list[str], Iterator[dict[str, str]]]:
    lines = (line for line in handle if line.strip())
    first = next(lines, None)
    if first is None:
        raise UsageError("the input is empty: no JSON lines")
    head = _json_row(first, 1)
    names = list(head)

    def rows() -> Iterator[dict[str, str]]:
        yield head
        for number, line in enumerate(lines, 2):
            yield _json_row(line, number)

    return names, rows()


def _json_row(line: str, number: int) -> dict[str, str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return {"__error__": f"line {number}: not valid JSON ({error.msg})"}
    if not isinstance(value, dict):
        return {"__error__": f"line {number}: not a JSON object"}
    return {k: "" if v is None else v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}


def screen(
    screener: Screener, names: list[str], rows: Iterable[dict[str, str]], columns: Columns
) -> Iterator[dict[str, str]]:
    """Each input row with the four added fields, in input order."""
    get = dict.get
    for row in rows:
        broken = row.pop("__error__", None)
        if broken:
            screener.counts["error"] += 1
            yield {**row, "status": "", "projected": "", "measures": "", "error": broken}
            continue
        material = (get(row, columns.material) or "") if columns.material else ""
        if not material and columns.hs_code:
            material = get(row, columns.hs_code) or ""
        status, projected, measures, error = screener.resolve(
            material,
            (get(row, columns.destination) or "") if columns.destination else "",
            (get(row, columns.date) or "") if columns.date else "",
            (get(row, columns.end_use) or "") if columns.end_use else "",
        )
        out = dict(row)
        out["status"], out["projected"], out["measures"], out["error"] = status, projected, measures, error
        yield out


def output_columns(names: list[str]) -> list[str]:
    return [*names, *(c for c in ADDED if c not in names)]
