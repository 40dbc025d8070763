"""1. Per-call overhead: the SDK versus raw httpx + `json.loads` on the same `httpx.MockTransport`.

Both sides send the same request through the same in-memory transport, which answers with canned bytes at
once, so what is left is pure client-side cost: building the request, sending it through httpx, and reading
the answer. The SDK's figure includes validating its arguments, capturing session and rate-limit state and
validating the response into models; raw httpx stops at dicts. Median seconds per call over alternating batches.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from bench._common import (
    JWT,
    PROJECT,
    SESSIONS_JSON,
    USER_JSON,
    Row,
    median,
    paired_ratio,
    per_call_interleaved,
    per_call_interleaved_async,
)

ENDPOINT = "https://appwrite.invalid/v1"
TARGET = 1.2
ROUTES = {"/v1/account": USER_JSON, "/v1/account/sessions": SESSIONS_JSON}
#: What raw httpx sends: the headers the SDK sends, less the ones only an SDK would (name, version, ...).
RAW_HEADERS = {"X-Appwrite-Project": PROJECT, "X-Appwrite-Response-Format": "1.0.0", "X-Appwrite-JWT": JWT}


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=ROUTES[request.url.path], headers={"content-type": "application/json"})


def _sizes(smoke: bool) -> dict[str, int]:
    return {"calls": 5, "repeats": 1, "warmup": 2} if smoke else {"calls": 20, "repeats": 301, "warmup": 300}


def run_sync(smoke: bool) -> list[Row]:
    from appwrite_account import Account, Client

    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport, base_url=ENDPOINT)
    client = Client(ENDPOINT, PROJECT, jwt=JWT, transport=transport)
    account = Account(client)

    def raw_get(path: str) -> Any:
        response = raw.get(path, headers=RAW_HEADERS)
        response.raise_for_status()
        return json.loads(response.content)

    # Same results, or the comparison is meaningless.
    assert account.get().email == raw_get("/account")["email"]
    assert account.list_sessions().total == raw_get("/account/sessions")["total"] == 10
    rows = []
    for name, ours, theirs in [
        ("get()", account.get, lambda: raw_get("/account")),
        ("list_sessions() x10", account.list_sessions, lambda: raw_get("/account/sessions")),
    ]:
        times = per_call_interleaved({"ours": ours, "raw": theirs}, **_sizes(smoke))
        rows.append(_row(f"sync {name}", times))
    raw.close()
    client.close()
    return rows


async def _run_async(smoke: bool) -> list[Row]:
    from appwrite_account import AsyncAccount, AsyncClient

    transport = httpx.MockTransport(handler)
    raw = httpx.AsyncClient(transport=transport, base_url=ENDPOINT)
    client = AsyncClient(ENDPOINT, PROJECT, jwt=JWT, transport=transport)
    account = AsyncAccount(client)

    async def raw_get(path: str) -> Any:
        response = await raw.get(path, headers=RAW_HEADERS)
        response.raise_for_status()
        return json.loads(response.content)

    assert (await account.get()).email == (await raw_get("/account"))["email"]
    rows = []
    for name, ours, theirs in [
        ("get()", account.get, lambda: raw_get("/account")),
        ("list_sessions() x10", account.list_sessions, lambda: raw_get("/account/sessions")),
    ]:
        times = await per_call_interleaved_async({"ours": ours, "raw": theirs}, **_sizes(smoke))
        rows.append(_row(f"async {name}", times))
    await raw.aclose()
    await client.aclose()
    return rows


def _row(name: str, samples: dict[str, list[float]]) -> Row:
    return Row(
        bench="overhead",
        name=name,
        unit="µs/call",
        ours=median(samples["ours"]) * 1e6,
        baseline=median(samples["raw"]) * 1e6,
        paired_ratio=paired_ratio(samples, "ours", "raw"),
        baseline_name="raw httpx + json.loads",
        better="lower",
        target=TARGET,
    )


def run(smoke: bool = False) -> list[Row]:
    import asyncio

    return run_sync(smoke) + asyncio.run(_run_async(smoke))


if __name__ == "__main__":
    for row in run():
        print(f"{row.name:28} ours {row.ours:8.1f} µs  raw {row.baseline or 0:8.1f} µs  ratio {row.ratio:.2f}")
