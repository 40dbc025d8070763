"""The ASGI application: Account routes, emulator tooling routes and Appwrite-style error handling."""

from __future__ import annotations

import html

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from . import routes_account, routes_oauth, routes_tokens
from .config import EmulatorConfig
from .core import ROUTES, EmulatorState, error_response
from .errors import AppwriteError
from .faults import FaultMiddleware

# Importing these modules registers their routes in ROUTES.
_ROUTE_MODULES = (routes_account, routes_tokens, routes_oauth)


async def list_messages(request: Request) -> Response:
    """``GET /v1/emulator/messages[?to=&kind=&project=]``: the outbox, oldest first."""
    state: EmulatorState = request.app.state.emulator
    query = request.query_params
    messages = state.outbox.messages(to=query.get("to"), kind=query.get("kind"), project=query.get("project"))
    return JSONResponse([m.to_json() for m in messages])


async def clear_messages(request: Request) -> Response:
    state: EmulatorState = request.app.state.emulator
    state.outbox.clear()
    return Response(status_code=204)


async def health(_request: Request) -> Response:
    return JSONResponse({"status": "pass"})


async def landing_page(request: Request) -> Response:
    """Default targets of magic-URL links and OAuth redirects (``/auth/...``) on the API host."""
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(v)}</code></td></tr>"
        for k, v in request.query_params.multi_items()
    )
    title = html.escape(request.url.path)
    return HTMLResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1><table>{rows}</table>")


async def _server_error(_request: Request, _exc: Exception) -> Response:
    return error_response(AppwriteError("general_unknown"))


def _http_error(_request: Request, exc: Exception) -> Response:
    # Unknown path or wrong method: utopia answers both with general_route_not_found.
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status in (404, 405):
        return error_response(AppwriteError("general_route_not_found"))
    return error_response(AppwriteError("general_unknown"))


def create_app(config: EmulatorConfig | None = None, state: EmulatorState | None = None) -> ASGIApp:
    """Build the emulator ASGI app. The state (database, outbox) is ``app.state.emulator``."""
    config = config or EmulatorConfig()
    state = state or EmulatorState(config)
    tooling = [
        Route("/v1/emulator/messages", list_messages, methods=["GET"]),
        Route("/v1/emulator/messages", clear_messages, methods=["DELETE"]),
        Route("/v1/emulator/health", health, methods=["GET"]),
        Route("/auth/{rest:path}", landing_page, methods=["GET"]),
    ]
    app = Starlette(
        routes=[*ROUTES, *tooling],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.emulator = state
    if config.faults is not None:
        return FaultMiddleware(app, config.faults, config.fault_seed)
    return app
