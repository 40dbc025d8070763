"""Our spec is valid OpenAPI and says everything Appwrite's published 1.4 contract says, except where listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
OURS = yaml.safe_load((ROOT / "openapi" / "account.yaml").read_text())
PUBLISHED_PATH = ROOT.parent / "shared" / "reference" / "appwrite-1.4-account-subset.json"
SEED = ROOT.parent / "shared" / "seeds" / "000_40f8c486ab7a47a8.txt"

needs_reference = pytest.mark.skipif(not PUBLISHED_PATH.exists(), reason="shared/reference is not beside the checkout")


def _operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        op["operationId"]: (method, path, op) for path, item in spec["paths"].items() for method, op in item.items()
    }


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and single-entry allOf wrappers to the schema that says the type."""
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def _json_type(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        kinds = {_json_type(spec, s) for s in schema["anyOf"]}
        return kinds.pop() if len(kinds) == 1 else "|".join(sorted(kinds))
    return str(schema.get("type", "object"))


def _params(spec: dict[str, Any], op: dict[str, Any]) -> dict[str, tuple[str, bool, str]]:
    """name -> (location, required, JSON type), body properties included."""
    out = {
        p["name"]: (p["in"], bool(p.get("required")), _json_type(spec, p["schema"])) for p in op.get("parameters", [])
    }
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body:
        body = _resolve(spec, body)
        for name, prop in body.get("properties", {}).items():
            out[name] = ("body", name in body.get("required", []), _json_type(spec, prop))
    return out


def differences(published: dict[str, Any], ours: dict[str, Any]) -> set[str]:
    """Every way our spec leaves out or changes what the published one says (additions are not differences)."""
    found: set[str] = set()
    theirs_ops, our_ops = _operations(published), _operations(ours)
    for op_id, (method, path, op) in theirs_ops.items():
        if op_id not in our_ops:
            found.add(f"operation-missing {op_id}")
            continue
        our_method, our_path, our_op = our_ops[op_id]
        if (our_method, our_path) != (method, path):
            found.add(f"route {op_id} {method.upper()} {path}->{our_method.upper()} {our_path}")
        our_params = _params(ours, our_op)
        for name, (where, required, kind) in _params(published, op).items():
            ours_name = name if name in our_params else f"{name}[]" if f"{name}[]" in our_params else None
            if ours_name is None:
                found.add(f"param-missing {op_id} {name}")
                continue
            if ours_name != name:
                found.add(f"param-name {op_id} {name}->{ours_name}")
            if our_params[ours_name] != (where, required, kind):
                found.add(f"param-differs {op_id} {name} {(where, required, kind)}->{our_params[ours_name]}")
        theirs_ok = sorted(c for c in op["responses"] if c[0] in "23")
        ours_ok = sorted(c for c in our_op["responses"] if c[0] in "23")
        if theirs_ok != ours_ok:
            found.add(f"response-status {op_id} {','.join(theirs_ok)}->{','.join(ours_ok)}")
        for requirement in op.get("security", []):
            if requirement not in our_op.get("security", []):
                found.add(f"security-missing {op_id} {sorted(requirement)}")
    theirs_schemas, our_schemas = published["components"]["schemas"], ours["components"]["schemas"]
    for name, schema in theirs_schemas.items():
        if name.startswith("algo"):
            continue  # only reachable through user.hashOptions, which account routes never send
        if name not in our_schemas:
            found.add(f"schema-missing {name}")
            continue
        mine = _resolve(ours, our_schemas[name])
        for field, prop in schema.get("properties", {}).items():
            if field not in mine.get("properties", {}):
                found.add(f"field-missing {name}.{field}")
                continue
            if _json_type(published, prop) != _json_type(ours, mine["properties"][field]):
                found.add(f"field-type {name}.{field}")
            if field in schema.get("required", []) and field not in mine.get("required", []):
                found.add(f"field-optional {name}.{field}")
    return found


def test_our_spec_is_valid_openapi() -> None:
    validate(OURS)


def test_our_spec_has_the_29_operations_of_the_seed() -> None:
    assert len(_operations(OURS)) == 29
    if SEED.exists():
        text = SEED.read_text()
        for _op_id, (method, path, _) in _operations(OURS).items():
            assert f"{method.upper()} {path}" in text, f"{method.upper()} {path} is not in the seed"


@needs_reference
def test_every_difference_from_the_published_spec_is_listed_with_a_reason() -> None:
    published = json.loads(PUBLISHED_PATH.read_text())
    listed = OURS["info"]["x-deviations"]
    assert all(entry.get("reason") for entry in listed)
    compared = {entry["id"] for entry in listed if entry.get("compared", True)}
    assert differences(published, OURS) == compared


@needs_reference
def test_the_comparison_catches_a_dropped_parameter_and_a_changed_status() -> None:
    published = json.loads(PUBLISHED_PATH.read_text())
    broken = json.loads(json.dumps(OURS))
    del broken["paths"]["/account"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"][
        "name"
    ]
    broken["paths"]["/account/jwt"]["post"]["responses"]["200"] = broken["paths"]["/account/jwt"]["post"][
        "responses"
    ].pop("201")
    found = differences(published, broken)
    assert "param-missing accountCreate name" in found
    assert "response-status accountCreateJWT 201->200" in found
