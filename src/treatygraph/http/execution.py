"""Running a user query within its budget: the one place ``/sparql``, ``/queries/{name}`` and ``/query`` execute.

* an on-disk embedded store runs the query in the app's
  :class:`~treatygraph.store.pool.QueryPool`, queued under the client's
  address (:func:`~treatygraph.http.clients.client_address`) for its fair share:
  a query past ``query_timeout`` is **stopped** (its worker process is
  killed) and answered 504; one past ``query_memory_mb`` is answered 507;
  a client that disconnects has its query dropped or its worker killed
  (:func:`watching_disconnect`);
* an in-memory store (tests: ``create_app(settings, OxigraphStore.from_graphs(...))``)
  runs in a thread with a deadline: the client gets its 504 on time, but
  the thread runs on to its end (pyoxigraph cannot be interrupted), so this
  fallback bounds the wait, not the work;
* another store (remote) gets the timeout passed down, under the same
  deadline; when the client goes away or the deadline passes, the upstream
  request is cancelled (:data:`~treatygraph.store.deadline.UPSTREAM_CANCEL`):
  its connection is closed and its thread freed.

Results are cut at ``max_rows`` with ``truncated`` True (the route sets the
``Treatygraph-Truncated: true`` header).
"""

from __future__ import annotations

import asyncio
import json
import threading
from contextlib import asynccontextmanager
from functools import partial
from typing import Mapping, Sequence

from fastapi import Request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool

from ..namespaces import bind_prefixes
from ..store.base import BadQuery, QueryResult, Store, StoreTimeout
from ..store.budget import Budget
from ..store.deadline import UPSTREAM_CANCEL
from ..store.pool import QueryCancelled, QueryOutOfMemory
from .clients import client_address
from .errors import ApiError
from .negotiation import Format
from .results import run_serialized

TRUNCATED_HEADER = "Treatygraph-Truncated"


def budget_of(request: Request) -> Budget:
    """The app's limits (``app.state.budget``, else from its settings)."""
    budget = getattr(request.app.state, "budget", None)
    return budget or Budget.from_settings(request.app.state.settings)


@asynccontextmanager
async def watching_disconnect(request: Request):
    """Yields an ``asyncio.Event`` set as soon as the client disconnects (while the block runs).

    It listens on the request's ASGI receive channel, so use it only once the
    request body has been read (or for requests without one).
    """
    gone = asyncio.Event()

    async def watch():
        try:
            while (await request.receive())["type"] != "http.disconnect":
                pass
        except Exception:  # noqa: BLE001 - a receive channel that fails is not a disconnect
            return
        gone.set()

    task = asyncio.ensure_future(watch())
    try:
        yield gone
    finally:
        task.cancel()


async def execute(
    request: Request,
    store: Store,
    sparql: str,
    fmt: Format,
    *,
    bindings: Mapping[str, Node] | None = None,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    base_iri: str | None = None,
) -> tuple[bytes, bool]:
    """Run ``sparql`` on ``store`` within the app's budget: ``(body, truncated)``."""
    budget = budget_of(request)
    pool = getattr(request.app.state, "query_pool", None)
    path = getattr(store, "path", None)
    kwargs = dict(bindings=bindings, default_graph=default_graph, named_graphs=named_graphs,
                  base_iri=base_iri)
    if pool is not None and path is not None and hasattr(store, "query_capped"):
        try:
            async with watching_disconnect(request) as gone:
                return await pool.run(path, sparql, fmt.media_type, timeout=budget.query_timeout,
                                      client=client_address(request.scope), cancel=gone,
                                      max_rows=budget.max_rows, **kwargs)
        except QueryOutOfMemory as e:
            raise ApiError(507, "Insufficient Storage", str(e)) from e
        except QueryCancelled as e:  # nobody reads this answer; a 4xx keeps it out of the error log
            raise ApiError.client_gone(str(e)) from e
    capped = getattr(store, "query_capped", None)
    if capped is not None:
        work = partial(capped, sparql, fmt.media_type, max_rows=budget.max_rows, **kwargs)
    else:
        work = partial(run_serialized, store, sparql, fmt, timeout=budget.query_timeout, **kwargs)
    cancel = threading.Event()
    token = UPSTREAM_CANCEL.set(cancel)  # seen by the worker thread (contextvars follow run_in_threadpool)
    try:
        return await _unless_disconnected(
            request, asyncio.wait_for(run_in_threadpool(work), budget.query_timeout))
    except asyncio.TimeoutError:
        raise StoreTimeout(f"the query ran longer than {budget.query_timeout:g} s") from None
    except ValueError as e:  # a format this answer cannot carry
        raise BadQuery(str(e)) from e
    finally:
        cancel.set()  # answered, timed out or abandoned: an upstream request still running stops
        UPSTREAM_CANCEL.reset(token)


#: Seconds between two looks at whether the client is still connected.
DISCONNECT_POLL = 0.5


async def _unless_disconnected(request: Request, work):
    """Await ``work``; if the client disconnects first, cancel it and raise a 499 (never delivered, never logged)."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=DISCONNECT_POLL)
            if done:
                return task.result()
            if await request.is_disconnected():
                raise ApiError.client_gone(f"{request.method} {request.url.path}: the client went away")
    finally:
        if not task.done():
            task.cancel()


def _term(binding: dict) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    return Literal(value, datatype=URIRef(binding["datatype"]) if "datatype" in binding else None)


async def execute_query(
    request: Request,
    store: Store,
    sparql: str,
    *,
    bindings: Mapping[str, Node] | None = None,
) -> QueryResult:
    """:func:`execute` for routes that want rdflib terms (the HTML pages): a :class:`QueryResult`.

    The query runs within the same budget (killable worker, row cap); the
    answer travels as SPARQL JSON or N-Triples and is read back here.
    """
    from ..store.forms import shape
    from .negotiation import by_name

    kind = (await run_in_threadpool(shape, sparql)).kind  # user text: off the event loop
    fmt = by_name("ntriples") if kind == "graph" else by_name("json")
    body, truncated = await execute(request, store, sparql, fmt, bindings=bindings,  # type: ignore[arg-type]
                                    base_iri=request.app.state.settings.base)
    if kind == "graph":
        graph = bind_prefixes(Graph())
        graph.parse(data=body.decode("utf-8"), format="nt")
        return QueryResult(kind="graph", graph=graph, truncated=truncated)
    doc = json.loads(body)
    if "boolean" in doc:
        return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
    variables = doc["head"]["vars"]
    rows = [tuple(_term(b[v]) if v in b else None for v in variables)
            for b in doc["results"]["bindings"]]
    return QueryResult(kind="select", variables=variables, rows=rows, truncated=truncated)
