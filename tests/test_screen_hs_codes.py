"""`mineralctl screen` with an HS-code column beside the material column: the code is read and
checked against the material, never dropped. Each case checks exit code, stdout and stderr."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import in_process

from mineralctl import load_rulebook
from mineralctl.render import rulebook_label

HEADER = "material,hs_code,destination,date,end_use"
GALLIUM_TO_US = "mofcom-2024-46-p2-deny;mofcom-gac-2023-23;dual-use-list-2024,mofcom-2024-46-p2-deny"
RARE_EARTHS = ("scandium", "yttrium", "lanthanum", "cerium", "praseodymium", "neodymium", "promethium", "samarium")
RARE_EARTHS += ("europium", "gadolinium", "terbium", "dysprosium", "holmium", "erbium", "thulium", "ytterbium")
RARE_EARTHS += ("lutetium",)
REFERENCE_ONLY = (
    "mineralctl: warning: HS codes are reference only; the Dual-Use List and the law decide what is controlled\n"
)


@pytest.fixture(scope="module")
def label() -> str:
    return rulebook_label(load_rulebook())


def verdict(label: str, file: str, counts: str, result: str, warnings: str = "") -> str:
    return (
        f"mineralctl: {file}: screened {counts}\n{REFERENCE_ONLY}{warnings}"
        f"mineralctl: answered by {label}\nmineralctl: screen {result}\n"
    )


def quoted(label: str) -> str:
    return f'"{label}"'


def test_an_hs_code_of_another_material_makes_the_row_unresolved(tmp_path, label):
    """The trial's file: 8112929010 is metal gallium, prohibited to the US on 2025-01-15; beside
    tungsten it was answered not-controlled and the run passed."""
    path = tmp_path / "c.csv"
    path.write_text(
        f"{HEADER}\ntungsten,8112929010,US,2025-01-15,civil\ngallium,1.5,US,2025-01-15,civil\n"
        "gallium,abc,US,2025-01-15,civil\n"
    )
    run = in_process("screen", str(path))
    assert run.code == 4
    unread = "cannot be read as an HS code (6 to 10 digits; dots and spaces allowed)"
    assert run.stdout.splitlines()[1:] == [
        f'tungsten,8112929010,US,2025-01-15,civil,,,,,,,,,"line 2: HS code 8112929010 is gallium in the rulebook, '
        f'not tungsten",{quoted(label)}',
        f"gallium,1.5,US,2025-01-15,civil,,,,,,,,,line 3: HS code '1.5' {unread},{quoted(label)}",
        f"gallium,abc,US,2025-01-15,civil,,,,,,,,,line 4: HS code 'abc' {unread},{quoted(label)}",
    ]
    assert run.stderr == verdict(
        label,
        str(path),
        "3 rows: 0 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 3 unresolved",
        "failed (exit 4): 3 rows unresolved (see the error column)",
    )
    # --allow-unresolved lets the run pass, the rows still unanswered and named.
    allowed = in_process("screen", str(path), "--allow-unresolved")
    assert (allowed.code, allowed.stdout) == (0, run.stdout)
    assert allowed.stderr.endswith(
        "screen passed: 3 rows unresolved, allowed by --allow-unresolved; no --fail-on gate\n"
    )


def test_an_hs_code_that_agrees_with_the_material_is_answered_by_the_material(label):
    data = (
        f"{HEADER}\ngallium,8112929010,US,2024-12-03,civil\ngallium,8112.92.90.10,US,2024-12-02,civil\n"
        "Ga, 811292 ,US,2025-01-15,civil\nrare earths,,US,2025-01-15,civil\n"
    )
    run = in_process("screen", "-", "--fail-on", "prohibited", stdin=data)
    assert run.code == 1
    tail = f",{quoted(label)}"
    assert run.stdout.splitlines()[1:] == [
        # The first day of the prohibition (No. 46 of 2024, para 2), and the day before it.
        f"gallium,8112929010,US,2024-12-03,civil,prohibited,false,{GALLIUM_TO_US},gallium,US,2024-12-03,civil,{tail}",
        "gallium,8112.92.90.10,US,2024-12-02,civil,license-required,false,mofcom-gac-2023-23;dual-use-list-2024,,"
        f"gallium,US,2024-12-02,civil,{tail}",
        # Six digits read as a prefix: gallium and germanium lines, gallium among them.
        f"Ga, 811292 ,US,2025-01-15,civil,prohibited,false,{GALLIUM_TO_US},gallium,US,2025-01-15,civil,{tail}",
        # An empty HS cell: the material alone, as before.
        f"rare earths,,US,2025-01-15,civil,not-controlled,false,,,{';'.join(RARE_EARTHS)},US,2025-01-15,civil,{tail}",
    ]
    assert run.stderr == verdict(
        label,
        "stdin",
        "4 rows: 2 prohibited, 0 enhanced-review, 1 license-required, 1 not-controlled; 0 unresolved",
        "failed (exit 1): 2 rows at or above prohibited (--fail-on)",
    )


def test_an_hs_code_listed_for_none_is_answered_by_the_material_and_named_on_stderr(label):
    data = (
        f"{HEADER}\ntungsten,9999999999,US,2025-01-15,civil\ntungsten,9999999999,US,2025-01-16,civil\n"
        ",9999999999,US,2025-01-15,civil\n"
    )
    run = in_process("screen", "-", stdin=data)
    assert run.code == 4
    assert run.stdout.splitlines()[1:] == [
        f"tungsten,9999999999,US,2025-01-15,civil,not-controlled,false,,,tungsten,US,2025-01-15,civil,,{quoted(label)}",
        f"tungsten,9999999999,US,2025-01-16,civil,not-controlled,false,,,tungsten,US,2025-01-16,civil,,{quoted(label)}",
        # Without a material the code is all there is: unknown, as `status 9999999999` says.
        ",9999999999,US,2025-01-15,civil,,,,,,,,,line 4: unknown HS code '9999999999' (no item in the rulebook "
        f"lists it; HS codes are reference only),{quoted(label)}",
    ]
    assert run.stderr == verdict(
        label,
        "stdin",
        "3 rows: 0 prohibited, 0 enhanced-review, 0 license-required, 2 not-controlled; 1 unresolved",
        "failed (exit 4): 1 row unresolved (see the error column)",
        "mineralctl: warning: an HS code beside a material that no rulebook item lists: 9999999999 (stdin line 2); "
        "its rows were answered by the material\n",
    )


def test_an_hs_column_holds_hs_codes_only(label):
    """A name in the HS column is not read as a material; a group whose members the code does
    not name is a contradiction too."""
    data = f"{HEADER}\n,gallium,US,2025-01-15,civil\nrare earths,8112929010,US,2025-01-15,civil\n"
    run = in_process("screen", "-", "--allow-unresolved", stdin=data)
    assert run.code == 0
    assert [row["error"] for row in csv.DictReader(io.StringIO(run.stdout))] == [
        "line 2: HS code 'gallium' cannot be read as an HS code (6 to 10 digits; dots and spaces allowed)",
        "line 3: HS code 8112929010 is gallium in the rulebook, not rare earths",
    ]
    assert run.stderr == verdict(
        label,
        "stdin",
        "2 rows: 0 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 2 unresolved",
        "passed: 2 rows unresolved, allowed by --allow-unresolved; no --fail-on gate",
    )


def test_json_lines_and_excel_check_the_hs_code_too(tmp_path, label):
    rest = '"destination": "US", "date": "2025-01-15", "end_use": "civil"}\n'
    data = f'{{"material": "tungsten", "hs_code": 8112929010, {rest}'
    data += f'{{"material": "gallium", "hs_code": "8112929010", {rest}'
    run = in_process("screen", "-", "--input-format", "jsonl", stdin=data)
    assert run.code == 4
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    contradiction = "HS code 8112929010 is gallium in the rulebook, not tungsten"
    assert (first["status"], first["error"]) == (None, f"line 1: {contradiction}")
    assert (second["status"], second["error"]) == ("prohibited", None)
    assert run.stderr == verdict(
        label,
        "stdin",
        "2 rows: 1 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 1 unresolved",
        "failed (exit 4): 1 row unresolved (see the error column)",
    )

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["material", "hs_code", "destination", "date", "end_use"])
    sheet.append(["tungsten", 8112929010, "US", "2025-01-15", "civil"])
    sheet.append(["gallium", 8112929010, "US", "2025-01-15", "civil"])
    path = tmp_path / "s.xlsx"
    book.save(path)
    run = in_process("screen", str(path))
    assert run.code == 4
    first, second = csv.DictReader(io.StringIO(run.stdout))
    assert (first["status"], first["error"]) == ("", f"sheet row 2: {contradiction}")
    assert (second["status"], second["error"]) == ("prohibited", "")
    assert run.stderr == verdict(
        label,
        f"{path} (sheet 'Sheet')",
        "2 rows: 1 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 1 unresolved",
        "failed (exit 4): 1 row unresolved (see the error column)",
    )


def test_each_pair_is_checked_once_and_a_new_pair_is_checked_anew(label):
    """The pair cache is by (material, HS code): the same code beside another material is
    checked again, not served the first answer."""
    data = f"{HEADER}\n" + "gallium,8112929010,US,2025-01-15,civil\ntungsten,8112929010,US,2025-01-15,civil\n" * 3
    run = in_process("screen", "-", "--allow-unresolved", stdin=data)
    assert run.code == 0
    statuses = [(row["status"], row["error"]) for row in csv.DictReader(io.StringIO(run.stdout))]
    contradiction = ("", "HS code 8112929010 is gallium in the rulebook, not tungsten")
    assert [(s, e.split(": ", 1)[-1]) for s, e in statuses] == [("prohibited", ""), contradiction] * 3
    assert [e.split(":")[0] for _, e in statuses[1::2]] == ["line 3", "line 5", "line 7"]
    assert run.stderr == verdict(
        label,
        "stdin",
        "6 rows: 3 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 3 unresolved",
        "passed: 3 rows unresolved, allowed by --allow-unresolved; no --fail-on gate",
    )
