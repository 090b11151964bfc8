"""Fixtures shared by every test area (each area has its own conftest.py in its folder)."""

from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def built_settings(settings, tmp_path_factory) -> Settings:
    """Settings whose store is a fresh build of the repository's own data/ (built once per run)."""
    from treatygraph.build import build

    store_dir = tmp_path_factory.mktemp("built") / "store"
    built = settings.with_(store=str(store_dir))
    summary = build(built, progress=False)
    assert summary.ok, summary.text()
    return built


@pytest.fixture(scope="session")
def built_store(built_settings):
    """The embedded store of :func:`built_settings`, opened read-only."""
    from treatygraph.build import open_store_path
    from treatygraph.store.oxigraph import OxigraphStore

    store = OxigraphStore.open(open_store_path(built_settings), read_only=True)
    yield store
    store.close()


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


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def api_store(request, built_settings, built_store):
    """The built graph on each kind of store: the embedded one, and Virtuoso after a push.

    The API tests that take this fixture run once per store and must give the same answers.
    """
    if request.param == "oxigraph":
        yield built_store
        return
    from treatygraph.push import push

    server = request.getfixturevalue("virtuoso")
    writer = server.store(gsp=True)
    push(built_store, writer)
    writer.close()
    reader = server.store(read_only=True)
    yield reader
    reader.close()
