"""State in a SQLite file survives a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from appwrite_account.emulator import RunningEmulator

from .helpers import signed_in


def test_restart_keeps_accounts_sessions_and_jwts(
    start_emulator: Callable[..., RunningEmulator], tmp_path: Path
) -> None:
    db = str(tmp_path / "emulator.sqlite")
    first = start_emulator(db_path=db)
    with httpx.Client(base_url=first.endpoint, headers={"X-Appwrite-Project": "keep"}) as client:
        user = signed_in(client)
        client.patch("/account/prefs", json={"prefs": {"kept": True}})
        fallback = client.post("/account/sessions/email", json={"email": user["email"], "password": "correct-horse-9"})
        header = fallback.headers["x-fallback-cookies"]
        token = client.post("/account/jwt").json()["jwt"]
    first.stop()
    second = start_emulator(db_path=db)
    with httpx.Client(base_url=second.endpoint, headers={"X-Appwrite-Project": "keep"}) as client:
        account = client.get("/account", headers={"X-Fallback-Cookies": header})
        assert account.status_code == 200
        assert account.json()["$id"] == user["$id"] and account.json()["prefs"] == {"kept": True}
        assert client.get("/account", headers={"X-Appwrite-JWT": token}).json()["$id"] == user["$id"]
        assert client.get("/account/sessions", headers={"X-Fallback-Cookies": header}).json()["total"] == 2
