"""Every table answer ends by naming the files that answered, with version and checked-through
date, whether or not anything in it is projected (a diff with no projected change once named
none)."""

from __future__ import annotations

import pytest
from conftest import in_process

RULEBOOK = "Rulebook data-2, sources checked to 2026-10-08. A research aid, not legal advice."
BOTH = (
    "Rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; entity lists entities.yaml (packaged) "
    "entities-1, checked to 2026-09-30. A research aid, not legal advice."
)


@pytest.mark.parametrize(
    ("args", "footer"),
    [
        (["status", "gallium", "--date", "2025-12-01"], RULEBOOK.replace(" A ", " Reasons and sources: --explain. A ")),
        (["timeline", "gallium", "--to", "2025-12-01"], RULEBOOK),
        (["diff", "--from", "2025-11-01", "--to", "2025-12-01", "--dest", "US"], RULEBOOK),
        (["diff", "--from", "2025-11-01", "--to", "2025-11-02", "--dest", "US"], RULEBOOK),
        (["upcoming", "--from", "2025-01-01", "--within", "30d"], BOTH),
        (["materials", "--group", "rare earths"], RULEBOOK),
        (["measures", "--material", "gallium"], RULEBOOK),
        (["show", "gallium"], RULEBOOK),
        (["show", "mofcom-2025-72"], RULEBOOK),
        (["show", "Sierra Nevada Corp"], BOTH),
    ],
)  # fmt: skip
def test_every_table_names_the_files_that_answered(args, footer):
    run = in_process(*args, env={"COLUMNS": "200", "MINERALCTL_TODAY": "2026-01-01"})
    assert (run.code, run.stderr) == (0, "")
    assert "projected: after" not in run.stdout  # nothing projected, and still named
    assert run.stdout.rstrip("\n").splitlines()[-1] == footer


def test_the_entities_table_names_a_list_file_of_ones_own_by_path_and_the_packaged_one_by_version(tmp_path):
    import shutil
    from pathlib import Path

    own = tmp_path / "ent.yaml"
    shutil.copy(Path(__file__).parents[1] / "data" / "entities.yaml", own)
    env = {"COLUMNS": "200", "MINERALCTL_TODAY": "2026-01-01"}
    tail = "Unconfirmed entries are named by one compilation only. A research aid, not legal advice."
    mine = in_process("entities", "--entities", str(own), env=env)
    assert (mine.code, mine.stderr) == (0, "")
    footer = mine.stdout[mine.stdout.rindex("Entity lists ") :]
    assert " ".join(footer.split()) == f"Entity lists {own} entities-1, sources checked to 2026-09-30. {tail}"
    packaged = in_process("entities", env=env)
    assert (packaged.code, packaged.stderr) == (0, "")
    assert (
        packaged.stdout.rstrip("\n").splitlines()[-1]
        == f"Entity lists entities-1, sources checked to 2026-09-30. {tail}"
    )
