"""SHACL validation, one graph at a time, with a readable report.

``validate_graph`` checks one graph (the registry, the ontology, or one
document graph) against the shapes and turns the results into :class:`Violation` records:
focus node, shape, path, message, severity and the fix the shape suggests
(``tgsh:fix``). Graphs are validated separately (linear in their size and
parallel-friendly), never as one whole-store run. The default engine runs the
shapes on an in-memory pyoxigraph store (:mod:`.engine`, :mod:`.shapes`, :mod:`.data`, :mod:`.terms`); pyshacl is the
reference (``engine="pyshacl"``, ``TREATYGRAPH_SHACL_ENGINE=pyshacl``) and runs
whatever the pyoxigraph engine does not.
"""

from .core import (
    ENGINES,
    ONTOLOGY_SHAPES,
    ShapeError,
    ValidationReport,
    Violation,
    default_engine,
    load_ontology,
    load_shapes,
    shape_files,
    validate_graph,
)

__all__ = [
    "ENGINES",
    "ONTOLOGY_SHAPES",
    "ShapeError",
    "ValidationReport",
    "Violation",
    "default_engine",
    "load_ontology",
    "load_shapes",
    "shape_files",
    "validate_graph",
]
