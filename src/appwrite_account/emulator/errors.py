"""Appwrite 1.4 error catalogue and the exception the routes raise."""

from __future__ import annotations

from typing import Any

#: Value of ``version`` in every error body (the server release this emulator imitates).
SERVER_VERSION = "1.4.14"

# type -> (HTTP status, default message); texts as in app/config/errors.php of 1.4.x.
ERRORS: dict[str, tuple[int, str]] = {
    "general_unknown": (500, "An unknown error has occured. Please check the logs for more information."),
    "general_argument_invalid": (
        400,
        "The request contains one or more invalid arguments. Please refer to the endpoint documentation.",
    ),
    "general_unauthorized_scope": (
        401,
        "The current user or API key does not have the required scopes to access the requested resource.",
    ),
    "general_rate_limit_exceeded": (
        429,
        "Rate limit for the current endpoint has been exceeded. Please try again after some time.",
    ),
    "general_route_not_found": (
        404,
        "The requested route was not found. Please refer to the API docs and try again.",
    ),
    "general_server_error": (500, "An internal server error occurred."),
    "general_service_disabled": (
        503,
        "The requested service is disabled. You can enable the service from the Appwrite console.",
    ),
    "project_unknown": (
        400,
        "The project ID is either missing or not valid. Please check the value of the X-Appwrite-Project "
        "header to ensure the correct project ID is being used.",
    ),
    "project_not_found": (
        404,
        "Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project "
        "header to ensure the correct project ID is being used.",
    ),
    "project_provider_disabled": (
        412,
        "The chosen OAuth provider is disabled. You can enable the OAuth provider using the Appwrite console.",
    ),
    "project_provider_unsupported": (
        501,
        'The chosen OAuth provider is unsupported. Please check the <a href="/docs/client/account?'
        'sdk=web-default#accountCreateOAuth2Session">Create OAuth2 Session docs</a> for the complete list '
        "of supported OAuth providers.",
    ),
    "project_invalid_success_url": (400, "Invalid redirect URL for OAuth success."),
    "project_invalid_failure_url": (400, "Invalid redirect URL for OAuth failure."),
    "user_jwt_invalid": (
        401,
        "The JWT token is invalid. Please check the value of the X-Appwrite-JWT header to ensure the correct "
        "token is being used.",
    ),
    "user_already_exists": (409, "A user with the same id, email, or phone already exists in this project."),
    "user_blocked": (
        401,
        "The current user has been blocked. You can unblock the user from the Appwrite console.",
    ),
    "user_invalid_token": (401, "Invalid token passed in the request."),
    "user_invalid_credentials": (401, "Invalid credentials. Please check the email and password."),
    "user_session_already_exists": (401, "Creation of anonymous users is prohibited when a session is active."),
    "user_not_found": (404, "User with the requested ID could not be found."),
    "user_email_already_exists": (409, "A user with the same email already exists in the current project."),
    "user_password_mismatch": (
        400,
        "Passwords do not match. Please check the password and confirm password.",
    ),
    "user_session_not_found": (404, "The current user session could not be found."),
    "user_unauthorized": (401, "The current user is not authorized to perform the requested action."),
    "user_phone_already_exists": (
        409,
        "A user with the same phone number already exists in the current project.",
    ),
    "user_phone_not_found": (
        400,
        "The current user does not have a phone number associated with their account.",
    ),
    # The real 1.4 type string has this typo; clients match on it.
    "user_email_alread_verified": (409, "User email is already verified"),
    "user_phone_already_verified": (409, "User phone is already verified"),
    "user_missing_id": (400, "Missing ID from OAuth2 provider."),
    # Declared 424, which the server rewrites to 500 (see §5c of the contract).
    "user_oauth2_provider_error": (424, "OAuth2 provider returned some error."),
}

# Statuses the server passes through; anything else is sent as 500 "Server Error".
_PASSTHROUGH = frozenset({400, 401, 402, 403, 404, 408, 409, 412, 416, 429, 501, 503})


class AppwriteError(Exception):
    """An error the emulator answers with an Appwrite error body."""

    def __init__(self, type_: str, message: str | None = None, headers: dict[str, str] | None = None) -> None:
        status, default = ERRORS[type_]
        self.type = type_
        self.declared = status  # the catalogue code, kept in OAuth failure redirects
        self.message = message if message is not None else default
        self.status = status if status in _PASSTHROUGH else 500
        if self.status == 500 and status != 500:
            self.message = "Server Error"
        self.headers = headers or {}
        super().__init__(f"{type_}: {self.message}")

    def body(self) -> dict[str, Any]:
        """The JSON error document, with ``code`` as an int like the real server."""
        return {"message": self.message, "code": self.status, "type": self.type, "version": SERVER_VERSION}


def invalid_argument(message: str) -> AppwriteError:
    """400 ``general_argument_invalid`` with a validator message."""
    return AppwriteError("general_argument_invalid", message)
