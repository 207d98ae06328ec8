"""The JSON Schema of routine files (`backtimer schema`, docs/routine.schema.json), written
out from the reader's own table (keys.py) and value schemas (fields.py). No textual."""

from __future__ import annotations

from typing import Any

from backtimer.routine.fields import Schema
from backtimer.routine.keys import ROUTINE, Key, Kind

_NULL: Schema = {"type": "null"}


def json_schema(kind: Kind = ROUTINE) -> Schema:
    """The schema of a routine file, or of another kind of file (keys.LIBRARY)."""
    defs: dict[str, Schema] = {}
    root = _object(kind, defs)
    schema: Schema = _sorted({**root, "$defs": defs})
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return schema


def _object(kind: Kind, defs: dict[str, Schema]) -> Schema:
    out: Schema = {
        "additionalProperties": False,
        "properties": {name: _property(name, key, defs) for name, key in kind.keys.items()},
        "title": kind.title,
        "type": "object",
    }
    required = [name for name, key in kind.keys.items() if key.required]
    if required:
        out["required"] = [name for name in required if name not in kind.unless]
        if not out["required"]:
            del out["required"]
    if kind.unless:  # name, or use: either of them
        out["anyOf"] = [{"required": [key]} for pair in kind.unless.items() for key in pair]
    return out


def _property(name: str, key: Key, defs: dict[str, Schema]) -> Schema:
    body = _body(key, defs)
    if not key.null_is_checked or (key.value is not None and key.value.null_is_empty):
        body = {"anyOf": [*body.get("anyOf", [body]), _NULL]}
    out = {**body, "title": name.replace("_", " ").title()}
    if not key.required:
        out["default"] = key.default if key.shown_default is None else key.shown_default
    if key.about:
        out["description"] = key.about
    return out


def _body(key: Key, defs: dict[str, Schema]) -> Schema:
    if key.value is not None:
        return key.value.schema
    assert key.kind is not None
    if key.kind.title not in defs:
        defs[key.kind.title] = {}  # a kind nested in itself refers to this entry
        defs[key.kind.title] = _object(key.kind, defs)
    ref = {"$ref": f"#/$defs/{key.kind.title}"}
    if not key.most:
        return ref
    return {"type": "array", "items": ref, "minItems": 1, "maxItems": key.most}


def _sorted(value: Any, keep_order: bool = False) -> Any:
    """Keys sorted at every level (a stable text to diff), but a mapping's properties
    stay in the table's order, which is the order an editor lists them in."""
    if isinstance(value, dict):
        items = value.items() if keep_order else sorted(value.items())
        return {k: _sorted(v, keep_order=k == "properties") for k, v in items}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
