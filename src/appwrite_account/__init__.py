"""appwrite-account: a typed sync and async Python SDK for the Appwrite Account service.

from appwrite_account import Client, Account, ID

client = Client(endpoint="http://127.0.0.1:8080/v1", project="demo")
account = Account(client)
account.create(user_id=ID.unique(), email="ada@example.com", password="correct-horse", name="Ada")
"""

from ._base_client import RateLimit
from ._client import AsyncClient, Client
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
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServiceUnavailableError,
)
from ._generated.services import Account, AsyncAccount
from ._helpers import ID, Query
from ._operation import NOT_GIVEN, NotGiven
from ._session import FileSessionStore, MemorySessionStore, SessionStore
from ._version import __version__

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
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "FileSessionStore",
    "InternalServerError",
    "InvalidInputError",
    "MemorySessionStore",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "Query",
    "RateLimit",
    "RateLimitError",
    "ServiceUnavailableError",
    "SessionStore",
    "__version__",
]
