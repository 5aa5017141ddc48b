"""What people read, exactly: committed snapshots of every command that prints a table, at 60,
80, 120 and 200 columns; and the rule that no table ever splits a word, checked on random
tables and on every snapshot."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import script
from hypothesis import given, settings
from hypothesis import strategies as st

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_human_snapshots.py"
REGENERATE = (
    "the human output changed. If the change is meant (a layout or wording change, or a data update "
    "in data/*.yaml), regenerate with `python scripts/make_human_snapshots.py` and review the diff "
    "of tests/snapshots/human/ like any other change."
)


def _script():  # type: ignore[no-untyped-def]
    return script("make_human_snapshots")


SNAPSHOTS = _script()


@pytest.mark.parametrize("name", sorted(SNAPSHOTS.CASES))
def test_human_output_matches_its_snapshots(name):
    for width in SNAPSHOTS.WIDTHS:
        path = SNAPSHOTS.FOLDER / f"{name}.{width}.txt"
        printed = SNAPSHOTS.run(SNAPSHOTS.CASES[name], width)
        assert path.exists(), f"{path.name} is missing: {REGENERATE}"
        assert printed == path.read_text(encoding="utf-8"), f"{path.name}: {REGENERATE}"


# --------------------------------------------------------------------------- no split words


def _atoms() -> set[str]:
    """Every id, status word and source URL of the packaged rulebook: text no table may split."""
    from mineralctl import load_rulebook

    book = load_rulebook()
    found = {"not-controlled", "license-required", "enhanced-review", "prohibited"}
    for entry in [*book.measures, *book.suspensions]:
        found.add(entry.id)
        found.update(s.url for s in entry.sources)
    found.update(book.materials)
    return found


ATOMS = _atoms()
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


TOKEN = re.compile(r"[^\s│┃]+")


def whole(joined: str, atom: str) -> bool:
    rest = joined[len(atom) :] if joined.startswith(atom) else None
    return rest is not None and not (rest[:1].isalnum() or rest[:1] == "-")


def split_atoms(text: str) -> list[str]:
    """Atoms a table split: a token that is the first part of an atom, continued at the same
    column on the next line by the rest of it (how a folded cell looks)."""
    lines = text.splitlines()
    found = []
    for above, below in zip(lines, lines[1:], strict=False):
        starts = {m.start(): m.group() for m in TOKEN.finditer(below)}
        for m in TOKEN.finditer(above):
            head, rest = m.group().lstrip("[("), starts.get(m.start())
            if rest is None or len(head) < 2:
                continue
            joined = head + rest.rstrip("]),;.")
            # The atom whole, not a longer word that starts with it ("superhard-material" above
            # "stricter" is not a split "superhard-materials").
            found += [a for a in ATOMS if a != head and len(head) < len(a) and whole(joined, a)]
    return found


@pytest.mark.parametrize("name", sorted(SNAPSHOTS.CASES))
def test_no_snapshot_splits_an_id_a_status_a_date_or_a_url(name):
    """No id, status word, date or URL is split across lines, at any width."""
    for width in SNAPSHOTS.WIDTHS:
        text = (SNAPSHOTS.FOLDER / f"{name}.{width}.txt").read_text(encoding="utf-8")
        assert split_atoms(text) == [], f"{name} at {width} columns"
        lines = text.splitlines()
        for date in set(DATE.findall(text)):
            assert any(date in line for line in lines), f"{name} at {width} columns splits {date}"


def test_the_split_finder_finds_a_folded_cell():
    assert split_atoms("│ license-requ │ x\n│ ired         │ y\n") == ["license-required"]
    assert split_atoms("  [mofcom-2025-\n  72] and more\n") == ["mofcom-2025-72"]
    assert split_atoms("  not\n  controlled by\n") == []
    assert split_atoms("  superhard-material denial\n  stricter review\n") == []


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-0123456789镓", min_size=1, max_size=24)


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(min_value=60, max_value=200),
    kinds=st.lists(st.booleans(), min_size=1, max_size=7),
    data=st.data(),
)
def test_a_table_splits_no_atom_and_no_word(width, kinds, data):
    """Random tables of atoms (one word, or several that must stay on one line) and prose at
    any width from 60 to 200: every atom whole on one line, every word of prose whole."""
    from rich.console import Console
    from rich.text import Text

    from mineralctl import layout

    rows = data.draw(st.lists(st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=len(kinds),
                                       max_size=len(kinds)), min_size=1, max_size=4))  # fmt: skip
    columns = [layout.Col(f"col{i}", prose=prose) for i, prose in enumerate(kinds)]
    cells = [[Text(" ".join(words) if prose else "-".join(words)) for words, prose in zip(row, kinds, strict=True)]
             for row in rows]  # fmt: skip
    out = Console(width=width, no_color=True, file=__import__("io").StringIO(), legacy_windows=False)
    layout.table(out, columns, cells, title=Text("title"))
    printed = out.file.getvalue()
    lines = printed.splitlines()
    for row in rows:
        for words, prose in zip(row, kinds, strict=True):
            pieces = words if prose else ["-".join(words)]
            for piece in pieces:
                assert any(piece in line for line in lines), (piece, printed)


def test_the_status_table_at_80_columns_fits_a_screen():
    # The question that printed 321 lines: every material's answer and the shared notes, once.
    text = (SNAPSHOTS.FOLDER / "status-rare-earths-US.80.txt").read_text(encoding="utf-8")
    # The table and the lines of why take under 30 lines; the rest are notes, each printed once
    # (the destination's note is the rulebook's own text, and grows with it).
    assert text.splitlines().index("Notes") < 30
    assert len(text.splitlines()) <= 60
    assert text.count("projected: after the rulebook's as_of") == 1
    assert text.count("uncertain: No. 70 of 2025 [mofcom-gac-2025-70]") == 1


def test_the_snapshots_agree_with_the_json_answer():
    # The status words a table prints are the statuses the JSON answer gives, in order.
    text = (SNAPSHOTS.FOLDER / "status-rare-earths-US.120.txt").read_text(encoding="utf-8")
    rows = [line.split() for line in text.splitlines()[3:20]]
    run = SNAPSHOTS.run(("status", "rare earths", "--dest", "US", "-f", "json"), 120)
    answer = json.loads(run.split("--- ")[0])
    assert [r[-2] for r in rows] == [r["status"] for r in answer["results"]]
