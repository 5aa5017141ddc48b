# ruff: noqa: E501  (tables of cases read best one per line)
"""Nothing a user can type or a rulebook can hold ends in exit 70: dates and durations out of
range are usage errors (exit 2) or rulebook errors (exit 3) naming the value, and the Python API
raises mineralctl's own errors for every bad argument."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO, in_process

from mineralctl import load_rulebook
from mineralctl.errors import NotFoundError, UsageError

PACKAGED = (REPO / "data" / "measures.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "gallium", "--max-age", "99999999999999999999d"), "--max-age: '99999999999999999999d' is longer than 1000 years"),
        (("status", "gallium", "--max-age", "9999999y"), "--max-age: '9999999y' is longer than 1000 years"),
        (("screen", "-", "--max-age", "99999999999999999999w"), "--max-age: '99999999999999999999w' is longer than 1000 years"),
        (("upcoming", "--within", "99999y"), "--within: '99999y' is longer than 1000 years"),
        (("upcoming", "--from", "2999-12-31", "--within", "1000y"), "--within: '1000y' from 2999-12-31 reaches 3999-12-31, past the last date mineralctl answers for (2999-12-31)"),
        (("upcoming", "--from", "9999-01-01", "--within", "1y"), "--from: '9999-01-01' is outside the dates mineralctl answers for (1900-01-01 to 2999-12-31)"),
        (("status", "gallium", "--date", "3000-01-01"), "--date: '3000-01-01' is outside the dates mineralctl answers for (1900-01-01 to 2999-12-31)"),
        (("timeline", "gallium", "--from", "1899-12-31"), "--from: '1899-12-31' is outside the dates mineralctl answers for (1900-01-01 to 2999-12-31)"),
    ],
)  # fmt: skip
def test_out_of_range_dates_and_durations_are_usage_errors(args, message):
    run = in_process(*args)
    assert (run.code, run.stdout, run.stderr) == (2, "", f"mineralctl: error: {message}\n")


@pytest.mark.parametrize(
    "args",
    [
        ("status", "gallium", "--date", "2999-12-31", "-f", "json"),
        ("status", "gallium", "--date", "1900-01-01", "-f", "json"),
        ("status", "gallium", "--date", "2025-01-01", "--max-age", "1000y", "-f", "json"),
        ("upcoming", "--from", "2999-12-30", "--within", "1d", "-f", "json"),
        ("upcoming", "--from", "1900-01-01", "--within", "12000m", "-f", "csv"),
        ("timeline", "gallium", "--from", "1900-01-01", "--to", "2999-12-31", "-f", "json"),
        ("diff", "--from", "1900-01-01", "--to", "2999-12-31", "-f", "json"),
    ],
)
def test_the_edges_of_the_range_are_answered(args):
    run = in_process(*args)
    assert run.code == 0, run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize(
    ("value", "code"), [("2999-12-31", 0), ("3000-01-01", 3), ("9999-12-31", 3), ("1899-12-31", 3)]
)
def test_a_rulebook_date_out_of_range_is_a_rulebook_error(tmp_path, value, code):
    text = PACKAGED.replace('    from: "2023-08-01"\n', f'    from: "2023-08-01"\n    until: "{value}"\n', 1)
    line = text[: text.index(f'until: "{value}"')].count("\n") + 1
    path = tmp_path / "far.yaml"
    path.write_text(text, encoding="utf-8")
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-01-01", "-f", "json", "--rulebook", str(path))
    assert run.code == code, run.stderr
    if code:
        assert run.stderr == (
            f"{path}:{line}:12: error: measure until: '{value}' is outside the dates a rulebook may hold "
            "(1900-01-01 to 2999-12-31)\n"
        )


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def test_the_api_takes_end_use_in_any_case(book):
    assert (
        book.status("gallium", "2025-01-15", "US", "Military").status
        == book.status("gallium", "2025-01-15", "US", "military").status
    )
    assert book.status("gallium", "2025-01-15", end_use=" CIVIL ").end_use.value == "civil"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda b: b.status("gallium", "2025-01-15", end_use="martial"), UsageError, "end_use: 'martial' is not civil or military"),
        (lambda b: b.status("gallium", "2025-01-15", end_use=None), UsageError, "end_use: None is not civil or military"),
        (lambda b: b.status("gallium", dt.date(9999, 12, 31)), UsageError, "date: '9999-12-31' is outside the dates"),
        (lambda b: b.status("gallium", 20250115), UsageError, "date: 20250115 is not a date"),
        (lambda b: b.status("gallium", "15/01/2025"), UsageError, "date: numeric dates like '15/01/2025' are not accepted"),
        (lambda b: b.status(None, "2025-01-15"), UsageError, "material: None is not a name"),
        (lambda b: b.status("galium", "2025-01-15"), NotFoundError, "unknown material 'galium'"),
        (lambda b: b.status("gallium", "2025-01-15", destination=5), UsageError, "destination: 5 is not a name"),
        (lambda b: b.status("gallium", "2025-01-15", destination="Atlantis"), NotFoundError, "unknown destination"),
        (lambda b: b.timeline("gallium", start="soon"), UsageError, "start: cannot read 'soon' as a date"),
        (lambda b: b.diff("2025-01-01", "2025-02-01", materials="gallium"), UsageError, "materials: 'gallium' is not a list"),
        (lambda b: b.upcoming("2025-01-01", dt.date(1, 1, 1)), UsageError, "end: '0001-01-01' is outside the dates"),
        (lambda b: load_rulebook(123), UsageError, "load_rulebook: 123"),
        (lambda b: b.status("gallium", "2025-01-15", end_user=42), UsageError, "end_user: 42 is not a name"),
        (lambda b: b.status("gallium", "2025-01-15", end_user=" "), UsageError, "end_user: the name is empty"),
        (lambda b: b.status("gallium", "2025-01-15", end_user="Acme", entities="lists.yaml"), UsageError, "entities: 'lists.yaml' is not an EntityRegister"),
    ],
)  # fmt: skip
def test_the_api_raises_its_own_errors_for_bad_arguments(book, call, error, message):
    with pytest.raises(error) as caught:
        call(book)
    assert str(caught.value).startswith(message)


def test_a_datetime_is_read_as_its_date(book):
    assert book.status("gallium", dt.datetime(2025, 1, 15, 23, 59)).date == dt.date(2025, 1, 15)
