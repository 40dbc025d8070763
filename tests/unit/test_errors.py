"""Error mapping, broken responses, transport failures, and client-side argument validation."""

from __future__ import annotations

import json
import typing
from datetime import datetime, timezone

import httpx
import pytest

from appwrite_account import (
    Account,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AppwriteError,
    AsyncAccount,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServiceUnavailableError,
)
from appwrite_account.models import Provider

from . import factories as f

# -- status mapping --------------------------------------------------------------------------------------

STATUS_CASES = [
    (400, BadRequestError, "general_argument_invalid", "Invalid `email` param: Value must be a valid email address"),
    (401, AuthenticationError, "general_unauthorized_scope", "User (role: guests) missing scope (account)"),
    (403, PermissionDeniedError, "general_unknown_origin", "Invalid Origin. Register your new client as a platform"),
    (404, NotFoundError, "user_session_not_found", "The current user session could not be found."),
    (409, ConflictError, "user_already_exists", "A user with the same id, email, or phone already exists."),
    (412, PreconditionFailedError, "project_provider_disabled", "This provider is disabled."),
    (429, RateLimitError, "general_rate_limit_exceeded", "Rate limit for the current endpoint has been exceeded."),
    (500, InternalServerError, "user_oauth2_provider_error", "Server Error"),
    (503, ServiceUnavailableError, "general_smtp_disabled", "SMTP is disabled on your Appwrite instance."),
]


@pytest.mark.parametrize(("status", "cls", "type_", "message"), STATUS_CASES, ids=[str(c[0]) for c in STATUS_CASES])
def test_status_maps_to_error_class(status, cls, type_, message, client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(status, json=f.error(status, type_, message)))
    with pytest.raises(APIStatusError) as info:
        Account(client).get()
    exc = info.value
    assert type(exc) is cls
    assert isinstance(exc, AppwriteError)
    assert exc.code == status
    assert exc.type == type_
    assert exc.message == message
    assert isinstance(exc.response, httpx.Response)
    assert exc.response.status_code == status
    assert message in str(exc)
    assert str(status) in str(exc)


@pytest.mark.parametrize(
    ("status", "cls", "type_", "message"), STATUS_CASES[:4], ids=[str(c[0]) for c in STATUS_CASES[:4]]
)
async def test_status_maps_to_error_class_async(status, cls, type_, message, aclient, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(status, json=f.error(status, type_, message)))
    with pytest.raises(APIStatusError) as info:
        await AsyncAccount(aclient).get()
    assert type(info.value) is cls
    assert info.value.type == type_


def test_503_is_an_internal_server_error() -> None:
    assert issubclass(ServiceUnavailableError, InternalServerError)
    assert issubclass(APITimeoutError, APIConnectionError)


def test_other_4xx_is_a_plain_status_error(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(416, json=f.error(416, "storage_invalid_range")))
    with pytest.raises(APIStatusError) as info:
        Account(client).get()
    assert type(info.value) is APIStatusError
    assert info.value.code == 416


def test_rate_limit_error_carries_headers(client, mock) -> None:
    reset = 1_700_002_800
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(
            429,
            json=f.error(429, "general_rate_limit_exceeded", "Rate limit exceeded"),
            headers={"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
        )
    )
    with pytest.raises(RateLimitError) as info:
        Account(client).create_email_session(email="ada@example.com", password="correct-horse")
    exc = info.value
    assert exc.limit == 10
    assert exc.remaining == 0
    assert exc.reset_at == datetime(2023, 11, 14, 23, 0, tzinfo=timezone.utc)
    assert exc.reset_at.tzinfo is not None
    assert exc.type == "general_rate_limit_exceeded"


def test_rate_limit_error_without_headers(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(429, json=f.error(429, "general_rate_limit_exceeded")))
    with pytest.raises(RateLimitError) as info:
        Account(client).get()
    assert (info.value.limit, info.value.remaining, info.value.reset_at) == (None, None, None)


