"""The rulebook loader: every problem with its line and column, all at once, sorted.

Each case edits one line of ``fixtures/minimal.yaml`` (a small valid rulebook) and names the
line, column and message the loader must report. Lines and columns are 1-based.
"""

from __future__ import annotations

import contextlib
import os
import re

import pytest
from conftest import FIXTURES, REPO

from mineralctl.api import load_rulebook, parse_rulebook
from mineralctl.errors import RulebookError
from mineralctl.model import Covers, Status

BASE = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"the fixture must hold {old!r} exactly once"
    return BASE.replace(old, new)


def problems(text: str | bytes) -> tuple[str, ...]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(data, "rb.yaml")
    return caught.value.problems


def assert_reported(found: tuple[str, ...], line: int, column: int, fragment: str) -> None:
    prefix = f"rb.yaml:{line}:{column}: error: "
    assert any(p.startswith(prefix) and fragment in p for p in found), (prefix, fragment, found)


# --------------------------------------------------------------------------- the valid fixture


def test_the_minimal_fixture_loads():
    book = parse_rulebook(BASE.encode(), "minimal.yaml")
    assert (book.version, book.as_of.isoformat()) == ("test-1", "2025-06-30")
    assert list(book.materials) == ["alpha", "beta", "gamma"]
    assert [m.id for m in book.measures] == ["licence", "ban-no", "military"]
    assert [s.id for s in book.suspensions] == ["pause"]
    assert book.groups["metals"].members == ("alpha", "beta")
    licence, ban, military = book.measures
    assert licence.materials == frozenset({"alpha", "beta"})  # the group is expanded
    assert (licence.effect, licence.end, licence.covers) == (Status.LICENSE_REQUIRED, None, Covers.GOODS)
    assert (ban.listed_only, ban.destinations.kind, ban.end_use) == (True, "only", "any")
    assert (military.all_dual_use, military.listed_only, military.materials) == (True, True, frozenset())
    assert book.suspension("pause").targets == ("ban-no",)
    assert (ban.location.line, ban.location.column) == (30, 5)


def test_no_stays_norway():
    """A bare NO in YAML 1.1 is the boolean false; the loader reads raw strings."""
    book = parse_rulebook(BASE.encode(), "rb.yaml")
    assert book.measure("ban-no").destinations.codes == frozenset({"NO"})
    assert book.measure("military").destinations.codes == frozenset({"NO"})
    assert list(book.destination_notes) == ["NO"]
    assert all(isinstance(code, str) for code in book.measure("ban-no").destinations.codes)


def test_unquoted_values_are_read_as_written():
    book = parse_rulebook(edited('    from: "2024-01-01"\n', "    from: 2024-01-01\n").encode(), "rb.yaml")
    assert book.measure("licence").start.isoformat() == "2024-01-01"
    book = parse_rulebook(edited('version: "test-1"\n', "version: 1.10\n").encode(), "rb.yaml")
    assert book.version == "1.10"  # not the float 1.1


def test_a_byte_order_mark_is_allowed():
    assert parse_rulebook(b"\xef\xbb\xbf" + BASE.encode(), "rb.yaml").version == "test-1"


# --------------------------------------------------------------------------- one problem each

ANCHORS = "anchors, aliases and merge keys are not allowed"
QUESTIONS = "+    open_questions:"


def at(edit: int | tuple[int, int], text: str) -> str:
    """The fixture with line ``edit`` (or lines ``first..last``) replaced by ``text``; a text
    starting with ``+`` is inserted after that line instead. ``\n`` separates new lines."""
    lines = BASE.splitlines()
    first, last = (edit, edit) if isinstance(edit, int) else edit
    assert 1 <= first <= last <= len(lines)
    if text.startswith("+"):
        lines[last:last] = text[1:].split("\n")
    else:
        lines[first - 1 : last] = text.split("\n") if text else []
    return "\n".join(lines) + "\n"


