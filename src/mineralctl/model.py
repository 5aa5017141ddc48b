"""The rulebook's entities and the resolver's answers, as immutable records.

Nothing here reads files or parses user input: ``load.py`` builds these from YAML and
``resolve.py`` turns them into a :class:`Resolution`.

Records are plain classes with ``__slots__`` (see :class:`Record`), not dataclasses: importing
``dataclasses`` (which pulls in ``inspect`` and ``ast``) and building a dozen dataclasses cost
about half of a lookup's start-up, while a class statement costs next to nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, NoReturn, TypeVar

    from mineralctl.destinations import Destination

    R = TypeVar("R", bound="Record")

_set = object.__setattr__


class Record:
    """An immutable record. Its fields are its ``__slots__``, in the order ``__init__`` takes
    them; ``__init__`` sets each once through :func:`fill`. Records are equal when of the same
    class with equal fields (those named in ``_uncompared``, such as where an entity was written,
    are left out, and out of the hash too), and pickle as their class and field values."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    """Every field, the base class's first: set for each subclass when it is defined."""
    _uncompared: tuple[str, ...] = ()

    _not_fields: tuple[str, ...] = ()
    """Slots that hold no field (such as ``_later``, see :class:`mineralctl.shelf.Deferring`)."""

    def __init_subclass__(cls) -> None:
        slots = (name for klass in reversed(cls.__mro__) for name in klass.__dict__.get("__slots__", ()))
        cls._fields = tuple(name for name in slots if name not in cls._not_fields)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    @classmethod
    def compared(cls) -> tuple[str, ...]:
        """The fields that equality compares."""
        return tuple(name for name in cls._fields if name not in cls._uncompared)

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields if name not in self._uncompared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields if not name.startswith("_"))
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        return (self.__class__, self._values())

    def _replace(self: R, **changes: Any) -> R:
        """A copy with some fields changed (as ``dataclasses.replace``)."""
        unknown = set(changes) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return self.__class__(*(changes.get(name, getattr(self, name)) for name in self._fields))


def fill(record: Record, *values: object) -> None:
    """Set a new record's fields, in ``_fields`` order (only ever from ``__init__``)."""
    for name, value in zip(record._fields, values, strict=True):
        _set(record, name, value)


class Status(str, Enum):
    """What the regime says about an export, mildest first."""

    NOT_CONTROLLED = "not-controlled"
    LICENSE_REQUIRED = "license-required"
    ENHANCED_REVIEW = "enhanced-review"
    PROHIBITED = "prohibited"

    @property
    def rank(self) -> int:
        """0 for the mildest status, 3 for the strictest."""
        return _STATUS_ORDER.index(self)

    def __str__(self) -> str:
        return self.value


_STATUS_ORDER = list(Status)


class EndUse(str, Enum):
    """The end use a query asks about."""

    CIVIL = "civil"
    MILITARY = "military"

    def __str__(self) -> str:
        return self.value


class Covers(str, Enum):
    """What a measure controls. Only ``goods`` measures decide a material's export status;
    the others are shown beside the answer as related measures."""

    GOODS = "goods"
    TECHNOLOGY = "technology"
    EQUIPMENT = "equipment"
    FOREIGN_REEXPORTS = "foreign-reexports"

    def __str__(self) -> str:
        return self.value


class Location(Record):
    """Where an entity was written: 1-based line and column in ``path``."""

    __slots__ = ("path", "line", "column")

    path: str
    line: int
    column: int

    def __init__(self, path: str, line: int, column: int) -> None:
        fill(self, path, line, column)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Source(Record):
    """A published text that supports a measure: a title and a URL."""

    __slots__ = ("title", "url")

    title: str
    url: str

    def __init__(self, title: str, url: str) -> None:
        fill(self, title, url)


class OpenQuestion(Record):
    """A dated open question on a measure or suspension: a reported date that no instrument
    in the rulebook confirms (e.g. a suspension reported extended to 2027-01-10). It changes
    no answer; it is shown beside the answers and as a tentative calendar event."""

    __slots__ = ("date", "text")

    date: dt.date
    text: str

    def __init__(self, date: dt.date, text: str) -> None:
        fill(self, date, text)


