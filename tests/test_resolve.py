"""The resolver on a purpose-built rulebook (``fixtures/resolver.yaml``).

For every window and suspension in the fixture: the day before, the first day, the last day and
the day after. Then the rules one by one: the strictest measure wins, ``listed_only`` measures
need the material to be listed, ``all-dual-use`` military measures, suspended measures with their
suspension, the next change, projected answers, other destinations and the military status.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from mineralctl.api import parse_rulebook
from mineralctl.errors import NotFoundError, UsageError
from mineralctl.model import Change, EndUse, Status

NC, LR, ER, PR = Status.NOT_CONTROLLED, Status.LICENSE_REQUIRED, Status.ENHANCED_REVIEW, Status.PROHIBITED


@pytest.fixture(scope="module")
def book():
    return parse_rulebook((FIXTURES / "resolver.yaml").read_bytes(), "resolver.yaml")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# (window, query, day before, first day, last day, day after) with the status on each day.
BOUNDARIES = [
    # list-metals, from 2024-01-01, open: alpha to a destination no measure names
    ("list-metals from", ("alpha", None, "civil"), "2023-12-31", NC, "2024-01-01", LR),
    # review-us, from 2024-02-01, open (alpha is listed)
    ("review-us from", ("alpha", "US", "civil"), "2024-01-31", LR, "2024-02-01", ER),
    # ban-us, 2024-03-01 .. 2024-12-31
    ("ban-us from", ("alpha", "US", "civil"), "2024-02-29", ER, "2024-03-01", PR),
    ("ban-us until", ("alpha", "US", "civil"), "2024-12-31", PR, "2025-01-01", ER),
    # pause-ban suspends ban-us 2024-06-01 .. 2024-06-30
    ("pause-ban from", ("alpha", "US", "civil"), "2024-05-31", PR, "2024-06-01", ER),
    ("pause-ban until", ("alpha", "US", "civil"), "2024-06-30", ER, "2024-07-01", PR),
    # list-gamma, 2024-04-01 .. 2024-10-31: gamma is listed, so review-us reaches it
    ("list-gamma from", ("gamma", "US", "civil"), "2024-03-31", NC, "2024-04-01", ER),
    ("list-gamma until", ("gamma", "US", "civil"), "2024-10-31", ER, "2024-11-01", NC),
    # pause-gamma suspends list-gamma 2024-08-01 .. 2024-08-15: gamma is not listed then
    ("pause-gamma from", ("gamma", "US", "civil"), "2024-07-31", ER, "2024-08-01", NC),
    ("pause-gamma until", ("gamma", "US", "civil"), "2024-08-15", NC, "2024-08-16", ER),
    # military (all dual-use items, except NO), from 2024-09-01, open
    ("military from", ("alpha", "DE", "military"), "2024-08-31", LR, "2024-09-01", PR),
    # truce suspends review-us 2025-05-01 .. 2025-07-31 (ends after as_of)
    ("truce from", ("alpha", "US", "civil"), "2025-04-30", ER, "2025-05-01", LR),
    ("truce until", ("alpha", "US", "civil"), "2025-07-31", LR, "2025-08-01", ER),
]


@pytest.mark.parametrize(
    ("query", "before", "status_before", "after", "status_after"),
    [b[1:] for b in BOUNDARIES],
    ids=[b[0] for b in BOUNDARIES],
)
def test_windows_are_inclusive(book, query, before, status_before, after, status_after):
    material, destination, end_use = query
    assert d(after) - d(before) == dt.timedelta(days=1)
    assert book.status(material, before, destination, end_use).status is status_before
    assert book.status(material, after, destination, end_use).status is status_after


def test_the_fixture_has_no_window_left_untested(book):
    """Every start and every day-after-end in the fixture is a tested boundary above."""
    tested = {d(b[4]) for b in BOUNDARIES}
    starts = {m.start for m in book.measures if m.id != "tech"} | {s.start for s in book.suspensions}
    ends = {m.end + dt.timedelta(days=1) for m in book.measures if m.end} | {
        s.end + dt.timedelta(days=1) for s in book.suspensions
    }
    assert starts | ends == tested


def test_strictest_measure_wins_and_measures_are_listed_strictest_first(book):
    r = book.status("alpha", "2024-03-01", "US")
    assert r.status is PR
    assert [m.id for m in r.measures] == ["ban-us", "review-us", "list-metals"]
    assert [m.effect for m in r.measures] == [PR, ER, LR]


def test_measures_for_one_destination_leave_others_alone(book):
    assert book.status("alpha", "2024-03-01", "DE").status is LR
    assert book.status("beta", "2024-03-01", "US").status is LR  # review-us and ban-us do not name beta


def test_listed_only_needs_the_material_listed(book):
    # gamma is named by review-us from 2024-02-01, but listed only from 2024-04-01.
    r = book.status("gamma", "2024-03-15", "US")
    assert (r.status, r.measures, r.suspended) == (NC, (), ())
    # While its listing measure is suspended, gamma is not listed: the listing measure is
    # reported as suspended, and review-us is not reported at all.
    r = book.status("gamma", "2024-08-10", "US")
    assert r.status is NC
    assert [(s.measure.id, s.suspension.id) for s in r.suspended] == [("list-gamma", "pause-gamma")]


def test_all_dual_use_military_measure(book):
    # Applies to every listed material for military end use ...
    for material in ("alpha", "beta", "gamma"):
        r = book.status(material, "2024-09-02", "DE", "military")
        assert r.status is PR and r.measures[0].id == "military", material
    # ... not to a civil end use, not to the excepted destination, not to an unlisted material.
    assert book.status("alpha", "2024-09-02", "DE", "civil").status is LR
    assert book.status("alpha", "2024-09-02", "NO", "military").status is LR
    assert book.status("gamma", "2024-11-01", "DE", "military").status is NC
    assert book.status("gamma", "2024-08-10", "DE", "military").status is NC  # listing suspended


def test_measures_for_any_end_use_apply_to_military_queries(book):
    assert book.status("alpha", "2024-03-01", "US", EndUse.MILITARY).status is PR


def test_suspended_measures_are_reported_with_their_suspension(book):
    r = book.status("alpha", "2024-06-15", "US")
    assert r.status is ER
    assert [m.id for m in r.measures] == ["review-us", "list-metals"]
    assert [(s.measure.id, s.suspension.id) for s in r.suspended] == [("ban-us", "pause-ban")]
    assert r.suspended[0].suspension.end == d("2024-06-30")


def test_a_suspension_carries_its_uncertainty(book):
    r = book.status("alpha", "2025-05-01", "US")
    assert r.uncertainty == ("Test No. 9: An extension was talked about.",)
    assert book.status("alpha", "2025-04-30", "US").uncertainty == ()


@pytest.mark.parametrize(
    ("material", "day", "destination", "end_use", "change"),
    [
        ("alpha", "2023-12-31", "US", "civil", Change(d("2024-01-01"), LR)),
        ("alpha", "2024-01-15", "US", "civil", Change(d("2024-02-01"), ER)),
        ("alpha", "2024-06-01", "US", "civil", Change(d("2024-07-01"), PR)),  # the suspension ends
        ("alpha", "2024-07-01", "US", "civil", Change(d("2025-01-01"), ER)),  # 2024-08-01 changes nothing here
        ("alpha", "2025-05-01", "US", "civil", Change(d("2025-08-01"), ER)),
        ("gamma", "2024-08-01", "US", "civil", Change(d("2024-08-16"), ER)),
        ("alpha", "2024-08-31", "DE", "military", Change(d("2024-09-01"), PR)),
        ("alpha", "2025-08-01", "US", "civil", None),
        ("alpha", "2024-01-15", None, "civil", None),
        ("gamma", "2024-11-01", "US", "civil", None),
    ],
)
def test_next_change(book, material, day, destination, end_use, change):
    assert book.status(material, day, destination, end_use).next_change == change


def test_projected_after_as_of_with_a_warning(book):
    on_as_of = book.status("alpha", "2025-06-30", "US")
    assert (on_as_of.projected, on_as_of.warnings) == (False, ())
    after = book.status("alpha", "2025-07-01", "US")
    assert after.projected and after.status is LR
    assert after.warnings == (
        "2025-07-01 is after the rulebook's as_of date 2025-06-30: this answer is projected from the rules "
        "as written, and later instruments may change it",
    )


def test_projected_after_a_suspension_lapses_says_so(book):
    r = book.status("alpha", "2025-08-01", "US")
    assert r.projected and r.status is ER and r.suspended == ()
    assert len(r.warnings) == 2
    assert r.warnings[1] == (
        "the suspension by Test No. 9 ended after 2025-07-31 as written; no extension is recorded, so the "
        "suspended measures are treated as applying again from 2025-08-01"
    )


def test_other_destinations_without_a_destination(book):
    r = book.status("alpha", "2024-03-01")
    assert r.destination is None and r.status is LR
    assert [(o.code, o.name, o.status) for o in r.other_destinations] == [("US", "United States", PR)]
    assert r.other_destinations[0].measures == ("Test No. 4, para 1", "Test No. 3, para 1", "Test No. 1, para 1")
    # For military end use the default is strict, and the excepted destination differs.
    r = book.status("alpha", "2024-09-02", None, "military")
    assert r.status is PR
    assert [(o.code, o.status) for o in r.other_destinations] == [("NO", LR)]
    # With a destination, none are listed.
    assert book.status("alpha", "2024-03-01", "DE").other_destinations == ()


def test_military_status_when_military_would_be_stricter(book):
    assert book.status("alpha", "2024-09-02", "DE").military_status is PR
    assert book.status("alpha", "2024-08-31", "DE").military_status is None  # the same before 2024-09-01
    assert book.status("alpha", "2024-09-02", "NO").military_status is None  # excepted
    assert book.status("alpha", "2024-09-02", "US").military_status is None  # already prohibited
    assert book.status("alpha", "2024-09-02", "DE", "military").military_status is None  # asked already


def test_related_measures_are_shown_but_do_not_decide(book):
    r = book.status("alpha", "2024-01-01")
    assert r.status is LR and [m.id for m in r.related] == ["tech"]
    assert book.status("alpha", "2023-12-31").related == ()
    assert book.status("beta", "2024-01-01").related == ()


def test_materials_by_name_and_group(book):
    assert book.status("ALPHA", "2024-01-01").material.id == "alpha"
    assert [m.id for m in book.find_materials("metals")] == ["alpha", "beta"]
    with pytest.raises(NotFoundError, match="it names several materials: alpha, beta"):
        book.status("metals", "2024-01-01")
    with pytest.raises(NotFoundError, match="did you mean alpha"):
        book.status("alpah", "2024-01-01")
    with pytest.raises(UsageError):
        book.status("alpha", "2024-02-30")
