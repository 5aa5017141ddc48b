"""Human tables name what answered: the suspension's own instrument and id, the files in use,
a group's own notes; records read as records."""

from __future__ import annotations

import io

import pytest
from conftest import REPO, in_process

EXTEND = str(REPO / "docs" / "examples" / "extend-no-70.yaml")


def test_an_overlay_suspension_is_named_by_its_own_instrument_id_and_file():
    run = in_process("status", "holmium", "--date", "2026-12-01", "--overlay", EXTEND)
    assert (run.code, run.stderr) == (0, "")
    why = " ".join(run.stdout.split())
    assert (
        "suspended by MOFCOM/GAC announcement extending No. 70 of 2025 (example) "
        f"[team-extends-mofcom-gac-2025-70] from overlay {EXTEND} to 2027-11-10" in why
    )
    assert "suspended by No. 70 of 2025 to" not in why


def test_a_base_suspension_is_named_by_its_number_and_id_the_day_before_it_lapses():
    run = in_process("status", "holmium", "--date", "2026-11-10")
    assert (run.code, run.stderr) == (0, "")
    assert "suspended by No. 70 of 2025 [mofcom-gac-2025-70] to 2026-11-10" in " ".join(run.stdout.split())
    after = in_process("status", "holmium", "--date", "2026-11-11")
    assert (after.code, after.stderr) == (0, "")
    assert "suspended by" not in after.stdout


def test_show_of_an_entity_reads_as_a_record_and_names_the_entity_lists():
    run = in_process("show", "Sierra Nevada Corp", env={"MINERALCTL_TODAY": "2026-11-29"})
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[0] == "sierra-nevada"
    assert "=" not in run.stdout.replace("https://", "").split("sources")[0]
    text = " ".join(run.stdout.split())
    assert "listing MOFCOM Announcement No. 21 of 2025 (商务部公告2025年第21号) [mofcom-2025-21-control]" in text
    assert "history 2025-04-04 listed: MOFCOM Announcement No. 21 of 2025" in text
    assert "confirmed yes" in text
    # The last line names the files that answered, the entity lists among them.
    footer = text[text.rindex("Rulebook measures.yaml (packaged)") :]
    assert "; entity lists entities.yaml (packaged) " in footer


def test_show_uses_one_label_width_across_records_and_a_blank_line_between_them():
    run = in_process("show", "No. 72 of 2025")
    assert (run.code, run.stderr) == (0, "")
    assert not run.stdout.startswith("\n")
    starts = {
        len(line) - len(line[2:].split("  ", 1)[1].lstrip()) + 0
        for line in run.stdout.splitlines()
        if line.startswith("  ") and not line.startswith("   ") and "  " in line[2:]
    }
    assert len(starts) == 1, starts
    assert "\n\nmofcom-2025-72\n" not in run.stdout  # the first record opens the output
    assert run.stdout.count("\n\n") == len([x for x in run.stdout.split("\n\n") if x]) - 1


@pytest.mark.parametrize("args", [("materials",), ("measures", "--material", "graphite"), ("show", "gallium")])
def test_materials_measures_and_show_name_the_files_that_answered(args):
    table = in_process(*args, "--overlay", EXTEND)
    assert (table.code, table.stderr) == (0, "")
    assert f"overlay {EXTEND} team-2026.11.08, checked to 2026-11-08." in " ".join(table.stdout.split())
    csv = in_process(*args, "--overlay", EXTEND, "-f", "csv")
    assert (csv.code, csv.stderr) == (0, "")
    rows = list(__import__("csv").reader(io.StringIO(csv.stdout)))
    assert rows[0][-1] == "rulebook"
    assert all(row[-1].startswith("rulebook measures.yaml (packaged)") and EXTEND in row[-1] for row in rows[1:])
    document = in_process(*args, "--overlay", EXTEND, "-f", "json").json()
    assert [f["path"] for f in document["rulebook"]["files"]] == ["measures.yaml (packaged)", EXTEND]


def test_quiet_is_a_bare_word_for_one_material_and_labelled_for_several():
    one = in_process("status", "gallium", "--date", "2026-01-01", "-q")
    assert (one.code, one.stdout, one.stderr) == (0, "license-required\n", "")
    group = in_process("status", "NdFeB", "--date", "2026-01-01", "-q")
    assert (group.code, group.stderr) == (0, "")
    assert group.stdout.splitlines() == [
        "cerium\tnot-controlled",
        "praseodymium\tnot-controlled",
        "neodymium\tnot-controlled",
        "gadolinium\tlicense-required",
        "terbium\tlicense-required",
        "dysprosium\tlicense-required",
        "holmium\tnot-controlled",
    ]


