"""Pictures of the graph, drawn as SVG in Python (layout by networkx; no system package).

Two pictures: the network of instruments and their interlinkages
(:func:`network_svg`: citations between instruments, cooperation
arrangements, liaison-group memberships; edge width grows with the count),
and the neighbourhood of one resource (:func:`neighbourhood_svg`, drawn from
its linked-data description: what links to it on the left, what it links to
on the right). Nodes link to their pages (``link``), so the SVG is
navigable; every node and edge has a ``<title>`` (a tooltip, read by screen
readers). :func:`network_rows` gives the same edges as table rows.

Sizing: the SVG has a ``viewBox`` and scales to its box, but never below
:data:`MIN_WIDTH_PX` CSS pixels, so that on a phone its text stays legible
and the picture scrolls sideways in its frame instead of shrinking.
Text is escaped by the XML writer; Chinese passes as UTF-8.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .export.queries import query_text
from .namespaces import CITO, TG
from .store.base import Store

#: Most edges drawn in a neighbourhood picture (the rest are counted in a note).
MAX_NEIGHBOURHOOD_EDGES = 40
#: The narrowest a picture is shown, in CSS pixels (narrower screens scroll it).
MIN_WIDTH_PX = 720
#: Font sizes (SVG user units) and the picture's width in them.
FONT, SMALL_FONT, WIDTH = 14, 11, 960
LINE = FONT + 3

_KIND_COLOUR = {"citation": "#1f5fa8", "arrangement": "#2e8540", "member": "#777777"}
_NODE_STYLE = {"instrument": ("#f4f1e8", "#7a6a3a"), "group": ("#e8eef6", "#4a6a9a"),
               "focus": ("#fde9a8", "#7a4b00")}
Link = Callable[[str], str]


class PictureError(RuntimeError):
    """A picture cannot be drawn."""


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


# --------------------------------------------------------------------------
# Drawing: boxes of text, lines between them
# --------------------------------------------------------------------------


def text_width(text: str, size: float = FONT) -> float:
    """An estimate of the drawn width of ``text``: CJK characters a full em, others ~0.58 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.58 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of about ``width`` characters (CJK: half as many, it has no spaces)."""
    if not text:
        return []
    if " " in text:
        return textwrap.wrap(text, width) or [text]
    if any(ord(ch) >= 0x2E80 for ch in text):
        step = max(1, width // 2)
        return [text[i:i + step] for i in range(0, len(text), step)]
    lines = [""]  # an identifier path: break after a slash
    for piece in text.replace("/", "/\n").split("\n"):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return lines


@dataclass
class Box:
    """A node as drawn: its lines of text, centre and size."""

    key: str
    lines: list[str]
    href: str
    title: str
    style: str = "instrument"
    note: str = ""  # a small line above the text (a neighbourhood edge's predicate)
    x: float = 0.0
    y: float = 0.0

    @property
    def w(self) -> float:
        widths = [text_width(t) for t in self.lines] + [text_width(self.note, SMALL_FONT)]
        return max(widths) + 16

    @property
    def h(self) -> float:
        return LINE * len(self.lines) + (SMALL_FONT + 4 if self.note else 0) + 10


def _svg_open(width: float, height: float, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
            f'style="min-width:{min(MIN_WIDTH_PX, width):.0f}px" role="img" aria-label={quoteattr(label)} '
            'font-family="system-ui, \'Noto Sans\', \'Noto Sans CJK SC\', \'WenQuanYi Micro Hei\', sans-serif">'
            f'<title>{escape(label)}</title>'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" '
            'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/>'
            '</marker></defs>')


def _box_svg(box: Box) -> str:
    fill, stroke = _NODE_STYLE.get(box.style, _NODE_STYLE["instrument"])
    x0, y0 = box.x - box.w / 2, box.y - box.h / 2
    width = 2.5 if box.style == "focus" else 1.2
    rx = box.h / 2 if box.style == "group" else 6
    parts = [f'<a href={quoteattr(box.href)} target="_top"><title>{escape(box.title)}</title>',
             f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="{rx:.1f}" '
             f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>']
    y = y0 + 5
    if box.note:
        y += SMALL_FONT
        parts.append(f'<text x="{box.x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{SMALL_FONT}" '
                     f'fill="#555">{escape(box.note)}</text>')
        y += 4
    for line in box.lines:
        y += LINE
        parts.append(f'<text x="{box.x:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="{FONT}" '
                     f'fill="#1d1d1b">{escape(line)}</text>')
    parts.append("</a>")
    return "".join(parts)


def _border_point(box: Box, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the centre of ``box`` to ``towards`` leaves the box."""
    dx, dy = towards[0] - box.x, towards[1] - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    scale = min(box.w / 2 / abs(dx) if dx else math.inf, box.h / 2 / abs(dy) if dy else math.inf)
    return box.x + dx * scale, box.y + dy * scale


