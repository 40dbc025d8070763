"""Arguments beside the API's own (timeouts, retries, headers, prefs values, secrets) and failing session stores.

Regression tests for what a fresh user's trial found escaping as bare ValueError/TypeError/OSError, or sent
and then reported as a connection failure: each is now an `AppwriteError` subclass raised before sending.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from appwrite_account import (
    Account,
    AppwriteError,
    AsyncAccount,
    Client,
    FileSessionStore,
    InvalidInputError,
    SessionStoreError,
    oauth2_login,
)

from . import factories as f
from .conftest import ENDPOINT, PROJECT

COOKIE = f"a_session_{PROJECT}"
ROUTE_NOT_FOUND = {"message": "Route not found.", "code": 404, "type": "general_route_not_found", "version": "1.4.14"}
FALLBACK = {"X-Fallback-Cookies": json.dumps({COOKIE: "secret-from-server"})}


@pytest.mark.parametrize("timeout", [-1, math.nan, math.inf, "5", True])
async def test_per_call_timeout_is_checked_before_sending(client, aclient, mock, timeout: Any) -> None:
    route = mock.get("/account").respond(200, json=f.user())
    with pytest.raises(InvalidInputError) as sync_error:
        Account(client).get(timeout=timeout)
    with pytest.raises(InvalidInputError) as async_error:
        await AsyncAccount(aclient).get(timeout=timeout)
    assert sync_error.value.param == async_error.value.param == "timeout"
    assert route.call_count == 0


@pytest.mark.parametrize("retries", [-1, 1.5, "2", None.__class__])
async def test_per_call_max_retries_is_checked_before_sending(client, aclient, mock, retries: Any) -> None:
    route = mock.get("/account").respond(200, json=f.user())
    with pytest.raises(InvalidInputError) as sync_error:
        Account(client).get(max_retries=retries)
    with pytest.raises(InvalidInputError) as async_error:
        await AsyncAccount(aclient).get(max_retries=retries)
    assert sync_error.value.param == async_error.value.param == "max_retries"
    assert route.call_count == 0


@pytest.mark.parametrize(
    "kwargs", [{"timeout": -3}, {"timeout": "5"}, {"max_retry_wait": -1}, {"max_retry_wait": math.inf}]
)
def test_client_configuration_is_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Client(ENDPOINT, PROJECT, **kwargs)
    assert caught.value.param == next(iter(kwargs))


@pytest.mark.parametrize("headers", [{"a b": "c"}, {"X-Ok": "a\r\nInjected: 1"}, {"X-Ok": 5}, {"": "x"}])
async def test_bad_extra_headers_are_refused_not_sent_and_not_retried(client, aclient, mock, headers) -> None:
    route = mock.get("/account").respond(200, json=f.user())
    with pytest.raises(InvalidInputError) as sync_error:
        Account(client).get(extra_headers=headers)
    with pytest.raises(InvalidInputError) as async_error:
        await AsyncAccount(aclient).get(extra_headers=headers)
    assert sync_error.value.param == async_error.value.param == "extra_headers"
    assert route.call_count == 0
    with pytest.raises(InvalidInputError) as caught:
        Client(ENDPOINT, PROJECT, headers=headers)
    assert caught.value.param == "headers"


@pytest.mark.parametrize("prefs", [{"a": math.nan}, {"a": math.inf}, {"a": object()}, {"a": {1, 2}}])
async def test_prefs_that_json_cannot_carry_are_invalid_input(client, aclient, mock, prefs) -> None:
    route = mock.patch("/account/prefs").respond(200, json=f.user())
    with pytest.raises(InvalidInputError) as sync_error:
        Account(client).update_prefs(prefs=prefs)
    with pytest.raises(InvalidInputError) as async_error:
        await AsyncAccount(aclient).update_prefs(prefs=prefs)
    assert sync_error.value.param == async_error.value.param == "prefs"
    assert route.call_count == 0


@pytest.mark.parametrize("secret", ["", "junk\nvalue", "with space", "naïve"])
def test_set_session_refuses_what_cannot_travel_in_a_header(client, secret: str) -> None:
    with pytest.raises(InvalidInputError):
        client.set_session(secret)
    assert not client.has_session


def test_session_file_that_is_not_text_reads_as_signed_out(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_bytes(bytes(range(128, 256)))
    store = FileSessionStore(path)
    with pytest.warns(RuntimeWarning, match="corrupt"):
        assert Client(ENDPOINT, PROJECT, session_store=store).has_session is False
    with pytest.warns(RuntimeWarning, match="corrupt"):
        store.save("k", "s")
    assert (tmp_path / "session.json.corrupt").read_bytes() == bytes(range(128, 256))
    assert store.load("k") == "s"


def test_empty_secret_in_the_file_is_not_a_session(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({f"{PROJECT}@{ENDPOINT}": ""}))
    with pytest.warns(RuntimeWarning, match="corrupt"):
        assert Client(ENDPOINT, PROJECT, session_store=FileSessionStore(path)).has_session is False


def test_session_file_under_a_file_reads_as_signed_out_and_saving_raises_a_typed_error(tmp_path, mock) -> None:
    (tmp_path / "not-a-dir").write_text("x")
    client = Client(ENDPOINT, PROJECT, max_retries=0, session_store=FileSessionStore(tmp_path / "not-a-dir" / "s.json"))
    with pytest.warns(RuntimeWarning, match="cannot open session file"):
        assert client.has_session is False
    mock.post("/account/sessions/email").respond(201, json=f.session(), headers=FALLBACK)
    with pytest.warns(RuntimeWarning), pytest.raises(SessionStoreError) as caught:
        Account(client).create_email_session(email="ada@example.com", password="correct-horse")
    assert "secret-from-server" not in str(caught.value)
    client.close()


class _BrokenStore:
    def load(self, key: str) -> str | None:
        return None

    def save(self, key: str, secret: str) -> None:
        raise RuntimeError(f"no keyring to keep {secret}")

    def delete(self, key: str) -> None:
        raise RuntimeError("no keyring")


async def test_a_store_that_fails_to_save_raises_session_store_error_sync_and_async(mock) -> None:
    from appwrite_account import AsyncClient

    mock.post("/account/sessions/anonymous").respond(201, json=f.session(), headers=FALLBACK)
    with Client(ENDPOINT, PROJECT, session_store=_BrokenStore()) as client, pytest.raises(SessionStoreError) as one:
        Account(client).create_anonymous_session()
    async with AsyncClient(ENDPOINT, PROJECT, session_store=_BrokenStore()) as aclient:
        with pytest.raises(SessionStoreError) as two:
            await AsyncAccount(aclient).create_anonymous_session()
    for caught in (one, two):
        assert isinstance(caught.value.__cause__, RuntimeError)
        assert "secret-from-server" not in str(caught.value) and "secret-from-server" not in repr(caught.value)


def test_oauth2_login_refuses_an_infinite_timeout_before_opening_anything(client) -> None:
    opened: list[str] = []
    with pytest.raises(InvalidInputError) as caught:
        oauth2_login(Account(client), "mock", opener=opened.append, timeout=math.inf)
    assert caught.value.param == "timeout"
    assert opened == []


def test_every_patterned_spec_schema_has_a_rule_in_words() -> None:
    import yaml

    from appwrite_account._base_client import _PATTERN_RULES

    schemas = yaml.safe_load((Path(__file__).parents[2] / "openapi" / "account.yaml").read_text())["components"][
        "schemas"
    ]
    patterned = {name for name, s in schemas.items() if "pattern" in s or "pattern" in s.get("items", {})}
    assert patterned - {"Email"} == set(_PATTERN_RULES)  # Email is checked by _types.EmailInput, in words too


@pytest.mark.parametrize(
    ("method", "kwargs", "param"),
    [
        ("create_verification", {"url": "nope"}, "url"),
        ("create", {"user_id": "-x", "email": "a@b.co", "password": "12345678"}, "user_id"),
        ("get_session", {"session_id": "-x"}, "session_id"),
        ("update_phone", {"phone": "123", "password": "12345678"}, "phone"),
        ("list_logs", {"queries": ["limit(x)"]}, "queries[0]"),
        ("create_email_session", {"email": "x", "password": "12345678"}, "email"),
        ("create_oauth2_session", {"provider": "GitHub"}, "provider"),
    ],
)
def test_input_errors_say_the_rule_in_words(client, method: str, kwargs: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        getattr(Account(client), method)(**kwargs)
    assert caught.value.param == param
    assert "pattern" not in caught.value.rule and "^" not in caught.value.rule
    assert not caught.value.rule.startswith("Value error")


def test_route_not_found_on_an_endpoint_without_v1_says_so() -> None:
    import respx

    with respx.mock(base_url="http://127.0.0.1:8080") as router, Client("http://127.0.0.1:8080", PROJECT) as client:
        router.get("/account").respond(
            404,
            json=ROUTE_NOT_FOUND,
        )
        with pytest.raises(AppwriteError) as caught:
            Account(client).get()
    assert "does not end in /v1" in str(caught.value)


def test_route_not_found_on_a_v1_endpoint_keeps_the_servers_message(client, mock) -> None:
    mock.get("/account").respond(404, json=ROUTE_NOT_FOUND)
    with pytest.raises(AppwriteError) as caught:
        Account(client).get()
    assert caught.value.message == "Route not found."
