"""The fast path (``entry.fast_command``) reads a command line exactly as the Typer app does,
or leaves it to Typer: its table matches the Typer declarations, and both paths give the same
exit code, stdout and stderr for every command line tried."""

from __future__ import annotations

import inspect

import pytest
import typer
from conftest import FIXTURES, in_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mineralctl import cli
from mineralctl.entry import COMMANDS, fast_command, function_of

SLOW = {"MINERALCTL_NO_FAST_PATH": "1"}
TODAY = {"MINERALCTL_TODAY": "2026-01-01"}


def declared(name: str) -> object:
    return typer.main.get_command(cli.app).commands[name]  # type: ignore[attr-defined]


def test_every_command_but_rulebook_has_a_fast_path():
    names = set(typer.main.get_command(cli.app).commands)  # type: ignore[attr-defined]
    assert set(COMMANDS) == names - {"rulebook"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_matches_the_typer_declarations(name):
    command, spec = declared(name), COMMANDS[name]
    values, flags, repeatable, choices, required = {}, {}, {}, {}, set()
    arguments = None
    for param in command.params:
        if param.param_type_name == "argument":
            arguments = (param.name, "one" if param.nargs == 1 else "some" if param.required else "any")
            continue
        table = flags if param.is_flag else repeatable if param.multiple else values
        for option in [*param.opts, *param.secondary_opts]:
            table[option] = param.name
        if getattr(param.type, "choices", None):
            choices[param.name] = tuple(str(getattr(c, "value", c)).lower() for c in param.type.choices)
        if param.required:
            required.add(param.name)
    assert (spec.arguments, spec.count) == (arguments or (None, "none"))
    assert (spec.values, spec.flags, spec.repeatable) == (values, flags, repeatable)
    assert spec.choices == choices
    assert set(spec.required) == required


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_run_function_takes_what_typer_passes_with_the_same_defaults(name):
    signature = inspect.signature(function_of(name))
    for param in declared(name).params:
        if param.name == "debug":
            continue
        assert param.name in signature.parameters, param.name
        default = signature.parameters[param.name].default
        if default is inspect.Parameter.empty:
            assert param.required or param.param_type_name == "argument", param.name
            continue
        typer_default = getattr(param.default, "value", param.default)
        assert default == typer_default, param.name


RB = str(FIXTURES / "overlay.yaml")
SHIPMENTS = "item,to,when\ngallium,US,2026-01-01\ngraphite,JP,2025-06-01\nunobtainium,US,2026-01-01\nGe,,2026-01-01\n"
LINES = {
    "status": [
        ["status", "gallium", "--date", "2026-01-01", "--dest", "US"],
        ["status", "gallium", "Ge", "-d", "2025-01-15", "--dest=JP", "-f", "JSON", "--explain"],
        ["status", "rare earths", "--date", "2026-06-01", "-q", "--fail-on", "enhanced-review"],
        ["status", "graphite", "--end-use", "military", "-f", "csv", "--max-age", "10y", "--debug"],
        ["status", "gallium", "--end-user", "Sierra Nevada Corp", "--dest", "US", "--date", "2026-07-01"],
        ["status", "gallium", "--end-user", "Sierra Nevada Corp", "--fail-on-possible-match"],
        ["status", "galium", "--date", "2026-01-01"],
        ["status", "gallium", "--dest", "Narnia"],
        ["status", "gallium", "--date", "31 Feb 2026"],
        ["status", "gallium", "--dest="],
        ["status", "gallium", "--explain", "-f", "csv"],
    ],
    "timeline": [
        ["timeline", "gallium", "--dest", "US"],
        ["timeline", "rare earths", "--from", "2025-01-01", "--to", "2026-12-31", "-f", "json"],
        ["timeline", "graphite", "--end-use", "MILITARY", "-f", "csv"],
        ["timeline", "gallium", "-f", "ics"],
        ["timeline", "gallium", "-f", "svg", "--dest", "US"],
        ["timeline", "gallium", "--from", "2025-12-01", "--to", "2025-11-01"],
        ["timeline", "gallium", "-o", "out.json"],
        ["timeline", "gallium", "--end-user", "Sierra Nevada Corp", "--dest", "US", "-f", "json"],
        ["timeline", "nothing"],
        ["timeline", "gallium", "--to="],
    ],
    "diff": [
        ["diff", "--from", "2025-11-01", "--to", "2025-12-01", "--dest", "US"],
        ["diff", "gallium", "germanium", "--from", "2024-01-01", "--to", "2026-01-01", "-f", "json"],
        ["diff", "--from", "2024-01-01", "--to", "2027-01-01", "-f", "csv", "--end-use", "military"],
        ["diff", "--from", "2025-12-01", "--to", "2025-11-01"],
        ["diff", "gallium", "--from", "2020-01-01", "--to", "2026-01-01", "--end-user", "Sierra Nevada Corp"],
    ],
    "upcoming": [
        ["upcoming", "--from", "2026-06-01", "--within", "1y"],
        ["upcoming", "--from", "2025-01-01", "--within", "2y", "-f", "json", "--dest", "US"],
        ["upcoming", "--within", "6m", "-f", "csv"],
        ["upcoming", "--from", "2025-01-01", "--within", "1y", "-f", "ics"],
        ["upcoming", "--within", "forever"],
        ["upcoming", "-o", "x.ics"],
    ],
    "materials": [
        ["materials"],
        ["materials", "--group", "rare earths", "-f", "csv"],
        ["materials", "-f", "json"],
        ["materials", "--group", "REE"],
        ["materials", "--group", "nonsense"],
        ["materials", "--rulebook", RB],
    ],
    "measures": [
        ["measures"],
        ["measures", "--material", "graphite"],
        ["measures", "--material", "Ga", "-f", "json"],
        ["measures", "-f", "csv", "--overlay", RB],
    ],
    "show": [
        ["show", "gallium"],
        ["show", "mofcom-2025-72", "-f", "json"],
        ["show", "No. 72 of 2025"],
        ["show", "Sierra Nevada Corp", "-f", "csv"],
        ["show", "no-such-thing"],
    ],
    "screen": [
        ["screen", "ship.csv"],
        ["screen", "ship.csv", "-f", "jsonl", "--date", "2026-01-01"],
        ["screen", "ship.csv", "-f", "table", "--fail-on", "prohibited", "--end-use", "MILITARY"],
        ["screen", "ship.csv", "--material-column", "item", "--dest-column", "to", "--date-column", "when"],
        ["screen", "ship.csv", "--dest", "JP", "--end-user", "Sierra Nevada Corp", "--fail-on-possible-match"],
        ["screen", "ship.csv", "--material-column", "nope"],
        ["screen", "ship.csv", "ship.csv", "--allow-unresolved", "--delimiter", ","],
        ["screen", "missing.csv"],
        ["screen", "ship.csv", "-o", "out.csv", "--force"],
    ],
    "entities": [
        ["entities"],
        ["entities", "--list", "CONTROL", "--dest", "US", "--date", "2026-07-01"],
        ["entities", "--all", "-f", "json"],
        ["entities", "--list", "watch", "-f", "csv", "-d", "2025-12-01"],
    ],
}


@pytest.mark.parametrize("args", [args for lines in LINES.values() for args in lines], ids=lambda a: " ".join(a)[:60])
def test_fast_path_answers_exactly_as_typer(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ship.csv").write_text(SHIPMENTS, encoding="utf-8")
    assert fast_command(args) is not None  # the lines above are all plain: the fast path takes them
    fast = in_process(*args, env=TODAY)
    slow = in_process(*args, env={**SLOW, **TODAY})
    assert (fast.code, fast.stdout, fast.stderr) == (slow.code, slow.stdout, slow.stderr)
    assert "Traceback" not in fast.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["materials", "--group", "REE", "--group", "rare earths"],
        ["show", "gallium", "-f", "json", "-f", "json"],
        ["status", "gallium", "--explain", "--explain"],
        ["status", "gallium", "--format", "yaml"],
        ["status", "gallium", "--help"],
        ["timeline", "gallium", "-h"],
        ["timeline", "gallium", "germanium"],
        ["timeline"],
        ["show"],
        ["diff", "--from", "2025-01-01"],
        ["diff", "--", "gallium", "--from", "2025-01-01", "--to", "2025-02-01"],
        ["upcoming", "gallium"],
        ["upcoming", "--within", "1y", "--within", "2y"],
        ["materials", "-f=json"],
        ["materials", "-fjson"],
        ["materials", "--group"],
        ["materials", "--group", ""],
        ["materials", "--group", "--rulebook"],
        ["measures", "--material=Ga", "--material", "Ge"],
        ["entities", "--all=yes"],
        ["entities", "--list", "grey"],
        ["screen", "-", "--dest", "US", "--dest", "JP"],
        ["screen"],
        ["rulebook", "validate"],
    ],
)
def test_doubtful_command_lines_go_to_typer(args):
    assert fast_command(args) is None


