"""Batch screening of shipment files: every record back, in input order, exactly once.

Fail closed. Each dimension of a question (material or HS code, destination, date, end use)
comes from a column or from an option given for the whole file; when neither is there the run
stops before screening. A record that cannot be read or resolved keeps its place with the
reason (and its line) in ``error`` and makes the run fail unless ``--allow-unresolved``.

Answers are memoized by meaning, not by text: each distinct material, destination, date and
end-use string is parsed once, and each (materials, period between the materials' boundary
dates, destination class, end use) is resolved once. Within a period no measure or suspension
touching the materials starts or ends, so every date in it has the same answer; a destination
that no measure touching the materials names is answered like any other such destination.
The caches are bounded, so memory stays flat however many distinct rows a file has.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TypeVar

from mineralctl import dates, shipments
from mineralctl.errors import (
    EXIT_GATE,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_STALE,
    MineralctlError,
    UsageError,
)
from mineralctl.model import EndUse, Status
from mineralctl.resolve import match, questions_on
from mineralctl.rulebook import Rulebook
from mineralctl.shipments import distinct
from mineralctl.text import visible

if TYPE_CHECKING:
    from mineralctl.entities import EntityRegister

ADDED = (
    "status",
    "projected",
    "measures",
    "uncertainty",
    "screened_material",
    "screened_destination",
    "screened_date",
    "screened_end_use",
    "error",
    "rulebook",
)
"""The columns added to every row (``rulebook``: the files that answered, as in every CSV
mineralctl writes). A name the input already uses becomes ``mineralctl_NAME`` (then
``mineralctl_NAME_2``...), so no input column is ever overwritten."""
FILE_COLUMN = "file"
"""Added first when several files are screened in one run: the file each row came from."""
EXTRA_KEY = "extra_fields"
"""JSON Lines output: the fields of a CSV row beyond its header's width."""
RAW_KEY = "raw"
"""JSON Lines output: the text of a JSON Lines input line that is not a JSON object."""


class Unread(dict[str, Any]):
    """A JSON Lines line that is not a JSON object, as a record: ``{RAW_KEY: its text}``. In
    CSV and table output its text follows the added cells, as a CSV row's extra fields do."""


TABLE_LIMIT = 1000
"""``-f table`` shows at most this many rows; a larger file is refused with a pointer to CSV."""
CACHE_LIMIT = 20_000
"""Entries per parse cache before it is emptied: a file of all-different strings stays flat."""

DIMENSIONS = ("material", "hs_code", "destination", "date", "end_use", "end_user")
END_USER_ADDED = ("end_user_status", "end_user_match")
"""Added before ``error`` when an end user is in play: what the lists impose on the row (empty
when nothing) and the listed entities the name matched, definitely or possibly."""
SYNONYMS = {
    "material": ("material", "materials", "material_name", "commodity", "mineral", "item"),
    "hs_code": ("hs_code", "hs", "hscode", "hs_codes", "tariff_code", "commodity_code"),
    "destination": (
        "destination",
        "dest",
        "destination_country",
        "ship_to_country",
        "ship_to",
        "country_of_destination",
        "consignee_country",
    ),
    "date": ("date", "ship_date", "shipment_date", "export_date", "shipping_date", "date_of_export"),
    "end_use": ("end_use", "enduse", "end_use_type"),
    "end_user": ("end_user", "enduser", "end_user_name", "buyer", "consignee", "customer"),
}
"""Column names recognised for each dimension, compared in lower case with spaces and hyphens
read as underscores. A bare ``country`` is not among them: it may be the country of origin."""
_OPTION = {
    "material": "--material-column",
    "hs_code": "--hs-column",
    "destination": "--dest-column",
    "date": "--date-column",
    "end_use": "--end-use-column",
    "end_user": "--end-user-column",
}


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def printable(text: str) -> str:
    """Text from a file in a message: control characters shown as escapes, on one line."""
    return visible(text, one_line=True)


def added_names(inputs: Sequence[str], added: Sequence[str] = ADDED) -> list[str]:
    """The names the added columns get beside these input columns (never an input's name)."""
    taken = set(inputs)
    out: list[str] = []
    for name in added:
        chosen, n = name, 1
        while chosen in taken:
            n += 1
            chosen = f"mineralctl_{name}" if n == 2 else f"mineralctl_{name}_{n - 1}"
        taken.add(chosen)
        out.append(chosen)
    return out


# --------------------------------------------------------------------------- the question


@dataclass(frozen=True)
class Request:
    """What the command line asks for the whole run."""

    columns: dict[str, str | None]
    """Dimension -> the column named with an option (``None``: recognise it)."""
    date: dt.date | None
    destination: str | None
    """An ISO alpha-2 code."""
    end_use: EndUse | None
    end_user: str | None = None
    """``--end-user``: the buyer of every row without one of its own."""
    entities: str | None = None
    """``--entities``: the end-user lists to screen against (default: the packaged ones)."""


def find_columns(names: Sequence[str], request: Request, word: str = "column") -> tuple[list[int], str]:
    """The index of each dimension's column in ``names`` (-1: absent) and what is missing or
    ambiguous ("" when the columns answer every dimension)."""
    problems: list[str] = []
    found: list[int] = []
    ambiguous: set[str] = set()
    shown = ", ".join(printable(n) for n in names) or "none"
    for dim in DIMENSIONS:
        wanted = request.columns.get(dim)
        if wanted:
            hits = [i for i, n in enumerate(names) if n.strip().lower() == wanted.strip().lower()]
            if not hits:
                problems.append(f"{_OPTION[dim]}: no {word} {printable(wanted)!r} (found: {shown})")
        else:
            hits = [i for i, n in enumerate(names) if _norm(n) in SYNONYMS[dim]]
        if len(hits) > 1 and len({names[i] for i in hits}) == 1:
            # One name twice: no option naming a column by its name can tell them apart.
            numbers = [str(i + 1) for i in hits]
            places = f"{', '.join(numbers[:-1])} and {numbers[-1]} are {'both' if len(hits) == 2 else 'all'}"
            problems.append(
                f"the {word} name {printable(names[hits[0]])!r} is ambiguous: {word}s {places} named so; "
                f"rename all but one in the file, or pick a {word} with another name with {_OPTION[dim]}"
            )
            ambiguous.add(dim)
        elif len(hits) > 1:
            both = ", ".join(printable(names[i]) for i in hits)
            problems.append(f"{len(hits)} {dim.replace('_', ' ')} {word}s ({both}); name one with {_OPTION[dim]}")
            ambiguous.add(dim)
        found.append(hits[0] if len(hits) == 1 else -1)
    material, hs_code, destination, day, end_use = found[:5]
    if (
        not ambiguous & {"material", "hs_code"}
        and material < 0
        and hs_code < 0
        and not request.columns.get("material")
        and not request.columns.get("hs_code")
    ):
        problems.append(
            f"no material or HS code {word} (found: {shown}); name one with --material-column or --hs-column"
        )
    if (
        "destination" not in ambiguous
        and destination < 0
        and request.destination is None
        and not request.columns.get("destination")
    ):
        problems.append(f"no destination {word} (found: {shown}); name one with --dest-column or give --dest")
    if "date" not in ambiguous and day < 0 and request.date is None and not request.columns.get("date"):
        problems.append(f"no date {word} (found: {shown}); name one with --date-column or give --date")
    if "end_use" not in ambiguous and end_use < 0 and request.end_use is None and not request.columns.get("end_use"):
        problems.append(
            f"no end-use {word} (found: {shown}); name one with --end-use-column or give --end-use civil or military"
        )
    return found, "; ".join(problems)


# --------------------------------------------------------------------------- answers by meaning


T = TypeVar("T")


