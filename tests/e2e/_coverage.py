"""Which operations of openapi/account.yaml the e2e suite completed through the SDK, per flavour.

`tests/e2e/conftest.py` wraps `Client.request` and `AsyncClient.request` for the whole session; every call that
returns (a parsed response, or the URL of a browser flow) is recorded as (flavour, operationId). The check in
`test_zz_operation_coverage.py` compares the record with the spec's operationIds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "account.yaml"
FLAVOURS = ("sync", "async")
_METHODS = {"get", "post", "put", "patch", "delete"}


def _shape(path: str) -> str:
    # The generated operations name path placeholders after the Python argument (`{session_id}`).
    return re.sub(r"\{[^}]*\}", "{}", path)


def spec_operations(spec: Path = SPEC) -> dict[tuple[str, str], str]:
    """(METHOD, path with anonymous placeholders) -> operationId, for every operation of the spec."""
    document = yaml.safe_load(spec.read_text())
    return {
        (method.upper(), _shape(path)): operation["operationId"]
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in _METHODS
    }


class Recorder:
    """operationIds seen per flavour (only calls that completed without an exception)."""

    def __init__(self, operations: Mapping[tuple[str, str], str]) -> None:
        self.operations = dict(operations)
        self.seen: dict[str, set[str]] = {flavour: set() for flavour in FLAVOURS}
        self.unknown: set[tuple[str, str]] = set()

    def record(self, flavour: str, method: str, path: str) -> None:
        operation_id = self.operations.get((method.upper(), _shape(path)))
        if operation_id is None:
            self.unknown.add((method, path))
        else:
            self.seen[flavour].add(operation_id)


def missing(expected: Iterable[str], seen: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Per flavour, the expected operationIds never seen; flavours with nothing missing are left out."""
    wanted = set(expected)
    gaps = {flavour: sorted(wanted - seen.get(flavour, set())) for flavour in FLAVOURS}
    return {flavour: ids for flavour, ids in gaps.items() if ids}


RECORDER = Recorder(spec_operations())
#: Facts about the current pytest run, filled in by the conftest hooks.
RUN: dict[str, bool] = {}
