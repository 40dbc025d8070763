"""Password hashing, secrets, session cookie values and JWTs, as Appwrite 1.4 does them."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

import argon2
import jwt

from .config import Argon2Params

JWT_LIFETIME = 900  # seconds
JWT_LEEWAY = 10


class PasswordHasher:
    """argon2id hashing (the algorithm Appwrite uses for new passwords)."""

    def __init__(self, params: Argon2Params) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=params.time_cost, memory_cost=params.memory_cost, parallelism=params.parallelism
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        if not hashed:
            return False
        try:
            return self._hasher.verify(hashed, password)
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return False


def token_secret() -> str:
    """256 hex chars, like ``bin2hex(random_bytes(128))``."""
    return secrets.token_hex(128)


def phone_code() -> str:
    """Six random digits (phone session and phone verification codes)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def hash_secret(secret: str) -> str:
    """Secrets are stored only as sha256 hex (``Auth::hash``)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def unique_id() -> str:
    """A 20-char ID in the style of ``ID::unique()`` (13 hex time digits + 7 random)."""
    return f"{time.time_ns() // 1000:013x}"[-13:] + secrets.token_hex(4)[:7]


def encode_session(user_id: str, secret: str) -> str:
    """Cookie value: ``base64(json_encode({"id": userId, "secret": secret}))`` (``Auth::encodeSession``)."""
    raw = json.dumps({"id": user_id, "secret": secret}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


@dataclass(frozen=True)
class SessionCredentials:
    user_id: str
    secret: str


def decode_session(value: str) -> SessionCredentials | None:
    """Inverse of :func:`encode_session`; None for anything that is not a well-formed value."""
    try:
        data: Any = json.loads(base64.b64decode(value.encode(), validate=False))
    except (ValueError, binascii.Error, UnicodeError):
        return None
    if not isinstance(data, dict):
        return None
    fields: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    user_id, secret = fields.get("id"), fields.get("secret")
    if not isinstance(user_id, str) or not isinstance(secret, str) or not user_id or not secret:
        return None
    return SessionCredentials(user_id, secret)


class JWTSigner:
    """HS256 JWTs with payload ``{userId, sessionId}``, valid 900 s (+10 s leeway)."""

    def __init__(self, key: str | None) -> None:
        self._key = key or secrets.token_hex(32)

    def encode(self, user_id: str, session_id: str, now: float) -> str:
        issued = int(now)
        payload = {"userId": user_id, "sessionId": session_id, "iat": issued, "exp": issued + JWT_LIFETIME}
        return jwt.encode(payload, self._key, algorithm="HS256")

    def decode(self, token: str, now: float) -> tuple[str, str]:
        """Return (userId, sessionId); raises ``jwt.InvalidTokenError`` for bad or expired tokens."""
        payload: dict[str, Any] = jwt.decode(
            token,
            self._key,
            algorithms=["HS256"],
            options={"require": ["exp"], "verify_exp": False, "verify_iat": False},
        )
        # Expiry is checked against the emulator clock (tests move it) rather than the wall clock.
        exp = payload.get("exp")
        if not isinstance(exp, int) or now > exp + JWT_LEEWAY:
            raise jwt.ExpiredSignatureError("Expired token")
        user_id, session_id = payload.get("userId"), payload.get("sessionId")
        return (user_id if isinstance(user_id, str) else "", session_id if isinstance(session_id, str) else "")
