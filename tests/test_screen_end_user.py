"""`mineralctl screen` with an end user: a column (found by name or named) or one buyer for the
whole file, answered exactly as `mineralctl status --end-user` answers; each case checks the exit
code, stdout and stderr together."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import in_process

HEADER = "material,destination,date,end_use,buyer\n"
LISTS = "entity lists entities.yaml (packaged) entities-1"


def by_name(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_control_listing_makes_a_listed_item_prohibited_from_its_first_day_not_the_day_before():
    data = HEADER + "antimony,DE,2025-04-03,civil,Sierra Nevada Corp\nantimony,DE,2025-04-04,civil,Sierra Nevada Corp\n"
    run = in_process("screen", "-", "--fail-on", "prohibited", stdin=data)
    assert run.code == 1
    before, first = by_name(run.stdout)
    assert (before["status"], before["end_user_status"]) == ("license-required", "")
    assert before["end_user_match"] == (
        "Sierra Nevada Corporation (control list, MOFCOM Announcement No. 21 of 2025; not-yet-listed)"
    )
    assert (first["status"], first["end_user_status"]) == ("prohibited", "prohibited")
    assert LISTS in first["rulebook"] and first["error"] == ""
    assert run.stderr.startswith(
        "mineralctl: stdin: screened 2 rows: 1 prohibited, 0 enhanced-review, 1 license-required"
    )
    assert (
        f"mineralctl: answered by rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; {LISTS}"
        in run.stderr
    )
    assert run.stderr.endswith("screen failed (exit 1): 1 row at or above prohibited (--fail-on)\n")


def test_a_watch_listing_means_at_least_enhanced_review_and_a_whole_file_end_user_fills_empty_cells():
    data = (
        "material,destination,date,end_use,customer\ngallium,DE,2026-03-01,civil,\ngallium,DE,2026-03-01,civil,Acme\n"
    )
    run = in_process("screen", "-", "--end-user", "SUBARU Corporation", stdin=data)
    assert run.code == 0
    listed, other = by_name(run.stdout)
    assert (listed["customer"], listed["status"], listed["end_user_status"]) == (
        "",
        "enhanced-review",
        "enhanced-review",
    )
    assert listed["end_user_match"].startswith("SUBARU Corporation (watch list, MOFCOM Announcement No. 12 of 2026")
    assert (other["status"], other["end_user_status"], other["end_user_match"]) == (
        "license-required",
        "",
        "no listed entity matched",
    )


def test_a_possible_match_changes_nothing_and_fails_only_with_fail_on_possible_match():
    data = HEADER + "antimony,DE,2025-04-04,civil,Sierra Nevada Corporatio\n"
    run = in_process("screen", "-", stdin=data)
    assert run.code == 0
    (row,) = by_name(run.stdout)
    assert (row["status"], row["end_user_status"]) == ("license-required", "")
    assert row["end_user_match"].startswith("possible match, review: Sierra Nevada Corporation (score ")
    assert "; 1 possible end-user match to review\n" in run.stderr
    assert run.stderr.endswith(
        "screen passed: every row resolved; no --fail-on gate; 1 row with a possible end-user match to review "
        "(see end_user_match)\n"
    )
    run = in_process("screen", "-", "--fail-on-possible-match", stdin=data)
    assert run.code == 1 and by_name(run.stdout)[0]["status"] == "license-required"
    assert run.stderr.endswith(
        "screen failed (exit 1): 1 row with a possible end-user match to review (--fail-on-possible-match)\n"
    )


def test_no_end_user_no_end_user_columns_and_no_entity_file():
    run = in_process("screen", "-", stdin="material,destination,date,end_use\ngallium,DE,2026-03-01,civil\n")
    assert run.code == 0
    assert "end_user_status" not in run.stdout and "entity lists" not in run.stdout + run.stderr
    run = in_process(
        "screen",
        "-",
        "--fail-on-possible-match",
        stdin="material,destination,date,end_use\ngallium,DE,2026-03-01,civil\n",
    )
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: --fail-on-possible-match needs an end user: an end-user column (e.g. end_user, buyer), "
        "--end-user-column or --end-user\n"
    )


def test_end_user_column_named_and_added_names_never_overwrite_input_columns():
    data = (
        "material,destination,date,end_use,Kunde,end_user_status\nantimony,DE,2025-04-04,civil,Sierra Nevada Corp,x\n"
    )
    run = in_process("screen", "-", "--end-user-column", "kunde", stdin=data)
    assert run.code == 0
    (row,) = by_name(run.stdout)
    assert row["end_user_status"] == "x" and row["mineralctl_end_user_status"] == "prohibited"
    run = in_process("screen", "-", "--end-user-column", "client", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("mineralctl: error: stdin: --end-user-column: no column 'client' (found: material,")
    run = in_process("screen", "-", "--end-user", " ", stdin=data)
    assert (run.code, run.stdout, run.stderr) == (2, "", "mineralctl: error: --end-user: the name is empty\n")


def test_json_lines_end_users_per_record_and_projected_past_the_lists_as_of():
    data = (
        '{"material":"antimony","destination":"DE","date":"2025-04-04","end_use":"civil",'
        '"end_user":"Sierra Nevada Corp"}\n'
        '{"material":"gallium","destination":"DE","date":"2026-10-05","end_use":"civil"}\n'
    )
    run = in_process("screen", "-", stdin=data)
    assert run.code == 0
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert (first["status"], first["end_user_status"], first["projected"]) == ("prohibited", "prohibited", False)
    assert LISTS in first["rulebook"]
    assert "end_user_status" not in second and second["projected"] is False
    run = in_process("screen", "-", "--end-user", "Acme", stdin=data.replace("2025-04-04", "2026-10-05"))
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    # The lists are checked to 2026-09-30: an answer with an end user after that is projected.
    assert (first["projected"], first["end_user_status"], second["end_user_match"]) == (
        True,
        None,
        "no listed entity matched",
    )
    assert second["projected"] is True
    # The summary says after which as_of, of which file: the lists' earlier one for an end user.
    assert (
        "2 projected (dated after 2026-10-08, the as_of of the rulebook measures.yaml (packaged); "
        "with an end user, 2026-09-30, the as_of of the entity lists entities.yaml (packaged))\n"
    ) in run.stderr


def test_the_entity_file_counts_for_max_age():
    data = HEADER + "antimony,DE,2025-04-04,civil,Sierra Nevada Corp\n"
    run = in_process("screen", "-", "--max-age", "10y", stdin=data)
    assert run.code == 0
    # Checked to 2026-09-30, the lists are stale on 2026-11-01 for --max-age 30d; the rulebook
    # (checked to 2026-10-08) is not, so a run without an end user passes.
    today = {"MINERALCTL_TODAY": "2026-11-01"}
    run = in_process("screen", "-", "--max-age", "30d", stdin=data, env=today)
    assert run.code == 5 and by_name(run.stdout)[0]["status"] == "prohibited"
    assert "error: the entity lists (entities.yaml (packaged)) are stale: as_of 2026-09-30" in run.stderr
    # The verdict names the stale file too, the entity lists, not the rulebook.
    assert run.stderr.endswith(
        "screen failed (exit 5): the entity lists (entities.yaml (packaged), as_of 2026-09-30) "
        "are older than --max-age 30d\n"
    )
    assert "the rulebook (as_of" not in run.stderr
    plain = "material,destination,date,end_use\nantimony,DE,2025-04-04,civil\n"
    run = in_process("screen", "-", "--max-age", "30d", stdin=plain, env=today)
    assert run.code == 0, run.stderr


def test_the_verdict_names_the_stale_file_on_both_sides_of_the_boundary():
    data = HEADER + "antimony,DE,2025-04-04,civil,Sierra Nevada Corp\n"
    # The lists are checked to 2026-09-30: with --max-age 30d they are fresh through 2026-10-30.
    fresh = in_process("screen", "-", "--max-age", "30d", stdin=data, env={"MINERALCTL_TODAY": "2026-10-30"})
    assert fresh.code == 0, fresh.stderr
    assert by_name(fresh.stdout)[0]["status"] == "prohibited"
    assert "older than --max-age" not in fresh.stderr and "stale" not in fresh.stderr
    assert "screen passed" in fresh.stderr.splitlines()[-1]
    stale = in_process("screen", "-", "--max-age", "30d", stdin=data, env={"MINERALCTL_TODAY": "2026-10-31"})
    assert stale.code == 5
    assert by_name(stale.stdout)[0]["status"] == "prohibited"
    lines = stale.stderr.splitlines()
    assert lines[-1] == (
        "mineralctl: screen failed (exit 5): the entity lists (entities.yaml (packaged), as_of 2026-09-30) "
        "are older than --max-age 30d"
    )
    assert (
        "mineralctl: error: the entity lists (entities.yaml (packaged)) are stale: as_of 2026-09-30 is older "
        "than --max-age 30d (today is 2026-10-31)"
    ) in lines
    # Without an end user the lists do not contribute, and the rulebook (checked to 2026-10-08) is fresh.
    plain = "material,destination,date,end_use\nantimony,DE,2025-04-04,civil\n"
    plain = in_process("screen", "-", "--max-age", "30d", stdin=plain, env={"MINERALCTL_TODAY": "2026-10-31"})
    assert plain.code == 0, plain.stderr


DATES = ["2024-06-01", "2025-04-03", "2025-04-04", "2025-11-09", "2025-11-10", "2026-02-24", "2026-11-30"]
NAMES = ["Sierra Nevada Corp", "GIBBS&COX, Inc.", "Subaru Corporation", "Sierra Nevada Corporatio", "Acme Widgets"]


@pytest.mark.parametrize("material", ["antimony", "gallium", "graphite"])
def test_screen_and_status_give_the_same_status_and_projected_flag(material):
    cases = [(dest, day, name) for dest in ("DE", "US") for day in DATES for name in NAMES]
    data = HEADER + "".join(f'{material},{dest},{day},civil,"{name}"\n' for dest, day, name in cases)
    run = in_process("screen", "-", "--allow-unresolved", stdin=data)
    assert run.code == 0, run.stderr
    rows = by_name(run.stdout)
    assert len(rows) == len(cases)
    for (dest, day, name), row in zip(cases, rows, strict=True):
        status = in_process("status", material, "--dest", dest, "--date", day, "--end-user", name, "-f", "json")
        (answer,) = json.loads(status.stdout)["results"]
        listing = answer["end_user"]["status"]
        assert (row["status"], row["projected"], row["end_user_status"]) == (
            answer["status"],
            "true" if answer["projected"] else "false",
            listing or "",
        ), (dest, day, name)
        assert set(filter(None, row["uncertainty"].split(";"))) == set(answer["uncertainty_ids"]), (dest, day, name)


MHI = "Mitsubishi Heavy Industries"
MHI_CELL = "; ".join(
    f"possible match, review: Mitsubishi Heavy Industries {unit} (score 0.88{{}})"
    for unit in (
        "Aero Engines, Ltd.",
        "Engine & Turbocharger, Ltd.",
        "Marine Machinery & Equipment Co., Ltd.",
        "Maritime Systems, Ltd.",
        "Shipbuilding Co.",
    )
)


def test_a_parent_of_listed_units_is_a_possible_match_failing_only_once_the_listing_is_in_force():
    before = HEADER + f"gallium,JP,2026-02-23,civil,{MHI}\ngallium,JP,2026-03-01,civil,Industries\n"
    run = in_process("screen", "-", "--fail-on-possible-match", stdin=before)
    assert run.code == 0
    parent, generic = by_name(run.stdout)
    assert (parent["status"], parent["end_user_status"]) == ("license-required", "")
    assert parent["end_user_match"] == MHI_CELL.replace("{}", "; listing not yet in force")
    assert (generic["end_user_status"], generic["end_user_match"]) == ("", "no listed entity matched")
    assert "possible end-user match" not in run.stderr
    assert run.stderr.endswith("screen passed: every row resolved; no --fail-on gate\n")
    first_day = HEADER + f"gallium,JP,2026-02-24,civil,{MHI}\n"
    run = in_process("screen", "-", "--fail-on-possible-match", stdin=first_day)
    assert run.code == 1
    (parent,) = by_name(run.stdout)
    assert (parent["status"], parent["end_user_match"]) == ("license-required", MHI_CELL.replace("{}", ""))
    assert run.stderr.endswith(
        "screen failed (exit 1): 1 row with a possible end-user match to review (--fail-on-possible-match)\n"
    )


def test_a_possible_match_of_an_ended_listing_is_shown_and_fails_nothing():
    data = HEADER + "gallium,US,2025-11-09,civil,Leidos Holdings\ngallium,US,2025-11-10,civil,Leidos Holdings\n"
    run = in_process("screen", "-", "--fail-on-possible-match", stdin=data)
    assert run.code == 1
    in_force, ended = by_name(run.stdout)
    assert in_force["end_user_match"] == "possible match, review: Leidos (score 0.88)"
    assert ended["end_user_match"] == "possible match, review: Leidos (score 0.88; listing ended)"
    assert (in_force["end_user_status"], ended["end_user_status"]) == ("", "")
    assert "; 1 possible end-user match to review\n" in run.stderr
    assert run.stderr.endswith(
        "screen failed (exit 1): 1 row with a possible end-user match to review (--fail-on-possible-match)\n"
    )
    run = in_process("screen", "-", "--fail-on-possible-match", stdin=HEADER + data.splitlines(True)[-1])
    assert run.code == 0 and run.stderr.endswith("screen passed: every row resolved; no --fail-on gate\n")


@pytest.mark.parametrize("buyer", ["Mitsubishi Heavy Industries", "Leidos Holdings", "Raytheon", "Co", "FN"])
@pytest.mark.parametrize("day", ["2025-11-09", "2025-11-10", "2026-02-23", "2026-02-24"])
def test_the_buyer_column_says_what_status_end_user_says(buyer, day):
    from conftest import mineralctl

    run = in_process("screen", "-", stdin=HEADER + f"gallium,JP,{day},civil,{buyer}\n")
    assert run.code == 0
    (row,) = by_name(run.stdout)
    status = mineralctl("status", "gallium", "--dest", "JP", "-d", day, "--end-user", buyer, "-f", "csv")
    assert status.code == 0
    (answer,) = csv.DictReader(io.StringIO(status.stdout))
    assert (row["status"], row["end_user_status"], row["end_user_match"]) == (
        answer["status"],
        answer["end_user_status"],
        answer["end_user_matches"],
    )


def test_json_lines_cite_the_same_files_on_every_record_as_csv_does(tmp_path):
    """A buyer field in any record means the entity lists answered the run: every record cites
    the rulebook and the lists, those before the first buyer and broken lines too, as every
    row of a CSV file with a buyer column does. Without a buyer field, none cites the lists."""
    plain = '{"material":"gallium","destination":"US","date":"2026-07-01","end_use":"civil"}'
    buyer = plain[:-1] + ',"buyer":"Acme"}'
    both = f"rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; {LISTS}, checked to 2026-09-30"
    path = tmp_path / "lazy.jsonl"
    path.write_text("\n".join([plain, buyer, "not json", plain]) + "\n", encoding="utf-8")
    summary = (
        f"mineralctl: {path}: screened 4 rows: 0 prohibited, 0 enhanced-review, 3 license-required, "
        "0 not-controlled; 1 unresolved\n"
        f"mineralctl: answered by {both}\n"
        "mineralctl: screen failed (exit 4): 1 row unresolved (see the error column)\n"
    )
    run = in_process("screen", str(path))
    assert (run.code, run.stderr) == (4, summary)
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["rulebook"] for r in records] == [both] * 4
    assert "end_user_status" not in records[0] and records[1]["end_user_status"] is None
    assert records[2]["raw"] == "not json" and records[2]["status"] is None
    as_csv = in_process("screen", str(path), "-f", "csv")
    assert (as_csv.code, as_csv.stderr) == (4, summary)
    assert [row["rulebook"] for row in by_name(as_csv.stdout)] == [both] * 4
    # The same from standard input (read twice: spooled), and for a record of its own.
    run = in_process("screen", "-", stdin=path.read_text(encoding="utf-8"))
    assert run.stderr.endswith(summary.split("\n", 1)[1])
    assert run.code == 4 and [json.loads(line)["rulebook"] for line in run.stdout.splitlines()] == [both] * 4
    alone = tmp_path / "plain.jsonl"
    alone.write_text(plain + "\n" + plain + "\n", encoding="utf-8")
    for format in ("jsonl", "csv"):
        run = in_process("screen", str(alone), "-f", format)
        assert run.code == 0, run.stderr
        assert "entity lists" not in run.stdout + run.stderr
        assert run.stdout.count("rulebook data-2, sources checked to 2026-10-08") == 2
    # A buyer for the whole file brings the lists in for every record, as in CSV.
    run = in_process("screen", str(alone), "--end-user", "Acme")
    assert run.code == 0 and [json.loads(line)["rulebook"] for line in run.stdout.splitlines()] == [both] * 2
