"""The Python API: find the rulebook file, load it (from the cache or the YAML), and ask it.

The top of the library: it reads the rulebook through ``load.py`` and ``cache.py`` and answers
through ``resolve.py`` and ``history.py``, none of which import it. ``mineralctl`` hands its
names on (``from mineralctl import load_rulebook``).
"""

from __future__ import annotations

import datetime as dt
import os

from mineralctl import rulebook as _rulebook
from mineralctl.errors import NotFoundError, RulebookError, UsageError
from mineralctl.model import PACKAGED_ENTITIES, PACKAGED_RULEBOOK, EndUse, Material

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from mineralctl.destinations import Destination
    from mineralctl.entities import EntityRegister
    from mineralctl.history import Difference, Event, Period
    from mineralctl.model import Resolution

RULEBOOK_ENV = "MINERALCTL_RULEBOOK"
OVERLAY_ENV = "MINERALCTL_OVERLAY"
ENTITIES_ENV = "MINERALCTL_ENTITIES"


class Rulebook(_rulebook.Rulebook):
    """A loaded rulebook with the questions users ask of it: ``status``, ``timeline``,
    ``diff`` and ``upcoming``, each returning what the matching command renders."""

    __slots__ = ()

    def status(
        self,
        material: str,
        date: dt.date | str,
        destination: str | None = None,
        end_use: str | EndUse = EndUse.CIVIL,
        end_user: str | None = None,
        entities: EntityRegister | None = None,
    ) -> Resolution:
        """Resolve one material (any name) on a date for a destination and end use.

        ``date`` is a :class:`datetime.date` or an ISO string; ``destination`` an ISO code or
        English name (``None``: a destination no country-specific measure names). With
        ``end_user``, the buyer is screened against the control and watch lists
        (``entities``, default: :func:`load_entities`) and ``Resolution.end_user`` says how.
        """
        from mineralctl import resolve

        where = _destination(destination)
        use = _end_use(end_use)
        answer = resolve.resolve(self, self._one(material), _day(date, "date"), where, use, query=material)
        if end_user is None:
            return answer
        from mineralctl.names import refuse_empty

        refuse_empty(_text(end_user, "end_user"), "end_user")
        from mineralctl.entities import EntityRegister

        register = entities if entities is not None else load_entities()
        if not isinstance(register, EntityRegister):
            raise UsageError(f"entities: {entities!r} is not an EntityRegister (see load_entities)")
        return resolve.with_end_user(self, register, answer, end_user)

    def timeline(
        self,
        material: str,
        destination: str | None = None,
        end_use: str | EndUse = EndUse.CIVIL,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
    ) -> list[Period]:
        """The periods of one status each for a material, as ``mineralctl timeline`` shows them."""
        from mineralctl import history

        where = _destination(destination)
        use = _end_use(end_use)
        first = _day(start, "start") if start is not None else None
        last = _day(end, "end") if end is not None else None
        return history.timeline(self, self._one(material), where.code if where else None, use, first, last)

    def diff(
        self,
        before: dt.date | str,
        after: dt.date | str,
        materials: list[str] | None = None,
        destination: str | None = None,
        end_use: str | EndUse = EndUse.CIVIL,
    ) -> list[Difference]:
        """Every material (default: all) whose status differs between two dates."""
        from mineralctl import history

        if isinstance(materials, str) or not isinstance(materials, (list, tuple, type(None))):
            raise UsageError(f"materials: {materials!r} is not a list of names, e.g. ['gallium']")
        found = {m.id: m for q in materials or () for m in self.find_materials(_text(q, "materials"))}
        chosen = list(found.values()) if materials else list(self.materials.values())
        where = _destination(destination)
        code = where.code if where else None
        use = _end_use(end_use)
        return history.diff(self, chosen, _day(before, "before"), _day(after, "after"), code, use)

    def upcoming(self, start: dt.date | str, end: dt.date | str, destination: str | None = None) -> list[Event]:
        """The dated changes from ``start`` to ``end`` (inclusive), as ``mineralctl upcoming``."""
        from mineralctl import history

        where = _destination(destination)
        return history.upcoming(self, _day(start, "start"), _day(end, "end"), where.code if where else None)

    def _one(self, material: str) -> Material:
        found = self.find_materials(_text(material, "material"))
        if len(found) != 1:
            names = ", ".join(m.id for m in found)
            raise NotFoundError("material", material, hint=f"it names several materials: {names}")
        return found[0]


# Every bad argument to the API is one of mineralctl's own errors, naming the argument and
# what it accepts, as the same value typed on the command line would be.


def _day(value: object, argument: str) -> dt.date:
    from mineralctl import dates

    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return dates.in_range(value, value.isoformat(), argument)
    if isinstance(value, str):
        return dates.parse_date(value, option=argument)
    raise UsageError(f"{argument}: {value!r} is not a date or a date string such as '2025-11-09'")


