"""``/page/{rest}``: one resource, for reading.

What every page shows comes from the resource's description
(:func:`treatygraph.export.describe.describe`, the data ``/data/{rest}.ttl``
serves): its name and heading in the reader's language, its text (in every
language it has), breadcrumbs, the citations of it — each with the passage
around it, not the whole citing part —, what it cites, its properties.

What only some resources have comes from named queries (``queries/``), each
list paged:

* a whole with parts (a document, an act, an instrument, an article): its
  outline in document order with each part's text and what it cites
  (``outline.rq``, ``outline-cites.rq``);
* anything cited: "cited by" grouped by body, session and year with counts
  (``cited-by-context.rq``);
* an instrument: its bodies (``instrument-bodies.rq``); a body: its sessions
  with place and dates (``body-sessions.rq``); a session: the acts adopted
  there (``session-acts.rq``) — the way down from an instrument to a paragraph;
* an act, a document, a part: where it comes from (``resource-heading.rq``);
* a decision: its clauses and the decision network (:mod:`.decisions`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ... import identifiers as ids
from ...config import Settings
from ...export.describe import describe
from ...namespaces import CITO, ELI, TG
from ...store.base import Store
from ..deps import get_settings, get_store
from ..errors import ApiError
from ..linked_data import (
    CORS_HEADERS, cached_response, canonical_base, canonical_uri, data_path, export_url, href, public_base,
)
from ..negotiation import GRAPH_FORMATS
from ...charts import year_bars, year_range
from . import decisions, language
from .messages import Words
from .common import paging, run
from .labels import display_label, heading, label_in, name_of, name_within, parse, pick, qname, text_in
from .templating import page_headers, render_text
from .text import clean, natural_key, passage

router = APIRouter()
FORMAT_LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}
#: Parts of an outline on one page; citations and citers on one page.
OUTLINE_PAGE = 60
CITATIONS_PAGE = 25
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


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def ancestors(graph: Graph, node: Node, view: View) -> list[dict]:
    """The ``eli:is_part_of`` chain above ``node``, outermost first, as links."""
    chain, seen = [], {node}
    current = graph.value(node, ELI.is_part_of)
    while current is not None and current not in seen:
        seen.add(current)
        chain.append({"label": view.label(graph, current), "href": view.href(str(current))})
        current = graph.value(current, ELI.is_part_of)
    return list(reversed(chain))


@dataclass
class Version:
    """One language version of a part's text and where it starts in the file it was read from."""

    lang: str
    start: int
    text: str


def versions(graph: Graph, part: Node) -> list[Version]:
    """The texts of ``part`` with their start offsets: from the part itself (a decision's paragraph),
    or from its language versions (``eli:is_realized_by`` → ``{work}/text/{lang}``, for provisions
    of an instrument, whose offsets are on the expression, one per language)."""
    texts = {(t.language or ""): str(t) for t in graph.objects(part, TG.text) if isinstance(t, Literal)}
    out = []
    own = _int(graph, part, TG.startOffset)
    if own is not None:
        out += [Version(lang, own, text) for lang, text in texts.items()]
    for expr in graph.objects(part, ELI.is_realized_by):
        lang = str(graph.value(expr, DCTERMS.language) or str(expr).rsplit("/", 1)[-1])
        start = _int(graph, expr, TG.startOffset)
        if start is not None and lang in texts:
            out.append(Version(lang, start, texts[lang]))
    return out


def _span(candidates: list[Version], start: int | None, end: int | None, quote: str) -> tuple[Version, int, int] | None:
    """The version whose text holds the citation at its offsets (the quote where it stands), if any."""
    if start is None or end is None:
        return None
    fallback = None
    for v in candidates:
        a, b = start - v.start, end - v.start
        if 0 <= a <= b <= len(v.text):
            if not quote or v.text[a:b] == quote:
                return v, a, b
            fallback = fallback or (v, a, b)
    return fallback if len(candidates) == 1 else None  # several languages: only an exact quote tells which


