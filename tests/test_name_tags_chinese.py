"""Every country name or code `--dest` reads is a tag set aside from a buyer's name alike: a
Chinese name (`（美国）`, `(美国)`, ` 美国`), a code in square brackets (`[US]`), a lower-case code
set off by parentheses or a comma (`(us)`, `, us`), and a tag written twice (`(US) (US)`). Words
that only look like codes stay (`Skydio, In.`, `Acme, s.a.`). A name that is only such a tag
(`美国`, `[US]`) is refused as empty by `status`, and is an unresolved row in `screen`, whose
blank cell still means no end user. Each CLI case checks exit code, stdout and stderr."""

from __future__ import annotations

import pytest
from conftest import in_process

from mineralctl import names

BARE = "洛克希德·马丁公司"
GATE = ("gallium", "--dest", "US", "--date", "2026-07-01", "--fail-on", "prohibited", "-q")
RULEBOOK = (
    "rulebook measures.yaml (packaged) data-2, checked to 2026-10-08; "
    "entity lists entities.yaml (packaged) entities-1, checked to 2026-09-30"
)
ANSWERED = f"mineralctl: answered by {RULEBOOK}\n"


@pytest.mark.parametrize(
    ("name", "left", "dropped"),
    [
        ("洛克希德·马丁公司（美国）", "洛克希德 马丁", "（美国）"),
        ("洛克希德·马丁公司(美国)", "洛克希德 马丁", "(美国)"),
        ("洛克希德·马丁公司 美国", "洛克希德 马丁", "美国"),
        ("Lockheed Martin（美国）", "lockheed martin", "（美国）"),
        ("Lockheed Martin 美國", "lockheed martin", "美國"),
        ("Lockheed Martin (us)", "lockheed martin", "(us)"),
        ("Lockheed Martin, us", "lockheed martin", "us"),
        ("Lockheed Martin [US]", "lockheed martin", "[US]"),
        ("Lockheed Martin ［US］", "lockheed martin", "［US］"),
        ("Lockheed Martin Corp. (US) (US)", "lockheed martin", "(US) (US)"),
        ("Foo (US) [us] (美国)", "foo", "(US) [us] (美国)"),
    ],
)
def test_a_chinese_bracketed_lower_case_or_repeated_tag_is_set_aside(name, left, dropped):
    forms = names.trimmed(name)
    assert (" ".join(forms[-1][0].words), forms[-1][1]) == (left, dropped)


@pytest.mark.parametrize(
    "name",
    [
        "Lockheed Martin us",  # lower case, not set off: a word
        "Skydio, In.",  # Title case: a word (a typed Inc.)
        "Acme (in)",  # a code that reads as a word stays a word in lower case
        "Acme, s.a.",  # a legal form, not South Africa
        "Acme, co",
        "Foo (Us)",
        "Foo [Tokyo]",  # a city in brackets
        "洛克希德·马丁公司",  # no tag
    ],
)
def test_a_word_that_only_looks_like_a_tag_stays(name):
    assert names.trimmed(name) == []


def _status(name: str):
    return in_process("status", *GATE, "--end-user", name)


@pytest.mark.parametrize(
    "name",
    [
        "洛克希德·马丁公司（美国）",
        "洛克希德·马丁公司(美国)",
        "洛克希德·马丁公司 美国",
        "洛克希德·马丁公司（美國）",
        "洛克希德·马丁公司［US］",
    ],
)
def test_a_tagged_chinese_listed_name_fails_the_gate_as_the_bare_name_does(name):
    bare = _status(BARE)
    assert (bare.code, bare.stdout) == (1, "prohibited\n")
    run = _status(name)
    # The same answer and the same possible matches, named by the name as typed.
    assert (run.code, run.stdout, run.stderr) == (1, "prohibited\n", bare.stderr.replace(f"'{BARE}'", f"'{name}'"))


@pytest.mark.parametrize(
    "name",
    [
        "Lockheed Martin（美国）",
        "Lockheed Martin 美国",
        "Lockheed Martin (us)",
        "Lockheed Martin [US]",
        "Lockheed Martin Corp. (US) (US)",
    ],
)
def test_a_tagged_english_listed_name_fails_the_gate_as_the_bare_name_does(name):
    bare = _status("Lockheed Martin")
    assert (bare.code, bare.stdout) == (1, "prohibited\n")
    run = _status(name)
    assert (run.code, run.stdout, run.stderr) == (
        1,
        "prohibited\n",
        bare.stderr.replace("'Lockheed Martin'", f"'{name}'"),
    )


def test_a_lower_case_code_not_set_off_stays_a_word_and_the_gate_passes():
    run = _status("Lockheed Martin us")
    assert (run.code, run.stdout) == (0, "license-required\n")
    assert run.stderr == (
        "mineralctl: warning: possible match, review: end user 'Lockheed Martin us' and Lockheed Martin "
        "Corporation (control list, MOFCOM Announcement No. 1 of 2025): similar to the name; score 0.93; "
        "it does not change the status\n"
    )


def test_status_names_the_chinese_tag_set_aside():
    asked = ("status", "gallium", "--dest", "US", "--date", "2026-07-01", "-f", "json", "--end-user")
    bare = in_process(*asked, "Lockheed Martin")
    run = in_process(*asked, "Lockheed Martin（美国）")
    assert (run.code, run.stderr) == (0, bare.stderr.replace("'Lockheed Martin'", "'Lockheed Martin（美国）'"))
    assert bare.stderr.count("possible match, review") == 5
    (result,) = run.json()["results"]
    assert result["status"] == "prohibited"
    assert [m["entity"] for m in result["end_user"]["matches"]] == ["lockheed-martin"]
    assert "（美国）" in result["end_user"]["matches"][0]["matched_by"]


