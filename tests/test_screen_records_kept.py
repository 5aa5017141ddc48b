"""`mineralctl screen` gives every record back with its own content, also one it cannot read: a
JSON Lines line that is not an object keeps its text (``raw``), a CSV record the reader refuses
(a quote never closed, a stray quote) keeps its fields. Each case checks exit code, stdout and
stderr together."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import in_process

from mineralctl import load_rulebook, shipments
from mineralctl.render import rulebook_label

ADDED_EMPTY = {
    "status": None,
    "projected": None,
    "measures": None,
    "uncertainty": None,
    "screened_material": None,
    "screened_destination": None,
    "screened_date": None,
    "screened_end_use": None,
}
GALLIUM = '{"material": "gallium", "destination": "US", "date": "2025-01-15", "end_use": "civil"}'


@pytest.fixture(scope="module")
def label() -> str:
    return rulebook_label(load_rulebook())


def tail(label: str, name: str, counts: str, result: str) -> str:
    return f"mineralctl: {name}: screened {counts}\nmineralctl: answered by {label}\nmineralctl: screen {result}\n"


# --------------------------------------------------------------------------- JSON Lines


def test_a_json_line_that_is_not_an_object_comes_back_with_its_text(tmp_path, label):
    path = tmp_path / "s.jsonl"
    path.write_bytes(
        f'{GALLIUM}\nnot json\r\n{{"a": NaN}}\n[1, 2]\n'.encode()
        + b'"caf\xe9"\n{"raw": "mine", "material": "Ga"}\n'  # a cp1252 byte, not UTF-8
    )
    run = in_process("screen", str(path), "--dest", "US", "--date", "2025-01-15", "--end-use", "civil")
    assert run.code == 4
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert records[0]["status"] == "prohibited" and "raw" not in records[0]
    assert records[1:5] == [
        {"raw": "not json", **ADDED_EMPTY, "error": "line 2: not valid JSON (Expecting value)", "rulebook": label},
        {"raw": '{"a": NaN}', **ADDED_EMPTY, "error": "line 3: not valid JSON (NaN is not a JSON number)"}
        | {"rulebook": label},
        {"raw": "[1, 2]", **ADDED_EMPTY, "error": "line 4: not a JSON object", "rulebook": label},
        {"raw": '"caf\udce9"', **ADDED_EMPTY, "error": "line 5: not a JSON object", "rulebook": label},
    ]
    # The line's text is escaped as JSON escapes it: the undecodable byte as a \u escape.
    assert run.stdout.splitlines()[4].startswith('{"raw": "\\"caf\\udce9\\"", "status": null,')
    # An object of the input with its own "raw" field is screened and kept as it is.
    assert (records[5]["raw"], records[5]["material"], records[5]["status"]) == ("mine", "Ga", "prohibited")
    assert run.stderr == (
        f"mineralctl: {path}: screened 6 rows: 2 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; "
        "4 unresolved\nmineralctl: warning: the input holds bytes that are not valid UTF-8: rows with them are not "
        "screened (a file in another encoding? give --encoding gbk, gb18030 or cp1252)\n"
        f"mineralctl: answered by {label}\n"
        "mineralctl: screen failed (exit 4): 4 rows unresolved (see the error column)\n"
    )


def test_json_lines_as_csv_or_table_keep_a_broken_line_after_the_added_cells(label):
    data = f"{GALLIUM}\n[1, 2]\n"
    run = in_process("screen", "-", "--input-format", "jsonl", "-f", "csv", stdin=data)
    assert run.code == 4
    assert run.stdout.splitlines()[2] == f',,,,,,,,,,,,line 2: not a JSON object,"{label}","[1, 2]"'
    assert len(list(csv.reader(io.StringIO(run.stdout)))[1]) == 14
    expected = tail(
        label,
        "stdin",
        "2 rows: 1 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 1 unresolved",
        "failed (exit 4): 1 row unresolved (see the error column)",
    )
    assert run.stderr == expected
    table = in_process("screen", "-", "--input-format", "jsonl", "-f", "table", stdin=data, env={"COLUMNS": "100"})
    assert (table.code, table.stderr) == (4, expected)
    assert table.stdout.endswith("\n  error                 line 2: not a JSON object\n  raw  " + " " * 17 + "[1, 2]\n")
    # Every line an object: no raw column.
    whole = in_process("screen", "-", "--input-format", "jsonl", "-f", "table", stdin=f"{GALLIUM}\n")
    assert whole.code == 0 and " raw " not in whole.stdout and "prohibited" in whole.stdout


# --------------------------------------------------------------------------- CSV


def test_the_lines_a_quote_never_closed_swallowed_come_back(label):
    data = (
        "material,destination,date,end_use\ngallium,US,2025-01-15,civil\n"
        '"gallium,US,2025-01-15,civil\nindium,US,2025-01-15,civil\n'
    )
    run = in_process("screen", "-", stdin=data)
    assert run.code == 4
    problem = "line 3: a quote opened on this line is never closed; lines 3-4 were read as one field and not screened"
    header, first, swallowed = csv.reader(io.StringIO(run.stdout))
    assert (first[:5], first[-2:]) == (["gallium", "US", "2025-01-15", "civil", "prohibited"], ["", label])
    assert swallowed == ["gallium,US,2025-01-15,civil\nindium,US,2025-01-15,civil\n", *[""] * 11, problem, label]
    assert run.stderr == tail(
        label,
        "stdin",
        "2 rows: 1 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 1 unresolved",
        f"failed (exit 4): stdin: {problem}; 1 row unresolved (see the error column)",
    )
    as_json = in_process("screen", "-", "-f", "jsonl", "--allow-unresolved", stdin=data)
    assert as_json.code == 4  # an open quote fails the run whatever --allow-unresolved says
    kept = json.loads(as_json.stdout.splitlines()[1])
    assert kept["material"] == "gallium,US,2025-01-15,civil\nindium,US,2025-01-15,civil\n" and kept["error"] == problem


def test_a_record_with_a_stray_quote_keeps_its_fields_and_the_run_goes_on(label):
    data = 'material,destination,date,end_use\ngallium,"US"x,2025-01-15,civil\ngallium,US,2025-01-15,civil\n'
    run = in_process("screen", "-", stdin=data)
    assert run.code == 4
    _, stray, good = csv.reader(io.StringIO(run.stdout))
    problem = "line 2: not valid CSV (',' expected after '\"')"
    assert stray == ["gallium", "USx", "2025-01-15", "civil", *[""] * 8, problem, label]
    assert good[4] == "prohibited"
    assert run.stderr == tail(
        label,
        "stdin",
        "2 rows: 1 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; 1 unresolved",
        "failed (exit 4): 1 row unresolved (see the error column)",
    )


@pytest.mark.parametrize("opened", [3, 39_990])
def test_a_quote_opened_early_or_late_in_a_large_file_keeps_every_swallowed_line(tmp_path, label, opened):
    """The lines are read in blocks of 64 KiB; the swallowed text may start in any of them and
    run over many."""
    rows = [f"gallium,US,2025-01-{day % 28 + 1:02d},civil\n" for day in range(40_000)]
    rows[opened - 2] = '"' + rows[opened - 2]
    path = tmp_path / "big.csv"
    path.write_text("material,destination,date,end_use\n" + "".join(rows))
    run = in_process("screen", str(path), "-o", str(tmp_path / "out.csv"))
    assert (run.code, run.stdout) == (4, "")
    out = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert len(out) == opened  # the header, the rows before the quote, then the swallowed one
    assert out[-1][0] == "".join(rows[opened - 2 :])[1:]
    assert out[-1][-2].startswith(f"line {opened}: a quote opened on this line is never closed; lines {opened}-40001")
    assert f"screened {opened - 1} rows: {opened - 2} prohibited" in run.stderr
    assert run.stderr.endswith("1 row unresolved (see the error column)\n")


def test_the_lines_read_are_not_all_kept():
    """Only the blocks that may hold the record being read are kept: memory stays flat."""
    handle = io.StringIO("a,b\n" + "x,y\n" * 200_000)
    header, _, reader, lines = shipments.csv_records(handle, None)
    taken = [0]
    lines.records = lambda: taken[0]
    most = 0
    for _ in reader:
        taken[0] += 1
        most = max(most, len(lines.kept))
    assert header == ["a", "b"] and taken[0] == 200_000 and most == 2
    # A consumer that never says it took a record keeps everything (it may be one long record).
    handle = io.StringIO("a,b\n" + "x,y\n" * 50_000)
    _, _, reader, lines = shipments.csv_records(handle, None)
    assert sum(1 for _ in reader) == 50_000 and len(lines.kept) > 2
