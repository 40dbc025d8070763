"""End-to-end fixtures: one emulator per test session on a free 127.0.0.1 port, a fresh project per test.

Each test gets the SDK in both flavours through `sdk`: the same scenario runs once with `Client`/`Account`
and once with `AsyncClient`/`AsyncAccount`; `call()` awaits what the async flavour returns.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from appwrite_account import Account, AsyncAccount, AsyncClient, Client, SessionStore

emulator = pytest.importorskip("appwrite_account.emulator")


@pytest.fixture(scope="session")
def emulator_endpoint() -> Iterator[str]:
    config = emulator.EmulatorConfig(port=0, rate_limits=False, quiet=True)
    with emulator.run_in_thread(config) as running:
        assert running.endpoint.startswith("http://127.0.0.1:")
        yield running.endpoint


@pytest.fixture
def project() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


async def call(result: Any) -> Any:
    """The value of a sync call, or the awaited value of an async one."""
    return await result if inspect.isawaitable(result) else result


@dataclass
class Sdk:
    """One flavour of the SDK bound to the emulator and a project."""

    flavour: str
    endpoint: str
    project: str
    clients: list[Client | AsyncClient]

    def client(self, **kwargs: Any) -> Client | AsyncClient:
        cls = AsyncClient if self.flavour == "async" else Client
        client = cls(self.endpoint, kwargs.pop("project", self.project), **kwargs)
        self.clients.append(client)
        return client

    def account(self, client: Client | AsyncClient | None = None, *, store: SessionStore | None = None) -> Any:
        client = client or self.client(session_store=store)
        return AsyncAccount(client) if isinstance(client, AsyncClient) else Account(client)


@pytest.fixture(params=["sync", "async"])
async def sdk(request: pytest.FixtureRequest, emulator_endpoint: str, project: str) -> AsyncIterator[Sdk]:
    made = Sdk(request.param, emulator_endpoint, project, [])
    yield made
    for client in made.clients:
        if isinstance(client, AsyncClient):
            await client.aclose()
        else:
            client.close()
