"""The citations of a resource on its page: the passage around each one, the version (language)
of the citing text it was found in, breadcrumbs, and what the resource itself cites in its text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ...namespaces import CITO, ELI, TG
from ...store.base import Store
from .common import run
from .text import clean, natural_key, passage
from .view import View


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
