"""pyshacl runs and the report model (see the package docstring)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from ..collector import paused

TGSH = Namespace("https://w3id.org/treatygraph/shapes#")

#: The file in ``shapes/`` that lints the ontology; the other files shape data.
ONTOLOGY_SHAPES = "ontology.ttl"


class ShapeError(ValueError):
    """A shape that cannot be run (e.g. an ``sh:sparql`` query that fails); ``shape`` is its IRI, if it has one."""

    def __init__(self, message: str, shape: str | None = None):
        super().__init__(message, shape)  # both in args: the error survives pickling from a worker process
        self.shape = shape

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what failed where, and how to fix it."""

    focus_node: str
    shape: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    fix: str | None = None
    value: str | None = None

    def line(self) -> str:
        """One readable line (plus the fix) for reports and the CLI."""
        where = f" [{self.path}]" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        text = f"{self.severity}: {self.focus_node}{where}: {self.message}{value}\n    shape: {self.shape}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


@dataclass
class ValidationReport:
    """The outcome of validating one graph."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    name: str | None = None
    triples: int = 0

    def errors(self) -> list[Violation]:
        """Results of severity Violation (warnings do not break conformance)."""
        return [v for v in self.violations if v.severity == "Violation"]

    def text(self) -> str:
        """A readable report naming focus node, shape, message and fix per result."""
        head = f"{self.name or 'graph'} ({self.triples} triples): "
        if not self.violations:
            return head + "conforms"
        lines = [head + f"{len(self.errors())} violation(s), {len(self.violations)} result(s)"]
        lines += [v.line() for v in self.violations]
        return "\n".join(lines)


# --------------------------------------------------------------------- loading


def _parse_ttl(graph: Graph, path: Path) -> None:
    from ..rdffile import parse_turtle

    parse_turtle(graph, path)  # RdfFileError (a ValueError) naming path:line:column


def load_shapes(settings, which: str = "data") -> Graph:
    """The shapes graph: ``"data"`` (every file but the ontology lint), ``"ontology"`` or ``"all"``."""
    if which not in ("data", "ontology", "all"):
        raise ValueError(f"which must be data, ontology or all, not {which!r}")
    graph = Graph()
    files = sorted(Path(settings.shapes_dir).glob("*.ttl"))
    if not files:
        raise ValueError(f"{settings.shapes_dir}: no shapes (*.ttl)")
    for path in files:
        is_lint = path.name == ONTOLOGY_SHAPES
        if which == "all" or (which == "ontology") == is_lint:
            _parse_ttl(graph, path)
    return graph


def shape_files(settings, shape: str) -> list[Path]:
    """The files of ``shapes/`` that state ``shape`` (an IRI), to name where a failing shape is written."""
    found = []
    for path in sorted(Path(settings.shapes_dir).glob("*.ttl")):
        graph = Graph()
        try:
            _parse_ttl(graph, path)
        except ValueError:
            continue
        if (URIRef(shape), None, None) in graph:
            found.append(path)
    return found


def load_ontology(settings) -> Graph:
    """Every ``*.ttl`` in ``ontology/`` as one graph."""
    graph = Graph()
    for path in sorted(Path(settings.ontology_dir).glob("*.ttl")):
        _parse_ttl(graph, path)
    return graph


# ------------------------------------------------------------------ validation


def _name(graph: Graph, node) -> str:
    if isinstance(node, URIRef):
        try:
            short = graph.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
        return str(node) if short.startswith("<") else short
    return str(node)


def _path_text(shapes: Graph, path) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _name(shapes, path)
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + (_path_text(shapes, inverse) or "?")
    return "complex path"


def _shape_text(shapes: Graph, shape) -> str:
    """A named shape, or ``Parent -> path`` for an anonymous property shape."""
    if isinstance(shape, URIRef):
        return _name(shapes, shape)
    parents = list(shapes.subjects(SH.property, shape)) + list(shapes.subjects(SH.sparql, shape))
    label = "anonymous shape"
    for parent in parents:
        path = _path_text(shapes, shapes.value(shape, SH.path))
        label = _shape_text(shapes, parent) + (f" -> {path}" if path else " (SPARQL constraint)")
        break
    return label


def _fix(shapes: Graph, shape, constraint) -> str | None:
    for node in (constraint, shape):
        if node is not None:
            fix = shapes.value(node, TGSH.fix)
            if fix is not None:
                return str(fix)
    return None


#: The engines :func:`validate_graph` can use: pyoxigraph (:mod:`.engine`, the default) or pyshacl (the reference).
ENGINES = ("oxigraph", "pyshacl")


def default_engine() -> str:
    """``TREATYGRAPH_SHACL_ENGINE`` (``oxigraph`` or ``pyshacl``), else ``oxigraph``."""
    name = os.environ.get("TREATYGRAPH_SHACL_ENGINE", "oxigraph").strip().lower() or "oxigraph"
    if name not in ENGINES:
        raise ValueError(f"TREATYGRAPH_SHACL_ENGINE must be one of {', '.join(ENGINES)}, not {name!r}")
    return name


_COMPILED: dict[int, tuple] = {}


def compiled_shapes(shapes: Graph):
    """The shapes graph compiled for the pyoxigraph engine (cached per graph object and size), or the
    :class:`~.shapes.Unsupported` error saying why pyshacl has to run it."""
    from .shapes import CompiledShapes, Unsupported

    hit = _COMPILED.get(id(shapes))
    if hit is not None and hit[0] is shapes and hit[1] == len(shapes):
        return hit[2]
    try:
        compiled = CompiledShapes(shapes)
    except Unsupported as exc:
        compiled = exc
    _COMPILED.clear()  # one shapes graph at a time per process is the build's pattern; keep memory flat
    _COMPILED[id(shapes)] = (shapes, len(shapes), compiled)
    return compiled


def validate_graph(
    data: Graph | None,
    shapes: Graph,
    ontology: Graph | None = None,
    *,
    context: Graph | None = None,
    name: str | None = None,
    engine: str | None = None,
    ntriples: bytes | None = None,
) -> ValidationReport:
    """Validate one graph against ``shapes``; ``ontology`` supplies subclasses and code lists.

    The ontology is added to (a copy of) the data (pyshacl's own ``ont_graph``
    mixes in only class axioms, not the SKOS code lists the shapes look up).
    ``context`` (e.g. the registry, when validating a document graph) is also
    added, so that resources the data only mentions are complete; then only
    the subjects of ``data`` are validated, not the context itself.

    ``ntriples``: the data graph already written as N-Triples (UTF-8 bytes),
    validated instead of ``data``'s triples (pyoxigraph parses it, no rdflib
    terms are converted); ``data`` then only names the focus nodes of the
    report with its prefixes and may be ``None`` (rdflib's default prefixes).

    ``engine``: ``"oxigraph"`` (default, :mod:`.engine`) or ``"pyshacl"``; both
    give the same results (``tests/model/test_engine_parity.py``). Shapes the
    pyoxigraph engine does not run are validated by pyshacl.
    """
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if data is None and ntriples is None:
        raise ValueError("validate_graph needs data (an rdflib graph) or ntriples")
    names = data if data is not None else Graph()
    compiled = compiled_shapes(shapes) if engine == "oxigraph" else None
    if compiled is not None and not isinstance(compiled, Exception):
        results, triples = _oxigraph(compiled, data, ontology, context, shapes, name, ntriples)
    else:
        if ntriples is not None:
            data = Graph().parse(data=ntriples, format="nt")
        focus = {s for s in data.subjects()} if context is not None else None
        results, triples = _pyshacl_results(data, shapes, ontology, context, focus, name), len(data)
    violations = [
        Violation(
            focus_node=_name(names, r.focus) if isinstance(r.focus, URIRef)
            else f"_:{r.focus}" if isinstance(r.focus, BNode) else str(r.focus),
            shape=_shape_text(shapes, r.shape),
            path=_path_text(shapes, r.path),
            message=r.message,
            severity=r.severity,
            fix=_fix(shapes, r.shape, r.constraint),
            value=None if r.value is None else (str(r.value) if isinstance(r.value, (URIRef, Literal)) else f"_:{r.value}"),
        )
        for r in results
    ]
    violations.sort(key=lambda v: (v.severity != "Violation", v.focus_node, v.shape, v.message, v.value or ""))
    errors = [v for v in violations if v.severity == "Violation"]
    return ValidationReport(conforms=not errors, violations=violations, name=name, triples=triples)


def _oxigraph(compiled, data, ontology, context, shapes, name, ntriples):
    """The results and the data's number of triples.

    The cyclic collector is paused meanwhile: a document's validation allocates about a million
    objects that refcounting frees, and the collector's passes only walked the long-lived heap
    (~10 % of the validation's CPU)."""
    with paused():
        return _oxigraph_run(compiled, data, ontology, context, shapes, name, ntriples)


def _oxigraph_run(compiled, data, ontology, context, shapes, name, ntriples):
    from .data import Data
    from .engine import SparqlConstraintError, Validator

    extra = [g for g in (ontology, context) if g is not None and (ntriples is not None or g is not data)]
    store = Data([] if ntriples is not None else [data], context=extra, ntriples=ntriples)
    focus = store.subject_iris if context is not None else None
    try:
        return Validator(compiled, store, focus).run(), store.triples
    except SparqlConstraintError:
        # name the failing shape as pyshacl's path does (the query fails there too)
        if ntriples is not None:
            data = Graph().parse(data=ntriples, format="nt")
        focus = None if focus is None else {URIRef(iri.value) for iri in focus}
        return _pyshacl_results(data, shapes, ontology, context, focus, name), store.triples


def _pyshacl_results(data, shapes, ontology, context, focus, name) -> list:
    from .engine import Result

    target = data
    if ontology is not None or context is not None:
        target = Graph()
        target += data
        for extra in (ontology, context):
            if extra is not None:
                target += extra
    # Not pyshacl's ``focus_nodes`` option: pyshacl applies it to the value nodes of nested shapes
    # too (sh:or, sh:qualifiedValueShape), which then conform vacuously. Every target is validated
    # and only the results about IRIs among ``focus`` are kept (a result names its top-level focus node).
    options: dict = {}
    try:
        conforms, results = _pyshacl(target, shapes, options)
    except Exception as exc:
        raise _shape_error(target, shapes, options, exc, name) from exc
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if focus is not None and not (isinstance(results.value(result, SH.focusNode), URIRef)
                                      and results.value(result, SH.focusNode) in focus):
            continue
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        out.append(Result(
            focus=results.value(result, SH.focusNode),
            shape=results.value(result, SH.sourceShape),
            path=results.value(result, SH.resultPath),
            value=results.value(result, SH.value),
            constraint=results.value(result, SH.sourceConstraint),
            message=str(message) if message is not None else "does not conform",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    return out


def _pyshacl(target: Graph, shapes: Graph, options: dict):
    import pyshacl  # about a second to import: only when pyshacl runs

    conforms, results, _ = pyshacl.validate(
        target,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        **options,
    )
    if isinstance(results, Exception):  # pyshacl returns a ValidationFailure (e.g. a SERVICE that fails)
        raise results
    return conforms, results


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"


#: What a shape keeps when one of its SPARQL constraints is tried alone: its targets (and path).
_SHAPE_FRAME = (RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
                SH.path, SH.deactivated)


def _alone(shapes: Graph, shape, constraint) -> Graph:
    """A shapes graph with ``shape``'s targets and the one SPARQL ``constraint`` (and its prefixes), nothing else."""
    trial = Graph()
    for predicate in _SHAPE_FRAME:
        for value in shapes.objects(shape, predicate):
            trial.add((shape, predicate, value))
            if isinstance(value, BNode):
                trial += shapes.cbd(value)
    trial.add((shape, SH.sparql, constraint))
    trial += shapes.cbd(constraint)
    for prefixes in shapes.objects(constraint, SH.prefixes):
        trial += shapes.cbd(prefixes)
    return trial


def _shape_error(target: Graph, shapes: Graph, options: dict, exc: Exception, name: str | None) -> ShapeError:
    """Name the shape that made pyshacl fail, trying its ``sh:sparql`` constraints one at a time.

    pyshacl raises the SPARQL parser's or evaluator's own exception, which does
    not say which shape it came from. This runs only when validation failed:
    first each constraint alone with its shape's targets (quick), then, for a
    constraint of a property shape (no targets of its own), the whole shapes
    graph with every other SPARQL constraint removed.
    """
    links = list(shapes.triples((None, SH.sparql, None)))

    def fails(trial: Graph) -> Exception | None:
        try:
            _pyshacl(target, trial, options)
        except Exception as own:
            return own
        return None

    def without_others(kept) -> Graph:
        trial = Graph()
        trial += shapes
        for other in links:
            if other != kept:
                trial.remove(other)
        return trial

    culprit = next(((link[0], own) for link in links if (own := fails(_alone(shapes, link[0], link[2])))), None)
    if culprit is None and links and fails(without_others(None)) is None:
        culprit = next(((link[0], own) for link in links if (own := fails(without_others(link)))), None)
    if culprit is None:
        return ShapeError(f"the shapes cannot be run on {name or 'the graph'}: {_why(exc)}")
    shape, own = culprit
    return ShapeError(f"the shape {_shape_text(shapes, shape)} cannot be run on {name or 'the graph'}: "
                      f"its SPARQL constraint fails: {_why(own)}", str(shape) if isinstance(shape, URIRef) else None)
