"""The pictures (drawn by :mod:`treatygraph.pictures`) and the static files of ``http/static/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ... import pictures
from ...export.describe import describe
from ..deps import get_settings, get_store
from ..errors import ApiError
from ..linked_data import CORS_HEADERS, cached_response, href, resource_parameter

router = APIRouter()
_HTTP = Path(__file__).resolve().parent.parent

SVG = "image/svg+xml"


@router.api_route("/pictures/network.svg", methods=["GET", "HEAD"], name="network_svg")
async def network_picture(request: Request) -> Response:
    """The instrument network as SVG."""
    settings, store = get_settings(request), get_store(request)
    try:
        svg = await run_in_threadpool(pictures.network_svg, store, lambda u: href(settings, u),
                                      settings.queries_dir)
    except pictures.PictureError as e:
        raise ApiError.internal(str(e)) from e
    return cached_response(request, svg.encode("utf-8"), SVG, "svg", dict(CORS_HEADERS))


@router.api_route("/pictures/neighbourhood.svg", methods=["GET", "HEAD"], name="neighbourhood_svg")
async def neighbourhood_picture(request: Request, uri: str = "") -> Response:
    """The links around one resource (``uri``: canonical or this server's form) as SVG."""
    settings, store = get_settings(request), get_store(request)
    if not uri:
        raise ApiError.unprocessable("uri", "required: the resource whose neighbourhood to draw")
    uri = resource_parameter(settings, request, "uri", uri)
    graph = await run_in_threadpool(describe, store, uri, settings.queries_dir)
    if len(graph) == 0:
        raise ApiError.not_found(f"no resource {uri} in the graph")
    try:
        svg = await run_in_threadpool(pictures.neighbourhood_svg, graph, uri, lambda u: href(settings, u))
    except pictures.PictureError as e:
        raise ApiError.internal(str(e)) from e
    return cached_response(request, svg.encode("utf-8"), SVG, "svg", dict(CORS_HEADERS))


@router.api_route("/static/{name}", methods=["GET", "HEAD"], name="static")
async def static(name: str, request: Request) -> Response:
    """The pages' stylesheet (and any other file of ``http/static/``)."""
    path = _HTTP / "static" / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise ApiError.not_found(f"no static file {name!r}")
    media = {"css": "text/css; charset=utf-8", "svg": SVG}.get(path.suffix.lstrip("."), "application/octet-stream")
    return cached_response(request, path.read_bytes(), media, "static", {})

