"""The resolver: (rulebook, material, date, destination, end use) -> Resolution. Pure, no I/O.

The rules, in the order they are applied:

1. A goods measure matches when it names the material (or covers all dual-use items), its
   window holds the date (both ends inclusive), it covers the destination, and its end use is
   ``any`` or the query's end use is military.
2. A ``listed_only`` measure (e.g. a country-specific ban on dual-use items) matches only
   while the material is a listed dual-use item: some other, unsuspended goods measure lists
   it on that date.
3. A matching measure that some suspension targets on that date does not apply; it applies
   again the day after the suspension ends.
4. The strictest applying measure decides the status; none means ``not-controlled``.
"""

from __future__ import annotations

import datetime as dt

from mineralctl.model import (
    Change,
    DestinationDifference,
    EndUse,
    Material,
    Measure,
    Record,
    Resolution,
    Status,
    SuspendedMeasure,
    Suspension,
    fill,
)
from mineralctl.rulebook import ONE_DAY, Rulebook

RANK = {status: rank for rank, status in enumerate(Status)}

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mineralctl.destinations import Destination
    from mineralctl.entities import EntityRegister


class Match(Record):
    """The measures behind one status: those that apply and those held off by a suspension;
    for a civil query, also the measures on military end use that would apply to a military
    one and record an open question (``beside``): where military use ends is itself the question
    (a civil buyer can fall under a ban on uses that enhance a military), so the civil answer
    carries it."""

    __slots__ = ("status", "applied", "suspended", "beside")

    status: Status
    applied: tuple[Measure, ...]
    suspended: tuple[SuspendedMeasure, ...]
    beside: tuple[Measure, ...]

    def __init__(
        self,
        status: Status,
        applied: tuple[Measure, ...],
        suspended: tuple[SuspendedMeasure, ...],
        beside: tuple[Measure, ...] = (),
    ) -> None:
        fill(self, status, applied, suspended, beside)


def suspension_of(rulebook: Rulebook, measure: Measure, day: dt.date) -> Suspension | None:
    """The suspension that holds ``measure`` off on ``day``, if any."""
    for suspension in rulebook.suspensions_of(measure.id):
        if suspension.in_window(day):
            return suspension
    return None


def is_listed(rulebook: Rulebook, material: Material, day: dt.date) -> bool:
    """True when an unsuspended goods measure lists the material as a dual-use item on ``day``."""
    return any(
        m.in_window(day) and suspension_of(rulebook, m, day) is None for m in rulebook.listing_measures(material.id)
    )


def weigh(
    rulebook: Rulebook,
    material: Material,
    day: dt.date,
    destination: str | None,
    end_use: EndUse,
    questioned: bool = False,
) -> Iterator[tuple[Measure, Suspension | None]]:
    """Each goods measure that matches the query (rules 1 and 2), in rulebook order, with the
    suspension that holds it off on ``day`` (rule 3), if any. ``questioned``: only the measures
    on military end use that record an open question."""
    listed: bool | None = None
    civil = end_use is not EndUse.MILITARY
    for measure in rulebook.goods_started(material.id, day):
        if questioned and (measure.end_use != "military" or not measure.uncertainty):
            continue
        if measure.start > day or (measure.end is not None and day > measure.end):
            continue  # not in force on this day
        if (civil and measure.end_use == "military") or not measure.destinations.covers(destination):
            continue
        if measure.listed_only:
            listed = is_listed(rulebook, material, day) if listed is None else listed
            if not listed:
                continue
        yield measure, suspension_of(rulebook, measure, day)


def match(rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse) -> Match:
    """Which goods measures apply to the query, which are suspended, and the status."""
    applied: list[Measure] = []
    suspended: list[SuspendedMeasure] = []
    for measure, suspension in weigh(rulebook, material, day, destination, end_use):
        if suspension is not None:
            suspended.append(SuspendedMeasure(measure, suspension))
        else:
            applied.append(measure)
    applied.sort(key=lambda m: (-m.effect.rank, m.start, m.id))
    status = applied[0].effect if applied else Status.NOT_CONTROLLED
    beside: tuple[Measure, ...] = ()
    if end_use is not EndUse.MILITARY:
        beside = tuple(
            measure
            for measure, held in weigh(rulebook, material, day, destination, EndUse.MILITARY, questioned=True)
            if held is None
        )
    return Match(status, tuple(applied), tuple(suspended), beside)


def status_on(rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse) -> Status:
    """The status alone (rule 4: the strictest applying measure), without building the reasons."""
    effects = [m.effect for m, held in weigh(rulebook, material, day, destination, end_use) if held is None]
    return max(effects, key=RANK.__getitem__) if effects else Status.NOT_CONTROLLED


