"""Usage errors that were once silent guesses or misleading messages: a blank option value, a
range past the last date answered, ``--version`` after ``--rulebook``, an unknown group, and
suggestions for a citation that names no instrument in the rulebook."""

from __future__ import annotations

import pytest
from conftest import REPO, in_process, mineralctl

RULEBOOK = str(REPO / "data" / "measures.yaml")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["status", "gallium", "-q", "--dest", ""], "--dest"),
        (["status", "gallium", "-q", "--dest", "  "], "--dest"),
        (["status", "gallium", "-f", "json", "--dest="], "--dest"),
        (["timeline", "gallium", "--dest", ""], "--dest"),
        (["diff", "--from", "2025-01-01", "--to", "2025-02-01", "--dest", ""], "--dest"),
        (["upcoming", "--dest", ""], "--dest"),
        (["entities", "--dest", ""], "--dest"),
        (["materials", "--group", ""], "--group"),
        (["measures", "--material", " "], "--material"),
        (["status", "gallium", "--rulebook", ""], "--rulebook"),
        (["status", "gallium", "--overlay", ""], "--overlay"),
        (["status", "gallium", "--end-user", "X", "--entities", ""], "--entities"),
    ],
)
def test_a_blank_value_is_refused(args, option):
    expected = f"mineralctl: error: {option}: the value is empty; give a value or leave {option} out\n"
    run = in_process(*args)
    assert (run.code, run.stdout, run.stderr) == (2, "", expected)


def test_a_blank_dest_is_refused_on_the_fast_path_too():
    # The installed script answers a plain status without Typer: the same refusal.
    expected = "mineralctl: error: --dest: the value is empty; give a value or leave --dest out\n"
    run = mineralctl("status", "gallium", "--dest", "", "-q")
    assert (run.code, run.stdout, run.stderr) == (2, "", expected)
    run = mineralctl("status", "gallium", "--dest", "US", "--date", "2026-01-01", "-q")
    assert (run.code, run.stdout, run.stderr) == (0, "license-required\n", "")


@pytest.mark.parametrize("within", ["30d", "31d"])
def test_upcoming_may_not_run_past_the_last_date(within):
    run = in_process("upcoming", "--from", "2999-12-01", "--within", within, "-f", "json")
    if within == "30d":  # ends on 2999-12-31, the last date answered
        assert run.code == 0 and "mineralctl: error" not in run.stderr
        assert run.json()["query"]["until"] == "2999-12-31"
    else:
        assert (run.code, run.stdout) == (2, "")
        assert run.stderr == (
            "mineralctl: error: --within: '31d' from 2999-12-01 reaches 3000-01-01, past the last date "
            "mineralctl answers for (2999-12-31)\n"
        )


@pytest.mark.parametrize(
    ("word", "day"), [("yesterday", "2026-11-28"), ("today", "2026-11-29"), ("tomorrow", "2026-11-30")]
)
def test_relative_dates_are_documented_and_read(word, day):
    run = in_process(
        "status", "gallium", "--dest", "US", "--date", word, "-f", "json", env={"MINERALCTL_TODAY": "2026-11-29"}
    )
    assert run.code == 0
    assert run.json()["results"][0]["date"] == day
    assert run.json()["results"][0]["status"] == "prohibited"
    help_text = " ".join(in_process("status", "--help").stdout.split())
    assert "'yesterday', 'tomorrow'" in help_text


@pytest.mark.parametrize("order", [["--version", "--rulebook", RULEBOOK], ["--rulebook", RULEBOOK, "--version"]])
def test_version_takes_rulebook_in_either_order(order):
    run = mineralctl(*order, env={"MINERALCTL_TODAY": "2026-10-09"})
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[1:] == [
        "packaged rulebook: version data-2, sources checked to 2026-10-08 (1 day old)",
        f"rulebook {RULEBOOK}: version data-2, sources checked to 2026-10-08 (1 day old)",
        "entity lists entities.yaml (packaged): version entities-1, sources checked to 2026-09-30 (9 days old)",
    ]
    assert "--version --rulebook PATH" in " ".join(mineralctl("--help").stdout.split())


def test_an_unknown_group_is_named_as_a_group():
    run = in_process("materials", "--group", "bogus")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr.startswith("mineralctl: error: unknown group 'bogus' (groups: rare-earths, ")
    assert "unknown material" not in run.stderr
    run = in_process("materials", "--group", "magnetz")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr.startswith("mineralctl: error: unknown group 'magnetz'; did you mean ")
    run = in_process("materials", "--group", "rare earths", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.count("\n") == 18  # the header and the 17 rare earths


@pytest.mark.parametrize("query", ["No. 99 of 2025", "99/2025"])
def test_show_suggests_real_citations_for_an_unknown_one(query):
    run = in_process("show", query)
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == (
        f"mineralctl: error: unknown material, measure or listed end user {query!r}; "
        "did you mean No. 72 of 2025, No. 70 of 2025 or No. 62 of 2025?\n"
    )
    for suggestion in ("No. 72 of 2025", "No. 70 of 2025", "No. 62 of 2025"):
        assert in_process("show", suggestion).code == 0
