"""mineralctl rulebook diff: what a new rulebook (or an overlay) changes, range by range."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURES, REPO, in_process

from mineralctl import compare
from mineralctl.api import load_rulebook
from mineralctl.model import EndUse

MINIMAL = str(FIXTURES / "minimal.yaml")
OVERLAY = str(FIXTURES / "overlay.yaml")
EXAMPLE = str(REPO / "docs" / "examples" / "extend-no-70.yaml")


def ranges(result, material, destination=None, end_use=EndUse.CIVIL):
    return [
        (s.start and s.start.isoformat(), s.end and s.end.isoformat(), s.old.status and s.old.status.value,
         s.new.status and s.new.status.value)
        for s in result.statuses
        if (s.material, s.destination, s.end_use) == (material, destination, end_use)
    ]  # fmt: skip


def test_an_overlay_changes_exactly_its_ranges():
    result = compare.compare(load_rulebook(MINIMAL, overlays=[]), load_rulebook(MINIMAL, overlays=[OVERLAY]))
    # The overlay's suspension of 'licence', 2025-03-01 .. 2025-03-31, both days included.
    assert ranges(result, "alpha") == [("2025-03-01", "2025-03-31", "license-required", "not-controlled")]
    assert ranges(result, "beta") == [("2025-03-01", "2025-03-31", "license-required", "not-controlled")]
    # The overlay's measure names gamma from 2025-07-01, open-ended.
    assert ranges(result, "gamma") == [("2025-07-01", None, "not-controlled", "license-required")]
    # delta is new: the old rulebook does not know it at all.
    assert ranges(result, "delta") == [
        (None, "2025-06-30", None, "not-controlled"),
        ("2025-07-01", None, None, "license-required"),
    ]
    (alpha,) = [s for s in result.statuses if s.material == "alpha" and s.end_use is EndUse.CIVIL and not s.destination]
    assert (alpha.old.measures, alpha.new.suspended) == (("licence",), ("licence@pause-licence",))
    assert (result.materials.added, result.measures.added, result.suspensions.added) == (
        ("delta",), ("licence-delta",), ("pause-licence",),
    )  # fmt: skip
    assert result.materials.changed == (("alpha", ("aliases",)),)
    assert not result.measures.removed and not result.measures.changed


def test_the_same_rulebook_changes_nothing():
    book = load_rulebook(overlays=[])
    result = compare.compare(book, book)
    assert (result.statuses, bool(result.materials), bool(result.measures), bool(result.suspensions)) == (
        (), False, False, False,
    )  # fmt: skip


def test_the_documented_extension_of_no_70():
    result = compare.compare(load_rulebook(overlays=[]), load_rulebook(overlays=[EXAMPLE]))
    assert ranges(result, "holmium") == [("2026-11-11", "2027-11-10", "license-required", "not-controlled")]
    assert {s.material for s in result.statuses} >= {"holmium", "synthetic-diamond", "lithium-iron-phosphate"}
    assert "gallium" not in {s.material for s in result.statuses}  # not in the Oct-2025 package
    assert all(s.start == dt.date(2026, 11, 11) or s.start > dt.date(2026, 11, 11) for s in result.statuses)
    assert result.suspensions.added == ("team-extends-mofcom-gac-2025-70",)


def test_rulebook_diff_json_and_table():
    run = in_process("rulebook", "diff", MINIMAL, MINIMAL, "--overlay", OVERLAY, "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    document = run.json()
    assert [f["path"] for f in document["old"]["files"]] == [MINIMAL]
    assert [f["path"] for f in document["new"]["files"]] == [MINIMAL, OVERLAY]
    first = document["statuses"][0]
    assert first == {
        "material": "alpha", "destination": None, "end_use": "civil", "from": "2025-03-01", "until": "2025-03-31",
        "projected": False,
        "old": {"status": "license-required", "measures": ["licence"], "suspended": []},
        "new": {"status": "not-controlled", "measures": [], "suspended": ["licence@pause-licence"]},
    }  # fmt: skip
    assert document["measures"] == {"added": ["licence-delta"], "removed": [], "changed": []}
    table = in_process("rulebook", "diff", MINIMAL, MINIMAL, "--overlay", OVERLAY)
    assert (table.code, table.stderr) == (0, "")
    text = " ".join(table.stdout.split())
    assert f"New: rulebook {MINIMAL} test-1, checked to 2025-06-30; overlay {OVERLAY} overlay-1" in text
    assert "pause-licence │ added" in text and "licence-delta │ added" in text


def test_rulebook_diff_usage():
    for args, message in [
        (["a", "b", "c"], "rulebook diff takes at most two files: OLD NEW"),
        ([], "rulebook diff needs NEW (or OLD NEW), or --overlay: nothing to compare"),
    ]:
        run = in_process("rulebook", "diff", *args)
        assert (run.code, run.stdout, run.stderr) == (2, "", f"mineralctl: error: {message}\n")
    run = in_process("rulebook", "diff", "missing.yaml")
    assert (run.code, run.stderr) == (3, "mineralctl: error: missing.yaml: rulebook not found\n")


def test_the_table_shows_a_range_alike_for_both_end_uses_once():
    run = in_process("rulebook", "diff", "--overlay", EXAMPLE, env={"COLUMNS": "400"})
    assert (run.code, run.stderr) == (0, "")
    rows = [[c.strip() for c in line.strip("│ ").split("│")][:5] for line in run.stdout.splitlines()
            if line.startswith("│ holmium ")]  # fmt: skip
    assert rows == [
        ["holmium", "other destinations", "civil, military", "2026-11-11", "2027-11-10"],
        ["holmium", "JP", "civil", "2026-11-11", "2027-11-10"],  # military differs otherwise (No. 1 of 2026)
        ["holmium", "JP", "military", "2026-11-11", "2027-11-10"],
        ["holmium", "US", "civil", "2026-11-11", "2027-11-10"],
        ["holmium", "US", "military", "2026-11-11", "2027-11-10"],
    ]


def test_fail_on_change_is_a_gate():
    same = in_process("rulebook", "diff", MINIMAL, MINIMAL, "--fail-on-change", "-f", "json")
    assert (same.code, same.json()["statuses"]) == (0, [])
    changed = in_process("rulebook", "diff", MINIMAL, MINIMAL, "--overlay", OVERLAY, "--fail-on-change", "-f", "json")
    assert changed.code == 1 and changed.json()["statuses"]  # printed in full, then the gate
