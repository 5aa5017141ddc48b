"""Dates as a compliance analyst sees them: a material's timeline, what changed between two
dates, and what changes next. Pure functions over a rulebook, built on ``resolve``.

A change on date D means the status on D differs from the status on D - 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mineralctl.dates import iso
from mineralctl.model import (
    Covers,
    EndUse,
    EndUserCheck,
    ListedEntity,
    Listing,
    Material,
    Measure,
    Record,
    Status,
    Suspension,
    fill,
)
from mineralctl.resolve import Match, match, questions_on, status_on, suspension_of
from mineralctl.rulebook import ONE_DAY, Rulebook

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.entities import EntityRegister


class Period(Record):
    """A stretch of days with one status (both ends inclusive; ``None``: open)."""

    __slots__ = (
        "start",
        "end",
        "status",
        "projected",
        "measures",
        "suspended",
        "change",
        "uncertainty",
        "uncertainty_ids",
    )

    start: dt.date | None
    end: dt.date | None
    status: Status
    projected: bool
    """The period starts after the rulebook's as_of: it follows the rules as written."""
    measures: tuple[Measure | Listing, ...]
    """The measures that apply, the deciding one first; for a named end user, also the listings
    of it that apply (first when one decides the status)."""
    suspended: tuple[tuple[Measure | Listing, Suspension], ...]
    """The measures (and listings of a named end user) held off, each with the suspension
    holding it off."""
    change: str
    """Why the period starts, in plain words."""
    uncertainty: tuple[str, ...]
    """The open questions behind the period's status (read on its first day)."""
    uncertainty_ids: tuple[str, ...]
    """The id of the measure or suspension recording each open question, in the same order."""

    def __init__(
        self,
        start: dt.date | None,
        end: dt.date | None,
        status: Status,
        projected: bool,
        measures: tuple[Measure | Listing, ...],
        suspended: tuple[tuple[Measure | Listing, Suspension], ...],
        change: str,
        uncertainty: tuple[str, ...] = (),
        uncertainty_ids: tuple[str, ...] = (),
    ) -> None:
        fill(self, start, end, status, projected, measures, suspended, change, uncertainty, uncertainty_ids)


class Difference(Record):
    """A material whose status differs between two dates."""

    __slots__ = ("material", "before", "after", "instruments", "entries", "projected", "uncertainty", "uncertainty_ids")

    material: Material
    before: Status
    after: Status
    instruments: tuple[str, ...]
    """Citations of the measures and suspensions that made the difference."""
    entries: tuple[str, ...]
    """Ids of those measures and suspensions."""
    projected: bool
    """One of the two dates is after the rulebook's as_of: answered by the rules as written."""
    uncertainty: tuple[str, ...]
    """The open questions behind either answer."""
    uncertainty_ids: tuple[str, ...]

    def __init__(
        self,
        material: Material,
        before: Status,
        after: Status,
        instruments: tuple[str, ...],
        entries: tuple[str, ...] = (),
        projected: bool = False,
        uncertainty: tuple[str, ...] = (),
        uncertainty_ids: tuple[str, ...] = (),
    ) -> None:
        fill(self, material, before, after, instruments, entries, projected, uncertainty, uncertainty_ids)


class Effect(Record):
    """The status of one material for one destination before and on an event's date."""

    __slots__ = ("material", "destination", "before", "after")

    material: Material
    destination: str | None
    before: Status
    after: Status

    def __init__(self, material: Material, destination: str | None, before: Status, after: Status) -> None:
        fill(self, material, destination, before, after)