def add_citing_versions(store: Store, graph: Graph, me: URIRef, view: View) -> None:
    """Add to ``graph`` the language versions (with offsets) of the provisions citing ``me``
    (``citing-versions.rq``): a description holds the citing parts' texts, not their expressions."""
    for r in run(store, "citing-versions", view.settings, resource=me).dicts():
        graph.add((r["part"], ELI.is_realized_by, r["expr"]))
        graph.add((r["expr"], TG.startOffset, r["start"]))
        graph.add((r["expr"], DCTERMS.language, r["lang"]))


def citations(graph: Graph, me: URIRef, view: View) -> list[dict]:
    """The citations of ``me``: the citing part, the passage around the quote, offsets, line."""
    out = []
    for c in graph.subjects(CITO.hasCitedEntity, me):
        part = graph.value(c, CITO.hasCitingEntity)
        quote = str(graph.value(c, TG.quote) or "")
        start, end = _int(graph, c, TG.startOffset), _int(graph, c, TG.endOffset)
        found = _span(versions(graph, part), start, end, quote) if part is not None else None
        text_node = graph.value(part, TG.text) if part is not None else None
        text, lang = (found[0].text, found[0].lang) if found else (
            str(text_node) if text_node is not None else "", getattr(text_node, "language", None) or "")
        entry = {
            "quote": quote, "line": _int(graph, c, TG.line),
            "warning": str(graph.value(c, TG.warning) or ""),
            "offsets": f"{start}–{end}" if start is not None and end is not None else "",
            "part_href": view.href(str(part)) if part is not None else "",
            "part_label": view.label(graph, part) if part is not None else "(unknown part)",
            "context": ancestors(graph, part, view) if part is not None else [],
            "lang": lang, "has_text": False, "sort": (natural_key(str(part)), start or 0),
        }
        span = found[1:] if found else None
        if span is None and text and quote:
            at = text.find(quote)  # no offsets: the first occurrence of the quote, if any
            if at >= 0:
                span = (at, at + len(quote))
        if span is not None:
            before, marked, after, cut_before, cut_after = passage(text, *span)
            entry.update(has_text=True, before=before, marked=marked, after=after,
                         cut_before=cut_before, cut_after=cut_after)
        out.append(entry)
    return sorted(out, key=lambda e: e["sort"])


def cited_in_text(graph: Graph, me: URIRef, view: View) -> dict | None:
    """The text of a citing part cut into segments, each citation it makes marked and linked.

    ``{"lang", "segments": [{"text", "href"?, "title"?}]}``; None when the part
    has no text or makes no citation with usable offsets. With several language
    versions, the reader's language among those whose citations are placed.
    Overlapping mentions keep the first.
    """
    candidates = versions(graph, me)
    if not candidates:
        return None
    placed: dict[str, list] = defaultdict(list)
    by_lang = {}
    for c in graph.subjects(CITO.hasCitingEntity, me):
        found = _span(candidates, _int(graph, c, TG.startOffset), _int(graph, c, TG.endOffset),
                      str(graph.value(c, TG.quote) or ""))
        if found is None:
            continue
        v, a, b = found
        by_lang[v.lang] = v
        placed[v.lang].append((a, b, graph.value(c, CITO.hasCitedEntity)))
    if not placed:
        return None
    order = {lang: i for i, lang in enumerate(view.langs)}
    lang = min(placed, key=lambda x: (order.get(x.split("-")[0], 99), x))
    text, spans = by_lang[lang].text, placed[lang]
    segments, at = [], 0
    for a, b, cited in sorted(spans, key=lambda x: (x[0], -x[1])):
        if a < at:
            continue
        if a > at:
            segments.append({"text": clean(text[at:a]) if a - at > 2 else text[at:a]})
        mark = {"text": text[a:b], "mark": True}
        if cited is not None:
            mark.update(href=view.href(str(cited)), title=view.label(graph, cited))
        else:
            mark.update(title="unresolved")
        segments.append(mark)
        at = b
    if at < len(text):
        segments.append({"text": clean(text[at:])})
    return {"lang": lang, "segments": segments}


# ---- sections from named queries -----------------------------------------------


def _kind(uri: str, base: str) -> str:
    ref = parse(uri, base)
    return type(ref).__name__.lower() if ref is not None else ""


