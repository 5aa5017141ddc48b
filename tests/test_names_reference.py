"""The name matcher against the straightforward one in ``reference_names.py``: the same matches,
how each was found, scores and possible matches, for every typed name, through the shortlist."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_names import find, key, trimmed
from test_entities import _generated

from mineralctl import names
from mineralctl.api import load_entities
from mineralctl.entities import SHORTLIST_AFTER, EntityRegister

# Tags ERP exports add to buyers: places (set aside when the name is otherwise listed), codes
# read as words, legal forms, notes in brackets.
TAGS = [" (US)", ", USA", " USA", " U.S.", " Japan", ", IT", " IT", " K.K.", " S.A.", " Co., Ltd.", " (Germany)"]
TAGS += [" United States", ", Korea, Republic of", " Las Vegas NV", " (formerly Acme)", " AB", " 株式会社", ", ."]
# The style of a file where nearly every buyer is distinct (as in the screen benchmark).
WORDS = ["Nordic", "Pacific", "Atlas", "Vector", "Summit", "Delta", "Orion", "Keystone", "Harbor", "Apex"]
WORDS += ["Metals", "Alloys", "Components", "Optics", "Semiconductor", "Batteries", "Trading", "Materials"]
FORMS = ["GmbH", "Ltd.", "Inc.", "S.A.", "B.V.", "Co., Ltd.", "AB", "K.K."]


@pytest.fixture(scope="module")
def real() -> EntityRegister:
    return load_entities()


def corpus(register: EntityRegister) -> list[str]:
    """About 4,000 typed names: listed names and aliases with typos, swaps, truncations,
    prefixes, suffixes, legal forms and Chinese names (half of those ``test_entities`` makes),
    each listed name with two tags, and made-up buyers in the benchmark's style."""
    rng = random.Random(20261129)
    typed = _generated(register, 0)[::2]
    listed = [n for e in register.entities for n in (e.name, e.chinese, *e.aliases) if n]
    typed += [name + rng.choice(TAGS) for name in listed for _ in range(2)]
    typed += [f"{' '.join(rng.choices(WORDS, k=3))} {n} {rng.choice(FORMS)}" for n in range(400)]
    return typed


def asked(register: EntityRegister, typed: list[str]) -> list[list[tuple[str, str, float, bool, str]]]:
    register._cache.clear()
    try:
        return [[(h.entity.id, h.how, h.score, h.definite, h.set_aside) for h in register.find(name)] for name in typed]
    finally:
        register._cache.clear()


def expected(register: EntityRegister, typed: list[str]) -> list[list[tuple[str, str, float, bool, str]]]:
    return [[(h.entity.id, h.how, h.score, h.definite, h.set_aside) for h in find(register, name)] for name in typed]


def test_find_matches_the_reference_on_thousands_of_names(real):
    typed = corpus(real)
    assert len(typed) >= 3500
    got, want = asked(real, typed), expected(real, typed)
    for name, mine, theirs in zip(typed, got, want, strict=True):
        assert mine == theirs, name
    # The corpus exercises every kind of answer (else the comparison proves little): definite
    # matches, definite matches once a tag is set aside, similar names, beginnings, and none.
    hows = [how for hits in want for _, how, *_ in hits]
    assert sum(1 for hits in want if any(d for _, _, _, d, _ in hits)) > 1000
    assert sum(1 for how in hows if "the country tag" in how) > 300
    assert sum(1 for how in hows if how.startswith("similar to")) > 1000
    assert sum(1 for how in hows if "begins with this name" in how) > 50
    assert sum(1 for hits in want if not hits) > 500


def test_keys_and_trimmed_forms_match_the_reference_on_the_corpus(real):
    for name in corpus(real):
        assert names.key(name) == key(name), name
        assert names.trimmed(name) == trimmed(name), name


_PIECES = [*WORDS, *FORMS, *(t.strip() for t in TAGS), "Gibbs & Cox", "Sierra Nevada", "通用动力", "三菱重工"]
_PIECES += ["ＡＢＣ", "ﬁne", "Straße", "ΑΣ", "U.S.A.", "US", "DE", ",", ".", "(", ")", "-", "–", "\t", "'s"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), min_size=1, max_size=6), st.sampled_from(["", " ", ", "])
)
def test_keys_and_trimmed_forms_match_the_reference_on_any_text(pieces, joint):
    name = joint.join(pieces)
    assert names.key(name) == key(name)
    assert names.trimmed(name) == trimmed(name)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), min_size=1, max_size=5))
def test_find_matches_the_reference_on_any_name(real, pieces):
    # Listed names, pieces of them and tags in any order; the first names asked build the
    # shortlist, so every later one is answered through it.
    listed = [n for e in real.entities[:: max(1, len(real.entities) // 20)] for n in (e.name, e.chinese) if n]
    typed = [*listed[:SHORTLIST_AFTER], " ".join(pieces), " ".join([*pieces, listed[len(pieces)]])]
    assert asked(real, typed) == expected(real, typed)
