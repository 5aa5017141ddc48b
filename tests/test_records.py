"""The records: immutable, equal by their compared fields, hashable, pickled whole, and built
by an ``__init__`` that takes the fields in the order they are stored."""

from __future__ import annotations

import datetime as dt
import inspect
import pickle

import pytest

from mineralctl import destinations, history, model, resolve, rulebook
from mineralctl.api import load_rulebook
from mineralctl.model import Location, Material, Record

RECORDS = sorted(
    {
        cls
        for module in (model, resolve, history, destinations, rulebook)
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, Record) and cls is not Record
    },
    key=lambda cls: cls.__name__,
)


def test_every_record_module_is_covered() -> None:
    assert {"Measure", "Resolution", "Period", "Destination", "Rulebook", "Match"} <= {c.__name__ for c in RECORDS}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_in_order(cls: type[Record]) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert tuple(parameters) == cls._fields


def test_a_record_cannot_be_changed() -> None:
    where = Location("a.yaml", 1, 2)
    with pytest.raises(AttributeError, match="immutable"):
        where.line = 3  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del where.line  # type: ignore[misc]
    with pytest.raises(AttributeError):
        where.other = 1  # type: ignore[attr-defined]
    assert (where.line, where.column) == (1, 2)


def test_equality_and_hash_leave_out_where_an_entity_was_written() -> None:
    one = Material("gallium", "Gallium", location=Location("a.yaml", 1, 1))
    two = Material("gallium", "Gallium", location=Location("b.yaml", 9, 9))
    assert one == two and hash(one) == hash(two)
    assert one != Material("gallium", "Gallium metal")
    assert one != ("gallium", "Gallium")
    assert Location("a", 1, 1) != Location("a", 1, 2)


def test_replace_changes_only_what_is_named() -> None:
    one = Material("gallium", "Gallium", symbol="Ga")
    two = one._replace(aliases=("GaN",))
    assert (two.aliases, two.symbol, one.aliases) == (("GaN",), "Ga", ())
    with pytest.raises(TypeError, match="no field 'colour'"):
        one._replace(colour="red")


def test_a_rulebook_pickles_whole_with_its_index() -> None:
    book = load_rulebook()
    again = pickle.loads(pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is type(book)
    assert again == book
    assert again.measures[0].location == book.measures[0].location
    assert again.boundaries("gallium") == book.boundaries("gallium")
    day = dt.date(2026, 1, 1)
    assert again.status("gallium", day, "US") == book.status("gallium", day, "US")


def test_repr_names_the_fields() -> None:
    assert repr(Location("a.yaml", 1, 2)) == "Location(path='a.yaml', line=1, column=2)"
