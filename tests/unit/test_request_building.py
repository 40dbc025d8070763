"""The SDK's own HTTP client builds requests without `build_request`; they must be the requests httpx would build."""

from __future__ import annotations

import httpx
import pytest

from appwrite_account import NOT_GIVEN, Account, AsyncAccount, AsyncClient, Client, InvalidInputError
from appwrite_account._generated import services

from . import factories as f
from .conftest import ENDPOINT, PROJECT

CASES = [
    (services._LIST_LOGS, {"queries[]": ["limit(5)", "offset(2)"]}, NOT_GIVEN),
    (services._CREATE_EMAIL_SESSION, {"email": "ada@example.com", "password": "correct-horse"}, 7.5),
    (services._CREATE_JWT, {}, NOT_GIVEN),
    (services._DELETE_SESSION, {"sessionId": "current"}, httpx.Timeout(3.0, connect=1.0)),
]


@pytest.mark.parametrize(("op", "args", "timeout"), CASES, ids=[c[0].name for c in CASES])
def test_direct_request_equals_what_build_request_makes(op, args, timeout) -> None:
    with Client(ENDPOINT, PROJECT, jwt="a.b.c", locale="fr", headers={"X-Custom": "1"}) as client:
        client.set_session("stored-secret")
        prepared = client._prepare(op, args, {"X-Extra": "2"}, timeout)
        direct = client._direct_request(prepared)
        built = client._http.build_request(
            prepared.method,
            prepared.url,
            params=prepared.params,
            json=prepared.json,
            headers=prepared.headers,
            timeout=httpx.USE_CLIENT_DEFAULT if timeout is NOT_GIVEN else prepared.timeout,
        )
    assert direct.method == built.method
    assert direct.url == built.url
    assert sorted(direct.headers.multi_items()) == sorted(built.headers.multi_items())
    assert direct.read() == built.read()
    assert direct.extensions == built.extensions


async def test_transport_runs_the_sdks_own_client_sync_and_async() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=f.user())

    with Client(ENDPOINT, PROJECT, transport=httpx.MockTransport(answer)) as client:
        assert Account(client).get().email
    async with AsyncClient(ENDPOINT, PROJECT, transport=httpx.MockTransport(answer)) as aclient:
        assert (await AsyncAccount(aclient).get()).email
    assert [r.headers["X-Appwrite-Project"] for r in seen] == [PROJECT, PROJECT]
    assert all("gzip" in r.headers["Accept-Encoding"] for r in seen)


def test_transport_and_http_client_together_are_refused() -> None:
    with httpx.Client() as http, pytest.raises(InvalidInputError) as caught:
        Client(ENDPOINT, PROJECT, http_client=http, transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    assert caught.value.param == "transport"
