"""Realistic Appwrite 1.4 response payloads (as the server renders them on /account* routes)."""

from __future__ import annotations

from typing import Any

CREATED = "2023-11-02T10:15:30.123+00:00"
UPDATED = "2023-11-03T08:00:00.000+00:00"
EXPIRE = "2024-11-02T10:15:30.123+00:00"


def user(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "$id": "64a1b2c3d4e5f",
        "$createdAt": CREATED,
        "$updatedAt": UPDATED,
        "name": "Ada Lovelace",
        "registration": CREATED,
        "status": True,
        "labels": ["vip"],
        "passwordUpdate": CREATED,
        "email": "ada@example.com",
        "phone": "+16175551212",
        "emailVerification": False,
        "phoneVerification": False,
        "prefs": {"theme": "dark", "fontSize": 14},
        "accessedAt": UPDATED,
    }
    data.update(overrides)
    return data


def session(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "$id": "5e5ea5c16897e",
        "$createdAt": CREATED,
        "userId": "64a1b2c3d4e5f",
        "expire": EXPIRE,
        "provider": "email",
        "providerUid": "ada@example.com",
        "providerAccessToken": "",
        "providerAccessTokenExpiry": "",
        "providerRefreshToken": "",
        "ip": "127.0.0.1",
        "osCode": "LIN",
        "osName": "GNU/Linux",
        "osVersion": "",
        "clientType": "library",
        "clientCode": "",
        "clientName": "",
        "clientVersion": "",
        "clientEngine": "",
        "clientEngineVersion": "",
        "deviceName": "desktop",
        "deviceBrand": "",
        "deviceModel": "",
        "countryCode": "--",
        "countryName": "Unknown",
        "current": True,
    }
    data.update(overrides)
    return data


def token(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "$id": "bb8ea5c16897e",
        "$createdAt": CREATED,
        "userId": "64a1b2c3d4e5f",
        "secret": "",
        "expire": EXPIRE,
    }
    data.update(overrides)
    return data


def jwt(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiI2NGExIn0.c2lnbmF0dXJl",
    }
    data.update(overrides)
    return data


def log(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event": "session.create",
        "userId": "64a1b2c3d4e5f",
        "userEmail": "ada@example.com",
        "userName": "Ada Lovelace",
        "mode": "",
        "ip": "127.0.0.1",
        "time": CREATED,
        "osCode": "LIN",
        "osName": "GNU/Linux",
        "osVersion": "",
        "clientType": "library",
        "clientCode": "",
        "clientName": "",
        "clientVersion": "",
        "clientEngine": "",
        "clientEngineVersion": "",
        "deviceName": "desktop",
        "deviceBrand": "",
        "deviceModel": "",
        "countryCode": "--",
        "countryName": "Unknown",
    }
    data.update(overrides)
    return data


def log_list(*logs: dict[str, Any]) -> dict[str, Any]:
    items = list(logs) or [log(), log(event="account.update.name")]
    return {"total": len(items), "logs": items}


def session_list(*sessions: dict[str, Any]) -> dict[str, Any]:
    items = list(sessions) or [session(), session(**{"$id": "6f6fa5c16897e", "current": False})]
    return {"total": len(items), "sessions": items}


def prefs(**values: Any) -> dict[str, Any]:
    return dict(values) if values else {"theme": "dark", "fontSize": 14}


def error(code: int, type: str, message: str = "Something went wrong", version: str = "1.4.14") -> dict[str, Any]:
    return {"message": message, "code": code, "type": type, "version": version}
