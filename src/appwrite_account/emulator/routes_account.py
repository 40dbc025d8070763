"""Account, session, JWT, prefs and logs routes."""

from __future__ import annotations

import contextlib
import json
from typing import Any, cast

from starlette.responses import Response

from .core import Ctx, api
from .errors import AppwriteError
from .models import log_model, session_model, user_model
from .security import hash_secret, unique_id
from .store import DuplicateError, Session, User
from .validation import ASSOC, CUSTOM_ID, EMAIL, PASSWORD, PHONE, UID, parse_queries, text

_SESSION_LIMIT = ("url:{url},ip:{ip}",)


def new_user_id(requested: str) -> str:
    """``unique()`` (and the empty string, which the Key validator lets through) mean a generated ID."""
    return unique_id() if requested in ("unique()", "") else requested


def new_user(ctx: Ctx, user_id: str, **values: Any) -> User:
    """Insert a user; duplicate ID or email -> ``user_already_exists`` like the server's Duplicate catch."""
    user = User(
        id=new_user_id(user_id),
        created_at=ctx.now,
        updated_at=ctx.now,
        registration=ctx.now,
        accessed_at=ctx.now,
        **values,
    )
    try:
        ctx.store.insert_user(ctx.project, user)
    except DuplicateError:
        raise AppwriteError("user_already_exists") from None
    return user


def save_user(ctx: Ctx, user: User, duplicate: str = "user_already_exists") -> None:
    user.updated_at = ctx.now
    try:
        ctx.store.update_user(ctx.project, user)
    except DuplicateError:
        raise AppwriteError(duplicate) from None


