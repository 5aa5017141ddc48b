"""`mineralctl screen` fails closed: each case is a command line a user ran, checked by its exit
code, stdout and stderr together."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import Run, console_script, in_process, mineralctl

RULEBOOK_LINE = "(rulebook "


def screen(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    """``mineralctl screen`` in this process (fast); ``stdin`` is fed as the bytes of standard input."""
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        return in_process("screen", *args, env=env)
    finally:
        sys.stdin = saved


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def by_name(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


# --------------------------------------------------------------------------- what was asked


def test_unrecognised_destination_or_date_column_stops_before_screening():
    data = "material,country,day\ngallium,US,2025-01-15\n"
    run = screen("-", "--fail-on", "prohibited", "--end-use", "civil", stdin=data)
    assert run.code == 2 and run.stdout == ""
    assert run.stderr == (
        "mineralctl: error: stdin: no destination column (found: material, country, day); name one with "
        "--dest-column or give --dest; no date column (found: material, country, day); name one with "
        "--date-column or give --date\n"
    )


def test_ship_to_country_and_ship_date_are_recognised_and_answered_as_asked():
    data = "material,ship_to_country,ship_date\ngallium,US,2025-01-15\n"
    run = screen("-", "--fail-on", "prohibited", "--end-use", "civil", stdin=data)
    assert run.code == 1
    (row,) = by_name(run.stdout)
    assert row["status"] == "prohibited" and row["screened_destination"] == "US"
    assert (row["screened_date"], row["screened_end_use"], row["screened_material"]) == (
        "2025-01-15",
        "civil",
        "gallium",
    )
    assert "1 prohibited" in run.stderr and "screen failed (exit 1): 1 row at or above prohibited" in run.stderr


def test_no_end_use_column_and_no_option_stops_with_the_options_that_fix_it():
    data = "material,destination,date\ngallium,US,2025-01-15\n"
    run = screen("-", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert "no end-use column (found: material, destination, date)" in run.stderr
    assert "--end-use-column or give --end-use civil or military" in run.stderr


def test_whole_file_options_answer_rows_without_their_own_value():
    data = "material,destination\ngallium,\ngermanium,US\n"
    run = screen("-", "--dest", "DE", "--date", "2025-01-15", "--end-use", "military", stdin=data)
    assert run.code == 0, run.stderr
    first, second = by_name(run.stdout)
    assert (first["screened_destination"], second["screened_destination"]) == ("DE", "US")
    assert first["screened_date"] == second["screened_date"] == "2025-01-15"
    assert first["screened_end_use"] == "military"


def test_an_empty_cell_without_an_option_is_an_unresolved_row_not_a_default():
    data = "material,destination,date,end_use\ngallium,,2025-01-15,civil\n"
    run = screen("-", stdin=data)
    assert run.code == 4
    (row,) = by_name(run.stdout)
    assert row["status"] == "" and row["error"] == (
        "line 2: no destination in this row (give --dest for rows without one)"
    )
    assert "screen failed (exit 4): 1 row unresolved" in run.stderr


def test_two_columns_for_one_dimension_are_refused():
    data = "material,destination,dest,date,end_use\ngallium,US,DE,2025-01-15,civil\n"
    run = screen("-", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert "2 destination columns (destination, dest); name one with --dest-column" in run.stderr


def test_json_lines_columns_are_found_per_record():
    data = (
        '{"material":"germanium","destination":"DE","date":"2026-01-15","end_use":"civil"}\n'
        '{"item":"gallium","dest":"US","ship_date":"2025-01-15","end_use":"civil"}\n'
        '{"material":"gallium","date":"2025-01-15","end_use":"civil"}\n'
    )
    run = screen("-", "--input-format", "jsonl", "--fail-on", "prohibited", stdin=data)
    assert run.code == 4
    first, second, third = lines(run.stdout)
    assert second["status"] == "prohibited" and second["screened_destination"] == "US"
    assert second["screened_date"] == "2025-01-15" and second["item"] == "gallium"
    assert third["status"] is None and third["error"] == (
        "line 3: no destination field (found: material, date, end_use); name one with --dest-column or give --dest"
    )
    assert "screen failed (exit 4): 1 row unresolved (see the error column); 1 row at or above prohibited" in run.stderr


# --------------------------------------------------------------------------- every row back


def test_unterminated_quote_is_reported_on_its_line_and_fails_the_run(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text(
        "material,destination,date,end_use,note\n"
        'germanium,DE,2026-01-15,civil,"open quote\n'
        "gallium,US,2025-01-15,civil,fine\n"
        "gallium,US,2025-01-15,civil,fine\n"
    )
    for extra in ([], ["--allow-unresolved"]):
        run = screen(str(data), "--fail-on", "prohibited", *extra)
        assert run.code == 4
        table = rows(run.stdout)
        assert len(table) == 2
        assert table[1][-2] == (
            "line 2: a quote opened on this line is never closed; lines 2-4 were read as one field and not screened"
        )
        assert "prohibited" not in run.stdout
        assert f"{data}: screened 1 row: 0 prohibited" in run.stderr
        assert f"screen failed (exit 4): {data}: line 2: a quote opened on this line is never closed" in run.stderr


def test_unresolved_rows_fail_by_default_and_allow_unresolved_lets_them_pass(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("material,destination,date,end_use\ngalium,US,2025-01-15,civil\ngermanium,DE,2026-01-15,civil\n")
    run = screen(str(data), "--fail-on", "prohibited")
    assert run.code == 4
    bad, good = by_name(run.stdout)
    assert bad["error"] == "line 2: unknown material 'galium'; did you mean gallium, gadolinium or germanium?"
    assert good["status"] and not good["error"]
    assert "screen failed (exit 4): 1 row unresolved (see the error column)" in run.stderr
    run = screen(str(data), "--fail-on", "prohibited", "--allow-unresolved")
    assert run.code == 0
    assert "screen passed: 1 row unresolved, allowed by --allow-unresolved; no row at or above prohibited" in run.stderr


def test_ragged_rows_keep_every_field_and_are_flagged():
    data = (
        "material,destination,date,end_use\ngallium,US\ngallium,US,2025-01-15,civil,x,y\ngallium,DE,2026-01-15,civil\n"
    )
    run = screen("-", stdin=data)
    assert run.code == 4
    table = rows(run.stdout)
    assert table[1][:4] == ["gallium", "US", "", ""] and table[1][12] == (
        "line 2: 2 fields where the header has 4; not screened"
    )
    assert table[2][:4] == ["gallium", "US", "2025-01-15", "civil"] and table[2][14:] == ["x", "y"]
    assert table[3][4] == "license-required"
    assert {row[13] for row in table[1:]} == {"rulebook data-2, sources checked to 2026-10-08"} or table[0][
        13
    ] == "rulebook"
    run = screen("-", "-f", "jsonl", stdin=data)
    assert lines(run.stdout)[1]["extra_fields"] == ["x", "y"]


def test_input_columns_are_never_overwritten_and_duplicates_stay_apart():
    data = "material,destination,date,end_use,status,error,note,note\ngallium,US,2025-01-15,civil,open,none,a,b\n"
    run = screen("-", stdin=data)
    assert run.code == 0
    header, row = rows(run.stdout)
    assert header[:8] == ["material", "destination", "date", "end_use", "status", "error", "note", "note"]
    assert "mineralctl_status" in header and "mineralctl_error" in header
    assert row[:8] == ["gallium", "US", "2025-01-15", "civil", "open", "none", "a", "b"]
    assert row[header.index("mineralctl_status")] == "prohibited"
    run = screen("-", "-f", "jsonl", stdin=data)
    (record,) = lines(run.stdout)
    assert (record["status"], record["note"], record["note_2"], record["mineralctl_status"]) == (
        "open",
        "a",
        "b",
        "prohibited",
    )


def test_json_lines_output_keeps_json_types_and_projected_is_a_boolean():
    data = '{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil","qty":5,"ref":null}\n'
    run = screen("-", "--input-format", "jsonl", stdin=data)
    (record,) = lines(run.stdout)
    assert record["qty"] == 5 and record["ref"] is None and record["projected"] is False
    assert record["measures"] and isinstance(record["measures"], list)
    data = "material,destination,date,end_use\ngallium,DE,2027-03-01,civil\n"
    run = screen("-", "-f", "jsonl", stdin=data)
    (record,) = lines(run.stdout)
    assert record["projected"] is True
    assert "1 projected (dated after 2026-10-08, the as_of of the rulebook measures.yaml (packaged))\n" in run.stderr


def test_a_json_name_given_twice_keeps_both_values_and_is_flagged():
    data = '{"material":"gallium","material":"germanium","destination":"US","date":"2025-01-15","end_use":"civil"}\n'
    run = screen("-", "--input-format", "jsonl", stdin=data)
    assert run.code == 4
    (record,) = lines(run.stdout)
    assert (record["material"], record["material_2"]) == ("gallium", "germanium")
    assert record["error"] == "line 1: field names given twice (material); not screened"


def test_json_lines_to_csv_keeps_every_field_of_every_record(tmp_path):
    data = (
        '{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil","qty":1}\n'
        '{"material":"germanium","destination":"DE","date":"2026-01-15","end_use":"civil","note":"x","note":"y"}\n'
    )
    for args in (["-"], [str(tmp_path / "s.jsonl")]):
        (tmp_path / "s.jsonl").write_text(data)
        run = screen(*args, "--input-format", "jsonl", "-f", "csv", stdin=data)
        assert run.code == 4
        first, second = by_name(run.stdout)
        assert (first["qty"], first["note"], first["status"]) == ("1", "", "prohibited")
        assert (second["qty"], second["note"], second["note_2"]) == ("", "x", "y")
        assert second["error"] == "line 2: field names given twice (note); not screened"


def test_a_field_over_128_kb_is_screened():
    data = f"material,destination,date,end_use,note\ngallium,US,2025-01-15,civil,{'x' * 200_000}\n"
    run = screen("-", stdin=data)
    assert run.code == 0
    csv.field_size_limit(1_000_000)
    (row,) = by_name(run.stdout)
    assert len(row["note"]) == 200_000 and row["status"] == "prohibited"


def test_bad_bytes_are_flagged_on_their_row_and_written_back_unchanged(tmp_path):
    data = tmp_path / "s.csv"
    body = b"".join(b"gallium,DE,2026-01-15,civil,ok\n" for _ in range(3000))
    data.write_bytes(
        b"material,destination,date,end_use,note\n" + body + b"gallium,US,2025-01-15,civil,caf\xe9\n" + body
    )
    out = tmp_path / "out.csv"
    run = screen(str(data), "-o", str(out))
    assert run.code == 4 and run.stdout == ""
    written = out.read_bytes().splitlines()
    assert len(written) == 6002
    assert written[3001].startswith(b"gallium,US,2025-01-15,civil,caf\xe9,,,")
    assert b",line 3002: bytes that are not valid UTF-8; not screened," in written[3001]
    assert "6000 license-required" in run.stderr and "1 unresolved" in run.stderr


def test_a_lone_surrogate_in_json_is_flagged_and_the_output_stays_valid_json():
    data = (
        '{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil","note":"\\ud800"}\n'
        '{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil"}\n'
        "not json\n"
    )
    run = screen("-", "--input-format", "jsonl", stdin=data)
    assert run.code == 4
    first, second, third = lines(run.stdout)
    assert first["note"] == "\ud800" and first["error"] == "line 1: a lone surrogate escape, not text; not screened"
    assert second["status"] == "prohibited"
    assert third["error"].startswith("line 3: not valid JSON")


def test_a_byte_order_mark_on_stdin_is_not_part_of_the_first_column():
    data = "\ufeffmaterial,destination,date,end_use\ngallium,US,2025-01-15,civil\n"
    run = mineralctl("screen", "-", stdin=data)
    assert run.code == 0
    assert run.stdout.startswith("material,destination,")


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_common_delimiters_are_sniffed(delimiter):
    data = delimiter.join(["material", "destination", "date", "end_use"]) + "\n"
    data += delimiter.join(["gallium", "US", "2025-01-15", "civil"]) + "\n"
    run = screen("-", stdin=data)
    assert run.code == 0
    (row,) = by_name(run.stdout)
    assert row["material"] == "gallium" and row["status"] == "prohibited"


def test_delimiter_can_be_forced():
    data = "material;destination,date;end_use\ngallium;US,2025-01-15;civil\n"
    run = mineralctl(
        "screen", "-", "--delimiter", ";", "--dest-column", "destination,date", "--date", "2025-01-15", stdin=data
    )
    assert run.code == 4  # the destination cell "US,2025-01-15" is not a destination
    assert "unknown destination" in by_name(run.stdout)[0]["error"]
    run = screen("-", "--delimiter", "colon", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert "--delimiter: 'colon' is not one of , ; tab |" in run.stderr


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "cp1252"])
def test_encodings_on_request(tmp_path, encoding):
    note = "镓锭" if encoding != "cp1252" else "café"
    data = tmp_path / "s.csv"
    data.write_bytes(f"material,destination,date,end_use,note\ngallium,US,2025-01-15,civil,{note}\n".encode(encoding))
    run = screen(str(data), "--encoding", encoding)
    assert run.code == 0
    (row,) = by_name(run.stdout)
    assert row["note"] == note and row["status"] == "prohibited"
    out = tmp_path / "out.csv"
    run = screen(str(data), "-o", str(out))
    assert run.code == 4 and b"line 2: bytes that are not valid UTF-8; not screened" in out.read_bytes()
    assert note.encode(encoding) in out.read_bytes()


def test_encodings_that_cannot_read_the_file_are_usage_errors(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("material,destination,date,end_use\ngallium,US,2025-01-15,civil\n")
    run = screen(str(data), "--encoding", "rot13")
    assert (run.code, run.stdout) == (2, "")
    assert "--encoding: unknown text encoding 'rot13'" in run.stderr
    run = screen(str(data), "--encoding", "utf-16")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"mineralctl: error: {data}: ") and "BOM" in run.stderr


def test_chinese_material_names_in_a_gbk_file(tmp_path):
    data = tmp_path / "s.csv"
    data.write_bytes("material,destination,date,end_use\n镓,US,2025-01-15,civil\n".encode("gbk"))
    run = screen(str(data), "--encoding", "GBK")
    assert run.code == 0
    assert by_name(run.stdout)[0]["screened_material"] == "gallium"


# --------------------------------------------------------------------------- never touch the input


@pytest.mark.parametrize("how", ["same", "hardlink", "symlink"])
def test_writing_to_the_input_is_refused_before_anything_is_written(tmp_path, how):
    data = tmp_path / "s.csv"
    text = "material,destination,date,end_use\ngallium,US,2025-01-15,civil\n"
    data.write_text(text)
    target = tmp_path / "out.csv"
    if how == "same":
        target = data
    elif how == "hardlink":
        os.link(data, target)
    else:
        target.symlink_to(data)
    run = screen(str(data), "-o", str(target))
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"mineralctl: error: --output {target} is the input file {data}: write the results to another file\n"
    )
    assert data.read_text() == text and sorted(p.name for p in tmp_path.iterdir()) == sorted({data.name, target.name})


def test_output_is_written_whole_or_not_at_all(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("material,destination,date\ngallium,US,2025-01-15\n")
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    run = screen(str(data), "-o", str(out))
    assert run.code == 2 and out.read_text() == "previous results\n"
    run = screen(str(data), "-o", str(out), "--end-use", "civil")
    assert (run.code, run.stdout) == (2, "") and out.read_text() == "previous results\n"
    assert run.stderr == f"mineralctl: error: --output: {out} exists; add --force to replace it\n"
    run = screen(str(data), "-o", str(out), "--end-use", "civil", "--force")
    assert run.code == 0 and out.read_text().startswith("material,destination,date,status")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "s.csv"]


def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("material,destination,date,end_use\n" + "gallium,US,2025-01-15,civil\n" * 20_000)
    script = (
        f'"{console_script()}" screen "{data}" --fail-on prohibited | head -1; echo "status ${{PIPESTATUS[0]}}" >&2'
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("material,destination,date,end_use,status")
    assert done.stderr == "status 141\n"


# --------------------------------------------------------------------------- output and summary


def test_summary_names_rulebook_counts_in_severity_order_and_every_condition(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text(
        "material,destination,date,end_use\n"
        "gallium,US,2025-01-15,civil\n"
        "germanium,DE,2026-01-15,civil\n"
        "galium,US,2025-01-15,civil\n"
    )
    run = mineralctl(
        "screen", str(data), "--fail-on", "prohibited", "--max-age", "30d", env={"MINERALCTL_TODAY": "2028-01-01"}
    )
    assert run.code == 5
    summary, stale, answered, verdict = run.stderr.splitlines()
    assert answered.startswith("mineralctl: answered by rulebook ")
    assert summary.startswith(
        f"mineralctl: {data}: screened 3 rows: 1 prohibited, 0 enhanced-review, 1 license-required, "
        "0 not-controlled; 1 unresolved"
    )
    assert "the rulebook (measures.yaml (packaged)) is stale: as_of " in stale
    assert verdict.startswith("mineralctl: screen failed (exit 5): the rulebook (measures.yaml (packaged), as_of ")
    assert verdict.endswith(
        "is older than --max-age 30d; 1 row unresolved (see the error column); 1 row at or above prohibited (--fail-on)"
    )


def test_several_files_each_get_a_summary_line_and_rows_name_their_file(tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("material,destination,date,end_use\ngallium,US,2025-01-15,civil\n")
    second = tmp_path / "b.jsonl"
    second.write_text('{"material":"germanium","destination":"DE","date":"2026-01-15","end_use":"civil","qty":3}\n')
    run = screen(str(first), str(second))
    assert run.code == 0
    header, one, two = rows(run.stdout)
    assert header[:6] == ["material", "destination", "date", "end_use", "qty", "file"]
    assert one[:6] == ["gallium", "US", "2025-01-15", "civil", "", str(first)]
    assert two[:6] == ["germanium", "DE", "2026-01-15", "civil", "3", str(second)]
    assert [line.split(":")[1].strip() for line in run.stderr.splitlines()[:2]] == [str(first), str(second)]


def test_table_output_escapes_cells_and_refuses_large_files(tmp_path):
    data = "material,destination,date,end_use,note\ngallium,US,2025-01-15,civil,[bold]x\x1b[31m\n"
    run = screen("-", "-f", "table", stdin=data, env={"COLUMNS": "1000"})
    assert run.code == 0
    assert "[bold]x\\x1b[31m" in run.stdout and "\x1b" not in run.stdout
    big = "material,destination,date,end_use\n" + "gallium,US,2025-01-15,civil\n" * 1001
    run = screen("-", "-f", "table", stdin=big)
    assert (run.code, run.stdout) == (2, "")
    assert "-f table shows at most 1,000 rows and stdin has more: use -f csv (the default) or -f jsonl" in run.stderr


def test_groups_and_hs_codes_state_the_materials_screened():
    data = "material,hs_code,destination,date,end_use\nREE,,DE,2026-01-15,civil\n,8112929010,US,2025-01-15,civil\n"
    run = screen("-", stdin=data)
    assert run.code == 0
    group, code = by_name(run.stdout)
    assert len(group["screened_material"].split(";")) == 17
    assert code["screened_material"] and code["status"]
    assert "HS codes are reference only" in run.stderr


def test_excel_first_sheet_or_named_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Exports"
    first.append(["material", "destination", "date", "end_use", "qty"])
    first.append(["gallium", "US", dt.datetime(2025, 1, 15), "civil", 5])
    other = book.create_sheet("Other")
    other.append(["material", "destination", "date", "end_use"])
    other.append(["germanium", "DE", "2026-01-15", "civil"])
    other.append(["galium", "DE", "2026-01-15", "civil"])
    path = tmp_path / "s.xlsx"
    book.save(path)
    run = screen(str(path), "--fail-on", "prohibited")
    assert run.code == 1
    (row,) = by_name(run.stdout)
    assert (row["date"], row["qty"], row["status"]) == ("2025-01-15", "5", "prohibited")
    run = screen(str(path), "--sheet", "Other")
    assert run.code == 4 and by_name(run.stdout)[0]["material"] == "germanium"
    assert by_name(run.stdout)[1]["error"].startswith("sheet row 3: unknown material 'galium'")
    run = screen(str(path), "--sheet", "Nope")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --sheet: no sheet 'Nope' in {path} (sheets: 'Exports', 'Other')\n"
    # Sheets are numbered from 1: 2 is the second, 0 and 3 name none and say how they count.
    for number in ("2", "#2"):
        run = screen(str(path), "--sheet", number)
        assert run.code == 4 and by_name(run.stdout)[0]["material"] == "germanium"
    for number in ("0", "3", "-1", "#0", "#3"):
        run = screen(str(path), "--sheet", number)
        assert (run.code, run.stdout) == (2, "")
        assert run.stderr == (
            f"mineralctl: error: --sheet: no sheet '{number}' in {path}: sheets are numbered from 1 (this "
            "workbook has 2: 'Exports', 'Other'), or give a sheet's name\n"
        )


@pytest.fixture
def numbered_sheets(tmp_path):
    """A workbook whose first sheet is named '2' (a gallium row) and second '1' (indium), and
    whose third, named '3', is also the third."""
    return _workbook(tmp_path / "numbered.xlsx", (("2", "gallium"), ("1", "indium"), ("3", "germanium")))


def _workbook(path, sheets) -> str:
    """A workbook with one row a sheet: (sheet title, the row's material), in order."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for index, (title, material) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(["material", "destination", "date", "end_use"])
        sheet.append([material, "US", "2025-01-15", "civil"])
    book.save(path)
    return str(path)


@pytest.mark.parametrize(
    ("given", "named", "place", "other"),
    [("2", 1, 2, "1"), ("1", 2, 1, "2")],
)
def test_a_number_that_is_one_sheets_name_and_anothers_place_is_refused(numbered_sheets, given, named, place, other):
    run = screen(numbered_sheets, "--sheet", given)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"mineralctl: error: --sheet: '{given}' in {numbered_sheets} is both the name of sheet {named} and the "
        f"number of sheet {place} ('{other}'); give --sheet '#{place}' for sheet {place} or --sheet '#{named}' "
        f"for the sheet named '{given}'\n"
    )


