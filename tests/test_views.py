"""What people read: ids they can find, suspensions named where they hold a change back, and
the same status, projected flag and open questions in table, JSON and CSV for every command."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import Run, in_process

TODAY = {"MINERALCTL_TODAY": "2026-11-29"}


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- show


@pytest.mark.parametrize(
    "citation", ["No. 72 of 2025", "72/2025", "2025年第72号", "MOFCOM Announcement No. 72 of 2025"]
)
def test_show_takes_an_instrument_citation(citation):
    run = in_process("show", citation, "-f", "json")
    assert (run.code, run.stderr) == (0, "")
    assert [s["id"] for s in run.json()["suspensions"]] == ["mofcom-2025-72"]


def test_show_lists_every_measure_of_an_instrument():
    run = in_process("show", "No. 46 of 2024", "-f", "json", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    ids = [m["id"] for m in run.json()["measures"]]
    assert ids[:2] == ["mofcom-2024-46-p1", "mofcom-2024-46-p2-deny"] and len(ids) == 5
    # An authority that did not issue it is not quietly ignored.
    run = in_process("show", "MOST Announcement No. 46 of 2024")
    assert run.code == 4 and run.stdout == ""


@pytest.mark.parametrize(
    ("today", "words"),
    [
        ("2025-11-08", "applies on 2025-11-08"),
        ("2025-11-09", "in force but suspended on 2025-11-09 by [mofcom-2025-72]: it does not apply"),
        ("2026-11-27", "in force but suspended on 2026-11-27 (projected) by [mofcom-2025-72]: it does not apply"),
        ("2026-11-28", "applies on 2026-11-28 (projected)"),
        ("2024-12-02", "not in force on 2024-12-02"),
    ],
)
def test_show_of_a_measure_says_whether_it_applies_today(today, words):
    run = in_process("show", "mofcom-2024-46-p2-graphite", env={"MINERALCTL_TODAY": today})
    assert (run.code, run.stderr) == (0, "")
    assert "suspensions MOFCOM Announcement No. 72 of 2025 [mofcom-2025-72], 2025-11-09 to 2026-11-27" in flat(
        run.stdout
    )
    assert f"today {words}" in flat(run.stdout)


def test_tables_show_the_ids_show_takes():
    run = in_process("status", "graphite", "--dest", "US", "--date", "2026-01-01")
    ids = set(re.findall(r"\[([a-z][a-z0-9-]+)\]", run.stdout))
    assert {"mofcom-gac-2023-39", "mofcom-2025-72"} <= ids
    for key in ids:
        assert in_process("show", key, "-f", "json").code == 0, key


# --------------------------------------------------------------------------- suspensions and lapses


def test_upcoming_says_when_a_suspension_holds_a_change_back():
    run = in_process("upcoming", "--from", "2025-11-08", "--within", "1d", "-f", "json")
    events = {e["entry"]: e for e in run.json()["events"]}
    assert events["mofcom-gac-2025-57"]["held_by"] == ["mofcom-gac-2025-70"]
    assert "mofcom-gac-2025-70" in events["mofcom-gac-2025-57"]["uncertainty_ids"]
    table = flat(in_process("upcoming", "--from", "2025-11-08", "--within", "1d").stdout)
    assert (
        "held back: suspended by No. 70 of 2025 [mofcom-gac-2025-70] to 2026-11-10 inclusive, so no status "
        "changes that day" in table
    )
    # The day it lapses, nothing holds it back.
    run = in_process("upcoming", "--from", "2026-11-11", "--within", "1d", "-f", "json")
    assert all(not e["held_by"] for e in run.json()["events"])


@pytest.mark.parametrize(
    ("date", "detail"),
    [
        ("2026-11-27", "suspended by MOFCOM Announcement No. 72 of 2025 2025-11-09 .. 2026-11-27"),
        (
            "2026-11-28",
            "not suspended on this date: the suspension by MOFCOM Announcement No. 72 of 2025 ended after "
            "2026-11-27 (applies again from 2026-11-28) as written; projected",
        ),
    ],
)
def test_explain_names_a_projected_lapse(date, detail):
    run = in_process("status", "graphite", "--dest", "US", "--date", date, "--explain")
    assert run.code == 0
    assert detail in flat(run.stdout)


# --------------------------------------------------------------------------- one truth in every format


def table_facts(text: str) -> tuple[list[str], bool, set[str]]:
    """Status words, whether anything is projected, and the ids of the open questions a table prints."""
    statuses = re.findall(r"\b(not-controlled|license-required|enhanced-review|prohibited)\b", text)
    questions = set(re.findall(r"uncertain: [^\[]*\[([a-z0-9-]+)\]", flat(text)))
    return statuses, "projected" in text, questions


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def formats(*args: str, env: dict[str, str | None] | None = None) -> tuple[Run, Run, Run]:
    """The same command as a wide table, JSON and CSV; each must exit 0."""
    table = in_process(*args, env={"COLUMNS": "200", **(env or {})})
    data = in_process(*args, "-f", "json", env=env)
    sheet = in_process(*args, "-f", "csv", env=env)
    assert (table.code, data.code, sheet.code) == (0, 0, 0), (table, data, sheet)
    return table, data, sheet


def ids(values: list[str]) -> set[str]:
    return {i for v in values for i in v.split(";") if i}


HIGH_POINT = "High Point Aerotechnologies"  # a No. 21 of 2025 control-list entity, suspended to 2026-11-09
CASES = [
    ("status", ["graphite", "gallium", "europium", "--dest", "US", "--date", "2026-12-01"]),
    ("status", ["gallium", "--date", "2023-07-31"]),
    ("status", ["gallium", "--date", "2026-01-01"]),
    ("timeline", ["graphite", "--dest", "US"]),
    ("diff", ["--from", "2026-11-01", "--to", "2026-12-01", "--dest", "US"]),
    ("diff", ["--from", "2025-01-01", "--to", "2025-06-01"]),
    ("upcoming", ["--from", "2026-11-01", "--within", "2m", "--dest", "US"]),
    ("status", ["gallium", "europium", "--dest", "US", "--date", "2026-11-10", "--end-user", HIGH_POINT]),
    ("timeline", ["gallium", "--dest", "US", "--end-user", HIGH_POINT]),
    ("diff", ["--from", "2026-11-01", "--to", "2026-11-12", "--dest", "US", "--end-user", HIGH_POINT]),
]


@pytest.mark.parametrize(("command", "args"), CASES)
def test_the_same_answer_in_table_json_and_csv(command, args):
    table, data, sheet = formats(command, *args)
    document, rows = data.json(), csv_rows(sheet.stdout)
    if command == "status":
        items = document["results"]
        assert [r["status"] for r in rows] == [r["status"] for r in items]
        # What the table says beside the answer, CSV says in columns of its own.
        related_ids = [";".join(f"{m['id']}={m['covers']}" for m in r["related"]) for r in items]
        assert [r["related"] for r in rows] == related_ids
        assert [r["notes"] for r in rows] == [flat(r["notes"]) for r in items]
        related = "technology, equipment or re-export measures also apply" in flat(table.stdout)
        assert related is any(r["related"] for r in items)
        # Every status word the table prints: the answers, the next changes, and in the why
        # lines the deciding and suspended measures' effects, military use and the goods alone.
        statuses = [
            s
            for r in items
            for s in (
                r["status"],
                r["military_status"],
                r["end_user"]["material_status"] if "end_user" in r else None,
                *((r["next_change"] or {}).get("status", None),),
                *(m["effect"] for m in r["measures"][:1]),
                *(m["effect"] for m in r["suspended"]),
            )
            if s
        ]
    elif command == "timeline":
        items = [p for t in document["timelines"] for p in t["periods"]]
        assert [r["status"] for r in rows] == [p["status"] for p in items]
        statuses = [p["status"] for p in items]
    elif command == "diff":
        items = document["changes"]
        assert [(r["before"], r["after"]) for r in rows] == [(d["before"], d["after"]) for d in items]
        statuses = [s for d in items for s in (d["before"], d["after"])]
        # The entries that changed each status, by id, in all three.
        assert [r["entries"].split(";") for r in rows] == [d["entries"] for d in items]
        assert all(d["entries"] for d in items)
        assert set(re.findall(r"\[([a-z][a-z0-9-]+)\]", table.stdout)) >= {e for d in items for e in d["entries"]}
    else:
        items = document["events"]
        statuses = [s for e in items for x in e["effects"] for s in (x["before"], x["after"])]
        assert [(r["before"], r["after"]) for r in rows if r["material"]] == [
            (x["before"], x["after"]) for e in items for x in e["effects"]
        ]
    projected = any(i["projected"] for i in items)
    questions = {q for i in items for q in i["uncertainty_ids"]}
    assert any(r["projected"] == "true" for r in rows) is projected
    assert ids([r["uncertainty_ids"] for r in rows]) == questions
    shown, said_projected, noted = table_facts(table.stdout)
    assert said_projected is projected
    assert noted == questions
    assert sorted(set(shown)) == sorted(set(statuses))


def test_the_why_line_names_the_end_user_when_the_listing_decides():
    run = in_process("status", "gallium", "--dest", "US", "--end-user", "MP Materials", "--date", "2026-07-01")
    assert run.code == 0
    text = flat(run.stdout)
    assert " Gallium [2][3] prohibited none " in f" {text} "
    assert "• Gallium: prohibited for the end user: MP Materials Corp. (control list, No. 23 of 2026); the goods " \
        "alone: license-required under No. 23 of 2023" in text  # fmt: skip
    # Without the end user the goods decide, and the line says nothing of a buyer.
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-07-01")
    assert "• Gallium: license-required under No. 23 of 2023" in flat(run.stdout)


def test_screen_gives_the_same_answer_in_csv_json_lines_and_table():
    from pathlib import Path

    shipments = str(Path(__file__).parent / "snapshots" / "human" / "shipments.csv")
    sheet = csv_rows(in_process("screen", shipments).stdout)
    lines = [
        __import__("json").loads(line) for line in in_process("screen", shipments, "-f", "jsonl").stdout.splitlines()
    ]
    table = flat(in_process("screen", shipments, "-f", "table", env={"COLUMNS": "80"}).stdout)
    assert [r["status"] for r in sheet] == [r["status"] for r in lines]
    assert [r["projected"] == "true" for r in sheet] == [r["projected"] for r in lines]
    assert [ids([r["uncertainty"]]) for r in sheet] == [set(r["uncertainty"]) for r in lines]
    assert re.findall(r"status (\S+) projected (\S+)", table) == [(r["status"], r["projected"]) for r in sheet]


def test_a_next_change_after_as_of_is_marked_projected():
    # No. 72's suspension lapses on 2026-11-27 as written, after the rulebook's as_of.
    run = in_process("status", "gallium", "--dest", "US", "--date", "2026-01-01")
    assert re.search(r"Gallium (\[\d\])+ license-required 2026-11-28 → prohibited \(projected\)", flat(run.stdout))
    # A change before as_of is a recorded fact: no mark.
    run = in_process("status", "gallium", "--dest", "US", "--date", "2025-11-08")
    assert re.search(r"Gallium (\[\d\])+ prohibited 2025-11-09 → license-required Why", flat(run.stdout))


# --------------------------------------------------------------------------- a named end user


def diff_of(material: str, to: str, *more: str) -> dict:
    run = in_process("diff", material, "--from", "2026-11-01", "--to", to, "--dest", "US", *more, "-f", "json")
    assert run.code == 0
    after = "dates after 2026-09-30, the earliest checked-through date of the files in use, are" if more else (
        "dates after the rulebook's as_of 2026-10-08 are"
    )  # fmt: skip
    assert run.stderr == f"mineralctl: warning: {after} projected from the rules as written\n"
    changes = run.json()["changes"]
    return changes[0] if changes else {}


def test_a_diff_for_an_end_user_keeps_the_goods_entries_and_questions_and_adds_the_lists():
    goods = diff_of("europium", "2026-11-12")
    buyer = diff_of("europium", "2026-11-12", "--end-user", HIGH_POINT)
    assert goods["entries"] == ["mofcom-gac-2025-57", "mofcom-gac-2025-70"]
    assert goods["uncertainty_ids"] == ["mofcom-gac-2025-70"]
    assert (goods["after"], buyer["after"]) == ("license-required", "prohibited")
    assert buyer["entries"] == [*goods["entries"], "mofcom-2025-21-control", "mofcom-2025-11-05-suspension"]
    assert buyer["uncertainty_ids"] == [*goods["uncertainty_ids"], "mofcom-2025-11-05-suspension"]
    assert "2026-11-09 the stricter reading" in flat(" ".join(buyer["uncertainty"])).replace(",", "")


def test_a_diff_for_an_end_user_on_both_sides_of_the_lapse_of_the_listing_suspension():
    # The No. 21 entities are suspended to 2026-11-09 (the stricter reading of 'one year').
    assert diff_of("gallium", "2026-11-09", "--end-user", HIGH_POINT) == {}
    lapsed = diff_of("gallium", "2026-11-10", "--end-user", HIGH_POINT)
    assert (lapsed["before"], lapsed["after"]) == ("license-required", "prohibited")
    assert lapsed["entries"] == ["mofcom-2025-21-control", "mofcom-2025-11-05-suspension"]
    assert lapsed["uncertainty_ids"] == ["mofcom-2024-46-p2-deny", "mofcom-2025-72", "mofcom-2025-11-05-suspension"]
    table = in_process("diff", "gallium", "--from", "2026-11-01", "--to", "2026-11-10", "--dest", "US",
                       "--end-user", HIGH_POINT, env={"COLUMNS": "200"})  # fmt: skip
    assert (table.code, table.stderr) == (0, "")
    text = flat(table.stdout)
    assert "No. 21 of 2025 [mofcom-2025-21-control] MOFCOM spokesperson's statement of 5 November 2025 " \
        "[mofcom-2025-11-05-suspension]" in text  # fmt: skip
    assert "uncertain: MOFCOM spokesperson's statement of 5 November 2025 [mofcom-2025-11-05-suspension]: " in text


def test_a_timeline_for_an_end_user_carries_the_question_of_the_listing_suspension():
    run = in_process("timeline", "gallium", "--dest", "US", "--end-user", HIGH_POINT, "-f", "json")
    assert run.code == 0
    periods = {p["from"]: p for p in run.json()["timelines"][0]["periods"]}
    # Before the suspension of 5 November 2025 starts (2025-11-10), its question is not behind the answer.
    assert "mofcom-2025-11-05-suspension" not in periods["2025-11-09"]["uncertainty_ids"]
    assert periods["2026-11-10"]["status"] == "prohibited"
    assert periods["2026-11-10"]["uncertainty_ids"] == [
        "mofcom-2024-46-p2-deny", "mofcom-2025-72", "mofcom-2025-11-05-suspension"
    ]  # fmt: skip
    assert "mofcom-2025-11-05-suspension" in periods["2026-10-01"]["uncertainty_ids"]


def test_show_takes_the_id_of_a_suspension_of_listings():
    run = in_process("show", "mofcom-2025-11-05-suspension", "-f", "json", env=TODAY)
    assert (run.code, run.stderr) == (0, "")
    (suspension,) = run.json()["suspensions"]
    assert (suspension["from"], suspension["until"]) == ("2025-11-10", "2026-11-09")
    names = [e["name"] for e in suspension["covers"]]
    assert HIGH_POINT in names and len(names) == 16


# --------------------------------------------------------------------------- entities


@pytest.mark.parametrize(("date", "projected"), [("2026-09-30", False), ("2026-10-01", True), ("2026-11-10", True)])
def test_entities_says_projected_in_table_json_and_csv_alike(date, projected):
    table, data, sheet = formats("entities", "--dest", "US", "--date", date, "--all")
    warning = (
        f"mineralctl: warning: {date} is after the entity lists' as_of 2026-09-30: states are projected from the "
        "announcements as written\n"
    )
    # JSON and CSV say it on stderr too; a table says it once, as a note.
    assert (data.stderr, sheet.stderr, table.stderr) == ((warning, warning, "") if projected else ("", "", ""))
    assert data.json()["projected"] is projected
    rows = csv_rows(sheet.stdout)
    assert len(rows) == len(data.json()["entities"]) == 84
    assert {r["projected"] for r in rows} == {"true" if projected else "false"}
    text = flat(table.stdout)
    assert text.startswith(f"84 entities every entry on {date}" + (" (projected) [1] " if projected else " "))
    assert ("[1] projected: after the entity lists' as_of 2026-09-30" in text) is projected


def test_entities_json_names_the_file_that_answered_in_rulebook_files():
    data = in_process("entities", "--dest", "DE", "--date", "2026-09-30", "-f", "json")
    sheet = in_process("entities", "--dest", "DE", "--date", "2026-09-30", "-f", "csv")
    assert (data.code, data.stderr, sheet.code, sheet.stderr) == (0, "", 0, "")
    document = data.json()
    assert document["rulebook"] == {
        "version": "entities-1",
        "as_of": "2026-09-30",
        "files": [
            {"path": "entities.yaml (packaged)", "version": "entities-1", "as_of": "2026-09-30", "overlay": False,
             "kind": "entities"}
        ],
    }  # fmt: skip
    assert document["entity_lists"] == {k: document["rulebook"]["files"][0][k] for k in ("path", "version", "as_of")}
    assert {r["rulebook"] for r in csv_rows(sheet.stdout)} == {
        "entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30"
    }


@pytest.mark.parametrize(
    "args",
    [
        ("status", "gallium"),
        ("timeline", "gallium"),
        ("diff", "--from", "2025-01-01", "--to", "2025-06-01"),
        ("upcoming", "--from", "2025-01-01"),
        ("materials",),
        ("measures", "--material", "graphite"),
        ("show", "mofcom-2025-72"),
        ("show", "High Point Aerotechnologies"),
        ("entities", "--dest", "DE"),
    ],
)
def test_every_json_names_the_files_that_answered_as_its_csv_does(args):
    data = in_process(*args, "-f", "json", env=TODAY)
    sheet = in_process(*args, "-f", "csv", env=TODAY)
    assert data.code == sheet.code == 0
    files = data.json()["rulebook"]["files"]
    assert files and all(f["path"] and f["version"] and f["as_of"] for f in files)
    labels = {r["rulebook"] for r in csv_rows(sheet.stdout)}
    assert len(labels) == 1
    (label,) = labels
    for f in files:
        assert f["version"] in label and f["as_of"] in label


# --------------------------------------------------------------------------- measures


@pytest.mark.parametrize("args", [("--material", "graphite"), ("--material", "gallium"), ()])
def test_measures_carry_every_open_question_in_table_json_and_csv(args):
    table, data, sheet = formats("measures", *args)
    assert table.stderr == data.stderr == sheet.stderr == ""
    document = data.json()
    entries = [*document["measures"], *document["suspensions"]]
    rows = csv_rows(sheet.stdout)
    assert [r["id"] for r in rows] == [e["id"] for e in entries]
    for row, entry in zip(rows, entries, strict=True):
        assert row["uncertainty"] == entry["uncertainty"]
        assert row["open_questions"] == " | ".join(f"{q['date']}: {q['text']}" for q in entry["open_questions"])
    text = flat(table.stdout)
    noted = set(re.findall(r"uncertain: [^\[]*\[([a-z0-9-]+)\]", text))
    assert noted == {e["id"] for e in entries if e["uncertainty"]}
    asked = set(re.findall(r"open question for (\d{4}-\d\d-\d\d): [^\[]*\[([a-z0-9-]+)\]", text))
    assert asked == {(q["date"], e["id"]) for e in entries for q in e["open_questions"]}
    # Each id with a question is marked with the numbers of its notes.
    for e in entries:
        marked = re.search(rf"(?<![\w-]){re.escape(e['id'])} ((\[\d+\])+)", text)
        assert (marked is not None) is bool(e["uncertainty"] or e["open_questions"]), e["id"]


def test_measures_of_graphite_name_the_extension_question_and_the_undated_start():
    text = flat(in_process("measures", "--material", "graphite", env={"COLUMNS": "120"}).stdout)
    assert "mofcom-2025-72 [3][4]" in text
    assert "[4] open question for 2027-01-10: No. 72 of 2025 [mofcom-2025-72]: Possible new last day" in text
    assert "[1] uncertain: No. 50 of 2006 [mofcom-costind-gac-2006-50]: The 2006 announcement" in text


def test_status_csv_says_what_else_applies_and_the_notes_as_json_and_the_table_do():
    header = in_process("status", "gallium", "-f", "csv").stdout.splitlines()[0].split(",")
    assert header[-4:] == ["other_destinations", "related", "notes", "rulebook"]
    run = in_process("status", "europium", "--date", "2026-12-01", "-f", "csv")
    assert run.code == 0
    (row,) = csv_rows(run.stdout)
    assert row["related"] == "mofcom-gac-2025-56=equipment;mofcom-2025-62=technology;mofcom-most-2023-57=technology"
    run = in_process("status", "gallium", "--date", "2026-12-01", "-f", "csv")
    (row,) = csv_rows(run.stdout)
    assert row["related"] == "" and row["notes"].startswith("HS codes of 2023 (No. 23 of 2023)")


# --------------------------------------------------------------------------- calendars


def unfolded(ics: str) -> str:
    """An iCalendar file's text as read: lines unfolded, TEXT escapes undone."""
    text = ics.replace("\r\n ", "")
    return text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def test_upcoming_ics_projects_from_the_date_its_table_does_and_names_the_same_files():
    args = ("upcoming", "--from", "2026-11-01", "--within", "1m", "--dest", "US")
    table = in_process(*args, env={"COLUMNS": "400"})
    ics = in_process(*args, "-f", "ics")
    data = in_process(*args, "-f", "json")
    assert table.code == ics.code == data.code == 0
    assert table.stderr == "" and ics.stderr == data.stderr != ""
    files = (
        "rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; entity lists entities.yaml (packaged) "
        "entities-1, checked to 2026-09-30"
    )
    note = f"after 2026-09-30, the earliest checked-through date of the files in use ({files})"
    assert f"projected: {note}, by the rules as written" in flat(table.stdout)
    text = unfolded(ics.stdout)
    assert "2026-10-08" not in text.replace(files, "")  # the rulebook's own date only as one file's date
    (header,) = [line for line in text.split("\r\n") if line.startswith("DESCRIPTION:Dated changes")]
    assert f"from the files in use ({files}); dates after 2026-09-30, the earliest" in header
    projected = [e for e in data.json()["events"] if e["projected"]]
    assert projected and text.count(f"PROJECTED: {note}, this follows the rules as written") == len(projected)
    assert data.json()["rulebook"]["as_of"] == "2026-09-30"


