"""Ingesting documents: the ingestion entry point, and what a cache miss costs."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..registry import Registry, RegistryError
from .cache import _cache_dir, _from_cache
from .summary import BuildFailed

Ingest = Callable[[Path, Registry, object], object]


def default_ingest() -> Ingest | None:
    """The ingestion entry point (``ingest_document(text_path, registry, settings)``), if installed."""
    try:
        from ..ingest import ingest_document  # type: ignore[attr-defined]

        return ingest_document
    except ImportError:
        pass
    try:
        from ..ingest.rdf import ingest_document

        return ingest_document
    except ImportError:
        return None


def _input_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "this input cannot be read" (exit 1), not a bug (exit 2)."""
    errors: tuple[type[BaseException], ...] = (RegistryError, ValueError, OSError)
    try:
        from ..ingest.metadata import IngestError

        errors += (IngestError,)
    except ImportError:
        pass
    return errors


def _cached_or_ingested(text_path, key, area, registry, settings, ingest, summary, warnings: list[str], rel=None):
    """A cached validated graph (a :class:`_DocGraph`), or ``(cache_paths, IngestResult)`` to validate.

    A cache entry that cannot be read or whose graph file does not match its
    checksum is deleted with a warning, and the document is ingested again.
    """
    cache = _cache_dir(area, rel or text_path.name)
    nt, info = cache / f"{key}.nt", cache / f"{key}.json"
    cached = _from_cache(nt, info, key, warnings, rel or text_path.name)
    if cached is not None:
        return cached
    try:
        result = ingest(text_path, registry, settings)
    except _input_errors() as exc:
        message = str(exc) if str(exc).startswith(str(text_path)) else f"{text_path}: {exc}"
        raise BuildFailed(message, summary) from exc
    except Exception as exc:  # noqa: BLE001 - a layout that cannot parse this file: skip it, say why
        raise BuildFailed(f"{text_path}: cannot be ingested ({type(exc).__name__}: {exc}); "
                          "please report this file", summary) from exc
    return (key, nt, info), result
