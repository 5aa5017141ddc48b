"""Dates and durations typed by a user, each refused with one clear line when unclear.

Accepted dates: ISO ``2025-11-09`` (also ``2025/11/09``, ``20251109``), ``today``,
``yesterday``, ``tomorrow`` (China Standard Time), ``2025年11月9日``, and written dates with a
month name and a four-digit year (``9 Nov 2025``, ``November 9, 2025``). A numeric date
such as ``01/02/2026`` could be read two ways and is refused with the ISO forms to use.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from mineralctl.errors import UsageError

CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
# The dates mineralctl answers for, typed or in a rulebook: far wider than any instrument's, and
# narrow enough that a date plus the longest duration (MAX_YEARS) stays a date Python can hold.
FIRST = dt.date(1900, 1, 1)
LAST = dt.date(2999, 12, 31)
MAX_YEARS = 1000

# Patterns as text: ``re`` compiles (and caches) each one the first time it is used, so an ISO
# date never pays for the others.
_ISO = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_COMPACT = r"(\d{4})(\d{2})(\d{2})"
_CHINESE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"
_NUMERIC = r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})"
_DURATION = r"(?i)(\d+)\s*(d|w|m|y)"
_MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def today() -> dt.date:
    """Today in China Standard Time (UTC+8, no daylight saving): the Beijing date on which
    the instruments are dated. ``MINERALCTL_TODAY=YYYY-MM-DD`` pins it (for reproducible runs
    and tests)."""
    pinned = os.environ.get("MINERALCTL_TODAY")
    if pinned:
        try:
            day = dt.date.fromisoformat(pinned)
        except ValueError:
            raise UsageError(f"MINERALCTL_TODAY: {pinned!r} is not a date in YYYY-MM-DD form") from None
        return in_range(day, pinned, "MINERALCTL_TODAY")
    return dt.datetime.now(CHINA_STANDARD_TIME).date()


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def parse_date(text: str, *, option: str = "--date") -> dt.date:
    """Parse a user's date, or raise :class:`UsageError` saying what to type instead."""
    return in_range(_parse_date(text, option), text.strip(), option)


def in_range(day: dt.date, raw: str, option: str) -> dt.date:
    """``day``, or :class:`UsageError` when it is outside :data:`FIRST` to :data:`LAST`."""
    if not FIRST <= day <= LAST:
        raise UsageError(
            f"{option}: {raw!r} is outside the dates mineralctl answers for ({FIRST.isoformat()} to {LAST.isoformat()})"
        )
    return day


def _parse_date(text: str, option: str) -> dt.date:
    raw = text.strip()
    lowered = raw.lower()
    if lowered in ("today", "now"):
        return today()
    if lowered == "yesterday":
        return today() - dt.timedelta(days=1)
    if lowered == "tomorrow":
        return today() + dt.timedelta(days=1)
    for pattern in (_ISO, _COMPACT, _CHINESE):
        match = re.fullmatch(pattern, raw)
        if match:
            return _ymd(raw, option, *match.groups())
    numeric = re.fullmatch(_NUMERIC, raw)
    if numeric:
        raise UsageError(_numeric_message(raw, option, *numeric.groups()))
    if any(word in _MONTHS for word in re.findall(r"[a-z]+", lowered)):
        return _written(raw, option)
    # A blank value is shown as given (' '), never as the empty string it strips to.
    raise UsageError(f"{option}: cannot read {raw or text!r} as a date; use YYYY-MM-DD, e.g. 2025-11-09")


def _ymd(raw: str, option: str, year: str, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as error:
        raise UsageError(f"{option}: {raw!r} is not a real date ({error})") from None


def _numeric_message(raw: str, option: str, first: str, second: str, year: str) -> str:
    if len(year) != 4:
        return f"{option}: {raw!r} has a two-digit year; use YYYY-MM-DD"
    readings = []
    for month, day in ((first, second), (second, first)):
        try:
            readings.append(dt.date(int(year), int(month), int(day)).isoformat())
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if len(readings) == 2:
        return f"{option}: {raw!r} is ambiguous ({readings[0]} or {readings[1]}); use YYYY-MM-DD"
    if readings:
        return f"{option}: numeric dates like {raw!r} are not accepted; use YYYY-MM-DD, e.g. {readings[0]}"
    return f"{option}: {raw!r} is not a real date; use YYYY-MM-DD"


def _written(raw: str, option: str) -> dt.date:
    from dateutil import parser  # only for written dates: keeps start-up fast

    if not re.search(r"\b\d{4}\b", raw):
        raise UsageError(f"{option}: {raw!r} has no four-digit year; use YYYY-MM-DD")
    try:
        # Two different defaults reveal a missing day: both must give the same date.
        first = parser.parse(raw, default=dt.datetime(2000, 1, 1))
        second = parser.parse(raw, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        raise UsageError(f"{option}: cannot read {raw!r} as a date; use YYYY-MM-DD, e.g. 2025-11-09") from None
    if first.date() != second.date():
        raise UsageError(f"{option}: {raw!r} is not a whole date (day, month and year); use YYYY-MM-DD")
    return first.date()


def parse_duration(text: str, *, option: str) -> dt.timedelta | tuple[int, int]:
    """Parse ``90d``, ``12w``, ``6m``, ``1y`` (or ``1y6m``). Days and weeks give a timedelta;
    months and years give ``(months, days)`` added by calendar with :func:`add_duration`."""
    raw = text.strip()
    parts = re.findall(_DURATION, raw.replace(" ", ""))
    if not parts or "".join(n + u for n, u in parts).lower() != raw.replace(" ", "").lower():
        raise UsageError(f"{option}: cannot read {raw!r} as a duration; use e.g. 90d, 12w, 6m or 1y")
    months = days = 0
    for number, unit in parts:
        value = int(number)
        unit = unit.lower()
        if unit == "d":
            days += value
        elif unit == "w":
            days += 7 * value
        elif unit == "m":
            months += value
        else:
            months += 12 * value
    if months > 12 * MAX_YEARS or days > 366 * MAX_YEARS:
        raise UsageError(f"{option}: {raw!r} is longer than {MAX_YEARS} years")
    if months == 0:
        return dt.timedelta(days=days)
    return (months, days)


def add_duration(start: dt.date, duration: dt.timedelta | tuple[int, int]) -> dt.date:
    """``start`` plus a parsed duration; months are calendar months (31 Jan + 1m = 28/29 Feb)."""
    if isinstance(duration, dt.timedelta):
        return start + duration
    from dateutil.relativedelta import relativedelta  # calendar months need dateutil

    months, days = duration
    result: dt.date = start + relativedelta(months=months, days=days)
    return result
