"""Fixtures for the emulator's own tests: real loopback HTTP with plain httpx."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from appwrite_account.emulator import EmulatorConfig, RunningEmulator, run_in_thread

from .helpers import FakeClock


@pytest.fixture(scope="session")
def shared_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def shared_emulator(shared_clock: FakeClock) -> Iterator[RunningEmulator]:
    """One emulator for most tests (rate limits off); tests isolate themselves by project ID."""
    with run_in_thread(EmulatorConfig(port=0, quiet=True, rate_limits=False, clock=shared_clock)) as emulator:
        yield emulator


@pytest.fixture
def start_emulator() -> Iterator[Callable[..., RunningEmulator]]:
    """Start a dedicated emulator with custom settings; stopped at the end of the test."""
    started: list[RunningEmulator] = []

    def start(**settings: Any) -> RunningEmulator:
        settings.setdefault("quiet", True)
        emulator = run_in_thread(EmulatorConfig(port=0, **settings))
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture
def project() -> str:
    return "Proj" + uuid.uuid4().hex[:10]


@pytest.fixture
def make_client(shared_emulator: RunningEmulator, project: str) -> Iterator[Callable[..., httpx.Client]]:
    """Clients for the shared emulator and this test's project (each has its own cookie jar)."""
    clients: list[httpx.Client] = []

    def make(emulator: RunningEmulator | None = None, project_id: str | None = None) -> httpx.Client:
        target = emulator or shared_emulator
        client = httpx.Client(
            base_url=target.endpoint, headers={"X-Appwrite-Project": project_id or project}, timeout=10
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., httpx.Client]) -> httpx.Client:
    return make_client()
