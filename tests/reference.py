"""The straightforward resolver, kept as the reference the indexed one is compared against.

Every function here scans the whole rulebook, as mineralctl did before it indexed each rulebook
once; ``test_reference.py`` checks that the indexed code in ``resolve.py`` and ``history.py``
gives identical answers on random rulebooks, materials, dates, destinations and end uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mineralctl.history import Difference, Effect, Event, Period, SuspendedSpan, explain_change
from mineralctl.model import (
    Change,
    Covers,
    DestinationDifference,
    EndUse,
    Material,
    Measure,
    Resolution,
    Status,
    SuspendedMeasure,
    Suspension,
)
from mineralctl.resolve import Check, Match, Step
from mineralctl.rulebook import Rulebook

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.destinations import Destination


ONE_DAY = dt.timedelta(days=1)


def all_dates(rulebook: Rulebook) -> list[dt.date]:
    """Every date on which some measure or suspension starts, or applies no more (end + 1)."""
    days: set[dt.date] = set()
    entries: list[Measure | Suspension] = [*rulebook.measures, *rulebook.suspensions]
    for entry in entries:
        days.add(entry.start)
        if entry.end is not None:
            days.add(entry.end + dt.timedelta(days=1))
    return sorted(days)


def suspension_of(rulebook: Rulebook, measure: Measure, day: dt.date) -> Suspension | None:
    """The suspension that holds ``measure`` off on ``day``, if any."""
    for suspension in rulebook.suspensions:
        if measure.id in suspension.targets and suspension.in_window(day):
            return suspension
    return None


def is_listed(rulebook: Rulebook, material: Material, day: dt.date) -> bool:
    """True when an unsuspended goods measure lists the material as a dual-use item on ``day``."""
    return any(
        m.covers is Covers.GOODS
        and not m.listed_only
        and material.id in m.materials
        and m.effect is not Status.NOT_CONTROLLED
        and m.in_window(day)
        and suspension_of(rulebook, m, day) is None
        for m in rulebook.measures
    )


def match(rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse) -> Match:
    """Which goods measures apply to the query, which are suspended, and the status."""
    applied: list[Measure] = []
    suspended: list[SuspendedMeasure] = []
    listed: bool | None = None
    for measure in rulebook.measures:
        if measure.covers is not Covers.GOODS or not measure.touches(material.id):
            continue
        if not measure.in_window(day) or not measure.destinations.covers(destination):
            continue
        if measure.end_use == "military" and end_use is not EndUse.MILITARY:
            continue
        if measure.listed_only:
            listed = is_listed(rulebook, material, day) if listed is None else listed
            if not listed:
                continue
        suspension = suspension_of(rulebook, measure, day)
        if suspension is not None:
            suspended.append(SuspendedMeasure(measure, suspension))
        else:
            applied.append(measure)
    applied.sort(key=lambda m: (-m.effect.rank, m.start, m.id))
    status = applied[0].effect if applied else Status.NOT_CONTROLLED
    beside: tuple[Measure, ...] = ()
    if end_use is not EndUse.MILITARY:
        military = match(rulebook, material, day, destination, EndUse.MILITARY)
        beside = tuple(
            m for m in rulebook.measures if m in military.applied and m.end_use == "military" and m.uncertainty
        )
    return Match(status, tuple(applied), tuple(suspended), beside)


def status_on(rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse) -> Status:
    return match(rulebook, material, day, destination, end_use).status


def next_change(
    rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse, current: Status
) -> Change | None:
    """The first date after ``day`` on which the status differs from ``current``, under the
    rules as written (only dates on which some measure or suspension starts or ends can)."""
    for boundary in all_dates(rulebook):
        if boundary <= day:
            continue
        status = status_on(rulebook, material, boundary, destination, end_use)
        if status is not current:
            return Change(boundary, status)
    return None


def named_destinations(rulebook: Rulebook, material: Material) -> list[str]:
    """Every destination code that some measure touching this material names."""
    codes: set[str] = set()
    for measure in rulebook.measures:
        if measure.touches(material.id) and measure.destinations.kind != "all":
            codes.update(measure.destinations.codes)
    return sorted(codes)


def lapsed_suspensions(rulebook: Rulebook, measures: tuple[Measure, ...], day: dt.date) -> list[Suspension]:
    """Suspensions that once held off one of ``measures`` and have ended by ``day``."""
    ids = {m.id for m in measures}
    return [s for s in rulebook.suspensions if s.end < day and ids.intersection(s.targets)]


def resolve(
    rulebook: Rulebook,
    material: Material,
    day: dt.date,
    destination: Destination | None,
    end_use: EndUse = EndUse.CIVIL,
    *,
    query: str = "",
) -> Resolution:
    """Resolve one query, with its reasons, next change, warnings and open questions."""
    code = destination.code if destination else None
    found = match(rulebook, material, day, code, end_use)
    projected = day > rulebook.as_of
    warnings: list[str] = []
    if query and query.replace(".", "").replace(" ", "").isdigit():
        warnings.append(
            f"{query.strip()} was read as an HS code: HS codes are reference only; the Dual-Use List "
            "and the law decide what is controlled"
        )
    lapsed = lapsed_suspensions(rulebook, found.applied, day)
    if projected:
        warnings.append(
            f"{day.isoformat()} is after the rulebook's as_of date {rulebook.as_of.isoformat()}: "
            "this answer is projected from the rules as written, and later instruments may change it"
        )
        for suspension in lapsed:
            if suspension.end >= rulebook.as_of:
                warnings.append(
                    f"the suspension by {suspension.instrument} ended after {suspension.end.isoformat()} as written; "
                    "no extension is recorded, so the suspended measures are treated as applying again from "
                    f"{(suspension.end + ONE_DAY).isoformat()}"
                )
    recorded = questions(rulebook, found, day)
    related = tuple(
        m
        for m in rulebook.measures
        if m.covers is not Covers.GOODS
        and m.touches(material.id)
        and m.in_window(day)
        and m.destinations.covers(code)
        and (m.end_use == "any" or end_use is EndUse.MILITARY)
        and suspension_of(rulebook, m, day) is None
    )
    others: list[DestinationDifference] = []
    if destination is None:
        from mineralctl.destinations import by_code

        for other in named_destinations(rulebook, material):
            other_match = match(rulebook, material, day, other, end_use)
            if other_match.status is not found.status:
                others.append(
                    DestinationDifference(
                        other, by_code(other).name, other_match.status, tuple(m.citation for m in other_match.applied)
                    )
                )
    military_status = None
    if end_use is EndUse.CIVIL:
        military = status_on(rulebook, material, day, code, EndUse.MILITARY)
        if military.rank > found.status.rank:
            military_status = military
    return Resolution(
        material=material,
        query=query or material.id,
        date=day,
        destination=destination,
        end_use=end_use,
        status=found.status,
        projected=projected,
        measures=found.applied,
        suspended=found.suspended,
        next_change=next_change(rulebook, material, day, code, end_use, found.status),
        warnings=tuple(warnings),
        uncertainty=tuple(recorded.values()),
        uncertainty_ids=tuple(recorded),
        related=related,
        other_destinations=tuple(others),
        military_status=military_status,
    )


def explain(
    rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse
) -> list[Step]:
    """Every goods measure that names the material, with each check in the resolver's order."""
    steps: list[Step] = []
    for measure in rulebook.measures:
        if measure.covers is not Covers.GOODS or not measure.touches(material.id):
            continue
        checks = [
            Check("material", True, "covers all dual-use items" if measure.all_dual_use else f"names {material.id}"),
            Check(
                "date",
                measure.in_window(day),
                f"in force {measure.start.isoformat()} .. {measure.end.isoformat() if measure.end else 'open'}",
            ),
            Check("destination", measure.destinations.covers(destination), f"covers {measure.destinations}"),
            Check(
                "end use",
                measure.end_use == "any" or end_use is EndUse.MILITARY,
                "any end use" if measure.end_use == "any" else "military end users and uses only",
            ),
        ]
        if measure.listed_only:
            listed = is_listed(rulebook, material, day)
            checks.append(
                Check(
                    "listed",
                    listed,
                    "the material is a listed dual-use item on this date"
                    if listed
                    else "the material is not a listed dual-use item on this date",
                )
            )
        outcome = "does not apply"
        if all(c.passed for c in checks):
            suspension = suspension_of(rulebook, measure, day)
            if suspension is None:
                lapsed = [s for s in rulebook.suspensions if measure.id in s.targets and s.end < day]
                detail = "not suspended on this date"
                if lapsed:
                    last = max(lapsed, key=lambda s: s.end)
                    how = "as written; projected" if last.end >= rulebook.as_of else "as written"
                    again = (last.end + ONE_DAY).isoformat()
                    detail += (
                        f": the suspension by {last.instrument} ended after {last.end.isoformat()} "
                        f"(applies again from {again}) {how}"
                    )
                checks.append(Check("suspension", True, detail))
                outcome = "applies"
            else:
                checks.append(
                    Check(
                        "suspension",
                        False,
                        f"suspended by {suspension.instrument} "
                        f"{suspension.start.isoformat()} .. {suspension.end.isoformat()}",
                    )
                )
                outcome = "suspended"
        steps.append(Step(measure, tuple(checks), outcome))
    return steps


