"""What a data reviewer asks of rulebook files: every problem at once, and the warnings that
are not errors (a missing page, a window that ends with nothing said about what followed, a
suspension that holds nothing off, a material no measure names, a measure written twice).

``validate`` reads a base rulebook and its overlays through the same loader every command
uses; ``warnings`` is pure, over a loaded rulebook.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from mineralctl.errors import RulebookError
from mineralctl.model import Location, Measure, RulebookFile, Source, Suspension

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mineralctl.rulebook import Rulebook

ONE_DAY = dt.timedelta(days=1)
_PROBLEM = re.compile(r"^(?P<path>.*?):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<level>error|warning): (?P<message>.*)$")


@dataclass(frozen=True)
class Finding:
    """One problem (``error``) or doubt (``warning``) about a rulebook file, where it is, or a
    ``note`` that helps to read them (counted as neither)."""

    path: str
    line: int | None
    column: int | None
    level: str
    """``error`` (the file cannot be used), ``warning`` (it can, but a reviewer should look) or
    ``note`` (a hint about the findings, such as checking an overlay on its base)."""
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line is not None else self.path
        return f"{where}: {self.level}: {self.message}"


@dataclass(frozen=True)
class Validation:
    """The outcome of reading a base rulebook and its overlays."""

    files: tuple[RulebookFile, ...]
    """The files that loaded, base first."""
    unchecked: tuple[str, ...]
    """Overlays not read because an earlier file has errors."""
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == "warning" for f in self.findings)


def validate(base: str | None, overlays: Sequence[str]) -> Validation:
    """Read ``base`` (``None``: the packaged rulebook) and merge each overlay in order,
    collecting every error; then, if all loaded, the reviewer's warnings on the result."""
    from mineralctl import api

    findings: list[Finding] = []
    try:
        book: api.Rulebook | None = (
            api.load_packaged_rulebook() if base is None else api.load_rulebook(base, overlays=[])
        )
    except RulebookError as error:
        findings.extend(findings_of(error, base or "measures.yaml (packaged)"))
        book = None
        if base is not None and any(_looks_like_an_overlay(f) for f in findings):
            findings.append(
                # A hint, not a problem: the count of errors is that of the loader's problems.
                Finding(base, None, None, "note", "if this file is an overlay, check it on its base: --base packaged")
            )
    unchecked: list[str] = []
    for overlay in overlays:
        if book is None:
            unchecked.append(overlay)
            continue
        try:
            book = api.load_overlay(book, overlay)
        except RulebookError as error:
            findings.extend(findings_of(error, overlay))
            book = None
    if book is not None:
        from mineralctl.dates import today

        findings.extend(warnings(book, today()))
    for overlay in unchecked:
        findings.append(Finding(overlay, None, None, "error", "not checked: an earlier file has errors"))
    return Validation(book.files if book else (), tuple(unchecked), tuple(findings))


def _looks_like_an_overlay(finding: Finding) -> bool:
    return finding.message in (
        "rulebook: missing required key 'materials'",
        "rulebook: missing required key 'measures'",
    )


def findings_of(error: RulebookError, path: str) -> list[Finding]:
    """The loader's ``path:line:col: error: message`` lines as findings."""
    out = []
    for problem in error.problems or (str(error),):
        found = _PROBLEM.match(problem)
        if found:
            line, column = int(found["line"]), int(found["column"])
            out.append(Finding(found["path"], line, column, found["level"], found["message"]))
        else:
            message = problem.removeprefix(f"{path}: ")
            out.append(Finding(path, None, None, "error", message))
    return out


# --------------------------------------------------------------------------- the reviewer's warnings


def warnings(book: Rulebook, today: dt.date | None = None) -> list[Finding]:
    """Doubts a reviewer should see, each at the entry it is about, sorted by file and line;
    with ``today``, also each file checked through a date after it."""
    found: list[Finding] = []
    found += _checked_in_the_future(book, today) if today is not None else []
    found += _without_a_page(book)
    found += _ended_without_a_sequel(book)
    found += _suspensions_that_hold_nothing(book)
    found += _materials_no_measure_names(book)
    found += _measures_written_twice(book)
    found += _older_overlays(book)
    order = {f.path: i for i, f in enumerate(book.files)}
    return sorted(found, key=lambda f: (order.get(f.path, len(order)), f.line or 0, f.column or 0, f.message))


def _warn(where: Location | None, fallback: str, message: str) -> Finding:
    if where is None:
        return Finding(fallback, None, None, "warning", message)
    return Finding(where.path, where.line, where.column, "warning", message)


def _names_a_page(source: Source) -> bool:
    from urllib.parse import urlsplit

    return urlsplit(source.url).path not in ("", "/")


def _without_a_page(book: Rulebook) -> list[Finding]:
    """A source that is only a site's home page does not let anyone check the entry."""
    entries: list[Measure | Suspension] = [*book.measures, *book.suspensions]
    return [
        _warn(
            e.location,
            book.path,
            f"{_kind(e)} {e.id!r} has no source URL naming a page (only a site's home page): "
            "give the instrument's own page",
        )
        for e in entries
        if not any(_names_a_page(s) for s in e.sources)
    ]


def _kind(entry: Measure | Suspension) -> str:
    return "measure" if isinstance(entry, Measure) else "suspension"


