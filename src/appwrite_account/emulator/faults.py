"""Fault injection for ``/v1/account*`` requests (off unless configured).

Spec syntax: ``429=0.1,503=0.05,reset=0.01,delay=0.2:0.5`` -- a probability per fault kind, and for
``delay`` a range of seconds (``delay=0.3`` is a fixed delay) added to every affected request.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import threading
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import SERVER_VERSION, AppwriteError


@dataclass(frozen=True)
class FaultSpec:
    """Probabilities of each injected fault and the delay range (seconds)."""

    rate_limited: float = 0.0  # answer 429 general_rate_limit_exceeded
    unavailable: float = 0.0  # answer 503
    reset: float = 0.0  # drop the connection mid-response
    delay_min: float = 0.0
    delay_max: float = 0.0

    @classmethod
    def parse(cls, spec: str) -> FaultSpec:
        """Parse the CLI syntax; raises ``ValueError`` with a readable message."""
        values: dict[str, float] = {}
        delay = (0.0, 0.0)
        for raw in spec.split(","):
            item = raw.strip()
            if not item:
                continue
            key, sep, value = item.partition("=")
            key = key.strip().lower()
            if not sep:
                raise ValueError(f"fault {item!r}: expected KEY=VALUE")
            if key == "delay":
                low, _, high = value.partition(":")
                delay = (_number(low, item), _number(high or low, item))
                if delay[0] < 0 or delay[1] < delay[0]:
                    raise ValueError(f"fault {item!r}: delay range must be 0 <= MIN <= MAX")
                continue
            names = {"429": "rate_limited", "503": "unavailable", "reset": "reset"}
            if key not in names:
                raise ValueError(f"fault {item!r}: unknown kind (use 429, 503, reset, delay)")
            rate = _number(value, item)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"fault {item!r}: rate must be between 0 and 1")
            values[names[key]] = rate
        if sum(values.values()) > 1.0:
            raise ValueError("fault rates add up to more than 1")
        return cls(delay_min=delay[0], delay_max=delay[1], **values)


def _number(text: str, item: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"fault {item!r}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"fault {item!r}: {text!r} is not a finite number")
    return value


class FaultMiddleware:
    """ASGI middleware drawing one fault per request from a (seedable) random generator."""

    def __init__(self, app: ASGIApp, spec: FaultSpec, seed: int | None = None) -> None:
        self.app = app
        self.spec = spec
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def _draw(self) -> tuple[str | None, float]:
        with self._lock:
            roll = self._random.random()
            delay = self._random.uniform(self.spec.delay_min, self.spec.delay_max)
        edge = 0.0
        for kind, rate in (
            ("429", self.spec.rate_limited),
            ("503", self.spec.unavailable),
            ("reset", self.spec.reset),
        ):
            edge += rate
            if roll < edge:
                return kind, delay
        return None, delay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.startswith("/v1/account"):
            await self.app(scope, receive, send)
            return
        fault, delay = self._draw()
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is None:
            await self.app(scope, receive, send)
        elif fault == "reset":
            await _reset(send)
        else:
            await _error(send, fault)


class InjectedReset(Exception):
    """Raised after a partial response so the server drops the connection."""


async def _reset(send: Send) -> None:
    # ASGI has no "abort"; promising a body and raising mid-way makes uvicorn close the socket,
    # which the client sees as a broken connection (RemoteProtocolError / reset).
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise InjectedReset("injected connection reset")


async def _error(send: Send, fault: str) -> None:
    if fault == "429":
        # A short window (resetting next second) so a client's wait-for-reset retry can be exercised.
        error = AppwriteError("general_rate_limit_exceeded")
        body = json.dumps({**error.body(), "version": SERVER_VERSION}).encode()
        reset = str(int(time.time()) + 1).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"x-ratelimit-limit", b"10"),
            (b"x-ratelimit-remaining", b"0"),
            (b"x-ratelimit-reset", reset),
        ]
    else:
        # What a transient 503 looks like in the wild: the reverse proxy (Traefik in Appwrite's stack) with no
        # backend, plain text. Appwrite's own 503 types (SMTP/SMS/service disabled) are configuration, not load.
        body = b"Service Unavailable"
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", b"1")]
    start: Message = {
        "type": "http.response.start",
        "status": int(fault),
        "headers": [*headers, (b"content-length", str(len(body)).encode())],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
