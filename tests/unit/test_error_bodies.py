"""Broken and unusual responses, in both flavours: always the right AppwriteError, never KeyError/JSONDecodeError."""

from __future__ import annotations

import inspect
import json
from typing import Any

import httpx
import pytest

from appwrite_account import (
    Account,
    APIConnectionError,
    APIResponseValidationError,
    AppwriteError,
    AsyncAccount,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    ServiceUnavailableError,
)

from . import factories as f


@pytest.fixture(params=["sync", "async"])
def account(request: pytest.FixtureRequest, client, aclient) -> Account | AsyncAccount:
    return Account(client) if request.param == "sync" else AsyncAccount(aclient)


async def call(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


def json_response(status: int, body: object) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def check(err: AppwriteError, cls: type[AppwriteError], code: int, type_: str | None, text: str) -> None:
    assert type(err) is cls
    assert err.code == code
    assert err.type == type_
    assert err.text == text
    assert err.message
    assert not isinstance(err, (KeyError, json.JSONDecodeError))


async def test_204_without_body_or_content_type_is_success_for_deletes(account, mock) -> None:
    one = mock.delete("/account/sessions/abc").mock(return_value=httpx.Response(204))
    every = mock.delete("/account/sessions").mock(return_value=httpx.Response(204))
    assert await call(account.delete_session(session_id="abc")) is None
    assert await call(account.delete_sessions()) is None
    for route in (one, every):
        response = route.calls.last.response
        assert response.content == b""
        assert "content-type" not in response.headers


async def test_204_where_a_body_is_expected(account, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(204))
    with pytest.raises(APIResponseValidationError) as info:
        await call(account.get())
    check(info.value, APIResponseValidationError, 204, None, "")
    assert "no content type" in info.value.message


async def test_html_502_from_a_proxy(account, mock) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    mock.get("/account").mock(return_value=httpx.Response(502, text=html, headers={"Content-Type": "text/html"}))
    with pytest.raises(InternalServerError) as info:
        await call(account.get())
    check(info.value, InternalServerError, 502, None, html)
    assert info.value.message == "HTTP 502 Bad Gateway"


async def test_json_error_without_message(account, mock) -> None:
    body = {"code": 404, "type": "user_session_not_found", "version": "1.4.14"}
    mock.get("/account/sessions/s1").mock(return_value=json_response(404, body))
    with pytest.raises(NotFoundError) as info:
        await call(account.get_session(session_id="s1"))
    check(info.value, NotFoundError, 404, "user_session_not_found", json.dumps(body))
    assert info.value.message == "HTTP 404 Not Found"


@pytest.mark.parametrize("body", [{"message": 5, "type": 7}, {"message": "", "type": ""}, {"message": None}])
async def test_json_error_with_odd_field_types(body, account, mock) -> None:
    mock.get("/account").mock(return_value=json_response(400, body))
    with pytest.raises(BadRequestError) as info:
        await call(account.get())
    check(info.value, BadRequestError, 400, None, json.dumps(body))
    assert info.value.message == "HTTP 400 Bad Request"


async def test_truncated_json_error_body(account, mock) -> None:
    raw = json.dumps(f.error(503, "general_service_disabled", "The requested service is disabled."))[:40]
    mock.post("/account/jwt").mock(
        return_value=httpx.Response(503, content=raw.encode(), headers={"Content-Type": "application/json"})
    )
    with pytest.raises(ServiceUnavailableError) as info:
        await call(account.create_jwt(max_retries=0))
    check(info.value, ServiceUnavailableError, 503, None, raw)


async def test_truncated_json_success_body(account, mock) -> None:
    raw = json.dumps(f.session())[:75]
    mock.post("/account/sessions/anonymous").mock(
        return_value=httpx.Response(201, content=raw.encode(), headers={"Content-Type": "application/json"})
    )
    with pytest.raises(APIResponseValidationError) as info:
        await call(account.create_anonymous_session())
    check(info.value, APIResponseValidationError, 201, None, raw)


async def test_non_utf8_error_body(account, mock) -> None:
    mock.get("/account").mock(
        return_value=httpx.Response(500, content=b"\xff\xfe\x00garbage", headers={"Content-Type": "application/json"})
    )
    with pytest.raises(InternalServerError) as info:
        await call(account.get())
    assert info.value.code == 500
    assert info.value.type is None


async def test_connection_reset_mid_response(account, mock) -> None:
    mock.post("/account/sessions/email").mock(side_effect=httpx.ReadError("[Errno 104] Connection reset by peer"))
    with pytest.raises(APIConnectionError) as info:
        await call(account.create_email_session(email="ada@example.com", password="correct-horse"))
    err = info.value
    assert type(err) is APIConnectionError
    assert err.request_sent is True
    assert err.code == 0 and err.type is None and err.text == "" and err.response is None
    assert "reset" in err.message


async def test_remote_protocol_error(account, mock) -> None:
    mock.get("/account").mock(side_effect=httpx.RemoteProtocolError("Server disconnected without sending a response"))
    with pytest.raises(APIConnectionError) as info:
        await call(account.get(max_retries=0))
    assert info.value.request_sent is True
