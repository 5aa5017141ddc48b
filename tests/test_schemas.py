"""The JSON Schemas in docs/schema/: generated from mineralctl's own definitions, never edited by
hand, and true of the files and output they describe."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, REPO

SCHEMAS = REPO / "docs" / "schema"
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def as_editor_reads(path: Path) -> Any:
    """The YAML as the YAML language server reads it (YAML 1.2 core schema): NO stays text,
    unquoted dates stay text, true/false are booleans, plain numbers are numbers."""

    def value(node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return {k.value: value(v) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [value(v) for v in node.value]
        text = node.value
        if node.style is not None:  # quoted or a block scalar: text
            return text
        if text in ("true", "false"):
            return text == "true"
        if text in ("", "~", "null"):
            return None
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        return text

    return value(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))


def test_the_committed_schemas_are_what_the_generator_builds():
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_schemas.py"), "--check"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("rulebook.schema.json", REPO / "data" / "measures.yaml"),
        ("rulebook.schema.json", FIXTURES / "minimal.yaml"),
        ("rulebook.schema.json", FIXTURES / "resolver.yaml"),
        ("rulebook.schema.json", FIXTURES / "review.yaml"),
        ("overlay.schema.json", FIXTURES / "overlay.yaml"),
        ("overlay.schema.json", REPO / "docs" / "examples" / "extend-no-70.yaml"),
    ],
)
def test_the_rulebooks_satisfy_their_schema(name, path):
    checker = jsonschema.Draft202012Validator(schema(name))
    assert [e.message for e in checker.iter_errors(as_editor_reads(path))] == []


@pytest.mark.parametrize(
    ("name", "edit", "fragment"),
    [
        ("rulebook.schema.json", lambda d: d.update(colour="blue"), "Additional properties"),
        ("rulebook.schema.json", lambda d: d.pop("materials"), "'materials' is a required property"),
        ("rulebook.schema.json", lambda d: d["measures"][0].update(effect="banned"), "'banned' is not one of"),
        ("rulebook.schema.json", lambda d: d["measures"][0].update(sources=[]), "should be non-empty"),
        ("rulebook.schema.json", lambda d: d["measures"][1].update(destinations={"only": ["no"]}), "is not valid"),
        ("rulebook.schema.json", lambda d: d["measures"][0].update(materials="everything"), "is not valid"),
        ("rulebook.schema.json", lambda d: d.update(aliases=[]), "Additional properties"),
        ("overlay.schema.json", lambda d: d.pop("as_of"), "'as_of' is a required property"),
        ("overlay.schema.json", lambda d: d.update(as_of="30 June 2025"), "does not match"),
    ],
)
def test_the_schemas_refuse_what_the_loader_refuses(name, edit, fragment):
    source = FIXTURES / ("overlay.yaml" if name.startswith("overlay") else "minimal.yaml")
    document = as_editor_reads(source)
    edit(document)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema(name)).iter_errors(document)]
    assert any(fragment in e for e in errors), errors


def test_every_key_the_loader_knows_is_in_the_schema():
    from mineralctl.load import ENTITIES, ENTITY_FILE_TABLES

    rulebook = schema("rulebook.schema.json")
    entities = schema("entities.schema.json")
    for entity, fields in ENTITIES.items():
        if entity in ("rulebook", "overlay", "entity-file"):
            continue
        definition = (entities if entity in ENTITY_FILE_TABLES else rulebook)["$defs"][entity]
        assert set(definition["properties"]) == set(fields), entity
        assert set(definition.get("required", [])) == {k for k, f in fields.items() if f.required}, entity


# --------------------------------------------------------------------------- every command's JSON output

OUTPUT_RUNS = [
    ("status", ["status", "gallium", "germanium", "--date", "2026-01-01", "-f", "json"]),
    ("status", ["status", "NdFeB", "gallium", "--date", "2026-01-01", "-f", "json"]),
    ("status", ["status", "Ga", "--dest", "US", "--date", "2026-01-01", "-f", "json", "--explain"]),
    ("status", ["status", "graphite", "--dest", "US", "--date", "2026-01-01", "-f", "json", "--end-user", "Boeing"]),
    ("status", ["status", "gamma", "--date", "2025-07-01", "-f", "json", "--rulebook", str(FIXTURES / "minimal.yaml"),
                "--overlay", str(FIXTURES / "overlay.yaml")]),
    ("timeline", ["timeline", "gallium", "--dest", "US", "-f", "json"]),
    ("diff", ["diff", "--from", "2025-11-01", "--to", "2026-12-01", "--dest", "US", "-f", "json"]),
    ("upcoming", ["upcoming", "--from", "2026-06-01", "--within", "1y", "-f", "json"]),
    ("materials", ["materials", "-f", "json"]),
    ("measures", ["measures", "-f", "json"]),
    ("show", ["show", "rare earths", "-f", "json"]),
    ("show", ["show", "mofcom-gac-2025-58", "-f", "json"]),
    ("show", ["show", "mofcom-2025-72", "-f", "json"]),
    ("diff", ["diff", "--from", "2026-11-01", "--to", "2026-11-12", "--dest", "US", "--end-user", "Sierra Nevada Corp",
              "-f", "json"]),
    ("show", ["show", "mofcom-2025-21-control", "-f", "json"]),
    ("show", ["show", "mofcom-2025-11-05-suspension", "-f", "json"]),
    ("show", ["show", "mofcom-2025-08-12-stop", "-f", "json"]),
    ("show", ["show", "High Point Aerotechnologies", "-f", "json"]),
    ("timeline", ["timeline", "tungsten", "--dest", "US", "--end-user", "High Point Aerotechnologies", "-f", "json"]),
    ("entities", ["entities", "--all", "-f", "json"]),
    ("rulebook-validate", ["rulebook", "validate", str(FIXTURES / "review.yaml"), "-f", "json"]),
    ("rulebook-validate", ["rulebook", "validate", str(FIXTURES / "invalid.yaml"), "-f", "json"]),
    ("rulebook-info", ["rulebook", "info", "--overlay", str(REPO / "docs" / "examples" / "extend-no-70.yaml"),
                       "-f", "json"]),
    ("rulebook-diff", ["rulebook", "diff", "--overlay", str(REPO / "docs" / "examples" / "extend-no-70.yaml"),
                       "-f", "json"]),
]  # fmt: skip


@pytest.mark.parametrize(("command", "args"), OUTPUT_RUNS, ids=[" ".join(a[:2]) for _, a in OUTPUT_RUNS])
def test_real_output_satisfies_its_schema(command, args):
    from conftest import in_process

    run = in_process(*args, env={"MINERALCTL_TODAY": "2026-11-29"})
    assert run.code in (0, 3), run.stderr
    document = json.loads(run.stdout)
    checker = jsonschema.Draft202012Validator(schema(f"output/{command}.schema.json"))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in checker.iter_errors(document)] == []


def test_the_output_runs_reach_the_optional_parts():
    """The runs above are not trivially valid: they print the keys a schema marks optional."""
    from conftest import in_process

    grouped = json.loads(in_process(*OUTPUT_RUNS[1][1]).stdout)["results"]
    assert [r.get("group", {}).get("id") for r in grouped][-2:] == ["ndfeb-magnets", None]
    explained = json.loads(in_process(*OUTPUT_RUNS[2][1]).stdout)["results"][0]
    assert explained["explanation"] and explained["suspended"] and explained["destination_notes"]
    assert "end_user" in json.loads(in_process(*OUTPUT_RUNS[3][1]).stdout)["results"][0]
    events = json.loads(in_process(*OUTPUT_RUNS[7][1]).stdout)["events"]
    assert any(e["effects"] for e in events)


def test_a_schema_refuses_a_key_its_renderer_does_not_write():
    from conftest import in_process

    document = json.loads(in_process("status", "gallium", "--date", "2026-01-01", "-f", "json").stdout)
    document["results"][0]["colour"] = "red"
    checker = jsonschema.Draft202012Validator(schema("output/status.schema.json"))
    assert any("'colour' was unexpected" in e.message for e in checker.iter_errors(document))


def test_every_command_with_json_output_has_a_schema():
    import typer

    from mineralctl.cli import app

    command = typer.main.get_command(app)
    names: list[str] = []
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        for inner_name, inner in getattr(sub, "commands", {name: sub}).items():
            choices = [getattr(p.type, "choices", ()) for p in inner.params if p.name == "format"]
            if any("json" in c for c in choices):
                names.append(name if inner is sub else f"{name}-{inner_name}")
    assert sorted(names) == sorted(p.name.removesuffix(".schema.json") for p in (SCHEMAS / "output").iterdir())
