"""The whole graph as a download, and its VoID description.

* ``GET /dump``                 every statement, N-Quads, gzip-compressed (``application/gzip``, streamed)
* ``GET /dump?instrument=cbd``  the statements about one instrument's resources
* ``GET /.well-known/void``     the VoID description with real counts, as the build stored
  them in ``graph/void`` (Turtle, or another graph format by ``Accept``)

See :mod:`treatygraph.export.dump` and :mod:`treatygraph.void`.
"""

from __future__ import annotations

import queue
import threading
import traceback
from typing import AsyncIterator, Iterator

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from .. import identifiers as ids
from ..export.dump import MEDIA_TYPE, SUFFIX, dump_lines, gzip_chunks
from ..void import void_description
from .cors import CORS_HEADERS
from .deps import get_settings, get_store
from .errors import ApiError
from .linked_data import media_type_with_charset, public_base, serialize
from .negotiation import GRAPH_FORMATS, NotAcceptable, by_media_type, media_types, negotiate

router = APIRouter()


@router.api_route("/dump", methods=["GET", "HEAD"], name="dump")
async def dump(request: Request, instrument: str = Query(
        "", pattern=rf"^(?:{ids.CODE_PATTERN})?$", max_length=64,
        description="an instrument's code (cbd, paris, bbnj): only the statements about its resources")) -> Response:
    """Every statement of the graph (or of one instrument) as gzip-compressed N-Quads."""
    settings = get_settings(request)
    store = get_store(request)
    name = "treatygraph"
    if instrument:
        try:
            parsed = ids.parse_path(f"id/{instrument}")
        except ids.IdentifierError as e:
            raise ApiError.unprocessable("instrument", str(e)) from e
        if not isinstance(parsed, ids.Entity):
            raise ApiError.unprocessable("instrument", f"{instrument!r} is not an instrument code (e.g. cbd)")
        name += "-" + instrument
    # A file (application/gzip holding N-Quads), not Content-Encoding: saved as it comes, still compressed.
    headers = {**CORS_HEADERS, "Content-Disposition": f'attachment; filename="{name}.{SUFFIX}"',
               "Treatygraph-Content": MEDIA_TYPE}
    if request.method == "HEAD":
        return Response(status_code=200, media_type="application/gzip", headers=headers)
    chunks = gzip_chunks(dump_lines(store, instrument or None, settings.base))
    return StreamingResponse(in_one_thread(chunks), media_type="application/gzip", headers=headers)


#: Chunks a dump's thread may read ahead of the client.
READ_AHEAD = 4
_END, _WAIT = object(), object()


async def in_one_thread(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """``chunks`` read from first to last (or closed) by one thread of their own.

    An embedded store's iterators are bound to the thread that made them
    (pyoxigraph panics with "QuadIter is unsendable, but sent to another
    thread" when one is resumed elsewhere), while starlette's
    ``iterate_in_threadpool`` may run each step on another worker thread.
    When the client goes away, the thread stops within a chunk and closes
    the generator itself.
    """
    ready: queue.Queue = queue.Queue(READ_AHEAD)
    stop = threading.Event()

    def take():
        try:
            return ready.get(timeout=0.5)
        except queue.Empty:  # the pool's thread is never held longer when the response stops
            return _WAIT

    def offer(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not offer(chunk):
                    break
            else:
                offer(_END)
        except BaseException as e:  # noqa: BLE001 - handed to the response, which raises it
            traceback.clear_frames(e.__traceback__)  # the generator's locals stay in this thread
            offer(e)
        finally:
            chunks.close()  # type: ignore[attr-defined]

    worker = threading.Thread(target=produce, name="dump", daemon=True)
    worker.start()
    try:
        while True:
            item = await run_in_threadpool(take)
            if item is _WAIT:
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], name="void")
async def void(request: Request) -> Response:
    """The VoID description of the served graph, with the counts the build stored (computed when it stored none)."""
    settings = get_settings(request)
    store = get_store(request)
    try:
        fmt = by_media_type(negotiate(request.headers.get("accept"), media_types(GRAPH_FORMATS)))
    except NotAcceptable as e:
        raise ApiError.from_exception(e) from e
    graph = await run_in_threadpool(void_description, store, settings, public_base(request))
    body = serialize(graph, fmt)
    headers = {**CORS_HEADERS, "Vary": "Accept"}
    if request.method == "HEAD":
        return Response(status_code=200, media_type=media_type_with_charset(fmt), headers=headers)
    return Response(body, media_type=media_type_with_charset(fmt), headers=headers)
