"""OAuth2 sign-in from a terminal or desktop app: a one-shot listener on 127.0.0.1 catches the redirect.

    from appwrite_account import Account, Client, oauth2_login

    account = Account(Client("https://cloud.appwrite.io/v1", "my-project"))
    oauth2_login(account, "github")   # opens the browser, waits, stores the session like a sign-in would
    print(account.get().email)

How: the listener binds `127.0.0.1` (any free port by default); the success URL is
`http://127.0.0.1:<port>/auth/oauth2/success`, the path for which an Appwrite 1.4 server appends the session
(`key` = cookie name, `secret` = cookie value) to the redirect, and the failure URL
`http://127.0.0.1:<port>/auth/oauth2/failure`, where it appends `error` (JSON). Both carry a random `state`
that must come back, so another page cannot slip a session of its own choosing into the listener. The server
must accept 127.0.0.1 as a redirect host (a Web platform with hostname `127.0.0.1` in the console; the
emulator accepts it out of the box).

The secret is never logged, never in an error message, and leaves the listener only into the session store.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import math
import secrets
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast
from urllib.parse import parse_qs, urlencode, urlsplit

from ._base_client import BaseClient
from ._exceptions import InvalidInputError, OAuth2Error, OAuth2FailureError, OAuth2TimeoutError
from ._generated.models import Provider

log = logging.getLogger("appwrite_account")

LOOPBACK_HOST = "127.0.0.1"
SUCCESS_PATH = "/auth/oauth2/success"
FAILURE_PATH = "/auth/oauth2/failure"
DEFAULT_TIMEOUT = 300.0
#: The longest request line plus headers the listener reads (a browser's GET is far smaller).
_MAX_REQUEST_BYTES = 64 * 1024
#: Seconds a browser connection may stay silent (browsers open speculative connections they never use).
_IDLE_TIMEOUT = 10.0

Opener = Callable[[str], Any]


class _SyncOAuth2Account(Protocol):
    _client: Any

    def create_oauth2_session(
        self, *, provider: Any, success: str | None = ..., failure: str | None = ..., scopes: list[str] | None = ...
    ) -> str: ...


class _AsyncOAuth2Account(Protocol):
    _client: Any

    async def create_oauth2_session(
        self, *, provider: Any, success: str | None = ..., failure: str | None = ..., scopes: list[str] | None = ...
    ) -> str: ...


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 30em; margin: 4em auto; text-align: center">
<h1>{title}</h1><p>{detail}</p><p>You can close this window.</p>
</body></html>
"""


@dataclass(frozen=True)
class Reply:
    """What the listener answers one browser request with."""

    status: int
    body: bytes

    def http(self) -> bytes:
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(self.status, "OK")
        head = (
            f"HTTP/1.1 {self.status} {reason}\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(self.body)}\r\n"
            "Cache-Control: no-store\r\n"
            "Referrer-Policy: no-referrer\r\n"
            "Connection: close\r\n\r\n"
        )
        return head.encode("ascii") + self.body


def _page(status: int, title: str, detail: str) -> Reply:
    return Reply(status, _PAGE.format(title=html.escape(title), detail=html.escape(detail)).encode("utf-8"))


