"""A total deadline, and cancellation, for every request a :class:`~treatygraph.store.remote.RemoteStore` sends.

httpx's timeouts bound each socket operation, not the request: a server that
sends its answer one byte every few seconds never trips a read timeout, and
keeps the connection and the calling thread for as long as it likes. Here
every socket operation of a request (connect, TLS, each write, each read of
the headers and of the body) waits at most until the request's deadline, so
the whole request ends by then.

* :func:`within` sets the deadline (and an optional cancel event) for the
  requests the calling thread sends inside it;
* :func:`bound_client` makes an ``httpx.Client`` honour it, by wrapping the
  network backend of httpcore's connection pools;
* :data:`UPSTREAM_CANCEL` (a context variable, so it follows a request into
  the worker thread Starlette runs it in) carries the event the HTTP layer
  sets when the client has gone away or its own deadline has passed.

Past the deadline a read raises ``httpcore.ReadTimeout`` (httpx: ``ReadTimeout``);
once the event is set, :class:`UpstreamCancelled`. Either way httpcore closes
the connection (it never returns a half-read one to the pool), so the remote
server sees it closed and the thread is free.
"""

from __future__ import annotations

import contextvars
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import httpcore
import httpx

from .base import StoreError

#: The event that cancels the upstream requests of the current context (the HTTP layer sets it).
UPSTREAM_CANCEL: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar(
    "treatygraph_upstream_cancel", default=None)

#: Longest single wait on a socket while a cancel event may be set (seconds): how soon a cancel is seen.
POLL = 0.2


class UpstreamCancelled(StoreError):
    """The request to the remote store was abandoned: its client went away or its answer is no longer wanted."""


@dataclass
class _Limit:
    at: float                           # time.monotonic() deadline
    cancel: threading.Event | None

    def remaining(self) -> float:
        if self.cancel is not None and self.cancel.is_set():
            raise UpstreamCancelled("the request to the SPARQL server was cancelled")
        return self.at - time.monotonic()


_local = threading.local()


@contextmanager
def within(seconds: float, cancel: threading.Event | None = None) -> Iterator[None]:
    """Requests sent by this thread inside the block end within ``seconds`` in total, or when ``cancel`` is set."""
    previous = getattr(_local, "limit", None)
    _local.limit = _Limit(time.monotonic() + seconds, cancel)
    try:
        yield
    finally:
        _local.limit = previous


def _current() -> _Limit | None:
    return getattr(_local, "limit", None)


def _wait(limit: _Limit | None, timeout: float | None, error: type[Exception]) -> float | None:
    """How long the next socket operation may wait: the smaller of its own timeout and what the request has left."""
    if limit is None:
        return timeout
    left = limit.remaining()
    if left <= 0:
        raise error("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit = _current()
        if limit is None:
            return self._inner.read(max_bytes, timeout)
        own_end = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = _wait(limit, None if own_end is None else own_end - time.monotonic(), httpcore.ReadTimeout)
            if limit.cancel is not None:
                wait = min(wait, POLL)
            try:
                # A read that times out has consumed nothing, so it may be retried.
                return self._inner.read(max_bytes, max(wait, 0.001))
            except httpcore.ReadTimeout:
                if own_end is not None and time.monotonic() >= own_end:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Not sliced: a write cut in the middle cannot be retried.
        self._inner.write(buffer, _wait(_current(), timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _BoundedStream(self._inner.start_tls(
            ssl_context, server_hostname, _wait(_current(), timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend):
        self._inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        wait = _wait(_current(), timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.connect_tcp(host, port, wait, local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        wait = _wait(_current(), timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bound_client(client: httpx.Client) -> httpx.Client:
    """Make every transport of ``client`` honour :func:`within`; returns the client.

    httpx has no public way to give its transport a network backend, so this
    wraps the one httpcore's pool holds (``HTTPTransport._pool``,
    ``ConnectionPool._network_backend``; httpx 0.28, httpcore 1.0). If a
    later version moves them this fails at once rather than serving unbounded
    requests (``tests/remote/test_remote_deadline.py``).
    """
    transports = [client._transport, *(t for t in client._mounts.values() if t is not None)]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            raise RuntimeError(f"cannot bound the requests of {transport!r}: httpx/httpcore internals changed")
        if not isinstance(backend, _BoundedBackend):
            pool._network_backend = _BoundedBackend(backend)
    return client
