"""Text from rulebooks, shipment files and the command line is data: never rich markup, never
raw control codes, in every command; JSON and CSV carry it unchanged."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import REPO, in_process
from hypothesis import given, settings
from hypothesis import strategies as st

from mineralctl import render
from mineralctl.text import markup, visible

NAME = "[bold red]ALERT[/] [link=https://evil.example]click[/link] \x1b[2J [/nope] \u202egallium"
SHOWN = "[bold red]ALERT[/] [link=https://evil.example]click[/link] \\x1b[2J [/nope] \\u202egallium"
CHINESE = "[red]镓\x1b]8;;http://x\x1b\\"
URL = "https://example.org/a]b[/x]\x1b[31m"


def _printed(markup_text: str) -> str:
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, width=500, soft_wrap=True, highlight=False, emoji=False).print(markup_text, end="")
    return out.getvalue()


def test_visible_shows_control_characters_and_keeps_layout():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("\x00\x07\x08\r\x7f\x85\x9b") == "\\x00\\x07\\x08\\r\\x7f\\x85\\x9b"
    assert visible("abc\u202edef\u2066\u200f") == "abc\\u202edef\\u2066\\u200f"
    assert visible("line one\nline\ttwo") == "line one\nline\ttwo"
    assert visible("line one\nline\ttwo", one_line=True) == "line one\\nline\\ttwo"
    # the form a message quoting the value with !r uses
    for text in ("x\rOVERWRITE", "gal\x1b[31mlium", "2025-01-15\u202e", "\x85\x7f", "a\tb\nc"):
        assert visible(text, one_line=True) == repr(text)[1:-1]
    assert visible("镓 — Ünïcödé [x]") == "镓 — Ünïcödé [x]"


@pytest.mark.parametrize(
    "text",
    [
        "[bold red]ALERT[/]",
        "[link=https://evil.example]click[/link]",
        "[/nope]",
        "a ] b [",
        "\\[x]",
        "ends in \\",
        "ends in two \\\\",
        "\\[",
        "\\\\[",
        "a\\[b c",
        "\\\\[bold]x[/]",
        "[[b]",
    ],
)
def test_markup_prints_exactly_the_text(text):
    assert _printed(f"[bold]{markup(text)}[/]") == text
    assert _printed(render.cell(text)) == text  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters="\t"), max_size=40))
def test_any_text_prints_as_itself_with_controls_visible(text):
    printed = _printed(f"[dim]{markup(text)}[/]")
    assert printed == visible(text)
    assert _printed(render.cell(text)) == visible(text)  # type: ignore[arg-type]
    assert "\x1b" not in printed


def test_a_source_link_is_a_hyperlink_only_for_a_plain_web_address():
    assert render.link("https://example.org/x").spans[0].style.link == "https://example.org/x"  # type: ignore[union-attr]
    hostile = render.link(URL, indent=2)
    assert hostile.plain == "  https://example.org/a]b[/x]\\x1b[31m"
    assert not hostile.spans
    assert not render.link("javascript:alert(1)").spans


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> str:
    text = (REPO / "data" / "measures.yaml").read_text(encoding="utf-8")
    quoted = json.dumps  # a YAML double-quoted scalar accepts JSON string escapes
    for old, new in (
        ("    name: Gallium\n", f"    name: {quoted(NAME, ensure_ascii=True)}\n"),
        ("    clause: paras 1-2\n", f"    clause: {quoted(NAME, ensure_ascii=True)}\n"),
        ("    chinese: 镓\n", f"    chinese: {quoted(CHINESE, ensure_ascii=True)}\n"),
        (
            "url: https://chinajusticeobserver.com/a/china-imposes-export-controls-on-gallium-and-germanium",
            f"url: {quoted(URL, ensure_ascii=True)}",
        ),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path: Path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "gallium", "--dest", "US", "--date", "2026-01-01", "--explain"),
        ("timeline", "gallium", "--dest", "US"),
        ("diff", "--from", "2023-07-31", "--to", "2023-08-01"),
        ("upcoming", "--from", "2023-07-01", "--within", "90d"),
        ("materials",),
        ("measures", "--material", "gallium"),
        ("show", "gallium"),
    ],
    ids=lambda a: a[0],
)
def test_every_table_shows_rulebook_text_as_text(hostile, args):
    run = in_process(*args, "--rulebook", hostile, env={"COLUMNS": "400"})
    assert (run.code, run.stderr) == (0, ""), run.stderr
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    assert SHOWN in run.stdout


def test_source_urls_and_chinese_names_are_text(hostile):
    run = in_process("status", "gallium", "--date", "2026-01-01", "--explain", "--rulebook", hostile,
                     env={"COLUMNS": "400"})  # fmt: skip
    assert run.code == 0
    assert "https://example.org/a]b[/x]\\x1b[31m" in run.stdout
    run = in_process("show", "gallium", "--rulebook", hostile)
    assert run.code == 0
    assert "[red]镓\\x1b]8;;http://x\\x1b\\" in run.stdout


@pytest.mark.parametrize("format", ["json", "csv"])
def test_json_and_csv_carry_the_text_unchanged(hostile, format):
    run = in_process("show", "gallium", "-f", format, "--rulebook", hostile)
    assert run.code == 0
    if format == "json":
        assert run.json()["materials"][0]["name"] == NAME
    else:
        assert NAME in run.stdout


def test_shipment_cells_and_columns_are_text_in_a_screen_table(tmp_path):
    shipments = tmp_path / "s.csv"
    shipments.write_text(
        "material,dest,[bold]note\x1b[2J\ngallium,US,[link=https://e.x]hi[/link]\x1b[31m\n[/nope],US,x\n",
        encoding="utf-8",
    )
    args = ("--date", "2026-01-01", "--end-use", "civil", "--allow-unresolved")
    run = in_process("screen", str(shipments), "-f", "table", *args, env={"COLUMNS": "400"})
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout
    for text in ("[bold]note\\x1b[2J", "[link=https://e.x]hi[/link]\\x1b[31m", "[/nope]"):
        assert text in run.stdout
    raw = in_process("screen", str(shipments), *args)
    assert "[link=https://e.x]hi[/link]\x1b[31m" in raw.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("status", "\x1b[2J[bold]x\u202e\n"),
        ("status", "gallium", "--date", "\x1b[31m"),
        ("status", "gallium", "--dest", "[/x]\x1b"),
        ("timeline", "\x1b[1mfoo"),
        ("status", "gallium", "--format", "\x1b[1m"),
    ],
)
def test_error_lines_show_typed_control_characters(args):
    run = in_process(*args)
    assert run.code in (2, 4)
    assert run.stdout == ""
    assert "\x1b" not in run.stderr and "\u202e" not in run.stderr
    assert run.stderr.count("\n") == 1 and "\\x1b" in run.stderr


@pytest.mark.parametrize("field", ["a\rb", "a\nb", "a\r\nb", "\r", "plain"])
def test_csv_text_quotes_every_line_break_so_a_reader_gets_the_field_back(field: str) -> None:
    import csv
    import io

    from mineralctl.render import csv_text

    text = csv_text(("name", "note"), [["x", field], ["y", "z"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["name", "note"], ["x", field], ["y", "z"]]
    if "\r" in field:
        assert f'"{field}"' in text
    assert text.endswith("y,z\n")


# --------------------------------------------------------------------------- a hostile overlay

# The overlay's and the entity lists' versions, as every table and message must show them.
OVERLAY_VERSION = "[red]v[/red]\\x1b[2J"
LISTS_VERSION = "[red]ev[/red]\\x1b[2J"
SHIPMENTS = (
    "material,destination,date,end_use,buyer\n"
    "holmium,US,2026-12-01,civil,Acme Def\n"
    'gallium,US,2025-07-01,civil,"Acme [red]Def[/red] \x1b[2J\rX\u202eY"\n'
    "xx\x1b[2J[red]m[/red],US,2025-07-01,civil,\n"
)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The hostile overlay and entity lists under names that are hostile too, and a shipments
    file with hostile cells."""
    from conftest import FIXTURES

    folder = tmp_path_factory.mktemp("hostile-files")
    overlay = folder / "team[bold]p\x1b[2J.yaml"
    overlay.write_bytes((FIXTURES / "hostile-overlay.yaml").read_bytes())
    lists = folder / "ent[bold]e\x1b.yaml"
    lists.write_bytes((FIXTURES / "hostile-entities.yaml").read_bytes())
    shipments = folder / "s[bold].csv"
    shipments.write_text(SHIPMENTS, encoding="utf-8")
    return {"overlay": str(overlay), "lists": str(lists), "shipments": str(shipments)}


