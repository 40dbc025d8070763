"""The response models of the Account API (generated from openapi/account.yaml; see `_generated/models.py`).

Attributes are snake_case with the wire names as aliases (`id` <- `$id`, `created_at` <- `$createdAt`);
dates are timezone-aware `datetime`s; fields a newer server adds are kept in `model_extra`.
"""

from ._generated.models import (
    Error,
    Jwt,
    Log,
    LogList,
    Preferences,
    Provider,
    Session,
    SessionList,
    Token,
    User,
)

__all__ = [
    "Error",
    "Jwt",
    "Log",
    "LogList",
    "Preferences",
    "Provider",
    "Session",
    "SessionList",
    "Token",
    "User",
]
