"""Start/stop helpers: a uvicorn server in a background thread (tests) or in the foreground (CLI)."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import signal
import socket
import sys
import threading
from types import TracebackType

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from .app import create_app
from .config import EmulatorConfig
from .core import EmulatorState
from .outbox import Outbox

MAX_REQUEST_HEAD = 4 * 1024 * 1024  # bytes of request line + headers


def _loopback(host: str) -> str:
    """The address to bind; anything that is not loopback is refused (the emulator has no real security)."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"--host must be a loopback address, got {host!r}") from None
    if not address.is_loopback or address.version != 4:
        raise ValueError(f"--host must be a 127.x.x.x loopback address, got {host!r}")
    return host


def _bind(host: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets with that proto,
    # and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((_loopback(host), port))
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _uvicorn_config(config: EmulatorConfig, state: EmulatorState, *, own_logging: bool) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(config, state),
        # In-process (tests) the host's logging setup is left alone; the CLI gets uvicorn's usual handlers.
        log_config=LOGGING_CONFIG if own_logging else None,
        lifespan="off",
        log_level="critical" if config.quiet else "info",
        access_log=not config.quiet,
        timeout_graceful_shutdown=1,
        timeout_keep_alive=5,
        # The spec allows 100 OAuth2 scopes of 4096 chars in a query string (~1.2 MB percent-encoded); h11's
        # default 16 KiB limit would answer such a request with a bare, non-Appwrite 400 and reset the socket.
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
    )


class RunningEmulator:
    """A started emulator; use as a context manager or call :meth:`stop`."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.state = EmulatorState(config)
        self._socket = _bind(config.host, config.port)
        self.host, self.port = self._socket.getsockname()[:2]
        self._server = uvicorn.Server(_uvicorn_config(config, self.state, own_logging=False))
        self._thread = threading.Thread(target=self._run, name=f"appwrite-emulator-{self.port}", daemon=True)
        self._error: BaseException | None = None

    @property
    def endpoint(self) -> str:
        """``http://127.0.0.1:PORT/v1``: what an SDK client is configured with."""
        return f"http://{self.host}:{self.port}/v1"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def outbox(self) -> Outbox:
        return self.state.outbox

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as error:  # surfaced by start()
            self._error = error

    def start(self, timeout: float = 10.0) -> RunningEmulator:
        self._thread.start()
        for _ in range(int(timeout / 0.005)):
            if self._server.started or self._error is not None or not self._thread.is_alive():
                break
            self._thread.join(0.005)
        if not self._server.started:
            self.stop()
            raise RuntimeError("emulator did not start") from self._error
        return self

    def stop(self) -> None:
        """Shut the server down, join its thread and close the database (idempotent)."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(10)
        self._socket.close()
        self.state.close()

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def run_in_thread(config: EmulatorConfig | None = None) -> RunningEmulator:
    """Start an emulator on 127.0.0.1 in a background thread (``config.port`` 0, the default, = any free port)."""
    return RunningEmulator(config or EmulatorConfig(quiet=True)).start()


def serve(config: EmulatorConfig) -> None:
    """Run in the foreground until interrupted; prints the ready line once the socket accepts requests."""
    state = EmulatorState(config)
    sock = _bind(config.host, config.port)
    host, port = sock.getsockname()[:2]
    if config.quiet:
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
    server = uvicorn.Server(_uvicorn_config(config, state, own_logging=True))

    async def main() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started:
            sys.stdout.write(f"appwrite-account emulator listening on http://{host}:{port}/v1\n")
            sys.stdout.flush()
        await task

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into KeyboardInterrupt makes
    # `kill` end the process with status 0 (after closing the database) instead of dying by signal.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        state.close()
