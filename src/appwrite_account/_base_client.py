"""Everything the sync and async clients share that is not I/O.

Configuration, headers, argument validation, request building, session capture, rate-limit bookkeeping,
response parsing and error mapping all live here once; `_client.py` only adds the two send loops.
"""

from __future__ import annotations

import json
import logging
import math
import platform
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar, cast
from urllib.parse import quote, unquote, urlencode, urlsplit

import httpx
import pydantic

from ._exceptions import (
    APIResponseValidationError,
    APIStatusError,
    AppwriteError,
    InvalidInputError,
    RateLimitError,
    SessionStoreError,
    status_error_class,
)
from ._operation import NOT_GIVEN, NotGiven, Operation
from ._redact import install_log_redaction
from ._session import MemorySessionStore, SessionStore, session_key
from ._version import __version__

log = logging.getLogger("appwrite_account")

T = TypeVar("T")

#: Finite by default: a hung connection must not hang the app (30 s overall, 10 s to connect).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
#: A 429 is waited out only when its window resets within this many seconds; otherwise it is raised.
DEFAULT_MAX_RETRY_WAIT = 10.0
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

#: The 1.0 response format: the Account payloads are the same in 1.0 to 1.4, so one SDK serves them all.
RESPONSE_FORMAT = "1.0.0"
FALLBACK_COOKIES = "X-Fallback-Cookies"

#: 401 types that mean the stored session is no longer valid on the server.
_SESSION_GONE_TYPES = frozenset({"general_unauthorized_scope", "user_session_not_found"})


