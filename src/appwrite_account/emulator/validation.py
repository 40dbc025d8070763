"""Request parameter validation with the messages of Appwrite 1.4 / utopia-php validators.

Semantics (utopia ``App::getArguments``): a missing required param is ``Param "x" is not optional.``;
an optional param is validated only when present and not null (so ``""`` *is* validated); a failed
validator gives ``Invalid `x` param: <validator description>``. All are 400 ``general_argument_invalid``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast, get_args
from urllib.parse import urlsplit

from .._generated.models import Provider
from .errors import invalid_argument

# The server's provider whitelist is the spec's enum; one list serves the SDK and the emulator.
OAUTH_PROVIDERS: tuple[str, ...] = get_args(Provider.__value__)

MAX_LIMIT = 5000  # APP_LIMIT_COUNT
MAX_ARRAY_ITEMS = 100  # APP_LIMIT_ARRAY_PARAMS_SIZE: longest list a query/array param may carry


@dataclass(frozen=True)
class Validator:
    """A check plus the description the server puts in its error message."""

    description: str
    check: Callable[[Any], bool]


_KEY_RE = re.compile(r"[A-Za-z0-9_.\-]*")


def _is_key(value: Any) -> bool:
    # utopia-php/database Key: <=36 of [A-Za-z0-9._-], not starting with . - _ (the empty string passes).
    return (
        isinstance(value, str)
        and len(value) <= 36
        and _KEY_RE.fullmatch(value) is not None
        and not value.startswith(("_", ".", "-"))
    )


_KEY_DESCRIPTION = (
    "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. "
    "Can't start with a special char"
)
UID = Validator(_KEY_DESCRIPTION, _is_key)
CUSTOM_ID = Validator(_KEY_DESCRIPTION, lambda v: v == "unique()" or _is_key(v))

_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_EMAIL_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _is_email(value: Any) -> bool:
    # Approximates PHP FILTER_VALIDATE_EMAIL: dotted domain, no leading/trailing/double dots, length caps.
    if not isinstance(value, str) or len(value) > 320 or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    labels = domain.split(".")
    return (
        0 < len(local) <= 64
        and _EMAIL_LOCAL.fullmatch(local) is not None
        and len(labels) >= 2
        and all(_EMAIL_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()
    )


EMAIL = Validator("Value must be a valid email address", _is_email)
# 1.4 has a minimum of 8 bytes (strlen) and no maximum.
PASSWORD = Validator(
    "Password must be at least 8 characters",
    lambda v: isinstance(v, str) and len(v.encode()) >= 8,
)
PHONE = Validator(
    "Phone number must start with a '+' can have a maximum of fifteen digits.",
    lambda v: isinstance(v, str) and re.fullmatch(r"\+[1-9][0-9]{6,14}", v) is not None,
)


def text(length: int) -> Validator:
    """utopia Text(length) with the 1.3+ minimum of one char."""
    return Validator(
        f"Value must be a valid string and at least 1 chars and no longer than {length} chars",
        lambda v: isinstance(v, str) and 1 <= len(v) <= length,
    )


def _is_assoc(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    mapping = cast(dict[str, Any], value)
    # Size as PHP json_encode counts it: compact, \uXXXX escapes, and "/" written as "\/".
    if len(json.dumps(mapping, separators=(",", ":")).replace("/", "\\/")) > 65535:
        return False
    # PHP cannot tell {"0":..,"1":..} from a list; both are rejected.
    return list(mapping) != [str(i) for i in range(len(mapping))] or not mapping


ASSOC = Validator("Value must be a valid object.", _is_assoc)


def white_list(values: Iterable[str]) -> Validator:
    allowed = tuple(values)
    return Validator(f"Value must be one of ({', '.join(allowed)})", lambda v: v in allowed)


def _is_url(value: Any) -> bool:
    # FILTER_VALIDATE_URL: a scheme and a host, no whitespace; any scheme (deep links are fine).
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError:
        return False
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", parts.scheme) is not None and bool(parts.hostname)


def url_host(value: str) -> str:
    """The hostname of a URL already accepted by :func:`host`."""
    return urlsplit(value).hostname or ""


def _host_matches(hostname: str, allowed: str) -> bool:
    if hostname == allowed:
        return True
    if "*" not in allowed:
        return False
    want, have = allowed.split("."), hostname.split(".")
    return len(want) == len(have) and all(w in ("*", h) for w, h in zip(want, have, strict=True))


def host(whitelist: Iterable[str]) -> Validator:
    """Appwrite Network Host validator: a valid URL whose hostname is whitelisted (``*`` labels allowed)."""
    allowed = tuple(dict.fromkeys(whitelist))

    def check(value: Any) -> bool:
        return _is_url(value) and any(_host_matches(url_host(value), a) for a in allowed)

    return Validator(f"URL host must be one of: {', '.join(allowed)}", check)


def array_of(item: Validator, max_items: int) -> Validator:
    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return False
        items: list[Any] = value  # pyright: ignore[reportUnknownVariableType]
        return len(items) <= max_items and all(item.check(i) for i in items)

    return Validator(f"Value must a valid array no longer than {max_items} items and {item.description}", check)


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


_QUERY_RE = re.compile(r"([A-Za-z]+)\((.*)\)", re.DOTALL)
_NUMBER_RE = re.compile(r"[0-9]+")


def parse_queries(name: str, value: Any) -> Page:
    """1.4 string queries for list routes; only ``limit(n)`` and ``offset(n)`` are accepted."""
    if value is None:
        return Page(MAX_LIMIT, 0)
    if not isinstance(value, list):
        raise invalid_argument(f"Invalid `{name}` param: Queries must be an array")
    limit, offset = MAX_LIMIT, 0
    queries: list[Any] = value  # pyright: ignore[reportUnknownVariableType]
    if len(queries) > MAX_ARRAY_ITEMS:
        raise invalid_argument(f"Invalid `{name}` param: Queries must be at most {MAX_ARRAY_ITEMS} items")
    for raw in queries:
        if not isinstance(raw, str) or (match := _QUERY_RE.fullmatch(raw)) is None:
            raise invalid_argument(f"Invalid `{name}` param: Invalid query: {raw}")
        method, argument = match.group(1), match.group(2)
        if method not in ("limit", "offset"):
            raise invalid_argument(f"Invalid `{name}` param: Invalid query method: {method}")
        if _NUMBER_RE.fullmatch(argument) is None:  # ASCII digits only: no sign, spaces or other scripts
            raise invalid_argument(f"Invalid `{name}` param: Invalid query: {raw}")
        number = int(argument)
        if method == "limit":
            if not 0 <= number <= MAX_LIMIT:
                raise invalid_argument(
                    f"Invalid `{name}` param: Invalid limit: Value must be a valid range between 0 and 5,000"
                )
            limit = number
        else:
            if number > 9_223_372_036_854_775_807:  # PHP_INT_MAX (and SQLite's integer range)
                raise invalid_argument(
                    f"Invalid `{name}` param: Invalid offset: Value must be a valid range between 0 and "
                    "9,223,372,036,854,775,807"
                )
            offset = number
    return Page(limit, offset)


class Params:
    """The merged request parameters (query string, then body) of one call."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def raw(self, name: str) -> Any:
        return self._data.get(name)

    def replace(self, name: str, value: Any) -> None:
        """Normalise a raw value before validation (e.g. JSON text from a form body)."""
        self._data[name] = value

    def required(self, name: str, validator: Validator) -> Any:
        if name not in self._data or self._data[name] is None:
            raise invalid_argument(f'Param "{name}" is not optional.')
        return self._validate(name, validator)

    def optional(self, name: str, validator: Validator) -> Any:
        if self._data.get(name) is None:
            return None
        return self._validate(name, validator)

    def _validate(self, name: str, validator: Validator) -> Any:
        value = self._data[name]
        if not validator.check(value):
            raise invalid_argument(f"Invalid `{name}` param: {validator.description}")
        return value


def form_to_params(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Query-string / form pairs to params; ``a[]=x`` and ``a[0]=x`` build lists like PHP does."""
    params: dict[str, Any] = {}
    indexed: dict[str, list[tuple[int, int, str]]] = {}
    for position, (key, value) in enumerate(items):
        match = re.fullmatch(r"([^\[\]]+)\[(\d*)\]", key)
        if match is None:
            params[key] = value
            continue
        base, index = match.group(1), match.group(2)
        order = int(index) if index else len(indexed.get(base, ()))
        indexed.setdefault(base, []).append((order, position, value))
    for base, entries in indexed.items():
        params[base] = [value for _, _, value in sorted(entries)]
    return params


__all__ = [
    "ASSOC",
    "CUSTOM_ID",
    "EMAIL",
    "OAUTH_PROVIDERS",
    "PASSWORD",
    "PHONE",
    "UID",
    "Page",
    "Params",
    "Validator",
    "array_of",
    "form_to_params",
    "host",
    "parse_queries",
    "text",
    "url_host",
    "white_list",
]
