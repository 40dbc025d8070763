"""Replay the exchanges in tests/fixtures/recorded/ through the SDK, sync and async (respx; no network).

Each fixture is one request/response pair in the shape a real Appwrite 1.4 server produces (see the README in
that folder). The SDK must send the recorded request, return the recorded model or raise the recorded error,
and leave the session store as recorded.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import respx
from pydantic import BaseModel

import appwrite_account
from appwrite_account import Account, AppwriteError, AsyncAccount, AsyncClient, Client, RateLimitError
from appwrite_account import models as m

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
ENDPOINT = "http://127.0.0.1:8080/v1"
RECORDED = sorted(FIXTURES.glob("*.json"))
REQUIRED_KEYS = {"name", "project", "description", "digest", "call", "session_before", "request", "response", "expect"}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


class OneSessionStore:
    """A session store with one slot, so the test can see exactly what the SDK stored or forgot."""

    def __init__(self, secret: str | None) -> None:
        self.secret = secret
        self.keys: set[str] = set()

    def load(self, key: str) -> str | None:
        self.keys.add(key)
        return self.secret

    def save(self, key: str, secret: str) -> None:
        self.keys.add(key)
        self.secret = secret

    def delete(self, key: str) -> None:
        self.keys.add(key)
        self.secret = None


def recorded_response(fx: dict[str, Any]) -> httpx.Response:
    recorded = fx["response"]
    headers = [tuple(line.split(": ", 1)) for line in recorded["headers"]]
    body = recorded["body"]
    # PHP's json_encode writes compact JSON with escaped slashes; the SDK must not care.
    content = b"" if body is None else json.dumps(body, separators=(",", ":")).replace("/", "\\/").encode()
    return httpx.Response(recorded["status"], headers=headers, content=content)


def _value(value: Any) -> Any:
    """A parsed value in the fixture's JSON terms."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None
        return value.isoformat()
    if isinstance(value, m.Preferences):
        return value.to_dict()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return value


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def check_request(fx: dict[str, Any], request: httpx.Request) -> None:
    want = fx["request"]
    assert request.method == want["method"]
    assert request.url.path == want["path"]
    assert parse_qsl(request.url.query.decode(), keep_blank_values=True) == [tuple(q) for q in want["query"]]
    if want["body"] is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == want["body"]
    for name, value in want["headers"].items():
        assert request.headers.get(name) == value, name
    for name in want["absent_headers"]:
        assert name not in request.headers, name


def check_outcome(fx: dict[str, Any], result: Any, error: BaseException | None, store: OneSessionStore) -> None:
    expect = fx["expect"]
    if "error" in expect:
        assert error is not None, f"expected {expect['error']}, got {result!r}"
        assert type(error) is getattr(appwrite_account, expect["error"])
        assert isinstance(error, AppwriteError)
        assert error.code == expect["code"]
        assert error.type == expect["type"]
        if "message" in expect:
            assert error.message == expect["message"]
        if isinstance(error, RateLimitError):
            assert error.limit == expect["limit"]
            assert error.remaining == expect["remaining"]
            assert error.reset_at is not None
            assert error.reset_at.isoformat() == expect["reset_at"]
    elif "model" in expect:
        assert error is None, repr(error)
        assert type(result) is getattr(m, expect["model"])
        for dotted, value in expect["fields"].items():
            assert _value(_get(result, dotted)) == value, dotted
    else:
        assert error is None, repr(error)
        assert result is expect["returns"] is None
    assert store.secret == expect["session_after"]
    assert len(store.keys) <= 1, "one endpoint and project: one store key"


def test_the_recorded_folder_has_the_exchanges_the_issue_asks_for() -> None:
    names = {p.stem for p in RECORDED}
    for required in (
        "01-sign-up",
        "02-email-sign-in",
        "03-get-account",
        "04-update-prefs-empty",
        "05-list-sessions",
        "06-delete-current-session",
        "08-rate-limited",
        "09-unauthorized-guest",
    ):
        assert required in names
    statuses = set()
    for path in RECORDED:
        fx = load(path)
        assert set(fx) == REQUIRED_KEYS, path.name
        assert fx["name"] == path.stem
        headers = {line.split(": ", 1)[0].lower() for line in fx["response"]["headers"]}
        statuses.add(fx["response"]["status"])
        if fx["response"]["status"] == 204:
            assert "content-type" not in headers, "a 204 has no content type"
            assert fx["response"]["body"] is None
        else:
            assert "content-type" in headers
    assert {200, 201, 204, 401, 429} <= statuses


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
def test_replay_sync(path: Path) -> None:
    fx = load(path)
    store = OneSessionStore(fx["session_before"])
    result: Any = None
    error: BaseException | None = None
    with (
        respx.mock(assert_all_called=True, assert_all_mocked=True) as router,
        Client(ENDPOINT, fx["project"], session_store=store, max_retries=0) as client,
    ):
        route = router.route().mock(return_value=recorded_response(fx))
        try:
            result = getattr(Account(client), fx["call"]["method"])(**fx["call"]["kwargs"])
        except AppwriteError as exc:
            error = exc
        assert route.call_count == 1
        check_request(fx, route.calls.last.request)
        check_outcome(fx, result, error, store)
        _check_rate_limit(fx, client)


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
async def test_replay_async(path: Path) -> None:
    fx = load(path)
    store = OneSessionStore(fx["session_before"])
    result: Any = None
    error: BaseException | None = None
    with respx.mock(assert_all_called=True, assert_all_mocked=True) as router:
        route = router.route().mock(return_value=recorded_response(fx))
        async with AsyncClient(ENDPOINT, fx["project"], session_store=store, max_retries=0) as client:
            try:
                result = await getattr(AsyncAccount(client), fx["call"]["method"])(**fx["call"]["kwargs"])
            except AppwriteError as exc:
                error = exc
            assert route.call_count == 1
            check_request(fx, route.calls.last.request)
            check_outcome(fx, result, error, store)
            _check_rate_limit(fx, client)


def _check_rate_limit(fx: dict[str, Any], client: Client | AsyncClient) -> None:
    expect = fx["expect"].get("rate_limit")
    if expect is None:
        return
    assert client.rate_limit is not None
    assert client.rate_limit.limit == expect["limit"]
    assert client.rate_limit.remaining == expect["remaining"]
    assert client.rate_limit.reset_at is not None
    assert client.rate_limit.reset_at.isoformat() == expect["reset_at"]


def test_sign_in_then_sign_out_through_one_client() -> None:
    """The session a recorded sign-in leaves is the one the next recorded requests carry, until sign-out."""
    sign_in, get, sign_out = (
        load(FIXTURES / f"{n}.json") for n in ("02-email-sign-in", "03-get-account", "06-delete-current-session")
    )
    store = OneSessionStore(None)
    with (
        respx.mock(assert_all_mocked=True) as router,
        Client(ENDPOINT, sign_in["project"], session_store=store, max_retries=0) as client,
    ):
        account = Account(client)
        router.post("/v1/account/sessions/email").mock(return_value=recorded_response(sign_in))
        router.get("/v1/account").mock(return_value=recorded_response(get))
        router.delete("/v1/account/sessions/current").mock(return_value=recorded_response(sign_out))
        account.create_email_session(**sign_in["call"]["kwargs"])
        assert client.has_session
        account.get()
        check_request(get, router.calls[1].request)
        account.delete_session(session_id="current")
        check_request(sign_out, router.calls[2].request)
        assert not client.has_session
        assert store.secret is None
