"""Read and check one rulebook YAML file (a base or an overlay), reporting every problem with its line.

The only module that imports yaml. The file is composed into nodes (never constructed, so no
tag can run code) and walked by hand: scalars are read as raw strings (``NO`` stays Norway,
dates are parsed here as ISO dates), and unknown keys, duplicate keys, anchors and aliases,
missing keys, impossible dates, reversed windows and unknown references are all collected
and reported at once as ``path:line:col: error: message``, sorted.

An overlay is read against the rulebook it is merged onto: it may name that rulebook's
materials, groups and measures, and anything it defines again (an id, a name, a destination
note) is an error naming both places, so an overlay only ever adds.

The keys of every entity, required or not, and how each value is written are in one table,
:data:`ENTITIES`, which both the reader and ``scripts/make_schemas.py`` (the JSON Schema of the
format) read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mineralctl.dates import FIRST as _FIRST
from mineralctl.dates import LAST as _LAST
from mineralctl.entities import EntityRegister
from mineralctl.errors import RulebookError
from mineralctl.model import (
    Covers,
    DestinationNote,
    DestinationScope,
    Ending,
    EndUserList,
    Group,
    Item,
    ListedEntity,
    Listing,
    Location,
    Material,
    Measure,
    OpenQuestion,
    RulebookFile,
    Source,
    Status,
    Suspension,
)
from mineralctl.rulebook import MAX_BYTES, Rulebook, fold, too_large

TYPE_CHECKING = False
if TYPE_CHECKING:
    from yaml import Node

# Limits that keep the time and memory spent on any file small (see docs/rulebook.md, "Limits").
# The packaged rulebook parses into about 3,800 YAML events (keys, values, starts and ends of
# lists and mappings); MAX_ITEMS leaves room for a rulebook well over 100 times that.
MAX_ITEMS = 500_000
MAX_REPORTED = 100  # problems printed, sorted; the rest are counted ("and N more")
MAX_KEPT = 10_000  # problems kept in memory to sort; past that they are only counted
# What YAML allows in a document: tab, line breaks and printable characters.
_NOT_ALLOWED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_HS = re.compile(r"[0-9]{4,10}")
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass(frozen=True)
class Field:
    """One key of an entity: whether it is required, how its value is written, what it means."""

    required: bool
    kind: str
    """``text``, ``date``, ``id``, ``url``, ``country``, ``bool``, ``texts`` (a list of text),
    ``ids``, ``hs``, ``choice:a,b`` (one of the words), ``materials`` (ids or ``all-dual-use``),
    ``scope`` (a destination scope), or ``list:ENTITY``; ``+`` after ``ids``/``texts``/``list``
    means at least one."""
    help: str


def _fields(required: dict[str, tuple[str, str]], optional: dict[str, tuple[str, str]]) -> dict[str, Field]:
    return {
        **{k: Field(True, kind, text) for k, (kind, text) in required.items()},
        **{k: Field(False, kind, text) for k, (kind, text) in optional.items()},
    }


_EFFECTS = "choice:" + ",".join(s.value for s in Status)
_COVERS = "choice:" + ",".join(c.value for c in Covers)
_TOP_OPTIONAL = {
    "notes": ("text", "Free text about the data: what was checked, what was not found."),
    "groups": ("list:group", "Named sets of materials, typed like a material to expand it."),
    "destinations": ("list:destination", "Notes about one destination beyond its measures."),
    "suspensions": ("list:suspension", "Instruments that stop measures from applying for a while."),
}
_VERSION = ("text", "The data version, separate from the program's version.")
_OPEN_QUESTIONS = "Dated open questions: each is a tentative event in calendars; it changes no answer."
_AS_OF = ("date", "The last day for which the sources were checked; later answers are projected.")

ENTITIES: dict[str, dict[str, Field]] = {
    "rulebook": _fields(
        {
            "version": _VERSION,
            "as_of": _AS_OF,
            "materials": ("list+:material", "The materials the rulebook knows."),
            "measures": ("list:measure", "One clause of one instrument each."),
        },
        _TOP_OPTIONAL,
    ),
    "overlay": _fields(
        {"version": _VERSION, "as_of": _AS_OF},
        {
            **_TOP_OPTIONAL,
            "materials": ("list:material", "New materials (ids and names not used before)."),
            "measures": ("list:measure", "New measures; they may name materials and groups of earlier files."),
            "aliases": ("list:alias", "More names for materials of earlier files."),
        },
    ),
    "group": _fields(
        {"id": ("id", "Unique among groups and materials."), "name": ("text", "E.g. Rare earths.")},
        {"aliases": ("texts", "Other names users may type."), "notes": ("text", "")},
    ),
    "material": _fields(
        {"id": ("id", "Unique among materials and groups."), "name": ("text", "E.g. Gallium.")},
        {
            "symbol": ("text", "E.g. Ga."),
            "chinese": ("text", "The Chinese name, e.g. 镓."),
            "aliases": ("texts", "Other names users may type."),
            "groups": ("ids", "Ids of groups declared under 'groups'."),
            "items": ("list:item", "Controlled items, with reference HS codes."),
            "notes": ("text", ""),
        },
    ),
    "item": _fields(
        {"name": ("text", "")},
        {
            "hs": ("hs", "Reference customs (HS) codes, 4 to 10 digits; dots and spaces allowed."),
            "control_code": ("text", "The Dual-Use List code, e.g. 3C001.a."),
            "notes": ("text", ""),
        },
    ),
    "source": _fields({"title": ("text", ""), "url": ("url", "An https:// or http:// address.")}, {}),
    "destination": _fields(
        {"code": ("country", "ISO 3166 alpha-2 code, upper case."), "notes": ("text", "")},
        {"sources": ("list:source", "")},
    ),
    "measure": _fields(
        {
            "id": ("id", "Unique among measures and suspensions."),
            "instrument": ("text", "The English citation, e.g. MOFCOM/GAC Announcement No. 23 of 2023."),
            "clause": ("text", "E.g. para 2 (graphite)."),
            "authority": ("text", "E.g. MOFCOM, GAC."),
            "from": ("date", "The first day in force."),
            "effect": (_EFFECTS, "Mildest to strictest."),
            "materials": ("materials", "Material and group ids, or all-dual-use."),
            "sources": ("list+:source", "At least one published text."),
        },
        {
            "announced": ("date", "Date of publication; not after 'from'."),
            "until": ("date", "The last day in force; omitted while no end is set."),
            "destinations": ("scope", "all (default), {only: [codes]} or {except: [codes]}."),
            "end_use": ("choice:any,military", "any (default) or military."),
            "covers": (_COVERS, "goods (default) decide a status; the others are shown beside it."),
            "listed_only": ("bool", "Applies only while another measure lists the material."),
            "notes": ("text", "How the measure is read."),
            "uncertainty": ("text", "An open question that could change the answer."),
            "open_questions": ("list:open_question", _OPEN_QUESTIONS),
            "instrument_zh": ("text", "The Chinese citation."),
            "summary": ("text", "What the clause says."),
        },
    ),
    "suspension": _fields(
        {
            "id": ("id", "Unique among measures and suspensions."),
            "instrument": ("text", "The English citation."),
            "clause": ("text", ""),
            "authority": ("text", ""),
            "from": ("date", "The first day the targets are suspended."),
            "until": ("date", "The last day they are suspended; they apply again the day after."),
            "targets": ("ids+", "Ids of the suspended measures (of this file or an earlier one)."),
            "sources": ("list+:source", "At least one published text."),
        },
        {
            "announced": ("date", "Date of publication; not after 'from'."),
            "notes": ("text", ""),
            "uncertainty": ("text", "An open question that could change the answer."),
            "open_questions": ("list:open_question", _OPEN_QUESTIONS),
            "instrument_zh": ("text", "The Chinese citation."),
            "summary": ("text", "What the instrument says."),
        },
    ),
    "open_question": _fields(
        {
            "date": ("date", "The day the question is about, e.g. a reported new last day of a suspension."),
            "text": ("text", "The question, with who reported what."),
        },
        {},
    ),
    "alias": _fields(
        {
            "material": ("id", "The id of a material of an earlier file."),
            "names": ("texts+", "More names users may type for it."),
        },
        {},
    ),
    # The end-user lists (data/entities.yaml): a file of their own, read by _EntityReader.
    "entity-file": _fields(
        {
            "version": _VERSION,
            "as_of": _AS_OF,
            "listings": ("list+:listing", "One announcement each that puts entities on a list."),
        },
        {
            "notes": ("text", "Free text about the data: what was checked, what was not found."),
            "suspensions": ("list:listing-suspension", "Instruments that hold listings off for a while."),
            "endings": ("list:ending", "Instruments that stop listings for good."),
        },
    ),
    "listing": _fields(
        {
            "id": ("id", "Unique among listings, entities, suspensions and endings."),
            "instrument": ("text", "The English citation, e.g. MOFCOM Announcement No. 21 of 2025."),
            "list": ("choice:control,watch", "control: dual-use exports prohibited; watch: stricter review."),
            "authority": ("text", "E.g. MOFCOM."),
            "from": ("date", "The first day the listing applies."),
            "summary": ("text", "What the announcement does."),
            "sources": ("list+:source", "The announcement first, where it can be read."),
            "entities": ("list+:listed-entity", "The entities it names."),
        },
        {
            "instrument_zh": ("text", "The Chinese citation."),
            "announced": ("date", "Date of publication; not after 'from'."),
            "country": ("country", "Given to every entity that does not state its own."),
            "notes": ("text", ""),
            "uncertainty": ("text", "An open question that could change the answer."),
        },
    ),
    "listed-entity": _fields(
        {
            "id": ("id", "Unique among listings, entities, suspensions and endings."),
            "name": ("text", "The English name as published."),
            "paragraph": ("text", "Where in the announcement, e.g. annex item 3."),
        },
        {
            "chinese": ("text", "The Chinese name as published."),
            "aliases": ("texts", "Other and former names; never only a legal form."),
            "country": ("country", "ISO 3166 alpha-2 code (default: the listing's)."),
            "address": ("text", "When published."),
            "confirmed": ("bool", "false: named by one source only; then only ever a possible match."),
            "notes": ("text", ""),
            "uncertainty": ("text", "Required when confirmed is false: why."),
            "sources": ("list:source", "Reports beyond the listing's own sources."),
        },
    ),
    "listing-suspension": _fields(
        {
            "id": ("id", "Unique among listings, entities, suspensions and endings."),
            "instrument": ("text", "The English citation."),
            "authority": ("text", ""),
            "from": ("date", "The first day the targets are suspended."),
            "until": ("date", "The last day they are suspended; they apply again the day after."),
            "targets": ("ids+", "Ids of listings or entities."),
            "summary": ("text", "What the instrument says."),
            "sources": ("list+:source", "At least one published text."),
        },
        {
            "instrument_zh": ("text", "The Chinese citation."),
            "announced": ("date", "Date of publication; not after 'from'."),
            "notes": ("text", ""),
            "uncertainty": ("text", "An open question that could change the answer."),
        },
    ),
    "ending": _fields(
        {
            "id": ("id", "Unique among listings, entities, suspensions and endings."),
            "instrument": ("text", "The English citation."),
            "authority": ("text", ""),
            "from": ("date", "The first day the targets no longer apply."),
            "kind": ("choice:stopped,removed", "stopped: the measures stop; removed: taken off the list."),
            "targets": ("ids+", "Ids of listings or entities."),
            "summary": ("text", "What the instrument says."),
            "sources": ("list+:source", "At least one published text."),
        },
        {
            "instrument_zh": ("text", "The Chinese citation."),
            "announced": ("date", "Date of publication; not after 'from'."),
        },
    ),
}
ENTITY_FILE_TABLES = ("entity-file", "listing", "listed-entity", "listing-suspension", "ending")
"""The tables of ``ENTITIES`` that describe the end-user list file, not a rulebook."""


def parse_rulebook(
    data: bytes, path: str = "<rulebook>", cls: type[Rulebook] = Rulebook, *, base: Rulebook | None = None
) -> Rulebook:
    """Parse rulebook bytes into ``cls``; raise :class:`RulebookError` with every problem found.

    With ``base``, the bytes are an overlay: checked against ``base`` and merged onto it, and
    the result is the merged rulebook.
    """
    reader = _Reader(path, cls, base)
    rulebook = reader.rulebook(_root(reader, data, "rulebook"))
    if reader.problems or rulebook is None:
        raise reader.failure()
    return rulebook


def parse_entities(data: bytes, path: str = "<entities>") -> EntityRegister:
    """Parse an end-user list file; raise :class:`RulebookError` with every problem found."""
    reader = _EntityReader(path)
    register = reader.register(_root(reader, data, "entity file"))
    if reader.problems or register is None:
        raise reader.failure()
    return register


def _root(reader: _Reader, data: bytes, what: str) -> Node:
    path = reader.path
    if len(data) > MAX_BYTES:
        raise RulebookError(too_large(path, len(data), what))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = f"{path}:{line}:1: error: the {what} is not UTF-8 text"
        raise RulebookError(problem, (problem,)) from None
    root = reader.compose(text.removeprefix("\ufeff"))
    if reader.problems:
        raise reader.failure()
    if root is None:
        problem = f"{path}:1:1: error: the {what} is empty"
        raise RulebookError(problem, (problem,))
    return root


def _bad_character(text: str) -> tuple[int, int, str]:
    """Where the first character YAML does not allow is, and what it is."""
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return 1, 1, "not valid YAML: a character YAML does not allow"
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return line, column, f"character U+{ord(found.group()):04X} is not allowed in YAML; remove it"


class _Reader:
    """Walks composed YAML nodes, collecting problems instead of stopping at the first."""

    def __init__(self, path: str, cls: type[Rulebook] = Rulebook, base: Rulebook | None = None) -> None:
        self.path = path
        self.cls = cls
        self.base = base
        self.problems: list[tuple[int, int, str]] = []
        self.found = 0  # every problem found, also those past MAX_KEPT that are only counted
        self.measure_ids: set[str] = set()

    # ---- plumbing

    def failure(self, what: str = "rulebook") -> RulebookError:
        unique = sorted(set(self.problems))
        total = len(unique) + self.found - len(self.problems)
        lines = tuple(f"{self.path}:{ln}:{col}: error: {msg}" for ln, col, msg in unique[:MAX_REPORTED])
        summary = lines[0] if total == 1 else f"{self.path}: {total:,} problems in the {what}"
        return RulebookError(summary, lines, total, what)

    def add(self, line: int, column: int, message: str) -> None:
        """Keep a problem; past :data:`MAX_KEPT` only count it, so memory stays small."""
        self.found += 1
        if len(self.problems) < MAX_KEPT:
            self.problems.append((line, column, message))

    def error(self, node: Node | None, message: str) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.add(line, column, message)

    def loc(self, node: Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def compose(self, text: str) -> Node | None:
        import yaml

        loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            for count, event in enumerate(yaml.parse(text, Loader=loader_class), 1):
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                if count > MAX_ITEMS:
                    # Composing is what costs time and memory: refuse before it starts.
                    self.add(
                        line,
                        column,
                        f"the rulebook holds more than {MAX_ITEMS:,} YAML items (keys, values, lists and mappings), "
                        "over 100 times the packaged rulebook; it is not read further",
                    )
                    return None
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    self.add(line, column, "anchors, aliases and merge keys are not allowed; write the value out")
            if self.problems:
                return None
            return yaml.compose(text, Loader=loader_class)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self.add(line, column, f"not valid YAML: {error.problem or error.context}")
            return None
        except yaml.reader.ReaderError:
            self.add(*_bad_character(text))
            return None
        except yaml.YAMLError as error:
            self.add(1, 1, f"not valid YAML: {error}")
            return None

    def entity(self, node: Node, what: str, entity: str | None = None) -> dict[str, Node] | None:
        """The keys of an entity's mapping, checked against :data:`ENTITIES`."""
        fields = ENTITIES[entity or what]
        required = {k for k, f in fields.items() if f.required}
        return self.mapping(node, what, required, set(fields) - required)

    def mapping(self, node: Node, what: str, required: set[str], optional: set[str]) -> dict[str, Node] | None:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping")
            return None
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"{what}: tag {node.tag!r} is not allowed")
            return None
        seen: dict[str, Node] = {}
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, f"{what}: keys must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "anchors, aliases and merge keys are not allowed; write the value out")
            elif key in seen:
                self.error(key_node, f"{what}: duplicate key {key!r} (first at line {seen[key].start_mark.line + 1})")
            elif key not in required | optional:
                allowed = ", ".join(sorted(required | optional))
                self.error(key_node, f"{what}: unknown key {key!r} (allowed: {allowed})")
            else:
                seen[key] = key_node
        values = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value in seen}
        for key in sorted(required - set(values)):
            self.error(node, f"{what}: missing required key {key!r}")
        return values

    def scalar(self, node: Node | None, what: str) -> str | None:
        import yaml

        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value")
            return None
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"{what}: tag {node.tag!r} is not allowed")
            return None
        if node.tag == "tag:yaml.org,2002:null":  # an empty value, ~ or null, never quoted text
            return None
        return str(node.value)

    def text(self, node: Node | None, what: str, *, required: bool = False) -> str:
        import yaml

        value = self.scalar(node, what)
        if value is None or not value.strip():
            blank = isinstance(node, yaml.ScalarNode) and node.tag in (
                "tag:yaml.org,2002:null",
                "tag:yaml.org,2002:str",
            )
            if required and blank:
                self.error(node, f"{what} must not be empty")
            return ""
        return value.strip()

    def date(self, node: Node | None, what: str) -> dt.date | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            self.error(node, f"{what}: {value!r} is not a date in YYYY-MM-DD form")
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.error(node, f"{what}: {value!r} is not a real date")
            return None
        if not _FIRST <= day <= _LAST:
            # Open-ended windows leave `until` out; a far-off date would only overflow later.
            self.error(node, f"{what}: {value!r} is outside the dates a rulebook may hold ({_FIRST} to {_LAST})")
            return None
        return day

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        import yaml

        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and self.scalar(node, what) is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"{what}: tag {node.tag!r} is not allowed")
            return []
        return list(node.value)

    def strings(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        out = []
        for child in self.sequence(node, what):
            value = self.text(child, what, required=True)
            if value:
                out.append((value, child))
        return out

    def choice(self, node: Node | None, what: str, choices: tuple[str, ...], default: str) -> str:
        if node is None:
            return default
        value = self.text(node, what)
        if value not in choices:
            self.error(node, f"{what}: {value!r} is not one of {', '.join(choices)}")
            return default
        return value

    def ident(self, node: Node, what: str) -> str:
        value = self.text(node, what, required=True)
        if value and not _ID.fullmatch(value):
            self.error(node, f"{what}: {value!r} must be lower-case letters, digits and hyphens")
        return value

    # ---- entities

    def rulebook(self, root: Node) -> Rulebook | None:
        base = self.base
        top = self.entity(root, "rulebook", "overlay" if base else "rulebook")
        if top is None:
            return None
        version = self.text(top.get("version"), "version", required=True)
        as_of = self.date(top.get("as_of"), "as_of")
        file_notes = self.text(top.get("notes"), "notes")  # an overlay's own notes are checked, not merged
        new_groups = self.groups(top.get("groups"))
        new_materials = self.materials(top.get("materials"), new_groups)
        members: dict[str, list[str]] = {g: [] for g in new_groups}
        for material in new_materials.values():
            for group in material.groups:
                members.setdefault(group, []).append(material.id)
        new_groups = {g: x._replace(members=tuple(members.get(g, ()))) for g, x in new_groups.items()}
        groups = {**(base.groups if base else {}), **new_groups}
        materials = {**(base.materials if base else {}), **new_materials}
        extra_names = self.aliases(top.get("aliases"), materials)
        for mid, added in _by_material(extra_names).items():
            materials[mid] = materials[mid]._replace(aliases=(*materials[mid].aliases, *added))
        measures = [*(base.measures if base else ()), *self.measures(top.get("measures"), materials, groups)]
        suspensions = [
            *(base.suspensions if base else ()),
            *self.suspensions(top.get("suspensions"), {m.id: m for m in measures}),
        ]
        notes = {**(base.destination_notes if base else {}), **self.destination_notes(top.get("destinations"))}
        fresh = set(new_materials) | set(new_groups)
        names, hs = self.index(materials, groups, fresh, extra_names)
        if as_of is None:
            return None
        this = RulebookFile(self.path, version, as_of, overlay=base is not None)
        return self.cls(
            path=base.path if base else self.path,
            version=base.version if base else version,
            # An overlay vouches only for what it adds: the merged rulebook is known complete
            # only up to the earliest checked-through date of its files.
            as_of=min(base.as_of, as_of) if base else as_of,
            notes=base.notes if base else file_notes,
            materials=materials,
            groups=groups,
            measures=tuple(measures),
            suspensions=tuple(suspensions),
            destination_notes=notes,
            files=(*base.files, this) if base else (this,),
            _names=names,
            _hs=hs,
        )

    def earlier(self, kind: str, ident: str) -> Location | None:
        """Where an earlier file (the base, or an overlay before this one) defines ``ident``."""
        base = self.base
        if base is None:
            return None
        if kind == "group":
            found: Material | Group | Measure | Suspension | None = base.groups.get(ident) or base.materials.get(ident)
        elif kind == "material":
            found = base.materials.get(ident) or base.groups.get(ident)
        else:
            found = base.measure(ident) or base.suspension(ident)
        if found is None:
            return None
        return found.location or Location(base.path, 1, 1)

    def groups(self, node: Node | None) -> dict[str, Group]:
        out: dict[str, Group] = {}
        for child in self.sequence(node, "groups"):
            fields = self.entity(child, "group")
            if fields is None:
                continue
            gid = self.ident(fields["id"], "group id") if "id" in fields else ""
            if gid in out:
                self.error(fields["id"], f"duplicate group id {gid!r}")
                continue
            if (where := self.earlier("group", gid)) is not None:
                self.error(fields["id"], f"group id {gid!r} is already defined at {where}")
                continue
            aliases = tuple(a for a, _ in self.strings(fields.get("aliases"), "group aliases"))
            out[gid] = Group(
                gid,
                self.text(fields.get("name"), "group name", required=True),
                aliases,
                (),
                self.text(fields.get("notes"), "notes"),
                self.loc(child),
            )
        return out

    def materials(self, node: Node | None, groups: dict[str, Group]) -> dict[str, Material]:
        out: dict[str, Material] = {}
        children = self.sequence(node, "materials")
        if node is not None and not children and self.base is None:
            self.error(node, "materials must list at least one material")
        for child in children:
            fields = self.entity(child, "material")
            if fields is None or "id" not in fields:
                continue
            mid = self.ident(fields["id"], "material id")
            if mid in out:
                self.error(fields["id"], f"duplicate material id {mid!r}")
                continue
            if (where := self.earlier("material", mid)) is not None:
                self.error(fields["id"], f"material id {mid!r} is already defined at {where}")
                continue
            if mid in groups:
                self.error(fields["id"], f"material id {mid!r} is also a group id")
            member_of = []
            for gid, gnode in self.strings(fields.get("groups"), "material groups"):
                if gid not in groups:
                    if self.base is not None and gid in self.base.groups:
                        # The measures that name an earlier file's group were read with its
                        # members; a new member would change them without saying so.
                        self.error(
                            gnode,
                            f"group {gid!r} is defined at {self.earlier('group', gid)}; an overlay may not add "
                            "members to an earlier file's group (name the material in its measures instead)",
                        )
                    else:
                        self.error(gnode, f"unknown group {gid!r} (groups are declared under 'groups')")
                member_of.append(gid)
            out[mid] = Material(
                id=mid,
                name=self.text(fields.get("name"), "material name", required=True),
                symbol=self.text(fields.get("symbol"), "symbol"),
                chinese=self.text(fields.get("chinese"), "chinese"),
                aliases=tuple(a for a, _ in self.strings(fields.get("aliases"), "aliases")),
                groups=tuple(member_of),
                items=tuple(self.items(fields.get("items"))),
                notes=self.text(fields.get("notes"), "notes"),
                location=self.loc(child),
            )
        return out

    def aliases(self, node: Node | None, materials: dict[str, Material]) -> list[tuple[str, str, Node]]:
        """An overlay's extra names for materials: (material id, name, node)."""
        out: list[tuple[str, str, Node]] = []
        for child in self.sequence(node, "aliases"):
            fields = self.entity(child, "aliases", "alias")
            if fields is None or "material" not in fields:
                continue
            mid = self.ident(fields["material"], "aliases material")
            if mid and mid not in materials:
                self.error(fields["material"], f"unknown material {mid!r}")
                continue
            names = self.strings(fields.get("names"), "aliases names")
            out.extend((mid, name, name_node) for name, name_node in names)
            if "names" in fields and not names:
                self.error(fields["names"], "aliases names must list at least one name")
        return out

    def items(self, node: Node | None) -> Iterator[Item]:
        for child in self.sequence(node, "items"):
            fields = self.entity(child, "item")
            if fields is None:
                continue
            codes = []
            for code, code_node in self.strings(fields.get("hs"), "hs"):
                digits = code.replace(".", "").replace(" ", "")
                if not _HS.fullmatch(digits):
                    self.error(code_node, f"hs: {code!r} is not an HS code (4 to 10 digits)")
                codes.append(digits)
            yield Item(
                name=self.text(fields.get("name"), "item name", required=True),
                hs_codes=tuple(codes),
                control_code=self.text(fields.get("control_code"), "control_code"),
                notes=self.text(fields.get("notes"), "notes"),
            )

    def sources(self, node: Node | None, owner: Node, what: str) -> tuple[Source, ...]:
        out = []
        for child in self.sequence(node, "sources"):
            fields = self.entity(child, "source")
            if fields is None:
                continue
            url = self.text(fields.get("url"), "url", required=True)
            if url and not url.startswith(("https://", "http://")):
                self.error(fields["url"], f"url: {url!r} must start with https:// or http://")
            out.append(Source(self.text(fields.get("title"), "source title", required=True), url))
        if not out and node is not None:  # a missing key is reported once, by mapping()
            self.error(node, f"{what} needs at least one source")
        return tuple(out)

    def window(
        self, fields: dict[str, Node], what: str, *, until_required: bool
    ) -> tuple[dt.date | None, dt.date | None]:
        start = self.date(fields.get("from"), f"{what} from")
        end = self.date(fields.get("until"), f"{what} until")
        if until_required and end is None and "until" in fields:
            self.error(fields["until"], f"{what} until must be a date")
        if start and end and end < start:
            self.error(fields["until"], f"{what}: window ends ({end}) before it starts ({start})")
        announced = self.date(fields.get("announced"), f"{what} announced")
        if announced and start and announced > start:
            self.error(fields["announced"], f"{what}: announced ({announced}) after it takes effect ({start})")
        return start, end

    def destinations(self, node: Node | None) -> DestinationScope:
        import yaml

        from mineralctl.destinations import is_code

        if node is None:
            return DestinationScope("all")
        if isinstance(node, yaml.ScalarNode):
            value = self.text(node, "destinations")
            if value != "all":
                self.error(node, "destinations must be 'all', {only: [codes]} or {except: [codes]}")
            return DestinationScope("all")
        fields = self.mapping(node, "destinations", set(), {"only", "except"})
        if fields is None or len(fields) != 1:
            if fields is not None:
                self.error(node, "destinations takes exactly one of 'only' or 'except'")
            return DestinationScope("all")
        kind, codes_node = next(iter(fields.items()))
        codes = set()
        for code, code_node in self.strings(codes_node, f"destinations {kind}"):
            if not is_code(code):
                self.error(code_node, f"unknown destination {code!r} (use ISO 3166 alpha-2 codes, upper case)")
            codes.add(code)
        if not codes:
            self.error(codes_node, f"destinations {kind} must list at least one code")
        return DestinationScope(kind, frozenset(codes))

    def material_refs(
        self, node: Node | None, materials: dict[str, Material], groups: dict[str, Group], what: str
    ) -> tuple[frozenset[str], bool]:
        """Material ids or groups, or the word ``all-dual-use``."""
        import yaml

        if isinstance(node, yaml.ScalarNode):
            if self.text(node, what) == "all-dual-use":
                return frozenset(), True
            self.error(node, f"{what} must be a list of material or group ids, or 'all-dual-use'")
            return frozenset(), False
        ids: set[str] = set()
        refs = self.strings(node, what)
        for ref, ref_node in refs:
            if ref in materials:
                ids.add(ref)
            elif ref in groups:
                ids.update(groups[ref].members)
            else:
                self.error(ref_node, f"unknown material or group {ref!r}")
        if node is not None and not refs:
            self.error(node, f"{what} must name at least one material")
        return frozenset(ids), False

    def measures(self, node: Node | None, materials: dict[str, Material], groups: dict[str, Group]) -> list[Measure]:
        out: list[Measure] = []
        seen: set[str] = set()
        for child in self.sequence(node, "measures"):
            fields = self.entity(child, "measure")
            if fields is None or "id" not in fields:
                continue
            mid = self.ident(fields["id"], "measure id")
            if mid in seen:
                self.error(fields["id"], f"duplicate measure id {mid!r}")
                continue
            if (where := self.earlier("measure", mid)) is not None:
                self.error(fields["id"], f"measure id {mid!r} is already defined at {where}")
                continue
            seen.add(mid)
            start, end = self.window(fields, "measure", until_required=False)
            effect = self.choice(fields.get("effect"), "effect", tuple(s.value for s in Status), "license-required")
            ids, all_dual_use = self.material_refs(fields.get("materials"), materials, groups, "materials")
            listed_only = self.choice(fields.get("listed_only"), "listed_only", ("true", "false"), "false") == "true"
            # Every field is checked, even when the window is unusable, so all problems show at once.
            rest = dict(
                instrument=self.text(fields.get("instrument"), "instrument", required=True),
                instrument_zh=self.text(fields.get("instrument_zh"), "instrument_zh"),
                clause=self.text(fields.get("clause"), "clause", required=True),
                authority=self.text(fields.get("authority"), "authority", required=True),
                announced=self.date(fields.get("announced"), "announced"),
                destinations=self.destinations(fields.get("destinations")),
                end_use=self.choice(fields.get("end_use"), "end_use", ("any", "military"), "any"),
                covers=Covers(self.choice(fields.get("covers"), "covers", tuple(c.value for c in Covers), "goods")),
                summary=self.text(fields.get("summary"), "summary"),
                sources=self.sources(fields.get("sources"), child, f"measure {mid!r}"),
                notes=self.text(fields.get("notes"), "notes"),
                uncertainty=self.text(fields.get("uncertainty"), "uncertainty"),
                open_questions=self.open_questions(fields.get("open_questions")),
            )
            if start is None:
                continue
            out.append(
                Measure(
                    id=mid,
                    start=start,
                    end=end,
                    effect=Status(effect),
                    materials=ids,
                    all_dual_use=all_dual_use,
                    listed_only=listed_only or all_dual_use,
                    location=self.loc(child),
                    **rest,  # type: ignore[arg-type]
                )
            )
        self.measure_ids = seen
        return out

    def suspensions(self, node: Node | None, measures: dict[str, Measure]) -> list[Suspension]:
        out: list[Suspension] = []
        seen: set[str] = set(measures) | self.measure_ids
        for child in self.sequence(node, "suspensions"):
            fields = self.entity(child, "suspension")
            if fields is None or "id" not in fields:
                continue
            sid = self.ident(fields["id"], "suspension id")
            if (where := self.earlier("suspension", sid)) is not None:
                self.error(fields["id"], f"suspension id {sid!r} is already defined at {where}")
                continue
            if sid in seen:
                self.error(fields["id"], f"duplicate id {sid!r} (suspension and measure ids share one namespace)")
                continue
            seen.add(sid)
            start, end = self.window(fields, "suspension", until_required=True)
            targets = []
            for target, target_node in self.strings(fields.get("targets"), "targets"):
                if target not in measures and target not in self.measure_ids:
                    self.error(target_node, f"unknown measure {target!r}")
                targets.append(target)
            if "targets" in fields and not targets:
                self.error(fields["targets"], "targets must name at least one measure")
            if start is None or end is None:
                continue
            out.append(
                Suspension(
                    id=sid,
                    instrument=self.text(fields.get("instrument"), "instrument", required=True),
                    instrument_zh=self.text(fields.get("instrument_zh"), "instrument_zh"),
                    clause=self.text(fields.get("clause"), "clause", required=True),
                    authority=self.text(fields.get("authority"), "authority", required=True),
                    announced=self.date(fields.get("announced"), "announced"),
                    start=start,
                    end=end,
                    targets=tuple(targets),
                    summary=self.text(fields.get("summary"), "summary"),
                    sources=self.sources(fields.get("sources"), child, f"suspension {sid!r}"),
                    notes=self.text(fields.get("notes"), "notes"),
                    uncertainty=self.text(fields.get("uncertainty"), "uncertainty"),
                    open_questions=self.open_questions(fields.get("open_questions")),
                    location=self.loc(child),
                )
            )
        return out

    def open_questions(self, node: Node | None) -> tuple[OpenQuestion, ...]:
        out = []
        for child in self.sequence(node, "open_questions"):
            fields = self.entity(child, "open question", "open_question")
            if fields is None:
                continue
            day = self.date(fields.get("date"), "open question date")
            text = self.text(fields.get("text"), "open question text", required=True)
            if day is not None and text:
                out.append(OpenQuestion(day, text))
        return tuple(out)

    def destination_notes(self, node: Node | None) -> dict[str, DestinationNote]:
        from mineralctl.destinations import is_code

        out: dict[str, DestinationNote] = {}
        for child in self.sequence(node, "destinations"):
            fields = self.entity(child, "destination")
            if fields is None or "code" not in fields:
                continue
            code = self.text(fields["code"], "code", required=True)
            earlier = self.base.destination_notes.get(code) if self.base else None
            if not is_code(code):
                self.error(fields["code"], f"unknown destination {code!r} (use ISO 3166 alpha-2 codes, upper case)")
            elif code in out:
                self.error(fields["code"], f"duplicate destination {code!r}")
            elif earlier is not None:
                where = earlier.location or Location(self.base.path if self.base else "", 1, 1)
                self.error(fields["code"], f"destination {code!r} already has a note at {where}")
            sources = self.sources(fields["sources"], child, f"destination {code!r}") if "sources" in fields else ()
            notes = self.text(fields.get("notes"), "notes", required=True)
            out[code] = DestinationNote(code, notes, sources, self.loc(child))
        return out

    def index(
        self,
        materials: dict[str, Material],
        groups: dict[str, Group],
        fresh: set[str],
        extra: list[tuple[str, str, Node]],
    ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Every typed name -> material ids; every HS code -> material ids. A name used by two
        materials is an error (it would make a lookup ambiguous). Names of earlier files are
        claimed first, so a clash is reported in this file, naming where the other name is."""
        names: dict[str, tuple[str, ...]] = {}
        owner: dict[str, tuple[str, Location | None]] = {}
        added = {(mid, name) for mid, name, _ in extra}

        def claim(name: str, who: str, ids: tuple[str, ...], where: Location | None, message: str) -> None:
            key = fold(name)
            if key in owner and owner[key][0] != who:
                other, at = owner[key]
                if where is not None and where.path == self.path:
                    place = f" ({at})" if at is not None and at.path != self.path else ""
                    self.add(where.line, where.column, f"{message} {other!r}{place}")
                return
            owner[key] = (who, where)
            names[key] = ids

        def materials_of(chosen: list[Material]) -> None:
            for material in chosen:
                for name in material.names:
                    if (material.id, name) not in added:
                        text = f"name {name!r} of material {material.id!r} is also a name of"
                        claim(name, material.id, (material.id,), material.location or Location(self.path, 1, 1), text)

        def groups_of(chosen: list[Group]) -> None:
            for group in chosen:
                for name in (group.id, group.name, *group.aliases):
                    text = f"group name {name!r} is also the name of"
                    claim(name, group.id, group.members, group.location or Location(self.path, 1, 1), text)

        materials_of([m for m in materials.values() if m.id not in fresh])
        groups_of([g for g in groups.values() if g.id not in fresh])
        materials_of([m for m in materials.values() if m.id in fresh])
        groups_of([g for g in groups.values() if g.id in fresh])
        for mid, name, node in extra:
            claim(name, mid, (mid,), self.loc(node), f"alias {name!r} of material {mid!r} is already a name of")
        hs: dict[str, list[str]] = {}
        for material in materials.values():
            for item in material.items:
                for code in item.hs_codes:
                    hs.setdefault(code, [])
                    if material.id not in hs[code]:
                        hs[code].append(material.id)
        return names, {k: tuple(v) for k, v in hs.items()}


def _by_material(extra: list[tuple[str, str, Node]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for mid, name, _ in extra:
        out.setdefault(mid, []).append(name)
    return out


class _EntityReader(_Reader):
    """Reads an end-user list file (``data/entities.yaml``) with the same checks as a rulebook."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.listing_countries: dict[str, str] = {}

    def failure(self, what: str = "entity file") -> RulebookError:
        return super().failure(what)

    def register(self, root: Node) -> EntityRegister | None:
        from mineralctl import names

        top = self.entity(root, "entity file", "entity-file")
        if top is None:
            return None
        version = self.text(top.get("version"), "version", required=True)
        as_of = self.date(top.get("as_of"), "as_of")
        listings: dict[str, Listing] = {}
        entities: list[ListedEntity] = []
        children = self.sequence(top.get("listings"), "listings")
        if "listings" in top and not children:
            self.error(top["listings"], "listings must list at least one listing")
        for child in children:
            found = self.listing(child, listings, entities)
            if found is not None:
                listings[found.id] = found
        targets = set(listings) | {e.id for e in entities}
        suspensions = self.listing_suspensions(top.get("suspensions"), targets)
        endings = self.endings(top.get("endings"), targets, {s.id for s in suspensions})
        exact: dict[str, list[tuple[str, str]]] = {}
        keys: list[tuple[str, str, names.Key]] = []
        for entity in entities:
            labelled = [(entity.name, "name"), (entity.chinese, "Chinese name")]
            labelled += [(alias, "alias") for alias in entity.aliases]
            for written, which in labelled:
                key = names.key(written)
                if not key:
                    continue
                keys.append((entity.id, which, key))
                for lookup in (key.sorted, "#" + key.compact):
                    if (entity.id, which) not in exact.setdefault(lookup, []):
                        exact[lookup].append((entity.id, which))
        if as_of is None:
            return None
        return EntityRegister(
            path=self.path,
            version=version,
            as_of=as_of,
            notes=self.text(top.get("notes"), "notes"),
            listings=listings,
            entities=tuple(entities),
            suspensions=tuple(suspensions),
            endings=tuple(endings),
            _exact={k: tuple(v) for k, v in exact.items()},
            _keys=tuple(keys),
        )

    def country(self, node: Node | None, what: str) -> str:
        from mineralctl.destinations import is_code

        code = self.text(node, what)
        if code and not is_code(code):
            self.error(node, f"unknown country {code!r} (use ISO 3166 alpha-2 codes, upper case)")
        return code

    def listing(self, child: Node, listings: dict[str, Listing], entities: list[ListedEntity]) -> Listing | None:
        fields = self.entity(child, "listing")
        if fields is None or "id" not in fields:
            return None
        lid = self.ident(fields["id"], "listing id")
        if lid in listings:
            self.error(fields["id"], f"duplicate listing id {lid!r}")
            return None
        start, _ = self.window(fields, "listing", until_required=False)
        kind = self.choice(fields.get("list"), "list", tuple(k.value for k in EndUserList), "control")
        country = self.country(fields.get("country"), "country")
        listing = Listing(
            id=lid,
            instrument=self.text(fields.get("instrument"), "instrument", required=True),
            instrument_zh=self.text(fields.get("instrument_zh"), "instrument_zh"),
            list=EndUserList(kind),
            authority=self.text(fields.get("authority"), "authority", required=True),
            announced=self.date(fields.get("announced"), "announced"),
            start=start or dt.date.min,
            summary=self.text(fields.get("summary"), "summary", required=True),
            sources=self.sources(fields.get("sources"), child, f"listing {lid!r}"),
            notes=self.text(fields.get("notes"), "notes"),
            uncertainty=self.text(fields.get("uncertainty"), "uncertainty"),
            location=self.loc(child),
        )
        named = self.sequence(fields.get("entities"), "entities")
        if "entities" in fields and not named:
            self.error(fields["entities"], "entities must list at least one entity")
        seen = {e.id for e in entities} | set(listings) | {lid}
        for node in named:
            entity = self.listed_entity(node, lid, country, seen)
            if entity is not None:
                seen.add(entity.id)
                entities.append(entity)
        return listing if start is not None else None

    def listed_entity(self, node: Node, listing: str, country: str, seen: set[str]) -> ListedEntity | None:
        fields = self.entity(node, "entity", "listed-entity")
        if fields is None or "id" not in fields:
            return None
        eid = self.ident(fields["id"], "entity id")
        if eid in seen:
            self.error(fields["id"], f"duplicate id {eid!r} (entity and listing ids share one namespace)")
            return None
        confirmed = self.choice(fields.get("confirmed"), "confirmed", ("true", "false"), "true") == "true"
        uncertainty = self.text(fields.get("uncertainty"), "uncertainty")
        if not confirmed and not uncertainty:
            self.error(node, f"entity {eid!r}: an unconfirmed entry must say why in 'uncertainty'")
        sources = self.sources(fields["sources"], node, f"entity {eid!r}") if "sources" in fields else ()
        return ListedEntity(
            id=eid,
            name=self.text(fields.get("name"), "entity name", required=True),
            chinese=self.text(fields.get("chinese"), "chinese"),
            aliases=tuple(self.entity_names(fields.get("aliases"))),
            country=self.country(fields.get("country"), "country") if "country" in fields else country,
            address=self.text(fields.get("address"), "address"),
            listing=listing,
            paragraph=self.text(fields.get("paragraph"), "paragraph", required=True),
            confirmed=confirmed,
            notes=self.text(fields.get("notes"), "notes"),
            uncertainty=uncertainty,
            sources=sources,
            location=self.loc(node),
        )

    def entity_names(self, node: Node | None) -> list[str]:
        from mineralctl.names import only_legal_form

        out = []
        for alias, alias_node in self.strings(node, "aliases"):
            if only_legal_form(alias):
                self.error(
                    alias_node, f"alias {alias!r} is only a legal form (a comma in [a, b] splits names: quote it)"
                )
            out.append(alias)
        return out

    def targets(self, fields: dict[str, Node], known: set[str]) -> tuple[str, ...]:
        out = []
        for target, target_node in self.strings(fields.get("targets"), "targets"):
            if target not in known:
                self.error(target_node, f"unknown listing or entity {target!r}")
            out.append(target)
        if "targets" in fields and not out:
            self.error(fields["targets"], "targets must name at least one listing or entity")
        return tuple(out)

    def listing_suspensions(self, node: Node | None, known: set[str]) -> list[Suspension]:
        out: list[Suspension] = []
        seen = set(known)
        for child in self.sequence(node, "suspensions"):
            fields = self.entity(child, "suspension", "listing-suspension")
            if fields is None or "id" not in fields:
                continue
            sid = self.ident(fields["id"], "suspension id")
            if sid in seen:
                self.error(fields["id"], f"duplicate id {sid!r}")
                continue
            seen.add(sid)
            start, end = self.window(fields, "suspension", until_required=True)
            targets = self.targets(fields, known)
            suspension = Suspension(
                id=sid,
                instrument=self.text(fields.get("instrument"), "instrument", required=True),
                instrument_zh=self.text(fields.get("instrument_zh"), "instrument_zh"),
                clause="",
                authority=self.text(fields.get("authority"), "authority", required=True),
                announced=self.date(fields.get("announced"), "announced"),
                start=start or dt.date.min,
                end=end or dt.date.min,
                targets=targets,
                summary=self.text(fields.get("summary"), "summary", required=True),
                sources=self.sources(fields.get("sources"), child, f"suspension {sid!r}"),
                notes=self.text(fields.get("notes"), "notes"),
                uncertainty=self.text(fields.get("uncertainty"), "uncertainty"),
                location=self.loc(child),
            )
            if start is not None and end is not None:
                out.append(suspension)
        return out

    def endings(self, node: Node | None, known: set[str], taken: set[str]) -> list[Ending]:
        out: list[Ending] = []
        seen = set(known) | taken
        for child in self.sequence(node, "endings"):
            fields = self.entity(child, "ending")
            if fields is None or "id" not in fields:
                continue
            eid = self.ident(fields["id"], "ending id")
            if eid in seen:
                self.error(fields["id"], f"duplicate id {eid!r}")
                continue
            seen.add(eid)
            start, _ = self.window(fields, "ending", until_required=False)
            ending = Ending(
                id=eid,
                instrument=self.text(fields.get("instrument"), "instrument", required=True),
                instrument_zh=self.text(fields.get("instrument_zh"), "instrument_zh"),
                authority=self.text(fields.get("authority"), "authority", required=True),
                announced=self.date(fields.get("announced"), "announced"),
                start=start or dt.date.min,
                kind=self.choice(fields.get("kind"), "kind", ("stopped", "removed"), "stopped"),
                targets=self.targets(fields, known),
                summary=self.text(fields.get("summary"), "summary", required=True),
                sources=self.sources(fields.get("sources"), child, f"ending {eid!r}"),
                location=self.loc(child),
            )
            if start is not None:
                out.append(ending)
        return out