@pytest.mark.parametrize(
    ("given", "material", "status"),
    # '#N' is always the Nth sheet; '3' is both the name and the place of the third: no doubt.
    [
        ("#1", "gallium", "prohibited"),
        ("#2", "indium", "not-controlled"),
        ("#3", "germanium", "prohibited"),
        ("3", "germanium", "prohibited"),
    ],
)
def test_hash_n_chooses_by_place_and_an_agreeing_number_is_read(numbered_sheets, given, material, status):
    run = screen(numbered_sheets, "--sheet", given, "-f", "csv")
    assert run.code == 0, run.stderr
    (row,) = by_name(run.stdout)
    assert (row["material"], row["screened_date"], row["status"], row["error"]) == (material, "2025-01-15", status, "")
    summary, _, verdict = run.stderr.splitlines()
    sheet = {"gallium": "2", "indium": "1", "germanium": "3"}[material]
    assert summary.startswith(f"mineralctl: {numbered_sheets} (sheet '{sheet}'): screened 1 row: ")
    assert summary.endswith("; 0 unresolved")
    assert verdict == "mineralctl: screen passed: every row resolved; no --fail-on gate"


@pytest.fixture
def hash_named_sheets(tmp_path):
    """A workbook whose sheets are '2' (gallium), '#1' (indium) and '５' (germanium, a full-width 5)."""
    return _workbook(tmp_path / "hashed.xlsx", (("2", "gallium"), ("#1", "indium"), ("５", "germanium")))


