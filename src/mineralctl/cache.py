"""The parsed rulebook on disk, so that a lookup does not import yaml.

This module is handed what to store and returns what it stored; it never parses a rulebook.
An entry is named by a key that changes whenever the rulebook file or the code that builds
the parsed form changes. A missing, corrupt or foreign entry is a miss, never an error.
"""

from __future__ import annotations

import os
import pickle

from mineralctl import __version__

CACHE_ENV = "MINERALCTL_CACHE_DIR"
_FORMAT = 1
# The modules whose code shapes the parsed form: a change to any of them makes a new key.
_BUILDERS = ("model.py", "rulebook.py", "load.py")


def folder() -> str | None:
    """``$MINERALCTL_CACHE_DIR`` (empty: no cache), else ``$XDG_CACHE_HOME/mineralctl``."""
    env = os.environ.get(CACHE_ENV)
    if env == "":
        return None
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mineralctl")


def key(file: str, stat: os.stat_result) -> str:
    """Changes whenever the rulebook file or the code that builds the cached form changes."""
    import zlib

    here = os.path.dirname(os.path.abspath(__file__))
    code = [os.stat(os.path.join(here, name)).st_mtime_ns for name in _BUILDERS]
    words = f"{os.path.abspath(file)}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}|{code}"
    return f"{zlib.crc32(words.encode()):08x}{zlib.adler32(words.encode()):08x}"


def _path(name: str) -> str | None:
    where = folder()
    return os.path.join(where, f"rulebook-{_FORMAT}-{name}.pickle") if where else None


def fetch(name: str) -> object | None:
    """The value stored under ``name``, or ``None``."""
    target = _path(name)
    if target is None:
        return None
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    except Exception:  # missing, corrupt or foreign: rebuilt, never trusted
        return None


def store(name: str, value: object) -> None:
    """Keep ``value`` under ``name``; a cache that cannot be written is skipped silently."""
    target = _path(name)
    if target is None:
        return
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only home still answers, only slower
