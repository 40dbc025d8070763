"""Which 401s forget the stored session: only those that say the session we sent is gone."""

from __future__ import annotations

import pytest
import respx

from appwrite_account import Account, AuthenticationError, Client, MemorySessionStore
from appwrite_account._session import session_key

ENDPOINT = "http://127.0.0.1:8080/v1"


@pytest.mark.parametrize(
    ("error_type", "jwt", "forgotten"),
    [
        ("general_unauthorized_scope", None, True),  # the session we sent expired or was deleted elsewhere
        ("user_session_already_exists", None, False),  # anonymous sign-in while signed in: still signed in
        ("user_invalid_credentials", None, False),
        ("general_unauthorized_scope", "a.jwt.value", False),  # the JWT, not the session, was refused
    ],
)
def test_a_401_forgets_the_session_only_when_it_says_the_session_is_gone(
    error_type: str, jwt: str | None, forgotten: bool
) -> None:
    store = MemorySessionStore()
    store.save(session_key(ENDPOINT, "demo"), "stored-secret")
    with respx.mock(base_url=ENDPOINT) as mock:
        mock.post("/account/sessions/anonymous").respond(
            401, json={"message": "no", "code": 401, "type": error_type, "version": "1.4.14"}
        )
        with Client(ENDPOINT, "demo", session_store=store, jwt=jwt) as client:
            with pytest.raises(AuthenticationError):
                Account(client).create_anonymous_session()
            assert client.has_session is not forgotten