def test_a_group_asked_for_by_name_prints_its_own_notes_once():
    run = in_process("status", "NdFeB", "--date", "2026-01-01")
    assert (run.code, run.stderr) == (0, "")
    text = " ".join(run.stdout.split())
    assert text.count("NdFeB magnets [ndfeb-magnets]: A magnet name says which magnet") == 1
    # Named member by member, the group is not asked for, and its notes are not printed.
    members = in_process("status", "terbium", "dysprosium", "--date", "2026-01-01")
    assert (members.code, members.stderr) == (0, "")
    assert "ndfeb-magnets" not in members.stdout


def test_the_readme_names_exactly_the_commands_that_take_o():
    import typer

    from mineralctl.cli import app

    command = typer.main.get_command(app)
    takes = sorted(
        name
        for name, sub in command.commands.items()  # type: ignore[attr-defined]
        if any("-o" in getattr(p, "opts", ()) for p in sub.params)
    )
    assert takes == ["screen", "timeline", "upcoming"]
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "`timeline` and `upcoming` take `-o` with every format but `table`" in readme
    assert "`-o` works with every format" not in readme
    status = in_process("status", "gallium", "-o", "x.csv")
    assert (status.code, status.stdout) == (2, "")
    assert status.stderr == "mineralctl: error: No such option: -o (see 'mineralctl status --help')\n"
    table = in_process("timeline", "gallium", "-o", "never-written.txt")
    assert (table.code, table.stdout) == (2, "")
    assert table.stderr.endswith("mineralctl: error: --output needs --format json, csv, ics or svg\n")
    assert not (REPO / "never-written.txt").exists()


def test_first_sentence_ends_at_a_full_stop_outside_brackets_and_abbreviations():
    from mineralctl.render import first_sentence

    assert first_sentence("A (e.g. B. C) d. E f.") == "A (e.g. B. C) d."
    assert first_sentence("Cited as No. 23 of 2026. Then more.") == "Cited as No. 23 of 2026."
    assert first_sentence("Listed, e.g. MHI. Then") == "Listed, e.g. MHI."
    assert first_sentence("One sentence only.") == "One sentence only."
    assert first_sentence("no capital after. the stop") == "no capital after. the stop"


def test_a_destination_note_is_its_first_sentence_in_the_table_and_whole_elsewhere():
    table = in_process("status", "gallium", "--dest", "US", "--date", "2026-01-01")
    assert (table.code, table.stderr) == (0, "")
    text = " ".join(table.stdout.split())
    assert "and the lists of 2025. (--explain for the full note)" in text
    assert "Name the buyer with --end-user" not in text
    explained = in_process("status", "gallium", "--dest", "US", "--date", "2026-01-01", "--explain")
    assert (explained.code, explained.stderr) == (0, "")
    whole = " ".join(explained.stdout.split())
    assert "Name the buyer with --end-user to screen it" in whole and "(--explain for the full note)" not in whole
    document = in_process("status", "gallium", "--dest", "US", "--date", "2026-01-01", "-f", "json").json()
    assert document["results"][0]["destination_notes"].endswith("(mineralctl entities lists them).")
    # A destination without a note has none, and no pointer.
    plain = in_process("status", "gallium", "--dest", "FR", "--date", "2026-01-01")
    assert (plain.code, plain.stderr) == (0, "")
    assert "full note" not in plain.stdout


def test_status_csv_carries_the_destination_note_whole_before_the_rulebook_column():
    import csv

    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-01-01", "-f", "csv")
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert list(rows[0])[-2:] == ["destination_notes", "rulebook"]
    assert rows[0]["destination_notes"].startswith("Named US entities are on China's export-control control list")
    assert rows[0]["destination_notes"].endswith("(mineralctl entities lists them).")
    plain = in_process("status", "gallium", "--dest", "FR", "--date", "2026-01-01", "-f", "csv")
    assert plain.code == 0 and "destination_notes" not in plain.stdout.splitlines()[0]


def test_version_lists_the_overlays_given_with_overlay_in_either_order():
    expected = f"overlay {EXTEND}: version team-2026.11.08, sources checked to 2026-11-08 (in the future (1 day))"
    for args in (
        ("--version", "--overlay", EXTEND),
        ("--overlay", EXTEND, "--version"),
        ("--version", f"--overlay={EXTEND}"),
    ):
        env = {"MINERALCTL_OVERLAY": None, "MINERALCTL_RULEBOOK": None, "MINERALCTL_TODAY": "2026-11-07"}
        run = in_process(*args, env=env)
        assert (run.code, run.stderr) == (0, ""), args
        assert run.stdout.splitlines()[-2] == expected
    blank = in_process("--version", "--overlay", " ")
    assert (blank.code, blank.stdout, blank.stderr) == (2, "", "mineralctl: error: --overlay needs a path\n")
    other = in_process("--version", "--colour")
    assert (other.code, other.stdout) == (2, "")
    assert other.stderr == (
        "mineralctl: error: --version takes no other option than --rulebook, --overlay and --entities "
        "(got '--colour')\n"
    )
