"""The loopback OAuth2 helper without a server: the "browser" calls the listener with a crafted redirect."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from appwrite_account import Account, AppwriteError, AsyncAccount, AsyncClient, Client, MemorySessionStore
from appwrite_account._exceptions import OAuth2Error, OAuth2FailureError, OAuth2TimeoutError
from appwrite_account._oauth2 import FAILURE_PATH, SUCCESS_PATH, OAuth2Flow, async_oauth2_login, oauth2_login

from .conftest import ENDPOINT, PROJECT

SECRET = "eyJpZCI6InUxIiwic2VjcmV0IjoiczNjcjN0LXZhbHVlIn0="
KEY = f"a_session_{PROJECT.lower()}"  # the server lower-cases the cookie name


def _authorize_params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


class FakeBrowser:
    """An opener that, instead of a provider, sends the browser straight to a crafted redirect."""

    def __init__(self, make_target: Callable[[dict[str, str]], str | None]) -> None:
        self.make_target = make_target
        self.responses: list[httpx.Response] = []
        self.urls: list[str] = []
        self.threads: list[threading.Thread] = []

    def _go(self, target: str) -> None:
        with httpx.Client(trust_env=False) as http:
            self.responses.append(http.get(target))

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        target = self.make_target(_authorize_params(url))
        if target is not None:
            thread = threading.Thread(target=self._go, args=(target,), daemon=True)
            self.threads.append(thread)  # before start: the flow can end (and the test join) before start returns
            thread.start()
        return True

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=10)


def success(extra: dict[str, str] | None = None, *, secret: str = SECRET, key: str = KEY) -> FakeBrowser:
    def target(params: dict[str, str]) -> str:
        query = {"project": PROJECT, "domain": "", "key": key, "secret": secret, **(extra or {})}
        return f"{params['success']}&{urlencode(query)}"

    return FakeBrowser(target)


def failure(error: object) -> FakeBrowser:
    def target(params: dict[str, str]) -> str:
        value = error if isinstance(error, str) else json.dumps(error)
        return f"{params['failure']}&{urlencode({'error': value})}"

    return FakeBrowser(target)


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def run(flavour: str, store: MemorySessionStore, opener: Any, **kwargs: Any) -> Client | AsyncClient:
    kwargs.setdefault("timeout", 10)
    if flavour == "sync":
        with Client(ENDPOINT, PROJECT, session_store=store) as client:
            oauth2_login(Account(client), "github", opener=opener, **kwargs)
            return client
    async with AsyncClient(ENDPOINT, PROJECT, session_store=store) as aclient:
        await async_oauth2_login(AsyncAccount(aclient), "github", opener=opener, **kwargs)
        return aclient


async def test_success_redirect_stores_the_session(flavour: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="appwrite_account")
    store = MemorySessionStore()
    browser = success()
    await run(flavour, store, browser)
    browser.join()
    assert store.load(f"{PROJECT}@{ENDPOINT}") == SECRET
    page = browser.responses[0]
    assert page.status_code == 200
    assert "close this window" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert SECRET not in page.text
    # The authorize URL points the provider's redirect at the loopback listener.
    params = _authorize_params(browser.urls[0])
    for name, path in (("success", SUCCESS_PATH), ("failure", FAILURE_PATH)):
        parts = urlsplit(params[name])
        assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.path == path
        assert parts.port and parts.port > 0
    assert urlsplit(browser.urls[0]).path == "/v1/account/sessions/oauth2/github"
    assert not [r for r in caplog.records if SECRET in r.getMessage()]


async def test_no_redirect_times_out_with_a_typed_error(flavour: str) -> None:
    store = MemorySessionStore()
    browser = FakeBrowser(lambda params: None)
    with pytest.raises(OAuth2TimeoutError) as info:
        await run(flavour, store, browser, timeout=0.2)
    assert isinstance(info.value, AppwriteError)
    assert "0.2" in str(info.value)
    assert store.load(f"{PROJECT}@{ENDPOINT}") is None
    # The listener is closed afterwards: nothing answers on its port any more.
    port = urlsplit(_authorize_params(browser.urls[0])["success"]).port
    with pytest.raises(httpx.ConnectError), httpx.Client(trust_env=False) as http:
        http.get(f"http://127.0.0.1:{port}{SUCCESS_PATH}")


async def test_failure_redirect_raises_the_servers_error(flavour: str) -> None:
    store = MemorySessionStore()
    error = {"message": "This provider is disabled.", "type": "project_provider_disabled", "code": 412}
    browser = failure(error)
    with pytest.raises(OAuth2FailureError) as info:
        await run(flavour, store, browser)
    browser.join()
    err = info.value
    assert (err.message, err.type, err.code) == ("This provider is disabled.", "project_provider_disabled", 412)
    from appwrite_account._error_types import ErrorType

    assert err.error_type is ErrorType.PROJECT_PROVIDER_DISABLED
    assert store.load(f"{PROJECT}@{ENDPOINT}") is None
    assert "Sign-in failed" in browser.responses[0].text
    assert "This provider is disabled." in browser.responses[0].text


@pytest.mark.parametrize("raw", ["", "not json", "[1]"])
def test_failure_redirect_with_unreadable_error_is_still_typed(raw: str) -> None:
    store = MemorySessionStore()
    with pytest.raises(OAuth2FailureError) as info, Client(ENDPOINT, PROJECT, session_store=store) as client:
        oauth2_login(Account(client), "github", opener=failure(raw), timeout=10)
    assert info.value.type is None
    assert info.value.code == 0


async def test_redirect_with_wrong_state_is_ignored(flavour: str) -> None:
    # A page that is not our sign-in (no or another state) must not plant a session.
    store = MemorySessionStore()

    def forged(params: dict[str, str]) -> str:
        base = params["success"].split("?")[0]
        return f"{base}?{urlencode({'state': 'forged', 'key': KEY, 'secret': 'attacker-session'})}"

    browser = FakeBrowser(forged)
    with pytest.raises(OAuth2TimeoutError):
        await run(flavour, store, browser, timeout=1)
    browser.join()
    assert browser.responses[0].status_code == 400
    assert store.load(f"{PROJECT}@{ENDPOINT}") is None


@pytest.mark.parametrize(
    ("browser", "needle"),
    [
        (success({"project": "other-project"}), "other-project"),
        (success(secret=""), "no session"),
        (success(key="a_session_console"), "no session"),
    ],
    ids=["other-project", "no-secret", "other-cookie"],
)
def test_unusable_success_redirect_raises(browser: FakeBrowser, needle: str) -> None:
    store = MemorySessionStore()
    with pytest.raises(OAuth2Error) as info, Client(ENDPOINT, PROJECT, session_store=store) as client:
        oauth2_login(Account(client), "github", opener=browser, timeout=10)
    assert type(info.value) is OAuth2Error
    assert needle in str(info.value)
    assert store.load(f"{PROJECT}@{ENDPOINT}") is None


async def test_opener_that_fails_is_a_typed_error(flavour: str) -> None:
    def broken(url: str) -> bool:
        raise RuntimeError("no display")

    with pytest.raises(OAuth2Error, match="could not open"):
        await run(flavour, MemorySessionStore(), broken, timeout=5)


def test_opener_without_browser_logs_the_url(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="appwrite_account")
    with pytest.raises(OAuth2TimeoutError), Client(ENDPOINT, PROJECT) as client:
        oauth2_login(Account(client), "github", opener=lambda url: False, timeout=0.2)
    assert any("/v1/account/sessions/oauth2/github?" in r.getMessage() for r in caplog.records)


def test_invalid_provider_opens_nothing() -> None:
    from appwrite_account import InvalidInputError

    opened: list[str] = []
    with pytest.raises(InvalidInputError) as info, Client(ENDPOINT, PROJECT) as client:
        oauth2_login(Account(client), "myspace", opener=opened.append, timeout=1)  # type: ignore[arg-type]
    assert info.value.param == "provider"
    assert opened == []


@pytest.mark.parametrize(("kwargs", "param"), [({"timeout": 0}, "timeout"), ({"port": 70000}, "port")])
def test_invalid_arguments(kwargs: dict[str, Any], param: str) -> None:
    from appwrite_account import InvalidInputError

    with pytest.raises(InvalidInputError) as info, Client(ENDPOINT, PROJECT) as client:
        oauth2_login(Account(client), "github", opener=lambda url: True, **kwargs)
    assert info.value.param == param


# -- the shared, I/O-free part -----------------------------------------------------------------------------


def test_flow_handles_paths_and_state_without_io() -> None:
    with Client(ENDPOINT, PROJECT) as client:
        flow = OAuth2Flow(client, 5555)
        assert flow.success_url.startswith("http://127.0.0.1:5555/auth/oauth2/success?state=")
        assert flow.failure_url.startswith("http://127.0.0.1:5555/auth/oauth2/failure?state=")
        assert flow.handle("/favicon.ico").status == 404
        assert not flow.done
        assert flow.handle(f"{SUCCESS_PATH}?state=nope&key={KEY}&secret=x").status == 400
        assert not flow.done
        query = urlencode({"state": flow.state, "key": KEY, "secret": SECRET})
        assert flow.handle(f"{SUCCESS_PATH}?{query}").status == 200
        assert flow.done
        assert flow.handle(f"{SUCCESS_PATH}?{query}").status == 400  # only once
        assert not client.has_session
        flow.finish()
        assert client.has_session
        assert flow.secret is not None and flow.secret not in repr(flow)


async def test_an_idle_browser_connection_does_not_block_the_redirect(flavour: str) -> None:
    # Browsers open speculative connections and send nothing on them; the redirect must still get through.
    import socket

    store = MemorySessionStore()
    idle: list[socket.socket] = []
    inner = success()

    def opener(url: str) -> bool:
        port = urlsplit(_authorize_params(url)["success"]).port
        assert port is not None
        idle.append(socket.create_connection(("127.0.0.1", port)))
        return inner(url)

    try:
        await run(flavour, store, opener, timeout=5)
    finally:
        for sock in idle:
            sock.close()
    inner.join()
    assert store.load(f"{PROJECT}@{ENDPOINT}") == SECRET
