"""Sessions: cookies, X-Fallback-Cookies, current session, logout, limits, JWT."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import httpx
import jwt as pyjwt

from .helpers import PASSWORD, FakeClock, assert_error, login, signed_in, signup

SESSION_KEYS = {
    "$id",
    "$createdAt",
    "userId",
    "expire",
    "provider",
    "providerUid",
    "providerAccessToken",
    "providerAccessTokenExpiry",
    "providerRefreshToken",
    "ip",
    "osCode",
    "osName",
    "osVersion",
    "clientType",
    "clientCode",
    "clientName",
    "clientVersion",
    "clientEngine",
    "clientEngineVersion",
    "deviceName",
    "deviceBrand",
    "deviceModel",
    "countryCode",
    "countryName",
    "current",
}


def _cookie_value(response: httpx.Response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            return header
    raise AssertionError(f"no Set-Cookie for {name}")


def test_email_session_sets_cookies_and_fallback_header(client: httpx.Client, project: str) -> None:
    user = signup(client)
    response = login(client, user["email"].upper())
    session = response.json()
    assert set(session) == SESSION_KEYS
    assert (session["provider"], session["providerUid"], session["current"]) == ("email", user["email"], True)
    assert session["userId"] == user["$id"] and session["ip"] == "127.0.0.1"
    name = f"a_session_{project.lower()}"
    main, legacy = _cookie_value(response, name), _cookie_value(response, name + "_legacy")
    assert "HttpOnly" in main and "path=/" in main and "SameSite=None" in main and "domain" not in main.lower()
    assert "SameSite" not in legacy
    fallback = json.loads(response.headers["x-fallback-cookies"])
    assert list(fallback) == [f"a_session_{project}"]  # exact project case in the header
    decoded = json.loads(base64.b64decode(fallback[f"a_session_{project}"]))
    assert decoded["id"] == user["$id"]
    assert len(decoded["secret"]) == 256 and int(decoded["secret"], 16) >= 0
    assert "secret" not in response.text
    # The cookie jar now authenticates the client.
    assert client.get("/account").json()["$id"] == user["$id"]


def test_fallback_header_and_legacy_cookie_authenticate(make_client: Callable[..., httpx.Client], project: str) -> None:
    owner = make_client()
    user = signup(owner)
    header = login(owner, user["email"]).headers["x-fallback-cookies"]
    by_header = make_client()
    assert by_header.get("/account", headers={"X-Fallback-Cookies": header}).json()["$id"] == user["$id"]
    value = json.loads(header)[f"a_session_{project}"]
    by_legacy = make_client()
    legacy = by_legacy.get("/account", headers={"Cookie": f"a_session_{project.lower()}_legacy={value}"})
    assert legacy.json()["$id"] == user["$id"]
    forged = json.dumps({f"a_session_{project}": base64.b64encode(b'{"id":"x","secret":"y"}').decode()})
    assert_error(
        make_client().get("/account", headers={"X-Fallback-Cookies": forged}), 401, "general_unauthorized_scope"
    )


def test_invalid_credentials(client: httpx.Client) -> None:
    user = signup(client)
    wrong = client.post("/account/sessions/email", json={"email": user["email"], "password": "wrong-password"})
    assert_error(wrong, 401, "user_invalid_credentials", "Invalid credentials. Please check the email and password.")
    unknown = client.post("/account/sessions/email", json={"email": "nobody@example.com", "password": PASSWORD})
    assert_error(unknown, 401, "user_invalid_credentials")


def test_legacy_alias_route(client: httpx.Client) -> None:
    user = signup(client)
    response = client.post("/account/sessions", json={"email": user["email"], "password": PASSWORD})
    assert response.status_code == 201 and response.json()["provider"] == "email"


def test_list_get_and_delete_other_session(make_client: Callable[..., httpx.Client]) -> None:
    phone, laptop = make_client(), make_client()
    user = signed_in(phone)
    other = login(laptop, user["email"]).json()
    listing = phone.get("/account/sessions").json()
    assert listing["total"] == 2
    assert [s["current"] for s in listing["sessions"]] == [True, False]
    current = phone.get("/account/sessions/current").json()
    assert current["current"] is True and current["$id"] == listing["sessions"][0]["$id"]
    assert phone.get(f"/account/sessions/{other['$id']}").json()["current"] is False
    deleted = phone.delete(f"/account/sessions/{other['$id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert "content-type" not in deleted.headers
    assert "set-cookie" not in deleted.headers  # not the current session: cookies stay
    assert phone.get("/account").status_code == 200
    assert_error(laptop.get("/account"), 401, "general_unauthorized_scope")
    assert_error(phone.get(f"/account/sessions/{other['$id']}"), 404, "user_session_not_found")
    assert_error(phone.get("/account/sessions/" + "x" * 40), 400, "general_argument_invalid")


def test_logout_current_session(client: httpx.Client, project: str) -> None:
    signed_in(client)
    response = client.delete("/account/sessions/current")
    assert response.status_code == 204
    assert response.headers["x-fallback-cookies"] == "[]"
    cleared = _cookie_value(response, f"a_session_{project.lower()}")
    assert "Max-Age=0" in cleared and "1970" in cleared
    assert_error(client.get("/account"), 401, "general_unauthorized_scope")


def test_delete_all_sessions(make_client: Callable[..., httpx.Client]) -> None:
    first, second = make_client(), make_client()
    user = signed_in(first)
    login(second, user["email"])
    response = first.delete("/account/sessions")
    assert response.status_code == 204 and response.headers["x-fallback-cookies"] == "[]"
    assert_error(first.get("/account"), 401, "general_unauthorized_scope")
    assert_error(second.get("/account"), 401, "general_unauthorized_scope")


def test_session_limit_drops_the_oldest(make_client: Callable[..., httpx.Client]) -> None:
    oldest = make_client()
    user = signed_in(oldest)
    newest = make_client()
    for _ in range(10):
        login(newest, user["email"])
    sessions = newest.get("/account/sessions").json()
    assert sessions["total"] == 10
    assert_error(oldest.get("/account"), 401, "general_unauthorized_scope")


def test_update_session_needs_an_oauth_provider(client: httpx.Client) -> None:
    signed_in(client)
    assert_error(client.patch("/account/sessions/current"), 501, "project_provider_unsupported")
    assert_error(client.patch("/account/sessions/nope"), 404, "user_session_not_found")


def test_jwt_authenticates_and_expires(make_client: Callable[..., httpx.Client], shared_clock: FakeClock) -> None:
    client = make_client()
    user = signed_in(client)
    created = client.post("/account/jwt")
    assert created.status_code == 201
    token = created.json()["jwt"]
    payload = pyjwt.decode(token, options={"verify_signature": False})
    session_id = client.get("/account/sessions/current").json()["$id"]
    assert (payload["userId"], payload["sessionId"], payload["exp"] - payload["iat"]) == (user["$id"], session_id, 900)
    bearer = make_client()
    headers = {"X-Appwrite-JWT": token}
    assert bearer.get("/account", headers=headers).json()["$id"] == user["$id"]
    # No cookie secret with a JWT alone: "current" cannot be resolved and no new JWT can be minted.
    assert_error(bearer.get("/account/sessions/current", headers=headers), 404, "user_session_not_found")
    assert_error(bearer.post("/account/jwt", headers=headers), 404, "user_session_not_found")
    assert bearer.get(f"/account/sessions/{session_id}", headers=headers).status_code == 200
    assert_error(bearer.get("/account", headers={"X-Appwrite-JWT": token + "x"}), 401, "user_jwt_invalid")
    shared_clock.advance(905)  # inside the 10 s leeway
    assert bearer.get("/account", headers=headers).status_code == 200
    shared_clock.advance(10)
    assert_error(bearer.get("/account", headers=headers), 401, "user_jwt_invalid")


def test_jwt_of_a_deleted_session_is_a_guest(make_client: Callable[..., httpx.Client]) -> None:
    client = make_client()
    signed_in(client)
    token = client.post("/account/jwt").json()["jwt"]
    client.delete("/account/sessions/current")
    bearer = make_client()
    assert_error(bearer.get("/account", headers={"X-Appwrite-JWT": token}), 401, "general_unauthorized_scope")
    assert_error(bearer.post("/account/jwt"), 401, "general_unauthorized_scope")