class Item(Record):
    """One controlled item of a material, with reference codes (reference only: the control
    list and the law prevail over any HS code)."""

    __slots__ = ("name", "hs_codes", "control_code", "notes")

    name: str
    hs_codes: tuple[str, ...]
    """Reference customs (HS) codes, digits only, as given by the instrument or catalogue."""
    control_code: str
    """The Dual-Use List code (e.g. ``1C902.a``), where known."""
    notes: str

    def __init__(self, name: str, hs_codes: tuple[str, ...] = (), control_code: str = "", notes: str = "") -> None:
        fill(self, name, hs_codes, control_code, notes)


class Material(Record):
    """A critical mineral or product family the rulebook knows."""

    __slots__ = ("id", "name", "symbol", "chinese", "aliases", "groups", "items", "notes", "location")
    _uncompared = ("location",)

    id: str
    name: str
    symbol: str
    chinese: str
    aliases: tuple[str, ...]
    groups: tuple[str, ...]
    items: tuple[Item, ...]
    notes: str
    location: Location | None

    def __init__(
        self,
        id: str,
        name: str,
        symbol: str = "",
        chinese: str = "",
        aliases: tuple[str, ...] = (),
        groups: tuple[str, ...] = (),
        items: tuple[Item, ...] = (),
        notes: str = "",
        location: Location | None = None,
    ) -> None:
        fill(self, id, name, symbol, chinese, aliases, groups, items, notes, location)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a user may type for this material."""
        return tuple(n for n in (self.id, self.name, self.symbol, self.chinese, *self.aliases) if n)


class DestinationScope(Record):
    """Which destinations a measure covers: ``all``, ``only`` the listed codes, or ``all``
    ``except`` the listed codes (ISO 3166 alpha-2)."""

    __slots__ = ("kind", "codes")

    kind: str
    codes: frozenset[str]

    def __init__(self, kind: str, codes: frozenset[str] = frozenset()) -> None:
        fill(self, kind, codes)

    def covers(self, code: str | None) -> bool:
        """True when a destination is covered. ``None`` stands for a destination that no
        country-specific measure names."""
        if self.kind == "all":
            return True
        if self.kind == "only":
            return code in self.codes
        return code not in self.codes

    def __str__(self) -> str:
        if self.kind == "all":
            return "all destinations"
        codes = ", ".join(sorted(self.codes))
        return codes if self.kind == "only" else f"all except {codes}"


class Measure(Record):
    """One clause of one instrument: from when to when it has which effect on what."""

    __slots__ = (
        "id",
        "instrument",
        "instrument_zh",
        "clause",
        "authority",
        "announced",
        "start",
        "end",
        "effect",
        "materials",
        "all_dual_use",
        "listed_only",
        "destinations",
        "end_use",
        "covers",
        "summary",
        "sources",
        "notes",
        "uncertainty",
        "open_questions",
        "location",
    )
    _uncompared = ("location",)

    id: str
    instrument: str
    """E.g. ``MOFCOM/GAC Announcement No. 23 of 2023``."""
    instrument_zh: str
    """The Chinese citation, e.g. ``商务部 海关总署公告2023年第23号``."""
    clause: str
    authority: str
    announced: dt.date | None
    start: dt.date
    """First day in force (Beijing date, inclusive)."""
    end: dt.date | None
    """Last day in force (inclusive); ``None`` while no end is set."""
    effect: Status
    materials: frozenset[str]
    """Material ids (groups already expanded); empty when ``all_dual_use`` is set."""
    all_dual_use: bool
    """Covers every material while it is a listed dual-use item (e.g. a military end-use ban)."""
    listed_only: bool
    """Applies to a material only on dates when another measure lists it as a dual-use item."""
    destinations: DestinationScope
    end_use: str
    """``any`` or ``military`` (military end users and end uses)."""
    covers: Covers
    summary: str
    sources: tuple[Source, ...]
    notes: str
    uncertainty: str
    """An open question or disagreement that may change the answer; shown when it applies."""
    open_questions: tuple[OpenQuestion, ...]
    location: Location | None

    def __init__(
        self,
        id: str,
        instrument: str,
        instrument_zh: str,
        clause: str,
        authority: str,
        announced: dt.date | None,
        start: dt.date,
        end: dt.date | None,
        effect: Status,
        materials: frozenset[str],
        all_dual_use: bool,
        listed_only: bool,
        destinations: DestinationScope,
        end_use: str,
        covers: Covers,
        summary: str,
        sources: tuple[Source, ...],
        notes: str = "",
        uncertainty: str = "",
        open_questions: tuple[OpenQuestion, ...] = (),
        location: Location | None = None,
    ) -> None:
        fill(
            self,
            id,
            instrument,
            instrument_zh,
            clause,
            authority,
            announced,
            start,
            end,
            effect,
            materials,
            all_dual_use,
            listed_only,
            destinations,
            end_use,
            covers,
            summary,
            sources,
            notes,
            uncertainty,
            open_questions,
            location,
        )

    def in_window(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def touches(self, material_id: str) -> bool:
        return self.all_dual_use or material_id in self.materials

    @property
    def citation(self) -> str:
        return f"{self.instrument}, {self.clause}" if self.clause else self.instrument


class Suspension(Record):
    """An instrument that stops measures from applying between two dates (inclusive).
    A suspended measure applies again the day after ``end``."""

    __slots__ = (
        "id",
        "instrument",
        "instrument_zh",
        "clause",
        "authority",
        "announced",
        "start",
        "end",
        "targets",
        "summary",
        "sources",
        "notes",
        "uncertainty",
        "open_questions",
        "location",
    )
    _uncompared = ("location",)

    id: str
    instrument: str
    instrument_zh: str
    clause: str
    authority: str
    announced: dt.date | None
    start: dt.date
    end: dt.date
    targets: tuple[str, ...]
    """Ids of the suspended measures."""
    summary: str
    sources: tuple[Source, ...]
    notes: str
    uncertainty: str
    open_questions: tuple[OpenQuestion, ...]
    location: Location | None

    def __init__(
        self,
        id: str,
        instrument: str,
        instrument_zh: str,
        clause: str,
        authority: str,
        announced: dt.date | None,
        start: dt.date,
        end: dt.date,
        targets: tuple[str, ...],
        summary: str,
        sources: tuple[Source, ...],
        notes: str = "",
        uncertainty: str = "",
        open_questions: tuple[OpenQuestion, ...] = (),
        location: Location | None = None,
    ) -> None:
        fill(
            self,
            id,
            instrument,
            instrument_zh,
            clause,
            authority,
            announced,
            start,
            end,
            targets,
            summary,
            sources,
            notes,
            uncertainty,
            open_questions,
            location,
        )

    def in_window(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class SuspendedMeasure(Record):
    """A measure that would apply but is suspended on the query date."""

    __slots__ = ("measure", "suspension")

    measure: Measure
    suspension: Suspension

    def __init__(self, measure: Measure, suspension: Suspension) -> None:
        fill(self, measure, suspension)


class Change(Record):
    """The next date on which a query's status changes, and the status from that date."""

    __slots__ = ("date", "status")

    date: dt.date
    status: Status

    def __init__(self, date: dt.date, status: Status) -> None:
        fill(self, date, status)


