"""The end-user lists: the loader, every listing's dates on both sides, name matching, and the
``entities`` and ``show`` commands through the installed console script."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES, in_process, mineralctl

from mineralctl import names
from mineralctl.api import load_entities, parse_entities
from mineralctl.entities import EntityRegister
from mineralctl.errors import RulebookError
from mineralctl.model import EndUserList, Status

FIXTURE = FIXTURES / "entities.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")
D = dt.date.fromisoformat
ONE_DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def real() -> EntityRegister:
    return load_entities()


@pytest.fixture(scope="module")
def small() -> EntityRegister:
    return parse_entities(BASE.encode(), "entities.yaml")


def state(register: EntityRegister, entity_id: str, day: str) -> str:
    entity = register.entity(entity_id)
    assert entity is not None, entity_id
    return register.state(entity, D(day)).kind


# --------------------------------------------------------------------------- the loader


def test_the_fixture_loads(small):
    assert (small.version, small.as_of) == ("entities-test-1", D("2025-06-30"))
    assert list(small.listings) == ["ban-list", "watch-list"]
    assert [e.id for e in small.entities] == ["acme-defense", "zenith-labs", "kappa", "omega"]
    acme = small.entity("acme-defense")
    assert (acme.country, acme.listing, acme.paragraph, acme.confirmed) == ("US", "ban-list", "annex item 1", True)
    assert small.listings["watch-list"].list is EndUserList.WATCH
    assert small.entity("omega").confirmed is False
    assert (acme.location.line, acme.location.column) == (17, 9)


def edited(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"the fixture must hold {old!r} exactly once"
    return BASE.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "fragment"),
    [
        ("    list: control\n", "    list: banned\n", 7, 11, "list: 'banned' is not one of control, watch"),
        ("      - id: zenith-labs\n", "      - id: acme-defense\n", 22, 13, "duplicate id 'acme-defense'"),
        ("    targets: [ban-list]\n", "    targets: [ban-lists]\n", 51, 15, "unknown listing or entity 'ban-lists'"),
        ("    country: JP\n", "    country: jp\n", 30, 14, "unknown country 'jp'"),
        ('    until: "2025-04-30"\n', '    until: "2025-03-30"\n', 50, 12, "window ends (2025-03-30) before it starts"),
        ("        uncertainty: Named by one compilation only.\n", "", 40, 9, "an unconfirmed entry must say why"),
        (
            "        paragraph: annex item 2\n        confirmed",
            "        confirmed",
            40,
            9,
            "missing required key 'paragraph'",
        ),
        ("[Acme Def]", "[Acme Def, Inc.]", 20, 29, "alias 'Inc.' is only a legal form"),
        ("    kind: stopped\n", "    kind: lifted\n", 61, 11, "kind: 'lifted' is not one of stopped, removed"),
        (
            "        aliases: [Acme Def]\n",
            "        aliases: [Acme Def]\n        alias: Acme\n",
            21,
            9,
            "unknown key 'alias'",
        ),
        ('as_of: "2025-06-30"\n', 'as_of: "2025-06-31"\n', 2, 8, "'2025-06-31' is not a real date"),
    ],
)
def test_loader_reports_the_line(old, new, line, column, fragment):
    with pytest.raises(RulebookError) as caught:
        parse_entities(edited(old, new).encode(), "e.yaml")
    prefix = f"e.yaml:{line}:{column}: error: "
    found = caught.value.problems
    assert any(p.startswith(prefix) and fragment in p for p in found), (prefix, fragment, found)


def test_loader_reports_every_problem_sorted():
    text = edited("    list: control\n", "    list: banned\n").replace("country: JP", "country: XX")
    with pytest.raises(RulebookError) as caught:
        parse_entities(text.encode(), "e.yaml")
    lines = [int(p.split(":")[1]) for p in caught.value.problems]
    assert len(lines) == 2 and lines == sorted(lines)
    assert str(caught.value) == "e.yaml: 2 problems in the entity file"


def test_the_packaged_file_is_the_repository_file(real):
    assert real.version and real.as_of == D("2026-09-30")
    assert len(real.entities) == 193
    assert sum(e.confirmed for e in real.entities) == 145


# --------------------------------------------------------------------------- dates, on both sides

# (entity, listing start, the day before); the listing is in force (or suspended) from its first day.
FIRST_DAYS = {
    "mofcom-2025-1-control": "2025-01-02",
    "mofcom-2025-13-control": "2025-03-04",
    "mofcom-2025-21-control": "2025-04-04",
    "mofcom-2025-22-control": "2025-04-10",
    "mofcom-2025-35-control": "2025-07-09",
    "mofcom-2025-51-control": "2025-09-25",
    "mofcom-2026-11-control": "2026-02-24",
    "mofcom-2026-12-watch": "2026-02-24",
    "mofcom-2026-20-control": "2026-04-24",
    "mofcom-2026-23-control": "2026-06-22",
    "mofcom-2026-27-control": "2026-06-29",
    "mofcom-2026-28-watch": "2026-06-29",
    "mofcom-2026-30-control": "2026-07-24",
}


def test_every_listing_starts_on_its_announced_day(real):
    assert {k: v.start.isoformat() for k, v in real.listings.items()} == FIRST_DAYS
    for entity in real.entities:
        first = real.listings[entity.listing].start
        assert real.state(entity, first - ONE_DAY).kind == "not-yet-listed", entity.id
        assert real.state(entity, first).kind == "in-force", entity.id


@pytest.mark.parametrize(
    ("entity", "day", "expected"),
    [
        # No. 22 of 2025: in force from 12:01 on 10 April 2025, suspended from 14 May, stopped 12 August.
        ("insitu", "2025-04-09", "not-yet-listed"),
        ("insitu", "2025-04-10", "in-force"),
        ("insitu", "2025-05-13", "in-force"),
        ("insitu", "2025-05-14", "suspended"),
        ("insitu", "2025-08-11", "suspended"),
        ("insitu", "2025-08-12", "ended"),
        # No. 21 of 2025: suspended by three statements in turn, to 2026-11-09; applies again after.
        ("sierra-nevada", "2025-05-13", "in-force"),
        ("sierra-nevada", "2025-05-14", "suspended"),
        ("sierra-nevada", "2025-08-11", "suspended"),
        ("sierra-nevada", "2025-08-12", "suspended"),
        ("sierra-nevada", "2025-11-09", "suspended"),
        ("sierra-nevada", "2025-11-10", "suspended"),
        ("sierra-nevada", "2026-11-09", "suspended"),
        ("sierra-nevada", "2026-11-10", "in-force"),
        # No. 13 of 2025: never suspended, stopped from 10 November 2025.
        ("skydio", "2025-11-09", "in-force"),
        ("skydio", "2025-11-10", "ended"),
        # No. 1 of 2025 and No. 23 of 2026: untouched by the statements.
        ("general-dynamics", "2026-11-29", "in-force"),
        ("mp-materials", "2026-06-21", "not-yet-listed"),
        ("mp-materials", "2026-06-22", "in-force"),
    ],
)
def test_listing_states(real, entity, day, expected):
    assert state(real, entity, day) == expected


def test_suspensions_and_endings_cover_the_statements(real):
    by_id = {s.id: s for s in real.suspensions}
    assert [(s.start.isoformat(), s.end.isoformat(), s.targets) for s in by_id.values()] == [
        ("2025-05-14", "2025-08-11", ("mofcom-2025-21-control", "mofcom-2025-22-control")),
        ("2025-08-12", "2025-11-09", ("mofcom-2025-21-control",)),
        ("2025-11-10", "2026-11-09", ("mofcom-2025-21-control",)),
    ]
    assert [(e.start.isoformat(), e.kind, e.targets) for e in real.endings] == [
        ("2025-08-12", "stopped", ("mofcom-2025-22-control",)),
        ("2025-11-10", "stopped", ("mofcom-2025-13-control",)),
    ]
    counts = {lid: sum(e.listing == lid for e in real.entities) for lid in real.listings}
    assert (counts["mofcom-2025-21-control"], counts["mofcom-2025-13-control"]) == (16, 15)


def test_fixture_states_on_both_sides(small):
    assert [state(small, "acme-defense", d) for d in ("2025-01-01", "2025-01-02", "2025-03-31")] == [
        "not-yet-listed",
        "in-force",
        "in-force",
    ]
    assert [state(small, "acme-defense", d) for d in ("2025-04-01", "2025-04-30", "2025-05-01")] == [
        "suspended",
        "suspended",
        "in-force",
    ]
    assert [state(small, "zenith-labs", d) for d in ("2025-05-31", "2025-06-01")] == ["in-force", "ended"]
    assert [state(small, "kappa", d) for d in ("2025-02-28", "2025-03-01")] == ["not-yet-listed", "in-force"]


# --------------------------------------------------------------------------- names


def found(register: EntityRegister, name: str) -> list[tuple[str, bool]]:
    return [(h.entity.id, h.definite) for h in register.find(name)]


@pytest.mark.parametrize(
    ("typed", "entity"),
    [
        ("General Dynamics", "general-dynamics"),  # exact
        ("general dynamics corp.", "general-dynamics"),  # case and legal form
        ("Dynamics, General", "general-dynamics"),  # word order and punctuation
        ("通用动力公司", "general-dynamics"),  # Chinese name as published
        ("通用动力", "general-dynamics"),  # Chinese name without 公司
        ("JAXA", "japan-aerospace-exploration-agency"),  # alias
        ("Gibbs and Cox", "gibbs-cox"),  # & as and
        ("GIBBS & COX INC", "gibbs-cox"),
        ("L3Harris", "l3-harris-technologies"),
        ("AeroVironment, Inc.", "aero-vironment"),  # the company's own spelling, as an alias
        ("EXCALIBUR ARMY, spol. s r.o.", "excalibur-army-spol-s-r-o"),  # Czech legal form
        ("Mitsubishi Heavy Industries Shipbuilding Co., Ltd.", "mitsubishi-heavy-industries-shipbuilding"),
        ("斯巴鲁", "subaru"),  # 株式会社 dropped
        ("MP Materials", "mp-materials"),
        ("TCOM LP", "tcom-limited-partnership"),
    ],
)
def test_definite_matches(real, typed, entity):
    hits = found(real, typed)
    assert hits and hits[0] == (entity, True), hits


@pytest.mark.parametrize(
    "typed",
    [
        "General Motors",  # shares a word with General Dynamics
        "Heavy Industries Mitsubishi",  # the words a listed name begins with, in another order
        "Lockheed Aeronautics",  # every word in a listed name, but not its beginning
        "Heavy Industries",  # only generic words
        "Group",  # a common word is not Group W
        "Systems",
        "Aerospace",
        "Industries",
        "General",  # seven listed names begin with it
        "Japan",
        "Technologies Inc.",
        "Inc.",
        "Co",  # legal forms alone
        "Ltd",
        "Co., Ltd.",
        "FN",  # two letters: five FN Herstal entries begin with it
        "L3",
        "M",
        "公司",
        "株式会社",
        "美国",  # a country in Chinese: generic
        "三",  # one character
        "",
        "   ",
    ],
)
def test_near_misses_and_common_words_do_not_match(real, typed):
    assert found(real, typed) == []


@pytest.mark.parametrize(
    ("typed", "entities"),
    [
        (
            "Mitsubishi Heavy Industries",
            {
                "mitsubishi-heavy-industries-shipbuilding",
                "mitsubishi-heavy-industries-aero-engines",
                "mitsubishi-heavy-industries-marine-machinery-equipment",
                "mitsubishi-heavy-industries-engine-turbocharger",
                "mitsubishi-heavy-industries-maritime-systems",
            },
        ),
        ("Mitsubishi Heavy Industries, Ltd.", None),  # the legal form changes nothing
        ("Kawasaki Heavy Industries", {"kawasaki-heavy-industries-aerospace-systems"}),
        ("Boeing", {"boeing-defense-space-security"}),
        ("MHI", None),  # three letters, an alias begins with it
        ("IHI", None),
        ("三菱重工", None),  # a Chinese name ends part way through a listed word
        ("雷神", None),  # two characters in Chinese are a name
    ],
)
def test_a_name_a_listed_name_begins_with_is_a_possible_match_only(real, typed, entities):
    hits = real.find(typed)
    assert hits and all(not h.definite and h.score == 0.88 for h in hits), hits
    assert all(any(names.begins(names.key(typed), names.key(n)) for n in h.entity.names) for h in hits), hits
    if entities is not None:
        assert {h.entity.id for h in hits} == entities
        assert all(h.how == "the name as listed begins with this name (a unit, or the same company?)" for h in hits)


@pytest.mark.parametrize(
    ("typed", "listed", "expected"),
    [
        ("Lockheed", "Lockheed Martin Aeronautics", True),
        ("Lockheed Martin", "Lockheed Martin Aeronautics", True),
        ("Lockheed Martin Aeronautics", "Lockheed Martin Aeronautics", False),  # the same name: not a beginning
        ("Martin", "Lockheed Martin Aeronautics", False),  # a later word
        ("Lock", "Lockheed Martin Aeronautics", False),  # part of a word
        ("Martin Lockheed", "Lockheed Martin Aeronautics", False),  # order counts
        ("Raytheon Co.", "Raytheon Missiles & Defense", True),  # the legal form set aside
        ("三菱重工", "三菱重工造船株式会社", True),  # no spaces in Chinese: part of the first word
        ("三菱重工造船", "三菱重工造船株式会社", False),  # the same name once 株式会社 is dropped
        ("重工", "三菱重工造船", False),
    ],
)
def test_a_listed_name_begins_with_a_query(typed, listed, expected):
    assert names.begins(names.key(typed), names.key(listed)) is expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("MHI", True),  # three letters
        ("FN", False),  # two
        ("L3", False),
        ("FN Herstal", True),
        ("Co", False),  # a legal form
        ("Co., Ltd.", False),
        ("Industries", False),  # generic words only
        ("Heavy Industries", False),
        ("Japan Aerospace", False),
        ("Kawasaki Heavy Industries", True),
        ("雷神", True),  # two characters in Chinese
        ("三", False),
        ("美国", False),  # generic in Chinese
        ("重工", False),
        ("三菱重工", True),
    ],
)
def test_only_a_distinctive_name_is_looked_for_at_the_start_of_listed_names(typed, expected):
    assert names.distinctive(names.key(typed)) is expected


@pytest.mark.parametrize(("typed", "first"), [("Raytheon", "raytheon"), ("Lockheed", "lockheed")])
def test_a_short_name_finds_every_listed_unit_and_only_those(real, typed, first):
    hits = {h.entity.id for h in real.find(typed)}
    listed = {e.id for e in real.entities if any(names.key(n).words[0] == first for n in e.names)}
    assert len(listed) >= 3 and hits == listed


def test_a_listed_name_that_matches_exactly_keeps_its_units_as_possible_matches(real):
    hits = found(real, "Lockheed Martin")
    assert hits[0] == ("lockheed-martin", True)
    assert ("lockheed-martin-aeronautics", False) in hits and ("lockheed-martin-ventures", False) in hits
    assert all(not definite for _, definite in hits[1:])


@pytest.mark.parametrize(
    ("typed", "entity"),
    [
        ("Leidos Holdings", "leidos"),  # contains a distinctive listed name
        ("Lockheed Martin Aeronautical", "lockheed-martin-aeronautics"),  # one letter off
        ("Subaru of America", "subaru"),
        ("三菱造船株式会社长崎造船所", "mitsubishi-heavy-industries-shipbuilding"),
    ],
)
def test_similar_names_are_possible_matches_only(real, typed, entity):
    hits = real.find(typed)
    assert (entity, False) in [(h.entity.id, h.definite) for h in hits]
    assert all(not h.definite and h.score < 1.0 for h in hits)


def test_an_unconfirmed_entry_is_a_possible_match_even_when_the_name_is_exact(real):
    (hit,) = real.find("Rheinmetall AG")
    assert (hit.entity.id, hit.definite, hit.score) == ("rheinmetall", False, 1.0)
    assert "not confirmed" in hit.how


def test_check_applies_the_listing_to_listed_dual_use_items_only(real):
    day = D("2026-07-01")
    ban = real.check("MP Materials", day, True, Status.LICENSE_REQUIRED)
    assert ban.status is Status.PROHIBITED and ban.matches[0].effect is Status.PROHIBITED
    watch = real.check("SUBARU Corporation", day, True, Status.LICENSE_REQUIRED)
    assert watch.status is Status.ENHANCED_REVIEW
    unlisted = real.check("MP Materials", day, False, Status.NOT_CONTROLLED)
    assert unlisted.status is None and "dual-use items only" in unlisted.matches[0].reason
    held = real.check("Sierra Nevada Corporation", day, True, Status.LICENSE_REQUIRED)
    assert held.status is None and held.matches[0].state.kind == "suspended"


# --------------------------------------------------------------------------- the commands


def test_entities_command_lists_the_watch_list_on_a_date():
    run = mineralctl("entities", "--list", "watch", "--date", "2026-03-01", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "id,name,chinese,country,list,instrument,paragraph,from,date,state,confirmed,projected,uncertainty,rulebook"
    )
    assert all(line.endswith(',"entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30"')
               for line in lines[1:])  # fmt: skip
    assert len(lines) == 21
    assert lines[1].startswith("subaru,SUBARU Corporation,斯巴鲁株式会社,JP,watch,MOFCOM Announcement No. 12 of 2026,")


def test_entities_command_drops_stopped_listings_and_keeps_suspended_ones():
    run = mineralctl("entities", "--dest", "US", "--date", "2025-12-01", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    document = run.json()
    states = {e["id"]: e["state"] for e in document["entities"]}
    assert states["sierra-nevada"] == "suspended"
    assert "skydio" not in states and "insitu" not in states
    assert states["general-dynamics"] == "in-force"
    assert (document["date"], document["projected"]) == ("2025-12-01", False)
    every = mineralctl("entities", "--dest", "US", "--date", "2025-12-01", "--all", "-f", "json").json()
    assert {e["id"]: e["state"] for e in every["entities"]}["skydio"] == "ended"


def test_entities_command_warns_when_projected():
    run = mineralctl("entities", "--list", "control", "--dest", "TW", "--date", "2027-01-01", "-f", "csv")
    assert run.code == 0
    assert len(run.stdout.splitlines()) == 9
    assert run.stderr.startswith("mineralctl: warning: 2027-01-01 is after the entity lists' as_of 2026-09-30")


def test_entities_command_usage_errors():
    run = mineralctl("entities", "--list", "grey")
    assert run.code == 2 and run.stdout == "" and "--list" in run.stderr
    run = mineralctl("entities", "--dest", "Atlantis")
    assert run.code == 4 and run.stdout == ""


def test_an_invalid_entity_file_exits_3_with_lines(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited("    list: control\n", "    list: banned\n"), encoding="utf-8")
    run = mineralctl("entities", "--entities", str(bad))
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == f"{bad}:7:11: error: list: 'banned' is not one of control, watch\n"


def test_show_an_entity_by_name():
    run = mineralctl("show", "Sierra Nevada Corp", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    (entity,) = run.json()["entities"]
    assert (entity["id"], entity["list"], entity["listing"]["instrument"]) == (
        "sierra-nevada",
        "control",
        "MOFCOM Announcement No. 21 of 2025",
    )
    assert [step["date"] for step in entity["history"]] == ["2025-04-04", "2025-05-14", "2025-08-12", "2025-11-10"]
    assert run.json()["entity_lists"]["as_of"] == "2026-09-30"


# --------------------------------------------------------------------------- status --end-user


def status_json(*args: str, env: dict[str, str] | None = None) -> tuple[dict, str]:
    run = mineralctl("status", *args, "-f", "json", env=env)
    assert run.code == 0, run.stderr
    (result,) = run.json()["results"]
    return result, run.stderr


@pytest.mark.parametrize(
    ("day", "status", "state"),
    [("2026-06-21", "license-required", "not-yet-listed"), ("2026-06-22", "prohibited", "in-force")],
)
def test_a_control_listing_makes_a_listed_item_prohibited_from_its_first_day(day, status, state):
    result, stderr = status_json("gallium", "--dest", "US", "--end-user", "MP Materials", "--date", day)
    assert stderr == ""
    assert result["status"] == status
    end_user = result["end_user"]
    assert (end_user["query"], end_user["material_status"]) == ("MP Materials", "license-required")
    (match,) = end_user["matches"]
    assert (match["entity"], match["list"], match["matched_by"], match["state"]) == (
        "mp-materials",
        "control",
        "alias",
        state,
    )
    assert match["listing"]["instrument"] == "MOFCOM Announcement No. 23 of 2026"
    assert end_user["possible_matches"] == []


@pytest.mark.parametrize(("day", "status"), [("2026-02-23", "license-required"), ("2026-02-24", "enhanced-review")])
def test_a_watch_listing_is_at_least_enhanced_review(day, status):
    result, _ = status_json("gallium", "--dest", "JP", "--end-user", "斯巴鲁株式会社", "--date", day)
    assert result["status"] == status
    assert result["end_user"]["matches"][0]["matched_by"] == "Chinese name"


def test_the_lapse_of_the_us_entity_suspension_on_2026_11_10():
    before, _ = status_json("gallium", "--dest", "US", "--end-user", "Sierra Nevada Corp.", "--date", "2026-11-09")
    assert before["status"] == "license-required"
    assert before["end_user"]["matches"][0]["state"] == "suspended"
    assert before["next_change"] == {"date": "2026-11-10", "status": "prohibited"}
    after, stderr = status_json("gallium", "--dest", "US", "--end-user", "Sierra Nevada Corp.", "--date", "2026-11-10")
    assert (after["status"], after["projected"]) == ("prohibited", True)
    assert "treated as applying again from 2026-11-10" in stderr
    assert any("2026-11-09" in text for text in after["uncertainty"])


def test_a_stopped_listing_no_longer_applies():
    result, _ = status_json("gallium", "--dest", "US", "--end-user", "Skydio", "--date", "2025-11-10")
    assert result["status"] == "license-required"
    assert result["end_user"]["matches"][0]["state"] == "ended"


def test_a_listing_restricts_listed_dual_use_items_only():
    result, _ = status_json("holmium", "--dest", "US", "--end-user", "MP Materials", "--date", "2026-07-01")
    assert result["status"] == "not-controlled"
    (match,) = result["end_user"]["matches"]
    assert match["effect"] is None and "dual-use items only" in match["reason"]


def leidos_warning(standing: str = "") -> str:
    return (
        "mineralctl: warning: possible match, review: end user 'Leidos Holdings' and Leidos "
        "(control list, MOFCOM Announcement No. 13 of 2025): similar to the name; score 0.88; "
        f"{standing}it does not change the status\n"
    )


@pytest.mark.parametrize(
    ("day", "status", "standing", "gated"),
    [
        # Gallium's own US ban (No. 46 of 2024) applies until its suspension from 2025-11-09.
        ("2025-03-03", "prohibited", "the listing is not yet in force: listed from 2025-03-04; ", 0),
        ("2025-03-04", "prohibited", "", 1),
        ("2025-11-09", "license-required", "", 1),
        (
            "2025-11-10",
            "license-required",
            "the listing has ended: its measures stopped from 2025-11-10 "
            "(MOFCOM spokesperson's statement of 5 November 2025); ",
            0,
        ),
    ],
)
def test_a_possible_match_is_reported_and_fails_only_when_asked_and_its_listing_is_in_force(
    day, status, standing, gated
):
    args = ("status", "gallium", "--dest", "US", "--end-user", "Leidos Holdings", "--date", day, "-q")
    run = mineralctl(*args)
    assert (run.code, run.stdout, run.stderr) == (0, f"{status}\n", leidos_warning(standing))
    asked = mineralctl(*args, "--fail-on-possible-match")
    assert (asked.code, asked.stdout, asked.stderr) == (gated, run.stdout, run.stderr)


def test_a_possible_match_is_gated_as_an_exact_match_to_the_same_listing_is():
    # Leidos itself on the day its listing ended: no effect, no gate tripped; so for a name like it.
    exact = mineralctl("status", "gallium", "--dest", "US", "--end-user", "Leidos", "-d", "2025-11-10", "-f", "json")
    assert (exact.code, exact.stderr) == (0, "")
    (match,) = exact.json()["results"][0]["end_user"]["matches"]
    assert (match["state"], match["effect"]) == ("ended", None)
    similar = mineralctl(
        "status", "gallium", "--dest", "US", "--end-user", "Leidos Holdings", "-d", "2025-11-10", "-f", "json",
        "--fail-on-possible-match",
    )  # fmt: skip
    assert (similar.code, similar.stderr) == (0, leidos_warning(standing=(
        "the listing has ended: its measures stopped from 2025-11-10 (MOFCOM spokesperson's statement of 5 November "
        "2025); "
    )))  # fmt: skip
    end_user = similar.json()["results"][0]["end_user"]
    assert end_user["matches"] == [] and end_user["status"] is None
    ((entity, state),) = [(m["entity"], m["state"]) for m in end_user["possible_matches"]]
    assert (entity, state) == ("leidos", "ended")


@pytest.mark.parametrize(
    ("day", "status", "gated"),
    [
        ("2025-05-13", "prohibited", 1),
        ("2025-05-14", "prohibited", 0),  # gallium's own US ban, not the listing
        ("2026-11-09", "license-required", 0),
        ("2026-11-10", "license-required", 1),
    ],
)
def test_a_possible_match_of_a_suspended_listing_fails_no_gate(day, status, gated):
    run = mineralctl(
        "status", "gallium", "--dest", "US", "--end-user", "Sierra Nevada Corporatio", "-d", day, "-q",
        "--fail-on-possible-match",
    )  # fmt: skip
    assert (run.code, run.stdout) == (gated, f"{status}\n")
    (warning,) = [line for line in run.stderr.splitlines() if "possible match" in line]
    assert ("; the listing is suspended " in warning) is (gated == 0)


MHI_UNITS = [
    "Mitsubishi Heavy Industries Aero Engines, Ltd.",
    "Mitsubishi Heavy Industries Engine & Turbocharger, Ltd.",
    "Mitsubishi Heavy Industries Marine Machinery & Equipment Co., Ltd.",
    "Mitsubishi Heavy Industries Maritime Systems, Ltd.",
    "Mitsubishi Heavy Industries Shipbuilding Co.",
]


@pytest.mark.parametrize(("day", "gated"), [("2026-02-23", 0), ("2026-02-24", 1), ("2026-03-01", 1)])
def test_a_parent_of_listed_units_is_a_possible_match_naming_each(day, gated):
    args = ("status", "gallium", "--dest", "JP", "--end-user", "Mitsubishi Heavy Industries", "-d", day, "-q")
    run = mineralctl(*args)
    standing = "" if gated else "the listing is not yet in force: listed from 2026-02-24; "
    assert (run.code, run.stdout) == (0, "license-required\n")
    assert run.stderr == "".join(
        f"mineralctl: warning: possible match, review: end user 'Mitsubishi Heavy Industries' and {unit} (control "
        "list, MOFCOM Announcement No. 11 of 2026): the name as listed begins with this name (a unit, or the same "
        f"company?); score 0.88; {standing}it does not change the status\n"
        for unit in MHI_UNITS
    )
    asked = mineralctl(*args, "--fail-on-possible-match")
    assert (asked.code, asked.stdout, asked.stderr) == (gated, run.stdout, run.stderr)
    table = mineralctl(*args[:-1])
    assert table.code == 0
    text = " ".join(table.stdout.split())
    assert "no entity on the control or watch list matched this name" not in text
    # each unit once, as a note of the table; the end-user block counts them
    note = "possible match, review: end user 'Mitsubishi Heavy Industries' and {} (control list"
    assert all(text.count(note.format(unit)) == 1 and text.count(unit) == 1 for unit in MHI_UNITS)
    assert f"• {len(MHI_UNITS)} possible matches to review, in the notes above" in text


@pytest.mark.parametrize(
    ("typed", "gated"),
    [
        ("Kawasaki Heavy Industries", 1),
        ("Raytheon", 1),
        ("Lockheed", 1),
        ("Kawasaki", 1),
        ("Heavy Industries", 0),
        ("Industries", 0),
        ("Co", 0),
        ("Ltd", 0),
        ("FN", 0),
    ],
)
def test_short_names_match_their_listed_units_and_generic_words_match_nothing(typed, gated):
    args = ("status", "gallium", "--dest", "JP", "--end-user", typed, "-d", "2026-03-01", "--fail-on-possible-match")
    run = mineralctl(*args, "-f", "json")
    assert run.code == gated
    end_user = run.json()["results"][0]["end_user"]
    assert end_user["matches"] == [] and end_user["status"] is None
    assert bool(end_user["possible_matches"]) is bool(gated)
    assert all(m["score"] == 0.88 and m["state"] == "in-force" for m in end_user["possible_matches"])
    assert run.stderr.count("mineralctl: warning: possible match, review:") == len(end_user["possible_matches"])


def test_end_user_usage_errors():
    run = mineralctl("status", "gallium", "--fail-on-possible-match")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "mineralctl: error: --fail-on-possible-match needs --end-user NAME\n"
    run = mineralctl("status", "gallium", "--end-user", " ")
    assert (run.code, run.stdout, run.stderr) == (2, "", "mineralctl: error: --end-user: the name is empty\n")


def test_a_plain_lookup_never_reads_the_entity_lists(tmp_path):
    missing = {"MINERALCTL_ENTITIES": str(tmp_path / "missing.yaml")}
    plain = mineralctl("status", "gallium", "-q", "--date", "2026-01-01", env=missing)
    assert (plain.code, plain.stdout, plain.stderr) == (0, "license-required\n", "")
    named = mineralctl("status", "gallium", "-q", "--end-user", "Leidos", env=missing)
    assert (named.code, named.stdout) == (3, "")
    assert named.stderr == f"mineralctl: error: {tmp_path / 'missing.yaml'}: entity file not found\n"


def test_the_fast_path_and_typer_give_the_same_end_user_answer():
    args = ("gallium", "--dest", "US", "--end-user", "Lockheed Martin Corp", "--date", "2026-01-01")
    fast, _ = status_json(*args)
    slow, _ = status_json(*args, env={"MINERALCTL_NO_FAST_PATH": "1"})
    assert fast == slow and fast["status"] == "prohibited"


def test_end_user_csv_columns_and_table():
    run = mineralctl("status", "gallium", "--dest", "US", "--end-user", "Boeing Defense, Space & Security", "-f", "csv")
    assert run.code == 0
    header, row = run.stdout.splitlines()
    assert header.endswith(
        ",other_destinations,related,notes,destination_notes,end_user,end_user_status,end_user_matches,rulebook"
    )
    fields = next(__import__("csv").reader([row]))
    assert fields[-1].startswith("rulebook measures.yaml (packaged) ") and "; entity lists " in fields[-1]
    assert fields[-3] == "prohibited"
    assert "Boeing Defense, Space & Security (control list, MOFCOM Announcement No. 1 of 2025; in-force)" in row
    table = mineralctl("status", "gallium", "--dest", "US", "--end-user", "[bold]Boeing", "--date", "2026-01-01")
    assert table.code == 0
    assert "End user '[bold]Boeing' on 2026-01-01:" in table.stdout
    assert "no entity on the control or watch list matched this name" in table.stdout
    assert "not a sanctions screening" in " ".join(table.stdout.split())


# --------------------------------------------------------------------------- upcoming


def test_upcoming_names_the_lapse_of_the_us_entity_suspension():
    run = mineralctl("upcoming", "--from", "2026-11-01", "--within", "30d", "--dest", "US", "-f", "json")
    assert run.code == 0
    listed = [(e["date"], e["kind"], e["projected"]) for e in run.json()["events"] if e["kind"].startswith("listing-")]
    assert listed == [("2026-11-10", "listing-suspension-lapses", True)]
    (lapse,) = [e for e in run.json()["events"] if e["kind"] == "listing-suspension-lapses"]
    assert "16 listed entities of MOFCOM Announcement No. 21 of 2025 (control list)" in lapse["description"]
    japan = mineralctl("upcoming", "--from", "2026-11-01", "--within", "30d", "--dest", "JP", "-f", "json")
    assert not [e for e in japan.json()["events"] if e["kind"].startswith("listing-")]


def test_a_suspension_continued_the_next_day_is_no_lapse(real):
    from mineralctl.history import listing_events

    events = [(e.date.isoformat(), e.kind, e.entry) for e in listing_events(real, D("2025-05-01"), D("2025-11-30"))]
    assert events == [
        ("2025-05-14", "listing-suspension-starts", "mofcom-2025-05-14-suspension"),
        ("2025-07-09", "listing-starts", "mofcom-2025-35-control"),
        ("2025-08-12", "listing-ends", "mofcom-2025-08-12-stop"),
        ("2025-08-12", "listing-suspension-starts", "mofcom-2025-08-12-suspension"),
        ("2025-09-25", "listing-starts", "mofcom-2025-51-control"),
        ("2025-11-10", "listing-ends", "mofcom-2025-11-05-stop"),
        ("2025-11-10", "listing-suspension-starts", "mofcom-2025-11-05-suspension"),
    ]


# --------------------------------------------------------------------------- timeline and diff


def test_timeline_for_an_end_user_follows_its_listing():
    run = mineralctl(
        "timeline", "tungsten", "--dest", "US", "--end-user", "Insitu, Inc.",
        "--from", "2025-03-01", "--to", "2025-12-31", "-f", "json",
    )  # fmt: skip
    assert run.code == 0
    (timeline,) = run.json()["timelines"]
    assert timeline["end_user"] == "Insitu, Inc."
    periods = [(p["from"], p["until"], p["status"]) for p in timeline["periods"]]
    assert periods == [
        ("2025-03-01", "2025-04-09", "license-required"),
        ("2025-04-10", "2025-05-13", "prohibited"),
        ("2025-05-14", "2025-08-11", "license-required"),
        ("2025-08-12", "2025-12-31", "license-required"),
    ]
    assert "MOFCOM Announcement No. 22 of 2025" in timeline["periods"][1]["change"]
    assert "suspended 2025-05-14 .. 2025-08-11" in timeline["periods"][2]["change"]
    assert timeline["periods"][3]["change"].startswith("status unchanged: end user Insitu, Inc.: measures of the")
    assert "(MOFCOM Announcement No. 22 of 2025) stopped from 2025-08-12" in timeline["periods"][3]["change"]
    assert timeline["periods"][3]["suspended"] == [] and timeline["periods"][2]["suspended"] != []


def test_timeline_without_an_end_user_is_unchanged():
    args = ("timeline", "tungsten", "--dest", "US", "--from", "2025-03-01", "--to", "2025-12-31", "-f", "json")
    (timeline,) = mineralctl(*args).json()["timelines"]
    assert "end_user" not in timeline
    assert [p["status"] for p in timeline["periods"]] == ["license-required"]


def test_diff_for_an_end_user_names_the_suspension_that_lapsed():
    run = mineralctl(
        "diff", "gallium", "--from", "2026-11-09", "--to", "2026-11-10", "--dest", "US",
        "--end-user", "Sierra Nevada Corp", "-f", "json",
    )  # fmt: skip
    assert run.code == 0
    document = run.json()
    assert document["query"]["end_user"] == "Sierra Nevada Corp"
    (change,) = document["changes"]
    assert (change["before"], change["after"]) == ("license-required", "prohibited")
    assert change["instruments"] == [
        "MOFCOM Announcement No. 21 of 2025",
        "MOFCOM spokesperson's statement of 5 November 2025",
    ]
    plain = mineralctl("diff", "gallium", "--from", "2026-11-09", "--to", "2026-11-10", "--dest", "US", "-f", "json")
    assert plain.json()["changes"] == []


def test_the_python_api_screens_an_end_user():
    from mineralctl import load_entities, load_rulebook

    book = load_rulebook()
    r = book.status("gallium", "2026-07-01", destination="US", end_user="MP Materials")
    assert (r.status, r.end_user.matches[0].listing.instrument) == (
        Status.PROHIBITED,
        "MOFCOM Announcement No. 23 of 2026",
    )
    assert book.status("gallium", "2026-07-01", destination="US").end_user is None
    watch = book.status("gallium", "2026-03-01", destination="JP", end_user="TDK", entities=load_entities())
    assert watch.status is Status.ENHANCED_REVIEW


def test_the_packaged_lists_and_the_fixture_satisfy_their_json_schema():
    import json

    import jsonschema
    from conftest import REPO
    from test_schemas import as_editor_reads

    schema = json.loads((REPO / "docs" / "schema" / "entities.schema.json").read_text(encoding="utf-8"))
    for path in (REPO / "data" / "entities.yaml", FIXTURE):
        jsonschema.validate(as_editor_reads(path), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(as_editor_reads(FIXTURE) | {"listing": []}, schema)


# --------------------------------------------------------------------------- any name at all

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_name_is_answered_honestly(typed):
    register = load_entities()
    hits = register.find(typed)
    for hit in hits:
        # A definite match is always a published name or alias of a confirmed entry, at 1.0.
        assert not hit.definite or (hit.score == 1.0 and hit.entity.confirmed)
        assert hit.definite or hit.score >= 0.88


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted({e.name for e in load_entities().entities if e.confirmed})), st.data())
def test_every_confirmed_name_matches_itself_in_any_case_and_with_a_legal_form(name, data):
    register = load_entities()
    form = data.draw(st.sampled_from(["", " Inc.", ", Ltd.", " Co., Ltd.", " GmbH", " LLC"]))
    typed = data.draw(st.sampled_from([name, name.upper(), name.lower()])) + form
    assert any(h.definite and h.entity.name == name for h in register.find(typed)), typed


# --------------------------------------------------------------------------- the shortlist of names

import random  # noqa: E402

_WORDS = ["Nordic", "Pacific", "Atlas", "Vector", "Summit", "Delta", "Orion", "Harbor", "Apex", "Metals"]
_WORDS += ["Systems", "Technologies", "Aerospace", "Defense", "Group", "Industries", "Dynamics", "Research"]
_FORMS = [
    "",
    " Inc.",
    " GmbH",
    ", Ltd.",
    " Co., Ltd.",
    " S.A.",
    " K.K.",
    " LLC",
    "有限公司",
    "股份有限公司",
    "株式会社",
]
_CHINESE = "通用动力三菱重工造船斯巴鲁科技航空防务集团研究所长崎洛克希德马丁雷神波音"


def _variants(name: str, rng: random.Random) -> list[str]:
    """Ways a buyer's name is written near a listed one: typos, swaps, forms, extra words."""
    out = [name, name + rng.choice(_FORMS), " ".join(reversed(name.split())), name.upper()]
    for _ in range(6):
        chars = list(name)
        if not chars:
            break
        at = rng.randrange(len(chars))
        edit = rng.randrange(4)
        if edit == 0:
            del chars[at]
        elif edit == 1:
            chars.insert(at, rng.choice("aeiouxyz" if name.isascii() else _CHINESE))
        elif edit == 2:
            chars[at] = rng.choice("aeiouxyz" if name.isascii() else _CHINESE)
        elif at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        out.append("".join(chars))
    words = name.split()
    out.append(" ".join(words[:-1]) or name[: max(1, len(name) - 2)])  # truncated
    out.append(f"{name} {rng.choice(_WORDS)}")  # a longer name containing the listed one
    out.append(f"{rng.choice(_WORDS)} {name}")
    return out


