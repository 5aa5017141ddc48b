"""Dates and durations typed by a user: what is read, and the one line a refusal gives."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from conftest import in_process, mineralctl

from mineralctl import dates
from mineralctl.dates import add_duration, parse_date, parse_duration
from mineralctl.errors import EXIT_USAGE, UsageError


def refusal(text: str) -> str:
    """The one line ``parse_date`` refuses ``text`` with, as a usage error (exit 2)."""
    with pytest.raises(UsageError) as caught:
        parse_date(text)
    assert caught.value.exit_code == EXIT_USAGE
    return str(caught.value)


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("MINERALCTL_TODAY", "2025-03-01")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-09", "2025-11-09"),
        ("  2025-11-09 ", "2025-11-09"),
        ("2024-02-29", "2024-02-29"),
        ("2025/11/09", "2025-11-09"),
        ("20251109", "2025-11-09"),
        ("5 Nov 2025", "2025-11-05"),
        ("November 5, 2025", "2025-11-05"),
        ("5 november 2025", "2025-11-05"),
        ("Sept 30, 2025", "2025-09-30"),
        ("2025年11月9日", "2025-11-09"),
        ("2025 年 11 月 9 日", "2025-11-09"),
        ("9-Nov-2025", "2025-11-09"),
        ("Nov. 9, 2025", "2025-11-09"),
        ("2025 Nov 9", "2025-11-09"),
        ("9th of November 2025", "2025-11-09"),
        ("November 1st, 2025", "2025-11-01"),
        ("November 22nd, 2025", "2025-11-22"),
        ("November 11th, 2025", "2025-11-11"),
        # A weekday that is the date's own is read; the wrong one is refused (below).
        ("Sun, 9 Nov 2025", "2025-11-09"),
        ("Sunday 9 November 2025", "2025-11-09"),
        ("Sat, 8 Nov 2025", "2025-11-08"),
        ("Thurs 6 Nov 2025", "2025-11-06"),
    ],
)
def test_dates_that_are_read(text, expected):
    assert parse_date(text) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("today", "2025-03-01"), ("TODAY", "2025-03-01"), ("yesterday", "2025-02-28"), ("tomorrow", "2025-03-02")],
)
def test_today_is_pinned_by_the_environment(pinned, text, expected):
    assert parse_date(text) == dt.date.fromisoformat(expected)
    assert dates.today() == dt.date(2025, 3, 1)


def test_today_is_the_date_in_china_by_default(monkeypatch):
    monkeypatch.delenv("MINERALCTL_TODAY", raising=False)
    beijing = dt.timezone(dt.timedelta(hours=8))
    before = dt.datetime.now(beijing).date()
    found = parse_date("today")
    assert before <= found <= dt.datetime.now(beijing).date()


def test_a_bad_pinned_today_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("MINERALCTL_TODAY", "1 March 2025")
    with pytest.raises(UsageError, match="MINERALCTL_TODAY: '1 March 2025' is not a date in YYYY-MM-DD form"):
        dates.today()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01/02/2026", "--date: '01/02/2026' is ambiguous (2026-01-02 or 2026-02-01); use YYYY-MM-DD"),
        ("05.11.2025", "--date: '05.11.2025' is ambiguous (2025-05-11 or 2025-11-05); use YYYY-MM-DD"),
        ("13/02/2026", "--date: numeric dates like '13/02/2026' are not accepted; use YYYY-MM-DD, e.g. 2026-02-13"),
        ("01/02/26", "--date: '01/02/26' has a two-digit year; use YYYY-MM-DD"),
        ("2026-13-45", "--date: '2026-13-45' is not a real date (month must be in 1..12)"),
        ("2025-02-30", "--date: '2025-02-30' is not a real date (day is out of range for month)"),
        ("2025-02-29", "--date: '2025-02-29' is not a real date (day is out of range for month)"),
        ("2025年2月30日", "--date: '2025年2月30日' is not a real date (day is out of range for month)"),
        ("Nov 2025", "--date: 'Nov 2025' is not a whole date (day, month and year); use YYYY-MM-DD"),
        ("5 Nov", "--date: '5 Nov' has no four-digit year; use YYYY-MM-DD"),
        ("5 Nov 25", "--date: '5 Nov 25' has no four-digit year; use YYYY-MM-DD"),
        ("31 Feb 2025", "--date: '31 Feb 2025' is not a real date (day is out of range for month)"),
        ("soon", "--date: cannot read 'soon' as a date; use YYYY-MM-DD, e.g. 2025-11-09"),
        ("", "--date: cannot read '' as a date; use YYYY-MM-DD, e.g. 2025-11-09"),
    ],
)
def test_dates_that_are_refused(text, message):
    assert refusal(text) == message


CHINA_DAY = "times and time zones are not read: give the day in China as a date only, such as 2025-11-09"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        # 23:00 at UTC-8 is 15:00 on 9 November in China: never answer for the 8th.
        ("8 November 2025 11pm -0800", "a time of day ('11pm')"),
        ("8 November 2025 -0800", "a time zone ('-0800')"),
        ("5 November 2025 3pm", "a time of day ('3pm')"),
        ("5 Nov 2025 10pm EST", "a time of day ('10pm')"),
        ("November 8, 2025 23:30 PST", "a time of day ('23:30')"),
        ("November 8, 2025 PST", "a time zone ('PST')"),
        ("9 Nov 2025 UTC+8", "a time zone ('UTC+8')"),
        ("9 Nov 2025 Asia/Shanghai", "a time zone ('Asia/Shanghai')"),
        ("9 Nov 2025 11 pm", "a time of day ('pm')"),
        ("9 Nov 2025 8 a.m.", "a time of day ('a.m.')"),
        ("9 Nov 2025 noon", "a time of day ('noon')"),
        # Midnight is still a time: the day in China may be another.
        ("9 Nov 2025 00:00", "a time of day ('00:00')"),
        ("2025-11-09 00:00", "a time of day ('00:00')"),
        ("2025-11-08 23:00", "a time of day ('23:00')"),
        ("2025-11-05T10:00", "a time of day ('10:00')"),
        ("2025-11-09+08:00", "a time zone ('+08:00')"),
        ("2025-11-09Z", "a time zone ('Z')"),
        ("2025年11月9日 10:00", "a time of day ('10:00')"),
        ("today 3pm", "a time of day ('3pm')"),
    ],
)
def test_a_time_or_zone_is_refused_never_dropped(text, what):
    assert refusal(text) == f"--date: {text!r} has {what}; {CHINA_DAY}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Sat, 9 Nov 2025",
            "--date: 'Sat, 9 Nov 2025' names the wrong weekday: 2025-11-09 is a Sunday, not a Saturday; "
            "give a date only, such as 2025-11-09",
        ),
        (
            "Mon 9 November 2025",
            "--date: 'Mon 9 November 2025' names the wrong weekday: 2025-11-09 is a Sunday, not a Monday; "
            "give a date only, such as 2025-11-09",
        ),
        (
            "Nov 5 2025 2026",
            "--date: cannot read '2026' in 'Nov 5 2025 2026' as part of a date; give a date only, such as 2025-11-09",
        ),
        (
            "November 9 2025 10",
            "--date: cannot read '10' in 'November 9 2025 10' as part of a date; give a date only, such as 2025-11-09",
        ),
        (
            "Nov Dec 9 2025",
            "--date: cannot read 'Dec' in 'Nov Dec 9 2025' as part of a date; give a date only, such as 2025-11-09",
        ),
        (
            "9 Nov 2025 in China",
            "--date: cannot read 'in' in '9 Nov 2025 in China' as part of a date; give a date only, such as 2025-11-09",
        ),
        (
            "9st Nov 2025",
            "--date: cannot read '9st' in '9st Nov 2025' as part of a date; give a date only, such as 2025-11-09",
        ),
        (
            "Sun Mon 9 Nov 2025",
            "--date: cannot read 'Mon' in 'Sun Mon 9 Nov 2025' as part of a date; give a date only, such as 2025-11-09",
        ),
    ],
)
def test_a_wrong_weekday_or_a_word_not_of_the_date_is_refused(text, message):
    assert refusal(text) == message


def test_the_refusal_names_the_option():
    with pytest.raises(UsageError, match=r"^--from: '01/02/2026' is ambiguous"):
        parse_date("01/02/2026", option="--from")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("90d", "2025-01-31", "2025-05-01"),
        ("12w", "2025-01-31", "2025-04-25"),
        ("6m", "2025-01-31", "2025-07-31"),
        ("1m", "2025-01-31", "2025-02-28"),  # calendar months: clipped to the month's end
        ("1m", "2024-01-31", "2024-02-29"),
        ("1y", "2024-02-29", "2025-02-28"),
        ("1y6m", "2025-01-15", "2026-07-15"),
        (" 90D ", "2025-01-01", "2025-04-01"),
        ("0d", "2025-01-01", "2025-01-01"),
    ],
)
def test_durations(text, start, end):
    duration = parse_duration(text, option="--within")
    assert add_duration(dt.date.fromisoformat(start), duration) == dt.date.fromisoformat(end)


def test_days_and_weeks_are_timedeltas_months_are_calendar_months():
    assert parse_duration("90d", option="--within") == dt.timedelta(days=90)
    assert parse_duration("2w", option="--within") == dt.timedelta(days=14)
    assert parse_duration("6m", option="--within") == (6, 0)
    assert parse_duration("1y", option="--within") == (12, 0)


@pytest.mark.parametrize("text", ["90", "d", "-5d", "1.5y", "6mo", "soon", "", "90d extra", "y1"])
def test_durations_that_are_refused(text):
    with pytest.raises(UsageError) as caught:
        parse_duration(text, option="--max-age")
    assert str(caught.value) == (f"--max-age: cannot read {text.strip()!r} as a duration; use e.g. 90d, 12w, 6m or 1y")


# --------------------------------------------------------------------------- through the CLI


@pytest.mark.parametrize(
    ("date", "code", "stdout", "stderr"),
    [
        # Both sides of the day No. 72 of 2025 changed gallium for the US, written out.
        ("8 November 2025", 0, "prohibited\n", ""),
        ("Sat, 8 Nov 2025", 0, "prohibited\n", ""),
        ("9 November 2025", 0, "license-required\n", ""),
        ("Sun, 9 Nov 2025", 0, "license-required\n", ""),
        (
            "8 November 2025 11pm -0800",
            2,
            "",
            f"mineralctl: error: --date: '8 November 2025 11pm -0800' has a time of day ('11pm'); {CHINA_DAY}\n",
        ),
        (
            "Sat, 9 Nov 2025",
            2,
            "",
            "mineralctl: error: --date: 'Sat, 9 Nov 2025' names the wrong weekday: 2025-11-09 is a Sunday, "
            "not a Saturday; give a date only, such as 2025-11-09\n",
        ),
        # A Python warning (dateutil's UnknownTimezoneWarning) never reaches stderr: one line only.
        (
            "November 8, 2025 PST",
            2,
            "",
            f"mineralctl: error: --date: 'November 8, 2025 PST' has a time zone ('PST'); {CHINA_DAY}\n",
        ),
        (
            "Nov 5 2025 2026",
            2,
            "",
            "mineralctl: error: --date: cannot read '2026' in 'Nov 5 2025 2026' as part of a date; "
            "give a date only, such as 2025-11-09\n",
        ),
    ],
)
def test_status_answers_a_written_date_or_refuses_it(date, code, stdout, stderr):
    run = mineralctl("status", "gallium", "--dest", "US", "--date", date, "-q")
    assert (run.code, run.stdout, run.stderr) == (code, stdout, stderr)


def test_from_and_to_refuse_a_time_by_their_own_name():
    run = in_process("diff", "--from", "2025-11-08 23:00", "--to", "2025-11-10", "--dest", "US")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"mineralctl: error: --from: '2025-11-08 23:00' has a time of day ('23:00'); {CHINA_DAY}\n"
    run = in_process("diff", "--from", "2025-11-08", "--to", "Mon, 10 Nov 2025 00:00", "--dest", "US")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"mineralctl: error: --to: 'Mon, 10 Nov 2025 00:00' has a time of day ('00:00'); {CHINA_DAY}\n"
    )


def test_screen_makes_a_row_with_a_time_zone_or_wrong_weekday_unresolved(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(
        "material,destination,date,end_use\n"
        'gallium,US,"Sun, 9 Nov 2025",civil\n'
        'gallium,US,"Mon, 9 Nov 2025",civil\n'
        "gallium,US,5 November 2025 23:59 PST,civil\n"
        "gallium,US,Nov 8 2025 2026,civil\n"
        "gallium,US,Nov 8 2025,civil\n"
        'gallium,US,"Mon, 9 Nov 2025",civil\n'
    )
    run = in_process("screen", str(data), "-f", "csv")
    assert run.code == 4
    found = [(row["screened_date"], row["status"], row["error"]) for row in csv.DictReader(io.StringIO(run.stdout))]
    wrong_weekday = (
        "date: 'Mon, 9 Nov 2025' names the wrong weekday: 2025-11-09 is a Sunday, not a Monday; "
        "give a date only, such as 2025-11-09"
    )
    assert found == [
        ("2025-11-09", "license-required", ""),
        ("", "", f"line 3: {wrong_weekday}"),
        ("", "", f"line 4: date: '5 November 2025 23:59 PST' has a time of day ('23:59'); {CHINA_DAY}"),
        (
            "",
            "",
            "line 5: date: cannot read '2026' in 'Nov 8 2025 2026' as part of a date; "
            "give a date only, such as 2025-11-09",
        ),
        ("2025-11-08", "prohibited", ""),
        ("", "", f"line 7: {wrong_weekday}"),  # the same cell again: the same reason
    ]
    summary, answered_by, verdict = run.stderr.splitlines()  # and no warning among them
    assert summary == (
        f"mineralctl: {data}: screened 6 rows: 1 prohibited, 0 enhanced-review, 1 license-required, "
        "0 not-controlled; 4 unresolved"
    )
    assert answered_by.startswith("mineralctl: answered by rulebook ")
    assert verdict == "mineralctl: screen failed (exit 4): 4 rows unresolved (see the error column)"
    run = in_process("screen", str(data), "-f", "csv", "--allow-unresolved")
    assert run.code == 0
    assert run.stderr.splitlines()[-1] == (
        "mineralctl: screen passed: 4 rows unresolved, allowed by --allow-unresolved; no --fail-on gate"
    )


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("9 Nov 2025x", "2025x"),
        ("9 Nov 2025!", "2025!"),
        ("9Nov2025", "9Nov2025"),
        ("9 Nov 2025\x1b[2J", "2025\\x1b[2J"),
        ("9 Nov 2025 -", "-"),
        ("9 Nov 2025 --", "--"),
    ],
)
def test_a_year_with_stray_text_is_refused_by_the_stray_text(text, token):
    # The year is there: the message names the word it cannot read, never "has no four-digit year".
    run = in_process("status", "gallium", "--date", text)
    shown = repr(text.strip())
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"mineralctl: error: --date: cannot read '{token}' in {shown} as part of a date; "
        "give a date only, such as 2025-11-09\n"
    )


@pytest.mark.parametrize("text", ["9 Nov 2025", "9 Nov. 2025", "Sun, 9 Nov 2025", "9-Nov-2025", "November 9, 2025"])
def test_a_written_date_without_stray_text_is_read(text):
    run = in_process("status", "gallium", "--date", text, "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[1].split(",")[2] == "2025-11-09"


def test_a_date_without_a_year_still_says_so():
    run = in_process("status", "gallium", "--date", "9 Nov")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "mineralctl: error: --date: '9 Nov' has no four-digit year; use YYYY-MM-DD\n"
