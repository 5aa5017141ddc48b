"""``upcoming --format ics`` and ``timeline --format ics``: valid RFC 5545 read back by a real
parser (icalendar), the same changes as the JSON output, UIDs that survive a new rulebook
version, and text from the rulebook escaped, never raw."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import icalendar
import pytest
from conftest import FIXTURES, REPO, Run, console_script
from hypothesis import given, settings
from hypothesis import strategies as st

from mineralctl import ics
from mineralctl.api import load_packaged_rulebook
from mineralctl.text import visible

TODAY = {"MINERALCTL_TODAY": "2026-11-29"}
HOSTILE = str(FIXTURES / "hostile-text.yaml")
BOOK = load_packaged_rulebook()
AS_OF = BOOK.as_of.isoformat()
PROJECTED_WARNING = (
    f"mineralctl: warning: dates after the rulebook's as_of {AS_OF} are projected from the rules as written\n"
    "mineralctl: warning: changes to the end-user lists after their as_of 2026-09-30 are projected from the "
    "announcements as written\n"
)


def mineralctl(*args: str, env: dict[str, str] | None = None) -> Run:
    """The console script, with stdout decoded as written: CRLF line ends are the point here."""
    done = subprocess.run([console_script(), *args], capture_output=True, env={**os.environ, **(env or {})}, timeout=60)
    return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def events_of(text: str) -> list[icalendar.Event]:
    data = text.encode("utf-8")
    lines = data.split(b"\r\n")
    assert lines[-1] == b"", "the file ends with CRLF"
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "every line ends with CRLF"
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and "mineralctl" in str(calendar["PRODID"])
    return list(calendar.walk("VEVENT"))


def test_upcoming_ics_has_one_event_per_json_event():
    args = ("upcoming", "--from", "2026-06-01", "--within", "1y", "--dest", "US")
    run = mineralctl(*args, "-f", "ics", env=TODAY)
    assert (run.code, run.stderr) == (0, PROJECTED_WARNING)
    expected = mineralctl(*args, "-f", "json", env=TODAY).json()["events"]
    events = events_of(run.stdout)
    assert [(e["DTSTART"].dt, str(e["UID"])) for e in events] == [
        (dt.date.fromisoformat(x["date"]), f"{x['entry']}.{x['kind']}{question(x)}.US@mineralctl") for x in expected
    ]
    assert "open-question" in [x["kind"] for x in expected]
    for event, source in zip(events, expected, strict=True):
        # All-day events: a DATE, one day long.
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(days=1)
        assert not isinstance(event["DTSTART"].dt, dt.datetime)
        tentative = source["projected"] or source["kind"] == "open-question"
        assert str(event["STATUS"]) == ("TENTATIVE" if tentative else "CONFIRMED")
        assert source["instrument"] in str(event["SUMMARY"])
        if source["kind"] != "open-question":
            assert ("(projected)" in str(event["SUMMARY"])) is source["projected"]
        description = str(event["DESCRIPTION"])
        for effect in source["effects"]:
            if source["kind"] == "open-question":  # it changes no status: the status as written
                assert f"({effect['destination']}): {effect['after']}\n" in description
            else:
                assert f"({effect['destination']}): {effect['before']} → {effect['after']}" in description


def question(event: dict[str, str]) -> str:
    """An open question's UID names its date too: a question about another day is another event."""
    return "." + event["date"].replace("-", "") if event["kind"] == "open-question" else ""


