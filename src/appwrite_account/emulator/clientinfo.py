"""Rough User-Agent parsing for the client/OS/device fields of sessions and logs.

The server uses matomo's device detector; this only recognises the common browsers, OSes and HTTP
libraries, and leaves unknown fields empty (the model default), as the server does for unknown agents.
"""

from __future__ import annotations

import re

CLIENT_FIELDS: tuple[str, ...] = (
    "osCode",
    "osName",
    "osVersion",
    "clientType",
    "clientCode",
    "clientName",
    "clientVersion",
    "clientEngine",
    "clientEngineVersion",
    "deviceName",
    "deviceBrand",
    "deviceModel",
)

_OSES: tuple[tuple[str, str, str], ...] = (
    (r"Windows NT ([\d.]+)", "WIN", "Windows"),
    (r"Android ([\d.]+)", "AND", "Android"),
    (r"(?:iPhone|CPU) OS ([\d_]+)", "IOS", "iOS"),
    (r"Mac OS X ([\d_.]+)", "MAC", "Mac"),
    (r"CrOS", "COS", "Chrome OS"),
    (r"Linux", "LIN", "GNU/Linux"),
)
_BROWSERS: tuple[tuple[str, str, str, str], ...] = (
    (r"Edg/([\d.]+)", "PS", "Microsoft Edge", "Blink"),
    (r"OPR/([\d.]+)", "OP", "Opera", "Blink"),
    (r"Firefox/([\d.]+)", "FF", "Firefox", "Gecko"),
    (r"Chrome/([\d.]+)", "CH", "Chrome", "Blink"),
    (r"Version/([\d.]+).*Safari/", "SF", "Safari", "WebKit"),
)
_LIBRARIES: tuple[tuple[str, str], ...] = (
    (r"python-httpx/([\w.]+)", "Python httpx"),
    (r"python-requests/([\w.]+)", "Python Requests"),
    (r"aiohttp/([\w.]+)", "aiohttp"),
    (r"curl/([\w.]+)", "curl"),
    (r"Wget/([\w.]+)", "Wget"),
    (r"AppwritePythonSDK/([\w.]+)", "Appwrite Python SDK"),
    (r"appwrite-account/([\w.]+)", "appwrite-account"),
)


def client_info(user_agent: str) -> dict[str, str]:
    """Session/log client fields for a User-Agent string (unknown parts are "")."""
    info: dict[str, str] = dict.fromkeys(CLIENT_FIELDS, "")
    for pattern, code, name in _OSES:
        if match := re.search(pattern, user_agent):
            info.update(osCode=code, osName=name, osVersion=(match.groups() or ("",))[0].replace("_", "."))
            break
    for pattern, code, name, engine in _BROWSERS:
        if match := re.search(pattern, user_agent):
            info.update(clientType="browser", clientCode=code, clientName=name, clientVersion=match.group(1))
            info.update(clientEngine=engine)
            mobile = "Mobile" in user_agent
            info["deviceName"] = "smartphone" if mobile else "desktop"
            return info
    for pattern, name in _LIBRARIES:
        if match := re.search(pattern, user_agent, re.IGNORECASE):
            info.update(clientType="library", clientName=name, clientVersion=match.group(1))
            return info
    return info
