"""The parsed rulebook on disk, so that a lookup does not import yaml.

This module is handed what to store and returns what it stored; it never parses a rulebook.
An entry is named by :func:`key`, a BLAKE2b hash of the rulebook's bytes, the path it was
read from and the code that builds the parsed form, so any edit to the file is a new key
whatever its size and modification time.

Threat model: an entry is a pickle, and unpickling runs code, so only entries that nobody
but the current user could have written are read. The folder and the entry must be owned by
the current user and not writable by group or others (the folder is created 0700), else the
cache is skipped silently and the YAML parsed; entries are written to a temporary file
created exclusively (never through a symlink) and renamed into place, opened without
blocking and only when they are regular files, checked against a digest so a damaged entry
is a miss, and unpickled allowing mineralctl's own classes and dates only. A missing,
corrupt, foreign or unreadable entry is a miss, never an error.

An entry is stored in sections (see :mod:`mineralctl.shelf`): a table of where each section
lies with its digest, the head (the value, each :class:`~mineralctl.shelf.Later` in it replaced
by a section number), then the sections. :func:`fetch` reads the table and the head; a section
is read, checked and unpickled when something first reads it, from the entry opened at fetch
(never reopened). A section found damaged then is rebuilt from the value's source (``rebuild``),
never trusted and never an error.
"""

from __future__ import annotations

import io
import os
import pickle
import stat

from mineralctl import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from mineralctl.shelf import Later, Run

try:  # the hash itself, without hashlib's OpenSSL import (~10 ms of start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without _blake2
    from hashlib import blake2b

CACHE_ENV = "MINERALCTL_CACHE_DIR"
_FORMAT = 3
_PREFIX = "rulebook-"
_SEEN = "seen-"
_KEEP_SEEN = 32
_SETTLED = 3_000_000_000  # ns: a file last changed this long before it is stamped is settled
_KEEP = 8  # entries kept: a few rulebooks, entity lists or code versions in turn, never a growing folder
_STALE_TEMPORARY = 3600  # seconds after which a temporary file left by a killed run is removed
_MAGIC = b"mineralctl-cache-3\n"
_DIGEST = 32
# The modules whose code shapes the parsed form: a change to any of them makes a new key.
_BUILDERS = ("model.py", "rulebook.py", "load.py", "api.py", "entities.py", "names.py", "dates.py", "shelf.py")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def folder() -> str | None:
    """``$MINERALCTL_CACHE_DIR`` (empty: no cache), else ``$XDG_CACHE_HOME/mineralctl``."""
    env = os.environ.get(CACHE_ENV)
    if env == "":
        return None
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mineralctl")


def key(files: Sequence[tuple[str, bytes]]) -> str:
    """Changes whenever the bytes or path of any of ``files`` (a rulebook, then its overlays)
    or the code that builds the cached form change."""
    digest = blake2b(digest_size=20)
    for path, data in files:
        label = path.encode("utf-8", "surrogatepass")
        digest.update(b"%d:%s:%d:" % (len(label), label, len(data)))
        digest.update(data)
    digest.update(_code_version())
    return digest.hexdigest()


