"""Short-lived JWTs for a backend, created once and refreshed shortly before they expire.

A JWT from `account.create_jwt()` is valid for 15 minutes, and creating one is rate-limited (100 per hour per
user), so a program that calls a backend often must reuse it:

    jwts = JWTSource(account, refresh_margin=60)
    httpx.get(backend_url, headers=jwts.headers())   # {"X-Appwrite-JWT": "..."}, the same JWT for ~14 minutes

The token's expiry comes from its `exp` claim (read, not verified: the SDK has no key to verify it with, and
does not need one), measured from when the request for it was sent, so a skewed local clock does not matter;
without the claim the SDK assumes the server's 15 minutes. Concurrent callers share one creation.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any, Protocol

from ._exceptions import InvalidInputError
from ._generated.models import Jwt

#: What the 1.0-1.4 servers give a JWT (`Auth::TOKEN_EXPIRATION_JWT`-style 900 s); also the longest we assume.
JWT_LIFETIME = 900.0
DEFAULT_REFRESH_MARGIN = 60.0
JWT_HEADER = "X-Appwrite-JWT"


class SyncJWTCreator(Protocol):
    """Anything with `create_jwt()` returning a `Jwt` (an `Account`)."""

    def create_jwt(self) -> Jwt: ...


class AsyncJWTCreator(Protocol):
    """Anything with an awaitable `create_jwt()` returning a `Jwt` (an `AsyncAccount`)."""

    def create_jwt(self) -> Awaitable[Jwt]: ...


def jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, decoded without verification; {} when it is not a readable JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    payload = parts[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}  # pyright: ignore[reportUnknownVariableType]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def jwt_lifetime(token: str) -> float:
    """Seconds the server gave this JWT: `exp - iat` when both claims are there, else 900; never more than 900.

    Only the server's own difference is used, never `exp` against the local clock, which may be skewed.
    """
    claims = jwt_claims(token)
    exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
    if exp is None or iat is None or exp <= iat:
        return JWT_LIFETIME
    return min(exp - iat, JWT_LIFETIME)


class JWTCache:
    """The bookkeeping both `JWTSource` and `AsyncJWTSource` use: no I/O, no locks.

    `created_at` is the local clock reading taken *before* the request was sent, so the cached token always
    expires locally no later than on the server.
    """

    def __init__(self, refresh_margin: float, clock: Callable[[], float]) -> None:
        if isinstance(refresh_margin, bool) or not isinstance(refresh_margin, (int, float)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("refresh_margin", "must be a number of seconds")
        if not 0 <= refresh_margin < JWT_LIFETIME:
            raise InvalidInputError("refresh_margin", f"must be >= 0 and < {JWT_LIFETIME:g} seconds")
        self.refresh_margin = float(refresh_margin)
        self.clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._refresh_at = 0.0
        self.created = 0  # how many JWTs this cache has stored (for tests and metrics)
        self._attempts = 0  # creations finished, well or not
        self._failure: tuple[int, BaseException] | None = None

    def ticket(self) -> int:
        """Taken before waiting for the lock: tells `failed_since` which failures happened meanwhile."""
        return self._attempts

    def failed_since(self, ticket: int) -> BaseException | None:
        """The error of a creation that failed while this caller waited: it gets that error, not a new request.

        Against a rate-limited or failing server, N waiting callers would otherwise make N requests in a row.
        """
        if self._failure is not None and self._failure[0] > ticket:
            return self._failure[1]
        return None

    def ready(self, ticket: int) -> str | None:
        """Under the lock: the token to hand out, None to create one, or the error a waited-for creation raised."""
        token = self.current()
        if token is not None:
            return token
        failed = self.failed_since(ticket)
        if failed is not None:
            raise failed
        return None

    def record_failure(self, error: BaseException) -> None:
        self._attempts += 1
        self._failure = (self._attempts, error)

    def current(self) -> str | None:
        """The cached token if it is not yet due for refresh."""
        if self._token is not None and self.clock() < self._refresh_at:
            return self._token
        return None

    def store(self, jwt: str, requested_at: float) -> str:
        lifetime = jwt_lifetime(jwt)
        # A margin as long as the token's life would refresh on every call: keep at least half of it.
        margin = min(self.refresh_margin, lifetime / 2)
        self._token = jwt
        self._expires_at = requested_at + lifetime
        self._refresh_at = self._expires_at - margin
        self.created += 1
        self._attempts += 1
        self._failure = None
        return jwt

    def clear(self) -> None:
        self._token = None
        self._expires_at = self._refresh_at = 0.0

    @property
    def expires_at(self) -> float | None:
        """When the cached token expires (clock seconds), or None when there is none."""
        return self._expires_at if self._token is not None else None


class _JWTSourceBase:
    def __init__(self, refresh_margin: float, clock: Callable[[], float] | None) -> None:
        self._cache = JWTCache(refresh_margin, clock or time.time)

    @property
    def expires_at(self) -> datetime | None:
        """When the cached JWT expires (timezone-aware, like every time in this SDK), or None when there is none."""
        seconds = self._cache.expires_at
        return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)

    @property
    def created(self) -> int:
        """How many JWTs this source has created so far."""
        return self._cache.created

    def invalidate(self) -> None:
        """Drop the cached JWT (e.g. after the backend refused it); the next call creates a new one."""
        self._cache.clear()

    def __repr__(self) -> str:
        # Never the token.
        state = "empty" if self._cache.expires_at is None else f"expires_at={self._cache.expires_at:.0f}"
        return f"{type(self).__name__}(refresh_margin={self._cache.refresh_margin:g}, {state})"


class JWTSource(_JWTSourceBase):
    """Hands out a JWT for `account`'s session, creating a new one only when the last is about to expire.

    Args:
        account: An `Account` with a session (a JWT cannot be made from a JWT).
        refresh_margin: Refresh this many seconds before expiry (default 60; at most half the token's life).
        clock: Seconds, like `time.time` (the default); tests pass a fake.

    Thread-safe: concurrent `get()` calls wait for one creation and share its result.
    """

    def __init__(
        self,
        account: SyncJWTCreator,
        *,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(refresh_margin, clock)
        self._account = account
        self._lock = threading.Lock()

    def get(self) -> str:
        """A JWT valid for at least `refresh_margin` more seconds."""
        ticket = self._cache.ticket()
        with self._lock:
            token = self._cache.ready(ticket)
            if token is not None:
                return token
            requested_at = self._cache.clock()
            try:
                created = self._account.create_jwt()
            except Exception as exc:
                self._cache.record_failure(exc)
                raise
            return self._cache.store(created.jwt, requested_at)

    def headers(self) -> dict[str, str]:
        """`{"X-Appwrite-JWT": get()}`, to pass to the request to your backend."""
        return {JWT_HEADER: self.get()}


class AsyncJWTSource(_JWTSourceBase):
    """`JWTSource` for an `AsyncAccount`: `await source.get()`; concurrent tasks share one creation."""

    def __init__(
        self,
        account: AsyncJWTCreator,
        *,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(refresh_margin, clock)
        self._account = account
        self._lock = asyncio.Lock()
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    async def get(self) -> str:
        """A JWT valid for at least `refresh_margin` more seconds."""
        ticket = self._cache.ticket()
        async with self._loop_lock():
            token = self._cache.ready(ticket)
            if token is not None:
                return token
            requested_at = self._cache.clock()
            try:
                result = await self._account.create_jwt()
            except Exception as exc:
                self._cache.record_failure(exc)
                raise
            return self._cache.store(result.jwt, requested_at)

    def _loop_lock(self) -> asyncio.Lock:
        # An asyncio.Lock belongs to the loop it first waited in; a source reused under a later
        # `asyncio.run()` needs a lock of that loop.
        loop = asyncio.get_running_loop()
        if self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    async def headers(self) -> dict[str, str]:
        """`{"X-Appwrite-JWT": await get()}`."""
        return {JWT_HEADER: await self.get()}


__all__ = [
    "DEFAULT_REFRESH_MARGIN",
    "JWT_LIFETIME",
    "AsyncJWTSource",
    "JWTCache",
    "JWTSource",
    "jwt_claims",
    "jwt_lifetime",
]