def next_change(
    rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse, current: Status
) -> Change | None:
    """The first date after ``day`` on which the status differs from ``current``, under the
    rules as written (only the material's boundaries for this destination and end use can)."""
    for boundary in rulebook.boundaries(material.id, destination, end_use):
        if boundary <= day:
            continue
        status = status_on(rulebook, material, boundary, destination, end_use)
        if status is not current:
            return Change(boundary, status)
    return None


def named_destinations(rulebook: Rulebook, material: Material) -> list[str]:
    """Every destination code that some measure touching this material names."""
    return list(rulebook.named_destinations(material.id))


def lapsed_suspensions(rulebook: Rulebook, measures: tuple[Measure, ...], day: dt.date) -> list[Suspension]:
    """Suspensions that once held off one of ``measures`` and have ended by ``day``."""
    found = {s.id: s for m in measures for s in rulebook.suspensions_of(m.id) if s.end < day}
    return rulebook.in_order(found.values())


def open_questions(found: Match, lapsed: list[Suspension], day: dt.date) -> dict[str, str]:
    """The open questions behind an answer, each once, keyed by the id of the measure or
    suspension that records it: those of the measures that apply (and of those beside a civil
    answer, see :class:`Match`), of the suspended measures and their suspensions, and of
    suspensions whose lapse lets a measure apply again."""
    questions: dict[str, str] = {}
    for measure in (*found.applied, *found.beside):
        if measure.uncertainty:
            questions.setdefault(measure.id, f"{measure.citation}: {measure.uncertainty}")
    for held in found.suspended:
        for entry, who in ((held.measure, held.measure.citation), (held.suspension, held.suspension.instrument)):
            if entry.uncertainty:
                questions.setdefault(entry.id, f"{who}: {entry.uncertainty}")
    for suspension in lapsed:
        if suspension.uncertainty and suspension.end + ONE_DAY <= day:
            questions.setdefault(suspension.id, f"{suspension.instrument}: {suspension.uncertainty}")
    return questions


def questions_on(rulebook: Rulebook, found: Match, day: dt.date) -> dict[str, str]:
    """:func:`open_questions` for a match on ``day``."""
    return open_questions(found, lapsed_suspensions(rulebook, found.applied, day), day)


_KINDS = {"rulebook": "the rulebook", "overlay": "the overlay", "entities": "the entity lists"}


def _as_of_of(rulebook: Rulebook) -> str:
    """``the rulebook's as_of date 2026-10-08``; with overlays or entity lists, the file(s)
    whose date that is, by path: an early overlay is named, not blamed on the rulebook."""
    day = rulebook.as_of.isoformat()
    if len(rulebook.files) <= 1:
        return f"the rulebook's as_of date {day}"
    oldest = [f"{_KINDS[f.kind]} {f.path}" for f in rulebook.files if f.as_of == rulebook.as_of]
    return f"{day}, the as_of date of {' and '.join(oldest)} (the earliest of the files in use)"


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
            f"{day.isoformat()} is after {_as_of_of(rulebook)}: "
            "this answer is projected from the rules as written, and later instruments may change it"
        )
        for suspension in lapsed:
            if suspension.end >= rulebook.as_of:
                warnings.append(
                    f"the suspension by {suspension.instrument} ended after {suspension.end.isoformat()} as written; "
                    "no extension is recorded, so the suspended measures are treated as applying again from "
                    f"{(suspension.end + ONE_DAY).isoformat()}"
                )
    uncertainty = open_questions(found, lapsed, day)
    related = tuple(
        m
        for m in rulebook.related_measures(material.id)
        if m.in_window(day)
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
        uncertainty=tuple(uncertainty.values()),
        uncertainty_ids=tuple(uncertainty),
        related=related,
        other_destinations=tuple(others),
        military_status=military_status,
    )


def last_lapse(rulebook: Rulebook, measure: Measure, day: dt.date) -> tuple[Suspension, bool] | None:
    """The suspension of ``measure`` that lapsed last before ``day``, and whether that lapse is
    projected (its last day is on or after the rulebook's as_of: no later text was checked)."""
    lapsed = lapsed_suspensions(rulebook, (measure,), day)
    if not lapsed:
        return None
    last = max(lapsed, key=lambda s: s.end)
    return last, last.end >= rulebook.as_of


def ended_after(end: dt.date) -> str:
    """A suspension's end in words no reader can take for its first day without it:
    ``ended after 2026-11-27 (applies again from 2026-11-28)``."""
    return f"ended after {end.isoformat()} (applies again from {(end + ONE_DAY).isoformat()})"


