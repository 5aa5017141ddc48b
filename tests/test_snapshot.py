"""The committed golden snapshot matches a fresh resolution of the packaged rulebook."""

from __future__ import annotations

import json
import runpy

from conftest import REPO

SCRIPT = runpy.run_path(str(REPO / "scripts" / "make_snapshot.py"))


def test_snapshot_matches_the_rulebook():
    fresh = json.loads(SCRIPT["render"](SCRIPT["snapshot"](SCRIPT["load_rulebook"]())))
    committed = json.loads(SCRIPT["SNAPSHOT"].read_text())
    changed = [key for key in fresh["series"] if fresh["series"][key] != committed["series"].get(key)]
    changed += [key for key in committed["series"] if key not in fresh["series"]]
    assert not changed and fresh == committed, (
        f"the rulebook's answers changed for {changed[:5]} (and {max(0, len(changed) - 5)} more): "
        "run python scripts/make_snapshot.py and review the diff"
    )
