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
