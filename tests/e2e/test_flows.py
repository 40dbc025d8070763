"""Every Account flow through the SDK against the emulator over loopback HTTP, once sync and once async.

Secrets are read from the emulator's outbox over HTTP (`GET /v1/emulator/messages?to=`), as an app's own
tests would read a mailbox.
"""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from appwrite_account import (
    ID,
    AppwriteError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MemorySessionStore,
    NotFoundError,
    Query,
    RateLimitError,
)
from appwrite_account.models import Jwt, LogList, Session, Token, User

from .conftest import Outbox, Sdk, call

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-battery"
APP = "http://localhost:3000"


def new_email() -> str:
    return f"flow-{uuid.uuid4().hex[:10]}@example.com"


def new_phone() -> str:
    return "+1555" + str(uuid.uuid4().int)[:7]


async def signed_up(sdk: Sdk, email: str | None = None, name: str = "Ada") -> tuple[object, User]:
    account = sdk.account(store=MemorySessionStore())
    email = email or new_email()
    user = await call(account.create(user_id=ID.unique(), email=email, password=PASSWORD, name=name))
    await call(account.create_email_session(email=email, password=PASSWORD))
    return account, user


async def test_sign_up_verify_by_outbox_sign_in_jwt_and_logs(sdk: Sdk, outbox: Outbox) -> None:
    account = sdk.account()
    email = new_email()
    user = await call(account.create(user_id=ID.unique(), email=email, password=PASSWORD, name="Ada"))
    session = await call(account.create_email_session(email=email, password=PASSWORD))
    assert isinstance(session, Session) and session.current and session.user_id == user.id

    token = await call(account.create_verification(url=f"{APP}/verify"))
    assert isinstance(token, Token) and token.user_id == user.id
    assert token.secret == ""  # client callers never see it: it travels by email only
    message = outbox.latest(email, "verification")
    link = urlsplit(message["link"])
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{APP}/verify"
    query = parse_qs(link.query)
    assert query["userId"] == [user.id] and query["secret"] == [message["secret"]]

    confirmed = await call(account.update_verification(user_id=user.id, secret=query["secret"][0]))
    assert confirmed.id == token.id
    assert (await call(account.get())).email_verification is True
    with pytest.raises(AuthenticationError) as reused:  # single use
        await call(account.update_verification(user_id=user.id, secret=query["secret"][0]))
    assert reused.value.type == "user_invalid_token"
    with pytest.raises(ConflictError) as again:
        await call(account.create_verification(url=f"{APP}/verify"))
    assert again.value.type == "user_email_alread_verified"

    jwt = await call(account.create_jwt())
    assert isinstance(jwt, Jwt)
    backend = sdk.account(sdk.client(jwt=jwt.jwt))
    assert (await call(backend.get())).id == user.id

    logs = await call(account.list_logs(queries=[Query.limit(50)]))
    assert isinstance(logs, LogList) and logs.total >= 3
    events = [log.event for log in logs.logs]
    assert {"user.create", "session.create", "verification.create", "verification.update"} <= set(events)
    newest = logs.logs[0]
    assert newest.ip == "127.0.0.1" and newest.user_email == email
    assert (newest.client_type, newest.client_name) == ("library", "appwrite-account")


async def test_magic_url_creates_the_account_and_signs_in(sdk: Sdk, outbox: Outbox) -> None:
    account = sdk.account()
    email = new_email()
    token = await call(account.create_magic_url_session(user_id=ID.unique(), email=email, url=f"{APP}/magic"))
    message = outbox.latest(email, "magic_url")
    query = parse_qs(urlsplit(message["link"]).query)
    assert query["userId"] == [token.user_id] and query["project"] == [sdk.project]
    session = await call(account.update_magic_url_session(user_id=token.user_id, secret=query["secret"][0]))
    assert session.provider == "magic-url" and session.current
    me = await call(account.get())
    assert (me.email, me.email_verification, me.password_update) == (email, True, None)
    with pytest.raises(AuthenticationError) as reused:
        await call(sdk.account().update_magic_url_session(user_id=token.user_id, secret=query["secret"][0]))
    assert reused.value.type == "user_invalid_token"