def _generated(register: EntityRegister, count: int) -> list[str]:
    rng = random.Random(20261129)
    listed = [n for e in register.entities for n in (e.name, e.chinese, *e.aliases) if n]
    typed: list[str] = []
    for name in listed:
        typed += _variants(name, rng)
    while len(typed) < count:
        typed.append(" ".join(rng.sample(_WORDS, rng.randint(1, 3))) + rng.choice(_FORMS))
        typed.append("".join(rng.sample(_CHINESE, rng.randint(2, 6))) + rng.choice(_FORMS))
    return typed + ["", "Inc.", "公司", "a", "ab", "abc", "L3", "TDK", "JAXA", "X"]


def test_the_shortlist_finds_every_match_the_full_scan_finds_with_the_same_scores(real):
    everything = [((entity_id, which), listed) for entity_id, which, listed in real._keys]
    shortlist = names.Shortlist(everything)
    typed = _generated(real, 4000)[::2]
    assert len(typed) >= 2000
    matched = kept = 0
    for name in typed:
        wanted = names.key(name)
        full = list(names.similar(wanted, everything))  # the reference: every name compared
        short = shortlist.candidates(wanted)
        assert list(names.similar(wanted, short)) == full, name
        matched += bool(full)
        kept += len(short)
    # The cases above do match, and the shortlist is short (else this proves nothing).
    assert matched > 1000
    assert kept < len(typed) * len(everything) / 10


