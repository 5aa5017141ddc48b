"""Help as Click writes it (no rich): the top-level listing is built from stand-ins for the
commands, so it must list exactly what the whole app lists; help wraps at spaces only."""

from __future__ import annotations

import re

import pytest
from conftest import in_process

from mineralctl import cli

COMMANDS = ["status", "timeline", "diff", "upcoming", "materials", "measures", "show", "entities", "screen"]


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_help_lists_what_the_whole_app_lists(columns: str) -> None:
    listed = in_process("--help", env={"COLUMNS": columns})
    whole = in_process(env={"COLUMNS": columns})  # bare: the whole app's help, exit 2
    assert (listed.code, listed.stderr, whole.code) == (0, "", 2)
    assert listed.stdout == whole.stdout
    names = [c.name or c.callback.__name__ for c in cli.app.registered_commands if c.callback]
    names += [g.name or "" for g in cli.app.registered_groups]
    section = listed.stdout.split("\nCommands:\n", 1)[1]
    assert [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line[2] != " "] == names


@pytest.mark.parametrize(
    "command", [[], *([c] for c in COMMANDS), ["rulebook", "validate"]], ids=lambda c: " ".join(c) or "top"
)
@pytest.mark.parametrize("columns", ["60", "80"])
def test_help_never_breaks_a_word_at_a_hyphen(command: list[str], columns: str) -> None:
    run = in_process(*command, "--help", env={"COLUMNS": columns})
    assert run.code == 0, run.stderr
    broken = [line for line in run.stdout.splitlines() if re.search(r"\w-$", line)]
    assert not broken, broken
    assert "\b" not in run.stdout and "╭" not in run.stdout
    if "  Examples:" in run.stdout:
        lines = run.stdout.splitlines()
        at = lines.index("  Examples:")
        assert lines[at + 1].startswith("    mineralctl ") or lines[at + 1].startswith("    cat "), lines[at + 1]


def test_examples_keep_their_lines() -> None:
    text = in_process("--help", env={"COLUMNS": "60"}).stdout
    assert "  Examples:\n    mineralctl status gallium --dest US\n    mineralctl upcoming --within 6m\n" in text


@pytest.mark.parametrize("columns", ["60", "120"])
def test_a_group_without_a_command_prints_its_help_as_bare_mineralctl_does(columns: str) -> None:
    bare = in_process("rulebook", env={"COLUMNS": columns})
    helped = in_process("rulebook", "--help", env={"COLUMNS": columns})
    # The group's help on stdout, nothing on stderr, the usage exit code (as bare 'mineralctl').
    assert (bare.code, bare.stderr) == (2, "")
    assert (helped.code, helped.stderr) == (0, "")
    assert bare.stdout == helped.stdout
    assert bare.stdout.startswith("Usage: mineralctl rulebook [OPTIONS] COMMAND [ARGS]...\n")
    assert "\\x0a" not in bare.stdout
    assert [line.split()[0] for line in bare.stdout.split("\nCommands:\n", 1)[1].splitlines()] == [
        "validate",
        "info",
        "diff",
    ]
    # A command of the group still runs, and an unknown one is still one line, exit 2.
    unknown = in_process("rulebook", "bogus")
    assert (unknown.code, unknown.stdout) == (2, "")
    assert unknown.stderr == "mineralctl: error: No such command 'bogus'. (see 'mineralctl rulebook --help')\n"


def dest_help(command: str) -> str:
    """The --dest line(s) of a command's help, joined into one line."""
    run = in_process(command, "--help", env={"COLUMNS": "200"})
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    (at,) = [n for n, x in enumerate(lines) if x.strip().startswith("--dest ")]
    indent = len(lines[at]) - len(lines[at].lstrip()) + 4  # continuation lines sit deeper
    text = lines[at].split()[2:]
    for line in lines[at + 1 :]:
        if len(line) - len(line.lstrip()) <= indent:
            break
        text += line.split()
    return " ".join(text)


@pytest.mark.parametrize(
    ("command", "default"),
    [
        (
            "status",
            "Default: other destinations, i.e. any destination no country-specific measure names (the answer "
            "lists those treated differently).",
        ),
        ("timeline", "Default: other destinations, i.e. any destination no country-specific measure names."),
        ("diff", "Default: other destinations, i.e. any destination no country-specific measure names."),
        ("upcoming", "Default: every destination (other destinations and each one a measure names)."),
    ],
)
def test_dest_help_says_what_the_command_does_without_it(command: str, default: str) -> None:
    text = dest_help(command)
    assert "English name or Chinese name (美国)" in text
    assert text.endswith(default)


def test_dest_help_of_upcoming_is_not_that_of_status_and_matches_what_it_does() -> None:
    assert "other destinations, i.e." not in dest_help("upcoming")
    # Without --dest, upcoming answers the destinations named for a material too.
    run = in_process("upcoming", "--from", "2026-11-11", "--within", "1d", "-f", "json")
    assert run.code == 0
    places = {x["destination"] for e in run.json()["events"] for x in e["effects"]}
    assert None in places and "US" in places
    run = in_process("upcoming", "--from", "2026-11-11", "--within", "1d", "-f", "json", "--dest", "美国")
    assert run.code == 0
    assert {x["destination"] for e in run.json()["events"] for x in e["effects"]} == {"US"}


@pytest.mark.parametrize("command", ["entities", "screen"])
def test_other_dest_options_name_chinese_names_too(command: str) -> None:
    assert "Chinese name" in dest_help(command)
