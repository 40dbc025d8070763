"""Retry policy: what is retried, how often, and how long the SDK waits (sleeps recorded, never slept)."""

from __future__ import annotations

import random
import time
import warnings
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import tenacity

from appwrite_account import (
    Account,
    APIConnectionError,
    APITimeoutError,
    AsyncAccount,
    AsyncClient,
    Client,
    RateLimitError,
    ServiceUnavailableError,
    _retry,
)

from . import factories as f
from .conftest import ENDPOINT, PROJECT


@pytest.fixture
def rclient():
    c = Client(ENDPOINT, PROJECT)  # defaults: max_retries=2, max_retry_wait=10
    yield c
    c.close()


@pytest.fixture
async def arclient():
    c = AsyncClient(ENDPOINT, PROJECT)
    yield c
    await c.aclose()


def rate_limited(reset: int) -> httpx.Response:
    return httpx.Response(
        429,
        json=f.error(429, "general_rate_limit_exceeded", "Rate limit for the current endpoint has been exceeded."),
        headers={"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )


def unavailable(type_: str | None = None) -> httpx.Response:
    if type_ is None:
        return httpx.Response(
            503, text="<html>503 Service Temporarily Unavailable</html>", headers={"Content-Type": "text/html"}
        )
    return httpx.Response(503, json=f.error(503, type_))


def assert_backoff(waits: list[float]) -> None:
    for n, wait in enumerate(waits):
        low = min(0.5 * 2**n, 8.0)
        assert low <= wait <= low + 0.25, (n, wait)


def test_defaults() -> None:
    with Client(ENDPOINT, PROJECT) as c:
        assert c.max_retries == 2
        assert c.max_retry_wait == 10.0


def test_429_with_reset_soon_is_waited_out_once(rclient, mock, waits) -> None:
    reset = int(time.time()) + 3
    route = mock.post("/account/sessions/email").mock(
        side_effect=[rate_limited(reset), httpx.Response(201, json=f.session())]
    )
    session = Account(rclient).create_email_session(email="ada@example.com", password="correct-horse")
    assert session.id == "5e5ea5c16897e"
    assert route.call_count == 2
    assert len(waits) == 1
    # Time left in the window (2-3 s, the header has whole seconds) plus 0-0.5 s of jitter.
    assert 1.5 <= waits[0] <= 3.6


async def test_429_with_reset_soon_is_waited_out_once_async(arclient, mock, waits) -> None:
    reset = int(time.time()) + 3
    route = mock.post("/account/sessions/anonymous").mock(
        side_effect=[rate_limited(reset), httpx.Response(201, json=f.session())]
    )
    await AsyncAccount(arclient).create_anonymous_session()
    assert route.call_count == 2
    assert len(waits) == 1
    assert 1.5 <= waits[0] <= 3.6


def test_429_with_reset_an_hour_ahead_is_raised_at_once(rclient, mock, waits) -> None:
    reset = int(time.time()) + 3600
    route = mock.post("/account/sessions/email").mock(return_value=rate_limited(reset))
    with pytest.raises(RateLimitError) as info:
        Account(rclient).create_email_session(email="ada@example.com", password="correct-horse")
    assert route.call_count == 1
    assert waits == []
    assert info.value.reset_at == datetime.fromtimestamp(reset, tz=timezone.utc)


def test_429_without_reset_is_raised_at_once(rclient, mock, waits) -> None:
    route = mock.get("/account").mock(
        return_value=httpx.Response(429, json=f.error(429, "general_rate_limit_exceeded"))
    )
    with pytest.raises(RateLimitError):
        Account(rclient).get()
    assert route.call_count == 1
    assert waits == []


def test_429_repeated_gives_up_after_max_retries(rclient, mock, waits) -> None:
    route = mock.get("/account").mock(side_effect=lambda request: rate_limited(int(time.time()) + 2))
    with pytest.raises(RateLimitError):
        Account(rclient).get()
    assert route.call_count == 3
    assert len(waits) == 2


@pytest.mark.parametrize("max_retries", [1, 2, 3])
def test_503_without_type_retried_with_backoff_then_raised(max_retries, mock, waits) -> None:
    route = mock.get("/account").mock(return_value=unavailable())
    with Client(ENDPOINT, PROJECT, max_retries=max_retries) as c, pytest.raises(ServiceUnavailableError) as info:
        Account(c).get()
    assert route.call_count == max_retries + 1
    assert len(waits) == max_retries
    assert_backoff(waits)
    assert info.value.code == 503


async def test_503_without_type_retried_async(arclient, mock, waits) -> None:
    route = mock.post("/account").mock(side_effect=[unavailable(), unavailable(), httpx.Response(201, json=f.user())])
    user = await AsyncAccount(arclient).create(user_id="unique()", email="ada@example.com", password="correct-horse")
    assert user.id == "64a1b2c3d4e5f"
    assert route.call_count == 3
    assert_backoff(waits)


def test_503_then_success_for_post(rclient, mock, waits) -> None:
    route = mock.post("/account/jwt").mock(side_effect=[unavailable(), httpx.Response(201, json=f.jwt())])
    assert Account(rclient).create_jwt().jwt == f.jwt()["jwt"]
    assert route.call_count == 2
    assert len(waits) == 1


@pytest.mark.parametrize("type_", ["general_smtp_disabled", "general_phone_disabled", "general_service_disabled"])
def test_permanent_503_not_retried(type_, rclient, mock, waits) -> None:
    route = mock.post("/account/recovery").mock(return_value=unavailable(type_))
    with pytest.raises(ServiceUnavailableError) as info:
        Account(rclient).create_recovery(email="ada@example.com", url="https://app.example.com/reset")
    assert info.value.type == type_
    assert route.call_count == 1
    assert waits == []


@pytest.mark.parametrize("status", [400, 401, 404, 409, 500, 502])
def test_other_errors_not_retried(status, rclient, mock, waits) -> None:
    route = mock.get("/account").mock(return_value=httpx.Response(status, json=f.error(status, "x")))
    with pytest.raises(Exception):  # noqa: B017 - mapping is tested elsewhere
        Account(rclient).get()
    assert route.call_count == 1
    assert waits == []


def test_connect_error_retried_for_post(rclient, mock, waits) -> None:
    route = mock.post("/account/sessions/email").mock(
        side_effect=[httpx.ConnectError("[Errno 111] Connection refused"), httpx.Response(201, json=f.session())]
    )
    Account(rclient).create_email_session(email="ada@example.com", password="correct-horse")
    assert route.call_count == 2
    assert len(waits) == 1
    assert_backoff(waits)


def test_connect_error_gives_up(rclient, mock, waits) -> None:
    route = mock.patch("/account/name").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        Account(rclient).update_name(name="Ada")
    assert route.call_count == 3
    assert_backoff(waits)


def test_read_timeout_retried_for_get(rclient, mock, waits) -> None:
    route = mock.get("/account/sessions").mock(
        side_effect=[httpx.ReadTimeout("timed out"), httpx.Response(200, json=f.session_list())]
    )
    assert Account(rclient).list_sessions().total == 2
    assert route.call_count == 2
    assert len(waits) == 1


@pytest.mark.parametrize("exc", [httpx.ReadTimeout("timed out"), httpx.ReadError("Connection reset by peer")])
def test_failure_after_send_not_retried_for_post(exc, rclient, mock, waits) -> None:
    route = mock.post("/account/sessions/email").mock(side_effect=exc)
    with pytest.raises(APIConnectionError) as info:
        Account(rclient).create_email_session(email="ada@example.com", password="correct-horse")
    assert info.value.request_sent is True
    assert route.call_count == 1
    assert waits == []


async def test_read_timeout_not_retried_for_post_async(arclient, mock, waits) -> None:
    route = mock.post("/account/sessions/anonymous").mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError):
        await AsyncAccount(arclient).create_anonymous_session()
    assert route.call_count == 1
    assert waits == []


def test_per_call_max_retries_zero_disables(rclient, mock, waits) -> None:
    route = mock.get("/account").mock(return_value=unavailable())
    with pytest.raises(ServiceUnavailableError):
        Account(rclient).get(max_retries=0)
    assert route.call_count == 1
    assert waits == []


def test_per_call_max_retries_overrides_client(client, mock, waits) -> None:
    # `client` has max_retries=0
    route = mock.get("/account").mock(return_value=unavailable())
    with pytest.raises(ServiceUnavailableError):
        Account(client).get(max_retries=3)
    assert route.call_count == 4
    assert len(waits) == 3


def test_max_retry_wait_bounds_429_waits(mock, waits) -> None:
    reset = int(time.time()) + 5
    route = mock.get("/account").mock(return_value=rate_limited(reset))
    with Client(ENDPOINT, PROJECT, max_retry_wait=1.0) as c, pytest.raises(RateLimitError):
        Account(c).get()
    assert route.call_count == 1
    assert waits == []


# -- the numbers -----------------------------------------------------------------------------------------


def _state(attempt: int, exc: BaseException) -> tenacity.RetryCallState:
    state = tenacity.RetryCallState(retry_object=tenacity.Retrying(), fn=None, args=(), kwargs={})
    state.attempt_number = attempt
    state.outcome = tenacity.Future.construct(attempt, exc, True)
    return state


BACKOFF_TABLE = [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)]


