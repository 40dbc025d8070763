"""Session stores (the protocol, KeyringSessionStore) and the rules of when a stored session is sent or kept."""

from __future__ import annotations

import inspect
import json
import sys
from typing import Any

import httpx
import pytest
import respx

from appwrite_account import (
    Account,
    AsyncAccount,
    AsyncClient,
    AuthenticationError,
    Client,
    MemorySessionStore,
    SessionStore,
)
from appwrite_account._session import FileSessionStore, KeyringSessionStore, session_key

from . import factories as f
from .conftest import ENDPOINT, PROJECT

keyring = pytest.importorskip("keyring")
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.errors import KeyringLocked, PasswordDeleteError  # noqa: E402

COOKIE = f"a_session_{PROJECT}"
SECRET = "eyJpZCI6IjY0YTEiLCJzZWNyZXQiOiJhYmMifQ=="
KEY = session_key(ENDPOINT, PROJECT)


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend, as the OS credential store would behave."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked("the keychain is locked")
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("not found")
        del self.entries[(service, username)]


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def fallback(value: str = SECRET) -> dict[str, str]:
    return {"X-Fallback-Cookies": json.dumps({COOKIE: value})}


def sent_session(request: httpx.Request) -> str | None:
    values = request.headers.get_list("X-Fallback-Cookies")
    assert len(values) <= 1, values
    return json.loads(values[0]).get(COOKIE) if values else None


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Flavour:
    def __init__(self, name: str) -> None:
        self.name = name
        self.clients: list[Client | AsyncClient] = []

    def client(self, endpoint: str = ENDPOINT, project: str = PROJECT, **kwargs: Any) -> Client | AsyncClient:
        c = (AsyncClient if self.name == "async" else Client)(endpoint, project, max_retries=0, **kwargs)
        self.clients.append(c)
        return c

    def account(self, client: Client | AsyncClient) -> Any:
        return AsyncAccount(client) if isinstance(client, AsyncClient) else Account(client)

    async def close(self) -> None:
        for c in self.clients:
            await c.aclose() if isinstance(c, AsyncClient) else c.close()


@pytest.fixture
async def sdk(flavour: str):
    made = Flavour(flavour)
    yield made
    await made.close()


