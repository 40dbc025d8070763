"""State in a SQLite file survives a restart."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from appwrite_account.emulator import RunningEmulator

from .helpers import PASSWORD, login, signed_in


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


def test_concurrent_requests_keep_the_database_consistent(
    start_emulator: Callable[..., RunningEmulator], tmp_path: Path
) -> None:
    db = str(tmp_path / "busy.sqlite")
    first = start_emulator(db_path=db, rate_limits=False)
    headers = {"X-Appwrite-Project": "busy"}
    shared_email = "same@example.com"

    def sign_up_and_in(index: int) -> tuple[int, int, str]:
        with httpx.Client(base_url=first.endpoint, headers=headers, timeout=30) as client:
            duplicate = client.post(
                "/account", json={"userId": "unique()", "email": shared_email, "password": PASSWORD}
            )
            email = f"busy-{index}@example.com"
            created = client.post("/account", json={"userId": f"user-{index}", "email": email, "password": PASSWORD})
            assert created.status_code == 201, created.text
            for _ in range(3):
                login(client, email)
            client.patch("/account/prefs", json={"prefs": {"n": index}})
            return duplicate.status_code, created.status_code, client.cookies.get("a_session_busy") or ""

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(sign_up_and_in, range(24)))
    assert sorted(code for code, _, _ in results).count(201) == 1  # one account owns the shared email
    assert {code for code, _, _ in results} == {201, 409}
    first.stop()

    second = start_emulator(db_path=db)
    with httpx.Client(base_url=second.endpoint, headers=headers) as client:
        for index, (_, _, cookie) in enumerate(results):
            client.cookies.set("a_session_busy", cookie)
            me = client.get("/account")
            assert me.status_code == 200, me.text
            assert me.json()["$id"] == f"user-{index}" and me.json()["prefs"] == {"n": index}
            assert client.get("/account/sessions").json()["total"] == 3


def test_cli_reports_a_bad_db_file_in_one_line(tmp_path, capsys) -> None:
    from appwrite_account.emulator.__main__ import main

    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database, just text that is long enough to have a header" * 4)
    assert main(["--port", "0", "--quiet", "--db", str(not_a_db)]) == 1
    assert main(["--port", "0", "--quiet", "--db", str(tmp_path / "missing" / "x.db")]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("appwrite-account emulator: ") for line in lines)
    assert "--db" in lines[0] and "Traceback" not in "".join(lines)
