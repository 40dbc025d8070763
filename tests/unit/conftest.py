from __future__ import annotations

import pytest
import respx

from appwrite_account import AsyncClient, Client, _retry

ENDPOINT = "http://127.0.0.1:8080/v1"
PROJECT = "demo-Project"


@pytest.fixture
def mock():
    with respx.mock(base_url=ENDPOINT, assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def client():
    c = Client(endpoint=ENDPOINT, project=PROJECT, max_retries=0)
    yield c
    c.close()


@pytest.fixture
async def aclient():
    c = AsyncClient(endpoint=ENDPOINT, project=PROJECT, max_retries=0)
    yield c
    await c.aclose()


@pytest.fixture(autouse=True, scope="session")
def _reuse_ssl_contexts():
    """Speed only: every new httpx client loads the CA bundle (~40 ms); share one context per setting.

    The unit tests never open a real connection (respx answers at the transport), so sharing is harmless.
    """
    import httpx._transports.default as transports

    original = transports.create_ssl_context
    cache: dict = {}

    def cached(verify=True, cert=None, trust_env=True):
        if not isinstance(verify, bool) or cert is not None:
            return original(verify=verify, cert=cert, trust_env=trust_env)
        key = (verify, trust_env)
        if key not in cache:
            cache[key] = original(verify=verify, cert=cert, trust_env=trust_env)
        return cache[key]

    transports.create_ssl_context = cached
    yield
    transports.create_ssl_context = original


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The retry waits, recorded instead of slept."""
    recorded: list[float] = []

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(_retry, "_sync_sleep", fake_sleep)
    monkeypatch.setattr(_retry, "_async_sleep", fake_async_sleep)
    return recorded
