"""Write a :class:`Subgraph` in one of the export formats, as a stream of text chunks.

``EXPORT_FORMATS`` is the one table of export formats (name → media type,
file suffix, writer). RDF formats: ``turtle``, ``ntriples`` (statements,
graphs merged), ``jsonld`` and ``nquads`` (named graphs kept, so the
provenance of each statement — which document graph it came from — travels).
Tool formats: ``graphml`` (Gephi, Cytoscape, yEd) and ``csv`` (an edge list);
both show resources as nodes and statements between resources as edges; a
node's labels (en, zh) and types are node attributes in GraphML and label
columns in CSV.

N-Triples, N-Quads, GraphML and CSV are written statement by statement;
Turtle and JSON-LD need the whole graph in memory (rdflib serialises them at
once) and are yielded as one chunk.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Callable, Iterator
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ..namespaces import bind_prefixes
from ..store.terms import term_to_sparql
from .subgraph import Subgraph, is_resource


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    suffix: str
    write: Callable[[Subgraph], Iterator[str]]


def _nt_term(term: Node) -> str:
    # Not rdflib's n3(): it writes a multi-line literal as """...""", which is not N-Triples.
    return term_to_sparql(term, allow_bnode=True)


def _ntriples(sub: Subgraph) -> Iterator[str]:
    for s, p, o in sub.triples():
        yield f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} .\n"


def _nquads(sub: Subgraph) -> Iterator[str]:
    for s, p, o, g in sub.quads:
        yield f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} {_nt_term(g)} .\n"


def _graph(sub: Subgraph) -> Graph:
    g = bind_prefixes(Graph())
    for triple in sub.triples():
        g.add(triple)
    return g


def _dataset(sub: Subgraph) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    for s, p, o, g in sub.quads:
        ds.add((s, p, o, g))
    return ds


def _turtle(sub: Subgraph) -> Iterator[str]:
    yield _graph(sub).serialize(format="turtle")


def _jsonld(sub: Subgraph) -> Iterator[str]:
    yield _dataset(sub).serialize(format="json-ld", indent=1, ensure_ascii=False)


# -- views for network tools ------------------------------------------------

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def node_id(term: Node) -> str:
    """The id of a resource in GraphML/CSV: the IRI, or ``_:`` and the blank node's id."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _node_info(sub: Subgraph) -> dict[Node, dict[str, str]]:
    info: dict[Node, dict[str, str]] = {n: {} for n in sub.nodes()}
    types: dict[Node, list[str]] = {}
    for s, p, o in sub.triples():
        if p == RDF.type and not isinstance(o, Literal):
            types.setdefault(s, []).append(str(o))
        elif p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal):
            key = "label_zh" if (o.language or "").startswith("zh") else "label"
            if (o.language or "en").startswith("en") or key == "label_zh":
                info[s].setdefault(key, str(o))
    for node, ts in types.items():
        info[node]["types"] = " ".join(sorted(ts))
    return info


def edges(sub: Subgraph) -> Iterator[tuple[Node, Node, Node, Node]]:
    """Statements between resources (IRIs or blank nodes), ``rdf:type`` excluded."""
    for s, p, o, g in sub.quads:
        if is_resource(o) and p != RDF.type:
            yield s, p, o, g


_GRAPHML_KEYS = [
    ("label", "node", "label"), ("label_zh", "node", "label_zh"), ("types", "node", "types"),
    ("predicate", "edge", "predicate"), ("graph", "edge", "graph"),
]


def _x(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text))


def _graphml(sub: Subgraph) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for key, domain, name in _GRAPHML_KEYS:
        yield f'  <key id="{key}" for="{domain}" attr.name="{name}" attr.type="string"/>\n'
    yield f'  <graph id={quoteattr(str(sub.root))} edgedefault="directed">\n'
    info = _node_info(sub)
    for node in sorted(info, key=node_id):
        yield f"    <node id={quoteattr(_NOT_XML.sub(chr(0xFFFD), node_id(node)))}>\n"
        for key in ("label", "label_zh", "types"):
            if key in info[node]:
                yield f'      <data key="{key}">{_x(info[node][key])}</data>\n'
        yield "    </node>\n"
    for i, (s, p, o, g) in enumerate(edges(sub)):
        yield (f"    <edge id=\"e{i}\" source={quoteattr(node_id(s))} target={quoteattr(node_id(o))}>"
               f'<data key="predicate">{_x(str(p))}</data><data key="graph">{_x(str(g))}</data></edge>\n')
    yield "  </graph>\n</graphml>\n"


CSV_COLUMNS = ["source", "predicate", "target", "graph", "source_label", "target_label"]


def _csv_row(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(values)
    return buf.getvalue()


def _csv(sub: Subgraph) -> Iterator[str]:
    info = _node_info(sub)

    def label(n: Node) -> str:
        return info.get(n, {}).get("label") or info.get(n, {}).get("label_zh", "")

    yield _csv_row(CSV_COLUMNS)
    for s, p, o, g in edges(sub):
        yield _csv_row([node_id(s), str(p), node_id(o), str(g), label(s), label(o)])


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", "text/turtle; charset=utf-8", "ttl", _turtle),
        ExportFormat("jsonld", "application/ld+json", "jsonld", _jsonld),
        ExportFormat("ntriples", "application/n-triples", "nt", _ntriples),
        ExportFormat("nquads", "application/n-quads", "nq", _nquads),
        ExportFormat("graphml", "application/graphml+xml; charset=utf-8", "graphml", _graphml),
        ExportFormat("csv", "text/csv; charset=utf-8", "csv", _csv),
    )
}


def write(sub: Subgraph, format: str) -> Iterator[str]:
    """Chunks of ``sub`` written in ``format`` (a key of :data:`EXPORT_FORMATS`)."""
    from .subgraph import ExportError

    if format not in EXPORT_FORMATS:
        raise ExportError("format", f"must be one of {', '.join(EXPORT_FORMATS)}, not {format!r}")
    return EXPORT_FORMATS[format].write(sub)
