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
