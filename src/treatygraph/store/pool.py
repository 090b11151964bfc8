"""Worker processes that run queries on the on-disk store: killable, memory-capped, shared fairly.

pyoxigraph cannot interrupt a running query, so a query that must be
stopped has to run where it can be stopped: a worker process. Each worker
opens the store read-only (``pyoxigraph.Store.read_only``; re-opened when a
rebuild moves the store to another directory), receives one request at a
time over a socket pair and sends back the bytes pyoxigraph serialised.

* **Time**: a query past its deadline has its worker killed (504); a fresh
  worker is started for the next request.
* **Memory**: each worker runs under an address-space limit
  (``RLIMIT_AS``, ``memory_mb``); a query that needs more dies alone and is
  answered :class:`QueryOutOfMemory` naming the limit.
* **Long queries**: a query that has used ``long_after`` seconds of CPU
  gets a lower CPU priority (``nice`` :data:`DEMOTED_NICE`), so short
  queries and the server come first on a busy machine; and, while other
  requests wait, it leaves the ``size`` count: a new worker takes its slot,
  and the long query runs on (still held by its client, still under its
  deadline) in a worker that rejoins the pool, or is stopped, when it ends.
  At most ``size`` long queries run so; past that they keep their slot.
  (CPU time, not wall time: a short query slowed by a busy machine is not
  long.)
* **Cancellation**: :meth:`QueryPool.run` takes an ``asyncio.Event`` that
  the caller sets when its client has gone; the request leaves the queue,
  or its worker is killed, within :data:`POLL` seconds.
* **Fair share**: a client (the caller's key, the remote address) holds at
  most ``per_client`` workers, and the last free worker (the *reserve*) only
  goes to a client holding none. Waiting requests queue per client, and a
  freed slot (the query finished, was killed or its worker crashed) goes at
  once to the next client in round-robin order that may take it. A runaway
  therefore costs its own client; the others keep a worker.

Workers are fresh interpreters (``python -c``; :mod:`.pool_worker`, what
runs in one and the pool's handle on it), so no thread state of the
server is forked and no ``__main__`` is re-imported. All of them start with
:meth:`QueryPool.start` (the server's start-up) or on the first query. One
spare worker, started but not counted in ``size``, takes a killed or
detached worker's place at once while its own replacement starts. A
request waits for a worker at most until its own deadline. Each running
query has one thread of the pool's own executor, so other routes never
wait for threads.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections import Counter, OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from rdflib.term import Node

from .base import BadQuery, StoreError, StoreTimeout, StoreUnavailable
from .pool_worker import OUT_OF_MEMORY_MARKS, Worker, cpu_seconds, renice

log = logging.getLogger("treatygraph.store")

#: Seconds between two looks at a running query's deadline and cancellation.
POLL = 0.1
#: The niceness of a worker whose query used more than ``long_after`` s of CPU (0 normal, 19 lowest).
DEMOTED_NICE = 15


class QueryOutOfMemory(StoreError):
    """The query needed more memory than a worker may use (HTTP 507)."""

    def __init__(self, limit_mb: int | None, detail: str = ""):
        limit = f"{limit_mb} MB" if limit_mb else "the memory available"
        super().__init__(f"the query needed more than {limit} of memory "
                         f"(query_memory_mb, per query worker) and was stopped"
                         + (f": {detail}" if detail else ""))
        self.limit_mb = limit_mb


class QueryCancelled(StoreError):
    """The client went away; its query was dropped from the queue or its worker killed."""


_ERRORS = {"BadQuery": BadQuery, "StoreUnavailable": StoreUnavailable,
           "StoreTimeout": StoreTimeout, "StoreError": StoreError}


@dataclass(eq=False)
class _Ticket:
    """One request's claim on a worker: queued, then granted (a worker, or None: start one)."""

    client: str
    loop: asyncio.AbstractEventLoop
    timeout: float
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    granted: bool = False
    worker: Worker | None = None
    abandoned: bool = False  # the caller stopped waiting (cancelled); the thread kills the worker

    def grant(self, worker: Worker | None) -> bool:
        """Hand the slot over; False when the waiter's event loop is gone (nobody will use it)."""
        try:
            self.loop.call_soon_threadsafe(self.ready.set)
        except RuntimeError:  # the loop was closed
            return False
        self.granted, self.worker = True, worker
        return True