OV, EN, SHIP = "{overlay}", "{lists}", "{shipments}"
ACME = "Acme Def"
BUYER = ("--dest", "US", "--end-user", ACME, "--entities", EN)
EVERY_COMMAND: list[tuple[tuple[str, ...], int, str]] = [
    # (arguments, exit code, the version shown: "overlay", "lists", "both" or "")
    (("status", "holmium", "--date", "2026-12-01", "--overlay", OV), 0, "overlay"),
    (("status", "holmium", "--date", "2026-12-01", "--explain", "--overlay", OV), 0, "overlay"),
    (("status", "holmium", "--date", "2026-12-01", "--overlay", OV, "--max-age", "1d"), 5, "overlay"),
    (("status", "gallium", "--date", "2025-07-01", *BUYER), 0, "lists"),
    (("status", "gallium", "--date", "2025-07-01", *BUYER, "--overlay", OV, "--explain"), 0, "both"),
    (("timeline", "holmium", "--overlay", OV), 0, "overlay"),
    (("timeline", "gallium", *BUYER, "--overlay", OV), 0, "both"),
    (("diff", "--from", "2026-11-01", "--to", "2027-01-20", "--overlay", OV), 0, "overlay"),
    (("diff", "--from", "2025-03-01", "--to", "2025-07-20", *BUYER, "--overlay", OV), 0, "both"),
    (("upcoming", "--from", "2026-11-01", "--within", "1y", "--overlay", OV), 0, "overlay"),
    (("upcoming", "--within", "1y", "--dest", "US", "--entities", EN, "--overlay", OV), 0, "both"),
    (("show", "team-extends-mofcom-gac-2025-70", "--overlay", OV), 0, "overlay"),
    (("show", "holmium", "--overlay", OV), 0, "overlay"),
    (("show", "acme-defense", "--entities", EN), 0, "lists"),
    (("materials", "--overlay", OV), 0, "overlay"),
    (("measures", "--overlay", OV), 0, "overlay"),
    (("entities", "--entities", EN, "--all", "--date", "2025-07-01"), 0, "lists"),
    (("entities", "--entities", EN, "--date", "2026-07-01"), 0, "lists"),
    (("screen", SHIP, "--overlay", OV, "--entities", EN), 4, "both"),
    (("screen", SHIP, "--overlay", OV, "--entities", EN, "-f", "table"), 4, "both"),
    (("screen", SHIP, "--overlay", OV, "--entities", EN, "-f", "jsonl", "--max-age", "1d"), 5, "both"),
    (("rulebook", "validate", "--base", "packaged", OV), 0, ""),
    (("rulebook", "validate", EN), 3, ""),  # not a rulebook: its errors name the path, escaped
    (("rulebook", "info", "--overlay", OV), 0, "overlay"),
    (("rulebook", "diff", "--overlay", OV), 0, ""),
]