def test_html_502_from_proxy(client, mock) -> None:
    html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>nginx</body></html>"
    mock.get("/account").mock(
        return_value=httpx.Response(502, text=html, headers={"Content-Type": "text/html; charset=utf-8"})
    )
    with pytest.raises(InternalServerError) as info:
        Account(client).get()
    exc = info.value
    assert type(exc) is InternalServerError
    assert exc.code == 502
    assert exc.type is None
    assert "502" in exc.message
    assert "Bad Gateway" in exc.message
    assert exc.text == html


def test_empty_503_from_proxy(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(503))
    with pytest.raises(ServiceUnavailableError) as info:
        Account(client).get()
    assert info.value.type is None
    assert info.value.message == "HTTP 503 Service Unavailable"


def test_json_error_without_message(client, mock) -> None:
    mock.get("/account/sessions/abc").mock(
        return_value=httpx.Response(404, json={"code": 404, "type": "user_session_not_found", "version": "1.4.14"})
    )
    with pytest.raises(NotFoundError) as info:
        Account(client).get_session(session_id="abc")
    exc = info.value
    assert exc.type == "user_session_not_found"
    assert exc.message == "HTTP 404 Not Found"
    assert exc.code == 404


def test_json_error_that_is_not_an_object(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(400, json=["unexpected"]))
    with pytest.raises(BadRequestError) as info:
        Account(client).get()
    assert info.value.type is None
    assert info.value.message == "HTTP 400 Bad Request"


def test_non_json_success_body(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(200, text="OK", headers={"Content-Type": "text/plain"}))
    with pytest.raises(APIResponseValidationError) as info:
        Account(client).get()
    assert info.value.code == 200
    assert info.value.response is not None
    assert "text/plain" in info.value.message
    assert info.value.text == "OK"


def test_success_body_without_content_type(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(200, content=b""))
    with pytest.raises(APIResponseValidationError):
        Account(client).get()


def test_truncated_json_success_body(client, mock) -> None:
    body = json.dumps(f.user())[:60]
    mock.get("/account").mock(
        return_value=httpx.Response(200, content=body.encode(), headers={"Content-Type": "application/json"})
    )
    with pytest.raises(APIResponseValidationError) as info:
        Account(client).get()
    assert info.value.code == 200
    assert info.value.text == body


def test_success_body_missing_required_field(client, mock) -> None:
    body = f.session()
    del body["userId"]
    mock.get("/account/sessions/current").mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(APIResponseValidationError) as info:
        Account(client).get_session(session_id="current")
    assert "userId" in info.value.message


# -- transport failures ----------------------------------------------------------------------------------


def test_connection_refused(client, mock) -> None:
    route = mock.get("/account").mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(APIConnectionError) as info:
        Account(client).get()
    exc = info.value
    assert type(exc) is APIConnectionError
    assert exc.request_sent is False
    assert exc.code == 0
    assert exc.response is None
    assert "Connection refused" in exc.message
    assert isinstance(exc.__cause__, httpx.ConnectError)
    assert route.call_count == 1


def test_connection_reset(client, mock) -> None:
    mock.post("/account/jwt").mock(side_effect=httpx.ReadError("[Errno 104] Connection reset by peer"))
    with pytest.raises(APIConnectionError) as info:
        Account(client).create_jwt()
    assert type(info.value) is APIConnectionError
    assert info.value.request_sent is True


async def test_connection_refused_async(aclient, mock) -> None:
    mock.get("/account").mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(APIConnectionError) as info:
        await AsyncAccount(aclient).get()
    assert type(info.value) is APIConnectionError


@pytest.mark.parametrize(
    ("exc", "sent"),
    [
        (httpx.ReadTimeout("timed out"), True),
        (httpx.ConnectTimeout("timed out"), False),
        (httpx.PoolTimeout("timed out"), False),
        (httpx.WriteTimeout("timed out"), True),
    ],
)
def test_timeout(exc, sent, client, mock) -> None:
    mock.get("/account").mock(side_effect=exc)
    with pytest.raises(APITimeoutError) as info:
        Account(client).get()
    assert info.value.request_sent is sent
    assert "timed out" in info.value.message