class DestinationDifference(Record):
    """A destination treated differently from the default on the query date."""

    __slots__ = ("code", "name", "status", "measures")

    code: str
    name: str
    status: Status
    measures: tuple[str, ...]

    def __init__(self, code: str, name: str, status: Status, measures: tuple[str, ...]) -> None:
        fill(self, code, name, status, measures)


class Resolution(Record):
    """The answer to (material, date, destination, end use), with its reasons."""

    __slots__ = (
        "material",
        "query",
        "date",
        "destination",
        "end_use",
        "status",
        "projected",
        "measures",
        "suspended",
        "next_change",
        "warnings",
        "uncertainty",
        "uncertainty_ids",
        "related",
        "other_destinations",
        "military_status",
        "end_user",
    )

    material: Material
    query: str
    """What the user typed for the material."""
    date: dt.date
    destination: Destination | None
    """``None``: a destination that no country-specific measure names."""
    end_use: EndUse
    status: Status
    projected: bool
    """The date is after the rulebook's ``as_of``: answered by the rules as written."""
    measures: tuple[Measure, ...]
    """The goods measures that apply, strictest first."""
    suspended: tuple[SuspendedMeasure, ...]
    next_change: Change | None
    warnings: tuple[str, ...]
    uncertainty: tuple[str, ...]
    """Open questions recorded on the measures and suspensions behind this answer."""
    uncertainty_ids: tuple[str, ...]
    """The id of the measure or suspension that records each open question, in the same order."""
    related: tuple[Measure, ...]
    """Technology, equipment and extraterritorial measures in force for this material."""
    other_destinations: tuple[DestinationDifference, ...]
    """Without a destination: every destination treated differently on this date."""
    military_status: Status | None
    """For a civil query: the status for military end use when that is stricter."""
    end_user: EndUserCheck | None
    """The named end user screened against the control and watch lists (``--end-user``)."""

    def __init__(
        self,
        material: Material,
        query: str,
        date: dt.date,
        destination: Destination | None,
        end_use: EndUse,
        status: Status,
        projected: bool,
        measures: tuple[Measure, ...],
        suspended: tuple[SuspendedMeasure, ...],
        next_change: Change | None,
        warnings: tuple[str, ...] = (),
        uncertainty: tuple[str, ...] = (),
        uncertainty_ids: tuple[str, ...] = (),
        related: tuple[Measure, ...] = (),
        other_destinations: tuple[DestinationDifference, ...] = (),
        military_status: Status | None = None,
        end_user: EndUserCheck | None = None,
    ) -> None:
        fill(
            self,
            material,
            query,
            date,
            destination,
            end_use,
            status,
            projected,
            measures,
            suspended,
            next_change,
            warnings,
            uncertainty,
            uncertainty_ids,
            related,
            other_destinations,
            military_status,
            end_user,
        )


