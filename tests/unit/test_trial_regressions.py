"""Regressions from a second first-use trial: secrets in header values, closed clients, cookie jars, pickling,
JWT creation failures shared by waiting callers, an AsyncJWTSource reused across event loops."""

from __future__ import annotations

import asyncio
import pickle
import threading
import time
from typing import Any

import httpx
import pytest

from appwrite_account import (
    Account,
    APIConnectionError,
    APITimeoutError,
    AppwriteError,
    AsyncAccount,
    AsyncClient,
    AsyncJWTSource,
    Client,
    InvalidInputError,
    JWTSource,
    RateLimitError,
)

from . import factories as f
from .conftest import ENDPOINT, PROJECT

SECRET_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJ1MSJ9.SECRETSIGNATUREabc123"


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"jwt": SECRET_JWT + "\n"}, "jwt"),
        ({"key": "standard_SECRETKEY\n"}, "key"),
        ({"locale": "fré"}, "locale"),
        ({"project": "p\nX-Evil: 1"}, "project"),
        ({"project": "pröj"}, "project"),
    ],
)
def test_header_values_are_checked_up_front_without_quoting_them(kwargs: dict[str, Any], param: str) -> None:
    args = {"endpoint": ENDPOINT, "project": PROJECT, **kwargs}
    with pytest.raises(InvalidInputError) as caught:
        Client(**args)
    assert caught.value.param == param
    assert "SECRET" not in str(caught.value) and "SECRET" not in repr(caught.value)


def test_set_jwt_checks_too(client) -> None:
    with pytest.raises(InvalidInputError) as caught:
        client.set_jwt(SECRET_JWT + "\n")
    assert "SECRET" not in str(caught.value)


async def test_a_closed_client_says_so(mock) -> None:
    mock.get("/account").respond(200, json=f.user())
    client = Client(ENDPOINT, PROJECT)
    client.close()
    with pytest.raises(AppwriteError, match="closed"):
        Account(client).get()
    aclient = AsyncClient(ENDPOINT, PROJECT)
    await aclient.aclose()
    with pytest.raises(AppwriteError, match="closed"):
        await AsyncAccount(aclient).get()


def test_clear_session_drops_the_session_cookie_of_your_own_http_client(mock) -> None:
    seen: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        return httpx.Response(200, json=f.user())

    mock.get("/account").mock(side_effect=answer)
    with httpx.Client() as http, Client(ENDPOINT, PROJECT, http_client=http) as client:
        http.cookies.set(f"a_session_{PROJECT}", "jar-secret")
        http.cookies.set("unrelated", "kept")
        Account(client).get()
        client.clear_session()
        Account(client).get()
        assert http.cookies.get("unrelated") == "kept"
    assert "jar-secret" in (seen[0] or "")
    assert "jar-secret" not in (seen[1] or "")


@pytest.mark.parametrize(
    "error",
    [
        InvalidInputError("email", "must be a valid email address"),
        APIConnectionError("could not reach x", request_sent=True),
        APITimeoutError("timed out", request_sent=False),
    ],
)
def test_errors_survive_pickling(error: AppwriteError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert getattr(copy, "request_sent", None) == getattr(error, "request_sent", None)
    assert getattr(copy, "param", None) == getattr(error, "param", None)


def _rate_limited(calls: list[int]):
    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        time.sleep(0.05)  # long enough for the other callers to queue behind the lock
        return httpx.Response(429, json={"message": "slow down", "code": 429, "type": "general_rate_limit_exceeded"})

    return answer


def test_a_failed_jwt_creation_is_shared_by_the_callers_waiting_for_it(client, mock) -> None:
    calls: list[int] = []
    mock.post("/account/jwt").mock(side_effect=_rate_limited(calls))
    source = JWTSource(Account(client))
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            source.get()
        except RateLimitError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 10
    assert len(calls) < 10  # waiters got the failure they waited for instead of asking again
    with pytest.raises(RateLimitError):  # a later call does try again
        source.get()
    assert len(calls) >= 2


def _async_rate_limited(calls: list[int]):
    async def answer(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        await asyncio.sleep(0.05)  # the other tasks queue behind the lock meanwhile
        return httpx.Response(429, json={"message": "slow down", "code": 429, "type": "general_rate_limit_exceeded"})

    return answer


async def test_async_failed_creation_is_shared_and_the_source_works_in_a_new_loop(aclient, mock) -> None:
    calls: list[int] = []
    mock.post("/account/jwt").mock(side_effect=_async_rate_limited(calls))
    source = AsyncJWTSource(AsyncAccount(aclient))
    results = await asyncio.gather(*(source.get() for _ in range(10)), return_exceptions=True)
    assert all(isinstance(r, RateLimitError) for r in results)
    assert len(calls) == 1

    def in_another_loop() -> list[Any]:
        async def many() -> list[Any]:
            async with AsyncClient(ENDPOINT, PROJECT, max_retries=0) as other:
                source._account = AsyncAccount(other)  # the same source, a client of the new loop
                return await asyncio.gather(*(source.get() for _ in range(5)), return_exceptions=True)

        return asyncio.run(many())

    again = await asyncio.to_thread(in_another_loop)
    assert all(isinstance(r, RateLimitError) for r in again), again