def test_hash_n_that_is_another_sheets_name_is_refused_naming_both(hash_named_sheets):
    run = screen(hash_named_sheets, "--sheet", "#1")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"mineralctl: error: --sheet: '#1' in {hash_named_sheets} is both the name of sheet 2 and the number of "
        "sheet 1 ('2'); give --sheet '#1' for sheet 1 or --sheet '#2' for the sheet named '#1'\n"
    )


@pytest.mark.parametrize(
    ("given", "material", "sheet"), [("#2", "indium", "#1"), ("#3", "germanium", "５"), ("５", "germanium", "５")]
)
def test_hash_n_naming_no_other_sheet_and_full_width_digits_are_read_as_written(
    hash_named_sheets, given, material, sheet
):
    run = screen(hash_named_sheets, "--sheet", given, "-f", "csv")
    assert run.code == 0, run.stderr
    (row,) = by_name(run.stdout)
    assert row["material"] == material
    assert run.stderr.splitlines()[0].startswith(f"mineralctl: {hash_named_sheets} (sheet '{sheet}'): screened 1 row")


def test_a_full_width_digit_is_a_name_never_a_number(numbered_sheets):
    run = screen(numbered_sheets, "--sheet", "３")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --sheet: no sheet '３' in {numbered_sheets} (sheets: '2', '1', '3')\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.csv", "material,destination,date,end_use\ngallium,US,2025-01-15,civil\n"),
        ("s.jsonl", '{"material": "gallium", "destination": "US", "date": "2025-01-15", "end_use": "civil"}\n'),
    ],
)
def test_sheet_for_a_text_input_is_refused(tmp_path, name, text):
    data = tmp_path / name
    data.write_text(text)
    run = screen(str(data), "--sheet", "2")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: --sheet '2' is for Excel workbooks (.xlsx) and no input is one: "
        "leave it out for CSV or JSON Lines\n"
    )
    # without --sheet the same file is screened
    plain = screen(str(data), "-f", "csv")
    assert plain.code == 0, plain.stderr
    assert by_name(plain.stdout)[0]["status"] == "prohibited"
    assert plain.stderr.startswith(f"mineralctl: {data}: screened 1 row")