def questions(rulebook: Rulebook, found: Match, day: dt.date) -> dict[str, str]:
    """Open questions behind a match, by the id of the entry recording each, first one kept."""
    uncertainty: list[tuple[str, str]] = []
    for measure in (*found.applied, *found.beside):
        if measure.uncertainty:
            uncertainty.append((measure.id, f"{measure.citation}: {measure.uncertainty}"))
    for held in found.suspended:
        for entry, who in ((held.measure, held.measure.citation), (held.suspension, held.suspension.instrument)):
            if entry.uncertainty:
                uncertainty.append((entry.id, f"{who}: {entry.uncertainty}"))
    for suspension in lapsed_suspensions(rulebook, found.applied, day):
        if suspension.uncertainty and suspension.end + ONE_DAY <= day:
            uncertainty.append((suspension.id, f"{suspension.instrument}: {suspension.uncertainty}"))
    recorded: dict[str, str] = {}
    for key, text in uncertainty:
        recorded.setdefault(key, text)
    return recorded


def timeline(
    rulebook: Rulebook,
    material: Material,
    destination: str | None,
    end_use: EndUse,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Period]:
    """The periods in order, clipped to ``start``..``end`` when given: a period ends where the
    status, the measures that apply or the suspended measures (and their suspensions) change."""

    def key(found: Match) -> tuple[object, ...]:
        held = sorted((s.measure.id, s.suspension.id) for s in found.suspended)
        return found.status, sorted(m.id for m in found.applied), held, sorted(m.id for m in found.beside)

    # A period running past as_of is split the day after: the projected part is its own period.
    split = rulebook.as_of + ONE_DAY
    days = sorted({*all_dates(rulebook), split})
    boundaries = [b for b in days if (start is None or b > start) and (end is None or b <= end)]
    current = match(rulebook, material, start or dt.date.min, destination, end_use)
    periods: list[Period] = []
    period_start = start
    change = "start of the range" if start is not None else "before any measure in the rulebook"
    for boundary in boundaries:
        following = match(rulebook, material, boundary, destination, end_use)
        if key(following) == key(current) and boundary != split:
            continue
        periods.append(_period(rulebook, period_start, boundary - ONE_DAY, current, change))
        previous = match(rulebook, material, boundary - ONE_DAY, destination, end_use)
        if key(following) == key(current):
            change = (
                f"status unchanged; projected from here: after {rulebook.as_of.isoformat()}, "
                "the last day the sources were checked"
            )
        elif following.status is current.status:
            change = "status unchanged: " + explain_change(previous, following, boundary)
        else:
            change = explain_change(previous, following, boundary)
        current, period_start = following, boundary
    periods.append(_period(rulebook, period_start, end, current, change))
    return periods


