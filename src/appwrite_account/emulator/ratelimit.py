"""Fixed, hour-aligned rate-limit windows (utopia-php/abuse ``TimeLimit`` semantics)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

WINDOW = 3600  # abuse-time of every Account route


@dataclass(frozen=True)
class Verdict:
    """Outcome of one check: header values, and whether the call is over the limit."""

    limit: int
    remaining: int
    reset: int  # Unix seconds: end of the current window
    exceeded: bool


class RateLimiter:
    """In-memory hit counters keyed by (project, key, window)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._hits: dict[tuple[str, str, int], int] = {}

    def check(self, project: str, key: str, limit: int, now: float) -> Verdict:
        """Count one call; with limits disabled nothing is counted but headers are still computed."""
        window = int(now // WINDOW) * WINDOW
        slot = (project, key, window)
        with self._lock:
            hits = self._hits.get(slot, 0)
            exceeded = self.enabled and hits >= limit
            if self.enabled and not exceeded:
                self._hits[slot] = hits + 1
                self._forget_before(window)
        return Verdict(limit=limit, remaining=max(0, limit - (hits + 1)), reset=window + WINDOW, exceeded=exceeded)

    def _forget_before(self, window: int) -> None:
        if len(self._hits) > 10_000:  # keep memory bounded on long-running demos
            for slot in [s for s in self._hits if s[2] < window]:
                del self._hits[slot]

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
