"""Helpers shared by the emulator tests."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

PASSWORD = "correct-horse-9"


class FakeClock:
    """A clock tests can move forward (token expiry, JWT lifetime, rate-limit windows)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def unique_email() -> str:
    return f"user-{uuid.uuid4().hex[:12]}@example.com"


def signup(client: httpx.Client, email: str | None = None, password: str = PASSWORD, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/account", json={"userId": "unique()", "email": email or unique_email(), "password": password, **extra}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def login(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    response = client.post("/account/sessions/email", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return response


def signed_in(client: httpx.Client) -> dict[str, Any]:
    """Create an account and log the client in; returns the user document."""
    user = signup(client)
    login(client, user["email"])
    return user


def assert_error(response: httpx.Response, status: int, type_: str, message: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["type"] == type_
    assert body["code"] == status and isinstance(body["code"], int)
    assert body["version"] == "1.4.14"
    if message is not None:
        assert body["message"] == message