def test_find_through_the_shortlist_is_find_over_every_name(real, monkeypatch):
    typed = _generated(real, 0)[::7] + ["Leidos Holdings", "三菱造船株式会社长崎造船所", "Subaru of America"]
    real._cache.clear()
    fast = {name: real.find(name) for name in typed}
    assert "shortlist" in real._cache
    monkeypatch.setattr(names.Shortlist, "candidates", lambda self, query: self._entries)
    real._cache.clear()
    try:
        assert {name: real.find(name) for name in typed} == fast
    finally:
        real._cache.clear()


def test_the_cache_of_names_asked_stays_bounded(real, monkeypatch):
    from mineralctl import entities

    monkeypatch.setattr(entities, "FOUND_LIMIT", 50)
    real._cache.clear()
    try:
        for n in range(500):
            real.find(f"Buyer {n} Trading")
            assert len(real._cache["found"]) <= 50
        assert [(h.entity.id, h.definite) for h in real.find("MP Materials")] == [("mp-materials", True)]
    finally:
        real._cache.clear()


@pytest.mark.parametrize(
    ("day", "rulebook_warned", "lists_warned"),
    [
        ("2026-09-30", False, False),
        ("2026-10-01", False, True),
        ("2026-10-08", False, True),
        ("2026-10-09", True, True),
    ],
)
def test_a_projected_answer_naming_an_end_user_names_each_files_as_of(day, rulebook_warned, lists_warned):
    # The packaged lists are checked to 2026-09-30 and the rulebook to 2026-10-08: after both,
    # the warning names both dates, never only the later rulebook's.
    env: dict[str, str | None] = {"MINERALCTL_ENTITIES": None, "MINERALCTL_RULEBOOK": None, "MINERALCTL_OVERLAY": None}
    run = in_process("status", "gallium", "--dest", "US", "--date", day, "--end-user", "Acme", "-f", "csv", env=env)
    assert run.code == 0 and run.stdout.startswith("material,")
    rulebook = f"mineralctl: warning: {day} is after the rulebook's as_of date 2026-10-08: this answer is projected"
    lists = f"mineralctl: warning: {day} is after the entity lists' as_of date 2026-09-30: the listing is projected"
    lines = run.stderr.splitlines()
    assert any(line.startswith(rulebook) for line in lines) is rulebook_warned, run.stderr
    assert any(line.startswith(lists) for line in lines) is lists_warned, run.stderr


