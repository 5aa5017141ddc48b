"""What a lookup imports and reads: only what its output format needs, and a country by its
code without building the whole country table."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO

from mineralctl import destinations

PROBE = """
import json, sys
sys.argv = ["mineralctl", *sys.argv[1:]]
from mineralctl import entry
try:
    entry.main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=REPO, timeout=60, check=False
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


LOOKUP = ["status", "gallium", "--date", "2026-01-01", "--dest", "US"]


@pytest.mark.parametrize(
    ("fmt", "needed", "unneeded"),
    [
        ("json", {"json"}, {"csv", "rich", "typer", "yaml", "dataclasses", "inspect"}),
        ("csv", {"csv"}, {"rich", "typer", "yaml", "dataclasses", "inspect"}),
    ],
)
def test_a_lookup_imports_only_what_its_format_needs(fmt: str, needed: set[str], unneeded: set[str]) -> None:
    imported(*LOOKUP, "-f", fmt)  # fills the rulebook cache
    modules = imported(*LOOKUP, "-f", fmt)
    assert needed <= modules
    assert not unneeded & modules, unneeded & modules


def test_a_code_is_read_from_its_line_as_the_table_has_it() -> None:
    codes, _ = destinations._table()
    for code, destination in codes.items():
        if len(code) == 2:
            assert destinations._by_alpha2(code) == destination
    assert destinations._by_alpha2("ZZ") is None
    assert destinations._by_alpha2("USA") is None
    assert destinations.parse_destination("no") == codes["NO"]


@pytest.mark.parametrize(
    "args",
    [
        LOOKUP,
        ["timeline", "gallium", "--dest", "US"],
        ["upcoming", "--from", "2026-06-01", "--within", "1y"],
        ["materials"],
        ["measures"],
        ["show", "gallium"],
        ["diff", "--from", "2025-01-01", "--to", "2026-01-01"],
    ],
)
def test_a_table_imports_neither_typer_nor_rich_extras(args: list[str]) -> None:
    # Typer is for help and doubtful command lines; rich's emoji table, markdown and syntax
    # highlighting are never used by a table.
    modules = imported(*args)
    assert "rich.console" in modules
    unneeded = {"typer", "click", "rich._emoji_codes", "rich.markdown", "rich.syntax", "pygments", "rich.pretty"}
    assert not unneeded & modules, unneeded & modules


def test_emoji_codes_in_file_text_print_as_written(tmp_path) -> None:
    from conftest import FIXTURES, in_process

    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    book = tmp_path / "emoji.yaml"
    book.write_text(text.replace("    name: Alpha\n", "    name: 'Alpha :warning: :smile:'\n"), encoding="utf-8")
    for args in (["materials"], ["status", "alpha", "--date", "2025-01-01"], ["show", "alpha"]):
        run = in_process(*args, "--rulebook", str(book))
        assert (run.code, run.stderr) == (0, ""), run
        assert "Alpha :warning: :smile:" in run.stdout and "⚠" not in run.stdout
