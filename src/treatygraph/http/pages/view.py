"""How a resource page shows terms: the reader's view (settings, languages, base) and the
values and property tables of a description."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ...config import Settings
from ..linked_data import (
    canonical_base, href,
)
from .labels import display_label, qname
from .text import natural_key

#: Values of one property named on a page (a decision's ~250 eli:has_part are its outline already);
#: the rest are counted, all are in the data.
VALUES_SHOWN = 40


@dataclass
class Value:
    kind: str  # iri | bnode | literal
    text: str = ""
    lang: str = ""
    datatype: str = ""
    iri: str = ""
    href: str = ""
    label: str = ""
    rows: list = field(default_factory=list)


@dataclass
class View:
    """What a page needs to name things: settings, the reader's languages, the base."""

    settings: Settings
    langs: list[str]

    @property
    def base(self) -> str:
        return canonical_base(self.settings)

    def href(self, uri: str) -> str:
        return href(self.settings, uri)

    def label(self, graph: Graph, node: Node) -> str:
        return display_label(graph, node, self.langs, self.base)


def value_of(graph: Graph, node: Node, view: View, depth: int = 0) -> Value:
    """A term as the page shows it; blank nodes as nested tables (two levels)."""
    if isinstance(node, URIRef):
        return Value("iri", iri=str(node), href=view.href(str(node)), label=view.label(graph, node))
    if isinstance(node, BNode):
        rows = property_rows(graph, node, view, depth + 1) if depth < 3 else []
        return Value("bnode", rows=rows)
    assert isinstance(node, Literal)
    datatype = qname(graph, node.datatype) if node.datatype and not node.language else ""
    if datatype == "xsd:string":
        datatype = ""
    text = str(node)
    return Value("literal", text=text if len(text) < 600 else text[:600] + "…", lang=node.language or "",
                 datatype=datatype)


def property_rows(graph: Graph, subject: Node, view: View, depth: int = 0) -> list[dict]:
    """``[{name, href, predicate, values}]`` for the statements of ``subject`` (types excluded)."""
    by_pred: dict[URIRef, list[Node]] = {}
    for p, o in graph.predicate_objects(subject):
        if p == RDF.type and depth == 0:
            continue
        by_pred.setdefault(p, []).append(o)
    rows = []
    for p in sorted(by_pred, key=lambda x: qname(graph, x)):
        objs = sorted(by_pred[p], key=lambda o: (isinstance(o, Literal), getattr(o, "language", "") or "",
                                                 natural_key(str(o))))
        rows.append({"name": qname(graph, p), "href": view.href(str(p)), "predicate": str(p),
                     "values": [value_of(graph, o, view, depth) for o in objs[:VALUES_SHOWN]],
                     "more": max(0, len(objs) - VALUES_SHOWN)})
    return rows
