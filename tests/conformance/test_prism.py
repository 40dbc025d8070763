"""Every SDK request, sync and async, validated by Prism against Appwrite's published 1.4 spec.

Prism (`@stoplight/prism-cli`, a tool we did not write) serves `appwrite-1.4-account-subset.json` with
`--errors`: a request that breaks the published contract (security, path, query, body, content type) gets a
4xx instead of an example, and the SDK call then raises. Every example Prism answers with is parsed by the SDK
into our models and compared field by field with the JSON Prism sent.

The only differences tolerated are in `published_spec_exceptions.py`, each with its reason.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from pydantic import BaseModel

from appwrite_account import (
    Account,
    APIStatusError,
    AsyncAccount,
    AsyncClient,
    AuthenticationError,
    Client,
    Query,
)
from appwrite_account.models import Jwt, LogList, Preferences, Session, SessionList, Token, User

from ._published import (
    PUBLISHED_PATH,
    ROOT,
    AsyncCheckingTransport,
    CheckingTransport,
    Exchange,
    PrismServer,
    load_published,
    routes,
)
from .published_spec_exceptions import EXCEPTIONS, applies

PROJECT = "5df5acd0d48c2"
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiJmYWtlLXVzZXIifQ.ZmFrZS1zaWduYXR1cmU"
SESSION_SECRET = "eyJpZCI6ImZha2UtdXNlciIsInNlY3JldCI6ImZha2Utc2VjcmV0In0="  # base64 of a fake {"id","secret"}
URL = "https://app.example.com/auth/callback"
USER_ID = "64a1b2c3d4e5f"
FLAVOURS = ("sync", "async")
MODES = ("jwt", "session")


@dataclass(frozen=True)
class Call:
    operation_id: str
    method: str
    kwargs: dict[str, Any]
    returns: type | None  # the model the SDK must return; `str` for the OAuth2 URL; None for a 204
    variant: str = ""

    @property
    def id(self) -> str:
        return self.method + (f"-{self.variant}" if self.variant else "")


CALLS = [
    Call("accountGet", "get", {}, User),
    Call(
        "accountCreate",
        "create",
        {"user_id": "unique()", "email": "ada@example.com", "password": "correct-horse-battery", "name": "Ada"},
        User,
    ),
    Call(
        "accountCreate",
        "create",
        {"user_id": "ada.lovelace-1", "email": "ada@example.com", "password": "correct-horse-battery"},
        User,
        "no-name",
    ),
    Call("accountUpdateEmail", "update_email", {"email": "ada@example.org", "password": "correct-horse-battery"}, User),
    Call("accountCreateJWT", "create_jwt", {}, Jwt),
    Call("accountListLogs", "list_logs", {"queries": [Query.limit(5), Query.offset(5)]}, LogList),
    Call("accountListLogs", "list_logs", {}, LogList, "no-queries"),
    Call("accountUpdateName", "update_name", {"name": "Ada King"}, User),
    Call(
        "accountUpdatePassword",
        "update_password",
        {"password": "new-horse-battery", "old_password": "correct-horse-battery"},
        User,
    ),
    Call("accountUpdatePhone", "update_phone", {"phone": "+16175551212", "password": "correct-horse-battery"}, User),
    Call("accountGetPrefs", "get_prefs", {}, Preferences),
    Call("accountUpdatePrefs", "update_prefs", {"prefs": {"theme": "dark", "fontSize": 14, "tags": ["a"]}}, User),
    Call("accountCreateRecovery", "create_recovery", {"email": "ada@example.com", "url": URL}, Token),
    Call(
        "accountUpdateRecovery",
        "update_recovery",
        {
            "user_id": USER_ID,
            "secret": "0f" * 128,
            "password": "new-horse-battery",
            "password_again": "new-horse-battery",
        },
        Token,
    ),
    Call("accountListSessions", "list_sessions", {}, SessionList),
    Call("accountDeleteSessions", "delete_sessions", {}, None),
    Call("accountCreateAnonymousSession", "create_anonymous_session", {}, Session),
    Call(
        "accountCreateEmailSession",
        "create_email_session",
        {"email": "ada@example.com", "password": "correct-horse-battery"},
        Session,
    ),
    Call(
        "accountCreateMagicURLSession",
        "create_magic_url_session",
        {"user_id": "unique()", "email": "ada@example.com", "url": URL},
        Token,
    ),
    Call(
        "accountUpdateMagicURLSession", "update_magic_url_session", {"user_id": USER_ID, "secret": "0f" * 128}, Session
    ),
    Call(
        "accountCreateOAuth2Session",
        "create_oauth2_session",
        {
            "provider": "github",
            "success": "https://app.example.com/ok",
            "failure": "https://app.example.com/fail",
            "scopes": ["read:user", "user:email"],
        },
        str,
    ),
    Call("accountCreateOAuth2Session", "create_oauth2_session", {"provider": "paypalSandbox"}, str, "minimal"),
    Call("accountCreatePhoneSession", "create_phone_session", {"user_id": "unique()", "phone": "+16175551212"}, Token),
    Call("accountUpdatePhoneSession", "update_phone_session", {"user_id": USER_ID, "secret": "123456"}, Session),
    Call("accountGetSession", "get_session", {"session_id": "current"}, Session),
    Call("accountGetSession", "get_session", {"session_id": "5e5ea5c16897e"}, Session, "by-id"),
    Call("accountUpdateSession", "update_session", {"session_id": "current"}, Session),
    Call("accountDeleteSession", "delete_session", {"session_id": "5e5ea5c16897e"}, None),
    Call("accountDeleteSession", "delete_session", {"session_id": "current"}, None, "current"),
    Call("accountUpdateStatus", "update_status", {}, User),
    Call("accountCreateVerification", "create_verification", {"url": URL}, Token),
    Call("accountUpdateVerification", "update_verification", {"user_id": USER_ID, "secret": "0f" * 128}, Token),
    Call("accountCreatePhoneVerification", "create_phone_verification", {}, Token),
    Call(
        "accountUpdatePhoneVerification", "update_phone_verification", {"user_id": USER_ID, "secret": "123456"}, Token
    ),
]


class FixedSessionStore:
    """A store that already holds a session for every endpoint (Prism sends no cookies to capture one from)."""

    def load(self, key: str) -> str | None:
        return SESSION_SECRET

    def save(self, key: str, secret: str) -> None:
        pass

    def delete(self, key: str) -> None:
        pass


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    sdk_exchanges: int = 0  # requests the SDK itself made (the OAuth2 URL must be built without one)


def _client_kwargs(mode: str) -> dict[str, Any]:
    if mode == "jwt":
        return {"jwt": JWT}
    return {"session_store": FixedSessionStore()}


def _drive_sync(prism: PrismServer, published: dict[str, Any], mode: str) -> dict[str, Outcome]:
    log: list[Exchange] = []
    outcomes: dict[str, Outcome] = {}
    with (
        httpx.Client(transport=CheckingTransport(published, log)) as http,
        Client(prism.url, PROJECT, max_retries=0, http_client=http, **_client_kwargs(mode)) as client,
    ):
        account = Account(client)
        for call in CALLS:
            outcome = outcomes[call.id] = Outcome()
            before = len(log)
            try:
                outcome.result = getattr(account, call.method)(**call.kwargs)
            except Exception as exc:
                outcome.error = exc
            outcome.sdk_exchanges = len(log) - before
            if call.returns is str and isinstance(outcome.result, str):
                # What a browser does with the URL: one GET, the redirect not followed.
                http.get(outcome.result, follow_redirects=False)
            outcome.exchanges = log[before:]
    return outcomes


async def _drive_async(prism: PrismServer, published: dict[str, Any], mode: str) -> dict[str, Outcome]:
    log: list[Exchange] = []
    outcomes: dict[str, Outcome] = {}
    async with (
        httpx.AsyncClient(transport=AsyncCheckingTransport(published, log)) as http,
        AsyncClient(prism.url, PROJECT, max_retries=0, http_client=http, **_client_kwargs(mode)) as client,
    ):
        account = AsyncAccount(client)
        for call in CALLS:
            outcome = outcomes[call.id] = Outcome()
            before = len(log)
            try:
                outcome.result = await getattr(account, call.method)(**call.kwargs)
            except Exception as exc:
                outcome.error = exc
            outcome.sdk_exchanges = len(log) - before
            if call.returns is str and isinstance(outcome.result, str):
                await http.get(outcome.result, follow_redirects=False)
            outcome.exchanges = log[before:]
    return outcomes


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    if not PUBLISHED_PATH.exists():
        pytest.skip(f"the published Appwrite 1.4 spec is not beside the checkout ({PUBLISHED_PATH})")
    return load_published()


@pytest.fixture(scope="module")
def runs(prism: PrismServer, published: dict[str, Any]) -> Iterator[dict[tuple[str, str], dict[str, Outcome]]]:
    """Every call of CALLS, in each mode and flavour, against one Prism: run once, asserted case by case below."""
    done: dict[tuple[str, str], dict[str, Outcome]] = {}
    for mode in MODES:
        done[mode, "sync"] = _drive_sync(prism, published, mode)
        done[mode, "async"] = asyncio.run(_drive_async(prism, published, mode))
    yield done


# -- what a passing exchange looks like -------------------------------------------------------------------------


def _success_status(published: dict[str, Any], operation_id: str) -> int:
    route = next(r for r in routes(published) if r.operation_id == operation_id)
    return int(next(code for code in route.op["responses"] if code[0] in "23"))


def _describe(outcome: Outcome) -> str:
    lines = [f"SDK error: {outcome.error!r}"] if outcome.error else []
    for ex in outcome.exchanges:
        lines.append(f"{ex.method} {ex.path} -> Prism {ex.status}: {json.dumps(ex.response_body)[:1500]}")
    return "\n".join(lines)


def assert_parsed(value: Any, raw: Any, where: str) -> None:
    """The SDK's value holds exactly what the JSON said, with the right Python types."""
    if isinstance(value, BaseModel):
        assert isinstance(raw, dict), where
        for name, info in type(value).model_fields.items():
            alias = info.alias or name
            if alias in raw:
                assert_parsed(getattr(value, name), raw[alias], f"{where}.{alias}")
        for key, extra in (value.model_extra or {}).items():
            assert raw[key] == extra, f"{where}.{key}"
        declared = {info.alias or name for name, info in type(value).model_fields.items()}
        assert set(raw) <= declared | set(value.model_extra or {}), f"{where}: fields lost"
    elif isinstance(value, datetime):
        assert isinstance(raw, str), where
        assert value.tzinfo is not None, f"{where}: naive datetime"
        assert value == datetime.fromisoformat(raw), where
    elif value is None:
        assert raw in (None, ""), where
    elif isinstance(value, list):
        assert isinstance(raw, list), where
        assert len(value) == len(raw), where
        for i, (item, raw_item) in enumerate(zip(value, raw, strict=True)):
            assert_parsed(item, raw_item, f"{where}[{i}]")
    else:
        assert type(value) is type(raw), f"{where}: {type(value).__name__} for JSON {type(raw).__name__}"
        assert value == raw, where


