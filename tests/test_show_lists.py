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
