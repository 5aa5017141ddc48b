"""The loaded rulebook: its entities and the queries on them (names, HS codes, ids, dates).

Built by ``load.py`` from one YAML file; read by the resolver (``resolve.py``) and the history
views (``history.py``), which this module never imports. The Python API's ``status``,
``timeline``, ``diff`` and ``upcoming`` methods live one level up, in ``api.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mineralctl.errors import NotFoundError
from mineralctl.model import DestinationNote, Group, Material, Measure, RulebookFile, Suspension


@dataclass(frozen=True)
class Rulebook:
    """Everything a rulebook says, checked and cross-referenced: one base file and the
    overlays merged onto it, in order (``files``)."""

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
    destination_notes: dict[str, DestinationNote] = field(default_factory=dict)
    files: tuple[RulebookFile, ...] = ()
    """The base file first, then each overlay in the order merged."""
    _names: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _hs: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def suspension(self, suspension_id: str) -> Suspension | None:
        return next((s for s in self.suspensions if s.id == suspension_id), None)

    def find_materials(self, query: str) -> tuple[Material, ...]:
        """Materials named by ``query``: an id, name, symbol, Chinese name, alias or group
        (case-insensitive), or a reference HS code. Raises :class:`NotFoundError`."""
        key = fold(query)
        ids = self._names.get(key)
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
            raise NotFoundError(
                "HS code", query.strip(), hint="no item in the rulebook lists it; HS codes are reference only"
            )
        return found

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


def fold(text: str) -> str:
    """A name as it is looked up: case-folded, ``_`` and ``-`` read as spaces, spaces collapsed."""
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def all_dates(rulebook: Rulebook) -> list[dt.date]:
    """Every date on which some measure or suspension starts, or applies no more (end + 1)."""
    days: set[dt.date] = set()
    entries: list[Measure | Suspension] = [*rulebook.measures, *rulebook.suspensions]
    for entry in entries:
        days.add(entry.start)
        if entry.end is not None:
            days.add(entry.end + dt.timedelta(days=1))
    return sorted(days)
