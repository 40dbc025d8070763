"""Rate limits: per-route counters in hour-aligned windows."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from appwrite_account.emulator import RunningEmulator

from .helpers import FakeClock, assert_error, signup, unique_email

PASSWORD = "correct-horse-9"


def test_create_account_is_limited_to_ten_per_hour(start_emulator: Callable[..., RunningEmulator]) -> None:
    clock = FakeClock()
    clock.now = 1_800_000_000.0 + 120  # two minutes into an hour window
    emulator = start_emulator(clock=clock)
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "rl"}) as client:
        for attempt in range(10):
            response = client.post(
                "/account", json={"userId": "unique()", "email": unique_email(), "password": PASSWORD}
            )
            assert response.status_code == 201
            assert response.headers["x-ratelimit-limit"] == "10"
            assert response.headers["x-ratelimit-remaining"] == str(9 - attempt)
            assert response.headers["x-ratelimit-reset"] == str(1_800_003_600)
        over = client.post("/account", json={"userId": "unique()", "email": unique_email(), "password": PASSWORD})
        assert_error(over, 429, "general_rate_limit_exceeded")
        assert over.headers["x-ratelimit-remaining"] == "0"
        # Limits are per project, and a new window starts on the hour.
        other = client.post(
            "/account",
            json={"userId": "unique()", "email": unique_email(), "password": PASSWORD},
            headers={"X-Appwrite-Project": "rl2"},
        )
        assert other.status_code == 201
        clock.advance(3600 - 120)
        assert signup(client)["email"]
        # Routes without a limit send no headers.
        assert "x-ratelimit-limit" not in client.get("/account").headers


def test_email_session_limit_is_keyed_by_email(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator()
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "rl"}) as client:
        user = signup(client)
        for _ in range(10):
            client.post("/account/sessions/email", json={"email": user["email"], "password": "wrong-pass"})
        blocked = client.post("/account/sessions/email", json={"email": user["email"], "password": PASSWORD})
        assert_error(blocked, 429, "general_rate_limit_exceeded")
        other = client.post("/account/sessions/email", json={"email": "someone@example.com", "password": PASSWORD})
        assert_error(other, 401, "user_invalid_credentials")


def test_no_rate_limits_keeps_headers(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator(rate_limits=False)
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "rl"}) as client:
        for _ in range(12):
            response = client.post("/account/sessions/anonymous")
            assert response.status_code == 201
            client.cookies.clear()
        assert response.headers["x-ratelimit-limit"] == "50"
        assert response.headers["x-ratelimit-remaining"] == "49"