@dataclass(frozen=True)
class RateLimit:
    """The `X-RateLimit-*` headers of the last response that carried them."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None


@dataclass(frozen=True, repr=False)
class PreparedRequest:
    """A validated request, ready to send (several times, when retried)."""

    operation: Operation[Any]
    method: str
    url: str
    params: list[tuple[str, str | int | float | bool | None]]
    json: dict[str, Any] | None
    headers: Mapping[str, str]
    timeout: httpx.Timeout | NotGiven
    #: The stored session secret this request carries, if any: only that session may be forgotten on its answer.
    sent_secret: str | None

    @property
    def sent_session(self) -> bool:
        return self.sent_secret is not None

    def __repr__(self) -> str:
        # Tracebacks and error trackers print frame locals: headers (the session) and body (passwords) stay out.
        return f"PreparedRequest({self.method} {self.url}, <headers and body hidden>)"


CLOSED = "this client is closed (close()/aclose() was called, or its `with` block ended); make a new one"


_user_agent: str | None = None
#: What a session secret can be: it travels in a cookie and a JSON header.
_SECRET = re.compile(r"[\x21-\x7e]+")


def user_agent() -> str:
    global _user_agent
    if _user_agent is None:  # `platform` calls cost microseconds on every request otherwise
        _user_agent = (
            f"appwrite-account/{__version__} (Python {platform.python_version()}; {platform.system() or 'unknown'} "
            f"{platform.machine() or 'unknown'}) httpx/{httpx.__version__}"
        )
    return _user_agent


#: Response headers that `_process` reads; a response without any of them skips that work.
_RATE_LIMIT_HEADERS = frozenset({"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"})
_SESSION_HEADERS = frozenset({FALLBACK_COOKIES.lower(), "set-cookie"})


def _is_seconds(value: object) -> bool:
    """A finite number >= 0 (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < math.inf


def _to_timeout(value: object, param: str = "timeout") -> httpx.Timeout:
    """A checked timeout: None (wait forever), seconds >= 0, or an `httpx.Timeout`."""
    if isinstance(value, httpx.Timeout):
        return value
    if value is None or _is_seconds(value):
        return httpx.Timeout(cast("float | None", value))
    raise InvalidInputError(param, "must be None, a number of seconds >= 0, or an httpx.Timeout")


def check_retries(value: object, param: str = "max_retries") -> int:
    """A checked retry count: a whole number >= 0."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise InvalidInputError(param, "must be a whole number >= 0")


# RFC 9110 field names are tokens; values may not carry CR, LF or NUL (they would split the header).
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_BAD_HEADER_VALUE = re.compile(r"[^\t\x20-\x7e]")  # httpx sends header values as ASCII


def check_header_value(value: object, param: str) -> None:
    """Refuse a value that cannot travel in a header, without quoting it (it may be a JWT or a key)."""
    if not isinstance(value, str) or not value or _BAD_HEADER_VALUE.search(value):
        raise InvalidInputError(param, "must be a non-empty string of printable ASCII (check for a trailing newline)")


def check_headers(headers: Mapping[Any, Any], param: str) -> Mapping[str, str]:
    """Refuse a header httpx would refuse only after the request was counted as sent."""
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise InvalidInputError(param, f"header name {name!r} is not a valid HTTP field name")
        if not isinstance(value, str) or _BAD_HEADER_VALUE.search(value):
            raise InvalidInputError(param, f"the value of {name!r} must be printable ASCII (no CR, LF or NUL)")
    return headers


def _header_int(headers: httpx.Headers, name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(float(raw.strip()))
    except (ValueError, OverflowError):
        return None


def parse_rate_limit(headers: httpx.Headers) -> RateLimit | None:
    """The rate-limit state a response announces, or None when it sends no `X-RateLimit-*` header."""
    limit = _header_int(headers, "X-RateLimit-Limit")
    remaining = _header_int(headers, "X-RateLimit-Remaining")
    reset = _header_int(headers, "X-RateLimit-Reset")
    if limit is None and remaining is None and reset is None:
        return None
    reset_at = None
    if reset is not None and 0 <= reset < 2**40:
        reset_at = datetime.fromtimestamp(reset, tz=timezone.utc)
    return RateLimit(limit=limit, remaining=remaining, reset_at=reset_at)


def _input_error(op: Operation[Any], exc: pydantic.ValidationError) -> InvalidInputError:
    err = exc.errors(include_url=False, include_input=False)[0]
    loc = [str(part) for part in err["loc"]]
    param = op.python_names.get(loc[0], loc[0]) if loc else "arguments"
    where = "".join(f"[{part}]" for part in loc[1:])
    rule = err["msg"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if err["type"] == "missing":
        rule = "is required"
    elif err["type"] == "literal_error":
        rule = f"must be one of {ctx.get('expected', 'the allowed values')} (case-sensitive)"
    elif err["type"] == "value_error" and "error" in ctx:
        rule = str(ctx["error"])  # our own validators' words, without pydantic's "Value error, " prefix
    elif err["type"] == "string_pattern_mismatch" and loc and op.params is not None:
        rule = _pattern_rule(op.params, loc[0])
    return InvalidInputError(param + where, rule)


#: What each patterned schema of the spec asks for, in words (an error message should not quote a regex).
_PATTERN_RULES = {
    "CustomId": "must be `unique()` or 1-36 of a-z A-Z 0-9 . - _, not starting with . - or _",
    "Uid": "must be 1-36 of a-z A-Z 0-9 . - _, not starting with . - or _",
    "SessionId": "must be `current` or 1-36 of a-z A-Z 0-9 . - _, not starting with . - or _",
    "Phone": "must be in E.164 form: '+', then 7 to 15 digits, the first not 0",
    "RedirectUrl": "must be an absolute URL with a scheme and a host (and a port up to 65535, if any)",
    "Queries": "must each be `limit(n)` or `offset(n)` (see `Query`)",
}


def _pattern_rule(model: type[pydantic.BaseModel], field: str) -> str:
    """The rule a patterned field broke, named after the spec schema it uses (error path only)."""
    schema = model.model_json_schema(by_alias=True)
    defs: dict[str, Any] = schema.get("$defs", {})
    node: dict[str, Any] = schema.get("properties", {}).get(field, {})
    for _ in range(4):  # through anyOf (optional), $ref (alias) and items (arrays) to the patterned schema
        ref = node.get("$ref") or next((o["$ref"] for o in node.get("anyOf", []) if "$ref" in o), "")
        name = str(ref).rsplit("/", 1)[-1]
        if name in _PATTERN_RULES:
            return _PATTERN_RULES[name]
        node = defs.get(name, {}).get("items", defs.get(name, {})) if name else node.get("items", {})
    return "does not have the form the server accepts"


class BaseClient:
    """Configuration and request/response logic shared by `Client` and `AsyncClient`."""

    def __init__(
        self,
        endpoint: str,
        project: str,
        *,
        jwt: str | None = None,
        locale: str | None = None,
        key: str | None = None,
        session_store: SessionStore | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        self_signed: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        parts = urlsplit(endpoint) if isinstance(endpoint, str) else None  # pyright: ignore[reportUnnecessaryIsInstance]
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInputError("endpoint", "must be an http:// or https:// URL, e.g. https://cloud.appwrite.io/v1")
        if not isinstance(project, str) or not project:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("project", "must be a non-empty project ID")
        self.max_retries = check_retries(max_retries)
        if not _is_seconds(max_retry_wait):
            raise InvalidInputError("max_retry_wait", "must be a number of seconds >= 0")
        self.endpoint = endpoint.rstrip("/")
        self.project = project
        self.timeout = _to_timeout(timeout)
        self.max_retry_wait = float(max_retry_wait)
        self.self_signed = self_signed
        self.session_store: SessionStore = session_store if session_store is not None else MemorySessionStore()
        for name, value in (("project", project), ("jwt", jwt), ("locale", locale), ("key", key)):
            if value is not None:
                check_header_value(value, name)
        self._jwt = jwt
        self._locale = locale
        self._key = key
        self._custom_headers = dict(check_headers(headers or {}, "headers"))
        self._rate_limit: RateLimit | None = None
        self._state_lock = threading.Lock()
        self._session_key = session_key(self.endpoint, project)
        self._cookie_name = f"a_session_{project}"
        install_log_redaction()  # httpcore's DEBUG lines would otherwise show the session from response headers
        # (jwt, locale, key) -> the SDK's and the caller's headers merged, and whether they set the session.
        self._headers_cache: tuple[tuple[str | None, ...], httpx.Headers, bool] | None = None
        #: The default headers of the HTTP client the SDK made itself; None with a caller's `http_client=`.
        self._own_http_headers: httpx.Headers | None = None
        self._default_timeout_ext: dict[str, Any] = {"timeout": self.timeout.as_dict()}
        self._url_cache: dict[str, httpx.URL] = {}

    # -- configuration -------------------------------------------------------------------------------------

    def __repr__(self) -> str:
        # Never the JWT, key or session: reprs end up in logs and tracebacks.
        return f"{type(self).__name__}(endpoint={self.endpoint!r}, project={self.project!r})"

    def set_jwt(self, jwt: str | None) -> None:
        """Authenticate further requests with this JWT (None to stop)."""
        if jwt is not None:
            check_header_value(jwt, "jwt")
        self._jwt = jwt

    def set_locale(self, locale: str | None) -> None:
        """Send `X-Appwrite-Locale` (None to stop)."""
        if locale is not None:
            check_header_value(locale, "locale")
        self._locale = locale

    @property
    def rate_limit(self) -> RateLimit | None:
        """The `X-RateLimit-*` state of the last response that carried it."""
        return self._rate_limit

    @property
    def has_session(self) -> bool:
        """True when a session for this endpoint and project is stored."""
        return self._load_session() is not None

    def clear_session(self) -> None:
        """Forget the stored session locally, without a request (the server keeps it until it expires).

        Also drops the session cookies from the cookie jar of an `http_client=` you passed in, which would
        otherwise keep signing requests in.
        """
        self._forget_session()
        jar = self._cookie_jar()
        if jar is not None:
            for name in (self._cookie_name, self._cookie_name + "_legacy"):
                jar.delete(name)

    @property
    def _owns_http(self) -> bool:
        """Whether the SDK made the HTTP client (and so closes it); derived, not a second flag to keep in step."""
        return self._own_http_headers is not None

    def _retries(self, max_retries: object) -> int:
        """A call's retry count: the client's, or the checked per-call override."""
        return self.max_retries if max_retries is None else check_retries(max_retries)

    def _cookie_jar(self) -> httpx.Cookies | None:
        """The HTTP client's cookie jar (the I/O subclasses know their client)."""
        return None

    def set_session(self, secret: str) -> None:
        """Store a session secret (the `a_session_<project>` cookie value) for this endpoint and project.

        For sessions obtained outside a request, e.g. the `secret` an OAuth2 success redirect carries.
        """
        if not isinstance(secret, str) or not _SECRET.fullmatch(secret):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidInputError("secret", "must be a non-empty session secret of printable ASCII, no spaces")
        self._save_session(secret)

    # -- the session store, whose failures surface as SessionStoreError -------------------------------------

    def _load_session(self) -> str | None:
        try:
            return self.session_store.load(self._session_key)
        except Exception as exc:
            raise SessionStoreError(
                f"the session could not be read from {self.session_store!r}: {type(exc).__name__}"
            ) from exc

    def _forget_sent_session(self, request: PreparedRequest) -> None:
        """Forget the stored session only if it is the one `request` carried.

        A response can arrive after a newer sign-in replaced the session it refers to (another thread, task or
        process sharing the store); that newer session must survive the old one's logout or 401.
        """
        if request.sent_secret is None:
            return
        with self._state_lock:
            if self._load_session() == request.sent_secret:
                self._forget_session()

    def _save_session(self, secret: str) -> None:
        try:
            self.session_store.save(self._session_key, secret)
        except Exception as exc:
            raise SessionStoreError(
                f"the session could not be saved in {self.session_store!r}: {type(exc).__name__}"
            ) from exc

    def _forget_session(self) -> None:
        try:
            self.session_store.delete(self._session_key)
        except Exception as exc:
            raise SessionStoreError(
                f"the session could not be removed from {self.session_store!r}: {type(exc).__name__}"
            ) from exc

    def _base_headers(self) -> dict[str, str]:
        headers = {
            "X-Appwrite-Project": self.project,
            "X-Appwrite-Response-Format": RESPONSE_FORMAT,
            "X-SDK-Name": "appwrite-account",
            "X-SDK-Platform": "client",
            "X-SDK-Language": "python",
            "X-SDK-Version": __version__,
            "User-Agent": user_agent(),
        }
        if self._jwt:
            headers["X-Appwrite-JWT"] = self._jwt
        if self._locale:
            headers["X-Appwrite-Locale"] = self._locale
        if self._key:
            headers["X-Appwrite-Key"] = self._key
        return headers

    def _static_headers(self) -> tuple[httpx.Headers, bool]:
        """The SDK's headers with the client's `headers=` over them (merged once, not per request).

        Also whether they already carry X-Fallback-Cookies. Rebuilt when the JWT, locale or key change.
        """
        state = (self._jwt, self._locale, self._key)
        cache = self._headers_cache
        if cache is None or cache[0] != state:
            # With its own HTTP client the SDK builds requests itself (see `_direct_request`), so the client's
            # defaults (Accept, Accept-Encoding, Connection) are merged here, once, instead of per request.
            merged = httpx.Headers(self._own_http_headers or {})
            merged.update(self._base_headers())
            merged.update(self._custom_headers)
            # Kept as `httpx.Headers`: httpx copies those without normalising every name and value again.
            cache = (state, merged, FALLBACK_COOKIES in merged)
            self._headers_cache = cache
        return cache[1], cache[2]

    # -- requests ------------------------------------------------------------------------------------------

    def _validate(self, op: Operation[Any], args: Mapping[str, Any]) -> dict[str, Any]:
        given = {name: value for name, value in args.items() if value is not None}
        if op.params is None:
            return given
        try:
            model = op.params.model_validate(given)
        except pydantic.ValidationError as exc:
            raise _input_error(op, exc) from None
        return model.model_dump(by_alias=True, exclude_unset=True)

    def _prepare(
        self,
        op: Operation[Any],
        args: Mapping[str, Any],
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | None | NotGiven,
    ) -> PreparedRequest:
        values = self._validate(op, args)
        path = op.path
        for name in op.path_params:
            # The generator writes path placeholders with the Python names (`{session_id}`).
            placeholder = "{" + op.python_names.get(name, name) + "}"
            path = path.replace(placeholder, quote(str(values[name]), safe=""))
        params: list[tuple[str, str | int | float | bool | None]] = []
        for name in op.query_params:
            value = values.get(name)
            if isinstance(value, list):
                params.extend((name, str(item)) for item in cast("list[object]", value))
            elif value is not None:
                params.append((name, str(value)))
        body = {name: values[name] for name in op.body_params if name in values}
        # Later layers replace earlier ones whatever the case of the name: a caller's header is never sent
        # beside the SDK's own.
        static, has_fallback = self._static_headers()
        headers = static  # shared and never changed: copied below before anything is added
        if extra_headers:
            headers = httpx.Headers(static)
            headers.update(check_headers(extra_headers, "extra_headers"))
            has_fallback = FALLBACK_COOKIES in headers
        sent_secret: str | None = None
        # A caller's own X-Fallback-Cookies wins; an empty session header is never sent.
        if not has_fallback:
            secret = self._load_session()
            if secret:
                if headers is static:
                    headers = httpx.Headers(static)
                headers[FALLBACK_COOKIES] = json.dumps({self._cookie_name: secret}, separators=(",", ":"))
                sent_secret = secret
        return PreparedRequest(
            operation=op,
            method=op.method,
            url=self.endpoint + path,
            params=params,
            json=body if op.body_params else None,  # a bodiless POST sends no `{}`: the spec declares no body
            headers=headers,
            timeout=timeout if isinstance(timeout, NotGiven) else _to_timeout(timeout),
            sent_secret=sent_secret,
        )

    def _http_request(self, request: PreparedRequest, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The `httpx.Request` to send for `request` on `http` (the same for both flavours)."""
        if http.is_closed:
            raise AppwriteError(CLOSED)
        if self._own_http_headers is not None:
            return self._direct_request(request)
        return http.build_request(
            request.method,
            self._url(request.url),
            params=request.params,
            json=request.json,
            headers=request.headers,
            timeout=httpx.USE_CLIENT_DEFAULT if isinstance(request.timeout, NotGiven) else request.timeout,
        )

    def _direct_request(self, request: PreparedRequest) -> httpx.Request:
        """The `httpx.Request` for the SDK's own HTTP client, without `build_request`'s per-call merging.

        That client has no base URL, no cookies and no default parameters, and its default headers are already
        in `_static_headers`; what is left is what `build_request` would do: the URL, the JSON body, the
        timeout extension. (With a caller's `http_client=`, `build_request` keeps honouring its settings.)
        """
        extensions = (
            self._default_timeout_ext
            if isinstance(request.timeout, NotGiven)
            else {"timeout": request.timeout.as_dict()}
        )
        return httpx.Request(
            request.method,
            self._url(request.url),
            params=request.params or None,
            json=request.json,
            headers=request.headers,
            extensions=extensions,
        )

    def _url(self, url: str) -> httpx.URL:
        """`url` parsed once: httpx parses a string URL twice per request, a `URL` not at all."""
        parsed = self._url_cache.get(url)
        if parsed is None:
            if len(self._url_cache) >= 256:  # URLs with path parameters (session IDs) vary; stay bounded
                self._url_cache.clear()
            parsed = self._url_cache[url] = httpx.URL(url)
        return parsed

    def _redirect_url(self, request: PreparedRequest) -> str:
        """The URL of a browser flow: a browser sends no headers, so the project goes in the query."""
        query = [*request.params, ("project", self.project)]
        return f"{request.url}?{urlencode(query)}"

    # -- responses -----------------------------------------------------------------------------------------

    def _capture_session(self, response: httpx.Response, request: PreparedRequest) -> None:
        """Store, replace or forget the session as the response says."""
        fallback = response.headers.get(FALLBACK_COOKIES)
        if fallback is not None:
            try:
                data = json.loads(fallback)
            except ValueError:
                data = None
            if isinstance(data, dict):
                for name, value in cast("dict[object, object]", data).items():
                    if str(name).lower() == self._cookie_name.lower() and isinstance(value, str):
                        if value:
                            self._save_session(value)
                        else:
                            self._forget_sent_session(request)
                        return
            elif data == []:
                # `[]`: the server ended this session (logout, delete all, blocked account).
                self._forget_sent_session(request)
                return
        for raw in response.headers.get_list("set-cookie"):
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(raw)
            except CookieError:
                continue
            for name, morsel in cookie.items():
                if name.lower() != self._cookie_name.lower():
                    continue
                value = unquote(morsel.value)
                if not value or morsel["max-age"] in ("0", "-1") or _expired(morsel["expires"]):
                    self._forget_sent_session(request)
                else:
                    self._save_session(value)
                return
        if (
            response.status_code == 401
            and request.sent_secret is not None
            and not self._jwt
            and _error_type(response) in _SESSION_GONE_TYPES
        ):
            # The server no longer knows the session we sent (expired or deleted elsewhere).
            self._forget_sent_session(request)

    def _process(self, request: PreparedRequest, response: httpx.Response) -> Any:
        """Record what the response says about state, then return the parsed body or raise its error."""
        op = request.operation
        names = response.headers.keys()  # lower-case; each `Headers.get` is a scan, so look once
        rate = None if names.isdisjoint(_RATE_LIMIT_HEADERS) else parse_rate_limit(response.headers)
        if rate is not None:
            self._rate_limit = rate
        if response.status_code == 401 or not names.isdisjoint(_SESSION_HEADERS):
            self._capture_session(response, request)
        log.debug("%s %s -> %s", request.method, op.path, response.status_code)
        if response.status_code >= 400:
            error = make_status_error(response, rate)
            if error.type == "general_route_not_found" and not urlsplit(self.endpoint).path.rstrip("/").endswith("/v1"):
                # The commonest set-up mistake: every route then answers 404 with no hint of why.
                error.message += f" (the endpoint {self.endpoint!r} does not end in /v1; Appwrite serves its API there)"
                error.args = (error.message,)
            raise error
        if op.response is None:
            return None
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type.lower():
            raise APIResponseValidationError(
                f"expected a JSON body from {op.name}, got {content_type or 'no content type'} "
                f"(HTTP {response.status_code})",
                code=response.status_code,
                response=response,
            )
        try:
            return op.response.model_validate_json(response.content)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                f"the response of {op.name} does not match the spec: {_summary(exc)}",
                code=response.status_code,
                response=response,
            ) from None


def _expired(expires: str) -> bool:
    if not expires:
        return False
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(expires)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when <= datetime.now(timezone.utc)


def _error_body(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return cast("dict[str, Any]", data) if isinstance(data, dict) else None


def _error_type(response: httpx.Response) -> str | None:
    body = _error_body(response)
    value = body.get("type") if body else None
    return value if isinstance(value, str) else None


def _summary(exc: pydantic.ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def make_status_error(response: httpx.Response, rate: RateLimit | None = None) -> APIStatusError:
    """The error for an error response, whatever its body: Appwrite JSON, HTML from a proxy, or nothing."""
    status = response.status_code
    body = _error_body(response)
    message: str | None = None
    error_type: str | None = None
    if body is not None:
        raw_message = body.get("message")
        message = raw_message if isinstance(raw_message, str) and raw_message else None
        raw_type = body.get("type")
        error_type = raw_type if isinstance(raw_type, str) and raw_type else None
    if message is None:
        reason = response.reason_phrase or "error"
        message = f"HTTP {status} {reason}"
    cls = status_error_class(status)
    if cls is RateLimitError:
        rate = rate or parse_rate_limit(response.headers)
        return RateLimitError(
            message,
            code=status,
            type=error_type,
            response=response,
            limit=rate.limit if rate else None,
            remaining=rate.remaining if rate else None,
            reset_at=rate.reset_at if rate else None,
        )
    return cls(message, code=status, type=error_type, response=response)


__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_WAIT",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AppwriteError",
    "BaseClient",
    "PreparedRequest",
    "RateLimit",
    "make_status_error",
]
