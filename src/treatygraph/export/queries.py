"""Read the ``.rq`` files of ``queries/`` this package runs (each written once, there)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DEFAULT_DIR = Path(__file__).resolve().parents[3] / "queries"


@lru_cache(maxsize=64)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def query_text(name: str, queries_dir: Path | str | None = None) -> str:
    """The text of ``queries/{name}.rq`` (``queries_dir`` defaults to the checkout's)."""
    directory = Path(queries_dir) if queries_dir else _DEFAULT_DIR
    path = directory / f"{name}.rq"
    if not path.is_file():
        raise FileNotFoundError(f"query file not found: {path}")
    return _read(path)
