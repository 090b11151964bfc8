"""Validating graphs, one at a time, in this process or in worker processes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph

if TYPE_CHECKING:
    from ..validate import ValidationReport


def validate_graph(*args, **kwargs):
    """:func:`treatygraph.validate.validate_graph`, imported on first use.

    pyshacl takes about a second to import: a server opening the current
    build (:func:`open_store_path`) must not pay for it at start-up.
    """
    from ..validate import validate_graph as run

    return run(*args, **kwargs)

#: Bump when the cache or build.json layout changes.


def _shape_error_text(exc, settings) -> str:
    """The shape error, with the file(s) of ``shapes/`` that state the shape."""
    from ..validate import shape_files

    files = shape_files(settings, exc.shape) if exc.shape else []
    where = ", ".join(str(f) for f in files)
    return f"{where}: {exc}" if where else str(exc)


@dataclass
class ValidationTask:
    """One graph to validate on its own (with the ontology and, for documents, the registry as context)."""

    name: str
    data: Graph
    shapes: Graph
    ontology: Graph | None = None
    context: Graph | None = None


def _nt(g: Graph | None) -> bytes | None:
    return None if g is None else g.serialize(format="nt", encoding="utf-8")


def _graph(data: bytes | None) -> Graph | None:
    return None if data is None else Graph().parse(data=data, format="nt")


def _validate_serialised(name, data, shapes, ontology, context) -> ValidationReport:
    return validate_graph(_graph(data), Graph().parse(data=shapes, format="turtle"), _graph(ontology),
                          context=_graph(context), name=name)


def validate_all(tasks: list[ValidationTask], jobs: int = 1) -> list[ValidationReport]:
    """Validate each task's graph separately; with ``jobs > 1`` in that many worker processes.

    Results come back in the order of ``tasks``. Workers are spawned (not
    forked) so that no store or thread state of this process leaks into them.
    """
    if jobs <= 1 or len(tasks) <= 1:
        return [validate_graph(t.data, t.shapes, t.ontology, context=t.context, name=t.name) for t in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            pool.submit(_validate_serialised, t.name, _nt(t.data), t.shapes.serialize(format="turtle"),
                        _nt(t.ontology), _nt(t.context))
            for t in tasks
        ]
        return [f.result() for f in futures]
