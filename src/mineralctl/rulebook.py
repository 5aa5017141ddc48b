"""The loaded rulebook: its entities and the queries on them (names, HS codes, ids, dates).

Built by ``load.py`` from one YAML file; read by the resolver (``resolve.py``) and the history
views (``history.py``), which this module never imports. The Python API's ``status``,
``timeline``, ``diff`` and ``upcoming`` methods live one level up, in ``api.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right

from mineralctl.errors import NotFoundError
from mineralctl.model import (
    Covers,
    DestinationNote,
    EndUse,
    Group,
    Item,
    Material,
    Measure,
    Record,
    RulebookFile,
    Status,
    Suspension,
    _set,
    fill,
)
from mineralctl.shelf import Deferring, Derived, Later, Shelf

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, Protocol, TypeVar

    from mineralctl.entities import EntityRegister

    _R = TypeVar("_R", bound="Rulebook")
    _T = TypeVar("_T")

    class _Instrumented(Protocol):
        instrument: str
        instrument_zh: str

    _Cited = TypeVar("_Cited", bound=_Instrumented)

ONE_DAY = dt.timedelta(days=1)


class All:
    """The type of :data:`ALL`: every destination."""

    def __repr__(self) -> str:
        return "ALL"


ALL = All()

Dated = tuple[dt.date, str, Measure | Suspension]
"""A dated change: (date, kind, measure or suspension); kind is ``enters-into-force``,
``window-ends``, ``suspension-starts`` or ``suspension-lapses``."""


class Index(Deferring):
    """What touches each material, built once per rulebook and kept in its cached form, so that
    an answer costs time in proportion to what touches the material asked about, not to the
    whole rulebook.

    Measures covering all dual-use items touch every material: they are kept once
    (``wide_goods``, ``wide_related``) and merged with a material's own measures by rulebook
    position when asked, instead of being copied into every material's entry.

    In the cached form the tables keyed by material or measure are :class:`~mineralctl.shelf.Shelf`
    buckets and the dated changes a section of their own (``_SHELVED``, ``_DEFERRED``), so a
    lookup loads what touches its material and no more.
    """

    __slots__ = (
        "group_names",
        "measures",
        "suspensions",
        "position",
        "material_position",
        "suspension_position",
        "goods",
        "related",
        "wide_goods",
        "wide_related",
        "held",
        "named",
        "wide_named",
        "dated",
        "days",
        "wide_by_start",
        "wide_starts",
        "memo",
        "_later",
    )
    _STATE = __slots__[:-2]
    _SHELVED = {"group_names": 512, "goods": 64, "related": 64, "held": 64}
    """Each table kept in buckets in the cached form, with the keys per bucket."""
    _PLACED = {"measures": ("position", 16), "suspensions": ("suspension_position", 16)}
    """Tables of records kept in buckets by rulebook position (neighbours share a bucket)."""
    _DEFERRED = ("material_position", "dated", "days")

    def __init__(
        self,
        materials: dict[str, Material],
        groups: dict[str, Group],
        measures: tuple[Measure, ...],
        suspensions: tuple[Suspension, ...],
    ) -> None:
        self._later: dict[str, Later] = {}
        group_names: dict[str, str] = {}
        for group in groups.values():
            for name in (group.id, group.name, *group.aliases):
                group_names.setdefault(fold(name), group.id)
        self.group_names = group_names
        self.measures = {m.id: m for m in measures}
        self.suspensions = {s.id: s for s in suspensions}
        self.position = {m.id: n for n, m in enumerate(measures)}
        self.material_position = {mid: n for n, mid in enumerate(materials)}
        self.suspension_position = {s.id: n for n, s in enumerate(suspensions)}
        goods: dict[str, list[str]] = {}
        related: dict[str, list[str]] = {}
        named: dict[str, set[str]] = {}
        wide_named: set[str] = set()
        for measure in measures:
            is_goods = measure.covers is Covers.GOODS
            codes = measure.destinations.codes if measure.destinations.kind != "all" else frozenset()
            if measure.all_dual_use:
                wide_named.update(codes)
            for mid in measure.materials:
                (goods if is_goods else related).setdefault(mid, []).append(measure.id)
                named.setdefault(mid, set()).update(codes)
        wide = [m for m in measures if m.all_dual_use]
        self.goods = {k: tuple(v) for k, v in goods.items()}
        self.related = {k: tuple(v) for k, v in related.items()}
        self.wide_goods = tuple(m for m in wide if m.covers is Covers.GOODS)
        self.wide_by_start = tuple(sorted(self.wide_goods, key=lambda m: m.start))
        self.wide_starts = [m.start for m in self.wide_by_start]
        self.wide_related = tuple(m for m in wide if m.covers is not Covers.GOODS)
        self.named = {k: tuple(sorted(v)) for k, v in named.items() if v}
        self.wide_named = tuple(sorted(wide_named))
        held: dict[str, list[str]] = {}
        for suspension in suspensions:
            for target in dict.fromkeys(suspension.targets):
                held.setdefault(target, []).append(suspension.id)
        self.held = {k: tuple(v) for k, v in held.items()}
        dated: list[Dated] = []
        for measure in measures:
            dated.append((measure.start, "enters-into-force", measure))
            if measure.end is not None:
                dated.append((measure.end + ONE_DAY, "window-ends", measure))
        for suspension in suspensions:
            dated.append((suspension.start, "suspension-starts", suspension))
            dated.append((suspension.end + ONE_DAY, "suspension-lapses", suspension))
        dated.sort(key=lambda d: (d[0], d[1], _instrument(d[2])))
        self.dated = tuple((day, kind, entry.id) for day, kind, entry in dated)
        self.days = [d[0] for d in dated]
        self.memo: dict[tuple[object, ...], tuple[object, ...]] = {}

    def kept(self, key: tuple[object, ...], make: Callable[[], tuple[_T, ...]]) -> tuple[_T, ...]:
        """What ``make()`` returns, made once per key in this process (the memo)."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = make()
        return found  # type: ignore[return-value]

    def measures_of(self, ids: tuple[str, ...]) -> tuple[Measure, ...]:
        measures = self.measures
        return tuple(measures[i] for i in ids)

    def merged(self, own: tuple[Measure, ...], wide: tuple[Measure, ...]) -> tuple[Measure, ...]:
        if not wide:
            return own
        if not own:
            return wide
        position = self.position
        return tuple(sorted((*own, *wide), key=lambda m: position[m.id]))

    # The pickled form holds everything but the memo of merged lists, which each process refills.

    def __getstate__(self) -> dict[str, object]:
        state = self._deferred_state(self._STATE)
        _shelve(state, self._SHELVED, self._DEFERRED)
        for name, (where, per) in self._PLACED.items():
            value = state[name]
            if not isinstance(value, (Later, Shelf)):
                state[name] = Shelf.of(value, per, state[where])  # type: ignore[arg-type]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self._defer(state)
        self.memo = {}


