"""SHACL on pyoxigraph: the shapes of ``shapes/`` run over an in-memory store, with pyshacl's results.

pyshacl evaluates each ``sh:sparql`` constraint once per focus node through
rdflib's query engine, which parses the query again every time (about 80 % of
a document's validation). Here the graph being checked is copied once into an
in-memory :class:`pyoxigraph.Store`; targets and SPARQL constraints run as
pyoxigraph queries (a SPARQL constraint once for all its focus nodes, ``$this``
bound by a ``VALUES`` block), and the core constraint components are checked
in Python on the values the store returns, following pyshacl's own rules
(which literal satisfies ``sh:datatype``, how values compare, one result per
value or per focus node). ``tests/validate`` runs both engines on deliberately
broken graphs and asserts the same results.

What it runs: targets ``sh:targetClass``/``targetNode``/``targetSubjectsOf``/
``targetObjectsOf`` and SPARQL targets; predicate and inverse paths; the
components ``class datatype nodeKind minCount maxCount in hasValue
min/maxInclusive min/maxExclusive min/maxLength pattern languageIn uniqueLang
lessThan lessThanOrEquals equals disjoint or and not xone node
qualifiedValueShape sparql``; ``sh:severity``, ``sh:deactivated``. A shapes
graph using anything else (or a reporting shape without ``sh:message``) raises
:class:`Unsupported` when compiled, and the caller validates with pyshacl:
validation is never weakened, only routed.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

RDF_LANGSTRING = RDF.langString


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


@dataclass
class Result:
    """One validation result, in rdflib terms (what pyshacl's report graph says)."""

    focus: object
    shape: object
    path: object
    value: object
    constraint: object  # the sh:sparql node for SPARQL constraints, else None
    message: str
    severity: str


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


# ------------------------------------------------------------------ terms


def _to_ox(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    if t.datatype is not None:
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
    return ox.Literal(str(t))


def _to_rdflib(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    dt = t.datatype.value
    return Literal(t.value) if dt == str(XSD.string) else Literal(t.value, datatype=URIRef(dt))


def _compare(a: Literal, b: Literal) -> int:
    """pyshacl's ``compare_literal``: 0 equal, 1 ``a > b``, -1 otherwise; TypeError when not comparable."""
    if a.eq(b):
        return 0
    if isinstance(a.value, (datetime, dtime)):
        if a.value == b.value:
            return 0
        if a.value > b.value:
            return 1
    elif a > b:
        return 1
    return -1


_DT_PY = {XSD.string: (str, bytes), RDF_LANGSTRING: (str, bytes), XSD.integer: int, XSD.float: float,
          XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: dtime, XSD.dateTime: datetime}


def _has_datatype(v, dt) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == dt:
        ok = getattr(v, "ill_typed", None) is not True
    elif dt == RDFS.Literal:
        return True
    elif dt == RDFS.Datatype and v.datatype:
        return True
    elif v.datatype is None and v.language is None and dt == XSD.string:
        ok = True
    elif dt == RDF_LANGSTRING and v.language:
        ok = True
    else:
        return False
    return ok and (dt not in _DT_PY or isinstance(v.value, _DT_PY[dt]))


_NODE_KINDS = {
    SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal,),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode), SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}
_XSD_STRING = XSD.string
_OX_XSD_STRING = ox.NamedNode(str(XSD.string))


# --------------------------------------------------------------- the data


#: the context graphs' quads (ontology, registry: the same for every document of a build), by graph object
_CONTEXT_QUADS: dict[int, tuple] = {}


def _context_quads(g: Graph) -> list:
    """``g``'s quads, converted once while it is the same object of the same size (a build validates each
    document with the same ontology and registry; converting them again cost as much as validating a short
    document). The size of the ontology's and registry's graphs (rdflib's ``Memory`` store) costs nothing."""
    key = id(g)
    cached = _CONTEXT_QUADS.get(key)
    if cached is not None and cached[0]() is g and cached[1] == len(g):
        return cached[2]
    quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in g]
    _CONTEXT_QUADS[key] = (weakref.ref(g, lambda _, key=key: _CONTEXT_QUADS.pop(key, None)), len(g), quads)
    return quads


