"""``timeline --format svg``: a self-contained picture read back by an XML parser, with exactly
the periods of ``timeline --format json``, escaped text, and a committed snapshot."""

from __future__ import annotations

import os
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REPO, Run, mineralctl
from hypothesis import given, settings
from hypothesis import strategies as st

from mineralctl import svg
from mineralctl.text import visible

NS = "{http://www.w3.org/2000/svg}"
TODAY = {"MINERALCTL_TODAY": "2026-11-29"}
SCRIPT: dict[str, Any] = runpy.run_path(str(REPO / "scripts" / "make_svg_snapshot.py"))
BOOK = SCRIPT["packaged_rulebook"]()
REGENERATE = "run python scripts/make_svg_snapshot.py and review the diff (git diff tests/snapshots)"


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    # Self-contained and inert: no scripts, no event handlers, nothing fetched from elsewhere.
    for element in root.iter():
        assert element.tag not in (f"{NS}script", f"{NS}foreignObject", f"{NS}image", f"{NS}a"), element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "href" not in name.lower(), name
            assert "url(" not in value or value.startswith("url(#"), value
    return root


def rows(root: ET.Element) -> dict[str, list[dict[str, Any]]]:
    """The periods drawn for each material, in the JSON's terms."""
    found: dict[str, list[dict[str, Any]]] = {}
    for row in root.iter(f"{NS}g"):
        if row.get("class") != "row":
            continue
        found[row.attrib["data-material"]] = [
            {
                "from": g.attrib["data-from"] or None,
                "until": g.attrib["data-until"] or None,
                "status": g.attrib["data-status"],
                "projected": g.attrib["data-projected"] == "true",
                "title": g.find(f"{NS}title").text,  # type: ignore[union-attr]
            }
            for g in row.iter(f"{NS}g")
            if g.get("class") == "period"
        ]
    return found


def json_periods(run_json: Run) -> dict[str, list[dict[str, Any]]]:
    run = run_json
    assert run.code == 0
    return {
        t["material"]: [{k: p[k] for k in ("from", "until", "status", "projected")} for p in t["periods"]]
        for t in run.json()["timelines"]
    }


