"""appwrite-account: a typed sync and async Python SDK for the Appwrite Account service.

from appwrite_account import Client, Account, ID

client = Client(endpoint="http://127.0.0.1:8080/v1", project="demo")
account = Account(client)
account.create(user_id=ID.unique(), email="ada@example.com", password="correct-horse", name="Ada")

Names are imported on first use (PEP 562), so `import appwrite_account` stays cheap: a program pays only for
what it touches, and the response models load on the first call that needs them. To add a public name, add
it to `_LAZY`, to the `TYPE_CHECKING` block (for type checkers) and to `__all__`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._base_client import RateLimit
    from ._client import AsyncClient, Client
    from ._error_types import ErrorType
    from ._exceptions import (
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AppwriteError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        InternalServerError,
        InvalidInputError,
        NotFoundError,
        OAuth2Error,
        OAuth2FailureError,
        OAuth2TimeoutError,
        PermissionDeniedError,
        PreconditionFailedError,
        RateLimitError,
        ServiceUnavailableError,
        SessionStoreError,
    )
    from ._generated.services import Account, AsyncAccount
    from ._helpers import ID, Query
    from ._jwt import AsyncJWTSource, JWTSource
    from ._oauth2 import async_oauth2_login, oauth2_login
    from ._operation import NOT_GIVEN, NotGiven
    from ._session import FileSessionStore, KeyringSessionStore, MemorySessionStore, SessionStore

#: Public name -> the module (relative to this package) that defines it.
_LAZY: dict[str, str] = {
    "RateLimit": "._base_client",
    "AsyncClient": "._client",
    "Client": "._client",
    "APIConnectionError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "APIStatusError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "AppwriteError": "._exceptions",
    "ErrorType": "._error_types",
    "AuthenticationError": "._exceptions",
    "BadRequestError": "._exceptions",
    "ConflictError": "._exceptions",
    "InternalServerError": "._exceptions",
    "InvalidInputError": "._exceptions",
    "NotFoundError": "._exceptions",
    "OAuth2Error": "._exceptions",
    "OAuth2FailureError": "._exceptions",
    "OAuth2TimeoutError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "PreconditionFailedError": "._exceptions",
    "RateLimitError": "._exceptions",
    "ServiceUnavailableError": "._exceptions",
    "SessionStoreError": "._exceptions",
    "Account": "._generated.services",
    "AsyncAccount": "._generated.services",
    "ID": "._helpers",
    "Query": "._helpers",
    "AsyncJWTSource": "._jwt",
    "JWTSource": "._jwt",
    "async_oauth2_login": "._oauth2",
    "oauth2_login": "._oauth2",
    "NOT_GIVEN": "._operation",
    "NotGiven": "._operation",
    "FileSessionStore": "._session",
    "KeyringSessionStore": "._session",
    "MemorySessionStore": "._session",
    "SessionStore": "._session",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ID",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Account",
    "AppwriteError",
    "AsyncAccount",
    "AsyncClient",
    "AsyncJWTSource",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "ErrorType",
    "FileSessionStore",
    "InternalServerError",
    "InvalidInputError",
    "JWTSource",
    "KeyringSessionStore",
    "MemorySessionStore",
    "NotFoundError",
    "NotGiven",
    "OAuth2Error",
    "OAuth2FailureError",
    "OAuth2TimeoutError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "Query",
    "RateLimit",
    "RateLimitError",
    "ServiceUnavailableError",
    "SessionStore",
    "SessionStoreError",
    "__version__",
    "async_oauth2_login",
    "oauth2_login",
]
