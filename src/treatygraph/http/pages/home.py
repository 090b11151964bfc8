"""``/``: what is in the graph (by instrument, body and kind), where to start, the network
picture and the search box."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ... import pictures
from ..deps import get_settings, get_store
from ..linked_data import canonical_base, href
from . import language
from .common import paging, run
from .labels import name_of, pick
from .templating import render

router = APIRouter()
#: Ingested documents listed on one page of the home page.
DOCUMENTS_PAGE = 30


def _merge_labels(rows: list[dict], key: str, langs: list[str], base: str) -> list[dict]:
    """One entry a resource from rows of one label each, named in the reader's language."""
    merged: dict[str, dict] = {}
    for r in rows:
        e = merged.setdefault(str(r[key]), {**{k: v for k, v in r.items() if k != "label"}, "labels": []})
        if "label" in r:
            e["labels"].append(r["label"])
    out = []
    for uri, e in merged.items():
        chosen = pick(e.pop("labels"), langs)
        e.update(uri=uri, name=str(chosen) if chosen is not None else (name_of(uri, base, langs) or uri))
        out.append(e)
    return out


@router.api_route("/", methods=["GET", "HEAD"], name="home")
async def home(request: Request) -> Response:
    """Counts by instrument, body and kind, entry points (documents paged), the network picture."""
    settings, store = get_settings(request), get_store(request)
    langs = language.preferences(request)
    base = canonical_base(settings)

    def gather():
        kinds = []
        for r in run(store, "class-counts", settings).dicts():
            labels = [v for k, v in r.items() if k in ("label_en", "label_zh")]
            chosen = pick(labels, langs)
            kinds.append({"href": href(settings, str(r["class"])), "count": int(r["count"]),
                          "name": str(chosen) if chosen is not None else str(r["class"]).rsplit("#", 1)[-1]})
        instruments = _merge_labels(run(store, "graph-summary", settings).dicts(), "instrument", langs, base)
        for e in instruments:
            e.update(href=href(settings, e["uri"]), provisions=int(e["provisions"]), acts=int(e["acts"]),
                     citations=int(e["citations"]))
        instruments = [e for e in instruments if e["provisions"] or e["acts"] or e["citations"]]
        instruments.sort(key=lambda e: (-(e["provisions"] + e["acts"] + e["citations"]), e["name"]))
        bodies = _merge_labels(run(store, "body-summary", settings).dicts(), "body", langs, base)
        for e in bodies:
            e.update(href=href(settings, e["uri"]), acts=int(e["acts"]),
                     instrument=name_of(str(e.get("instrument", "")), base, langs) or "")
        bodies.sort(key=lambda e: (-e["acts"], e["name"]))
        entries: dict[str, list[dict]] = {}
        for r in run(store, "entry-points", settings).dicts():
            uri = str(r["resource"])
            labels = [v for k, v in r.items() if k in ("label_en", "label_zh")]
            chosen = pick(labels, langs)
            entries.setdefault(str(r["kind"]), []).append({
                "href": href(settings, uri), "name": str(chosen) if chosen is not None else (name_of(uri, base, langs) or uri)})
        link = lambda u: href(settings, u)  # noqa: E731
        nodes, edges = pictures.network(store, settings.queries_dir)
        try:
            svg = pictures.network_svg_of(nodes, edges, link)
        except pictures.PictureError as e:
            svg = f'<p class="error">{escape(str(e))}</p>'
        return kinds, instruments, bodies, entries, svg, pictures.network_rows(nodes, edges, link)

    kinds, instruments, bodies, entries, svg, rows = await run_in_threadpool(gather)
    documents = entries.pop("document", [])
    docs_page = paging(request, len(documents), DOCUMENTS_PAGE, name="documents")
    return render(request, "home.html", counts=kinds, instruments=instruments, bodies=bodies, entries=entries,
                  documents=documents[docs_page.first:docs_page.first + docs_page.size], documents_paging=docs_page,
                  documents_total=len(documents), network_svg=svg, network_rows=rows)
