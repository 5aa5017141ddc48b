"""Company names compared the way a compliance analyst compares them. Pure, standard library.

Two spellings are the same name when they differ only in case, punctuation, ``&`` against
``and``, legal-form words (Inc., Co., Ltd., GmbH, a.s., 株式会社, 有限公司 ...) or word order:
``Gibbs & Cox`` is ``GIBBS&COX, Inc.``, and ``Dynamics General`` is ``General Dynamics``.
Anything else is at most *similar*, with a score, and only ever a reason to look again; so is
a name that a listed name *begins with* (``Raytheon`` and ``Raytheon Missiles & Defense``: a
parent, or the same company by a shorter name), when it is distinctive enough to mean one company.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import chain
from typing import Any, Generic, TypeVar

from mineralctl.model import Record, fill

# Legal forms, written as they read once dots are dropped and text is lower case. Multi-word
# forms are written with spaces and removed as a sequence before single words.
_LEGAL_WORDS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "cos",
        "company",
        "ltd",
        "limited",
        "llc",
        "lc",
        "lp",
        "llp",
        "plc",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "sa",
        "sas",
        "sarl",
        "spa",
        "srl",
        "sro",
        "spol",
        "spolsro",
        "as",
        "bv",
        "nv",
        "oy",
        "ab",
        "uab",
        "pte",
        "pty",
        "kk",
    ]
)
_LEGAL_PHRASES = (
    ("limited", "partnership"),
    ("kabushiki", "kaisha"),
    ("spol", "sro"),
    ("spol", "s", "ro"),
    ("s", "ro"),
    ("s", "r", "o"),
    ("s", "p", "a"),
    ("a", "s"),
    ("b", "v"),
    ("s", "a"),
)
_PHRASE_STARTS = frozenset(phrase[0] for phrase in _LEGAL_PHRASES)
_CHINESE_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "株式会社", "公司")
_DROP = frozenset({"the"})


class _Pattern:
    """A regular expression compiled when first used: compiling these costs a command a few
    milliseconds of start-up (a ``\\w`` class over all of Unicode) that most never need. After
    the first use its methods are plain attributes."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for method in ("search", "sub", "match"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