def test_lapsing_suspensions_are_the_key_events(here):
    run = here("upcoming", "--from", "2026-06-01", "--within", "1y", "-f", "ics", env=TODAY)
    assert run.code == 0
    lapses = {str(e["UID"]): e for e in events_of(run.stdout)}
    no70 = lapses["mofcom-gac-2025-70.suspension-lapses.all@mineralctl"]
    assert no70["DTSTART"].dt == dt.date(2026, 11, 11)  # last day suspended 2026-11-10
    assert str(no70["STATUS"]) == "TENTATIVE"
    assert str(no70["SUMMARY"]).startswith(
        "Suspension by MOFCOM/GAC Announcement No. 70 of 2025 lapses → license-required"
    )
    description = str(no70["DESCRIPTION"])
    # upcoming always names the end-user lists, so the earliest as_of of the two files is the one.
    assert f"PROJECTED: after 2026-09-30, the earliest checked-through date of the files in use (rulebook " \
        f"measures.yaml (packaged) data-2, checked to {AS_OF}; entity lists entities.yaml (packaged) entities-1, " \
        "checked to 2026-09-30), this follows the rules as written" in description  # fmt: skip
    assert "- Europium (all destinations): not-controlled → license-required" in description
    assert "2027-01-10" in description  # the reported extension, an open question
    assert "https://www.mofcom.gov.cn/" in description
    assert str(no70["URL"]).startswith("https://www.mofcom.gov.cn/")
    # The end users of No. 21 of 2025 (control list): their suspension lapses after 2026-11-09.
    listing = lapses["mofcom-2025-11-05-suspension.listing-suspension-lapses.all@mineralctl"]
    assert listing["DTSTART"].dt == dt.date(2026, 11, 10)
    assert str(listing["SUMMARY"]) == (
        "Suspension by MOFCOM spokesperson's statement of 5 November 2025 lapses: end-user listings apply again "
        "(projected)"
    )
    assert str(listing["STATUS"]) == "TENTATIVE"
    no72 = lapses["mofcom-2025-72.suspension-lapses.all@mineralctl"]
    assert no72["DTSTART"].dt == dt.date(2026, 11, 28)
    assert "- Gallium (US): license-required → prohibited" in str(no72["DESCRIPTION"])


@pytest.mark.parametrize(("start", "present"), [("2026-11-11", True), ("2026-11-12", False)])
def test_window_edges(here, start, present):
    run = here("upcoming", "--from", start, "--within", "10d", "-f", "ics", env=TODAY)
    assert run.code == 0
    uids = [str(e["UID"]) for e in events_of(run.stdout)]
    assert ("mofcom-gac-2025-70.suspension-lapses.all@mineralctl" in uids) is present