class Event(Record):
    """A dated change ahead: a measure enters into force or ends, a suspension starts or lapses."""

    __slots__ = (
        "date",
        "kind",
        "instrument",
        "description",
        "projected",
        "effects",
        "entry",
        "held_by",
        "uncertainty",
        "uncertainty_ids",
    )

    date: dt.date
    kind: str
    """``enters-into-force``, ``window-ends``, ``suspension-starts``, ``suspension-lapses`` or
    ``open-question`` (a dated open question: it changes no status); for the end-user lists
    ``listing-starts``, ``listing-suspension-starts``, ``listing-suspension-lapses`` or
    ``listing-ends``."""
    instrument: str
    description: str
    projected: bool
    effects: tuple[Effect, ...]
    entry: str
    """The id of the measure or suspension behind the event: stable across rulebook versions."""
    held_by: tuple[str, ...]
    """Ids of the suspensions that hold a measure entering into force back on that date."""
    uncertainty: tuple[str, ...]
    """The open questions recorded on the measure or suspension behind the event (and on a
    suspension holding it back)."""
    uncertainty_ids: tuple[str, ...]

    def __init__(
        self,
        date: dt.date,
        kind: str,
        instrument: str,
        description: str,
        projected: bool,
        effects: tuple[Effect, ...],
        entry: str = "",
        held_by: tuple[str, ...] = (),
        uncertainty: tuple[str, ...] = (),
        uncertainty_ids: tuple[str, ...] = (),
    ) -> None:
        fill(
            self, date, kind, instrument, description, projected, effects, entry, held_by, uncertainty, uncertainty_ids
        )


def explain_change(before: Match, after: Match, day: dt.date) -> str:
    """Plain words for what happened on ``day`` between two matches."""
    parts: list[str] = []
    before_applied = {m.id: m for m in before.applied}
    after_applied = {m.id: m for m in after.applied}
    before_held = {s.measure.id: s for s in before.suspended}
    after_held = {s.measure.id: s for s in after.suspended}
    for mid, m in after_applied.items():
        if mid in before_applied:
            continue
        if mid in before_held:
            suspension = before_held[mid].suspension
            again = "takes effect for the first time" if m.start >= suspension.start else "applies again"
            parts.append(f"suspension by {suspension.instrument} lapsed: {m.citation} {again}")
        elif m.start == day:
            parts.append(f"{m.citation} entered into force")
        else:
            parts.append(f"{m.citation} applies")
    for mid, held in after_held.items():
        m, suspension = held.measure, held.suspension
        if mid in before_applied:
            parts.append(f"{m.citation} suspended by {suspension.instrument}")
        elif mid not in before_held:
            # In force from this day but held off from its first day: it changes no status yet.
            started = "entered into force" if m.start == day else "applies"
            parts.append(f"{m.citation} {started}, suspended by {suspension.instrument}")
        elif before_held[mid].suspension.id != suspension.id:
            parts.append(
                f"suspension by {before_held[mid].suspension.instrument} lapsed: {m.citation} "
                f"suspended by {suspension.instrument}"
            )
    for mid, m in before_applied.items():
        if mid not in after_applied and mid not in after_held:
            parts.append(
                f"{m.citation} ended" if m.end is not None and m.end < day else f"{m.citation} no longer applies"
            )
    for mid, held in before_held.items():
        if mid not in after_applied and mid not in after_held:
            m = held.measure
            ended = "ended" if m.end is not None and m.end < day else "no longer applies"
            parts.append(f"{m.citation} {ended} while suspended by {held.suspension.instrument}")
    before_beside = {m.id for m in before.beside}
    after_beside = {m.id for m in after.beside}
    for m in after.beside:
        if m.id not in before_beside:
            parts.append(f"{m.citation} on military end use applies, with an open question on its reach")
    for m in before.beside:
        if m.id not in after_beside:
            parts.append(f"{m.citation} on military end use no longer applies")
    return "; ".join(dict.fromkeys(parts)) or "no measure applies"


def projected_from(rulebook: Rulebook) -> dt.date:
    """The first day after the rulebook's as_of: a period running past as_of is split there,
    so the part that follows the rules as written is a period of its own, marked projected
    (a period is projected as a whole or not at all)."""
    return rulebook.as_of + ONE_DAY