def without_titles(drawn: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {m: [{k: v for k, v in p.items() if k != "title"} for p in ps] for m, ps in drawn.items()}


def test_gallium_picture_has_the_json_periods_to_the_day():
    run = mineralctl("timeline", "gallium", "--dest", "US", "-f", "svg", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    root = parse(run.stdout)
    # An opaque white card first: dark text stays readable in a dark viewer and in print.
    drawing = [e for e in root if e.tag not in (f"{NS}title", f"{NS}desc", f"{NS}defs")]
    background = drawing[0]
    assert (background.tag, background.get("class"), background.get("fill")) == (f"{NS}rect", "background", "#ffffff")
    assert (background.get("width"), background.get("height")) == (root.get("width"), root.get("height"))
    drawn = rows(root)
    assert without_titles(drawn) == json_periods(mineralctl("timeline", "gallium", "--dest", "US", "-f", "json"))
    titles = [p["title"] for p in drawn["gallium"]]
    # The List joins No. 23 of 2023 on 2024-12-01: its own bar, each naming only its measures.
    assert titles[1].startswith("Gallium: license-required, 2023-08-01 to 2024-11-30\n")
    assert "No. 51 of 2024" not in titles[1]
    assert titles[2].startswith("Gallium: license-required, 2024-12-01 to 2024-12-02\n")
    assert "Measures: MOFCOM/GAC Announcement No. 23 of 2023, paras 1-2; MOFCOM/MIIT/GAC/SCA" in titles[2]
    assert titles[3].startswith("Gallium: prohibited, 2024-12-03 to 2025-11-08\n")
    assert "MOFCOM Announcement No. 46 of 2024, para 2" in titles[3]
    assert titles[-1].startswith("Gallium: prohibited (projected), 2026-11-28 to open-ended\n")
    assert "suspension by MOFCOM Announcement No. 72 of 2025 lapsed" in titles[-1]
    # The suspension of No. 46 para 2 by No. 72 is marked, with its instrument and dates.
    (suspension,) = [g for g in root.iter(f"{NS}g") if g.get("class") == "suspension"]
    assert (suspension.get("data-from"), suspension.get("data-until")) == ("2025-11-09", "2026-11-27")
    assert "suspended by MOFCOM Announcement No. 72 of 2025" in (suspension.findtext(f"{NS}title") or "")
    # The reported extension to 2027-01-10 (an open question on No. 72) is marked on its day.
    (question,) = [g for g in root.iter(f"{NS}g") if g.get("class") == "open-question"]
    assert question.get("data-date") == "2027-01-10"
    assert (question.findtext(f"{NS}title") or "").startswith("Open question on MOFCOM Announcement No. 72 of 2025")
    text = " ".join(t for t in root.itertext())
    for fragment in (
        f"Destination: United States (US). End use: civil. Rulebook {BOOK.version}, sources checked to {BOOK.as_of}",
        "today 2026-11-29",
        "projected →",
        "license-required (LR)",
        "a measure is suspended",
        "A research aid, not legal advice.",
    ):
        assert fragment in text
    assert [e.get("class") for e in root.iter(f"{NS}line") if e.get("class") in ("today", "as-of")] == [
        "as-of",
        "today",
    ]
    assert any(e.get("class") == "projected" for e in root.iter(f"{NS}rect"))


def test_today_line_only_inside_the_axis(here):
    run = here("timeline", "gallium", "--to", "2025-12-31", "-f", "svg", env=TODAY)
    assert run.code == 0
    root = parse(run.stdout)
    assert not [e for e in root.iter(f"{NS}line") if e.get("class") in ("today", "as-of")]
    assert "Today: 2026-11-29." in " ".join(root.itertext())


@pytest.mark.parametrize(
    "args",
    [
        ("rare earths", "--dest", "US"),
        ("graphite", "--end-use", "military", "--from", "2024-12-02", "--to", "2026-11-28"),
        ("lithium battery materials", "--from", "2026-11-10"),
    ],
)
def test_group_and_ranges_match_the_json(here, args):
    run = here("timeline", *args, "-f", "svg", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    drawn = without_titles(rows(parse(run.stdout)))
    expected = json_periods(here("timeline", *args, "-f", "json"))
    assert list(drawn) == list(expected)  # one row per material, in the same order
    assert drawn == expected


def test_rulebook_text_is_escaped(here):
    args = ("timeline", "alpha", "--rulebook", str(FIXTURES / "hostile-text.yaml"), "-f", "svg")
    run = here(*args, env={"MINERALCTL_TODAY": "2025-08-01"})
    assert run.code == 0
    for control in ("\x1b", "\x07", "\x01"):
        assert control not in run.stdout
    root = parse(run.stdout)
    names = [t.findtext(f"{NS}title") for t in root.iter(f"{NS}text") if t.find(f"{NS}title") is not None]
    assert names == ["Alpha <b>&amp;</b> \"quoted\" 'single'; a, b \\ back\\x1b[31mRED\\x07"]
    titles = [p["title"] for p in rows(root)["alpha"]]
    assert "Announcement <script>alert(1)</script>; No. 1, of 2024" in titles[1]


def test_snapshot_matches(tmp_path: Path):
    path: Path = SCRIPT["SNAPSHOT"]
    assert path.is_file(), f"{path} is missing: {REGENERATE}"
    fresh = SCRIPT["picture"](BOOK)
    assert path.read_text(encoding="utf-8") == fresh, f"the timeline picture changed: {REGENERATE}"
    # The snapshot is exactly what the command writes.
    target = tmp_path / "regime.svg"
    run = mineralctl("timeline", "rare earths", "--dest", "US", "--format", "svg", "-o", str(target), env=TODAY)
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == fresh


def test_output_file_is_never_overwritten_silently(tmp_path: Path):
    target = tmp_path / "regime.svg"
    target.write_text("keep me", encoding="utf-8")
    args = ("timeline", "gallium", "-f", "svg", "-o", str(target))
    run = mineralctl(*args, env=TODAY)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --output: {target} exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    run = mineralctl(*args, "--force", env=TODAY)
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    parse(target.read_text(encoding="utf-8"))
    assert sorted(os.listdir(tmp_path)) == ["regime.svg"]  # no temporary file left behind


def test_a_temporary_file_left_by_another_run_is_neither_reused_nor_removed(here, tmp_path: Path):
    target = tmp_path / "regime.svg"
    stale = [tmp_path / f".regime.svg.{os.getpid()}-{n}.tmp" for n in range(3)]
    for path in stale:
        path.write_text("another run", encoding="utf-8")
    run = here("timeline", "gallium", "-f", "svg", "-o", str(target), env=TODAY)
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    parse(target.read_text(encoding="utf-8"))
    assert all(path.read_text(encoding="utf-8") == "another run" for path in stale)
    assert len(os.listdir(tmp_path)) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "gallium", "-o", "out.txt"), "--output needs --format json, csv, ics or svg"),
        (("upcoming", "-o", "out.txt"), "--output needs --format json, csv or ics"),
        (("timeline", "gallium", "-f", "svg", "-o", "."), "--output: . is a folder, not a file"),
        (("timeline", "gallium", "-f", "svg", "-o", "missing/x.svg"), "--output: cannot write missing/x.svg"),
    ],
)
def test_output_errors_are_one_line(here, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args, message):
    monkeypatch.chdir(tmp_path)
    run = here(*args)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"mineralctl: error: {message}") and run.stderr.count("\n") == 1
    assert os.listdir(tmp_path) == []


def test_json_and_csv_can_go_to_a_file_too(here, tmp_path: Path):
    target = tmp_path / "events.json"
    run = here("upcoming", "--from", "2026-11-01", "--within", "60d", "-f", "json", "-o", str(target))
    assert (run.code, run.stdout) == (0, "")
    assert "projected" in run.stderr
    assert '"events"' in target.read_text(encoding="utf-8")


def test_status_does_not_offer_the_picture_formats(here):
    run = here("status", "gallium", "-f", "svg")
    assert run.code == 2 and "svg" in run.stderr


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_well_formed_xml(text: str):
    element = ET.fromstring(f'<t a="{svg.escape(text)}">{svg.escape(text)}</t>')
    shown = visible(text.replace("\r\n", "\n")).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    assert element.text == (shown or None)
    # XML normalises white space in attribute values; the characters survive otherwise.
    assert element.get("a") == shown.replace("\t", " ").replace("\n", " ")
