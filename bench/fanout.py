"""3. Async fan-out: 1,000 concurrent `get()` through one `AsyncAccount` against the loopback server.

Compared with the same 1,000 calls made one after another through the sync client, and with the community
`async-appwrite` package doing the same 1,000 concurrent calls. Wall time and calls per second, median of
runs; errors are counted, and the server reports how many distinct connections each client opened: this
SDK's pool is bounded (100 connections by default), `async-appwrite` opens a new client per call.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench._common import JWT, PROJECT, Row, Server, loopback_server, median

POOL = 100  # DEFAULT_LIMITS.max_connections


def _sizes(smoke: bool) -> tuple[int, int]:
    """(calls, runs)."""
    return (20, 1) if smoke else (1000, 3)


async def _gather(call: Callable[[], Awaitable[Any]], n: int) -> tuple[float, int]:
    start = time.perf_counter()
    results = await asyncio.gather(*(call() for _ in range(n)), return_exceptions=True)
    wall = time.perf_counter() - start
    return wall, sum(isinstance(r, BaseException) for r in results)


def _ours_async(server: Server, n: int) -> tuple[float, int]:
    from appwrite_account import AsyncAccount, AsyncClient

    async def main() -> tuple[float, int]:
        async with AsyncClient(server.endpoint, PROJECT, jwt=JWT) as client:
            account = AsyncAccount(client)
            await account.get()  # connect once, as a long-lived app would have
            server.stats()
            return await _gather(account.get, n)

    return asyncio.run(main())


def _ours_sequential(server: Server, n: int) -> tuple[float, int]:
    from appwrite_account import Account, Client

    errors = 0
    with Client(server.endpoint, PROJECT, jwt=JWT) as client:
        account = Account(client)
        account.get()
        server.stats()
        start = time.perf_counter()
        for _ in range(n):
            try:
                account.get()
            except Exception:
                errors += 1
        return time.perf_counter() - start, errors


def _async_appwrite(server: Server, n: int) -> tuple[float, int]:
    from async_appwrite.async_client import AsyncClient
    from async_appwrite.services.async_account import AsyncAccount

    client = AsyncClient()
    client.set_endpoint(server.endpoint).set_project(PROJECT).set_jwt(JWT)
    account = AsyncAccount(client)

    async def main() -> tuple[float, int]:
        assert (await account.get())["email"] == "ada@example.com"
        server.stats()
        return await _gather(account.get, n)

    return asyncio.run(main())


def measure(server: Server, smoke: bool) -> list[Row]:
    n, runs = _sizes(smoke)
    figures: dict[str, dict[str, list[float]]] = {}
    for name, fn in [("ours", _ours_async), ("sequential", _ours_sequential), ("async-appwrite", _async_appwrite)]:
        walls: list[float] = []
        errors: list[float] = []
        connections: list[float] = []
        # async-appwrite builds a new httpx client (and TLS context) per call: about a minute per run here.
        for _ in range(1 if name == "async-appwrite" else runs):
            wall, errs = fn(server, n)
            stats = server.stats()
            walls.append(wall)
            errors.append(errs)
            connections.append(stats["connections"])
        figures[name] = {"wall": walls, "errors": errors, "connections": connections}
    ours = figures["ours"]
    wall = median(ours["wall"])
    bounded = max(ours["connections"]) <= POOL and sum(ours["errors"]) == 0
    extra = {
        name: {
            "calls": n,
            "wall_s": median(f["wall"]),
            "calls_per_s": n / median(f["wall"]),
            "errors": int(sum(f["errors"])),
            "max_connections": int(max(f["connections"])),
        }
        for name, f in figures.items()
    }
    condition = f"no errors, ≤{POOL} connections"
    rows = []
    for key, short, label in [
        ("sequential", "sequential sync", f"{n:,} sequential sync get()"),
        ("async-appwrite", "async-appwrite", f"async-appwrite, {n:,} concurrent"),
    ]:
        rows.append(
            Row(
                bench="fanout",
                name=f"async fan-out {n:,}× get() vs {short}",
                unit="calls/s",
                ours=n / wall,
                baseline=extra[key]["calls_per_s"],
                baseline_name=label,
                better="higher",
                condition=condition,
                condition_met=bounded,
                notes=(
                    f"ours {wall:.2f} s, {extra['ours']['errors']} errors, {extra['ours']['max_connections']} "
                    f"connections; {key} {extra[key]['wall_s']:.2f} s, {extra[key]['errors']} errors, "
                    f"{extra[key]['max_connections']} connections"
                ),
                extra=extra,
            )
        )
    return rows


def run(smoke: bool = False) -> list[Row]:
    with loopback_server() as server:
        return measure(server, smoke)


if __name__ == "__main__":
    for row in run():
        print(f"{row.name}: {row.ours:.0f}/s vs {row.baseline or 0:.0f}/s, ratio {row.ratio:.2f}; {row.notes}")