# (what, line edited, new text, reported line, column, message fragment)
CASES = [
    # unknown keys, at every level
    ("unknown top-level key", 1, "+extra: 1", 2, 1, "rulebook: unknown key 'extra' (allowed: as_of, destinations,"),
    ("unknown material key", 9, "+    colour: red", 10, 5, "material: unknown key 'colour'"),
    ("unknown measure key", 25, "+    penalty: x", 26, 5, "measure: unknown key 'penalty'"),
    ("unknown suspension key", 58, "+    reason: x", 59, 5, "suspension: unknown key 'reason'"),
    ("unknown source key", 29, "+        page: 3", 30, 9, "source: unknown key 'page' (allowed: title, url)"),
    ("unknown scope key", 39, "    destinations: {only: [NO], but: [SE]}", 39, 32, "destinations: unknown key 'but'"),
    # duplicate keys (plain YAML silently keeps the last one)
    ("duplicate top-level key", 2, '+version: "2"', 3, 1, "rulebook: duplicate key 'version' (first at line 1)"),
    ("duplicate material key", 9, "+    name: Again", 10, 5, "material: duplicate key 'name' (first at line 8)"),
    ("duplicate measure key", 34, '+    from: "2024-04-01"', 35, 5, "duplicate key 'from' (first at line 34)"),
    ("duplicate scope key", 39, "    destinations: {only: [NO], only: [SE]}", 39, 32, "duplicate key 'only'"),
    # missing required keys: reported where the mapping starts
    ("missing version", 1, "", 1, 1, "rulebook: missing required key 'version'"),
    ("missing material name", 15, "", 14, 5, "material: missing required key 'name'"),
    ("missing measure from", 47, "", 43, 5, "measure: missing required key 'from'"),
    ("missing measure effect", 25, "", 20, 5, "measure: missing required key 'effect'"),
    ("missing suspension clause", 58, "", 56, 5, "suspension: missing required key 'clause'"),
    ("missing suspension until", 61, "", 56, 5, "suspension: missing required key 'until'"),
    ("missing sources", (52, 54), "", 43, 5, "measure: missing required key 'sources'"),
    # dates: quoted ISO strings, real days, windows in order
    ("impossible date", 24, '    from: "2025-02-30"', 24, 11, "measure from: '2025-02-30' is not a real date"),
    ("impossible as_of", 2, 'as_of: "2025-02-29"', 2, 8, "as_of: '2025-02-29' is not a real date"),
    ("numeric date", 24, '    from: "01/02/2024"', 24, 11, "'01/02/2024' is not a date in YYYY-MM-DD form"),
    ("written date", 47, "    from: 1 Sep 2024", 47, 11, "'1 Sep 2024' is not a date in YYYY-MM-DD form"),
    ("date and time", 61, '    until: "2024-06-30T00:00"', 61, 12, "is not a date in YYYY-MM-DD form"),
    ("measure ends first", 35, '    until: "2024-02-29"', 35, 12, "ends (2024-02-29) before it starts (2024-03-01)"),
    ("suspension ends first", 61, '    until: "2024-05-31"', 61, 12, "suspension: window ends (2024-05-31) before"),
    ("announced after from", 46, '+    announced: "2024-09-02"', 47, 16, "(2024-09-02) after it takes effect"),
    # references
    ("unknown material", 37, "    materials: [delta]", 37, 17, "unknown material or group 'delta'"),
    ("unknown group in a measure", 26, "    materials: [metal]", 26, 17, "unknown material or group 'metal'"),
    ("unknown group of a material", 10, "    groups: [metal]", 10, 14, "unknown group 'metal'"),
    ("unknown measure in targets", 62, "    targets: [ban-on]", 62, 15, "unknown measure 'ban-on'"),
    ("unknown destination", 39, "    destinations: {only: [XX]}", 39, 27, "unknown destination 'XX'"),
    ("lower-case destination", 51, "    destinations: {except: [no]}", 51, 29, "unknown destination 'no'"),
    ("alpha-3 destination", 39, "    destinations: {only: [NOR]}", 39, 27, "unknown destination 'NOR'"),
    ("unknown destination note", 17, "  - code: XX", 17, 11, "unknown destination 'XX'"),
    # anchors, aliases and merge keys
    ("anchor", 12, "    name: &b Beta", 12, 11, ANCHORS),
    ("alias", 15, "    name: *b", 15, 11, ANCHORS),
    ("merge key", 15, "    <<: {name: Gamma}", 15, 5, ANCHORS),
    # tags beyond the standard ones
    ("python object tag", 9, "    symbol: !!python/object:os.system Al", 9, 13, "object:os.system' is not allowed"),
    ("python name tag", 12, "    name: !!python/name:os.system Beta", 12, 11, "python/name:os.system' is not allowed"),
    ("local tag", 9, "    symbol: !metal Al", 9, 13, "symbol: tag '!metal' is not allowed"),
    ("binary tag", 15, "    name: !!binary R2FtbWE=", 15, 11, "tag 'tag:yaml.org,2002:binary' is not allowed"),
    # values
    ("unknown effect", 36, "    effect: banned", 36, 13, "effect: 'banned' is not one of"),
    ("unknown end use", 50, "    end_use: army", 50, 14, "end_use: 'army' is not one of any, military"),
    ("unknown covers", 50, "    covers: services", 50, 13, "covers: 'services' is not one of goods, technology,"),
    ("listed_only yes", 38, "    listed_only: yes", 38, 18, "listed_only: 'yes' is not one of true, false"),
    ("only and except", 39, "    destinations: {only: [NO], except: [SE]}", 39, 19, "exactly one of"),
    ("scope as a word", 39, "    destinations: everywhere", 39, 19, "destinations must be 'all', {only: [codes]}"),
    ("empty only", 39, "    destinations: {only: []}", 39, 26, "destinations only must list at least one code"),
    ("materials as a word", 37, "    materials: alpha", 37, 16, "ids, or 'all-dual-use'"),
    ("materials empty", 37, "    materials: []", 37, 16, "materials must name at least one material"),
    ("targets empty", 62, "    targets: []", 62, 14, "targets must name at least one measure"),
    ("url scheme", 54, "        url: ftp://example.org/4", 54, 14, "must start with https://"),
    ("HS code", 15, "+    items:\n      - name: g\n        hs: [12ab]", 18, 14, "hs: '12ab' is not an HS code"),
    ("list where a value goes", 9, "    symbol: [Al]", 9, 13, "symbol must be a single value"),
    ("entry not a mapping", 55, "+  - just words", 56, 5, "suspension must be a mapping"),
    # ids and names
    ("duplicate measure id", 43, "  - id: licence", 43, 9, "duplicate measure id 'licence'"),
    ("suspension id of a measure", 56, "  - id: licence", 56, 9, "duplicate id 'licence' (suspension and measure ids"),
    ("duplicate material id", 14, "  - id: beta", 14, 9, "duplicate material id 'beta'"),
    ("upper-case id", 14, "  - id: Gamma", 14, 9, "'Gamma' must be lower-case"),
    ("material id of a group", 14, "  - id: metals", 14, 9, "material id 'metals' is also a group id"),
    ("name of another material", 15, "    name: alpha", 14, 5, "is also a name of 'alpha'"),
    ("duplicate destination note", 18, "+  - code: NO\n    notes: again", 19, 11, "duplicate destination 'NO'"),
    # not YAML at all
    ("unclosed flow sequence", 15, "    name: [Gamma", 16, 13, "not valid YAML: did not find expected ',' or ']'"),
    ("tab indentation", 15, "\tname: Gamma", 15, 1, "not valid YAML: found a tab character"),
    ("two documents", 55, "---\nsuspensions:", 55, 1, "not valid YAML"),
    # dated open questions
    ("open question date", 62, f'{QUESTIONS}\n      - date: "2024-13-01"\n        text: x', 64, 15, "not a real"),
    ("open question text", 62, f'{QUESTIONS}\n      - date: "2024-07-01"', 64, 9, "missing required key 'text'"),
    ("empty open question", 29, f'{QUESTIONS} [{{date: "2024-07-01", text: ""}}]', 30, 49, "must not be empty"),
    ("open question key", 29, f'{QUESTIONS} [{{date: "2024-07-01", text: x, by: y}}]', 30, 52, "unknown key 'by'"),
    ("open questions not a list", 62, f"{QUESTIONS} soon", 63, 21, "open_questions must be a list"),
]