class Group(Record):
    """A named set of materials (``rare-earths``), typed like a material to expand it."""

    __slots__ = ("id", "name", "aliases", "members", "notes", "location")
    _uncompared = ("location",)

    id: str
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]
    notes: str
    location: Location | None

    def __init__(
        self,
        id: str,
        name: str,
        aliases: tuple[str, ...] = (),
        members: tuple[str, ...] = (),
        notes: str = "",
        location: Location | None = None,
    ) -> None:
        fill(self, id, name, aliases, members, notes, location)


class DestinationNote(Record):
    """What the rulebook says about one destination beyond its measures (e.g. listed entities)."""

    __slots__ = ("code", "notes", "sources", "location")
    _uncompared = ("location",)

    code: str
    notes: str
    sources: tuple[Source, ...]
    location: Location | None

    def __init__(
        self, code: str, notes: str, sources: tuple[Source, ...] = (), location: Location | None = None
    ) -> None:
        fill(self, code, notes, sources, location)


class RulebookFile(Record):
    """One file that contributed to a loaded rulebook: the base or an overlay."""

    __slots__ = ("path", "version", "as_of", "overlay", "entities")

    path: str
    """The path as given (the packaged rulebook reads ``measures.yaml (packaged)``)."""
    version: str
    as_of: dt.date
    """The last day for which this file's sources were checked."""
    overlay: bool
    """False for the base rulebook, True for an overlay merged onto it."""
    entities: bool
    """True for the end-user lists, which contribute to an answer when an end user is named."""

    def __init__(self, path: str, version: str, as_of: dt.date, overlay: bool = False, entities: bool = False) -> None:
        fill(self, path, version, as_of, overlay, entities)

    @property
    def kind(self) -> str:
        """``rulebook``, ``overlay`` or ``entities``."""
        return "entities" if self.entities else "overlay" if self.overlay else "rulebook"


PACKAGED_RULEBOOK = "measures.yaml (packaged)"
"""The name the packaged rulebook is shown by."""
PACKAGED_ENTITIES = "entities.yaml (packaged)"
"""The name the packaged entity lists are shown by."""