def _instrument(entry: Measure | Suspension) -> str:
    return entry.citation if isinstance(entry, Measure) else entry.instrument


# The largest rulebook file read: about 100 times the packaged one, so that a hostile or
# mistaken file cannot take unbounded time or memory to load.
MAX_BYTES = 10 * 1024 * 1024


def too_large(path: str, size: int, what: str = "rulebook") -> str:
    return f"{path}: the {what} is {size:,} bytes; a {what} may be at most {MAX_BYTES:,} bytes (10 MiB)"


class Rulebook(Deferring, Record):
    """Everything a rulebook says, checked and cross-referenced: one base file and the
    overlays merged onto it, in order (``files``).

    In the cached form the large fields are loaded when first read (``_SHELVED``, ``_DEFERRED``;
    see :mod:`mineralctl.shelf`): a lookup reads the names, the material and what touches it."""

    __slots__ = (
        "path",
        "version",
        "as_of",
        "notes",
        "materials",
        "groups",
        "measures",
        "suspensions",
        "destination_notes",
        "files",
        "_names",
        "_hs",
        "_index",
        "_later",
    )
    _not_fields = ("_later",)
    _uncompared = ("_names", "_hs", "_index")
    _SHELVED = {"materials": 8, "groups": 8, "_names": 512}
    """Each table kept in buckets in the cached form, with the keys per bucket."""
    _DEFERRED = ("_hs",)
    _DERIVED = ("measures", "suspensions")
    """Fields the cached form leaves out: they are the index's tables' records, in order."""

    path: str
    """The base file."""
    version: str
    """The base file's data version."""
    as_of: dt.date
    """The earliest checked-through date of the files in ``files``: answers for later dates
    are projected (an overlay vouches only for what it adds, never for the rest)."""
    notes: str
    materials: dict[str, Material]
    groups: dict[str, Group]
    measures: tuple[Measure, ...]
    suspensions: tuple[Suspension, ...]
    destination_notes: dict[str, DestinationNote]
    files: tuple[RulebookFile, ...]
    """The base file first, then each overlay in the order merged."""
    _names: dict[str, tuple[str, ...]]
    _hs: dict[str, tuple[str, ...]]
    _index: Index
    """Built here once; the cached form carries it, so a lookup never rebuilds it."""

    def __init__(
        self,
        path: str,
        version: str,
        as_of: dt.date,
        notes: str,
        materials: dict[str, Material],
        groups: dict[str, Group],
        measures: tuple[Measure, ...],
        suspensions: tuple[Suspension, ...],
        destination_notes: dict[str, DestinationNote] | None = None,
        files: tuple[RulebookFile, ...] = (),
        _names: dict[str, tuple[str, ...]] | None = None,
        _hs: dict[str, tuple[str, ...]] | None = None,
        _index: Index | None = None,
    ) -> None:
        fill(
            self,
            path,
            version,
            as_of,
            notes,
            materials,
            groups,
            measures,
            suspensions,
            {} if destination_notes is None else destination_notes,
            files,
            {} if _names is None else _names,
            {} if _hs is None else _hs,
            Index(materials, groups, measures, suspensions) if _index is None else _index,
        )
        _set(self, "_later", {})

    def __reduce__(self) -> tuple[Any, ...]:
        state = self._deferred_state(self._fields)
        _shelve(state, self._SHELVED, self._DEFERRED)
        index = self._index
        for name in self._DERIVED:
            value: Any = state[name]
            kept: Any = getattr(index, name)
            same = value is Derived or (
                len(value) == len(kept) and all(a is b for a, b in zip(value, kept.values(), strict=True))
            )
            state[name] = Derived if same else Later(value)  # records not the index's own are kept whole
        import copyreg  # pickled as "make one, then __setstate__": no function is named

        return (copyreg.__newobj__, (type(self),), state)  # type: ignore[attr-defined]

    def __setstate__(self, state: dict[str, object]) -> None:
        self._defer(state)

    def _replace(self: _R, **changes: object) -> _R:
        """A copy with some fields changed; fields not yet loaded stay so."""
        state = self._deferred_state(self._fields)
        unknown = set(changes) - set(state)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return _thaw(type(self), {**state, **changes})

    def _derive(self, name: str) -> object:
        """A field the cached form left out (``_DERIVED``), made from the index."""
        return tuple(getattr(self._index, name).values())

    def with_entity_lists(self: _R, register: EntityRegister) -> _R:
        """This rulebook as it answers for a named end user: the lists are one more contributing
        file, named with the others, and answers after their checked-through date are projected
        (the earliest ``as_of`` of all the files, as with overlays)."""
        return self._replace(files=(*self.files, register.file), as_of=min(self.as_of, register.as_of))

    def measure(self, measure_id: str) -> Measure | None:
        return self._index.measures.get(measure_id)

    def suspension(self, suspension_id: str) -> Suspension | None:
        return self._index.suspensions.get(suspension_id)

    def by_instrument(self, query: str) -> tuple[Measure | Suspension, ...]:
        """Every measure and suspension of the instrument a citation names: ``No. 72 of 2025``,
        ``72/2025``, ``2025年第72号`` or a full citation such as ``MOFCOM Announcement No. 72 of
        2025`` (an authority in it must match too). Empty when it names no instrument."""
        return cites(query, [*self.measures, *self.suspensions])

    def nearest_citations(self, query: str, more: Iterable[str] = ()) -> tuple[str, ...]:
        """For a citation that names no instrument here (``No. 99 of 2025``), up to three that
        do, as ``show`` takes them: that year's instruments nearest in number, else any year's.
        ``more``: the instruments of other files ``show`` reads (the end-user lists)."""
        cited = instrument_number(query)
        if cited is None:
            return ()
        number, year = cited
        instruments = [m.instrument for m in self.measures] + [s.instrument for s in self.suspensions] + [*more]
        known = {n: f"No. {n[0]} of {n[1]}" for n in map(instrument_number, instruments) if n is not None}
        same_year = [n for n in known if n[1] == year] or list(known)
        nearest = sorted(same_year, key=lambda n: (abs(n[1] - year), abs(n[0] - number), n))
        return tuple(known[n] for n in nearest[:3])

    def group_named(self, query: str) -> Group | None:
        """The group ``query`` names by id, name or alias (case-insensitive), or ``None``."""
        gid = None if edge_marked(query) else self._index.group_names.get(fold(query))
        return None if gid is None else self.groups[gid]

    def find_group(self, query: str) -> Group:
        """The group ``query`` names by id, name or alias (case-insensitive). Raises
        :class:`NotFoundError` suggesting the groups spelled closest."""
        found = self.group_named(query)
        if found is not None:
            return found
        key = fold(query)
        import difflib

        spelled = {fold(name): name for g in self.groups.values() for name in (g.id, g.name, *g.aliases)}
        close = difflib.get_close_matches(key, list(spelled), n=3, cutoff=0.6)
        # A near miss first; otherwise every group's id, so the reader sees what there is.
        hint = "" if close else "groups: " + ", ".join(self.groups)
        raise NotFoundError("group", query.strip(), tuple(spelled[k] for k in close), hint=hint)

    # ---- what touches one material (see Index)

    def goods_measures(self, material_id: str) -> tuple[Measure, ...]:
        """The goods measures that name the material or cover all dual-use items, in rulebook order."""
        index = self._index
        return index.kept(("goods", material_id), lambda: index.merged(self._own_goods(material_id), index.wide_goods))

    def _own_goods(self, material_id: str) -> tuple[Measure, ...]:
        """The goods measures that name the material, in rulebook order."""
        index = self._index
        return index.kept(("own", material_id), lambda: index.measures_of(index.goods.get(material_id, ())))

    def goods_started(self, material_id: str, day: dt.date) -> tuple[Measure, ...]:
        """The goods measures touching the material, less those covering all dual-use items that
        start after ``day``, in rulebook order: every measure that can match on ``day``."""
        index = self._index
        started = bisect_right(index.wide_starts, day)
        key = ("started", material_id, started)
        found = index.memo.get(key)  # as kept() does, inline: the resolver asks this once per answer
        if found is None:
            found = index.memo[key] = index.merged(self._own_goods(material_id), index.wide_by_start[:started])
        return found  # type: ignore[return-value]

    def related_measures(self, material_id: str) -> tuple[Measure, ...]:
        """The technology, equipment and extraterritorial measures touching the material, in rulebook order."""
        index = self._index
        return index.merged(index.measures_of(index.related.get(material_id, ())), index.wide_related)

    def listing_measures(self, material_id: str) -> tuple[Measure, ...]:
        """The measures that make the material a listed dual-use item while they apply (rule 2 of
        ``resolve``): goods measures, not themselves ``listed_only``, that name it with an effect."""
        return self._index.kept(
            ("listing", material_id),
            lambda: tuple(
                m for m in self._own_goods(material_id) if not m.listed_only and m.effect is not Status.NOT_CONTROLLED
            ),
        )

    def suspensions_of(self, measure_id: str) -> tuple[Suspension, ...]:
        """The suspensions that target a measure, in rulebook order."""
        index = self._index
        return index.kept(
            ("held", measure_id), lambda: tuple(index.suspensions[s] for s in index.held.get(measure_id, ()))
        )

    def named_destinations(self, material_id: str) -> tuple[str, ...]:
        """Every destination code that some measure touching the material names, sorted."""
        own = self._index.named.get(material_id, ())
        wide = self._index.wide_named
        if not (own and wide):
            return own or wide
        return self._index.kept(("named", material_id), lambda: tuple(sorted({*own, *wide})))

    def boundaries(
        self, material_id: str, destination: str | None | All = ALL, end_use: EndUse | str | None = None
    ) -> tuple[dt.date, ...]:
        """The dates, sorted, on which the status of a material can change: a measure touching it,
        a measure that lists it, or a suspension of either starts or applies no more (end + 1).
        Between two of them every answer about the material is the same. ``destination`` (an
        alpha-2 code as the rulebook writes it; ``None``: a destination no country measure
        names) and ``end_use`` (``civil`` or ``military``) leave out the measures that can never
        apply to such a query (a measure on military end use with an open question stays for a
        civil one: its question travels with the civil answer)."""
        end_use = None if end_use is None else EndUse(end_use)
        chosen = [
            m
            for m in self.goods_measures(material_id)
            if (isinstance(destination, All) or m.destinations.covers(destination))
            and (end_use is None or end_use is EndUse.MILITARY or m.end_use != "military" or m.uncertainty)
        ]
        if any(m.listed_only for m in chosen):
            chosen += self.listing_measures(material_id)
        days: set[dt.date] = set()
        entries: list[Measure | Suspension] = [*chosen, *(s for m in chosen for s in self.suspensions_of(m.id))]
        for entry in entries:
            days.add(entry.start)
            if entry.end is not None:
                days.add(entry.end + ONE_DAY)
        return tuple(sorted(days))

    def dated(self, start: dt.date, end: dt.date) -> tuple[Dated, ...]:
        """Every start and end of a measure or suspension from ``start`` to ``end`` (inclusive),
        ordered by date, kind and instrument."""
        index = self._index
        days = index.days
        found = index.dated[bisect_left(days, start) : bisect_right(days, end)]
        measures, suspensions = index.measures, index.suspensions
        return tuple(
            (day, kind, suspensions[entry] if kind.startswith("suspension") else measures[entry])
            for day, kind, entry in found
        )

    def first_date(self) -> dt.date:
        """The first date on which any measure or suspension starts or ends (``date.min`` if none)."""
        return self._index.days[0] if self._index.days else dt.date.min

    def in_order(self, suspensions: Iterable[Suspension]) -> list[Suspension]:
        """These suspensions in rulebook order."""
        return sorted(suspensions, key=lambda s: self._index.suspension_position[s.id])

    def material_order(self, ids: set[str]) -> list[Material]:
        """The materials with these ids, in rulebook order."""
        position = self._index.material_position
        return [self.materials[i] for i in sorted(ids, key=position.__getitem__)]

    def find_materials(self, query: str) -> tuple[Material, ...]:
        """Materials named by ``query``: an id, name, symbol, Chinese name, alias or group
        (case-insensitive), or a reference HS code. Raises :class:`NotFoundError`."""
        key = fold(query)
        ids = None if edge_marked(query) else self._names.get(key)
        if ids is None:
            digits = re.sub(r"[.\s]", "", query)
            if digits.isdigit():
                ids = self._hs_lookup(query, digits)
        if not ids:
            raise NotFoundError("material", query.strip(), self.suggest(query))
        return tuple(self.materials[i] for i in ids)

    def _hs_lookup(self, query: str, digits: str) -> tuple[str, ...]:
        if not 6 <= len(digits) <= 10:
            raise NotFoundError("HS code", query.strip(), hint="an HS code has 6 to 10 digits")
        hits = [ids for code, ids in self._hs.items() if code.startswith(digits) or digits.startswith(code)]
        found = tuple(dict.fromkeys(i for ids in hits for i in ids))
        if not found:
            # An item's notes may name the code (a misprint in a reprint, say): point to that item.
            noted = self._noting(digits)
            raise NotFoundError(
                "HS code",
                query.strip(),
                tuple(f"{m.id} (the notes of its item {item.name!r} name this code)" for m, item in noted),
                hint="no item in the rulebook lists it; HS codes are reference only",
            )
        return found

    def _noting(self, digits: str) -> list[tuple[Material, Item]]:
        """The items whose notes name the code ``digits`` (as a whole number)."""
        pattern = re.compile(rf"(?<!\d){re.escape(digits)}(?!\d)")
        return [(m, item) for m in self.materials.values() for item in m.items if pattern.search(item.notes)]

    def suggest(self, query: str) -> tuple[str, ...]:
        """Up to four names close to ``query``, as the rulebook spells them: near misses
        first (``galium``), then names that contain it as a word (``magnet``)."""
        import difflib

        key = fold(query)
        spelled: dict[str, str] = {}
        for name in self._spellings():
            spelled.setdefault(fold(name), name)
        close = difflib.get_close_matches(key, list(spelled), n=3, cutoff=0.6)
        words = [k for k in spelled if len(key) >= 3 and any(w.startswith(key) for w in k.split())]
        return tuple(dict.fromkeys(spelled[k] for k in [*close, *sorted(words, key=len)]))[:4]

    def _spellings(self) -> list[str]:
        names = [name for m in self.materials.values() for name in (m.id, m.name, *m.aliases)]
        return names + [name for g in self.groups.values() for name in (g.id, g.name, *g.aliases)]


