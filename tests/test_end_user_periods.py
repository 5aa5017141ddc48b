"""`timeline --end-user`: the listing that decides a period is named as its decider and in its
measures, and a period ends where the suspension holding the listing off changes, as it does
for measures. Each case checks the exit code, stdout and stderr together."""

from __future__ import annotations

import csv
import io

from conftest import mineralctl

HIGH_POINT = ("--dest", "US", "--end-user", "High Point Aerotechnologies")


def periods(material: str, *extra: str) -> list[dict[str, object]]:
    run = mineralctl("timeline", material, *HIGH_POINT, *extra, "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    (timeline,) = run.json()["timelines"]
    return timeline["periods"]


def test_a_control_listing_decides_its_prohibited_periods_and_is_among_their_measures():
    found = {p["from"]: p for p in periods("tungsten")}
    listed = found["2025-04-04"]
    assert (listed["until"], listed["status"]) == ("2025-05-13", "prohibited")
    assert listed["measures"] == ["mofcom-2025-21-control", "mofcom-gac-2025-10"]
    assert listed["suspended"] == []
    # the day before the listing, the licence requirement alone decides
    before = found["2025-02-04"]
    assert (before["until"], before["status"], before["measures"]) == (
        "2025-04-03",
        "license-required",
        ["mofcom-gac-2025-10"],
    )
    again = found["2026-11-10"]
    assert (again["status"], again["measures"][0]) == ("prohibited", "mofcom-2025-21-control")
    assert "mofcom-2025-11-05-suspension" in again["uncertainty_ids"]


def test_a_period_ends_where_the_suspension_holding_the_listing_off_changes():
    spans = [(p["from"], p["until"], p["status"], p["suspended"]) for p in periods("tungsten")]

    def held(suspension: str) -> list[dict[str, str]]:
        return [{"measure": "mofcom-2025-21-control", "suspension": suspension}]

    assert spans[3:7] == [
        ("2025-05-14", "2025-08-11", "license-required", held("mofcom-2025-05-14-suspension")),
        ("2025-08-12", "2025-11-09", "license-required", held("mofcom-2025-08-12-suspension")),
        ("2025-11-10", "2026-09-30", "license-required", held("mofcom-2025-11-05-suspension")),
        ("2026-10-01", "2026-11-09", "license-required", held("mofcom-2025-11-05-suspension")),
    ]


def test_the_table_names_the_listing_as_the_decider_and_each_suspension_in_its_own_period():
    run = mineralctl("timeline", "tungsten", *HIGH_POINT, "--from", "2025-04-01", "--to", "2025-12-31")
    assert (run.code, run.stderr) == (0, "")
    text = " ".join(run.stdout.split())
    assert "2025-04-04 → 2025-05-13" in run.stdout and "2025-05-14 → 2025-08-11" in run.stdout
    assert "2025-08-12 → 2025-11-09" in run.stdout and "2025-11-10 → 2025-12-31" in run.stdout
    assert "dual-use exports to it are prohibited (decided by [mofcom-2025-21-control])" in text
    assert "prohibited (decided by [mofcom-gac-2025-10])" not in text
    assert (
        "status unchanged: end user High Point Aerotechnologies: measures of the control list (MOFCOM "
        "Announcement No. 21 of 2025) suspended 2025-08-12 .. 2025-11-09 (MOFCOM spokesperson's statement "
        "of 12 August 2025); a licence is applied for as usual (decided by [mofcom-gac-2025-10])"
    ) in text


def test_csv_lists_the_listing_and_its_suspension():
    run = mineralctl("timeline", "tungsten", *HIGH_POINT, "--from", "2025-05-01", "--to", "2025-06-01", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["from"], r["until"], r["measures"], r["suspended"]) for r in rows] == [
        ("2025-05-01", "2025-05-13", "mofcom-2025-21-control;mofcom-gac-2025-10", ""),
        ("2025-05-14", "2025-06-01", "mofcom-gac-2025-10", "mofcom-2025-21-control@mofcom-2025-05-14-suspension"),
    ]


def test_a_listing_no_stricter_than_the_goods_own_measure_does_not_decide():
    # gallium to the US is already prohibited by No. 46 of 2024: it decides, the listing follows
    found = {p["from"]: p for p in periods("gallium", "--from", "2025-01-01")}
    listed = found["2025-04-04"]
    assert listed["status"] == "prohibited"
    assert listed["measures"][0] != "mofcom-2025-21-control"
    assert "mofcom-2025-21-control" in listed["measures"]
    assert found["2026-11-10"]["measures"][0] == "mofcom-2025-21-control"


def test_a_name_that_matches_nothing_keeps_the_goods_periods():
    run = mineralctl("timeline", "tungsten", "--dest", "US", "--end-user", "Acme Widgets", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    (timeline,) = run.json()["timelines"]
    assert all("mofcom-2025-21-control" not in p["measures"] for p in timeline["periods"])
    assert all(p["suspended"] == [] for p in timeline["periods"])