async def test_timeout_async(aclient, mock) -> None:
    mock.get("/account").mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError):
        await AsyncAccount(aclient).get()


def test_per_call_timeout_reaches_httpx(client, mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    Account(client).get(timeout=2.5)
    assert route.calls.last.request.extensions["timeout"] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    Account(client).get()
    assert route.calls.last.request.extensions["timeout"] == {
        "connect": 10.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 30.0,
    }


# -- client-side validation ------------------------------------------------------------------------------

U = "64a1b2c3d4e5f"
EMAIL = "ada@example.com"
PW = "correct-horse"
URL = "https://app.example.com/cb"

# (id, method, kwargs, parameter named in the error)
INVALID = [
    # CustomId: unique() or <= 36 of [A-Za-z0-9._-], not starting with a special char
    ("create-id-leading-underscore", "create", {"user_id": "_ada", "email": EMAIL, "password": PW}, "user_id"),
    ("create-id-leading-dot", "create", {"user_id": ".ada", "email": EMAIL, "password": PW}, "user_id"),
    ("create-id-37", "create", {"user_id": "a" * 37, "email": EMAIL, "password": PW}, "user_id"),
    ("create-id-space", "create", {"user_id": "ada lovelace", "email": EMAIL, "password": PW}, "user_id"),
    ("create-id-unicode", "create", {"user_id": "adé", "email": EMAIL, "password": PW}, "user_id"),
    ("create-id-empty", "create", {"user_id": "", "email": EMAIL, "password": PW}, "user_id"),
    ("create-id-none", "create", {"user_id": None, "email": EMAIL, "password": PW}, "user_id"),
    ("magic-id", "create_magic_url_session", {"user_id": "-x", "email": EMAIL}, "user_id"),
    ("phone-session-id", "create_phone_session", {"user_id": "a/b", "phone": "+16175551212"}, "user_id"),
    # Uid: an existing ID, `unique()` is not one
    (
        "recovery-uid-unique",
        "update_recovery",
        {"user_id": "unique()", "secret": "s", "password": PW, "password_again": PW},
        "user_id",
    ),
    ("verification-uid-unique", "update_verification", {"user_id": "unique()", "secret": "s"}, "user_id"),
    ("phone-verification-uid-unique", "update_phone_verification", {"user_id": "unique()", "secret": "s"}, "user_id"),
    ("verification-uid-37", "update_verification", {"user_id": "b" * 37, "secret": "s"}, "user_id"),
    # email
    ("email-no-at", "create", {"user_id": U, "email": "ada.example.com", "password": PW}, "email"),
    ("email-no-domain", "create_email_session", {"email": "ada@", "password": PW}, "email"),
    ("email-no-local", "update_email", {"email": "@example.com", "password": PW}, "email"),
    ("email-space", "create_recovery", {"email": "ada @example.com", "url": URL}, "email"),
    ("email-magic", "create_magic_url_session", {"user_id": "unique()", "email": "not-an-email"}, "email"),
    ("email-int", "update_email", {"email": 42, "password": PW}, "email"),
    # password: min 8
    ("password-7-create", "create", {"user_id": U, "email": EMAIL, "password": "short12"}, "password"),
    ("password-7-session", "create_email_session", {"email": EMAIL, "password": "1234567"}, "password"),
    ("password-7-email", "update_email", {"email": EMAIL, "password": "1234567"}, "password"),
    ("password-7-phone", "update_phone", {"phone": "+16175551212", "password": "1234567"}, "password"),
    ("password-7-update", "update_password", {"password": "1234567"}, "password"),
    ("old-password-7", "update_password", {"password": PW, "old_password": "1234567"}, "old_password"),
    ("old-password-empty", "update_password", {"password": PW, "old_password": ""}, "old_password"),
    (
        "password-again-7",
        "update_recovery",
        {"user_id": U, "secret": "s", "password": PW, "password_again": "1234567"},
        "password_again",
    ),
    # name: 1..128
    ("name-empty-create", "create", {"user_id": U, "email": EMAIL, "password": PW, "name": ""}, "name"),
    ("name-129-create", "create", {"user_id": U, "email": EMAIL, "password": PW, "name": "n" * 129}, "name"),
    ("name-empty", "update_name", {"name": ""}, "name"),
    ("name-129", "update_name", {"name": "n" * 129}, "name"),
    ("name-int", "update_name", {"name": 123}, "name"),
    # phone: E.164
    ("phone-no-plus", "update_phone", {"phone": "16175551212", "password": PW}, "phone"),
    ("phone-leading-zero", "update_phone", {"phone": "+06175551212", "password": PW}, "phone"),
    ("phone-too-short", "create_phone_session", {"user_id": "unique()", "phone": "+123456"}, "phone"),
    ("phone-too-long", "create_phone_session", {"user_id": "unique()", "phone": "+1234567890123456"}, "phone"),
    ("phone-dashes", "create_phone_session", {"user_id": "unique()", "phone": "+1-617-555-1212"}, "phone"),
    # secret: 1..256
    ("secret-empty", "update_verification", {"user_id": U, "secret": ""}, "secret"),
    ("secret-257", "update_magic_url_session", {"user_id": U, "secret": "s" * 257}, "secret"),
    ("secret-257-phone", "update_phone_session", {"user_id": U, "secret": "1" * 257}, "secret"),
    (
        "secret-257-recovery",
        "update_recovery",
        {"user_id": U, "secret": "s" * 257, "password": PW, "password_again": PW},
        "secret",
    ),
    ("secret-empty-phone-verification", "update_phone_verification", {"user_id": U, "secret": ""}, "secret"),
    # url
    ("url-relative", "create_recovery", {"email": EMAIL, "url": "/reset"}, "url"),
    ("url-no-scheme", "create_verification", {"url": "app.example.com/verify"}, "url"),
    ("url-javascript", "create_verification", {"url": "javascript:alert(1)"}, "url"),
    (
        "url-space",
        "create_magic_url_session",
        {"user_id": "unique()", "email": EMAIL, "url": "https://a b.com/"},
        "url",
    ),
    ("url-empty", "create_magic_url_session", {"user_id": "unique()", "email": EMAIL, "url": ""}, "url"),
    ("oauth-success", "create_oauth2_session", {"provider": "github", "success": "not a url"}, "success"),
    ("oauth-failure", "create_oauth2_session", {"provider": "github", "failure": "//evil.example"}, "failure"),
    # prefs: a mapping, <= 65535 JSON bytes
    ("prefs-list", "update_prefs", {"prefs": ["dark"]}, "prefs"),
    ("prefs-str", "update_prefs", {"prefs": '{"theme": "dark"}'}, "prefs"),
    ("prefs-too-big", "update_prefs", {"prefs": {"k": "x" * 65528}}, "prefs"),
    ("prefs-int-keys", "update_prefs", {"prefs": {1: "a"}}, "prefs"),
    # scopes: <= 100 items, each 1..4096
    ("scopes-101", "create_oauth2_session", {"provider": "github", "scopes": ["s"] * 101}, "scopes"),
    ("scope-4097", "create_oauth2_session", {"provider": "github", "scopes": ["ok", "s" * 4097]}, "scopes"),
    ("scope-empty", "create_oauth2_session", {"provider": "github", "scopes": [""]}, "scopes"),
    ("scopes-str", "create_oauth2_session", {"provider": "github", "scopes": "user:email"}, "scopes"),
    # provider enum
    ("provider-unknown", "create_oauth2_session", {"provider": "myspace"}, "provider"),
    ("provider-case", "create_oauth2_session", {"provider": "GitHub"}, "provider"),
    ("provider-empty", "create_oauth2_session", {"provider": ""}, "provider"),
    # queries: only limit/offset
    ("queries-equal", "list_logs", {"queries": ['equal("event", ["session.create"])']}, "queries"),
    ("queries-order", "list_logs", {"queries": ['orderDesc("$createdAt")']}, "queries"),
    ("queries-negative", "list_logs", {"queries": ["limit(-1)"]}, "queries"),
    ("queries-str", "list_logs", {"queries": "limit(5)"}, "queries"),
    ("queries-json", "list_logs", {"queries": ['{"method":"limit","values":[5]}']}, "queries"),
    # session_id
    ("session-id-empty", "get_session", {"session_id": ""}, "session_id"),
    ("session-id-37", "get_session", {"session_id": "s" * 37}, "session_id"),
    ("session-id-traversal", "delete_session", {"session_id": "../account"}, "session_id"),
    ("session-id-underscore", "update_session", {"session_id": "_current"}, "session_id"),
]


def _assert_invalid(exc: InvalidInputError, param: str) -> None:
    assert isinstance(exc, ValueError)
    assert isinstance(exc, AppwriteError)
    assert exc.param.split("[")[0] == param
    assert f"`{param}" in str(exc)
    assert exc.code == 0
    assert exc.response is None


@pytest.mark.parametrize(("method", "kwargs", "param"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_input_sends_nothing(method, kwargs, param, client, mock) -> None:
    route = mock.route().mock(return_value=httpx.Response(500))
    with pytest.raises(InvalidInputError) as info:
        getattr(Account(client), method)(**kwargs)
    _assert_invalid(info.value, param)
    assert route.call_count == 0
    assert mock.calls.call_count == 0


@pytest.mark.parametrize(("method", "kwargs", "param"), [c[1:] for c in INVALID[::7]], ids=[c[0] for c in INVALID[::7]])
async def test_invalid_input_sends_nothing_async(method, kwargs, param, aclient, mock) -> None:
    mock.route().mock(return_value=httpx.Response(500))
    with pytest.raises(InvalidInputError) as info:
        await getattr(AsyncAccount(aclient), method)(**kwargs)
    _assert_invalid(info.value, param)
    assert mock.calls.call_count == 0


def test_invalid_input_names_item_index(client, mock) -> None:
    with pytest.raises(InvalidInputError) as info:
        Account(client).create_oauth2_session(provider="github", scopes=["ok", "ok", "s" * 4097])
    assert info.value.param == "scopes[2]"


# Values at the edge of each rule that must be accepted (and sent).
VALID = [
    ("id-36", "create", {"user_id": "a" * 36, "email": EMAIL, "password": PW}, "userId", "a" * 36),
    ("id-specials", "create", {"user_id": "a.b-c_D9", "email": EMAIL, "password": PW}, "userId", "a.b-c_D9"),
    ("id-unique", "create_phone_session", {"user_id": "unique()", "phone": "+16175551212"}, "userId", "unique()"),
    ("uid-36", "update_verification", {"user_id": "Z" * 36, "secret": "s"}, "userId", "Z" * 36),
    ("password-8", "create_email_session", {"email": EMAIL, "password": "12345678"}, "password", "12345678"),
    ("password-long", "update_password", {"password": "p" * 1000}, "password", "p" * 1000),
    ("name-1", "update_name", {"name": "A"}, "name", "A"),
    ("name-128", "update_name", {"name": "é" * 128}, "name", "é" * 128),
    ("phone-min", "update_phone", {"phone": "+1234567", "password": PW}, "phone", "+1234567"),
    ("phone-max", "update_phone", {"phone": "+123456789012345", "password": PW}, "phone", "+123456789012345"),
    ("secret-1", "update_verification", {"user_id": U, "secret": "1"}, "secret", "1"),
    ("secret-256", "update_phone_verification", {"user_id": U, "secret": "9" * 256}, "secret", "9" * 256),
    (
        "url-localhost",
        "create_verification",
        {"url": "http://localhost:3000/verify?x=1"},
        "url",
        "http://localhost:3000/verify?x=1",
    ),
    (
        "email-plus",
        "create_recovery",
        {"email": "ada+test@mail.example.co.uk", "url": URL},
        "email",
        "ada+test@mail.example.co.uk",
    ),
    ("prefs-empty", "update_prefs", {"prefs": {}}, "prefs", {}),
    ("prefs-max", "update_prefs", {"prefs": {"k": "x" * 65527}}, "prefs", {"k": "x" * 65527}),
]


@pytest.mark.parametrize(("method", "kwargs", "wire", "value"), [c[1:] for c in VALID], ids=[c[0] for c in VALID])
def test_edge_values_accepted(method, kwargs, wire, value, client, mock) -> None:
    route = mock.route().mock(return_value=httpx.Response(200, json=f.token() | f.user() | f.session()))
    getattr(Account(client), method)(**kwargs)
    assert route.call_count == 1
    assert json.loads(route.calls.last.request.content)[wire] == value


def test_prefs_limit_is_65535_bytes_of_compact_json() -> None:
    # {"k":"xxx..."}: 8 bytes of syntax around the value.
    assert len(json.dumps({"k": "x" * 65527}, separators=(",", ":")).encode()) == 65535


def test_prefs_mapping_types_accepted(client, mock) -> None:
    from types import MappingProxyType

    route = mock.patch("/account/prefs").mock(return_value=httpx.Response(200, json=f.user()))
    Account(client).update_prefs(prefs=MappingProxyType({"theme": "dark"}))
    assert json.loads(route.calls.last.request.content) == {"prefs": {"theme": "dark"}}


def test_prefs_size_counts_php_json_encoding(client, mock) -> None:
    # PHP json_encode escapes non-ASCII as \uXXXX (6 bytes per "é"): 11000 × 6 + 8 > 65535, so the server
    # answers 400. The SDK must refuse it up front, not count 2 UTF-8 bytes per char.
    mock.route().mock(return_value=httpx.Response(400, json=f.error(400, "general_argument_invalid")))
    with pytest.raises(InvalidInputError) as info:
        Account(client).update_prefs(prefs={"k": "é" * 11000})
    _assert_invalid(info.value, "prefs")
    assert mock.calls.call_count == 0


def test_prefs_list_like_object_rejected(client, mock) -> None:
    # Keys "0","1",... decode to a PHP list, which the server's Assoc validator refuses.
    mock.route().mock(return_value=httpx.Response(400, json=f.error(400, "general_argument_invalid")))
    with pytest.raises(InvalidInputError) as info:
        Account(client).update_prefs(prefs={"0": "a", "1": "b"})
    _assert_invalid(info.value, "prefs")
    assert mock.calls.call_count == 0


def test_password_minimum_is_8_bytes_not_8_characters(client, mock) -> None:
    # 1.4 checks strlen() >= 8: four 2-byte characters are a valid password for the server.
    route = mock.post("/account/sessions/email").mock(return_value=httpx.Response(201, json=f.session()))
    Account(client).create_email_session(email=EMAIL, password="éèêë")
    assert json.loads(route.calls.last.request.content)["password"] == "éèêë"


def test_scopes_at_limits_accepted(client, mock) -> None:
    url = Account(client).create_oauth2_session(provider="google", scopes=["s" * 4096] * 100)
    assert url.count("scopes%5B%5D=") == 100
    assert mock.calls.call_count == 0


PROVIDERS = list(typing.get_args(Provider.__value__))


def test_provider_enum_has_38_values() -> None:
    assert len(PROVIDERS) == 38
    assert len(set(PROVIDERS)) == 38
    assert {"mock", "paypalSandbox", "tradeshiftBox", "oidc", "zoom", "amazon"} <= set(PROVIDERS)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_provider_accepted(provider, client, mock) -> None:
    url = Account(client).create_oauth2_session(provider=provider)
    assert f"/v1/account/sessions/oauth2/{provider}?" in url
    assert mock.calls.call_count == 0
