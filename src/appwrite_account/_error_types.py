"""Appwrite's error type strings (the `type` of an error body) as an enum that also accepts unknown strings.

    try:
        account.create_email_session(email=email, password=password)
    except AuthenticationError as err:
        if err.error_type is ErrorType.USER_BLOCKED:
            ...

`ErrorType` is a `str` enum: every member equals its wire string (`ErrorType.USER_BLOCKED == "user_blocked"`).
A string the SDK does not know (a newer server, another service) still converts: `ErrorType("new_thing")`
gives a pseudo-member with that value (`.known` is False), so branching on it never raises.
"""

from __future__ import annotations

from enum import Enum


class ErrorType(str, Enum):
    """Every error `type` the Account routes of Appwrite 1.0-1.4 send, plus the SDK's own `invalid_input`."""

    # -- general -------------------------------------------------------------------------------------------
    GENERAL_UNKNOWN = "general_unknown"
    GENERAL_ARGUMENT_INVALID = "general_argument_invalid"
    GENERAL_UNAUTHORIZED_SCOPE = "general_unauthorized_scope"
    GENERAL_RATE_LIMIT_EXCEEDED = "general_rate_limit_exceeded"
    GENERAL_SMTP_DISABLED = "general_smtp_disabled"
    GENERAL_PHONE_DISABLED = "general_phone_disabled"
    GENERAL_SERVICE_DISABLED = "general_service_disabled"
    GENERAL_UNKNOWN_ORIGIN = "general_unknown_origin"
    GENERAL_ROUTE_NOT_FOUND = "general_route_not_found"
    GENERAL_SERVER_ERROR = "general_server_error"
    GENERAL_NOT_IMPLEMENTED = "general_not_implemented"
    GENERAL_PROTOCOL_UNSUPPORTED = "general_protocol_unsupported"
    # -- project -------------------------------------------------------------------------------------------
    PROJECT_UNKNOWN = "project_unknown"
    PROJECT_NOT_FOUND = "project_not_found"
    PROJECT_PROVIDER_DISABLED = "project_provider_disabled"
    PROJECT_PROVIDER_UNSUPPORTED = "project_provider_unsupported"
    PROJECT_INVALID_SUCCESS_URL = "project_invalid_success_url"
    PROJECT_INVALID_FAILURE_URL = "project_invalid_failure_url"
    # -- user ----------------------------------------------------------------------------------------------
    USER_INVALID_CREDENTIALS = "user_invalid_credentials"
    USER_BLOCKED = "user_blocked"
    USER_PASSWORD_RESET_REQUIRED = "user_password_reset_required"
    USER_ALREADY_EXISTS = "user_already_exists"
    USER_EMAIL_ALREADY_EXISTS = "user_email_already_exists"
    USER_PHONE_ALREADY_EXISTS = "user_phone_already_exists"
    USER_COUNT_EXCEEDED = "user_count_exceeded"
    USER_AUTH_METHOD_UNSUPPORTED = "user_auth_method_unsupported"
    USER_SESSION_ALREADY_EXISTS = "user_session_already_exists"
    USER_ANONYMOUS_CONSOLE_PROHIBITED = "user_anonymous_console_prohibited"
    USER_NOT_FOUND = "user_not_found"
    USER_INVALID_TOKEN = "user_invalid_token"
    USER_PASSWORD_MISMATCH = "user_password_mismatch"
    USER_SESSION_NOT_FOUND = "user_session_not_found"
    USER_JWT_INVALID = "user_jwt_invalid"
    #: The server's own spelling ("alread"): this is the real wire string.
    USER_EMAIL_ALREAD_VERIFIED = "user_email_alread_verified"
    USER_PHONE_ALREADY_VERIFIED = "user_phone_already_verified"
    USER_PHONE_NOT_FOUND = "user_phone_not_found"
    USER_UNAUTHORIZED = "user_unauthorized"
    USER_OAUTH2_PROVIDER_ERROR = "user_oauth2_provider_error"
    USER_MISSING_ID = "user_missing_id"
    USER_OAUTH2_BAD_REQUEST = "user_oauth2_bad_request"
    USER_OAUTH2_UNAUTHORIZED = "user_oauth2_unauthorized"
    # -- password policy (no `user_` prefix on the server) ------------------------------------------------
    PASSWORD_RECENTLY_USED = "password_recently_used"
    PASSWORD_PERSONAL_DATA = "password_personal_data"
    # -- documents -----------------------------------------------------------------------------------------
    DOCUMENT_UPDATE_CONFLICT = "document_update_conflict"
    # -- the SDK's own -------------------------------------------------------------------------------------
    #: `InvalidInputError`: an argument broke the spec and nothing was sent.
    INVALID_INPUT = "invalid_input"

    @classmethod
    def _missing_(cls, value: object) -> ErrorType | None:
        # An unknown string becomes a pseudo-member (cached, so identity holds for repeated lookups).
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]

    @property
    def known(self) -> bool:
        """False for a pseudo-member made from a string this SDK version does not list."""
        return type(self).__members__.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, value: str | None) -> ErrorType | None:
        """The member for a raw `type` string (a pseudo-member when unknown), or None for None / ""."""
        return cls(value) if value else None


__all__ = ["ErrorType"]
