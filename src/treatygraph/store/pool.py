"""A small pool of long-lived worker processes that run queries on the on-disk store, killable on timeout.

pyoxigraph cannot interrupt a running query, so a query that must be
stopped has to run where it can be stopped: a worker process. Each worker
opens the store read-only (``pyoxigraph.Store.read_only``; re-opened when a
rebuild moves the store to another directory), receives one request at a
time over a pipe and sends back the bytes pyoxigraph serialised. When a
query outlives its deadline the parent kills that worker and starts a
fresh one; the other workers, and the clients they serve, are untouched.

Workers start lazily (on first use) as fresh interpreters (``python -c``,
talking over a socket pair), so no thread state of the server is forked and
no ``__main__`` is re-imported. A request waits for a free worker at most
its own deadline.
"""

from __future__ import annotations

import logging
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Mapping, Sequence

from rdflib.term import Node

from .base import BadQuery, StoreError, StoreTimeout, StoreUnavailable

log = logging.getLogger("treatygraph.store")

_ERRORS = {"BadQuery": BadQuery, "StoreUnavailable": StoreUnavailable,
           "StoreTimeout": StoreTimeout, "StoreError": StoreError}


def _worker_main(conn) -> None:  # pragma: no cover - runs in the child process
    from .oxigraph import OxigraphStore

    store, opened = None, None
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if request["path"] != opened:
                store, opened = None, None
                store = OxigraphStore.open(request["path"], read_only=True)
                opened = request["path"]
            body, truncated = store.query_capped(
                request["sparql"], request["media_type"], max_rows=request["max_rows"],
                bindings=request["bindings"], default_graph=request["default_graph"],
                named_graphs=request["named_graphs"], base_iri=request["base_iri"])
            conn.send(("ok", body, truncated))
        except BadQuery as e:
            conn.send(("BadQuery", str(e), False))
        except ValueError as e:  # a format the answer cannot carry
            conn.send(("BadQuery", str(e), False))
        except StoreUnavailable as e:
            conn.send(("StoreUnavailable", str(e), False))
        except Exception as e:  # noqa: BLE001 - reported to the parent, which logs it
            conn.send(("StoreError", f"{type(e).__name__}: {e}", False))


def _child_main(fd: int) -> None:  # pragma: no cover - the worker process's entry point
    _worker_main(Connection(fd))


class _Worker:
    """One worker: a fresh interpreter (``python -c``: nothing of the server is re-imported or forked)."""

    def __init__(self):
        parent, child = socket.socketpair()
        with child:
            self.process = subprocess.Popen(
                [sys.executable, "-c",
                 f"from treatygraph.store.pool import _child_main; _child_main({child.fileno()})"],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL)
        self.conn = Connection(parent.detach())

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        finally:
            self.conn.close()


class QueryPool:
    """``size`` worker processes running queries with a deadline (see the module docstring)."""

    def __init__(self, size: int = 2):
        self.size = max(1, size)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = 0
        self._closed = False
        self.killed = 0  # workers killed on timeout (read by tests and benchmarks)

    def _take(self, deadline: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._started < self.size:
                self._started += 1
                try:
                    return _Worker()
                except Exception:
                    self._started -= 1
                    raise
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise StoreTimeout("every query worker stayed busy until the deadline; "
                               "retry later") from None

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (timed out or broken); a new one starts on demand."""
        worker.kill()
        with self._lock:
            self._started -= 1

    def run(
        self,
        path: str | Path,
        sparql: str,
        media_type: str,
        *,
        timeout: float,
        max_rows: int | None = None,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, bool]:
        """Run a query on the store at ``path`` in a worker: ``(body, truncated)``.

        Raises :class:`StoreTimeout` when it takes longer than ``timeout``
        seconds (the worker is killed), and the store errors the query raised.
        """
        if self._closed:
            raise StoreUnavailable("the query pool is closed")
        deadline = time.monotonic() + timeout
        worker = self._take(deadline)
        request = {"path": str(path), "sparql": sparql, "media_type": media_type,
                   "max_rows": max_rows, "bindings": dict(bindings or {}),
                   "default_graph": default_graph, "named_graphs": named_graphs,
                   "base_iri": base_iri}
        try:
            worker.conn.send(request)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self.killed += 1
                self._retire(worker)
                raise StoreTimeout(f"the query ran longer than {timeout:g} s and was stopped")
            status, payload, truncated = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            self._retire(worker)
            raise StoreError(f"a query worker died: {e}") from e
        self._idle.put(worker)
        if status == "ok":
            return payload, truncated
        raise _ERRORS.get(status, StoreError)(payload)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
