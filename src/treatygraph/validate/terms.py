"""Terms for the pyoxigraph SHACL engine: conversions between pyoxigraph and rdflib, and pyshacl's readings
of values (which literal satisfies ``sh:datatype``, how two values compare, the well-typed lexical forms
read without rdflib, the node kinds of ``sh:nodeKind``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time as dtime
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

RDF_LANGSTRING = RDF.langString
_XSD_BOOLEAN = XSD.boolean


def _to_ox(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    if t.datatype is not None:
        lexical = str(t)
        if t.datatype == _XSD_BOOLEAN and getattr(t, "ill_typed", None):
            # rdflib rewrites an ill-typed boolean ("TRUE", "no") to "true"/"false" and only flags it
            # ill_typed; upper case is a form rdflib reads back as the same literal, still ill-typed
            lexical = lexical.upper()
        return ox.Literal(lexical, datatype=ox.NamedNode(str(t.datatype)))
    return ox.Literal(str(t))


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
