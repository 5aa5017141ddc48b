"""Dates and durations typed by a user, each refused with one clear line when unclear.

Accepted dates: ISO ``2025-11-09`` (also ``2025/11/09``, ``20251109``), ``today``,
``yesterday``, ``tomorrow`` (China Standard Time), ``2025年11月9日``, and written dates with a
month name and a four-digit year (``9 Nov 2025``, ``November 9, 2025``, ``Sun, 9 Nov 2025``).
A numeric date such as ``01/02/2026`` could be read two ways and is refused with the ISO forms
to use. A date with a time of day or a time zone, a weekday that is not the date's, or any word
that is not part of the date is refused: the day in China may not be the day written.
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
_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAYS = {
    **{name.lower(): number for number, name in enumerate(_WEEKDAY_NAMES)},
    **{name[:3].lower(): number for number, name in enumerate(_WEEKDAY_NAMES)},
    **{"tues": 1, "weds": 2, "thur": 3, "thurs": 3},
}
# A time of day or a time zone in a written date: refused, never dropped (the day in China may
# differ from the day written).
_TIME = r"\d{1,2}(?:[:.]\d{2})?(?:am|pm|a\.m\.?|p\.m\.?|h)|am|pm|a\.m\.?|p\.m\.?|noon|midnight|o'?clock"
_ZONE = r"[+-]\d{1,2}(?::?\d{2})?|z|(?:utc|gmt|ut)(?:[+-]\d{1,2}(?::?\d{2})?)?|[a-z]+/[a-z_]+(?:/[a-z_]+)?"
_ZONE_NAMES = frozenset({
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst", "akdt", "hst", "cet", "cest", "eet",
    "eest", "wet", "west", "bst", "ist", "jst", "kst", "hkt", "sgt", "awst", "acst", "aest", "aedt",
    "nzst", "nzdt", "msk", "ict", "wib", "pht",
})  # fmt: skip
_DATE_ONLY = "give a date only, such as 2025-11-09"


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
    if any(word in _MONTH_NUMBERS for word in re.findall(r"[a-z]+", lowered)):
        return _written(raw, option)
    # A date in numbers with a time or zone after it ('2025-11-08 23:00', '2025-11-05T10:00Z'),
    # or a time alone ('noon'): say so, as for a written date.
    prefix = re.match(f"(?:{_ISO}|{_COMPACT}|{_CHINESE})(?:t|(?=[+-]))?", lowered)
    for token in _tokens(raw[prefix.end() :] if prefix else raw):
        clock = _clock(token.lower())
        if clock:
            raise UsageError(_clock_message(raw, option, token, clock))
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
    """A date written with a month name: one day, one month and one four-digit year, in any
    order, and at most a weekday that agrees with them. Anything else is refused by name."""
    kinds = [(token, *_kind(token.lower())) for token in _tokens(raw)]
    for token, kind, _ in kinds:
        if kind in ("time", "zone"):
            raise UsageError(_clock_message(raw, option, token, kind))
    if not any(kind == "year" for _, kind, _ in kinds):
        # A year run into other text ('2025x', '9Nov2025') is there: the stray text is the problem.
        stuck = next((t for t, _, _ in kinds if re.search(r"(?<!\d)\d{4}(?!\d)", t)), None)
        if stuck is not None:
            raise UsageError(f"{option}: cannot read {stuck!r} in {raw!r} as part of a date; {_DATE_ONLY}")
        raise UsageError(f"{option}: {raw!r} has no four-digit year; use YYYY-MM-DD")
    parts: dict[str, tuple[int, str]] = {}
    for token, kind, value in kinds:
        if kind == "other" or (kind in parts and kind != "filler"):
            raise UsageError(f"{option}: cannot read {token!r} in {raw!r} as part of a date; {_DATE_ONLY}")
        parts[kind] = (value, token)
    if "day" not in parts:
        raise UsageError(f"{option}: {raw!r} is not a whole date (day, month and year); use YYYY-MM-DD")
    day = _ymd(raw, option, str(parts["year"][0]), str(parts["month"][0]), str(parts["day"][0]))
    if "weekday" in parts and parts["weekday"][0] != day.weekday():
        raise UsageError(
            f"{option}: {raw!r} names the wrong weekday: {day.isoformat()} is a {_WEEKDAY_NAMES[day.weekday()]}, "
            f"not a {_WEEKDAY_NAMES[parts['weekday'][0]]}; {_DATE_ONLY}"
        )
    return day


def _tokens(raw: str) -> list[str]:
    """The words of a written date: split at spaces and commas, then (unless the chunk is a
    time or a zone, such as ``23:30`` or ``-0800``) at hyphens, slashes and dots."""
    tokens: list[str] = []
    for chunk in re.split(r"[\s,]+", raw):
        if not chunk:
            continue
        if _clock(chunk.lower()) or not re.sub(r"[-/.]", "", chunk):
            tokens.append(chunk)  # a time or zone whole; a stray mark ('-', '/') too, to be refused
        else:
            tokens.extend(part for part in re.split(r"[-/.]+", chunk) if part)
    return tokens


def _clock(token: str) -> str | None:
    """``"time"`` or ``"zone"`` when a token is a time of day or a time zone, else ``None``."""
    if re.fullmatch(_ZONE, token) or token in _ZONE_NAMES:
        return "zone"
    if re.fullmatch(_TIME, token) or re.search(r"\d:\d|\dt\d|^t\d", token):
        return "time"
    return None


def _kind(token: str) -> tuple[str, int]:
    """What one word of a written date is, with its value: day, month, year, weekday, a word
    that may stand between them (``of``, ``the``), a time, a zone or something else."""
    clock = _clock(token)
    if clock:
        return clock, 0
    if token in _MONTH_NUMBERS:
        return "month", _MONTH_NUMBERS[token]
    if token in _WEEKDAYS:
        return "weekday", _WEEKDAYS[token]
    if token in ("of", "the"):
        return "filler", 0
    if re.fullmatch(r"\d{4}", token):
        return "year", int(token)
    day = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", token)
    if day and (day[2] is None or day[2] == _ordinal(int(day[1]))):
        return "day", int(day[1])
    return "other", 0


def _ordinal(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _clock_message(raw: str, option: str, token: str, kind: str) -> str:
    what = "a time of day" if kind == "time" else "a time zone"
    return (
        f"{option}: {raw!r} has {what} ({token!r}); times and time zones are not read: "
        "give the day in China as a date only, such as 2025-11-09"
    )


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