class _Problem(str):
    """Why a value in a row could not be read (kept in the parse caches like a value)."""


class Answer:
    """The resolved status of one (materials, period, destination class, end use)."""

    __slots__ = ("status", "rank", "projected", "measures", "uncertainty", "ids", "slot", "cells", "text")
    end_user: tuple[str, ...] = ("", "")
    """The ``end_user_status`` and ``end_user_match`` cells: empty, no end user was screened."""
    end_user_text = ",,"
    """Those cells as CSV text, each after a comma."""
    possible = False
    """An end user only resembles a listed entity whose listing is in force that day (a possible
    match to review; one whose listing is not in force is named in the cell only)."""

    def __init__(
        self, plan: Plan, status: Status, projected: bool, measures: tuple[str, ...], uncertainty: tuple[str, ...]
    ) -> None:
        self.status = status.value
        self.rank = status.rank
        self.projected = projected
        self.measures = measures
        self.uncertainty = uncertainty
        self.slot = 2 * status.rank + projected
        """Where the row is counted in :attr:`Tally.slots`."""
        self.cells = (
            status.value,
            "true" if projected else "false",
            ";".join(measures),
            ";".join(uncertainty),
            plan.text,
        )
        self.ids = plan.ids
        self.text = _csv_line(self.cells)
        """The cells as CSV text, written after each row's own fields."""


