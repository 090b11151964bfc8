"""The browser tools, served from the package so the site works with no internet.

* ``/api``: Swagger UI on ``/openapi.json``, every operation in the page, by tag
  (``templates/api_docs.html``);
* ``GET /sparql`` from a browser (Accept prefers HTML, no query): the YASGUI
  SPARQL editor, querying this endpoint (:func:`sparql_editor`, called by
  :mod:`treatygraph.http.sparql`; programs still get the service description);
* ``/static/vendor/{package}/{name}``: the vendored JavaScript and CSS of both,
  with their licences (``http/static/vendor/README.md`` lists versions and
  how to update them). Nothing is loaded from a CDN.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from .errors import ApiError
from .linked_data import HTML, cached_response
from .negotiation import GRAPH_FORMATS, NotAcceptable, media_types, negotiate

router = APIRouter()

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
#: The vendored files a page may load, by package folder.
VENDORED = {
    "swagger-ui": ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE",
                   "swagger-ui-bundle.js.LICENSE.txt"),
    "yasgui": ("yasgui.min.js", "yasgui.min.css", "LICENSE.txt"),
}
_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def vendor_url(package: str, name: str) -> str:
    return f"/static/vendor/{package}/{name}"


@lru_cache(maxsize=None)
def _vendored(package: str, name: str) -> bytes:
    return (VENDOR / package / name).read_bytes()


@router.api_route("/static/vendor/{package}/{name}", methods=["GET", "HEAD"], include_in_schema=False)
async def vendored(package: str, name: str, request: Request) -> Response:
    """A vendored library file (only those listed in :data:`VENDORED`)."""
    if name not in VENDORED.get(package, ()):
        raise ApiError.not_found(f"no vendored file {package}/{name}")
    media = _MEDIA.get(Path(name).suffix, "text/plain; charset=utf-8")
    return cached_response(request, _vendored(package, name), media, "static", {})


#: Swagger UI's settings on ``/api`` (``api_docs.html`` adds the presets and the plugin).
SWAGGER_UI_CONFIG = {
    "url": "/openapi.json", "dom_id": "#swagger-ui", "layout": "BaseLayout",
    "deepLinking": True,            # an operation's address: /api#/Named%20queries/query_cites_get
    "docExpansion": "list",         # every section open, each operation one line
    "showExtensions": True, "showCommonExtensions": True,
    "validatorUrl": None,           # no call to an online validator
}


@router.api_route("/api", methods=["GET", "HEAD"], include_in_schema=False)
async def api_docs() -> HTMLResponse:
    """Swagger UI for ``/openapi.json``, from the vendored files, listing every operation."""
    from .pages.templating import ENV

    body = ENV.get_template("api_docs.html").render(
        title="treatygraph API", config=SWAGGER_UI_CONFIG, favicon="/static/favicon.svg",
        js=vendor_url("swagger-ui", "swagger-ui-bundle.js"), css=vendor_url("swagger-ui", "swagger-ui.css"))
    return HTMLResponse(body)


def wants_editor(request: Request) -> bool:
    """Whether the client prefers a page to the service description (a browser does)."""
    try:
        chosen = negotiate(request.headers.get("accept"), media_types((*GRAPH_FORMATS, HTML)))
    except NotAcceptable:
        return False
    return chosen in HTML.media_types


def sparql_editor(request: Request) -> Response:
    """The SPARQL editor page (YASGUI) for this endpoint."""
    from .pages.query import DEFAULT_SPARQL
    from .pages.templating import page_headers, render_text

    body = render_text(
        request, "sparql_editor.html", endpoint=request.url.path, default_query=DEFAULT_SPARQL,
        js=vendor_url("yasgui", "yasgui.min.js"), css=vendor_url("yasgui", "yasgui.min.css"))
    return HTMLResponse(body, headers=page_headers(request))


__all__ = ["router", "sparql_editor", "wants_editor", "VENDORED"]
