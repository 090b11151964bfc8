"""Pictures of the graph, drawn server-side as SVG with Graphviz (the ``dot``/``neato`` binaries).

Two pictures: the network of instruments and their interlinkages
(:func:`network_svg`: citations between instruments, cooperation
arrangements, liaison-group memberships; edge width grows with the count),
and the neighbourhood of one resource (:func:`neighbourhood_svg`, drawn from
its linked-data description). Nodes link to their pages (``link``), so the
SVG is navigable. Labels are escaped for DOT and for XML by Graphviz;
Chinese text goes through as UTF-8.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from typing import Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .export.queries import query_text
from .namespaces import CITO, TG
from .store.base import Store

#: Seconds Graphviz may take for one picture.
RENDER_TIMEOUT = 30
#: Most edges drawn in a neighbourhood picture (the rest are counted in a note).
MAX_NEIGHBOURHOOD_EDGES = 40

_KIND_STYLE = {
    "citation": 'color="#1f5fa8" fontcolor="#1f5fa8"',
    "arrangement": 'color="#2e8540" fontcolor="#2e8540" dir=none',
    "member": 'color="#888888" fontcolor="#666666" style=dashed',
}
Link = Callable[[str], str]


class PictureError(RuntimeError):
    """Graphviz is missing or failed on a picture."""


@dataclass(frozen=True)
class NetworkNode:
    uri: str
    kind: str  # instrument | group
    label_en: str
    label_zh: str
    short: str


@dataclass(frozen=True)
class NetworkEdge:
    source: str
    target: str
    kind: str  # citation | arrangement | member
    weight: int


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string (backslashes, quotes and newlines escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{escaped}"'


def render_svg(dot_source: str, engine: str = "dot") -> str:
    """Run Graphviz ``engine`` on ``dot_source``; the SVG text (an ``<svg>`` element first)."""
    binary = shutil.which(engine)
    if binary is None:
        raise PictureError(f"Graphviz {engine!r} is not installed (Debian package graphviz)")
    try:
        done = subprocess.run([binary, "-Tsvg"], input=dot_source.encode("utf-8"),
                              capture_output=True, timeout=RENDER_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as e:
        raise PictureError(f"Graphviz {engine} took more than {RENDER_TIMEOUT} s") from e
    if done.returncode != 0:
        raise PictureError(f"Graphviz {engine} failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    svg = done.stdout.decode("utf-8")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


# --------------------------------------------------------------------------
# The instrument network
# --------------------------------------------------------------------------


def network(store: Store, queries_dir=None) -> tuple[list[NetworkNode], list[NetworkEdge]]:
    """Nodes (instruments, liaison groups) and weighted edges of the interlinkage network."""
    nodes = []
    for row in store.query(query_text("network-nodes", queries_dir)).dicts():
        uri = str(row["node"])
        nodes.append(NetworkNode(uri, str(row.get("kind", "instrument")), str(row.get("label_en", "")),
                                 str(row.get("label_zh", "")), str(row.get("short", ""))))
    edges = [
        NetworkEdge(str(r["a"]), str(r["b"]), str(r["kind"]), int(r["weight"]))
        for r in store.query(query_text("instrument-network", queries_dir)).dicts()
    ]
    return nodes, edges


def _wrap(text: str, width: int) -> str:
    if " " in text:
        return "\n".join(textwrap.wrap(text, width)) or text
    return "\n".join(text[i:i + width // 2] for i in range(0, len(text), width // 2))  # CJK: no spaces


def _node_text(node: NetworkNode) -> str:
    head = node.short or _wrap(node.label_en, 24) or node.uri.rsplit("/", 1)[-1]
    return f"{head}\n{_wrap(node.label_zh, 24)}" if node.label_zh else head


def network_dot(nodes: Iterable[NetworkNode], edges: Iterable[NetworkEdge], link: Link) -> str:
    """The DOT source of the network (only nodes with at least one edge are drawn)."""
    edges = list(edges)
    used = {e.source for e in edges} | {e.target for e in edges}
    lines = [
        "graph network {",
        '  graph [overlap=false splines=true sep="+12" bgcolor="transparent" fontname="sans-serif"];',
        '  node [shape=box style="rounded,filled" fillcolor="#f4f1e8" color="#7a6a3a" '
        'fontname="sans-serif" fontsize=11];',
        '  edge [fontname="sans-serif" fontsize=9 len=2.2];',
    ]
    for node in nodes:
        if node.uri not in used:
            continue
        shape = 'shape=ellipse fillcolor="#e8eef6" color="#4a6a9a"' if node.kind == "group" else ""
        title = node.label_en or node.uri
        lines.append(f"  {dot_string(node.uri)} [label={dot_string(_node_text(node))} "
                     f"tooltip={dot_string(title)} URL={dot_string(link(node.uri))} "
                     f'target="_top" {shape}];')
    for e in edges:
        width = 1 + math.log2(e.weight)
        arrow = "dir=forward" if e.kind == "citation" else ""
        lines.append(f"  {dot_string(e.source)} -- {dot_string(e.target)} "
                     f"[label={dot_string(f'{e.kind} ×{e.weight}')} penwidth={width:.2f} "
                     f"{arrow} {_KIND_STYLE.get(e.kind, '')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def network_svg(store: Store, link: Link = str, queries_dir=None) -> str:
    """The instrument network as SVG, nodes linking to ``link(uri)``."""
    nodes, edges = network(store, queries_dir)
    if not edges:
        return _empty_svg("no interlinkages in the graph yet")
    return render_svg(network_dot(nodes, edges, link), engine="neato")


def _empty_svg(message: str) -> str:
    from xml.sax.saxutils import escape

    return ('<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40" role="img">'
            f'<text x="8" y="24" font-family="sans-serif" font-size="13">{escape(message)}</text></svg>')


# --------------------------------------------------------------------------
# The neighbourhood of one resource
# --------------------------------------------------------------------------


def best_label(graph: Graph, node: Node, lang: str = "en") -> str:
    """The node's label in ``lang``, else any label, else its identifier path or the end of its IRI."""
    labels = list(graph.objects(node, RDFS.label)) + list(graph.objects(node, SKOS.prefLabel))
    for label in labels:
        if isinstance(label, Literal) and (label.language or "").startswith(lang):
            return str(label)
    if labels:
        return str(labels[0])
    text = str(node)
    if "/id/" in text:
        return text.rsplit("/id/", 1)[1]  # an unlabelled resource of ours: its identifier path
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text


