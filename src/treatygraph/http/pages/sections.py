"""The sections of a resource page that come from named queries (``queries/``), each list paged:
the outline of a whole, "cited by" grouped by body, session and year, the way down from an
instrument to its sessions, and the heading facts of an act, part or session."""

from __future__ import annotations

from collections import defaultdict

from fastapi import Request
from rdflib import Graph, Literal, URIRef

from ... import identifiers as ids
from ...namespaces import TG
from ...store.base import Store
from ...charts import year_bars, year_range
from . import language
from .messages import Words
from .common import paging, run
from .labels import name_of, name_within, parse, pick
from .text import clean, natural_key
from .view import View

#: Parts of an outline on one page; citers on one page.
OUTLINE_PAGE = 60
CITATIONS_PAGE = 25


def kind_of(uri: str, base: str) -> str:
    ref = parse(uri, base)
    return type(ref).__name__.lower() if ref is not None else ""


def texts_by_language(values: list[Literal], langs: list[str]) -> list[dict]:
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