def _by_lang(values: list[Literal], langs: list[str]) -> list[dict]:
    """Texts in every language they come in, the reader's first."""
    order = {lang: i for i, lang in enumerate(langs)}
    seen, out = set(), []
    for v in sorted(values, key=lambda v: (order.get((v.language or "").split("-")[0], 99), v.language or "")):
        if (v.language, str(v)) in seen:
            continue
        seen.add((v.language, str(v)))
        out.append({"lang": v.language or "", "text": clean(str(v)),
                    "name": language.LANGUAGES.get(v.language or "", v.language or "")})
    return out


def outline(store: Store, uri: str, view: View, request: Request) -> dict | None:
    """The parts under ``uri`` in document order (offset, then numbers read as numbers), paged."""
    rows = run(store, "outline", view.settings, whole=URIRef(uri)).dicts()
    if not rows:
        return None
    parts: dict[str, dict] = {}
    for r in rows:
        p = str(r["part"])
        e = parts.setdefault(p, {"uri": p, "parent": str(r["parent"]), "texts": [], "titles": [], "start": None,
                                 "types": set()})
        if "text" in r:
            e["texts"].append(r["text"])
        if "title" in r:
            e["titles"].append(r["title"])
        if "start" in r:
            try:
                e["start"] = int(r["start"])
            except ValueError:
                pass
        if "type" in r:
            e["types"].add(str(r["type"]).rsplit("#", 1)[-1])
    cites: dict[str, list[str]] = defaultdict(list)
    for r in run(store, "outline-cites", view.settings, whole=URIRef(uri)).dicts():
        cites[str(r["part"])].append(str(r["cited"]))
    children = {e["parent"] for e in parts.values()}

    def depth(e: dict) -> int:
        d, seen = 0, set()
        while e["parent"] in parts and e["parent"] not in seen:
            seen.add(e["parent"])
            e = parts[e["parent"]]
            d += 1
        return d

    ordered = sorted(parts.values(), key=lambda e: (e["start"] is None, e["start"] or 0, natural_key(e["uri"])))
    page = paging(request, len(ordered), OUTLINE_PAGE, name="outline")
    items = []
    for e in ordered[page.first:page.first + page.size]:
        text = pick(e["texts"], view.langs)
        title = pick(e["titles"], view.langs)
        leaf = e["uri"] not in children
        body = clean(str(text)) if text is not None and leaf else ""
        items.append({
            "href": view.href(e["uri"]), "depth": min(depth(e), 6),
            "name": name_within(e["uri"], uri, view.base, view.langs) or e["uri"].rsplit("/", 1)[-1],
            "title": str(title) if title is not None else "",
            "text": body, "lang": (text.language or "") if text is not None else "",
            "cites": [{"href": view.href(c), "label": name_of(c, view.base, view.langs) or c.rsplit("/id/", 1)[-1],
                       "of": _instrument_code(c, view.base)} for c in sorted(set(cites.get(e["uri"], [])), key=natural_key)],
        })
    return {"items": items, "paging": page, "total": len(ordered)}


def _instrument_code(uri: str, base: str) -> str:
    ref = parse(uri, base)
    if ref is None:
        return ""
    inst = getattr(ref, "inst", None) or getattr(getattr(ref, "parent", None), "inst", None)
    return inst.upper() if inst else ""


def source_of(part: str, base: str) -> str:
    """The act or document a citing part belongs to, read from its identifier."""
    ref = parse(part, base)
    if ref is None:
        return part
    while isinstance(ref, ids.Part):
        ref = ref.parent
    return ids.mint(ref, base)


