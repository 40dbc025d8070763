"""OAuth2 with the mock provider, followed hop by hop over loopback."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import httpx

from appwrite_account.emulator import RunningEmulator

from .helpers import assert_error, unique_email


def _follow(client: httpx.Client, url: str, hops: int) -> httpx.Response:
    """Follow exactly ``hops`` redirects, checking each is a redirect, and return the last response."""
    response = client.get(url)
    for _ in range(hops):
        assert response.is_redirect, response.text
        response = client.get(response.headers["location"])
    return response


def test_mock_provider_flow(client: httpx.Client, project: str) -> None:
    start = client.get(
        "/account/sessions/oauth2/mock",
        params={"success": "http://localhost:5000/done", "failure": "http://localhost:5000/fail", "scopes[]": "email"},
    )
    assert start.status_code == 301
    assert start.headers["cache-control"].startswith("no-store")
    consent_url = start.headers["location"]
    page = client.get(consent_url)
    assert page.status_code == 200 and "Allow" in page.text
    email = unique_email()
    final = _follow(client, consent_url + f"&decision=allow&email={email}&name=Olga", hops=2)
    assert final.status_code == 301
    assert final.headers["location"] == "http://localhost:5000/done"
    assert "x-fallback-cookies" in final.headers
    account = client.get("/account").json()  # the redirect set the session cookies
    assert (account["email"], account["name"], account["emailVerification"]) == (email, "Olga", True)
    session = client.get("/account/sessions/current").json()
    assert session["provider"] == "mock" and session["providerAccessToken"]
    refreshed = client.patch("/account/sessions/current")
    assert refreshed.status_code == 200
    assert refreshed.json()["providerAccessToken"] != session["providerAccessToken"]


def test_default_success_url_carries_the_session(
    shared_emulator: RunningEmulator, client: httpx.Client, project: str
) -> None:
    start = client.get("/account/sessions/oauth2/mock")
    final = _follow(client, start.headers["location"] + "&decision=allow", hops=2)
    target = urlsplit(final.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == shared_emulator.base_url + "/auth/oauth2/success"
    query = {k: v[0] for k, v in parse_qs(target.query, keep_blank_values=True).items()}
    assert (query["project"], query["domain"], query["key"]) == (project, "", f"a_session_{project}")
    assert json.loads(base64.b64decode(query["secret"]))["id"]
    with httpx.Client(base_url=shared_emulator.endpoint, headers={"X-Appwrite-Project": project}) as fresh:
        header = json.dumps({query["key"]: query["secret"]})
        assert fresh.get("/account", headers={"X-Fallback-Cookies": header}).status_code == 200


def test_denied_consent_redirects_to_failure_with_error(client: httpx.Client) -> None:
    start = client.get("/account/sessions/oauth2/mock", params={"failure": "http://localhost:5000/fail?x=1"})
    final = _follow(client, start.headers["location"] + "&decision=deny", hops=2)
    assert final.status_code == 301
    location = urlsplit(final.headers["location"])
    assert location.netloc == "localhost:5000" and location.path == "/fail"
    query = parse_qs(location.query)
    error = json.loads(query["error"][0])
    assert query["x"] == ["1"]
    assert error["type"] == "user_oauth2_provider_error" and error["code"] == 424
    assert "access_denied" in error["message"]
    assert_error(client.get("/account"), 401, "general_unauthorized_scope")


def test_other_providers_and_bad_urls(client: httpx.Client) -> None:
    assert_error(client.get("/account/sessions/oauth2/github"), 412, "project_provider_disabled")
    unknown = client.get("/account/sessions/oauth2/myspace")
    assert_error(unknown, 400, "general_argument_invalid")
    assert unknown.json()["message"].startswith("Invalid `provider` param: Value must be one of (amazon, apple")
    bad = client.get("/account/sessions/oauth2/mock", params={"success": "https://evil.example.org/"})
    assert_error(bad, 400, "general_argument_invalid")


def test_replayed_code_is_refused(client: httpx.Client) -> None:
    start = client.get("/account/sessions/oauth2/mock", params={"failure": "http://localhost/fail"})
    callback = client.get(start.headers["location"] + "&decision=allow")
    assert callback.status_code == 302
    first = _follow(client, callback.headers["location"], hops=1)
    assert first.status_code == 301 and "/auth/oauth2/success" in first.headers["location"]
    again = _follow(client, callback.headers["location"], hops=1)
    assert urlsplit(again.headers["location"]).path == "/fail"
