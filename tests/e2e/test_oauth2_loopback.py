"""OAuth2 from a terminal, end to end: the emulator's mock provider, a "browser" thread, the loopback listener."""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from appwrite_account import InvalidInputError, MemorySessionStore
from appwrite_account._exceptions import OAuth2FailureError
from appwrite_account._oauth2 import async_oauth2_login, oauth2_login

from .conftest import Sdk, call

BROWSER_THREAD = "fake-browser"


class Browser:
    """Opens the authorize URL in a thread, as `webbrowser.open` hands it to a browser and returns at once.

    The emulator's consent page acts at once when `decision` is in its query; the browser adds it to the
    consent URL the first redirect points to, then follows every redirect to the loopback listener.
    """

    def __init__(self, decision: str = "allow", email: str = "oauth-user@localhost.test") -> None:
        self.decision = decision
        self.email = email
        self.threads: list[threading.Thread] = []
        self.final: list[httpx.Response] = []
        self.errors: list[BaseException] = []
        self.opened: list[str] = []

    def _visit(self, url: str) -> None:
        try:
            first = httpx.get(url, follow_redirects=False)
            assert first.status_code == 301, first.text
            consent = first.headers["location"]
            assert "/emulator/oauth2/mock/authorize" in consent
            extra = urlencode({"decision": self.decision, "email": self.email})
            response = httpx.get(f"{consent}&{extra}", follow_redirects=True)
            self.final.append(response)
        except BaseException as exc:
            self.errors.append(exc)

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        thread = threading.Thread(target=self._visit, args=(url,), name=BROWSER_THREAD, daemon=True)
        self.threads.append(thread)  # before start: the flow can end (and the test join) before start returns
        thread.start()
        return True

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=30)
        assert not self.errors, self.errors


async def login(sdk: Sdk, account: Any, browser: Browser, provider: str = "mock", **kwargs: Any) -> None:
    fn = async_oauth2_login if sdk.flavour == "async" else oauth2_login
    await call(fn(account, provider, opener=browser, timeout=30, **kwargs))


async def test_oauth2_loopback_signs_in_and_stores_the_session(sdk: Sdk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = MemorySessionStore()
    client = sdk.client(session_store=store)
    account = sdk.account(client)
    browser = Browser(email="loopback@localhost.test")
    assert not client.has_session
    await login(sdk, account, browser, scopes=["profile"])
    browser.join()

    # The authorize URL asked for loopback success/failure URLs on the default success path.
    query = parse_qs(urlsplit(browser.opened[0]).query)
    success = urlsplit(query["success"][0])
    assert (success.hostname, success.path) == ("127.0.0.1", "/auth/oauth2/success")
    assert urlsplit(query["failure"][0]).path == "/auth/oauth2/failure"
    assert query["project"] == [sdk.project]

    # The browser ended on the listener's "you can close this window" page.
    final = browser.final[0]
    assert final.status_code == 200
    assert "close this window" in final.text
    assert str(final.url).startswith(query["success"][0].split("?")[0])

    # The session is stored like one from a cookie, and works.
    assert client.has_session
    me = await call(account.get())
    assert me.email == "loopback@localhost.test"
    current = await call(account.get_session(session_id="current"))
    assert current.provider == "mock"

    # The secret from the redirect never reached a log line (the fake browser's own httpx lines aside: the
    # secret is in the URL it visits, as it would be in a real browser's history).
    secret = parse_qs(final.url.query.decode())["secret"][0]
    assert secret
    assert store.load(f"{sdk.project}@{sdk.endpoint}") == secret
    sdk_lines = [r.getMessage() for r in caplog.records if r.threadName != BROWSER_THREAD]
    assert any("/account/sessions/current" in line for line in sdk_lines)  # DEBUG was really on
    assert not [line for line in sdk_lines if secret in line]


async def test_oauth2_loopback_denied_consent_raises_typed_failure(sdk: Sdk) -> None:
    client = sdk.client()
    account = sdk.account(client)
    browser = Browser(decision="deny")
    with pytest.raises(OAuth2FailureError) as info:
        await login(sdk, account, browser)
    browser.join()
    err = info.value
    assert err.type == "user_oauth2_provider_error"
    assert err.error_type is not None and err.error_type.value == "user_oauth2_provider_error"
    assert "denied" in err.message
    assert not client.has_session
    final = browser.final[0]
    assert "Sign-in failed" in final.text
    assert "close this window" in final.text


async def test_oauth2_loopback_unknown_provider_is_refused_before_anything_opens(sdk: Sdk) -> None:
    browser = Browser()
    with pytest.raises(InvalidInputError) as info:
        await login(sdk, sdk.account(), browser, provider="myspace")
    assert info.value.param == "provider"
    assert browser.opened == []


async def test_a_disabled_provider_shows_the_server_error_in_the_browser(sdk: Sdk) -> None:
    # The emulator enables only `mock`; "github" is a valid key, so the SDK builds the URL (it sends nothing)
    # and the server's 412 is what the browser gets.
    client = sdk.client()
    url = await call(sdk.account(client).create_oauth2_session(provider="github"))
    response = httpx.get(url)
    assert response.status_code == 412
    assert response.json()["type"] == "project_provider_disabled"
