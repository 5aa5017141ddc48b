"""``mineralctl status`` through the installed console script: exit code, stdout and stderr
together, JSON compared as parsed objects.

Each call starts a process (~0.2 s), so the cases are chosen, not enumerated; the rules
themselves are tested through the Python API in test_resolve.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, mineralctl

import mineralctl as package
from mineralctl import load_rulebook

RESOLVER = str(FIXTURES / "resolver.yaml")
CSV_HEADER = (
    "material,query,date,destination,end_use,status,projected,measures,suspended,"
    "next_change_date,next_change_status,warnings,uncertainty_ids,uncertainty,military_status,other_destinations,related,notes,"
    "rulebook"
)
# A rulebook other than the packaged one is named by its path, in every format.
RESOLVER_LABEL = f'"rulebook {RESOLVER} resolver-1, checked to 2025-06-30"'
RARE_EARTHS = {
    "scandium", "yttrium", "lanthanum", "cerium", "praseodymium", "neodymium", "promethium", "samarium",
    "europium", "gadolinium", "terbium", "dysprosium", "holmium", "erbium", "thulium", "ytterbium", "lutetium",
}  # fmt: skip
COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;[0-9;]+)m")


@pytest.fixture(scope="module")
def real():
    return load_rulebook()


def test_status_table():
    run = mineralctl("status", "gallium", "--date", "2026-01-01")
    assert (run.code, run.stderr) == (0, "")
    assert "\x1b" not in run.stdout
    lines = run.stdout.splitlines()
    # The table's layout is for people and may change; its row holds the material and the status.
    assert lines[0].startswith("2026-01-01 · other destinations · civil end use")
    (row,) = [line for line in lines if line.startswith(" Gallium")]
    assert row.split()[1:] == ["license-required", "none"]
    assert lines[lines.index("Why") + 1].startswith("  • Gallium: license-required under No. 23 of 2023, paras 1-2")
    assert "[mofcom-gac-2023-23]" in run.stdout
    assert "A research aid, not legal advice." in lines[-1]


def test_status_json_is_the_whole_answer():
    run = mineralctl("status", "alpha", "--date", "2024-06-15", "--dest", "US", "-f", "json", "--rulebook", RESOLVER)
    assert (run.code, run.stderr) == (0, "")

    def measure(mid, number, effect, start, end, where):
        return {
            "id": mid, "instrument": f"Test No. {number}", "instrument_zh": "", "clause": "para 1", "effect": effect,
            "from": start, "until": end, "destinations": where, "end_use": "any",
            "sources": [f"https://example.org/{number}"],
        }  # fmt: skip

    assert run.json() == {
        "schema": 1,
        "rulebook": {
            "version": "resolver-1",
            "as_of": "2025-06-30",
            "files": [
                {"path": RESOLVER, "version": "resolver-1", "as_of": "2025-06-30", "overlay": False, "kind": "rulebook"}
            ],
        },
        "results": [
            {
                "material": "alpha",
                "query": "alpha",
                "date": "2024-06-15",
                "destination": "US",
                "end_use": "civil",
                "status": "enhanced-review",
                "projected": False,
                "measures": [
                    measure("review-us", 3, "enhanced-review", "2024-02-01", None, "US"),
                    measure("list-metals", 1, "license-required", "2024-01-01", None, "all destinations"),
                ],
                "suspended": [
                    {
                        **measure("ban-us", 4, "prohibited", "2024-03-01", "2024-12-31", "US"),
                        "suspension": {
                            "id": "pause-ban",
                            "instrument": "Test No. 7",
                            "instrument_zh": "",
                            "clause": "whole",
                            "from": "2024-06-01",
                            "until": "2024-06-30",
                            "sources": ["https://example.org/7"],
                        },
                    }
                ],
                "next_change": {"date": "2024-07-01", "status": "prohibited"},
                "warnings": [],
                "uncertainty": [],
                "related": [
                    {**measure("tech", 6, "prohibited", "2024-01-01", None, "all destinations"), "covers": "technology"}
                ],
                "other_destinations": [],
                "military_status": None,
                "notes": "",
                "uncertainty_ids": [],
            }
        ],
    }


def test_status_json_on_the_real_rulebook(real):
    run = mineralctl("status", "Ga", "--date", "2026-01-01", "--dest", "United States", "--format", "json")
    assert (run.code, run.stderr) == (0, "")
    document = run.json()
    assert document["schema"] == 1
    assert document["rulebook"] == {
        "version": real.version,
        "as_of": real.as_of.isoformat(),
        "files": [
            {
                "path": "measures.yaml (packaged)",
                "version": real.version,
                "as_of": real.as_of.isoformat(),
                "overlay": False,
                "kind": "rulebook",
            }
        ],
    }
    (result,) = document["results"]
    for key in ("material", "query", "date", "destination", "end_use", "status", "projected", "measures",
                "suspended", "next_change", "warnings"):  # fmt: skip
        assert key in result
    assert {k: result[k] for k in ("material", "query", "date", "destination", "end_use", "status", "projected")} == {
        "material": "gallium",
        "query": "Ga",
        "date": "2026-01-01",
        "destination": "US",
        "end_use": "civil",
        "status": "license-required",
        "projected": False,
    }
    # No. 46 of 2024 para 2 is held off by No. 72 of 2025 until 2026-11-27, and applies again after.
    assert [(s["id"], s["suspension"]["id"]) for s in result["suspended"]] == [
        ("mofcom-2024-46-p2-deny", "mofcom-2025-72")
    ]
    assert result["next_change"] == {"date": "2026-11-28", "status": "prohibited"}
    assert result["warnings"] == []


def test_status_csv_one_row_per_result():
    run = mineralctl("status", "metals", "gamma", "--date", "2024-08-10", "--dest", "usa", "-f", "csv",
                     "--rulebook", RESOLVER)  # fmt: skip
    assert (run.code, run.stderr) == (0, "")
    # A group was asked for: each row says which (and its notes), before the rulebook column.
    assert run.stdout == (
        CSV_HEADER.replace(",rulebook", ",group,group_notes,rulebook") + "\n"
        "alpha,metals,2024-08-10,US,civil,prohibited,false,ban-us;review-us;list-metals,,2025-01-01,enhanced-review,,"
        f",,,,tech=technology,,metals,,{RESOLVER_LABEL}\n"
        f"beta,metals,2024-08-10,US,civil,license-required,false,list-metals,,,,,,,,,,,metals,,{RESOLVER_LABEL}\n"
        "gamma,gamma,2024-08-10,US,civil,not-controlled,false,,list-gamma@pause-gamma,2024-08-16,enhanced-review,,"
        f",,,,,,,,{RESOLVER_LABEL}\n"
    )


def test_a_group_expands_to_its_members():
    run = mineralctl("status", "rare earths", "--date", "2026-01-01", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert run.stdout.splitlines()[0] == CSV_HEADER.replace(",rulebook", ",group,group_notes,rulebook")
    assert {(r["group"], r["group_notes"]) for r in rows} == {
        ("rare-earths", "All 17 rare-earth elements (the 15 lanthanides, scandium and yttrium).")
    }
    assert len(rows) == 17
    assert {r["material"] for r in rows} == RARE_EARTHS
    assert {r["query"] for r in rows} == {"rare earths"}
    by_id = {r["material"]: r["status"] for r in rows}
    assert by_id["dysprosium"] == "license-required" and by_id["neodymium"] == "not-controlled"


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["galium", "--date", "2026-01-01"], {}, 4, "unknown material 'galium'; did you mean gallium"),
        (
            ["gallium", "--date", "2026-13-45"],
            {},
            2,
            "--date: '2026-13-45' is not a real date (month must be in 1..12)",
        ),
        (["gallium", "--date", "2025-02-30"], {}, 2, "--date: '2025-02-30' is not a real date"),
        (["gallium", "--date", "01/02/2026"], {}, 2, "--date: '01/02/2026' is ambiguous (2026-01-02 or 2026-02-01)"),
        (["gallium", "--date", "Nov 2025"], {}, 2, "--date: 'Nov 2025' is not a whole date"),
        (["gallium", "--date", "2026-01-01", "--dest", "ZZ"], {}, 4, "unknown destination 'ZZ'"),
        (["gallium", "--date", "2026-01-01", "--dest", "korea"], {}, 4, "North Korea (KP) or South Korea (KR)"),
        (["gallium", "--date", "2026-01-01", "--dest", "CN"], {}, 4, "mineralctl answers exports from China"),
        (
            ["gallium", "--date", "2026-01-01", "--rulebook", "/nonexistent.yaml"],
            {},
            3,
            "/nonexistent.yaml: rulebook not found",
        ),
        (["gallium", "--date", "2026-01-01", "--format", "xml"], {}, 2, "'xml' is not one of 'table', 'json', 'csv'"),
        (["gallium", "--date", "2026-01-01", "--end-use", "foo"], {}, 2, "'foo' is not one of 'civil', 'military'"),
        (
            ["gallium", "--date", "2026-01-01", "--max-age", "soon"],
            {},
            2,
            "--max-age: cannot read 'soon' as a duration",
        ),
        (["gallium"], {"MINERALCTL_TODAY": "tomorrow"}, 2, "MINERALCTL_TODAY: 'tomorrow' is not a date"),
    ],
    ids=[
        "unknown material",
        "impossible date",
        "30 February",
        "ambiguous date",
        "no day",
        "unknown destination",
        "ambiguous destination",
        "china",
        "missing rulebook",
        "unknown format",
        "unknown end use",
        "bad duration",
        "bad pinned today",
    ],  # fmt: skip
)
def test_bad_input_is_one_line_on_stderr_and_its_exit_code(args, env, code, message):
    run = mineralctl("status", *args, env=env)
    assert (run.code, run.stdout) == (code, "")
    assert run.stderr.startswith("mineralctl: error: ") and run.stderr.endswith("\n")
    assert len(run.stderr.splitlines()) == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_an_invalid_rulebook_from_the_environment_lists_every_problem():
    path = str(FIXTURES / "invalid.yaml")
    run = mineralctl("status", "alpha", "--date", "2025-01-01", env={"MINERALCTL_RULEBOOK": path})
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == (
        f"{path}:6:5: error: material: unknown key 'colour' (allowed: aliases, chinese, groups, id, items, name, "
        "notes, symbol)\n"
        f"{path}:12:11: error: measure from: '2025-02-30' is not a real date\n"
        f"{path}:24:24: error: unknown material or group 'delta'\n"
        f"{path}:25:31: error: unknown destination 'XX' (use ISO 3166 alpha-2 codes, upper case)\n"
        "mineralctl: error: 4 problems in the rulebook\n"
    )


def test_rulebook_option_wins_over_the_environment():
    run = mineralctl("status", "alpha", "--date", "2024-01-01", "-f", "csv", "--rulebook", RESOLVER,
                     env={"MINERALCTL_RULEBOOK": str(FIXTURES / "invalid.yaml")})  # fmt: skip
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[1].startswith("alpha,alpha,2024-01-01,,civil,license-required,")


def test_a_rulebook_that_is_not_utf8(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b'version: "x"\nnotes: caf\xe9\n')
    run = mineralctl("status", "gallium", "--date", "2026-01-01", "--rulebook", str(bad))
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == f"{bad}:2:1: error: the rulebook is not UTF-8 text\n"


def test_a_projected_date_warns_on_stderr():
    run = mineralctl("status", "alpha", "--date", "2025-07-01", "--dest", "US", "-f", "json", "--rulebook", RESOLVER)
    assert run.code == 0
    warning = (
        "2025-07-01 is after the rulebook's as_of date 2025-06-30: this answer is projected from the rules "
        "as written, and later instruments may change it"
    )
    assert run.stderr == f"mineralctl: warning: {warning}\n"
    (result,) = run.json()["results"]
    assert (result["projected"], result["warnings"], result["status"]) == (True, [warning], "license-required")


def test_today_is_the_default_date_and_may_be_projected(real):
    run = mineralctl("status", "gallium", "-f", "json", env={"MINERALCTL_TODAY": "2031-05-06"})
    assert run.code == 0
    (result,) = run.json()["results"]
    assert (result["date"], result["projected"]) == ("2031-05-06", True)
    assert run.stderr.startswith("mineralctl: warning: 2031-05-06 is after the rulebook's as_of date ")
    assert len(run.stderr.splitlines()) == 1
    run = mineralctl("status", "gallium", "-f", "csv", env={"MINERALCTL_TODAY": real.as_of.isoformat()})
    assert (run.code, run.stderr) == (0, "")
    assert f",{real.as_of.isoformat()},,civil,license-required,false," in run.stdout


def test_a_projected_table_says_so():
    run = mineralctl("status", "alpha", "--date", "2025-08-01", "--dest", "US", "--rulebook", RESOLVER)
    # A table says it once, as a note; JSON and CSV users get the warnings on stderr too.
    assert (run.code, run.stderr) == (0, "")
    assert " Alpha [1][2][3]   enhanced-review   none" in run.stdout
    assert (
        f"[1] projected: after the rulebook's as_of 2025-06-30 (rulebook {RESOLVER} resolver-1, checked to "
        "2025-06-30), by the rules as written"
    ) in " ".join(run.stdout.split())
    # The first day it applies again and the last suspended day, each named as such.
    assert (
        "Alpha: enhanced-review under Test No. 3, para 1 [review-us] again from 2025-08-01 (suspension by "
        "Test No. 9 ended after 2025-07-31); military: prohibited" in " ".join(run.stdout.split())
    )
    assert "lapsed on" not in run.stdout
    assert "[2]  uncertain: Test No. 9 [truce]: An extension was talked about." in run.stdout
    run = mineralctl("status", "alpha", "--date", "2025-08-01", "--dest", "US", "--rulebook", RESOLVER, "-f", "csv")
    assert run.stderr.count("mineralctl: warning: ") == 2
    assert (
        "the suspension by Test No. 9 ended after 2025-07-31 as written; no extension is recorded, so the "
        "suspended measures are treated as applying again from 2025-08-01\n"
    ) in run.stderr
    # The day before the lapse is not projected by a lapse, and names the suspension instead.
    run = mineralctl("status", "alpha", "--date", "2025-07-31", "--dest", "US", "--rulebook", RESOLVER)
    assert "suspended by Test No. 9 [truce] to 2025-07-31" in " ".join(run.stdout.split())


def test_version(real):
    # Each file with its version, checked-through date and age on MINERALCTL_TODAY; the entity
    # lists last, as an answer naming an end user reads them.
    today = {"MINERALCTL_TODAY": "2026-11-29"}
    packaged = f"packaged rulebook: version {real.version}, sources checked to {real.as_of.isoformat()} (52 days old)\n"
    lists = "entity lists entities.yaml (packaged): version entities-1, sources checked to 2026-09-30 (60 days old)\n"
    expected = f"mineralctl {package.__version__}\n{packaged}"
    done = subprocess.run(
        [sys.executable, "-m", "mineralctl", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **today},
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, expected + lists, "")
    run = mineralctl("--version", env=today)
    assert (run.code, run.stdout, run.stderr) == (0, expected + lists, "")
    # Another rulebook's version and as_of are printed after the packaged one's.
    other = f"rulebook {RESOLVER}: version resolver-1, sources checked to 2025-06-30 (517 days old)\n"
    run = mineralctl("--version", "--rulebook", RESOLVER, env=today)
    assert (run.code, run.stdout, run.stderr) == (0, expected + other + lists, "")
    run = mineralctl("--version", env={**today, "MINERALCTL_RULEBOOK": RESOLVER})
    assert (run.code, run.stdout, run.stderr) == (0, expected + other + lists, "")
    run = mineralctl("--version", "--rulebook", "/nonexistent.yaml")
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == "mineralctl: error: /nonexistent.yaml: rulebook not found\n"


def test_works_from_another_folder(tmp_path):
    run = mineralctl("status", "gallium", "--date", "2026-01-01", "-f", "csv", cwd=str(tmp_path))
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[1].startswith("gallium,gallium,2026-01-01,,civil,license-required,false,")
    # A relative rulebook path is read from the working folder.
    shutil.copy(RESOLVER, tmp_path / "mine.yaml")
    run = mineralctl("status", "gamma", "--date", "2024-04-01", "--dest", "US", "-f", "csv", "--rulebook",
                     "mine.yaml", cwd=str(tmp_path))  # fmt: skip
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[1].startswith("gamma,gamma,2024-04-01,US,civil,enhanced-review,false,")


def test_piped_output_has_no_escapes_even_without_no_color():
    run = mineralctl("status", "gallium", "--date", "2026-01-01", env={"NO_COLOR": ""})
    assert (run.code, run.stderr) == (0, "")
    assert "license-required" in run.stdout and "\x1b" not in run.stdout


def test_no_color_removes_colour_from_a_terminal():
    forced = mineralctl("status", "gallium", "--date", "2026-01-01", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert forced.code == 0 and COLOUR.search(forced.stdout)  # the check below can fail
    plain = mineralctl("status", "gallium", "--date", "2026-01-01", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert (plain.code, plain.stderr) == (0, "")
    assert "license-required" in plain.stdout and not COLOUR.search(plain.stdout)