@pytest.mark.parametrize(
    ("edit", "text", "line", "column", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_one_problem_with_its_line_and_column(edit, text, line, column, fragment):
    assert_reported(problems(at(edit, text)), line, column, fragment)


def test_the_table_edits_what_it_says():
    assert at(9, "+    colour: red").splitlines()[8:10] == ["    symbol: Al", "    colour: red"]
    assert at((52, 54), "").splitlines()[51] == "suspensions:"
    assert at(1, "") == BASE.split("\n", 1)[1]


WHOLE_FILES = [
    ("empty", b"", 1, 1, "the rulebook is empty"),
    ("only a comment", b"# nothing yet\n\n", 1, 1, "the rulebook is empty"),
    ("a list", b"- version: x\n- as_of: y\n", 1, 1, "rulebook must be a mapping"),
    ("a word", b"rulebook\n", 1, 1, "rulebook must be a mapping"),
    ("not YAML", b"version: [1\n", 2, 1, "not valid YAML"),
]


@pytest.mark.parametrize(
    ("data", "line", "column", "fragment"), [c[1:] for c in WHOLE_FILES], ids=[c[0] for c in WHOLE_FILES]
)
def test_whole_file_problems(data, line, column, fragment):
    found = problems(data)
    assert len(found) == 1
    assert_reported(found, line, column, fragment)


def test_bytes_that_are_not_utf8_are_reported_with_their_line():
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(b'version: "x"\nnotes: caf\xe9\n', "rb.yaml")
    assert str(caught.value) == "rb.yaml:2:1: error: the rulebook is not UTF-8 text"


def test_not_utf8_is_listed_as_a_problem_like_the_others():
    assert problems(b'version: "x"\nnotes: caf\xe9\n') == ("rb.yaml:2:1: error: the rulebook is not UTF-8 text",)


# --------------------------------------------------------------------------- all at once, sorted


def test_every_problem_at_once_sorted_by_line_then_column():
    text = (
        edited("    targets: [ban-no]\n", "    targets: [nothing]\n")
        .replace("    symbol: Al\n", "    symbol: !!python/object:os.system Al\n")
        .replace('    from: "2024-01-01"\n', '    from: "2024-13-01"\n')
        .replace("{only: [NO]}", "{only: [NO, XX, YY]}")
        .replace("    name: Gamma\n", "    name: Gamma\n    colour: red\n")
    )
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text.encode(), "rb.yaml")
    assert caught.value.problems == (
        "rb.yaml:9:13: error: symbol: tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        "rb.yaml:16:5: error: material: unknown key 'colour' "
        "(allowed: aliases, chinese, groups, id, items, name, notes, symbol)",
        "rb.yaml:25:11: error: measure from: '2024-13-01' is not a real date",
        "rb.yaml:40:31: error: unknown destination 'XX' (use ISO 3166 alpha-2 codes, upper case)",
        "rb.yaml:40:35: error: unknown destination 'YY' (use ISO 3166 alpha-2 codes, upper case)",
        "rb.yaml:63:15: error: unknown measure 'nothing'",
    )
    assert str(caught.value) == "rb.yaml: 6 problems in the rulebook"


def test_an_anchor_and_its_alias_are_both_reported():
    text = edited("    name: Beta\n", "    name: &b Beta\n").replace("    name: Gamma\n", "    name: *b\n")
    assert [p.split(": error: ")[0] for p in problems(text)] == ["rb.yaml:12:11", "rb.yaml:15:11"]


def test_one_problem_gives_one_line():
    found = problems(edited("    sources:\n      - title: test\n        url: https://example.org/4\n", ""))
    assert found == ("rb.yaml:43:5: error: measure: missing required key 'sources'",)


# --------------------------------------------------------------------------- tags never run


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    symbol: Al\n", '    symbol: !!python/object/apply:os.system ["touch {marker}"]\n'),
        ("    symbol: Al\n", '    symbol: !!python/object/apply:os.system {{args: ["touch {marker}"]}}\n'),
        ("    name: Gamma\n", '    name: Gamma\n    aliases: !!python/object/apply:os.system ["touch {marker}"]\n'),
        ("  - id: gamma\n", '  - !!python/object/new:os.system ["touch {marker}"]\n  - id: gamma\n'),
    ],
)
def test_python_tags_are_never_executed(tmp_path, old, new):
    marker = tmp_path / "executed"
    text = edited(old, new.format(marker=marker))
    with contextlib.suppress(RulebookError):
        parse_rulebook(text.encode(), "rb.yaml")
    assert not marker.exists()
    assert os.listdir(tmp_path) == []