_CITED = (
    re.compile(r"\bNo\.?\s*(\d+)\s+of\s+(\d{4})\b", re.IGNORECASE),  # No. 72 of 2025
    re.compile(r"(\d{4})\s*年\s*第\s*(\d+)\s*号"),  # 2025年第72号
    re.compile(r"^\s*(?:No\.?\s*)?(\d+)\s*/\s*(\d{4})\s*$", re.IGNORECASE),  # 72/2025
)


def _cited(text: str) -> tuple[tuple[int, int], str] | None:
    """(number, year) of an instrument citation in English or Chinese, and the text before it."""
    for index, pattern in enumerate(_CITED):
        found = pattern.search(text)
        if found:
            first, second = int(found.group(1)), int(found.group(2))
            return ((second, first) if index == 1 else (first, second)), text[: found.start()]
    return None


def cites(query: str, entries: Iterable[_Cited]) -> tuple[_Cited, ...]:
    """The entries whose instrument ``query`` cites: by number (``No. 72 of 2025``, ``72/2025``,
    ``2025年第72号``, or a full citation whose authority words must match too), or, for an
    instrument without a number (a spokesperson's statement), by its full English or Chinese title."""
    cited = _cited(query)
    if cited is None:
        whole = fold(query)
        return tuple(e for e in entries if whole and whole in (fold(e.instrument), fold(e.instrument_zh)))
    number, before = cited
    words = [w for w in re.split(r"[\s/,]+", before) if w.isascii() and w.isalpha()]
    return tuple(
        entry
        for entry in entries
        if number in (instrument_number(entry.instrument), instrument_number(entry.instrument_zh))
        and all(fold(w) in fold(entry.instrument) for w in words)
    )


