"""When and how long to wait before trying a request again (tenacity), decided once for sync and async.

Policy, in numbers (defaults: `max_retries=2`, so at most 3 attempts; `max_retry_wait=10` s):
  * 429: waited out only when the window the server announces (`X-RateLimit-Reset`) ends within
    `max_retry_wait`; the wait is the time left plus 0-0.5 s of jitter. Appwrite's windows are an hour long,
    so most 429s are raised at once, carrying `reset_at`.
  * 503 without a permanent Appwrite type (SMTP/SMS/service disabled are permanent), and connection failures
    before the request left (refused, DNS, connect timeout): exponential backoff 0.5 s, 1 s, 2 s ... plus
    0-0.25 s of jitter, capped at 8 s in all; any method.
  * Failures after the request may have reached the server (read timeout, reset mid-response): retried
    only for GET, which cannot change anything.
Every retry is logged at DEBUG, without headers or bodies.

tenacity is imported only when an attempt fails in a way worth retrying: most calls succeed at once, and
building a `Retrying` object per call cost more than the rest of the SDK's per-call work (docs/benchmarks.md).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._exceptions import APIConnectionError, RateLimitError, ServiceUnavailableError

if TYPE_CHECKING:
    import tenacity

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")

log = logging.getLogger("appwrite_account")

#: 503 types that describe the server's configuration: asking again cannot help.
PERMANENT_503_TYPES = frozenset({"general_smtp_disabled", "general_phone_disabled", "general_service_disabled"})
BACKOFF_INITIAL = 0.5
BACKOFF_MAX = 8.0
BACKOFF_JITTER = 0.25
RATE_LIMIT_JITTER = 0.5


def rate_limit_delay(exc: RateLimitError, now: datetime | None = None) -> float | None:
    """Seconds until the announced window ends, or None when the server announced none."""
    if exc.reset_at is None:
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (exc.reset_at - now).total_seconds())


def should_retry(exc: BaseException, *, safe: bool, max_retry_wait: float) -> bool:
    """Whether a failed attempt may be tried again."""
    if isinstance(exc, RateLimitError):
        delay = rate_limit_delay(exc)
        return delay is not None and delay <= max_retry_wait
    if isinstance(exc, ServiceUnavailableError):
        return exc.type not in PERMANENT_503_TYPES
    if isinstance(exc, APIConnectionError):
        return safe or not exc.request_sent
    return False


class _Wait:
    """Wait for the rate-limit window when that is the reason, else back off exponentially (a tenacity wait)."""

    def __init__(self) -> None:
        import tenacity

        # 0.5 s, 1 s, 2 s, ... plus up to 0.25 s of jitter (stable tenacity API since 8.x); capped below.
        self._backoff = tenacity.wait_exponential(multiplier=BACKOFF_INITIAL, max=BACKOFF_MAX) + tenacity.wait_random(
            0, BACKOFF_JITTER
        )

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, RateLimitError):
            delay = rate_limit_delay(exc)
            if delay is not None:
                return delay + random.uniform(0, RATE_LIMIT_JITTER)
        return min(BACKOFF_MAX, float(self._backoff(retry_state)))


def _log_retry(retry_state: tenacity.RetryCallState) -> None:
    exc = retry_state.outcome.exception() if retry_state.outcome else None
    wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
    log.debug(
        "retrying %s after attempt %d failed with %s; waiting %.2fs",
        getattr(retry_state.fn, "__name__", "request"),
        retry_state.attempt_number,
        type(exc).__name__,
        wait,
    )


def _sync_sleep(seconds: float) -> None:
    time.sleep(seconds)


async def _async_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def retry_options(*, safe: bool, max_retries: int, max_retry_wait: float) -> dict[str, Any]:
    """Keyword arguments for `tenacity.Retrying` / `AsyncRetrying`, identical for both."""
    import tenacity

    return {
        "retry": tenacity.retry_if_exception(lambda exc: should_retry(exc, safe=safe, max_retry_wait=max_retry_wait)),
        "wait": _Wait(),
        "stop": tenacity.stop_after_attempt(max_retries + 1),
        "before_sleep": _log_retry,
        "reraise": True,
    }


def sync_retrying(**options: Any) -> tenacity.Retrying:
    import tenacity

    return tenacity.Retrying(sleep=lambda s: _sync_sleep(s), **options)


def async_retrying(**options: Any) -> tenacity.AsyncRetrying:
    import tenacity

    return tenacity.AsyncRetrying(sleep=lambda s: _async_sleep(s), **options)


class _Replay(Generic[A, R]):
    """The attempt function handed to tenacity after a first attempt failed outside it.

    Its first call raises that failure again instead of sending, so tenacity's attempt numbers, waits, logging
    and stop rule are exactly those of a loop that had run from the first attempt.
    """

    def __init__(self, send: Callable[[A], R], first: BaseException) -> None:
        self._send = send
        self._first: BaseException | None = first
        self.__name__ = getattr(send, "__name__", "request")  # what `_log_retry` names

    def __call__(self, request: A) -> R:
        first, self._first = self._first, None
        if first is not None:
            raise first
        return self._send(request)


def call_with_retries(send: Callable[[A], T], request: A, *, safe: bool, max_retries: int, max_retry_wait: float) -> T:
    """`send(request)`, retried under the policy above; tenacity steps in only after a retryable failure."""
    try:
        return send(request)
    except Exception as exc:
        if max_retries < 1 or not should_retry(exc, safe=safe, max_retry_wait=max_retry_wait):
            raise
        first = exc
    retrying = sync_retrying(**retry_options(safe=safe, max_retries=max_retries, max_retry_wait=max_retry_wait))
    result: T = retrying(_Replay(send, first), request)
    return result


async def acall_with_retries(
    send: Callable[[A], Awaitable[T]], request: A, *, safe: bool, max_retries: int, max_retry_wait: float
) -> T:
    """The asyncio twin of `call_with_retries`."""
    try:
        return await send(request)
    except Exception as exc:
        if max_retries < 1 or not should_retry(exc, safe=safe, max_retry_wait=max_retry_wait):
            raise
        first = exc
    retrying = async_retrying(**retry_options(safe=safe, max_retries=max_retries, max_retry_wait=max_retry_wait))
    replay = _Replay(send, first)

    async def attempt(request: A) -> T:
        return await replay(request)

    attempt.__name__ = replay.__name__
    result: T = await retrying(attempt, request)
    return result
