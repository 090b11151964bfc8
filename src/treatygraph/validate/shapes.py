"""The shapes graph compiled once into plain objects for the pyoxigraph SHACL engine (:mod:`.engine`).

:class:`CompiledShapes` reads every shape of a shapes graph (targets, path, components with their
arguments prepared, property shapes, SPARQL constraints) into :class:`_Shape` objects, reused for every
graph validated. A shapes graph using a SHACL feature the engine does not run (or a reporting shape
without ``sh:message``) raises :class:`Unsupported`, and the caller validates with pyshacl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH


class Unsupported(ValueError):
    """The shapes use a SHACL feature this engine does not run (the caller falls back to pyshacl)."""


#: Predicates of a shape this engine understands (anything else under the sh: namespace is unsupported).
_KNOWN = {
    RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.path,
    SH.property, SH.message, SH.severity, SH.deactivated, SH.sparql, SH.name, SH.description, SH.order,
    SH.group, SH.defaultValue, SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH["in"],
    SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength,
    SH.pattern, SH.flags, SH.languageIn, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint,
    SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
}
_ORDER = ("class", "datatype", "nodeKind", "minCount", "maxCount", "in", "hasValue", "minInclusive", "maxInclusive",
          "minExclusive", "maxExclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
          "lessThan", "lessThanOrEquals", "equals", "disjoint", "or", "and", "not", "xone", "node")
#: The components that can report a focus node with no value on the path (every other one checks values).
_ABSENCE = ("minCount", "hasValue", "equals")
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class _Shape:
    node: object
    path: object = None  # URIRef, ("^", URIRef) or None (node shape)
    path_node: object = None  # the sh:path value as written (reported as sh:resultPath)
    targets: list = field(default_factory=list)  # (kind, value)
    checks: list = field(default_factory=list)  # (component, value)
    properties: list = field(default_factory=list)
    sparql: list = field(default_factory=list)  # (constraint node, query, message)
    qualified: list = field(default_factory=list)  # (shape, min, max)
    empty_checks: list = field(default_factory=list)  # the checks that can fail on a node without values
    runners: list = field(default_factory=list)  # checks as (Validator method, prepared argument)
    empty_runners: list = field(default_factory=list)  # runners of empty_checks
    message: str | None = None
    severity: str = "Violation"
    deactivated: bool = False


class CompiledShapes:
    """A shapes graph read once into plain objects (reuse it for every graph validated)."""

    def __init__(self, shapes: Graph):
        self.graph = shapes
        self._shapes: dict = {}
        roots = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            roots |= set(shapes.subjects(p, None))
        self.top = [self._shape(n, reporting=True) for n in sorted(roots, key=str)
                    if not any(True for _ in shapes.subjects(SH.property, n))]

    # ------------------------------------------------------------ compiling

    def _shape(self, node, reporting: bool = False) -> _Shape:
        if node in self._shapes:
            return self._shapes[node]
        g = self.graph
        shape = _Shape(node)
        self._shapes[node] = shape
        for p, o in g.predicate_objects(node):
            if str(p).startswith(str(SH)) and p not in _KNOWN:
                raise Unsupported(f"{node}: sh:{p.rsplit('#', 1)[-1]} is not run by the pyoxigraph engine")
        path = g.value(node, SH.path)
        if path is not None:
            shape.path_node = path
            if isinstance(path, URIRef):
                shape.path = path
            elif isinstance(path, BNode) and isinstance(g.value(path, SH.inversePath), URIRef) \
                    and len(list(g.predicate_objects(path))) == 1:
                shape.path = ("^", g.value(path, SH.inversePath))
            else:
                raise Unsupported(f"{node}: complex sh:path")
        shape.deactivated = g.value(node, SH.deactivated) == Literal(True)
        sev = g.value(node, SH.severity)
        if sev is not None:
            if sev not in _SEVERITIES:
                raise Unsupported(f"{node}: sh:severity {sev}")
            shape.severity = _SEVERITIES[sev]
        messages = list(g.objects(node, SH.message))
        shape.message = str(messages[0]) if messages else None
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            shape.targets += [(kind, o) for o in g.objects(node, SH[kind])]
        for target in g.objects(node, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in g or g.value(target, SH.select) is None:
                raise Unsupported(f"{node}: sh:target that is not a SPARQL SELECT target")
            shape.targets.append(("sparql", self._query(target, g.value(target, SH.select))))
        for name in _ORDER:
            for value in g.objects(node, SH[name]):
                if name in ("in", "languageIn"):
                    value = list(g.items(value))
                elif name in ("or", "and", "xone"):
                    value = [self._shape(m) for m in g.items(value)]
                elif name in ("not", "node"):
                    value = self._shape(value)
                elif name == "pattern":
                    flags = str(g.value(node, SH.flags) or "")
                    value = re.compile(str(value), _re_flags(flags))
                shape.checks.append((name, value))
        shape.empty_checks = [(name, value) for name, value in shape.checks if name in _ABSENCE]
        from .engine import _runner  # the runners are Validator methods (engine.py imports this module)
        shape.runners = [_runner(name, value) for name, value in shape.checks]
        shape.empty_runners = [_runner(name, value) for name, value in shape.empty_checks]
        for q in g.objects(node, SH.qualifiedValueShape):
            lo, hi = g.value(node, SH.qualifiedMinCount), g.value(node, SH.qualifiedMaxCount)
            if g.value(node, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise Unsupported(f"{node}: sh:qualifiedValueShapesDisjoint")
            shape.qualified.append((self._shape(q), None if lo is None else int(lo), None if hi is None else int(hi)))
        for constraint in g.objects(node, SH.sparql):
            select = g.value(constraint, SH.select)
            if select is None or g.value(constraint, SH.deactivated) == Literal(True):
                if select is None:
                    raise Unsupported(f"{node}: sh:sparql without sh:select")
                continue
            msg = g.value(constraint, SH.message)
            shape.sparql.append((constraint, self._query(constraint, select, shape), None if msg is None else str(msg)))
        shape.properties = [self._shape(p, reporting=reporting) for p in g.objects(node, SH.property)]
        has_own = shape.checks or shape.qualified
        if reporting and has_own and shape.message is None:
            raise Unsupported(f"{node}: no sh:message (pyshacl's generated messages are not reproduced)")
        if reporting and any(m is None for _, _, m in shape.sparql) and shape.message is None:
            raise Unsupported(f"{node}: a SPARQL constraint without sh:message")
        return shape

    def _query(self, holder, select, shape: _Shape | None = None) -> str:
        g = self.graph
        lines = []
        for decl_holder in g.objects(holder, SH.prefixes):
            for decl in g.objects(decl_holder, SH.declare):
                lines.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
        text = str(select)
        if "$PATH" in text:
            if shape is None or shape.path is None:
                raise Unsupported(f"{holder}: $PATH outside a property shape")
            text = text.replace("$PATH", _sparql_path(shape.path))
        return "\n".join(lines) + "\n" + text


def _re_flags(flags: str) -> int:
    out = 0
    for ch, f in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X)):
        if ch in flags:
            out |= f
    return out


def _sparql_path(path) -> str:
    return f"^<{path[1]}>" if isinstance(path, tuple) else f"<{path}>"