def _line_svg(a: Box, b: Box, colour: str, width: float, title: str, label: str = "",
              arrow: bool = False, dashed: bool = False, offset: float = 0.0) -> str:
    x1, y1 = _border_point(a, (b.x, b.y))
    x2, y2 = _border_point(b, (a.x, a.y))
    if offset:  # one of several edges between two boxes: shifted sideways
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        nx_, ny_ = -(y2 - y1) / length * offset, (x2 - x1) / length * offset
        x1, y1, x2, y2 = x1 + nx_, y1 + ny_, x2 + nx_, y2 + ny_
    extra = (' marker-end="url(#arrow)"' if arrow else "") + (' stroke-dasharray="5 4"' if dashed else "")
    out = (f'<g><title>{escape(title)}</title><line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
           f'stroke="{colour}" stroke-width="{width:.2f}"{extra}/>')
    if label:
        out += (f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 3:.1f}" text-anchor="middle" '
                f'font-size="{SMALL_FONT}" fill="{colour}" stroke="#fff" stroke-width="3" '
                f'paint-order="stroke">{escape(label)}</text>')
    return out + "</g>"


def _separate(boxes: list[Box], gap: float = 14, rounds: int = 200) -> None:
    """Push overlapping boxes apart (the layout places points; the boxes have a size)."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                ox = (a.w + b.w) / 2 + gap - abs(a.x - b.x)
                oy = (a.h + b.h) / 2 + gap - abs(a.y - b.y)
                if ox > 0 and oy > 0:
                    moved = True
                    if ox < oy:  # the cheaper direction
                        shift = ox / 2 if a.x <= b.x else -ox / 2
                        a.x, b.x = a.x - shift, b.x + shift
                    else:
                        shift = oy / 2 if a.y <= b.y else -oy / 2
                        a.y, b.y = a.y - shift, b.y + shift
        if not moved:
            return


def _fit(boxes: list[Box], margin: float = 12) -> tuple[float, float]:
    """Move the boxes so that they start at ``margin``; the picture's width and height."""
    left = min(b.x - b.w / 2 for b in boxes)
    top = min(b.y - b.h / 2 for b in boxes)
    for b in boxes:
        b.x += margin - left
        b.y += margin - top
    return (max(b.x + b.w / 2 for b in boxes) + margin, max(b.y + b.h / 2 for b in boxes) + margin)


def empty_svg(message: str) -> str:
    """A small SVG saying ``message`` (nothing to draw)."""
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40" role="img">'
            f'<text x="8" y="24" font-family="sans-serif" font-size="13">{escape(message)}</text></svg>')


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


def node_name(node: NetworkNode) -> str:
    """What a node is called in a picture or a table: its short name, else its English label."""
    return node.short or node.label_en or node.uri.rsplit("/", 1)[-1]


def _node_lines(node: NetworkNode) -> list[str]:
    head = [node.short] if node.short else wrap(node.label_en, 26)[:3] or [node_name(node)]
    return head + (wrap(node.label_zh, 26)[:2] if node.label_zh else [])


def network_layout(nodes: Iterable[NetworkNode], edges: Iterable[NetworkEdge], link: Link) -> tuple[
        list[Box], float, float]:
    """The boxes of the nodes with at least one edge, placed; the picture's width and height."""
    edges = list(edges)
    by_uri = {n.uri: n for n in nodes}
    used = sorted({e.source for e in edges} | {e.target for e in edges})
    graph = nx.Graph()
    graph.add_nodes_from(used)
    for e in edges:
        graph.add_edge(e.source, e.target)
    # Deterministic (seeded) spring layout in [-1, 1]², stretched to the picture's width.
    points = nx.kamada_kawai_layout(graph)
    boxes = []
    for uri in used:
        node = by_uri.get(uri) or NetworkNode(uri, "instrument", "", "", "")
        x, y = points[uri]
        boxes.append(Box(uri, _node_lines(node), link(uri), node.label_en or uri,
                         "group" if node.kind == "group" else "instrument",
                         x=float(x) * WIDTH / 2.2, y=float(y) * WIDTH / 2.8))
    _separate(boxes)
    width, height = _fit(boxes)
    return boxes, width, height


