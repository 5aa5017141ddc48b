"""`mineralctl show` of a listing, or of a suspension or ending of listings, by the id that
`uncertainty_ids` and `entries` print: the record itself first (statement, window, sources, open
question), then, briefly, the entities it covers. Each case checks exit code, stdout and stderr."""

from __future__ import annotations

import csv
import io

from conftest import mineralctl


def test_a_listing_suspension_shows_its_own_record_then_the_entities_it_covers():
    run = mineralctl("show", "mofcom-2025-11-05-suspension")
    assert (run.code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines[0] == "mofcom-2025-11-05-suspension"
    text = " ".join(run.stdout.split())
    assert "instrument MOFCOM spokesperson's statement of 5 November 2025" in text
    assert "from 2025-11-10 until 2026-11-09" in text
    assert "https://news.livedoor.com/article/detail/29929610/" in text
    assert "uncertainty The statement says 'for one year from 10 November 2025' without an end date" in text
    assert "covers High Point Aerotechnologies (US) [high-point-aerotechnologies]" in text
    assert "Sierra Nevada Corporation (US) [sierra-nevada]" in text
    # the 16 entities are named once each, not as 16 records repeating the open question
    assert text.count("without an end date") == 1
    assert text.count("[sierra-nevada]") == 1
    assert "history" not in text


def test_a_listing_shows_its_record_and_covers_its_entities_in_json():
    run = mineralctl("show", "mofcom-2025-21-control", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    document = run.json()
    assert "entities" not in document
    (listing,) = document["listings"]
    assert (listing["id"], listing["list"], listing["from"]) == ("mofcom-2025-21-control", "control", "2025-04-04")
    assert listing["summary"].startswith("16 US entities put on the control list")
    assert len(listing["covers"]) == 16
    assert listing["covers"][0] == {
        "id": "high-point-aerotechnologies",
        "name": "High Point Aerotechnologies",
        "country": "US",
    }


def test_an_ending_shows_its_record_in_csv_with_the_entities_in_one_cell():
    run = mineralctl("show", "mofcom-2025-08-12-stop", "-f", "csv")
    assert (run.code, run.stderr) == (0, "")
    rows = {r["key"]: r["value"] for r in csv.DictReader(io.StringIO(run.stdout))}
    assert (rows["id"], rows["kind"], rows["from"]) == ("mofcom-2025-08-12-stop", "stopped", "2025-08-12")
    assert rows["targets"] == "mofcom-2025-22-control"
    assert rows["covers"].startswith("American Photonics (US) [american-photonics]; ")
    assert rows["covers"].endswith("Insitu, Inc. (US) [insitu]")


def test_an_entity_by_name_or_id_is_still_shown_whole():
    run = mineralctl("show", "High Point Aerotechnologies", "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    (entity,) = run.json()["entities"]
    assert entity["id"] == "high-point-aerotechnologies" and len(entity["history"]) == 4


def test_an_id_close_to_a_listing_id_is_unknown():
    run = mineralctl("show", "mofcom-2025-21-controls")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr.startswith("mineralctl: error: unknown material, measure or listed end user")
    assert run.stderr.count("\n") == 1


# ---- by citation (an end-user answer cites a listing as 'MOFCOM Announcement No. 21 of 2025')


def test_every_form_of_a_listing_citation_shows_the_listing():
    for citation in (
        "No. 21 of 2025",
        "MOFCOM Announcement No. 21 of 2025",
        "2025年第21号",
        "商务部公告2025年第21号",
        "21/2025",
    ):
        run = mineralctl("show", citation, "-f", "json")
        assert (run.code, run.stderr) == (0, ""), citation
        document = run.json()
        assert [x["id"] for x in document["listings"]] == ["mofcom-2025-21-control"], citation
        assert "suspensions" not in document and "endings" not in document
        assert document["entity_lists"]["version"] == "entities-1"


def test_a_citation_of_another_authority_or_number_is_refused_and_suggests_listings_too():
    run = mineralctl("show", "MOFCOM/GAC Announcement No. 21 of 2025")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr.startswith("mineralctl: error: unknown material, measure or listed end user")
    run = mineralctl("show", "No. 11 of 2027")
    assert (run.code, run.stdout) == (4, "")
    assert run.stderr == (
        "mineralctl: error: unknown material, measure or listed end user 'No. 11 of 2027'; "
        "did you mean No. 11 of 2026, No. 12 of 2026 or No. 20 of 2026?\n"
    )


def test_a_statement_title_shows_the_suspension_and_the_ending_it_made_in_every_format():
    title = "MOFCOM spokesperson's statement of 12 August 2025"
    run = mineralctl("show", title, "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    document = run.json()
    assert [x["id"] for x in document["suspensions"]] == ["mofcom-2025-08-12-suspension"]
    assert [x["id"] for x in document["endings"]] == ["mofcom-2025-08-12-stop"]
    table = mineralctl("show", title)
    assert (table.code, table.stderr) == (0, "")
    assert "\nmofcom-2025-08-12-suspension\n" in "\n" + table.stdout
    assert "\nmofcom-2025-08-12-stop\n" in table.stdout
    rows = list(csv.DictReader(io.StringIO(mineralctl("show", title, "-f", "csv").stdout)))
    assert [r["value"] for r in rows if r["key"] == "id"] == ["mofcom-2025-08-12-suspension", "mofcom-2025-08-12-stop"]
    # the Chinese title too; a statement of another day names nothing
    assert mineralctl("show", "商务部新闻发言人答记者问（2025年8月12日）", "-f", "json").json()["endings"]
    assert mineralctl("show", "MOFCOM spokesperson's statement of 13 August 2025").code == 4


# ---- a listing lists its suspensions and endings and says where it stands


def _listing(citation: str, today: str) -> dict:
    run = mineralctl("show", citation, "-f", "json", env={"MINERALCTL_TODAY": today})
    assert (run.code, run.stderr) == (0, "")
    (listing,) = run.json()["listings"]
    return listing


def test_a_listing_names_each_suspension_with_its_window():
    listing = _listing("mofcom-2025-21-control", "2026-11-09")
    assert [(s["id"], s["kind"], s["from"], s["until"]) for s in listing["suspensions"]] == [
        ("mofcom-2025-05-14-suspension", "suspended", "2025-05-14", "2025-08-11"),
        ("mofcom-2025-08-12-suspension", "suspended", "2025-08-12", "2025-11-09"),
        ("mofcom-2025-11-05-suspension", "suspended", "2025-11-10", "2026-11-09"),
    ]


def test_where_a_listing_stands_on_each_side_of_its_last_suspended_day():
    held = _listing("mofcom-2025-21-control", "2026-11-09")["today"]
    assert (held["state"], held["suspension"]["id"], held["projected"]) == (
        "suspended",
        "mofcom-2025-11-05-suspension",
        True,
    )
    again = _listing("mofcom-2025-21-control", "2026-11-10")["today"]
    assert (again["date"], again["state"], again["suspension"]) == ("2026-11-10", "in-force", None)
    before = _listing("No. 21 of 2025", "2025-04-03")["today"]
    assert before["state"] == "not-yet-listed"


def test_an_ended_listing_says_so_in_table_and_csv_and_not_the_day_before():
    env = {"MINERALCTL_TODAY": "2025-08-12"}
    table = mineralctl("show", "No. 22 of 2025", env=env)
    assert (table.code, table.stderr) == (0, "")
    text = " ".join(table.stdout.split())
    assert "suspended 2025-05-14 to 2025-08-11: MOFCOM spokesperson's statement of 14 May 2025" in text
    assert "stopped from 2025-08-12: MOFCOM spokesperson's statement of 12 August 2025 [mofcom-2025-08-12-stop]" in text
    assert "today stopped from 2025-08-12 by [mofcom-2025-08-12-stop]: no longer applies on 2025-08-12" in text
    day_before = mineralctl("show", "No. 22 of 2025", "-f", "csv", env={"MINERALCTL_TODAY": "2025-08-11"})
    assert (day_before.code, day_before.stderr) == (0, "")
    rows = {r["key"]: r["value"] for r in csv.DictReader(io.StringIO(day_before.stdout))}
    assert rows["today"] == "suspended on 2025-08-11, to 2025-08-11 inclusive, by [mofcom-2025-05-14-suspension]"
    assert "[mofcom-2025-08-12-stop]" in rows["suspensions"]
