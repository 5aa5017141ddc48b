"""Tests that try to break mineralctl: random damage to the packaged rulebook, and random values
for every option of every command through the console script's own entry point. Whatever
comes in, the answer is a documented exit code with its message, never a traceback or exit 70.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
import typer
from conftest import FIXTURES, REPO, in_process
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mineralctl import cli

PACKAGED = (REPO / "data" / "measures.yaml").read_text(encoding="utf-8")
LINES = PACKAGED.split("\n")
DOCUMENTED = {0, 1, 2, 3, 4, 5}
# Text a user could type: anything but NUL, which no operating system passes in an argument.
TYPED = st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=24)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def no_internal_error(run: object) -> None:
    code, stderr = run.code, run.stderr  # type: ignore[attr-defined]
    assert code in DOCUMENTED, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr


# --------------------------------------------------------------------------- a damaged rulebook

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EXTREME = ["9999-12-31", "0001-01-01", "2025-02-30", "2026-13-01", "1899-12-31", "3000-01-01", "2999-12-31"]
KEYED_DATE = re.compile(r'\s*(as_of|from|until|announced|date): "[0-9]{4}-[0-9]{2}-[0-9]{2}"')


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """The packaged rulebook with one or two lines deleted, duplicated, swapped, re-dated or
    given an injected character."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "date", "window", "inject"]))
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "date":
            dated = [n for n, line in enumerate(lines) if KEYED_DATE.match(line)]
            at = draw(st.sampled_from(dated))
            new = (
                draw(st.sampled_from(EXTREME)) if draw(st.integers(0, 3)) else draw(st.from_regex(DATE, fullmatch=True))
            )
            lines[at] = DATE.sub(new, lines[at], count=1)
        elif kind == "window":  # a measure or suspension given a far-off or impossible end
            starts = [n for n, line in enumerate(lines) if line.startswith('    from: "')]
            at = draw(st.sampled_from(starts))
            value = f'    until: "{draw(st.sampled_from(EXTREME))}"'
            if lines[at + 1].startswith('    until: "'):
                lines[at + 1] = value
            else:
                lines.insert(at + 1, value)
        else:
            character = draw(
                st.sampled_from(["\x00", "\x1b", "\t", "\u202e", "[", "]", ":", "'", '"', "&a", "*a", "!!x", "#", "\r"])
                | st.characters(exclude_categories=("Cs",))
            )
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + character + lines[at][column:]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="mineralctl-hostile-"))


@SETTINGS
@given(text=damaged(), command=st.sampled_from(["status", "timeline", "upcoming"]))
def test_a_damaged_rulebook_answers_or_names_its_problems(workdir, text, command):
    path = workdir / "damaged.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    args = {
        "status": ["status", "gallium", "--date", "2026-01-01", "--dest", "US", "-f", "json"],
        "timeline": ["timeline", "germanium", "-f", "csv"],
        "upcoming": ["upcoming", "--from", "2025-01-01", "--within", "2y", "-f", "json"],
    }[command]
    run = in_process(*args, "--rulebook", str(path), env={"MINERALCTL_CACHE_DIR": ""})
    no_internal_error(run)
    assert run.code in (0, 3, 4), run.stderr
    if run.code == 3:
        count = text.count("\n") + 2
        for line in run.stderr.splitlines():
            found = re.fullmatch(rf"{re.escape(str(path))}:(\d+):(\d+): error: .+", line)
            assert found or line.startswith("mineralctl: error: "), line
            if found:
                assert 1 <= int(found.group(1)) <= count and int(found.group(2)) >= 1, line


# --------------------------------------------------------------------------- random command lines


