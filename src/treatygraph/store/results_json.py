"""SPARQL 1.1 Query Results JSON read into rdflib terms and a :class:`QueryResult` (Virtuoso's quirks normalised)."""

from __future__ import annotations

import json

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .base import QueryResult

def json_term(value: dict) -> Node:
    """An rdflib term from one SPARQL JSON results binding (Virtuoso's quirks normalised)."""
    kind = value.get("type")
    text = value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text.removeprefix("nodeID://"))
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if not datatype or datatype == str(XSD.string):
            return Literal(text)  # RDF 1.1: a simple literal is an xsd:string
        if datatype == str(XSD.boolean) and text in ("0", "1"):
            text = "true" if text == "1" else "false"  # Virtuoso stores booleans as integers
        return Literal(text, datatype=URIRef(datatype))
    raise ValueError(f"unknown term type {kind!r}")


def parse_results_json(body: bytes) -> QueryResult:
    """A SELECT/ASK QueryResult from a SPARQL 1.1 JSON results document; ValueError if it is not one."""
    doc = json.loads(body)
    if not isinstance(doc, dict) or "head" not in doc:
        raise ValueError("no 'head' member")
    if "boolean" in doc:
        return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
    variables = list(doc["head"].get("vars", []))
    rows = [
        tuple(json_term(b[v]) if v in b else None for v in variables)
        for b in doc["results"]["bindings"]
    ]
    return QueryResult(kind="select", variables=variables, rows=rows)