def _check_passed(call: Call, outcome: Outcome, published: dict[str, Any], flavour: str) -> None:
    assert outcome.error is None, _describe(outcome)
    assert len(outcome.exchanges) == 1, _describe(outcome)
    ex = outcome.exchanges[0]
    assert ex.operation_id == call.operation_id, f"the SDK called {ex.method} {ex.path}"
    assert ex.undeclared == [], f"sent names the published spec does not declare: {ex.undeclared}"
    assert all(applies(exc_id, call.operation_id) for exc_id in ex.applied)
    assert ex.status == _success_status(published, call.operation_id), _describe(outcome)
    assert ex.headers.get("X-Appwrite-Project") == PROJECT or "oauth2-project-in-query" in ex.applied
    if call.returns is None:
        assert outcome.result is None
        assert ex.response_body is None
    elif call.returns is str:
        # create_oauth2_session: a URL, built without a request; Prism checked the browser's GET of it.
        assert outcome.sdk_exchanges == 0, "create_oauth2_session must not call the server"
        assert isinstance(outcome.result, str)
        parts = urlsplit(outcome.result)
        assert ("project", PROJECT) in parse_qsl(parts.query)
        assert parts.path == f"/account/sessions/oauth2/{call.kwargs['provider']}"
    else:
        assert type(outcome.result) is call.returns, f"{flavour} returned {type(outcome.result).__name__}"
        assert_parsed(outcome.result, ex.response_body, call.returns.__name__)