def packaged_alone(files: Sequence[RulebookFile]) -> bool:
    """True when the packaged rulebook alone answered: the one answer cited by its version
    alone (``rulebook data-2, sources checked to …``). Any other file, or more than one, is
    named by path wherever the answer names what answered, in every format."""
    return len(files) == 1 and files[0].path == PACKAGED_RULEBOOK and not files[0].overlay


# --------------------------------------------------------------------------- named end users


class EndUserList(str, Enum):
    """The two lists of foreign end users under the Dual-Use Items Export Control Regulations."""

    CONTROL = "control"
    """管控名单: exports of dual-use items to the entity are prohibited."""
    WATCH = "watch"
    """关注名单: no general licences, a risk assessment and undertakings, stricter review."""

    @property
    def effect(self) -> Status:
        """The status a listing imposes on a listed dual-use item while it is in force."""
        return Status.PROHIBITED if self is EndUserList.CONTROL else Status.ENHANCED_REVIEW

    def __str__(self) -> str:
        return self.value


class Listing(Record):
    """One announcement that puts named entities on the control or watch list."""

    __slots__ = (
        "id",
        "instrument",
        "instrument_zh",
        "list",
        "authority",
        "announced",
        "start",
        "summary",
        "sources",
        "notes",
        "uncertainty",
        "location",
    )
    _uncompared = ("location",)

    id: str
    instrument: str
    instrument_zh: str
    list: EndUserList
    authority: str
    announced: dt.date | None
    start: dt.date
    """First day the listing applies (Beijing date, inclusive)."""
    summary: str
    sources: tuple[Source, ...]
    notes: str
    uncertainty: str
    location: Location | None

    def __init__(
        self,
        id: str,
        instrument: str,
        instrument_zh: str,
        list: EndUserList,
        authority: str,
        announced: dt.date | None,
        start: dt.date,
        summary: str,
        sources: tuple[Source, ...],
        notes: str = "",
        uncertainty: str = "",
        location: Location | None = None,
    ) -> None:
        fill(
            self,
            id,
            instrument,
            instrument_zh,
            list,
            authority,
            announced,
            start,
            summary,
            sources,
            notes,
            uncertainty,
            location,
        )

    @property
    def citation(self) -> str:
        return self.instrument


class ListedEntity(Record):
    """An end user as an announcement names it, with the names it is also known by."""

    __slots__ = (
        "id",
        "name",
        "chinese",
        "aliases",
        "country",
        "address",
        "listing",
        "paragraph",
        "confirmed",
        "notes",
        "uncertainty",
        "sources",
        "location",
    )
    _uncompared = ("location",)

    id: str
    name: str
    """The English name as published."""
    chinese: str
    """The Chinese name as published."""
    aliases: tuple[str, ...]
    """Other names and former names."""
    country: str
    """ISO 3166 alpha-2 code; empty when no source states it."""
    address: str
    listing: str
    """The id of the listing that names it."""
    paragraph: str
    """Where in the announcement, e.g. ``annex item 3``."""
    confirmed: bool
    """Read from the announcement's text or two independent reports. An unconfirmed entry is
    only ever reported as a possible match: it never changes a status on its own."""
    notes: str
    uncertainty: str
    sources: tuple[Source, ...]
    location: Location | None

    def __init__(
        self,
        id: str,
        name: str,
        chinese: str,
        aliases: tuple[str, ...],
        country: str,
        address: str,
        listing: str,
        paragraph: str,
        confirmed: bool,
        notes: str = "",
        uncertainty: str = "",
        sources: tuple[Source, ...] = (),
        location: Location | None = None,
    ) -> None:
        fill(
            self,
            id,
            name,
            chinese,
            aliases,
            country,
            address,
            listing,
            paragraph,
            confirmed,
            notes,
            uncertainty,
            sources,
            location,
        )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.chinese, *self.aliases) if n)


