"""Response documents (1.4 ``account``/``session``/``token``/``log`` models) and datetime formats."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .clientinfo import CLIENT_FIELDS
from .store import LogEntry, Session, Token, User


def iso(timestamp: float | None) -> str:
    """``2020-10-15T06:38:00.000+00:00``; "" for unset datetimes (the model default)."""
    if timestamp is None:
        return ""
    moment = datetime.fromtimestamp(timestamp, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"


def db_datetime(timestamp: float) -> str:
    """utopia-php/database format (``2020-10-15 06:38:00.000``), used in emailed links' ``expire``."""
    moment = datetime.fromtimestamp(timestamp, timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def user_model(user: User) -> dict[str, Any]:
    """The ``account`` model: ``user`` without password, hash and hashOptions."""
    return {
        "$id": user.id,
        "$createdAt": iso(user.created_at),
        "$updatedAt": iso(user.updated_at),
        "name": user.name,
        "registration": iso(user.registration),
        "status": user.status,
        "labels": list(user.labels),
        "passwordUpdate": iso(user.password_update),
        "email": user.email,
        "phone": user.phone,
        "emailVerification": user.email_verification,
        "phoneVerification": user.phone_verification,
        "prefs": dict(user.prefs),
        "accessedAt": iso(user.accessed_at),
    }


def session_model(session: Session, current: bool) -> dict[str, Any]:
    client = {name: session.client.get(name, "") for name in CLIENT_FIELDS}
    return {
        "$id": session.id,
        "$createdAt": iso(session.created_at),
        "userId": session.user_id,
        "expire": iso(session.expire),
        "provider": session.provider,
        "providerUid": session.provider_uid,
        "providerAccessToken": session.provider_access_token,
        "providerAccessTokenExpiry": iso(session.provider_access_token_expiry),
        "providerRefreshToken": session.provider_refresh_token,
        "ip": session.ip,
        **client,
        # Loopback and private addresses have no GeoIP entry on the real server either.
        "countryCode": "--",
        "countryName": "Unknown",
        "current": current,
    }


def token_model(token: Token) -> dict[str, Any]:
    # Client callers never get the secret back: it only travels in the email/SMS.
    return {
        "$id": token.id,
        "$createdAt": iso(token.created_at),
        "userId": token.user_id,
        "secret": "",
        "expire": iso(token.expire),
    }


def log_model(entry: LogEntry) -> dict[str, Any]:
    client = {name: entry.client.get(name, "") for name in CLIENT_FIELDS}
    return {
        "event": entry.event,
        "userId": entry.user_id,
        "userEmail": entry.user_email,
        "userName": entry.user_name,
        "mode": entry.mode,
        "ip": entry.ip,
        "time": iso(entry.time),
        **client,
        "countryCode": "--",
        "countryName": "Unknown",
    }