def test_same_answers_as_status_on_both_sides_of_every_boundary(tmp_path):
    """Each answer is resolved once per period between a material's boundary dates and served
    to every row in it: rows on the day before and the first day of every boundary, for named
    and unnamed destinations and both end uses, give exactly what ``status`` gives."""
    import datetime as dt
    import itertools

    from mineralctl import load_rulebook

    book = load_rulebook()
    questions = []
    for material in ["gallium", "graphite", "antimony", "dysprosium", "tungsten", "lithium-iron-phosphate"]:
        if material not in book.materials:
            continue
        days = {d + dt.timedelta(days=shift) for d in book.boundaries(material) for shift in (-1, 0)}
        days.add(book.as_of + dt.timedelta(days=1))
        places = ["US", "DE", "BR", *book.named_destinations(material)[:3]]
        for day, place, use in itertools.product(sorted(days), places, ["civil", "military"]):
            questions.append((material, place, day.isoformat(), use))
    data = tmp_path / "s.csv"
    data.write_text("material,destination,date,end_use\n" + "".join(",".join(q) + "\n" for q in questions))
    run = screen(str(data))
    assert run.code == 0, run.stderr
    for question, row in zip(questions, by_name(run.stdout), strict=True):
        material, destination, day, use = question
        expected = book.status(material, day, destination=destination, end_use=use)
        assert row["status"] == expected.status.value, question
        assert row["measures"] == ";".join(m.id for m in expected.measures), question
        assert row["uncertainty"] == ";".join(expected.uncertainty_ids), question
        assert row["projected"] == ("true" if expected.projected else "false"), question


