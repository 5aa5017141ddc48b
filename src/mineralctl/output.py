"""Results written to stdout or to a file the user names.

A file named with ``-o`` is written whole or not at all: the text goes to a temporary file in
the same folder, which then replaces the target in one step, so a calendar or web server
reading it never sees half a file. An existing file is never replaced unless ``--force``
says so: a careful user expects the same as ``cp -n``, and a cron job that regenerates a
published file says ``--force`` once. A replaced file keeps its permission bits (a private
0600 file stays private); a new file gets the usual mode of the umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys

from mineralctl.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def deliver(text: str, path: str | None, *, force: bool = False, newline: str | None = None) -> None:
    """Write ``text`` to stdout, or to ``path`` atomically (refusing to replace an existing
    file unless ``force``). ``newline=""`` writes the text's own line ends unchanged."""
    if path is None or path == "-":
        raw = getattr(sys.stdout, "buffer", None) if newline == "" else None
        if raw is not None:
            sys.stdout.flush()
            raw.write(text.encode("utf-8"))
        else:
            sys.stdout.write(text)
        return
    if os.path.isdir(path):
        raise UsageError(f"--output: {path} is a folder, not a file")
    if not force and os.path.lexists(path):
        raise UsageError(f"--output: {path} exists; add --force to replace it")
    try:
        temporary, handle = _open_temporary(path, newline)
    except OSError as error:
        raise UsageError(f"--output: cannot write {path}: {error.strerror or error}") from None
    try:
        with handle:
            # Before the text is in it: a file replacing a private one is never readable by more.
            os.chmod(temporary, file_mode(path, force=force))
            handle.write(text)
        place(temporary, path, force=force)
    except FileExistsError:
        _discard(temporary)
        raise UsageError(f"--output: {path} exists; add --force to replace it") from None
    except OSError as error:
        _discard(temporary)
        raise UsageError(f"--output: cannot write {path}: {error.strerror or error}") from None


def default_mode() -> int:
    """The mode a new file gets under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def file_mode(path: str, *, force: bool) -> int:
    """The permission bits for the file written to ``path``: with ``force``, those of the file
    it replaces (read, write and execute bits only: never set-id); else the umask's default."""
    if force:
        try:
            found = os.stat(path)
        except OSError:
            return default_mode()
        if stat.S_ISREG(found.st_mode):
            return stat.S_IMODE(found.st_mode) & 0o777
    return default_mode()


def _open_temporary(path: str, newline: str | None) -> tuple[str, TextIO]:
    """A new file beside ``path`` (same folder, so the rename is atomic), created here and
    nowhere else: a name left by another run is skipped, never reused or removed."""
    folder, name = os.path.split(os.path.abspath(path))
    for attempt in range(100):
        candidate = os.path.join(folder, f".{name}.{os.getpid()}-{attempt}.tmp")
        try:
            return candidate, open(candidate, "x", encoding="utf-8", newline=newline)  # noqa: SIM115
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", folder)


def _place_new(temporary: str, path: str) -> None:
    # Another process may have created the file since the check: link() fails if it exists,
    # where rename() would silently replace it. Some file systems cannot link; there the
    # check is repeated just before the rename.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _discard(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def place(temporary: str, path: str, *, force: bool) -> None:
    """Move a finished temporary file (in ``path``'s folder) onto ``path``: an existing file
    is replaced only with ``force``. Raises ``FileExistsError`` otherwise."""
    if force:
        os.replace(temporary, path)
    else:
        _place_new(temporary, path)
