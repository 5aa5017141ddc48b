"""Core contract: the headline facts through the Python API, and the CLI's exit codes."""

from __future__ import annotations

import pytest
from conftest import mineralctl

from mineralctl import load_rulebook
from mineralctl.model import Status


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


@pytest.mark.parametrize(
    ("material", "day", "dest", "end_use", "expected"),
    [
        # MOFCOM/GAC No. 23 of 2023: gallium and germanium need a licence from 2023-08-01.
        ("gallium", "2023-07-31", None, "civil", Status.NOT_CONTROLLED),
        ("gallium", "2023-08-01", None, "civil", Status.LICENSE_REQUIRED),
        # MOFCOM No. 46 of 2024 para 2: in principle not permitted to the US from 2024-12-03 ...
        ("germanium", "2024-12-02", "US", "civil", Status.LICENSE_REQUIRED),
        ("germanium", "2024-12-03", "US", "civil", Status.PROHIBITED),
        # ... until MOFCOM No. 72 of 2025 suspends para 2 from 2025-11-09 to 2026-11-27 (inclusive).
        ("germanium", "2025-11-08", "US", "civil", Status.PROHIBITED),
        ("germanium", "2025-11-09", "US", "civil", Status.LICENSE_REQUIRED),
        ("germanium", "2026-11-27", "US", "civil", Status.LICENSE_REQUIRED),
        ("germanium", "2026-11-28", "US", "civil", Status.PROHIBITED),
        # No. 46 of 2024 para 2, graphite sentence: stricter review, suspended with para 2.
        ("graphite", "2025-01-15", "US", "civil", Status.ENHANCED_REVIEW),
        ("graphite", "2025-11-09", "US", "civil", Status.LICENSE_REQUIRED),
        # No. 46 of 2024 para 1: US military end use banned, never suspended.
        ("antimony", "2025-11-09", "US", "military", Status.PROHIBITED),
        # No. 33 of 2024: antimony from 2024-09-15.
        ("antimony", "2024-09-14", None, "civil", Status.NOT_CONTROLLED),
        ("antimony", "2024-09-15", None, "civil", Status.LICENSE_REQUIRED),
        # No. 10 of 2025: tungsten from 2025-02-04; not a dual-use item before, so para 1 cannot bite.
        ("tungsten", "2025-02-03", "US", "military", Status.NOT_CONTROLLED),
        ("tungsten", "2025-02-04", "US", "military", Status.PROHIBITED),
        # No. 18 of 2025: seven rare earths from 2025-04-04, never suspended.
        ("dysprosium", "2025-04-03", None, "civil", Status.NOT_CONTROLLED),
        ("dysprosium", "2025-04-04", None, "civil", Status.LICENSE_REQUIRED),
        ("dysprosium", "2026-06-01", None, "civil", Status.LICENSE_REQUIRED),
        # No. 57 of 2025: suspended by No. 70 of 2025 before its 2025-11-08 start, until 2026-11-10.
        ("holmium", "2025-11-08", None, "civil", Status.NOT_CONTROLLED),
        ("holmium", "2026-11-10", None, "civil", Status.NOT_CONTROLLED),
        ("holmium", "2026-11-11", None, "civil", Status.LICENSE_REQUIRED),
        # No. 1 of 2026: Japanese military end use from 2026-01-06.
        ("gallium", "2026-01-05", "JP", "military", Status.LICENSE_REQUIRED),
        ("gallium", "2026-01-06", "JP", "military", Status.PROHIBITED),
        # Light rare earths are not controlled as elements.
        ("neodymium", "2026-01-01", None, "civil", Status.NOT_CONTROLLED),
        ("LFP", "2026-01-01", None, "civil", Status.NOT_CONTROLLED),
    ],
)
def test_headline_facts(book, material, day, dest, end_use, expected):
    assert book.status(material, day, dest, end_use).status is expected


def test_projected_after_as_of(book):
    r = book.status("gallium", "2026-12-01", "US")
    assert r.projected and r.status is Status.PROHIBITED
    assert any("projected" in w for w in r.warnings)
    assert not book.status("gallium", "2026-01-01", "US").projected


