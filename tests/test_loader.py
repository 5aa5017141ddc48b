"""The loader: every problem with its line and column, all at once; and the resolver's windows
on a purpose-built rulebook (the day before, first day, last day and day after each window)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES, mineralctl

from mineralctl.errors import RulebookError
from mineralctl.model import EndUse, Status
from mineralctl.resolve import match
from mineralctl.rulebook import parse_rulebook

BASE = (FIXTURES / "minimal.yaml").read_text()


def problems(text: str) -> tuple[str, ...]:
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text.encode(), "rb.yaml")
    return caught.value.problems


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "fragment"),
    [
        ("    symbol: Al\n", "    symbol: Al\n    colour: red\n", 10, 5, "unknown key 'colour'"),
        ("    symbol: Al\n", "    symbol: Al\n    name: Again\n", 10, 5, "duplicate key 'name'"),
        ('    from: "2024-01-01"\n', '    from: "2025-02-30"\n', 19, 11, "not a real date"),
        ('    from: "2024-01-01"\n', "    from: 01/02/2024\n", 19, 11, "YYYY-MM-DD"),
        ('    until: "2024-12-31"\n', '    until: "2023-12-31"\n', 30, 12, "ends (2023-12-31) before it starts"),
        ("    materials: [metals]\n", "    materials: [gamma]\n", 21, 17, "unknown material or group 'gamma'"),
        ("    targets: [ban-no]\n", "    targets: [nothing]\n", 45, 15, "unknown measure 'nothing'"),
        ("{only: [NO]}", "{only: [XX]}", 34, 27, "unknown destination 'XX'"),
        ("    effect: prohibited\n", "    effect: banned\n", 31, 13, "'banned' is not one of"),
        ("    clause: whole\n", "", 39, 5, "missing required key 'clause'"),
        ("    name: Beta\n", "    name: &b Beta\n", 12, 11, "anchors, aliases and merge keys"),
        ("    symbol: Al\n", "    symbol: !!python/object:os.system Al\n", 9, 13, "is not allowed"),
    ],
)
def test_loader_reports_line_column_and_message(old, new, line, column, fragment):
    assert old in BASE
    found = problems(BASE.replace(old, new, 1))
    assert any(p.startswith(f"rb.yaml:{line}:{column}: error: ") and fragment in p for p in found), found


def test_all_problems_at_once_sorted():
    text = BASE.replace("    symbol: Al\n", "    symbol: Al\n    colour: red\n").replace(
        "    materials: [metals]\n", "    materials: [gamma]\n"
    )
    found = problems(text)
    assert len(found) == 2
    assert found == tuple(sorted(found, key=lambda p: int(p.split(":")[1])))


@pytest.mark.parametrize(
    ("data", "fragment"),
    [(b"", "empty"), (b"\xff\xfe\x00", "not UTF-8"), (b"- a\n- b\n", "must be a mapping"), (b"a: [\n", "not valid YAML")],
)
def test_unreadable_files(data, fragment):
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(data, "rb.yaml")
    assert fragment in str(caught.value) or any(fragment in p for p in caught.value.problems)


def test_norway_stays_a_string():
    book = parse_rulebook(BASE.encode(), "rb.yaml")
    assert book.measure("ban-no").destinations.codes == frozenset({"NO"})


@pytest.mark.parametrize(
    ("day", "dest", "expected"),
    [
        ("2023-12-31", None, Status.NOT_CONTROLLED),  # licence: the day before
        ("2024-01-01", None, Status.LICENSE_REQUIRED),  # licence: first day
        ("2024-02-29", "NO", Status.LICENSE_REQUIRED),  # ban: the day before
        ("2024-03-01", "NO", Status.PROHIBITED),  # ban: first day
        ("2024-05-31", "NO", Status.PROHIBITED),  # suspension: the day before
        ("2024-06-01", "NO", Status.LICENSE_REQUIRED),  # suspension: first day
        ("2024-06-30", "NO", Status.LICENSE_REQUIRED),  # suspension: last day
        ("2024-07-01", "NO", Status.PROHIBITED),  # suspension: the day after
        ("2024-12-31", "NO", Status.PROHIBITED),  # ban: last day
        ("2025-01-01", "NO", Status.LICENSE_REQUIRED),  # ban: the day after
        ("2024-03-01", "SE", Status.LICENSE_REQUIRED),  # another destination
    ],
)
def test_windows_are_inclusive(day, dest, expected):
    book = parse_rulebook(BASE.encode(), "rb.yaml")
    result = match(book, book.materials["alpha"], dt.date.fromisoformat(day), dest, EndUse.CIVIL)
    assert result.status is expected


def test_invalid_rulebook_through_the_cli(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("    symbol: Al\n", "    symbol: Al\n    colour: red\n"))
    run = mineralctl("status", "alpha", "--date", "2024-01-01", env={"MINERALCTL_RULEBOOK": str(bad)})
    assert run.code == 3 and run.stdout == ""
    assert run.stderr.startswith(f"{bad}:10:5: error: ") and "Traceback" not in run.stderr
