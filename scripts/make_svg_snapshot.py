"""Committed picture of the rare-earth timeline for the US, so every change to the chart (code or
data) shows as a reviewable diff.

    python scripts/make_svg_snapshot.py            # rewrite tests/snapshots/timeline-rare-earths-US.svg
    python scripts/make_svg_snapshot.py --check    # exit 1 if it differs

The picture is the same as ``MINERALCTL_TODAY=2026-11-29 mineralctl timeline "rare earths" --dest US
--format svg``, from the installed package's rulebook (reinstall after editing data/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mineralctl import history, svg
from mineralctl.api import Rulebook, load_packaged_rulebook
from mineralctl.destinations import parse_destination
from mineralctl.model import EndUse

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO / "tests" / "snapshots" / "timeline-rare-earths-US.svg"
QUERY, DESTINATION, TODAY = "rare earths", "US", dt.date(2026, 11, 29)


def packaged_rulebook() -> Rulebook:
    """The rulebook shipped in the installed package (``MINERALCTL_RULEBOOK`` is ignored)."""
    return load_packaged_rulebook()


def picture(book: Rulebook) -> str:
    place = parse_destination(DESTINATION)
    found = [(m, history.timeline(book, m, place.code, EndUse.CIVIL)) for m in book.find_materials(QUERY)]
    return svg.timeline_picture(book, found, QUERY, place.code, str(place), EndUse.CIVIL, TODAY)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the snapshot differs; write nothing")
    args = parser.parse_args()
    fresh = picture(packaged_rulebook())
    if args.check:
        same = SNAPSHOT.is_file() and SNAPSHOT.read_text(encoding="utf-8") == fresh
        print(f"{SNAPSHOT.relative_to(REPO)}: {'up to date' if same else 'differs: run without --check'}")
        return 0 if same else 1
    SNAPSHOT.write_text(fresh, encoding="utf-8", newline="\n")
    print(f"wrote {SNAPSHOT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