# Random command lines: each command's own words, values good and bad, repeats and strays.
VALUES = [
    "gallium",
    "Ge",
    "rare earths",
    "US",
    "JP",
    "2026-01-01",
    "2025-12-01",
    "1y",
    "90d",
    "json",
    "csv",
    "table",
    "ics",
    "svg",
    "civil",
    "MILITARY",
    "prohibited",
    "control",
    "",
    " ",
    "-",
    "--",
    "nonsense",
]


def words(name: str) -> st.SearchStrategy[list[str]]:
    spec = COMMANDS[name]
    options = sorted({*spec.values, *spec.repeatable} - {"--output", "-o", "--rulebook", "--overlay", "--entities"})
    single = st.sampled_from(options).flatmap(
        lambda o: st.sampled_from([*spec.choices.get(spec.values.get(o, ""), ()), *VALUES]).map(
            lambda v: [o, v] if len(v) % 2 else [f"{o}={v}"]
        )
    )
    flag = st.sampled_from(sorted(spec.flags)).map(lambda f: [f])
    positional = st.sampled_from(VALUES).map(lambda v: [v])
    return st.lists(st.one_of(single, flag, positional), max_size=5).map(lambda parts: [name, *sum(parts, [])])


def messages(stderr: str) -> list[str]:
    """What the user is told: with --debug, the traceback's frames differ between the paths."""
    return [line for line in stderr.splitlines() if line.startswith("mineralctl:")]


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_command_lines_answer_the_same_on_both_paths(name, data):
    args = data.draw(words(name))
    fast = in_process(*args, env=TODAY)
    slow = in_process(*args, env={**SLOW, **TODAY})
    assert (fast.code, fast.stdout, messages(fast.stderr)) == (slow.code, slow.stdout, messages(slow.stderr))
    assert fast.code in (0, 1, 2, 4, 5), fast