_PUNCT = _Pattern(r"[^\w\s]+", re.UNICODE)
_CJK = _Pattern(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")

# Below this, a similar name is not worth a reviewer's time.
POSSIBLE = 0.88

# Words that say what kind of company, or where, but not which: a listed name that begins with
# them alone (``Industries``, ``General``, ``Japan``) says nothing about a typed one.
GENERIC = frozenset(
    """
    and of for de
    industries industry industrial heavy group holdings holding international global general national
    american america usa us united states japan japanese nippon taiwan china chinese europe european
    asia asian pacific system systems technology technologies tech aerospace aviation aircraft space
    defense defence electric electrical electronic electronics engineering research institute
    laboratory laboratories lab labs university science sciences scientific solutions services
    manufacturing machinery materials motors marine maritime shipbuilding applied advanced precision
    security trading enterprises partners ventures associates network networks communications new first
    """.split()  # noqa: SIM905 (a list of words reads best as words)
)
_GENERIC_CJK = (
    "株式会社",
    "有限公司",
    "研究所",
    "公司",
    "有限",
    "股份",
    "集团",
    "美国",
    "日本",
    "中国",
    "台湾",
    "国际",
    "科技",
    "技术",
    "系统",
    "工业",
    "重工",
    "航空",
    "航天",
    "防务",
    "防卫",
    "电子",
    "研究",
    "通用",
    "应用",
    "海上",
)
SHORTEST = 3
"""Letters or digits a word of a typed name needs to count as distinctive (two for a word in
Chinese or Japanese characters, after the generic words above are set aside)."""

T = TypeVar("T")


def only_legal_form(name: str) -> bool:
    """True for a name with no word left but legal forms (``Inc.``, ``Co., Ltd.``): as a
    listed name it would match every company."""
    found = key(name)
    return bool(found) and all(w in _LEGAL_WORDS for w in found.words)


class Key(Record):
    """A name reduced for comparison."""

    __slots__ = ("words", "sorted", "compact")

    words: tuple[str, ...]
    """The words left, in the order written (legal forms and punctuation gone)."""
    sorted: str
    """Word order ignored."""
    compact: str
    """Spaces ignored too: ``L3 Harris`` is ``L3Harris``."""

    def __init__(self, words: tuple[str, ...], sorted: str = "", compact: str = "") -> None:
        fill(self, words, sorted, compact)

    def __bool__(self) -> bool:
        return bool(self.words)


def key(name: str) -> Key:
    """The comparison key of a name (empty for a name that is only punctuation or legal form)."""
    # NFKC leaves ASCII text as it is, and no ASCII character is Chinese or Japanese.
    plain = name.isascii()
    text = (name if plain else unicodedata.normalize("NFKC", name)).casefold().replace("&", " and ")
    text = text.replace(".", "").replace("'", "").replace("\u2019", "")
    if not plain and _CJK.search(text):
        text = _strip_chinese_forms(text)
    words = _PUNCT.sub(" ", text).replace("_", " ").split()
    kept = _strip_phrases(words)
    kept = [w for w in kept if w not in _LEGAL_WORDS and w not in _DROP] or kept
    return Key(tuple(kept), " ".join(sorted(kept)), "".join(kept))


_PARENTHETICAL = _Pattern(r"^(.*?\S)\s*(?:([(（])([^()（）]*)[)）]|([\[［])([^\[\]［］]*)[\]］])[\s.]*$", re.DOTALL)
_SEPARATORS = " ,;:/-\u2013\u2014"
_OPENS = "(（[［"
_CLOSES = ")）]］"
_MOST_TAGS = 3
"""Country tags set aside one after another at most (``Lockheed Martin Corp. (US) (US)``)."""
CODES_READ_AS_WORDS = frozenset(
    "AI AM AT BE BY DO FM GO ID IN IO IS IT ME MY NO PR SO TM TO TV AND ARE ARM CAN COM FIN IND PAN PER TON".split()  # noqa: SIM905
)
"""Country codes that end company names as words or abbreviations (``Shield AI``, ``Acme IT``,
``Acme TV``): set aside after a comma only (``Acme, IT``), never as the last word alone."""


def trimmed(name: str) -> list[tuple[Key, str]]:
    """Shorter forms of a typed name, each with what was set aside, tried in order when the name
    as written is no listed name: without a trailing parenthetical or bracket that is a country's
    name or code (``Anduril Industries Inc. (US)``, ``Lockheed Martin [US]``, ``洛克希德·马丁公司（美国）``;
    never other words: ``Lockheed Martin (Sikorsky)`` stays as written), up to
    :data:`_MOST_TAGS` of them (``(US) (US)``), then also without a trailing country name or code
    (``Lockheed Martin Corporation, USA``, ``Huntington Ingalls Industries Inc USA``,
    ``Lockheed Martin 美国``), as ERP exports often tag buyers. A country's name counts in English or
    Chinese (the names ``--dest`` reads). A code counts written in capitals (``U.S.`` too), in
    lower case when set off by parentheses or a comma (``(us)``; never a legal form, ``Acme, s.a.``,
    nor one of :data:`CODES_READ_AS_WORDS`), and one of those in capitals only when set off. A
    form left with no word is not tried. A trailing city or state (``Las Vegas NV``) is not set
    aside: such a name stays at most a possible match."""
    text = name.strip()
    out: list[tuple[Key, str]] = []
    dropped: list[str] = []
    for _ in range(_MOST_TAGS):
        found = _PARENTHETICAL.match(text)
        if found is None:
            break
        opened = found.group(2) or found.group(4)
        inner = found.group(3) if found.group(2) else found.group(5)
        if not (found.group(1).strip(_SEPARATORS) and _names_country(inner, True)):
            break
        dropped.insert(0, f"{opened}{inner.strip()}{_CLOSES[_OPENS.index(opened)]}")
        text = found.group(1).rstrip(_SEPARATORS)
        out.append((key(text), " ".join(dropped)))
    place = _trailing_place(text)
    if place is not None:
        text, tail = place
        out.append((key(text), " ".join([tail, *dropped])))
    return [(k, what) for k, what in out if k]


def _trailing_place(text: str) -> tuple[str, str] | None:
    """(what is left, the place) for a text that ends with a country's name or code."""
    tokens = text.rstrip(_SEPARATORS + ".").split()
    if len(tokens) < 2:
        return None
    # Every tail tried below ends with the last token, folded alike: a country's name it spells
    # ends with that token's words, and a code is that token itself (a tail of more tokens has a
    # space, so no code). Most names end with neither, and then no tail can name a country (a last
    # token of only dots and commas is left to the loop).
    ends, codes = _country_ends()
    last = " ".join(tokens[-1].casefold().replace(".", " ").replace(",", " ").split())
    if last and last not in ends and tokens[-1].replace(".", "").upper() not in codes:
        return None
    for size in range(min(5, len(tokens) - 1), 0, -1):
        tail = " ".join(tokens[-size:])
        head = " ".join(tokens[:-size])
        if _names_country(tail, head.endswith(",")):
            rest = head.rstrip(_SEPARATORS)
            return (rest, tail) if rest else None
    return None


def _names_country(tag: str, set_off: bool) -> bool:
    """``tag`` is a country's name in English or Chinese (``United States``, ``U.S.A.``, ``美国``)
    or its code: in capitals, or in lower case when ``set_off`` by a comma or parentheses unless
    it is a legal form (``s.a.``, ``co``) or reads as a word; a code that reads as a word
    (:data:`CODES_READ_AS_WORDS`) in capitals only when ``set_off``."""
    from mineralctl.destinations import place_words

    places, codes = place_words()
    tail = tag.strip()
    folded = " ".join(tail.casefold().replace(".", " ").replace(",", " ").split())
    if folded in places:
        return True
    compact = tail.replace(".", "")
    if not compact.isalpha() or not compact.isascii():
        return False
    if compact.isupper():
        return compact in codes and (set_off or compact not in CODES_READ_AS_WORDS)
    # In lower case (never Title case: ``Skydio, In.``), only set off, and never a word.
    upper = compact.upper()
    return (
        set_off
        and compact.islower()
        and upper in codes
        and upper not in CODES_READ_AS_WORDS
        and compact not in _LEGAL_WORDS
    )


@cache
def _country_ends() -> tuple[frozenset[str], frozenset[str]]:
    """How the country names :func:`_names_country` knows can end: each one's last word, last
    two words, and so on (``a``, ``s a``, ``u s a``); and the codes."""
    from mineralctl.destinations import place_words

    places, codes = place_words()
    ends = (place.split() for place in places)
    return frozenset(" ".join(words[i:]) for words in ends for i in range(len(words))), codes


def blank_reason(name: str) -> str:
    """Why ``name`` names no one, or ``""``: blank, only punctuation (``,``), or only a country
    tag (``(US)``, ``USA``, ``美国``), which :func:`trimmed` would set aside from a real name. Such a
    name is refused as empty rather than answered as matching no listed entity."""
    if not name.strip():
        return "blank"
    if not key(name):
        return "has no letter or digit"
    bare = name.strip().strip(_SEPARATORS + ".")
    set_off = bool(bare) and bare[0] in _OPENS and bare[-1] in _CLOSES
    inner = bare[1:-1] if set_off else bare
    return "is only a country tag" if inner.strip() and _names_country(inner, set_off) else ""


def empty_problem(name: str, option: str) -> str:
    """What to say of an end-user name that names no one (:func:`blank_reason`), or ``""``."""
    from mineralctl.text import visible

    reason = blank_reason(name)
    if reason == "blank":
        return f"{option}: the name is empty"
    if reason:
        return f"{option}: the name is empty: '{visible(name.strip(), one_line=True)}' {reason}"
    return ""


def refuse_empty(name: str, option: str) -> None:
    """Refuse (:class:`UsageError`, exit 2) an end-user name that names no one (:func:`blank_reason`)."""
    from mineralctl.errors import UsageError

    problem = empty_problem(name, option)
    if problem:
        raise UsageError(problem)


def comparison_words(name: str, compared: Key) -> tuple[str, ...]:
    """What decides how a name is matched: its words, then those of each of its
    :func:`trimmed` forms (after an empty word). Two names with the same are matched alike."""
    words = list(compared.words)
    for form, _ in trimmed(name):
        words += ["", *form.words]
    return tuple(words)


def _strip_chinese_forms(text: str) -> str:
    stripped = text.strip()
    changed = True
    while changed:
        changed = False
        for form in _CHINESE_LEGAL:
            if stripped.endswith(form) and len(stripped) > len(form):
                stripped, changed = stripped[: -len(form)].rstrip(), True
    return stripped


def _strip_phrases(words: list[str]) -> list[str]:
    if _PHRASE_STARTS.isdisjoint(words):  # most names: no word can start a legal phrase
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in _LEGAL_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase and len(words) > len(phrase):
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def same(a: Key, b: Key) -> bool:
    """The same name once case, punctuation, legal forms, spacing and word order are ignored."""
    return bool(a) and bool(b) and (a.sorted == b.sorted or a.compact == b.compact)


def similarity(query: Key, listed: Key) -> float:
    """How alike two names are, 0..1, for names that are not :func:`same`.

    The better of the character ratio of the names as written and with their words sorted.
    A query made only of some of a listed name's words scores 0; a query that contains every
    word of a distinctive listed name (``Leidos Holdings`` and ``Leidos``) scores
    :data:`POSSIBLE`: enough to be looked at, never more.
    """
    return next((score for _, score in similar(query, [(None, listed)], floor=0.0)), 0.0)


def similar(query: Key, candidates: Iterable[tuple[T, Key]], floor: float = POSSIBLE) -> Iterator[tuple[T, float]]:
    """The candidates at least ``floor`` alike to ``query`` (see :func:`similarity`), each with
    its score. The query is prepared once; a candidate whose length alone keeps it below
    ``floor`` is skipped before any comparison, so a few hundred names cost well under 1 ms."""
    from difflib import SequenceMatcher

    if not query:
        return
    forms = (query.compact, query.sorted)
    # Each form's matcher is prepared the first time a candidate's length lets it be compared.
    matchers: list[SequenceMatcher[str] | None] = [None, None]
    words = set(query.words)
    count = len(words)
    for item, listed in candidates:
        if not listed or (len(listed.words) > count and words < set(listed.words)):
            # Part of a listed name only (``Group`` of ``Group W``): a common word must not match.
            continue
        best = 0.0
        for form, (mine, theirs) in enumerate(zip(forms, (listed.compact, listed.sorted), strict=True)):
            total = len(mine) + len(theirs)
            bar = max(best, floor)
            if 2 * min(len(mine), len(theirs)) < bar * total:
                continue
            matcher = matchers[form]
            if matcher is None:
                matcher = matchers[form] = SequenceMatcher(None, "", mine, autojunk=False)
            matcher.set_seq1(theirs)
            # Each bound is at least the ratio: a form whose bound is below the bar cannot pass it.
            if matcher.real_quick_ratio() >= bar and matcher.quick_ratio() >= bar:
                best = max(best, matcher.ratio())
        # Containing every word of a listed name starts with containing its first (cheap to ask).
        if best < POSSIBLE and (listed.words[0] in words or _CJK.search(listed.compact)) and _contains(query, listed):
            best = POSSIBLE
        if best >= floor:
            yield item, best


def _contains(query: Key, listed: Key) -> bool:
    if _CJK.search(listed.compact):
        return len(listed.compact) >= 3 and listed.compact in query.compact
    words = set(query.words)
    if not set(listed.words) <= words:
        return False
    # One short or common word (``TDK``, ``Group``) is not a name on its own.
    return len(listed.words) >= 2 or len(listed.compact) >= 5


def distinctive(query: Key) -> bool:
    """The name has a word that could name one company: not a legal form, not a generic word
    (:data:`GENERIC`), and at least :data:`SHORTEST` characters long (``FN``, ``Co`` and
    ``Industries`` alone are not; ``MHI`` and ``Raytheon`` are)."""
    for word in query.words:
        if _CJK.search(word):
            for generic in _GENERIC_CJK:
                word = word.replace(generic, "")
            if len(word) >= SHORTEST - 1:
                return True
        elif len(word) >= SHORTEST and word not in _LEGAL_WORDS and word not in GENERIC:
            return True
    return False


def begins(query: Key, listed: Key) -> bool:
    """The listed name is longer than the query and begins with all its words, in order
    (``Lockheed`` and ``Lockheed Martin Aeronautics``). A name in Chinese or Japanese characters
    has no spaces between words: its last word may end part way through a listed word
    (``三菱重工`` and ``三菱重工造船``)."""
    count = len(query.words)
    if not count or len(listed.words) < count or listed.words[: count - 1] != query.words[:-1]:
        return False
    mine, theirs = query.words[-1], listed.words[count - 1]
    if mine == theirs:
        return len(listed.words) > count
    return theirs.startswith(mine) and bool(_CJK.search(mine))


class Beginnings(Generic[T]):
    """Listed names indexed by how they begin, so that the names a query could be the beginning
    of (:func:`begins`) are found by one or two dictionary lookups, not by reading every name."""

    __slots__ = ("_words", "_chars")

    def __init__(self, candidates: Iterable[tuple[T, Key]]) -> None:
        # first word -> names; for a first word in Chinese or Japanese characters, also first
        # character -> names (a query may end part way through it)
        self._words: dict[str, list[tuple[T, Key]]] = {}
        self._chars: dict[str, list[tuple[T, Key]]] = {}
        for item, listed in candidates:
            if listed:
                first = listed.words[0]
                self._words.setdefault(first, []).append((item, listed))
                if _CJK.search(first):
                    self._chars.setdefault(first[0], []).append((item, listed))

    def matches(self, query: Key) -> list[T]:
        """The items whose listed name begins with ``query``, in their original order; none for
        a query that is not :func:`distinctive`."""
        if not query or not distinctive(query):
            return []
        first = query.words[0]
        if len(query.words) == 1 and _CJK.search(first):
            bucket = self._chars.get(first[0], [])
        else:
            bucket = self._words.get(first, [])
        return [item for item, listed in bucket if begins(query, listed)]


class Shortlist(Generic[T]):
    """Listed names indexed once, so that :func:`similar` is asked only about the few that could
    reach ``floor`` for a query: exactly the answers of :func:`similar` over every name, in the
    same order, at a fraction of the cost.

    Why nothing that matches is left out: a character ratio ``2M / T`` (``M`` characters in
    ``B`` matching blocks, ``T`` the two lengths) leaves ``T - 2M`` characters unmatched, and two
    blocks are always parted by an unmatched character, so ``B <= T - 2M + 1``. Every listed
    trigram position wholly inside a block is a trigram of the query too: at least ``M - 2B``
    of them. A listed form whose shared trigram positions fall below that count at the least
    ``M`` reaching ``floor`` cannot reach it; where the count says nothing (short names), every
    name of a length within reach is kept. A name containing every word of a listed name shares
    its first word (or, for a Chinese name, its trigrams), so the :data:`POSSIBLE` rule is kept too.
    """

    __slots__ = (
        "_entries",
        "_floor",
        "_grams",
        "_sizes",
        "_first",
        "_cjk",
        "_lengths",
        "_needed",
        "_short",
        "_bars",
        "_lowest",
    )

    def __init__(self, candidates: Iterable[tuple[T, Key]], floor: float = POSSIBLE) -> None:
        self._entries = [(item, listed) for item, listed in candidates if listed]
        self._floor = floor
        # per form (spaces dropped, words sorted): trigram -> one index per position that has it
        self._grams: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        self._sizes: tuple[list[int], list[int]] = ([], [])
        self._first: dict[str, list[int]] = {}
        self._cjk: set[int] = set()
        # per form: length -> indexes of the names whose form is that long
        self._lengths: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
        self._needed: dict[int, int] = {}
        self._short: dict[tuple[int, int], list[int]] = {}
        # per (form, query length): the shared trigram positions each name needs, and the least
        self._bars: dict[tuple[int, int], list[int]] = {}
        self._lowest: dict[tuple[int, int], int] = {}
        for index, (_, listed) in enumerate(self._entries):
            for form, text in enumerate((listed.compact, listed.sorted)):
                self._sizes[form].append(len(text))
                self._lengths[form].setdefault(len(text), []).append(index)
                grams = self._grams[form]
                for gram in _trigrams(text):
                    grams.setdefault(gram, []).append(index)
            self._first.setdefault(listed.words[0], []).append(index)
            if _CJK.search(listed.compact):
                self._cjk.add(index)

    def needed(self, total: int) -> int:
        """Shared trigram positions a form of ``total`` characters (both names) must have to
        possibly reach the floor; 0 or less when the count cannot tell."""
        found = self._needed.get(total)
        if found is None:
            least = max(0, int(self._floor * total / 2) - 1)
            while 2.0 * least / total < self._floor:  # the ratio as difflib computes it
                least += 1
            found = self._needed[total] = least - 2 * (total - 2 * least + 1)
        return found

    def _bars_for(self, form: int, mine: int) -> list[int]:
        """Per name, the shared trigram positions its form needs to be compared with a query
        form of ``mine`` characters; more than any name has when its length is out of reach
        (:func:`similar` skips such a form before comparing it)."""
        found = self._bars.get((form, mine))
        if found is None:
            floor, needed, never = self._floor, self.needed, 1 << 30
            by_length = {
                theirs: needed(mine + theirs) if 2 * min(mine, theirs) >= floor * (mine + theirs) else never
                for theirs in self._lengths[form]
            }
            found = self._bars[form, mine] = [by_length[size] for size in self._sizes[form]]
            self._lowest[form, mine] = min(found, default=never)
        return found

    def _unindexed(self, form: int, mine: int) -> list[int]:
        """The names whose form's length is within reach of ``mine`` but too short for the
        trigram count to tell: always compared."""
        found = self._short.get((form, mine))
        if found is None:
            found = self._short[form, mine] = [
                index
                for theirs, indexes in self._lengths[form].items()
                if 2 * min(mine, theirs) >= self._floor * (mine + theirs) and self.needed(mine + theirs) <= 0
                for index in indexes
            ]
        return found

    def candidates(self, query: Key) -> list[tuple[T, Key]]:
        """The names :func:`similar` must still compare with ``query``, in their original order."""
        if not query:
            return []
        kept: set[int] = set()
        for form, text in enumerate((query.compact, query.sorted)):
            grams, mine = self._grams[form], len(text)
            bars = self._bars_for(form, mine)
            shared = [grams[gram] for gram in {text[i : i + 3] for i in range(len(text) - 2)} if gram in grams]
            if shared:
                counts = Counter(chain.from_iterable(shared))
                # No name needs fewer shared positions than the least of its bars: when even the
                # highest count is below that, no name passes, and reading each is skipped.
                if max(counts.values()) >= self._lowest[form, mine]:
                    kept.update([index for index, count in counts.items() if count >= bars[index]])
                if form == 0 and self._cjk:
                    kept.update(self._cjk.intersection(counts))
            kept.update(self._unindexed(form, mine))
        for word in set(query.words):
            kept.update(self._first.get(word, ()))
        return [self._entries[index] for index in sorted(kept)]


def _trigrams(text: str) -> Iterator[str]:
    return (text[i : i + 3] for i in range(len(text) - 2))
