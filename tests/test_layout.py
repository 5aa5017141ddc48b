"""The package's imports run one way: no module imports one that imports it back."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import script

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_imports.py"


def _checker():  # type: ignore[no-untyped-def]
    return script("check_imports")


def test_the_package_has_no_import_cycle():
    checker = _checker()
    edges = checker.graph()
    assert checker.cycle(edges) is None
    # The loaded rulebook is read by the resolver and the history views, never the reverse.
    assert not edges["mineralctl.rulebook"] & {"mineralctl.resolve", "mineralctl.history", "mineralctl.load"}
    # Handed what to store, never parsing it: it knows only the sections a value is stored in.
    assert edges["mineralctl.cache"] <= {"mineralctl.shelf"}
    assert edges["mineralctl.shelf"] == set()
    assert "mineralctl.yaml" not in edges


def test_the_cycle_finder_finds_a_cycle():
    checker = _checker()
    assert checker.cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert checker.cycle({"a": {"b"}, "b": set()}) is None


def test_only_load_imports_yaml():
    package = SCRIPT.parents[1] / "src" / "mineralctl"
    pattern = re.compile(r"^\s*(import yaml|from yaml import)", re.MULTILINE)
    users = sorted(p.name for p in package.glob("*.py") if pattern.search(p.read_text(encoding="utf-8")))
    assert users == ["load.py"]
