"""Which store an app serves, and following a rebuild without a restart.

:func:`open_store` opens what ``settings`` names, read-only. When the app
opened its store itself (``create_app(settings)`` without a store), a
:class:`StoreSource` on ``app.state.store_source`` re-resolves the embedded
store's directory (``treatygraph.build.open_store_path``, symlinks resolved)
at most every ``check_every`` seconds (:data:`CHECK_EVERY`) and, when a build has swapped in
another directory, or a store has appeared where there was none, opens it
and serves it from the next request on. Requests already running keep the
store object they hold.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from ..config import Settings
from ..store.base import Store, StoreUnavailable

log = logging.getLogger("treatygraph.http")

#: Seconds between two looks at where the current build is.
CHECK_EVERY = 2.0


def store_path(settings: Settings) -> Path:
    """The embedded store directory to serve: the build's current one, symlinks resolved."""
    try:
        from ..build import open_store_path
    except ImportError:
        path = Path(settings.store_location)
    else:
        try:
            path = Path(open_store_path(settings))
        except (FileNotFoundError, LookupError) as e:
            raise StoreUnavailable(f"no build yet: {e}") from e  # e says what to run
    return path.resolve()


def open_store(settings: Settings) -> Store:
    """The store to serve, read-only.

    A remote SPARQL endpoint (``settings.store_is_remote``) is opened by
    :func:`treatygraph.store.factory.open_store`; otherwise the embedded store
    the last build made (:func:`store_path`).
    """
    if settings.store_is_remote:
        from ..store.factory import open_store as open_configured

        return open_configured(settings, read_only=True)
    from ..store.oxigraph import OxigraphStore

    return OxigraphStore.open(store_path(settings), read_only=True)


class StoreSource:
    """Opens the served store from settings and re-opens it after a rebuild (embedded stores)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.path: Path | None = None
        self.store: Store | None = None
        self.error: str | None = None
        self.check_every = CHECK_EVERY
        self._checked = 0.0
        self._lock = threading.Lock()

    def open(self) -> None:
        """Open the store now; on failure keep the error (served as 503)."""
        try:
            path = None if self.settings.store_is_remote else store_path(self.settings)
            self.store, self.path, self.error = open_store(self.settings), path, None
        except StoreUnavailable as e:
            log.error("%s", e)
            self.error = str(e)
        self._checked = time.monotonic()

    def current(self) -> Store | None:
        """The store to use for this request, re-opened if the build moved."""
        if self.settings.store_is_remote or time.monotonic() - self._checked < self.check_every:
            return self.store
        with self._lock:
            if time.monotonic() - self._checked < self.check_every:
                return self.store
            self._checked = time.monotonic()
            try:
                path = store_path(self.settings)
            except StoreUnavailable:
                return self.store
            if path != self.path or self.store is None:
                previous = self.path
                self.open()
                if self.store is not None and self.path != previous:
                    log.info("serving the store at %s (was %s)", self.path, previous)
            return self.store