def _code_version() -> bytes:
    """What changes with the code that builds the parsed form."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [
        f"|{name}:{info.st_size}:{info.st_mtime_ns}"
        for name in _BUILDERS
        for info in [os.stat(os.path.join(here, name))]
    ]
    return f"{''.join(parts)}|{__version__}|{_FORMAT}".encode()


def stamp(files: Sequence[tuple[str, str]]) -> tuple[str, bool] | None:
    """A key over what the system says of each file (label, path): device, inode, size and
    modification and change times, with the code version; and whether every file was last
    changed long enough ago that a later change must show in those times (a change within the
    file system's timestamp granularity of the last one could otherwise keep them all; the
    same test git makes of its index). ``None`` when a file cannot be examined."""
    import time

    digest = blake2b(digest_size=20)
    settled = True
    now = time.time_ns()
    for label, path in files:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        newest = max(info.st_mtime_ns, info.st_ctime_ns)
        settled = settled and now - newest > _SETTLED
        code = label.encode("utf-8", "surrogatepass")
        fields = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        digest.update(b"%d:%s:%d:%d:%d:%d:%d|" % (len(code), code, *fields))
    digest.update(_code_version())
    return digest.hexdigest(), settled


def recall(stamped: tuple[str, bool] | None) -> str | None:
    """The entry name remembered for files with this :func:`stamp`, or ``None``."""
    handle = None if stamped is None else _open_own(_seen(stamped[0]))
    if handle is None:
        return None
    try:
        with open(handle, "rb", closefd=True) as file:
            name = file.read(64).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return name if _is_hex(name, 40) else None


def remember(stamped: tuple[str, bool] | None, name: str) -> None:
    """Note that files with this :func:`stamp` hold what entry ``name`` was made from (when
    they were settled when stamped), so that the next load need not read them."""
    if stamped is None or not stamped[1]:
        return
    where = _open_folder(create=True)
    if where is None:
        return
    try:
        _write(where, _seen(stamped[0]), name.encode("ascii"))
        _prune(where)
    except Exception:
        pass  # the next load reads and hashes the files again: slower, never wrong
    finally:
        os.close(where)


def fetch(name: str, rebuild: Callable[[], object] | None = None) -> object | None:
    """The value stored under ``name``, or ``None``. Its sections load when first read; one
    found damaged then is taken from ``rebuild()`` (the value made anew), else an error."""
    handle = _open_own(_entry(name))
    if handle is None:
        return None
    entry = _Entry(handle, name, rebuild)
    try:
        return entry.open()
    except Exception:  # corrupt or foreign: rebuilt, never trusted
        entry.close()
        return None


def _open_own(file_name: str) -> int | None:
    """A descriptor for ``file_name`` in the cache folder, read-only and without blocking, when
    it is a regular file of the current user's alone; ``None`` when it is missing, or a FIFO,
    device or folder, or someone else's file."""
    where = _open_folder(create=False)
    if where is None:
        return None
    try:
        handle = os.open(file_name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC, dir_fd=where)
    except OSError:
        return None
    finally:
        os.close(where)
    try:
        info = os.fstat(handle)
        if stat.S_ISREG(info.st_mode) and _private(info):
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def store(name: str, value: object) -> None:
    """Keep ``value`` under ``name``; a cache that cannot be written is skipped silently."""
    where = _open_folder(create=True)
    if where is None:
        return
    try:
        _write(where, _entry(name), _blob(name, _sections(value)))
        _prune(where)
    except Exception:
        pass  # a read-only or full disk, or a directory in the way: the lookup still answers, only slower
    finally:
        os.close(where)


def _write(where: int, entry: str, blob: bytes) -> None:
    """``blob`` at ``entry`` in the folder, all or nothing: written to a temporary file created
    exclusively (never through a symlink), then renamed into place."""
    temporary = f".{entry}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=where)
    try:
        with open(handle, "wb", closefd=True) as file:
            file.write(blob)
        os.replace(temporary, entry, src_dir_fd=where, dst_dir_fd=where)
    except BaseException:
        _remove(temporary, where)
        raise


_ROW = 8 + 8 + _DIGEST  # a section's offset, length and digest
_MAX_SECTIONS = 1 << 20


def _blob(name: str, sections: list[bytes]) -> bytes:
    """An entry: its header, the digest and size of its table, the table (each section's
    offset, length and digest), then the sections, the head first."""
    table_size = len(sections) * _ROW
    offset = len(_header(name)) + _DIGEST + 8 + table_size
    table = bytearray()
    for payload in sections:
        digest = blake2b(payload, digest_size=_DIGEST).digest()
        table += offset.to_bytes(8, "big") + len(payload).to_bytes(8, "big") + digest
        offset += len(payload)
    table_digest = blake2b(table, digest_size=_DIGEST).digest()
    return b"".join((_header(name), table_digest, table_size.to_bytes(8, "big"), table, *sections))


def _sections(value: object) -> list[bytes]:
    """``value`` pickled as its head (first) and the sections its :class:`Later` values hold."""
    return [payload for payload, _ in _split(value)]


def _later_values(value: object) -> list[object]:
    """The values of ``value``'s sections, numbered as :func:`_sections` numbers them."""
    return [part for _, part in _split(value)]


def _split(value: object) -> list[tuple[bytes, object]]:
    """Each section, the head first, pickled and as it was: a value's :class:`Later` parts
    are numbered after every section numbered so far, then each is split in turn."""
    sections: list[tuple[bytes, object]] = [(b"", value)]

    def split(number: int) -> None:
        found: list[object] = []
        buffer = io.BytesIO()
        _Splitter(buffer, found, len(sections)).dump(sections[number][1])
        sections[number] = (buffer.getvalue(), sections[number][1])
        first = len(sections)
        sections.extend((b"", part) for part in found)
        for part in range(first, first + len(found)):
            split(part)

    split(0)
    return sections