def _jitter_at(monkeypatch, extreme: str) -> None:
    # Whatever tenacity uses for jitter (random.uniform or random.random), pin it to one end.
    if extreme == "low":
        monkeypatch.setattr(random, "uniform", lambda a, b: a)
        monkeypatch.setattr(random, "random", lambda: 0.0)
    else:
        monkeypatch.setattr(random, "uniform", lambda a, b: b)
        monkeypatch.setattr(random, "random", lambda: 1.0)


@pytest.mark.parametrize(("n", "base"), BACKOFF_TABLE)
def test_backoff_table(n, base, monkeypatch) -> None:
    wait = _retry._Wait()
    exc = ServiceUnavailableError("down", code=503)
    _jitter_at(monkeypatch, "low")
    assert wait(_state(n + 1, exc)) == pytest.approx(base)
    _jitter_at(monkeypatch, "high")
    assert base <= wait(_state(n + 1, exc)) <= base + 0.25 + 1e-9
    monkeypatch.undo()
    values = [wait(_state(n + 1, exc)) for _ in range(50)]
    assert all(base <= v <= base + 0.25 for v in values)
    if n < 4:
        assert len(set(values)) > 1  # there is jitter below the cap


@pytest.mark.parametrize("n", [4, 5, 9])
def test_backoff_capped_at_8_including_jitter(n, monkeypatch) -> None:
    # "[0.5*2^n, 0.5*2^n + 0.25], capped at 8": no wait may exceed 8 s.
    wait = _retry._Wait()
    _jitter_at(monkeypatch, "high")
    assert wait(_state(n + 1, ServiceUnavailableError("down", code=503))) <= 8.0


