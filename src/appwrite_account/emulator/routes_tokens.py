"""Routes that send a secret by email/SMS (recorded in the outbox) and the routes that redeem it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.responses import Response

from .core import Ctx, api
from .errors import AppwriteError
from .models import db_datetime, iso, token_model
from .outbox import MessageKind
from .routes_account import new_user, save_user
from .security import hash_secret, phone_code, token_secret, unique_id
from .store import Token, User
from .validation import CUSTOM_ID, EMAIL, PASSWORD, PHONE, UID, host, text

RECOVERY_LIFETIME = 3600  # TOKEN_EXPIRATION_RECOVERY
CONFIRM_LIFETIME = 7 * 24 * 3600  # TOKEN_EXPIRATION_CONFIRM: verification, magic URL, phone verification
PHONE_LIFETIME = 900  # TOKEN_EXPIRATION_PHONE: phone session codes

_SUBJECTS: dict[MessageKind, str] = {
    "verification": "Account Verification",
    "recovery": "Password Reset",
    "magic_url": "Login",
    "phone_session": "",
    "phone_verification": "",
}
_EMAIL_TEXT: dict[MessageKind, str] = {
    "verification": "Follow this link to verify your email address.",
    "recovery": "Follow this link to reset your password.",
    "magic_url": "Follow this link to login.",
}


def merge_query(url: str, values: dict[str, str]) -> str:
    """``Template::mergeQuery``: keep the URL's own query, add/override the given params."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(values)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _issue(ctx: Ctx, user: User, kind: MessageKind, lifetime: int, *, url: str | None = None) -> Response:
    """Create a single-use token, record the message it would travel in, answer 201 with the token."""
    sms = kind in ("phone_session", "phone_verification")
    secret = phone_code() if sms else token_secret()
    token = Token(unique_id(), user.id, kind, hash_secret(secret), ctx.now, ctx.now + lifetime)
    ctx.store.insert_token(ctx.project, token)
    link = None
    if url is not None:
        query = {"userId": user.id, "secret": secret, "expire": db_datetime(token.expire)}
        if kind == "magic_url":
            query["project"] = ctx.project
        link = merge_query(url, query)
    if sms:
        recipient, body = user.phone, f"Your verification code is {secret}."
    else:
        greeting = f"Hello {user.name}," if user.name else "Hello,"
        recipient, body = user.email, f"{greeting}\n\n{_EMAIL_TEXT[kind]}\n\n{link}\n"
    ctx.state.outbox.add(
        project=ctx.project,
        kind=kind,
        to=recipient,
        subject=_SUBJECTS[kind],
        text=body,
        link=link,
        user_id=user.id,
        secret=secret,
        created_at=iso(ctx.now),
    )
    return ctx.json(token_model(token), 201)


def _redeem(ctx: Ctx, owner: User, kind: MessageKind, secret: str) -> Token:
    """Check and consume a token of ``owner``; wrong, used or expired secrets are ``user_invalid_token``."""
    token = ctx.store.find_token(ctx.project, owner.id, kind, hash_secret(secret), ctx.now)
    if token is None:
        raise AppwriteError("user_invalid_token")
    ctx.store.delete_token(ctx.project, token.id)
    return token


def _profile(ctx: Ctx, user_id: str) -> User:
    user = ctx.store.get_user(ctx.project, user_id)
    if user is None:
        raise AppwriteError("user_not_found")
    return user


# -- password recovery ---------------------------------------------------------------------------------


@api("POST", "/v1/account/recovery", scope="public", limit=10, keys=("url:{url},email:{param-email}", "ip:{ip}"))
async def create_recovery(ctx: Ctx) -> Response:
    email = ctx.params.required("email", EMAIL).lower()
    url = ctx.params.required("url", host(ctx.redirect_hosts))
    user = ctx.store.find_user(ctx.project, email=email)
    if user is None:
        raise AppwriteError("user_not_found")
    if not user.status:
        raise AppwriteError("user_blocked")
    ctx.log(user, "recovery.create")
    return _issue(ctx, user, "recovery", RECOVERY_LIFETIME, url=url)


