"""Every command is documented: in the README with an example, and in its --help."""

from __future__ import annotations

import typer
from conftest import REPO

from mineralctl.cli import app


def commands() -> dict[str, object]:
    found: dict[str, object] = {}
    for name, sub in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        for inner_name, inner in getattr(sub, "commands", {name: sub}).items():
            found[name if inner is sub else f"{name} {inner_name}"] = inner
    return found


def test_every_command_is_in_the_readme_and_has_examples_in_its_help():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    chosen = commands()
    assert {"rulebook validate", "rulebook info", "rulebook diff", "status", "screen"} <= set(chosen)
    assert [name for name in chosen if f"mineralctl {name}" not in readme] == []
    assert [name for name, c in chosen.items() if "Example" not in (getattr(c, "help", "") or "")] == []
