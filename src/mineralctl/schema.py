"""JSON Schemas of the rulebook format, from the loader's own table of keys, and of every
command's JSON output, from the renderers' shapes (``shapes.py``).

``load.ENTITIES`` says, for every entity, which keys exist, which are required and how each
value is written; this module turns that table into a JSON Schema (draft 2020-12) for editors
(the YAML language server reads ``# yaml-language-server: $schema=…``). The loader stays the
judge: it also checks what a schema cannot (dates that exist, ids that resolve, names used
twice). ``scripts/make_schemas.py`` writes the files under ``docs/schema/``; a test fails when
the committed files differ from what this module builds.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_URL = "https://mineralctl.invalid/schema/"  # an identifier, never fetched

_SCALAR = {"type": ["string", "number", "boolean"]}


def _kind(kind: str) -> dict[str, Any]:
    """The schema of one value, from its kind in the loader's table."""
    at_least_one = "+" in kind
    kind = kind.replace("+", "")
    if kind.startswith("list:"):
        out: dict[str, Any] = {"type": "array", "items": {"$ref": f"#/$defs/{kind[5:]}"}}
        return {**out, "minItems": 1} if at_least_one else out
    if kind in ("texts", "ids"):
        item = _kind("text" if kind == "texts" else "id")
        return {"type": "array", "items": item, **({"minItems": 1} if at_least_one else {})}
    if kind.startswith("choice:"):
        return {"enum": kind[7:].split(",")}
    simple: dict[str, dict[str, Any]] = {
        "text": _SCALAR,
        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "url": {"type": "string", "pattern": "^https?://"},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "bool": {"enum": [True, False, "true", "false"]},
        "hs": {
            "type": "array",
            "items": {"anyOf": [{"type": "string", "pattern": "^[0-9][0-9. ]*$"}, {"type": "integer"}]},
        },
        "materials": {
            "oneOf": [
                {"const": "all-dual-use"},
                {"type": "array", "items": {"$ref": "#/$defs/id"}, "minItems": 1},
            ]
        },
        "scope": {
            "oneOf": [
                {"const": "all"},
                *(
                    {
                        "type": "object",
                        "properties": {word: {"type": "array", "items": {"$ref": "#/$defs/country"}, "minItems": 1}},
                        "required": [word],
                        "additionalProperties": False,
                    }
                    for word in ("only", "except")
                ),
            ]
        },
    }
    return dict(simple[kind])


def _entity(name: str) -> dict[str, Any]:
    from mineralctl.load import ENTITIES

    fields = ENTITIES[name]
    properties = {}
    for key, field in fields.items():
        value = _kind(field.kind)
        if field.help:
            value = {"description": field.help, **value}
        properties[key] = value
    out: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [k for k, f in fields.items() if f.required]
    return {**out, "required": required} if required else out


def rulebook_schema(overlay: bool = False) -> dict[str, Any]:
    """The JSON Schema of a base rulebook file, or with ``overlay`` of an overlay file."""
    from mineralctl.load import ENTITIES

    top = "overlay" if overlay else "rulebook"
    name = "overlay" if overlay else "rulebook"
    title = "mineralctl overlay (additions merged onto a rulebook)" if overlay else "mineralctl rulebook"
    from mineralctl.load import ENTITY_FILE_TABLES

    defs = {e: _entity(e) for e in ENTITIES if e not in ("rulebook", "overlay", *ENTITY_FILE_TABLES)}
    defs["id"] = _kind("id")
    defs["country"] = _kind("country")
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_URL}{name}.schema.json",
        "title": title,
        "description": "Generated from mineralctl's loader (src/mineralctl/load.py, ENTITIES) by "
        "scripts/make_schemas.py; the format is described in docs/rulebook.md.",
        **_entity(top),
        "$defs": dict(sorted(defs.items())),
    }


def entities_schema() -> dict[str, Any]:
    """The JSON Schema of the end-user list file (``data/entities.yaml``)."""
    from mineralctl.load import ENTITY_FILE_TABLES

    defs = {e: _entity(e) for e in (*ENTITY_FILE_TABLES[1:], "source")}
    defs["id"] = _kind("id")
    defs["country"] = _kind("country")
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_URL}entities.schema.json",
        "title": "mineralctl end-user lists (China's control list and watch list)",
        "description": "Generated from mineralctl's loader (src/mineralctl/load.py, ENTITIES) by "
        "scripts/make_schemas.py; the format is described in docs/rulebook.md.",
        **_entity("entity-file"),
        "$defs": dict(sorted(defs.items())),
    }


def output_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of ``mineralctl COMMAND --format json`` (``rulebook-info`` for
    ``mineralctl rulebook info``), from the renderers' shapes in ``shapes.py``."""
    from mineralctl.shapes import outputs

    words = command.replace("-", " ")
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_URL}output/{command}.schema.json",
        "title": f"mineralctl {words} --format json",
        "description": "Generated from the shapes of mineralctl's JSON renderers (src/mineralctl/shapes.py) "
        "by scripts/make_schemas.py. The 'schema' number changes only when a key is removed or renamed "
        "or a value changes type or meaning; readers should ignore keys they do not know.",
        **outputs()[command],
    }


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema file under ``docs/schema/``, by its path there."""
    from mineralctl.shapes import outputs

    return {
        "rulebook.schema.json": rulebook_schema(),
        "overlay.schema.json": rulebook_schema(overlay=True),
        "entities.schema.json": entities_schema(),
        **{f"output/{command}.schema.json": output_schema(command) for command in outputs()},
    }
