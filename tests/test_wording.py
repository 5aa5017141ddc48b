"""Words about dates that a reader cannot misread: a suspension's last day is named as its last
day and the day a measure applies again as that day (never "lapsed on" the last suspended day)."""

from __future__ import annotations

import pytest
from conftest import in_process

TODAY = {"MINERALCTL_TODAY": "2026-11-29"}


def why_of(stdout: str) -> str:
    lines = stdout.splitlines()
    return " ".join(" ".join(lines[lines.index("Why") + 1 : lines.index("Notes")]).split())


@pytest.mark.parametrize(
    ("day", "status", "why"),
    [
        # 2026-11-27 is No. 72's last suspended day: para 2 is still held off.
        (
            "2026-11-27",
            "license-required",
            "• Gallium: license-required under No. 23 of 2023, paras 1-2 [mofcom-gac-2023-23]; suspended by "
            "No. 72 of 2025 [mofcom-2025-72] to 2026-11-27 inclusive: would otherwise be prohibited "
            "[mofcom-2024-46-p2-deny]",
        ),
        # 2026-11-28 is the first day para 2 applies again.
        (
            "2026-11-28",
            "prohibited",
            "• Gallium: prohibited under No. 46 of 2024, para 2 (gallium, germanium, antimony, superhard "
            "materials) [mofcom-2024-46-p2-deny] again from 2026-11-28 (suspension by No. 72 of 2025 ended "
            "after 2026-11-27)",
        ),
    ],
)
def test_status_names_the_last_suspended_day_and_the_first_day_again(day, status, why):
    run = in_process("status", "gallium", "--dest", "US", "--date", day, env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    # Either answer is projected (after as_of 2026-10-08), and says so on the title line.
    assert run.stdout.splitlines()[0].startswith(f"{day} · United States (US) · civil end use [1]")
    assert f"   {status}   " in run.stdout.splitlines()[3]
    assert "  [2]  projected: after the rulebook's as_of 2026-10-08, by the rules as written" in run.stdout
    assert why_of(run.stdout).startswith(why)
    assert "lapsed on" not in run.stdout


def test_warnings_say_ended_after_the_last_day():
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-11-28", "-f", "csv", env=TODAY)
    assert run.code == 0 and ",prohibited,true," in run.stdout
    assert run.stderr.splitlines()[1] == (
        "mineralctl: warning: the suspension by MOFCOM Announcement No. 72 of 2025 ended after 2026-11-27 as "
        "written; no extension is recorded, so the suspended measures are treated as applying again from 2026-11-28"
    )
    # The last suspended day has no such warning: the suspension still holds.
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-11-27", "-f", "csv", env=TODAY)
    assert run.code == 0 and ",license-required,true," in run.stdout
    assert "ended after" not in run.stderr and len(run.stderr.splitlines()) == 1


def test_explain_names_both_days_of_a_lapse():
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-11-28", "--explain", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    text = " ".join(run.stdout.split())
    assert (
        "the suspension by No. 72 of 2025 ended after 2026-11-27 (applies again from 2026-11-28) as written (projected)"
    ) in text
    assert (
        "not suspended on this date: the suspension by MOFCOM Announcement No. 72 of 2025 ended after 2026-11-27 "
        "(applies again from 2026-11-28) as written; projected"
    ) in text


def test_upcoming_and_show_say_the_last_day_is_included():
    run = in_process("upcoming", "--from", "2025-11-09", "--within", "1d", "--dest", "US", "-f", "json", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    (event,) = [e for e in run.json()["events"] if e["kind"] == "suspension-starts"]
    assert event["description"] == "MOFCOM Announcement No. 72 of 2025 suspends 4 measure(s) to 2026-11-27 inclusive"
    run = in_process("upcoming", "--from", "2026-11-28", "--within", "1d", "--dest", "US", "-f", "json", env=TODAY)
    (event,) = [e for e in run.json()["events"] if e["kind"] == "suspension-lapses"]
    lapse = "suspension by MOFCOM Announcement No. 72 of 2025 lapses (last day 2026-11-27)"
    assert event["description"].startswith(lapse)
    run = in_process("show", "sierra-nevada", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert "2025-05-14  suspended to 2025-08-11 inclusive: MOFCOM" in run.stdout


@pytest.mark.parametrize(
    ("material", "day", "why"),
    [
        # Held off on its first suspended day and on its last: what it would impose, as such.
        (
            "graphite",
            "2025-11-09",
            "• Graphite: license-required under No. 39 of 2023, para 1 [mofcom-gac-2023-39]; suspended by No. 72 "
            "of 2025 [mofcom-2025-72] to 2026-11-27 inclusive: would otherwise be enhanced-review "
            "[mofcom-2024-46-p2-graphite]; military: prohibited",
        ),
        (
            "graphite",
            "2026-11-27",
            "• Graphite: license-required under No. 39 of 2023, para 1 [mofcom-gac-2023-39]; suspended by No. 72 "
            "of 2025 [mofcom-2025-72] to 2026-11-27 inclusive: would otherwise be enhanced-review "
            "[mofcom-2024-46-p2-graphite]; military: prohibited",
        ),
        # The day before the suspension and the day after it: nothing is held off, nothing "otherwise".
        (
            "graphite",
            "2025-11-08",
            "• Graphite: enhanced-review under No. 46 of 2024, para 2 (graphite) [mofcom-2024-46-p2-graphite]; "
            "military: prohibited",
        ),
    ],
)
def test_a_suspended_measure_is_what_would_otherwise_apply(material, day, why):
    run = in_process("status", material, "--dest", "US", "--date", day, env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert why_of(run.stdout) == why
    status = why.split(": ")[1].split(" ")[0]
    assert f"   {status}   " in run.stdout.splitlines()[3]


def test_the_day_after_a_suspension_says_it_applies_again():
    run = in_process("status", "graphite", "--dest", "US", "--date", "2026-11-28", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert "would otherwise" not in run.stdout
    assert why_of(run.stdout) == (
        "• Graphite: enhanced-review under No. 46 of 2024, para 2 (graphite) [mofcom-2024-46-p2-graphite] again "
        "from 2026-11-28 (suspension by No. 72 of 2025 ended after 2026-11-27); military: prohibited"
    )
