"""Request pipeline shared by all Account routes.

The order follows the 1.4 server: route match (404), project (400/404), session/JWT resolution,
scope check (401), blocked user (401), rate limit (429), then the route validates its params and acts.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .clientinfo import client_info
from .config import EmulatorConfig
from .cookies import clear_session, read_session, set_session
from .errors import AppwriteError
from .models import session_model
from .outbox import Outbox
from .ratelimit import RateLimiter
from .security import JWTSigner, PasswordHasher, hash_secret, token_secret, unique_id
from .store import LogEntry, Session, Store, User
from .validation import Params, form_to_params, url_host


@dataclass
class OAuthGrant:
    """An authorization code issued by the mock provider's consent page."""

    project: str
    email: str
    name: str
    expire: float


class EmulatorState:
    """Everything one emulator instance owns."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.store = Store(config.db_path)
        self.hasher = PasswordHasher(config.argon2)
        # Kept in the database so JWTs survive a restart on the same --db file.
        self.jwt = JWTSigner(config.jwt_key or self.store.meta("jwt_key", token_secret()[:64]))
        self.outbox = Outbox()
        self.limiter = RateLimiter(enabled=config.rate_limits)
        self.oauth_grants: dict[str, OAuthGrant] = {}
        self.oauth_lock = threading.Lock()
        self._projects: set[str] = set()

    def now(self) -> float:
        return self.config.clock()

    def ensure_project(self, project: str) -> None:
        if project not in self._projects:
            self.store.ensure_project(project, self.now())
            self._projects.add(project)

    def close(self) -> None:
        self.store.close()


@dataclass
class Ctx:
    """One Account API call after the shared checks."""

    request: Request
    state: EmulatorState
    project: str
    params: Params
    user: User | None
    secret: str  # session secret from the cookie/fallback ("" for JWT-only and guest callers)
    session: Session | None  # the session ``secret`` belongs to, if it is one of ``user``'s
    now: float
    headers: dict[str, str] = field(default_factory=lambda: {})

    @property
    def store(self) -> Store:
        return self.state.store

    @property
    def ip(self) -> str:
        return self.request.client.host if self.request.client else ""

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "UNKNOWN")

    @property
    def hostname(self) -> str:
        return self.request.url.hostname or ""

    @property
    def base_url(self) -> str:
        """``http://host:port`` as the client reached us (links and default redirect targets)."""
        return f"{self.request.url.scheme}://{self.request.headers.get('host', self.request.url.netloc)}"

    @property
    def fallback(self) -> bool:
        """Whether to send ``X-Fallback-Cookies``: only browsers on the API's own domain go without it."""
        origin = self.request.headers.get("origin") or self.request.headers.get("referer") or ""
        if not origin:
            return True
        return url_host(origin) != self.hostname

    @property
    def redirect_hosts(self) -> tuple[str, ...]:
        """Hostnames accepted in redirect URLs: the allow-list plus the API host itself."""
        return (*self.state.config.allow_hosts, self.hostname)

    def me(self) -> User:
        """The authenticated user (routes with scope ``account`` always have one)."""
        assert self.user is not None
        return self.user

    def log(self, user: User, event: str) -> None:
        self.store.add_log(
            self.project,
            LogEntry(
                event=event,
                user_id=user.id,
                user_email=user.email,
                user_name=user.name,
                mode="default",
                ip=self.ip,
                time=self.now,
                client=client_info(self.user_agent),
            ),
        )

    def json(self, data: Any, status: int = 200) -> Response:
        return JSONResponse(data, status_code=status)

    def start_session(
        self,
        user: User,
        provider: str,
        provider_uid: str,
        *,
        response: Response | None = None,
        access_token: str = "",
        refresh_token: str = "",
        access_expiry: float | None = None,
    ) -> tuple[Response, str]:
        """Create a session, enforce the per-user limit, attach cookies; returns (response, cookie value)."""
        secret = token_secret()
        session = Session(
            id=unique_id(),
            user_id=user.id,
            created_at=self.now,
            expire=self.now + self.state.config.session_duration,
            provider=provider,
            secret_hash=hash_secret(secret),
            provider_uid=provider_uid,
            provider_access_token=access_token,
            provider_access_token_expiry=access_expiry,
            provider_refresh_token=refresh_token,
            ip=self.ip,
            client=client_info(self.user_agent),
        )
        self.store.insert_session(self.project, session)
        # The server trims in a shutdown hook: oldest sessions beyond the limit vanish without an error.
        self.store.trim_sessions(self.project, user.id, self.state.config.max_sessions)
        self.log(user, "session.create")
        if response is None:
            response = self.json(session_model(session, current=True), 201)
        value = set_session(
            response,
            project=self.project,
            user_id=user.id,
            secret=secret,
            expire=session.expire,
            now=self.now,
            hostname=self.hostname,
            fallback=self.fallback,
        )
        return response, value

    def end_session(self, response: Response) -> None:
        clear_session(response, project=self.project, hostname=self.hostname, fallback=self.fallback)


