"""The indexed resolver gives exactly the answers of the straightforward one (``reference.py``).

Random rulebooks (seeded, so every run checks the same cases) of a few materials, measures and
suspensions with windows crowded into a few years, every kind of scope, end use and covers,
``listed_only`` and ``all-dual-use`` measures and overlapping suspensions. For random dates,
destinations and end uses, ``resolve``, ``match``, ``next_change`` and ``explain``, and
``timeline``, ``suspended_spans``, ``diff`` and ``upcoming`` must equal the reference's, field by field.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random

import pytest
import reference

from mineralctl import history, resolve
from mineralctl.api import Rulebook, parse_rulebook
from mineralctl.destinations import by_code
from mineralctl.model import EndUse

PLACES = ["US", "JP", "DE", "NO"]
FIRST = dt.date(2023, 1, 1)
SPAN = 3 * 365


def day(rng: random.Random) -> dt.date:
    return FIRST + dt.timedelta(days=rng.randrange(SPAN))


def window(rng: random.Random, open_ended: bool) -> tuple[dt.date, dt.date | None]:
    start = day(rng)
    if open_ended and rng.random() < 0.4:
        return start, None
    return start, start + dt.timedelta(days=rng.randrange(0, 400))


def random_rulebook(seed: int) -> Rulebook:
    rng = random.Random(seed)
    materials = [f"m{n}" for n in range(rng.randint(1, 5))]
    lines = [
        f'version: "random-{seed}"',
        f'as_of: "{day(rng).isoformat()}"',
        "groups:",
        "  - id: all-m",
        "    name: All M",
    ]
    lines.append("materials:")
    for mid in materials:
        lines += [f"  - id: {mid}", f"    name: Name {mid}", "    groups: [all-m]"]
    lines.append("measures:")
    measure_ids = []
    for n in range(rng.randint(1, 9)):
        mid = f"x{n}"
        measure_ids.append(mid)
        start, end = window(rng, open_ended=True)
        wide = rng.random() < 0.2
        named = rng.sample(materials, rng.randint(1, len(materials)))
        refs = "all-dual-use" if wide else "[" + ", ".join(["all-m"] if rng.random() < 0.15 else named) + "]"
        lines += [
            f"  - id: {mid}",
            f"    instrument: Test No. {n % 4}",
            f"    clause: para {n}",
            "    authority: TEST",
            f'    from: "{start.isoformat()}"',
            f"    effect: {rng.choice(['not-controlled', 'license-required', 'enhanced-review', 'prohibited'])}",
            f"    materials: {refs}",
            f"    sources: [{{title: t, url: 'https://example.org/{n}'}}]",
        ]
        if end is not None:
            lines.append(f'    until: "{end.isoformat()}"')
        if not wide and rng.random() < 0.3:
            lines.append("    listed_only: true")
        scope = rng.random()
        if scope < 0.35:
            lines.append(f"    destinations: {{only: [{', '.join(rng.sample(PLACES, rng.randint(1, 2)))}]}}")
        elif scope < 0.5:
            lines.append(f"    destinations: {{except: [{', '.join(rng.sample(PLACES, 1))}]}}")
        if rng.random() < 0.3:
            lines.append("    end_use: military")
        if rng.random() < 0.2:
            lines.append(f"    covers: {rng.choice(['technology', 'equipment', 'foreign-reexports'])}")
        if rng.random() < 0.2:
            lines.append(f"    uncertainty: open question {n}")
    suspensions = rng.randint(0, 4)
    if suspensions:
        lines.append("suspensions:")
    for n in range(suspensions):
        start, end = window(rng, open_ended=False)
        targets = rng.sample(measure_ids, rng.randint(1, len(measure_ids)))
        lines += [
            f"  - id: s{n}",
            f"    instrument: Pause No. {n}",
            "    clause: whole",
            "    authority: TEST",
            f'    from: "{start.isoformat()}"',
            f'    until: "{end.isoformat()}"',
            f"    targets: [{', '.join(targets)}]",
            f"    sources: [{{title: t, url: 'https://example.org/s{n}'}}]",
        ]
        if rng.random() < 0.3:
            lines.append(f"    uncertainty: pause question {n}")
    return parse_rulebook(("\n".join(lines) + "\n").encode(), f"random-{seed}.yaml")


@pytest.mark.parametrize("seed", range(60))
def test_indexed_answers_equal_the_reference(seed: int) -> None:
    book = random_rulebook(seed)
    rng = random.Random(-seed)
    materials = list(book.materials.values())
    for _ in range(25):
        material = rng.choice(materials)
        when = day(rng) if rng.random() < 0.8 else rng.choice(reference.all_dates(book))
        place = rng.choice([None, *PLACES])
        where = by_code(place) if place else None
        use = rng.choice(list(EndUse))
        args = (book, material, when, place, use)
        assert resolve.match(*args) == reference.match(*args)
        assert resolve.explain(*args) == reference.explain(*args)
        current = reference.status_on(*args)
        assert resolve.next_change(*args, current) == reference.next_change(*args, current)
        assert resolve.resolve(book, material, when, where, use) == reference.resolve(book, material, when, where, use)
        assert book.boundaries(material.id) == tuple(
            b for b in reference.all_dates(book) if b in book.boundaries(material.id)
        )
    for _ in range(8):
        material = rng.choice(materials)
        place = rng.choice([None, *PLACES])
        use = rng.choice(list(EndUse))
        first = day(rng) if rng.random() < 0.6 else None
        last = first + dt.timedelta(days=rng.randrange(600)) if first and rng.random() < 0.5 else None
        assert history.timeline(book, material, place, use, first, last) == reference.timeline(
            book, material, place, use, first, last
        )
        assert history.suspended_spans(book, material, place, use, first, last) == reference.suspended_spans(
            book, material, place, use, first, last
        )
        before, after = sorted((day(rng), day(rng)))
        assert history.diff(book, materials, before, after, place, use) == reference.diff(
            book, materials, before, after, place, use
        )
        start = day(rng)
        end = start + dt.timedelta(days=rng.randrange(800))
        assert history.upcoming(book, start, end, place, use) == reference.upcoming(book, start, end, place, use)


@pytest.mark.parametrize("seed", range(20))
def test_no_answer_changes_between_two_boundaries(seed: int) -> None:
    """A day answers like the material's last boundary before it (or like any day before all of them)."""
    book = random_rulebook(seed)
    rng = random.Random(seed)
    for _ in range(60):
        material = rng.choice(list(book.materials.values()))
        cuts = book.boundaries(material.id)
        when = FIRST + dt.timedelta(days=rng.randrange(-30, SPAN + 400))
        at = bisect.bisect_right(cuts, when)
        anchor = cuts[at - 1] if at else dt.date.min
        for place in (None, *PLACES):
            for use in EndUse:
                assert reference.match(book, material, when, place, use) == reference.match(
                    book, material, anchor, place, use
                ), (material.id, when, anchor, place, use)


