"""The FastAPI application factory: :func:`create_app`.

No module-global state: everything a route needs is on ``request.app.state``
(``settings``, ``store``, ``named_queries``), set here. Tests build an app per
fixture with their own store.

Adding routes: write a module in ``treatygraph/http/`` exposing
``router = APIRouter()``, import it below and append it to :data:`ROUTERS`.
Routers are included in list order, so put catch-all paths last.

Middleware, outermost first: trusted proxy headers (only when configured,
:mod:`~treatygraph.http.clients`), CORS headers on every answer
(:mod:`~treatygraph.http.cors`), the per-client limits (:mod:`~treatygraph.http.limits`).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import logging

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from ..config import Settings
from ..store.base import Store
from ..store.budget import Budget
from . import clients, dumps, errors, health, linked_data, named, openapi, pages, sparql, tools
from .cors import CorsHeaders
from .limits import ClientLimits
from .deps import get_settings, get_store  # noqa: F401  (re-exported for routers)
from .store_source import StoreSource, open_store  # noqa: F401  (open_store re-exported for the CLI)

log = logging.getLogger("treatygraph.http")

#: Seconds the server waits at start-up for its query workers to be ready.
WORKERS_READY_WITHIN = 60.0

#: Every router of the app, in inclusion order. Append yours here.
ROUTERS: list[APIRouter] = [
    health.router,
    tools.router,
    sparql.router,
    named.router,
    linked_data.router,
    dumps.router,
    pages.router,
]


@asynccontextmanager
async def _lifespan(app: FastAPI):
    pool = getattr(app.state, "query_pool", None)
    if pool is not None:  # the query workers start with the server, and it serves once they are ready
        if not await run_in_threadpool(pool.start, WORKERS_READY_WITHIN):
            log.warning("query workers not ready after %s s; serving anyway", WORKERS_READY_WITHIN)
    yield
    if pool is not None:
        pool.close()  # stop the query workers with the server


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """A new app serving ``store``, or, when not given, the store ``settings`` names.

    A store opened here follows rebuilds (:class:`~treatygraph.http.store_source.StoreSource`).
    """
    app = FastAPI(
        title="treatygraph",
        description="A knowledge graph of how multilateral environmental agreements link to each other.",
        docs_url=None, redoc_url=None, lifespan=_lifespan,  # /api: Swagger UI from the package (http.tools)
    )
    app.state.settings = settings
    app.state.store_error = None
    app.state.store_source = None
    if store is None:
        # Serve even without a store (routes answer 503) and follow rebuilds.
        source = StoreSource(settings)
        source.open()
        app.state.store_source = source
        store, app.state.store_error = source.store, source.error
    app.state.store = store
    app.state.named_queries = named.load_catalogue(settings)
    # Limits (docs/security.md): queries on the on-disk store run in killable workers.
    app.state.budget = budget = Budget.from_settings(settings)
    app.state.query_pool = None
    if app.state.store_source is not None and not settings.store_is_remote:
        from ..store.pool import QueryPool

        app.state.query_pool = QueryPool(budget.query_workers,
                                         per_client=budget.query_workers_per_client,
                                         memory_mb=budget.query_memory_mb)
    app.add_middleware(ClientLimits, budget=budget)
    app.add_middleware(CorsHeaders)
    clients.install(app, settings)  # added last: runs first
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    openapi.install(app)
    return app
