"""Account creation, profile updates, prefs, status, logs and the generic request rules."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from appwrite_account.emulator import RunningEmulator

from .helpers import PASSWORD, assert_error, login, signed_in, signup, unique_email

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$")
USER_KEYS = {
    "$id",
    "$createdAt",
    "$updatedAt",
    "name",
    "registration",
    "status",
    "labels",
    "passwordUpdate",
    "email",
    "phone",
    "emailVerification",
    "phoneVerification",
    "prefs",
    "accessedAt",
}


def test_create_account_returns_the_account_model(client: httpx.Client) -> None:
    response = client.post(
        "/account", json={"userId": "custom.id-1", "email": "Mixed@Example.COM", "password": PASSWORD, "name": "Ann"}
    )
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    user = response.json()
    assert set(user) == USER_KEYS  # never password, hash or hashOptions
    assert user["$id"] == "custom.id-1"
    assert user["email"] == "mixed@example.com"
    assert (user["name"], user["phone"], user["labels"], user["prefs"]) == ("Ann", "", [], {})
    assert user["status"] is True and user["emailVerification"] is False
    for key in ("$createdAt", "$updatedAt", "registration", "passwordUpdate", "accessedAt"):
        assert DATETIME.match(user[key]), key


def test_unique_id_is_generated(client: httpx.Client) -> None:
    first, second = signup(client), signup(client)
    assert first["$id"] != second["$id"]
    assert re.fullmatch(r"[0-9a-f]{20}", first["$id"])


def test_duplicate_email_or_id_conflicts(client: httpx.Client) -> None:
    user = signup(client)
    again = client.post("/account", json={"userId": "unique()", "email": user["email"], "password": PASSWORD})
    assert_error(again, 409, "user_already_exists")
    same_id = client.post("/account", json={"userId": user["$id"], "email": unique_email(), "password": PASSWORD})
    assert_error(same_id, 409, "user_already_exists")


def test_parameter_validation_messages(client: httpx.Client) -> None:
    missing = client.post("/account", json={"email": unique_email(), "password": PASSWORD})
    assert_error(missing, 400, "general_argument_invalid", 'Param "userId" is not optional.')
    bad_email = client.post("/account", json={"userId": "unique()", "email": "nope", "password": PASSWORD})
    assert_error(
        bad_email, 400, "general_argument_invalid", "Invalid `email` param: Value must be a valid email address"
    )
    short = client.post("/account", json={"userId": "unique()", "email": unique_email(), "password": "short"})
    assert_error(
        short, 400, "general_argument_invalid", "Invalid `password` param: Password must be at least 8 characters"
    )
    empty_name = client.post(
        "/account", json={"userId": "unique()", "email": unique_email(), "password": PASSWORD, "name": ""}
    )
    assert_error(
        empty_name,
        400,
        "general_argument_invalid",
        "Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars",
    )
    bad_id = client.post("/account", json={"userId": "_x", "email": unique_email(), "password": PASSWORD})
    assert_error(bad_id, 400, "general_argument_invalid")


def test_form_bodies_are_accepted(client: httpx.Client) -> None:
    email = unique_email()
    response = client.post("/account", data={"userId": "unique()", "email": email, "password": PASSWORD})
    assert response.status_code == 201
    assert response.json()["email"] == email


def test_malformed_json_is_a_client_error(client: httpx.Client) -> None:
    response = client.post("/account", content=b"{not json", headers={"content-type": "application/json"})
    assert_error(response, 400, "general_argument_invalid", 'Param "userId" is not optional.')


def test_project_is_required(shared_emulator: RunningEmulator) -> None:
    with httpx.Client(base_url=shared_emulator.endpoint) as anonymous:
        assert_error(anonymous.get("/account"), 400, "project_unknown")
        # The project may also come as a query parameter (the OAuth browser leg needs it).
        assert_error(anonymous.get("/account", params={"project": "p1"}), 401, "general_unauthorized_scope")


def test_project_restriction(start_emulator: Callable[..., RunningEmulator]) -> None:
    emulator = start_emulator(projects=("allowed",))
    with httpx.Client(base_url=emulator.endpoint) as raw:
        assert_error(raw.get("/account", headers={"X-Appwrite-Project": "other"}), 404, "project_not_found")
        assert_error(raw.get("/account", headers={"X-Appwrite-Project": "allowed"}), 401, "general_unauthorized_scope")


def test_unknown_routes(client: httpx.Client) -> None:
    assert_error(client.get("/nothing/here"), 404, "general_route_not_found")
    assert_error(client.put("/account/name", json={"name": "x"}), 404, "general_route_not_found")


def test_guest_is_missing_the_account_scope(client: httpx.Client) -> None:
    assert_error(
        client.get("/account"), 401, "general_unauthorized_scope", "User (role: guests) missing scope (account)"
    )


def test_update_name(client: httpx.Client) -> None:
    signed_in(client)
    response = client.patch("/account/name", json={"name": "New Name"})
    assert response.status_code == 200
    assert response.json()["name"] == "New Name"
    assert client.get("/account").json()["name"] == "New Name"
    assert_error(client.patch("/account/name", json={"name": "x" * 129}), 400, "general_argument_invalid")


def test_prefs_replace_and_read(client: httpx.Client) -> None:
    signed_in(client)
    assert client.get("/account/prefs").json() == {}
    updated = client.patch("/account/prefs", json={"prefs": {"theme": "dark", "n": 1}})
    assert updated.status_code == 200
    assert updated.json()["prefs"] == {"theme": "dark", "n": 1}  # the response is the account
    client.patch("/account/prefs", json={"prefs": {"lang": "en"}})
    assert client.get("/account/prefs").json() == {"lang": "en"}  # replaced, not merged
    assert_error(client.patch("/account/prefs", json={"prefs": [1, 2]}), 400, "general_argument_invalid")
    assert_error(client.patch("/account/prefs", json={"prefs": {"0": 1}}), 400, "general_argument_invalid")
    too_big = client.patch("/account/prefs", json={"prefs": {"x": "y" * 70000}})
    assert_error(too_big, 400, "general_argument_invalid", "Invalid `prefs` param: Value must be a valid object.")
    assert client.patch("/account/prefs", json={"prefs": {}}).json()["prefs"] == {}


def test_update_email(client: httpx.Client) -> None:
    user = signed_in(client)
    new_email = unique_email()
    wrong = client.patch("/account/email", json={"email": new_email, "password": "wrong-password"})
    assert_error(wrong, 401, "user_invalid_credentials")
    response = client.patch("/account/email", json={"email": new_email.upper(), "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["email"] == new_email
    taken = signup(client)
    clash = client.patch("/account/email", json={"email": taken["email"], "password": PASSWORD})
    assert_error(clash, 409, "user_email_already_exists")
    login(client, new_email)
    assert user["$id"] == client.get("/account").json()["$id"]


def test_update_password(client: httpx.Client) -> None:
    user = signed_in(client)
    assert_error(
        client.patch("/account/password", json={"password": "another-pass-1"}), 401, "user_invalid_credentials"
    )
    wrong = client.patch("/account/password", json={"password": "another-pass-1", "oldPassword": "not-the-one"})
    assert_error(wrong, 401, "user_invalid_credentials")
    response = client.patch("/account/password", json={"password": "another-pass-1", "oldPassword": PASSWORD})
    assert response.status_code == 200
    assert response.json()["passwordUpdate"] >= user["passwordUpdate"]
    login(client, user["email"], "another-pass-1")
    old = client.post("/account/sessions/email", json={"email": user["email"], "password": PASSWORD})
    assert_error(old, 401, "user_invalid_credentials")


def test_update_phone(make_client: Callable[..., httpx.Client]) -> None:
    first, second = make_client(), make_client()
    signed_in(first)
    signed_in(second)
    bad = first.patch("/account/phone", json={"phone": "12345", "password": PASSWORD})
    assert_error(
        bad,
        400,
        "general_argument_invalid",
        "Invalid `phone` param: Phone number must start with a '+' can have a maximum of fifteen digits.",
    )
    response = first.patch("/account/phone", json={"phone": "+14155550101", "password": PASSWORD})
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["phoneVerification"]) == ("+14155550101", False)
    clash = second.patch("/account/phone", json={"phone": "+14155550101", "password": PASSWORD})
    assert_error(clash, 409, "user_phone_already_exists")


def test_anonymous_account_converts_with_email_and_password(client: httpx.Client) -> None:
    created = client.post("/account/sessions/anonymous")
    assert created.status_code == 201
    assert created.json()["provider"] == "anonymous"
    account = client.get("/account").json()
    assert (account["email"], account["name"], account["passwordUpdate"]) == ("", "", "")
    again = client.post("/account/sessions/anonymous")
    assert_error(again, 401, "user_session_already_exists")
    email = unique_email()
    # No old password to prove: the given one becomes the account's password.
    converted = client.patch("/account/email", json={"email": email, "password": PASSWORD})
    assert converted.status_code == 200
    assert converted.json()["passwordUpdate"] != ""
    login(client, email)
    assert client.get("/account").json()["$id"] == account["$id"]


def test_block_account(make_client: Callable[..., httpx.Client]) -> None:
    client = make_client()
    user = signed_in(client)
    fallback = login(client, user["email"]).headers["x-fallback-cookies"]
    response = client.patch("/account/status")
    assert response.status_code == 200
    assert response.json()["status"] is False
    assert response.headers["x-fallback-cookies"] == "[]"
    # Sessions survive, so a client still holding one is told it is blocked.
    holder = make_client()
    blocked = holder.get("/account", headers={"X-Fallback-Cookies": fallback})
    assert_error(blocked, 401, "user_blocked")
    relogin = holder.post("/account/sessions/email", json={"email": user["email"], "password": PASSWORD})
    assert_error(relogin, 401, "user_blocked")


def test_logs_record_events_and_paginate(client: httpx.Client) -> None:
    signed_in(client)
    client.patch("/account/name", json={"name": "Logged"})
    logs = client.get("/account/logs").json()
    assert logs["total"] == 3
    assert [entry["event"] for entry in logs["logs"]] == ["user.update", "session.create", "user.create"]
    entry = logs["logs"][0]
    assert entry["ip"] == "127.0.0.1" and entry["clientName"] == "Python httpx" and DATETIME.match(entry["time"])
    assert entry["userName"] == "Logged"
    page = client.get("/account/logs", params={"queries[]": ["limit(1)", "offset(1)"]}).json()
    assert page["total"] == 3 and [e["event"] for e in page["logs"]] == ["session.create"]
    indexed = client.get("/account/logs", params={"queries[0]": "limit(2)"}).json()
    assert len(indexed["logs"]) == 2
    plain = client.get("/account/logs", params={"queries": "limit(1)"})
    assert_error(plain, 400, "general_argument_invalid", "Invalid `queries` param: Queries must be an array")
    unsupported = client.get("/account/logs", params={"queries[]": 'equal("event", "x")'})
    assert_error(unsupported, 400, "general_argument_invalid")


def test_prefs_size_limit_counts_like_php_json_encode(client: httpx.Client) -> None:
    signed_in(client)
    overhead = len('{"x":""}')
    assert client.patch("/account/prefs", json={"prefs": {"x": "a" * (65535 - overhead)}}).status_code == 200
    over = client.patch("/account/prefs", json={"prefs": {"x": "a" * (65536 - overhead)}})
    assert_error(over, 400, "general_argument_invalid")
    # PHP writes "/" as "\/", so slashes count twice.
    slashes = client.patch("/account/prefs", json={"prefs": {"x": "/" * ((65535 - overhead) // 2 + 1)}})
    assert_error(slashes, 400, "general_argument_invalid")