def instrument_number(text: str) -> tuple[int, int] | None:
    """(number, year) of an instrument citation in English or Chinese, or ``None``."""
    cited = _cited(text)
    return cited[0] if cited else None


def _shelve(state: dict[str, object], shelved: dict[str, int], deferred: tuple[str, ...]) -> None:
    """``state`` as the cached form keeps it: tables in buckets, large fields each a section."""
    for name, per in shelved.items():
        value = state[name]
        state[name] = value if isinstance(value, (Later, Shelf)) else Shelf.of(value, per)  # type: ignore[arg-type]
    for name in deferred:
        value = state[name]
        state[name] = value if isinstance(value, Later) else Later(value)


def _thaw(kind: type[_R], state: dict[str, object]) -> _R:
    """A rulebook from its fields, some perhaps still to be loaded (see :class:`Rulebook`)."""
    book = kind.__new__(kind)
    book._defer(state)
    return book


def fold(text: str) -> str:
    """A name as it is looked up: case-folded, ``_`` and ``-`` read as spaces, spaces collapsed."""
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def edge_marked(text: str) -> bool:
    """True for a name that begins or ends with ``-`` or ``_`` (``-gallium``, ``--gallium``,
    ``_gallium_``, ``gallium-``): :func:`fold` reads those marks as spaces, so such a name would
    quietly answer for another (an option mistyped after ``--``, a cut-off name). It names
    nothing; marks inside a name stay (``rare-earths``, ``gallium_ingot``)."""
    name = text.strip()
    return bool(name) and (name[0] in "-_" or name[-1] in "-_")
