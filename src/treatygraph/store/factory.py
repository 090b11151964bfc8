"""Open the store a :class:`~treatygraph.config.Settings` names: a directory or a SPARQL endpoint URL.

Remote options come from ``settings.extra`` (filled by ``Settings.from_env``
from the environment — config.py stays the only reader of it):

``store_update_url``  SPARQL Update endpoint (``TREATYGRAPH_UPDATE_URL``; default: the query URL)
``store_user``        user for the update endpoint (``TREATYGRAPH_STORE_USER``)
``store_password``    its password (``TREATYGRAPH_STORE_PASSWORD``)
``store_graph_store_url``  Graph Store Protocol endpoint for loading (``TREATYGRAPH_GRAPH_STORE_URL``)
``store_max_rows``    the server's row cap (``TREATYGRAPH_STORE_MAX_ROWS``; default: learned from the server)
``store_breaker_failures``, ``store_breaker_window``, ``store_breaker_cooldown``
                      the circuit breaker (``TREATYGRAPH_STORE_BREAKER_*``; :mod:`treatygraph.store.breaker`)
"""

from __future__ import annotations

from .base import Store

#: Numeric remote-store settings: ``Settings.extra`` key, RemoteStore option, type.
_NUMBERS = (
    ("store_max_rows", "max_rows", int),
    ("store_breaker_failures", "breaker_failures", int),
    ("store_breaker_window", "breaker_window", float),
    ("store_breaker_cooldown", "breaker_cooldown", float),
)


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
        for key, option, kind in _NUMBERS:
            if extra.get(key) not in (None, ""):
                try:
                    options.setdefault(option, kind(extra[key]))
                except ValueError:
                    raise ValueError(f"{key} must be a number, not {extra[key]!r}") from None
        return RemoteStore(location, **options)
    from .oxigraph import OxigraphStore

    return OxigraphStore.open(location, read_only=read_only)