_OX_TYPE = ox.NamedNode(str(RDF.type))
_OX_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_DEFAULT = ox.DefaultGraph()
#: the IRIs that are subjects in the store (asked before the context is added)
_SUBJECT_IRIS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s)) }"


class Data:
    """The graph being checked (plus its context), in an in-memory pyoxigraph store.

    ``graphs`` are rdflib graphs; ``ntriples`` (bytes) is the same data already written as N-Triples,
    loaded by pyoxigraph's parser instead. ``subject_iris`` are the IRIs among the data's subjects (not
    the context's; pyoxigraph terms) and ``triples`` its number of triples. The validator works on pyoxigraph
    terms and converts a value to rdflib (:meth:`term`) only for the checks that need rdflib's reading of it.
    """

    def __init__(self, graphs: list[Graph] = (), context: list[Graph] = (), ntriples: bytes | None = None):
        self.store = ox.Store()
        self._terms: dict = {}  # pyoxigraph term -> rdflib term
        self._instances: dict = {}
        self._paths: dict = {}  # path -> {pyoxigraph node: [pyoxigraph values]}
        if ntriples is not None:
            self.store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
            # one DISTINCT query: a Python object per subject, not per triple
            iris = {row[0] for row in self.store.query(_SUBJECT_IRIS)}
            self.triples = len(self.store)
        else:
            quads = []
            subjects = set()
            for g in graphs:
                for s, p, o in g:
                    s = _to_ox(s)
                    subjects.add(s)
                    quads.append(ox.Quad(s, _to_ox(p), _to_ox(o)))
            self.store.extend(quads)
            self.triples = len(quads) if len(graphs) <= 1 else len(self.store)
            iris = {s for s in subjects if isinstance(s, ox.NamedNode)}
        self.subject_iris = iris
        quads = []
        for g in context:
            quads += _context_quads(g)
        if quads:
            self.store.extend(quads)

    def query(self, text: str):
        return self.store.query(text)

    def term(self, t):
        """The rdflib term of the pyoxigraph term ``t`` (converted once)."""
        r = self._terms.get(t)
        if r is None:
            r = self._terms[t] = _to_rdflib(t)
        return r

    def values(self, focus, path) -> list:
        """The values (pyoxigraph terms) of ``focus`` (a pyoxigraph term) on ``path`` (a predicate or
        ``("^", predicate)``)."""
        return self.path_index(path).get(focus, _NONE)

    def path_index(self, path) -> dict:
        """``{node: [values]}`` of ``path``, read from the store once per :class:`Data` (one pattern for
        every focus node, not one per node)."""
        index = self._paths.get(path)
        if index is None:
            index = self._paths[path] = {}
            if isinstance(path, tuple):
                for q in self.store.quads_for_pattern(None, _to_ox(path[1]), None):
                    index.setdefault(q.object, []).append(q.subject)
            else:
                for q in self.store.quads_for_pattern(None, _to_ox(path), None):
                    index.setdefault(q.subject, []).append(q.object)
        return index

    def instances(self, cls) -> set:
        """The instances (pyoxigraph terms) of ``cls`` and its subclasses: what ``?s a/rdfs:subClassOf* cls``
        matches, read with one pattern per class of the subclass closure (no property-path query)."""
        got = self._instances.get(cls)
        if got is None:
            got = self._instances[cls] = set()
            pattern = self.store.quads_for_pattern
            for c in self._subclasses(_to_ox(cls)):
                got.update(q.subject for q in pattern(None, _OX_TYPE, c, _DEFAULT))
        return got

    def _subclasses(self, cls) -> list:
        """``cls`` and every class ``rdfs:subClassOf+`` it, as the store says (the zero-or-more path)."""
        found = {cls: None}
        todo = [cls]
        while todo:
            for q in self.store.quads_for_pattern(None, _OX_SUBCLASS, todo.pop(), _DEFAULT):
                if q.subject not in found:
                    found[q.subject] = None
                    todo.append(q.subject)
        return list(found)


_NONE: list = []


# ------------------------------------------------------------ evaluation


