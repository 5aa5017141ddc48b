"""Snapshots of what people read: every command that prints a table, at 60, 80, 120 and 200
columns, exact text with colour off, so a change of layout or wording is a reviewable diff.

    python scripts/make_human_snapshots.py            # rewrite tests/snapshots/human/
    python scripts/make_human_snapshots.py --check    # exit 1, naming each file that differs

Each command runs in this process with ``MINERALCTL_TODAY=2026-11-29``, ``NO_COLOR=1`` and
``COLUMNS`` set to the width, against the packaged rulebook and entity lists. A data update
(data/*.yaml) changes these snapshots too: regenerate them with this script and review the diff.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "tests" / "snapshots" / "human"
SHIPMENTS = FOLDER / "shipments.csv"
WIDTHS = (60, 80, 120, 200)
TODAY = "2026-11-29"

# name -> command line. Names are file names: tests/snapshots/human/NAME.WIDTH.txt
CASES: dict[str, tuple[str, ...]] = {
    "status-gallium": ("status", "gallium", "--date", "2026-01-01"),
    "status-rare-earths-US": ("status", "rare earths", "--dest", "US"),
    "status-two-projected": ("status", "gallium", "graphite", "--date", "2026-12-01"),
    "status-graphite-US-explain": ("status", "graphite", "--dest", "US", "--explain"),
    "status-quiet": ("status", "gallium", "germanium", "--dest", "US", "-q"),
    "timeline-graphite-US": ("timeline", "graphite", "--dest", "US"),
    "diff-US": ("diff", "--from", "2026-11-01", "--to", "2026-12-01", "--dest", "US"),
    "diff-none": ("diff", "gallium", "--from", "2024-01-01", "--to", "2024-02-01"),
    "upcoming": ("upcoming", "--from", "2026-11-01", "--within", "3m"),
    "materials-rare-earths": ("materials", "--group", "rare earths"),
    "measures-graphite": ("measures", "--material", "graphite"),
    "show-no-72": ("show", "No. 72 of 2025"),
    "show-no-21-listing": ("show", "No. 21 of 2025"),
    "show-graphite-measure": ("show", "mofcom-2024-46-p2-graphite"),
    "show-gallium": ("show", "gallium"),
    "screen-table": ("screen", str(SHIPMENTS), "-f", "table", "--date", "2026-01-01"),
    "entities-DE": ("entities", "--dest", "DE"),
}


def run(args: tuple[str, ...], width: int) -> str:
    """stdout of ``mineralctl ARGS`` at ``width`` columns, then its stderr and exit code."""
    from mineralctl import entry

    saved = {k: os.environ.get(k) for k in ("COLUMNS", "NO_COLOR", "MINERALCTL_TODAY", "MINERALCTL_RULEBOOK")}
    os.environ.update({"COLUMNS": str(width), "NO_COLOR": "1", "MINERALCTL_TODAY": TODAY})
    os.environ.pop("MINERALCTL_RULEBOOK", None)
    out, err = io.StringIO(), io.StringIO()
    code: object = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                entry.main(list(args))
            except SystemExit as done:
                code = done.code
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    # Paths differ between machines; the shipments file is named by its file name only.
    text = out.getvalue() + (f"--- stderr\n{err.getvalue()}" if err.getvalue() else "") + f"--- exit {code}\n"
    return text.replace(str(SHIPMENTS), SHIPMENTS.name)


def wanted() -> dict[Path, str]:
    """Every snapshot file and the text it should hold."""
    return {FOLDER / f"{name}.{width}.txt": run(args, width) for name, args in CASES.items() for width in WIDTHS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    options = parser.parse_args()
    files = wanted()
    if options.check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        extra = sorted(set(FOLDER.glob("*.txt")) - set(files))
        for path in [*stale, *extra]:
            print(f"{path.relative_to(REPO)}: differs from what scripts/make_human_snapshots.py prints")
        return 1 if stale or extra else 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for path in set(FOLDER.glob("*.txt")) - set(files):
        path.unlink()
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
