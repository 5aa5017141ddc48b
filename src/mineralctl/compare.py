"""What a new rulebook changes for users: two rulebooks compared answer by answer and entry by entry.

For every material, every destination (the default and each one a measure on it names, in
either rulebook) and both end uses, the date ranges on which the two rulebooks give different
statuses, with the measures behind each side; and the measures, suspensions and materials
added, removed or changed. Pure: built on ``resolve.match`` and the rulebooks' boundaries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mineralctl.model import EndUse, Material, Measure, Status, Suspension
from mineralctl.resolve import Match, match

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.rulebook import Rulebook

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Side:
    """One rulebook's answer over a range: its status (``None``: the rulebook does not know
    the material), the measures that apply, and ``measure@suspension`` for those held off."""

    status: Status | None
    measures: tuple[str, ...]
    suspended: tuple[str, ...]


@dataclass(frozen=True)
class StatusChange:
    """A range of days (inclusive; ``None``: open) on which the two rulebooks answer differently."""

    material: str
    destination: str | None
    """``None``: a destination no country-specific measure names."""
    end_use: EndUse
    start: dt.date | None
    end: dt.date | None
    old: Side
    new: Side


@dataclass(frozen=True)
class EntryChanges:
    """Ids added and removed, and for each id in both whose entry differs, the keys that differ."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Comparison:
    old: Rulebook
    new: Rulebook
    statuses: tuple[StatusChange, ...]
    materials: EntryChanges
    measures: EntryChanges
    suspensions: EntryChanges


def compare(old: Rulebook, new: Rulebook) -> Comparison:
    """Everything that differs between ``old`` and ``new`` for users of either."""
    order = [*new.materials, *(m for m in old.materials if m not in new.materials)]
    statuses: list[StatusChange] = []
    for mid in order:
        before, after = old.materials.get(mid), new.materials.get(mid)
        places = sorted(
            {*(old.named_destinations(mid) if before else ()), *(new.named_destinations(mid) if after else ())}
        )
        for destination in [None, *places]:
            for use in EndUse:
                statuses += _ranges(old, new, mid, before, after, destination, use)
    return Comparison(
        old,
        new,
        tuple(statuses),
        _entries(old.materials, new.materials),
        _entries({m.id: m for m in old.measures}, {m.id: m for m in new.measures}),
        _entries({s.id: s for s in old.suspensions}, {s.id: s for s in new.suspensions}),
    )


def _side(book: Rulebook, material: Material | None, day: dt.date, destination: str | None, use: EndUse) -> Side:
    if material is None:
        return Side(None, (), ())
    found: Match = match(book, material, day, destination, use)
    held = tuple(f"{x.measure.id}@{x.suspension.id}" for x in found.suspended)
    return Side(found.status, tuple(m.id for m in found.applied), held)


def _ranges(
    old: Rulebook,
    new: Rulebook,
    mid: str,
    before: Material | None,
    after: Material | None,
    destination: str | None,
    use: EndUse,
) -> list[StatusChange]:
    days = sorted(
        {
            dt.date.min,
            *(old.boundaries(mid, destination, use) if before else ()),
            *(new.boundaries(mid, destination, use) if after else ()),
        }
    )
    out: list[StatusChange] = []
    for i, day in enumerate(days):
        last = days[i + 1] - ONE_DAY if i + 1 < len(days) else None
        a, b = _side(old, before, day, destination, use), _side(new, after, day, destination, use)
        if a.status is b.status:
            continue
        start = None if day == dt.date.min else day
        previous = out[-1] if out else None
        adjoins = previous is not None and previous.end is not None and previous.end + ONE_DAY == day
        if previous is not None and adjoins and (previous.old, previous.new) == (a, b):
            out[-1] = StatusChange(mid, destination, use, previous.start, last, a, b)
            continue
        out.append(StatusChange(mid, destination, use, start, last, a, b))
    return out


def _entries(
    old: dict[str, Material] | dict[str, Measure] | dict[str, Suspension],
    new: dict[str, Material] | dict[str, Measure] | dict[str, Suspension],
) -> EntryChanges:
    changed = []
    for key in new:
        if key in old and old[key] != new[key]:
            keys = tuple(name for name in new[key].compared() if getattr(old[key], name) != getattr(new[key], name))
            changed.append((key, keys))
    return EntryChanges(
        tuple(k for k in new if k not in old),
        tuple(k for k in old if k not in new),
        tuple(changed),
    )