def _bind_this(query: str, nodes: list) -> str:
    """``query`` with ``$this``/``?this`` bound to ``nodes`` by a VALUES block opening its WHERE group."""
    values = " ".join(str(n) for n in nodes)
    m = re.search(r"\bWHERE\s*\{", query, re.I) or re.search(r"\{", query)
    if m is None:
        raise Unsupported("a SPARQL constraint without a WHERE group")
    return query[:m.end()] + f" VALUES $this {{ {values} }} " + query[m.end():]


def _subquery_uses_this(query: str) -> bool:
    parts = re.split(r"\bSELECT\b", query, flags=re.I)
    return len(parts) > 2 and any(re.search(r"[$?]this\b", p) for p in parts[2:])


_MSG_VAR = re.compile(r"\{[$?](\w+)\}")


class Validator:
    """Runs a :class:`CompiledShapes` over one :class:`Data`.

    Focus nodes and values are pyoxigraph terms; the results are rdflib terms. A check converts a value
    to rdflib (once per term) where rdflib decides the outcome (datatypes other than ``xsd:string``,
    comparisons, ``sh:in``, ``sh:hasValue``), as pyshacl does.
    """

    def __init__(self, compiled: CompiledShapes, data: Data, focus_filter: set | None = None):
        self.c = compiled
        self.d = data
        self.focus_filter = focus_filter  # IRIs (pyoxigraph terms): only focus nodes among them are validated
        self._conforms: dict = {}  # (id(shape), node) -> bool: a nested shape is checked once per node

    def run(self) -> list[Result]:
        out: list[Result] = []
        for shape in self.c.top:
            if shape.deactivated or not shape.targets:
                continue
            focus = self._targets(shape)
            if self.focus_filter is not None:
                keep = self.focus_filter
                focus = [f for f in focus if isinstance(f, ox.NamedNode) and f in keep]
            if focus:
                self._validate(shape, focus, out)
        return out

    def conforms(self, shape: _Shape, node) -> bool:
        key = (id(shape), node)
        got = self._conforms.get(key)
        if got is None:
            out: list[Result] = []
            self._validate(shape, [node], out)
            got = self._conforms[key] = not out
        return got

    def _targets(self, shape: _Shape) -> list:
        found: dict = {}
        for kind, value in shape.targets:
            if kind == "targetClass":
                nodes = self.d.instances(value)
            elif kind == "targetNode":
                nodes = [_to_ox(value)]
            elif kind == "targetSubjectsOf":
                nodes = [q.subject for q in self.d.store.quads_for_pattern(None, _to_ox(value), None)]
            elif kind == "targetObjectsOf":
                nodes = [q.object for q in self.d.store.quads_for_pattern(None, _to_ox(value), None)]
            else:
                nodes = [r["this"] for r in self.d.query(value) if r["this"] is not None]
            for n in nodes:
                found[n] = None
        return list(found)

    def _validate(self, shape: _Shape, focus: list, out: list) -> None:
        if shape.deactivated:
            return
        path = shape.path
        runners, empty, qualified = shape.runners, shape.empty_runners, shape.qualified
        if path is None:
            # a node shape: each focus node is its own value; its property shapes take all of them at once
            for f in focus:
                values = [f]
                for run, arg in runners:
                    run(self, shape, arg, f, values, out)
                for q, lo, hi in qualified:
                    self._qualified(shape, q, lo, hi, f, values, out)
            if focus:
                for p in shape.properties:
                    self._validate(p, focus, out)
        else:
            index = self.d.path_index(path)
            literal_has_none = not isinstance(path, tuple)  # a literal has no values on a predicate path
            for f in focus:
                values = _NONE if literal_has_none and isinstance(f, ox.Literal) else index.get(f, _NONE)
                # without values only the components that report an absence can fail
                for run, arg in (runners if values else empty):
                    run(self, shape, arg, f, values, out)
                for q, lo, hi in qualified:
                    self._qualified(shape, q, lo, hi, f, values, out)
                if values:
                    for p in shape.properties:
                        self._validate(p, values, out)
        for constraint, query, message in shape.sparql:
            self._sparql(shape, constraint, query, message, focus, out)

    def _qualified(self, shape: _Shape, q: _Shape, lo, hi, f, values: list, out: list) -> None:
        n = sum(1 for v in values if self.conforms(q, v))
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            self._report(out, shape, f, None)

    def _report(self, out, shape: _Shape, focus, value, message=None, constraint=None, path=None) -> None:
        """Record a result; ``focus`` and ``value`` are pyoxigraph terms (or None), ``path`` an rdflib term."""
        term = self.d.term
        out.append(Result(term(focus), shape.node, path if path is not None else shape.path_node,
                          None if value is None else term(value), constraint,
                          message if message is not None else (shape.message or "does not conform"),
                          shape.severity))

    # ------------------------------------------------------------ the components, as compiled by _runner
    # Each runner is called as ``run(validator, shape, arg, focus, values, out)`` with ``arg`` prepared once
    # per shape (counts as ints, datatype tests chosen per datatype), not dispatched on the component's name.

    def _min_count(self, shape: _Shape, n: int, f, values: list, out: list) -> None:
        if len(values) < n:
            self._report(out, shape, f, None)

    def _max_count(self, shape: _Shape, n: int, f, values: list, out: list) -> None:
        if len(values) > n:
            self._report(out, shape, f, None)

    def _has_value(self, shape: _Shape, arg, f, values: list, out: list) -> None:
        term = self.d.term
        if arg not in [term(v) for v in values]:
            self._report(out, shape, f, None)

    def _unique_lang(self, shape: _Shape, on: bool, f, values: list, out: list) -> None:
        if on:
            langs: dict = {}
            for v in values:
                if isinstance(v, ox.Literal) and v.language:
                    langs[v.language.lower()] = langs.get(v.language.lower(), 0) + 1
            for _ in [k for k, n in langs.items() if n > 1]:
                self._report(out, shape, f, None)

    def _less_than(self, shape: _Shape, arg, f, values: list, out: list) -> None:
        other, or_equal = arg
        others = self.d.values(f, other) if not isinstance(f, ox.Literal) else _NONE
        for v in set(values):
            for w in others:
                if not self._less(v, w, or_equal):
                    self._report(out, shape, f, v)

    def _less(self, v, w, or_equal: bool) -> bool:
        a, b = _int_value(v), _int_value(w)
        if a is not None and b is not None:  # two xsd:integer literals: rdflib compares their int values
            return a <= b if or_equal else a < b
        term = self.d.term
        return _less(term(v), term(w), or_equal)

    def _equals(self, shape: _Shape, other, f, values: list, out: list) -> None:
        # pyoxigraph terms are equal exactly when their rdflib terms are
        others = set(self.d.values(f, other)) if not isinstance(f, ox.Literal) else set()
        mine = set(values)
        for v in [v for v in mine if v not in others] + [w for w in others if w not in mine]:
            self._report(out, shape, f, v)

    def _disjoint(self, shape: _Shape, other, f, values: list, out: list) -> None:
        others = set(self.d.values(f, other)) if not isinstance(f, ox.Literal) else set()
        for v in values:
            if v in others:
                self._report(out, shape, f, v)

    def _each(self, shape: _Shape, arg, f, values: list, out: list) -> None:
        """A component that judges each value alone: ``arg`` is ``(test, its argument)``."""
        ok, a = arg
        for v in values:
            if not ok(self, a, v):
                self._report(out, shape, f, v)

    # value tests: (validator, prepared argument, value) -> bool

    def _is_instance(self, cls, v) -> bool:
        return not isinstance(v, ox.Literal) and v in self.d.instances(cls)

    def _is_string(self, _, v) -> bool:  # sh:datatype xsd:string: what rdflib says of the plain literal this becomes
        return isinstance(v, ox.Literal) and v.datatype == _OX_XSD_STRING

    def _is_lang_string(self, dt, v) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        if v.language:
            # rdflib's answer for a language-tagged literal depends on its tag only (asked once per tag)
            ok = _LANG_STRING_OK.get(v.language)
            if ok is None:
                ok = _LANG_STRING_OK[v.language] = _has_datatype(self.d.term(v), dt)
            return ok
        return _has_datatype(self.d.term(v), dt)

    def _has_type(self, arg, v) -> bool:
        """sh:datatype of a datatype other than xsd:string, rdf:langString, rdfs:Literal, rdfs:Datatype: only a
        literal of that datatype can conform (rdflib's reading decides whether it is well-typed)."""
        dt, ox_dt, quick = arg
        if not isinstance(v, ox.Literal) or v.datatype != ox_dt:
            return False
        if quick is not None and quick.fullmatch(v.value):
            return True
        return _has_datatype(self.d.term(v), dt)

    def _is_literal_of(self, dt, v) -> bool:
        return isinstance(v, ox.Literal) and _has_datatype(self.d.term(v), dt)

    def _of_kind(self, kinds, v) -> bool:
        return isinstance(v, kinds)

    def _is_in(self, members, v) -> bool:
        return self.d.term(v) in members

    def _in_range(self, arg, v) -> bool:
        name, bound, bound_int = arg
        if not isinstance(v, ox.Literal):
            return False
        n = _int_value(v) if bound_int is not None else None
        if n is not None:  # an xsd:integer against an xsd:integer bound: rdflib compares the int values
            c = (n > bound_int) - (n < bound_int)
        else:
            v = self.d.term(v)
            if isinstance(bound.value, str) != isinstance(v.value, str):
                return False
            try:
                c = _compare(v, bound)
            except (TypeError, NotImplementedError):
                return False
        return {"minInclusive": c >= 0, "maxInclusive": c <= 0, "minExclusive": c > 0, "maxExclusive": c < 0}[name]

    def _min_length(self, n: int, v) -> bool:
        if n == 0:
            return True
        if isinstance(v, ox.BlankNode):
            return False
        return len(v.value) >= n  # the lexical form or the IRI, as rdflib's str()

    def _max_length(self, n: int, v) -> bool:
        if isinstance(v, ox.BlankNode):
            return False
        return len(v.value) <= n

    def _matches(self, pattern, v) -> bool:
        return not isinstance(v, ox.BlankNode) and pattern.search(v.value) is not None

    def _language_in(self, need: set, v) -> bool:
        if not (isinstance(v, ox.Literal) and v.language):
            return False
        lang = v.language.lower()
        return "*" in need or lang in need or lang.split("-")[0] in need

    def _or(self, shapes, v) -> bool:
        return any(self.conforms(s, v) for s in shapes)

    def _and(self, shapes, v) -> bool:
        return all(self.conforms(s, v) for s in shapes)

    def _xone(self, shapes, v) -> bool:
        return sum(1 for s in shapes if self.conforms(s, v)) == 1

    def _not(self, shape, v) -> bool:
        return not self.conforms(shape, v)

    def _node(self, shape, v) -> bool:
        return self.conforms(shape, v)

    def _sparql(self, shape: _Shape, constraint, query: str, message, focus: list, out: list) -> None:
        if not focus:
            return
        # IRIs and literals in VALUES batches; blank nodes (which a query text cannot name) and
        # queries whose subqueries read $this one focus node at a time, substituted as pre-bound.
        one_by_one = _subquery_uses_this(query)
        named = [] if one_by_one else [f for f in focus if not isinstance(f, ox.BlankNode)]
        runs = [(_bind_this(query, named[i:i + 2000]), None) for i in range(0, len(named), 2000)]
        runs += [(query, {ox.Variable("this"): f}) for f in focus if one_by_one or isinstance(f, ox.BlankNode)]
        seen: set = set()  # pyshacl reports each distinct solution once
        for text, substitutions in runs:
            try:
                rows = self.d.store.query(text, substitutions=substitutions)
                variables = [v.value for v in rows.variables]
                rows = list(rows)
            except (SyntaxError, OSError, ValueError) as exc:
                raise SparqlConstraintError(str(exc)) from exc
            if substitutions:
                variables = list(dict.fromkeys(variables + ["this"]))
            for row in rows:
                binding = {name: row[name] for name in variables if _get(row, name) is not None}
                if substitutions:
                    binding.setdefault("this", substitutions[ox.Variable("this")])
                this = binding.get("this")
                if this is None:
                    continue
                value = binding.get("value")
                path = binding.get("path")
                if (this, value, path, binding.get("message")) in seen:
                    continue
                seen.add((this, value, path, binding.get("message")))
                text = binding.get("message")
                text = text.value if text is not None else (message if message is not None else shape.message)
                text = _MSG_VAR.sub(lambda m: binding[m.group(1)].value if m.group(1) in binding else m.group(0),
                                    text or "does not conform")
                self._report(out, shape, this, value, text, constraint, None if path is None else self.d.term(path))


