"""Real Virtuoso servers for the remote-store tests.

Fixtures others may use:

* ``virtuoso`` (session, in ``tests/conftest.py``): the shared throwaway Virtuoso.
* ``virtuoso_store`` (function, params ``update``/``gsp``): a
  :class:`RemoteStore` against it, with update rights (``/sparql-auth``,
  Digest, dba/dba — this server only), loading by SPARQL Update or by the
  Graph Store Protocol.
* ``virtuoso_factory`` (function): starts extra servers for fault tests
  (pause, kill, stop) so the shared one is never broken; all stopped after.

Where ``virtuoso-t`` is not installed these tests skip, unless ``CI=true``,
where a missing Virtuoso fails the run.
"""

from __future__ import annotations

import pytest

from virtuoso_server import TEST_MAX_ROWS, VirtuosoServer, require_virtuoso  # noqa: F401  (re-exported)


@pytest.fixture(params=["update", "gsp"])
def virtuoso_store(virtuoso, request):
    """A RemoteStore (query + authenticated update) against the shared test Virtuoso.

    Parametrized over the two loading paths: SPARQL Update batches, Graph Store Protocol.
    """
    store = virtuoso.store(gsp=request.param == "gsp")
    yield store
    store.close()


@pytest.fixture
def virtuoso_factory(tmp_path_factory):
    """``start() -> VirtuosoServer``: an own server for a test that breaks it; all stopped after."""
    require_virtuoso()
    servers: list[VirtuosoServer] = []

    def start() -> VirtuosoServer:
        server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-fault"))
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()
