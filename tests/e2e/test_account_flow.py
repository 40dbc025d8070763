"""The SDK against the emulator over real loopback HTTP, sync and async: the flows of a signed-in app."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from appwrite_account import (
    ID,
    AuthenticationError,
    ConflictError,
    FileSessionStore,
    InvalidInputError,
    MemorySessionStore,
    NotFoundError,
    Query,
)
from appwrite_account.models import Jwt, LogList, Preferences, Session, SessionList, User

from .conftest import Sdk, call

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-battery"


def new_email() -> str:
    return f"ada-{uuid.uuid4().hex[:10]}@example.com"


async def signed_up(sdk: Sdk, store: MemorySessionStore | FileSessionStore | None = None) -> tuple[object, str]:
    account = sdk.account(store=store or MemorySessionStore())
    email = new_email()
    await call(account.create(user_id=ID.unique(), email=email, password=PASSWORD, name="Ada"))
    await call(account.create_email_session(email=email, password=PASSWORD))
    return account, email


async def test_sign_up_sign_in_read_and_change_the_account(sdk: Sdk) -> None:
    account = sdk.account()
    email = new_email()
    user = await call(account.create(user_id=ID.custom("ada-1"), email=email.upper(), password=PASSWORD, name="Ada"))
    assert isinstance(user, User)
    assert (user.id, user.email, user.name) == ("ada-1", email, "Ada")  # the server lower-cases emails
    assert isinstance(user.created_at, datetime) and user.created_at.tzinfo is not None
    assert user.password_update is not None and user.email_verification is False

    with pytest.raises(AuthenticationError) as guest:
        await call(account.get())
    assert guest.value.type == "general_unauthorized_scope"

    session = await call(account.create_email_session(email=email, password=PASSWORD))
    assert isinstance(session, Session) and session.current and session.provider == "email"
    assert account._client.has_session

    me = await call(account.get())
    assert me.id == "ada-1"
    renamed = await call(account.update_name(name="Ada Lovelace"))
    assert renamed.name == "Ada Lovelace"
    updated = await call(account.update_prefs(prefs={"theme": "dark", "nested": {"n": 1}}))
    assert updated.prefs["theme"] == "dark"
    prefs = await call(account.get_prefs())
    assert isinstance(prefs, Preferences) and prefs.to_dict() == {"theme": "dark", "nested": {"n": 1}}


async def test_wrong_password_and_duplicate_user_raise_typed_errors(sdk: Sdk) -> None:
    _, email = await signed_up(sdk)
    other = sdk.account()
    with pytest.raises(AuthenticationError) as wrong:
        await call(other.create_email_session(email=email, password="not-the-password"))
    assert (wrong.value.code, wrong.value.type) == (401, "user_invalid_credentials")
    with pytest.raises(ConflictError) as dup:
        await call(other.create(user_id=ID.unique(), email=email, password=PASSWORD))
    assert dup.value.code == 409


async def test_invalid_input_is_refused_before_sending(sdk: Sdk) -> None:
    account = sdk.account()
    with pytest.raises(InvalidInputError) as bad:
        await call(account.create(user_id="-bad", email=new_email(), password=PASSWORD))
    assert bad.value.param == "user_id"
    assert account._client.rate_limit is None  # nothing reached the server


async def test_anonymous_session_then_sessions_listed_fetched_and_deleted(sdk: Sdk) -> None:
    account = sdk.account()
    anonymous = await call(account.create_anonymous_session())
    assert anonymous.provider == "anonymous"
    me = await call(account.get())
    assert me.email == "" and me.password_update is None

    sessions = await call(account.list_sessions())
    assert isinstance(sessions, SessionList) and sessions.total == 1
    current = await call(account.get_session(session_id="current"))
    assert current.id == anonymous.id and current.current
    by_id = await call(account.get_session(session_id=anonymous.id))
    assert by_id.id == anonymous.id

    assert await call(account.delete_session(session_id="current")) is None
    assert not account._client.has_session  # X-Fallback-Cookies: [] forgot it
    with pytest.raises(AuthenticationError):
        await call(account.get())


async def test_deleting_another_session_keeps_the_current_one(sdk: Sdk) -> None:
    account, email = await signed_up(sdk)
    second = sdk.account()
    other = await call(second.create_email_session(email=email, password=PASSWORD))
    assert (await call(account.list_sessions())).total == 2
    await call(account.delete_session(session_id=other.id))
    assert account._client.has_session
    assert (await call(account.list_sessions())).total == 1
    with pytest.raises(NotFoundError):
        await call(account.get_session(session_id=other.id))


async def test_delete_all_sessions_signs_out_everywhere(sdk: Sdk) -> None:
    account, email = await signed_up(sdk)
    second = sdk.account()
    await call(second.create_email_session(email=email, password=PASSWORD))
    assert await call(account.delete_sessions()) is None
    assert not account._client.has_session
    with pytest.raises(AuthenticationError):
        await call(second.get())


async def test_jwt_authenticates_another_client(sdk: Sdk) -> None:
    account, email = await signed_up(sdk)
    jwt = await call(account.create_jwt())
    assert isinstance(jwt, Jwt) and jwt.jwt.count(".") == 2
    backend = sdk.account(sdk.client(jwt=jwt.jwt))
    assert (await call(backend.get())).email == email
    sdk.clients[-1].set_jwt("not.a.jwt")
    with pytest.raises(AuthenticationError) as bad:
        await call(backend.get())
    assert bad.value.type == "user_jwt_invalid"


async def test_logs_with_limit_and_offset(sdk: Sdk) -> None:
    account, _ = await signed_up(sdk)
    await call(account.update_name(name="Ada L"))
    every = await call(account.list_logs())
    assert isinstance(every, LogList) and every.total >= 2
    page = await call(account.list_logs(queries=[Query.limit(1), Query.offset(1)]))
    assert len(page.logs) == 1 and page.total == every.total
    assert page.logs[0].event == every.logs[1].event


async def test_a_new_client_on_the_same_session_file_is_signed_in(sdk: Sdk, tmp_path: object) -> None:
    path = f"{tmp_path}/nested/session.json"
    _, email = await signed_up(sdk, FileSessionStore(path))
    again = sdk.account(store=FileSessionStore(path))
    assert (await call(again.get())).email == email
    elsewhere = sdk.account(sdk.client(project="another-project", session_store=FileSessionStore(path)))
    with pytest.raises(AuthenticationError):
        await call(elsewhere.get())  # the stored session is bound to its project
