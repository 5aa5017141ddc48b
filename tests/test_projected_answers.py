"""Every answer is projected exactly when it reaches past the checked-through date of a file it
rests on: the rulebook's as_of (2026-10-08) for every answer, and the end-user lists' as_of
(2026-09-30) when an end user is named. A period that runs past as_of is split the day after,
so no period is partly checked and partly projected; the lists are named with the rulebook and
count for ``--max-age``."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import in_process

AS_OF = "2026-10-08"
LISTS_AS_OF = "2026-09-30"
TODAY = {"MINERALCTL_TODAY": "2026-11-29"}
BASE_LABEL = f"rulebook data-2, sources checked to {AS_OF}"
BOTH_LABEL = (
    f"rulebook measures.yaml (packaged) data-2, checked to {AS_OF}; "
    f"entity lists entities.yaml (packaged) entities-1, checked to {LISTS_AS_OF}"
)
LISTS_WARNING = (
    "mineralctl: warning: 2026-10-01 is after the entity lists' as_of date 2026-09-30: the listing is "
    "projected from the announcements as written\n"
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_timeline_csv_splits_the_open_ended_period_at_as_of():
    run = in_process("timeline", "gallium", "--dest", "US", "--end-use", "military", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    got = [(r["from"], r["until"], r["status"], r["projected"]) for r in rows(run.stdout)]
    assert got == [
        ("", "2023-07-31", "not-controlled", "false"),
        ("2023-08-01", "2024-11-30", "license-required", "false"),
        # The List joins on 2024-12-01, No. 72 of 2025 suspends para 2 from 2025-11-09 (para 1
        # keeps military end use prohibited) and the suspension lapses after 2026-11-27: each
        # starts a period of the same status, since the measures behind it change.
        ("2024-12-01", "2024-12-02", "license-required", "false"),
        ("2024-12-03", "2025-11-08", "prohibited", "false"),
        ("2025-11-09", AS_OF, "prohibited", "false"),
        ("2026-10-09", "2026-11-27", "prohibited", "true"),
        ("2026-11-28", "", "prohibited", "true"),
    ]
    assert rows(run.stdout)[-2]["change"] == (
        f"status unchanged; projected from here: after {AS_OF}, the last day the sources were checked"
    )
    assert {r["rulebook"] for r in rows(run.stdout)} == {BASE_LABEL}


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        # --to as_of: nothing after as_of, nothing projected, no split.
        (AS_OF, [("2025-11-09", AS_OF, False)]),
        # --to the day after: that one day is a projected period of its own.
        ("2026-10-09", [("2025-11-09", AS_OF, False), ("2026-10-09", "2026-10-09", True)]),
    ],
)
def test_timeline_json_split_on_both_sides_of_as_of(last, expected):
    run = in_process("timeline", "gallium", "--dest", "US", "--from", "2026-01-01", "--to", last, "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    periods = run.json()["timelines"][0]["periods"]
    assert [(p["from"], p["until"], p["projected"]) for p in periods] == [
        ("2026-01-01", expected[0][1], False),
        *expected[1:],
    ]


def test_timeline_period_matches_status_on_its_last_day():
    periods = in_process("timeline", "gallium", "--dest", "US", "-f", "json").json()["timelines"][0]["periods"]
    for p in periods:
        if p["until"] is None:
            continue
        answer = in_process("status", "gallium", "--dest", "US", "--date", p["until"], "-f", "json").json()
        assert (answer["results"][0]["status"], answer["results"][0]["projected"]) == (p["status"], p["projected"])


@pytest.mark.parametrize(
    ("day", "projected", "stderr"), [("2026-09-30", False, ""), ("2026-10-01", True, LISTS_WARNING)]
)
def test_status_with_an_end_user_is_projected_after_the_lists_as_of(day, projected, stderr):
    args = ("status", "gallium", "--dest", "US", "--end-user", "Sierra Nevada Corp", "--date", day)
    run = in_process(*args, "-f", "json")
    assert (run.code, run.stderr) == (0, stderr)
    document = run.json()
    assert document["results"][0]["projected"] is projected
    assert document["rulebook"]["as_of"] == LISTS_AS_OF
    assert [(f["path"], f["version"], f["as_of"], f["kind"]) for f in document["rulebook"]["files"]] == [
        ("measures.yaml (packaged)", "data-2", AS_OF, "rulebook"),
        ("entities.yaml (packaged)", "entities-1", LISTS_AS_OF, "entities"),
    ]
    run = in_process(*args, "-f", "csv")
    assert (run.code, run.stderr) == (0, stderr)
    (row,) = rows(run.stdout)
    assert (row["projected"], row["rulebook"]) == (str(projected).lower(), BOTH_LABEL)
    table = in_process(*args, env={"COLUMNS": "400"})
    assert table.code == 0
    assert BOTH_LABEL.replace("rulebook m", "Rulebook m") in " ".join(table.stdout.split())
    assert ("projected: after 2026-09-30" in table.stdout) is projected


def test_status_without_an_end_user_names_only_the_rulebook():
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-10-01", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    assert run.json()["results"][0]["projected"] is False
    assert [f["kind"] for f in run.json()["rulebook"]["files"]] == ["rulebook"]


@pytest.mark.parametrize(("age", "code"), [("59d", 5), ("60d", 0)])
def test_max_age_counts_the_end_user_lists(age, code):
    args = ("status", "gallium", "--dest", "US", "--end-user", "Sierra Nevada Corp", "--date", "2026-09-30")
    run = in_process(*args, "-q", "--max-age", age, env=TODAY)
    stale = (
        f"mineralctl: error: the entity lists (entities.yaml (packaged)) are stale: as_of {LISTS_AS_OF} is older "
        f"than --max-age {age} (today is 2026-11-29)\n"
    )
    assert (run.code, run.stdout, run.stderr) == (code, "license-required\n", stale if code else "")
    # Without an end user the lists are not read and do not count (the rulebook is 52 days old).
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-09-30", "-q", "--max-age", "55d", env=TODAY)
    assert (run.code, run.stdout, run.stderr) == (0, "license-required\n", "")


def test_end_user_timeline_splits_at_the_lists_as_of():
    args = ("timeline", "gallium", "--dest", "US", "--end-user", "Sierra Nevada Corp", "--from", "2026-01-01")
    run = in_process(*args, "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    got = [(r["from"], r["until"], r["status"], r["projected"]) for r in rows(run.stdout)]
    assert got == [
        ("2026-01-01", LISTS_AS_OF, "license-required", "false"),
        ("2026-10-01", "2026-11-09", "license-required", "true"),
        ("2026-11-10", "2026-11-27", "prohibited", "true"),
        # No. 46 of 2024 para 2 applies again: the same status, other measures behind it.
        ("2026-11-28", "", "prohibited", "true"),
    ]
    assert {r["rulebook"] for r in rows(run.stdout)} == {BOTH_LABEL}


@pytest.mark.parametrize(("last", "projected"), [("2026-09-30", "false"), ("2026-10-01", "true")])
def test_end_user_diff_is_projected_past_the_lists_as_of(last, projected):
    args = ("diff", "gallium", "--from", "2025-11-01", "--to", last, "--dest", "US")
    run = in_process(*args, "--end-user", "Sierra Nevada Corp", "-f", "csv")
    warning = (
        "mineralctl: warning: dates after 2026-09-30, the earliest checked-through date of the files in use, are "
        "projected from the rules as written\n"
    )
    assert (run.code, run.stderr) == (0, warning if projected == "true" else "")
    (row,) = rows(run.stdout)
    assert (row["material"], row["projected"], row["rulebook"]) == ("gallium", projected, BOTH_LABEL)


@pytest.mark.parametrize("fmt", ["svg", "ics"])
def test_end_user_pictures_and_calendars_name_the_lists(fmt):
    args = ("timeline", "gallium", "--dest", "US", "--end-user", "Sierra Nevada Corp", "--from", "2026-01-01")
    run = in_process(*args, "-f", fmt, env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    text = " ".join(run.stdout.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").split())
    assert BOTH_LABEL in text
    assert "checked to 2026-09-30" in text and "data-2, sources checked to 2026-09-30" not in text
