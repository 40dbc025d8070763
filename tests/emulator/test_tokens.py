"""Secrets sent by email/SMS: verification, recovery, magic URL, phone; all through the outbox."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx

from appwrite_account.emulator import RunningEmulator

from .helpers import PASSWORD, FakeClock, assert_error, login, signed_in, signup, unique_email

TOKEN_KEYS = {"$id", "$createdAt", "userId", "secret", "expire"}


def _query(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def test_email_verification_flow(client: httpx.Client, shared_emulator: RunningEmulator) -> None:
    user = signed_in(client)
    created = client.post("/account/verification", json={"url": "http://localhost:3000/verify?keep=1"})
    assert created.status_code == 201
    token = created.json()
    assert set(token) == TOKEN_KEYS and token["secret"] == "" and token["userId"] == user["$id"]
    message = shared_emulator.outbox.latest(to=user["email"], kind="verification")
    assert message.link is not None and message.link.startswith("http://localhost:3000/verify?")
    query = _query(message.link)
    assert query["keep"] == "1" and query["userId"] == user["$id"] and query["secret"] == message.secret
    assert re.fullmatch(r"[0-9a-f]{256}", message.secret)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}", query["expire"])
    confirmed = client.put("/account/verification", json={"userId": user["$id"], "secret": message.secret})
    assert confirmed.status_code == 200 and confirmed.json()["$id"] == token["$id"]
    assert client.get("/account").json()["emailVerification"] is True
    reused = client.put("/account/verification", json={"userId": user["$id"], "secret": message.secret})
    assert_error(reused, 401, "user_invalid_token")
    again = client.post("/account/verification", json={"url": "http://localhost/verify"})
    assert_error(again, 409, "user_email_alread_verified")


def test_redirect_urls_must_use_allowed_hosts(client: httpx.Client) -> None:
    signed_in(client)
    response = client.post("/account/verification", json={"url": "https://evil.example.org/verify"})
    assert_error(
        response,
        400,
        "general_argument_invalid",
        "Invalid `url` param: URL host must be one of: localhost, 127.0.0.1",
    )
    assert_error(client.post("/account/verification", json={"url": "not a url"}), 400, "general_argument_invalid")
    # Deep links with a custom scheme are fine as long as the host is allowed.
    assert client.post("/account/verification", json={"url": "myapp://localhost/verify"}).status_code == 201


def test_allow_host_option(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator(allow_hosts=("app.example.com",))
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "p"}) as client:
        user = signup(client)
        ok = client.post("/account/recovery", json={"email": user["email"], "url": "https://app.example.com/r"})
        assert ok.status_code == 201
        refused = client.post("/account/recovery", json={"email": user["email"], "url": "https://localhost/r"})
        assert_error(
            refused,
            400,
            "general_argument_invalid",
            "Invalid `url` param: URL host must be one of: app.example.com, 127.0.0.1",
        )


def test_password_recovery_flow(client: httpx.Client, shared_emulator: RunningEmulator) -> None:
    user = signup(client)
    created = client.post("/account/recovery", json={"email": user["email"], "url": "http://127.0.0.1/reset"})
    assert created.status_code == 201 and created.json()["secret"] == ""
    message = shared_emulator.outbox.latest(to=user["email"], kind="recovery")
    body = {"userId": user["$id"], "secret": message.secret, "password": "brand-new-pass", "passwordAgain": "x" * 8}
    assert_error(client.put("/account/recovery", json=body), 400, "user_password_mismatch")
    body["passwordAgain"] = "brand-new-pass"
    updated = client.put("/account/recovery", json=body)
    assert updated.status_code == 200
    login(client, user["email"], "brand-new-pass")
    assert client.get("/account").json()["emailVerification"] is True
    assert_error(client.put("/account/recovery", json=body), 401, "user_invalid_token")
    unknown = client.post("/account/recovery", json={"email": unique_email(), "url": "http://localhost/r"})
    assert_error(unknown, 404, "user_not_found")
    body["userId"] = "nobody"
    assert_error(client.put("/account/recovery", json=body), 404, "user_not_found")


def test_recovery_secret_expires_after_an_hour(
    client: httpx.Client, shared_emulator: RunningEmulator, shared_clock: FakeClock
) -> None:
    user = signup(client)
    client.post("/account/recovery", json={"email": user["email"], "url": "http://localhost/r"})
    secret = shared_emulator.outbox.latest(to=user["email"], kind="recovery").secret
    shared_clock.advance(3601)
    body = {"userId": user["$id"], "secret": secret, "password": "brand-new-pass", "passwordAgain": "brand-new-pass"}
    assert_error(client.put("/account/recovery", json=body), 401, "user_invalid_token")


def test_magic_url_creates_the_user_and_logs_in(
    client: httpx.Client, shared_emulator: RunningEmulator, project: str
) -> None:
    email = unique_email()
    created = client.post("/account/sessions/magic-url", json={"userId": "magic-1", "email": email})
    assert created.status_code == 201
    assert created.json()["userId"] == "magic-1" and created.json()["secret"] == ""
    message = shared_emulator.outbox.latest(to=email, kind="magic_url")
    assert message.link is not None
    assert message.link.startswith(shared_emulator.base_url + "/auth/magic-url?")  # default target
    query = _query(message.link)
    assert (query["userId"], query["project"], query["secret"]) == ("magic-1", project, message.secret)
    assert_error(
        client.put("/account/sessions/magic-url", json={"userId": "magic-1", "secret": "nope"}),
        401,
        "user_invalid_token",
    )
    session = client.put("/account/sessions/magic-url", json={"userId": "magic-1", "secret": message.secret})
    assert session.status_code == 201  # not the 200 of the spec
    assert session.json()["provider"] == "magic-url" and "x-fallback-cookies" in session.headers
    account = client.get("/account").json()
    assert (account["$id"], account["emailVerification"], account["passwordUpdate"]) == ("magic-1", True, "")
    # A known email keeps its user; the given userId is ignored.
    again = client.post("/account/sessions/magic-url", json={"userId": "other", "email": email.upper()})
    assert again.json()["userId"] == "magic-1"


def test_phone_session_flow(client: httpx.Client, shared_emulator: RunningEmulator, shared_clock: FakeClock) -> None:
    phone = "+1415555" + str(shared_clock.now)[-4:].replace(".", "7")
    created = client.post("/account/sessions/phone", json={"userId": "unique()", "phone": phone})
    assert created.status_code == 201
    token = created.json()
    message = shared_emulator.outbox.latest(to=phone, kind="phone_session")
    assert re.fullmatch(r"\d{6}", message.secret) and message.secret in message.text and message.channel == "sms"
    session = client.put("/account/sessions/phone", json={"userId": token["userId"], "secret": message.secret})
    assert session.status_code == 201 and session.json()["provider"] == "phone"
    account = client.get("/account").json()
    assert (account["phone"], account["phoneVerification"], account["email"]) == (phone, True, "")
    client.post("/account/sessions/phone", json={"userId": "unique()", "phone": phone})
    late = shared_emulator.outbox.latest(to=phone, kind="phone_session").secret
    shared_clock.advance(901)  # phone codes live 15 minutes
    expired = client.put("/account/sessions/phone", json={"userId": token["userId"], "secret": late})
    assert_error(expired, 401, "user_invalid_token")


def test_phone_verification_flow(client: httpx.Client, shared_emulator: RunningEmulator) -> None:
    user = signed_in(client)
    assert_error(client.post("/account/verification/phone"), 400, "user_phone_not_found")
    client.patch("/account/phone", json={"phone": "+4930123456789", "password": PASSWORD})
    assert client.post("/account/verification/phone").status_code == 201
    code = shared_emulator.outbox.latest(to="+4930123456789", kind="phone_verification").secret
    assert_error(
        client.put("/account/verification/phone", json={"userId": user["$id"], "secret": "000000x"}),
        401,
        "user_invalid_token",
    )
    done = client.put("/account/verification/phone", json={"userId": user["$id"], "secret": code})
    assert done.status_code == 200
    assert client.get("/account").json()["phoneVerification"] is True
    assert_error(client.post("/account/verification/phone"), 409, "user_phone_already_verified")


def test_messages_endpoint(client: httpx.Client, shared_emulator: RunningEmulator) -> None:
    user = signup(client)
    client.post("/account/recovery", json={"email": user["email"], "url": "http://localhost/r"})
    client.post("/account/recovery", json={"email": user["email"], "url": "http://localhost/r2"})
    response = client.get("/emulator/messages", params={"to": user["email"]})
    assert response.status_code == 200
    messages = response.json()
    assert [m["kind"] for m in messages] == ["recovery", "recovery"]
    assert messages[-1]["link"].startswith("http://localhost/r2?")  # newest last
    assert set(messages[0]) >= {"to", "kind", "text", "link", "user_id", "secret", "created_at"}
    assert messages[0]["user_id"] == user["$id"]
