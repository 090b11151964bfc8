"""Server-rendered HTML pages (Jinja2, no JavaScript), in the reader's language.

* ``/``                       what is in the graph (by instrument, body, kind), entry points, the network picture
* ``/search?q=``              a citation goes to what it cites; else names and passages, ranked, paged
* ``/page/{rest}``            one resource (``{base}id/{rest}``): heading, text, outline, cited by, the way down
* ``/query``                  named queries as forms, a SPARQL box, results as a table
* ``/ontology``               the ontology's classes and properties; RDF by conneg or suffix
* ``/pictures/network.svg``, ``/pictures/neighbourhood.svg?uri=``
* ``/static/{name}``

One module a page (``home``, ``search``, ``resource``, ``query``, ``ontology``,
``assets``); what they share: ``language`` (the reader's language and the
switch), ``labels`` (what a resource is called), ``text`` (markup, passages,
natural order), ``templating`` (rendering, cookie, headers), ``common``
(named queries, paging), ``errors`` (the styled error page).
"""

from __future__ import annotations

from fastapi import APIRouter

from . import assets, home, ontology, query, resource, search
from .labels import display_label, label_in
from .citing import citations
from .resource import resource_page
from .templating import render

router = APIRouter()
for _module in (home, search, resource, query, ontology, assets):
    router.routes.extend(_module.router.routes)  # flat: one router whose routes are the pages'

__all__ = ["router", "resource_page", "citations", "display_label", "label_in", "render"]