@pytest.mark.parametrize(
    ("name", "error"),
    [
        (" ", "--end-user: the name is empty"),
        (",", "--end-user: the name is empty: ',' has no letter or digit"),
        ("-.-", "--end-user: the name is empty: '-.-' has no letter or digit"),
        ("(US)", "--end-user: the name is empty: '(US)' is only a country tag"),
        ("USA", "--end-user: the name is empty: 'USA' is only a country tag"),
        ("(United States)", "--end-user: the name is empty: '(United States)' is only a country tag"),
        (",\x07", "--end-user: the name is empty: ',\\x07' has no letter or digit"),
    ],
)
def test_an_end_user_that_names_no_one_is_refused_as_empty(name, error):
    run = in_process("status", "gallium", "--dest", "US", "--date", "2025-01-01", "--end-user", name)
    assert (run.code, run.stdout, run.stderr) == (2, "", f"mineralctl: error: {error}\n")
    screen = in_process(
        "screen", "-", "--end-user", name, stdin="material,destination,date,end_use\ngallium,US,2025-01-01,civil\n"
    )
    assert (screen.code, screen.stdout, screen.stderr) == (2, "", f"mineralctl: error: {error}\n")


@pytest.mark.parametrize("name", ["Acme (US)", "US Inc", "IT", "Acme, USA", "1"])
def test_a_name_with_a_word_beside_its_tag_is_answered(name):
    # The other side: a tag beside a name, a code that reads as a word alone, a digit.
    run = in_process("status", "gallium", "--dest", "US", "--date", "2025-01-01", "--end-user", name, "-f", "csv")
    assert run.code == 0 and run.stdout.startswith("material,") and "error" not in run.stderr
