"""Names at the edges: marks that fold() reads as spaces never make a name answer for another,
and an empty or blank argument is a usage error as an empty option value is."""

from __future__ import annotations

import pytest
from conftest import in_process, mineralctl

from mineralctl import load_rulebook
from mineralctl.errors import NotFoundError

SUGGESTION = "did you mean gallium, gadolinium, metal gallium or gallium metal?"
MATERIALS_HINT = "give a material such as gallium (mineralctl materials lists them)"
EMPTY_MATERIAL = f"mineralctl: error: MATERIAL: the name is empty; {MATERIALS_HINT}\n"


@pytest.mark.parametrize("name", ["-gallium", "--gallium", "_gallium_", "gallium-", "gallium_", " -gallium "])
def test_a_name_with_a_mark_at_either_end_is_unknown(name):
    run = in_process("status", "--date", "2025-01-15", "-q", "--", name)
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == f"mineralctl: error: unknown material {name.strip()!r}; {SUGGESTION}\n"
    run = in_process("timeline", "--", name)
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == f"mineralctl: error: unknown material {name.strip()!r}; {SUGGESTION}\n"


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("gallium", "prohibited\n"),
        (" gallium ", "prohibited\n"),
        ("GALLIUM", "prohibited\n"),
        # Marks inside a name are read as spaces: the alias 'gallium ingot' either way.
        ("gallium-ingot", "prohibited\n"),
        ("gallium_ingot", "prohibited\n"),
    ],
)
def test_the_same_name_without_marks_at_its_ends_answers(name, answer):
    run = in_process("status", "--date", "2025-01-15", "--dest", "US", "-q", "--", name)
    assert (run.code, run.stdout, run.stderr) == (0, answer, "")


def test_groups_and_the_python_api_refuse_them_too():
    run = in_process("materials", "--group=-rare-earths")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == (
        "mineralctl: error: unknown group '-rare-earths'; did you mean rare earths, rare earth or rare earth metals?\n"
    )
    run = in_process("materials", "--group", "rare-earths", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    assert len(run.stdout.splitlines()) == 18  # the header and the 17 rare earths
    book = load_rulebook()
    assert [m.id for m in book.find_materials("gallium")] == ["gallium"]
    with pytest.raises(NotFoundError, match="unknown material '_gallium_'"):
        book.find_materials("_gallium_")
    assert book.group_named("rare_earths") is not None and book.group_named("rare_earths_") is None


def test_show_refuses_a_marked_name_and_shows_the_plain_one():
    run = in_process("show", "--", "-gallium")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == f"mineralctl: error: unknown material, measure or listed end user '-gallium'; {SUGGESTION}\n"
    run = in_process("show", "gallium")
    assert (run.code, run.stderr) == (0, "") and run.stdout.startswith("gallium\n")


@pytest.mark.parametrize(
    "args",
    [
        ("status", ""),
        ("status", " "),
        ("status", "gallium", ""),
        ("timeline", ""),
        ("timeline", "\t"),
        ("diff", "", "--from", "2025-01-01", "--to", "2025-02-01"),
    ],
)
def test_an_empty_or_blank_material_is_a_usage_error(args):
    run = in_process(*args)
    assert (run.code, run.stdout, run.stderr) == (2, "", EMPTY_MATERIAL)


@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_or_blank_show_argument_is_a_usage_error(value):
    run = in_process("show", value)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: ID: the name is empty; give a material, a measure or suspension id, an instrument or "
        "a listed end user\n"
    )


def test_the_installed_script_says_the_same():
    run = mineralctl("status", "")
    assert (run.code, run.stdout, run.stderr) == (2, "", EMPTY_MATERIAL)
    run = mineralctl("status", "--", "-gallium")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == f"mineralctl: error: unknown material '-gallium'; {SUGGESTION}\n"


@pytest.mark.parametrize(
    ("option", "value", "shown"),
    [
        ("--date", " ", "' '"),
        ("--date", "   ", "'   '"),
        ("--date", "", "''"),
        ("--date", " xyz ", "'xyz'"),
    ],
)
def test_an_unreadable_date_is_echoed_as_given(option, value, shown):
    run = in_process("status", "gallium", f"{option}={value}")
    assert (run.code, run.stdout) == (2, "")
    assert (
        run.stderr == f"mineralctl: error: {option}: cannot read {shown} as a date; use YYYY-MM-DD, e.g. 2025-11-09\n"
    )


def test_a_blank_range_date_is_echoed_too():
    run = in_process("timeline", "gallium", "--from", " ")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "mineralctl: error: --from: cannot read ' ' as a date; use YYYY-MM-DD, e.g. 2025-11-09\n"