class OAuth2Flow:
    """Everything the sync and async listeners share: URLs, parsing the redirect, the outcome. No I/O."""

    def __init__(self, client: BaseClient, port: int) -> None:
        self.client = client
        self.port = port
        self.state = secrets.token_urlsafe(24)
        self.secret: str | None = None
        self.error: OAuth2Error | None = None
        self._lock = threading.Lock()  # the sync listener serves each connection in its own thread

    @property
    def done(self) -> bool:
        return self.secret is not None or self.error is not None

    def _url(self, path: str) -> str:
        return f"http://{LOOPBACK_HOST}:{self.port}{path}?{urlencode({'state': self.state})}"

    @property
    def success_url(self) -> str:
        return self._url(SUCCESS_PATH)

    @property
    def failure_url(self) -> str:
        return self._url(FAILURE_PATH)

    def handle(self, target: str) -> Reply:
        """Answer one request for `target` (path and query) and record what it says."""
        with self._lock:
            return self._handle(target)

    def _handle(self, target: str) -> Reply:
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if parts.path not in (SUCCESS_PATH, FAILURE_PATH):
            return _page(404, "Not found", "This address only receives the sign-in redirect.")
        if self.done:
            return _page(400, "Already done", "This sign-in has already finished.")
        if not secrets.compare_digest(query.get("state", ""), self.state):
            # Not our redirect (a stale tab, or another page): ignore it and keep waiting.
            return _page(400, "Unexpected request", "This link does not belong to the sign-in in progress.")
        if parts.path == FAILURE_PATH:
            self.error = _failure_error(query.get("error", ""))
            return _page(200, "Sign-in failed", self.error.message)
        project = query.get("project")
        if project is not None and project != self.client.project:
            self.error = OAuth2Error(
                f"the redirect carries a session for project {project!r}, not {self.client.project!r}"
            )
            return _page(400, "Sign-in failed", "The session belongs to another project.")
        key, secret = query.get("key", ""), query.get("secret", "")
        if not secret or key.lower() != f"a_session_{self.client.project}".lower():
            self.error = OAuth2Error(
                "the success redirect carried no session (the server appends `key` and `secret` only for the "
                f"path {SUCCESS_PATH}; Appwrite 1.5+ returns a token instead)"
            )
            return _page(400, "Sign-in failed", "The redirect carried no session.")
        self.secret = secret
        return _page(200, "Signed in", "The application is now signed in.")

    def finish(self) -> None:
        """Store the session, or raise the recorded error."""
        if self.error is not None:
            raise self.error
        if self.secret is None:
            raise OAuth2TimeoutError("no OAuth2 redirect reached the loopback listener in time")
        self.client.set_session(self.secret)
        log.debug("OAuth2 sign-in completed; session stored")

    def timed_out(self, timeout: float) -> OAuth2TimeoutError:
        return OAuth2TimeoutError(f"no OAuth2 redirect reached the loopback listener within {timeout:g} s")


def _failure_error(raw: str) -> OAuth2FailureError:
    try:
        data: Any = json.loads(raw) if raw else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return OAuth2FailureError("the OAuth2 provider or server reported a failure")
    fields: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    message, type_, code = fields.get("message"), fields.get("type"), fields.get("code")
    return OAuth2FailureError(
        message if isinstance(message, str) and message else "the OAuth2 sign-in failed",
        code=code if isinstance(code, int) and not isinstance(code, bool) else 0,
        type=type_ if isinstance(type_, str) and type_ else None,
    )


def _check(timeout: float, port: int) -> None:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("timeout", "must be a finite number of seconds > 0")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError("port", "must be 0 (any free port) to 65535")


def _open(opener: Opener, url: str) -> None:
    opened = opener(url)
    if opened is False:
        # webbrowser.open() returns False when it found no browser; the URL holds no secret.
        log.warning("could not open a browser; open this URL to sign in: %s", url)


# -- sync ------------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    timeout = _IDLE_TIMEOUT

    def do_GET(self) -> None:
        server = cast("_Server", self.server)
        reply = server.flow.handle(self.path)
        self.wfile.write(reply.http())
        self.close_connection = True
        if server.flow.done:
            server.finished.set()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: ARG002
        # The request line holds the session secret: never log it (the default writes it to stderr).
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, flow_factory: Callable[[int], OAuth2Flow]) -> None:
        super().__init__((LOOPBACK_HOST, port), _Handler)
        self.flow = flow_factory(self.server_address[1])
        self.finished = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: ARG002
        log.debug("OAuth2 listener: a browser request failed", exc_info=False)


