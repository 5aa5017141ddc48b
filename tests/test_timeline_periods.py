"""A ``timeline`` period is true on every one of its days: its status, the measures that apply
and the suspended measures are those of its first and last day, so a period ends where the
deciding measures change even when the status does not."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import mineralctl

RULEBOOK = '"rulebook data-2, sources checked to 2026-10-08"'


def test_graphite_periods_follow_the_measure_in_force():
    run = mineralctl("timeline", "graphite", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["from"], r["until"], r["status"], r["measures"]) for r in rows] == [
        ("", "2005-12-31", "not-controlled", ""),
        # No. 50 of 2006 ends 2023-11-30; No. 39 of 2023 takes over the next day ...
        ("2006-01-01", "2023-11-30", "license-required", "mofcom-costind-gac-2006-50"),
        ("2023-12-01", "2024-11-30", "license-required", "mofcom-gac-2023-39"),
        # ... and the Dual-Use List (No. 51 of 2024) joins it from 2024-12-01.
        ("2024-12-01", "2026-10-08", "license-required", "mofcom-gac-2023-39;dual-use-list-2024"),
        ("2026-10-09", "", "license-required", "mofcom-gac-2023-39;dual-use-list-2024"),
    ]
    assert rows[2]["change"] == (
        "status unchanged: MOFCOM/GAC Announcement No. 39 of 2023, para 1 entered into force; "
        "MOFCOM/COSTIND/GAC Announcement No. 50 of 2006, whole announcement (temporary graphite controls) ended"
    )
    # The open question on No. 50 of 2006 travels with its period only.
    assert [r["uncertainty_ids"] for r in rows] == ["", "mofcom-costind-gac-2006-50", "", "", ""]
    assert run.stdout.splitlines()[3].endswith(RULEBOOK)


@pytest.mark.parametrize(
    ("day", "measures"),
    [
        ("2023-11-30", ["mofcom-costind-gac-2006-50"]),
        ("2023-12-01", ["mofcom-gac-2023-39"]),
        ("2024-11-30", ["mofcom-gac-2023-39"]),
        ("2024-12-01", ["mofcom-gac-2023-39", "dual-use-list-2024"]),
    ],
)
def test_each_side_of_a_split_answers_as_its_period(day, measures):
    run = mineralctl("status", "graphite", "--date", day, "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    (result,) = run.json()["results"]
    assert (result["status"], [m["id"] for m in result["measures"]]) == ("license-required", measures)
    periods = mineralctl("timeline", "graphite", "-f", "json").json()["timelines"][0]["periods"]
    (period,) = [p for p in periods if (p["from"] or "") <= day <= (p["until"] or "9999")]
    assert period["measures"] == measures


def test_gallium_us_period_names_the_list_from_its_first_day():
    run = mineralctl("timeline", "gallium", "--dest", "US")
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[3].startswith("2023-08-01 → 2024-11-30 ") and lines[3].endswith(" license-required")
    assert lines[4] == (
        "    MOFCOM/GAC Announcement No. 23 of 2023, paras 1-2 entered into force (decided by [mofcom-gac-2023-23])"
    )
    assert lines[5].startswith("2024-12-01 → 2024-12-02 ") and lines[5].endswith(" license-required")
    assert lines[6] == (
        "    status unchanged: MOFCOM/MIIT/GAC/SCA Announcement No. 51 of 2024 (Dual-Use Items Export Control List), "
        "List entries for these items entered into force (decided by [mofcom-gac-2023-23])"
    )
    assert lines[7].startswith("2024-12-03 → 2025-11-08 ") and lines[7].endswith(" prohibited")


def test_a_measure_suspended_from_its_first_day_starts_a_period_and_says_so():
    run = mineralctl("timeline", "europium", "--dest", "US", "--to", "2026-10-08", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    periods = run.json()["timelines"][0]["periods"]
    assert [(p["from"], p["until"], p["status"], p["suspended"]) for p in periods] == [
        (None, "2025-11-07", "not-controlled", []),
        (
            "2025-11-08",
            "2026-10-08",
            "not-controlled",
            [{"measure": "mofcom-gac-2025-57", "suspension": "mofcom-gac-2025-70"}],
        ),
    ]
    assert periods[1]["change"] == (
        "status unchanged: MOFCOM/GAC Announcement No. 57 of 2025, paras 1-2 (1C909-1C913) entered into force, "
        "suspended by MOFCOM/GAC Announcement No. 70 of 2025"
    )


def test_an_end_user_timeline_splits_where_the_measures_change():
    run = mineralctl(
        "timeline", "graphite", "--dest", "US", "--end-user", "Sierra Nevada Corp", "--to", "2024-12-02", "-f", "csv"
    )
    assert (run.code, run.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["from"], r["until"], r["measures"]) for r in rows] == [
        ("", "2005-12-31", ""),
        ("2006-01-01", "2023-11-30", "mofcom-costind-gac-2006-50"),
        ("2023-12-01", "2024-11-30", "mofcom-gac-2023-39"),
        ("2024-12-01", "2024-12-02", "mofcom-gac-2023-39;dual-use-list-2024"),
    ]
