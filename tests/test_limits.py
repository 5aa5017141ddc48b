"""Bounded work on hostile rulebooks: size and item limits, at most 100 problems printed, and
characters YAML does not allow reported at their real line."""

from __future__ import annotations

import pytest
from conftest import REPO, in_process

from mineralctl import load
from mineralctl.api import parse_rulebook
from mineralctl.errors import RulebookError

PACKAGED = (REPO / "data" / "measures.yaml").read_text(encoding="utf-8")


def with_lines_after(anchor: str, extra: str) -> str:
    at = PACKAGED.index(anchor) + len(anchor)
    return PACKAGED[:at] + extra + PACKAGED[at:]


def test_at_most_100_problems_are_printed_then_how_many_more(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(
        with_lines_after("    symbol: Ga\n", "".join(f"    k{n}: v\n" for n in range(250))), encoding="utf-8"
    )
    first = PACKAGED[: PACKAGED.index("    symbol: Ga\n")].count("\n") + 2
    run = in_process("status", "gallium", "--rulebook", str(path))
    assert (run.code, run.stdout) == (3, "")
    lines = run.stderr.splitlines()
    assert len(lines) == 102
    assert lines[0].startswith(f"{path}:{first}:5: error: material: unknown key 'k0'")
    assert lines[99].startswith(f"{path}:{first + 99}:5: error: material: unknown key 'k99'")
    assert lines[100:] == ["mineralctl: error: ... and 150 more", "mineralctl: error: 250 problems in the rulebook"]


def test_exactly_100_problems_have_no_more_line(tmp_path):
    path = tmp_path / "hundred.yaml"
    path.write_text(
        with_lines_after("    symbol: Ga\n", "".join(f"    k{n}: v\n" for n in range(100))), encoding="utf-8"
    )
    run = in_process("status", "gallium", "--rulebook", str(path))
    lines = run.stderr.splitlines()
    assert run.code == 3 and len(lines) == 101
    assert lines[-1] == "mineralctl: error: 100 problems in the rulebook"


def test_problems_past_the_kept_ones_are_counted(monkeypatch):
    monkeypatch.setattr(load, "MAX_KEPT", 20)
    data = with_lines_after("    symbol: Ga\n", "".join(f"    k{n}: v\n" for n in range(50))).encode()
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(data, "x.yaml")
    assert caught.value.total == 50 and len(caught.value.problems) == 20


def test_a_rulebook_with_too_many_items_is_refused_before_it_is_composed(monkeypatch):
    monkeypatch.setattr(load, "MAX_ITEMS", 5000)
    data = (PACKAGED + "".join(f"x{n}: 1\n" for n in range(2000))).encode()
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(data, "x.yaml")
    (problem,) = caught.value.problems
    assert problem.startswith("x.yaml:")
    assert "the rulebook holds more than 5,000 YAML items" in problem and problem.endswith("it is not read further")
    parse_rulebook(PACKAGED.encode(), "x.yaml")  # the packaged rulebook is far below the real limit
    assert len(PACKAGED.encode()) * 100 < load.MAX_BYTES * 1.5


def test_the_real_item_limit_is_about_100_times_the_packaged_rulebook():
    import yaml

    items = sum(1 for _ in yaml.parse(PACKAGED, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    assert 50 * items < load.MAX_ITEMS < 200 * items


def test_bytes_over_the_limit_are_refused_by_the_python_api_too():
    with pytest.raises(RulebookError, match=r"x.yaml: the rulebook is 10,485,761 bytes; a rulebook may be at most"):
        parse_rulebook(b" " * (load.MAX_BYTES + 1), "x.yaml")


@pytest.mark.parametrize(("character", "shown"), [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x7f", "U+007F")])
def test_a_character_yaml_refuses_is_reported_at_its_line_and_column(tmp_path, character, shown):
    lines = PACKAGED.split("\n")
    lines[467] = lines[467][:6] + character + lines[467][6:]
    path = tmp_path / "nul.yaml"
    path.write_bytes("\n".join(lines).encode())
    run = in_process("status", "gallium", "--rulebook", str(path))
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == f"{path}:468:7: error: character {shown} is not allowed in YAML; remove it\n"


def test_the_count_names_what_was_read(tmp_path):
    lists = tmp_path / "lists.yaml"
    lists.write_text('version: "x"\nas_of: "2025-06-30"\nlistings: []\ncolour: red\nsize: big\n', encoding="utf-8")
    run = in_process("entities", "--entities", str(lists))
    assert run.code == 3
    assert (
        run.stderr.splitlines()[-1]
        == f"mineralctl: error: {len(run.stderr.splitlines()) - 1} problems in the entity file"
    )
