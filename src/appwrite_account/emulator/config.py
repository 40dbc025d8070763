"""Emulator settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .faults import FaultSpec


@dataclass(frozen=True)
class Argon2Params:
    """argon2id cost parameters (argon2-cffi names). The defaults are cheap on purpose: tests hash a lot."""

    time_cost: int = 1
    memory_cost: int = 1024  # KiB
    parallelism: int = 1


@dataclass
class EmulatorConfig:
    """How an emulator instance behaves.

    ``projects`` empty means every ``X-Appwrite-Project`` value is a project (created on first use).
    ``allow_hosts`` are the hostnames accepted in redirect URLs (``url``, ``success``, ``failure``);
    the emulator's own host is always accepted too, like the API host on the real server.
    ``clock`` returns Unix seconds; tests replace it to move time forward.
    """

    host: str = "127.0.0.1"
    port: int = 0  # 0 = any free port (the CLI defaults to 8080)
    db_path: str | None = None
    projects: tuple[str, ...] = ()
    allow_hosts: tuple[str, ...] = ("localhost", "127.0.0.1")
    rate_limits: bool = True
    faults: FaultSpec | None = None
    fault_seed: int | None = None
    quiet: bool = False
    argon2: Argon2Params = field(default_factory=Argon2Params)
    jwt_key: str | None = None  # random per instance when None
    session_duration: int = 31_536_000  # seconds (project auths.duration default: 1 year)
    max_sessions: int = 10  # APP_LIMIT_USER_SESSIONS_DEFAULT
    clock: Callable[[], float] = time.time
