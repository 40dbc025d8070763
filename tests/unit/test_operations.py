"""Every operation of the Account service, sync and async: what goes on the wire and what comes back."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
import pytest

import appwrite_account
from appwrite_account import Account, AsyncAccount, Query
from appwrite_account.models import Jwt, LogList, Preferences, Session, SessionList, Token, User

from . import factories as f
from .conftest import ENDPOINT, PROJECT

CREATED = datetime(2023, 11, 2, 10, 15, 30, 123000, tzinfo=timezone.utc)
EXPIRE = datetime(2024, 11, 2, 10, 15, 30, 123000, tzinfo=timezone.utc)
URL = "https://app.example.com/callback"


def _check_user(result: Any) -> None:
    assert type(result) is User
    assert result.id == "64a1b2c3d4e5f"
    assert result.created_at == CREATED
    assert result.created_at.tzinfo is not None
    assert result.email == "ada@example.com"
    assert result.prefs["theme"] == "dark"
    assert result.labels == ["vip"]


def _check_session(result: Any) -> None:
    assert type(result) is Session
    assert result.id == "5e5ea5c16897e"
    assert result.user_id == "64a1b2c3d4e5f"
    assert result.created_at == CREATED
    assert result.created_at.tzinfo is not None
    assert result.expire == EXPIRE
    assert result.provider == "email"
    assert result.current is True
    assert result.provider_access_token_expiry is None


def _check_token(result: Any) -> None:
    assert type(result) is Token
    assert result.id == "bb8ea5c16897e"
    assert result.user_id == "64a1b2c3d4e5f"
    assert result.created_at == CREATED
    assert result.created_at.tzinfo is not None
    assert result.expire == EXPIRE
    assert result.secret == ""


def _check_jwt(result: Any) -> None:
    assert type(result) is Jwt
    assert result.jwt == f.jwt()["jwt"]


def _check_log_list(result: Any) -> None:
    assert type(result) is LogList
    assert result.total == 2
    assert [log.event for log in result.logs] == ["session.create", "account.update.name"]
    assert result.logs[0].time == CREATED
    assert result.logs[0].time.tzinfo is not None
    assert result.logs[0].user_email == "ada@example.com"


def _check_session_list(result: Any) -> None:
    assert type(result) is SessionList
    assert result.total == 2
    assert [s.id for s in result.sessions] == ["5e5ea5c16897e", "6f6fa5c16897e"]
    assert [s.current for s in result.sessions] == [True, False]
    assert result.sessions[0].created_at == CREATED


def _check_prefs(result: Any) -> None:
    assert type(result) is Preferences
    assert result["theme"] == "dark"
    assert result["fontSize"] == 14
    assert dict(result) == {"theme": "dark", "fontSize": 14}


def _check_none(result: Any) -> None:
    assert result is None


@dataclass
class Case:
    id: str
    method: str
    kwargs: dict[str, Any]
    http_method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    body: dict[str, Any] | None = None  # None: no body at all
    status: int = 200
    response: Any = None
    check: Callable[[Any], None] = _check_none


CASES = [
    Case("get", "get", {}, "GET", "/account", response=f.user(), check=_check_user),
    Case(
        "create",
        "create",
        {"user_id": "unique()", "email": "ada@example.com", "password": "correct-horse", "name": "Ada Lovelace"},
        "POST",
        "/account",
        body={"userId": "unique()", "email": "ada@example.com", "password": "correct-horse", "name": "Ada Lovelace"},
        status=201,
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "create-without-name",
        "create",
        {"user_id": "ada.lovelace-1", "email": "ada@example.com", "password": "correct-horse"},
        "POST",
        "/account",
        body={"userId": "ada.lovelace-1", "email": "ada@example.com", "password": "correct-horse"},
        status=201,
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "update_email",
        "update_email",
        {"email": "new@example.com", "password": "correct-horse"},
        "PATCH",
        "/account/email",
        body={"email": "new@example.com", "password": "correct-horse"},
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "create_jwt",
        "create_jwt",
        {},
        "POST",
        "/account/jwt",
        body=None,
        status=201,
        response=f.jwt(),
        check=_check_jwt,
    ),
    Case(
        "list_logs",
        "list_logs",
        {"queries": [Query.limit(5), Query.offset(1)]},
        "GET",
        "/account/logs",
        query=[("queries[]", "limit(5)"), ("queries[]", "offset(1)")],
        response=f.log_list(),
        check=_check_log_list,
    ),
    Case("list_logs-no-queries", "list_logs", {}, "GET", "/account/logs", response=f.log_list(), check=_check_log_list),
    Case(
        "update_name",
        "update_name",
        {"name": "Ada King"},
        "PATCH",
        "/account/name",
        body={"name": "Ada King"},
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "update_password",
        "update_password",
        {"password": "new-password-1", "old_password": "correct-horse"},
        "PATCH",
        "/account/password",
        body={"password": "new-password-1", "oldPassword": "correct-horse"},
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "update_password-no-old",
        "update_password",
        {"password": "new-password-1"},
        "PATCH",
        "/account/password",
        body={"password": "new-password-1"},
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "update_phone",
        "update_phone",
        {"phone": "+16175551212", "password": "correct-horse"},
        "PATCH",
        "/account/phone",
        body={"phone": "+16175551212", "password": "correct-horse"},
        response=f.user(),
        check=_check_user,
    ),
    Case("get_prefs", "get_prefs", {}, "GET", "/account/prefs", response=f.prefs(), check=_check_prefs),
    Case(
        "update_prefs",
        "update_prefs",
        {"prefs": {"theme": "dark", "nested": {"a": [1, 2]}, "off": None}},
        "PATCH",
        "/account/prefs",
        body={"prefs": {"theme": "dark", "nested": {"a": [1, 2]}, "off": None}},
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "create_recovery",
        "create_recovery",
        {"email": "ada@example.com", "url": URL},
        "POST",
        "/account/recovery",
        body={"email": "ada@example.com", "url": URL},
        status=201,
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "update_recovery",
        "update_recovery",
        {
            "user_id": "64a1b2c3d4e5f",
            "secret": "a" * 256,
            "password": "new-password-1",
            "password_again": "new-password-1",
        },
        "PUT",
        "/account/recovery",
        body={
            "userId": "64a1b2c3d4e5f",
            "secret": "a" * 256,
            "password": "new-password-1",
            "passwordAgain": "new-password-1",
        },
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "list_sessions",
        "list_sessions",
        {},
        "GET",
        "/account/sessions",
        response=f.session_list(),
        check=_check_session_list,
    ),
    Case("delete_sessions", "delete_sessions", {}, "DELETE", "/account/sessions", status=204),
    Case(
        "create_anonymous_session",
        "create_anonymous_session",
        {},
        "POST",
        "/account/sessions/anonymous",
        body=None,
        status=201,
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "create_email_session",
        "create_email_session",
        {"email": "ada@example.com", "password": "correct-horse"},
        "POST",
        "/account/sessions/email",
        body={"email": "ada@example.com", "password": "correct-horse"},
        status=201,
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "create_magic_url_session",
        "create_magic_url_session",
        {"user_id": "unique()", "email": "ada@example.com", "url": URL},
        "POST",
        "/account/sessions/magic-url",
        body={"userId": "unique()", "email": "ada@example.com", "url": URL},
        status=201,
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "create_magic_url_session-no-url",
        "create_magic_url_session",
        {"user_id": "unique()", "email": "ada@example.com"},
        "POST",
        "/account/sessions/magic-url",
        body={"userId": "unique()", "email": "ada@example.com"},
        status=201,
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "update_magic_url_session",
        "update_magic_url_session",
        {"user_id": "64a1b2c3d4e5f", "secret": "f00d"},
        "PUT",
        "/account/sessions/magic-url",
        body={"userId": "64a1b2c3d4e5f", "secret": "f00d"},
        status=201,
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "create_phone_session",
        "create_phone_session",
        {"user_id": "unique()", "phone": "+16175551212"},
        "POST",
        "/account/sessions/phone",
        body={"userId": "unique()", "phone": "+16175551212"},
        status=201,
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "update_phone_session",
        "update_phone_session",
        {"user_id": "64a1b2c3d4e5f", "secret": "123456"},
        "PUT",
        "/account/sessions/phone",
        body={"userId": "64a1b2c3d4e5f", "secret": "123456"},
        status=201,
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "get_session-current",
        "get_session",
        {"session_id": "current"},
        "GET",
        "/account/sessions/current",
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "get_session-id",
        "get_session",
        {"session_id": "5e5ea5c16897e"},
        "GET",
        "/account/sessions/5e5ea5c16897e",
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "update_session",
        "update_session",
        {"session_id": "current"},
        "PATCH",
        "/account/sessions/current",
        body=None,
        response=f.session(),
        check=_check_session,
    ),
    Case(
        "delete_session",
        "delete_session",
        {"session_id": "5e5ea5c16897e"},
        "DELETE",
        "/account/sessions/5e5ea5c16897e",
        status=204,
    ),
    Case(
        "update_status",
        "update_status",
        {},
        "PATCH",
        "/account/status",
        body=None,
        response=f.user(),
        check=_check_user,
    ),
    Case(
        "create_verification",
        "create_verification",
        {"url": URL},
        "POST",
        "/account/verification",
        body={"url": URL},
        status=201,
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "update_verification",
        "update_verification",
        {"user_id": "64a1b2c3d4e5f", "secret": "s3cr3t"},
        "PUT",
        "/account/verification",
        body={"userId": "64a1b2c3d4e5f", "secret": "s3cr3t"},
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "create_phone_verification",
        "create_phone_verification",
        {},
        "POST",
        "/account/verification/phone",
        body=None,
        status=201,
        response=f.token(),
        check=_check_token,
    ),
    Case(
        "update_phone_verification",
        "update_phone_verification",
        {"user_id": "64a1b2c3d4e5f", "secret": "123456"},
        "PUT",
        "/account/verification/phone",
        body={"userId": "64a1b2c3d4e5f", "secret": "123456"},
        response=f.token(),
        check=_check_token,
    ),
]

OAUTH_METHOD = "create_oauth2_session"


def _public_methods(cls: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")}


def test_table_covers_all_29_operations() -> None:
    covered = {case.method for case in CASES} | {OAUTH_METHOD}
    assert len(covered) == 29
    assert covered == _public_methods(Account)
    assert covered == _public_methods(AsyncAccount)


def _canned(case: Case) -> httpx.Response:
    if case.status == 204:
        return httpx.Response(204)
    return httpx.Response(case.status, json=case.response)


def assert_standard_headers(request: httpx.Request) -> None:
    h = request.headers
    assert h["X-Appwrite-Project"] == PROJECT
    assert h["X-Appwrite-Response-Format"] == "1.0.0"
    assert h["X-SDK-Name"] == "appwrite-account"
    assert h["X-SDK-Version"] == appwrite_account.__version__
    assert h["User-Agent"].startswith(f"appwrite-account/{appwrite_account.__version__}")
    # Nothing configured: no auth headers, no session.
    for absent in ("X-Appwrite-JWT", "X-Appwrite-Key", "X-Appwrite-Locale", "X-Fallback-Cookies", "Cookie"):
        assert absent not in h


def assert_request_matches(case: Case, request: httpx.Request) -> None:
    assert request.method == case.http_method
    assert request.url.scheme == "http"
    assert request.url.host == "127.0.0.1"
    assert request.url.port == 8080
    assert request.url.path == "/v1" + case.path
    raw_query = request.url.query.decode()
    assert parse_qsl(raw_query, keep_blank_values=True) == case.query
    if case.query:
        assert unquote(raw_query) == "&".join(f"{k}={v}" for k, v in case.query)
    if case.body is None:
        assert request.content == b""
        assert "content-type" not in request.headers
    else:
        assert request.headers["content-type"] == "application/json"
        assert b"null" not in request.content.replace(b'"off":null', b"")
        assert json.loads(request.content) == case.body
    assert_standard_headers(request)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_operation_sync(case: Case, client, mock) -> None:
    route = mock.route().mock(return_value=_canned(case))
    result = getattr(Account(client), case.method)(**case.kwargs)
    assert route.call_count == 1
    assert_request_matches(case, route.calls.last.request)
    case.check(result)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_operation_async(case: Case, aclient, mock) -> None:
    route = mock.route().mock(return_value=_canned(case))
    result = await getattr(AsyncAccount(aclient), case.method)(**case.kwargs)
    assert route.call_count == 1
    assert_request_matches(case, route.calls.last.request)
    case.check(result)


@pytest.mark.parametrize("method", ["update_magic_url_session", "update_phone_session"])
@pytest.mark.parametrize("status", [200, 201])
def test_put_session_routes_accept_spec_and_actual_status(method: str, status: int, client, mock) -> None:
    # The spec says 200; 1.4 answers 201. Both must parse.
    mock.route().mock(return_value=httpx.Response(status, json=f.session()))
    result = getattr(Account(client), method)(user_id="64a1b2c3d4e5f", secret="123456")
    _check_session(result)


def test_delete_with_204_and_no_content_type_returns_none(client, mock) -> None:
    route = mock.delete("/account/sessions/current").mock(return_value=httpx.Response(204, headers={}))
    assert Account(client).delete_session(session_id="current") is None
    assert route.call_count == 1
    assert "content-type" not in route.calls.last.response.headers


def _check_oauth_url(url: Any, provider: str, expected_query: list[tuple[str, str]]) -> None:
    assert isinstance(url, str)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://127.0.0.1:8080"
    assert parts.path == f"/v1/account/sessions/oauth2/{provider}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    assert ("project", PROJECT) in query
    assert [item for item in query if item[0] != "project"] == expected_query


OAUTH_KWARGS = {
    "provider": "github",
    "success": "https://app.example.com/ok",
    "failure": "https://app.example.com/fail",
    "scopes": ["read:user", "user:email"],
}
OAUTH_QUERY = [
    ("success", "https://app.example.com/ok"),
    ("failure", "https://app.example.com/fail"),
    ("scopes[]", "read:user"),
    ("scopes[]", "user:email"),
]


def test_create_oauth2_session_sync_returns_url_without_request(client, mock) -> None:
    url = Account(client).create_oauth2_session(**OAUTH_KWARGS)
    _check_oauth_url(url, "github", OAUTH_QUERY)
    assert mock.calls.call_count == 0


async def test_create_oauth2_session_async_returns_url_without_request(aclient, mock) -> None:
    url = await AsyncAccount(aclient).create_oauth2_session(**OAUTH_KWARGS)
    _check_oauth_url(url, "github", OAUTH_QUERY)
    assert mock.calls.call_count == 0


def test_create_oauth2_session_minimal(client, mock) -> None:
    url = Account(client).create_oauth2_session(provider="mock")
    _check_oauth_url(url, "mock", [])
    assert mock.calls.call_count == 0


def test_endpoint_trailing_slash_does_not_double(mock) -> None:
    from appwrite_account import Client

    with Client(endpoint=ENDPOINT + "/", project=PROJECT) as c:
        route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
        Account(c).get()
    assert route.calls.last.request.url.path == "/v1/account"