def default_workers() -> int:
    """Worker processes by default: the CPUs this process may use, at least 4, at most 16.

    A worker mostly waits; its count bounds how many queries run at once,
    not CPU use (the kernel shares the cores). At least 4, so that two
    runaways from two addresses (each holding its share of one) leave two
    workers to everyone else on a small machine.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 2
    return min(16, max(4, cpus))


class QueryPool:
    """``size`` worker processes running queries with a deadline, shared fairly (see the module docstring).

    ``per_client``: workers one client may hold at once (default
    ``max(1, size // 4)``); ``memory_mb``: the address-space limit of a
    worker (0 or None: none); ``long_after``: CPU seconds after which a
    query is long (None: never).
    """

    def __init__(self, size: int = 4, *, per_client: int | None = None, memory_mb: int | None = None,
                 long_after: float | None = 0.5):
        self.size = max(1, size)
        self.long_after = long_after
        self.per_client = max(1, min(self.size, per_client or self.size // 4))
        self.reserve = 1 if self.size > 1 else 0
        self.memory_mb = int(memory_mb or 0)
        self._lock = threading.Lock()
        self._idle: list[Worker] = []
        self._spare: Worker | None = None  # started, not counted in size: replaces a killed worker at once
        self._spawning_spare = False
        self._live = 0                     # workers started or being started (idle + short busy)
        self._short = 0                    # slots running a query (counted in size)
        self._long = 0                     # long queries moved out of size (at most size of them)
        self._held: Counter[str] = Counter()
        self._queues: OrderedDict[str, deque[_Ticket]] = OrderedDict()
        # One thread per running query: size short ones and at most size long ones.
        self._threads = ThreadPoolExecutor(2 * self.size, thread_name_prefix="query-worker")
        self._closed = False
        # Read by tests and benchmarks:
        self.killed = 0          # workers killed on timeout
        self.cancelled = 0       # requests dropped because their client went away
        self.out_of_memory = 0   # workers that hit the memory limit

    # ---- the scheduler (_may_take, _dispatch and _withdraw run under self._lock)

    def _may_take(self, client: str) -> bool:
        held = self._held[client]
        free = self.size - self._short
        return held < self.per_client and (held == 0 or free > self.reserve)

    def _dispatch(self) -> None:
        """Give free slots to waiting requests, one client after another (round robin)."""
        while self._queues and self._short < self.size:
            if not self._idle and self._live < self.size and self._spare is not None:
                self._idle.append(self._spare)  # ready at once, where a new one takes a second
                self._spare = None
                self._live += 1
            if not self._idle and self._live >= self.size:
                return
            client = next((c for c in self._queues if self._may_take(c)), None)
            if client is None:
                return
            waiting = self._queues[client]
            ticket = waiting.popleft()
            if waiting:
                self._queues.move_to_end(client)
            else:
                del self._queues[client]
            worker = self._idle.pop() if self._idle else None
            if not ticket.grant(worker):
                if worker is not None:
                    self._idle.append(worker)
                continue
            self._held[client] += 1
            self._short += 1
            if worker is None:
                self._live += 1

    def _withdraw(self, ticket: _Ticket) -> None:
        waiting = self._queues.get(ticket.client)
        if waiting is not None and ticket in waiting:
            waiting.remove(ticket)
            if not waiting:
                del self._queues[ticket.client]

    def _release(self, client: str, worker: Worker | None, broken: bool,
                 detached: bool = False) -> None:
        """A slot is free again (called outside the lock; a broken worker is killed and replaced,
        a detached one killed: it was replaced when it left the count)."""
        if broken and worker is not None:
            worker.discard()
        with self._lock:
            self._held[client] -= 1
            if self._held[client] <= 0:
                del self._held[client]
            if detached:
                self._long -= 1
                if broken or worker is None or self._closed:
                    pass
                elif self._live < self.size:  # rejoin the pool
                    self._live += 1
                    self._idle.append(worker)
                    worker = None
                elif self._spare is None:
                    self._spare, worker = worker, None
            else:
                self._short -= 1
                if broken or worker is None or self._closed:
                    self._live -= 1
                else:
                    self._idle.append(worker)
            self._dispatch()
        if detached and not broken and worker is not None:
            worker.discard()  # no room for it
        elif self._closed and worker is not None and not broken:
            worker.discard()
        elif broken and not detached:
            self._replenish()

    def _detach(self) -> bool:
        """Move a long query's worker out of ``size`` (a new one takes its place); False when
        ``size`` long queries already run (outside the lock)."""
        with self._lock:
            if self._long >= self.size or self._closed:
                return False
            self._long += 1
            self._short -= 1
            self._live -= 1
            self._dispatch()
        self._replenish()
        return True

    def _replenish(self) -> None:
        """Start workers until there are ``size``, and a spare (outside the lock; ``Popen`` takes
        milliseconds, the new interpreter then imports in the background)."""
        with self._lock:
            missing = 0 if self._closed else self.size - self._live
            self._live += missing
            spare = None
            if missing and self._spare is not None:
                spare, self._spare = self._spare, None
            spawn_spare = not self._closed and not self._spawning_spare and self._spare is None
            self._spawning_spare = self._spawning_spare or spawn_spare
        for _ in range(missing):
            try:
                worker, spare = spare or Worker(self.memory_mb), None
            except OSError as e:
                log.error("could not start a query worker: %s", e)
                with self._lock:
                    self._live -= 1
                    self._dispatch()
                continue
            with self._lock:
                self._idle.insert(0, worker)  # last choice: warm workers (at the end) answer sooner
                self._dispatch()
        if not spawn_spare:
            return
        try:
            spare = Worker(self.memory_mb)
        except OSError as e:
            log.error("could not start a spare query worker: %s", e)
        with self._lock:
            self._spawning_spare = False
            if spare is not None and self._spare is None and not self._closed:
                self._spare, spare = spare, None
        if spare is not None:
            spare.discard()

    # ---- running a query

    async def run(
        self,
        path: str | Path,
        sparql: str,
        media_type: str,
        *,
        timeout: float,
        client: str = "",
        cancel: asyncio.Event | None = None,
        max_rows: int | None = None,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, bool]:
        """Run a query on the store at ``path`` in a worker, for ``client``: ``(body, truncated)``.

        Raises :class:`StoreTimeout` when the query (waiting included) takes
        longer than ``timeout`` seconds (a running query's worker is killed),
        :class:`QueryOutOfMemory`, :class:`QueryCancelled` once ``cancel``
        is set, and the store errors the query raised.
        """
        if self._closed:
            raise StoreUnavailable("the query pool is closed")
        deadline = time.monotonic() + timeout
        if self._live < self.size or self._spare is None:
            self._replenish()
        ticket = _Ticket(client, asyncio.get_running_loop(), timeout)
        with self._lock:
            self._queues.setdefault(client, deque()).append(ticket)
            self._dispatch()
        request = {"path": str(path), "sparql": sparql, "media_type": media_type,
                   "max_rows": max_rows, "bindings": dict(bindings or {}),
                   "default_graph": default_graph, "named_graphs": named_graphs,
                   "base_iri": base_iri}
        stop = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
        try:
            await self._wait_for_worker(ticket, stop, deadline)
            work = asyncio.get_running_loop().run_in_executor(
                self._threads, self._exchange, ticket, request, deadline)
            try:
                await asyncio.wait({work, stop} - {None}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                if not work.done():  # cancelled, or the caller itself was cancelled
                    ticket.abandoned = True
            status, payload, truncated = await asyncio.shield(work)
        finally:
            if stop is not None:
                stop.cancel()
        if status == "ok":
            return payload, truncated
        raise _ERRORS.get(status, StoreError)(payload)

    async def _wait_for_worker(self, ticket: _Ticket, stop, deadline: float) -> None:
        waiter = asyncio.ensure_future(ticket.ready.wait())
        interrupted = True  # until the wait returns: the caller itself may be cancelled
        try:
            await asyncio.wait({waiter, stop} - {None}, timeout=max(0.0, deadline - time.monotonic()),
                               return_when=asyncio.FIRST_COMPLETED)
            interrupted = False
        finally:
            waiter.cancel()
            with self._lock:
                granted = ticket.granted
                if not granted:
                    self._withdraw(ticket)
            gone = stop is not None and stop.done()
            if granted and (interrupted or gone or time.monotonic() >= deadline):
                self._release(ticket.client, ticket.worker, broken=False)
                granted = False
        if not granted:
            if gone:
                with self._lock:
                    self.cancelled += 1
                raise QueryCancelled("the client went away while its query waited for a worker")
            raise StoreTimeout("every query worker this client may use stayed busy until the "
                               "deadline; retry later")

    def _exchange(self, ticket: _Ticket, request: dict, deadline: float) -> tuple:
        """In a pool thread: send the request, wait for the answer; the slot is released here."""
        worker, broken, demoted, detached, long = ticket.worker, True, False, False, False
        try:
            if worker is None:
                worker = Worker(self.memory_mb)
            cpu_before = cpu_seconds(worker)
            worker.conn.send(request)

            def check() -> None:
                nonlocal demoted, detached, long
                if (not long and worker.ready and self.long_after is not None
                        and cpu_seconds(worker) - cpu_before >= self.long_after):
                    long = True
                    demoted = renice(worker, DEMOTED_NICE)
                if long and not detached and self._queues:  # others wait: make room
                    detached = self._detach()
                if ticket.abandoned:
                    with self._lock:
                        self.cancelled += 1
                    raise QueryCancelled("the client went away; its query was stopped")
                if time.monotonic() >= deadline:
                    with self._lock:
                        self.killed += 1
                    raise StoreTimeout(f"the query ran longer than {ticket.timeout:g} s "
                                       f"and was stopped")

            while not worker.conn.poll(POLL):
                check()
            reply = worker.conn.recv()
            while reply[0] == "ready":  # a new worker's first message; the answer follows
                worker.ready = True
                cpu_before = cpu_seconds(worker)  # its imports are not the query's CPU time
                while not worker.conn.poll(POLL):
                    check()
                reply = worker.conn.recv()
            # A worker that ran out of memory is not trusted again; a demoted one that
            # cannot get its priority back is replaced.
            broken = reply[0] == "MemoryError" or (demoted and not renice(worker, 0))
        except (EOFError, OSError) as e:
            if worker is not None:
                worker.kill()
                last_words = worker.last_words()
                if any(mark in last_words for mark in OUT_OF_MEMORY_MARKS):
                    with self._lock:
                        self.out_of_memory += 1
                    raise QueryOutOfMemory(self.memory_mb) from None
                log.warning("a query worker died (exit %s): %s", worker.process.returncode,
                            last_words.decode("utf-8", "replace")[-1000:])
            raise StoreError(f"a query worker died: {e}") from e
        finally:
            self._release(ticket.client, worker, broken, detached)
        if reply[0] == "MemoryError":
            with self._lock:
                self.out_of_memory += 1
            raise QueryOutOfMemory(self.memory_mb, reply[1])
        return reply

    def start(self, ready_within: float = 0.0) -> bool:
        """Start every worker now rather than on the first query; with ``ready_within``, wait
        (before serving) until they have imported what they need. True when all are ready."""
        self._replenish()
        deadline = time.monotonic() + ready_within
        with self._lock:
            workers = [*self._idle, *([self._spare] if self._spare else [])]
        return all([w.wait_ready(max(0.0, deadline - time.monotonic())) for w in workers])

    def state(self) -> dict:
        """A snapshot for tests and logs: workers held per client, requests waiting per client."""
        with self._lock:
            return {"held": dict(self._held), "waiting": {c: len(q) for c, q in self._queues.items()},
                    "live": self._live, "idle": len(self._idle), "long": self._long}

    def close(self) -> None:
        """Stop every idle worker; busy ones are killed as they finish."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._live -= len(idle)
            if self._spare is not None:
                idle.append(self._spare)
                self._spare = None
        for worker in idle:
            worker.discard()
        self._threads.shutdown(wait=False)
