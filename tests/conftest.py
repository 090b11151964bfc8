"""Fixtures shared by every test area (each area has its own conftest.py in its folder)."""

from pathlib import Path

import pytest

from small_project import copy_small_project
from treatygraph.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared material (gold standard, W3C tests), beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip(f"shared material not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env(root=ROOT)


def _build(settings: Settings):
    from treatygraph.build import build

    summary = build(settings, progress=False)
    assert summary.ok, summary.text()
    return summary


def _built(settings: Settings) -> Settings:
    summary = _build(settings)
    assert not summary.skipped, summary.text()
    return settings


@pytest.fixture(scope="session")
def small_built_settings(settings, tmp_path_factory) -> Settings:
    """Settings of a copy of the project without the corpus (registry + first document), built once.

    For tests that need a built graph but not the whole corpus: seconds instead of minutes.
    """
    return _built(copy_small_project(tmp_path_factory.mktemp("small"), settings))


@pytest.fixture(scope="session")
def small_built_store(small_built_settings):
    """The embedded store of :func:`small_built_settings`, opened read-only."""
    yield from _open_built(small_built_settings)


#: Where the corpus tests build the whole data/: inside the checkout (ignored by git), so that
#: the build's per-document cache survives the run and a later run rebuilds only what changed.
CORPUS_STORE = ROOT / ".treatygraph" / "test-corpus" / "store"


@pytest.fixture(scope="session")
def built_settings(corpus_build) -> Settings:
    """Settings whose store is a build of the repository's whole ``data/`` (the first document,
    the registry and the bundled corpus), built once per run at :data:`CORPUS_STORE`.

    The build is the real incremental one: a clean checkout (CI) ingests every
    document; a later run reuses the cached graphs of unchanged documents, and
    writes nothing when no input, code or query changed. Tests that use it
    (directly or through :func:`built_store` / :func:`api_store`) are marked
    ``corpus`` automatically (:func:`pytest_collection_modifyitems`).
    """
    return corpus_build[0]


@pytest.fixture(scope="session")
def corpus_build(settings):
    """``(settings, BuildSummary)`` of the one build of the whole data/ (see :func:`built_settings`)."""
    built = settings.with_(store=str(CORPUS_STORE))
    return built, _build(built)


def _open_built(settings: Settings):
    from treatygraph.build import open_store_path
    from treatygraph.store.oxigraph import OxigraphStore

    store = OxigraphStore.open(open_store_path(settings), read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def built_store(built_settings):
    """The embedded store of :func:`built_settings`, opened read-only."""
    yield from _open_built(built_settings)


#: Fixtures that build the whole bundled data/: a test using one of them is a corpus test.
CORPUS_FIXTURES = frozenset({"corpus_build", "built_settings", "built_store", "api_store"})


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs the whole-corpus build ``corpus`` (``-m "not corpus"`` skips them)."""
    for item in items:
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """The shared throwaway Virtuoso of the test session (:class:`virtuoso_server.VirtuosoServer`).

    Skips where Virtuoso is not installed, except under ``CI=true`` where that fails.
    """
    from virtuoso_server import VirtuosoServer, require_virtuoso

    require_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def small_virtuoso(tmp_path_factory):
    """A throwaway Virtuoso that holds only the small built graph (``small_api_store``): the shared
    ``virtuoso`` is written to by the remote-store tests, and what they leave there would change the
    two-store conformance answers (more search rows, a VoID description past the row cap)."""
    from virtuoso_server import VirtuosoServer, require_virtuoso

    require_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-small"))
    server.start()
    yield server
    server.stop()


#: The row cap of the Virtuoso the corpus is pushed to: above any answer the API tests ask for
#: (the whole corpus's citations), so that the conformance run compares whole answers.
CORPUS_MAX_ROWS = 2_000_000


@pytest.fixture(scope="session")
def corpus_virtuoso(tmp_path_factory):
    """A throwaway Virtuoso sized for the whole corpus (row cap :data:`CORPUS_MAX_ROWS`, a larger
    page cache); the ``virtuoso`` fixture's server keeps its small row cap for the row-cap tests."""
    from virtuoso_server import VirtuosoServer, require_virtuoso

    require_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-corpus"), max_rows=CORPUS_MAX_ROWS, buffers=60000)
    server.start()
    yield server
    server.stop()


def _on_each_store(request, built, server_fixture: str):
    """Yield ``built`` for the "oxigraph" parameter; for "virtuoso", push it to the server fixture
    named ``server_fixture`` and yield a read-only store on that server."""
    if request.param == "oxigraph":
        yield built
        return
    from treatygraph.push import push

    server = request.getfixturevalue(server_fixture)
    writer = server.store(gsp=True)
    push(built, writer)
    writer.close()
    reader = server.store(read_only=True)
    yield reader
    reader.close()


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def api_store(request, built_settings, built_store):
    """The whole built corpus on each kind of store: the embedded one, and Virtuoso after a push.

    The API tests that take this fixture run once per store and must give the same answers.
    """
    yield from _on_each_store(request, built_store, "corpus_virtuoso")


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def small_api_store(request, small_built_store):
    """The small built graph (registry + first document) on each kind of store: the embedded one,
    and its own Virtuoso after a push. For the API conformance tests, which compare every
    named query, format and page across the two stores: the whole corpus is compared by its
    competency questions (:func:`api_store`, tests/cq)."""
    yield from _on_each_store(request, small_built_store, "small_virtuoso")