@pytest.mark.parametrize(("as_of", "projected"), [("2026-11-09", True), ("2026-11-10", False)])
def test_a_change_to_the_lists_is_projected_alike_in_the_table_and_the_calendar(tmp_path, as_of, projected):
    # The No. 21 of 2025 entities apply again on 2026-11-10: projected only when the lists were
    # checked through an earlier day.
    from conftest import REPO

    lists = tmp_path / "entities.yaml"
    text = (REPO / "data" / "entities.yaml").read_text(encoding="utf-8")
    lists.write_text(text.replace('as_of: "2026-09-30"', f'as_of: "{as_of}"', 1), encoding="utf-8")
    args = ("upcoming", "--from", "2026-11-10", "--within", "0d", "--dest", "US", "--entities", str(lists))
    table = in_process(*args, env={"COLUMNS": "400", **TODAY})
    ics = in_process(*args, "-f", "ics", env=TODAY)
    data = in_process(*args, "-f", "json", env=TODAY)
    assert table.code == ics.code == data.code == 0
    (event,) = [e for e in data.json()["events"] if e["entry"] == "mofcom-2025-11-05-suspension"]
    assert event["projected"] is projected
    assert ("2026-11-10 (projected)" in table.stdout) is projected
    text = unfolded(ics.stdout)
    block = text[text.index("UID:mofcom-2025-11-05-suspension") :].split("END:VEVENT")[0]
    assert ("STATUS:TENTATIVE" in block) is projected
    assert ("PROJECTED: after 2026-10-08, the earliest checked-through date of the files in use" in block) is projected
    assert f"entity lists {lists} entities-1, checked to {as_of}" in block


@pytest.mark.parametrize(("date", "asked"), [("2025-11-09", False), ("2025-11-10", True), ("2026-11-10", True)])
def test_entities_carry_the_open_questions_behind_each_entry_in_every_format(date, asked):
    table, data, sheet = formats("entities", "--dest", "US", "--date", date, "--all")
    entities = data.json()["entities"]
    rows = csv_rows(sheet.stdout)
    assert [r["uncertainty"] for r in rows] == [" | ".join(e["uncertainty"]) for e in entities]
    (high_point,) = [e for e in entities if e["name"] == HIGH_POINT]
    # The suspension of 5 November 2025 (from 2025-11-10) and its question about its last day.
    assert any("2026-11-09" in text for text in high_point["uncertainty"]) is asked
    text = flat(table.stdout)
    note = "uncertain: MOFCOM spokesperson's statement of 5 November 2025 [mofcom-2025-11-05-suspension]"
    assert (note in text) is asked
    marks = dict(re.findall(r"│ ([a-z0-9-]+)( (?:\[\d+\])+)? +│", table.stdout))
    assert {e["id"] for e in entities if e["uncertainty"]} == {k for k, v in marks.items() if v}
