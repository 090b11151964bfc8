"""One query worker process: what runs in it, and the pool's handle on it.

The child side (:func:`child_main`, started as ``python -c``: nothing of the
server is re-imported or forked) sets its address-space limit, opens the
store read-only (again when a rebuild moves it) and answers one request at a
time over its socket with the bytes pyoxigraph serialised, or the name of
the error. The parent side (:class:`Worker`) starts it, kills it, reads its
last words, its CPU time and sets its niceness. Scheduling queries on
workers is :mod:`.pool`'s business.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from multiprocessing.connection import Connection

from .base import BadQuery, StoreUnavailable

#: What a worker prints when an allocation fails (Rust's handler; Python's MemoryError).
OUT_OF_MEMORY_MARKS = (b"memory allocation of", b"MemoryError")


def _worker_main(conn) -> None:  # pragma: no cover - runs in the child process
    from .oxigraph import OxigraphStore

    conn.send(("ready", None, False))  # imports done: the parent may now count on this worker
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
        except MemoryError as e:
            conn.send(("MemoryError", str(e), False))
        except ValueError as e:  # a format the answer cannot carry
            conn.send(("BadQuery", str(e), False))
        except StoreUnavailable as e:
            conn.send(("StoreUnavailable", str(e), False))
        except Exception as e:  # noqa: BLE001 - reported to the parent, which logs it
            conn.send(("StoreError", f"{type(e).__name__}: {e}", False))


def child_main(fd: int, memory_mb: int = 0) -> None:  # pragma: no cover - the worker's entry point
    if memory_mb:
        import resource

        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _worker_main(Connection(fd))


class Worker:
    """One worker: a fresh interpreter (``python -c``: nothing of the server is re-imported or forked).

    Its stderr goes to a temporary file, read when it dies to tell an
    allocation failure from another crash.
    """

    def __init__(self, memory_mb: int):
        parent, child = socket.socketpair()
        self.stderr = tempfile.TemporaryFile()
        # Few malloc arenas: the address-space cap then measures what queries use, not
        # per-thread reservations; no Rust backtrace (one line says what failed).
        env = {**os.environ, "MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0"}
        with child:
            self.process = subprocess.Popen(
                [sys.executable, "-c",
                 f"from treatygraph.store.pool_worker import child_main; "
                 f"child_main({child.fileno()}, {int(memory_mb)})"],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stderr=self.stderr, env=env)
        self.conn = Connection(parent.detach())
        self.ready = False  # its "ready" message has been read

    def wait_ready(self, timeout: float) -> bool:
        """Read the worker's "ready" message if it comes within ``timeout`` s (only while idle)."""
        if not self.ready and self.conn.poll(timeout):
            self.ready = self.conn.recv()[0] == "ready"
        return self.ready

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        finally:
            self.conn.close()

    def discard(self) -> None:
        """Kill the worker and drop its stderr file."""
        try:
            self.kill()
        finally:
            self.stderr.close()

    def last_words(self) -> bytes:
        """The end of what the worker wrote to stderr (call after :meth:`kill`)."""
        try:
            self.stderr.seek(0, os.SEEK_END)
            size = self.stderr.tell()
            self.stderr.seek(max(0, size - 4096))
            return self.stderr.read()
        except (OSError, ValueError):  # ValueError: already closed
            return b""


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(worker: Worker) -> float:
    """CPU seconds the worker process has used (0 where /proc is missing)."""
    try:
        with open(f"/proc/{worker.process.pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0.0


def renice(worker: Worker, nice: int) -> bool:
    """Set a worker's niceness; False when not allowed (raising priority needs privilege)."""
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, nice)
        return True
    except (OSError, AttributeError):
        return False