def cited_by(store: Store, uri: str, view: View, request: Request) -> dict | None:
    """Who cites ``uri`` (or its parts), grouped by body › session › year with counts; citers paged."""
    rows = run(store, "cited-by-context", view.settings, resource=URIRef(uri)).dicts()
    if not rows:
        return None
    labels = Graph()
    for named in sorted({r[k] for r in rows for k in ("body", "session") if k in r}):
        for r in run(store, "resource-labels", view.settings, resource=named).dicts():
            if str(r["p"]).endswith("altLabel"):
                continue
            labels.add((named, r["p"], r["label"]))
    citers: dict[str, dict] = {}
    for r in rows:
        source = source_of(str(r["part"]), view.base)
        e = citers.setdefault(source, {"parts": set(), "cited": set(), "body": r.get("body"),
                                       "session": r.get("session"), "year": None})
        e["parts"].add(str(r["part"]))
        e["cited"].add(str(r["cited"]))
        e["body"] = e["body"] or r.get("body")
        e["session"] = e["session"] or r.get("session")
        year = str(r.get("start") or r.get("date") or "")[:4]
        if year and (e["year"] is None or year < e["year"]):
            e["year"] = year
    groups: dict[tuple, dict] = {}
    for source, e in citers.items():
        body = e["body"]
        session = e["session"]
        key = (str(body or ""), str(session or ""), e["year"] or "")
        own = _instrument_code(source, view.base) if body is None else ""
        g = groups.setdefault(key, {
            "body": view.label(labels, body) if body is not None else (f"{own} (its own text)" if own else "—"),
            "body_href": view.href(str(body)) if body is not None else "",
            "session": (name_of(str(session), view.base, view.langs) or view.label(labels, session))
            if session is not None else "—",
            "session_href": view.href(str(session)) if session is not None else "",
            "year": e["year"] or "—", "sources": 0, "parts": 0})
        g["sources"] += 1
        g["parts"] += len(e["parts"])
    ordered = sorted(citers.items(), key=lambda kv: (kv[1]["year"] or "9999", natural_key(kv[0])))
    page = paging(request, len(ordered), CITATIONS_PAGE, name="citers")
    shown = []
    for source, e in ordered[page.first:page.first + page.size]:
        inst = _instrument_code(source, view.base) if isinstance(parse(source, view.base), ids.Provision) else ""
        shown.append({"href": view.href(source),
                      "name": ((inst + " ") if inst else "") + (name_of(source, view.base, view.langs) or source),
                      "year": e["year"] or "", "parts": [
                          {"href": view.href(p), "name": name_within(p, source, view.base, view.langs) or p}
                          for p in sorted(e["parts"], key=natural_key)][:12]})
    return {"groups": sorted(groups.values(), key=lambda g: (g["body"], g["year"], natural_key(g["session"]))),
            "years": by_year(citers, view),
            "total_sources": len(citers), "total_parts": sum(len(e["parts"]) for e in citers.values()),
            "citers": shown, "paging": page}


def by_year(citers: dict[str, dict], view: View) -> dict:
    """How the citations spread over the years of the citing acts: a bar chart and the same as rows.

    ``{"svg", "rows": [{year, sources, parts}], "undated": {sources, parts}}``; years
    without citations between the first and the last are rows (and bars) of zero.
    """
    sources: dict[int, int] = defaultdict(int)
    parts: dict[int, int] = defaultdict(int)
    undated = {"sources": 0, "parts": 0}
    for e in citers.values():
        year = e["year"]
        if year and year.isdigit():
            sources[int(year)] += 1
            parts[int(year)] += len(e["parts"])
        else:
            undated["sources"] += 1
            undated["parts"] += len(e["parts"])
    words = Words(language.page_language_of(view.langs))
    rows = [{"year": y, "sources": sources.get(y, 0), "parts": parts.get(y, 0)} for y in year_range(dict(parts))]
    return {"svg": year_bars(dict(parts), words.citations_by_year, words.passages.lower()) if rows else "",
            "rows": rows, "undated": undated}


def _labelled(rows: list[dict], key: str, view: View) -> dict[str, dict]:
    """Rows of a query returning one row a label, merged: ``{uri: {row..., "labels": [...]}}``."""
    out: dict[str, dict] = {}
    for r in rows:
        e = out.setdefault(str(r[key]), {**r, "labels": []})
        if "label" in r:
            e["labels"].append(r["label"])
    for e in out.values():
        chosen = pick(e["labels"], view.langs)
        e["name"] = str(chosen) if chosen is not None else (name_of(str(e[key]), view.base, view.langs) or str(e[key]))
    return out


