"""The rulebook's entities and the resolver's answers, as frozen dataclasses.

Nothing here reads files or parses user input: ``load.py`` builds these from YAML and
``resolve.py`` turns them into a :class:`Resolution`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.destinations import Destination


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


@dataclass(frozen=True)
class Location:
    """Where an entity was written: 1-based line and column in ``path``."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Source:
    """A published text that supports a measure: a title and a URL."""

    title: str
    url: str


@dataclass(frozen=True)
class OpenQuestion:
    """A dated open question on a measure or suspension: a reported date that no instrument
    in the rulebook confirms (e.g. a suspension reported extended to 2027-01-10). It changes
    no answer; it is shown beside the answers and as a tentative calendar event."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class Item:
    """One controlled item of a material, with reference codes (reference only: the control
    list and the law prevail over any HS code)."""

    name: str
    hs_codes: tuple[str, ...] = ()
    """Reference customs (HS) codes, digits only, as given by the instrument or catalogue."""
    control_code: str = ""
    """The Dual-Use List code (e.g. ``1C902.a``), where known."""
    notes: str = ""


@dataclass(frozen=True)
class Material:
    """A critical mineral or product family the rulebook knows."""

    id: str
    name: str
    symbol: str = ""
    chinese: str = ""
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    notes: str = ""
    location: Location | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a user may type for this material."""
        return tuple(n for n in (self.id, self.name, self.symbol, self.chinese, *self.aliases) if n)


@dataclass(frozen=True)
class DestinationScope:
    """Which destinations a measure covers: ``all``, ``only`` the listed codes, or ``all``
    ``except`` the listed codes (ISO 3166 alpha-2)."""

    kind: str
    codes: frozenset[str] = frozenset()

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


@dataclass(frozen=True)
class Measure:
    """One clause of one instrument: from when to when it has which effect on what."""

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
    notes: str = ""
    uncertainty: str = ""
    """An open question or disagreement that may change the answer; shown when it applies."""
    open_questions: tuple[OpenQuestion, ...] = ()
    location: Location | None = field(default=None, compare=False)

    def in_window(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def touches(self, material_id: str) -> bool:
        return self.all_dual_use or material_id in self.materials

    @property
    def citation(self) -> str:
        return f"{self.instrument}, {self.clause}" if self.clause else self.instrument


@dataclass(frozen=True)
class Suspension:
    """An instrument that stops measures from applying between two dates (inclusive).
    A suspended measure applies again the day after ``end``."""

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
    notes: str = ""
    uncertainty: str = ""
    open_questions: tuple[OpenQuestion, ...] = ()
    location: Location | None = field(default=None, compare=False)

    def in_window(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class SuspendedMeasure:
    """A measure that would apply but is suspended on the query date."""

    measure: Measure
    suspension: Suspension


@dataclass(frozen=True)
class Change:
    """The next date on which a query's status changes, and the status from that date."""

    date: dt.date
    status: Status


@dataclass(frozen=True)
class DestinationDifference:
    """A destination treated differently from the default on the query date."""

    code: str
    name: str
    status: Status
    measures: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """The answer to (material, date, destination, end use), with its reasons."""

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
    warnings: tuple[str, ...] = ()
    uncertainty: tuple[str, ...] = ()
    """Open questions recorded on the measures and suspensions behind this answer."""
    uncertainty_ids: tuple[str, ...] = ()
    """The id of the measure or suspension that records each open question, in the same order."""
    related: tuple[Measure, ...] = ()
    """Technology, equipment and extraterritorial measures in force for this material."""
    other_destinations: tuple[DestinationDifference, ...] = ()
    """Without a destination: every destination treated differently on this date."""
    military_status: Status | None = None
    """For a civil query: the status for military end use when that is stricter."""
    end_user: EndUserCheck | None = None
    """The named end user screened against the control and watch lists (``--end-user``)."""


@dataclass(frozen=True)
class Group:
    """A named set of materials (``rare-earths``), typed like a material to expand it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    notes: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DestinationNote:
    """What the rulebook says about one destination beyond its measures (e.g. listed entities)."""

    code: str
    notes: str
    sources: tuple[Source, ...] = ()
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RulebookFile:
    """One file that contributed to a loaded rulebook: the base or an overlay."""

    path: str
    """The path as given (the packaged rulebook reads ``measures.yaml (packaged)``)."""
    version: str
    as_of: dt.date
    """The last day for which this file's sources were checked."""
    overlay: bool = False
    """False for the base rulebook, True for an overlay merged onto it."""


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


@dataclass(frozen=True)
class Listing:
    """One announcement that puts named entities on the control or watch list."""

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
    notes: str = ""
    uncertainty: str = ""
    location: Location | None = field(default=None, compare=False)

    @property
    def citation(self) -> str:
        return self.instrument


@dataclass(frozen=True)
class ListedEntity:
    """An end user as an announcement names it, with the names it is also known by."""

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
    notes: str = ""
    uncertainty: str = ""
    sources: tuple[Source, ...] = ()
    location: Location | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.chinese, *self.aliases) if n)


@dataclass(frozen=True)
class Ending:
    """An instrument that stops (or removes) listings from a date on, with no end."""

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
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ListingState:
    """Where one entity's listing stands on one date."""

    kind: str
    """``in-force``, ``suspended``, ``not-yet-listed`` or ``ended``."""
    suspension: Suspension | None = None
    ending: Ending | None = None


@dataclass(frozen=True)
class EntityMatch:
    """One listed entity that a typed end-user name matched, and what it means on the date."""

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


@dataclass(frozen=True)
class EndUserCheck:
    """A named end user screened against the lists on the query date."""

    query: str
    matches: tuple[EntityMatch, ...]
    """Definite matches: they decide the status."""
    possible: tuple[EntityMatch, ...]
    """Similar names and unconfirmed entries: reported for review, never change the status."""
    status: Status | None
    """The strictest effect of the definite matches, or ``None``."""
    material_status: Status
    """The material's status without the end user."""