async def call(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


# -- the protocol and the keyring store ------------------------------------------------------------------


def test_every_store_satisfies_the_public_protocol(tmp_path, memory_keyring) -> None:
    for store in (MemorySessionStore(), FileSessionStore(tmp_path / "s.json"), KeyringSessionStore()):
        assert isinstance(store, SessionStore)

    class Custom:
        def load(self, key: str) -> str | None:
            return None

        def save(self, key: str, secret: str) -> None: ...

        def delete(self, key: str) -> None: ...

    assert isinstance(Custom(), SessionStore)
    assert not isinstance(object(), SessionStore)


def test_keyring_store_round_trip(memory_keyring) -> None:
    store = KeyringSessionStore()
    assert store.load(KEY) is None
    store.save(KEY, SECRET)
    assert memory_keyring.entries == {("appwrite-account", KEY): SECRET}
    assert KeyringSessionStore().load(KEY) == SECRET  # another instance (another run) sees it
    assert KeyringSessionStore(service="other-app").load(KEY) is None
    store.delete(KEY)
    store.delete(KEY)  # nothing stored: no error
    assert store.load(KEY) is None
    assert SECRET not in repr(store)


async def test_keyring_store_with_a_client_survives_restart_and_stays_per_project(sdk, memory_keyring, mock) -> None:
    mock.post("/account/sessions/email").respond(201, json=f.session(), headers=fallback())
    get = mock.get("/account").respond(200, json=f.user())
    first = sdk.client(session_store=KeyringSessionStore())
    await call(sdk.account(first).create_email_session(email="ada@example.com", password="correct-horse"))
    assert memory_keyring.entries == {("appwrite-account", KEY): SECRET}

    restarted = sdk.client(session_store=KeyringSessionStore())
    assert restarted.has_session
    await call(sdk.account(restarted).get())
    assert sent_session(get.calls.last.request) == SECRET

    other_project = sdk.client(project="other-project", session_store=KeyringSessionStore())
    assert not other_project.has_session
    await call(sdk.account(other_project).get())
    assert sent_session(get.calls.last.request) is None

    restarted.clear_session()
    assert memory_keyring.entries == {}


def test_keyring_missing_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # `import keyring` now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'appwrite-account\[keyring\]'"):
        KeyringSessionStore()


def test_locked_keyring_reads_as_signed_out_with_a_warning(memory_keyring) -> None:
    store = KeyringSessionStore()
    store.save(KEY, SECRET)
    memory_keyring.locked = True
    with pytest.warns(RuntimeWarning, match="keyring"):
        assert store.load(KEY) is None


# -- when the stored session is kept, dropped or sent -----------------------------------------------------


async def test_deleting_another_session_keeps_the_stored_one(sdk, mock) -> None:
    # The server clears cookies only when the deleted session is the current one; for another it sends none.
    client = sdk.client()
    client.set_session(SECRET)
    delete = mock.delete("/account/sessions/5e5ea5c16897e").respond(204)
    get = mock.get("/account").respond(200, json=f.user())
    await call(sdk.account(client).delete_session(session_id="5e5ea5c16897e"))
    assert sent_session(delete.calls.last.request) == SECRET
    assert client.has_session
    await call(sdk.account(client).get())
    assert sent_session(get.calls.last.request) == SECRET


async def test_deleting_the_current_session_forgets_it(sdk, mock) -> None:
    client = sdk.client()
    client.set_session(SECRET)
    mock.delete("/account/sessions/current").respond(204, headers={"X-Fallback-Cookies": "[]"})
    await call(sdk.account(client).delete_session(session_id="current"))
    assert not client.has_session


@pytest.mark.parametrize(
    ("error_type", "forgotten"),
    [
        ("user_session_already_exists", False),
        ("user_invalid_credentials", False),
        ("user_jwt_invalid", False),
        ("user_blocked", False),
        ("general_unauthorized_scope", True),
    ],
)
async def test_only_a_session_gone_401_forgets_the_session(error_type, forgotten, sdk, mock) -> None:
    client = sdk.client()
    client.set_session(SECRET)
    mock.post("/account/sessions/anonymous").respond(401, json=f.error(401, error_type))
    with pytest.raises(AuthenticationError):
        await call(sdk.account(client).create_anonymous_session())
    assert client.has_session is not forgotten


async def test_clear_session_is_local_only(sdk, mock) -> None:
    route = mock.route().respond(200, json=f.user())
    client = sdk.client()
    client.set_session(SECRET)
    client.clear_session()
    assert route.call_count == 0
    assert not client.has_session
    await call(sdk.account(client).get())
    assert sent_session(route.calls.last.request) is None


async def test_session_never_goes_to_another_host_or_project(sdk, mock) -> None:
    store = MemorySessionStore()
    mock.post("/account/sessions/email").respond(201, json=f.session(), headers=fallback())
    await call(
        sdk.account(sdk.client(session_store=store)).create_email_session(
            email="ada@example.com", password="correct-horse"
        )
    )
    with respx.mock(assert_all_mocked=True) as other:
        elsewhere = other.get("https://evil.example/v1/account").respond(200, json=f.user())
        await call(sdk.account(sdk.client("https://evil.example/v1", session_store=store)).get())
        other_port = other.get("http://127.0.0.1:9999/v1/account").respond(200, json=f.user())
        await call(sdk.account(sdk.client("http://127.0.0.1:9999/v1", session_store=store)).get())
        other_path = other.get("http://127.0.0.1:8080/v2/account").respond(200, json=f.user())
        await call(sdk.account(sdk.client("http://127.0.0.1:8080/v2", session_store=store)).get())
    for route in (elsewhere, other_port, other_path):
        assert route.call_count == 1
        assert sent_session(route.calls.last.request) is None
    here = mock.get("/account").respond(200, json=f.user())
    await call(sdk.account(sdk.client(project="another", session_store=store)).get())
    assert sent_session(here.calls.last.request) is None
    await call(sdk.account(sdk.client(session_store=store)).get())
    assert sent_session(here.calls.last.request) == SECRET


async def test_callers_own_fallback_header_is_sent_as_given(sdk, mock) -> None:
    client = sdk.client()
    client.set_session(SECRET)
    get = mock.get("/account").respond(200, json=f.user())
    mine = '{"a_session_demo-Project": "callers own"}'  # not compact: must not be re-encoded
    await call(sdk.account(client).get(extra_headers={"x-fallback-cookies": mine}))
    assert get.calls.last.request.headers.get_list("X-Fallback-Cookies") == [mine]
    await call(sdk.account(client).get())
    assert sent_session(get.calls.last.request) == SECRET


class EmptyStore:
    """A store that hands back an empty secret (e.g. a keyring entry someone blanked)."""

    def load(self, key: str) -> str | None:
        return ""

    def save(self, key: str, secret: str) -> None: ...

    def delete(self, key: str) -> None: ...


async def test_an_empty_session_header_is_never_sent(sdk, mock) -> None:
    get = mock.get("/account").respond(200, json=f.user())
    for store in (EmptyStore(), MemorySessionStore()):
        client = sdk.client(session_store=store)
        await call(sdk.account(client).get())
        assert "X-Fallback-Cookies" not in get.calls.last.request.headers


def test_set_session_refuses_an_empty_secret(client) -> None:
    from appwrite_account import InvalidInputError

    with pytest.raises(InvalidInputError) as info:
        client.set_session("")
    assert info.value.param == "secret"
    assert not client.has_session