def projected_change(rulebook: Rulebook) -> str:
    """Why a period starts on the day after as_of when the status does not change there."""
    return (
        f"status unchanged; projected from here: after {rulebook.as_of.isoformat()}, "
        "the last day the sources were checked"
    )


def deciding_key(found: Match) -> tuple[object, ...]:
    """What a period says of every one of its days: the status, the measures that apply,
    those held off by a suspension (and by which) and those beside a civil answer (see
    :class:`~mineralctl.resolve.Match`). A period ends where any of them changes, so a measure
    replaced by another of the same effect is not named past its last day."""
    return (
        found.status,
        frozenset(m.id for m in found.applied),
        frozenset((s.measure.id, s.suspension.id) for s in found.suspended),
        frozenset(m.id for m in found.beside),
    )


def period_change(
    rulebook: Rulebook, previous: Match, following: Match, boundary: dt.date, status_unchanged: bool
) -> str:
    """Why a period starts on ``boundary``: the measures or suspensions that changed (after
    ``status unchanged:`` when the status did not), or only the start of the projected part."""
    if deciding_key(previous) == deciding_key(following) and boundary == projected_from(rulebook):
        return projected_change(rulebook)
    change = explain_change(previous, following, boundary)
    return f"status unchanged: {change}" if status_unchanged else change


def timeline(
    rulebook: Rulebook,
    material: Material,
    destination: str | None,
    end_use: EndUse,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Period]:
    """The periods in order, clipped to ``start``..``end`` when given: each one status and one
    set of deciding measures and suspensions (:func:`deciding_key`) on all of its days."""
    split = projected_from(rulebook)
    days = set(rulebook.boundaries(material.id, destination, end_use)) | {split}
    boundaries = sorted(b for b in days if (start is None or b > start) and (end is None or b <= end))
    current = match(rulebook, material, start or dt.date.min, destination, end_use)
    periods: list[Period] = []
    period_start = start
    change = "start of the range" if start is not None else "before any measure in the rulebook"
    for boundary in boundaries:
        following = match(rulebook, material, boundary, destination, end_use)
        if deciding_key(following) == deciding_key(current) and boundary != split:
            continue
        periods.append(_period(rulebook, period_start, boundary - ONE_DAY, current, change))
        previous = match(rulebook, material, boundary - ONE_DAY, destination, end_use)
        change = period_change(rulebook, previous, following, boundary, previous.status is following.status)
        current, period_start = following, boundary
    periods.append(_period(rulebook, period_start, end, current, change))
    return periods