def test_confirmed_changes_before_as_of(here):
    run = here("upcoming", "--from", "2025-11-01", "--within", "30d", "-f", "ics", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    events = {str(e["UID"]): e for e in events_of(run.stdout)}
    starts = events["mofcom-2025-72.suspension-starts.all@mineralctl"]
    assert starts["DTSTART"].dt == dt.date(2025, 11, 9)
    assert str(starts["STATUS"]) == "CONFIRMED"
    assert "- Gallium (US): prohibited → license-required" in str(starts["DESCRIPTION"])


def test_no_events_is_still_a_calendar(here):
    run = here("upcoming", "--from", "2024-01-02", "--within", "7d", "-f", "ics", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    assert events_of(run.stdout) == []


def test_uids_survive_a_new_rulebook_version(here, tmp_path: Path):
    """An extension moves the lapse; a subscribed calendar moves the event (same UID)."""
    text = (REPO / "data" / "measures.yaml").read_text(encoding="utf-8")
    extended = text.replace(f'version: "{BOOK.version}"', 'version: "next"').replace(
        'until: "2026-11-10"', 'until: "2027-01-10"'
    )
    assert extended.count('until: "2027-01-10"') == 1 and 'version: "next"' in extended
    path = tmp_path / "extended.yaml"
    path.write_text(extended, encoding="utf-8")
    args = ("upcoming", "--from", "2026-06-01", "--within", "1y", "-f", "ics")
    before = {str(e["UID"]): e["DTSTART"].dt for e in events_of(here(*args, env=TODAY).stdout)}
    after = {str(e["UID"]): e["DTSTART"].dt for e in events_of(here(*args, "--rulebook", str(path)).stdout)}
    assert before.keys() == after.keys()
    uid = "mofcom-gac-2025-70.suspension-lapses.all@mineralctl"
    assert (before[uid], after[uid]) == (dt.date(2026, 11, 11), dt.date(2027, 1, 11))
    assert {k: v for k, v in before.items() if k != uid} == {k: v for k, v in after.items() if k != uid}
    # Same rulebook, same file: a regenerated calendar changes only where the rules do.
    assert here(*args, env=TODAY).stdout == here(*args, env={"MINERALCTL_TODAY": "2026-01-01"}).stdout


def test_timeline_ics_matches_the_json_periods(here):
    args = ("timeline", "gallium", "--dest", "US")
    run = here(*args, "-f", "ics")
    assert (run.code, run.stderr) == (0, "")
    periods = here(*args, "-f", "json").json()["timelines"][0]["periods"]
    *events, open_question = events_of(run.stdout)
    assert str(open_question["UID"]) == "gallium.US.civil.mofcom-2025-72.open-question.20270110@mineralctl"
    # A period that starts only because the day is past as_of, or because the List joined
    # No. 23 of 2023 with the same status, is no change of status, and no event.
    changes = [(a, b) for a, b in zip(periods, periods[1:], strict=False) if a["status"] != b["status"]]
    assert [p["from"] for p in periods if p["change"].startswith("status unchanged")] == ["2024-12-01", "2026-10-09"]
    assert [e["DTSTART"].dt.isoformat() for e in events] == [p["from"] for _, p in changes]
    for event, (before, after) in zip(events, changes, strict=True):
        assert f"Gallium (US): {before['status']} → {after['status']}" in str(event["SUMMARY"])
        assert str(event["STATUS"]) == ("TENTATIVE" if after["projected"] else "CONFIRMED")
    assert [str(e["UID"]) for e in events] == [
        "gallium.US.civil.mofcom-gac-2023-23.starts@mineralctl",
        "gallium.US.civil.mofcom-2024-46-p2-deny.starts@mineralctl",
        "gallium.US.civil.mofcom-2025-72.starts@mineralctl",
        "gallium.US.civil.mofcom-2025-72.ends@mineralctl",
    ]
    assert "suspension by MOFCOM Announcement No. 72 of 2025 lapses" in str(events[-1]["SUMMARY"])


def test_timeline_ics_range_start_is_not_a_change(here):
    run = here("timeline", "gallium", "--dest", "US", "--from", "2024-12-03", "-f", "ics")
    assert run.code == 0
    changes = [e for e in events_of(run.stdout) if "open-question" not in str(e["UID"])]
    assert [e["DTSTART"].dt.isoformat() for e in changes] == ["2025-11-09", "2026-11-28"]


def test_rulebook_text_is_escaped_never_raw(here):
    run = here("upcoming", "--from", "2024-01-01", "--within", "3y", "-f", "ics", "--rulebook", HOSTILE)
    assert run.code == 0
    for control in ("\x1b", "\x07", "\x01"):
        assert control not in run.stdout
    # The packaged end-user lists add their own events; this test is about the rulebook's.
    events = {str(e["UID"]): e for e in events_of(run.stdout) if ".listing-" not in str(e["UID"])}
    assert set(events) == {
        "licence.enters-into-force.all@mineralctl",
        "ban.enters-into-force.all@mineralctl",
        "pause.suspension-starts.all@mineralctl",
        "pause.suspension-lapses.all@mineralctl",
        "pause.open-question.20251231.all@mineralctl",
    }
    assert str(events["pause.open-question.20251231.all@mineralctl"]["SUMMARY"]) == (
        'Open question on Pause, No. 3; of 2024: Extended? <maybe> & "perhaps"; see, \\x1b[1mbold\\x1b[0m'
    )
    licence = events["licence.enters-into-force.all@mineralctl"]
    alpha = "Alpha <b>&amp;</b> \"quoted\" 'single'; a, b \\ back\\x1b[31mRED\\x07"
    assert str(licence["SUMMARY"]) == (
        "Announcement <script>alert(1)</script>; No. 1, of 2024 \\n not a newline, para 1 and\\x01 more "
        f"enters into force → license-required for {alpha}, Beta (all destinations)"
    )
    description = str(licence["DESCRIPTION"])
    assert "Line one. Line two; with, separators\\x1b]8;;https://evil.example\\x1b\\ and a link" in description
    assert 'Source <one> & "two" \\u202egnp.exe: https://example.org/a?b=1&c=2' in description
    lapse = events["pause.suspension-lapses.all@mineralctl"]
    assert str(lapse["SUMMARY"]) == (
        f"Suspension by Pause, No. 3; of 2024 lapses → license-required for {alpha}, Beta (all destinations, "
        "other destinations) (projected)"
    )
    # Alpha is already prohibited for the US, so its change reaches other destinations only.
    description = str(lapse["DESCRIPTION"])
    assert "- Beta (all destinations): not-controlled → license-required" in description
    assert "(US): unchanged, prohibited" in description


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_survives_escape_and_fold(text: str):
    line = "SUMMARY:" + ics.escape(text)
    folded = ics.fold(line)
    physical = folded.encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{folded}\r\nEND:VEVENT\r\n")
    assert str(event["SUMMARY"]) == visible(text.replace("\r\n", "\n")).replace("\t", " ")


@pytest.mark.parametrize(("line", "parts"), [("x" * 75, 1), ("x" * 76, 2), ("é" * 37 + "x", 1), ("镓" * 30, 2)])
def test_fold_counts_octets_not_characters(line: str, parts: int):
    folded = ics.fold(line).split("\r\n ")
    assert len(folded) == parts and "".join(folded) == line


def test_dated_open_questions_are_tentative_events(here):
    args = ("upcoming", "--from", "2027-01-10", "--within", "1d", "--dest", "US")
    expected = here(*args, "-f", "json", env=TODAY).json()["events"]
    assert [(x["date"], x["kind"], x["entry"]) for x in expected] == [
        ("2027-01-10", "open-question", "mofcom-2025-72"),
        ("2027-01-10", "open-question", "mofcom-gac-2025-70"),
    ]
    run = here(*args, "-f", "ics", env=TODAY)
    assert run.code == 0
    events = {str(e["UID"]): e for e in events_of(run.stdout)}
    assert sorted(events) == [
        "mofcom-2025-72.open-question.20270110.US@mineralctl",
        "mofcom-gac-2025-70.open-question.20270110.US@mineralctl",
    ]
    no70 = events["mofcom-gac-2025-70.open-question.20270110.US@mineralctl"]
    assert str(no70["STATUS"]) == "TENTATIVE"
    assert no70["DTSTART"].dt == dt.date(2027, 1, 10)
    assert str(no70["SUMMARY"]).startswith("Open question on MOFCOM/GAC Announcement No. 70 of 2025: ")
    description = str(no70["DESCRIPTION"])
    assert "apply from 2027-01-11 instead of 2026-11-11" in description
    assert "- Europium (US): license-required" in description  # as written; the question may change it
    # The day before and after: no open question.
    for start in ("2027-01-09", "2027-01-11"):
        run = here("upcoming", "--from", start, "--within", "0d", "-f", "ics", env=TODAY)
        assert run.code == 0 and events_of(run.stdout) == []


def test_timeline_ics_carries_the_open_questions_of_its_measures(here):
    run = here("timeline", "europium", "-f", "ics")
    assert run.code == 0
    uids = [str(e["UID"]) for e in events_of(run.stdout)]
    assert "europium.all.civil.mofcom-gac-2025-70.open-question.20270110@mineralctl" in uids
    run = here("timeline", "europium", "--to", "2027-01-09", "-f", "ics")
    assert not [u for u in (str(e["UID"]) for e in events_of(run.stdout)) if "open-question" in u]
    run = here("timeline", "lanthanum", "-f", "ics")  # no measure, no question
    assert (run.code, events_of(run.stdout)) == (0, [])


def test_show_lists_the_open_questions(here):
    run = here("show", "mofcom-gac-2025-70", "-f", "json")
    assert run.code == 0
    (suspension,) = run.json()["suspensions"]
    assert [q["date"] for q in suspension["open_questions"]] == ["2027-01-10"]


def test_every_uid_is_unique_even_for_two_questions_on_one_day(here, tmp_path: Path):
    text = (FIXTURES / "hostile-text.yaml").read_text(encoding="utf-8")
    twice = text.replace(
        '    open_questions:\n      - date: "2025-12-31"\n',
        '    open_questions:\n      - date: "2025-12-31"\n        text: first\n      - date: "2025-12-31"\n',
    )
    assert twice != text
    path = tmp_path / "twice.yaml"
    path.write_text(twice, encoding="utf-8")
    run = here("upcoming", "--from", "2025-12-31", "--within", "0d", "-f", "ics", "--rulebook", str(path))
    assert run.code == 0
    uids = [str(e["UID"]) for e in events_of(run.stdout) if "listing" not in str(e["UID"])]
    assert uids == ["pause.open-question.20251231.all@mineralctl", "pause.open-question.20251231.all-2@mineralctl"]


# --------------------------------------------------------------------------- end-user calendars

HIGH_POINT = "High Point Aerotechnologies"


def _uids(*args: str, material: str = "gallium") -> list[tuple[dt.date, str]]:
    run = mineralctl("timeline", material, "--dest", "US", *args, "-f", "ics", env=TODAY)
    assert run.code == 0, run.stderr
    return [(e["DTSTART"].dt, str(e["UID"])) for e in events_of(run.stdout)]


def test_an_end_user_calendar_names_the_listing_change_by_its_suspension_and_the_end_user_by_its_entity():
    scope = "gallium.US.civil.end-user.high-point-aerotechnologies"
    run = mineralctl("timeline", "gallium", "--dest", "US", "--end-user", HIGH_POINT, "-f", "ics", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    calendar = icalendar.Calendar.from_ical(run.stdout.encode("utf-8"))
    assert str(calendar["X-WR-CALNAME"]) == f"mineralctl: gallium (US\\, civil end use\\, end user {HIGH_POINT})"
    assert [(e["DTSTART"].dt, str(e["UID"])) for e in events_of(run.stdout)] == [
        (dt.date(2023, 8, 1), f"{scope}.mofcom-gac-2023-23.starts@mineralctl"),
        (dt.date(2024, 12, 3), f"{scope}.mofcom-2024-46-p2-deny.starts@mineralctl"),
        (dt.date(2025, 11, 9), f"{scope}.mofcom-2025-72.starts@mineralctl"),
        # The listing applies again when the suspension of 5 November 2025 lapses: named by that
        # suspension, not by the date (it was gallium.US.civil.2026-11-10@mineralctl).
        (dt.date(2026, 11, 10), f"{scope}.mofcom-2025-11-05-suspension.ends@mineralctl"),
        (dt.date(2027, 1, 10), f"{scope}.mofcom-2025-72.open-question.20270110@mineralctl"),
    ]
    # Another spelling of the same listed entity is the same end user: the same UIDs.
    assert _uids("--end-user", "HIGH POINT AEROTECHNOLOGIES, INC.") == _uids("--end-user", HIGH_POINT)


def test_calendars_for_two_end_users_and_for_none_share_no_uid():
    high_point = {uid for _, uid in _uids("--end-user", HIGH_POINT)}
    mp = _uids("--end-user", "MP Materials")
    none = {uid for _, uid in _uids()}
    listed = "gallium.US.civil.end-user.mp-materials.mofcom-2026-23-control.starts@mineralctl"
    assert (dt.date(2026, 6, 22), listed) in mp
    assert high_point.isdisjoint(uid for _, uid in mp) and high_point.isdisjoint(none)
    assert none.isdisjoint(uid for _, uid in mp)
    # A name no listed entity matches gets a key of its own, the same for every spelling of it.
    nobody = _uids("--end-user", "Nobody Widgets Ltd")
    assert nobody == _uids("--end-user", "nobody widgets, ltd.")
    assert {uid for _, uid in nobody}.isdisjoint(none)
    assert all(uid.startswith("gallium.US.civil.end-user.name-") for _, uid in nobody)
    assert nobody != _uids("--end-user", "Somebody Widgets Ltd")
    # Without an end user the UIDs are as before.
    assert (dt.date(2026, 11, 28), "gallium.US.civil.mofcom-2025-72.ends@mineralctl") in _uids()


def test_an_extended_listing_suspension_moves_the_event_and_keeps_its_uid(tmp_path):
    lists = (REPO / "data" / "entities.yaml").read_text(encoding="utf-8")
    window = '    from: "2025-11-10"\n    until: "2026-11-09"\n    targets: [mofcom-2025-21-control]\n'
    assert lists.count(window) == 1
    extended = tmp_path / "entities.yaml"
    extended.write_text(lists.replace(window, window.replace("2026-11-09", "2027-11-09")), encoding="utf-8")
    # Tungsten to the US is license-required but for the listing: its lapse makes the change.
    uid = "tungsten.US.civil.end-user.high-point-aerotechnologies.mofcom-2025-11-05-suspension.ends@mineralctl"
    assert (dt.date(2026, 11, 10), uid) in _uids("--end-user", HIGH_POINT, material="tungsten")
    moved = _uids("--end-user", HIGH_POINT, "--entities", str(extended), material="tungsten")
    assert (dt.date(2027, 11, 10), uid) in moved
    assert [u for _, u in moved].count(uid) == 1
    assert not any(day == dt.date(2026, 11, 10) for day, _ in moved)
