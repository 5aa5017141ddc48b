"""A reader that goes away (``mineralctl ... | head``) ends every command quietly with 141
(128 + SIGPIPE), in every format: never 1, which means a --fail-on gate tripped, and nothing
on stderr but the warnings printed before."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import REPO, console_script

RULEBOOK = str(REPO / "data" / "measures.yaml")


def closed_pipe(*args: str) -> tuple[int, str]:
    """Run the console script with stdout a pipe whose reading end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [console_script(), *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "MINERALCTL_TODAY": "2026-01-01"},
            timeout=60,
        )
    finally:
        os.close(write)
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["status", "rare earths"],
        ["status", "rare earths", "-f", "json"],
        ["status", "rare earths", "-f", "csv"],
        ["status", "gallium", "-q"],
        ["status", "gallium", "--explain"],
        ["timeline", "rare earths"],
        ["timeline", "gallium", "-f", "svg"],
        ["diff", "--from", "2020-01-01", "--to", "2025-12-01"],
        ["upcoming", "--from", "2025-01-01", "--within", "1y"],
        ["upcoming", "--from", "2025-01-01", "--within", "1y", "-f", "ics"],
        ["materials"],
        ["measures", "-f", "csv"],
        ["show", "gallium"],
        ["entities", "--date", "2025-12-01"],
        ["rulebook", "validate", RULEBOOK, "-f", "json"],
        ["rulebook", "diff", RULEBOOK, RULEBOOK],
        ["--help"],
        ["--version"],
    ],
)
def test_a_closed_pipe_ends_quietly_with_141(args):
    code, stderr = closed_pipe(*args)
    assert (code, stderr) == (141, "")


def test_a_reader_that_reads_everything_gets_0():
    done = subprocess.run(
        [console_script(), "status", "gallium", "--date", "2026-01-01", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "license-required\n", "")
