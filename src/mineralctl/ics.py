"""Dated changes as an iCalendar file (RFC 5545) that a calendar can subscribe to.

One all-day event per change. Every event's UID is built from the id of the measure,
suspension or listing behind it and the kind of change (never from the run or the rulebook
version, and not from the date), so when a new rulebook moves a date (a suspension extended)
a subscribed calendar moves the event instead of adding a second one. A dated open question is
about its day, so its UID names the day too. Changes after the rulebook's ``as_of`` and open
questions are ``STATUS:TENTATIVE``. Written by hand with the standard library: nothing is
added to start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mineralctl import __version__
from mineralctl.history import deciding_entries, effect_scopes
from mineralctl.model import (
    EndUse,
    Listing,
    Material,
    Measure,
    OpenQuestion,
    Source,
    Status,
    Suspension,
    packaged_alone,
)
from mineralctl.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.entities import EntityRegister
    from mineralctl.history import Event, Period
    from mineralctl.rulebook import Rulebook

UID_DOMAIN = "mineralctl"
LINE_OCTETS = 75
DISCLAIMER = "Dates are Beijing dates. A research aid, not legal advice."

# How an event's summary names its instrument and what it does, by kind of event.
HEADLINES = {
    "enters-into-force": "{} enters into force",
    "window-ends": "{} ends",
    "suspension-starts": "{} suspends measures",
    "suspension-lapses": "Suspension by {} lapses",
    "open-question": "Open question on {}",
    "listing-starts": "{} lists end users",
    "listing-suspension-starts": "{} suspends end-user listings",
    "listing-suspension-lapses": "Suspension by {} lapses: end-user listings apply again",
    "listing-ends": "{}: end-user listings stop",
}


@dataclass(frozen=True)
class Entry:
    """One all-day calendar event."""

    uid: str
    day: dt.date
    summary: str
    description: str
    tentative: bool
    categories: tuple[str, ...]
    url: str = ""


# --------------------------------------------------------------------------- events


def upcoming_calendar(rulebook: Rulebook, events: Iterable[Event], destination: str | None) -> str:
    """``upcoming --format ics``."""
    name = f"mineralctl: export-control changes ({destination or 'all destinations'})"
    return calendar(rulebook, upcoming_entries(rulebook, events, destination), name)


def timeline_calendar(
    rulebook: Rulebook,
    found: Iterable[tuple[Material, Sequence[Period]]],
    query: str,
    destination: str | None,
    end_use: EndUse,
    first: dt.date | None,
    last: dt.date | None = None,
    end_user: EndUserKey | None = None,
) -> str:
    """``timeline --format ics``: every change of each material's status, and the dated open
    questions of the measures and suspensions behind them; with ``end_user``, for shipments
    to that end user (its events' UIDs carry its key: they are not those of another end user's
    calendar, or of the calendar without one, whose texts differ)."""
    entries = [
        e
        for m, periods in found
        for e in timeline_entries(rulebook, m, periods, destination, end_use, first, last, end_user)
    ]
    whom = f", end user {end_user.name}" if end_user else ""
    name = f"mineralctl: {query} ({destination or 'all destinations'}, {end_use.value} end use{whom})"
    return calendar(rulebook, entries, name)


@dataclass(frozen=True)
class EndUserKey:
    """The end user of a calendar: the name as given, and the part of its events' UIDs that
    stands for it (:func:`end_user_key`)."""

    name: str
    key: str


def end_user_key(register: EntityRegister, name: str) -> EndUserKey:
    """The ids of the listed entities ``name`` definitely matches (``end-user.acme+zenith``),
    so every spelling of a listed entity gives the same UIDs; for any other name, a short hash
    of the name as compared (case, punctuation and legal form set aside)."""
    ids = sorted({hit.entity.id for hit in register.find(name) if hit.definite})
    if ids:
        return EndUserKey(name, "end-user." + "+".join(ids))
    import hashlib

    from mineralctl import names

    compared = " ".join(names.key(name).words) or " ".join(name.split())
    digest = hashlib.sha1(compared.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return EndUserKey(name, f"end-user.name-{digest}")


def upcoming_entries(rulebook: Rulebook, events: Iterable[Event], destination: str | None) -> list[Entry]:
    """An entry per event of ``upcoming``."""
    scope = destination or "all"
    entries = []
    for event in events:
        entry = rulebook.measure(event.entry) or rulebook.suspension(event.entry)
        if event.kind == "open-question" and entry is not None:
            # The event's description carries its question's text; the question gives the rest.
            statuses = [(x.material, x.destination, x.after) for x in event.effects]
            question = next(
                (
                    q
                    for q in entry.open_questions
                    if q.date == event.date and event.description.endswith(f": {' '.join(q.text.split())}")
                ),
                None,
            )
            if question is not None:
                uid = f"{entry.id}.{_question_key(question)}.{scope}"
                entries.append(_question_entry(rulebook, entry, question, uid, statuses, event.projected))
                continue
        lines = [event.description + "."]
        if event.projected:
            lines.append(_projected(rulebook))
        scoped = effect_scopes(event.effects)
        lines += _effects_lines(event.date, scoped)
        lines += _entry_lines(rulebook, [entry] if entry else [])
        summary = HEADLINES.get(event.kind, "{}: " + event.kind).format(event.instrument)
        summary += _changes_phrase([(m, where, after) for m, where, before, after in scoped if before is not after])
        entries.append(
            Entry(
                uid=f"{event.entry or event.date.isoformat()}.{event.kind}.{scope}@{UID_DOMAIN}",
                day=event.date,
                summary=summary + (" (projected)" if event.projected else ""),
                description="\n".join([*lines, _footer(rulebook)]),
                tentative=event.projected or event.kind == "open-question",
                categories=("export control", event.kind),
                url=entry.sources[0].url if entry and entry.sources else "",
            )
        )
    return entries


def timeline_entries(
    rulebook: Rulebook,
    material: Material,
    periods: Sequence[Period],
    destination: str | None,
    end_use: EndUse,
    first: dt.date | None = None,
    last: dt.date | None = None,
    end_user: EndUserKey | None = None,
) -> list[Entry]:
    """An entry per change of a material's status: the start of every period but the first
    (and not the start of a range the user chose with ``--from``); and one per dated open
    question of the measures for this query and their suspensions, within the range. A change
    is named by the ids of the measures, suspensions and listings behind it; with ``end_user``
    every UID carries its key."""
    place = destination or "other destinations"
    scope = f"{material.id}.{destination or 'all'}.{end_use.value}" + (f".{end_user.key}" if end_user else "")
    entries = []
    for entry in deciding_entries(rulebook, material, destination, end_use):
        for question in entry.open_questions:
            if (first is None or question.date >= first) and (last is None or question.date <= last):
                status = next(
                    (
                        p.status
                        for p in periods
                        if (p.start or question.date) <= question.date <= (p.end or question.date)
                    ),
                    periods[-1].status,
                )
                uid = f"{scope}.{entry.id}.{_question_key(question)}"
                statuses = [(material, destination, status)]
                projected = question.date > rulebook.as_of
                entries.append(_question_entry(rulebook, entry, question, uid, statuses, projected))
    for before, period in zip(periods, periods[1:], strict=False):
        day = period.start
        # A period that starts only because the rules past as_of are projected is no change.
        if day is None or day == first or before.status is period.status:
            continue
        causes = _causes(rulebook, material, day, destination, end_use)
        keys = [f"{e.id}.{'starts' if e.start == day else 'ends'}" for e in causes]
        keys += [k for k in _listing_keys(before, period) if k not in keys]
        key = "+".join(keys) or day.isoformat()
        lines = [f"{material.name} ({place}, {end_use.value} end use): {period.change}."]
        if period.projected:
            lines.append(_projected(rulebook))
        lines += _effects_lines(day, [(material, place, before.status, period.status)])
        lines += _entry_lines(rulebook, causes)
        why = "; ".join(dict.fromkeys(_cause_phrase(e, day) for e in causes)) or period.change
        summary = f"{material.name} ({place}): {before.status.value} → {period.status.value}: {why}"
        entries.append(
            Entry(
                uid=f"{scope}.{key}@{UID_DOMAIN}",
                day=day,
                summary=summary + (" (projected)" if period.projected else ""),
                description="\n".join([*lines, _footer(rulebook)]),
                tentative=period.projected,
                categories=("export control", "status change"),
                url=next((e.sources[0].url for e in causes if e.sources), ""),
            )
        )
    return entries


def _causes(
    rulebook: Rulebook, material: Material, day: dt.date, destination: str | None, end_use: EndUse
) -> list[Measure | Suspension]:
    """The measures and suspensions for this query that start on ``day`` or ended the day
    before: their ids name a change whatever its date."""
    one_day = dt.timedelta(days=1)
    return [
        e
        for e in deciding_entries(rulebook, material, destination, end_use)
        if e.start == day or (e.end is not None and e.end + one_day == day)
    ]


def _listing_keys(before: Period, period: Period) -> list[str]:
    """The end user's listings and their suspensions behind a change from ``before`` to
    ``period``, by id: a listing that takes effect or ends, a suspension that starts or lapses
    (whatever the day, so a suspension extended moves the event)."""
    held = {m.id: s for m, s in before.suspended if isinstance(m, Listing)}
    holds = {m.id: s for m, s in period.suspended if isinstance(m, Listing)}
    was = {m.id for m in before.measures if isinstance(m, Listing)}
    now = {m.id for m in period.measures if isinstance(m, Listing)}
    keys: list[str] = []
    for listing in sorted(now | was | set(held) | set(holds)):
        if listing in now and listing not in was:
            keys.append(f"{held[listing].id}.ends" if listing in held else f"{listing}.starts")
        elif listing in was and listing not in now:
            keys.append(f"{holds[listing].id}.starts" if listing in holds else f"{listing}.ends")
        elif listing in held and listing in holds and held[listing].id != holds[listing].id:
            keys.append(f"{holds[listing].id}.starts")
    return keys


def _question_key(question: OpenQuestion) -> str:
    # The date is part of the key: a question about another date is another event.
    return f"open-question.{question.date.strftime('%Y%m%d')}"


def _question_entry(
    rulebook: Rulebook,
    entry: Measure | Suspension,
    question: OpenQuestion,
    uid: str,
    statuses: Sequence[tuple[Material, str | None, Status]],
    projected: bool,
) -> Entry:
    """A dated open question: always tentative; it changes no status, so the statuses shown
    are those of the rules as written (``projected``: as the event or period says)."""
    text = " ".join(question.text.split())
    lines = [f"OPEN QUESTION on {entry.instrument} for {question.date.isoformat()}: {text}"]
    if projected:
        lines.append(_projected(rulebook))
    if statuses:
        lines.append(f"Status on {question.date.isoformat()} by the rules as written (the question may change it):")
        lines += [f"- {m.name} ({d or 'other destinations'}): {s.value}" for m, d, s in statuses]
    lines += _entry_lines(rulebook, [entry])
    headline = text.split(". ")[0].rstrip(".")
    return Entry(
        uid=f"{uid}@{UID_DOMAIN}",
        day=question.date,
        summary=f"Open question on {entry.instrument}: {headline}",
        description="\n".join([*lines, _footer(rulebook)]),
        tentative=True,
        categories=("export control", "open-question"),
        url=entry.sources[0].url if entry.sources else "",
    )


def _cause_phrase(entry: Measure | Suspension, day: dt.date) -> str:
    starts = entry.start == day
    if isinstance(entry, Suspension):
        return f"suspended by {entry.instrument}" if starts else f"suspension by {entry.instrument} lapses"
    return f"{entry.citation} in force" if starts else f"{entry.citation} ends"


def _projected(rulebook: Rulebook) -> str:
    """The table's projected note (``render.projected_note``) in a calendar's words: the same
    date, and with several files (overlays, the end-user lists) the same files named."""
    if not packaged_alone(rulebook.files):
        from mineralctl.render import files_label

        return (
            f"PROJECTED: after {rulebook.as_of.isoformat()}, the earliest checked-through date of the files in "
            f"use ({files_label(rulebook)}), this follows the rules as written; no later instrument was checked."
        )
    return (
        f"PROJECTED: after the rulebook's as_of {rulebook.as_of.isoformat()}, this follows the rules as "
        "written; no later instrument was checked."
    )


def _effects_lines(day: dt.date, effects: Sequence[tuple[Material, str, Status, Status]]) -> list[str]:
    if not effects:
        return []
    lines = [f"Status on the day before → from {day.isoformat()}:"]
    for material, destination, before, after in effects:
        change = f"{before.value} → {after.value}" if before is not after else f"unchanged, {after.value}"
        lines.append(f"- {material.name} ({destination}): {change}")
    return lines


def _entry_lines(rulebook: Rulebook, entries: Sequence[Measure | Suspension]) -> list[str]:
    lines: list[str] = []
    sources: list[Source] = []
    for entry in entries:
        chinese = f" ({entry.instrument_zh})" if entry.instrument_zh else ""
        lines.append(f"{entry.instrument}{chinese}, {entry.clause}: {' '.join(entry.summary.split())}".rstrip(": "))
        if isinstance(entry, Suspension):
            targets = [m for m in (rulebook.measure(t) for t in entry.targets) if m is not None]
            lines += [f"- suspends {m.citation} ({m.effect.value}; {m.destinations})" for m in targets]
            lines.append(f"Suspended from {entry.start.isoformat()} to {entry.end.isoformat()} (inclusive).")
        else:
            lines.append(f"Destinations: {entry.destinations}; end use: {entry.end_use}.")
        if entry.uncertainty:
            lines.append(f"OPEN QUESTION: {' '.join(entry.uncertainty.split())}")
        sources += [s for s in entry.sources if s not in sources]
        lines.append(f"Details: mineralctl show {entry.id}")
    if sources:
        lines.append("Sources:")
        lines += [f"- {s.title}: {s.url}" for s in sources]
    return lines


def _changes_phrase(changes: Sequence[tuple[Material, str, Status]]) -> str:
    """`` → prohibited for Gallium, Germanium and 3 more (US)``."""
    if not changes:
        return ""
    by_status: dict[Status, list[str]] = {}
    places = sorted({c[1] for c in changes})
    for material, _, after in changes:
        names = by_status.setdefault(after, [])
        if material.name not in names:
            names.append(material.name)
    parts = []
    for status, names in sorted(by_status.items(), key=lambda item: -item[0].rank):
        shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        parts.append(f"{status.value} for {shown}")
    return f" → {'; '.join(parts)} ({', '.join(places)})"


def _footer(rulebook: Rulebook) -> str:
    if not packaged_alone(rulebook.files):  # name every file that answered, unless the packaged rulebook alone
        from mineralctl.render import files_label

        return f"Files: {files_label(rulebook)}. {DISCLAIMER}"
    return f"Rulebook {rulebook.version}, sources checked to {rulebook.as_of.isoformat()}. {DISCLAIMER}"


# --------------------------------------------------------------------------- RFC 5545 text


def calendar(rulebook: Rulebook, entries: Iterable[Entry], name: str) -> str:
    """The whole VCALENDAR, CRLF line ends, lines folded at 75 octets."""
    # DTSTAMP is the newest as_of of the files in use, not the time of the run: the same files
    # always give the same file, so a regenerated calendar differs only where the rules do.
    newest = max((f.as_of for f in rulebook.files), default=rulebook.as_of)
    stamp = f"{newest.strftime('%Y%m%d')}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//mineralctl//mineralctl {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape(name)}",
        f"X-WR-CALNAME:{escape(name)}",
        f"DESCRIPTION:{escape(_calendar_description(rulebook))}",
        f"X-WR-CALDESC:{escape(_calendar_description(rulebook))}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    seen: dict[str, int] = {}
    for entry in sorted(entries, key=lambda e: (e.day, e.uid, e.summary)):
        # Two open questions of one entry on one day would share a UID: number the second.
        seen[entry.uid] = count = seen.get(entry.uid, 0) + 1
        uid = entry.uid if count == 1 else entry.uid.replace("@", f"-{count}@", 1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{entry.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(entry.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(entry.summary)}",
            f"DESCRIPTION:{escape(entry.description)}",
            f"CATEGORIES:{','.join(escape(c) for c in entry.categories)}",
            f"STATUS:{'TENTATIVE' if entry.tentative else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",
        ]
        if entry.url:
            lines.append(f"URL:{_uri(entry.url)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _calendar_description(rulebook: Rulebook) -> str:
    lead = "Dated changes in China's export controls on critical minerals"
    if not packaged_alone(rulebook.files):  # every file, and the earliest date
        from mineralctl.render import files_label

        return (
            f"{lead}, from the files in use ({files_label(rulebook)}); dates after {rulebook.as_of.isoformat()}, "
            "the earliest checked-through date of the files in use, are projected from the rules as written and "
            f"marked tentative. {DISCLAIMER}"
        )
    return (
        f"{lead}, from mineralctl's rulebook {rulebook.version} (sources checked to {rulebook.as_of.isoformat()}; "
        f"later dates are projected from the rules as written and marked tentative). {DISCLAIMER}"
    )


def escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped, a tab made a space;
    control characters written out as escapes (``\\x1b``, as in tables), never raw."""
    return (
        visible(text.replace("\r\n", "\n"))
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
        .replace("\t", " ")
    )


def _uri(url: str) -> str:
    # A URI value is not TEXT: no escaping, but nothing that could break the line either.
    return "".join(c for c in visible(url) if c.isprintable() and not c.isspace())


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (UTF-8), never inside a character;
    each continuation starts with one space (RFC 5545, 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)
