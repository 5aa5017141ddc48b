"""`mineralctl screen` on the inputs and outputs testers reached for: each case checks the exit
code, stdout and stderr together."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from conftest import in_process

DATA = "material,destination,date,end_use\ngallium,US,2025-01-15,civil\n"


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_output_onto_a_fifo_is_refused_at_once_never_opened(tmp_path, force):
    shipments = tmp_path / "in.csv"
    shipments.write_text(DATA)
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    run = in_process("screen", str(shipments), "-o", str(fifo), *force)
    assert (run.code, run.stdout) == (2, "")
    assert (
        run.stderr
        == f"mineralctl: error: --output: {fifo} is a FIFO, not a regular file; write to a file or to stdout\n"
    )
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_output_onto_a_device_or_a_folder_is_refused(tmp_path, force):
    shipments = tmp_path / "in.csv"
    shipments.write_text(DATA)
    run = in_process("screen", str(shipments), "-o", "/dev/zero", *force)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: --output: /dev/zero is a device, not a regular file; write to a file or to stdout\n"
    )
    run = in_process("screen", str(shipments), "-o", str(tmp_path), *force)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --output: {tmp_path} is a folder, not a file\n"


def test_output_onto_an_existing_file_still_needs_force(tmp_path):
    shipments = tmp_path / "in.csv"
    shipments.write_text(DATA)
    target = tmp_path / "out.csv"
    target.write_text("keep\n")
    run = in_process("screen", str(shipments), "-o", str(target))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --output: {target} exists; add --force to replace it\n"
    assert target.read_text() == "keep\n"
    run = in_process("screen", str(shipments), "-o", str(target), "--force")
    assert (run.code, run.stdout) == (0, "")
    assert "screen passed" in run.stderr and target.read_text().startswith("material,destination,date,end_use,status")


def test_output_onto_the_null_device_throws_the_rows_away_and_keeps_the_verdict(tmp_path):
    shipments = tmp_path / "in.csv"
    shipments.write_text(DATA)
    run = in_process("screen", str(shipments), "--fail-on", "prohibited", "-o", os.devnull)
    assert (run.code, run.stdout) == (1, "")
    assert f"mineralctl: {shipments}: screened 1 row: 1 prohibited" in run.stderr
    assert run.stderr.endswith("mineralctl: screen failed (exit 1): 1 row at or above prohibited (--fail-on)\n")


def test_a_number_too_large_for_a_float_comes_back_as_written_and_the_line_stays_json(tmp_path):
    shipments = tmp_path / "in.jsonl"
    shipments.write_text(
        '{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil","qty":1e400,'
        '"lots":[-1E+999,2.5],"note":"1e400"}\n'
    )

    def strict(text: str) -> object:
        raise AssertionError(f"{text} in JSON output")

    run = in_process("screen", str(shipments))
    assert run.code == 0 and run.stderr.endswith("screen passed: every row resolved; no --fail-on gate\n")
    (line,) = run.stdout.splitlines()
    assert '"qty": 1e400, "lots": [-1E+999, 2.5], "note": "1e400"' in line
    record = json.loads(line, parse_constant=strict)
    assert record["status"] == "prohibited" and record["note"] == "1e400"
    run = in_process("screen", str(shipments), "-f", "csv")
    assert run.code == 0
    header, row = list(csv.reader(io.StringIO(run.stdout)))
    assert (row[header.index("qty")], row[header.index("lots")]) == ("1e400", "[-1E+999, 2.5]")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_the_row_is_flagged_and_output_stays_json(constant):
    data = f'{{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil","qty":{constant}}}\n'
    run = in_process("screen", "-", "--input-format", "jsonl", stdin=data)
    assert run.code == 4
    (record,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert record["status"] is None
    assert record["error"] == f"line 1: not valid JSON ({constant} is not a JSON number)"
    assert run.stderr.endswith("screen failed (exit 4): 1 row unresolved (see the error column)\n")


GBK = "material,目的国,date,end_use\n镓,US,2025-01-15,civil\n".encode("gbk")
HINT = "(a file in another encoding? give --encoding gbk, gb18030 or cp1252)"


def test_a_gbk_header_read_as_utf8_says_so_and_names_the_encodings_to_try(tmp_path):
    shipments = tmp_path / "gbk.csv"
    shipments.write_bytes(GBK)
    run = in_process("screen", str(shipments))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith(
        f"mineralctl: error: {shipments}: the header row holds bytes that are not valid UTF-8 {HINT}; "
        "no destination column (found: material, "
    )
    assert run.stderr.count("\n") == 1
    run = in_process("screen", str(shipments), "--encoding", "gbk", "--dest-column", "目的国")
    assert run.code == 0 and "not valid" not in run.stderr


def test_gbk_rows_read_as_utf8_are_flagged_and_stderr_names_the_encodings_to_try(tmp_path):
    shipments = tmp_path / "gbk.csv"
    shipments.write_bytes(GBK)
    run = in_process("screen", str(shipments), "--dest", "US")
    assert run.code == 4
    (row,) = list(csv.DictReader(io.StringIO(run.stdout)))
    assert row["status"] == "" and row["error"] == "line 2: bytes that are not valid UTF-8; not screened"
    assert (
        f"mineralctl: warning: the input holds bytes that are not valid UTF-8: rows with them are not screened {HINT}\n"
        in run.stderr
    )
    assert run.stderr.endswith("screen failed (exit 4): 1 row unresolved (see the error column)\n")


def test_a_column_name_given_twice_is_called_ambiguous_not_missing():
    data = "material,material,destination,end_use\ngallium,gallium,US,civil\n"
    run = in_process("screen", "-", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: stdin: the column name 'material' is ambiguous: columns 1 and 2 are both named so; "
        "rename all but one in the file, or pick a column with another name with --material-column; "
        "no date column (found: material, material, destination, end_use); name one with --date-column or give --date\n"
    )
    run = in_process("screen", "-", "--date", "2025-01-15", "--material-column", "material", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert "the column name 'material' is ambiguous" in run.stderr and "no material" not in run.stderr
    run = in_process("screen", "-", "--date", "2025-01-15", stdin=data.replace("material,material", "material,item"))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: stdin: 2 material columns (material, item); name one with --material-column\n"
    )