@pytest.mark.parametrize(
    ("args", "code", "shown"), EVERY_COMMAND, ids=lambda a: " ".join(a[:2]) if isinstance(a, tuple) else None
)
def test_text_from_a_hostile_overlay_and_entity_lists_is_shown_escaped(hostile_files, args, code, shown):
    """Every command, in its table form (screen: its CSV/JSON Lines carry the text unchanged,
    so only its messages and its table are looked at): no ESC, carriage return or bidi
    override reaches the terminal, and markup in file text prints as written."""
    argv = [a.format(**hostile_files) for a in args]
    run = in_process(*argv, env={"COLUMNS": "1000", "MINERALCTL_TODAY": "2026-11-29"})
    assert run.code == code, run.stderr
    assert "Traceback" not in run.stderr
    data_out = argv[0] == "screen" and "table" not in argv
    looked_at = [run.stderr] if data_out else [run.stdout, run.stderr]
    for text in looked_at:
        for raw in ("\x1b", "\r", "\u202e"):
            assert raw not in text, (raw, text)
    everything = "".join(looked_at)
    if shown in ("overlay", "both"):
        assert f"{OVERLAY_VERSION}" in everything and "team[bold]p\\x1b[2J.yaml" in everything
    if shown in ("lists", "both"):
        assert LISTS_VERSION in everything and "ent[bold]e\\x1b.yaml" in everything
    if code == 5:  # the stale file is named, with its path shown escaped
        assert "older than --max-age 1d" in run.stderr