def not_suspended(rulebook: Rulebook, measure: Measure, day: dt.date) -> str:
    """Why a measure is not suspended on ``day``, naming the suspension that lapsed before it
    and whether that lapse is a fact or projected."""
    lapse = last_lapse(rulebook, measure, day)
    if lapse is None:
        return "not suspended on this date"
    last, projected = lapse
    how = "as written; projected" if projected else "as written"
    return f"not suspended on this date: the suspension by {last.instrument} {ended_after(last.end)} {how}"


class Check(Record):
    """One test a measure passed or failed for a query."""

    __slots__ = ("name", "passed", "detail")

    name: str
    """``material``, ``date``, ``destination``, ``end use``, ``listed`` or ``suspension``."""
    passed: bool
    detail: str

    def __init__(self, name: str, passed: bool, detail: str) -> None:
        fill(self, name, passed, detail)


class Step(Record):
    """How one measure was weighed for a query, and the outcome."""

    __slots__ = ("measure", "checks", "outcome")

    measure: Measure
    checks: tuple[Check, ...]
    outcome: str
    """``applies``, ``suspended`` or ``does not apply``."""

    def __init__(self, measure: Measure, checks: tuple[Check, ...], outcome: str) -> None:
        fill(self, measure, checks, outcome)


def explain(
    rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse
) -> list[Step]:
    """Every goods measure that names the material, with each check in the resolver's order."""
    steps: list[Step] = []
    for measure in rulebook.goods_measures(material.id):
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
                checks.append(Check("suspension", True, not_suspended(rulebook, measure, day)))
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


def with_end_user(rulebook: Rulebook, register: EntityRegister, r: Resolution, name: str) -> Resolution:
    """``r`` with the named end user screened against the control and watch lists.

    The status becomes the strictest of the material's own status and what a listing of a
    definitely matched entity imposes on that date (control list: ``prohibited``; watch list:
    ``enhanced-review``), for listed dual-use items only. Possible matches never change it;
    they are named in a warning for review, with their listing's standing when it is not in force.
    """
    day = r.date
    code = r.destination.code if r.destination else None
    listed = is_listed(rulebook, r.material, day)
    check = register.check(name, day, listed, r.status)
    status = r.status if check.status is None or check.status.rank <= r.status.rank else check.status
    warnings = list(r.warnings)
    if day > register.as_of:
        warnings.append(
            f"{day.isoformat()} is after the entity lists' as_of date {register.as_of.isoformat()}: the "
            "listing is projected from the announcements as written"
        )
    for m in (*check.matches, *check.possible):
        if m.state.kind == "in-force":
            for s in register.suspensions:
                lapsed = s.end < day and (m.entity.id in s.targets or m.entity.listing in s.targets)
                if lapsed and s.end >= register.as_of:
                    warnings.append(
                        f"the suspension of {m.listing.instrument} by {s.instrument} ended after {s.end.isoformat()} "
                        "as written; no extension is recorded, so the listing is treated as applying again from "
                        f"{(s.end + ONE_DAY).isoformat()}"
                    )
    for m in check.possible:
        # A listing not in force on the date is shown as such: it would impose nothing even on
        # a definite match, so it is no reason to fail --fail-on-possible-match either.
        standing = m.out_of_force()
        warnings.append(
            f"possible match, review: end user {name!r} and {m.entity.name} ({m.listing.list.value} list, "
            f"{m.listing.instrument}): {m.how}; score {m.score:.2f}; "
            + (f"{standing}; " if standing else "")
            + "it does not change the status"
        )
    uncertainty = dict(zip(r.uncertainty_ids, r.uncertainty, strict=True))
    for key, text in register.questions(check, day).items():
        uncertainty.setdefault(key, text)
    change = _next_change_with(rulebook, register, r, name, code, status)
    return r._replace(
        status=status,
        # Past the lists' checked-through date the listing, and so the answer, is projected.
        projected=r.projected or day > register.as_of,
        end_user=check,
        next_change=change,
        warnings=tuple(dict.fromkeys(warnings)),
        uncertainty=tuple(uncertainty.values()),
        uncertainty_ids=tuple(uncertainty),
    )


def _next_change_with(
    rulebook: Rulebook, register: EntityRegister, r: Resolution, name: str, code: str | None, current: Status
) -> Change | None:
    """The next date on which the status with the end user differs from ``current``."""
    days = sorted(set(rulebook.boundaries(r.material.id, code, r.end_use)) | set(register.dates()))
    for boundary in days:
        if boundary <= r.date:
            continue
        own = status_on(rulebook, r.material, boundary, code, r.end_use)
        listing = register.check(name, boundary, is_listed(rulebook, r.material, boundary), own).status
        status = own if listing is None or listing.rank <= own.rank else listing
        if status is not current:
            return Change(boundary, status)
    return None
