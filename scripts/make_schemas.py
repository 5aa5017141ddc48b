"""Write the JSON Schemas under docs/schema/ from mineralctl's own definitions.

    python scripts/make_schemas.py            # rewrite docs/schema/
    python scripts/make_schemas.py --check    # exit 1, naming each file that differs

The rulebook and overlay schemas come from the loader's table of keys (``load.ENTITIES``); the
output schemas from the shapes of the JSON renderers. A test runs ``--check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mineralctl.schema import schemas

FOLDER = Path(__file__).resolve().parents[1] / "docs" / "schema"


def text(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    wanted = {FOLDER / name: text(schema) for name, schema in schemas().items()}
    if args.check:
        stale = [p for p, t in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
        extra = sorted(set(FOLDER.rglob("*.schema.json")) - set(wanted))
        for path in [*stale, *extra]:
            print(f"{path.relative_to(FOLDER.parents[1])}: differs from what scripts/make_schemas.py builds")
        return 1 if stale or extra else 0
    for path, content in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