def _period(
    rulebook: Rulebook,
    start: dt.date | None,
    end: dt.date | None,
    found: Match,
    change: str,
    status: Status | None = None,
    listed: dict[str, str] | None = None,
    check: EndUserCheck | None = None,
) -> Period:
    """``listed``: the open questions behind what the end-user lists say on the first day;
    ``check``: what they say of the named end user then (:func:`listing_deciders`)."""
    questions = questions_on(rulebook, found, start or dt.date.min)
    for key, text in (listed or {}).items():
        questions.setdefault(key, text)
    status = found.status if status is None else status
    measures: tuple[Measure | Listing, ...] = found.applied
    suspended: tuple[tuple[Measure | Listing, Suspension], ...] = tuple(
        (s.measure, s.suspension) for s in found.suspended
    )
    if check is not None:
        applying, held = listing_deciders(check)
        # A listing stricter than the goods' own measures decides the period: it is named first.
        decides = status is not found.status
        measures = (*applying, *measures) if decides else (*measures, *applying)
        suspended = (*suspended, *held)
    return Period(
        start=start,
        end=end,
        status=status,
        projected=start is not None and start > rulebook.as_of,
        measures=measures,
        suspended=suspended,
        change=change,
        uncertainty=tuple(questions.values()),
        uncertainty_ids=tuple(questions),
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
        questions = {**questions_on(rulebook, old, before), **questions_on(rulebook, new, after)}
        out.append(
            Difference(
                material,
                old.status,
                new.status,
                tuple(dict.fromkeys(citation for _, citation in changed)),
                entries=tuple(dict.fromkeys(k for k, _ in changed)),
                projected=max(before, after) > rulebook.as_of,
                uncertainty=tuple(questions.values()),
                uncertainty_ids=tuple(questions),
            )
        )
    return out


def upcoming(
    rulebook: Rulebook, start: dt.date, end: dt.date, destination: str | None = None, end_use: EndUse = EndUse.CIVIL
) -> list[Event]:
    """The dated changes from ``start`` to ``end`` (inclusive), each with the materials and
    destinations it touches and their status before and on that date."""
    events: list[Event] = []
    for day, kind, entry in rulebook.dated(start, end):
        if isinstance(entry, Measure):
            if kind == "enters-into-force":
                description = f"{entry.citation} enters into force ({entry.effect.value})"
            else:
                description = f"{entry.citation} ends (last day {iso(entry.end)})"
            events.append(
                _event(rulebook, day, kind, entry.citation, description, [entry], entry.id, destination, end_use)
            )
            continue
        targets = [m for m in map(rulebook.measure, entry.targets) if m is not None]
        if kind == "suspension-starts":
            description = f"{entry.instrument} suspends {len(targets)} measure(s) to {entry.end.isoformat()} inclusive"
        else:
            description = (
                f"suspension by {entry.instrument} lapses (last day {entry.end.isoformat()}); "
                "the suspended measures apply as written"
            )
        events.append(
            _event(rulebook, day, kind, entry.instrument, description, targets, entry.id, destination, end_use)
        )
    # Dated open questions (a reported extension, say) change no answer: they are events of
    # their own, with the statuses as written on that day, so a calendar can flag the date.
    entries: list[Measure | Suspension] = [*rulebook.measures, *rulebook.suspensions]
    for entry in entries:
        for question in entry.open_questions:
            if start <= question.date <= end:
                touched = (
                    [m for m in map(rulebook.measure, entry.targets) if m is not None]
                    if isinstance(entry, Suspension)
                    else [entry]
                )
                description = f"open question on {entry.instrument}: {' '.join(question.text.split())}"
                events.append(
                    _event(
                        rulebook, question.date, "open-question", entry.instrument, description, touched, entry.id,
                        destination, end_use,
                    )
                )  # fmt: skip
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
    goods = [x for x in measures if x.covers is Covers.GOODS]
    if any(x.all_dual_use for x in goods):
        touched = list(rulebook.materials.values())
    else:
        touched = rulebook.material_order({mid for x in goods for mid in x.materials})
    for material in touched:
        if destination is not None:
            places: list[str | None] = [destination]
        else:
            scoped = {c for x in measures for c in x.destinations.codes}
            worldwide = any(x.destinations.kind != "only" for x in measures)
            places = [None] if worldwide else []
            # A worldwide change reaches the destinations named for this material too: each is
            # answered, so an effect the same everywhere can be told from one that is not.
            places += [p for p in rulebook.named_destinations(material.id) if worldwide or p in scoped]
        for place in places:
            before = status_on(rulebook, material, day - ONE_DAY, place, end_use)
            after = status_on(rulebook, material, day, place, end_use)
            effects.append(Effect(material, place, before, after))
    # A measure entering into force while a suspension holds it back changes nothing that day:
    # the event says which suspension, and carries its open questions too.
    holding: list[Suspension] = []
    if kind == "enters-into-force":
        holding = [h for h in (suspension_of(rulebook, m, day) for m in measures) if h is not None]
    behind = rulebook.measure(entry) or rulebook.suspension(entry)
    questions: dict[str, str] = {}
    for source in [behind, *holding]:
        if source is not None and source.uncertainty:
            who = source.citation if isinstance(source, Measure) else source.instrument
            questions.setdefault(source.id, f"{who}: {source.uncertainty}")
    return Event(
        day,
        kind,
        instrument,
        description,
        day > rulebook.as_of,
        tuple(effects),
        entry,
        held_by=tuple(dict.fromkeys(h.id for h in holding)),
        uncertainty=tuple(questions.values()),
        uncertainty_ids=tuple(questions),
    )


def effect_scopes(effects: Iterable[Effect]) -> list[tuple[Material, str, Status, Status]]:
    """(material, where, before, after) for an event's effects, ``where`` a destination code,
    ``other destinations`` or ``all destinations``: a material whose every destination (other
    destinations and each one named for it) changes alike is said once, for all destinations;
    otherwise each is said, so no destination treated differently is hidden."""
    by_material: dict[str, list[Effect]] = {}
    for x in effects:
        by_material.setdefault(x.material.id, []).append(x)
    out: list[tuple[Material, str, Status, Status]] = []
    for found in by_material.values():
        changes: dict[tuple[Status, Status], list[str | None]] = {}
        for x in found:
            changes.setdefault((x.before, x.after), []).append(x.destination)
        for (before, after), places in changes.items():
            if len(changes) == 1 and None in places:
                where = "all destinations"
            else:
                where = ", ".join(p or "other destinations" for p in places)
            out.append((found[0].material, where, before, after))
    return out


class SuspendedSpan(Record):
    """Days on which a suspension holds off a measure that would otherwise apply to a material."""

    __slots__ = ("start", "end", "held")

    start: dt.date
    end: dt.date
    """Last day held off (inclusive)."""
    held: tuple[tuple[Measure, Suspension], ...]

    def __init__(self, start: dt.date, end: dt.date, held: tuple[tuple[Measure, Suspension], ...]) -> None:
        fill(self, start, end, held)


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
    days = rulebook.boundaries(material.id, destination, end_use)
    low = start or rulebook.first_date()
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


def deciding_entries(
    rulebook: Rulebook, material: Material, destination: str | None, end_use: EndUse
) -> list[Measure | Suspension]:
    """The goods measures that can decide this query's status on some day, and the
    suspensions of them: whatever their dates."""
    measures = [
        m
        for m in rulebook.measures
        if m.covers is Covers.GOODS
        and m.touches(material.id)
        and m.destinations.covers(destination)
        and (m.end_use == "any" or end_use is EndUse.MILITARY)
    ]
    ids = {m.id for m in measures}
    return [*(s for s in rulebook.suspensions if ids.intersection(s.targets)), *measures]


def listing_events(
    register: EntityRegister, start: dt.date, end: dt.date, destination: str | None = None
) -> list[Event]:
    """The dated changes to the control and watch lists from ``start`` to ``end`` (inclusive):
    a listing takes effect, is suspended, applies again when its suspension lapses, or stops.
    With ``destination``, only changes touching entities of that country. They change no
    material's status by themselves (effects are empty): they matter for a named end user."""
    by_listing: dict[str, list[ListedEntity]] = {}
    for entity in register.entities:
        by_listing.setdefault(entity.listing, []).append(entity)

    def touched(targets: tuple[str, ...]) -> list[ListedEntity]:
        found = [e for t in targets for e in by_listing.get(t, [])]
        found += [e for e in register.entities if e.id in targets]
        return [e for e in dict.fromkeys(found) if destination is None or e.country == destination]

    def what(entities: list[ListedEntity]) -> str:
        listings = dict.fromkeys(register.listings[e.listing] for e in entities)
        names = ", ".join(f"{x.instrument} ({x.list.value} list)" for x in listings)
        return f"{len(entities)} listed entit{'y' if len(entities) == 1 else 'ies'} of {names}"

    events: list[Event] = []

    def add(day: dt.date, kind: str, instrument: str, description: str, entry: str) -> None:
        if start <= day <= end:
            events.append(Event(day, kind, instrument, description, day > register.as_of, (), entry))

    for listing in register.listings.values():
        named = touched((listing.id,))
        if named:
            effect = listing.list.effect.value
            add(
                listing.start,
                "listing-starts",
                listing.instrument,
                f"{listing.instrument} puts {len(named)} entities on the {listing.list.value} list "
                f"(listed dual-use items to them: {effect})",
                listing.id,
            )
    for s in register.suspensions:
        named = touched(s.targets)
        if not named:
            continue
        add(
            s.start,
            "listing-suspension-starts",
            s.instrument,
            f"{s.instrument} suspends {what(named)} to {iso(s.end)} inclusive",
            s.id,
        )
        lapse = s.end + ONE_DAY
        # A lapse the next suspension or an ending takes over on the same day changes nothing.
        still = [e for e in named if register.state(e, lapse).kind == "in-force"]
        if still:
            add(
                lapse,
                "listing-suspension-lapses",
                s.instrument,
                f"suspension by {s.instrument} lapses (last day {iso(s.end)}): {what(still)} apply again as written",
                s.id,
            )
    for e in register.endings:
        named = touched(e.targets)
        if named:
            add(e.start, "listing-ends", e.instrument, f"{e.instrument}: the measures on {what(named)} {e.kind}", e.id)
    events.sort(key=lambda x: (x.date, x.kind, x.instrument))
    return events


def _with_listing(
    rulebook: Rulebook,
    register: EntityRegister,
    material: Material,
    day: dt.date,
    destination: str | None,
    end_use: EndUse,
    name: str,
) -> tuple[Status, Match, EndUserCheck]:
    """The status for a named end user on ``day``: the strictest of the material's own and the listing's."""
    from mineralctl.resolve import is_listed

    found = match(rulebook, material, day, destination, end_use)
    check = register.check(name, day, is_listed(rulebook, material, day), found.status)
    status = found.status if check.status is None or check.status.rank <= found.status.rank else check.status
    return status, found, check


def listing_key(check: EndUserCheck) -> frozenset[tuple[object, ...]]:
    """What the lists say of a named end user's definite matches on a day: each listing's
    standing, with the suspension or ending behind it, and its effect. Like
    :func:`deciding_key`, a period ends where it changes, so a period names the suspension
    that holds a listing off on every one of its days."""
    return frozenset(
        (
            m.entity.id,
            m.state.kind,
            m.state.suspension.id if m.state.suspension is not None else "",
            m.state.ending.id if m.state.ending is not None else "",
            m.effect,
        )
        for m in check.matches
    )


def listing_deciders(
    check: EndUserCheck,
) -> tuple[tuple[Listing, ...], tuple[tuple[Listing, Suspension], ...]]:
    """The listings of the end user's definite matches that impose something, and those held
    off by a suspension (each with it)."""
    applying = tuple(dict.fromkeys(m.listing for m in check.matches if m.effect is not None))
    held = tuple(
        dict.fromkeys(
            (m.listing, m.state.suspension)
            for m in check.matches
            if m.state.kind == "suspended" and m.state.suspension is not None
        )
    )
    return applying, held


def _listing_change(before: EndUserCheck, after: EndUserCheck) -> list[str]:
    """Plain words for the listings whose standing differs between two checks."""
    old = {m.entity.id: m for m in before.matches}
    parts = []
    for m in after.matches:
        was = old.get(m.entity.id)
        if was is not None and (was.state, was.effect) == (m.state, m.effect):
            continue
        parts.append(f"end user {m.entity.name}: {m.reason}")
    return parts


def end_user_timeline(
    rulebook: Rulebook,
    register: EntityRegister,
    material: Material,
    destination: str | None,
    end_use: EndUse,
    name: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Period]:
    """:func:`timeline` for shipments to a named end user: each period's status is the strictest
    of the material's own and what the end user's listing imposes. A period ends where the
    status, the material's deciding measures (:func:`deciding_key`) or the standing of the end
    user's listing (:func:`listing_key`: taking effect, the suspension holding it off, applying
    again, stopping) changes; a listing that decides the status is named first in ``measures``."""
    split = projected_from(rulebook)
    days = set(rulebook.boundaries(material.id, destination, end_use)) | set(register.dates()) | {split}
    boundaries = sorted(b for b in days if (start is None or b > start) and (end is None or b <= end))
    first = start or dt.date.min
    status, current, check = _with_listing(rulebook, register, material, first, destination, end_use, name)
    periods: list[Period] = []
    period_start = start
    change = "start of the range" if start is not None else "before any measure in the rulebook"
    for boundary in boundaries:
        following = _with_listing(rulebook, register, material, boundary, destination, end_use, name)
        if (
            following[0] is status
            and deciding_key(following[1]) == deciding_key(current)
            and listing_key(following[2]) == listing_key(check)
            and boundary != split
        ):
            continue
        listed = register.questions(check, period_start or first)
        periods.append(_period(rulebook, period_start, boundary - ONE_DAY, current, change, status, listed, check))
        previous = _with_listing(rulebook, register, material, boundary - ONE_DAY, destination, end_use, name)
        parts = _listing_change(previous[2], following[2])
        if deciding_key(previous[1]) != deciding_key(following[1]) or not parts:
            parts.insert(0, period_change(rulebook, previous[1], following[1], boundary, following[0] is status))
        elif following[0] is status:
            parts[0] = f"status unchanged: {parts[0]}"
        change = "; ".join(parts)
        status, current, check = following
        period_start = boundary
    listed = register.questions(check, period_start or first)
    periods.append(_period(rulebook, period_start, end, current, change, status, listed, check))
    return periods


def end_user_diff(
    rulebook: Rulebook,
    register: EntityRegister,
    materials: Iterable[Material],
    before: dt.date,
    after: dt.date,
    destination: str | None,
    end_use: EndUse,
    name: str,
) -> list[Difference]:
    """:func:`diff` for shipments to a named end user (statuses as in :func:`end_user_timeline`)."""
    out: list[Difference] = []
    for material in materials:
        old = _with_listing(rulebook, register, material, before, destination, end_use, name)
        new = _with_listing(rulebook, register, material, after, destination, end_use, name)
        if old[0] is new[0]:
            continue
        # The goods' own measures and suspensions that changed, then the listings, suspensions
        # and endings of the lists that did, each by citation and by id.
        plain = diff(rulebook, [material], before, after, destination, end_use)
        changed = list(plain[0].instruments) if plain else []
        entries = list(plain[0].entries) if plain else []
        olds = {m.entity.id: m for m in old[2].matches}
        for m in new[2].matches:
            was = olds.get(m.entity.id)
            if was is None or was.state != m.state:
                moved = [(m.listing.id, m.listing.instrument)]
                for state in (m.state, was.state if was else None):
                    if state is not None and state.suspension is not None:
                        moved.append((state.suspension.id, state.suspension.instrument))
                    if state is not None and state.ending is not None:
                        moved.append((state.ending.id, state.ending.instrument))
                changed += [citation for _, citation in moved]
                entries += [key for key, _ in moved]
        questions = {**questions_on(rulebook, old[1], before), **questions_on(rulebook, new[1], after)}
        for key, text in (*register.questions(old[2], before).items(), *register.questions(new[2], after).items()):
            questions.setdefault(key, text)
        out.append(
            Difference(
                material,
                old[0],
                new[0],
                tuple(dict.fromkeys(changed)),
                entries=tuple(dict.fromkeys(entries)),
                projected=max(before, after) > min(rulebook.as_of, register.as_of),
                uncertainty=tuple(questions.values()),
                uncertainty_ids=tuple(questions),
            )
        )
    return out
