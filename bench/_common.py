"""Helpers every benchmark shares: timing, canned payloads, the loopback server, results rows, machine info."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any, Literal

PROJECT = "bench"
#: A syntactically valid JWT; the loopback server does not check it (it measures the client, not auth).
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiI2NGExYjJjM2Q0ZTVmIn0.c2lnbmF0dXJlLW5vdC1jaGVja2Vk"

CREATED = "2023-11-02T10:15:30.123+00:00"

#: A user as Appwrite renders it. It carries the fields of the 1.0-1.4 format that this SDK reads and the
#: newer ones (`mfa`, `targets`) that the official SDK's model requires, so both SDKs parse the same bytes.
USER: dict[str, Any] = {
    "$id": "64a1b2c3d4e5f",
    "$createdAt": CREATED,
    "$updatedAt": "2023-11-03T08:00:00.000+00:00",
    "name": "Ada Lovelace",
    "registration": CREATED,
    "status": True,
    "labels": ["vip"],
    "passwordUpdate": CREATED,
    "email": "ada@example.com",
    "phone": "+16175551212",
    "emailVerification": True,
    "phoneVerification": False,
    "mfa": False,
    "prefs": {"theme": "dark", "fontSize": 14},
    "targets": [],
    "accessedAt": "2023-11-03T08:00:00.000+00:00",
}


def session(i: int) -> dict[str, Any]:
    return {
        "$id": f"5e5ea5c16897{i:x}",
        "$createdAt": CREATED,
        "userId": "64a1b2c3d4e5f",
        "expire": "2024-11-02T10:15:30.123+00:00",
        "provider": "email",
        "providerUid": "ada@example.com",
        "providerAccessToken": "",
        "providerAccessTokenExpiry": "",
        "providerRefreshToken": "",
        "ip": "127.0.0.1",
        "osCode": "LIN",
        "osName": "GNU/Linux",
        "osVersion": "",
        "clientType": "library",
        "clientCode": "",
        "clientName": "",
        "clientVersion": "",
        "clientEngine": "",
        "clientEngineVersion": "",
        "deviceName": "desktop",
        "deviceBrand": "",
        "deviceModel": "",
        "countryCode": "--",
        "countryName": "Unknown",
        "current": i == 0,
    }


USER_JSON = json.dumps(USER).encode()
SESSIONS_JSON = json.dumps({"total": 10, "sessions": [session(i) for i in range(10)]}).encode()


# -- results ---------------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the results table: our figure, the baseline's, and the target on their ratio.

    `better` says which way is good: "lower" for times (ratio = ours / baseline), "higher" for rates
    (ratio = ours / baseline as well, so 3.0 means three times the baseline's calls per second).
    """

    bench: str
    name: str
    unit: str
    ours: float
    baseline: float | None
    baseline_name: str
    better: Literal["lower", "higher"]
    target: float | None = None
    #: A condition besides the ratio (e.g. "no errors"), and whether it held.
    condition: str = ""
    condition_met: bool | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict[str, Any])
    #: The median of per-batch ratios, when batches were paired; steadier on a busy machine than ours/baseline.
    paired_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        return self.ours / self.baseline if self.baseline else None

    @property
    def met(self) -> bool | None:
        verdicts: list[bool] = []
        if self.target is not None and self.ratio is not None:
            verdicts.append(self.ratio <= self.target if self.better == "lower" else self.ratio >= self.target)
        if self.condition_met is not None:
            verdicts.append(self.condition_met)
        return all(verdicts) if verdicts else None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


# -- timing ----------------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired_ratio(samples: dict[str, list[float]], a: str, b: str) -> float:
    """The median over batches of a's time / b's time in the same round (see `per_call_interleaved`)."""
    return median([x / y for x, y in zip(samples[a], samples[b], strict=True)])


def per_call_interleaved(
    fns: dict[str, Callable[[], object]], *, calls: int, repeats: int, warmup: int
) -> dict[str, list[float]]:
    """Seconds per call of each function, one sample per batch of `calls`, batches alternating between them.

    Alternating small batches (A, B, A, B, ...) puts every function through the same moments of a noisy
    machine; the ratio of two functions is best taken per round (`paired_ratio`), their figures as medians.
    """
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            samples[name].append((time.perf_counter() - start) / calls)
    return samples


async def per_call_interleaved_async(
    fns: dict[str, Callable[[], Awaitable[object]]], *, calls: int, repeats: int, warmup: int
) -> dict[str, list[float]]:
    """`per_call_interleaved` for coroutine functions, awaited one after another in the running loop."""
    for fn in fns.values():
        for _ in range(warmup):
            await fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(calls):
                await fn()
            samples[name].append((time.perf_counter() - start) / calls)
    return samples


def run_async(coro: Awaitable[Any]) -> Any:
    async def main() -> Any:
        return await coro

    return asyncio.run(main())


# -- the loopback server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    endpoint: str
    process: subprocess.Popen[bytes]

    def stats(self) -> dict[str, int]:
        """Requests and distinct client connections the server has seen since the last call (then reset)."""
        import httpx

        return dict(httpx.get(self.endpoint.removesuffix("/v1") + "/__stats", timeout=10).json())


@contextmanager
def loopback_server() -> Iterator[Server]:
    """The canned-user ASGI app (`bench._server`) under uvicorn on 127.0.0.1, in a subprocess of its own."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "bench._server:app", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--log-level", "warning", "--no-access-log", "--backlog", "4096", "--http", "httptools", "--loop", "uvloop"]
    process = subprocess.Popen(cmd, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the loopback server did not start") from None
                time.sleep(0.05)
        yield Server(endpoint=f"http://127.0.0.1:{port}/v1", process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- machine ---------------------------------------------------------------------------------------------------


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    dists = ["appwrite-account", "httpx", "pydantic", "pydantic-core", "tenacity", "uvicorn", "h11"]
    dists += ["argon2-cffi", "appwrite", "async-appwrite", "requests"]
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": _cpu(),
        "cpus": os.cpu_count(),
        "versions": {dist: _version(dist) for dist in dists},
    }
