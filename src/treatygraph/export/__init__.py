"""Subgraph export: the statements around a resource, in RDF or network-tool formats.

``collect_subgraph(store, root, depth=, direction=, max_triples=)`` walks the
store; ``write(subgraph, format)`` streams it in one of ``EXPORT_FORMATS``.
Used by ``GET /export`` and ``treatygraph export``; see ``docs/linked-data.md``.
"""

from .formats import CSV_COLUMNS, EXPORT_FORMATS, ExportFormat, edges, node_id, write
from .subgraph import (
    DEFAULT_MAX_TRIPLES,
    DIRECTIONS,
    MAX_DEPTH,
    ExportCancelled,
    ExportError,
    ExportTooLarge,
    Subgraph,
    check_request,
    collect_subgraph,
)

__all__ = [
    "CSV_COLUMNS", "DEFAULT_MAX_TRIPLES", "DIRECTIONS", "EXPORT_FORMATS", "MAX_DEPTH",
    "ExportCancelled", "ExportError", "ExportFormat", "ExportTooLarge", "Subgraph", "check_request",
    "collect_subgraph", "edges", "node_id", "write",
]