def _short(iri: Node, graph: Graph) -> str:
    prefix, _, local = (graph.namespace_manager.qname(iri).partition(":")
                        if isinstance(iri, URIRef) else ("", "", str(iri)))
    return f"{prefix}:{local}" if local else prefix


def neighbourhood_edges(description: Graph, uri: str) -> list[tuple[Node, str, Node]]:
    """Edges around ``uri``: its links out and in, and citations (citing part → it, with the quote)."""
    me = URIRef(uri)
    out: list[tuple[Node, str, Node]] = []
    for p, o in description.predicate_objects(me):
        if isinstance(o, URIRef) and p != RDF.type:
            out.append((me, _short(p, description), o))
    quoted: set[Node] = set()
    for citation in description.subjects(CITO.hasCitedEntity, me):
        for part in description.objects(citation, CITO.hasCitingEntity):
            quote = description.value(citation, TG.quote)
            out.append((part, f"cites “{quote}”" if quote else "cites", me))
            quoted.add(part)
    for s, p in description.subject_predicates(me):
        if p in (CITO.hasCitedEntity, CITO.hasCitingEntity):
            continue  # citation nodes: drawn as citing part → cited resource (eli:cites)
        if isinstance(s, URIRef) and not (s in quoted and p.endswith("cites")):
            out.append((s, _short(p, description), me))
    return sorted(set(out), key=lambda e: (str(e[0]), e[1], str(e[2])))


def neighbourhood_dot(description: Graph, uri: str, link: Link) -> str:
    """The DOT source of the neighbourhood picture of ``uri``."""
    edges = neighbourhood_edges(description, uri)
    extra = len(edges) - MAX_NEIGHBOURHOOD_EDGES
    edges = edges[:MAX_NEIGHBOURHOOD_EDGES]
    me = URIRef(uri)
    nodes = {me} | {e[0] for e in edges} | {e[2] for e in edges}
    lines = [
        "digraph neighbourhood {",
        '  graph [rankdir=LR bgcolor="transparent" fontname="sans-serif" fontsize=10];',
        '  node [shape=box style="rounded,filled" fillcolor="#f4f1e8" color="#7a6a3a" '
        'fontname="sans-serif" fontsize=10];',
        '  edge [fontname="sans-serif" fontsize=8 color="#555555"];',
    ]
    for node in sorted(nodes, key=str):
        zh = best_label(description, node, "zh")
        en = best_label(description, node, "en")
        text = en if zh == en else f"{en}\n{zh}"
        fill = 'fillcolor="#fde9a8" penwidth=2' if node == me else ""
        lines.append(f"  {dot_string(str(node))} [label={dot_string(text)} "
                     f"URL={dot_string(link(str(node)))} target=\"_top\" {fill}];")
    for s, label, o in edges:
        lines.append(f"  {dot_string(str(s))} -> {dot_string(str(o))} [label={dot_string(label)}];")
    if extra > 0:
        lines.append(f'  more [shape=plaintext label={dot_string(f"… and {extra} more links")}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def neighbourhood_svg(description: Graph, uri: str, link: Link = str) -> str:
    """The neighbourhood of ``uri`` as SVG, from its description (see ``export.describe``)."""
    if not neighbourhood_edges(description, uri):
        return _empty_svg("no links to draw")
    return render_svg(neighbourhood_dot(description, uri, link), engine="dot")


__all__ = [
    "NetworkEdge", "NetworkNode", "PictureError", "best_label", "dot_string", "network",
    "network_dot", "network_svg", "neighbourhood_dot", "neighbourhood_edges",
    "neighbourhood_svg", "render_svg",
]