Handler = Callable[[Ctx], Awaitable[Response]]


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    scope: str  # "public" or "account"
    limit: int = 0
    keys: tuple[str, ...] = ()


ROUTES: list[Route] = []


def api(
    method: str, path: str, *, scope: str, limit: int = 0, keys: tuple[str, ...] = ()
) -> Callable[[Handler], Handler]:
    """Register an Account route with its scope and rate limit (``abuse-limit``/``abuse-key``)."""
    spec = RouteSpec(method, path, scope, limit, keys)

    def register(handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            return await dispatch(request, handler, spec)

        ROUTES.append(Route(path, endpoint, methods=[method], name=handler.__name__))
        return handler

    return register


def error_response(error: AppwriteError, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(error.body(), status_code=error.status, headers={**(headers or {}), **error.headers})


async def dispatch(request: Request, handler: Handler, spec: RouteSpec) -> Response:
    state: EmulatorState = request.app.state.emulator
    headers: dict[str, str] = {}
    try:
        ctx = await build_context(request, state, spec, headers)
        response = await handler(ctx)
        if ctx.user is not None:
            state.store.touch_accessed(ctx.project, ctx.user.id, ctx.now)
    except AppwriteError as error:
        return error_response(error, headers)
    for name, value in headers.items():
        response.headers[name] = value
    return response


async def read_params(request: Request) -> dict[str, Any]:
    """Query string merged with the body (JSON or form). An unparsable body counts as empty, as in PHP."""
    params = form_to_params(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        return params
    raw = await request.body()
    if not raw:
        return params
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        body: Any = form_to_params(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    else:
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            body = {}
    if isinstance(body, dict):
        params.update(body)  # pyright: ignore[reportUnknownArgumentType]
    return params


def _authenticate(request: Request, state: EmulatorState, project: str, now: float) -> tuple[User | None, str]:
    user: User | None = None
    secret = ""
    credentials = read_session(project, request.headers.get("cookie", ""), request.headers.get("x-fallback-cookies"))
    if credentials is not None:
        secret = credentials.secret
        candidate = state.store.get_user(project, credentials.user_id)
        if candidate is not None:
            session = state.store.find_session(project, candidate.id, secret_hash=hash_secret(secret))
            if session is not None and session.expire > now:
                user = candidate
    token = request.headers.get("x-appwrite-jwt")
    if token:
        try:
            user_id, session_id = state.jwt.decode(token, now)
        except jwt.InvalidTokenError as error:
            raise AppwriteError("user_jwt_invalid", f"Failed to verify JWT. {error}") from None
        # A valid JWT replaces the cookie user; one whose session is gone makes the caller a guest.
        user = state.store.get_user(project, user_id) if user_id and session_id else None
        if user is not None and state.store.find_session(project, user.id, session_id=session_id) is None:
            user = None
    return user, secret


_PLACEHOLDER = re.compile(r"\{(url|ip|userId|param-[^}]*)\}")


def _rate_key(template: str, request: Request, spec: RouteSpec, params: dict[str, Any], user: User | None) -> str:
    """Fill an ``abuse-key`` template in one pass (a param value is never read as a placeholder itself)."""
    values = {
        "url": (request.url.hostname or "") + spec.path,
        "ip": request.client.host if request.client else "",
        "userId": user.id if user else "",
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("param-"):
            value = params.get(name[6:], "")
            return value if isinstance(value, str) else json.dumps(value)
        return values[name]

    return _PLACEHOLDER.sub(fill, template)


async def build_context(request: Request, state: EmulatorState, spec: RouteSpec, headers: dict[str, str]) -> Ctx:
    now = state.now()
    raw_params = await read_params(request)
    raw_params.update(request.path_params)
    project = request.headers.get("x-appwrite-project") or raw_params.get("project") or ""
    if not isinstance(project, str) or not project:
        raise AppwriteError("project_unknown")
    if state.config.projects and project not in state.config.projects:
        raise AppwriteError("project_not_found")
    state.ensure_project(project)
    user, secret = _authenticate(request, state, project, now)
    if spec.scope == "account" and user is None:
        raise AppwriteError("general_unauthorized_scope", "User (role: guests) missing scope (account)")
    if user is not None and not user.status:
        raise AppwriteError("user_blocked")
    if spec.limit:
        verdicts = [
            state.limiter.check(project, _rate_key(k, request, spec, raw_params, user), spec.limit, now)
            for k in spec.keys
        ]
        closest = min(verdicts, key=lambda v: v.remaining)
        headers["X-RateLimit-Limit"] = str(closest.limit)
        headers["X-RateLimit-Remaining"] = str(closest.remaining)
        headers["X-RateLimit-Reset"] = str(closest.reset)
        if any(v.exceeded for v in verdicts):
            raise AppwriteError("general_rate_limit_exceeded")
    session = None
    if user is not None and secret:
        session = state.store.find_session(project, user.id, secret_hash=hash_secret(secret))
        if session is not None and session.expire <= now:
            session = None
    return Ctx(
        request=request,
        state=state,
        project=project,
        params=Params(raw_params),
        user=user,
        secret=secret,
        session=session,
        now=now,
        headers=headers,
    )
