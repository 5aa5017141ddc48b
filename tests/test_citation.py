"""Every answer names the files that answered, the same in every format: the packaged
rulebook alone by its version (``rulebook data-2, sources checked to …``), and any other
rulebook by its path, even a byte-identical copy with the same ``version``, so an edited copy
can always be told from the packaged data."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, in_process

PACKAGED = "rulebook data-2, sources checked to 2026-10-08"
ENV = {"MINERALCTL_RULEBOOK": None, "MINERALCTL_OVERLAY": None, "MINERALCTL_ENTITIES": None, "COLUMNS": "200"}


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """``mine.yaml``: the packaged rulebook copied unchanged (same version, same as_of)."""
    shutil.copy(REPO / "data" / "measures.yaml", tmp_path / "mine.yaml")
    (tmp_path / "ok.csv").write_text("material,dest,date\ngallium,US,2025-01-01\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "mine.yaml"


def run(*args: str):
    done = in_process(*args, env=ENV)
    assert done.code == 0, done.stderr
    return done


@pytest.mark.parametrize(("chosen", "label"), [((), PACKAGED), (("--rulebook", "mine.yaml"), "MINE")])
def test_every_format_names_the_rulebook_that_answered(copy, chosen, label):
    label = "rulebook mine.yaml data-2, checked to 2026-10-08" if label == "MINE" else label
    status = ("status", "gallium", "--date", "2025-01-01", *chosen)
    table = run(*status)
    assert table.stderr == ""
    assert table.stdout.splitlines()[-1] == (
        f"{label[0].upper()}{label[1:]}. Reasons and sources: --explain. A research aid, not legal advice."
    )
    csv = run(*status, "-f", "csv")
    assert csv.stderr == ""
    assert csv.stdout.splitlines()[1].endswith(f',"{label}"')
    document = run(*status, "-f", "json").json()
    path = "measures.yaml (packaged)" if not chosen else "mine.yaml"
    assert [f["path"] for f in document["rulebook"]["files"]] == [path]
    timeline = run("timeline", "gallium", "--from", "2025-01-01", "--to", "2025-12-31", "-f", "csv", *chosen)
    assert timeline.stderr == ""
    assert all(line.endswith(f',"{label}"') for line in timeline.stdout.splitlines()[1:])
    screen = run("screen", "ok.csv", "--end-use", "civil", "-f", "csv", *chosen)
    assert screen.stdout.splitlines()[0].endswith(",rulebook")
    assert screen.stdout.splitlines()[1].endswith(f',"{label}"')
    assert f"mineralctl: answered by {label}\n" in screen.stderr
    ics = run("timeline", "gallium", "-f", "ics", *chosen)
    unfolded = ics.stdout.replace("\r\n ", "")
    if chosen:
        assert "from the files in use (rulebook mine.yaml data-2\\, checked to 2026-10-08)" in unfolded
        assert "mineralctl's rulebook data-2" not in unfolded
    else:
        assert "from mineralctl's rulebook data-2 (sources checked to 2026-10-08" in unfolded
        assert "mine.yaml" not in unfolded
    svg = run("timeline", "gallium", "-f", "svg", *chosen)
    if chosen:
        assert "Files: rulebook mine.yaml data-2, checked to 2026-10-08." in svg.stdout
    else:
        assert "Rulebook data-2, sources checked to 2026-10-08 (as_of)" in svg.stdout and "mine.yaml" not in svg.stdout


def test_a_copy_of_the_rulebook_projects_with_its_path_named(copy):
    table = run("status", "gallium", "--date", "2026-10-09", "--rulebook", "mine.yaml")
    said = " ".join(table.stdout.split())
    assert (
        "projected: after the rulebook's as_of 2026-10-08 (rulebook mine.yaml data-2, checked to 2026-10-08), "
        "by the rules as written"
    ) in said
    packaged = " ".join(run("status", "gallium", "--date", "2026-10-09").stdout.split())
    assert "projected: after the rulebook's as_of 2026-10-08, by the rules as written" in packaged
    # On as_of itself nothing is projected: no note.
    assert "projected:" not in run("status", "gallium", "--date", "2026-10-08", "--rulebook", "mine.yaml").stdout


@pytest.mark.parametrize(
    ("row", "chosen", "note"),
    [
        ("gallium,US,2026-10-08,civil", (), ""),
        ("gallium,US,2026-10-09,civil", (), "; 1 projected (dated after 2026-10-08, the as_of of the rulebook "
         "measures.yaml (packaged))"),
        ("gallium,US,2026-10-09,civil", ("--rulebook", "mine.yaml"), "; 1 projected (dated after 2026-10-08, the "
         "as_of of the rulebook mine.yaml)"),
        ("gallium,US,2026-09-30,civil,Acme", (), ""),
        ("gallium,US,2026-10-01,civil,Acme", (), "; 1 projected (dated after 2026-10-08, the as_of of the rulebook "
         "measures.yaml (packaged); with an end user, 2026-09-30, the as_of of the entity lists entities.yaml "
         "(packaged))"),
    ],
)  # fmt: skip
def test_the_screen_summary_says_which_as_of_rows_are_projected_after(copy, row, chosen, note):
    # A file without an end-user column never reads the lists; one with it names them.
    header = "material,destination,date,end_use" + (",end_user" if row.endswith("Acme") else "")
    data = f"{header}\n{row}\n"
    run = in_process("screen", "-", "-f", "csv", *chosen, stdin=data, env=ENV)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[1].split(",")[:3] == row.split(",")[:3]
    first = run.stderr.splitlines(keepends=True)[0]
    assert first.startswith("mineralctl: stdin: screened 1 row: ") and first.endswith(f"; 0 unresolved{note}\n")


@pytest.mark.parametrize("command", ["timeline", "screen"])
def test_output_to_a_symlink_replaces_the_link_never_its_target(copy, tmp_path, command):
    # README (-o FILE): with --force the link itself becomes a regular file with the output; the
    # file it points to is never written. Without --force it is refused as any existing file is.
    target = tmp_path / "private.csv"
    target.write_text("private\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    args = (
        ("timeline", "gallium", "-f", "csv")
        if command == "timeline"
        else ("screen", "ok.csv", "--end-use", "civil", "-f", "csv")
    )
    refused = in_process(*args, "-o", str(link), env=ENV)
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr.endswith(f"mineralctl: error: --output: {link} exists; add --force to replace it\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "private\n"
    forced = in_process(*args, "-o", str(link), "--force", env=ENV)
    assert forced.code == 0 and forced.stdout == ""
    if command == "screen":
        assert forced.stderr.endswith("mineralctl: screen passed: every row resolved; no --fail-on gate\n")
    else:
        assert "error" not in forced.stderr
    assert not link.is_symlink() and link.is_file()
    assert link.read_text(encoding="utf-8").startswith("material,")
    assert target.read_text(encoding="utf-8") == "private\n"


@pytest.mark.parametrize(
    ("extra", "label"),
    [
        ((), "Rulebook data-2, sources checked to 2026-10-08. Reasons and sources: --explain."),
        (("--explain",), "Rulebook data-2, sources checked to 2026-10-08."),
        (("--end-user", "Lockheed Martin"), "Rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; entity "
         "lists entities.yaml (packaged) entities-1, checked to 2026-09-30. Reasons and sources: --explain."),
        (("--end-user", "Acme", "--explain"), "Rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; "
         "entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30."),
    ],
)  # fmt: skip
def test_a_status_table_ends_with_the_line_naming_the_files(extra, label):
    # README: every table ends with the line naming the files, after the end-user block and
    # the --explain details too.
    run = in_process("status", "gallium", "--dest", "US", "--date", "2025-06-01", *extra, env={**ENV, "COLUMNS": "400"})
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[-1] == f"{label} A research aid, not legal advice."
    if "--end-user" in extra:
        assert "End users are screened against China's control and watch lists only" in run.stdout