def way_down(store: Store, uri: str, kind: str, types: set[str], view: View) -> dict | None:
    """The next step down from an instrument (bodies), a body (sessions) or a session (acts)."""
    s = view.settings
    if kind == "entity" and "Instrument" in types:
        bodies = _labelled(run(store, "instrument-bodies", s, instrument=URIRef(uri)).dicts(), "body", view)
        items = [{"href": view.href(b), "name": e["name"], "sessions": int(e.get("sessions", 0)),
                  "acts": int(e.get("acts", 0))} for b, e in bodies.items()]
        items.sort(key=lambda e: (-e["acts"], -e["sessions"], e["name"]))
        return {"kind": "bodies", "items": items} if items else None
    if kind == "body":
        sessions = _labelled(run(store, "body-sessions", s, body=URIRef(uri)).dicts(), "session", view)
        items = []
        for u, e in sessions.items():
            items.append({"href": view.href(u), "name": name_of(u, view.base, view.langs) or e["name"],
                          "label": e["name"], "place": str(e.get("place", "")),
                          "dates": "–".join(str(e[k]) for k in ("start", "end") if k in e),
                          "acts": int(e.get("acts", 0)), "sort": natural_key(u)})
        items.sort(key=lambda e: e["sort"])
        return {"kind": "sessions", "items": items} if items else None
    if kind == "session":
        acts: dict[str, dict] = {}
        for r in run(store, "session-acts", s, session=URIRef(uri)).dicts():
            e = acts.setdefault(str(r["act"]), {"titles": [], "number": str(r.get("number", ""))})
            if "title" in r:
                e["titles"].append(r["title"])
        items = [{"href": view.href(a), "name": name_of(a, view.base, view.langs) or a,
                  "title": str(pick(e["titles"], view.langs) or ""), "sort": natural_key(e["number"] or a)}
                 for a, e in acts.items()]
        items.sort(key=lambda e: e["sort"])
        return {"kind": "acts", "items": items} if items else None
    return None


def heading_facts(store: Store, uri: str, view: View) -> dict:
    """Body, session, place and dates for a heading, each label in the reader's language."""
    rows = run(store, "resource-heading", view.settings, resource=URIRef(uri)).dicts()
    facts: dict = {}
    body_labels, session_labels = [], []
    for r in rows:
        for k in ("body", "session", "place", "start", "date"):
            if k in r and k not in facts:
                facts[k] = r[k]
        if "body_label" in r:
            body_labels.append(r["body_label"])
        if "session_label" in r:
            session_labels.append(r["session_label"])
    if body_labels:
        facts["body_label"] = str(pick(body_labels, view.langs))
    if "session" in facts:
        facts["session_label"] = (str(pick(session_labels, view.langs)) if session_labels
                                  else name_of(str(facts["session"]), view.base, view.langs))
    return facts


def session_facts(store: Store, graph: Graph, uri: str, view: View) -> dict:
    """A session's heading: its body (from its identifier), its place and start date."""
    ref = parse(uri, view.base)
    body = URIRef(ids.mint(ids.Body(ref.inst, ref.body), view.base))
    names = [r["label"] for r in run(store, "resource-labels", view.settings, resource=body).dicts()
             if not str(r["p"]).endswith("altLabel")]
    facts = {"place": graph.value(URIRef(uri), TG.place), "start": graph.value(URIRef(uri), TG.startDate)}
    if names:
        facts["body_label"] = str(pick(names, view.langs))
    return {k: v for k, v in facts.items() if v is not None}


