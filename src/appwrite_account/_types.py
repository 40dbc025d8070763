"""Wire types that need more than a plain pydantic type; the generated models refer to them by name."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

#: The server's hard limit on the JSON encoding of preferences (utopia `Assoc` validator), in bytes.
MAX_PREFS_JSON_BYTES = 65535
#: The server's minimum password length, counted in bytes (PHP strlen) in 1.4.
MIN_PASSWORD_BYTES = 8
#: PHP FILTER_VALIDATE_EMAIL's length limit.
MAX_EMAIL_LENGTH = 320
#: The spec's `Email` pattern, verbatim (tests/unit/test_types.py keeps the two equal). It needs look-aheads
#: (a local part of at most 64 chars, a last domain label that is not all digits), which pydantic's default regex
#: engine lacks; Python's `re.fullmatch` also keeps `$` from matching before a trailing newline.
EMAIL_PATTERN = re.compile(
    r"^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.(?![0-9]+$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
)


def _aware(value: datetime) -> datetime:
    # Appwrite always sends an offset; a naive value (seen from proxies and old fixtures) is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _empty_to_none(value: Any) -> Any:
    # Appwrite sends "" for a date that is unset (passwordUpdate of a password-less user, ...).
    return None if value == "" else value


def php_json_size(value: Any) -> int:
    """Bytes of PHP's `json_encode(value)`, which the server measures: compact, non-ASCII as \\uXXXX, `/` as `\\/`."""
    encoded = json.dumps(value, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return len(encoded) + encoded.count("/")


def _prefs_object(value: dict[str, Any]) -> dict[str, Any]:
    # PHP decodes {"0": .., "1": ..} into a list, and the server's Assoc validator refuses lists.
    if value and list(value) == [str(i) for i in range(len(value))]:
        raise ValueError('must be an object, not a list (keys "0", "1", ... in order read as a list on the server)')
    try:
        size = php_json_size(value)
    except (TypeError, ValueError) as exc:  # NaN, infinities, sets, objects: JSON cannot carry them
        raise ValueError(f"must hold only JSON values ({exc})") from None
    if size > MAX_PREFS_JSON_BYTES:
        raise ValueError(f"JSON encoding is {size} bytes; the server allows at most {MAX_PREFS_JSON_BYTES}")
    return value


def _email(value: str) -> str:
    if len(value) > MAX_EMAIL_LENGTH or EMAIL_PATTERN.fullmatch(value) is None:
        raise ValueError("must be a valid email address (as PHP FILTER_VALIDATE_EMAIL accepts it)")
    return value


def _password_bytes(value: str) -> str:
    # Appwrite 1.4 checks strlen(): bytes of UTF-8, not characters ("éèêë" is 8 bytes and accepted).
    if len(value.encode("utf-8", "surrogatepass")) < MIN_PASSWORD_BYTES:
        raise ValueError(f"must be at least {MIN_PASSWORD_BYTES} bytes long in UTF-8")
    return value


#: A date and time the server always sets; timezone-aware.
Timestamp = Annotated[datetime, AfterValidator(_aware)]
#: A date and time the server may leave unset (sent as ""), read as None; timezone-aware otherwise.
OptionalTimestamp = Annotated[
    datetime | None,
    BeforeValidator(_empty_to_none),
    AfterValidator(lambda v: None if v is None else _aware(v)),
]
#: Preferences as sent: a JSON object whose compact JSON encoding fits the server's limit.
PrefsInput = Annotated[dict[str, Any], AfterValidator(_prefs_object)]
#: An email address as the server's FILTER_VALIDATE_EMAIL accepts it.
EmailInput = Annotated[str, AfterValidator(_email)]
#: A password as the server counts it: at least 8 bytes of UTF-8.
PasswordInput = Annotated[str, AfterValidator(_password_bytes)]
