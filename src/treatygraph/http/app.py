"""The FastAPI application factory: :func:`create_app`.

No module-global state: everything a route needs is on ``request.app.state``
(``settings``, ``store``, ``named_queries``), set here. Tests build an app per
fixture with their own store.

Adding routes: write a module in ``treatygraph/http/`` exposing
``router = APIRouter()``, import it below and append it to :data:`ROUTERS`.
Routers are included in list order, so put catch-all paths last.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI

from ..config import Settings
from ..store.base import Store, StoreUnavailable
from . import errors, linked_data, named, pages, sparql
from .deps import get_settings, get_store  # noqa: F401  (re-exported for routers)

log = logging.getLogger("treatygraph.http")

#: Every router of the app, in inclusion order. Append yours here.
ROUTERS: list[APIRouter] = [
    sparql.router,
    named.router,
    linked_data.router,
    pages.router,
]


def open_store(settings: Settings) -> Store:
    """The store to serve, read-only.

    A remote SPARQL endpoint (``settings.store_is_remote``) is opened by
    :func:`treatygraph.store.factory.open_store`; otherwise the embedded store
    the last build made: ``treatygraph.build.open_store_path(settings)`` when
    the build module provides it, else ``settings.store_location``.
    """
    if settings.store_is_remote:
        from ..store.factory import open_store as open_configured

        return open_configured(settings, read_only=True)
    from ..store.oxigraph import OxigraphStore

    try:
        from ..build import open_store_path
    except ImportError:
        path = settings.store_location
    else:
        path = open_store_path(settings)
    return OxigraphStore.open(path, read_only=True)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """A new app serving ``store`` (opened from ``settings`` when not given)."""
    app = FastAPI(
        title="treatygraph",
        description="A knowledge graph of how multilateral environmental agreements link to each other.",
        docs_url="/api", redoc_url=None,
    )
    app.state.settings = settings
    app.state.store_error = None
    if store is None:
        try:
            store = open_store(settings)
        except StoreUnavailable as e:
            # Serve anyway: every route needing the store answers 503 until a restart.
            log.error("%s", e)
            app.state.store_error = str(e)
    app.state.store = store
    app.state.named_queries = named.load_catalogue(settings)
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
