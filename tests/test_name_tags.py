"""A buyer's name tagged with a trailing parenthetical or country (`Anduril Industries Inc.
(US)`, `Lockheed Martin Corporation, USA`) is the listed name it is without the tag: a definite
match, so `--fail-on prohibited` fails. A city or state tag, a code that reads as a word and a
name that is only a tag stay as they were. Each CLI case checks exit code, stdout and stderr."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import in_process, mineralctl

from mineralctl import names

HEADER = "material,destination,date,end_use,buyer\n"
ANSWERED = (
    "mineralctl: answered by rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; "
    "entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30\n"
)


@pytest.mark.parametrize(
    ("name", "left", "dropped"),
    [
        ("Anduril Industries Inc. (US)", "anduril industries", "(US)"),
        ("Lockheed Martin Corp (US)", "lockheed martin", "(US)"),
        ("Lockheed Martin Corporation, USA", "lockheed martin", "USA"),
        ("Huntington Ingalls Industries Inc USA", "huntington ingalls industries", "USA"),
        ("Huntington Ingalls Industries Inc U.S.A.", "huntington ingalls industries", "U.S.A"),
        ("Mitsubishi Heavy Industries Japan", "mitsubishi heavy industries", "Japan"),
        ("Lockheed Martin United States", "lockheed martin", "United States"),
        ("Acme, IT", "acme", "IT"),
    ],
)
def test_a_trailing_tag_is_set_aside(name, left, dropped):
    forms = names.trimmed(name)
    assert [" ".join(k.words) for k, _ in forms][-1] == left
    assert forms[-1][1] == dropped


@pytest.mark.parametrize(
    "name",
    [
        "Lockheed Martin",  # no tag
        "Shield AI",  # a code that reads as a word, with no comma
        "Acme TV",
        "Lockheed Martin us",  # a code in lower case is a word
        "MP Materials Corp., Las Vegas NV",  # a city and state: not a country
        "(US)",  # nothing left
        "USA",
    ],
)
def test_a_name_with_no_tag_or_nothing_left_has_no_shorter_form(name):
    assert names.trimmed(name) == []


def test_a_form_left_with_a_legal_form_only_matches_nobody():
    run = mineralctl("status", "gallium", "--dest", "US", "--date", "2026-07-01", "--end-user", "Inc USA", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    (result,) = run.json()["results"]
    assert result["end_user"]["matches"] == [] and result["status"] == "license-required"


def test_a_parenthetical_country_and_a_country_both_go():
    forms = names.trimmed("Foo Japan (US)")
    assert [(" ".join(k.words), what) for k, what in forms] == [("foo japan", "(US)"), ("foo", "Japan (US)")]


@pytest.mark.parametrize(
    ("name", "left"),
    [("Foo (U.S.)", "foo"), ("Foo (United States)", "foo"), ("Foo （JP）", "foo"), ("Foo (IT)", "foo")],
)
def test_a_parenthetical_that_is_a_country_name_or_code_is_set_aside(name, left):
    assert [" ".join(k.words) for k, _ in names.trimmed(name)] == [left]


@pytest.mark.parametrize(
    "name",
    [
        "Foo Japan (Tokyo office)",
        "Lockheed Martin (Sikorsky)",
        "Lockheed Martin (not)",
        "Foo (Us)",
        "Foo (in)",
        "Foo [Tokyo]",
        "Foo (Usa Inc)",
    ],
)
def test_a_parenthetical_of_other_words_is_never_set_aside(name):
    assert names.trimmed(name) == []


def _end_user(name: str) -> dict:
    run = mineralctl(
        "status", "gallium", "--dest", "US", "--date", "2026-07-01", "--end-user", name, "-f", "json"
    )  # fmt: skip
    assert run.code == 0, run.stderr
    (result,) = run.json()["results"]
    return result["end_user"]


LOCKHEED_UNITS = [
    "lockheed-martin-advanced-technology-laboratories",
    "lockheed-martin-aeronautics",
    "lockheed-martin-missile-system-integration-lab",
    "lockheed-martin-missiles-and-fire-control",
    "lockheed-martin-ventures",
]


@pytest.mark.parametrize(
    "name",
    ["Lockheed Martin", "Lockheed Martin (US)", "Lockheed Martin, JP", "Lockheed Martin USA", "Lockheed Martin (U.S.)"],
)
def test_a_country_tagged_name_gives_the_bare_names_possible_matches(name):
    found = _end_user(name)
    assert [m["entity"] for m in found["matches"]] == ["lockheed-martin"]
    assert sorted(m["entity"] for m in found["possible_matches"]) == LOCKHEED_UNITS


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Lockheed Martin (Sikorsky)", "lockheed-martin"),
        ("Lockheed Martin (not)", "lockheed-martin"),
        ("Sierra Nevada (Brewing)", "sierra-nevada"),
    ],
)
def test_a_name_with_another_parenthetical_is_only_a_possible_match(name, entity):
    found = _end_user(name)
    assert found["matches"] == []
    assert entity in [m["entity"] for m in found["possible_matches"]]
    assert all(m["score"] < 1 for m in found["possible_matches"])


def test_screen_cell_says_the_country_tag_was_set_aside_and_the_bare_name_cell_does_not():
    data = (
        HEADER
        + "gallium,US,2026-07-01,civil,Anduril Industries Inc. (US)\ngallium,US,2026-07-01,civil,Anduril Industries\n"
    )
    run = in_process("screen", "-", stdin=data)
    assert run.code == 0, run.stderr
    tagged, bare = csv.DictReader(io.StringIO(run.stdout))
    assert tagged["end_user_match"] == (
        "Anduril Industries (control list, MOFCOM Announcement No. 1 of 2025; in-force; "
        "matched with the country tag '(US)' set aside)"
    )
    assert bare["end_user_match"] == "Anduril Industries (control list, MOFCOM Announcement No. 1 of 2025; in-force)"


def test_screen_fails_on_prohibited_for_a_tagged_listed_name_and_passes_the_day_before_the_listing():
    data = HEADER + (
        "gallium,US,2026-07-01,civil,Anduril Industries Inc. (US)\n"
        'gallium,US,2026-07-01,civil,"Lockheed Martin Corporation, USA"\n'
        "gallium,US,2026-07-01,civil,Huntington Ingalls Industries Inc USA\n"
    )
    run = in_process("screen", "-", "--fail-on", "prohibited", stdin=data)
    assert run.code == 1
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["status"], r["end_user_status"]) for r in rows] == [("prohibited", "prohibited")] * 3
    assert rows[0]["end_user_match"].startswith("Anduril Industries (control list, MOFCOM Announcement No. 1 of 2025")
    assert run.stderr == (
        # Lockheed Martin's listed units begin with its name, tagged or not: one row to review.
        "mineralctl: stdin: screened 3 rows: 3 prohibited, 0 enhanced-review, 0 license-required, 0 not-controlled; "
        "0 unresolved; 1 possible end-user match to review\n"
        + ANSWERED
        + "mineralctl: screen failed (exit 1): 3 rows at or above prohibited (--fail-on)\n"
    )


def test_a_city_tag_stays_a_possible_match_and_the_gate_on_prohibited_passes():
    data = HEADER + 'gallium,US,2026-07-01,civil,"MP Materials Corp., Las Vegas NV"\n'
    run = in_process("screen", "-", "--fail-on", "prohibited", stdin=data)
    assert run.code == 0
    (row,) = csv.DictReader(io.StringIO(run.stdout))
    assert (row["status"], row["end_user_status"]) == ("license-required", "")
    assert row["end_user_match"].startswith("possible match, review: MP Materials")
    assert run.stderr == (
        "mineralctl: stdin: screened 1 row: 0 prohibited, 0 enhanced-review, 1 license-required, 0 not-controlled; "
        "0 unresolved; 1 possible end-user match to review\n" + ANSWERED + "mineralctl: screen passed: every row "
        "resolved; no row at or above prohibited; 1 row with a possible end-user match to review (see end_user_match)\n"
    )
    gated = in_process("screen", "-", "--fail-on", "prohibited", "--fail-on-possible-match", stdin=data)
    assert (gated.code, gated.stdout) == (1, run.stdout)


def test_status_end_user_says_what_was_set_aside():
    run = mineralctl(
        "status", "gallium", "--dest", "US", "--date", "2026-07-01", "--end-user", "Lockheed Martin Corp (US)", "-f",
        "json",
    )  # fmt: skip
    assert run.code == 0
    # the listed units whose names begin with the bare name are reported, as for the bare name
    assert run.stderr.count("mineralctl: warning: possible match, review: end user 'Lockheed Martin Corp (US)'") == 5
    (result,) = run.json()["results"]
    (match,) = result["end_user"]["matches"]
    assert (result["status"], match["entity"]) == ("prohibited", "lockheed-martin")
    assert match["matched_by"] == (
        "name, ignoring case, punctuation, legal form and word order, with the country tag '(US)' set aside"
    )


def test_a_listed_name_that_ends_with_a_country_still_matches_as_written():
    run = mineralctl(
        "status", "gallium", "--dest", "US", "--date", "2026-07-01", "--end-user", "CSBC Corporation, Taiwan", "-q"
    )
    assert (run.code, run.stdout, run.stderr) == (0, "prohibited\n", "")
