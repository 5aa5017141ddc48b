"""The shape of every JSON document the commands print, one declaration per renderer.

Each name below mirrors a function of ``render.py`` (``MEASURE`` for ``measure_dict``,
``RESOLUTION`` for ``resolution_dict`` …) or a command's envelope, written as JSON Schema
fragments: every key a renderer always writes is required, the keys it writes only sometimes
(``--explain``, ``--end-user``) are optional, and no other key is allowed. ``schema.py`` turns
them into ``docs/schema/output/*.schema.json``; the tests run every command and validate what it
printed, so a renderer and its shape cannot drift apart unnoticed. A change here that removes or
renames a key, or changes a type, is a change of the envelope's ``schema`` number (README, *JSON*).
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def obj(required: Schema, optional: Schema | None = None) -> Schema:
    """An object with exactly these keys (``optional`` ones may be missing)."""
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }


def arr(item: Schema) -> Schema:
    return {"type": "array", "items": item}


def null(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


STR: Schema = {"type": "string"}
BOOL: Schema = {"type": "boolean"}
INT: Schema = {"type": "integer"}
NUM: Schema = {"type": "number"}
DATE: Schema = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
STATUS: Schema = {"enum": ["not-controlled", "license-required", "enhanced-review", "prohibited"]}
END_USE: Schema = {"enum": ["civil", "military"]}
SCHEMA_NUMBER: Schema = {"const": 1}

# --------------------------------------------------------------------------- the rulebook that answered

FILE = obj(
    {"path": STR, "version": STR, "as_of": DATE, "overlay": BOOL, "kind": {"enum": ["rulebook", "overlay", "entities"]}}
)  # file_dict
RULEBOOK = obj({"version": STR, "as_of": DATE, "files": arr(FILE)})  # rulebook_dict
REGISTER = obj({"path": STR, "version": STR, "as_of": DATE})  # register_dict
SOURCE = obj({"title": STR, "url": STR})

# --------------------------------------------------------------------------- measures and suspensions

_MEASURE_KEYS: Schema = {
    "id": STR,
    "instrument": STR,
    "instrument_zh": STR,
    "clause": STR,
    "effect": STATUS,
    "from": DATE,
    "until": null(DATE),
    "destinations": STR,
    "end_use": STR,
    "sources": arr(STR),
}
_SUSPENSION_KEYS: Schema = {
    "id": STR,
    "instrument": STR,
    "instrument_zh": STR,
    "clause": STR,
    "from": DATE,
    "until": DATE,
    "sources": arr(STR),
}
MEASURE = obj(_MEASURE_KEYS)  # measure_dict
SUSPENSION = obj(_SUSPENSION_KEYS)  # suspension_dict
OPEN_QUESTION = obj({"date": DATE, "text": STR})
_FULL_KEYS: Schema = {
    "sources": arr(SOURCE),
    "authority": STR,
    "announced": null(DATE),
    "summary": STR,
    "notes": STR,
    "uncertainty": STR,
    "open_questions": arr(OPEN_QUESTION),
}
MEASURE_FULL = obj(  # measure_full_dict
    {
        **_MEASURE_KEYS,
        **_FULL_KEYS,
        "materials": {"anyOf": [{"const": "all-dual-use"}, arr(STR)]},
        "listed_only": BOOL,
        "covers": STR,
    }
)
MEASURE_SHOWN = obj(  # measure_show_dict
    {
        **MEASURE_FULL["properties"],
        "suspensions": arr(obj({"id": STR, "instrument": STR, "from": DATE, "until": DATE})),
        "today": obj({"date": DATE, "projected": BOOL, "in_force": BOOL, "suspended_by": null(STR), "applies": BOOL}),
    }
)
SUSPENSION_FULL = obj({**_SUSPENSION_KEYS, **_FULL_KEYS, "targets": arr(STR)})  # suspension_full_dict
MATERIAL = obj(  # material_dict
    {
        "id": STR,
        "name": STR,
        "symbol": STR,
        "chinese": STR,
        "aliases": arr(STR),
        "groups": arr(STR),
        "items": arr(obj({"name": STR, "hs_codes": arr(STR), "control_code": STR, "notes": STR})),
        "notes": STR,
        "hs_note": STR,
    }
)

# --------------------------------------------------------------------------- end users

LISTING = obj(  # listing_dict
    {"id": STR, "instrument": STR, "instrument_zh": STR, "list": STR, "announced": null(DATE), "from": DATE}
)
_STATE_KEYS: Schema = {  # state_dict
    "state": STR,
    "suspension": null(SUSPENSION),
    "ending": null(obj({"id": STR, "instrument": STR, "kind": STR, "from": DATE})),
}
ENTITY = obj(  # entity_dict
    {
        "id": STR,
        "name": STR,
        "chinese": STR,
        "aliases": arr(STR),
        "country": null(STR),
        "address": STR,
        "list": STR,
        "listing": LISTING,
        "paragraph": STR,
        "confirmed": BOOL,
        "history": arr(obj({"date": DATE, "event": STR, "instrument": STR})),
        "notes": STR,
        "uncertainty": arr(STR),
        "sources": arr(SOURCE),
    },
    {"date": DATE, "projected": BOOL, **_STATE_KEYS},
)
COVERED = arr(obj({"id": STR, "name": STR, "country": null(STR)}))  # list_entry_dict's covers
LISTING_FULL = obj(  # list_entry_dict of a listing
    {
        **LISTING["properties"],
        "authority": STR,
        "summary": STR,
        "sources": arr(SOURCE),
        "notes": STR,
        "uncertainty": STR,
        "suspensions": arr(  # every suspension and ending of it; entities: those it names alone
            obj({"id": STR, "instrument": STR, "kind": STR, "from": DATE, "until": null(DATE), "entities": arr(STR)})
        ),
        "today": obj({"date": DATE, "projected": BOOL, **_STATE_KEYS}),
        "covers": COVERED,
    }
)
ENDING_FULL = obj(  # list_entry_dict of an ending
    {
        "id": STR,
        "instrument": STR,
        "instrument_zh": STR,
        "kind": STR,
        "from": DATE,
        "authority": STR,
        "announced": null(DATE),
        "targets": arr(STR),
        "summary": STR,
        "sources": arr(SOURCE),
        "covers": COVERED,
    }
)
LIST_SUSPENSION_FULL = obj({**SUSPENSION_FULL["properties"], "covers": COVERED})  # list_entry_dict
ENTITY_MATCH = obj(
    {
        "entity": STR,
        "name": STR,
        "chinese": STR,
        "country": null(STR),
        "list": STR,
        "listing": LISTING,
        "paragraph": STR,
        "confirmed": BOOL,
        "matched_by": STR,
        "score": NUM,
        **_STATE_KEYS,
        "effect": null(STATUS),
        "reason": STR,
        "sources": arr(STR),
    }
)
END_USER = obj(  # end_user_dict
    {
        "query": STR,
        "status": null(STATUS),
        "material_status": STATUS,
        "matches": arr(ENTITY_MATCH),
        "possible_matches": arr(ENTITY_MATCH),
    }
)

# --------------------------------------------------------------------------- answers

EXPLANATION = arr(  # explanation_list
    obj(
        {
            "measure": STR,
            "citation": STR,
            "effect": STATUS,
            "outcome": STR,
            "checks": arr(obj({"check": STR, "passed": BOOL, "detail": STR})),
            "sources": arr(STR),
        }
    )
)
GROUP = obj({"id": STR, "name": STR, "notes": STR})  # group_dict
RESOLUTION = obj(  # resolution_dict, and what run.print_status adds
    {
        "material": STR,
        "query": STR,
        "date": DATE,
        "destination": null(STR),
        "end_use": END_USE,
        "status": STATUS,
        "projected": BOOL,
        "measures": arr(MEASURE),
        "suspended": arr(obj({**_MEASURE_KEYS, "suspension": SUSPENSION})),
        "next_change": null(obj({"date": DATE, "status": STATUS})),
        "warnings": arr(STR),
        "uncertainty": arr(STR),
        "uncertainty_ids": arr(STR),
        "related": arr(obj({**_MEASURE_KEYS, "covers": STR})),
        "other_destinations": arr(obj({"destination": STR, "name": STR, "status": STATUS, "measures": arr(STR)})),
        "military_status": null(STATUS),
        "notes": STR,
    },
    {"destination_notes": STR, "explanation": EXPLANATION, "end_user": END_USER, "group": GROUP},
)
PERIOD = obj(  # period_dict
    {
        "from": null(DATE),
        "until": null(DATE),
        "status": STATUS,
        "projected": BOOL,
        "measures": arr(STR),
        "suspended": arr(obj({"measure": STR, "suspension": STR})),
        "change": STR,
        "uncertainty": arr(STR),
        "uncertainty_ids": arr(STR),
    }
)
DIFFERENCE = obj(  # difference_dict
    {
        "material": STR,
        "before": STATUS,
        "after": STATUS,
        "instruments": arr(STR),
        "entries": arr(STR),
        "projected": BOOL,
        "uncertainty": arr(STR),
        "uncertainty_ids": arr(STR),
    }
)
EVENT = obj(  # event_dict
    {
        "date": DATE,
        "kind": STR,
        "instrument": STR,
        "entry": STR,
        "description": STR,
        "projected": BOOL,
        "held_by": arr(STR),
        "uncertainty": arr(STR),
        "uncertainty_ids": arr(STR),
        "effects": arr(obj({"material": STR, "destination": null(STR), "before": STATUS, "after": STATUS})),
    }
)

# --------------------------------------------------------------------------- rulebook commands

PROBLEM = obj({"path": STR, "line": null(INT), "column": null(INT), "level": {"enum": ["error", "warning", "note"]},
               "message": STR})  # fmt: skip
COUNTS: Schema = {"materials": INT, "measures": INT, "suspensions": INT, "sources": INT}
SIDE = obj({"status": null(STATUS), "measures": arr(STR), "suspended": arr(STR)})  # side_dict
ENTRY_CHANGES = obj(  # entry_changes_dict
    {"added": arr(STR), "removed": arr(STR), "changed": arr(obj({"id": STR, "keys": arr(STR)}))}
)


def envelope(rows: Schema, optional: Schema | None = None) -> Schema:
    """``render.json_document``: the schema number, the rulebook that answered, then the rows."""
    return obj({"schema": SCHEMA_NUMBER, "rulebook": RULEBOOK, **rows}, optional)


def outputs() -> dict[str, Schema]:
    """Each command's ``--format json`` document, by command."""
    query_dates = {"from": DATE, "destination": null(STR)}
    return {
        "status": envelope({"results": arr(RESOLUTION)}),
        "timeline": envelope(
            {
                "timelines": arr(
                    obj(
                        {"material": STR, "destination": null(STR), "end_use": END_USE, "periods": arr(PERIOD)},
                        {"end_user": STR},
                    )
                )
            }
        ),
        "diff": envelope(
            {
                "query": obj({**query_dates, "to": DATE, "end_use": END_USE}, {"end_user": STR}),
                "changes": arr(DIFFERENCE),
            }
        ),
        "upcoming": envelope({"query": obj({**query_dates, "until": DATE}), "events": arr(EVENT)}),
        "materials": envelope({"materials": arr(MATERIAL)}),
        "measures": envelope({"measures": arr(MEASURE_FULL), "suspensions": arr(SUSPENSION_FULL)}),
        "show": {
            "oneOf": [
                envelope({"materials": arr(MATERIAL)}),
                envelope({"measures": arr(MEASURE_SHOWN)}, {"suspensions": arr(SUSPENSION_FULL)}),
                envelope({"suspensions": arr(SUSPENSION_FULL)}),
                envelope({"entity_lists": REGISTER, "entities": arr(ENTITY)}),
                # By a citation, the listings, suspensions and endings of one instrument.
                envelope(
                    {"entity_lists": REGISTER, "listings": arr(LISTING_FULL)},
                    {"suspensions": arr(LIST_SUSPENSION_FULL), "endings": arr(ENDING_FULL)},
                ),
                envelope(
                    {"entity_lists": REGISTER, "suspensions": arr(LIST_SUSPENSION_FULL)}, {"endings": arr(ENDING_FULL)}
                ),
                envelope({"entity_lists": REGISTER, "endings": arr(ENDING_FULL)}),
            ]
        },
        "entities": obj(
            {
                "schema": SCHEMA_NUMBER,
                "rulebook": RULEBOOK,
                "entity_lists": REGISTER,
                "date": DATE,
                "projected": BOOL,
                "entities": arr(ENTITY),
            }
        ),  # fmt: skip
        "rulebook-validate": obj(
            {
                "schema": SCHEMA_NUMBER,
                "valid": BOOL,
                "strict": BOOL,
                "files": arr(FILE),
                "unchecked": arr(STR),
                "errors": INT,
                "warnings": INT,
                "problems": arr(PROBLEM),
            }
        ),
        "rulebook-info": envelope(
            {
                "today": DATE,
                "total": obj(COUNTS),
                "files": arr(obj({**FILE["properties"], "age_days": INT, **COUNTS})),
                "entity_lists": obj(
                    {
                        **FILE["properties"],
                        "age_days": INT,
                        "listings": INT,
                        "entities": INT,
                        "suspensions": INT,
                        "endings": INT,
                    }
                ),
            }
        ),
        "rulebook-diff": obj(
            {
                "schema": SCHEMA_NUMBER,
                "old": RULEBOOK,
                "new": RULEBOOK,
                "statuses": arr(
                    obj(
                        {
                            "material": STR,
                            "destination": null(STR),
                            "end_use": END_USE,
                            "from": null(DATE),
                            "until": null(DATE),
                            "projected": BOOL,
                            "old": SIDE,
                            "new": SIDE,
                        }
                    )
                ),
                "materials": ENTRY_CHANGES,
                "measures": ENTRY_CHANGES,
                "suspensions": ENTRY_CHANGES,
            }
        ),
    }