def _commands() -> list[tuple[list[str], list[object]]]:
    """Every command (with its group's name) and its parameters, from the Typer app itself."""
    found: list[tuple[list[str], list[object]]] = []

    def walk(command: object, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
        else:
            found.append((path, list(getattr(command, "params", []))))

    walk(typer.main.get_command(cli.app), [])
    return found


COMMANDS = _commands()
# Values worth trying beside random text, by what the option reads.
PACKAGED_PATH = str(REPO / "data" / "measures.yaml")
PATHS = [
    PACKAGED_PATH,
    PACKAGED_PATH,
    "missing.yaml",
    ".",
    *(str(FIXTURES / f) for f in ("invalid.yaml", "overlay.yaml")),
]
PATHS += [str(FIXTURES / f) for f in ("entities.yaml", "hostile-text.yaml")]
DATES = ["2026-01-01", "2025-11-09", "9999-12-31", "2999-12-31", "0001-01-01", "1 Nov 2025", "01/02/2026", "today", "-"]
DURATIONS = ["90d", "1y6m", "0d", "-1d", "1000y", "99999y", "99999999999999999999d", "12000m", "1w"]
NAMES = [
    "gallium", "Ga", "镓", "rare earths", "US", "NO", "USA", "Atlantis", "8112.92", "mofcom-2025-72", "military",
    "[bold]x[/]", "[/nope]", "\x1b[2J", "\u202e", "", " ", "-", "--", "--help", "json", "CSV",
]  # fmt: skip
BY_OPTION = {
    "--date": DATES,
    "-d": DATES,
    "--from": DATES,
    "--to": DATES,
    "--max-age": DURATIONS,
    "--within": DURATIONS,
}
PATH_OPTIONS = {"--rulebook", "--overlay", "--entities", "--base"}
SKIPPED = {"--debug", "--install-completion", "--show-completion"}  # a traceback by request; shell files


def mostly(draw: st.DrawFn, chosen: list[str], typed: st.SearchStrategy[str]) -> str:
    """One of ``chosen`` four times in five, else random text: deep paths and odd input both."""
    return draw(typed) if not chosen or draw(st.integers(0, 4)) == 0 else draw(st.sampled_from(chosen))


@st.composite
def command_line(draw: st.DrawFn) -> list[str]:
    path, params = draw(st.sampled_from(COMMANDS))
    args = list(path)
    for param in params:
        opts = [o for o in getattr(param, "opts", []) if o not in SKIPPED]
        required = getattr(param, "required", False)
        if not opts or (not required and draw(st.integers(0, 2))):  # one optional option in three: deep paths
            continue
        name = draw(st.sampled_from(opts))
        if type(param).__name__ == "TyperArgument":
            count = 1 if getattr(param, "nargs", 1) == 1 else draw(st.integers(1, 3))
            for _ in range(count):
                if name in ("file", "files"):
                    args.append(mostly(draw, [*PATHS, "-", "shipments.csv"], TYPED.map(lambda t: f"./{t}")))
                else:
                    args.append(mostly(draw, NAMES, TYPED))
            continue
        if getattr(param, "is_flag", False):
            args.append(name)
            continue
        if name in ("--output", "-o"):
            value = draw(TYPED.map(lambda t: f"./out-{t.replace('/', '_')}"))  # inside the work folder only
        elif name in PATH_OPTIONS:
            value = mostly(draw, PATHS, TYPED.map(lambda t: f"./{t}"))
        else:
            choices = list(getattr(getattr(param, "type", None), "choices", []) or [])
            value = mostly(draw, [*choices, *(c.upper() for c in choices)] or BY_OPTION.get(name, NAMES), TYPED)
        args.extend([name, value] if draw(st.booleans()) or not name.startswith("--") else [f"{name}={value}"])
    return args


SHIPMENTS = "material,destination,date,end_use\ngallium,US,2025-01-15,civil\n[/x],\x1b[2J,9999-12-31,martial\n"


@SETTINGS
@given(args=command_line(), stdin=st.sampled_from(["", SHIPMENTS, "\x00\xff garbage", '{"material": "Ga"}\n']))
@example(args=["status", "gallium", "--max-age", "99999999999999999999d"], stdin="")
@example(args=["status", "gallium", "--max-age", "9999999y"], stdin="")
@example(args=["upcoming", "--within", "99999y"], stdin="")
@example(args=["upcoming", "--from", "9999-01-01", "--within", "1y"], stdin="")
@example(args=["screen", "-", "-f", "table", "--date", "2026-01-01"], stdin=SHIPMENTS)
def test_any_command_line_gets_a_documented_exit_code(workdir, args, stdin):
    (workdir / "shipments.csv").write_text(SHIPMENTS, encoding="utf-8")
    before = os.getcwd()
    os.chdir(workdir)
    try:
        run = in_process(*args, stdin=stdin)
    finally:
        os.chdir(before)
    no_internal_error(run)
    if run.code >= 2:  # the reason is given: on stderr, or in the report a validator prints
        assert run.stderr or run.stdout, args
        if run.stderr and run.code != 3:
            assert run.stderr.splitlines()[-1].startswith("mineralctl: "), (args, run.stderr)


def test_every_command_is_tried():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"status", "timeline", "diff", "upcoming", "materials", "measures", "show", "screen"} <= names