def _period(rulebook: Rulebook, start: dt.date | None, end: dt.date | None, found: Match, change: str) -> Period:
    return Period(
        start=start,
        end=end,
        status=found.status,
        projected=start is not None and start > rulebook.as_of,
        measures=found.applied,
        suspended=tuple((s.measure, s.suspension) for s in found.suspended),
        change=change,
        uncertainty=tuple(questions(rulebook, found, start or dt.date.min).values()),
        uncertainty_ids=tuple(questions(rulebook, found, start or dt.date.min)),
    )


def diff(
    rulebook: Rulebook,
    materials: Iterable[Material],
    before: dt.date,
    after: dt.date,
    destination: str | None,
    end_use: EndUse,
) -> list[Difference]:
    """Every material whose status on ``after`` differs from its status on ``before``."""
    out: list[Difference] = []
    for material in materials:
        old = match(rulebook, material, before, destination, end_use)
        new = match(rulebook, material, after, destination, end_use)
        if old.status is new.status:
            continue
        old_ids = {m.id: m for m in old.applied}
        new_ids = {m.id: m for m in new.applied}
        changed = [(k, m.citation) for k, m in {**old_ids, **new_ids}.items() if (k in old_ids) != (k in new_ids)]
        old_susp = {s.suspension.id: s.suspension for s in old.suspended}
        new_susp = {s.suspension.id: s.suspension for s in new.suspended}
        changed += [
            (k, s.instrument) for k, s in {**old_susp, **new_susp}.items() if (k in old_susp) != (k in new_susp)
        ]
        asked = {**questions(rulebook, old, before), **questions(rulebook, new, after)}
        out.append(
            Difference(
                material,
                old.status,
                new.status,
                tuple(dict.fromkeys(c for _, c in changed)),
                tuple(dict.fromkeys(k for k, _ in changed)),
                max(before, after) > rulebook.as_of,
                tuple(asked.values()),
                tuple(asked),
            )
        )
    return out