@api("POST", "/v1/account", scope="public", limit=10, keys=("url:{url},ip:{ip}",))
async def create_account(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", CUSTOM_ID)
    email = ctx.params.required("email", EMAIL).lower()
    password = ctx.params.required("password", PASSWORD)
    name = ctx.params.optional("name", text(128)) or ""
    user = new_user(
        ctx, user_id, email=email, name=name, password=ctx.state.hasher.hash(password), password_update=ctx.now
    )
    ctx.log(user, "user.create")
    return ctx.json(user_model(user), 201)


@api("GET", "/v1/account", scope="account")
async def get_account(ctx: Ctx) -> Response:
    return ctx.json(user_model(ctx.me()))


@api("PATCH", "/v1/account/name", scope="account")
async def update_name(ctx: Ctx) -> Response:
    user = ctx.me()
    user.name = ctx.params.required("name", text(128))
    save_user(ctx, user)
    ctx.log(user, "user.update")
    return ctx.json(user_model(user))


@api("PATCH", "/v1/account/email", scope="account")
async def update_email(ctx: Ctx) -> Response:
    user = ctx.me()
    email = ctx.params.required("email", EMAIL).lower()
    password = ctx.params.required("password", PASSWORD)
    _check_password(ctx, user, password)
    user.email, user.email_verification = email, False
    _set_first_password(ctx, user, password)
    save_user(ctx, user, "user_email_already_exists")
    ctx.log(user, "user.update")
    return ctx.json(user_model(user))


@api("PATCH", "/v1/account/phone", scope="account")
async def update_phone(ctx: Ctx) -> Response:
    user = ctx.me()
    phone = ctx.params.required("phone", PHONE)
    password = ctx.params.required("password", PASSWORD)
    _check_password(ctx, user, password)
    user.phone, user.phone_verification = phone, False
    _set_first_password(ctx, user, password)
    save_user(ctx, user, "user_phone_already_exists")
    ctx.log(user, "user.update")
    return ctx.json(user_model(user))


@api("PATCH", "/v1/account/password", scope="account")
async def update_password(ctx: Ctx) -> Response:
    user = ctx.me()
    password = ctx.params.required("password", PASSWORD)
    old_password = ctx.params.optional("oldPassword", PASSWORD)
    _check_password(ctx, user, old_password or "")
    user.password, user.password_update = ctx.state.hasher.hash(password), ctx.now
    save_user(ctx, user)
    ctx.log(user, "user.update")
    return ctx.json(user_model(user))


def _check_password(ctx: Ctx, user: User, password: str) -> None:
    # Only users who have a password must prove it (magic URL / phone / OAuth / anonymous users have none).
    if user.password_update is not None and not ctx.state.hasher.verify(user.password, password):
        raise AppwriteError("user_invalid_credentials")


def _set_first_password(ctx: Ctx, user: User, password: str) -> None:
    # PATCH email/phone on a password-less (e.g. anonymous) account sets the given password: the conversion path.
    if user.password_update is None:
        user.password, user.password_update = ctx.state.hasher.hash(password), ctx.now


@api("GET", "/v1/account/prefs", scope="account")
async def get_prefs(ctx: Ctx) -> Response:
    return ctx.json(dict(ctx.me().prefs))


@api("PATCH", "/v1/account/prefs", scope="account")
async def update_prefs(ctx: Ctx) -> Response:
    user = ctx.me()
    prefs = ctx.params.raw("prefs")
    if isinstance(prefs, str):  # form bodies carry the object as JSON text
        with contextlib.suppress(ValueError):
            ctx.params.replace("prefs", json.loads(prefs))
    elif prefs == []:  # PHP decodes {} and [] to the same empty array
        ctx.params.replace("prefs", {})
    user.prefs = cast(dict[str, Any], ctx.params.required("prefs", ASSOC))
    save_user(ctx, user)
    ctx.log(user, "user.update")
    return ctx.json(user_model(user))


@api("PATCH", "/v1/account/status", scope="account")
async def update_status(ctx: Ctx) -> Response:
    user = ctx.me()
    user.status = False
    save_user(ctx, user)
    ctx.log(user, "user.update")
    response = ctx.json(user_model(user))
    ctx.end_session(response)  # sessions stay in the database; later calls get user_blocked
    return response


@api("GET", "/v1/account/logs", scope="account")
async def list_logs(ctx: Ctx) -> Response:
    page = parse_queries("queries", ctx.params.raw("queries"))
    total, entries = ctx.store.list_logs(ctx.project, ctx.me().id, page.limit, page.offset)
    return ctx.json({"total": total, "logs": [log_model(e) for e in entries]})


# -- sessions -----------------------------------------------------------------------------------------


@api("POST", "/v1/account/sessions/email", scope="public", limit=10, keys=("url:{url},email:{param-email}",))
async def create_email_session(ctx: Ctx) -> Response:
    return await _email_session(ctx)


@api("POST", "/v1/account/sessions", scope="public", limit=10, keys=("url:{url},email:{param-email}",))
async def create_email_session_alias(ctx: Ctx) -> Response:
    return await _email_session(ctx)


async def _email_session(ctx: Ctx) -> Response:
    email = ctx.params.required("email", EMAIL).lower()
    password = ctx.params.required("password", PASSWORD)
    user = ctx.store.find_user(ctx.project, email=email)
    if user is None or not ctx.state.hasher.verify(user.password, password):
        raise AppwriteError("user_invalid_credentials")
    if not user.status:
        raise AppwriteError("user_blocked")
    response, _ = ctx.start_session(user, "email", email)
    return response


@api("POST", "/v1/account/sessions/anonymous", scope="public", limit=50, keys=("ip:{ip}",))
async def create_anonymous_session(ctx: Ctx) -> Response:
    if ctx.user is not None:
        raise AppwriteError("user_session_already_exists")
    user = new_user(ctx, "unique()")
    response, _ = ctx.start_session(user, "anonymous", "")
    return response


@api("GET", "/v1/account/sessions", scope="account")
async def list_sessions(ctx: Ctx) -> Response:
    sessions = ctx.store.list_sessions(ctx.project, ctx.me().id)
    current = hash_secret(ctx.secret) if ctx.secret else None
    return ctx.json(
        {"total": len(sessions), "sessions": [session_model(s, s.secret_hash == current) for s in sessions]}
    )


@api("DELETE", "/v1/account/sessions", scope="account", limit=100, keys=_SESSION_LIMIT)
async def delete_sessions(ctx: Ctx) -> Response:
    user = ctx.me()
    for session in ctx.store.list_sessions(ctx.project, user.id):
        ctx.store.delete_session(ctx.project, session.id)
        ctx.log(user, "session.delete")
    response = Response(status_code=204)
    ctx.end_session(response)
    return response


def session_for(ctx: Ctx) -> Session:
    """The session named by the ``sessionId`` path param (``current`` = the caller's cookie session)."""
    session_id = ctx.params.required("sessionId", UID)
    if session_id == "current":
        session = ctx.session  # None for JWT-only callers: no cookie secret to match
    else:
        session = ctx.store.find_session(ctx.project, ctx.me().id, session_id=session_id)
    if session is None:
        raise AppwriteError("user_session_not_found")
    return session


@api("GET", "/v1/account/sessions/{sessionId}", scope="account")
async def get_session(ctx: Ctx) -> Response:
    session = session_for(ctx)
    return ctx.json(session_model(session, ctx.session is not None and session.id == ctx.session.id))


@api("DELETE", "/v1/account/sessions/{sessionId}", scope="account", limit=100, keys=_SESSION_LIMIT)
async def delete_session(ctx: Ctx) -> Response:
    session = session_for(ctx)
    ctx.store.delete_session(ctx.project, session.id)
    ctx.log(ctx.me(), "session.delete")
    response = Response(status_code=204)
    if ctx.session is not None and session.id == ctx.session.id:
        ctx.end_session(response)  # cookies are cleared only when the current session goes
    return response


@api("POST", "/v1/account/jwt", scope="account", limit=100, keys=("url:{url},userId:{userId}",))
async def create_jwt(ctx: Ctx) -> Response:
    if ctx.session is None:  # a JWT cannot mint another JWT: it needs the cookie session
        raise AppwriteError("user_session_not_found")
    return ctx.json({"jwt": ctx.state.jwt.encode(ctx.me().id, ctx.session.id, ctx.now)}, 201)
