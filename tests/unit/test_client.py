"""Client configuration, headers, session capture and replay, session stores, rate-limit bookkeeping."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone
from urllib.parse import quote

import httpx
import pytest

from appwrite_account import (
    Account,
    AsyncAccount,
    AsyncClient,
    Client,
    FileSessionStore,
    InvalidInputError,
    MemorySessionStore,
    RateLimit,
)

from . import factories as f
from .conftest import ENDPOINT, PROJECT

COOKIE = f"a_session_{PROJECT}"  # the fallback key keeps the project ID's case
SECRET = "eyJpZCI6IjY0YTFiMmMzZDRlNWYiLCJzZWNyZXQiOiJhYmNkZWYwMTIzNDUifQ=="  # base64({"id","secret"})


def fallback_header(value: str = SECRET, cookie: str = COOKIE) -> dict[str, str]:
    return {"X-Fallback-Cookies": json.dumps({cookie: value})}


def sent_fallback(request: httpx.Request) -> dict[str, str] | None:
    values = request.headers.get_list("X-Fallback-Cookies")
    if not values:
        return None
    assert len(values) == 1, values
    return json.loads(values[0])


# -- headers ---------------------------------------------------------------------------------------------


def test_optional_auth_headers_absent_by_default(client, mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    Account(client).get()
    headers = route.calls.last.request.headers
    for name in ("X-Appwrite-JWT", "X-Appwrite-Locale", "X-Appwrite-Key", "X-Fallback-Cookies"):
        assert name not in headers


def test_jwt_locale_key_headers_sent_when_set(mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    with Client(ENDPOINT, PROJECT, jwt="jwt.Token.Value", locale="fr-CA", key="standard_KeyValue") as c:
        Account(c).get()
    headers = route.calls.last.request.headers
    assert headers["X-Appwrite-JWT"] == "jwt.Token.Value"
    assert headers["X-Appwrite-Locale"] == "fr-CA"
    assert headers["X-Appwrite-Key"] == "standard_KeyValue"


def test_set_jwt_and_set_locale_change_later_requests(client, mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    account = Account(client)
    client.set_jwt("first.jwt")
    client.set_locale("de")
    account.get()
    assert route.calls.last.request.headers["X-Appwrite-JWT"] == "first.jwt"
    assert route.calls.last.request.headers["X-Appwrite-Locale"] == "de"
    client.set_jwt(None)
    client.set_locale(None)
    account.get()
    assert "X-Appwrite-JWT" not in route.calls.last.request.headers
    assert "X-Appwrite-Locale" not in route.calls.last.request.headers


def test_custom_headers_sent_exactly_as_given(mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    with Client(ENDPOINT, PROJECT, headers={"X-Tenant-ID": "MiXeD-Case Value", "x-trace": "AbC"}) as c:
        Account(c).get(extra_headers={"X-Request-Tag": "PerCall-VALUE"})
    request = route.calls.last.request
    raw = {k.decode(): v.decode() for k, v in request.headers.raw}
    assert raw["X-Tenant-ID"] == "MiXeD-Case Value"
    assert raw["x-trace"] == "AbC"
    assert raw["X-Request-Tag"] == "PerCall-VALUE"
    # The standard headers are still there.
    assert request.headers["X-Appwrite-Project"] == PROJECT


def test_extra_headers_apply_to_one_call_only(client, mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    account = Account(client)
    account.get(extra_headers={"X-Request-Tag": "once"})
    assert route.calls.last.request.headers["X-Request-Tag"] == "once"
    account.get()
    assert "X-Request-Tag" not in route.calls.last.request.headers


def test_extra_headers_override_client_headers(mock) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    with Client(ENDPOINT, PROJECT, locale="fr", headers={"X-Tenant": "client"}) as c:
        Account(c).get(extra_headers={"X-Tenant": "call", "X-Appwrite-Locale": "de"})
    headers = route.calls.last.request.headers
    assert headers.get_list("X-Tenant") == ["call"]
    assert headers.get_list("X-Appwrite-Locale") == ["de"]


def test_override_of_a_default_header_in_other_case_is_not_duplicated(mock) -> None:
    # HTTP header names are case-insensitive: an override must replace the default, not add a second value.
    route = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    with Client(ENDPOINT, PROJECT, locale="fr") as c:
        Account(c).get(extra_headers={"x-appwrite-locale": "de"})
    assert route.calls.last.request.headers.get_list("X-Appwrite-Locale") == ["de"]


# -- configuration ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "endpoint",
    ["", "127.0.0.1:8080/v1", "ftp://127.0.0.1/v1", "http://", "not a url", "ws://127.0.0.1:8080/v1", None],
)
def test_invalid_endpoint_rejected(endpoint) -> None:
    with pytest.raises(InvalidInputError) as info:
        Client(endpoint, PROJECT)
    assert info.value.param == "endpoint"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_invalid_project_and_retries_rejected(cls) -> None:
    with pytest.raises(InvalidInputError) as info:
        cls(ENDPOINT, "")
    assert info.value.param == "project"
    with pytest.raises(InvalidInputError) as info:
        cls(ENDPOINT, PROJECT, max_retries=-1)
    assert info.value.param == "max_retries"


def test_https_endpoint_accepted_and_normalised() -> None:
    with Client("https://cloud.appwrite.io/v1/", PROJECT) as c:
        assert c.endpoint == "https://cloud.appwrite.io/v1"
        assert c.project == PROJECT


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_repr_hides_secrets(cls) -> None:
    store = MemorySessionStore()
    c = cls(ENDPOINT, PROJECT, jwt="JWT-SECRET-123", key="KEY-SECRET-456", session_store=store)
    c.session_store.save(f"{PROJECT}@{ENDPOINT}", "SESSION-SECRET-789")
    assert c.has_session
    text = repr(c)
    assert ENDPOINT in text
    assert PROJECT in text
    for secret in ("JWT-SECRET-123", "KEY-SECRET-456", "SESSION-SECRET-789"):
        assert secret not in text
        assert secret not in repr(store)


# -- session capture -------------------------------------------------------------------------------------


def test_session_captured_from_fallback_header_and_replayed(client, mock) -> None:
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(201, json=f.session(), headers=fallback_header())
    )
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    account = Account(client)
    assert not client.has_session
    account.create_email_session(email="ada@example.com", password="correct-horse")
    assert client.has_session
    account.get()
    request = get.calls.last.request
    assert sent_fallback(request) == {COOKIE: SECRET}
    # Compact JSON, the key with the project ID's exact case.
    assert request.headers["X-Fallback-Cookies"] == '{"a_session_demo-Project":"' + SECRET + '"}'


async def test_session_captured_and_replayed_async(aclient, mock) -> None:
    mock.post("/account/sessions/anonymous").mock(
        return_value=httpx.Response(201, json=f.session(provider="anonymous"), headers=fallback_header())
    )
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    account = AsyncAccount(aclient)
    await account.create_anonymous_session()
    await account.get()
    assert sent_fallback(get.calls.last.request) == {COOKIE: SECRET}


def _set_cookie_headers(value: str, expires: str = "Fri, 31 Dec 2099 23:59:59 GMT") -> list[tuple[str, str]]:
    # What 1.4 sends without the fallback header: the name lower-cased, the value URL-encoded, plus the legacy twin.
    name = COOKIE.lower()
    encoded = quote(value, safe="")
    return [
        ("Content-Type", "application/json"),
        ("Set-Cookie", f"{name}_legacy={encoded}; expires={expires}; path=/; httponly"),
        ("Set-Cookie", f"{name}={encoded}; expires={expires}; path=/; samesite=None; httponly"),
    ]


def test_session_captured_from_set_cookie_when_no_fallback_header(client, mock) -> None:
    assert "%3D" in quote(SECRET, safe="")
    mock.put("/account/sessions/magic-url").mock(
        return_value=httpx.Response(201, content=json.dumps(f.session()).encode(), headers=_set_cookie_headers(SECRET))
    )
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    account = Account(client)
    account.update_magic_url_session(user_id="64a1b2c3d4e5f", secret="f00d")
    assert client.has_session
    account.get()
    assert sent_fallback(get.calls.last.request) == {COOKIE: SECRET}
    # The cookie itself is never replayed: the session travels only in X-Fallback-Cookies.
    assert "cookie" not in get.calls.last.request.headers


def test_fallback_header_wins_over_set_cookie(client, mock) -> None:
    headers = [*_set_cookie_headers("from-cookie"), ("X-Fallback-Cookies", json.dumps({COOKIE: "from-fallback"}))]
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(201, content=json.dumps(f.session()).encode(), headers=headers)
    )
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    account = Account(client)
    account.create_email_session(email="ada@example.com", password="correct-horse")
    account.get()
    assert sent_fallback(get.calls.last.request) == {COOKIE: "from-fallback"}


def test_expired_set_cookie_clears_session(client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    mock.delete("/account/sessions/current").mock(
        return_value=httpx.Response(204, headers=_set_cookie_headers("", "Thu, 01 Jan 1970 00:00:01 GMT")[1:])
    )
    Account(client).delete_session(session_id="current")
    assert not client.has_session


def test_fallback_empty_list_clears_session(client, mock) -> None:
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(201, json=f.session(), headers=fallback_header())
    )
    delete = mock.delete("/account/sessions/current").mock(
        return_value=httpx.Response(204, headers={"X-Fallback-Cookies": "[]"})
    )
    get = mock.get("/account").mock(return_value=httpx.Response(401, json=f.error(401, "general_unauthorized_scope")))
    account = Account(client)
    account.create_email_session(email="ada@example.com", password="correct-horse")
    account.delete_session(session_id="current")
    # The logout itself carried the session...
    assert sent_fallback(delete.calls.last.request) == {COOKIE: SECRET}
    # ...and the `[]` answer forgot it.
    assert not client.has_session
    with pytest.raises(Exception):  # noqa: B017 - only the request matters here
        account.get()
    assert sent_fallback(get.calls.last.request) is None


def test_session_sent_to_same_endpoint_and_project_only(mock) -> None:
    store = MemorySessionStore()
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(201, json=f.session(), headers=fallback_header())
    )
    here = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    other_host = httpx.Response(200, json=f.user())
    with Client(ENDPOINT, PROJECT, session_store=store) as first:
        Account(first).create_email_session(email="ada@example.com", password="correct-horse")

    import respx

    with respx.mock(assert_all_mocked=True) as elsewhere:
        other = elsewhere.get("http://localhost:8080/v1/account").mock(return_value=other_host)
        with Client("http://localhost:8080/v1", PROJECT, session_store=store) as c:
            Account(c).get()
        assert sent_fallback(other.calls.last.request) is None

    with Client(ENDPOINT, "other-project", session_store=store) as c:
        assert not c.has_session
        Account(c).get()
    assert sent_fallback(here.calls.last.request) is None

    # Positive control: a new client for the same endpoint (trailing slash aside) and project sends it.
    with Client(ENDPOINT + "/", PROJECT, session_store=store) as c:
        Account(c).get()
    assert sent_fallback(here.calls.last.request) == {COOKIE: SECRET}


@pytest.mark.parametrize("header_name", ["X-Fallback-Cookies", "x-fallback-cookies"])
def test_caller_set_fallback_header_wins(header_name, client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    mine = json.dumps({COOKIE: "callers-own"})
    Account(client).get(extra_headers={header_name: mine})
    assert get.calls.last.request.headers.get_list("X-Fallback-Cookies") == [mine]


def test_client_level_fallback_header_wins(mock) -> None:
    store = MemorySessionStore()
    store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    mine = json.dumps({COOKIE: "client-level"})
    with Client(ENDPOINT, PROJECT, session_store=store, headers={"X-Fallback-Cookies": mine}) as c:
        Account(c).get()
    assert get.calls.last.request.headers.get_list("X-Fallback-Cookies") == [mine]


def test_clear_session_forgets_without_request(client, mock) -> None:
    route = mock.route().mock(return_value=httpx.Response(200, json=f.user()))
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    assert client.has_session
    client.clear_session()
    assert route.call_count == 0
    assert not client.has_session
    Account(client).get()
    assert route.call_count == 1
    assert sent_fallback(route.calls.last.request) is None


def test_expired_session_401_forgets_stored_session(client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    mock.get("/account").mock(return_value=httpx.Response(401, json=f.error(401, "general_unauthorized_scope")))
    with pytest.raises(Exception):  # noqa: B017
        Account(client).get()
    assert not client.has_session


def test_wrong_password_401_keeps_stored_session(client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    mock.patch("/account/password").mock(
        return_value=httpx.Response(401, json=f.error(401, "user_invalid_credentials"))
    )
    with pytest.raises(Exception):  # noqa: B017
        Account(client).update_password(password="new-password-1", old_password="wrong-password")
    assert client.has_session


# -- file store ------------------------------------------------------------------------------------------


def test_file_session_store_survives_new_client(tmp_path, mock) -> None:
    path = tmp_path / "state" / "sessions.json"
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(201, json=f.session(), headers=fallback_header())
    )
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    with Client(ENDPOINT, PROJECT, session_store=FileSessionStore(path)) as c:
        Account(c).create_email_session(email="ada@example.com", password="correct-horse")
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert SECRET in path.read_text()
    with Client(ENDPOINT, PROJECT, session_store=FileSessionStore(path)) as fresh:
        assert fresh.has_session
        Account(fresh).get()
    assert sent_fallback(get.calls.last.request) == {COOKIE: SECRET}


def test_file_session_store_delete(tmp_path) -> None:
    store = FileSessionStore(tmp_path / "s.json")
    assert store.load("k") is None
    store.save("k", "v")
    store.save("other", "w")
    assert FileSessionStore(tmp_path / "s.json").load("k") == "v"
    store.delete("k")
    store.delete("missing")
    assert FileSessionStore(tmp_path / "s.json").load("k") is None
    assert FileSessionStore(tmp_path / "s.json").load("other") == "w"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"demo@x": 5}', ""])
def test_corrupt_session_file_warns_and_is_signed_out(content, tmp_path, mock) -> None:
    path = tmp_path / "sessions.json"
    path.write_text(content)
    get = mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    with Client(ENDPOINT, PROJECT, session_store=FileSessionStore(path)) as c:
        with pytest.warns(RuntimeWarning, match="corrupt"):
            assert c.has_session is False
        with pytest.warns(RuntimeWarning, match="corrupt"):
            Account(c).get()
    assert sent_fallback(get.calls.last.request) is None
    # The unreadable file is left alone until a save.
    assert path.read_text() == content


def test_corrupt_session_file_moved_aside_on_save(tmp_path) -> None:
    path = tmp_path / "sessions.json"
    path.write_text("{garbage")
    store = FileSessionStore(path)
    with pytest.warns(RuntimeWarning, match="corrupt"):
        store.save("k", "v")
    assert (tmp_path / "sessions.json.corrupt").read_text() == "{garbage"
    assert json.loads(path.read_text()) == {"k": "v"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# -- rate limit ------------------------------------------------------------------------------------------


def test_rate_limit_recorded_from_headers(client, mock) -> None:
    reset = 1_700_002_800
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(
            201,
            json=f.session(),
            headers={"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "7", "X-RateLimit-Reset": str(reset)},
        )
    )
    mock.get("/account").mock(return_value=httpx.Response(200, json=f.user()))
    assert client.rate_limit is None
    account = Account(client)
    account.create_email_session(email="ada@example.com", password="correct-horse")
    expected = RateLimit(limit=10, remaining=7, reset_at=datetime.fromtimestamp(reset, tz=timezone.utc))
    assert client.rate_limit == expected
    assert client.rate_limit.reset_at.tzinfo is not None
    assert client.rate_limit.reset_at == datetime(2023, 11, 14, 23, 0, tzinfo=timezone.utc)
    # A response without the headers (a route with no limit) keeps the last known state.
    account.get()
    assert client.rate_limit == expected


def test_fallback_with_empty_value_clears_session(client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    mock.patch("/account/status").mock(
        return_value=httpx.Response(200, json=f.user(status=False), headers=fallback_header(""))
    )
    Account(client).update_status()
    assert not client.has_session


def test_fallback_for_another_project_is_ignored(client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    mock.post("/account/sessions/email").mock(
        return_value=httpx.Response(201, json=f.session(), headers=fallback_header("other", "a_session_console"))
    )
    Account(client).create_email_session(email="ada@example.com", password="correct-horse")
    assert client.session_store.load(f"{PROJECT}@{ENDPOINT}") == SECRET


def test_unparsable_fallback_header_is_ignored(client, mock) -> None:
    client.session_store.save(f"{PROJECT}@{ENDPOINT}", SECRET)
    mock.get("/account").mock(
        return_value=httpx.Response(200, json=f.user(), headers={"X-Fallback-Cookies": "{not json"})
    )
    Account(client).get()
    assert client.session_store.load(f"{PROJECT}@{ENDPOINT}") == SECRET