def test_python_tag_where_a_value_goes_is_refused():
    found = problems(edited("    symbol: Al\n", '    symbol: !!python/object/apply:os.system ["true"]\n'))
    assert_reported(found, 9, 13, "symbol")


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        ("    materials: [alpha]\n", "    materials: !!python/tuple [alpha]\n", 37, 16),
        ("    name: Gamma\n", '    name: Gamma\n    aliases: !!python/object/apply:os.system ["true"]\n', 16, 14),
        ("  - id: gamma\n", "  - !!python/object:mineralctl.model.Material\n    id: gamma\n", 14, 5),
    ],
    ids=["tagged list", "apply on a list", "tagged mapping"],
)
def test_python_tags_on_lists_and_mappings_are_refused(old, new, line, column):
    assert_reported(problems(edited(old, new)), line, column, "is not allowed")


# --------------------------------------------------------------------------- known gaps


def test_a_quoted_empty_required_value_is_refused():
    found = problems(edited("    instrument: Test Announcement No. 1 of 2024\n", '    instrument: ""\n'))
    assert_reported(found, 21, 17, "instrument must not be empty")


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "fragment"),
    [
        ('version: "test-1"\n', "version:\n", 1, 9, "version must not be empty"),
        ("    clause: whole\n", "    clause: ~\n", 58, 13, "clause must not be empty"),
    ],
    ids=["empty version", "tilde clause"],
)
def test_an_empty_required_value_is_refused(old, new, line, column, fragment):
    assert_reported(problems(edited(old, new)), line, column, fragment)


