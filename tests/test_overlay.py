"""Overlays: files of additions merged onto a base rulebook, never replacing anything in it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, in_process, mineralctl

from mineralctl.api import load_rulebook, parse_rulebook
from mineralctl.errors import RulebookError
from mineralctl.model import Status

BASE = str(FIXTURES / "minimal.yaml")
OVERLAY = str(FIXTURES / "overlay.yaml")
EXAMPLE = str(REPO / "docs" / "examples" / "extend-no-70.yaml")


def overlay_problems(text: str) -> tuple[str, ...]:
    base = load_rulebook(BASE, overlays=[])
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text.encode(), "ov.yaml", base=base)
    return caught.value.problems


HEAD = 'version: "o"\nas_of: "2025-06-30"\n'
MEASURE = (
    '  - id: {id}\n    instrument: I\n    clause: c\n    authority: A\n    from: "2025-01-01"\n'
    '    effect: prohibited\n    materials: [{materials}]\n    sources: [{{title: t, url: "https://e.org/"}}]\n'
)


# --------------------------------------------------------------------------- merging


def test_an_overlay_adds_to_the_base():
    book = load_rulebook(BASE, overlays=[OVERLAY])
    assert list(book.materials) == ["alpha", "beta", "gamma", "delta"]
    assert [m.id for m in book.measures] == ["licence", "ban-no", "military", "licence-delta"]
    assert [s.id for s in book.suspensions] == ["pause", "pause-licence"]
    assert book.groups["rare"].members == ("delta",) and book.groups["metals"].members == ("alpha", "beta")
    assert [m.id for m in book.find_materials("Alpha Metal")] == ["alpha"]
    assert [m.id for m in book.find_materials("rare things")] == ["delta"]
    assert sorted(book.destination_notes) == ["NO", "US"]
    assert [(f.path, f.version, f.as_of.isoformat(), f.overlay) for f in book.files] == [
        (BASE, "test-1", "2025-06-30", False),
        (OVERLAY, "overlay-1", "2025-08-31", True),
    ]
    assert (book.path, book.version) == (BASE, "test-1")


def test_overlay_entries_decide_answers_on_both_sides_of_their_boundaries():
    book = load_rulebook(BASE, overlays=[OVERLAY])
    # The overlay's measure names the base material gamma from 2025-07-01.
    assert book.status("gamma", "2025-06-30").status is Status.NOT_CONTROLLED
    assert book.status("gamma", "2025-07-01").status is Status.LICENSE_REQUIRED
    # The overlay's suspension holds off the base measure 'licence' through March 2025.
    assert book.status("alpha", "2025-02-28").status is Status.LICENSE_REQUIRED
    assert book.status("alpha", "2025-03-01").status is Status.NOT_CONTROLLED
    assert book.status("alpha", "2025-03-31").status is Status.NOT_CONTROLLED
    assert book.status("alpha", "2025-04-01").status is Status.LICENSE_REQUIRED
    base = load_rulebook(BASE, overlays=[])
    assert base.status("alpha", "2025-03-15").status is Status.LICENSE_REQUIRED


def test_an_overlay_never_makes_an_answer_look_fresher():
    """The merged rulebook is known complete only up to the earliest as_of of its files."""
    newer = load_rulebook(BASE, overlays=[OVERLAY])  # overlay as_of 2025-08-31, base 2025-06-30
    assert newer.as_of.isoformat() == "2025-06-30"
    assert (newer.status("gamma", "2025-06-30").projected, newer.status("gamma", "2025-07-01").projected) == (
        False,
        True,
    )


def test_an_older_overlay_makes_answers_projected_sooner(tmp_path):
    older = tmp_path / "older.yaml"
    older.write_text('version: "o"\nas_of: "2025-01-31"\n')
    book = load_rulebook(BASE, overlays=[str(older)])
    assert book.as_of.isoformat() == "2025-01-31"
    assert book.status("alpha", "2025-01-31").projected is False
    assert book.status("alpha", "2025-02-01").projected is True


def test_overlays_merge_in_order_and_a_later_one_may_name_an_earlier_one(tmp_path):
    second = tmp_path / "second.yaml"
    second.write_text(
        HEAD + "suspensions:\n  - id: pause-delta\n    instrument: I\n    clause: c\n    authority: A\n"
        '    from: "2025-07-01"\n    until: "2025-07-31"\n    targets: [licence-delta]\n'
        '    sources: [{title: t, url: "https://e.org/"}]\n'
    )
    book = load_rulebook(BASE, overlays=[OVERLAY, str(second)])
    assert [f.version for f in book.files] == ["test-1", "overlay-1", "o"]
    assert book.status("delta", "2025-07-31").status is Status.NOT_CONTROLLED
    assert book.status("delta", "2025-08-01").status is Status.LICENSE_REQUIRED
    with pytest.raises(RulebookError) as caught:
        load_rulebook(BASE, overlays=[str(second), OVERLAY])
    assert caught.value.problems == (f"{second}:10:15: error: unknown measure 'licence-delta'",)


# --------------------------------------------------------------------------- clashes name both places


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (HEAD + "measures:\n" + MEASURE.format(id="licence", materials="alpha"), 4, 9,
         f"measure id 'licence' is already defined at {BASE}:20:5"),
        (HEAD + "measures:\n" + MEASURE.format(id="pause", materials="alpha"), 4, 9,
         f"measure id 'pause' is already defined at {BASE}:56:5"),
        (HEAD + "materials:\n  - id: beta\n    name: B\n", 4, 9,
         f"material id 'beta' is already defined at {BASE}:11:5"),
        (HEAD + "materials:\n  - id: metals\n    name: M\n", 4, 9,
         f"material id 'metals' is already defined at {BASE}:4:5"),
        (HEAD + "groups:\n  - id: gamma\n    name: G\n", 4, 9, f"group id 'gamma' is already defined at {BASE}:14:5"),
        (HEAD + "materials:\n  - id: epsilon\n    name: Gamma\n", 4, 5,
         f"name 'Gamma' of material 'epsilon' is also a name of 'gamma' ({BASE}:14:5)"),
        (HEAD + "materials:\n  - id: epsilon\n    name: E\n    symbol: AL\n", 4, 5,
         f"name 'AL' of material 'epsilon' is also a name of 'alpha' ({BASE}:7:5)"),
        (HEAD + "aliases:\n  - material: beta\n    names: [al]\n", 5, 13,
         f"alias 'al' of material 'beta' is already a name of 'alpha' ({BASE}:7:5)"),
        (HEAD + "aliases:\n  - material: omega\n    names: [o]\n", 4, 15, "unknown material 'omega'"),
        (HEAD + "destinations:\n  - code: NO\n    notes: again\n", 4, 11,
         f"destination 'NO' already has a note at {BASE}:17:5"),
        (HEAD + "materials:\n  - id: epsilon\n    name: E\n    groups: [metals]\n", 6, 14,
         f"group 'metals' is defined at {BASE}:4:5; an overlay may not add members"),
        (HEAD + "suspensions:\n  - id: licence\n", 4, 9, f"suspension id 'licence' is already defined at {BASE}:20:5"),
        (HEAD + "notes: [a, b]\n", 3, 8, "notes must be a single value"),
        (HEAD + "colour: blue\n", 3, 1, "rulebook: unknown key 'colour' (allowed: aliases, as_of, destinations"),
    ],
)  # fmt: skip
def test_an_overlay_clash_names_both_places(text, line, column, message):
    found = overlay_problems(text)
    assert any(p.startswith(f"ov.yaml:{line}:{column}: error: {message}") for p in found), found


def test_a_base_rulebook_may_not_hold_aliases():
    text = (FIXTURES / "minimal.yaml").read_text() + "aliases:\n  - material: alpha\n    names: [a]\n"
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text.encode(), "rb.yaml")
    assert "rb.yaml:66:1: error: rulebook: unknown key 'aliases'" in caught.value.problems[0]


def test_an_overlay_needs_only_a_version_and_an_as_of():
    assert overlay_problems('version: "o"\n') == ("ov.yaml:1:1: error: rulebook: missing required key 'as_of'",)


# --------------------------------------------------------------------------- the command line


def test_every_answer_names_every_file():
    args = ("status", "gamma", "--date", "2025-07-01", "--rulebook", BASE, "--overlay", OVERLAY)
    table = in_process(*args)
    assert table.code == 0
    footer = " ".join(table.stdout.split()[-40:])
    assert f"Rulebook {BASE} test-1, checked to 2025-06-30; overlay {OVERLAY} overlay-1, checked to 2025-08-31." in (
        footer
    )
    document = in_process(*args, "-f", "json").json()
    assert document["rulebook"] == {
        "version": "test-1",
        "as_of": "2025-06-30",
        "files": [
            {"path": BASE, "version": "test-1", "as_of": "2025-06-30", "overlay": False, "kind": "rulebook"},
            {"path": OVERLAY, "version": "overlay-1", "as_of": "2025-08-31", "overlay": True, "kind": "overlay"},
        ],
    }
    assert document["results"][0]["projected"] is True
    rows = list(csv.DictReader(io.StringIO(in_process(*args, "-f", "csv").stdout)))
    assert rows[0]["rulebook"] == (
        f"rulebook {BASE} test-1, checked to 2025-06-30; overlay {OVERLAY} overlay-1, checked to 2025-08-31"
    )


def test_screen_names_every_file(tmp_path):
    shipments = tmp_path / "s.csv"
    shipments.write_text("material,date\ngamma,2025-06-30\ngamma,2025-07-01\nalpha metal,2025-03-15\n")
    run = in_process(
        "screen", str(shipments), "--dest", "DE", "--end-use", "civil", "--rulebook", BASE, "--overlay", OVERLAY
    )
    assert run.code == 0, run.stderr
    assert [r["status"] for r in csv.DictReader(io.StringIO(run.stdout))] == [
        "not-controlled",
        "license-required",
        "not-controlled",
    ]
    assert (
        f"mineralctl: answered by rulebook {BASE} test-1, checked to 2025-06-30; "
        f"overlay {OVERLAY} overlay-1, checked to 2025-08-31\n"
    ) in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "delta"],
        ["diff", "--from", "2025-06-30", "--to", "2025-07-01"],
        ["upcoming", "--from", "2025-06-01", "--within", "60d"],
        ["materials"],
        ["measures", "--material", "delta"],
        ["show", "pause-licence"],
    ],
)
def test_every_command_takes_overlays(args):
    run = in_process(*args, "-f", "json", "--rulebook", BASE, "--overlay", OVERLAY)
    assert run.code == 0, run.stderr
    document = run.json()
    # upcoming lists the changes to the end-user lists too: they contribute, and are named.
    lists = ["entities-1"] if args[0] == "upcoming" else []
    assert [f["version"] for f in document["rulebook"]["files"]] == ["test-1", "overlay-1", *lists]
    assert "delta" in run.stdout or "pause-licence" in run.stdout


def test_overlays_from_the_environment(tmp_path):
    second = tmp_path / "second.yaml"
    second.write_text('version: "two"\nas_of: "2025-06-30"\n')
    env = {"MINERALCTL_OVERLAY": os.pathsep.join([OVERLAY, "", str(second)]), "MINERALCTL_RULEBOOK": BASE}
    run = mineralctl("status", "delta", "--date", "2025-07-01", "-f", "json", env=env)
    assert run.code == 0, run.stderr
    assert [f["version"] for f in run.json()["rulebook"]["files"]] == ["test-1", "overlay-1", "two"]
    # --overlay replaces the list from the environment.
    run = mineralctl("status", "alpha", "-d", "2025-07-01", "-f", "json", "--overlay", str(second), env=env)
    assert [f["version"] for f in run.json()["rulebook"]["files"]] == ["test-1", "two"]


@pytest.mark.parametrize(
    "args",
    [
        ["status", "delta", "--date", "2025-07-01", "--rulebook", BASE, "--overlay", OVERLAY, "-f", "json"],
        ["status", "delta", "--rulebook", BASE, "--overlay", OVERLAY, "--overlay=" + OVERLAY, "-d", "2025-07-01"],
        ["status", "delta", "--date", "2025-07-01", "--rulebook", BASE, "--overlay", "missing.yaml"],
        ["status", "delta", "--date", "2025-07-01", "--rulebook", BASE],
    ],
)
def test_the_fast_path_reads_overlays_as_typer_does(args):
    from mineralctl.entry import fast_command

    assert fast_command(args) is not None
    fast = in_process(*args)
    slow = in_process(*args, env={"MINERALCTL_NO_FAST_PATH": "1"})
    assert (fast.code, fast.stdout, fast.stderr) == (slow.code, slow.stdout, slow.stderr)


def test_a_broken_overlay_is_a_rulebook_error(tmp_path):
    run = in_process("status", "alpha", "--rulebook", BASE, "--overlay", "missing.yaml")
    assert (run.code, run.stdout, run.stderr) == (3, "", "mineralctl: error: missing.yaml: overlay not found\n")
    run = in_process("status", "alpha", "--rulebook", BASE, "--overlay", OVERLAY, "--overlay", OVERLAY)
    assert run.code == 3 and run.stdout == ""
    assert f"{OVERLAY}:9:9: error: material id 'delta' is already defined at {OVERLAY}:9:5" in run.stderr


def test_the_cache_keys_on_every_file(tmp_path):
    overlay = tmp_path / "o.yaml"
    overlay.write_text('version: "one"\nas_of: "2025-06-30"\n')
    assert load_rulebook(BASE, overlays=[str(overlay)]).files[1].version == "one"
    overlay.write_text('version: "two, longer"\nas_of: "2025-06-30"\n')
    assert load_rulebook(BASE, overlays=[str(overlay)]).files[1].version == "two, longer"
    assert load_rulebook(BASE, overlays=[]).files[-1].version == "test-1"


# --------------------------------------------------------------------------- the worked example in the docs


def test_the_documented_overlay_extends_no_70_of_2025():
    """docs/rulebook.md: MOFCOM extends the suspension by No. 70 of 2025 to 2027-11-10."""
    base = load_rulebook(overlays=[])
    book = load_rulebook(overlays=[EXAMPLE])
    assert len(EXAMPLE_LINES()) <= 14
    for day, without, with_overlay in [
        ("2026-11-10", "not-controlled", "not-controlled"),
        ("2026-11-11", "license-required", "not-controlled"),
        ("2027-11-10", "license-required", "not-controlled"),
        ("2027-11-11", "license-required", "license-required"),
    ]:
        assert base.status("holmium", day).status.value == without, day
        assert book.status("holmium", day).status.value == with_overlay, day
    answer = book.status("holmium", "2026-12-01")
    assert answer.projected is True  # the base was checked only to 2026-09-30
    assert [s.suspension.id for s in answer.suspended] == ["team-extends-mofcom-gac-2025-70"]
    assert not any("no extension is recorded" in w for w in answer.warnings)
    run = in_process("status", "holmium", "--date", "2026-12-01", "--overlay", EXAMPLE)
    assert run.code == 0
    assert "team-2026.11.08, checked to 2026-11-08" in " ".join(run.stdout.split())
    text = (REPO / "docs" / "rulebook.md").read_text(encoding="utf-8")
    assert "docs/examples/extend-no-70.yaml" in text


def test_the_documented_overlay_extends_every_measure_no_70_suspends():
    """The example says it extends No. 70 of 2025: it must target exactly what No. 70 targets,
    or the measures it leaves out still come back on 2026-11-11 (rare-earth ore did)."""
    base = load_rulebook(overlays=[])
    book = load_rulebook(overlays=[EXAMPLE])
    no70 = base.suspension("mofcom-gac-2025-70")
    extension = book.suspension("team-extends-mofcom-gac-2025-70")
    assert no70 is not None and extension is not None
    assert extension.targets == no70.targets
    assert extension.start == no70.end + dt.timedelta(days=1)
    # The docs print the file as it is.
    text = (REPO / "docs" / "rulebook.md").read_text(encoding="utf-8")
    assert "\n".join(EXAMPLE_LINES()[2:]) in text
    # With the extension nothing changes on 2026-11-11; on the day it lapses everything No. 70 held does.
    run = in_process("upcoming", "--from", "2026-11-01", "--within", "14m", "--overlay", EXAMPLE, "-f", "json")
    assert run.code == 0
    changed = {
        (e["date"], x["material"]) for e in run.json()["events"] for x in e["effects"] if x["before"] != x["after"]
    }
    assert not {m for d, m in changed if d == "2026-11-11"}
    assert {"rare-earth-ore", "holmium"} <= {m for d, m in changed if d == "2027-11-11"}
    plain = in_process("upcoming", "--from", "2026-11-01", "--within", "14m", "-f", "json").json()
    before = {x["material"] for e in plain["events"] if e["date"] == "2026-11-11" for x in e["effects"]}
    assert "rare-earth-ore" in before  # without the overlay it does change on 2026-11-11


def EXAMPLE_LINES() -> list[str]:  # noqa: N802
    lines = Path(EXAMPLE).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_version_names_the_overlays_in_use():
    env = {"MINERALCTL_OVERLAY": OVERLAY, "MINERALCTL_RULEBOOK": BASE, "MINERALCTL_TODAY": "2025-09-01"}
    run = in_process("--version", env=env)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[-3:-1] == [
        f"rulebook {BASE}: version test-1, sources checked to 2025-06-30 (63 days old)",
        f"overlay {OVERLAY}: version overlay-1, sources checked to 2025-08-31 (1 day old)",
    ]


# --------------------------------------------------------------------------- random overlays

_FRAGMENTS = [
    "materials:\n  - id: {id}\n    name: {name}\n",
    "aliases:\n  - material: {ref}\n    names: [{name}]\n",
    "groups:\n  - id: {id}\n    name: {name}\n",
    "destinations:\n  - code: {code}\n    notes: n\n",
    "measures:\n" + MEASURE.replace("{id}", "{id}").replace("{materials}", "{ref}"),
    'suspensions:\n  - id: {id}\n    instrument: I\n    clause: c\n    authority: A\n    from: "2025-01-01"\n'
    '    until: "{until}"\n    targets: [{ref}]\n    sources: [{{title: t, url: "https://e.org/x"}}]\n',
]


def test_random_overlays_add_or_are_refused_with_located_problems():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    base = load_rulebook(BASE, overlays=[])
    names = st.sampled_from(["alpha", "beta", "delta", "metals", "licence", "pause", "Al", "new-one", "x"])
    codes = st.sampled_from(["NO", "US", "no", "ZZ"])
    dates = st.sampled_from(["2025-12-31", "2024-12-31", "2025-02-30", "soon"])

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(st.sampled_from(_FRAGMENTS), names, names, codes, dates), max_size=4, unique_by=lambda t: t[0]
        )
    )
    def check(parts):
        text = HEAD + "".join(f.format(id=i, name=n, ref=n, code=c, until=d) for f, i, n, c, d in parts)
        try:
            book = parse_rulebook(text.encode(), "ov.yaml", base=base)
        except RulebookError as error:
            assert error.problems and all(re.match(r"ov\.yaml:[0-9]+:[0-9]+: error: ", p) for p in error.problems)
            return
        # Nothing of the base is replaced or dropped.
        assert [m for m in book.measures[: len(base.measures)]] == list(base.measures)
        assert all(book.materials[k].name == v.name for k, v in base.materials.items())
        assert book.files[0] == base.files[0] and book.files[1].overlay

    check()


@pytest.mark.parametrize("command", [["timeline", "gamma"], ["upcoming", "--from", "2025-06-01", "--within", "60d"]])
def test_projected_tables_name_every_file(command):
    run = in_process(*command, "--rulebook", BASE, "--overlay", OVERLAY, env={"COLUMNS": "400"})
    assert run.code == 0, run.stderr
    lists = (
        "; entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30" if command[0] == "upcoming" else ""
    )
    assert (
        f"after 2025-06-30, the earliest checked-through date of the files in use (rulebook {BASE} test-1, checked "
        f"to 2025-06-30; overlay {OVERLAY} overlay-1, checked to 2025-08-31{lists})"
    ) in " ".join(run.stdout.split())


@pytest.mark.parametrize(
    "command",
    [
        ["timeline", "gamma"],
        ["diff", "--from", "2025-06-30", "--to", "2025-07-01"],
        ["upcoming", "--from", "2025-06-01", "--within", "60d"],
    ],
)
def test_history_csv_names_every_file(command):
    run = in_process(*command, "-f", "csv", "--rulebook", BASE, "--overlay", OVERLAY)
    assert run.code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    lists = (
        "; entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30" if command[0] == "upcoming" else ""
    )
    assert rows and {r["rulebook"] for r in rows} == {
        f"rulebook {BASE} test-1, checked to 2025-06-30; overlay {OVERLAY} overlay-1, checked to 2025-08-31{lists}"
    }


def test_max_age_reads_the_earliest_checked_through_date(tmp_path):
    older = tmp_path / "older.yaml"
    older.write_text('version: "o"\nas_of: "2025-05-31"\n')
    args = ("status", "alpha", "--date", "2025-06-01", "--rulebook", BASE, "--max-age", "30d", "-f", "json")
    env = {"MINERALCTL_TODAY": "2025-07-15"}
    assert in_process(*args, env=env).code == 0  # the base: 2025-06-30 + 30 days >= 2025-07-15
    run = in_process(*args, "--overlay", str(older), env=env)
    assert run.code == 5
    assert f"error: the overlay ({older}) is stale: as_of 2025-05-31 is older than --max-age 30d" in run.stderr
    assert "the rulebook" not in run.stderr.split("error:")[1]  # the base is not blamed
    assert run.json()["results"][0]["projected"] is True  # 2025-06-01 is after the overlay's as_of


def test_a_stale_overlay_is_named_not_blamed_on_the_rulebook_on_both_sides_of_the_boundary(tmp_path):
    text = (REPO / "docs" / "examples" / "extend-no-70.yaml").read_text(encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(text.replace('as_of: "2026-11-08"', 'as_of: "2026-01-01"'), encoding="utf-8")
    shipments = tmp_path / "s.csv"
    shipments.write_text("material,destination,date,end_use\nholmium,US,2025-12-01,civil\n", encoding="utf-8")
    status = ("status", "holmium", "--date", "2025-12-01", "--overlay", str(old), "--max-age", "30d", "-q")
    screen = ("screen", str(shipments), "--overlay", str(old), "--max-age", "30d", "-o", str(os.devnull))
    answered = (
        "mineralctl: answered by rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; "
        f"overlay {old} team-2026.11.08, checked to 2026-01-01\n"
    )
    summary = (
        f"mineralctl: {shipments}: screened 1 row: 0 prohibited, 0 enhanced-review, 0 license-required, "
        "1 not-controlled; 0 unresolved\n"
    )
    # 2026-01-01 + 30 days is 2026-01-31: not stale that day, stale the day after.
    fresh = {"MINERALCTL_TODAY": "2026-01-31"}
    run = in_process(*status, env=fresh)
    assert (run.code, run.stdout, run.stderr) == (0, "not-controlled\n", "")
    run = in_process(*screen, env=fresh)
    assert (run.code, run.stdout) == (0, "")
    assert run.stderr == summary + answered + "mineralctl: screen passed: every row resolved; no --fail-on gate\n"
    stale = {"MINERALCTL_TODAY": "2026-02-01"}
    error = (
        f"mineralctl: error: the overlay ({old}) is stale: as_of 2026-01-01 is older than --max-age 30d "
        "(today is 2026-02-01)\n"
    )
    run = in_process(*status, env=stale)
    assert (run.code, run.stdout, run.stderr) == (5, "not-controlled\n", error)
    run = in_process(*screen, env=stale)
    assert (run.code, run.stdout) == (5, "")
    assert run.stderr == (
        summary
        + error
        + answered
        + f"mineralctl: screen failed (exit 5): the overlay ({old}, as_of 2026-01-01) is older than --max-age 30d\n"
    )
    # Every stale file is named, the packaged base by its path too.
    run = in_process(*status, env={"MINERALCTL_TODAY": "2027-01-01"})
    assert run.code == 5
    assert run.stderr == (
        f"mineralctl: error: the rulebook (measures.yaml (packaged), as_of 2026-10-08) and the overlay ({old}, "
        "as_of 2026-01-01) are stale: older than --max-age 30d (today is 2027-01-01)\n"
    )


def test_a_date_after_an_early_overlay_names_that_overlay_in_the_projected_warning(tmp_path):
    text = (REPO / "docs" / "examples" / "extend-no-70.yaml").read_text(encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(text.replace('as_of: "2026-11-08"', 'as_of: "2026-01-01"'), encoding="utf-8")
    args = ("status", "holmium", "--overlay", str(old), "-q", "--date")
    run = in_process(*args, "2026-01-01")
    assert (run.code, run.stdout, run.stderr) == (0, "not-controlled\n", "")
    run = in_process(*args, "2026-01-02")
    assert (run.code, run.stdout) == (0, "not-controlled\n")
    assert run.stderr == (
        f"mineralctl: warning: 2026-01-02 is after 2026-01-01, the as_of date of the overlay {old} (the earliest "
        "of the files in use): this answer is projected from the rules as written, and later instruments may "
        "change it\n"
    )
