"""httpcore's DEBUG lines show response headers verbatim; the SDK masks the session-bearing ones."""

from __future__ import annotations

import logging

import pytest

from appwrite_account import Client
from appwrite_account._redact import REDACTED, SecretHeaderFilter, redact

LINE = (
    "receive_response_headers.complete return_value=(b'HTTP/1.1', 201, b'Created', [(b'Content-Type', "
    "b'application/json'), (b'X-Fallback-Cookies', b'{\"a_session_demo\":\"S3CRET-1\"}'), "
    "(b'set-cookie', b'a_session_demo=S3CRET-2; path=/; httponly'), (b\"cookie\", b\"x='S3CRET-3'\"), "
    "(b'x-ratelimit-remaining', b'9')])"
)


def test_redact_masks_only_secret_headers() -> None:
    cleaned = redact(LINE)
    for secret in ("S3CRET-1", "S3CRET-2", "S3CRET-3"):
        assert secret not in cleaned
    assert cleaned.count(REDACTED) == 3
    assert "(b'x-ratelimit-remaining', b'9')" in cleaned
    assert "(b'Content-Type', b'application/json')" in cleaned
    assert redact("nothing to see") == "nothing to see"


def test_filter_rewrites_the_record_and_keeps_it() -> None:
    record = logging.LogRecord("httpcore.http11", logging.DEBUG, __file__, 1, "%s", (LINE,), None)
    assert SecretHeaderFilter().filter(record) is True
    assert "S3CRET" not in record.getMessage()


def test_a_client_installs_the_filter_on_httpcore(caplog: pytest.LogCaptureFixture) -> None:
    with Client("http://127.0.0.1:8080/v1", "demo"):
        pass
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpcore.http11").debug(LINE)
    assert caplog.records
    assert not [r for r in caplog.records if "S3CRET" in r.getMessage()]
