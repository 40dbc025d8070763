"""`Client` and `AsyncClient`: the two I/O loops around the shared core in `_base_client.py`."""

from __future__ import annotations

from collections.abc import Mapping
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._base_client import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_TIMEOUT,
    BaseClient,
    PreparedRequest,
)
from ._exceptions import APIConnectionError, APITimeoutError, InvalidInputError
from ._operation import NotGiven, Operation
from ._retry import acall_with_retries, call_with_retries
from ._session import SessionStore

T = TypeVar("T")
_Self = TypeVar("_Self", bound="Client")
_ASelf = TypeVar("_ASelf", bound="AsyncClient")


def _no_cookies() -> CookieJar:
    # The session travels in X-Fallback-Cookies from the session store, bound to this endpoint and project;
    # a cookie jar would keep sending it after `clear_session()` or logout.
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def _transport_error(exc: httpx.TransportError, endpoint: str) -> APIConnectionError:
    not_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request to {endpoint} timed out ({type(exc).__name__})", request_sent=not not_sent)
    if not_sent:
        return APIConnectionError(f"could not reach {endpoint}: {detail}", request_sent=False)
    return APIConnectionError(f"the connection to {endpoint} failed after sending: {detail}", request_sent=True)


def _check_http_choice(http_client: object, transport: object) -> None:
    if http_client is not None and transport is not None:
        raise InvalidInputError("transport", "give a transport or an http_client, not both")


class Client(BaseClient):
    """A synchronous connection to one Appwrite endpoint and project.

    Args:
        endpoint: The API root, e.g. `https://cloud.appwrite.io/v1` or the emulator's `http://127.0.0.1:8080/v1`.
        project: The project ID (`X-Appwrite-Project`).
        jwt: Authenticate with this JWT instead of a session.
        locale: `X-Appwrite-Locale`.
        key: An API key (`X-Appwrite-Key`); Account routes do not accept keys, but other tooling may.
        session_store: Where sessions are kept; default in memory. `FileSessionStore` survives restarts.
        timeout: Seconds (or an `httpx.Timeout`) per request; default 30 s, 10 s to connect. None waits forever.
        max_retries: Retries after a failed attempt (see `appwrite_account._retry` for the policy); default 2.
        max_retry_wait: The longest a 429 is waited out, in seconds; default 10.
        self_signed: Accept self-signed TLS certificates for this client only.
        headers: Headers sent with every request, exactly as given.
        http_client: Your own `httpx.Client`; you close it. Its cookie jar is left alone.
        transport: An `httpx` transport for the SDK's own client (e.g. `httpx.MockTransport` in your tests,
            or a proxy transport), keeping the SDK's pool, timeouts and fast request path.
    """

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
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            endpoint,
            project,
            jwt=jwt,
            locale=locale,
            key=key,
            session_store=session_store,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            self_signed=self_signed,
            headers=headers,
        )
        _check_http_choice(http_client, transport)
        self._http = http_client or httpx.Client(
            verify=not self_signed,
            timeout=self.timeout,
            limits=DEFAULT_LIMITS,
            cookies=_no_cookies(),
            transport=transport,
        )
        if http_client is None:
            self._own_http_headers = self._http.headers

    def close(self) -> None:
        """Close the connection pool (not a pool you passed in)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _cookie_jar(self) -> httpx.Cookies:
        return self._http.cookies

    def _send(self, request: PreparedRequest) -> Any:
        http_request = self._http_request(request, self._http)
        try:
            response = self._http.send(http_request, follow_redirects=False)
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.endpoint) from exc
        return self._process(request, response)

    def request(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int | None,
    ) -> T:
        request = self._prepare(op, args, extra_headers, timeout)
        if op.redirect:
            return self._redirect_url(request)  # type: ignore[return-value]
        retries = self._retries(max_retries)
        result: T = call_with_retries(
            self._send, request, safe=op.safe, max_retries=retries, max_retry_wait=self.max_retry_wait
        )
        return result


class AsyncClient(BaseClient):
    """An asyncio connection to one Appwrite endpoint and project; the same arguments as `Client`.

    `http_client` takes your own `httpx.AsyncClient`, `transport` an `httpx.AsyncBaseTransport`.
    """

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
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            endpoint,
            project,
            jwt=jwt,
            locale=locale,
            key=key,
            session_store=session_store,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            self_signed=self_signed,
            headers=headers,
        )
        _check_http_choice(http_client, transport)
        self._http = http_client or httpx.AsyncClient(
            verify=not self_signed,
            timeout=self.timeout,
            limits=DEFAULT_LIMITS,
            cookies=_no_cookies(),
            transport=transport,
        )
        if http_client is None:
            self._own_http_headers = self._http.headers

    async def aclose(self) -> None:
        """Close the connection pool (not a pool you passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _ASelf) -> _ASelf:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def _cookie_jar(self) -> httpx.Cookies:
        return self._http.cookies

    async def _send(self, request: PreparedRequest) -> Any:
        http_request = self._http_request(request, self._http)
        try:
            response = await self._http.send(http_request, follow_redirects=False)
        except httpx.TransportError as exc:
            raise _transport_error(exc, self.endpoint) from exc
        return self._process(request, response)

    async def request(
        self,
        op: Operation[T],
        args: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int | None,
    ) -> T:
        request = self._prepare(op, args, extra_headers, timeout)
        if op.redirect:
            return self._redirect_url(request)  # type: ignore[return-value]
        retries = self._retries(max_retries)
        result: T = await acall_with_retries(
            self._send, request, safe=op.safe, max_retries=retries, max_retry_wait=self.max_retry_wait
        )
        return result
