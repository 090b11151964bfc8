"""Open the store a :class:`~treatygraph.config.Settings` names: a directory or a SPARQL endpoint URL.

Remote options come from ``settings.extra`` (filled by ``Settings.from_env``
from the environment — config.py stays the only reader of it):

``store_update_url``  SPARQL Update endpoint (``TREATYGRAPH_UPDATE_URL``; default: the query URL)
``store_user``        user for the update endpoint (``TREATYGRAPH_STORE_USER``)
``store_password``    its password (``TREATYGRAPH_STORE_PASSWORD``)
``store_graph_store_url``  Graph Store Protocol endpoint for loading (``TREATYGRAPH_GRAPH_STORE_URL``)
"""

from __future__ import annotations

from .base import Store


def open_store(settings, *, read_only: bool = True, **options) -> Store:
    """The embedded store at ``settings.store_location``, or a :class:`RemoteStore` for an ``http(s)://`` URL.

    ``options`` go to :class:`RemoteStore` (timeouts, ``max_rows``, ...) and
    override the credentials from ``settings.extra``.
    """
    location = settings.store_location
    if settings.store_is_remote:
        from .remote import RemoteStore

        extra = settings.extra or {}
        options.setdefault("update_url", extra.get("store_update_url") or None)
        options.setdefault("user", extra.get("store_user") or None)
        options.setdefault("password", extra.get("store_password") or None)
        options.setdefault("graph_store_url", extra.get("store_graph_store_url") or None)
        options.setdefault("read_only", read_only)
        return RemoteStore(location, **options)
    from .oxigraph import OxigraphStore

    return OxigraphStore.open(location, read_only=read_only)
