"""End-to-end fixtures: one emulator per test session on a free 127.0.0.1 port, a fresh project per test.

Each test gets the SDK in both flavours through `sdk`: the same scenario runs once with `Client`/`Account`
and once with `AsyncClient`/`AsyncAccount`; `call()` awaits what the async flavour returns.

Every SDK call that completes is recorded per flavour (see `_coverage.py`); when the whole directory runs,
`test_zz_operation_coverage.py` (moved to the end of the run here) fails unless every operationId of
openapi/account.yaml completed at least once with `Client` and once with `AsyncClient`.
"""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from appwrite_account import Account, AsyncAccount, AsyncClient, Client, SessionStore

from . import _coverage

emulator = pytest.importorskip("appwrite_account.emulator")

E2E_DIR = Path(__file__).resolve().parent
COVERAGE_TEST = "test_zz_operation_coverage.py"


# -- operation coverage -----------------------------------------------------------------------------------


@pytest.fixture(scope="package", autouse=True)
def record_operations() -> Iterator[_coverage.Recorder]:
    """Wrap both clients' `request` while this directory runs: each completed call records its operationId."""
    recorder = _coverage.RECORDER
    sync_request, async_request = Client.request, AsyncClient.request

    @functools.wraps(sync_request)
    def request(self: Client, op: Any, *args: Any, **kwargs: Any) -> Any:
        result = sync_request(self, op, *args, **kwargs)
        recorder.record("sync", op.method, op.path)
        return result

    @functools.wraps(async_request)
    async def arequest(self: AsyncClient, op: Any, *args: Any, **kwargs: Any) -> Any:
        result = await async_request(self, op, *args, **kwargs)
        recorder.record("async", op.method, op.path)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "request", request)
        patch.setattr(AsyncClient, "request", arequest)
        yield recorder


def _e2e_file(item: pytest.Item) -> Path | None:
    path = Path(str(item.path)).resolve()
    return path if path.parent == E2E_DIR else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the coverage check last, whatever order the rest was collected in."""
    last = [item for item in items if item.path.name == COVERAGE_TEST]
    items[:] = [item for item in items if item.path.name != COVERAGE_TEST] + last


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_e2e_file(item) is not None for item in items):
        _coverage.RUN["deselected"] = True


def pytest_collection_finish(session: pytest.Session) -> None:
    """Note whether every test module of this directory is in the run, none of it deselected."""
    on_disk = {path.resolve() for path in E2E_DIR.glob("test_*.py")}
    collected = {path for item in session.items if (path := _e2e_file(item)) is not None}
    narrowed = any("::" in str(arg) for arg in session.config.args)
    worker = hasattr(session.config, "workerinput")  # pytest-xdist: each worker sees only part of the run
    _coverage.RUN["whole_directory"] = (
        collected == on_disk and not _coverage.RUN.get("deselected") and not narrowed and not worker
    )


# -- emulators --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def running_emulator() -> Iterator[Any]:
    config = emulator.EmulatorConfig(port=0, rate_limits=False, quiet=True)
    with emulator.run_in_thread(config) as running:
        assert running.endpoint.startswith("http://127.0.0.1:")
        yield running


@pytest.fixture(scope="session")
def emulator_endpoint(running_emulator: Any) -> str:
    endpoint: str = running_emulator.endpoint
    return endpoint


@pytest.fixture(scope="session")
def limited_endpoint() -> Iterator[str]:
    """A second emulator with Appwrite's rate limits on (the default of the CLI)."""
    with emulator.run_in_thread(emulator.EmulatorConfig(port=0, quiet=True)) as running:
        yield running.endpoint


class Outbox:
    """The emulator's outbox read over HTTP: `GET /v1/emulator/messages?to=` (newest last)."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def messages(self, to: str, **filters: str) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.endpoint}/emulator/messages", params={"to": to, **filters}, timeout=10)
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()
        return messages

    def latest(self, to: str, kind: str) -> dict[str, Any]:
        found = self.messages(to, kind=kind)
        assert found, f"no {kind} message to {to}"
        return found[-1]


@pytest.fixture(scope="session")
def outbox(emulator_endpoint: str) -> Outbox:
    return Outbox(emulator_endpoint)


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
        endpoint = kwargs.pop("endpoint", self.endpoint)
        client = cls(endpoint, kwargs.pop("project", self.project), **kwargs)
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
