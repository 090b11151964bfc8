"""Settings: where the data, the store and the vocabulary files are, and the URI base.

One object, built once (:meth:`Settings.from_env`) and passed down; nothing
reads the environment anywhere else. Environment variables:

``TREATYGRAPH_BASE``   URI base (default ``https://w3id.org/treatygraph/``)
``TREATYGRAPH_ROOT``   project root holding ``data/``, ``ontology/``, ``shapes/``, ``queries/``
``TREATYGRAPH_STORE``  a directory (embedded store) or an ``http(s)://`` SPARQL endpoint URL
``TREATYGRAPH_MAX_DOCUMENT_BYTES``  the build refuses a larger document file (default 20000000,
    ``treatygraph.build.MAX_DOCUMENT_BYTES``; ``Settings.extra['max_document_bytes']``)
``TREATYGRAPH_UPDATE_URL``      remote store: SPARQL Update endpoint (default: the query URL)
``TREATYGRAPH_STORE_USER``      remote store: user for updates (Basic or Digest, as the server asks)
``TREATYGRAPH_STORE_PASSWORD``  remote store: its password
``TREATYGRAPH_GRAPH_STORE_URL`` remote store: Graph Store Protocol endpoint for fast loading (optional)
``TREATYGRAPH_STORE_MAX_ROWS``  remote store: the server's row cap (default: learned from the server)
``TREATYGRAPH_STORE_BREAKER_FAILURES`` / ``_WINDOW`` / ``_COOLDOWN``  remote store: circuit breaker
                                (default 5 faults in a row within 30 s open it for 10 s; docs/remote-store.md)

``TREATYGRAPH_QUERY_TIMEOUT``           seconds a query may run (default 30; docs/security.md)
``TREATYGRAPH_MAX_ROWS``                solutions/triples one answer may hold (default 100000)
``TREATYGRAPH_MAX_BODY``                bytes of a request body (default 1000000)
``TREATYGRAPH_MAX_CONCURRENT_PER_CLIENT``  requests in flight per client address (default 8)
``TREATYGRAPH_QUERY_WORKERS``           worker processes running queries (default: CPUs, 4 to 16)
``TREATYGRAPH_QUERY_WORKERS_PER_CLIENT``  workers one client may hold at once (default: workers // 4, at least 1)
``TREATYGRAPH_QUERY_MEMORY_MB``         address-space limit of one query worker in MB (default 1024; 0: none)
``TREATYGRAPH_FORWARDED_ALLOW_IPS``     proxies trusted to send ``X-Forwarded-For``/``-Proto``
                                        (comma-separated IPs or CIDR networks, ``*`` for any;
                                        default: none; ``treatygraph.http.clients``)

These limits land in ``Settings.extra`` under the same names in lower case
without the prefix (``query_timeout``, ...; defaults in
``treatygraph.store.budget.DEFAULTS``).
The remote-store variables land in ``Settings.extra`` as
``store_update_url``, ``store_user``, ``store_password``,
``store_graph_store_url``, ``store_max_rows``, ``store_breaker_failures``,
``store_breaker_window``, ``store_breaker_cooldown`` (read by
``treatygraph.store.factory.open_store``).
``TREATYGRAPH_FORWARDED_ALLOW_IPS`` lands in ``Settings.extra["forwarded_allow_ips"]``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .identifiers import DEFAULT_BASE


def _find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding ``ontology/`` and ``data/``."""
    for candidate in [start, *start.parents]:
        if (candidate / "ontology").is_dir() and (candidate / "data").is_dir():
            return candidate
    # Fall back to the source checkout this package was installed from (editable install).
    here = Path(__file__).resolve().parents[2]
    if (here / "ontology").is_dir():
        return here
    return start


#: ``Settings.extra`` keys read from the environment for a remote store.
_REMOTE_STORE_ENV = {
    "store_update_url": "TREATYGRAPH_UPDATE_URL",
    "store_user": "TREATYGRAPH_STORE_USER",
    "store_password": "TREATYGRAPH_STORE_PASSWORD",
    "store_graph_store_url": "TREATYGRAPH_GRAPH_STORE_URL",
    "store_max_rows": "TREATYGRAPH_STORE_MAX_ROWS",
    "store_breaker_failures": "TREATYGRAPH_STORE_BREAKER_FAILURES",
    "store_breaker_window": "TREATYGRAPH_STORE_BREAKER_WINDOW",
    "store_breaker_cooldown": "TREATYGRAPH_STORE_BREAKER_COOLDOWN",
}
#: ``Settings.extra`` keys read from the environment for the build.
_BUILD_ENV = {"max_document_bytes": "TREATYGRAPH_MAX_DOCUMENT_BYTES"}
#: ``Settings.extra`` keys read from the environment for the query limits.
_LIMITS_ENV = {
    "query_timeout": "TREATYGRAPH_QUERY_TIMEOUT",
    "max_rows": "TREATYGRAPH_MAX_ROWS",
    "max_body": "TREATYGRAPH_MAX_BODY",
    "max_concurrent_per_client": "TREATYGRAPH_MAX_CONCURRENT_PER_CLIENT",
    "query_workers": "TREATYGRAPH_QUERY_WORKERS",
    "query_workers_per_client": "TREATYGRAPH_QUERY_WORKERS_PER_CLIENT",
    "query_memory_mb": "TREATYGRAPH_QUERY_MEMORY_MB",
}
#: ``Settings.extra`` keys read from the environment for the HTTP server.
_SERVER_ENV = {
    "forwarded_allow_ips": "TREATYGRAPH_FORWARDED_ALLOW_IPS",
}


@dataclass(frozen=True)
class Settings:
    root: Path
    base: str = DEFAULT_BASE
    store: str = ""  # directory path or SPARQL endpoint URL; "" = root/.treatygraph/store
    extra: dict = field(default_factory=dict, repr=False)  # may hold the store password

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def corpus_dir(self) -> Path:
        """The shared corpus bundled as it comes (``data/corpus/``, see its README.md)."""
        return self.data_dir / "corpus"

    @property
    def document_dirs(self) -> tuple[Path, Path]:
        """Where the build finds documents: ``data/documents/`` and ``data/corpus/``."""
        return (self.documents_dir, self.corpus_dir)

    @property
    def registry_dir(self) -> Path:
        return self.data_dir / "registry"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def store_location(self) -> str:
        return self.store or str(self.root / ".treatygraph" / "store")

    @property
    def store_is_remote(self) -> bool:
        return self.store_location.startswith(("http://", "https://"))

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, root: Path | None = None, **overrides) -> "Settings":
        env = os.environ
        root = Path(env.get("TREATYGRAPH_ROOT") or root or _find_root(Path.cwd())).resolve()
        settings = cls(
            root=root,
            base=env.get("TREATYGRAPH_BASE", DEFAULT_BASE),
            store=env.get("TREATYGRAPH_STORE", ""),
            extra={
                key: env[var]
                for key, var in {**_REMOTE_STORE_ENV, **_LIMITS_ENV, **_SERVER_ENV, **_BUILD_ENV}.items()
                if env.get(var)
            },
        )
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