CASES = [(mode, flavour, call) for mode in MODES for flavour in FLAVOURS for call in CALLS]


@pytest.mark.parametrize(("mode", "flavour", "call"), CASES, ids=[f"{m}-{f}-{c.id}" for m, f, c in CASES])
def test_request_passes_prism_and_response_parses(
    mode: str, flavour: str, call: Call, runs: dict[tuple[str, str], dict[str, Outcome]], published: dict[str, Any]
) -> None:
    outcome = runs[mode, flavour][call.id]
    if mode == "session" and applies("session-not-in-published-security", call.operation_id):
        # Published-spec exception: no way to say "session" there, so Prism refuses; asserted exactly.
        assert isinstance(outcome.error, AuthenticationError), _describe(outcome)
        (ex,) = outcome.exchanges
        assert ex.status == 401
        assert ex.response_body["type"].endswith("#UNAUTHORIZED")
        assert json.loads(ex.headers["X-Fallback-Cookies"]) == {f"a_session_{PROJECT}": SESSION_SECRET}
        assert "X-Appwrite-JWT" not in ex.headers
        return
    _check_passed(call, outcome, published, flavour)
    if mode == "session" and call.returns is not str:
        assert "X-Fallback-Cookies" in outcome.exchanges[0].headers


def test_prism_validated_all_29_operations_in_both_flavours(
    runs: dict[tuple[str, str], dict[str, Outcome]], published: dict[str, Any]
) -> None:
    every = {r.operation_id for r in routes(published)}
    assert len(every) == 29
    sdk_methods = {n for n, _ in inspect.getmembers(Account, inspect.isfunction) if not n.startswith("_")}
    async_methods = {n for n, _ in inspect.getmembers(AsyncAccount, inspect.isfunction) if not n.startswith("_")}
    assert {c.method for c in CALLS} == sdk_methods == async_methods
    for flavour in FLAVOURS:
        validated = set()
        for call in CALLS:
            outcome = runs["jwt", flavour][call.id]
            for ex in outcome.exchanges:
                if outcome.error is None and ex.status < 400 and ex.operation_id:
                    validated.add(ex.operation_id)
        assert validated == every, f"{flavour}: not validated by Prism: {sorted(every - validated)}"


