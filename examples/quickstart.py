"""Quickstart: sign up, sign in, read and change the account, JWT, verification, logs, sign out.

Runs against the local emulator (`make demo` starts one) or any Appwrite 1.0-1.4 server:

    APPWRITE_ENDPOINT=https://cloud.appwrite.io/v1 APPWRITE_PROJECT=<id> python examples/quickstart.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import httpx

from appwrite_account import ID, Account, AppwriteError, Client, FileSessionStore, Query

ENDPOINT = os.environ.get("APPWRITE_ENDPOINT", "http://127.0.0.1:8080/v1")
PROJECT = os.environ.get("APPWRITE_PROJECT", "demo")
SESSION_FILE = os.environ.get("APPWRITE_SESSION_FILE", ".demo/session.json")
PASSWORD = "correct-horse-battery"


def step(text: str) -> None:
    print(f"  - {text}", flush=True)


def outbox_secret(email: str) -> str | None:
    """The secret of the newest message to `email` in the emulator's outbox (None on a real server)."""
    response = httpx.get(f"{ENDPOINT}/emulator/messages", params={"to": email}, timeout=5)
    if response.status_code != 200 or not response.json():
        return None
    message = response.json()[-1]
    step(f"outbox: {message['kind']} email to {message['to']}: {message['link']}")
    return str(message["secret"])


def first_run() -> None:
    store = FileSessionStore(SESSION_FILE)
    with Client(ENDPOINT, PROJECT, session_store=store) as client:
        account = Account(client)
        email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
        user = account.create(user_id=ID.unique(), email=email, password=PASSWORD, name="Ada")
        step(f"signed up {user.email} as user {user.id} (created {user.created_at:%Y-%m-%d %H:%M:%S %Z})")

        session = account.create_email_session(email=email, password=PASSWORD)
        step(f"signed in: session {session.id}, provider {session.provider}, expires {session.expire:%Y-%m-%d}")

        me = account.update_name(name="Ada Lovelace")
        account.update_prefs(prefs={"theme": "dark", "language": "en"})
        prefs = account.get_prefs()
        step(f"renamed to {me.name!r}; prefs now {prefs.to_dict()}")

        token = account.create_verification(url="http://localhost/verify")
        secret = outbox_secret(email)
        if secret:
            account.update_verification(user_id=token.user_id, secret=secret)
            step(f"email verified: {account.get().email_verification}")

        sessions = account.list_sessions()
        step(f"{sessions.total} session(s): " + ", ".join(f"{s.id} (current={s.current})" for s in sessions.sessions))

        jwt = account.create_jwt()
        with Client(ENDPOINT, PROJECT, jwt=jwt.jwt) as backend:
            step(f"a backend holding only the JWT sees {Account(backend).get().email}")

        logs = account.list_logs(queries=[Query.limit(3)])
        step(
            f"last {len(logs.logs)} of {logs.total} security log entries: " + ", ".join(log.event for log in logs.logs)
        )

    step("starting a second process with the same session file ...")
    subprocess.run([sys.executable, __file__, "--resume"], check=True)


def resume() -> None:
    with Client(ENDPOINT, PROJECT, session_store=FileSessionStore(SESSION_FILE)) as client:
        account = Account(client)
        me = account.get()
        step(f"[second process] already signed in as {me.name} <{me.email}>")
        account.delete_session(session_id="current")
        step(f"[second process] signed out; session stored: {client.has_session}")
        try:
            account.get()
        except AppwriteError as exc:
            step(f"[second process] after sign-out: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    resume() if "--resume" in sys.argv else first_run()