def test_next_change_and_other_destinations(book):
    r = book.status("gallium", "2025-01-15")
    assert r.status is Status.LICENSE_REQUIRED
    assert [(d.code, d.status) for d in r.other_destinations] == [("US", Status.PROHIBITED)]
    r = book.status("gallium", "2025-01-15", "US")
    assert r.next_change is not None and (r.next_change.date.isoformat(), r.next_change.status) == (
        "2025-11-09",
        Status.LICENSE_REQUIRED,
    )


def test_lookup_succeeds_from_any_folder(tmp_path):
    run = mineralctl("status", "gallium", "--date", "2026-01-01", cwd=str(tmp_path))
    assert (run.code, run.stderr) == (0, "")
    assert "license-required" in run.stdout and "No. 23 of 2023" in run.stdout


def test_json_output(tmp_path):
    run = mineralctl("status", "Ga", "--date", "2025-01-15", "--dest", "us", "--format", "json")
    assert (run.code, run.stderr) == (0, "")
    document = run.json()
    assert document["schema"] == 1 and set(document["rulebook"]) == {"version", "as_of", "files"}
    (result,) = document["results"]
    assert {k: result[k] for k in ("material", "query", "date", "destination", "end_use", "status", "projected")} == {
        "material": "gallium",
        "query": "Ga",
        "date": "2025-01-15",
        "destination": "US",
        "end_use": "civil",
        "status": "prohibited",
        "projected": False,
    }
    assert result["next_change"] == {"date": "2025-11-09", "status": "license-required"}


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["status", "galium", "--date", "2026-01-01"], 4, "did you mean gallium"),
        (["status", "gallium", "--date", "2026-13-45"], 2, "not a real date"),
        (["status", "gallium", "--date", "01/02/2026"], 2, "2026-01-02 or 2026-02-01"),
        (["status", "gallium", "--date", "2026-01-01", "--dest", "ZZ"], 4, "unknown destination"),
        (["status", "gallium", "--rulebook", "/nonexistent.yaml"], 3, "not found"),
        (["status", "gallium", "--format", "xml"], 2, "xml"),
        (["upcoming", "--within", "soon"], 2, "90d"),
    ],
)
def test_bad_input_is_one_line_and_its_exit_code(args, code, fragment):
    run = mineralctl(*args)
    assert run.code == code
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and fragment in run.stderr
    assert "Traceback" not in run.stderr


def test_fail_on_gate_and_norway():
    run = mineralctl(
        "status", "gallium", "--dest", "US", "--date", "2025-01-15", "--fail-on", "prohibited", "-f", "csv"
    )
    assert run.code == 1 and ",prohibited," in run.stdout and run.stderr == ""
    run = mineralctl(
        "status", "gallium", "--dest", "NO", "--date", "2025-01-15", "--fail-on", "prohibited", "-f", "csv"
    )
    assert run.code == 0 and ",NO,civil,license-required," in run.stdout


def test_max_age_gate():
    run = mineralctl(
        "status",
        "gallium",
        "--date",
        "2026-01-01",
        "-f",
        "csv",
        "--max-age",
        "30d",
        env={"MINERALCTL_TODAY": "2027-06-01"},
    )
    assert run.code == 5 and "license-required" in run.stdout and "stale" in run.stderr


