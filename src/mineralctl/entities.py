"""The loaded end-user lists: listings, the entities they name, their suspensions and endings,
and the two questions asked of them: where does a listing stand on a date, and which listed
entities does a typed name match. No I/O; ``load.py`` builds it and ``api.py`` caches it.

A listing applies from its first day, is held off on the days a suspension covers (and applies
again the day after the suspension ends, as written), and stops for good on the first day of
an ending. Only a match of a published name or alias of a confirmed entry decides a status;
similar names, names a listed name begins with and unconfirmed entries are reported for review.
"""

from __future__ import annotations

import datetime as dt

from mineralctl import names
from mineralctl.model import (
    Ending,
    EndUserCheck,
    EntityMatch,
    ListedEntity,
    Listing,
    ListingState,
    Record,
    RulebookFile,
    Status,
    Suspension,
    fill,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

ONE_DAY = dt.timedelta(days=1)
FOUND_LIMIT = 20_000
"""Names whose matches are kept for the next ask; past it the kept ones are dropped."""
SHORTLIST_AFTER = 8
"""Names asked before the names are indexed: one lookup compares every name sooner than it
builds the index (about 1.3 ms against 7 ms), a file of buyers soon gains."""


class NameHit(Record):
    """A listed entity a name matched, before any date is considered."""

    __slots__ = ("entity", "how", "score", "definite", "set_aside")

    entity: ListedEntity
    how: str
    score: float
    definite: bool
    set_aside: str
    """The country tag dropped from the typed name to match (``(US)``), or empty."""

    def __init__(self, entity: ListedEntity, how: str, score: float, definite: bool, set_aside: str = "") -> None:
        fill(self, entity, how, score, definite, set_aside)


class EntityRegister(Record):
    """Everything one entity file says, checked and cross-referenced."""

    __slots__ = (
        "path",
        "version",
        "as_of",
        "notes",
        "listings",
        "entities",
        "suspensions",
        "endings",
        "_exact",
        "_keys",
        "_cache",
    )
    _uncompared = ("_exact", "_keys", "_cache")

    path: str
    version: str
    as_of: dt.date
    notes: str
    listings: dict[str, Listing]
    entities: tuple[ListedEntity, ...]
    suspensions: tuple[Suspension, ...]
    endings: tuple[Ending, ...]
    _exact: dict[str, tuple[tuple[str, str], ...]]
    """Comparison key (words sorted, and ``#`` + spaces dropped) -> (entity id, which name)."""
    _keys: tuple[tuple[str, str, names.Key], ...]
    """(entity id, which name, key) for every published name and alias."""
    _cache: dict[str, Any]
    """Lookups already made in this process; always starts empty, even from the disk cache."""

    def __init__(
        self,
        path: str,
        version: str,
        as_of: dt.date,
        notes: str,
        listings: dict[str, Listing],
        entities: tuple[ListedEntity, ...],
        suspensions: tuple[Suspension, ...],
        endings: tuple[Ending, ...],
        _exact: dict[str, tuple[tuple[str, str], ...]] | None = None,
        _keys: tuple[tuple[str, str, names.Key], ...] = (),
        _cache: object = None,
    ) -> None:
        fill(self, path, version, as_of, notes, listings, entities, suspensions, endings, _exact or {}, _keys, {})

    def __hash__(self) -> int:
        return hash((self.path, self.version, self.as_of))

    @property
    def file(self) -> RulebookFile:
        """The lists as a file that answered, named beside the rulebook's files."""
        return RulebookFile(self.path, self.version, self.as_of, entities=True)

    def entity(self, entity_id: str) -> ListedEntity | None:
        by_id: dict[str, ListedEntity] = self._cache.setdefault("by-id", {})
        if not by_id:
            by_id.update((e.id, e) for e in self.entities)
        return by_id.get(entity_id)

    def listing_of(self, entity: ListedEntity) -> Listing:
        return self.listings[entity.listing]

    # ---- dates

    def state(self, entity: ListedEntity, day: dt.date) -> ListingState:
        """Where the entity's listing stands on ``day``."""
        listing = self.listings[entity.listing]
        if day < listing.start:
            return ListingState("not-yet-listed")
        ending = self.ending_of(entity, day)
        if ending is not None:
            return ListingState("ended", ending=ending)
        suspension = self.suspension_of(entity, day)
        if suspension is not None:
            return ListingState("suspended", suspension=suspension)
        return ListingState("in-force")

    def ending_of(self, entity: ListedEntity, day: dt.date) -> Ending | None:
        for ending in self.endings:
            if ending.start <= day and (entity.id in ending.targets or entity.listing in ending.targets):
                return ending
        return None

    def suspension_of(self, entity: ListedEntity, day: dt.date) -> Suspension | None:
        for suspension in self.suspensions:
            if suspension.in_window(day) and (entity.id in suspension.targets or entity.listing in suspension.targets):
                return suspension
        return None

    def listing_state(self, listing: Listing, day: dt.date) -> ListingState:
        """Where ``listing`` itself stands on ``day``: the suspensions and endings that name the
        listing count; those that name only some of its entities do not (see :meth:`changes_of`)."""
        if day < listing.start:
            return ListingState("not-yet-listed")
        ending = next((e for e in self.endings if e.start <= day and listing.id in e.targets), None)
        if ending is not None:
            return ListingState("ended", ending=ending)
        held = next((s for s in self.suspensions if s.in_window(day) and listing.id in s.targets), None)
        return ListingState("suspended", suspension=held) if held is not None else ListingState("in-force")

    def changes_of(self, listing: Listing) -> list[tuple[Suspension | Ending, tuple[str, ...]]]:
        """Every suspension and ending that touches ``listing``, by first day, each with the ids
        of the listing's entities it names alone (empty when it names the whole listing)."""
        mine = {e.id for e in self.entities if e.listing == listing.id}
        found: list[tuple[Suspension | Ending, tuple[str, ...]]] = []
        for change in self.changes():
            if listing.id in change.targets:
                found.append((change, ()))
            elif mine.intersection(change.targets):
                found.append((change, tuple(t for t in change.targets if t in mine)))
        return sorted(found, key=lambda pair: pair[0].start)

    def questions(self, check: EndUserCheck, day: dt.date) -> dict[str, str]:
        """The open questions behind what the lists say of ``check``'s definite matches on
        ``day``, by the id of the listing, entity or suspension that records each, as
        ``who: text`` (:meth:`entity_questions`)."""
        found: dict[str, str] = {}
        for m in check.matches:
            for entry_id, who, text in self.entity_questions(m.entity, day):
                found.setdefault(entry_id, f"{who}: {text}")
        return found

    def entity_questions(self, entity: ListedEntity, day: dt.date | None = None) -> list[tuple[str, str, str]]:
        """(id, who, text) of the open questions behind where ``entity`` stands on ``day``: its
        listing's and its own, and those of every suspension of it that has started by then
        (the question of when one ends stays with the answer after it lapses); with no day,
        of every suspension of it."""
        listing = self.listings[entity.listing]
        found = [(listing.id, listing.instrument, listing.uncertainty), (entity.id, entity.name, entity.uncertainty)]
        found += [
            (s.id, s.instrument, s.uncertainty)
            for s in self.suspensions
            if (entity.id in s.targets or entity.listing in s.targets) and (day is None or s.start <= day)
        ]
        return [q for q in found if q[2]]

    def changes(self) -> list[Suspension | Ending]:
        """Every suspension, then every ending, of listings."""
        return [*self.suspensions, *self.endings]

    def change(self, key: str) -> Suspension | Ending | None:
        """The suspension or ending of listings with this id."""
        return next((entry for entry in self.changes() if entry.id == key), None)

    def entry_label(self, key: str) -> str | None:
        """``MOFCOM Announcement No. 21 of 2025`` for the id of a listing, suspension or ending
        of these lists; ``None`` for any other id."""
        if key in self.listings:
            return self.listings[key].instrument
        found = self.change(key)
        return found.instrument if found is not None else None

    def dates(self) -> list[dt.date]:
        """Every date on which some listing's standing can change."""
        days = {listing.start for listing in self.listings.values()}
        days.update(s.start for s in self.suspensions)
        days.update(s.end + ONE_DAY for s in self.suspensions)
        days.update(e.start for e in self.endings)
        return sorted(days)

    # ---- names

    def find(self, query: str, wanted: names.Key | None = None) -> list[NameHit]:
        """Listed entities the name matches: definite ones first, then similar ones by score.
        ``wanted``: the name's :func:`names.key`, when the caller has it already."""
        found: dict[str, list[NameHit]] = self._cache.setdefault("found", {})
        if query in found:  # a timeline asks the same name on every boundary date
            return found[query]
        if len(found) >= FOUND_LIMIT:  # a file of millions of buyers keeps memory flat
            found.clear()
        if wanted is None:
            wanted = names.key(query)
        if not wanted:
            return []
        hits = self._exact_hits(wanted, query)
        # A name tagged with a country (``Anduril Industries Inc. (US)``, ``…, USA``) is the
        # name without the tag: an exact match of that, and the same possible matches.
        forms = [wanted]
        for shorter, dropped in names.trimmed(query) if not hits else ():
            forms.append(shorter)
            hits = self._exact_hits(shorter, "", f"the country tag {dropped!r} set aside", dropped)
            if hits:
                break
        for form in forms:
            self._possible_hits(form, hits, len(found))
        found[query] = sorted(hits.values(), key=lambda h: (not h.definite, -h.score, h.entity.name))
        return found[query]

    def _possible_hits(self, wanted: names.Key, hits: dict[str, NameHit], asked: int) -> None:
        """Add to ``hits`` the listed entities a name (as compared, ``wanted``) resembles, and
        those whose listed name begins with it: possible matches. ``asked``: names asked so far."""
        keys: Iterable[tuple[tuple[str, str], names.Key]]
        keys = (((entity_id, which), listed) for entity_id, which, listed in self._keys)
        shortlist: names.Shortlist[tuple[str, str]] | None = self._cache.get("shortlist")
        if shortlist is None and asked >= SHORTLIST_AFTER:
            shortlist = self._cache["shortlist"] = names.Shortlist(keys)
        if shortlist is not None:
            keys = shortlist.candidates(wanted)
        others = (((entity_id, which), listed) for (entity_id, which), listed in keys if entity_id not in hits)
        # Most names resemble no listed name: with nothing shortlisted, nothing is compared.
        alike = names.similar(wanted, others) if shortlist is None or keys else ()
        for (entity_id, which), score in alike:
            score = round(score, 2)
            if entity_id not in hits or (not hits[entity_id].definite and score > hits[entity_id].score):
                entity = self.entity(entity_id)
                assert entity is not None
                hits[entity_id] = NameHit(entity, f"similar to the {which}", score, False)
        beginnings: names.Beginnings[tuple[str, str]] | None = self._cache.get("beginnings")
        if beginnings is None:
            beginnings = self._cache["beginnings"] = names.Beginnings(
                ((entity_id, which), listed) for entity_id, which, listed in self._keys
            )
        for entity_id, which in beginnings.matches(wanted):
            if entity_id not in hits:
                entity = self.entity(entity_id)
                assert entity is not None
                # A parent, or the same company by a shorter name: never more than a reason to look.
                how = f"the {which} as listed begins with this name (a unit, or the same company?)"
                hits[entity_id] = NameHit(entity, how, names.POSSIBLE, False)

    def _exact_hits(self, wanted: names.Key, query: str, set_aside: str = "", tag: str = "") -> dict[str, NameHit]:
        """The listed entities whose name or alias is ``wanted`` once case, punctuation, legal
        form and word order are ignored (and ``set_aside``, in words: a country ``tag`` dropped
        from the typed name); ``query``: the name as typed, to say when it is a listed name as written."""
        ignoring = "case, punctuation, legal form and word order"
        if set_aside:
            ignoring = f"case, punctuation, legal form and word order, with {set_aside}"
        hits: dict[str, NameHit] = {}
        for lookup in (wanted.sorted, "#" + wanted.compact):
            for entity_id, which in self._exact.get(lookup, ()):
                entity = self.entity(entity_id)
                if entity is not None and entity_id not in hits:
                    how = (_literal(entity, query) if query else "") or f"{which}, ignoring {ignoring}"
                    if not entity.confirmed:
                        how += "; the entry is not confirmed"
                    hits[entity_id] = NameHit(entity, how, 1.0, entity.confirmed, tag)
        return hits

    def check(self, query: str, day: dt.date, listed_item: bool, material_status: Status) -> EndUserCheck:
        """Screen ``query`` on ``day`` for a material whose own status is ``material_status``.

        ``listed_item``: the material is a listed dual-use item on that day. The lists restrict
        dual-use items only, so a listing imposes nothing on a material that is not one.
        """
        definite: list[EntityMatch] = []
        possible: list[EntityMatch] = []
        for hit in self.find(query):
            listing = self.listings[hit.entity.listing]
            state = self.state(hit.entity, day)
            effect, reason = _effect(listing, state, listed_item)
            match = EntityMatch(
                hit.entity, listing, hit.how, hit.score, hit.definite, state, effect, reason, hit.set_aside
            )
            (definite if hit.definite else possible).append(match)
        effects = [m.effect for m in definite if m.effect is not None]
        status = max(effects, key=lambda s: s.rank) if effects else None
        return EndUserCheck(query, tuple(definite), tuple(possible), status, material_status)


def _literal(entity: ListedEntity, query: str) -> str:
    typed = query.strip().casefold()
    if typed == entity.name.casefold():
        return "name"
    if entity.chinese and typed == entity.chinese.casefold():
        return "Chinese name"
    return "alias" if any(typed == a.casefold() for a in entity.aliases) else ""


def _effect(listing: Listing, state: ListingState, listed_item: bool) -> tuple[Status | None, str]:
    what = f"{listing.list.value} list ({listing.instrument})"
    if state.kind == "not-yet-listed":
        return None, f"not yet on the {what}: listed from {listing.start.isoformat()}"
    if state.kind == "ended":
        assert state.ending is not None
        return None, (
            f"measures of the {what} {state.ending.kind} from {state.ending.start.isoformat()} "
            f"({state.ending.instrument})"
        )
    if state.kind == "suspended":
        assert state.suspension is not None
        return None, (
            f"measures of the {what} suspended {state.suspension.start.isoformat()} .. "
            f"{state.suspension.end.isoformat()} ({state.suspension.instrument}); a licence is applied for as usual"
        )
    if not listed_item:
        return None, f"on the {what}, which restricts dual-use items only; this material is not one on this date"
    if listing.list.value == "control":
        return listing.list.effect, f"on the {what}: dual-use exports to it are prohibited"
    return listing.list.effect, (
        f"on the {what}: no general licence, a risk assessment and written undertakings, stricter review"
    )