def _end_use(value: object) -> EndUse:
    """``civil`` or ``military``, in any case, as on the command line."""
    if isinstance(value, EndUse):
        return value
    if isinstance(value, str):
        try:
            return EndUse(value.strip().lower())
        except ValueError:
            pass
    raise UsageError(f"end_use: {value!r} is not civil or military")


def _text(value: object, argument: str) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{argument}: {value!r} is not a name (a string)")
    return value


def _destination(value: object) -> Destination | None:
    from mineralctl import destinations

    if value is None or value == "":
        return None
    return destinations.parse_destination(_text(value, "destination"))


def default_path() -> str | None:
    """The rulebook named by ``MINERALCTL_RULEBOOK``, or ``None`` for the packaged one."""
    return os.environ.get(RULEBOOK_ENV) or None


def packaged_path(name: str = "measures.yaml") -> str:
    """A data file shipped inside the package; in a source checkout or an editable install,
    the repository's own ``data/`` copy."""
    here = os.path.dirname(os.path.abspath(__file__))
    inside = os.path.join(here, "data", name)
    if os.path.exists(inside):
        return inside
    checkout = os.path.join(os.path.dirname(os.path.dirname(here)), "data", name)
    return checkout if os.path.exists(checkout) else inside


def load_packaged_rulebook() -> Rulebook:
    """The rulebook shipped with the package, whatever ``MINERALCTL_RULEBOOK`` says."""
    file = packaged_path()
    display = PACKAGED_RULEBOOK
    return _rulebook_from([(file, display, "rulebook")]) if os.path.isfile(file) else _from_resources(display)


def default_overlays() -> list[str]:
    """The overlays named by ``MINERALCTL_OVERLAY`` (paths separated by ``os.pathsep``)."""
    return [p for p in os.environ.get(OVERLAY_ENV, "").split(os.pathsep) if p.strip()]


def load_rulebook(
    path: str | os.PathLike[str] | None = None,
    overlays: Sequence[str | os.PathLike[str]] | None = None,
) -> Rulebook:
    """Load and check a rulebook (default: ``$MINERALCTL_RULEBOOK`` or the packaged one), with
    ``overlays`` merged onto it in order (default: ``$MINERALCTL_OVERLAY``; ``[]`` for none).

    Raises :class:`RulebookError` listing every problem found. The parsed rulebook is cached
    per file content (of every file, for overlays), path and code version (see :mod:`mineralctl.cache`),
    so later calls skip YAML.
    """
    try:
        chosen = os.fspath(path) if path is not None else default_path()
        extra = [os.fspath(o) for o in overlays] if overlays is not None else default_overlays()
    except TypeError:
        raise UsageError(f"load_rulebook: {path!r} or {overlays!r} is not a file path") from None
    if chosen is None:
        file, display = packaged_path(), PACKAGED_RULEBOOK
    else:
        file = display = chosen
    try:
        return _rulebook_from([(file, display, "rulebook"), *((o, o, "overlay") for o in extra)])
    except FileNotFoundError:
        if chosen is None:
            return _with_overlays(_from_resources(display), _overlays(extra))
        raise RulebookError(f"{display}: rulebook not found") from None


File = tuple[str, str, str]
"""A file to read: its path, the name it is shown (and keyed) by, and what it is (``rulebook``,
``overlay`` or ``entity file``)."""


def _rulebook_from(files: list[File]) -> Rulebook:
    """The rulebook in ``files[0]`` with the overlays in the rest merged on, through the cache."""

    def build(data: list[bytes]) -> Rulebook:
        layers = [(overlay, layer) for (_, overlay, _), layer in zip(files[1:], data[1:], strict=True)]
        return _with_overlays(parse_rulebook(data[0], files[0][1]), layers)

    book = _through_cache(files, build, Rulebook)
    assert isinstance(book, Rulebook)
    return book


def _read(file: str, display: str, what: str = "rulebook") -> bytes:
    """The file's bytes: a regular file only (a FIFO or device never blocks a lookup), at
    most :data:`~mineralctl.rulebook.MAX_BYTES`. A missing file raises FileNotFoundError."""
    import stat

    limit = _rulebook.MAX_BYTES
    try:
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            os.close(handle)
            raise RulebookError(f"{display}: is not a file")
        with open(handle, "rb", closefd=True) as reader:
            # As many bytes as the file holds, and one more to see it has not grown: reading the
            # limit's worth would allocate 10 MiB for every lookup.
            data = reader.read(min(info.st_size, limit) + 1)
            if limit >= len(data) > info.st_size:
                data += reader.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise RulebookError(f"{display}: cannot read the {what}: {error.strerror or error}") from None
    if len(data) > limit:
        raise RulebookError(_rulebook.too_large(display, max(info.st_size, len(data)), what))
    return data


def _read_all(files: list[File]) -> list[bytes]:
    """Each file's bytes, in order. The first file missing raises FileNotFoundError (the caller
    knows what stands in for it); a later one (an overlay) is a RulebookError."""
    file, display, what = files[0]
    return [_read(file, display, what), *(_read_present(*f) for f in files[1:])]