def test_a_group_alias_clash_points_at_the_group():
    found = problems(edited("    name: Metals\n", "    name: Metals\n    aliases: [Alpha]\n"))
    assert found[0].startswith("rb.yaml:4:") or found[0].startswith("rb.yaml:6:"), found


def test_a_measure_with_a_bad_date_is_still_checked_whole():
    text = (
        edited('    from: "2024-03-01"\n', '    from: "2024-03-32"\n')
        .replace("{only: [NO]}", "{only: [XX]}")
        .replace("https://example.org/2", "ftp://example.org/2")
    )
    assert problems(text) == (
        "rb.yaml:34:11: error: measure from: '2024-03-32' is not a real date",
        "rb.yaml:39:27: error: unknown destination 'XX' (use ISO 3166 alpha-2 codes, upper case)",
        "rb.yaml:42:14: error: url: 'ftp://example.org/2' must start with https:// or http://",
    )


# --------------------------------------------------------------------------- files


def test_load_rulebook_reads_a_file_and_reports_a_missing_one(tmp_path):
    book = load_rulebook(FIXTURES / "minimal.yaml")
    assert (len(book.materials), len(book.measures), len(book.suspensions)) == (3, 3, 1)
    with pytest.raises(RulebookError, match="rulebook not found"):
        load_rulebook(tmp_path / "missing.yaml")
    with pytest.raises(RulebookError, match="is not a file"):
        load_rulebook(tmp_path)


def test_problems_name_the_file_as_given(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited("    symbol: Al\n", "    symbol: Al\n    colour: red\n"), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(str(bad))
    assert caught.value.problems[0].startswith(f"{bad}:10:5: error: material: unknown key 'colour'")


def test_an_edited_file_is_read_again(tmp_path):
    """The parsed form is cached; a changed file must not be answered from the old cache."""
    path = tmp_path / "rb.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert load_rulebook(path).version == "test-1"
    path.write_text(BASE.replace('"test-1"', '"test-22"'), encoding="utf-8")
    assert load_rulebook(path).version == "test-22"


def test_the_packaged_rulebook_loads():
    book = load_rulebook()
    assert len(book.materials) >= 17 and book.measures and book.suspensions
    assert book.groups["rare-earths"].members and len(book.groups["rare-earths"].members) == 17


# --------------------------------------------------------------------------- the format's documentation


def test_the_worked_example_in_the_docs_loads_and_answers_as_documented():
    text = (REPO / "docs" / "rulebook.md").read_text(encoding="utf-8")
    example = text.split("## Worked example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    book = parse_rulebook(example.encode(), "example.yaml")
    section = text.split("## Worked example", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \| ([a-z-]+)(, projected)? \|", section, flags=re.MULTILINE)
    documented = {day: (status, bool(projected)) for day, status, projected in rows}
    assert len(documented) == 6
    for day, (status, projected) in documented.items():
        r = book.status("germanium", day, "US")
        assert (r.status.value, r.projected) == (status, projected), day
    assert [(s.measure.id, s.suspension.id) for s in book.status("Ge", "2025-11-09", "US").suspended] == [
        ("mofcom-2024-46-p2-deny", "mofcom-2025-72")
    ]
    r = book.status("germanium", "2025-01-15")
    assert r.status.value == "license-required"
    assert [(o.name, o.status.value) for o in r.other_destinations] == [("United States", "prohibited")]


def test_the_docs_name_every_key_the_loader_allows():
    text = (REPO / "docs" / "rulebook.md").read_text(encoding="utf-8")
    keys = {
        "version", "as_of", "notes", "groups", "materials", "destinations", "measures", "suspensions", "id",
        "name", "aliases", "symbol", "chinese", "items", "hs", "control_code", "code", "sources", "instrument",
        "instrument_zh", "clause", "authority", "announced", "from", "until", "effect", "listed_only", "end_use",
        "covers", "summary", "uncertainty", "targets", "title", "url", "open_questions", "date", "text",
    }  # fmt: skip
    values = {s.value for s in Status} | {c.value for c in Covers} | {"all-dual-use", "any", "military"}
    missing = sorted(k for k in keys | values if f"`{k}`" not in text)
    assert missing == []
