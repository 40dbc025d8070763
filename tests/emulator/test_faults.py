"""Fault injection and the command line."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import httpx
import pytest

from appwrite_account.emulator import FaultSpec, RunningEmulator


def test_fault_spec_parsing() -> None:
    spec = FaultSpec.parse("429=0.1,503=0.05,reset=0.01,delay=0.2:0.5")
    assert spec == FaultSpec(rate_limited=0.1, unavailable=0.05, reset=0.01, delay_min=0.2, delay_max=0.5)
    assert FaultSpec.parse("delay=0.3") == FaultSpec(delay_min=0.3, delay_max=0.3)
    for bad in ("418=0.1", "429=2", "429=x", "delay=0.5:0.1", "429=0.6,503=0.6", "429"):
        with pytest.raises(ValueError):
            FaultSpec.parse(bad)


def _statuses(emulator: RunningEmulator, count: int) -> list[int]:
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "f"}) as client:
        return [client.get("/account").status_code for _ in range(count)]


def test_seeded_faults_are_reproducible(start_emulator: Callable[..., RunningEmulator]) -> None:
    spec = FaultSpec.parse("429=0.3,503=0.3")
    first = _statuses(start_emulator(faults=spec, fault_seed=7), 30)
    second = _statuses(start_emulator(faults=spec, fault_seed=7), 30)
    assert first == second
    assert {429, 503, 401} <= set(first)


def test_injected_503_looks_like_a_proxy_without_backend(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator(faults=FaultSpec(unavailable=1.0))
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "f"}) as client:
        response = client.get("/account")
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/plain") and response.text == "Service Unavailable"
        assert client.get("/emulator/health").status_code == 200  # tooling is never faulted


def test_injected_429_announces_a_reset_in_the_next_second(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator(faults=FaultSpec(rate_limited=1.0))
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "f"}) as client:
        before = int(time.time())
        response = client.get("/account")
    assert response.status_code == 429 and response.json()["type"] == "general_rate_limit_exceeded"
    assert before <= int(response.headers["x-ratelimit-reset"]) <= before + 2


def test_injected_reset_breaks_the_connection(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator(faults=FaultSpec(reset=1.0))
    with (
        httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "f"}) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.get("/account")


def test_cli_prints_the_ready_line_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "appwrite_account.emulator", "--port", "0", "--quiet", "--no-rate-limits"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("appwrite-account emulator listening on http://127.0.0.1:")
        endpoint = line.rsplit(" ", 1)[1]
        assert endpoint.endswith("/v1")
        response = httpx.get(endpoint + "/account", headers={"X-Appwrite-Project": "cli"})
        assert response.json()["type"] == "general_unauthorized_scope"
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0


def test_cli_refuses_non_loopback_hosts() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "appwrite_account.emulator", "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "loopback" in result.stderr
