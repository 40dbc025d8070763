"""Secrets (passwords, session secrets, JWTs, token secrets) never show in repr, str, logs or error messages."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from appwrite_account import Account, AppwriteError, Client, InvalidInputError
from appwrite_account.models import Jwt, Session, Token

ENDPOINT = "http://127.0.0.1:8080/v1"
PASSWORD = "hunter2-very-secret"
SESSION_SECRET = "c2Vzc2lvbi1zZWNyZXQtdmFsdWU="
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJ1In0.sig-secret"


def test_models_with_secrets_redact_them_in_repr_and_str_but_keep_the_value() -> None:
    token = Token.model_validate(
        {
            "$id": "t",
            "$createdAt": "2024-01-01T00:00:00.000+00:00",
            "userId": "u",
            "secret": "tok-secret",
            "expire": "2024-01-01T01:00:00.000+00:00",
        }
    )
    jwt = Jwt(jwt=JWT)
    for model, secret in ((token, "tok-secret"), (jwt, JWT)):
        assert secret not in repr(model) and secret not in str(model)
    assert token.secret == "tok-secret" and jwt.jwt == JWT
    assert "secret=''" in repr(Token.model_validate({**token.to_dict(), "secret": ""}))  # empty: nothing to hide
    assert "provider_access_token" in Session.__pydantic_fields__ and "provider_access_token" in Session._secret_fields


def test_a_full_flow_at_debug_level_leaks_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    with respx.mock(base_url=ENDPOINT) as mock:
        mock.post("/account/sessions/email").respond(
            201, json={"$id": "s"}, headers={"X-Fallback-Cookies": f'{{"a_session_demo":"{SESSION_SECRET}"}}'}
        )
        mock.get("/account").respond(401, json={"message": "bad", "code": 401, "type": "user_jwt_invalid"})
        mock.post("/account/jwt").mock(side_effect=httpx.ConnectError("refused"))
        with Client(ENDPOINT, "demo", jwt=JWT, key="api-key-secret") as client:
            account = Account(client)
            seen += [repr(client), str(client)]
            for action in (
                lambda: account.create_email_session(email="ada@example.com", password=PASSWORD),
                lambda: account.get(),
                lambda: account.create_jwt(max_retries=1),
                lambda: account.update_password(password="short", old_password=PASSWORD),
            ):
                with pytest.raises(AppwriteError) as err:
                    action()
                seen += [str(err.value), repr(err.value), *map(str, err.value.args)]
            assert client.has_session  # the secret was captured, so there was one to leak
            seen += [repr(client.session_store)]
    with pytest.raises(InvalidInputError):
        Account(Client(ENDPOINT, "demo")).update_recovery(
            user_id="u", secret="", password=PASSWORD, password_again=PASSWORD
        )
    seen += [record.getMessage() for record in caplog.records]
    assert any("retrying" in line for line in seen)  # DEBUG logging was really on
    for secret in (PASSWORD, SESSION_SECRET, JWT, "api-key-secret"):
        assert not [line for line in seen if secret in line], secret