@pytest.mark.parametrize(
    "name", ["美国", "美國", "日本", "台湾", "中国", "(美国)", "（美国）", "[US]", "［US］", "(us)", "[美国]"]
)
def test_a_name_that_is_only_a_chinese_bracketed_or_lower_case_tag_is_refused(name):
    run = _status(name)
    assert (run.code, run.stdout, run.stderr) == (
        2,
        "",
        f"mineralctl: error: --end-user: the name is empty: '{name}' is only a country tag\n",
    )


@pytest.mark.parametrize("name", ["us", "日本製鋼所", "中国电子"])
def test_a_name_beside_or_instead_of_a_tag_is_answered(name):
    run = _status(name)
    assert (run.code, run.stdout, run.stderr) == (0, "license-required\n", "")


SCREEN_HEADER = "material,destination,date,end_use,buyer\n"


def _row(buyer: str) -> str:
    return f"gallium,US,2026-07-01,civil,{buyer}\n"


LICENSED = (
    "license-required,false,mofcom-gac-2023-23;dual-use-list-2024,mofcom-2024-46-p2-deny;mofcom-2025-72,"
    "gallium,US,2026-07-01,civil"
)
FIRST = "gallium,US,2026-07-01,civil,"


def _unresolved(line: int, cell: str, shown: str, reason: str) -> str:
    problem = f"line {line}: end user: the name is empty: '{shown}' {reason}"
    problem = f'"{problem}"' if "," in problem else problem
    return f'{FIRST}{cell},,,,,,,,,,,{problem},"{RULEBOOK}"'


def test_screen_makes_a_buyer_cell_that_names_no_one_unresolved():
    data = SCREEN_HEADER + "".join(_row(b) for b in ['","', "(US)", "USA", "-", "美国", "", "Acme Widgets"])
    run = in_process("screen", "-", stdin=data)
    assert run.code == 4
    tag, blank = "is only a country tag", "has no letter or digit"
    assert run.stdout.splitlines() == [
        "material,destination,date,end_use,buyer,status,projected,measures,uncertainty,screened_material,"
        "screened_destination,screened_date,screened_end_use,end_user_status,end_user_match,error,rulebook",
        _unresolved(2, '","', ",", blank),
        _unresolved(3, "(US)", "(US)", tag),
        _unresolved(4, "USA", "USA", tag),
        _unresolved(5, "-", "-", blank),
        _unresolved(6, "美国", "美国", tag),
        # A blank cell is no end user: the material alone.
        f'{FIRST},{LICENSED},,,,"{RULEBOOK}"',
        f'{FIRST}Acme Widgets,{LICENSED},,no listed entity matched,,"{RULEBOOK}"',
    ]
    assert run.stderr == (
        "mineralctl: stdin: screened 7 rows: 0 prohibited, 0 enhanced-review, 2 license-required, 0 not-controlled; "
        "5 unresolved\n" + ANSWERED + "mineralctl: screen failed (exit 4): 5 rows unresolved (see the error column)\n"
    )


def test_screen_allows_those_rows_with_allow_unresolved_and_a_blank_cell_takes_the_end_user_default():
    data = SCREEN_HEADER + _row("(US)") + _row("")
    run = in_process("screen", "-", "--allow-unresolved", "--end-user", "Acme Widgets", stdin=data)
    assert run.code == 0
    assert run.stdout.splitlines()[1:] == [
        _unresolved(2, "(US)", "(US)", "is only a country tag"),
        f'{FIRST},{LICENSED},,no listed entity matched,,"{RULEBOOK}"',
    ]
    assert run.stderr == (
        "mineralctl: stdin: screened 2 rows: 0 prohibited, 0 enhanced-review, 1 license-required, 0 not-controlled; "
        "1 unresolved\n" + ANSWERED + "mineralctl: screen passed: 1 row unresolved, allowed by --allow-unresolved; "
        "no --fail-on gate\n"
    )


def test_screen_fails_on_prohibited_for_a_chinese_tagged_listed_buyer():
    data = SCREEN_HEADER + _row("洛克希德·马丁公司（美国）")
    run = in_process("screen", "-", "--fail-on", "prohibited", stdin=data)
    assert run.code == 1
    (row,) = run.stdout.splitlines()[1:]
    assert row.startswith("gallium,US,2026-07-01,civil,洛克希德·马丁公司（美国）,prohibited,")
    assert (
        "Lockheed Martin Corporation (control list, MOFCOM Announcement No. 1 of 2025; in-force; "
        "matched with the country tag '（美国）' set aside)" in row
    )
    assert run.stderr.endswith("mineralctl: screen failed (exit 1): 1 row at or above prohibited (--fail-on)\n"), (
        run.stderr
    )


def test_screen_json_lines_buyer_that_is_only_a_country_is_unresolved_and_a_blank_one_is_not():
    data = (
        '{"material":"gallium","destination":"US","date":"2026-07-01","end_use":"civil","buyer":"USA"}\n'
        '{"material":"gallium","destination":"US","date":"2026-07-01","end_use":"civil","buyer":""}\n'
    )
    run = in_process("screen", "-", "--input-format", "jsonl", stdin=data)
    assert run.code == 4, run.stderr
    first, second = run.stdout.splitlines()
    assert '"error": "line 1: end user: the name is empty: \'USA\' is only a country tag"' in first
    assert '"status": null' in first
    assert '"status": "license-required"' in second and '"error": null' in second
    assert run.stderr.endswith("mineralctl: screen failed (exit 4): 1 row unresolved (see the error column)\n")
