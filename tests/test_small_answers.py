"""Small presentation rules: the `upcoming` title, the end-user block of a `status` table, one
escape form for control characters, an HS code an item's notes name, and the `entities` title.
Each case checks the exit code, stdout and stderr together."""

from __future__ import annotations

from conftest import mineralctl

FOOTER = "A research aid, not legal advice."


def test_upcoming_starts_with_a_title_naming_the_window_and_the_destination():
    run = mineralctl("upcoming", "--from", "2026-10-01", "--within", "90d", "--dest", "DE", env={"COLUMNS": "120"})
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[0] == "Dated changes from 2026-10-01 to 2026-12-30 (Germany (DE), civil end use)"
    assert lines[1].startswith("2026-11-11 (projected)")
    every = mineralctl("upcoming", "--from", "2026-10-01", "--within", "90d", env={"COLUMNS": "120"})
    assert (every.code, every.stderr) == (0, "")
    assert every.stdout.splitlines()[0] == (
        "Dated changes from 2026-10-01 to 2026-12-30 (every destination, civil end use)"
    )


def test_upcoming_with_nothing_in_the_window_says_so_with_the_destination():
    run = mineralctl("upcoming", "--from", "2030-01-01", "--within", "10d", "--dest", "DE", env={"COLUMNS": "120"})
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[0] == "No dated changes from 2030-01-01 to 2030-01-11 (Germany (DE), civil end use)."


def end_user_block(material: str, dest: str, name: str, day: str) -> tuple[str, str]:
    """(the whole table, what follows its "End user '…' on DATE:" line), 80 columns wide."""
    run = mineralctl("status", material, "--dest", dest, "--end-user", name, "--date", day, env={"COLUMNS": "80"})
    assert (run.code, run.stderr) == (0, "")
    return run.stdout, run.stdout.split(f"End user {name!r} on {day}:\n", 1)[1]


def test_the_end_user_block_indents_what_wraps_and_counts_the_possible_matches_once():
    table, block = end_user_block("gallium", "JP", "Mitsubishi Heavy Industries", "2026-03-01")
    assert block.startswith(
        "  • 5 possible matches to review, in the notes above: they do not change the\n    status\n"
    )
    # each possible match is said once, as a note of the table
    assert table.count("Mitsubishi Heavy Industries Aero Engines, Ltd.") == 1


def test_a_definite_match_wraps_under_itself_and_its_reason_under_it():
    _, block = end_user_block("tungsten", "US", "High Point Aerotechnologies", "2025-09-10")
    lines = block.splitlines()
    assert lines[0].startswith("  • High Point Aerotechnologies (高点航空技术公司; US), control list")
    assert lines[1].startswith("    ") and not lines[1].startswith("     ")
    assert lines[2].startswith("    – measures of the control list")
    assert lines[3].startswith("      ") and "2025-11-09" in lines[3]


def test_a_carriage_return_is_escaped_alike_in_the_record_and_its_error():
    data = 'material,destination,date,end_use\n"x\rOVERWRITE",US,2025-01-15,civil\n'
    run = mineralctl("screen", "-", "-f", "table", stdin=data, env={"COLUMNS": "80"})
    assert run.code == 4
    assert "\r" not in run.stdout and "\r" not in run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "x\\rOVERWRITE"
    assert "  error                 line 2: unknown material 'x\\rOVERWRITE'" in lines
    assert "\\x0d" not in run.stdout
    assert run.stderr.endswith("mineralctl: screen failed (exit 4): 1 row unresolved (see the error column)\n")


def test_an_hs_code_an_items_notes_name_points_to_that_material():
    run = mineralctl("status", "8110929010")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == (
        "mineralctl: error: unknown HS code '8110929010'; did you mean gallium (the notes of its item 'Metal "
        "gallium' name this code)? (no item in the rulebook lists it; HS codes are reference only)\n"
    )
    # one digit off: named by no note, so no pointer
    other = mineralctl("status", "8110929011")
    assert (other.code, other.stdout) == (4, "")
    assert other.stderr == (
        "mineralctl: error: unknown HS code '8110929011' (no item in the rulebook lists it; HS codes are reference "
        "only)\n"
    )


def test_entities_names_the_list_asked_for_in_its_title():
    for args, title in (
        (("--list", "control"), "entities on the control list on 2026-07-01"),
        (("--list", "watch"), "entities on the watch list on 2026-07-01"),
        ((), "entities on the lists on 2026-07-01"),
    ):
        run = mineralctl("entities", *args, "--date", "2026-07-01", env={"COLUMNS": "200"})
        assert (run.code, run.stderr) == (0, "")
        first = run.stdout.splitlines()[0]
        assert first.split(" ", 1)[1] == title, first
        assert run.stdout.rstrip().endswith(FOOTER)
