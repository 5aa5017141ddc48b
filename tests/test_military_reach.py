"""A civil answer carries the open question of a measure on military end use that would apply
to the same query as military use: where military use ends is itself the question (No. 1 of
2026 bans uses that enhance Japan's military capability, which a civil buyer can fall under).
Both sides of the measure's first day, every format, and the views built on the same match."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import in_process

NO_1 = "mofcom-2026-1"


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    run = in_process("status", "gallium", *args, "-f", "json")
    assert run.code == 0, run
    result: dict = json.loads(run.stdout)["results"][0]  # type: ignore[type-arg]
    return result


@pytest.mark.parametrize(("day", "carried"), [("2026-01-05", False), ("2026-01-06", True), ("2026-07-01", True)])
def test_a_civil_answer_for_japan_carries_the_military_reach_question(day: str, carried: bool) -> None:
    civil = _json("--dest", "JP", "--date", day)
    assert civil["status"] == "license-required"
    assert (NO_1 in civil["uncertainty_ids"]) is carried
    assert (civil["military_status"] == "prohibited") is carried
    table = in_process("status", "gallium", "--dest", "JP", "--date", day, env={"COLUMNS": "120"})
    assert table.code == 0 and ("does not rule it out" in table.stdout) is carried
    text = in_process("status", "gallium", "--dest", "JP", "--date", day, "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert (NO_1 in rows[0]["uncertainty_ids"].split(";")) is carried


def test_the_question_stays_with_japan_and_with_the_measure_that_applies() -> None:
    assert NO_1 not in _json("--dest", "DE", "--date", "2026-07-01")["uncertainty_ids"]
    assert NO_1 not in _json("--date", "2026-07-01")["uncertainty_ids"]  # no destination: other countries
    military = _json("--dest", "JP", "--date", "2026-07-01", "--end-use", "military")
    assert military["status"] == "prohibited" and NO_1 in military["uncertainty_ids"]


def test_timeline_and_screen_carry_it_too() -> None:
    run = in_process("timeline", "gallium", "--dest", "JP", "-f", "json")
    assert run.code == 0
    periods = json.loads(run.stdout)["timelines"][0]["periods"]
    assert "2026-01-06" in [p["from"] for p in periods]  # the question starts a period of its own
    for period in periods:
        covers = period["from"] is not None and period["from"] >= "2026-01-06"
        assert (NO_1 in period["uncertainty_ids"]) is covers, period
    rows = "material,destination,date,end_use\ngallium,JP,2026-01-05,civil\ngallium,JP,2026-01-06,civil\n"
    screened = in_process("screen", "-", stdin=rows)
    assert screened.code == 0
    cells = [r["uncertainty"].split(";") for r in csv.DictReader(io.StringIO(screened.stdout))]
    assert [NO_1 in c for c in cells] == [False, True]
