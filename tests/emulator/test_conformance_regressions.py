"""Regressions for what the schemathesis run (tests/conformance/test_emulator_schemathesis.py) found."""

from __future__ import annotations

import socket
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from appwrite_account.emulator import RunningEmulator

from .helpers import assert_error, signed_in


def test_logs_refuse_more_than_100_queries(client: httpx.Client) -> None:
    # Found by negative_data_rejection: 101 queries (the spec's maxItems is 100) were accepted.
    signed_in(client)
    ok = client.get("/account/logs", params=[("queries[]", "limit(1)")] * 100)
    assert ok.status_code == 200, ok.text
    too_many = client.get("/account/logs", params=[("queries[]", "limit(1)")] * 101)
    assert_error(
        too_many, 400, "general_argument_invalid", "Invalid `queries` param: Queries must be at most 100 items"
    )


@pytest.mark.parametrize("query", ["limit( 5 )", "limit(+5)", "limit(\u0663)", " offset(1)", "limit(5) ", "limit(-1)"])
def test_logs_queries_take_plain_ascii_numbers_only(client: httpx.Client, query: str) -> None:
    # The spec's pattern is ^(limit|offset)\(\d+\)$; Python's int() also took spaces, signs and other scripts.
    signed_in(client)
    response = client.get("/account/logs", params={"queries[]": query})
    assert_error(response, 400, "general_argument_invalid")
    assert response.json()["message"].startswith("Invalid `queries` param: ")


def test_huge_offset_is_a_client_error_not_a_crash(client: httpx.Client) -> None:
    # offset(10**30) overflowed SQLite's integer and answered 500 general_unknown.
    signed_in(client)
    response = client.get("/account/logs", params={"queries[]": f"offset({10**30})"})
    assert_error(response, 400, "general_argument_invalid")
    largest = client.get("/account/logs", params={"queries[]": "offset(9223372036854775807)"})
    assert largest.status_code == 200 and largest.json()["logs"] == []


def test_oauth2_with_the_most_scopes_the_spec_allows(shared_emulator: RunningEmulator, project: str) -> None:
    # 100 scopes of 4096 chars (~410 KB of query string) made uvicorn answer a bare text 400 and reset the socket.
    query = "&".join(["scopes%5B%5D=" + "s" * 4096] * 100)
    request = (
        f"GET /v1/account/sessions/oauth2/mock?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"X-Appwrite-Project: {project}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((shared_emulator.host, shared_emulator.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 301"), head[:200]
    location = next(line.split(": ", 1)[1] for line in head.split("\r\n") if line.lower().startswith("location:"))
    # The consent page gets a shortened scope list, so the Location header stays readable by any client.
    assert len(location) < 4096
    assert parse_qs(urlsplit(location).query)["scope"][0].endswith("...")


@pytest.mark.parametrize("value", ["{param-email}", "a{param-email}b", "{url}{ip}{userId}"])
def test_rate_key_placeholders_in_param_values_are_plain_text(
    start_emulator: Callable[..., RunningEmulator], value: str
) -> None:
    # An email of "{param-email}" was substituted into the abuse key again and again: the request never
    # answered and the key grew until memory ran out (found on POST /account/recovery).
    emulator = start_emulator(rate_limits=True)
    with httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "keys"}, timeout=10) as client:
        response = client.post("/account/recovery", json={"email": value, "url": "http://localhost/r"})
        assert_error(
            response, 400, "general_argument_invalid", "Invalid `email` param: Value must be a valid email address"
        )
        assert response.headers["x-ratelimit-remaining"] == "9"
        again = client.post("/account/sessions/email", json={"email": value, "password": "x" * 8})
        assert again.status_code == 400 and again.headers["x-ratelimit-limit"] == "10"
