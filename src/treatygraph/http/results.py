"""Serialise a :class:`~treatygraph.store.base.QueryResult` (rdflib terms) into a served format.

Used when the store has no fast path of its own (a remote store) and by the
CLI. The SPARQL results formats follow the W3C specs: JSON
(sparql11-results-json), XML (rdf-sparql-XMLres), CSV and TSV
(sparql11-results-csv-tsv). Graphs go through rdflib's serializers.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..namespaces import bind_prefixes
from ..store.base import BadQuery, QueryResult, Store
from .negotiation import Format


def term_json(term: Node) -> dict:
    """One RDF term in the SPARQL JSON results format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult) -> bytes:
    if result.kind == "ask":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        doc = {
            "head": {"vars": result.variables},
            "results": {"bindings": [
                {v: term_json(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows
            ]},
        }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attr = ""
    if term.language:
        attr = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and term.datatype != XSD.string:
        attr = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attr}>{escape(str(term))}</literal>"


def _xml(result: QueryResult) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    if result.kind == "ask":
        out.append(f"</head>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return "".join(out).encode("utf-8")
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>\n<results>\n")
    for row in result.rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row) if t is not None]
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv(result: QueryResult) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue().encode("utf-8")


def _tsv(result: QueryResult) -> bytes:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


_WRITERS = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}


def serialize_result(result: QueryResult, fmt: Format) -> bytes:
    """``result`` in ``fmt``; ``ValueError`` if the format cannot carry this kind of result."""
    if result.kind in ("select", "ask") and fmt.carries == "results":
        if result.kind == "ask" and fmt.name not in ("json", "xml"):
            raise ValueError(f"an ASK result cannot be written as {fmt.name}")
        return _WRITERS[fmt.name](result)
    if result.kind == "graph" and fmt.carries == "graph" and result.graph is not None:
        return bind_prefixes(result.graph).serialize(format=fmt.rdflib, encoding="utf-8")
    raise ValueError(f"a {result.kind} result cannot be written as {fmt.name}")


def run_serialized(
    store: Store,
    sparql: str,
    fmt: Format,
    *,
    bindings: Mapping[str, Node] | None = None,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    timeout: float | None = None,
    base_iri: str | None = None,
) -> tuple[bytes, bool]:
    """Run a query and serialise its answer; ``(body, truncated)``.

    Uses the store's own ``query_serialized`` when it has one (the embedded
    store writes results with pyoxigraph, much faster than through rdflib);
    only that path resolves relative IRIs against ``base_iri``.
    """
    fast = getattr(store, "query_serialized", None)
    if fast is not None:
        try:
            return fast(sparql, fmt.media_type, bindings=bindings, default_graph=default_graph,
                        named_graphs=named_graphs, base_iri=base_iri), False
        except ValueError as e:
            raise BadQuery(str(e)) from e
    result = store.query(sparql, bindings=bindings, default_graph=default_graph,
                         named_graphs=named_graphs, timeout=timeout)
    try:
        return serialize_result(result, fmt), result.truncated
    except ValueError as e:
        raise BadQuery(str(e)) from e
