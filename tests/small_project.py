"""A copy of the project without the bundled corpus, for tests that need a small built graph."""

import shutil
from pathlib import Path

from treatygraph.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def copy_small_project(dest: Path, settings: Settings) -> Settings:
    """A project root at ``dest``: ontology, shapes, queries and ``data/`` without the bundled
    corpus (``data/corpus/``): the registry, the target schemes and the first document only."""
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, dest / name)
    data = ROOT / "data"
    shutil.copytree(data, dest / "data", ignore=lambda folder, names: ["corpus"] if Path(folder) == data else [])
    return settings.with_(root=dest, store=str(dest / ".treatygraph" / "store"), extra={})