def _ended_without_a_sequel(book: Rulebook) -> list[Finding]:
    """A window that closed before as_of, with no entry taking over the next day and no note:
    did it lapse, or was it extended and the extension not recorded?"""
    out = []
    starts: dict[dt.date, list[Measure | Suspension]] = {}
    entries: list[Measure | Suspension] = [*book.measures, *book.suspensions]
    for entry in entries:
        starts.setdefault(entry.start, []).append(entry)
    for measure in book.measures:
        if measure.end is None or measure.end >= book.as_of or measure.notes:
            continue
        following = starts.get(measure.end + ONE_DAY, [])
        if any(isinstance(m, Measure) and (m.materials & measure.materials or m.all_dual_use) for m in following):
            continue
        out.append(
            _warn(
                measure.location,
                book.path,
                f"measure {measure.id!r} ended after {measure.end.isoformat()}, its last day, before as_of "
                f"{book.as_of.isoformat()}, and nothing records what followed (no measure naming its "
                "materials starts the next day, and it has no notes)",
            )
        )
    for suspension in book.suspensions:
        if suspension.end >= book.as_of or suspension.notes:
            continue
        following = starts.get(suspension.end + ONE_DAY, [])
        if any(isinstance(s, Suspension) and set(s.targets) & set(suspension.targets) for s in following):
            continue
        out.append(
            _warn(
                suspension.location,
                book.path,
                f"suspension {suspension.id!r} ended after {suspension.end.isoformat()}, its last day, before as_of "
                f"{book.as_of.isoformat()}, and nothing records what followed (no suspension of its "
                "measures starts the next day, and it has no notes)",
            )
        )
    return out


def _suspensions_that_hold_nothing(book: Rulebook) -> list[Finding]:
    out = []
    for suspension in book.suspensions:
        idle = []
        for target in suspension.targets:
            measure = book.measure(target)
            if measure is None:
                continue
            if measure.start > suspension.end or (measure.end is not None and measure.end < suspension.start):
                idle.append(target)
        window = f"{suspension.start.isoformat()} .. {suspension.end.isoformat()}"
        if idle and len(idle) == len(suspension.targets):
            message = f"suspension {suspension.id!r} covers nothing: none of its targets is in force during {window}"
        elif idle:
            message = f"suspension {suspension.id!r}: {', '.join(idle)} not in force at any time during {window}"
        else:
            continue
        out.append(_warn(suspension.location, book.path, message))
    return out


def _checked_in_the_future(book: Rulebook, today: dt.date) -> list[Finding]:
    """A file whose sources were checked through a day that has not come is a mistake (a typo
    in the year, a planned date): answers never treat it as fresher than the earliest as_of of
    the files in use, but the date itself should be corrected."""
    return [
        _file_warning(
            f,
            f"as_of {f.as_of.isoformat()} is after today ({today.isoformat()}): sources cannot have been "
            "checked through a day that has not come; correct the date",
        )
        for f in book.files
        if f.as_of > today
    ]


def _file_warning(f: RulebookFile, message: str) -> Finding:
    """A warning about a whole file (its top-level ``as_of``), not one entry in it."""
    return Finding(f.path, None, None, "warning", message)


def _older_overlays(book: Rulebook) -> list[Finding]:
    """An overlay checked through an earlier date than the base makes every answer after that
    date projected: right, since its entries were not checked later, but worth knowing."""
    base = book.files[0] if book.files else None
    return [
        _file_warning(
            f,
            f"as_of {f.as_of.isoformat()} is earlier than the base's ({base.as_of.isoformat()}): answers after "
            f"{f.as_of.isoformat()} are projected while this overlay is in use",
        )
        for f in book.files[1:]
        if base is not None and f.as_of < base.as_of
    ]


def _materials_no_measure_names(book: Rulebook) -> list[Finding]:
    named = {mid for m in book.measures for mid in m.materials}
    return [
        _warn(m.location, book.path, f"material {m.id!r} is named by no measure (only all-dual-use measures reach it)")
        for m in book.materials.values()
        if m.id not in named
    ]


def _measures_written_twice(book: Rulebook) -> list[Finding]:
    out = []
    seen: dict[tuple[object, ...], Measure] = {}
    for m in book.measures:
        scope = (m.start, m.end, m.materials, m.all_dual_use, m.listed_only, m.destinations, m.end_use, m.covers)
        first = seen.setdefault(scope, m)
        if first is not m:
            out.append(
                _warn(
                    m.location,
                    book.path,
                    f"measure {m.id!r} has the same window and scope as {first.id!r}"
                    + (f" ({first.location})" if first.location else ""),
                )
            )
    return out


# --------------------------------------------------------------------------- info


@dataclass(frozen=True)
class Census:
    """What one file (or, with ``file`` ``None``, all of them) contributes to a rulebook."""

    file: RulebookFile | None
    materials: int
    measures: int
    suspensions: int
    sources: int
    """Distinct source URLs of its measures, suspensions and destination notes."""


def census(book: Rulebook) -> list[Census]:
    """One :class:`Census` per file, base first, then one for the whole rulebook."""

    def count(path: str | None) -> Census:
        def mine(where: Location | None) -> bool:
            return path is None or (where is not None and where.path == path)

        measures = [m for m in book.measures if mine(m.location)]
        suspensions = [s for s in book.suspensions if mine(s.location)]
        notes = [n for n in book.destination_notes.values() if mine(n.location)]
        urls = {s.url for m in measures for s in m.sources}
        urls.update(s.url for x in suspensions for s in x.sources)
        urls.update(s.url for n in notes for s in n.sources)
        chosen = next((f for f in book.files if f.path == path), None)
        materials = sum(mine(m.location) for m in book.materials.values())
        return Census(chosen, materials, len(measures), len(suspensions), len(urls))

    return [*(count(f.path) for f in book.files), count(None)]
