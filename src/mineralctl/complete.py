"""Shell completion from the rulebook and the end-user lists: material names and aliases,
groups, destinations, measure and suspension ids, listing ids and listed end users' names.
Imported only when the shell asks for completions, so a normal command line never pays for it."""

from __future__ import annotations

from collections.abc import Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mineralctl.rulebook import Rulebook


def _rulebook() -> Rulebook | None:
    from mineralctl.api import load_rulebook

    try:
        return load_rulebook()
    except Exception:  # a broken rulebook completes nothing; the command itself will say why
        return None


def _starting(names: Iterable[str], incomplete: str) -> list[str]:
    key = incomplete.casefold()
    return sorted({n for n in names if n and n.casefold().startswith(key)}, key=str.casefold)


def material_names(incomplete: str) -> list[str]:
    """Every name a material or group may be typed by."""
    book = _rulebook()
    if book is None:
        return []
    names = [n for m in book.materials.values() for n in m.names]
    names += [n for g in book.groups.values() for n in (g.id, g.name, *g.aliases)]
    return _starting(names, incomplete)


def destinations(incomplete: str) -> list[str]:
    """ISO codes (alpha-2 and alpha-3) and English names."""
    from mineralctl.destinations import _table

    codes, _ = _table()
    names = {d.name for d in codes.values()}
    return _starting([*codes, *names], incomplete)


def entries(incomplete: str) -> list[str]:
    """What ``show`` takes: measure and suspension ids, then material names, then the ids of
    listings, their suspensions and endings, and listed end users' names."""
    book = _rulebook()
    if book is None:
        return []
    ids = [m.id for m in book.measures] + [s.id for s in book.suspensions]
    found = _starting(ids, incomplete) + [n for n in material_names(incomplete) if n not in ids]
    return found + [n for n in _listed(incomplete) if n not in found]


def _listed(incomplete: str) -> list[str]:
    from mineralctl.api import load_entities

    try:
        register = load_entities()
    except Exception:  # broken lists complete nothing; the command itself will say why
        return []
    ids = [*register.listings, *(s.id for s in register.suspensions), *(e.id for e in register.endings)]
    return _starting(ids, incomplete) + _starting([e.name for e in register.entities], incomplete)
