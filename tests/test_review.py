"""mineralctl rulebook validate and info: every problem at once, a reviewer's warnings, exit 0 or 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, in_process

from mineralctl import review
from mineralctl.api import load_rulebook

REVIEW = str(FIXTURES / "review.yaml")
MINIMAL = str(FIXTURES / "minimal.yaml")
OVERLAY = str(FIXTURES / "overlay.yaml")
INVALID = str(FIXTURES / "invalid.yaml")
ENTITIES = str(FIXTURES / "entities.yaml")
EXAMPLE = str(REPO / "docs" / "examples" / "extend-no-70.yaml")


def test_each_warning_at_its_entry():
    found = [str(f) for f in review.warnings(load_rulebook(REVIEW, overlays=[]))]
    assert found == [
        f"{REVIEW}:9:5: warning: material 'orphan' is named by no measure (only all-dual-use measures reach it)",
        f"{REVIEW}:12:5: warning: measure 'home-page-only' has no source URL naming a page (only a site's home "
        "page): give the instrument's own page",
        f"{REVIEW}:20:5: warning: measure 'ended-quietly' ended after 2025-06-29, its last day, before as_of "
        "2025-06-30, and "
        "nothing records what followed (no measure naming its materials starts the next day, and it has no notes)",
        f"{REVIEW}:47:5: warning: measure 'twin' has the same window and scope as 'replacement' ({REVIEW}:38:5)",
        f"{REVIEW}:57:5: warning: suspension 'holds-nothing' covers nothing: none of its targets is in force "
        "during 2023-01-01 .. 2023-12-31",
    ]


def test_a_window_ending_on_as_of_is_not_flagged():
    """'replacement' ends on as_of itself (2025-06-30): what follows is after the sources were checked."""
    found = " ".join(str(f) for f in review.warnings(load_rulebook(REVIEW, overlays=[])))
    assert "'replacement' ended" not in found and "'ended-and-replaced'" not in found


def test_the_packaged_rulebook_has_no_warnings():
    assert review.warnings(load_rulebook(overlays=[])) == []


def test_validate_text_warnings_pass_unless_strict():
    run = in_process("rulebook", "validate", REVIEW)
    assert run.code == 0
    assert len(run.stdout.splitlines()) == 5 and all(": warning: " in line for line in run.stdout.splitlines())
    assert run.stderr == "mineralctl: 1 file read: 0 errors, 5 warnings\n"
    strict = in_process("rulebook", "validate", REVIEW, "--strict")
    assert (strict.code, strict.stdout) == (3, run.stdout)
    assert strict.stderr == "mineralctl: 1 file read: 0 errors, 5 warnings (--strict)\n"


def test_validate_a_base_and_an_overlay():
    run = in_process("rulebook", "validate", MINIMAL, OVERLAY)
    assert (run.code, run.stderr) == (0, "mineralctl: 2 files read: 0 errors, 3 warnings\n")
    # Windows closed before as_of with nothing said about what came next, in both files.
    assert [line.split(": warning: ")[0] for line in run.stdout.splitlines()] == [
        f"{MINIMAL}:30:5",
        f"{MINIMAL}:56:5",
        f"{OVERLAY}:28:5",
    ]


def test_validate_lists_every_error_and_skips_later_overlays():
    run = in_process("rulebook", "validate", INVALID, OVERLAY, "-f", "json")
    assert run.code == 3
    document = run.json()
    assert (document["valid"], document["files"], document["unchecked"]) == (False, [], [OVERLAY])
    assert document["errors"] == len(document["problems"]) > 2
    assert all(p["path"] == INVALID and p["line"] >= 1 for p in document["problems"][:-1])
    assert document["problems"][-1] == {
        "path": OVERLAY, "line": None, "column": None, "level": "error",
        "message": "not checked: an earlier file has errors",
    }  # fmt: skip


def test_validate_overlays_on_a_base(tmp_path):
    clash = tmp_path / "clash.yaml"
    clash.write_text('version: "c"\nas_of: "2025-06-30"\nmaterials:\n  - id: delta\n    name: D\n')
    run = in_process("rulebook", "validate", "--base", MINIMAL, OVERLAY, str(clash))
    assert run.code == 3
    assert run.stdout == f"{clash}:4:9: error: material id 'delta' is already defined at {OVERLAY}:9:5\n"
    run = in_process("rulebook", "validate", "--base", "packaged", EXAMPLE, "-f", "json")
    assert run.code == 0
    document = run.json()
    assert [f["path"] for f in document["files"]] == ["measures.yaml (packaged)", EXAMPLE]
    assert [p["level"] for p in document["problems"]] == ["warning"]


def test_validate_a_missing_file():
    run = in_process("rulebook", "validate", "--base", MINIMAL, "nowhere.yaml")
    assert (run.code, run.stdout) == (3, "nowhere.yaml: error: overlay not found\n")


def test_github_annotations(tmp_path):
    odd = tmp_path / "a,b:c.yaml"
    odd.write_text('version: "x"\nas_of: "2025-06-31"\n')
    run = in_process("rulebook", "validate", "--base", MINIMAL, str(odd), "-f", "github")
    assert run.code == 3 and run.stderr == ""
    path = str(odd).replace(",", "%2C").replace(":", "%3A")
    assert run.stdout == f"::error file={path},line=2,col=8::as_of: '2025-06-31' is not a real date\n"
    run = in_process("rulebook", "validate", REVIEW, "-f", "github")
    assert run.code == 0
    assert run.stdout.splitlines()[0] == (
        f"::warning file={REVIEW},line=9,col=5::material 'orphan' is named by no measure "
        "(only all-dual-use measures reach it)"
    )


def test_info_counts_each_file(tmp_path):
    run = in_process("rulebook", "info", "--rulebook", MINIMAL, "--overlay", OVERLAY, "-f", "json",
                     env={"MINERALCTL_TODAY": "2025-07-10"})  # fmt: skip
    assert run.code == 0, run.stderr
    document = run.json()
    assert document["today"] == "2025-07-10"
    assert document["files"] == [
        {"path": MINIMAL, "version": "test-1", "as_of": "2025-06-30", "overlay": False, "kind": "rulebook",
         "age_days": 10,         "materials": 3, "measures": 3, "suspensions": 1, "sources": 4},
        {"path": OVERLAY, "version": "overlay-1", "as_of": "2025-08-31", "overlay": True, "kind": "overlay",
         "age_days": -52,         "materials": 1, "measures": 1, "suspensions": 1, "sources": 2},
    ]  # fmt: skip
    assert document["total"] == {"materials": 4, "measures": 4, "suspensions": 2, "sources": 6}
    # The end-user lists answer whenever an end user is named and count for --max-age: named too.
    assert document["entity_lists"] == {
        "path": "entities.yaml (packaged)", "version": "entities-1", "as_of": "2026-09-30", "overlay": False,
        "kind": "entities", "age_days": -447, "listings": 13, "entities": 193, "suspensions": 3, "endings": 2,
    }  # fmt: skip
    table = in_process("rulebook", "info", "--rulebook", MINIMAL, "--overlay", OVERLAY,
                       env={"MINERALCTL_TODAY": "2025-07-10"})  # fmt: skip
    assert table.code == 0 and table.stderr == ""
    assert " ".join(table.stdout.split()).endswith(
        "Answers for dates after 2025-06-30, the earliest checked-through date of the rulebook files, are projected."
    )
    assert "overlay-1" in table.stdout and "test-1" in table.stdout and "entities-1" in table.stdout
    # The table counts what the lists hold, as the JSON does.
    assert "The entity lists hold 13 listings of 193 entities, 3 suspensions and 2 endings of listings." in " ".join(
        table.stdout.split()
    )


def test_info_names_the_entity_lists_and_when_they_project_first(tmp_path):
    # The test lists are checked to 2025-06-30, the rulebook to 2026-10-08: an answer naming an
    # end user is projected after the earlier date, and the table says so.
    env = {"MINERALCTL_TODAY": "2026-11-29", "COLUMNS": "200"}
    run = in_process("rulebook", "info", "--entities", ENTITIES, env=env)
    assert (run.code, run.stderr) == (0, "")
    (row,) = [line for line in run.stdout.splitlines() if line.startswith("│") and "entity lists" in line]
    cells = [c.strip() for c in row.strip()[1:-1].split("│")]
    assert cells == [ENTITIES, "entity lists", "entities-test-1", "2025-06-30", "517", "", "", "1", ""]
    assert " ".join(run.stdout.split()).endswith(
        "Answers for dates after 2026-10-08, the earliest checked-through date of the rulebook files, are "
        "projected; answers naming an end user, for dates after 2025-06-30, the entity lists' checked-through date."
    )
    # Lists checked to the day before the rulebook's as_of project first; to the same day, not.
    text = Path(ENTITIES).read_text(encoding="utf-8")
    for as_of, clause in (("2026-10-07", True), ("2026-10-08", False)):
        lists = tmp_path / f"lists-{as_of}.yaml"
        lists.write_text(text.replace('as_of: "2025-06-30"', f'as_of: "{as_of}"', 1), encoding="utf-8")
        run = in_process("rulebook", "info", "--entities", str(lists), env=env)
        assert (run.code, run.stderr) == (0, "")
        said = " ".join(run.stdout.split())
        assert said.endswith(
            f"are projected; answers naming an end user, for dates after {as_of}, "
            "the entity lists' checked-through date."
            if clause
            else "the earliest checked-through date of the rulebook files, are projected."
        )
    json_run = in_process("rulebook", "info", "--entities", ENTITIES, "-f", "json", env=env)
    assert json_run.code == 0 and json_run.json()["entity_lists"]["age_days"] == 517
    missing = in_process("rulebook", "info", "--entities", "/nonexistent.yaml")
    assert (missing.code, missing.stdout) == (3, "")
    assert missing.stderr == "mineralctl: error: /nonexistent.yaml: entity file not found\n"


@pytest.mark.parametrize(
    ("today", "cell", "age_days"),
    [("2025-08-30", "in the future (1 day)", -1), ("2025-08-31", "0", 0), ("2025-09-01", "1", 1)],
)
def test_info_says_a_file_checked_after_today_is_in_the_future(today, cell, age_days):
    # The overlay is checked to 2025-08-31: the day before, its age is in the future, never -1.
    env = {"MINERALCTL_TODAY": today, "COLUMNS": "200"}
    table = in_process("rulebook", "info", "--rulebook", MINIMAL, "--overlay", OVERLAY, env=env)
    assert table.code == 0 and table.stderr == ""
    (row,) = [line for line in table.stdout.splitlines() if "overlay-1" in line]
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[:5] == [OVERLAY, "overlay", "overlay-1", "2025-08-31", cell]
    ages = [line.split("│")[5].strip() for line in table.stdout.splitlines() if line.startswith("│")]
    assert len(ages) == 4 and not any(age.startswith("-") for age in ages)
    # JSON keeps the number, negative when as_of is after today (README, rulebook info).
    run = in_process("rulebook", "info", "--rulebook", MINIMAL, "--overlay", OVERLAY, "-f", "json", env=env)
    assert run.code == 0 and run.stderr == ""
    assert [f["age_days"] for f in run.json()["files"]][1] == age_days


@pytest.mark.parametrize("args", [["rulebook"], ["rulebook", "validate"], ["rulebook", "validate", "-f", "xml", "a"]])
def test_rulebook_usage_errors(args):
    run = in_process(*args)
    assert run.code == 2


def test_an_overlay_checked_alone_is_pointed_at_its_base():
    run = in_process("rulebook", "validate", EXAMPLE)
    assert run.code == 3
    lines = run.stdout.splitlines()
    # The pointer is a note, not one more error: the count is that of the problems listed.
    assert lines[-1] == f"{EXAMPLE}: note: if this file is an overlay, check it on its base: --base packaged"
    errors = [line for line in lines if ": error: " in line]
    assert errors and run.stderr == f"mineralctl: 0 files read: {len(errors)} errors, 0 warnings\n"


def test_an_overlay_older_than_its_base_is_a_warning(tmp_path):
    older = tmp_path / "older.yaml"
    older.write_text('version: "o"\nas_of: "2025-06-29"\n')
    same = tmp_path / "same.yaml"
    same.write_text('version: "s"\nas_of: "2025-06-30"\n')
    run = in_process("rulebook", "validate", "--base", MINIMAL, str(same), str(older))
    assert run.code == 0
    assert run.stdout.splitlines()[-1] == (
        f"{older}: warning: as_of 2025-06-29 is earlier than the base's (2025-06-30): answers after 2025-06-29 "
        "are projected while this overlay is in use"
    )
    assert str(same) not in run.stdout


def test_text_from_the_file_never_reaches_the_terminal_as_control_codes(tmp_path):
    odd = tmp_path / "odd.yaml"
    odd.write_text('version: "x"\nas_of: "2025-06-30"\nmaterials:\n  - id: "bad\\u001b[31mid"\n    name: N\n')
    for fmt in ("text", "github"):
        run = in_process("rulebook", "validate", "--base", MINIMAL, str(odd), "-f", fmt)
        assert run.code == 3
        assert "\x1b" not in run.stdout and "\\x1b" in run.stdout


@pytest.mark.parametrize(("today", "warned"), [("2025-08-31", False), ("2025-08-30", True)])
def test_an_as_of_after_today_is_a_warning(today, warned):
    run = in_process("rulebook", "validate", "--base", MINIMAL, OVERLAY, env={"MINERALCTL_TODAY": today})
    warning = (
        f"{OVERLAY}: warning: as_of 2025-08-31 is after today ({today}): sources cannot have been checked "
        "through a day that has not come; correct the date\n"
    )
    assert run.code == 0
    assert (warning in run.stdout + run.stderr) is warned
    assert run.stderr.endswith(f"2 files read: 0 errors, {4 if warned else 3} warnings\n")
    strict = in_process("rulebook", "validate", "--strict", "--base", MINIMAL, OVERLAY, env={"MINERALCTL_TODAY": today})
    assert strict.code == 3  # the base's own warnings fail --strict either way


def test_a_future_as_of_never_makes_an_answer_fresher(tmp_path):
    future = tmp_path / "future.yaml"
    future.write_text(Path(OVERLAY).read_text(encoding="utf-8").replace('as_of: "2025-08-31"', 'as_of: "2999-01-01"'))
    env = {"MINERALCTL_TODAY": "2025-07-10"}
    args = ("status", "alpha", "--date", "2025-07-01", "--rulebook", MINIMAL, "--overlay", str(future), "-f", "json")
    run = in_process(*args, env=env)
    assert run.code == 0
    document = run.json()
    assert document["rulebook"]["as_of"] == "2025-06-30"  # the base's, not the overlay's
    assert document["results"][0]["projected"] is True
    stale = in_process(*args, "--max-age", "9d", env=env)
    assert stale.code == 5 and "as_of 2025-06-30 is older than --max-age 9d" in stale.stderr
    fresh = in_process(*args, "--max-age", "10d", env=env)
    assert fresh.code == 0


def test_the_overlay_hint_is_a_note_and_every_count_agrees(tmp_path):
    bad = tmp_path / "bad1.yaml"
    bad.write_text('version: x\nas_of: "2025-01-01"\nbogus: 1\n')
    problems = [
        f"{bad}:1:1: error: rulebook: missing required key 'materials'",
        f"{bad}:1:1: error: rulebook: missing required key 'measures'",
        f"{bad}:3:1: error: rulebook: unknown key 'bogus' (allowed: as_of, destinations, groups, materials, "
        "measures, notes, suspensions, version)",
    ]
    note = f"{bad}: note: if this file is an overlay, check it on its base: --base packaged"
    run = in_process("rulebook", "validate", str(bad))
    assert (run.code, run.stdout, run.stderr) == (
        3,
        "\n".join([*problems, note]) + "\n",
        "mineralctl: 0 files read: 3 errors, 0 warnings\n",
    )
    # Any command reading the file counts the same problems.
    used = in_process("status", "gallium", "--rulebook", str(bad))
    assert (used.code, used.stdout) == (3, "")
    assert used.stderr == "\n".join(problems) + "\nmineralctl: error: 3 problems in the rulebook\n"
    document = in_process("rulebook", "validate", str(bad), "-f", "json")
    assert (document.code, document.stderr) == (3, "")
    found = document.json()
    assert (found["valid"], found["errors"], found["warnings"]) == (False, 3, 0)
    assert [p["level"] for p in found["problems"]] == ["error", "error", "error", "note"]
    github = in_process("rulebook", "validate", str(bad), "-f", "github")
    assert (github.code, github.stderr) == (3, "")
    assert github.stdout.splitlines()[-1] == (
        f"::notice file={bad}::if this file is an overlay, check it on its base: --base packaged"
    )
    assert [line.split(" ")[0] for line in github.stdout.splitlines()] == ["::error"] * 3 + ["::notice"]
    # A file that does not look like an overlay gets no note: its errors alone.
    other = tmp_path / "bad2.yaml"
    other.write_text('version: x\nas_of: "2025-01-01"\nmaterials: []\nmeasures: []\nbogus: 1\n')
    run = in_process("rulebook", "validate", str(other))
    lines = run.stdout.splitlines()
    assert lines and all(": error: " in line for line in lines)
    assert (run.code, run.stderr) == (3, f"mineralctl: 0 files read: {len(lines)} errors, 0 warnings\n")