def _read_present(file: str, display: str, what: str) -> bytes:
    try:
        return _read(file, display, what)
    except FileNotFoundError:
        raise RulebookError(f"{display}: {what} not found") from None


def _overlays(paths: list[str]) -> list[tuple[str, bytes]]:
    """Each overlay's path and bytes."""
    return [(overlay, _read_present(overlay, overlay, "overlay")) for overlay in paths]


def _with_overlays(book: Rulebook, layers: list[tuple[str, bytes]]) -> Rulebook:
    for overlay, data in layers:
        book = parse_rulebook(data, overlay, base=book)
    return book


def load_overlay(book: Rulebook, overlay: str) -> Rulebook:
    """``book`` with the overlay file merged onto it (uncached); raises :class:`RulebookError`."""
    return _with_overlays(book, _overlays([overlay]))


def _from_resources(display: str) -> Rulebook:
    return parse_rulebook(_resource("measures.yaml", "rulebook"), display)


def _resource(name: str, what: str) -> bytes:
    # A zipped package: no real file to open, so read through importlib.resources, uncached.
    from importlib import resources

    try:
        return resources.files("mineralctl").joinpath(f"data/{name}").read_bytes()
    except OSError as error:
        raise RulebookError(f"cannot read the packaged {what}: {error}") from None


class _CollectorPaused:
    """The cyclic garbage collector paused while a rulebook's parsed form is built or
    unpickled: tens of thousands of new objects and no cycles, and a collection every few
    hundred of them costs a large rulebook about a third of its load time."""

    def __enter__(self) -> None:
        import gc

        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        import gc

        if self.was_enabled:
            gc.enable()


def _through_cache(files: list[File], build: Callable[[list[bytes]], object], kind: type) -> object:
    """What ``build`` makes of the files' bytes: from the cache when it holds it, else built
    and stored. Files unchanged since an earlier load (see :func:`mineralctl.cache.stamp`) are
    not read at all; any other load reads and hashes every file."""
    from mineralctl import cache

    labels = [f"{what}:{label}" for _, label, what in files]
    stamp = cache.stamp([(label, file) for label, (file, _, _) in zip(labels, files, strict=True)])
    seen = cache.recall(stamp)
    if seen is not None:

        def again() -> object:  # a damaged section: the files read and built anew, if unchanged
            try:
                data = _read_all(files)
            except FileNotFoundError:
                data = []
            if not data or cache.key(list(zip(labels, data, strict=True))) != seen:
                raise RulebookError(f"{files[0][1]}: the {files[0][2]} changed while it was being read; run again")
            return build(data)

        with _CollectorPaused():
            hit = cache.fetch(seen, again)
        if isinstance(hit, kind):
            return hit
    data = _read_all(files)
    name = cache.key(list(zip(labels, data, strict=True)))
    with _CollectorPaused():
        hit = cache.fetch(name, lambda: build(data))
    if not isinstance(hit, kind):
        with _CollectorPaused():
            hit = build(data)
        cache.store(name, hit)
    cache.remember(stamp, name)
    return hit


def parse_rulebook(data: bytes, path: str = "<rulebook>", base: Rulebook | None = None) -> Rulebook:
    """Parse rulebook bytes; raise :class:`RulebookError` with every problem found. With
    ``base``, the bytes are an overlay, checked against ``base`` and merged onto it."""
    from mineralctl import load

    book = load.parse_rulebook(data, path, Rulebook, base=base)
    assert isinstance(book, Rulebook)
    return book


def load_entities(path: str | os.PathLike[str] | None = None) -> EntityRegister:
    """Load and check the end-user lists (default: ``$MINERALCTL_ENTITIES`` or the packaged
    ``entities.yaml``), cached like the rulebook. Only a lookup that names an end user, or a
    command about the lists, loads them."""
    from mineralctl.entities import EntityRegister

    try:
        chosen = os.fspath(path) if path is not None else (os.environ.get(ENTITIES_ENV) or None)
    except TypeError:
        raise UsageError(f"load_entities: {path!r} is not a file path") from None
    if chosen is None:
        file, display = packaged_path("entities.yaml"), PACKAGED_ENTITIES
    else:
        file = display = chosen
    try:
        register = _through_cache(
            [(file, display, "entity file")], lambda data: parse_entities(data[0], display), EntityRegister
        )
    except FileNotFoundError:
        if chosen is None:
            return parse_entities(_resource("entities.yaml", "entity file"), display)
        raise RulebookError(f"{display}: entity file not found") from None
    assert isinstance(register, EntityRegister)
    return register


def parse_entities(data: bytes, path: str = "<entities>") -> EntityRegister:
    """Parse end-user list bytes; raise :class:`RulebookError` with every problem found."""
    from mineralctl import load

    return load.parse_entities(data, path)
