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
"""

from __future__ import annotations

import io
import os
import pickle
import stat

from mineralctl import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

try:  # the hash itself, without hashlib's OpenSSL import (~10 ms of start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without _blake2
    from hashlib import blake2b

CACHE_ENV = "MINERALCTL_CACHE_DIR"
_FORMAT = 2
_PREFIX = "rulebook-"
_KEEP = 8  # entries kept: a few rulebooks, entity lists or code versions in turn, never a growing folder
_STALE_TEMPORARY = 3600  # seconds after which a temporary file left by a killed run is removed
_MAGIC = b"mineralctl-cache-2\n"
_DIGEST = 32
# The modules whose code shapes the parsed form: a change to any of them makes a new key.
_BUILDERS = ("model.py", "rulebook.py", "load.py", "api.py", "entities.py", "names.py", "dates.py")
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
    here = os.path.dirname(os.path.abspath(__file__))
    for name in _BUILDERS:
        info = os.stat(os.path.join(here, name))
        digest.update(f"|{name}:{info.st_size}:{info.st_mtime_ns}".encode())
    digest.update(f"|{__version__}|{_FORMAT}".encode())
    return digest.hexdigest()


def fetch(name: str) -> object | None:
    """The value stored under ``name``, or ``None``."""
    where = _open_folder(create=False)
    if where is None:
        return None
    try:
        handle = os.open(_entry(name), os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC, dir_fd=where)
    except OSError:
        return None
    finally:
        os.close(where)
    try:
        with open(handle, "rb", closefd=True) as file:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return None  # a FIFO, device or folder at the entry's name, or someone else's file
            return _decode(name, file.read())
    except Exception:  # missing, corrupt or foreign: rebuilt, never trusted
        return None


def store(name: str, value: object) -> None:
    """Keep ``value`` under ``name``; a cache that cannot be written is skipped silently."""
    where = _open_folder(create=True)
    if where is None:
        return
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _header(name) + blake2b(payload, digest_size=_DIGEST).digest() + payload
        temporary = f".{_entry(name)}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=where)
        try:
            with open(handle, "wb", closefd=True) as file:
                file.write(blob)
            os.replace(temporary, _entry(name), src_dir_fd=where, dst_dir_fd=where)
        except BaseException:
            _remove(temporary, where)
            raise
        _prune(where)
    except Exception:
        pass  # a read-only or full disk, or a directory in the way: the lookup still answers, only slower
    finally:
        os.close(where)


def _entry(name: str) -> str:
    return f"{_PREFIX}{name}.pickle"


def _header(name: str) -> bytes:
    return _MAGIC + name.encode("ascii") + b"\n"


def _private(info: os.stat_result) -> bool:
    """Owned by the current user, and nobody else may write to it."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_folder(create: bool) -> int | None:
    """A descriptor for the cache folder when it is the current user's alone, else ``None``."""
    where = folder()
    if where is None or not hasattr(os, "geteuid") or os.open not in os.supports_dir_fd:
        return None
    try:
        if create:
            os.makedirs(where, mode=0o700, exist_ok=True)
        handle = os.open(where, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        return None
    info = os.fstat(handle)
    if stat.S_ISDIR(info.st_mode) and _private(info):
        return handle
    os.close(handle)
    return None


def _decode(name: str, blob: bytes) -> object | None:
    header = _header(name)
    if not blob.startswith(header):
        return None
    digest = blob[len(header) : len(header) + _DIGEST]
    payload = memoryview(blob)[len(header) + _DIGEST :]
    if blake2b(payload, digest_size=_DIGEST).digest() != digest:
        return None  # a damaged entry is a miss, never a different answer
    value: object = _Unpickler(io.BytesIO(payload)).load()
    return value


class _Unpickler(pickle.Unpickler):
    """Builds mineralctl's own records and dates, and nothing else."""

    def find_class(self, module: str, name: str) -> type:
        if module.startswith("mineralctl.") or (module == "datetime" and name in ("date", "datetime", "timedelta")):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the rulebook cache")


def _prune(where: int) -> None:
    """Keep the newest few entries; remove temporary files a killed run left behind."""
    import time

    entries: list[tuple[float, str]] = []
    now = time.time()
    with os.scandir(where) as listing:
        for item in listing:
            if not item.is_file(follow_symlinks=False):
                continue
            modified = item.stat(follow_symlinks=False).st_mtime
            if item.name.startswith(_PREFIX) and item.name.endswith(".pickle"):
                entries.append((modified, item.name))
            elif (
                item.name.startswith(f".{_PREFIX}") and item.name.endswith(".tmp") and now - modified > _STALE_TEMPORARY
            ):
                _remove(item.name, where)
    for _, old in sorted(entries, reverse=True)[_KEEP:]:
        _remove(old, where)


def _remove(name: str, where: int) -> None:
    from contextlib import suppress

    with suppress(OSError):
        os.unlink(name, dir_fd=where)