class _Splitter(pickle.Pickler):
    """A pickler that leaves out each :class:`Later` value (and :class:`Run` of them), noting it
    in ``found`` and writing a call of :func:`_section` (or :func:`_run`) with its number (or
    first number and count) instead. The two types are found through a dispatch table, so the
    many other objects cost no Python call each."""

    def __init__(self, file: io.BytesIO, found: list[object], start: int) -> None:
        from mineralctl.shelf import Later, Run

        self.found = found
        self.start = start
        self.dispatch_table: dict[type, Any] = {Later: self._later, Run: self._run}
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def _later(self, later: Later) -> tuple[object, ...]:
        self.found.append(later.get())
        return (_section, (self.start + len(self.found) - 1,))

    def _run(self, run: Run) -> tuple[object, ...]:
        first = self.start + len(self.found)
        self.found.extend(run[n].get() for n in range(len(run)))
        return (_run, (first, len(run)))


def _section(number: int) -> object:
    """Stands in a stored entry for section ``number``; :class:`_Unpickler` reads it lazily."""
    raise pickle.UnpicklingError("a mineralctl cache entry is read by mineralctl.cache only")


def _run(first: int, count: int) -> object:
    """Stands in a stored entry for ``count`` sections from ``first`` (see :func:`_section`)."""
    raise pickle.UnpicklingError("a mineralctl cache entry is read by mineralctl.cache only")


class _Entry:
    """An open cache entry: its table, its head, and its sections read on demand. It stays
    open until every section has been read or nothing refers to it any more."""

    def __init__(self, handle: int, name: str, rebuild: Callable[[], object] | None) -> None:
        self.handle = handle
        self.name = name
        self.rebuild = rebuild
        self.table = b""
        self.count = 0
        self.done = bytearray()  # 1 for each section read
        self.left = 0

    def open(self) -> object:
        header = _header(self.name)
        start = os.pread(self.handle, len(header) + _DIGEST + 8, 0)
        if not start.startswith(header) or len(start) != len(header) + _DIGEST + 8:
            raise ValueError("not an entry of this name")
        digest = start[len(header) : len(header) + _DIGEST]
        size = int.from_bytes(start[-8:], "big")
        if size % _ROW or not 0 < size <= _MAX_SECTIONS * _ROW:
            raise ValueError("a damaged table")
        self.table = os.pread(self.handle, size, len(start))
        if blake2b(self.table, digest_size=_DIGEST).digest() != digest:
            raise ValueError("a damaged table")
        self.count = self.left = size // _ROW
        self.done = bytearray(self.count)
        value = self.read(0)
        if value is None:
            raise ValueError("a damaged head")
        return value

    def read(self, number: int) -> object | None:
        """Section ``number`` unpickled, or ``None`` when it is damaged or cannot be read."""
        import gc

        try:
            row = self.table[number * _ROW : (number + 1) * _ROW]
            offset, length = int.from_bytes(row[:8], "big"), int.from_bytes(row[8:16], "big")
            payload = os.pread(self.handle, length, offset)
            if len(payload) != length or blake2b(payload, digest_size=_DIGEST).digest() != row[16:]:
                return None  # a damaged entry is a miss, never a different answer
            collecting = gc.isenabled()
            gc.disable()  # many new objects and no cycles (see api._CollectorPaused)
            try:
                value: object = _Unpickler(io.BytesIO(payload), self).load()
                return value
            finally:
                if collecting:
                    gc.enable()
        except Exception:
            return None
        finally:  # counted once read, so that the entry never closes under another read
            if not self.done[number]:
                self.done[number] = 1
                self.left -= 1
            if not self.left:
                self.close()

    def later(self, number: int) -> object:
        """Section ``number``, read now; when damaged, the same section of the value made anew."""
        value = self.read(number)
        if value is not None:
            return value
        if self.rebuild is None:
            raise ValueError(f"section {number} of cache entry {self.name} is damaged")
        fresh = self.rebuild()
        store(self.name, fresh)
        return _later_values(fresh)[number]

    def close(self) -> None:
        if self.handle >= 0:
            os.close(self.handle)
            self.handle = -1

    def __del__(self) -> None:
        self.close()


def _entry(name: str) -> str:
    return f"{_PREFIX}{name}.pickle"


def _seen(stamped: str) -> str:
    return f"{_SEEN}{stamped}"


def _header(name: str) -> bytes:
    return _MAGIC + name.encode("ascii") + b"\n"


