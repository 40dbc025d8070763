"""Local Appwrite 1.4 Account emulator (``python -m appwrite_account.emulator``).

Needs the ``emulator`` extra (starlette, uvicorn, argon2-cffi, pyjwt). The SDK never imports this package.

In tests::

    with run_in_thread(EmulatorConfig(rate_limits=False)) as emulator:
        client = httpx.Client(base_url=emulator.endpoint, headers={"X-Appwrite-Project": "test"})
        ...
        secret = emulator.outbox.latest(to="ann@example.com", kind="recovery").secret
"""

from __future__ import annotations

from .app import create_app
from .config import Argon2Params, EmulatorConfig
from .core import EmulatorState
from .faults import FaultSpec
from .outbox import Outbox, OutboxMessage
from .server import RunningEmulator, run_in_thread, serve

__all__ = [
    "Argon2Params",
    "EmulatorConfig",
    "EmulatorState",
    "FaultSpec",
    "Outbox",
    "OutboxMessage",
    "RunningEmulator",
    "create_app",
    "run_in_thread",
    "serve",
]
