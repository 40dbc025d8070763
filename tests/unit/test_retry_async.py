"""The retry policy and rate-limit bookkeeping in the async client too, and the DEBUG line of every retry."""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import datetime, timezone

import httpx
import pytest

from appwrite_account import (
    Account,
    APIConnectionError,
    AppwriteError,
    AsyncAccount,
    AsyncClient,
    Client,
    RateLimit,
    RateLimitError,
    ServiceUnavailableError,
)

from . import factories as f
from .conftest import ENDPOINT, PROJECT


def limited(remaining: int, reset: int, status: int = 201, body: dict | None = None) -> httpx.Response:
    headers = {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": str(reset)}
    return httpx.Response(status, json=body if body is not None else f.session(), headers=headers)


async def test_connect_error_retried_for_post_async(mock, waits) -> None:
    route = mock.post("/account/sessions/email").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.ConnectError("refused"),
            httpx.Response(201, json=f.session()),
        ]
    )
    async with AsyncClient(ENDPOINT, PROJECT) as client:
        await AsyncAccount(client).create_email_session(email="ada@example.com", password="correct-horse")
    assert route.call_count == 3
    assert len(waits) == 2
    assert 0.5 <= waits[0] <= 0.75 and 1.0 <= waits[1] <= 1.25


async def test_reset_after_send_retried_only_for_get_async(mock, waits) -> None:
    get = mock.get("/account").mock(side_effect=[httpx.ReadError("reset"), httpx.Response(200, json=f.user())])
    patch = mock.patch("/account/name").mock(side_effect=httpx.ReadError("reset"))
    async with AsyncClient(ENDPOINT, PROJECT) as client:
        account = AsyncAccount(client)
        await account.get()
        with pytest.raises(APIConnectionError):
            await account.update_name(name="Ada")
    assert get.call_count == 2
    assert patch.call_count == 1


async def test_per_call_max_retries_and_timeout_async(mock, waits) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(503))
    async with AsyncClient(ENDPOINT, PROJECT, max_retries=0) as client:
        with pytest.raises(ServiceUnavailableError):
            await AsyncAccount(client).get(max_retries=2, timeout=1.5)
    assert route.call_count == 3
    assert len(waits) == 2
    assert route.calls.last.request.extensions["timeout"]["read"] == 1.5


async def test_429_beyond_max_retry_wait_is_raised_with_its_window_async(mock, waits) -> None:
    reset = int(time.time()) + 3600
    route = mock.post("/account/jwt").mock(
        return_value=limited(0, reset, 429, f.error(429, "general_rate_limit_exceeded"))
    )
    async with AsyncClient(ENDPOINT, PROJECT) as client:
        with pytest.raises(RateLimitError) as info:
            await AsyncAccount(client).create_jwt()
        assert client.rate_limit == RateLimit(10, 0, datetime.fromtimestamp(reset, tz=timezone.utc))
    err = info.value
    assert (err.limit, err.remaining) == (10, 0)
    assert err.reset_at is not None and err.reset_at.tzinfo is not None
    assert route.call_count == 1
    assert waits == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_rate_limit_follows_every_call_including_errors(flavour, mock, waits) -> None:
    reset = int(time.time()) + 1800
    mock.post("/account/sessions/email").mock(
        side_effect=[
            limited(9, reset),
            limited(8, reset, 401, f.error(401, "user_invalid_credentials")),
            limited(7, reset),
        ]
    )
    expected = [9, 8, 7]
    if flavour == "sync":
        with Client(ENDPOINT, PROJECT, max_retries=0) as client:
            for remaining in expected:
                with contextlib.suppress(AppwriteError):
                    Account(client).create_email_session(email="ada@example.com", password="correct-horse")
                assert client.rate_limit is not None and client.rate_limit.remaining == remaining
    else:
        async with AsyncClient(ENDPOINT, PROJECT, max_retries=0) as aclient:
            for remaining in expected:
                with contextlib.suppress(AppwriteError):
                    await AsyncAccount(aclient).create_email_session(email="ada@example.com", password="correct-horse")
                assert aclient.rate_limit is not None and aclient.rate_limit.remaining == remaining


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_each_retry_is_logged_at_debug_without_secrets(flavour, mock, waits, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="appwrite_account")
    mock.post("/account/sessions/email").mock(
        side_effect=[httpx.Response(503), httpx.ConnectError("refused"), httpx.Response(201, json=f.session())]
    )
    kwargs = {"email": "ada@example.com", "password": "hunter2-secret-pw"}
    if flavour == "sync":
        with Client(ENDPOINT, PROJECT) as client:
            Account(client).create_email_session(**kwargs)
    else:
        async with AsyncClient(ENDPOINT, PROJECT) as aclient:
            await AsyncAccount(aclient).create_email_session(**kwargs)
    retries = [r for r in caplog.records if r.levelno == logging.DEBUG and "retrying" in r.getMessage()]
    assert len(retries) == 2
    assert "ServiceUnavailableError" in retries[0].getMessage()
    assert "APIConnectionError" in retries[1].getMessage()
    assert "attempt 1" in retries[0].getMessage() and "attempt 2" in retries[1].getMessage()
    assert not [r for r in caplog.records if "hunter2-secret-pw" in r.getMessage()]
