"""The committed golden snapshot (tests/snapshots/rulebook.json) matches a fresh resolution of the
packaged rulebook. The snapshot is computed by scripts/make_snapshot.py itself (loaded from the
repository with runpy), so the test and the script cannot drift apart."""

from __future__ import annotations

import copy
import json
import runpy
from typing import Any

import pytest
from conftest import REPO

SCRIPT: dict[str, Any] = runpy.run_path(str(REPO / "scripts" / "make_snapshot.py"))
REGENERATE = "run python scripts/make_snapshot.py and review the diff (git diff tests/snapshots/rulebook.json)"


@pytest.fixture(scope="module")
def fresh() -> dict[str, Any]:
    return SCRIPT["snapshot"](SCRIPT["packaged_rulebook"]())


def test_snapshot_matches_the_rulebook(fresh: dict[str, Any]) -> None:
    path = SCRIPT["SNAPSHOT"]
    assert path.is_file(), f"{path} is missing: {REGENERATE}"
    text = path.read_text(encoding="utf-8")
    lines = SCRIPT["differences"](json.loads(text), fresh)
    stale = SCRIPT["stale_install"]()
    hint = f"\nnote: {stale}" if stale else ""
    shown = "\n  ".join(lines[:5]) + (f"\n  ... and {len(lines) - 5} more" if len(lines) > 5 else "")
    assert not lines, f"the rulebook's answers differ from the snapshot:\n  {shown}\n{REGENERATE}{hint}"
    assert text == SCRIPT["render"](fresh), f"same answers, formatted differently: {REGENERATE}"


def test_snapshot_covers_every_material_destination_and_end_use(fresh: dict[str, Any]) -> None:
    book = SCRIPT["packaged_rulebook"]()
    assert sorted(fresh["materials"]) == sorted(book.materials)
    for material, places in fresh["materials"].items():
        assert list(places) == ["default", "US", "JP", "DE", "IN"], material
        for place, uses in places.items():
            assert list(uses) == ["civil", "military"], (material, place)
            for use, entries in uses.items():
                # The first boundary date is always written; later ones only where the answer changes.
                assert entries and entries[0][0] == fresh["dates"][0], (material, place, use)
                assert all(a[1:] != b[1:] for a, b in zip(entries, entries[1:], strict=False)), (material, place, use)
    assert fresh["dates"] == sorted(fresh["dates"])
    assert fresh["dates"][0] >= "2023-01-01" and fresh["dates"][-1] <= "2027-12-31"


def test_boundary_dates_frame_every_window(fresh: dict[str, Any]) -> None:
    # Each window of the real rulebook contributes the day before, first day, last day and day after.
    dates = set(fresh["dates"])
    for must in ("2023-07-31", "2023-08-01", "2025-11-06", "2025-11-07", "2026-11-10", "2026-11-11"):
        assert must in dates
    assert "2026-11-27" in dates and "2026-11-28" in dates  # No. 72 of 2025 ends 2026-11-27
    assert "2005-12-31" not in dates  # outside 2023..2027


def test_snapshot_is_small_and_deterministic(fresh: dict[str, Any]) -> None:
    text = SCRIPT["render"](fresh)
    assert len(text.encode()) < 1_000_000
    assert SCRIPT["render"](SCRIPT["snapshot"](SCRIPT["packaged_rulebook"]())) == text
    assert json.loads(text) == fresh


def test_differences_name_the_first_changed_entry(fresh: dict[str, Any]) -> None:
    changed = copy.deepcopy(fresh)
    series = changed["materials"]["germanium"]["US"]["civil"]
    index = next(i for i, e in enumerate(series) if e[0] == "2025-11-09")
    series[index] = ["2025-11-09", "prohibited", ["mofcom-2024-46-p2-deny"], []]
    lines = SCRIPT["differences"](changed, fresh)
    assert len(lines) == 1
    assert lines[0].startswith("germanium / US / civil on 2025-11-09: prohibited [mofcom-2024-46-p2-deny] -> ")
    assert "license-required" in lines[0] and "suspended [mofcom-2024-46-p2-deny]" in lines[0]


def test_check_mode_exits_1_with_a_summary(tmp_path, capsys, fresh: dict[str, Any]) -> None:
    target = tmp_path / "rulebook.json"
    target.write_text(SCRIPT["render"](fresh), encoding="utf-8")
    assert SCRIPT["main"](["--check", "--snapshot", str(target)]) == 0
    changed = copy.deepcopy(fresh)
    changed["as_of"] = "2000-01-01"
    del changed["materials"]["gallium"]["JP"]["military"][-1]
    target.write_text(SCRIPT["render"](changed), encoding="utf-8")
    capsys.readouterr()
    assert SCRIPT["main"](["--check", "--snapshot", str(target)]) == 1
    out = capsys.readouterr().out
    assert "as_of: '2000-01-01' -> " in out
    assert "gallium / JP / military on 2026-01-06" in out
    assert "run python scripts/make_snapshot.py and review the diff" in out
    assert SCRIPT["main"](["--check", "--snapshot", str(tmp_path / "missing.json")]) == 1