def test_missing_file_is_a_usage_error():
    run = mineralctl("screen", "/nonexistent/shipments.csv", "--end-use", "civil")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "mineralctl: error: cannot read /nonexistent/shipments.csv: no such file\n"


def test_json_lines_on_stdin_are_recognised_by_their_first_character_and_said_so():
    data = '\n  {"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil"}\n'
    run = screen("-", stdin=data)
    assert run.code == 0
    assert [(r["status"], r["screened_destination"]) for r in lines(run.stdout)] == [("prohibited", "US")]
    assert run.stderr.startswith(
        "mineralctl: stdin is read as JSON Lines: its first character is '{' (--input-format overrides)\n"
        "mineralctl: stdin: screened 1 row: 1 prohibited"
    )
    # Asked for CSV, it is not read as JSON: one short line, the record not repeated as column names.
    run = screen("-", "--input-format", "csv", stdin=data)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "mineralctl: error: stdin: cannot read the header row: ',' expected after '\"' "
        "(JSON Lines? give --input-format jsonl)\n"
    )
    # A CSV header is read as CSV, unannounced.
    run = screen("-", stdin="material,destination,date,end_use\ngallium,US,2025-01-15,civil\n")
    assert run.code == 0 and "JSON Lines" not in run.stderr and by_name(run.stdout)[0]["status"] == "prohibited"


