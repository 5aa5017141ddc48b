"""``-o FILE``: a file replaced with ``--force`` keeps its permission bits (never more open, no
set-id bits), a new file gets the umask's mode; without ``--force`` nothing is touched."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator

import pytest
from conftest import in_process

DATA = "material,destination,date,end_use\ngallium,US,2025-01-15,civil\n"


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: os.PathLike[str] | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def stderr_of(tmp_path, command: str) -> str:
    """What each command says on stderr when it writes its file."""
    return {
        "timeline": "",
        "upcoming": (
            "mineralctl: warning: dates after the rulebook's as_of 2026-10-08 are projected from the rules as "
            "written\nmineralctl: warning: changes to the end-user lists after their as_of 2026-09-30 are "
            "projected from the announcements as written\n"
        ),
        "screen": (
            f"mineralctl: {tmp_path / 'in.csv'}: screened 1 row: 1 prohibited, 0 enhanced-review, "
            "0 license-required, 0 not-controlled; 0 unresolved\n"
            "mineralctl: answered by rulebook data-2, sources checked to 2026-10-08\n"
            "mineralctl: screen passed: every row resolved; no --fail-on gate\n"
        ),
    }[command]


def commands(tmp_path, target) -> dict[str, tuple[str, ...]]:
    shipments = tmp_path / "in.csv"
    shipments.write_text(DATA)
    return {
        "timeline": ("timeline", "gallium", "-f", "json", "-o", str(target)),
        "upcoming": ("upcoming", "--from", "2026-06-01", "--within", "1y", "-f", "ics", "-o", str(target)),
        "screen": ("screen", str(shipments), "-o", str(target)),
    }


@pytest.mark.parametrize("command", ["timeline", "upcoming", "screen"])
@pytest.mark.parametrize(("before", "after"), [(0o600, 0o600), (0o640, 0o640), (0o664, 0o664), (0o4755, 0o755)])
def test_force_keeps_the_replaced_files_bits(tmp_path, command, before, after):
    target = tmp_path / "out"
    target.write_text("old\n")
    os.chmod(target, before)
    with umask(0o022):
        run = in_process(*commands(tmp_path, target)[command], "--force")
    assert (run.code, run.stdout, run.stderr) == (0, "", stderr_of(tmp_path, command))
    assert target.read_text() != "old\n"
    assert mode(target) == after
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("command", ["timeline", "upcoming", "screen"])
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode_with_or_without_force(tmp_path, command, mask, expected):
    for force in ((), ("--force",)):
        target = tmp_path / f"new{len(force)}"
        with umask(mask):
            run = in_process(*commands(tmp_path, target)[command], *force)
        assert (run.code, run.stdout, run.stderr) == (0, "", stderr_of(tmp_path, command))
        assert mode(target) == expected


@pytest.mark.parametrize("command", ["timeline", "upcoming", "screen"])
def test_without_force_an_existing_file_and_its_bits_are_untouched(tmp_path, command):
    target = tmp_path / "out"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    run = in_process(*commands(tmp_path, target)[command])
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --output: {target} exists; add --force to replace it\n"
    assert (target.read_text(), mode(target)) == ("old\n", 0o600)