#: rdflib's sh:datatype rdf:langString answer per language tag (it does not depend on the lexical form)
_LANG_STRING_OK: dict[str, bool] = {}
#: lexical forms rdflib reads as well-typed values of the datatype (int() and its boolean map accept them all)
_WELL_TYPED = {XSD.integer: re.compile(r"[+-]?[0-9]+"), XSD.boolean: re.compile(r"true|false|1|0")}
_OX_XSD_INTEGER = ox.NamedNode(str(XSD.integer))
_INTEGER = _WELL_TYPED[XSD.integer]


def _int_value(v) -> int | None:
    """The int value of an ``xsd:integer`` literal written with ASCII digits (what rdflib reads), else None."""
    if isinstance(v, ox.Literal) and v.datatype == _OX_XSD_INTEGER and _INTEGER.fullmatch(v.value):
        return int(v.value)
    return None


def _count(name: str, value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Unsupported(f"sh:{name} {value!r} is not an integer") from exc


def _runner(name: str, value) -> tuple:
    """The compiled form of one component of a shape: ``(Validator method, its prepared argument)``."""
    v = Validator
    if name in ("minCount", "maxCount"):
        return (v._min_count if name == "minCount" else v._max_count), _count(name, value)
    if name == "hasValue":
        return v._has_value, value
    if name == "uniqueLang":
        return v._unique_lang, value == Literal(True)
    if name in ("lessThan", "lessThanOrEquals"):
        return v._less_than, (value, name == "lessThanOrEquals")
    if name == "equals":
        return v._equals, value
    if name == "disjoint":
        return v._disjoint, value
    return v._each, _value_test(name, value)


def _value_test(name: str, value) -> tuple:
    v = Validator
    if name == "class":
        return v._is_instance, value
    if name == "datatype":
        if value == _XSD_STRING:
            return v._is_string, value
        if value == RDF_LANGSTRING:
            return v._is_lang_string, value
        if value in (RDFS.Literal, RDFS.Datatype) or not isinstance(value, URIRef):
            return v._is_literal_of, value
        return v._has_type, (value, ox.NamedNode(str(value)), _WELL_TYPED.get(value))
    if name == "nodeKind":
        if value not in _NODE_KINDS:
            raise Unsupported(f"sh:nodeKind {value}")
        return v._of_kind, _NODE_KINDS[value]
    if name == "in":
        return v._is_in, value
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        bound_int = value.value if isinstance(value, Literal) and value.datatype == XSD.integer \
            and type(value.value) is int else None
        return v._in_range, (name, value, bound_int)
    if name in ("minLength", "maxLength"):
        return (v._min_length if name == "minLength" else v._max_length), _count(name, value)
    if name == "pattern":
        return v._matches, value
    if name == "languageIn":
        return v._language_in, {str(x).lower() for x in value}
    tests = {"or": v._or, "and": v._and, "xone": v._xone, "not": v._not, "node": v._node}
    if name in tests:
        return tests[name], value
    raise Unsupported(name)


def _get(row, name):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


class SparqlConstraintError(ValueError):
    """A SPARQL constraint or target that pyoxigraph cannot parse or evaluate."""


def _less(v, w, or_equal: bool) -> bool:
    """pyshacl's ``sh:lessThan``/``lessThanOrEquals`` comparison of two values (strings only with strings)."""
    def plain(x):
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    a, a_str = plain(v)
    b, b_str = plain(w)
    if a_str != b_str:
        return False
    try:
        return a <= b if or_equal else a < b
    except TypeError:
        return False
