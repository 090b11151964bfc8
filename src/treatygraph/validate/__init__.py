"""SHACL validation, one graph at a time, with a readable report.

``validate_graph`` runs pyshacl on one graph (the registry, the ontology, or
one document graph) and turns the results into :class:`Violation` records:
focus node, shape, path, message, severity and the fix the shape suggests
(``tgsh:fix``). Graphs are validated separately (linear in their size and
parallel-friendly), never as one whole-store run.
"""

from .core import (
    ONTOLOGY_SHAPES,
    ShapeError,
    ValidationReport,
    Violation,
    load_ontology,
    load_shapes,
    shape_files,
    validate_graph,
)

__all__ = [
    "ONTOLOGY_SHAPES",
    "ShapeError",
    "ValidationReport",
    "Violation",
    "load_ontology",
    "load_shapes",
    "shape_files",
    "validate_graph",
]
