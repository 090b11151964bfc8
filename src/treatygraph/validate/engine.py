"""SHACL on pyoxigraph: the shapes of ``shapes/`` run over an in-memory store, with pyshacl's results.

pyshacl evaluates each ``sh:sparql`` constraint once per focus node through
rdflib's query engine, which parses the query again every time (about 80 % of
a document's validation). Here the graph being checked is copied once into an
in-memory :class:`pyoxigraph.Store`; targets and SPARQL constraints run as
pyoxigraph queries (a SPARQL constraint once for all its focus nodes, ``$this``
bound by a ``VALUES`` block), and the core constraint components are checked
in Python on the values the store returns, following pyshacl's own rules
(which literal satisfies ``sh:datatype``, how values compare, one result per
value or per focus node). ``tests/model/test_engine_parity.py`` runs both engines on deliberately
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

Where things are: :mod:`.shapes` compiles the shapes graph (:class:`~.shapes.CompiledShapes`,
:class:`~.shapes.Unsupported`); :mod:`.terms` converts terms and holds pyshacl's readings of values;
:mod:`.data` holds the per-document store (:class:`~.data.Data`); this module runs the compiled shapes
over it (:class:`Validator` and its component runners) and defines :class:`Result`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from .data import _NONE, Data
from .shapes import CompiledShapes, Unsupported, _Shape
from .terms import (
    _LANG_STRING_OK, _NODE_KINDS, _OX_XSD_STRING, _WELL_TYPED, _XSD_STRING, RDF_LANGSTRING, _compare,
    _has_datatype, _int_value, _less, _to_ox,
)


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