def _csv_line(fields: Sequence[str]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(fields)
    return buffer.getvalue()


class EndUserAnswer(Answer):
    """An answer with a named end user screened against the control and watch lists."""

    __slots__ = ("end_user", "end_user_text", "possible")

    def __init__(
        self,
        plan: Plan,
        status: Status,
        projected: bool,
        measures: tuple[str, ...],
        uncertainty: tuple[str, ...],
        end_user: tuple[str, str],
        possible: bool,
    ) -> None:
        super().__init__(plan, status, projected, measures, uncertainty)
        self.end_user = end_user
        self.end_user_text = "," + _csv_line(end_user)
        self.possible = possible


class Plan:
    """The materials one material cell names, with the dates and destinations that can
    change their answer, and the answers found so far."""

    __slots__ = ("ids", "text", "materials", "bounds", "named", "answers")

    def __init__(self, rulebook: Rulebook, ids: tuple[str, ...], bounds: list[int], named: frozenset[str]):
        self.ids = ids
        self.text = ";".join(ids)
        self.materials = tuple(rulebook.materials[i] for i in ids)
        self.bounds = bounds
        self.named = named
        self.answers: dict[tuple[int, str | None, str], Answer] = {}


class Verdict(NamedTuple):
    """What the end-user lists say of one name for some materials in one period."""

    imposed: Status | None
    cells: tuple[str, str]
    possible: bool
    questions: tuple[str, ...]
    projected: bool


class Screener:
    """Parses each distinct cell once and resolves each distinct meaning once."""

    def __init__(self, rulebook: Rulebook, request: Request) -> None:
        from mineralctl.render import rulebook_label

        self.rulebook = rulebook
        self.request = request
        self.label = rulebook_label(rulebook)
        """The files that answered, for the ``rulebook`` column."""
        self._projected_from = rulebook.as_of + dt.timedelta(days=1)
        self._plans: dict[tuple[str, ...], Plan] = {}
        self.materials: dict[str, Plan | _Problem] = {}
        self.pairs: dict[tuple[str, str], Plan | _Problem] = {}
        """(material cell, HS code cell) -> the plan, or why the row cannot be screened: a row
        with an HS code is screened by its material only when the code agrees with it."""
        self.unlisted_hs: dict[str, str] = {}
        """HS codes beside a material that no rulebook item lists: digits -> the code as
        written and where it was first read."""
        self.hs_read = False
        """Some row's HS code was read (a JSON Lines record may have one where others do not)."""
        self.destinations: dict[str, str | _Problem] = {}
        self.dates: dict[str, tuple[int, str] | _Problem] = {}
        """Date cell -> (proleptic ordinal, ISO date): ordinals compare fastest."""
        self.end_uses: dict[str, str | _Problem] = {}
        self.in_play = False
        """An end user is screened in this run: the end-user columns are written."""
        self.register: EntityRegister | None = None
        """The end-user lists, loaded when the first row names an end user."""
        self._end_users: dict[tuple[Answer, Verdict], Answer] = {}
        """(material answer, what the lists say) -> the answer with that end user."""
        self._verdicts: dict[tuple[tuple[str, ...], tuple[str, ...], int, int], Verdict] = {}
        """(materials, name as compared, period of the lists, listed period) -> what the lists say."""
        self._listed_bounds: dict[tuple[str, ...], list[int]] = {}
        """Materials -> the days on which one of them becomes or stops being a listed item."""
        self._list_bounds: list[int] = []
        self._unlisted_answers: dict[tuple[Answer, bool], Answer] = {}
        """(material answer, projected by the lists' date) -> the answer with a name no listed
        entity's name resembles."""
        self._unlisted_verdicts: tuple[Verdict, Verdict] = ()  # type: ignore[assignment]
        self._lists_as_of = 0
        """The days on which some listing's standing can change, and the day after the lists'
        as_of (answers from then on are projected): between two, every listing stands still."""
        self._name_keys: dict[str, tuple[str, ...] | _Problem | None] = {}
        """Name as written -> its words as compared; None for a name no listed entity's name
        resembles."""
        self._reset()

    def entity_lists(self) -> EntityRegister:
        if self.register is None:
            from mineralctl.render import rulebook_label
            from mineralctl.run import load_entity_lists

            self.register = register = load_entity_lists(self.request.entities)
            days = {*register.dates(), register.as_of + dt.timedelta(days=1)}
            self._list_bounds = sorted(d.toordinal() for d in days)
            # A name no entry resembles gets one of two answers: before or after the lists' as_of.
            self._lists_as_of = register.as_of.toordinal()
            self._unlisted_verdicts = (
                Verdict(None, ("", "no listed entity matched"), False, (), False),
                Verdict(None, ("", "no listed entity matched"), False, (), True),
            )
            # The lists are one more file that answered: named on every row from here on.
            self.label = rulebook_label(self.rulebook.with_entity_lists(self.register))
        return self.register

    def projected_after(self) -> str:
        """After which as_of, of which file, an answer is projected: ``2026-10-08, the as_of of
        the rulebook measures.yaml (packaged)`` (the earliest of the rulebook files); with an end
        user named and lists checked through an earlier day, that day and the lists too."""
        from mineralctl.render import file_name

        book = self.rulebook
        oldest = " and ".join(file_name(f) for f in book.files if f.as_of == book.as_of)
        after = f"{book.as_of.isoformat()}, the as_of of the {oldest}"
        lists = self.register
        if lists is not None and lists.as_of < book.as_of:
            after += f"; with an end user, {lists.as_of.isoformat()}, the as_of of the {file_name(lists.file)}"
        return after

    def with_end_user(self, plan: Plan, found: Answer, name: str, ordinal: int) -> Answer | _Problem:
        """``found`` with the end user ``name`` screened on the day ``ordinal``, as
        ``mineralctl status --end-user`` answers: the strictest of the material's status and what a
        definite match's listing imposes on a listed dual-use item (control list: prohibited;
        watch list: enhanced-review). A possible match changes nothing and is reported. A name
        that names no one (only punctuation or only a country tag, which ``status --end-user``
        refuses) is the row's problem instead, remembered for the name like its words."""
        words = self._name_keys.get(name, ())
        if isinstance(words, _Problem):
            return words
        if words is None:
            # No listed entity is named or resembled: the lists add nothing, on any date.
            plain = (found, ordinal > self._lists_as_of)
            answer = self._unlisted_answers.get(plain)
            if answer is None:
                if len(self._unlisted_answers) > CACHE_LIMIT:
                    self._unlisted_answers.clear()
                verdict = self._unlisted_verdicts[plain[1]]
                answer = self._unlisted_answers[plain] = self._combine(plan, found, verdict)
            return answer
        if not words:
            from mineralctl import names

            if len(self._name_keys) > CACHE_LIMIT:
                self._name_keys.clear()
            empty = names.empty_problem(name, "end user")
            if empty:
                self._name_keys[name] = _Problem(empty)
                return _Problem(empty)
            compared = names.key(name)
            register = self.entity_lists()
            if not register.find(name, compared):
                self._name_keys[name] = None
                return self.with_end_user(plan, found, name, ordinal)
            words = self._name_keys[name] = names.comparison_words(name, compared)
        verdict = self._listed_verdict(plan, found, name, words, ordinal)
        both = (found, verdict)
        answer = self._end_users.get(both)
        if answer is None:
            if len(self._end_users) > CACHE_LIMIT:
                self._end_users.clear()
            answer = self._end_users[both] = self._combine(plan, found, verdict)
        return answer

    def _listed_verdict(self, plan: Plan, found: Answer, name: str, words: tuple[str, ...], ordinal: int) -> Verdict:
        # Within one period of the lists and of the materials' being listed dual-use items (the
        # lists restrict those only), what the lists say of the name stays the same.
        listed = self._listed_bounds.get(plan.ids)
        if listed is None:
            listed = self._listed_bounds[plan.ids] = self._listing_days(plan)
        key = (plan.ids, words, bisect_right(self._list_bounds, ordinal), bisect_right(listed, ordinal))
        verdict = self._verdicts.get(key)
        if verdict is None:
            if len(self._verdicts) > CACHE_LIMIT:
                self._verdicts.clear()
            verdict = self._verdicts[key] = self._verdict(plan, Status(found.status), name, ordinal)
        return verdict

    def _listing_days(self, plan: Plan) -> list[int]:
        book = self.rulebook
        days: set[dt.date] = set()
        for material_id in plan.ids:
            for measure in book.listing_measures(material_id):
                entries: list[Any] = [measure, *book.suspensions_of(measure.id)]
                for entry in entries:
                    days.add(entry.start)
                    if entry.end is not None:
                        days.add(entry.end + dt.timedelta(days=1))
        return sorted(d.toordinal() for d in days)

    def _verdict(self, plan: Plan, own: Status, name: str, ordinal: int) -> Verdict:
        """What the lists say of ``name`` for the plan's materials on the day ``ordinal``."""
        from mineralctl.render import end_user_summary
        from mineralctl.resolve import is_listed

        register = self.entity_lists()
        day = dt.date.fromordinal(ordinal)
        imposed: Status | None = None
        first = None
        questions: dict[str, None] = {}
        for material in plan.materials:
            check = register.check(name, day, is_listed(self.rulebook, material, day), own)
            first = first or check
            if check.status is not None and (imposed is None or check.status.rank > imposed.rank):
                imposed = check.status
            # The listing, the entry and any suspension of it behind the answer with an open question.
            questions.update(dict.fromkeys(register.questions(check, day)))
        assert first is not None
        return Verdict(
            imposed,
            (imposed.value if imposed else "", end_user_summary(first)),
            bool(first.to_review),
            tuple(questions),
            # Past the lists' checked-through date the listing, and so the answer, is projected.
            day > register.as_of,
        )

    @staticmethod
    def _combine(plan: Plan, found: Answer, verdict: Verdict) -> Answer:
        own = Status(found.status)
        imposed = verdict.imposed
        status = own if imposed is None or imposed.rank <= own.rank else imposed
        return EndUserAnswer(
            plan,
            status,
            found.projected or verdict.projected,
            found.measures,
            tuple(dict.fromkeys((*found.uncertainty, *verdict.questions))),
            verdict.cells,
            verdict.possible,
        )

    def _reset(self) -> None:
        """Empty the parse caches (they refill as rows come), keeping the whole-file values."""
        request = self.request
        self.materials.clear()
        self.pairs.clear()
        self.destinations.clear()
        self.dates.clear()
        self.end_uses.clear()
        self.materials[""] = _Problem("no material or HS code in this row")
        self.destinations[""] = (
            request.destination
            if request.destination
            else _Problem("no destination in this row (give --dest for rows without one)")
        )
        self.dates[""] = (
            (request.date.toordinal(), request.date.isoformat())
            if request.date
            else _Problem("no date in this row (give --date for rows without one)")
        )
        self.end_uses[""] = (
            request.end_use.value
            if request.end_use
            else _Problem("no end use in this row (give --end-use for rows without one)")
        )

    def answer(
        self, material: str, hs_code: str, destination: str, day: str, end_use: str, where: str
    ) -> tuple[str, tuple[int, str], str, Answer, Plan] | _Problem:
        """What was screened, its answer and the plan that gave it, or why the row could not be
        screened; ``where`` names the row for a warning about its HS code."""
        if hs_code and not hs_code.isspace():
            plan = self.pairs.get((material, hs_code)) or self.pair(material, hs_code, where)
        else:
            plan = self.materials.get(material) or self._material(material)
        code = self.destinations.get(destination) or self._destination(destination)
        when = self.dates.get(day) or self._date(day)
        use = self.end_uses.get(end_use) or self._end_use(end_use)
        if isinstance(plan, Plan) and type(code) is str and type(when) is tuple and type(use) is str:
            key = (bisect_right(plan.bounds, when[0]), code if code in plan.named else None, use)
            return code, when, use, plan.answers.get(key) or self.resolve(plan, key, when[0]), plan
        return self.problem(plan, code, when, use)

    @staticmethod
    def problem(*values: object) -> _Problem:
        return _Problem("; ".join(p for p in values if isinstance(p, _Problem)))

    def _full(self) -> None:
        if (
            max(len(self.materials), len(self.pairs), len(self.destinations), len(self.dates), len(self.end_uses))
            > CACHE_LIMIT
        ):
            self._reset()

    def pair(self, material: str, hs_code: str, where: str) -> Plan | _Problem:
        """The plan of a row with an HS code (and perhaps a material), remembered for the pair."""
        self._full()
        self.hs_read = True
        result = self.pairs[(material, hs_code)] = self._checked(material, hs_code, where)
        return result

    def _checked(self, material: str, hs_code: str, where: str) -> Plan | _Problem:
        """A row's HS code read as one, then: without a material, the materials it is listed
        for; beside a material, the material's plan when the code is listed for one of the
        materials the material cell names, or is listed for none (HS codes are reference only).
        A code listed only for other materials contradicts the row: it is not screened."""
        digits = hs_digits(hs_code)
        declared = None
        if material and not material.isspace():
            declared = self.materials.get(material) or self._material(material)
        if digits is None:
            unread = _Problem(
                f"HS code {printable(hs_code.strip())!r} cannot be read as an HS code (6 to 10 digits; dots and "
                "spaces allowed)"
            )
            return self.problem(declared, unread)
        if declared is None:
            # No material: the HS code names what is screened, as `status CODE` answers.
            query = hs_code if hs_code.isascii() else digits
            return self.materials.get(query) or self._material(query)
        if isinstance(declared, _Problem):
            return declared
        try:
            listed = self.rulebook.find_materials(digits)
        except MineralctlError:
            if len(self.unlisted_hs) < CACHE_LIMIT:
                self.unlisted_hs.setdefault(digits, f"{printable(hs_code.strip())} ({where})")
            return declared
        ids = [m.id for m in listed]
        if not set(ids).isdisjoint(declared.ids):
            return declared
        named = ids[0] if len(ids) == 1 else f"one of {', '.join(ids)}"
        return _Problem(
            f"HS code {printable(hs_code.strip())} is {named} in the rulebook, not {printable(material.strip())}"
        )

    def _parsed(self, cache: dict[str, T | _Problem], text: str, parse: Callable[[str], T]) -> T | _Problem:
        """Parse a cell not seen before and remember the value, or why it cannot be read."""
        self._full()
        result: T | _Problem
        if not text.strip():
            result = cache[""]
        else:
            try:
                result = parse(text)
            except MineralctlError as error:
                result = _Problem(str(error))
        cache[text] = result
        return result

    def _material(self, text: str) -> Plan | _Problem:
        return self._parsed(self.materials, text, self._plan)

    def _destination(self, text: str) -> str | _Problem:
        return self._parsed(self.destinations, text, _destination_code)

    def _date(self, text: str) -> tuple[int, str] | _Problem:
        return self._parsed(self.dates, text, _day)

    def _end_use(self, text: str) -> str | _Problem:
        return self._parsed(self.end_uses, text, _end_use)

    def _plan(self, text: str) -> Plan:
        """The materials a cell names, with the dates and destinations that can change their
        answer (for every destination and end use: a row's own are looked up in the plan)."""
        ids = tuple(m.id for m in self.rulebook.find_materials(text))
        plan = self._plans.get(ids)
        if plan is None:
            days = {self._projected_from, *(d for i in ids for d in self.rulebook.boundaries(i))}
            bounds = sorted(d.toordinal() for d in days)
            named = frozenset(c for i in ids for c in self.rulebook.named_destinations(i))
            plan = self._plans[ids] = Plan(self.rulebook, ids, bounds, named)
        return plan

    def resolve(self, plan: Plan, key: tuple[int, str | None, str], ordinal: int) -> Answer:
        """The strictest status over the plan's materials on ``day`` (any day of its period),
        the measures that apply, and the measures and suspensions behind it with an open question."""
        destination, use, day = key[1], EndUse(key[2]), dt.date.fromordinal(ordinal)
        status = Status.NOT_CONTROLLED
        measures: dict[str, None] = {}
        questions: dict[str, None] = {}
        for material in plan.materials:
            found = match(self.rulebook, material, day, destination, use)
            if found.status.rank > status.rank:
                status = found.status
            for measure in found.applied:
                measures[measure.id] = None
            questions.update(dict.fromkeys(questions_on(self.rulebook, found, day)))
        answer = plan.answers[key] = Answer(plan, status, day > self.rulebook.as_of, tuple(measures), tuple(questions))
        return answer


def hs_digits(text: str) -> str | None:
    """An HS code cell as ASCII digits, or ``None`` when it is not one: 6 to 10 digits, dots
    and spaces allowed (as ``status`` reads a code)."""
    digits = re.sub(r"[.\s]", "", text)
    if not (6 <= len(digits) <= 10 and digits.isdecimal()):
        return None
    return digits if digits.isascii() else "".join(str(int(c)) for c in digits)


def _destination_code(text: str) -> str:
    from mineralctl.destinations import parse_destination

    return parse_destination(text).code


def _day(text: str) -> tuple[int, str]:
    day = dates.parse_date(text, option="date")
    return day.toordinal(), day.isoformat()


def _end_use(text: str) -> str:
    try:
        return EndUse(text.strip().lower()).value
    except ValueError:
        raise UsageError(f"end use {printable(text)!r} is not civil or military") from None


# --------------------------------------------------------------------------- counting


@dataclass
class Tally:
    """What one file's rows came to."""

    name: str
    slots: list[int] = field(default_factory=lambda: [0] * 8)
    """Rows per status rank (0 not-controlled .. 3 prohibited), times two, plus one if projected."""
    unresolved: int = 0
    possible: int = 0
    """Rows whose end user only resembles a listed entity whose listing is in force that day (a
    possible match to review)."""
    broken_file: str = ""
    """A problem that makes the run fail whatever ``--allow-unresolved`` says (an open quote)."""

    @property
    def ranks(self) -> list[int]:
        return [self.slots[2 * r] + self.slots[2 * r + 1] for r in range(4)]

    @property
    def rows(self) -> int:
        return sum(self.slots) + self.unresolved

    def line(self, after: str) -> str:
        """The summary line; ``after`` says after which as_of, of which file, rows are projected
        (:meth:`Screener.projected_after`)."""
        ranks = self.ranks
        counts = ", ".join(f"{ranks[s.rank]} {s.value}" for s in reversed(list(Status)))
        projected = sum(self.slots[1::2])
        note = f"; {projected} projected (dated after {printable(after)})" if projected else ""
        if self.possible:
            note += f"; {self.possible} possible end-user {'match' if self.possible == 1 else 'matches'} to review"
        return (
            f"mineralctl: {printable(self.name)}: screened {_rows(self.rows)}: {counts}; {self.unresolved} unresolved"
            f"{note}\n"
        )


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _unlisted_note(codes: dict[str, str]) -> str:
    """The HS codes beside a material that no rulebook item lists, the first few as written
    with where each was first read: their rows were answered by their material."""
    shown = list(codes.values())[:5]
    more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
    what = "an HS code" if len(codes) == 1 else f"{len(codes)} HS codes"
    return (
        f"{what} beside a material that no rulebook item lists: {', '.join(shown)}{more}; "
        f"{'its rows were' if len(codes) == 1 else 'their rows were'} answered by the material"
    )


# --------------------------------------------------------------------------- rows


def _text(value: Any) -> str | None:
    """A JSON value as a cell to screen: text or an integer; ``None`` for anything else."""
    if value is None:
        return ""
    if type(value) is str:
        return None if value.startswith(shipments.OUT_OF_RANGE) else value
    if type(value) is int:
        return str(value)
    return None


def _json_cell(value: Any) -> str:
    """A JSON value in a CSV cell: text as is, null as empty, anything else as JSON."""
    if type(value) is str:
        return value.removeprefix(shipments.OUT_OF_RANGE)
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    import json

    return shipments.json_text(json.dumps(value, ensure_ascii=False, allow_nan=False))


@dataclass
class Source:
    """One input file, opened and checked, ready to screen."""

    name: str
    kind: str
    header: list[str] | None
    """CSV and Excel: the header row; JSON Lines: ``None`` (columns are found per record)."""
    records: Iterator[Any]
    columns: list[int]
    label: str
    """The encoding, for messages about undecodable bytes."""
    handle: IO[str] | None = None
    position: Any = None
    """CSV and Excel: what tells the line (or sheet row) the last record ended on."""
    lines: shipments.Lines | None = None
    """CSV: the lines read, from which a record the reader refuses is given back."""
    sheet: str = ""
    """Excel: the name of the sheet read."""

    @property
    def summary_name(self) -> str:
        """The file as its summary line names it: a workbook with the sheet read."""
        return f"{self.name} (sheet {self.sheet!r})" if self.kind == "xlsx" else self.name

    def close(self) -> None:
        if self.handle is not None and self.handle is not sys.stdin:
            self.handle.close()


Screened = tuple[Any, "Answer | None", str, str, str, str]
"""One record as screened: its fields (a list, or a dict for JSON Lines), the answer (``None``
when it could not be screened), the destination code, date and end use used, and the problem."""


def table_rows(
    source: Source, screener: Screener, tally: Tally, fast: tuple[Any, Any] | None = None
) -> Iterator[Screened]:
    """CSV and Excel records as screened, in input order, then the file's summary line on
    stderr. The hot loop of a screen: each answer is looked up inline (the same steps as
    :meth:`Screener.answer`).

    With ``fast`` (a ``writerow`` that ends no line, and the output's ``write``), a screened
    record read from one physical line is written here, its own fields by the csv module and
    the answer's cells as one string written once per answer; only the other records are
    yielded. A record from one line has no line break in any field, so it needs no quoting
    for one."""
    import csv

    assert source.header is not None and source.position is not None
    width = len(source.header)
    mi, hi, di, ti, ei, ui = source.columns
    end_users, whole, with_end_user = screener.in_play, screener.request.end_user or "", screener.with_end_user
    name_keys, unlisted = screener._name_keys, screener._unlisted_answers
    materials, destinations, dates_, uses = screener.materials, screener.destinations, screener.dates, screener.end_uses
    material_of, destination_of = screener._material, screener._destination
    pairs, pair_of = screener.pairs, screener.pair
    date_of, end_use_of, resolve = screener._date, screener._end_use, screener.resolve
    slots = tally.slots
    bad = shipments.BAD_BYTES
    reader, where, lines = source.records, source.position, source.lines
    if lines is not None:
        lines.records = lambda: tally.rows
    place = "sheet row" if source.kind == "xlsx" else "line"
    rulebook_cell = _csv_line([screener.label])
    last = where.line_num
    while True:
        try:
            for row in reader:
                if len(row) != width or (bad[0] and shipments.has_bad_text("".join(row))):
                    if not row:
                        last = where.line_num
                        continue
                    if len(row) != width:
                        problem = f"{place} {last + 1}: {len(row)} fields where the header has {width}; not screened"
                    else:
                        problem = f"{place} {last + 1}: bytes that are not valid {source.label}; not screened"
                else:
                    material = row[mi] if mi >= 0 else ""
                    hs_code = row[hi] if hi >= 0 else ""
                    if hs_code and not hs_code.isspace():
                        plan = pairs.get((material, hs_code)) or pair_of(
                            material, hs_code, f"{printable(source.name)} {place} {last + 1}"
                        )
                    else:
                        plan = materials.get(material) or material_of(material)
                    destination = row[di] if di >= 0 else ""
                    code = destinations.get(destination) or destination_of(destination)
                    day = row[ti] if ti >= 0 else ""
                    when = dates_.get(day) or date_of(day)
                    end_use = row[ei] if ei >= 0 else ""
                    use = uses.get(end_use) or end_use_of(end_use)
                    if type(plan) is Plan and type(code) is str and type(when) is tuple and type(use) is str:
                        key = (bisect_right(plan.bounds, when[0]), code if code in plan.named else None, use)
                        found = plan.answers.get(key) or resolve(plan, key, when[0])
                        tail = ""
                        if end_users:
                            name = row[ui] if ui >= 0 else ""
                            if not name or name.isspace():
                                name = whole
                            if name:
                                # A name that resembles no listed entity (most of them) is
                                # answered here from the cache; any other through the screener.
                                if name_keys.get(name, ()) is None:
                                    late = when[0] > screener._lists_as_of
                                    named = unlisted.get((found, late)) or with_end_user(plan, found, name, when[0])
                                else:
                                    named = with_end_user(plan, found, name, when[0])
                                if isinstance(named, _Problem):
                                    # A name that names no one, as status --end-user refuses it.
                                    problem = f"{place} {last + 1}: {named}"
                                    tally.unresolved += 1
                                    last = where.line_num
                                    yield row, None, "", "", "", problem
                                    continue
                                found = named
                                tally.possible += found.possible
                            tail = found.end_user_text
                        slots[found.slot] += 1
                        now = where.line_num
                        if fast is not None and now - last == 1:
                            fast[0](row)
                            fast[1](f",{found.text},{code},{when[1]},{use}{tail},,{rulebook_cell}\n")
                            last = now
                            continue
                        last = now
                        yield row, found, code, when[1], use, ""
                        continue
                    problem = f"{place} {last + 1}: {screener.problem(plan, code, when, use)}"
                tally.unresolved += 1
                last = where.line_num
                yield row, None, "", "", "", problem
            break
        except csv.Error as error:
            problem, broken = shipments.csv_problem(error, last + 1, where.line_num)
            # The record's own text comes back, as the reader was refusing it (fields unchanged).
            fields = lines.fields(last + 1, where.line_num, broken) if lines is not None else []
            last = where.line_num
            tally.unresolved += 1
            if broken:
                tally.broken_file = problem
            yield fields, None, "", "", "", problem
    sys.stderr.write(tally.line(screener.projected_after()))


def json_rows(source: Source, screener: Screener, tally: Tally, request: Request) -> Iterator[Screened]:
    """JSON Lines records as screened, in input order (columns recognised per record), then
    the file's summary line on stderr."""
    answer = screener.answer
    slots = tally.slots
    name = printable(source.name)
    whole = request.end_user or ""
    found_columns: dict[tuple[str, ...], tuple[list[int], str]] = {}
    for line, record, problem, text in source.records:
        if not problem:
            keys = tuple(record)
            spec = found_columns.get(keys)
            if spec is None:
                if len(found_columns) > 256:
                    found_columns.clear()
                spec = found_columns[keys] = find_columns(keys, request, "field")
            indices, missing = spec
            values = [_text(record[keys[i]]) if i >= 0 else "" for i in indices]
            wrong = [DIMENSIONS[n] for n, v in enumerate(values) if v is None]
            if missing:
                problem = f"line {line}: {missing}"
            elif wrong:
                problem = f"line {line}: {', '.join(wrong)} is not text or a whole number"
            else:
                material, hs_code, destination, day, end_use, end_user = (v or "" for v in values)
                result = answer(material, hs_code, destination, day, end_use, f"{name} line {line}")
                if not isinstance(result, _Problem):
                    code, when, use, found, plan = result
                    if not end_user or end_user.isspace():
                        end_user = whole
                    if end_user:
                        named = screener.with_end_user(plan, found, end_user, when[0])
                        if isinstance(named, _Problem):
                            tally.unresolved += 1
                            yield record, None, "", "", "", f"line {line}: {named}"
                            continue
                        found = named
                        tally.possible += found.possible
                    slots[found.slot] += 1
                    yield record, found, code, when[1], use, ""
                    continue
                problem = f"line {line}: {result}"
        tally.unresolved += 1
        yield (record if record is not None else Unread({RAW_KEY: text})), None, "", "", "", problem
    sys.stderr.write(tally.line(screener.projected_after()))


def cells(
    found: Answer | None, code: str, day: str, use: str, problem: str, label: str, end_users: bool = False
) -> list[str]:
    """The added columns of one row, as CSV cells; ``label`` names the rulebook; with
    ``end_users``, the two end-user cells before ``error``."""
    if found is None:
        return ["", "", "", "", "", "", "", "", *(("", "") if end_users else ()), problem, label]
    return [*found.cells, code, day, use, *(found.end_user if end_users else ()), "", label]


def values(
    found: Answer | None, code: str, day: str, use: str, problem: str, label: str, end_users: bool = False
) -> list[Any]:
    """The added columns of one row, as JSON values: ``projected`` a boolean, id lists as
    lists, null where nothing was screened; ``label`` names the rulebook; with ``end_users``,
    the two end-user values (null where no end user was screened or nothing was imposed)."""
    if found is None:
        return [None, None, None, None, None, None, None, None, *((None, None) if end_users else ()), problem, label]
    return [
        found.status,
        found.projected,
        list(found.measures),
        list(found.uncertainty),
        list(found.ids),
        code,
        day,
        use,
        *((found.end_user[0] or None, found.end_user[1] or None) if end_users else ()),
        None,
        label,
    ]


# --------------------------------------------------------------------------- the run


def open_source(
    path: str, kind: str, encoding: str, delimiter: str | None, sheet: str | None, request: Request
) -> Source:
    """Open one input and check its columns, before anything is written."""
    label = {"utf-8-sig": "UTF-8"}.get(encoding, encoding)
    name = "stdin" if path == "-" else path
    if kind == "jsonl":
        text = shipments.open_text(path, encoding)
        return Source(name, kind, None, shipments.jsonl_records(text, label), [], label, text)
    handle: IO[str] | None = None
    lines: shipments.Lines | None = None
    chosen = ""
    if kind == "xlsx":
        header, records, position, chosen = shipments.xlsx_records(path, sheet)
    else:
        handle = shipments.open_text(path, encoding)
        try:
            header, _, records, lines = shipments.csv_records(handle, delimiter)
            position = records
        except (UsageError, UnicodeError) as error:
            handle.close()
            raise UsageError(f"{name}: {error}") from None
        except OSError as error:
            raise UsageError(f"cannot read {name}: {error.strerror or error}") from None
    columns, problem = find_columns(header, request)
    if problem and shipments.BAD_BYTES[0] and shipments.has_bad_text("".join(header)):
        problem = f"the header row holds bytes that are not valid {label}{_OTHER_ENCODING}; {problem}"
    if problem:
        if handle is not None:
            handle.close()
        raise UsageError(f"{name}: {problem}")
    return Source(name, kind, header, records, columns, label, handle, position, lines, chosen)


_OTHER_ENCODING = " (a file in another encoding? give --encoding gbk, gb18030 or cp1252)"


def _json_keys(source: Source) -> list[str]:
    """Every key of a JSON Lines input, in first-seen order (a first pass, for CSV output),
    read as the screen reads them (a name given twice counts as ``NAME`` and ``NAME_2``). Input
    that cannot be read twice (stdin, a pipe) is first kept in a temporary file."""
    import io
    import tempfile

    assert source.handle is not None
    if not source.handle.seekable():
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the source)
        raw = getattr(source.handle, "buffer", None) or sys.stdin.buffer
        while chunk := raw.read(1 << 16):
            spool.write(chunk)
        spool.seek(0)
        encoding = getattr(source.handle, "encoding", "utf-8")
        source.handle = io.TextIOWrapper(spool, encoding=encoding, errors="mineralctl-read", newline="")
    keys: dict[str, None] = {}
    for _, record, _, _ in shipments.jsonl_records(source.handle, source.label):
        if record is not None:
            keys.update(dict.fromkeys(record))
    source.handle.seek(0)
    source.records = shipments.jsonl_records(source.handle, source.label)
    return list(keys)


