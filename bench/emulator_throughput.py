"""5. Emulator throughput: `get()` and `create_email_session()` per second through the local emulator.

The emulator runs in its own process on 127.0.0.1 (`python -m appwrite_account.emulator --no-rate-limits`),
driven by this SDK's sync client. There is no baseline: the figures say how fast a test suite can go.
Then a profile: the emulator app is driven in-process (httpx.ASGITransport, one thread, so cProfile sees
the server and the client) to show what share of a sign-in is argon2 and where the rest goes.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import subprocess
import sys
import time
from typing import Any

from bench._common import Row, free_port, median

PROJECT = "bench"
EMAIL, PASSWORD = "ada@example.com", "correct-horse-battery"
#: Signs in again and again: a user of its own, since the server keeps only the newest 10 sessions per user.
SIGNER_EMAIL = "grace@example.com"


def _sizes(smoke: bool) -> tuple[int, int]:
    """(calls per batch, batches)."""
    return (3, 1) if smoke else (100, 5)


def _start() -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    cmd = [sys.executable, "-m", "appwrite_account.emulator", "--port", str(port), "--no-rate-limits", "--quiet"]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{endpoint}/emulator/health", timeout=1).raise_for_status()
            return process, endpoint
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the emulator did not start") from None
            time.sleep(0.05)


def _throughput(endpoint: str, smoke: bool) -> dict[str, float]:
    from appwrite_account import ID, Account, Client

    calls, batches = _sizes(smoke)
    with Client(endpoint, PROJECT, max_retries=0) as signed_in, Client(endpoint, PROJECT, max_retries=0) as signer:
        account, signing = Account(signed_in), Account(signer)
        account.create(user_id=ID.unique(), email=EMAIL, password=PASSWORD, name="Ada")
        account.create_email_session(email=EMAIL, password=PASSWORD)
        signing.create(user_id=ID.unique(), email=SIGNER_EMAIL, password=PASSWORD, name="Grace")

        def sign_in() -> None:
            signer.clear_session()  # a signed-in client may not create another session
            signing.create_email_session(email=SIGNER_EMAIL, password=PASSWORD)

        rates: dict[str, list[float]] = {"get": [], "create_email_session": []}
        for fn in (account.get, sign_in):
            fn()
        for _ in range(batches):
            for name, fn in (("get", account.get), ("create_email_session", sign_in)):
                start = time.perf_counter()
                for _ in range(calls):
                    fn()
                rates[name].append(calls / (time.perf_counter() - start))
    return {name: median(values) for name, values in rates.items()}


def argon2_profile(calls: int) -> dict[str, Any]:
    """Where a sign-in's time goes, server and client in one thread: argon2's share and the top functions."""
    import httpx

    from appwrite_account import ID, AsyncAccount, AsyncClient
    from appwrite_account.emulator import EmulatorConfig, create_app
    from appwrite_account.emulator.security import PasswordHasher

    config = EmulatorConfig(rate_limits=False, quiet=True)
    app = create_app(config)

    async def main() -> cProfile.Profile:
        transport = httpx.ASGITransport(app=app)
        http = httpx.AsyncClient(transport=transport)
        async with AsyncClient("http://127.0.0.1/v1", PROJECT, http_client=http, max_retries=0) as client:
            account = AsyncAccount(client)
            await account.create(user_id=ID.unique(), email=EMAIL, password=PASSWORD)
            profile = cProfile.Profile()
            for _ in range(calls):
                client.clear_session()
                profile.enable()
                await account.create_email_session(email=EMAIL, password=PASSWORD)
                profile.disable()
        await http.aclose()
        return profile

    profile = asyncio.run(main())
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in raw.values())  # cumulative time of the outermost frame
    verify = sum(entry[3] for key, entry in raw.items() if key[2] == "verify" and key[0].endswith("security.py"))
    top = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:8]
    # The same verification alone, to separate argon2 itself from the emulator's wrapper.
    hasher = PasswordHasher(config.argon2)
    hashed = hasher.hash(PASSWORD)
    start = time.perf_counter()
    for _ in range(calls):
        hasher.verify(hashed, PASSWORD)
    alone = (time.perf_counter() - start) / calls
    return {
        "calls": calls,
        "argon2_params": vars(config.argon2) if hasattr(config.argon2, "__dict__") else str(config.argon2),
        "per_call_ms": total / calls * 1e3,
        "argon2_verify_share": verify / total if total else 0.0,
        "argon2_verify_alone_ms": alone * 1e3,
        "top_functions_by_own_time": [
            {"function": f"{os.path.basename(key[0])}:{key[1]}({key[2]})", "own_ms_per_call": entry[2] / calls * 1e3}
            for key, entry in top
        ],
    }


def run(smoke: bool = False) -> list[Row]:
    process, endpoint = _start()
    try:
        rates = _throughput(endpoint, smoke)
    finally:
        process.terminate()
        process.wait(timeout=10)
    profile = argon2_profile(5 if smoke else 200)
    share = profile["argon2_verify_share"]
    rows = []
    for name, label in (("get", "emulator get()"), ("create_email_session", "emulator create_email_session()")):
        rows.append(
            Row(
                bench="emulator",
                name=label,
                unit="calls/s",
                ours=rates[name],
                baseline=None,
                baseline_name="",
                better="higher",
                notes=(
                    f"argon2 verify = {share:.0%} of a sign-in in-process "
                    f"({profile['argon2_verify_alone_ms']:.2f} ms alone)"
                    if name == "create_email_session"
                    else ""
                ),
                extra={"profile": profile} if name == "create_email_session" else {},
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row.name}: {row.ours:.0f}/s {row.notes}")
    print(argon2_profile(100))
