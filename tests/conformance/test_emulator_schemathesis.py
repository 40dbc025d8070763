"""Schemathesis against the emulator: our spec and Appwrite's published 1.4 subset, over loopback HTTP.

Both specs are served under ``/v1`` (our ``servers`` is ``https://cloud.appwrite.io/v1``, the published one
``https://HOSTNAME/v1``, and neither has the prefix in its paths), so the base URL is the emulator endpoint.

Every generated case (positive and negative, fixed seed, bounded examples) is sent with ``X-Appwrite-Project``
and a signed-in session in ``X-Fallback-Cookies`` (how the SDK sends it: ``_base_client.py``), and must pass:

* ``not_a_server_error`` -- never a 5xx for anything a client sends;
* ``response_schema_conformance`` -- every documented response body matches its schema;
* ``status_code_conformance`` -- only documented statuses (published spec: only for successes, see below);
* ``negative_data_rejection`` -- nothing the schema forbids is accepted (answered 2xx);
* ``appwrite_error_model`` (ours) -- every 4xx is an Appwrite error document.

Every exception is declared once, at the top of this file, with its reason from the contract digest
(../shared/reference/APPWRITE-1.4-ACCOUNT-CONTRACT.md):

* ``PUBLISHED_SPEC_ERRATA`` -- checks skipped per operation where Appwrite's published spec is wrong;
* ``SERVER_5XX_BY_DESIGN`` -- the server's own 5xx answers to client requests;
* ``negative_data_check`` -- inputs the server accepts although our stricter spec forbids them.

Failures this run found in the emulator were fixed; their regressions are in
tests/emulator/test_conformance_regressions.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

schemathesis = pytest.importorskip("schemathesis")
emulator = pytest.importorskip("appwrite_account.emulator")

from schemathesis import Case, CheckContext, Response  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "openapi" / "account.yaml"
PUBLISHED = ROOT.parent / "shared" / "reference" / "appwrite-1.4-account-subset.json"

SEED = 20231120
MAX_EXAMPLES = 25
PASSWORD = "schemathesis-pass-1"

#: Where Appwrite's published 1.4 spec is known to be wrong: {operationId: {check name: reason}}.
PUBLISHED_SPEC_ERRATA: dict[str, dict[str, str]] = {
    "accountUpdateMagicURLSession": {
        "status_code_conformance": "the server answers 201 (setStatusCode(201), confirmed by Appwrite's e2e tests); "
        "the published spec says 200 (contract §2 notes)",
    },
    "accountUpdatePhoneSession": {
        "status_code_conformance": "as accountUpdateMagicURLSession: 201, not the published 200",
    },
}

#: 5xx answers that are the 1.4 server's own behaviour for a client request, not a crash:
#: {operationId: {(status, error type): reason}}. Tolerated by ``not_a_server_error`` on both specs.
SERVER_5XX_BY_DESIGN: dict[str, dict[tuple[int, str], str]] = {
    "accountUpdateSession": {
        (501, "project_provider_unsupported"): "PATCH /account/sessions/{id} of a non-OAuth2 session has no provider "
        "class to refresh (contract §5c)",
    },
}

#: Operations that end the session or the account they are called with: each case gets a fresh user.
DESTRUCTIVE = frozenset({"accountDeleteSessions", "accountDeleteSession", "accountUpdateStatus"})


def appwrite_error_model(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Every 4xx carries Appwrite's error document: message, integer code equal to the status, type, version."""
    if 400 <= response.status_code < 500:
        body = response.json()
        assert isinstance(body, dict), body
        assert isinstance(body.get("message"), str) and body["message"], body
        assert body.get("code") == response.status_code, body
        assert isinstance(body.get("type"), str) and body["type"], body
        assert body.get("version") == "1.4.14", body
    return None