async def test_phone_session_then_phone_verification(sdk: Sdk, outbox: Outbox) -> None:
    account = sdk.account()
    phone = new_phone()
    token = await call(account.create_phone_session(user_id=ID.unique(), phone=phone))
    code = outbox.latest(phone, "phone_session")["secret"]
    assert len(code) == 6 and code.isdigit()
    session = await call(account.update_phone_session(user_id=token.user_id, secret=code))
    assert session.provider == "phone"
    me = await call(account.get())
    assert (me.phone, me.phone_verification) == (phone, True)

    # An email account adds a phone, then verifies it by SMS.
    other, _ = await signed_up(sdk)
    second_phone = new_phone()
    updated = await call(other.update_phone(phone=second_phone, password=PASSWORD))
    assert (updated.phone, updated.phone_verification) == (second_phone, False)
    sent = await call(other.create_phone_verification())
    sms = outbox.latest(second_phone, "phone_verification")
    assert sms["channel"] == "sms" and sms["user_id"] == sent.user_id
    await call(other.update_phone_verification(user_id=sent.user_id, secret=sms["secret"]))
    assert (await call(other.get())).phone_verification is True
    with pytest.raises(ConflictError):
        await call(other.update_phone(phone=phone, password=PASSWORD))  # taken by the first account


async def test_password_recovery(sdk: Sdk, outbox: Outbox) -> None:
    email = new_email()
    _, user = await signed_up(sdk, email)
    stranger = sdk.account()
    await call(stranger.create_recovery(email=email, url=f"{APP}/reset"))
    message = outbox.latest(email, "recovery")
    assert message["subject"] == "Password Reset" and message["link"].startswith(f"{APP}/reset?")
    secret = parse_qs(urlsplit(message["link"]).query)["secret"][0]
    with pytest.raises(BadRequestError) as mismatch:
        await call(
            stranger.update_recovery(user_id=user.id, secret=secret, password="n3w-pass!", password_again="x" * 9)
        )
    assert mismatch.value.type == "user_password_mismatch"
    done = await call(
        stranger.update_recovery(user_id=user.id, secret=secret, password="n3w-pass!", password_again="n3w-pass!")
    )
    assert done.user_id == user.id
    with pytest.raises(AuthenticationError):
        await call(sdk.account().create_email_session(email=email, password=PASSWORD))
    session = await call(sdk.account().create_email_session(email=email, password="n3w-pass!"))
    assert session.user_id == user.id
    with pytest.raises(BadRequestError) as foreign:
        await call(stranger.create_recovery(email=email, url="https://evil.example.com/reset"))
    assert foreign.value.type == "general_argument_invalid"


async def test_oauth2_with_the_mock_provider(sdk: Sdk) -> None:
    account = sdk.account()
    url = await call(account.create_oauth2_session(provider="mock", scopes=["email"]))
    assert f"project={sdk.project}" in url
    email = new_email()
    with httpx.Client(follow_redirects=True, timeout=10) as browser:
        consent = browser.get(url)  # -> the mock provider's consent page
        assert consent.status_code == 200 and "Mock OAuth2 provider" in consent.text
        done = browser.get(f"{consent.url}&{urlencode({'decision': 'allow', 'email': email, 'name': 'Olga'})}")
    assert done.status_code == 200 and done.url.path == "/auth/oauth2/success"
    query = parse_qs(done.url.query.decode())
    assert query["project"] == [sdk.project] and query["key"] == [f"a_session_{sdk.project}"]
    client = account._client
    client.set_session(query["secret"][0])

    me = await call(account.get())
    assert (me.email, me.name, me.email_verification) == (email, "Olga", True)
    current = await call(account.get_session(session_id="current"))
    assert current.provider == "mock" and current.provider_access_token
    refreshed = await call(account.update_session(session_id="current"))
    assert refreshed.id == current.id and refreshed.provider_access_token != current.provider_access_token

    # A redirect target outside the allowed hosts (--allow-host) is refused with the server's error type.
    bad = await call(account.create_oauth2_session(provider="mock", success="https://evil.example.com/x"))
    refused = httpx.get(bad, timeout=10)
    assert refused.status_code == 400 and refused.json()["type"] == "general_argument_invalid"


