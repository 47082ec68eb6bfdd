"""Login rate limiting: after N failed logins for one username from one address, wait.

Keyed by (username, client address) so an attacker cannot lock a colleague out from elsewhere
and cannot spray one address over many usernames without each key filling up separately. The
state is in memory: one server process is the deployment this app ships with; a multi-process
deployment would put it in the database or a shared cache.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LoginLimiter:
    """Sliding window of failure timestamps per key."""

    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until the next attempt is allowed; 0 when allowed now."""
        key = (username.strip().lower(), address)
        with self._lock:
            now = self._clock()
            times = self._prune(key, now)
            if len(times) < self.max_failures:
                return 0
            return max(1, int(self.window - (now - times[0]) + 0.999))

    def failed(self, username: str, address: str) -> None:
        key = (username.strip().lower(), address)
        with self._lock:
            now = self._clock()
            self._prune(key, now).append(now)
            if len(self._failures) > 10_000:  # bound memory under a username-spraying attack
                for stale in [k for k, v in self._failures.items() if not v]:
                    del self._failures[stale]

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop((username.strip().lower(), address), None)
