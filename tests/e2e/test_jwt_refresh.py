"""JWTSource against the emulator: reuse, refresh before expiry, and a JWT the backend accepts throughout.

One emulator here runs on a clock the test moves, the same clock the JWT source reads, so 15 minutes pass
in no time; the shared `sdk` emulator (real clock) checks reuse under many calls.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from appwrite_account import Account, AsyncAccount, AsyncClient, AuthenticationError, Client
from appwrite_account._jwt import AsyncJWTSource, JWTSource

from .conftest import Sdk, call

emulator = pytest.importorskip("appwrite_account.emulator")

PASSWORD = "correct-horse-battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def timed_endpoint(clock: Clock) -> Iterator[str]:
    config = emulator.EmulatorConfig(port=0, rate_limits=False, quiet=True, clock=clock)
    with emulator.run_in_thread(config) as running:
        yield running.endpoint


def source_for(account: Any, **kwargs: Any) -> JWTSource | AsyncJWTSource:
    return AsyncJWTSource(account, **kwargs) if isinstance(account, AsyncAccount) else JWTSource(account, **kwargs)


async def signed_in(sdk: Sdk) -> Any:
    account = sdk.account()
    email = f"jwt-{uuid.uuid4().hex[:8]}@example.com"
    await call(account.create(user_id="unique()", email=email, password=PASSWORD))
    await call(account.create_email_session(email=email, password=PASSWORD))
    return account


async def test_many_calls_share_one_jwt_that_the_backend_accepts(sdk: Sdk) -> None:
    account = await signed_in(sdk)
    source = source_for(account, refresh_margin=60)
    tokens = {await call(source.get()) for _ in range(30)}
    assert len(tokens) == 1
    assert source.created == 1
    # The "backend": a client with only the JWT, no session.
    backend = sdk.account(sdk.client(jwt=tokens.pop()))
    me = await call(backend.get())
    assert me.id == (await call(account.get())).id
    headers = await call(source.headers())
    assert set(headers) == {"X-Appwrite-JWT"}


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_jwt_is_refreshed_before_it_expires(flavour: str, clock: Clock, timed_endpoint: str) -> None:
    project = f"jwt-{uuid.uuid4().hex[:10]}"
    cls = AsyncClient if flavour == "async" else Client
    owner = cls(timed_endpoint, project)
    account: Any = AsyncAccount(owner) if isinstance(owner, AsyncClient) else Account(owner)
    try:
        email = f"refresh-{uuid.uuid4().hex[:8]}@example.com"
        await call(account.create(user_id="unique()", email=email, password=PASSWORD))
        await call(account.create_email_session(email=email, password=PASSWORD))
        source = source_for(account, refresh_margin=60, clock=clock)

        first = await call(source.get())
        start = clock.now
        clock.now = start + 600  # 10 minutes on: still the same token, and still valid on the server
        assert await call(source.get()) == first
        clock.now = start + 900 - 60  # inside the margin: a new one
        second = await call(source.get())
        assert second != first
        assert source.created == 2

        clock.now = start + 900 + 11  # the first token has now expired on the server (10 s leeway)...
        for token, ok in ((first, False), (second, True)):
            backend = cls(timed_endpoint, project, jwt=token)
            backend_account: Any = AsyncAccount(backend) if isinstance(backend, AsyncClient) else Account(backend)
            try:
                if ok:
                    assert (await call(backend_account.get())).email == email
                else:
                    with pytest.raises(AuthenticationError) as info:
                        await call(backend_account.get())
                    assert info.value.type == "user_jwt_invalid"
            finally:
                await call(backend.aclose() if isinstance(backend, AsyncClient) else backend.close())
        # ...and the source never handed it out after its refresh point.
        assert await call(source.get()) == second
        assert source.created == 2
    finally:
        await call(owner.aclose() if isinstance(owner, AsyncClient) else owner.close())


async def test_without_a_session_the_servers_error_is_raised(sdk: Sdk) -> None:
    source = source_for(sdk.account())
    with pytest.raises(AuthenticationError) as info:
        await call(source.get())
    assert info.value.type == "general_unauthorized_scope"
    assert source.created == 0
