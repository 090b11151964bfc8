"""What a decision page adds: its clauses and its place in the decision network.

* :func:`clauses` — per paragraph, each clause's verb (as the text words it),
  whom it addresses (linked) and what (the object's words, with links to what
  they name), from the named query ``clauses.rq``; paged by paragraph.
* :func:`network` — the decisions this decision cites and the later decisions
  citing it, each with the paragraph that cites, what is cited and how (the
  citation function, when the text says it), from ``decisions-cited.rq`` and
  ``decisions-citing.rq``.
"""

from __future__ import annotations

import re

from fastapi import Request
from rdflib import Literal, URIRef

from .common import paging, run
from .labels import name_of, name_within, pick
from .text import natural_key

#: Paragraphs (with their clauses) on one page.
CLAUSES_PAGE = 40
#: Rows of each half of the network on one page.
NETWORK_PAGE = 50


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def function_label(iri: str) -> str:
    """``cito:citesAsAuthority`` -> "cites as authority"; ``tg:amends`` -> "amends"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local(iri)).lower()


def clauses(store, uri: str, view, request: Request) -> dict | None:
    """``{"paragraphs": [{href, name, clauses: [{verb, addressees, object, names}]}], "paging", "total"}``."""
    lang = view.langs[0] if view.langs else "en"
    rows = run(store, "clauses", view.settings, act=URIRef(uri), lang=Literal(lang)).dicts()
    if not rows:
        return None
    names_of: dict[str, str] = {}

    def agent_name(a: str) -> str:
        """An addressee's label in the reader's language (one lookup per agent, however often addressed)."""
        if a not in names_of:
            found = [r["label"] for r in run(store, "resource-labels", view.settings, resource=URIRef(a)).dicts()
                     if not str(r["p"]).endswith("altLabel")]
            best = pick(found, view.langs)
            names_of[a] = str(best) if best is not None else (name_of(a, view.base, view.langs) or _local(a))
        return names_of[a]

    grouped: dict[str, list[dict]] = {}
    for r in rows:  # in text order (the query orders by offset)
        grouped.setdefault(str(r["paragraph"]), []).append(r)
    page = paging(request, len(grouped), CLAUSES_PAGE, name="clauses")
    shown = []
    for p in list(grouped)[page.first:page.first + page.size]:  # names looked up for the page shown only
        shown.append({"href": view.href(p), "name": name_within(p, uri, view.base, view.langs) or _local(p),
                      "clauses": [{
                          "verb": str(r.get("verbText") or function_label(str(r["verb"]))),
                          "verb_iri": str(r["verb"]),
                          "addressees": [{"href": view.href(a), "label": agent_name(a)}
                                         for a in str(r.get("addressees", "")).split()],
                          "object": str(r.get("object", "")),
                          "names": [{"href": view.href(n), "label": name_of(n, view.base, view.langs) or _local(n)}
                                    for n in sorted(set(str(r.get("objectNames", "")).split()), key=natural_key)],
                      } for r in grouped[p]]})
    return {"paragraphs": shown, "paging": page, "total": len(rows)}


def _network_half(rows: list[dict], other: str, uri: str, view, request: Request, name: str) -> dict:
    """One row per citing paragraph, act and function: the paragraphs cited together (a range, a
    list) are one row, named in one cell."""
    merged: dict[tuple, dict] = {}
    for r in rows:
        act, para, cited = str(r[other]), str(r["paragraph"]), str(r["cited"])
        function = function_label(str(r["function"])) if r.get("function") else ""
        e = merged.setdefault((act, para, function), {
            "act_href": view.href(act), "act": name_of(act, view.base, view.langs) or _local(act),
            "paragraph_href": view.href(para),
            "paragraph": name_within(para, uri if other == "citedAct" else act, view.base, view.langs) or _local(para),
            "function": function, "cue": str(r.get("cue", "")).strip(), "cited": {}, "quotes": [],
            "sort": (natural_key(act), natural_key(para))})
        whole = act if other == "citedAct" else uri
        if cited not in (act, uri):
            e["cited"][cited] = name_within(cited, whole, view.base, view.langs) or _local(cited)
        quote = str(r.get("quote", ""))
        if quote and quote not in e["quotes"]:
            e["quotes"].append(quote)
    items = sorted(merged.values(), key=lambda e: e["sort"])
    for e in items:
        e["cited"] = [{"href": view.href(c), "label": label} for c, label in sorted(e["cited"].items(),
                                                                                  key=lambda kv: natural_key(kv[0]))]
        e["quote"] = " · ".join(e["quotes"][:4]) + (" …" if len(e["quotes"]) > 4 else "")
    page = paging(request, len(items), NETWORK_PAGE, name=name)
    return {"items": items[page.first:page.first + page.size], "paging": page, "total": len(items),
            "acts": len({e["act"] for e in items})}


def network(store, uri: str, view, request: Request) -> dict | None:
    """``{"cites": half, "cited_by": half}`` (each ``{items, paging, total, acts}``); None when both are empty."""
    cited = run(store, "decisions-cited", view.settings, act=URIRef(uri)).dicts()
    citing = run(store, "decisions-citing", view.settings, act=URIRef(uri)).dicts()
    if not cited and not citing:
        return None
    return {"cites": _network_half(cited, "citedAct", uri, view, request, "cites"),
            "cited_by": _network_half(citing, "citingAct", uri, view, request, "citedby")}


__all__ = ["clauses", "network", "function_label", "CLAUSES_PAGE", "NETWORK_PAGE"]