def test_boundaries_take_the_end_use_as_text_too() -> None:
    book = random_rulebook(3)
    for material in book.materials:
        for use in EndUse:
            assert book.boundaries(material, "US", use.value) == book.boundaries(material, "US", use)
    with pytest.raises(ValueError):
        book.boundaries(next(iter(book.materials)), None, "martial")


@pytest.mark.parametrize("seed", range(30))
def test_a_period_is_true_on_every_one_of_its_days(seed: int) -> None:
    """Each timeline period's status, measures and suspended measures are those of every day in
    it (first, last and days between, by the reference), and two neighbours differ in one of
    them or in their open questions unless the second starts the projected part the day after as_of."""
    book = random_rulebook(seed)
    rng = random.Random(seed + 1000)
    split = book.as_of + dt.timedelta(days=1)
    for _ in range(6):
        material = rng.choice(list(book.materials.values()))
        place = rng.choice([None, *PLACES])
        use = rng.choice(list(EndUse))
        periods = history.timeline(book, material, place, use)
        for period in periods:
            low = period.start or FIRST - dt.timedelta(days=400)
            high = period.end or FIRST + dt.timedelta(days=SPAN + 800)
            days = {low, high, *(low + dt.timedelta(days=rng.randrange((high - low).days + 1)) for _ in range(5))}
            for when in days:
                found = reference.match(book, material, when, place, use)
                said = (period.status, period.measures, period.suspended)
                held = tuple((s.measure, s.suspension) for s in found.suspended)
                assert said == (found.status, found.applied, held), (material.id, place, use, when, period)
        for before, after in zip(periods, periods[1:], strict=False):
            # ... or the open questions beside a civil answer change (a measure on military end use)
            assert after.start == split or (
                before.status,
                before.measures,
                before.suspended,
                before.uncertainty_ids,
            ) != (after.status, after.measures, after.suspended, after.uncertainty_ids)
