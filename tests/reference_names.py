"""The straightforward name matcher, kept as the reference the indexed one is compared against.

Every function here reads every listed name and asks ``difflib`` about each, as mineralctl did
before names were shortlisted and bounded; ``test_names_reference.py`` checks that
:meth:`EntityRegister.find`, :func:`names.key` and :func:`names.trimmed` give identical answers
(matches, how, scores, possible matches) on thousands of typed names. What is not re-derived
here is the exact lookup of a listed name (a dictionary of keys), the legal-form passes of
:func:`names.key` and the predicates :func:`names.begins` and :func:`names.distinctive`, which
read one name at a time and skip nothing.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from mineralctl import names
from mineralctl.destinations import place_words
from mineralctl.entities import EntityRegister, NameHit


def key(name: str) -> names.Key:
    """A name reduced for comparison: NFKC, case folded, punctuation and legal forms dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = text.replace(".", "").replace("'", "").replace("\u2019", "")
    if names._CJK.search(text):
        text = names._strip_chinese_forms(text)
    words = names._PUNCT.sub(" ", text).replace("_", " ").split()
    kept = names._strip_phrases(words)
    kept = [w for w in kept if w not in names._LEGAL_WORDS and w not in names._DROP] or kept
    return names.Key(tuple(kept), " ".join(sorted(kept)), "".join(kept))


def names_country(tag: str, set_off: bool) -> bool:
    """A country's English or Chinese name, or its code: in capitals (a code read as a word only
    ``set_off`` by a comma or parentheses), or in lower case when set off and neither a code
    read as a word nor a legal form."""
    places, codes = place_words()
    folded = " ".join(tag.strip().casefold().replace(".", " ").replace(",", " ").split())
    compact = tag.strip().replace(".", "")
    if folded in places:
        return True
    if not (compact.isascii() and compact.isalpha()):
        return False
    if compact.isupper():
        return compact in codes and (set_off or compact not in names.CODES_READ_AS_WORDS)
    return (
        set_off
        and compact.islower()
        and compact.upper() in codes
        and compact.upper() not in names.CODES_READ_AS_WORDS
        and compact not in names._LEGAL_WORDS
    )


def trailing_place(text: str) -> tuple[str, str] | None:
    """(what is left, the country) for a text ending with a country's name or code: every tail
    of one to five tokens tried, longest first."""
    tokens = text.rstrip(names._SEPARATORS + ".").split()
    for size in range(min(5, len(tokens) - 1), 0, -1):
        head = " ".join(tokens[:-size])
        if names_country(" ".join(tokens[-size:]), head.endswith(",")):
            rest = head.rstrip(names._SEPARATORS)
            return (rest, " ".join(tokens[-size:])) if rest else None
    return None


def trimmed(name: str) -> list[tuple[names.Key, str]]:
    """The shorter forms of a typed name: without each trailing parenthetical or bracket naming
    a country (three at most), then without a trailing country too."""
    text = name.strip()
    out: list[tuple[names.Key, str]] = []
    tags: list[str] = []
    for _ in range(3):
        found = names._PARENTHETICAL.match(text)
        if found is None:
            break
        opened, inner = (found.group(2), found.group(3)) if found.group(2) else (found.group(4), found.group(5))
        if not (found.group(1).strip(names._SEPARATORS) and names_country(inner, True)):
            break
        closed = {"(": ")", "（": "）", "[": "]", "［": "］"}[opened]
        tags = [f"{opened}{inner.strip()}{closed}", *tags]
        text = found.group(1).rstrip(names._SEPARATORS)
        out.append((key(text), " ".join(tags)))
    place = trailing_place(text)
    if place is not None:
        out.append((key(place[0]), " ".join([place[1], *tags])))
    return [(k, what) for k, what in out if k]


def ratio(matcher: SequenceMatcher[str], listed: str) -> float:
    """difflib's ratio of a listed form (the first sequence) against the typed form ``matcher``
    was made with (the second), as the matcher compares them; 0 when one of difflib's own upper
    bounds (``real_quick_ratio``: lengths, ``quick_ratio``: shared characters) is below
    :data:`names.POSSIBLE`, as that form can only score less (and then only ``contains``
    decides). Nothing else is skipped: no trigram count, no shortlist, no name left unread."""
    matcher.set_seq1(listed)
    if matcher.real_quick_ratio() < names.POSSIBLE or matcher.quick_ratio() < names.POSSIBLE:
        return 0.0
    return matcher.ratio()


def contains(query: names.Key, listed: names.Key) -> bool:
    """The query holds every word of a listed name that can name a company on its own (for a
    Chinese name: its characters, three or more)."""
    if names._CJK.search(listed.compact):
        return len(listed.compact) >= 3 and listed.compact in query.compact
    return set(listed.words) <= set(query.words) and (len(listed.words) >= 2 or len(listed.compact) >= 5)


def score(query: names.Key, listed: names.Key, matchers: tuple[SequenceMatcher[str], ...]) -> float | None:
    """How alike, both forms compared (``matchers``: made with the query's two forms); None for
    a query made of some of a listed name's words only."""
    mine = set(query.words)
    if not listed or (len(listed.words) > len(mine) and mine < set(listed.words)):
        return None
    best = max(ratio(matchers[0], listed.compact), ratio(matchers[1], listed.sorted))
    if best < names.POSSIBLE and contains(query, listed):
        best = names.POSSIBLE
    return best


def find(register: EntityRegister, query: str) -> list[NameHit]:
    """What :meth:`EntityRegister.find` answers, every listed name read and compared."""
    wanted = key(query)
    if not wanted:
        return []
    hits = register._exact_hits(wanted, query)
    forms = [wanted]
    for shorter, dropped in trimmed(query) if not hits else ():
        forms.append(shorter)
        hits = register._exact_hits(shorter, "", f"the country tag {dropped!r} set aside", dropped)
        if hits:
            break
    for form in forms:
        possible(register, form, hits)
    return sorted(hits.values(), key=lambda h: (not h.definite, -h.score, h.entity.name))


def possible(register: EntityRegister, wanted: names.Key, hits: dict[str, NameHit]) -> None:
    """Add the entities a form of the typed name resembles, then those whose listed name begins
    with it; an entity already found keeps its first answer."""
    matchers = tuple(SequenceMatcher(None, "", form, autojunk=False) for form in (wanted.compact, wanted.sorted))
    # The first similar name or alias of an entity, in the lists' order, names the match.
    for entity_id, which, listed in register._keys:
        if entity_id in hits:
            continue
        found = score(wanted, listed, matchers)
        if found is not None and found >= names.POSSIBLE:
            entity = register.entity(entity_id)
            assert entity is not None
            hits[entity_id] = NameHit(entity, f"similar to the {which}", round(found, 2), False)
    for entity_id, which, listed in register._keys:
        if entity_id not in hits and listed and names.distinctive(wanted) and names.begins(wanted, listed):
            entity = register.entity(entity_id)
            assert entity is not None
            how = f"the {which} as listed begins with this name (a unit, or the same company?)"
            hits[entity_id] = NameHit(entity, how, names.POSSIBLE, False)