class _Output:
    """Where the rows go: stdout, or a temporary file beside the target that takes its place
    only when the run completes (a regular file or the null device only: see :meth:`check`). An existing
    file is replaced only with ``--force``, as everywhere ``-o`` is taken."""

    def __init__(self, path: str | None, force: bool) -> None:
        self.path = path
        self.force = force
        self.temp: str | None = None
        self.handle: IO[str] = sys.stdout
        self.discard = False
        """``-o /dev/null``: the rows are thrown away, the summary and the verdict still given."""

    def check(self) -> None:
        """Refuse, before anything is read, anything but a regular file or the null device (a
        folder, a FIFO that would block the run until some reader opened it, any other device),
        even with ``--force``, and an existing file without ``--force``."""
        import os
        import stat

        if self.path is None or not os.path.lexists(self.path):
            return
        if os.path.isdir(self.path):
            raise UsageError(f"--output: {self.path} is a folder, not a file")
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            mode = stat.S_IFREG  # a dangling symlink: the rename replaces the link itself
        if stat.S_ISCHR(mode) and shipments.same_file(self.path, os.devnull):
            self.discard = True  # the null device: rows thrown away (the pre-commit hook wants only the verdict)
            return
        if not stat.S_ISREG(mode):
            what = (
                "a FIFO"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "not a regular file"
            )
            raise UsageError(f"--output: {self.path} is {what}, not a regular file; write to a file or to stdout")
        if not self.force:
            raise UsageError(f"--output: {self.path} exists; add --force to replace it")

    def __enter__(self) -> IO[str]:
        import os

        if self.path is None:
            reconfigure = getattr(sys.stdout, "reconfigure", None)
            if reconfigure is not None:  # a real stream, not a test's buffer
                reconfigure(encoding="utf-8", errors=shipments.WRITE_ERRORS)
            self.handle = sys.stdout
            return self.handle
        try:
            if self.discard:
                self.handle = open(os.devnull, "w", encoding="utf-8", errors=shipments.WRITE_ERRORS, newline="")
                return self.handle
            import tempfile

            folder, base = os.path.split(os.path.abspath(self.path))
            fd, self.temp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=folder)
        except OSError as error:
            raise UsageError(f"--output: cannot write {self.path}: {error.strerror or error}") from None
        self.handle = open(fd, "w", encoding="utf-8", errors=shipments.WRITE_ERRORS, newline="")
        return self.handle

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        import contextlib
        import os

        from mineralctl.output import file_mode, place

        if self.path is None:
            if kind is None:
                self.handle.flush()
            return
        try:
            self.handle.close()
        except OSError:
            if kind is None:
                raise
        if self.temp is None:
            return
        if kind is not None:
            os.unlink(self.temp)
            return
        try:
            os.chmod(self.temp, file_mode(self.path, force=self.force))
            place(self.temp, self.path, force=self.force)
        except FileExistsError:
            raise UsageError(f"--output: {self.path} exists; add --force to replace it") from None
        except OSError as failure:
            raise UsageError(f"--output: cannot write {self.path}: {failure.strerror or failure}") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)


