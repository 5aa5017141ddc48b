"""Generated shipment files: whatever the columns, delimiter, encoding, quoting and broken rows
(ragged, undecodable bytes, unknown names, a quote never closed), `screen` writes exactly one
row per input record, in order, with the record's own fields unchanged, and a status or an
error (never both, never neither) on each."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from conftest import in_process
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mineralctl.screen import SYNONYMS, added_columns

MATERIALS = ["gallium", "Ge", "antimony", "镓", "galium", "8112.92.90.10", "", "rare earths"]
DESTINATIONS = ["US", "DE", "jp", "Norway", "ZZ", ""]
DATES = ["2025-01-15", "2026-11-28", "2023-08-01", "5 Nov 2025", "01/02/2026", "soon", ""]
END_USES = ["civil", "military", "Military", "both", ""]
END_USERS = ["Sierra Nevada Corp", "Gibbs & Cox, Inc.", "Acme Widgets", "", "Skydio"]
ADDED = added_columns(False, True)
"""Every generated file has an end-user column."""
EXTRA_NAMES = ["id", "note", "qty", "status", "error", "Note", "note", "measures", "描述"]
TEXT = st.text(
    alphabet=st.sampled_from(list("abc ,;|\t\"'\n\r-é镓[]/\\x1b"))
    | st.characters(codec="ascii", exclude_characters="\x00"),
    max_size=12,
)
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "cp1252"]
MARK = "\u2603"
"""Stands for a byte that is not valid UTF-8 until the file is encoded."""
OPEN = "<a quote never closed>"
"""Stands for the record that starts with a quote that is never closed."""


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@st.composite
def shipment_files(draw: st.DrawFn) -> tuple[bytes, str, str, list[str], list[list[str]]]:
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    columns = {dim: draw(st.sampled_from(names)) for dim, names in SYNONYMS.items() if dim != "hs_code"}
    columns = {
        dim: draw(st.sampled_from([name, name.upper(), name.replace("_", " ")])) for dim, name in columns.items()
    }
    extras = [name for name in draw(st.lists(st.sampled_from(EXTRA_NAMES), max_size=3)) if _fits(name, encoding)]
    header = draw(st.permutations([*columns.values(), *extras]))
    if delimiter == ",":  # a header that would be sniffed as another delimiter is a different file
        header = [h for h in header if not set(h) & {";", "\t", "|"}]
    values = {
        columns["material"]: MATERIALS,
        columns["destination"]: DESTINATIONS,
        columns["date"]: DATES,
        columns["end_use"]: END_USES,
        columns["end_user"]: END_USERS,
    }
    records: list[list[str]] = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        row = [draw(st.sampled_from(values[name])) if name in values else draw(TEXT) for name in header]
        shape = draw(st.sampled_from(["whole", "whole", "whole", "short", "long"]))
        if shape == "short" and len(row) > 1:
            row = row[: draw(st.integers(min_value=1, max_value=len(row) - 1))]
        elif shape == "long":
            row = row + draw(st.lists(TEXT, min_size=1, max_size=2))
        row = [field if _fits(field, encoding) else "x" for field in row]
        if row == [""]:
            row = [" "]  # a record of one empty field is a blank line: not a record
        records.append(row)
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    if ending == "\n":  # csv.writer quotes a carriage return only when it is part of the line ending
        records = [[field.replace("\r", "") or "-" for field in row] for row in records]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=ending)
    if records and encoding.startswith("utf-8") and draw(st.booleans()):
        # One byte that is not UTF-8, in a field of one record: written here as a marker.
        row = draw(st.sampled_from(records))
        row[draw(st.integers(min_value=0, max_value=len(row) - 1))] += MARK
    writer.writerow(header)
    writer.writerows(records)
    if draw(st.booleans()):  # a last line whose quote is never closed, and a line after it
        buffer.write(f'"unclosed{delimiter}x{ending}more{delimiter}lines{ending}')
        records.append([OPEN])
    data = buffer.getvalue().encode(encoding)
    if encoding.startswith("utf-8"):
        data = data.replace(MARK.encode("utf-8"), b"\xff")
    records = [[field.replace(MARK, "\udcff") for field in row] for row in records]
    return data, encoding, delimiter, header, records


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shipment_files(), st.booleans())
def test_one_row_per_record_in_order_with_its_fields_unchanged(shipment, sniffed):
    data, encoding, delimiter, header, records = shipment
    assume(len(set(header)) >= 4)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shipments.csv"
        path.write_bytes(data)
        out = Path(folder) / "out.csv"
        args = ["screen", str(path), "-o", str(out), "--encoding", encoding]
        if not sniffed:
            args += ["--delimiter", delimiter]
        run = in_process(*args)
        assert run.code in (0, 4), run.stderr
        assert run.stdout == ""
        assert "Traceback" not in run.stderr
        with out.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
            written = list(csv.reader(handle))
    width = len(header)
    assert written[0][:width] == header
    assert len(written) == len(records) + 1
    for record, row in zip(records, written[1:], strict=True):
        status, error = row[width], row[width + ADDED.index("error")]
        assert bool(status) != bool(error), row
        assert row[width + ADDED.index("rulebook")].startswith("rulebook ")
        if record == [OPEN]:
            assert "a quote opened on this line is never closed" in error
            continue
        assert row[:width] == record[:width] + [""] * (width - len(record))
        assert row[width + len(ADDED) :] == record[width:]
        if len(record) != width:
            assert "fields where the header has" in error
        elif any("\udcff" in field for field in record):
            assert "bytes that are not valid UTF-8" in error
    unresolved = sum(1 for row in written[1:] if row[width + ADDED.index("error")])
    assert (run.code == 4) == (unresolved > 0)
    assert f"; {unresolved} unresolved" in run.stderr


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["material", "item", "dest", "destination", "date", "end_use", "qty", "status"]),
                st.one_of(st.sampled_from(MATERIALS + DESTINATIONS + DATES + END_USES), st.integers(), st.none()),
            ),
            st.sampled_from(["[1, 2]", "not json", '"text"', "{"]),
        ),
        max_size=10,
    )
)
def test_json_lines_one_record_per_line_with_its_own_values(records):
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shipments.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        run = in_process("screen", str(path), "--end-use", "civil")
    assert run.code in (0, 4), run.stderr
    written = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(written) == len(records)
    for number, (record, out) in enumerate(zip(records, written, strict=True), 1):
        if isinstance(record, dict):
            assert {k: out[k] for k in record} == record
            status = out["mineralctl_status" if "status" in record else "status"]
            assert (status is None) != (out["error"] is None)
        else:
            assert out["error"].startswith(f"line {number}: ")


OPTIONS = {
    "--encoding": ["utf-8", "gbk", "cp1252", "utf-16", "rot13", "latin-1", "nope", ""],
    "--delimiter": [",", ";", "tab", "|", "", "::"],
    "--input-format": ["csv", "jsonl", "xlsx", "tsv"],
    "--date": ["2025-01-15", "today", "31/12/2025", "5 Nov 2025", "x"],
    "--dest": ["US", "DE", "Narnia", "CN", ""],
    "--end-use": ["civil", "military", "both"],
    "--fail-on": ["prohibited", "license-required", "never"],
    "--max-age": ["180d", "1y", "5x"],
    "--format": ["csv", "jsonl", "table", "xml"],
    "--dest-column": ["destination", "nope"],
    "--date-column": ["date", "Date", "nope"],
    "--sheet": ["1", "Other"],
}
FLAGS = ["--allow-unresolved", "--force"]


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(OPTIONS)), st.integers(min_value=0, max_value=9), max_size=5),
    st.lists(st.sampled_from(FLAGS), max_size=2, unique=True),
    st.sampled_from(["shipments.csv", "shipments.jsonl", "missing.csv"]),
)
def test_any_command_line_ends_in_a_documented_exit_code(chosen, flags, name):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "shipments.csv").write_text(
            "material,destination,date,end_use\ngallium,US,2025-01-15,civil\ngalium,DE,2026-01-15,civil\n"
        )
        (Path(folder) / "shipments.jsonl").write_text(
            '{"material":"gallium","destination":"US","date":"2025-01-15","end_use":"civil"}\n'
        )
        args = ["screen", str(Path(folder) / name), "-o", str(Path(folder) / "out")]
        for option, pick in chosen.items():
            values = OPTIONS[option]
            args += [option, values[pick % len(values)]]
        run = in_process(*args, *flags)
    assert run.code in (0, 1, 2, 4, 5), run.stderr
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == "" or "--format" in chosen
    if run.code == 2:
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("mineralctl: error: ")
