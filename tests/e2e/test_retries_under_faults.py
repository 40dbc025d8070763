"""The SDK's retries against real injected faults (503 from a proxy, dropped connections) over loopback."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from appwrite_account import Account, AppwriteError, AsyncAccount, AsyncClient, Client
from appwrite_account import _retry as retry_module

from .conftest import emulator

pytestmark = pytest.mark.e2e


@pytest.fixture
def faulty_endpoint() -> Iterator[str]:
    faults = emulator.FaultSpec.parse("503=0.3,reset=0.15")
    config = emulator.EmulatorConfig(port=0, rate_limits=False, quiet=True, faults=faults, fault_seed=7)
    with emulator.run_in_thread(config) as running:
        yield running.endpoint


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def asleep(seconds: float) -> None:
        return None

    monkeypatch.setattr(retry_module, "_sync_sleep", lambda seconds: None)
    monkeypatch.setattr(retry_module, "_async_sleep", asleep)


def test_sync_gets_survive_503s_and_dropped_connections(faulty_endpoint: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="appwrite_account")
    with Client(faulty_endpoint, "faults", max_retries=8) as client:
        account = Account(client)
        # A POST is not retried after a dropped connection (it may have landed); the test repeats it by hand.
        for _ in range(20):
            try:
                account.create_anonymous_session(max_retries=0)
                break
            except AppwriteError:
                continue
        assert client.has_session
        names = {account.get().id for _ in range(15)}
    assert len(names) == 1
    assert sum("retrying" in r.getMessage() for r in caplog.records) >= 3


async def test_async_gets_survive_503s_and_dropped_connections(faulty_endpoint: str) -> None:
    async with AsyncClient(faulty_endpoint, "faults", max_retries=8) as client:
        account = AsyncAccount(client)
        for _ in range(20):
            try:
                await account.create_anonymous_session(max_retries=0)
                break
            except AppwriteError:
                continue
        assert client.has_session
        ids = {(await account.get()).id for _ in range(15)}
    assert len(ids) == 1