def run(
    files: Sequence[str],
    *,
    format: str | None = None,
    output: str | None = None,
    input_format: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    columns: dict[str, str | None] | None = None,
    date: str | None = None,
    dest: str | None = None,
    end_use: str | None = None,
    fail_on: str | None = None,
    allow_unresolved: bool = False,
    max_age: str | None = None,
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
    force: bool = False,
    end_user: str | None = None,
    entities: str | None = None,
    fail_on_possible_match: bool = False,
) -> int:
    """``mineralctl screen``: write every row with its answer, print a summary per file and
    the gate's result on stderr, and return the exit code."""
    import os

    from mineralctl import run as common

    if not files:
        raise UsageError("give at least one shipments file ('-' for stdin)")
    if list(files).count("-") > 1:
        raise UsageError("stdin ('-') can be read only once")
    kinds = [shipments.kind_of(f, input_format) for f in files]
    if sheet is not None and "xlsx" not in kinds:
        raise UsageError(
            f"--sheet {sheet!r} is for Excel workbooks (.xlsx) and no input is one: leave it out for CSV or JSON Lines"
        )
    if input_format is None and "-" in files and shipments.stdin_is_jsonl():
        # Told, never guessed silently: no CSV header starts with '{', every JSON Lines record does.
        kinds[list(files).index("-")] = "jsonl"
        sys.stderr.write(
            "mineralctl: stdin is read as JSON Lines: its first character is '{' (--input-format overrides)\n"
        )
    shipments.BAD_BYTES[0] = 0
    text_encoding = shipments.check_encoding(encoding)
    forced = shipments.check_delimiter(delimiter)
    chosen_format = (format or ("jsonl" if all(k == "jsonl" for k in kinds) else "csv")).lower()
    if chosen_format not in ("csv", "jsonl", "table"):
        raise UsageError(f"--format: {format!r} is not csv, jsonl or table")
    if output == "-":  # stdout, as for every other command's -o
        output = None
    if chosen_format == "table" and output is not None:
        raise UsageError("-f table is for the terminal; use -f csv or -f jsonl with --output")
    target = _Output(output, force)
    if output is not None:
        for path in files:
            if path != "-" and shipments.same_file(output, path):
                raise UsageError(f"--output {output} is the input file {path}: write the results to another file")
        target.check()
    for path in files:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"cannot read {path}: no such file")
    max_duration = common.parse_max_age(max_age)
    where = common.query_destination(dest)
    request = Request(
        columns=dict(columns or {}),
        date=common.query_date(date) if date is not None else None,
        destination=where.code if where else None,
        end_use=common.end_use_of(end_use) if end_use is not None else None,
        end_user=common.end_user_name(end_user) if end_user is not None else None,
        entities=entities,
    )
    fail_rank = Status(fail_on).rank if fail_on else None
    book = common.load(rulebook, overlay)
    sources: list[Source] = []
    try:
        for path, kind in zip(files, kinds, strict=True):
            sources.append(open_source(path, kind, text_encoding, forced, sheet, request))
        if (
            fail_on_possible_match
            and request.end_user is None
            and not request.columns.get("end_user")
            and all(s.header is not None and s.columns[5] < 0 for s in sources)
        ):
            raise UsageError(
                "--fail-on-possible-match needs an end user: an end-user column (e.g. end_user, buyer), "
                "--end-user-column or --end-user"
            )
        screener = Screener(book, request)
        tallies = _write(sources, screener, request, chosen_format, target, book)
    except UnicodeError as error:
        # The encoding itself refused the file (UTF-16 without a byte-order mark): unreadable.
        raise UsageError(f"cannot read the input as {text_encoding}: {error}") from None
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    finally:
        for source in sources:
            source.close()
    if shipments.BAD_BYTES[0]:
        label = {"utf-8-sig": "UTF-8"}.get(text_encoding, text_encoding)
        common.warn(
            f"the input holds bytes that are not valid {label}: rows with them are not screened{_OTHER_ENCODING}"
        )
    if any(s.columns and s.columns[1] >= 0 for s in sources) or request.columns.get("hs_code") or screener.hs_read:
        common.warn("HS codes are reference only; the Dual-Use List and the law decide what is controlled")
    if screener.unlisted_hs:
        common.warn(_unlisted_note(screener.unlisted_hs))
    # With an end user the lists are one more file that answered: named, and counted by --max-age.
    if screener.register is not None:
        book = book.with_entity_lists(screener.register)
    freshness = common.freshness(book, max_age, max_duration)
    return _verdict(tallies, book, fail_on, fail_rank, allow_unresolved, freshness, max_age, fail_on_possible_match)