def oauth2_login(
    account: _SyncOAuth2Account,
    provider: Provider,
    *,
    scopes: Sequence[str] | None = None,
    opener: Opener | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    port: int = 0,
) -> None:
    """Sign in with an OAuth2 provider through the user's browser and store the session in the client.

    Args:
        account: The `Account` whose client gets the session.
        provider: The provider key, e.g. `"github"` (checked like `create_oauth2_session`).
        scopes: Extra OAuth2 scopes.
        opener: Called with the authorize URL; default `webbrowser.open`. It may block (it runs while the
            listener already serves).
        timeout: Seconds to wait for the redirect (default 300).
        port: The loopback port to listen on; 0 (default) picks a free one.

    Raises:
        OAuth2TimeoutError: No redirect came back in time.
        OAuth2FailureError: The server redirected to the failure URL (its `type`, `code` and `message`).
        OAuth2Error: The redirect carried no usable session.
        InvalidInputError, AppwriteError: As `create_oauth2_session` (nothing is listened for then).
    """
    _check(timeout, port)
    client: BaseClient = account._client  # pyright: ignore[reportPrivateUsage]
    server = _Server(port, lambda bound: OAuth2Flow(client, bound))
    thread: threading.Thread | None = None
    try:
        flow = server.flow
        url = account.create_oauth2_session(
            provider=provider,
            success=flow.success_url,
            failure=flow.failure_url,
            scopes=list(scopes) if scopes is not None else None,
        )
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        deadline = time.monotonic() + timeout
        try:
            _open(opener or webbrowser.open, url)
        except Exception as exc:
            raise OAuth2Error(f"could not open the sign-in URL: {type(exc).__name__}") from exc
        if not server.finished.wait(max(0.0, deadline - time.monotonic())):
            raise flow.timed_out(timeout)
    finally:
        if thread is not None:
            server.shutdown()
            thread.join()
        server.server_close()
    flow.finish()


# -- async -----------------------------------------------------------------------------------------------


async def _serve_one(flow: OAuth2Flow, finished: asyncio.Event, reader: asyncio.StreamReader, writer: Any) -> None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _IDLE_TIMEOUT)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
        writer.close()
        return
    request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = request_line.split(" ")
    if len(parts) == 3 and parts[0] == "GET":
        reply = flow.handle(parts[1])
    else:
        reply = _page(400, "Bad request", "This address only receives the sign-in redirect.")
    try:
        writer.write(reply.http())
        await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()
    # The page must be out before the flow ends: the caller then closes the listener and may end the loop.
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()
    if flow.done:
        finished.set()


async def async_oauth2_login(
    account: _AsyncOAuth2Account,
    provider: Provider,
    *,
    scopes: Sequence[str] | None = None,
    opener: Opener | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    port: int = 0,
) -> None:
    """`oauth2_login` for an `AsyncAccount`. The opener runs in a worker thread, so it may block."""
    _check(timeout, port)
    client: BaseClient = account._client  # pyright: ignore[reportPrivateUsage]
    finished = asyncio.Event()
    holder: list[OAuth2Flow] = []
    open_writers: set[asyncio.StreamWriter] = set()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not holder:  # a connection before the URL was even made: not a browser of ours
            writer.close()
            return
        open_writers.add(writer)
        try:
            await _serve_one(holder[0], finished, reader, writer)
        finally:
            open_writers.discard(writer)

    server = await asyncio.start_server(on_connect, LOOPBACK_HOST, port, limit=_MAX_REQUEST_BYTES)
    try:
        bound = int(server.sockets[0].getsockname()[1])
        flow = OAuth2Flow(client, bound)
        holder.append(flow)
        url = await account.create_oauth2_session(
            provider=provider,
            success=flow.success_url,
            failure=flow.failure_url,
            scopes=list(scopes) if scopes is not None else None,
        )
        opened = asyncio.ensure_future(asyncio.to_thread(_open, opener or webbrowser.open, url))

        def opener_done(future: asyncio.Future[None]) -> None:
            if not future.cancelled() and future.exception() is not None and not flow.done:
                flow.error = OAuth2Error(f"could not open the sign-in URL: {type(future.exception()).__name__}")
                finished.set()

        opened.add_done_callback(opener_done)
        try:
            await asyncio.wait_for(finished.wait(), timeout)
        except asyncio.TimeoutError:
            raise flow.timed_out(timeout) from None
        finally:
            if not opened.done():
                opened.cancel()  # the thread itself runs on; only our wait for it stops
    finally:
        server.close()
        for writer in list(open_writers):  # idle browser connections must not keep the listener open
            writer.close()
        await server.wait_closed()
    flow.finish()


__all__ = [
    "FAILURE_PATH",
    "SUCCESS_PATH",
    "OAuth2Flow",
    "async_oauth2_login",
    "oauth2_login",
]
