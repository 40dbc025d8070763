"""JWTSource / AsyncJWTSource: one JWT reused until shortly before it expires, one creation for many callers."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from typing import Any

import httpx
import pytest

from appwrite_account import Account, AsyncAccount, InvalidInputError, ServiceUnavailableError
from appwrite_account._jwt import JWT_LIFETIME, AsyncJWTSource, JWTCache, JWTSource, jwt_claims, jwt_lifetime

T0 = 1_700_000_000.0


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_jwt(n: int = 0, *, iat: Any = None, exp: Any = None, **claims: Any) -> str:
    payload: dict[str, Any] = {"userId": "u1", "sessionId": "s1", "n": n, **claims}
    if iat is not None:
        payload["iat"] = iat
    if exp is not None:
        payload["exp"] = exp

    def b64(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{b64({'alg': 'HS256', 'typ': 'JWT'})}.{b64(payload)}.c2lnbmF0dXJl"


class Issuer:
    """A respx side effect that issues numbered JWTs like a 1.4 server (iat = server time, exp = iat + 900)."""

    def __init__(self, clock: Clock, lifetime: float = 900, skew: float = 0.0, claims: bool = True) -> None:
        self.clock, self.lifetime, self.skew, self.claims = clock, lifetime, skew, claims
        self.issued: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        server_now = int(self.clock() + self.skew)
        if self.claims:
            token = make_jwt(len(self.issued), iat=server_now, exp=server_now + self.lifetime)
        else:
            token = make_jwt(len(self.issued))
        self.issued.append(token)
        return httpx.Response(201, json={"jwt": token})


def test_one_jwt_is_reused_until_the_refresh_margin(client, mock) -> None:
    clock = Clock()
    issuer = Issuer(clock)
    route = mock.post("/account/jwt").mock(side_effect=issuer)
    source = JWTSource(Account(client), refresh_margin=60, clock=clock)
    first = source.get()
    assert [source.get() for _ in range(50)] == [first] * 50
    assert route.call_count == 1
    clock.now = T0 + 900 - 60 - 0.001  # just before the margin
    assert source.get() == first
    assert route.call_count == 1
    clock.now = T0 + 900 - 60  # the margin reached: refresh
    second = source.get()
    assert second != first
    assert route.call_count == 2
    assert source.created == 2
    assert source.expires_at is not None
    assert source.expires_at.timestamp() == pytest.approx(T0 + 900 - 60 + 900)


async def test_async_one_jwt_is_reused_until_the_refresh_margin(aclient, mock) -> None:
    clock = Clock()
    route = mock.post("/account/jwt").mock(side_effect=Issuer(clock))
    source = AsyncJWTSource(AsyncAccount(aclient), refresh_margin=120, clock=clock)
    first = await source.get()
    assert await source.get() == first
    clock.now = T0 + 900 - 121
    assert await source.get() == first
    assert route.call_count == 1
    clock.now = T0 + 900 - 120
    assert await source.get() != first
    assert route.call_count == 2


def test_expiry_comes_from_the_tokens_claims(client, mock) -> None:
    # A server that gives 5-minute JWTs: refresh 60 s before those 5 minutes, not before 15.
    clock = Clock()
    route = mock.post("/account/jwt").mock(side_effect=Issuer(clock, lifetime=300))
    source = JWTSource(Account(client), refresh_margin=60, clock=clock)
    first = source.get()
    assert source.expires_at is not None
    assert source.expires_at.timestamp() == pytest.approx(T0 + 300)
    clock.now = T0 + 241
    assert source.get() != first
    assert route.call_count == 2


def test_without_claims_15_minutes_from_creation_are_assumed(client, mock) -> None:
    clock = Clock()
    route = mock.post("/account/jwt").mock(side_effect=Issuer(clock, claims=False))
    source = JWTSource(Account(client), refresh_margin=60, clock=clock)
    first = source.get()
    assert source.expires_at is not None
    assert source.expires_at.timestamp() == pytest.approx(T0 + JWT_LIFETIME)
    clock.now = T0 + 839
    assert source.get() == first
    clock.now = T0 + 840
    assert source.get() != first
    assert route.call_count == 2


@pytest.mark.parametrize("skew", [-3600.0, 3600.0])
def test_a_skewed_local_clock_neither_hammers_nor_overstays(skew: float, client, mock) -> None:
    # The server's clock is an hour off ours: `exp` against our clock would say "expired" (or "valid for 75
    # minutes"); the lifetime the server gave (exp - iat) from when we asked is what counts.
    clock = Clock()
    route = mock.post("/account/jwt").mock(side_effect=Issuer(clock, skew=skew))
    source = JWTSource(Account(client), refresh_margin=60, clock=clock)
    first = source.get()
    clock.now = T0 + 839
    assert source.get() == first
    assert route.call_count == 1
    clock.now = T0 + 840
    assert source.get() != first
    assert route.call_count == 2


def test_concurrent_threads_share_one_creation(client, mock) -> None:
    clock = Clock()
    issuer = Issuer(clock)
    release = threading.Event()
    callers = 16
    barrier = threading.Barrier(callers + 1)

    def slow_issue(request: httpx.Request) -> httpx.Response:
        release.wait(timeout=10)  # hold the first creation until every caller is waiting
        return issuer(request)

    route = mock.post("/account/jwt").mock(side_effect=slow_issue)
    source = JWTSource(Account(client), clock=clock)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(source.get())

    threads = [threading.Thread(target=worker) for _ in range(callers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert len(results) == callers
    assert len(set(results)) == 1
    assert route.call_count == 1


async def test_concurrent_tasks_share_one_creation(aclient, mock) -> None:
    clock = Clock()
    issuer = Issuer(clock)

    async def slow_issue(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # yield, as a real request would, so the other tasks reach get()
        await asyncio.sleep(0)
        return issuer(request)

    route = mock.post("/account/jwt").mock(side_effect=slow_issue)
    source = AsyncJWTSource(AsyncAccount(aclient), clock=clock)
    results = await asyncio.gather(*(source.get() for _ in range(25)))
    assert len(set(results)) == 1
    assert route.call_count == 1


def test_headers_invalidate_and_repr(client, mock) -> None:
    clock = Clock()
    route = mock.post("/account/jwt").mock(side_effect=Issuer(clock))
    source = JWTSource(Account(client), clock=clock)
    assert "empty" in repr(source)
    headers = source.headers()
    assert list(headers) == ["X-Appwrite-JWT"]
    token = headers["X-Appwrite-JWT"]
    assert token not in repr(source)
    assert token.split(".")[1] not in repr(source)
    source.invalidate()
    assert source.expires_at is None
    assert source.get() != token
    assert route.call_count == 2


async def test_async_headers(aclient, mock) -> None:
    mock.post("/account/jwt").mock(side_effect=Issuer(Clock()))
    source = AsyncJWTSource(AsyncAccount(aclient), clock=Clock())
    headers = await source.headers()
    assert headers == {"X-Appwrite-JWT": await source.get()}


def test_a_failed_creation_is_raised_and_not_cached(client, mock) -> None:
    clock = Clock()
    issuer = Issuer(clock)
    route = mock.post("/account/jwt").mock(side_effect=[httpx.Response(503), issuer])
    source = JWTSource(Account(client), clock=clock)
    with pytest.raises(ServiceUnavailableError):
        source.get()
    assert source.expires_at is None
    assert source.get() == issuer.issued[0]
    assert route.call_count == 2


@pytest.mark.parametrize("margin", [-1, 900, 1e9, "60", True])
def test_refresh_margin_is_checked(margin: Any, client) -> None:
    with pytest.raises(InvalidInputError) as info:
        JWTSource(Account(client), refresh_margin=margin)
    assert info.value.param == "refresh_margin"


def test_margin_longer_than_the_tokens_life_keeps_half_of_it() -> None:
    clock = Clock()
    cache = JWTCache(600, clock)
    cache.store(make_jwt(iat=0, exp=100), requested_at=T0)  # a 100 s token, margin capped at 50 s
    clock.now = T0 + 49
    assert cache.current() is not None
    clock.now = T0 + 50
    assert cache.current() is None


@pytest.mark.parametrize(
    ("token", "lifetime"),
    [
        ("not-a-jwt", 900),
        ("a.b.c", 900),
        ("a.!!!.c", 900),
        (make_jwt(iat=100, exp=400), 300),
        (make_jwt(iat=100, exp=100_000), 900),  # capped: never trust more than the server's 15 minutes
        (make_jwt(iat=400, exp=100), 900),
        (make_jwt(iat="100", exp="400"), 900),
        (make_jwt(iat=True, exp=400), 900),
        (make_jwt(exp=400), 900),
        ("x." + base64.urlsafe_b64encode(b"[1, 2]").decode() + ".y", 900),
    ],
)
def test_jwt_lifetime_from_claims(token: str, lifetime: float) -> None:
    assert jwt_lifetime(token) == lifetime


def test_jwt_claims_reads_padding_free_base64url() -> None:
    token = make_jwt(iat=1, exp=901, name="é/?>")
    assert jwt_claims(token)["name"] == "é/?>"
    assert jwt_claims("") == {}
