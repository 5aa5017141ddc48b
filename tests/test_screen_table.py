"""`mineralctl screen -f table` splits no word: ids stay whole at every width, whether the rows
fit a table or are printed one record per row. Each case checks exit code, stdout and stderr."""

from __future__ import annotations

import pytest
from conftest import in_process

from mineralctl import load_rulebook
from mineralctl.render import rulebook_label

ROWS = "material,destination,date,end_use,measures\nrare earths,US,2026-12-01,civil,a;b\n"


@pytest.fixture(scope="module")
def label() -> str:
    return rulebook_label(load_rulebook())


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 200, 400, 600])
def test_a_group_row_keeps_every_material_id_whole(width, label):
    book = load_rulebook()
    members = [m.id for m in book.find_materials("rare earths")]
    run = in_process("screen", "-", "-f", "table", stdin=ROWS, env={"COLUMNS": str(width)})
    assert run.code == 0
    assert run.stderr == (
        "mineralctl: stdin: screened 1 row: 0 prohibited, 0 enhanced-review, 1 license-required, 0 not-controlled; "
        "0 unresolved; 1 projected (dated after 2026-10-08, the as_of of the rulebook measures.yaml (packaged))\n"
        f"mineralctl: answered by {label}\n"
        "mineralctl: screen passed: every row resolved; no --fail-on gate\n"
    )
    assert len(members) == 17
    words = run.stdout.replace(";", " ").replace("│", " ").replace("┃", " ").split()
    for member in members:
        assert member in words, (member, run.stdout)
    assert max(len(line) for line in run.stdout.splitlines()) <= width
    # The input's own `measures` column is shown as written; the added one (renamed) is spaced
    # between ids so that it wraps between them.
    assert "a;b" in run.stdout and "a; b" not in run.stdout
    assert "mineralctl_measures" in run.stdout


def test_extra_fields_of_a_row_are_shown_in_a_column_of_their_own(label):
    data = 'material,destination,date,end_use\ngallium,US,2025-01-15,civil,5 t,"a,b"\ngallium,US,2025-01-15,civil\n'
    run = in_process("screen", "-", "-f", "table", stdin=data, env={"COLUMNS": "100"})
    assert run.code == 4
    assert '  extra_fields          5 t,"a,b"\n' in run.stdout
    assert run.stdout.count("extra_fields") == 1
    assert run.stderr == (
        "mineralctl: stdin: screened 2 rows: 1 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; "
        f"1 unresolved\nmineralctl: answered by {label}\n"
        "mineralctl: screen failed (exit 4): 1 row unresolved (see the error column)\n"
    )