def resource_page(graph: Graph, uri: str, request: Request, settings: Settings,
                  store: Store | None = None) -> dict:
    """The template context of a resource page, from its (canonical) description and, with a
    ``store``, the sections of the named queries (outline, cited by, the way down)."""
    me = URIRef(uri)
    view = View(settings, language.preferences(request))
    base = view.base
    kind = _kind(uri, base)
    type_names = {str(t).rsplit("#", 1)[-1] for t in graph.objects(me, RDF.type)}
    types = [{"iri": str(t), "href": view.href(str(t)),
              "label": str(pick(graph.objects(t, RDFS.label), view.langs) or qname(graph, t))}
             for t in sorted(graph.objects(me, RDF.type))]
    incoming: dict[URIRef, list[Node]] = {}
    for s, p in graph.subject_predicates(me):
        # Citations have their own section; other blank nodes (memberships) show as nested tables.
        if p not in (CITO.hasCitedEntity, ELI.is_part_of):
            incoming.setdefault(p, []).append(s)
    formats = [{"label": FORMAT_LABELS.get(f.name, f.name), "media_type": f.media_type,
                "href": data_path(settings, uri, f)} for f in GRAPH_FORMATS]
    exports = [{"label": name, "href": "/export?" + urlencode({"root": uri, "depth": 1, "format": name})}
               for name in ("turtle", "nquads", "graphml", "csv")]
    rest = uri[len(base + "id/"):]
    name = view.label(graph, me)
    title = text_in(graph, me, DCTERMS.title, view.langs)
    context: dict = {}
    outline_ = cited = down = clauses = network = None
    if store is not None:
        outline_ = outline(store, uri, view, request)
        cited = cited_by(store, uri, view, request)
        down = way_down(store, uri, kind, type_names, view)
        if kind == "act":
            clauses = decisions.clauses(store, uri, view, request)
            network = decisions.network(store, uri, view, request)
        if kind in ("act", "part", "document"):
            context = heading_facts(store, uri, view)
        elif kind == "session":
            context = session_facts(store, graph, uri, view)
    head = heading(name, context, view.langs) if context else name
    if title is not None and str(title) != name and kind not in ("document",):
        subtitle = str(title)
    else:
        subtitle = ""
    texts = _by_lang(list(graph.objects(me, TG.text)), view.langs)
    if store is not None:
        add_citing_versions(store, graph, me, view)
    all_citations = citations(graph, me, view)
    cpage = paging(request, len(all_citations), CITATIONS_PAGE, name="cpage")
    return {
        "uri": uri,
        "local_uri": public_base(request) + "id/" + rest,
        "name": name,
        "heading": head,
        "subtitle": subtitle,
        "title_en": label_in(graph, me, "en") or display_label(graph, me, ["en"], base),
        "title_zh": label_in(graph, me, "zh") or "",
        "types": types,
        "crumbs": ancestors(graph, me, view),
        # A whole shows its outline, not its text again (a decision's text is all its paragraphs).
        "texts": [] if outline_ else texts,
        "outline": outline_,
        "cited_by": cited,
        "clauses": clauses,
        "network": network,
        "down": down,
        "props": property_rows(graph, me, view),
        "incoming": [{"name": qname(graph, p), "href": view.href(str(p)), "predicate": str(p),
                      "values": [value_of(graph, s, view)
                                 for s in sorted(subs, key=lambda n: natural_key(str(n)))[:VALUES_SHOWN]],
                      "more": max(0, len(subs) - VALUES_SHOWN)}
                     for p, subs in sorted(incoming.items(), key=lambda kv: qname(graph, kv[0]))],
        "citations": all_citations[cpage.first:cpage.first + cpage.size],
        "citations_total": len(all_citations),
        "citations_paging": cpage,
        "cites": cited_in_text(graph, me, view),
        "formats": formats,
        "exports": exports,
        "picture": "/pictures/neighbourhood.svg?" + urlencode({"uri": uri}),
        "truncated": getattr(graph, "truncated", False),
        "export_in": export_url(settings, uri, "in", 0, "csv"),
    }


@router.api_route("/page/{rest:path}", methods=["GET", "HEAD"], name="resource_page")
async def page(rest: str, request: Request) -> Response:
    """The HTML page of ``{base}id/{rest}``."""
    settings, store = get_settings(request), get_store(request)
    uri = canonical_uri(settings, rest)

    def gather() -> dict | None:
        graph = describe(store, uri, settings.queries_dir)
        if len(graph) == 0:
            return None
        return resource_page(graph, uri, request, settings, store)

    context = await run_in_threadpool(gather)
    if context is None:
        raise ApiError.not_found(f"no resource {uri} in the graph")
    body = render_text(request, "resource.html", page=context).encode("utf-8")
    headers = {**CORS_HEADERS, **page_headers(request), "Link": ", ".join(
        f'<{f["href"]}>; rel="alternate"; type="{f["media_type"]}"' for f in context["formats"])}
    response = cached_response(request, body, "text/html; charset=utf-8", "html", headers)
    if "Set-Cookie" in headers:
        response.headers["Cache-Control"] = "no-store"  # a cache would keep the page and drop the cookie
    return response


__all__ = ["router", "resource_page", "citations", "cited_in_text", "outline", "cited_by", "way_down"]