class Ending(Record):
    """An instrument that stops (or removes) listings from a date on, with no end."""

    __slots__ = (
        "id",
        "instrument",
        "instrument_zh",
        "authority",
        "announced",
        "start",
        "kind",
        "targets",
        "summary",
        "sources",
        "location",
    )
    _uncompared = ("location",)

    id: str
    instrument: str
    instrument_zh: str
    authority: str
    announced: dt.date | None
    start: dt.date
    """First day on which the listing no longer applies."""
    kind: str
    """``stopped`` (the measures stop) or ``removed`` (taken off the list)."""
    targets: tuple[str, ...]
    """Ids of listings or of single entities."""
    summary: str
    sources: tuple[Source, ...]
    location: Location | None

    def __init__(
        self,
        id: str,
        instrument: str,
        instrument_zh: str,
        authority: str,
        announced: dt.date | None,
        start: dt.date,
        kind: str,
        targets: tuple[str, ...],
        summary: str,
        sources: tuple[Source, ...],
        location: Location | None = None,
    ) -> None:
        fill(
            self, id, instrument, instrument_zh, authority, announced, start, kind, targets, summary, sources, location
        )


class ListingState(Record):
    """Where one entity's listing stands on one date."""

    __slots__ = ("kind", "suspension", "ending")

    kind: str
    """``in-force``, ``suspended``, ``not-yet-listed`` or ``ended``."""
    suspension: Suspension | None
    ending: Ending | None

    def __init__(self, kind: str, suspension: Suspension | None = None, ending: Ending | None = None) -> None:
        fill(self, kind, suspension, ending)


class EntityMatch(Record):
    """One listed entity that a typed end-user name matched, and what it means on the date."""

    __slots__ = ("entity", "listing", "how", "score", "definite", "state", "effect", "reason", "set_aside")

    entity: ListedEntity
    listing: Listing
    how: str
    """How the name matched, in plain words (``name``, ``alias``, ``Chinese name``, ...)."""
    score: float
    """1.0 for a match of a published name; below 1.0 for a similar name."""
    definite: bool
    """A match that decides the status: a published name or alias of a confirmed entry."""
    state: ListingState
    effect: Status | None
    """The status this listing imposes for the query, or ``None`` when it imposes nothing."""
    reason: str
    """Why it imposes that effect (or none), in plain words."""
    set_aside: str
    """The country tag dropped from the typed name to match it (``(US)``, ``USA``), or empty."""

    def __init__(
        self,
        entity: ListedEntity,
        listing: Listing,
        how: str,
        score: float,
        definite: bool,
        state: ListingState,
        effect: Status | None,
        reason: str,
        set_aside: str = "",
    ) -> None:
        fill(self, entity, listing, how, score, definite, state, effect, reason, set_aside)

    def out_of_force(self) -> str:
        """Why the listing imposes nothing on this date, in words; empty when it is in force."""
        state = self.state
        if state.ending is not None:
            done = "its measures stopped" if state.ending.kind == "stopped" else "taken off the list"
            return f"the listing has ended: {done} from {state.ending.start.isoformat()} ({state.ending.instrument})"
        if state.suspension is not None:
            s = state.suspension
            return f"the listing is suspended {s.start.isoformat()} .. {s.end.isoformat()} ({s.instrument})"
        if state.kind == "not-yet-listed":
            return f"the listing is not yet in force: listed from {self.listing.start.isoformat()}"
        return ""


class EndUserCheck(Record):
    """A named end user screened against the lists on the query date."""

    __slots__ = ("query", "matches", "possible", "status", "material_status")

    query: str
    matches: tuple[EntityMatch, ...]
    """Definite matches: they decide the status."""
    possible: tuple[EntityMatch, ...]
    """Similar names and unconfirmed entries: reported for review, never change the status."""
    status: Status | None
    """The strictest effect of the definite matches, or ``None``."""
    material_status: Status
    """The material's status without the end user."""

    def __init__(
        self,
        query: str,
        matches: tuple[EntityMatch, ...],
        possible: tuple[EntityMatch, ...],
        status: Status | None,
        material_status: Status,
    ) -> None:
        fill(self, query, matches, possible, status, material_status)

    @property
    def to_review(self) -> tuple[EntityMatch, ...]:
        """The possible matches whose listing is in force on the date: what
        ``--fail-on-possible-match`` fails on. One that is suspended, not yet effective or ended
        would impose nothing even as a definite match, so it is shown but fails nothing."""
        return tuple(m for m in self.possible if m.state.kind == "in-force")
