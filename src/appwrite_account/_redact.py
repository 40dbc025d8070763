"""Keep session secrets out of httpcore's DEBUG lines.

With DEBUG logging on, httpcore logs every response's headers verbatim, and Appwrite sends the session secret
in `X-Fallback-Cookies` and `Set-Cookie`. The SDK adds a filter to httpcore's loggers that masks the values of
those headers (and of the request-side auth headers, should a version log them); nothing else is changed.
"""

from __future__ import annotations

import logging
import re
import threading

REDACTED = "<redacted>"
SECRET_HEADERS = ("x-fallback-cookies", "set-cookie", "cookie", "x-appwrite-jwt", "x-appwrite-key")
HTTPCORE_LOGGERS = ("httpcore.http11", "httpcore.http2", "httpcore.connection", "httpcore.proxy")

_NAMES = "|".join(re.escape(name) for name in SECRET_HEADERS)
# (b'x-fallback-cookies', b'...') as httpcore writes a header tuple; either quote style of repr().
_HEADER_TUPLE = re.compile(
    rf"""(\(b(['"])(?:{_NAMES})\2,\s*b)(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(\))""",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """`text` with the values of secret-bearing header tuples replaced by `<redacted>`."""
    return _HEADER_TUPLE.sub(lambda m: f"{m.group(1)}'{REDACTED}'{m.group(3)}", text)


class SecretHeaderFilter(logging.Filter):
    """Masks secret header values in a record's message; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_installed = False
_lock = threading.Lock()


def install_log_redaction() -> None:
    """Add the filter to httpcore's loggers, once per process."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        for name in HTTPCORE_LOGGERS:
            logging.getLogger(name).addFilter(SecretHeaderFilter())
        _installed = True


__all__ = ["SecretHeaderFilter", "install_log_redaction", "redact"]
