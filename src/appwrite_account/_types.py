"""Wire types that need more than a plain pydantic type; the generated models refer to them by name."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

#: The server's hard limit on the JSON encoding of preferences (utopia `Assoc` validator), in bytes.
MAX_PREFS_JSON_BYTES = 65535


def _aware(value: datetime) -> datetime:
    # Appwrite always sends an offset; a naive value (seen from proxies and old fixtures) is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _empty_to_none(value: Any) -> Any:
    # Appwrite sends "" for a date that is unset (passwordUpdate of a password-less user, ...).
    return None if value == "" else value


def _prefs_size(value: dict[str, Any]) -> dict[str, Any]:
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_PREFS_JSON_BYTES:
        raise ValueError(f"JSON encoding is {size} bytes; the server allows at most {MAX_PREFS_JSON_BYTES}")
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
PrefsInput = Annotated[dict[str, Any], AfterValidator(_prefs_size)]