def test_timeline_diff_upcoming():
    run = mineralctl("timeline", "gallium", "--dest", "US", "-f", "json")
    assert run.code == 0
    periods = run.json()["timelines"][0]["periods"]
    assert [(p["from"], p["status"], p["projected"]) for p in periods] == [
        (None, "not-controlled", False),
        ("2023-08-01", "license-required", False),
        # The List joins No. 23 of 2023 with the same status: a period of its own.
        ("2024-12-01", "license-required", False),
        ("2024-12-03", "prohibited", False),
        ("2025-11-09", "license-required", False),
        # The same status past as_of (2026-10-08) is a period of its own: projected.
        ("2026-10-09", "license-required", True),
        ("2026-11-28", "prohibited", True),
    ]
    assert [p["until"] for p in periods] == [
        "2023-07-31", "2024-11-30", "2024-12-02", "2025-11-08", "2026-10-08", "2026-11-27", None,
    ]  # fmt: skip
    assert periods[1]["measures"] == ["mofcom-gac-2023-23"]
    assert periods[2]["measures"] == ["mofcom-gac-2023-23", "dual-use-list-2024"]
    assert periods[2]["change"].startswith("status unchanged: MOFCOM/MIIT/GAC/SCA Announcement No. 51 of 2024")
    run = mineralctl("diff", "--from", "2025-11-01", "--to", "2025-12-01", "--dest", "US", "-f", "json")
    assert run.code == 0
    changed = {c["material"] for c in run.json()["changes"]}
    assert changed == {"gallium", "germanium", "antimony", "graphite", "superhard-materials"}
    run = mineralctl("upcoming", "--from", "2026-06-01", "--within", "1y", "-f", "json")
    assert run.code == 0
    lapses = [(e["date"], e["kind"]) for e in run.json()["events"] if e["kind"] == "suspension-lapses"]
    assert lapses == [("2026-11-11", "suspension-lapses"), ("2026-11-28", "suspension-lapses")]


def test_screen_keeps_every_row_in_order(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text(
        "id,Material,Country,Date\n1,gallium,US,2025-01-15\n2,galium,US,2025-01-15\n3,tungsten,NO,2025-03-01\n"
    )
    run = mineralctl("screen", str(data), "--fail-on", "prohibited", "--dest-column", "Country", "--end-use", "civil")
    assert run.code == 4  # an unresolved row outranks the gate
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "id,Material,Country,Date,status,projected,measures,uncertainty,screened_material,"
        "screened_destination,screened_date,screened_end_use,error,rulebook"
    )
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2", "3"]
    assert ",prohibited,false," in lines[1] and "did you mean gallium" in lines[2]
    assert "screened 3 rows" in run.stderr and "1 row at or above prohibited" in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["status", "gallium", "Ge", "--date", "2025-01-15", "--dest", "US", "--format", "json"],
        ["status", "graphite", "--date=2026-12-01", "--end-use", "MILITARY", "-f", "csv", "--fail-on", "prohibited"],
        ["status", "rare earths", "-d", "2026-01-01", "--format", "json", "--explain"],
        ["status", "galium", "--date", "2026-01-01"],
    ],
)
def test_fast_path_answers_exactly_as_typer(args):
    fast = mineralctl(*args)
    slow = mineralctl(*args, env={"MINERALCTL_NO_FAST_PATH": "1"})
    assert (fast.code, fast.stdout, fast.stderr) == (slow.code, slow.stdout, slow.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["status", "gallium", "--date"],
        ["status", "gallium", "--date", "2026-01-01", "--date", "2026-01-02"],
        ["status", "gallium", "--format", "yaml"],
        ["status", "gallium", "--help"],
        ["status", "--", "gallium"],
        ["status", "gallium", "-x"],
        ["status", "gallium", "-f=json"],
    ],
)
def test_doubtful_command_lines_go_to_typer(args):
    from mineralctl.entry import fast_command

    assert fast_command(args) is None


def test_python_api_for_the_history_views(book):
    periods = book.timeline("gallium", destination="US")
    assert [(p.start and p.start.isoformat(), p.status, p.projected) for p in periods][-3:] == [
        ("2025-11-09", Status.LICENSE_REQUIRED, False),
        ("2026-10-09", Status.LICENSE_REQUIRED, True),
        ("2026-11-28", Status.PROHIBITED, True),
    ]
    changed = {d.material.id for d in book.diff("2025-11-01", "2025-12-01", destination="US")}
    assert {"gallium", "germanium", "antimony", "graphite"} <= changed and "tungsten" not in changed
    lapses = [e.date.isoformat() for e in book.upcoming("2026-06-01", "2027-06-01") if e.kind == "suspension-lapses"]
    assert lapses == ["2026-11-11", "2026-11-28"]