def network_svg_of(nodes: Iterable[NetworkNode], edges: Iterable[NetworkEdge], link: Link = str) -> str:
    """The SVG of a network (only nodes with at least one edge are drawn)."""
    nodes, edges = list(nodes), list(edges)
    if not edges:
        return empty_svg("no interlinkages in the graph yet")
    boxes, width, height = network_layout(nodes, edges, link)
    at = {b.key: b for b in boxes}
    names = {n.uri: node_name(n) for n in nodes}
    out = [_svg_open(width, height, "The network of instruments: citations, cooperation arrangements "
                     "and liaison-group memberships (the same as the table below)")]
    pairs: dict[frozenset, list[NetworkEdge]] = {}
    for e in sorted(edges, key=lambda e: (e.kind, e.source, e.target)):
        pairs.setdefault(frozenset((e.source, e.target)), []).append(e)
    for e in sorted(edges, key=lambda e: (e.kind, e.source, e.target)):
        a, b = at[e.source], at[e.target]
        siblings = pairs[frozenset((e.source, e.target))]
        offset = (siblings.index(e) - (len(siblings) - 1) / 2) * 18
        if e.source > e.target:
            offset = -offset  # the same side whichever way the edge points
        label = f"{e.kind} ×{e.weight}"
        title = f"{names.get(e.source, e.source)} → {names.get(e.target, e.target)}: {label}"
        out.append(_line_svg(a, b, _KIND_COLOUR.get(e.kind, "#555"), 1 + math.log2(max(e.weight, 1)),
                             title, "" if e.kind == "member" else label, arrow=e.kind == "citation", dashed=e.kind == "member",
                             offset=offset))
    out.extend(_box_svg(b) for b in boxes)
    out.append("</svg>")
    return "".join(out)


def network_svg(store: Store, link: Link = str, queries_dir=None) -> str:
    """The instrument network as SVG, nodes linking to ``link(uri)``."""
    nodes, edges = network(store, queries_dir)
    return network_svg_of(nodes, edges, link)


def network_rows(nodes: Iterable[NetworkNode], edges: Iterable[NetworkEdge], link: Link = str) -> list[dict]:
    """The network as table rows (the picture's text equivalent), heaviest links first.

    ``[{"source", "source_href", "kind", "target", "target_href", "weight"}]``.
    """
    names = {n.uri: node_name(n) for n in nodes}
    rows = [{"source": names.get(e.source, e.source), "source_href": link(e.source), "kind": e.kind,
             "target": names.get(e.target, e.target), "target_href": link(e.target), "weight": e.weight}
            for e in edges]
    return sorted(rows, key=lambda r: (-r["weight"], r["kind"], r["source"], r["target"]))


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



def neighbourhood_svg(description: Graph, uri: str, link: Link = str) -> str:
    """The neighbourhood of ``uri`` as SVG, from its description (see ``export.describe``).

    The resource in the middle; what links to it on the left, what it links
    to on the right, each box headed by the link's name.
    """
    edges = neighbourhood_edges(description, uri)
    if not edges:
        return empty_svg("no links to draw")
    extra = len(edges) - MAX_NEIGHBOURHOOD_EDGES
    edges = edges[:MAX_NEIGHBOURHOOD_EDGES]
    me = URIRef(uri)

    def lines(node: Node) -> list[str]:
        en, zh = best_label(description, node, "en"), best_label(description, node, "zh")
        return wrap(en, 30)[:3] + (wrap(zh, 30)[:2] if zh != en else [])

    centre = Box(uri, lines(me), link(uri), uri, "focus")
    left = [Box(f"in{i}", lines(s), link(str(s)), str(s), note=f"{label} →")
            for i, (s, label, o) in enumerate(edges) if o == me and s != me]
    right = [Box(f"out{i}", lines(o), link(str(o)), str(o), note=f"→ {label}")
             for i, (s, label, o) in enumerate(edges) if s == me]
    column = max([b.w for b in left + right] + [0])
    gap = 70  # room for the arrows between the columns
    centre.x = (column + gap if left else 0) + centre.w / 2
    right_x = centre.x + centre.w / 2 + gap + column / 2
    for side, x in ((left, column / 2), (right, right_x)):
        y = 0.0
        for b in side:
            b.x, b.y = x, y + b.h / 2
            y += b.h + 12
    centre.y = max(sum(b.h + 12 for b in side) for side in (left, right, [centre])) / 2
    boxes = left + [centre] + right
    width, height = _fit(boxes)
    out = [_svg_open(width, height + (LINE if extra > 0 else 0), "Links around this resource "
                     "(the same as its properties and “Linked from” tables)")]
    for b in left:
        out.append(_line_svg(b, centre, "#555", 1.2, f"{b.title} {b.note} {uri}", arrow=True))
    for b in right:
        out.append(_line_svg(centre, b, "#555", 1.2, f"{uri} {b.note} {b.title}", arrow=True))
    out.extend(_box_svg(b) for b in boxes)
    if extra > 0:
        out.append(f'<text x="12" y="{height + LINE - 6:.0f}" font-size="{SMALL_FONT}">'
                   f'{escape(f"… and {extra} more links")}</text>')
    out.append("</svg>")
    return "".join(out)


__all__ = [
    "NetworkEdge", "NetworkNode", "PictureError", "best_label", "empty_svg", "network",
    "network_layout", "network_rows", "network_svg", "network_svg_of", "neighbourhood_edges",
    "neighbourhood_svg", "node_name", "text_width", "wrap",
]
