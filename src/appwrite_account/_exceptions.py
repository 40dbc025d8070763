"""The SDK's errors. Every failure the SDK raises is an `AppwriteError`.

    AppwriteError
    ├── InvalidInputError (also ValueError)   an argument breaks the spec; nothing was sent
    ├── APIConnectionError                    no HTTP response (refused, reset, DNS, TLS)
    │   └── APITimeoutError
    ├── APIResponseValidationError            a success response the SDK cannot read
    ├── OAuth2Error                           the loopback OAuth2 sign-in did not complete
    │   ├── OAuth2TimeoutError                no redirect came back in time
    │   └── OAuth2FailureError                the server redirected to the failure URL
    └── APIStatusError                        the server answered with an error status
        ├── BadRequestError            400
        ├── AuthenticationError        401
        ├── PermissionDeniedError      403
        ├── NotFoundError              404
        ├── ConflictError              409
        ├── PreconditionFailedError    412
        ├── RateLimitError             429
        └── InternalServerError        5xx
            └── ServiceUnavailableError 503

Messages never contain secrets: they come from the server's error body, or name the parameter and rule.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import httpx

from ._error_types import ErrorType


class AppwriteError(Exception):
    """Base of every SDK error.

    Attributes:
        message: What went wrong.
        code: The HTTP status; 0 when no response was received or nothing was sent.
        type: Appwrite's error type string (e.g. `user_invalid_credentials`), when the server gave one.
        error_type: The same as an `ErrorType` member, to branch on (`err.error_type is ErrorType.USER_BLOCKED`);
            unknown strings give a pseudo-member, never an error.
        response: The HTTP response, when there was one.
    """

    def __init__(
        self, message: str, *, code: int = 0, type: str | None = None, response: httpx.Response | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.type = type
        self.response = response

    @property
    def error_type(self) -> ErrorType | None:
        """`type` as an `ErrorType` (a pseudo-member for a string this SDK does not list), or None."""
        return ErrorType.parse(self.type)

    @property
    def text(self) -> str:
        """The raw response body, or "" when there was no response."""
        if self.response is None:
            return ""
        try:
            return self.response.text
        except (httpx.ResponseNotRead, UnicodeDecodeError):
            return ""

    def __str__(self) -> str:
        parts = [self.message]
        if self.code:
            parts.append(f"(HTTP {self.code}{', ' + self.type if self.type else ''})")
        elif self.type:
            parts.append(f"({self.type})")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(message={self.message!r}, code={self.code}, type={self.type!r})"


class InvalidInputError(AppwriteError, ValueError):
    """An argument breaks a constraint of the spec. Raised before anything is sent.

    Attributes:
        param: The Python name of the argument.
        rule: The constraint it breaks, in words.
    """

    def __init__(self, param: str, rule: str) -> None:
        super().__init__(f"Invalid `{param}`: {rule}", type="invalid_input")
        self.param = param
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:  # picklable: errors cross process pools and task queues
        return (type(self), (self.param, self.rule))


class APIConnectionError(AppwriteError):
    """The request got no HTTP response: connection refused or reset, DNS or TLS failure."""

    def __init__(self, message: str, *, request_sent: bool) -> None:
        super().__init__(message)
        #: False when the failure came before the request left (safe to retry any method).
        self.request_sent = request_sent

    def __reduce__(self) -> tuple[Any, ...]:
        return (functools.partial(type(self), request_sent=self.request_sent), (self.message,))


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIResponseValidationError(AppwriteError):
    """The server answered with success, but the body is not what the spec describes."""


class SessionStoreError(AppwriteError):
    """The session store could not save or forget a session (file system, OS keyring, your own store).

    Raised after the server answered: a sign-in that raises it did create the session on the server.
    """


class OAuth2Error(AppwriteError):
    """The loopback OAuth2 sign-in (`oauth2_login`) did not complete."""


class OAuth2TimeoutError(OAuth2Error):
    """No redirect reached the loopback listener before the timeout; nothing was stored."""


class OAuth2FailureError(OAuth2Error):
    """The server sent the browser to the failure URL; `code`, `type` and `message` are the server's."""


class APIStatusError(AppwriteError):
    """The server answered with an error status (4xx or 5xx)."""


class BadRequestError(APIStatusError):
    """400: the server refused the arguments (`general_argument_invalid`, `user_password_mismatch`, ...)."""


class AuthenticationError(APIStatusError):
    """401: not signed in (`general_unauthorized_scope`), wrong credentials, blocked user, bad token or JWT."""


class PermissionDeniedError(APIStatusError):
    """403: e.g. `general_unknown_origin`."""


class NotFoundError(APIStatusError):
    """404: unknown user, session, project or route."""


class ConflictError(APIStatusError):
    """409: the user, email or phone already exists, or is already verified."""


class PreconditionFailedError(APIStatusError):
    """412: e.g. `project_provider_disabled`, `user_password_reset_required`."""


class RateLimitError(APIStatusError):
    """429: the route's hourly limit is reached (`general_rate_limit_exceeded`).

    Attributes:
        limit: Requests allowed in the window (`X-RateLimit-Limit`), if sent.
        remaining: Requests left (`X-RateLimit-Remaining`), if sent.
        reset_at: When the window ends (`X-RateLimit-Reset`), timezone-aware, if sent.
    """

    def __init__(
        self,
        message: str,
        *,
        code: int = 429,
        type: str | None = None,
        response: httpx.Response | None = None,
        limit: int | None = None,
        remaining: int | None = None,
        reset_at: datetime | None = None,
    ) -> None:
        super().__init__(message, code=code, type=type, response=response)
        self.limit = limit
        self.remaining = remaining
        self.reset_at = reset_at


class InternalServerError(APIStatusError):
    """5xx: a server or proxy failure (and statuses Appwrite rewrites to 500, e.g. OAuth2 provider errors)."""


class ServiceUnavailableError(InternalServerError):
    """503: SMTP or SMS disabled on the server, the Account service disabled, or a proxy without a backend."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The error class for an HTTP error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return InternalServerError if status >= 500 else APIStatusError


__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AppwriteError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidInputError",
    "NotFoundError",
    "OAuth2Error",
    "OAuth2FailureError",
    "OAuth2TimeoutError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "status_error_class",
]
