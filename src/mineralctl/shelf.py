"""Parts of a record that are loaded only when first read.

The cached rulebook (see :mod:`mineralctl.cache`) is stored in sections: a head with what every
lookup reads, and the rest (every measure, every dated change, and the tables keyed by material
or measure, each split into buckets) loaded the first time something reads them. A lookup on a
rulebook a hundred times the packaged one then reads a few buckets, not the whole rulebook.

Nothing here reads files: a :class:`Later` holds its value, or the cache entry and section
number it is loaded from. Pickled anywhere but in the cache, a :class:`Later` and a :class:`Shelf`
carry their values inline.
"""

from __future__ import annotations

from collections.abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

_set = object.__setattr__
_UNSET: Any = object()

BUCKET = 16
"""Keys per bucket of a :class:`Shelf` (about), by default: few enough that one key's bucket of
records loads in well under a millisecond. A table of small values (names to ids) takes more."""


class Later:
    """A value, or the source and number of the section that holds it (see
    :class:`mineralctl.cache`): :meth:`get` loads it once, as ``source.later(number)``."""

    __slots__ = ("_value", "_source", "_number")

    def __init__(self, value: object = _UNSET, source: Any = None, number: int = 0) -> None:
        self._value = value
        self._source = source
        self._number = number

    def get(self) -> Any:
        if self._value is _UNSET:
            self._value = self._source.later(self._number)
            self._source = None
        return self._value

    def __reduce__(self) -> tuple[type[Later], tuple[object]]:
        return (Later, (self.get(),))


class Run:
    """A row of :class:`Later` values kept together (a :class:`Shelf`'s buckets): the cache
    stores them as consecutive sections and refers to them by the first one's number and the
    count, so a table of many buckets costs its head a few bytes, whatever its size."""

    __slots__ = ("_laters", "_source", "_first")

    def __init__(self, laters: list[Later | None], source: Any = None, first: int = 0) -> None:
        self._laters = laters
        self._source = source
        self._first = first

    @classmethod
    def at(cls, source: Any, first: int, count: int) -> Run:
        """``count`` sections from number ``first`` of ``source``, each read when first asked."""
        return cls([None] * count, source, first)

    def __getitem__(self, index: int) -> Later:
        found = self._laters[index]
        if found is None:
            found = self._laters[index] = Later(source=self._source, number=self._first + index)
        return found

    def __len__(self) -> int:
        return len(self._laters)

    def __reduce__(self) -> tuple[type[Run], tuple[object]]:
        return (Run, ([self[n] for n in range(len(self))],))


def _place(key: object, buckets: int) -> int:
    """The bucket of ``key``: the same in every process (never Python's salted ``hash``)."""
    if buckets == 1 or not isinstance(key, str):
        return 0
    from binascii import crc32

    return crc32(key.encode("utf-8", "surrogatepass")) % buckets


if TYPE_CHECKING:
    _Mapping = Mapping[str, Any]
else:
    _Mapping = Mapping


class Shelf(_Mapping):
    """A read-only mapping whose entries are kept in buckets loaded one by one: reading a key
    loads its bucket only; iterating (in the original order) loads every bucket. A key's bucket
    is chosen by a hash of it, or (with ``where``, a position for each key) by its position, so
    that neighbours share a bucket."""

    __slots__ = ("_buckets", "_order", "_where", "_per", "_all")

    def __init__(self, buckets: Run, order: Later, where: dict[str, int] | None = None, per: int = 0) -> None:
        self._buckets = buckets
        self._order = order
        self._where = where
        self._per = per
        self._all: dict[str, Any] | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any], per: int = BUCKET, where: dict[str, int] | None = None) -> Shelf:
        if where is None:
            count = max(1, -(-len(data) // per))
            buckets: list[dict[str, Any]] = [{} for _ in range(count)]
            for key, value in data.items():
                buckets[_place(key, count)][key] = value
        else:
            buckets = [{} for _ in range(max(1, -(-(max(where.values(), default=0) + 1) // per)))]
            for key, value in data.items():
                buckets[where[key] // per][key] = value
        return cls(Run([Later(b) for b in buckets]), Later(tuple(data)), where, per)

    def _bucket(self, key: object) -> dict[str, Any]:
        found: dict[str, Any] | None = self._all
        if found is not None:
            return found
        if self._where is None:
            number = _place(key, len(self._buckets))
        else:
            at = self._where.get(key) if isinstance(key, str) else None
            if at is None:
                return {}
            number = at // self._per
        found = self._buckets[number].get()
        assert found is not None
        return found

    def _flat(self) -> dict[str, Any]:
        """Every entry in one dict, once every bucket is wanted (iteration): later reads skip
        the buckets."""
        if self._all is None:
            merged: dict[str, Any] = {}
            for number in range(len(self._buckets)):
                merged.update(self._buckets[number].get())
            self._all = {key: merged[key] for key in self._order.get()}
        return self._all

    def __getitem__(self, key: str) -> Any:
        return self._bucket(key)[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._bucket(key).get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._bucket(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order.get())

    def __len__(self) -> int:
        return len(self._order.get())

    def values(self) -> Any:
        return self._flat().values()

    def items(self) -> Any:
        return self._flat().items()

    def __repr__(self) -> str:
        return f"Shelf({self._flat()!r})"

    def __reduce__(self) -> tuple[type[Shelf], tuple[object, ...]]:
        return (Shelf, (self._buckets, self._order, self._where, self._per))


class Derived:
    """Marks a field that the pickled form leaves out because the record can make it again
    from its other fields (its ``_derive(name)``)."""


class Deferring:
    """A slotted class some of whose fields may be left unset, with a :class:`Later` for each
    in its ``_later`` slot: the first read of such a field loads it and sets it."""

    __slots__ = ()
    _later: dict[str, Any]
    """For each field not set yet, its :class:`Later`, or :class:`Derived`."""

    if not TYPE_CHECKING:  # to a type checker, a misspelt field stays an error

        def __getattr__(self, name: str) -> object:
            try:
                if name == "_later":
                    raise KeyError(name)
                later = self._later[name]
            except KeyError:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None
            value = self._derive(name) if later is Derived else later.get()
            _set(self, name, value)
            return value

    def _derive(self, name: str) -> object:
        raise AttributeError(name)

    def _is_set(self, name: str) -> bool:
        try:
            getattr(type(self), name).__get__(self)
        except AttributeError:
            return False
        return True

    def _defer(self, values: dict[str, object]) -> None:
        """Set the fields from ``values``; a :class:`Later` among them is loaded when first read."""
        later: dict[str, Any] = {}
        for name, value in values.items():
            if type(value) is Later or value is Derived:
                later[name] = value
            else:
                _set(self, name, value)
        _set(self, "_later", later)

    def _deferred_state(self, names: tuple[str, ...]) -> dict[str, object]:
        """The fields ``names``, each still to be loaded kept as its :class:`Later` (or :class:`Derived`)."""
        later = getattr(self, "_later", {})
        return {
            name: (later[name] if not self._is_set(name) and name in later else getattr(self, name)) for name in names
        }