def _write(
    sources: list[Source], screener: Screener, request: Request, format: str, output: _Output, book: Rulebook
) -> list[Tally]:
    """Screen every source in turn, writing its rows as they come; a summary line per file."""
    import csv

    several = len(sources) > 1
    # An end user is in play when one is named for the whole file, or a column is named or found.
    screener.in_play = (
        request.end_user is not None
        or bool(request.columns.get("end_user"))
        or any(s.header is not None and s.columns[5] >= 0 for s in sources)
    )
    tallies: list[Tally] = []

    def screened(source: Source) -> Iterator[Screened]:
        """The source's rows as screened; its summary line goes to stderr when the last is read."""
        tally = Tally(source.summary_name)
        tallies.append(tally)
        if source.header is not None:
            return table_rows(source, screener, tally)
        return json_rows(source, screener, tally, request)

    if format == "jsonl":
        # The rows cite the files that answered: with a buyer field in any record, the entity
        # lists are cited on every row from the first, as a CSV file with a buyer column is.
        if screener.in_play or any(
            _norm(k) in SYNONYMS["end_user"] for s in sources if s.header is None for k in _json_keys(s)
        ):
            screener.entity_lists()
        with output as out:
            for source in sources:
                _write_jsonl(out, source, screened(source), several, screener)
        return tallies

    # CSV and table output have one header for the run: the inputs' columns, then the added ones.
    if several or sources[0].header is None:
        union: dict[str, None] = {}
        for source in sources:
            union.update(dict.fromkeys(distinct(source.header) if source.header is not None else _json_keys(source)))
        inputs = list(union)
        if any(_norm(k) in SYNONYMS["end_user"] for k in inputs if sources[0].header is None or several):
            screener.in_play = True
    else:
        inputs = list(sources[0].header)
    if screener.in_play:
        screener.entity_lists()
    label = screener.label
    added = added_columns(several, screener.in_play)
    end_users = screener.in_play
    header = [*inputs, *added_names(inputs, added)]

    if format == "table":
        shown: list[list[str]] = []
        for source in sources:
            for row in _text_rows(source, screened(source), inputs, several, label, end_users):
                shown.append(row)
                if len(shown) > TABLE_LIMIT:
                    raise UsageError(
                        f"-f table shows at most {TABLE_LIMIT:,} rows and {printable(source.name)} has more: "
                        "use -f csv (the default) or -f jsonl, with -o FILE"
                    )
        # The table leaves out the rulebook column: stderr names the rulebook once, as under
        # every table mineralctl prints.
        omit = len(inputs) + added.index("rulebook")
        kinds = ["" for _ in inputs] + list(added)
        width = len(header)
        if any(len(row) > width for row in shown):
            # A CSV row's fields beyond its header (as CSV text), or the text of a JSON Lines
            # line that is not an object: in a column of their own, never left out.
            last = RAW_KEY if all(s.header is None for s in sources) else EXTRA_KEY
            header = [*header, added_names(header, (last,))[0]]
            kinds.append("")
            join = (lambda cells: cells[0]) if last == RAW_KEY else _csv_line
            shown = [[*row[:width], join(row[width:]) if len(row) > width else ""] for row in shown]
        _print_table(
            header[:omit] + header[omit + 1 :],
            kinds[:omit] + kinds[omit + 1 :],
            [row[:omit] + row[omit + 1 :] for row in shown],
        )
        return tallies

    with output as out:
        from mineralctl.render import csv_line_writer

        line = csv_line_writer(out)
        line(header)
        for source in sources:
            if several or source.header is None or source.kind != "csv":
                for row in _text_rows(source, screened(source), inputs, several, label, end_users):
                    line(row)
                continue
            # One CSV file: screened rows from one line each are written by the row loop itself.
            tally = Tally(source.summary_name)
            tallies.append(tally)
            fast = (csv.writer(out, lineterminator="").writerow, out.write)
            width = len(inputs)
            for row, found, code, day, use, problem in table_rows(source, screener, tally, fast):
                line(
                    [
                        *row[:width],
                        *([""] * (width - len(row))),
                        *cells(found, code, day, use, problem, label, end_users),
                        *row[width:],
                    ]
                )
    return tallies


