"""Where the published 1.4 spec lives, and the proxy layer that checks the SDK's requests against it via Prism."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from .published_spec_exceptions import applies

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"
PUBLISHED_PATH = REFERENCE / "appwrite-1.4-account-subset.json"
DIGEST_PATH = REFERENCE / "APPWRITE-1.4-ACCOUNT-CONTRACT.md"
PRISM_BIN = ROOT / ".tools" / "node_modules" / ".bin" / "prism"

#: Prism (Node) usually answers within 2 s; a slow CI machine gets much longer before we give up.
PRISM_START_DEADLINE = 60.0


def load_published() -> dict[str, Any]:
    return json.loads(PUBLISHED_PATH.read_text())


@dataclass(frozen=True)
class Route:
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    op: dict[str, Any]


def routes(published: dict[str, Any]) -> list[Route]:
    """Every operation of the published spec; literal paths first, so `/account/sessions/email` beats `{sessionId}`."""
    found = []
    for template, item in published["paths"].items():
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        for method, op in item.items():
            found.append(Route(op["operationId"], method.upper(), template, re.compile(regex), op))
    return sorted(found, key=lambda r: ("{" in r.template, r.template))


def match(all_routes: list[Route], method: str, path: str) -> Route | None:
    return next((r for r in all_routes if r.method == method and r.pattern.match(path)), None)


@dataclass
class Exchange:
    """One SDK request as sent, what Prism was given, and what Prism answered."""

    operation_id: str | None
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: httpx.Headers
    body: Any  # parsed JSON, or None when there was no body
    applied: set[str] = field(default_factory=set)  # exception ids used on the way to Prism
    undeclared: list[str] = field(default_factory=list)  # names the published spec does not declare
    status: int = 0
    response_headers: httpx.Headers = field(default_factory=httpx.Headers)
    response_body: Any = None


def _declared(route: Route, published: dict[str, Any]) -> tuple[set[str], set[str]]:
    query = {p["name"] for p in route.op.get("parameters", []) if p["in"] == "query"}
    schema = route.op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = published["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return query, set(schema.get("properties", {}))


def to_published(
    request: httpx.Request, published: dict[str, Any], all_routes: list[Route]
) -> tuple[httpx.Request, Exchange]:
    """The request Prism gets: the SDK's own, changed only as `published_spec_exceptions.EXCEPTIONS` allows.

    Also notes every query or body name the published spec does not declare (Prism lets those through).
    """
    path = request.url.path
    route = match(all_routes, request.method, path)
    query = parse_qsl(request.url.query.decode(), keep_blank_values=True)
    raw = request.content
    body = json.loads(raw) if raw else None
    ex = Exchange(
        operation_id=route.operation_id if route else None,
        method=request.method,
        path=path,
        query=query,
        headers=request.headers,
        body=body,
    )
    headers = httpx.Headers(request.headers)
    out_query: list[tuple[str, str]] = []
    for name, value in query:
        if route and name.endswith("[]") and applies("array-query-brackets", route.operation_id):
            ex.applied.add("array-query-brackets")
            name = name[:-2]
        if route and name == "project" and applies("oauth2-project-in-query", route.operation_id):
            ex.applied.add("oauth2-project-in-query")
            headers["X-Appwrite-Project"] = value
            continue
        out_query.append((name, value))
    content = raw
    if route:
        declared_query, declared_body = _declared(route, published)
        ex.undeclared += [f"query {n}" for n, _ in out_query if n not in declared_query]
        if isinstance(body, dict) and content:
            ex.undeclared += [f"body {n}" for n in body if n not in declared_body]
    url = request.url.copy_with(query=urlencode(out_query).encode() if out_query else None)
    return httpx.Request(request.method, url, headers=headers, content=content), ex


def _record_response(ex: Exchange, response: httpx.Response) -> None:
    ex.status = response.status_code
    ex.response_headers = response.headers
    ex.response_body = json.loads(response.content) if response.content else None


class CheckingTransport(httpx.BaseTransport):
    """Sends every SDK request to Prism through `to_published` and records the exchange."""

    def __init__(self, published: dict[str, Any], log: list[Exchange]) -> None:
        self._inner = httpx.HTTPTransport()
        self._published = published
        self._routes = routes(published)
        self.log = log

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        forwarded, ex = to_published(request, self._published, self._routes)
        response = self._inner.handle_request(forwarded)
        content = response.read()
        response.close()
        out = httpx.Response(response.status_code, headers=response.headers, content=content, request=request)
        _record_response(ex, out)
        self.log.append(ex)
        return out

    def close(self) -> None:
        self._inner.close()


class AsyncCheckingTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of `CheckingTransport`."""

    def __init__(self, published: dict[str, Any], log: list[Exchange]) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._published = published
        self._routes = routes(published)
        self.log = log

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        forwarded, ex = to_published(request, self._published, self._routes)
        response = await self._inner.handle_async_request(forwarded)
        content = await response.aread()
        await response.aclose()
        out = httpx.Response(response.status_code, headers=response.headers, content=content, request=request)
        _record_response(ex, out)
        self.log.append(ex)
        return out

    async def aclose(self) -> None:
        await self._inner.aclose()


# -- Prism process ---------------------------------------------------------------------------------------------


@dataclass
class PrismServer:
    url: str
    startup_seconds: float
    log_path: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ready(url: str) -> bool:
    # Any answer from Prism's router means it is serving; an OK with the headers the spec wants means the
    # document is loaded.
    try:
        r = httpx.get(url + "/account", headers={"X-Appwrite-Project": "p", "X-Appwrite-JWT": "j"}, timeout=1.0)
    except httpx.TransportError:
        return False
    return r.status_code == 200


def start_prism(workdir: Path) -> tuple[subprocess.Popen[bytes], PrismServer]:
    """Start Prism on a free loopback port and wait until it serves the published spec."""
    last_error = ""
    for _attempt in range(3):  # the free port can be taken between choosing it and Prism binding it
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = workdir / f"prism-{port}.log"
        started = time.monotonic()
        with log_path.open("wb") as log_file:
            proc = subprocess.Popen(
                [
                    str(PRISM_BIN),
                    "mock",
                    "--errors",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    str(PUBLISHED_PATH),
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=str(workdir),
                env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
            )
        while time.monotonic() - started < PRISM_START_DEADLINE:
            if proc.poll() is not None:
                break
            if _ready(url):
                return proc, PrismServer(url=url, startup_seconds=time.monotonic() - started, log_path=log_path)
            time.sleep(0.1)
        stop_prism(proc)
        last_error = log_path.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"Prism did not start; its last output:\n{last_error}")


def stop_prism(proc: subprocess.Popen[bytes]) -> None:
    """Stop the one process we started, by its own pid."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
