"""Session cookies and the ``X-Fallback-Cookies`` header, encoded the way Appwrite 1.4 / Swoole do."""

from __future__ import annotations

import ipaddress
import json
import time
from typing import Any
from urllib.parse import quote, unquote

from starlette.responses import Response

from .security import SessionCredentials, decode_session, encode_session

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cookie_name(project: str) -> str:
    """``a_session_<project>``; Set-Cookie lower-cases it (utopia ``addCookie``)."""
    return f"a_session_{project}".lower()


def _expires(timestamp: float) -> str:
    # PHP's cookie date format, built by hand so the process locale cannot change it.
    t = time.gmtime(timestamp)
    day = f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d}-{_MONTHS[t.tm_mon - 1]}-{t.tm_year}"
    return f"{day} {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"


def _domain(hostname: str) -> str | None:
    # No Domain attribute for localhost or an IP address, else "." + API hostname.
    if hostname == "localhost":
        return None
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return "." + hostname
    return None


def _set_cookie(
    response: Response, name: str, value: str, expire: float, max_age: int, hostname: str, same_site: bool
) -> None:
    parts = [f"{name}={quote(value, safe='')}", f"expires={_expires(expire)}", f"Max-Age={max_age}", "path=/"]
    domain = _domain(hostname)
    if domain:
        parts.append(f"domain={domain}")
    parts.append("HttpOnly")
    if same_site:
        parts.append("SameSite=None")
    response.headers.append("set-cookie", "; ".join(parts))


def _fallback_json(value: Any) -> str:
    # PHP json_encode escapes "/" (base64 may contain it); keep the same bytes on the wire.
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def set_session(
    response: Response,
    *,
    project: str,
    user_id: str,
    secret: str,
    expire: float,
    now: float,
    hostname: str,
    fallback: bool,
) -> str:
    """Attach the session (both cookies, and the fallback header when asked); returns the cookie value."""
    value = encode_session(user_id, secret)
    name = cookie_name(project)
    max_age = max(0, int(expire - now))
    _set_cookie(response, name, value, expire, max_age, hostname, same_site=True)
    _set_cookie(response, name + "_legacy", value, expire, max_age, hostname, same_site=False)
    if fallback:
        response.headers["X-Fallback-Cookies"] = _fallback_json({f"a_session_{project}": value})
    return value


def clear_session(response: Response, *, project: str, hostname: str, fallback: bool) -> None:
    """Expire both cookies and send ``X-Fallback-Cookies: []`` (logout, block)."""
    name = cookie_name(project)
    _set_cookie(response, name, "deleted", 1, 0, hostname, same_site=True)
    _set_cookie(response, name + "_legacy", "deleted", 1, 0, hostname, same_site=False)
    if fallback:
        response.headers["X-Fallback-Cookies"] = "[]"


def _parse_cookie_header(header: str) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for chunk in header.split(";"):
        name, sep, value = chunk.strip().partition("=")
        if sep and name:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            # Lower-cased like utopia-php/swoole getCookie; first occurrence wins.
            cookies.setdefault(name.strip().lower(), unquote(value))
    return cookies


def read_session(project: str, cookie_header: str, fallback_header: str | None) -> SessionCredentials | None:
    """Cookie, then legacy cookie, then ``X-Fallback-Cookies`` (JSON object keyed by cookie name)."""
    cookies = _parse_cookie_header(cookie_header)
    name = cookie_name(project)
    for key in (name, name + "_legacy"):
        if key in cookies and (credentials := decode_session(cookies[key])) is not None:
            return credentials
    if not fallback_header:
        return None
    try:
        data: Any = json.loads(fallback_header)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    jar: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    value = jar.get(f"a_session_{project}", jar.get(name))
    return decode_session(value) if isinstance(value, str) else None
