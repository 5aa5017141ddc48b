"""Human tables name what answered: the suspension's own instrument and id, the files in use,
a group's own notes; records read as records."""

from __future__ import annotations

from conftest import REPO, in_process

EXTEND = str(REPO / "docs" / "examples" / "extend-no-70.yaml")


def test_an_overlay_suspension_is_named_by_its_own_instrument_id_and_file():
    run = in_process("status", "holmium", "--date", "2026-12-01", "--overlay", EXTEND)
    assert (run.code, run.stderr) == (0, "")
    why = " ".join(run.stdout.split())
    assert (
        "suspended by MOFCOM/GAC announcement extending No. 70 of 2025 (example) "
        f"[team-extends-mofcom-gac-2025-70] from overlay {EXTEND} to 2027-11-10" in why
    )
    assert "suspended by No. 70 of 2025 to" not in why


def test_a_base_suspension_is_named_by_its_number_and_id_the_day_before_it_lapses():
    run = in_process("status", "holmium", "--date", "2026-11-10")
    assert (run.code, run.stderr) == (0, "")
    assert "suspended by No. 70 of 2025 [mofcom-gac-2025-70] to 2026-11-10" in " ".join(run.stdout.split())
    after = in_process("status", "holmium", "--date", "2026-11-11")
    assert (after.code, after.stderr) == (0, "")
    assert "suspended by" not in after.stdout
