"""A circuit breaker in front of a remote store: a server that keeps failing is left alone for a while.

* **closed** (normal): requests go through. ``failures`` consecutive faults
  within ``window`` seconds open it.
* **open**: every request is refused at once with :class:`CircuitOpen` (a
  :class:`StoreUnavailable`, so HTTP 503, with ``Retry-After`` the seconds
  left) without touching the server, for ``cooldown`` seconds.
* **half-open** (after the cooldown): one request is let through as a probe,
  the others are still refused; the probe's success closes the breaker, its
  failure opens it for another cooldown.

Only faults that say the *server* is unwell count: it cannot be reached or
drops the connection, it answers 5xx, or it sends nothing before our
deadline. An answer, even a 4xx or the server's own "query too slow" error,
is a success (it shows the server is up), so one client's bad or heavy
queries cannot open the breaker while others are answered. A request
abandoned by its client counts as neither.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from contextlib import contextmanager
from typing import Iterator

from .base import StoreUnavailable

#: Defaults: consecutive faults that open the breaker, the window they must fall in, the cooldown (seconds).
FAILURES = 5
WINDOW = 30.0
COOLDOWN = 10.0


class CircuitOpen(StoreUnavailable):
    """The breaker is open: the remote store failed repeatedly and is not asked again before ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Outcome:
    """What a request through the breaker tells it: :meth:`fault`, or nothing (a success)."""

    def __init__(self) -> None:
        self.faulty = False
        self.neutral = False

    def fault(self) -> None:
        self.faulty = True

    def ignore(self) -> None:
        """Neither success nor fault (the request was abandoned)."""
        self.neutral = True


class CircuitBreaker:
    """Thread-safe; one per remote store. ``name`` appears in the refusal (the server's URL)."""

    def __init__(self, name: str, *, failures: int = FAILURES, window: float = WINDOW,
                 cooldown: float = COOLDOWN):
        if failures < 1 or window <= 0 or cooldown <= 0:
            raise ValueError("circuit breaker: failures must be >= 1, window and cooldown > 0")
        self.name = name
        self.failures = failures
        self.window = window
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._recent: deque[float] = deque(maxlen=failures)  # times of the current run of faults
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half-open``."""
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if time.monotonic() - self._opened_at >= self.cooldown else "open"

    @contextmanager
    def call(self) -> Iterator[Outcome]:
        """Admit one request (or raise :class:`CircuitOpen`); the block reports how it went on the yielded outcome.

        An exception leaving the block without a verdict counts as a fault
        only if :meth:`Outcome.fault` was called; anything else is a success
        unless :meth:`Outcome.ignore` was called.
        """
        probe = self._admit()
        outcome = Outcome()
        try:
            yield outcome
        finally:
            self._record(outcome, probe)

    def _admit(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return False
            left = self.cooldown - (time.monotonic() - self._opened_at)
            if left <= 0 and not self._probing:
                self._probing = True
                return True
            retry = max(1, math.ceil(left)) if left > 0 else 1
            raise CircuitOpen(
                f"SPARQL server at {self.name} failed {self.failures} times in a row; "
                f"not asking it again for {retry} s (circuit breaker open)", retry)

    def _record(self, outcome: Outcome, probe: bool) -> None:
        with self._lock:
            if probe:
                self._probing = False
            if outcome.neutral and not outcome.faulty:
                return
            now = time.monotonic()
            if not outcome.faulty:
                self._recent.clear()
                self._opened_at = None
                return
            if probe:
                self._opened_at = now
                return
            self._recent.append(now)
            if len(self._recent) == self.failures and now - self._recent[0] <= self.window:
                self._opened_at = now
                self._recent.clear()