def _private(info: os.stat_result) -> bool:
    """Owned by the current user, and nobody else may write to it."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_folder(create: bool) -> int | None:
    """A descriptor for the cache folder when it is the current user's alone and mineralctl's
    own (see :func:`_ours`), else ``None``. A folder named by ``$MINERALCTL_CACHE_DIR`` is
    created only when its parent exists (one level, never a path of new folders)."""
    where = folder()
    if where is None or not hasattr(os, "geteuid") or os.open not in os.supports_dir_fd:
        return None
    try:
        if create and os.environ.get(CACHE_ENV):
            if not os.path.isdir(where):
                os.mkdir(where, 0o700)
        elif create:
            os.makedirs(where, mode=0o700, exist_ok=True)
        handle = os.open(where, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        return None
    info = os.fstat(handle)
    if stat.S_ISDIR(info.st_mode) and _private(info) and _ours(handle, create):
        return handle
    os.close(handle)
    return None


_TAG = "CACHEDIR.TAG"
_TAG_TEXT = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by mineralctl.\n"
    b"# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def _ours(where: int, create: bool) -> bool:
    """True when the folder is mineralctl's: it holds the cache directory tag mineralctl writes
    (which backup tools know to skip), or nothing but mineralctl's own files (an empty folder,
    or one an earlier version filled), and is then tagged when writing. A folder holding
    anything else (a home folder, ``/``, a project) is never written to or pruned."""
    try:
        tag = os.open(_TAG, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC, dir_fd=where)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    else:
        with open(tag, "rb", closefd=True) as file:
            return file.read(len(_TAG_TEXT) + 1) == _TAG_TEXT  # another tool's tagged cache is not ours
    try:
        names = os.listdir(where)
    except OSError:
        return False
    if not all(_kind(name) for name in names):
        return False
    if create:
        try:
            _write(where, _TAG, _TAG_TEXT)
        except OSError:
            return False
    return True


class _Unpickler(pickle.Unpickler):
    """Builds mineralctl's own records and dates, and nothing else; a section number becomes a
    :class:`~mineralctl.shelf.Later` that reads that section when first asked."""

    def __init__(self, file: io.BytesIO, entry: _Entry) -> None:
        super().__init__(file)
        self.entry = entry

    def find_class(self, module: str, name: str) -> Callable[..., object]:
        if module == __name__ and name in ("_section", "_run"):
            return self._section if name == "_section" else self._run
        if module.startswith("mineralctl.") or (module == "datetime" and name in ("date", "datetime", "timedelta")):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the rulebook cache")

    def _section(self, number: object) -> Later:
        from mineralctl.shelf import Later

        if type(number) is not int or not 0 < number < self.entry.count:
            raise pickle.UnpicklingError("a damaged section number")
        return Later(source=self.entry, number=number)

    def _run(self, first: object, count: object) -> Run:
        from mineralctl.shelf import Run

        if type(first) is not int or type(count) is not int or not 0 < first <= first + count <= self.entry.count:
            raise pickle.UnpicklingError("a damaged run of sections")
        return Run.at(self.entry, first, count)


def _prune(where: int) -> None:
    """Keep the newest few entries and notes of files seen; remove temporary files a killed
    run left behind."""
    import time

    entries: list[tuple[float, str]] = []
    seen: list[tuple[float, str]] = []
    now = time.time()
    with os.scandir(where) as listing:
        for item in listing:
            if not item.is_file(follow_symlinks=False):
                continue
            modified = item.stat(follow_symlinks=False).st_mtime
            kind = _kind(item.name)
            if kind == "entry":
                entries.append((modified, item.name))
            elif kind == "seen":
                seen.append((modified, item.name))
            elif kind == "temporary" and now - modified > _STALE_TEMPORARY:
                _remove(item.name, where)
    for _, old in [*sorted(entries, reverse=True)[_KEEP:], *sorted(seen, reverse=True)[_KEEP_SEEN:]]:
        _remove(old, where)


def _kind(name: str) -> str | None:
    """What a file in the cache folder is, by the exact form of the names mineralctl gives
    (``entry``, ``seen``, ``temporary``, ``tag``), or ``None``: a file of any other name is
    never mineralctl's, so never pruned (``rulebook-mydata.pickle`` is someone's own)."""
    if name == _TAG:
        return "tag"
    if name.startswith(".") and name.endswith(".tmp"):  # .NAME.PID.RANDOM.tmp (see _write)
        parts = name[1:-4].rsplit(".", 2)
        made = len(parts) == 3 and parts[1].isdecimal() and _is_hex(parts[2], 12)
        return "temporary" if made and (parts[0] == _TAG or _kind(parts[0]) in ("entry", "seen")) else None
    if name.startswith(_PREFIX) and name.endswith(".pickle") and _is_hex(name[len(_PREFIX) : -len(".pickle")], 40):
        return "entry"
    if name.startswith(_SEEN) and _is_hex(name[len(_SEEN) :], 40):
        return "seen"
    return None


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdef" for c in text)


def _remove(name: str, where: int) -> None:
    from contextlib import suppress

    with suppress(OSError):
        os.unlink(name, dir_fd=where)
