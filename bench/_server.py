"""The loopback benchmark server: a bare ASGI app that answers `GET /v1/account` with a canned user.

Run by `bench._common.loopback_server()` as `uvicorn bench._server:app` on 127.0.0.1. It does as little as
possible, so that the client under test, not the server, is what the figures measure. It is not the emulator.
`GET /__stats` returns (and resets) the number of requests and distinct client connections seen, which is how
the fan-out benchmark shows the size of each client's connection pool.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from bench._common import USER_JSON

Scope = dict[str, Any]
Message = dict[str, Any]

_HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(USER_JSON)).encode())]
_NOT_FOUND = b'{"message":"Route not found.","code":404,"type":"general_route_not_found","version":"1.4.0"}'
_requests = 0
_connections: set[tuple[str, int]] = set()


async def app(
    scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
) -> None:
    global _requests
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["path"] == "/__stats":
        body = json.dumps({"requests": _requests, "connections": len(_connections)}).encode()
        _requests = 0
        _connections.clear()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
        return
    _requests += 1
    if scope.get("client"):
        _connections.add(tuple(scope["client"]))
    if scope["path"] == "/v1/account" and scope["method"] == "GET":
        await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
        await send({"type": "http.response.body", "body": USER_JSON})
        return
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": _NOT_FOUND})