def added_columns(several: bool, end_users: bool) -> tuple[str, ...]:
    """The names of the added columns: ``file`` first with several files, the end-user
    columns before ``error`` when an end user is in play."""
    added: tuple[str, ...] = (FILE_COLUMN, *ADDED) if several else ADDED
    if end_users:
        cut = added.index("error")
        added = (*added[:cut], *END_USER_ADDED, *added[cut:])
    return added


def _text_rows(
    source: Source, rows: Iterator[Screened], inputs: list[str], several: bool, label: str, end_users: bool
) -> Iterator[list[str]]:
    """Rows as text cells under the run's header (the union of every input's columns); a CSV
    row's fields beyond its header's width follow the added cells."""
    prefix = [source.name] if several else []
    if source.header is None:
        for record, found, code, day, use, problem in rows:
            if type(record) is Unread:
                yield [""] * len(inputs) + [
                    *prefix,
                    *cells(found, code, day, use, problem, label, end_users),
                    record[RAW_KEY],
                ]
                continue
            yield [
                *(_json_cell(record.get(k)) for k in inputs),
                *prefix,
                *cells(found, code, day, use, problem, label, end_users),
            ]
        return
    position = {name: n for n, name in enumerate(inputs)}
    places = [position[k] for k in distinct(source.header)]
    width, size = len(places), len(inputs)
    for row, found, code, day, use, problem in rows:
        out = [""] * size
        for place, value in zip(places, row[:width], strict=False):
            out[place] = value
        yield [*out, *prefix, *cells(found, code, day, use, problem, label, end_users), *row[width:]]


