"""Command lines read the same way in every command: repeated options, reversed ranges,
options that would do nothing, the bare command, duplicates in the material list, help."""

from __future__ import annotations

import pytest
from conftest import in_process, mineralctl


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "gallium", "--dest", "US", "--dest", "JP"], "--dest given more than once: give it once"),
        (["status", "gallium", "--dest=US", "--dest", "JP"], "--dest given more than once: give it once"),
        (["status", "gallium", "-f", "json", "--format", "csv"], "-f / --format given more than once: give it once"),
        (["status", "gallium", "-fjson", "-f", "csv"], "-f given more than once: give it once"),
        (["status", "gallium", "--explain", "--explain"], "--explain given more than once: give it once"),
        (["timeline", "gallium", "--from", "2024-01-01", "--from", "2025-01-01"], "--from given more than once"),
        (["diff", "--from", "2024-01-01", "--to", "2025-01-01", "--to", "2025-02-01"], "--to given more than once"),
        (["upcoming", "--within", "1y", "--within", "2y"], "--within given more than once"),
        (["materials", "--group", "REE", "--group", "rare earths"], "--group given more than once"),
        (["measures", "--material", "Ga", "--material", "Ge"], "--material given more than once"),
        (["show", "gallium", "-f", "json", "-f", "json"], "-f given more than once"),
        (["screen", "-", "--dest", "US", "--dest", "JP"], "--dest given more than once"),
    ],
)
def test_a_repeated_option_is_refused(args, message):
    run = in_process(*args)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("mineralctl: error: ") and message in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_repeated_value_is_not_a_repeated_option():
    # '--date' as a material name after '--' is data, and the value of --dest may look like a flag name.
    run = in_process("status", "gallium", "--date", "2026-01-01", "--dest", "US", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")


@pytest.mark.parametrize("command", [["diff"], ["timeline", "gallium"]])
def test_from_after_to_is_refused_everywhere(command):
    run = in_process(*command, "--from", "2025-12-01", "--to", "2025-11-01")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "mineralctl: error: --to 2025-11-01 is before --from 2025-12-01\n"
    # The same day on both sides is a range of one day.
    assert in_process(*command, "--from", "2025-12-01", "--to", "2025-12-01").code == 0


def test_explain_with_csv_is_refused_not_ignored():
    run = in_process("status", "gallium", "--date", "2026-01-01", "--explain", "-f", "csv")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("mineralctl: error: --explain needs --format table or json")
    assert in_process("status", "gallium", "--date", "2026-01-01", "--explain", "-f", "json").code == 0


def test_bare_command_prints_help_and_no_empty_error():
    run = in_process()
    assert run.code == 2
    assert "Usage: mineralctl [OPTIONS] COMMAND [ARGS]..." in run.stdout
    assert run.stderr == ""


def test_a_material_named_twice_is_answered_once():
    run = in_process("status", "gallium", "镓", "Ga", "germanium", "--date", "2026-01-01", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    assert [line.split(",")[0] for line in run.stdout.splitlines()[1:]] == ["gallium", "germanium"]


def test_help_defines_the_statuses_in_order():
    run = in_process("--help")
    assert run.code == 0
    text = " ".join(run.stdout.replace("│", " ").split())
    order = [text.index(f"{s} (") for s in ("not-controlled", "license-required", "enhanced-review", "prohibited")]
    assert order == sorted(order)
    assert "--fail-on STATUS means at or above it" in text


@pytest.mark.parametrize(
    "command", ["status", "timeline", "diff", "upcoming", "materials", "measures", "show", "screen"]
)
def test_every_command_help_has_examples(command):
    run = in_process(command, "--help")
    assert run.code == 0
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    examples = [line.strip() for line in lines[at + 1 : at + 3]]
    assert all(e.startswith(("mineralctl ", "cat ")) for e in examples), examples


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("mineralctl status galli", ["gallium", "gallium antimonide"]),
        ("mineralctl status 镓", ["镓"]),
        ("mineralctl status gallium --dest Germ", ["Germany"]),
        ("mineralctl diff gallium --dest U", ["UA", "UG"]),
        ("mineralctl show mofcom-2025-7", ["mofcom-2025-72"]),
        ("mineralctl measures --material REE", ["REE", "REEs"]),
        # every --dest completes alike (screen and entities included)
        ("mineralctl screen f.csv --dest Ja", ["Jamaica", "Japan"]),
        ("mineralctl entities --dest Ja", ["Jamaica", "Japan"]),
        ("mineralctl status gallium --dest Ja", ["Jamaica", "Japan"]),
        ("mineralctl show mofcom-2025-21-c", ["mofcom-2025-21-control"]),
        ("mineralctl show mofcom-2025-11-05-s", ["mofcom-2025-11-05-suspension"]),
        ("mineralctl show Sierra", ["Sierra Nevada Corporation"]),
    ],
)
def test_shell_completion_completes_names_destinations_and_ids(words, expected):
    cword = str(len(words.split()) - 1)
    run = mineralctl(env={"_MINERALCTL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert run.code == 0 and run.stderr == ""
    offered = run.stdout.splitlines()
    assert offered[: len(expected)] == expected or set(expected) <= set(offered), offered


def test_completion_offers_nothing_for_what_nothing_starts_with():
    for words in ("mineralctl screen f.csv --dest Qz", "mineralctl show zzz-no-such"):
        cword = str(len(words.split()) - 1)
        run = mineralctl(env={"_MINERALCTL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
        assert (run.code, run.stdout.strip(), run.stderr) == (0, "", "")


def test_completion_is_not_imported_by_a_lookup():
    import subprocess
    import sys

    code = "import sys; from mineralctl import entry, cli; print('mineralctl.complete' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False"