async def test_anonymous_account_is_converted_by_email_and_password(sdk: Sdk) -> None:
    account = sdk.account()
    anonymous = await call(account.create_anonymous_session())
    assert anonymous.provider == "anonymous"
    with pytest.raises(AuthenticationError) as twice:
        await call(account.create_anonymous_session())
    assert twice.value.type == "user_session_already_exists"
    email = new_email()
    converted = await call(account.update_email(email=email, password=PASSWORD))
    assert converted.id == anonymous.user_id and converted.email == email
    assert converted.password_update is not None  # the given password became the account's password
    renamed = await call(account.update_name(name="Grace"))
    assert renamed.name == "Grace"
    await call(account.update_password(password="an0ther-pass", old_password=PASSWORD))
    with pytest.raises(AuthenticationError) as wrong_old:
        await call(account.update_password(password="third-pass!", old_password=PASSWORD))
    assert wrong_old.value.type == "user_invalid_credentials"
    elsewhere = await call(sdk.account().create_email_session(email=email, password="an0ther-pass"))
    assert elsewhere.user_id == anonymous.user_id


async def test_session_limit_drops_the_oldest_silently(sdk: Sdk) -> None:
    first, user = await signed_up(sdk)
    others = [sdk.account() for _ in range(10)]
    for other in others:
        await call(other.create_email_session(email=user.email, password=PASSWORD))
    sessions = await call(others[-1].list_sessions())
    assert sessions.total == 10
    assert sum(s.current for s in sessions.sessions) == 1
    with pytest.raises(AuthenticationError) as dropped:
        await call(first.get())
    assert dropped.value.type == "general_unauthorized_scope"
    assert (await call(others[0].get())).id == user.id


async def test_blocked_user_is_refused_everywhere(sdk: Sdk) -> None:
    account, user = await signed_up(sdk)
    second = sdk.account()
    await call(second.create_email_session(email=user.email, password=PASSWORD))
    blocked = await call(account.update_status())
    assert blocked.status is False
    assert not account._client.has_session  # the server answered X-Fallback-Cookies: []
    for attempt in (second.get, second.list_sessions, lambda: second.update_name(name="x")):
        with pytest.raises(AuthenticationError) as refused:
            await call(attempt())  # sync calls must happen inside pytest.raises
        assert refused.value.type == "user_blocked"
    with pytest.raises(AuthenticationError) as sign_in:
        await call(sdk.account().create_email_session(email=user.email, password=PASSWORD))
    assert sign_in.value.type == "user_blocked"


async def test_sessions_prefs_and_sign_out(sdk: Sdk) -> None:
    account, user = await signed_up(sdk)
    other = sdk.account()
    second = await call(other.create_email_session(email=user.email, password=PASSWORD))
    listed = await call(account.list_sessions())
    assert listed.total == 2 and [s.current for s in listed.sessions].count(True) == 1
    fetched = await call(account.get_session(session_id=second.id))
    assert fetched.id == second.id and fetched.current is False
    await call(account.update_prefs(prefs={"theme": "dark"}))
    assert (await call(account.get_prefs())).to_dict() == {"theme": "dark"}
    await call(account.delete_session(session_id=second.id))
    with pytest.raises(AuthenticationError):
        await call(other.get())
    with pytest.raises(NotFoundError):
        await call(account.get_session(session_id=second.id))
    await call(account.delete_sessions())
    assert not account._client.has_session


async def test_rate_limit_is_reached(sdk: Sdk, limited_endpoint: str) -> None:
    limited = sdk.account(sdk.client(endpoint=limited_endpoint))
    email = new_email()  # the email session route allows 10 per hour per email
    for attempt in range(10):
        with pytest.raises(AuthenticationError):
            await call(limited.create_email_session(email=email, password=PASSWORD, max_retries=0))
        assert limited._client.rate_limit.remaining == 9 - attempt
    with pytest.raises(RateLimitError) as limit:
        await call(limited.create_email_session(email=email, password=PASSWORD, max_retries=0))
    assert (limit.value.code, limit.value.type) == (429, "general_rate_limit_exceeded")
    assert limit.value.limit == 10 and limit.value.remaining == 0 and limit.value.reset_at is not None
    assert isinstance(limit.value, AppwriteError)
