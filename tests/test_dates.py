"""Dates and durations typed by a user: what is read, and the one line a refusal gives."""

from __future__ import annotations

import datetime as dt

import pytest

from mineralctl import dates
from mineralctl.dates import add_duration, parse_date, parse_duration
from mineralctl.errors import EXIT_USAGE, UsageError


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
        ("soon", "--date: cannot read 'soon' as a date; use YYYY-MM-DD, e.g. 2025-11-09"),
        ("", "--date: cannot read '' as a date; use YYYY-MM-DD, e.g. 2025-11-09"),
    ],
)
def test_dates_that_are_refused(text, message):
    with pytest.raises(UsageError) as caught:
        parse_date(text)
    assert str(caught.value) == message
    assert caught.value.exit_code == EXIT_USAGE


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