def upcoming(
    rulebook: Rulebook, start: dt.date, end: dt.date, destination: str | None = None, end_use: EndUse = EndUse.CIVIL
) -> list[Event]:
    """The dated changes from ``start`` to ``end`` (inclusive), each with the materials and
    destinations it touches and their status before and on that date."""
    events: list[Event] = []
    for measure in rulebook.measures:
        if start <= measure.start <= end:
            events.append(
                _event(
                    rulebook,
                    measure.start,
                    "enters-into-force",
                    measure.citation,
                    f"{measure.citation} enters into force ({measure.effect.value})",
                    [measure],
                    measure.id,
                    destination,
                    end_use,
                )
            )
        if measure.end is not None and start <= measure.end + ONE_DAY <= end:
            events.append(
                _event(
                    rulebook,
                    measure.end + ONE_DAY,
                    "window-ends",
                    measure.citation,
                    f"{measure.citation} ends (last day {measure.end.isoformat()})",
                    [measure],
                    measure.id,
                    destination,
                    end_use,
                )
            )
    by_id = {m.id: m for m in rulebook.measures}
    for suspension in rulebook.suspensions:
        targets = [by_id[t] for t in suspension.targets if t in by_id]
        if start <= suspension.start <= end:
            events.append(
                _event(
                    rulebook,
                    suspension.start,
                    "suspension-starts",
                    suspension.instrument,
                    f"{suspension.instrument} suspends {len(targets)} measure(s) "
                    f"to {suspension.end.isoformat()} inclusive",
                    targets,
                    suspension.id,
                    destination,
                    end_use,
                )
            )
        lapse = suspension.end + ONE_DAY
        if start <= lapse <= end:
            events.append(
                _event(
                    rulebook,
                    lapse,
                    "suspension-lapses",
                    suspension.instrument,
                    f"suspension by {suspension.instrument} lapses (last day {suspension.end.isoformat()}); "
                    "the suspended measures apply as written",
                    targets,
                    suspension.id,
                    destination,
                    end_use,
                )
            )
    events.sort(key=lambda e: (e.date, e.kind, e.instrument))
    return events


def _event(
    rulebook: Rulebook,
    day: dt.date,
    kind: str,
    instrument: str,
    description: str,
    measures: list[Measure],
    entry: str,
    destination: str | None,
    end_use: EndUse,
) -> Event:
    effects: list[Effect] = []
    touched = [
        m for m in rulebook.materials.values() if any(x.touches(m.id) and x.covers.value == "goods" for x in measures)
    ]
    for material in touched:
        if destination is not None:
            places: list[str | None] = [destination]
        else:
            scoped = {c for x in measures for c in x.destinations.codes}
            worldwide = any(x.destinations.kind != "only" for x in measures)
            places = [None] if worldwide else []
            places += [p for p in named_destinations(rulebook, material) if worldwide or p in scoped]
        for place in places:
            before = match(rulebook, material, day - ONE_DAY, place, end_use).status
            after = match(rulebook, material, day, place, end_use).status
            effects.append(Effect(material, place, before, after))
    holding = []
    if kind == "enters-into-force":
        holding = [h for h in (suspension_of(rulebook, m, day) for m in measures) if h is not None]
    asked: dict[str, str] = {}
    behind = next((e for e in [*rulebook.measures, *rulebook.suspensions] if e.id == entry), None)
    for source in [behind, *holding]:
        if source is not None and source.uncertainty:
            who = source.citation if isinstance(source, Measure) else source.instrument
            asked.setdefault(source.id, f"{who}: {source.uncertainty}")
    held_by = tuple(dict.fromkeys(h.id for h in holding))
    return Event(
        day,
        kind,
        instrument,
        description,
        day > rulebook.as_of,
        tuple(effects),
        entry,
        held_by,
        tuple(asked.values()),
        tuple(asked),
    )


def suspended_spans(
    rulebook: Rulebook,
    material: Material,
    destination: str | None,
    end_use: EndUse,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[SuspendedSpan]:
    """The stretches of days on which some measure for this query is suspended, clipped to
    ``start``..``end``. A period's own ``suspended`` is read on its first day only; these
    spans show every suspension, including one that starts or ends inside a period."""
    days = all_dates(rulebook)
    low = start or (days[0] if days else dt.date.min)
    cuts = [low, *(d for d in days if d > low and (end is None or d <= end))]
    spans: list[SuspendedSpan] = []
    for index, day in enumerate(cuts):
        last = cuts[index + 1] - ONE_DAY if index + 1 < len(cuts) else end
        held = tuple((s.measure, s.suspension) for s in match(rulebook, material, day, destination, end_use).suspended)
        if not held:
            continue
        if spans and spans[-1].held == held and spans[-1].end == day - ONE_DAY:
            spans[-1] = SuspendedSpan(spans[-1].start, last or day, held)
        else:
            spans.append(SuspendedSpan(day, last or day, held))
    return spans