def test_stdin_read_once_and_empty_input():
    run = screen("-", "-", stdin="")
    assert (run.code, run.stderr) == (2, "mineralctl: error: stdin ('-') can be read only once\n")
    run = screen("-", "--end-use", "civil", stdin="")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "mineralctl: error: stdin: the input is empty: no header row\n"


@pytest.mark.parametrize(
    ("stdin", "reason"),
    [("closed", "it is closed"), ("write-only", "Bad file descriptor")],
)
def test_a_stdin_that_cannot_be_read_is_one_line_and_a_usage_error(tmp_path, stdin, reason):
    """A closed stdin (``<&-``) or one opened for writing only: named, exit 2, never a traceback."""
    with (tmp_path / "out.txt").open("w") as writing:
        done = subprocess.run(
            [console_script(), "screen", "-"],
            stdin=writing if stdin == "write-only" else None,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=(lambda: os.close(0)) if stdin == "closed" else None,  # noqa: PLW1509
        )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"mineralctl: error: cannot read stdin: {reason}\n"
    readable = mineralctl("screen", "-", stdin="material,destination,date,end_use\ngallium,US,2025-01-01,civil\n")
    assert readable.code == 0 and ",prohibited," in readable.stdout


def test_dash_as_output_is_stdout_as_for_every_command(tmp_path, monkeypatch):
    """``-o -`` writes to stdout: never a file named ``-`` in the current folder."""
    monkeypatch.chdir(tmp_path)
    rows = "material,destination,date,end_use\ngallium,US,2025-01-01,civil\ngallium,US,2025-11-09,civil\n"
    plain = in_process("screen", "-", stdin=rows)
    dashed = in_process("screen", "-", "-o", "-", stdin=rows)
    assert (dashed.code, dashed.stdout, dashed.stderr) == (plain.code, plain.stdout, plain.stderr)
    assert ",prohibited," in dashed.stdout and ",license-required," in dashed.stdout
    assert not (tmp_path / "-").exists()