def test_every_exception_is_still_needed(runs: dict[tuple[str, str], dict[str, Outcome]]) -> None:
    used = {
        exc_id for outcomes in runs.values() for o in outcomes.values() for ex in o.exchanges for exc_id in ex.applied
    }
    session = runs["session", "sync"]
    if any(isinstance(session[c.id].error, AuthenticationError) for c in CALLS):
        used.add("session-not-in-published-security")
    assert used == set(EXCEPTIONS), f"unused, remove from published_spec_exceptions.py: {set(EXCEPTIONS) - used}"


# -- the check can fail -------------------------------------------------------------------------------------------


def test_prism_rejects_what_breaks_the_published_contract(prism: PrismServer, published: dict[str, Any]) -> None:
    headers = {"X-Appwrite-Project": PROJECT, "X-Appwrite-JWT": JWT}
    log: list[Exchange] = []
    with httpx.Client(base_url=prism.url, transport=CheckingTransport(published, log)) as http:
        assert http.patch("/account/name", json={"name": 5}, headers=headers).status_code == 422
        assert http.patch("/account/name", json={}, headers=headers).status_code == 422
        assert http.get("/account/sessions/oauth2/myspace", headers=headers).status_code == 422
        assert http.get("/account", headers={"X-Appwrite-Project": PROJECT}).status_code == 401
        assert http.post("/account/jwt", json={"x": 1}, headers=headers).status_code == 415
        http.patch("/account/name", json={"name": "Ada", "nickname": "A"}, headers=headers)
    assert log[-1].undeclared == ["body nickname"]


def test_an_sdk_call_raises_when_prism_refuses_it(prism: PrismServer, published: dict[str, Any]) -> None:
    # A guest's get(): the published spec wants a JWT, so Prism refuses it and the SDK raises.
    log: list[Exchange] = []
    with (
        httpx.Client(transport=CheckingTransport(published, log)) as http,
        Client(prism.url, PROJECT, max_retries=0, http_client=http) as client,
        pytest.raises(APIStatusError) as caught,
    ):
        Account(client).get()
    assert caught.value.code == 401
    assert log[0].response_body["type"].endswith("#UNAUTHORIZED")


def test_exceptions_match_the_published_spec_and_the_docs(published: dict[str, Any]) -> None:
    all_routes = routes(published)
    needs_jwt = {r.operation_id for r in all_routes if all("JWT" in req for req in r.op.get("security", []))}
    assert EXCEPTIONS["session-not-in-published-security"].operations == needs_jwt
    docs = (ROOT / "docs" / "conformance.md").read_text()
    for exception_id, exception in EXCEPTIONS.items():
        assert f"`{exception_id}`" in docs, f"docs/conformance.md does not explain {exception_id}"
        assert exception.reason and exception.digest and exception.what


def test_rewrites_apply_only_where_listed(published: dict[str, Any]) -> None:
    from ._published import to_published

    all_routes = routes(published)
    headers = {"X-Appwrite-Project": PROJECT, "Content-Type": "application/json"}
    # Listed: renamed, and nothing left undeclared.
    logs = httpx.Request("GET", "http://127.0.0.1:1/account/logs?queries%5B%5D=limit(5)", headers=headers)
    forwarded, ex = to_published(logs, published, all_routes)
    assert forwarded.url.query == b"queries=limit%285%29" and ex.applied == {"array-query-brackets"}
    assert ex.undeclared == []
    # Not listed (GET /account declares no query): left as sent, and reported.
    get = httpx.Request("GET", "http://127.0.0.1:1/account?queries%5B%5D=limit(5)&project=p", headers=headers)
    forwarded, ex = to_published(get, published, all_routes)
    assert ex.applied == set() and ex.undeclared == ["query queries[]", "query project"]
    # `{}` is dropped only where the operation declares no body; a real body is never touched.
    jwt = httpx.Request("POST", "http://127.0.0.1:1/account/jwt", json={"x": 1}, headers=headers)
    assert to_published(jwt, published, all_routes)[0].content == b'{"x":1}'
    name = httpx.Request("PATCH", "http://127.0.0.1:1/account/name", json={}, headers=headers)
    forwarded, ex = to_published(name, published, all_routes)
    assert forwarded.content == b"{}" and ex.applied == set()