def test_backoff_same_for_connection_errors() -> None:
    wait = _retry._Wait()
    exc = APIConnectionError("refused", request_sent=False)
    for n in range(4):
        value = wait(_state(n + 1, exc))
        assert 0.5 * 2**n <= value <= 0.5 * 2**n + 0.25


def test_rate_limit_wait_uses_reset(monkeypatch) -> None:
    wait = _retry._Wait()
    exc = RateLimitError("limited", reset_at=datetime.now(timezone.utc) + timedelta(seconds=5))
    value = wait(_state(1, exc))
    assert 4.5 <= value <= 5.5
    assert _retry.rate_limit_delay(exc, now=exc.reset_at - timedelta(seconds=7)) == pytest.approx(7.0)
    assert _retry.rate_limit_delay(exc, now=exc.reset_at + timedelta(seconds=7)) == 0.0
    assert _retry.rate_limit_delay(RateLimitError("x")) is None


SHOULD_RETRY = [
    ("503-plain", ServiceUnavailableError("x", code=503), False, True),
    ("503-smtp", ServiceUnavailableError("x", code=503, type="general_smtp_disabled"), False, False),
    ("connect-post", APIConnectionError("x", request_sent=False), False, True),
    ("reset-post", APIConnectionError("x", request_sent=True), False, False),
    ("reset-get", APIConnectionError("x", request_sent=True), True, True),
    ("timeout-post", APITimeoutError("x", request_sent=True), False, False),
    ("timeout-get", APITimeoutError("x", request_sent=True), True, True),
    ("429-soon", RateLimitError("x", reset_at=datetime.now(timezone.utc) + timedelta(seconds=3)), False, True),
    ("429-hour", RateLimitError("x", reset_at=datetime.now(timezone.utc) + timedelta(hours=1)), True, False),
    ("429-none", RateLimitError("x"), True, False),
    ("value-error", ValueError("x"), True, False),
]


@pytest.mark.parametrize(("exc", "safe", "expected"), [c[1:] for c in SHOULD_RETRY], ids=[c[0] for c in SHOULD_RETRY])
def test_should_retry_table(exc, safe, expected) -> None:
    assert _retry.should_retry(exc, safe=safe, max_retry_wait=10.0) is expected


def test_request_emits_no_deprecation_warning(rclient, mock, waits) -> None:
    mock.get("/account").mock(side_effect=[unavailable(), httpx.Response(200, json=f.user())])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Account(rclient).get()
    assert len(waits) == 1
