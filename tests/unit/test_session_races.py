"""A response about an old session never removes a newer one stored while the request was in flight.

(Another thread, task or process sharing the store can sign in between a request and its answer.)
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from appwrite_account import Account, AsyncAccount, AsyncClient, AuthenticationError, Client, MemorySessionStore

from .conftest import ENDPOINT, PROJECT

KEY = f"{PROJECT}@{ENDPOINT}"
OLD, NEW = "old-secret-1", "new-secret-2"
LOGGED_OUT = {"X-Fallback-Cookies": "[]"}
GONE = {"message": "gone", "code": 401, "type": "user_session_not_found", "version": "1.4.14"}


def _answer_after_a_newer_sign_in(store: MemorySessionStore, response: httpx.Response):
    def side_effect(request: httpx.Request) -> httpx.Response:
        assert OLD in request.headers["X-Fallback-Cookies"]
        store.save(KEY, NEW)  # the newer sign-in lands while this request is in flight
        return response

    return side_effect


ANSWERS: list[tuple[str, str, str, Any]] = [
    ("401 session gone", "GET", "/account", lambda: httpx.Response(401, json=GONE)),
    (
        "logout []",
        "DELETE",
        "/account/sessions/current",
        lambda: httpx.Response(204, headers={"X-Fallback-Cookies": "[]"}),
    ),
]


@pytest.mark.parametrize(("name", "method", "path", "answer"), ANSWERS, ids=[a[0] for a in ANSWERS])
async def test_stale_answer_keeps_the_newer_session(mock, name: str, method: str, path: str, answer: Any) -> None:
    for flavour in ("sync", "async"):
        store = MemorySessionStore()
        store.save(KEY, OLD)
        getattr(mock, method.lower())(path).mock(side_effect=_answer_after_a_newer_sign_in(store, answer()))
        try:
            if flavour == "sync":
                with Client(ENDPOINT, PROJECT, session_store=store, max_retries=0) as client:
                    account: Any = Account(client)
                    account.get() if method == "GET" else account.delete_session(session_id="current")
            else:
                async with AsyncClient(ENDPOINT, PROJECT, session_store=store, max_retries=0) as aclient:
                    aaccount = AsyncAccount(aclient)
                    await (aaccount.get() if method == "GET" else aaccount.delete_session(session_id="current"))
        except AuthenticationError:
            assert method == "GET"
        assert store.load(KEY) == NEW, (name, flavour)


def test_answer_about_the_stored_session_still_forgets_it(client, mock) -> None:
    client.set_session(OLD)
    mock.get("/account").respond(401, json=GONE)
    with pytest.raises(AuthenticationError):
        Account(client).get()
    assert not client.has_session


def test_prepared_request_repr_hides_headers_and_body(client) -> None:
    from appwrite_account import NOT_GIVEN
    from appwrite_account._generated import services

    client.set_session(OLD)
    op = services._CREATE_EMAIL_SESSION
    prepared = client._prepare(op, {"email": "a@b.co", "password": "hunter2-hunter2"}, None, NOT_GIVEN)
    text = repr(prepared)
    assert OLD not in text and "hunter2" not in text and "/account/sessions/email" in text
    assert prepared.json == {"email": "a@b.co", "password": "hunter2-hunter2"}  # still there to send
    assert prepared.sent_secret == OLD