def _write_jsonl(out: IO[str], source: Source, rows: Iterator[Screened], several: bool, screener: Screener) -> None:
    """One JSON object per record: its own fields (JSON types kept), then the added values
    (the end-user values when an end user is in play for the run or named by the record). A
    record that could not be screened may hold undecodable bytes or a lone surrogate: it is
    written with escapes, so that every line stays valid JSON."""
    import json

    dump = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    escaped = json.JSONEncoder(allow_nan=False).encode

    def encode(record: dict[str, Any]) -> str:
        return shipments.json_text(dump(record))

    write = out.write
    prefix = [source.name] if several else []
    in_play = screener.in_play
    if source.header is not None:
        keys = distinct(source.header)
        names = added_names(keys, (*added_columns(several, in_play), EXTRA_KEY))
        extra = names.pop()
        width = len(keys)
        label = screener.label
        for row, found, code, day, use, problem in rows:
            record: dict[str, Any] = dict(zip(keys, row, strict=False))
            added = values(found, code, day, use, problem, label, in_play)
            record.update(zip(names, [*prefix, *added], strict=True))
            if len(row) > width:
                record[extra] = row[width:]
            text = encode(record)
            if found is None and shipments.has_bad_text(text):
                text = shipments.json_text(escaped(record))
            write(text + "\n")
        return
    layouts = [added_columns(several, False), added_columns(several, True)]
    plain = [added_names((), a) for a in layouts]
    clash = set(plain[1])
    for record, found, code, day, use, problem in rows:
        # A record names its own end user; the run may name one for every record.
        end_users = in_play or type(found) is EndUserAnswer
        names = plain[end_users] if clash.isdisjoint(record) else added_names(list(record), layouts[end_users])
        added = values(found, code, day, use, problem, screener.label, end_users)
        record.update(zip(names, [*prefix, *added], strict=True))
        text = encode(record)
        if found is None and shipments.has_bad_text(text):
            text = shipments.json_text(escaped(record))
        write(text + "\n")


# Added columns whose values are single words (a status, a flag, a code): never wrapped in a table.
_ATOMS = {"status", "projected", "screened_date", "screened_destination", "screened_end_use", "end_user_status"}
# Added columns of ids joined by ';': shown with a space after each ';' so a table wraps between
# ids, never inside one.
_ID_LISTS = {"measures", "uncertainty", "screened_material"}


def _print_table(header: list[str], kinds: list[str], rows: list[list[str]]) -> None:
    """The rows as a table that splits no word (one record per row where a table cannot fit).
    ``kinds`` names what each column is: an added column's own name (whatever it is called
    beside the input's columns), "" for the input's own columns, shown as they are."""
    from rich.text import Text

    from mineralctl import layout, render

    columns = [
        layout.Col(Text(printable(name)), prose=kind not in _ATOMS) for name, kind in zip(header, kinds, strict=True)
    ]
    lists = [kind in _ID_LISTS for kind in kinds]
    cells: list[list[Text | str]] = [
        [Text(printable(cell.replace(";", "; ") if spaced else cell)) for cell, spaced in zip(row, lists, strict=False)]
        for row in rows
    ]
    layout.table(render.console(), columns, cells)


def _verdict(
    tallies: list[Tally],
    book: Rulebook,
    fail_on: str | None,
    fail_rank: int | None,
    allow_unresolved: bool,
    freshness: int,
    max_age: str | None,
    fail_on_possible_match: bool = False,
) -> int:
    """The exit code, by precedence: a stale rulebook (5), then unresolved rows (4), then the
    ``--fail-on`` gate (1). Every condition that holds is named on stderr."""
    from mineralctl.render import rulebook_label

    sys.stderr.write(f"mineralctl: answered by {printable(rulebook_label(book))}\n")
    conditions: list[str] = []
    notes: list[str] = []
    code = EXIT_OK
    if freshness == EXIT_STALE:
        from mineralctl import run as common

        # Name each stale file, as the error line above does: the rulebook, an overlay, the lists.
        duration = common.parse_max_age(max_age)
        files = common.stale_files(book, duration) if duration is not None else []
        conditions.append(
            f"{common.stale_subject(book, files, dated=True)} older than --max-age {printable(str(max_age))}"
        )
        code = EXIT_STALE
    unresolved = sum(t.unresolved for t in tallies)
    broken = [f"{printable(t.name)}: {t.broken_file}" for t in tallies if t.broken_file]
    if broken:
        conditions.extend(broken)
    if unresolved and (broken or not allow_unresolved):
        conditions.append(f"{_rows(unresolved)} unresolved (see the error column)")
        code = max(code, EXIT_NOT_FOUND)
    elif unresolved:
        notes.append(f"{_rows(unresolved)} unresolved, allowed by --allow-unresolved")
    else:
        notes.append("every row resolved")
    if fail_on is not None and fail_rank is not None:
        hits = sum(t.ranks[r] for t in tallies for r in range(fail_rank, 4))
        if hits:
            conditions.append(f"{_rows(hits)} at or above {fail_on} (--fail-on)")
            code = max(code, EXIT_GATE)
        else:
            notes.append(f"no row at or above {fail_on}")
    else:
        notes.append("no --fail-on gate")
    possible = sum(t.possible for t in tallies)
    if possible and fail_on_possible_match:
        conditions.append(f"{_rows(possible)} with a possible end-user match to review (--fail-on-possible-match)")
        code = max(code, EXIT_GATE)
    elif possible:
        notes.append(f"{_rows(possible)} with a possible end-user match to review (see end_user_match)")
    if conditions:
        sys.stderr.write(f"mineralctl: screen failed (exit {code}): {printable('; '.join(conditions))}\n")
    else:
        sys.stderr.write(f"mineralctl: screen passed: {printable('; '.join(notes))}\n")
    return code


def command(
    files: Sequence[str],
    format: str | None = None,
    output: str | None = None,
    input_format: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    material_column: str | None = None,
    hs_column: str | None = None,
    dest_column: str | None = None,
    date_column: str | None = None,
    end_use_column: str | None = None,
    end_user_column: str | None = None,
    date: str | None = None,
    dest: str | None = None,
    end_use: str | None = None,
    end_user: str | None = None,
    fail_on_possible_match: bool = False,
    entities_file: str | None = None,
    fail_on: str | None = None,
    allow_unresolved: bool = False,
    max_age: str | None = None,
    output_force: bool = False,
    rulebook: str | None = None,
    overlay: Sequence[str] | None = None,
) -> int:
    """``mineralctl screen`` as its options are named (the Typer command and the fast path in
    ``entry.py`` call this): every row of the shipment files back, with its status."""
    return run(
        list(files),
        format=format,
        output=output,
        input_format=input_format,
        delimiter=delimiter,
        encoding=encoding,
        sheet=sheet,
        columns={
            "material": material_column,
            "hs_code": hs_column,
            "destination": dest_column,
            "date": date_column,
            "end_use": end_use_column,
            "end_user": end_user_column,
        },
        date=date,
        dest=dest,
        end_use=end_use,
        fail_on=fail_on,
        allow_unresolved=allow_unresolved,
        max_age=max_age,
        rulebook=rulebook,
        overlay=overlay,
        force=output_force,
        end_user=end_user,
        entities=entities_file,
        fail_on_possible_match=fail_on_possible_match,
    )
