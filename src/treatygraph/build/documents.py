"""Ingesting documents: the ingestion entry point, and what a cache miss costs."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..registry import Registry, RegistryError

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
