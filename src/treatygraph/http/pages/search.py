"""``/search?q=``: a citation goes to what it cites; anything else searches names and text.

1. The query is read as a citation by the ingestion's grammars and resolver
   (:func:`treatygraph.search.read_citation`): one resource the store holds →
   ``303`` to its page; several (``Article 5`` of many instruments) → listed
   first. ``?text=1`` skips this step.
2. Names (labels, aliases, notations, titles, symbols) and the text of every
   part, in the full-text index of the store's build
   (:func:`treatygraph.search.index_for`), ranked, with the matching passage;
   passages are paged (``?page=N``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from ...registry import Registry
from ...search import index_for, read_citation
from ..deps import get_settings, get_store
from ..linked_data import canonical_base, href
from . import language
from .common import page_number, paging, run
from .labels import name_of, qualified_name
from .sections import source_of
from .templating import page_headers, render

router = APIRouter()
NAMES_SHOWN = 20
PASSAGES_PAGE = 20


def registry_of(request: Request) -> Registry:
    """The registry the ingestion resolves with (loaded once per app)."""
    registry = getattr(request.app.state, "registry", None)
    if registry is None:
        settings = get_settings(request)
        registry = request.app.state.registry = Registry.load(settings.registry_dir, settings.base)
    return registry


def _source_name(uri: str, base: str, langs: list[str]) -> str:
    """Where a part comes from, for a result line: its act or document."""
    source = source_of(uri, base)
    return name_of(source, base, langs) or source.rsplit("/id/", 1)[-1] if source != uri else ""


@router.api_route("/search", methods=["GET", "HEAD"], name="search")
async def search(request: Request, q: str = "", text: str = "") -> Response:
    """A citation's page, or names and passages matching ``q`` (any of the six languages)."""
    settings, store = get_settings(request), get_store(request)
    langs = language.preferences(request)
    base = canonical_base(settings)
    q = q.strip()
    context = {"query": q, "reading": None, "candidates": [], "names": [], "passages": [], "paging": None,
               "total": 0}
    if not q:
        return render(request, "search.html", **context)

    def exists(uri: str) -> bool:
        return bool(run(store, "resource-exists", settings, resource=URIRef(uri)).boolean)

    def gather():
        reading = None if text else read_citation(q, registry_of(request), exists, base)
        if reading is not None and len(reading.targets) == 1:
            return reading, None
        index = index_for(store, settings.queries_dir)
        names = index.names(q, NAMES_SHOWN)
        total, hits = index.passages(q, PASSAGES_PAGE, (page_number(request) - 1) * PASSAGES_PAGE)
        return reading, (names, total, hits)

    reading, found = await run_in_threadpool(gather)
    if found is None:
        target = href(settings, reading.targets[0])
        return RedirectResponse(target, status_code=303, headers=page_headers(request))
    names, total, hits = found
    if reading is not None:
        context["reading"] = {"quote": reading.quote, "kind": reading.kind}
        context["candidates"] = [{"href": href(settings, u), "name": qualified_name(u, base, langs) or u,
                                  "uri": u} for u in reading.targets]
    context["names"] = [{"href": href(settings, h.resource), "label": h.label, "lang": h.lang,
                         "name": qualified_name(h.resource, base, langs) or "", "uri": h.resource} for h in names]
    context["passages"] = [{"href": href(settings, h.part), "snippet": h.snippet_html, "lang": h.lang,
                            "name": qualified_name(h.part, base, langs) or h.part.rsplit("/id/", 1)[-1],
                            "source": _source_name(h.part, base, langs),
                            "source_href": href(settings, source_of(h.part, base))}
                           for h in hits]
    context["total"] = total
    context["paging"] = paging(request, total, PASSAGES_PAGE)
    return render(request, "search.html", **context)