def server_error_check(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """not_a_server_error, except the 5xx answers listed in ``SERVER_5XX_BY_DESIGN``."""
    if response.status_code >= 500:
        operation_id = str(case.operation.definition.raw.get("operationId", ""))
        try:
            error_type = response.json().get("type")
        except ValueError:
            error_type = None
        if (response.status_code, error_type) in SERVER_5XX_BY_DESIGN.get(operation_id, {}):
            return None
    return not_a_server_error(ctx, response, case)


def negative_data_check(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """negative_data_rejection, except where the 1.4 server accepts what our stricter spec forbids.

    * An optional body field sent as JSON ``null``: the server validates an optional param only when it is
      present and not null (utopia ``App::getArguments``, contract §2.1), so ``{"url": null}`` means "no url".
    * ``userId: ""``: utopia's Key/CustomId validator lets the empty string through (contract §2.1, "Key/UID
      quirk"); the server then generates an ID (CustomId) or finds no user (UID). Our spec refuses it.
    * ``prefs: []``: PHP decodes an empty JSON list and an empty object to the same empty array, which utopia's
      Assoc validator accepts (``array_keys([]) !== range(0, -1)``); the prefs become ``{}``.
    """
    body = case.body if isinstance(case.body, dict) else {}
    nulls = {name for name, value in body.items() if value is None}
    if nulls and not nulls & _required_body_fields(case):
        return None
    if body.get("userId") == "" or body.get("prefs") == []:
        return None
    return negative_data_rejection(ctx, response, case)


def _required_body_fields(case: Case) -> set[str]:
    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    return set(schema.get("required", []))


def success_status_conformance(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """status_code_conformance for successes only: Appwrite's published spec documents no error responses."""
    if response.status_code < 400:
        return status_code_conformance(ctx, response, case)
    return None


def _config() -> Any:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
                "with-security-parameters": False,
                "mode": "all",
            },
            "phases": {"stateful": {"enabled": False}},
        }
    )


@pytest.fixture(scope="module")
def running() -> Iterator[Any]:
    with emulator.run_in_thread(emulator.EmulatorConfig(port=0, rate_limits=False, quiet=True)) as started:
        yield started


class Sessions:
    """Signed-in users for the cases: one shared, and a fresh one per case of a destructive operation."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.project = f"st-{uuid.uuid4().hex[:10]}"
        self._http = httpx.Client(base_url=endpoint, headers={"X-Appwrite-Project": self.project}, timeout=10)
        self._shared: str | None = None

    def close(self) -> None:
        self._http.close()

    def _new(self) -> str:
        email = f"st-{uuid.uuid4().hex[:12]}@example.com"
        created = self._http.post("/account", json={"userId": "unique()", "email": email, "password": PASSWORD})
        assert created.status_code == 201, created.text
        session = self._http.post("/account/sessions/email", json={"email": email, "password": PASSWORD})
        assert session.status_code == 201, session.text
        self._http.cookies.clear()  # the session travels only in the headers each case sends
        return session.headers["x-fallback-cookies"]

    def headers(self, operation_id: str | None) -> dict[str, str]:
        if operation_id in DESTRUCTIVE:
            fallback = self._new()
        else:
            if self._shared is None:
                self._shared = self._new()
            fallback = self._shared
        return {"X-Appwrite-Project": self.project, "X-Fallback-Cookies": fallback}


@pytest.fixture(scope="module")
def sessions(running: Any) -> Iterator[Sessions]:
    made = Sessions(running.endpoint)
    yield made
    made.close()


def _checks(operation_id: str, published: bool) -> list[Callable[..., bool | None]]:
    checks: list[Callable[..., bool | None]] = [
        server_error_check,
        response_schema_conformance,
        negative_data_check,
        appwrite_error_model,
    ]
    if published:
        skipped = PUBLISHED_SPEC_ERRATA.get(operation_id, {})
        if "status_code_conformance" not in skipped:
            checks.append(success_status_conformance)
        checks = [c for c in checks if c.__name__ not in skipped]
    else:
        checks.append(status_code_conformance)
    return checks


def _run(case: Case, sessions: Sessions, published: bool) -> None:
    operation_id = case.operation.definition.raw.get("operationId", "")
    case.call_and_validate(
        base_url=sessions.endpoint,
        headers=sessions.headers(operation_id),
        checks=_checks(operation_id, published),
        allow_redirects=False,
    )


ours = schemathesis.openapi.from_path(OURS, config=_config())


@ours.parametrize()
def test_our_spec(case: Case, sessions: Sessions) -> None:
    _run(case, sessions, published=False)


if PUBLISHED.exists():
    published = schemathesis.openapi.from_path(PUBLISHED, config=_config())

    @published.parametrize()
    def test_published_spec(case: Case, sessions: Sessions) -> None:
        _run(case, sessions, published=True)

else:

    @pytest.mark.skip(reason=f"Appwrite's published 1.4 subset is not beside the checkout ({PUBLISHED})")
    def test_published_spec() -> None:
        raise AssertionError("skipped")