@api("PUT", "/v1/account/recovery", scope="public", limit=10, keys=("url:{url},userId:{param-userId}",))
async def update_recovery(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", UID)
    secret = ctx.params.required("secret", text(256))
    password = ctx.params.required("password", PASSWORD)
    again = ctx.params.required("passwordAgain", PASSWORD)
    if password != again:
        raise AppwriteError("user_password_mismatch")
    user = _profile(ctx, user_id)
    token = _redeem(ctx, user, "recovery", secret)
    user.password, user.password_update = ctx.state.hasher.hash(password), ctx.now
    user.email_verification = True  # the email link proves the address
    save_user(ctx, user)
    ctx.log(user, "recovery.update")
    return ctx.json(token_model(token))


# -- email verification --------------------------------------------------------------------------------


@api("POST", "/v1/account/verification", scope="account", limit=10, keys=("url:{url},userId:{userId}",))
async def create_verification(ctx: Ctx) -> Response:
    url = ctx.params.required("url", host(ctx.redirect_hosts))
    user = ctx.me()
    if user.email_verification:
        raise AppwriteError("user_email_alread_verified")
    ctx.log(user, "verification.create")
    return _issue(ctx, user, "verification", CONFIRM_LIFETIME, url=url)


@api("PUT", "/v1/account/verification", scope="public", limit=10, keys=("url:{url},userId:{param-userId}",))
async def update_verification(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", UID)
    secret = ctx.params.required("secret", text(256))
    user = _profile(ctx, user_id)
    token = _redeem(ctx, user, "verification", secret)
    user.email_verification = True
    save_user(ctx, user)
    ctx.log(user, "verification.update")
    return ctx.json(token_model(token))


# -- phone verification --------------------------------------------------------------------------------


@api("POST", "/v1/account/verification/phone", scope="account", limit=10, keys=("userId:{userId}",))
async def create_phone_verification(ctx: Ctx) -> Response:
    user = ctx.me()
    if not user.phone:
        raise AppwriteError("user_phone_not_found")
    if user.phone_verification:
        raise AppwriteError("user_phone_already_verified")
    ctx.log(user, "verification.create")
    return _issue(ctx, user, "phone_verification", CONFIRM_LIFETIME)


@api("PUT", "/v1/account/verification/phone", scope="public", limit=10, keys=("userId:{param-userId}",))
async def update_phone_verification(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", UID)
    secret = ctx.params.required("secret", text(256))
    user = _profile(ctx, user_id)
    if ctx.user is None:  # the server looks the code up among the *caller's* tokens
        raise AppwriteError("user_invalid_token")
    token = _redeem(ctx, ctx.user, "phone_verification", secret)
    user = _profile(ctx, user.id)
    user.phone_verification = True
    save_user(ctx, user)
    ctx.log(user, "verification.update")
    return ctx.json(token_model(token))


# -- magic URL -----------------------------------------------------------------------------------------


@api("POST", "/v1/account/sessions/magic-url", scope="public", limit=10, keys=("url:{url},email:{param-email}",))
async def create_magic_url_session(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", CUSTOM_ID)
    email = ctx.params.required("email", EMAIL).lower()
    url = ctx.params.optional("url", host(ctx.redirect_hosts))
    user = ctx.store.find_user(ctx.project, email=email)
    if user is None:  # unknown email: the account is created here (userId is ignored for known emails)
        user = new_user(ctx, user_id, email=email)
        ctx.log(user, "user.create")
    return _issue(ctx, user, "magic_url", CONFIRM_LIFETIME, url=url or f"{ctx.base_url}/auth/magic-url")


@api("PUT", "/v1/account/sessions/magic-url", scope="public", limit=10, keys=("url:{url},userId:{param-userId}",))
async def update_magic_url_session(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", CUSTOM_ID)
    secret = ctx.params.required("secret", text(256))
    user = _profile(ctx, user_id)
    _redeem(ctx, user, "magic_url", secret)
    user.email_verification = True
    save_user(ctx, user)
    response, _ = ctx.start_session(user, "magic-url", user.email)
    return response  # 201, although the spec says 200


# -- phone session -------------------------------------------------------------------------------------


@api("POST", "/v1/account/sessions/phone", scope="public", limit=10, keys=("url:{url},phone:{param-phone}",))
async def create_phone_session(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", CUSTOM_ID)
    phone = ctx.params.required("phone", PHONE)
    user = ctx.store.find_user(ctx.project, phone=phone)
    if user is None:
        user = new_user(ctx, user_id, phone=phone)
        ctx.log(user, "user.create")
    return _issue(ctx, user, "phone_session", PHONE_LIFETIME)


@api("PUT", "/v1/account/sessions/phone", scope="public", limit=10, keys=("url:{url},userId:{param-userId}",))
async def update_phone_session(ctx: Ctx) -> Response:
    user_id = ctx.params.required("userId", CUSTOM_ID)
    secret = ctx.params.required("secret", text(256))
    user = _profile(ctx, user_id)
    _redeem(ctx, user, "phone_session", secret)
    user.phone_verification = True
    save_user(ctx, user)
    response, _ = ctx.start_session(user, "phone", user.phone)
    return response  # 201, although the spec says 200
