"""Shared test helpers: the installed console script in a subprocess, and an isolated cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI replays the same examples on every run (a gate must not pass or fail by chance); a
# developer's run explores new ones. Either way no example database is written into the tree.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["MINERALCTL_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("MINERALCTL_RULEBOOK", None)
    os.environ.pop("MINERALCTL_TODAY", None)
    os.environ["NO_COLOR"] = "1"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (not made yet: the first lookup makes it)."""
    where = tmp_path / "cache"
    monkeypatch.setenv("MINERALCTL_CACHE_DIR", str(where))
    return where


def script(name: str) -> Any:
    """``scripts/NAME.py`` loaded as a module, so a test can call what the script builds."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def console_script() -> str:
    """The installed ``mineralctl`` next to this interpreter (the one a user would run)."""
    here = Path(sys.executable).parent / "mineralctl"
    found = str(here) if here.exists() else shutil.which("mineralctl")
    if not found:
        pytest.fail("the mineralctl console script is not installed: run pip install '.[test]'")
    return found


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def mineralctl(*args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: str | None = None) -> Run:
    """Run the installed console script; exit code, stdout and stderr together."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    done = subprocess.run(
        [console_script(), *args], capture_output=True, text=True, env=full_env, input=stdin, cwd=cwd, timeout=60
    )
    return Run(done.returncode, done.stdout, done.stderr)


def in_process(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None) -> Run:
    """Run ``mineralctl.entry.main`` in this process (much faster than a subprocess); exit
    code, stdout and stderr together. ``env`` entries are set for the call (``None``: unset);
    ``stdin``, when given, is what the command reads from standard input."""
    import contextlib
    import io

    from mineralctl import entry

    out, err = io.StringIO(), io.StringIO()
    changes: dict[str, str | None] = {"COLUMNS": "200", **(env or {})}
    saved = {name: os.environ.get(name) for name in changes}
    for name, value in changes.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    real_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                entry.main(list(args))
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdin = real_stdin
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def here(capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> Any:
    """``mineralctl`` run in this process through the console script's own entry point (no
    interpreter start-up): exit code, stdout and stderr together, the output bytes as written."""
    from mineralctl import entry

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        code: object = 0
        try:
            entry.main(list(args))
        except SystemExit as done:
            code = done.code
        captured = capfdbinary.readouterr()
        return Run(int(code or 0), captured.out.decode("utf-8"), captured.err.decode("utf-8"))  # type: ignore[call-overload]

    return run
